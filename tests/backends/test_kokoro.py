"""tts.kokoro: voice mapping and blends always; real synthesis only where the neural voices
are installed (``bash scripts/install-kokoro.sh``), skipped otherwise."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from manju.audio import kokoro_voices as kv
from manju.audio.voices import assign_voices, emotion_adjust
from manju.backends import kokoro
from manju.backends.kokoro import KokoroTTS, chunks
from manju.errors import BackendError

CAST = [("a", "male", "adult"), ("b", "female", "adult"), ("c", "male", "adult"),
        ("d", "female", "young"), ("e", "male", "old"), ("f", "male", "adult"),
        ("g", "female", "adult"), ("h", "male", "young"), ("i", "female", "child"),
        ("k", "female", "old")]


# ---------------------------------------------------------------- no packages needed

def test_blend_parsing():
    blend = kv.parse_blend("af_bella:0.6,am_adam:0.4")
    assert [n for n, _ in blend] == ["af_bella", "am_adam"]
    assert [w for _, w in blend] == pytest.approx([0.6, 0.4])
    assert kv.parse_blend("af_bella, am_adam") == [("af_bella", 0.5), ("am_adam", 0.5)]
    assert kv.parse_blend("af_heart") == [("af_heart", 1.0)]
    assert kv.parse_blend("af_bella:3,af_bella:1,am_adam:4") == [("af_bella", 0.5),
                                                                 ("am_adam", 0.5)]
    for bad in ("", "en-us+f3", "af_bella:-1", "af_bella:x", "af_bella:0", "AF_bella"):
        with pytest.raises(ValueError):
            kv.parse_blend(bad)
    assert kv.is_kokoro_voice("af_heart") and kv.is_kokoro_voice("af_bella:0.6,am_adam:0.4")
    assert not kv.is_kokoro_voice("en-us+f3") and not kv.is_kokoro_voice("cmn-latn-pinyin+m2")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_cast_espeak_voices_map_to_distinct_known_kokoro_voices(lang):
    known = kv.ENGLISH if lang == "en" else kv.MANDARIN
    cast = assign_voices(CAST, lang)
    mapped = {cid: kv.kokoro_voice(dataclasses.asdict(spec)) for cid, spec in cast.items()}
    assert len(set(mapped.values())) == len(mapped)  # one voice per character
    for v in mapped.values():
        assert all(name in known for name, _ in kv.parse_blend(v))
    if lang == "en":
        assert mapped["narrator"] == "bm_fable"
        assert kv.espeak_lang(mapped["narrator"]) == "en-gb"
    # a character keeps its voice whatever the emotion (whisper has voices of its own)
    for cid, spec in cast.items():
        for emotion in ("happy", "sad", "surprised", "shout"):
            adjusted = dataclasses.asdict(emotion_adjust(spec, emotion))
            assert kv.kokoro_voice(adjusted) == mapped[cid]


def test_kokoro_voice_names_pass_through_and_unknown_variants_are_stable():
    assert kv.kokoro_voice({"voice": "am_adam", "lang": "zh"}) == "am_adam"
    a = kv.kokoro_voice({"voice": "en-us+nosuchvariant", "lang": "en"})
    assert a == kv.kokoro_voice({"voice": "en-us+nosuchvariant", "lang": "en"}) and a in kv.ENGLISH
    assert kv.kokoro_voice({"voice": "en-us+f3"}, lang="zh") in kv.MANDARIN


def test_speed_and_pitch_fields():
    neutral = dataclasses.asdict(assign_voices([], "en")["narrator"]) | {"pitch": 50,
                                                                          "speed": 165}
    assert kv.speed_factor(neutral) == 1.0 and kv.pitch_semitones(neutral) == 0.0
    assert kv.speed_factor({"speed": 140}) < 1.0 < kv.speed_factor({"speed": 178})
    assert kv.speed_factor({"speed": 10}) == 0.6 and kv.speed_factor({"speed": 9999}) == 1.6
    assert kv.pitch_semitones({"pitch": 97}) == kv.MAX_SHIFT
    assert 0 < kv.pitch_semitones({"pitch": 64}) < kv.MAX_SHIFT
    assert kv.pitch_semitones({"pitch": 36}) < 0
    # Mandarin casts are 5 % slower in espeak words a minute: the same factor
    zh = dataclasses.asdict(assign_voices([("b", "female", "adult")], "zh")["b"])
    en = dataclasses.asdict(assign_voices([("b", "female", "adult")], "en")["b"])
    assert kv.speed_factor(zh) == pytest.approx(kv.speed_factor(en), abs=0.01)


def test_chunks_cut_long_text_at_boundaries_and_keep_no_scraps():
    short = "hˈɛloʊ ðɛɹ."
    assert chunks(short) == [short]
    sentence = "ðə kwˈaɪət hˈɑːɹbɚ wʌz fˈʊl ʌv bˈoʊts, ænd ðə ɡˈʌlz wɜː lˈaʊd."
    text = " ".join([sentence] * 12 + ["xau↓."])
    pieces = chunks(text, limit=150)
    assert len(pieces) > 1 and all(len(p) <= 150 for p in pieces)
    assert " ".join(pieces) == " ".join(text.split())
    assert all(len(p) >= 12 for p in pieces)  # "xau↓." (one syllable) joined to its neighbour
    assert pieces[-1].endswith("xau↓.") and len(pieces[-1]) > len("xau↓.")
    long_clause = ", ".join(["wˈʌn tˈuː θɹˈiː"] * 40) + "."
    assert all(len(p) <= 100 for p in chunks(long_clause, limit=100))


def test_missing_files_give_one_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("MANJU_KOKORO_VOICES", str(tmp_path))
    tts = KokoroTTS()  # constructing never fails: the registry lists it everywhere
    assert tts.config["voices"] is None
    with pytest.raises(BackendError, match=r"no Kokoro voice files .*install-kokoro\.sh"):
        tts.synthesize("Hello there.", {"voice": "af_heart"})
    (tmp_path / "af_heart.bin").write_bytes(np.zeros((510, 1, 256), "<f4").tobytes())
    monkeypatch.setenv("MANJU_KOKORO_MODEL", str(tmp_path / "missing.onnx"))
    tts = KokoroTTS()
    assert tts.config["model"] is None and tts.config["voices"]["count"] == 1
    with pytest.raises(BackendError, match="MANJU_KOKORO_MODEL"):
        tts.synthesize("Hello there.", {"voice": "af_heart"})
    assert "/" not in str(tts.config["voices"]) and str(tmp_path) not in str(tts.config)


def test_pinyin_to_kokoro_phonemes():
    pytest.importorskip("misaki.transcription")
    assert kokoro.py2ipa("hao3") == "xau↓" and kokoro.py2ipa("men5") == "mən"
    assert kokoro.py2ipa("chuan2") == "ꭧʰwa↗n" and kokoro.py2ipa("shi4") == "ʂɨ↘"
    assert kokoro.py2ipa("xx9") == ""


def test_silent_text_needs_no_model(monkeypatch, tmp_path):
    monkeypatch.setenv("MANJU_KOKORO_VOICES", str(tmp_path))
    x, sr = KokoroTTS().synthesize(" ... ", {"voice": "af_heart"})
    assert sr == 24000 and x.dtype == np.float32 and not x.any()


# ---------------------------------------------------------------- installed voices

@pytest.fixture(scope="module")
def tts():
    pytest.importorskip("kokoro_onnx")
    pytest.importorskip("misaki.transcription")
    if kokoro.model_identity() is None:
        pytest.skip("the Kokoro model is not installed (bash scripts/install-kokoro.sh)")
    backend = KokoroTTS()
    if backend.config["voices"] is None:
        pytest.skip("the Kokoro voices are not installed (bash scripts/install-kokoro.sh)")
    return backend


def _levels(x: np.ndarray) -> tuple[float, float]:
    hop = 240
    n = x.size // hop
    env = np.sqrt(np.mean(x[: n * hop].reshape(n, hop) ** 2, axis=1))
    voiced = env[env > env.max() * 0.03]
    return float(np.abs(x).max()), float(np.sqrt(np.mean(voiced**2)))


def test_english_line(tts):
    voice = dataclasses.asdict(assign_voices([("b", "female", "adult")], "en")["b"])
    x, sr = tts.synthesize("The lighthouse keeper climbed the stairs.", voice)
    assert sr == 24000 and x.dtype == np.float32 and x.ndim == 1
    assert 1.2 < x.size / sr < 4.5
    peak, rms = _levels(x)
    assert 0.3 < peak <= 1.0 and 0.03 < rms < 0.3
    assert np.abs(x[:24]).max() < 0.05 and np.abs(x[-24:]).max() < 0.05  # no click at the ends
    y, _ = tts.synthesize("The lighthouse keeper climbed the stairs.", voice)
    assert np.array_equal(x, y)


def test_release_unloads_the_model_and_the_next_line_is_the_same(tts):
    voice = dataclasses.asdict(assign_voices([("b", "female", "adult")], "en")["b"])
    x, _ = tts.synthesize("Tea is ready.", voice)
    assert kokoro._ENGINES
    tts.release()
    assert not kokoro._ENGINES
    y, _ = tts.synthesize("Tea is ready.", voice)
    assert np.array_equal(x, y) and kokoro._ENGINES


def test_more_threads_per_line_give_the_same_samples(tts):
    en = dataclasses.asdict(assign_voices([("b", "female", "adult")], "en")["b"])
    zh = dataclasses.asdict(assign_voices([("a", "male", "adult")], "zh")["a"])
    two = tts.with_threads(2)
    assert two.threads == 2 and two.config == tts.config and tts.threads == 1
    for text, voice in (("The road flooded, and the lamp went out.", en), ("我们明天去银行。", zh)):
        assert np.array_equal(two.synthesize(text, voice)[0], tts.synthesize(text, voice)[0])


def test_mandarin_line(tts):
    voice = dataclasses.asdict(assign_voices([("a", "male", "adult")], "zh")["a"])
    assert tts.voice_for(voice) in kv.MANDARIN
    ph = tts.phonemes("船长说，我们明天去银行。", voice)
    assert "↗" in ph and "↓" in ph and "," in ph  # tones and the clause survive
    x, sr = tts.synthesize("船长说，我们明天去银行。", voice)
    assert 1.0 < x.size / sr < 5.0
    peak, rms = _levels(x)
    assert 0.3 < peak <= 1.0 and 0.03 < rms < 0.3


def test_blends_and_unknown_voices(tts):
    a, _ = tts.synthesize("Good morning.", {"voice": "af_bella"})
    b, _ = tts.synthesize("Good morning.", {"voice": "af_bella:0.5,am_adam:0.5"})
    assert a.size and b.size and (a.size != b.size or not np.array_equal(a, b))
    with pytest.raises(BackendError, match="no voice 'af_nobody'"):
        tts.synthesize("Good morning.", {"voice": "af_nobody"})


# ---------------------------------------------------------------- casting with Kokoro voices

@pytest.mark.parametrize("lang", ["en", "zh"])
def test_kokoro_cast_is_native_distinct_and_matched(lang):
    from manju.audio.voices import _distance

    cast = assign_voices(CAST, lang, engine="kokoro")
    assert cast == assign_voices(CAST, lang, engine="kokoro")  # deterministic
    known = set(kv.ENGLISH if lang == "en" else kv.MANDARIN)
    for spec in cast.values():
        assert spec.engine == "kokoro" and kv.is_kokoro_voice(spec.voice)
        assert {n for n, _ in kv.parse_blend(spec.voice)} <= known
        assert kv.kokoro_voice(dataclasses.asdict(spec)) == spec.voice
    names = [s.voice for s in cast.values()]
    assert len(set(names)) == len(names)  # nobody shares a voice, the narrator included
    assert cast["narrator"].voice == ("bm_fable" if lang == "en" else "zm_yunyang")
    first = {cid: kv.parse_blend(s.voice)[0][0] for cid, s in cast.items()}
    gender = {cid: g for cid, g, _ in CAST}
    for cid, g in gender.items():
        if g == "male" and cid != "i":  # grown men get male voices
            assert first[cid][1] == "m", (cid, cast[cid])
        if g == "female":
            assert first[cid][1] == "f", (cid, cast[cid])
    # the old speak slower, the child higher than anyone
    assert cast["e"].speed < cast["a"].speed and cast["k"].speed < cast["b"].speed
    assert cast["i"].pitch == max(s.pitch for s in cast.values())
    # predicted profiles keep the first voices of each gender apart
    pal = kv.kokoro_palette()
    profs = [pal.profile(lang, s.voice, s.pitch) for s in cast.values()]
    close = sum(_distance(a, b) < 0.05 for i, a in enumerate(profs) for b in profs[i + 1:])
    assert close <= 2


def test_kokoro_voices_stand_in_espeak_voices_for_drafts():
    cast = assign_voices(CAST, "en", engine="kokoro")
    mapped = {cid: kv.espeak_voice(dataclasses.asdict(s)) for cid, s in cast.items()}
    assert mapped["narrator"]["voice"] == "en-gb+m7"
    assert all(m["engine"] == "espeak" and m["voice"].startswith(("en-us+", "en-gb+"))
               for m in mapped.values())
    assert len({m["voice"] for m in mapped.values()}) >= len(mapped) - 2
    zh = kv.espeak_voice({"engine": "kokoro", "voice": "zf_xiaoni", "lang": "zh"})
    assert zh["voice"].startswith("cmn-latn-pinyin+")
    same = {"engine": "espeak", "voice": "en-us+f3", "pitch": 50}
    assert kv.espeak_voice(same) == same


def test_default_speech_backend(monkeypatch):
    from manju import session

    monkeypatch.delenv("MANJU_TTS", raising=False)
    monkeypatch.setattr(kokoro, "missing", lambda: None)
    assert session.default_backend("tts") == ("kokoro", None)
    monkeypatch.setattr(kokoro, "missing", lambda: "the Kokoro model is not installed")
    name, notice = session.default_backend("tts")
    assert name == "espeak" and notice and "espeak-ng" in notice and "install-kokoro" in notice
    monkeypatch.setenv("MANJU_TTS", "fake")
    assert session.default_backend("tts") == ("fake", None)
    assert session.default_backend("music") == ("synth", None)


def test_missing_says_what_is_missing(monkeypatch, tmp_path):
    monkeypatch.setenv("MANJU_KOKORO_MODEL", str(tmp_path / "none.onnx"))
    assert "MANJU_KOKORO_MODEL" in (kokoro.missing() or "")
    (tmp_path / "m.onnx").write_bytes(b"x")
    monkeypatch.setenv("MANJU_KOKORO_MODEL", str(tmp_path / "m.onnx"))
    monkeypatch.setenv("MANJU_KOKORO_VOICES", str(tmp_path))
    if kokoro._package_dir("kokoro_onnx") is not None:
        assert "voice files" in (kokoro.missing() or "")


@pytest.mark.parametrize("lang,text", [
    ("en", "Why did you come back? I told you never to return here."),
    ("zh", "你为什么回来？我告诉过你，永远不要再回到这里。"),
])
def test_kokoro_cast_voices_sound_distinct(tts, lang, text):
    """Six characters and the narrator: every pair apart in median pitch or spectral centroid."""
    import itertools

    from manju.audio.analysis import voice_profile

    six = [("a", "male", "adult"), ("b", "female", "adult"), ("c", "male", "young"),
           ("d", "female", "young"), ("e", "male", "old"), ("f", "female", "child")]
    voices = assign_voices(six, lang, engine="kokoro")
    prof = {}
    for k, s in voices.items():
        x, sr = tts.synthesize(text, dataclasses.asdict(s))
        prof[k] = voice_profile(x, sr)
    for a, b in itertools.combinations(prof, 2):
        (fa, ca), (fb, cb) = prof[a], prof[b]
        assert max(fa, fb) / min(fa, fb) >= 1.05 or max(ca, cb) / min(ca, cb) >= 1.10, \
            (a, b, voices[a].voice, voices[b].voice, prof[a], prof[b])


def test_kokoro_cast_is_intelligible(tts):
    """30 English lines, narrator and seven characters (children and the old included), with
    emotions, read back by Whisper tiny.en: mean word error rate at most 0.10."""
    from manju.audio import intelligibility as intel

    try:
        asr = intel.load_recogniser()
    except ImportError as e:
        pytest.skip(f"the recogniser is not installed ({e.name}; part of the dev extra)")
    rows = intel.score(asr, intel.speak_cast(tts, intel.LINES[:30], workers=2))
    assert len({r["voice"]["voice"] for r in rows}) >= 6
    wer = float(np.mean([r["wer"] for r in rows]))
    assert wer <= 0.10, [(r["line"], r["heard"]) for r in rows if r["wer"] > 0.1]
