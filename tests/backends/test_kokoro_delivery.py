"""tts.kokoro: how an emotion changes a character's Kokoro voice (a small blend of the prosody
half of its style toward a voice chosen by measured delivery, the emotion's speed and pitch),
keyed into the line's cache key and recorded with its clip."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from manju.audio import kokoro_voices as kv
from manju.audio.voices import VoiceSpec, emotion_adjust
from manju.backends import kokoro
from manju.backends.kokoro import KokoroTTS
from manju.doc.model import EMOTIONS, Character, Line, Project, Voice
from manju.errors import BackendError
from manju.stages import voice as voice_stage

# ---------------------------------------------------------------- no packages needed


def test_every_emotion_has_a_deterministic_delivery_within_the_voice_group():
    for voice in (*kv.VOICES, "am_michael:0.5,am_fenrir:0.5", "zf_xiaoxiao:0.5,zf_xiaobei:0.5"):
        own = {n for n, _ in kv.parse_blend(voice)}
        assert kv.emotion_delivery(voice, "neutral") is None
        for emotion in EMOTIONS:
            d = kv.emotion_delivery(voice, emotion)
            assert d == kv.emotion_delivery(voice, emotion)  # deterministic
            if d is None:
                continue
            assert d["emotion"] == emotion
            assert 0.0 <= d["prosody"] <= 0.3 and 0.0 <= d["timbre"] <= 0.2
            assert 0.9 <= d["speed"] <= 1.1
            if d["toward"]:
                main = max(kv.parse_blend(voice), key=lambda p: p[1])[0]
                assert d["toward"][:2] == main[:2]  # same accent (or language) and gender
                assert d["toward"] not in own


def test_directions_follow_the_measured_profiles():
    # the blend goes where the emotion points: livelier, more forceful, more subdued, breathier
    for voice in ("af_heart", "am_michael", "bm_george", "zf_xiaoxiao", "zm_yunjian"):
        group = kv._group(voice)
        for emotion, (direction, *_rest) in kv._EMOTION_DELIVERY.items():
            d = kv.emotion_delivery(voice, emotion)
            scores = kv._scores(group, direction)
            if d and d["toward"]:
                assert scores[d["toward"]] > scores[voice]
                assert scores[d["toward"]] == max(scores.values())
            else:
                assert scores[voice] == max(scores.values())
    # the breathiest woman of the American voices is the measured one
    whisper = kv.emotion_delivery("af_heart", "whisper")
    assert whisper is not None and whisper["timbre"] > 0
    assert whisper["toward"] == min(kv._group("af_heart"),
                                    key=lambda v: kv._DELIVERY_PROFILES[v][2])


def test_bad_deliveries_are_clear_errors():
    assert kv.check_delivery({}) == ("", 0.0, 0.0, 1.0)
    assert kv.check_delivery({"toward": "af_nicole", "prosody": 0.2, "timbre": 0.1,
                              "speed": 0.9}) == ("af_nicole", 0.2, 0.1, 0.9)
    for bad, why in (({"toward": "en-us+f3"}, "not a Kokoro voice"),
                     ({"prosody": 0.9}, "within"), ({"speed": "fast"}, "not a number"),
                     ({"timbre": -0.1}, "within")):
        with pytest.raises(ValueError, match=why):
            kv.check_delivery(bad)
    with pytest.raises(ValueError, match="dict"):
        kv.check_delivery("af_nicole")  # type: ignore[arg-type]


def test_the_setting_turns_delivery_off(monkeypatch):
    voice = {"engine": "kokoro", "voice": "af_heart", "lang": "en"}
    on = KokoroTTS()
    assert on.config["emotion_delivery"] is True
    assert on.delivery(voice, "sad", "Hello.") == kv.emotion_delivery("af_heart", "sad")
    off = KokoroTTS(emotion_delivery=False)
    assert off.config["emotion_delivery"] is False and off.delivery(voice, "sad") is None
    monkeypatch.setenv("MANJU_KOKORO_EMOTION", "off")
    assert KokoroTTS().delivery(voice, "sad") is None
    assert KokoroTTS(emotion_delivery=True).delivery(voice, "sad") is not None
    monkeypatch.setenv("MANJU_KOKORO_EMOTION", "loud")
    with pytest.raises(BackendError, match="MANJU_KOKORO_EMOTION"):
        KokoroTTS()


def _project() -> Project:
    return Project(
        characters=[Character(id="mara", name="Mara", gender="female",
                              voice=Voice(engine="kokoro", voice="af_heart", pitch=50, speed=165)),
                    Character(id="tom", name="Tom", gender="male",
                              voice=Voice(engine="kokoro", voice="am_michael", pitch=50, speed=165))],
        narrator_voice=Voice(engine="kokoro", voice="bm_fable", pitch=46, speed=155))


def test_the_cache_key_changes_only_for_the_line_whose_emotion_changed():
    p, tts = _project(), KokoroTTS()
    lines = [Line(id="l1", kind="dialogue", text="Where were you?", speaker="mara"),
             Line(id="l2", kind="dialogue", text="Out at the harbour.", speaker="tom",
                  emotion="sad"),
             Line(id="l3", kind="dialogue", text="Get out!", speaker="mara", emotion="angry"),
             Line(id="l4", kind="narration", text="The wind rose.", emotion="angry")]

    def keys() -> dict[str, str]:
        return {ln.id: voice_stage.line_key(tts, ln.text, voice_stage.line_voice(p, ln, tts))
                for ln in lines}

    before = keys()
    assert len(set(before.values())) == 4
    v1, v2, v4 = (voice_stage.line_voice(p, lines[i], tts) for i in (0, 1, 3))
    assert "delivery" not in v1 and "delivery" not in v4  # neutral; narration has no emotion
    assert v2["delivery"] == kv.emotion_delivery("am_michael", "sad")
    lines[1].emotion = "happy"
    after = keys()
    assert {k for k in after if after[k] != before[k]} == {"l2"}
    lines[1].emotion = "sad"
    assert keys() == before
    # without a backend that delivers emotions the voice dict is what it always was
    plain = voice_stage.line_voice(p, lines[1])
    assert "delivery" not in plain and plain == dataclasses.asdict(
        emotion_adjust(voice_stage.voice_spec(p.character("tom").voice), "sad"))


# ---------------------------------------------------------------- installed voices

@pytest.fixture(scope="module")
def tts():
    pytest.importorskip("kokoro_onnx")
    pytest.importorskip("misaki.transcription")
    if kokoro.missing():
        pytest.skip(f"the neural voices are not installed ({kokoro.missing()}; "
                    "bash scripts/install-kokoro.sh)")
    return KokoroTTS()


def _voice(name: str, emotion: str, tts: KokoroTTS, text: str = "") -> dict:
    v = dataclasses.asdict(emotion_adjust(VoiceSpec(engine="kokoro", voice=name), emotion))
    d = tts.delivery(v, emotion, text)
    return {**v, "delivery": d} if d else v


def test_the_blend_moves_only_the_prosody_half(tts):
    plain, _ = tts.style({"voice": "af_heart"})
    sad = _voice("af_heart", "sad", tts)
    d = sad["delivery"]
    style, speed = tts.style(sad)
    other, _ = tts.style({"voice": d["toward"]})
    k = kv.STYLE_SPLIT
    assert np.array_equal(style[:, :k], plain[:, :k])  # timbre kept
    assert np.allclose(style[:, k:], (1 - d["prosody"]) * plain[:, k:] + d["prosody"] * other[:, k:],
                       atol=1e-6)
    assert speed == 1.0
    whisper, _ = tts.style(_voice("af_heart", "whisper", tts))
    assert not np.array_equal(whisper[:, :k], plain[:, :k])  # a whisper is breathier too


def test_emotions_change_speed_and_delivery_deterministically(tts):
    text = "Nobody in the village had seen the old ship."
    n, sr = tts.synthesize(text, _voice("am_michael", "neutral", tts))
    sad, _ = tts.synthesize(text, _voice("am_michael", "sad", tts))
    angry, _ = tts.synthesize(text, _voice("am_michael", "angry", tts))
    again, _ = tts.synthesize(text, _voice("am_michael", "angry", tts))
    assert np.array_equal(angry, again)
    assert sad.size > n.size * 1.08 and angry.size < n.size * 0.97
    for x in (n, sad, angry):
        assert np.abs(x).max() <= 10 ** (-2 / 20) + 1e-6  # no clipping: the -2 dBFS ceiling
    # a delivery only: the same speed and pitch, another sound
    undelivered = {k: v for k, v in _voice("am_michael", "angry", tts).items() if k != "delivery"}
    plain, _ = tts.synthesize(text, undelivered)
    assert plain.size != angry.size or not np.array_equal(plain, angry)


def test_emotions_stay_as_intelligible_as_neutral(tts):
    """Two lines, two voices: the breathy and the forceful delivery's word error rate at most
    neutral's + 0.1 (bench/voices_delivery.py measures every emotion)."""
    from manju.audio import intelligibility as intel

    try:
        asr = intel.load_recogniser()
    except ImportError as e:
        pytest.skip(f"the recogniser is not installed ({e.name}; part of the dev extra)")
    cases = [("af_heart", intel.LINES[3], ("neutral", "whisper")),
             ("am_michael", intel.LINES[11], ("neutral", "angry"))]
    for name, text, emotions in cases:
        wer = {}
        for emotion in emotions:
            x, sr = tts.synthesize(text, _voice(name, emotion, tts, text))
            heard = intel.transcribe(asr, x, sr)
            wer[emotion] = intel.edits(intel.words(text), intel.words(heard)) / len(intel.words(text))
        assert all(w <= wer["neutral"] + 0.1 for w in wer.values()), (name, wer)


def test_the_voice_stage_records_the_delivery_and_revoices_only_that_line(tmp_path):
    """The stage's plumbing, with a fake backend that delivers emotions as tts.kokoro does."""
    from manju.backends.fakes import FakeTTS
    from manju.doc.model import Episode, Scene
    from manju.stages.context import Context

    class DeliveringTTS(FakeTTS):
        def delivery(self, voice, emotion, text=""):
            return kv.emotion_delivery(str(voice["voice"]), emotion)

    p = _project()
    p.episodes = [Episode(id="e1", title="One", scenes=[Scene(id="s1", heading="Harbour", lines=[
        Line(id="l1", kind="dialogue", text="Where were you?", speaker="mara"),
        Line(id="l2", kind="dialogue", text="Out at the harbour.", speaker="tom", emotion="sad"),
    ])])]
    p.place(tmp_path)
    ctx = Context.for_output(tmp_path)
    tts = DeliveringTTS()
    voice_stage.voice(p, ctx, tts)
    l1, l2 = p.lines()
    assert l1.audio is not None and l2.audio is not None
    assert "delivery" not in l1.audio.config["voice"]
    assert l2.audio.config["voice"]["delivery"] == kv.emotion_delivery("am_michael", "sad")
    first = {ln.id: ln.audio.path for ln in p.lines() if ln.audio}
    calls = tts.calls
    l2.emotion = "angry"
    voice_stage.voice(p, ctx, tts)
    assert tts.calls == calls + 1  # only the changed line is voiced again
    assert l1.audio.path == first["l1"] and l2.audio.path != first["l2"]
    assert l2.audio.config["voice"]["delivery"]["emotion"] == "angry"
