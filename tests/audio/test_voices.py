from manju.audio.voices import EMOTIONS, VoiceSpec, assign_voices, emotion_adjust

CAST = [
    ("hero", "male", "young"), ("heroine", "female", "young"), ("mentor", "male", "old"),
    ("villain", "male", "adult"), ("mother", "female", "adult"), ("kid", "female", "child"),
    ("granny", "female", "old"), ("stranger", "unknown", "adult"),
]


def test_assign_voices_distinct_and_deterministic():
    for lang in ("en", "zh"):
        v = assign_voices(CAST, lang)
        assert set(v) == {c[0] for c in CAST} | {"narrator"}
        keys = {(s.voice, s.pitch) for s in v.values()}
        assert len(keys) == len(v)
        assert v == assign_voices(CAST, lang)
        assert all(s.lang == lang for s in v.values())


def test_mandarin_uses_pinyin_voice():
    v = assign_voices(CAST, "zh")
    assert all(s.voice.startswith("cmn-latn-pinyin") for s in v.values())


def test_gender_matching():
    v = assign_voices(CAST, "en")
    assert v["heroine"].variant.startswith(("f", "A", "l", "b"))
    assert v["villain"].variant.startswith(("m", "k", "L", "e", "D"))
    assert v["kid"].pitch > v["mother"].pitch


def test_many_characters_still_get_voices():
    cast = [(f"c{i}", "male", "adult") for i in range(40)]
    v = assign_voices(cast, "en")
    assert len(v) == 41


def test_emotion_adjust():
    s = VoiceSpec(voice="en-us+f3", pitch=50, speed=165)
    assert emotion_adjust(s, "neutral") == s
    assert emotion_adjust(s, "sad").speed < s.speed
    assert emotion_adjust(s, "surprised").pitch > s.pitch
    assert emotion_adjust(s, "whisper").voice == "en-us+whisperf"
    assert emotion_adjust(s, "nonsense") == s
    for e in EMOTIONS:
        adj = emotion_adjust(s, e)
        assert 0 <= adj.pitch <= 99 and 80 <= adj.speed <= 400
