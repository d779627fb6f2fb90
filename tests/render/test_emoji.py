import numpy as np
import pytest

from manju.render import fonts
from manju.render.emoji import split_emoji, strip_emoji
from manju.render.lettering import letter, lettered_text
from manju.render.linebreak import tokens


def _saturated(arr: np.ndarray) -> int:
    """Opaque pixels with a strong colour (balloon paper and ink are grey)."""
    rgb = arr[..., :3].astype(int)
    hi, lo = rgb.max(axis=-1), rgb.min(axis=-1)
    return int(((arr[..., 3] > 200) & (hi > 80) & (hi - lo > 0.5 * hi)).sum())


@pytest.mark.skipif(fonts.emoji_typeface() is None, reason="no colour emoji font installed")
def test_emoji_are_lettered_in_colour():
    with_emoji = letter("I love it 😀🎉", "en", "speech", 540, 960)
    plain = letter("I love it", "en", "speech", 540, 960)
    assert _saturated(plain.image.toarray()) == 0
    arr = with_emoji.image.toarray()
    # Two colour glyphs about the size of a letter each, not hollow boxes of ink.
    assert _saturated(arr) > 150
    right = arr[:, arr.shape[1] // 2:]
    assert _saturated(right) > 150  # where the emoji sit, after the words
    assert with_emoji.width > plain.width


@pytest.mark.skipif(fonts.emoji_typeface() is None, reason="no colour emoji font installed")
def test_emoji_in_chinese_text_are_measured_and_coloured():
    b = letter("你好😀，我们走吧！", "zh", "speech", 540, 960)
    assert _saturated(b.image.toarray()) > 100


def test_without_an_emoji_font_emoji_are_dropped(monkeypatch):
    monkeypatch.setattr(fonts, "emoji_typeface", lambda: None)
    assert lettered_text("I love it 😀🎉") == "I love it"
    assert lettered_text("你好😀，朋友") == "你好，朋友"
    assert lettered_text("🎉") == "…"  # a balloon is never empty
    a = letter("I love it 😀🎉", "en", "speech", 540, 960).image.toarray()
    b = letter("I love it", "en", "speech", 540, 960).image.toarray()
    assert np.array_equal(a, b)


def test_strip_and_split_keep_clusters_whole():
    assert strip_emoji("Great 👍🏽 job ❤️ 1️⃣ 🇨🇳!") == "Great job !"
    assert strip_emoji("family 👨‍👩‍👧 here") == "family here"
    # Text-default symbols and plain digits are text, not emoji.
    assert strip_emoji("© ★ ♪ #1 and 42") == "© ★ ♪ #1 and 42"
    assert split_emoji("a👋🏻b") == [("a", False), ("👋🏻", True), ("b", False)]
    assert "👨‍👩‍👧，" in tokens("你好👨‍👩‍👧，朋友")  # not broken inside, comma glued on
