"""Synthesized sound effects, their keywords, and mixing them under the -14 LUFS master."""

import numpy as np
import pytest

from manju.audio.loudness import integrated_lufs, true_peak_dbtp
from manju.audio.mix import Clip, mix
from manju.audio.sfx import (
    EFFECTS,
    LOOPS,
    REF_LUFS,
    ambience,
    cues_from_text,
    effect,
    sfx_for_lines,
)

SR = 48000


@pytest.mark.parametrize("name", EFFECTS)
def test_effects_are_deterministic_and_levelled(name):
    x = effect(name, SR, seed=3)
    assert x.dtype == np.float32 and np.isfinite(x).all()
    assert np.array_equal(x, effect(name, SR, seed=3))
    assert not np.array_equal(x, effect(name, SR, seed=4))
    assert x.ndim == (2 if name in LOOPS else 1)
    assert 0.3 < x.shape[0] / SR < 10
    assert np.abs(x).max() <= 0.9
    assert REF_LUFS - 9 < integrated_lufs(x, SR) <= REF_LUFS + 0.5


@pytest.mark.parametrize("name", LOOPS)
def test_ambience_loops_seamlessly(name):
    loop = effect(name, SR)
    wrap = np.concatenate([loop[-2000:], loop[:2000]])
    step = np.abs(np.diff(wrap, axis=0)).max()
    assert step < 4 * np.abs(np.diff(loop, axis=0)).max() / 2 + 1e-6
    bed = ambience(name, 12.34, SR)
    assert bed.shape == (int(round(12.34 * SR)), 2)
    assert abs(bed[0]).max() < 1e-3 and abs(bed[-1]).max() < 1e-3  # faded ends


@pytest.mark.parametrize("text, lang, expected", [
    ("Someone knocked at the door.", "en", ["knock"]),
    ("The door slammed behind him.", "en", ["slam"]),
    ("Footsteps echoed in the hall.", "en", ["footsteps"]),
    ("Rain hammered the roof and thunder rolled.", "en", ["rain", "thunder"]),
    ("The wind howled.", "en", ["wind"]),
    ("He drew his sword.", "en", ["sword_draw"]),
    ("Their swords clashed.", "en", ["sword_clash"]),
    ("The crowd murmured when the horn sounded.", "en", ["crowd", "horn"]),
    ("She trained her brain on the rainbow.", "en", []),
    ("有人敲门。", "zh", ["knock"]), ("他砰的一声关门走了。", "zh", ["slam"]),
    ("脚步声近了。", "zh", ["footsteps"]), ("外面下着雨，雷声滚滚。", "zh", ["rain", "thunder"]),
    ("狂风呼啸。", "zh", ["wind"]), ("他拔出长剑。", "zh", ["sword_draw"]),
    ("两剑相交。", "zh", ["sword_clash"]), ("人群骚动，号角响起。", "zh", ["crowd", "horn"]),
])
def test_cues_from_text(text, lang, expected):
    cues = cues_from_text(text, lang)
    assert [c for c, _ in cues] == expected
    for _name, off in cues:
        assert 0 <= off < len(text)


def test_sfx_for_lines_maps_lines_without_repeating():
    lines = [("It began to rain.", "en"), ("Rain, rain everywhere.", "en"), ("Knock knock.", "en"),
             ("Nothing.", "en"), ("Nothing.", "en"), ("Nothing.", "en"), ("The rain again.", "en"),
             ("有人敲门。", "zh")]
    assert sfx_for_lines(lines) == [(0, "rain"), (2, "knock"), (6, "rain"), (7, "knock")]


def test_mix_with_effects_keeps_loudness_and_peak():
    rng = np.random.default_rng(0)
    t = np.arange(int(1.5 * 24000)) / 24000
    speech = (0.4 * np.sin(2 * np.pi * 180 * t) * (rng.random(t.size) * 0.3 + 0.7)).astype(np.float32)
    voices = [Clip(0.5, speech), Clip(3.0, speech)]
    fx = [Clip(0.0, ambience("rain", 6.0, SR), SR, gain_db=-15), Clip(2.0, effect("thunder", SR), SR),
          Clip(3.0, effect("knock", SR), SR, gain_db=-3)]
    out = mix(voices, 6.0, sr=SR, effects=fx)
    assert abs(integrated_lufs(out, SR) + 14) < 0.5 and true_peak_dbtp(out, SR) <= -1.0
    dry = mix(voices, 6.0, sr=SR)
    assert np.abs(out[int(0.1 * SR):int(0.4 * SR)]).max() > 0.01  # the rain bed before speech
    assert np.abs(dry[int(0.1 * SR):int(0.4 * SR)]).max() < 1e-4
