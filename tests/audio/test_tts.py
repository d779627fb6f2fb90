import itertools

import numpy as np
import pytest

from manju.audio.analysis import voice_profile
from manju.audio.tts import SR, TTSError, synthesize
from manju.audio.voices import VoiceSpec, assign_voices

from .marks import needs_espeak

CAST = [
    ("hero", "male", "young"), ("heroine", "female", "young"), ("mentor", "male", "old"),
    ("villain", "male", "adult"), ("mother", "female", "adult"), ("kid", "female", "child"),
    ("granny", "female", "old"),
]


@needs_espeak
def test_english_speech():
    x = synthesize("Hello there, how are you today?", VoiceSpec())
    assert x.dtype == np.float32 and x.ndim == 1
    assert 0.8 < x.size / SR < 4.0
    assert np.isclose(np.abs(x).max(), 10 ** (-3 / 20), atol=0.01)
    # trimmed: little silence at the ends
    edge = int(0.1 * SR)
    assert np.abs(x[:edge]).max() > 0.01 or np.abs(x[edge : 2 * edge]).max() > 0.05


@needs_espeak
def test_mandarin_hanzi_speech():
    spec = VoiceSpec(voice="cmn-latn-pinyin", lang="zh")
    short = synthesize("你好，世界", spec)
    long = synthesize("他走进房间，看见一个老人坐在窗边。你怎么来了？", spec)
    assert 0.8 < short.size / SR < 3.0  # four syllables
    assert long.size > 2.5 * short.size
    assert np.isfinite(long).all()


@needs_espeak
def test_punctuation_only_is_short_silence():
    for text in ("", "...", "！？", "  "):
        x = synthesize(text, VoiceSpec())
        assert x.size <= SR // 2 and not np.any(x)


@needs_espeak
def test_bad_voice_raises():
    with pytest.raises(TTSError):
        synthesize("hello", VoiceSpec(voice="no-such-voice+zz"))


@needs_espeak
@pytest.mark.parametrize("lang,text", [
    ("en", "Why did you come back? I told you never to return here."),
    ("zh", "你为什么回来？我告诉过你，永远不要再回到这里。"),
])
def test_cast_voices_are_distinct(lang, text):
    voices = assign_voices(CAST, lang)
    prof = {k: voice_profile(synthesize(text, s), SR) for k, s in voices.items()}
    for a, b in itertools.combinations(prof, 2):
        (fa, ca), (fb, cb) = prof[a], prof[b]
        df = max(fa, fb) / min(fa, fb)
        dc = max(ca, cb) / min(ca, cb)
        assert df >= 1.05 or dc >= 1.10, (a, b, prof[a], prof[b])
