"""tts.kokoro: a line is spoken phrase by phrase, cut at its sentence and clause boundaries and
joined with silences whose length depends on the emotion; the joins make no click."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from manju.audio import kokoro_voices as kv
from manju.audio.voices import VoiceSpec, emotion_adjust
from manju.backends import kokoro
from manju.backends.kokoro import SR, KokoroTTS
from manju.backends.kokoro_text import CLAUSE_PAUSE, SENTENCE_PAUSE, pause_after, phrases
from manju.doc.model import EMOTIONS
from manju.errors import BackendError
from manju.stages import voice as voice_stage

# ---------------------------------------------------------------- no packages needed


def test_phrases_cut_at_every_sentence_and_clause_and_keep_no_scraps():
    ph = "wˌɛn ðə stˈɔːɹm kˈeɪm, wiː ɹˈæn tə ðə bˈoʊt. nˈoʊbɑːdi lˈʊkt bˈæk; ðə mˈæn lˈæft ɐlˈoʊn!"
    assert phrases(ph) == ["wˌɛn ðə stˈɔːɹm kˈeɪm,", "wiː ɹˈæn tə ðə bˈoʊt.",
                           "nˈoʊbɑːdi lˈʊkt bˈæk;", "ðə mˈæn lˈæft ɐlˈoʊn!"]
    # a phrase of a word or two ("Yes,") is spoken with its neighbour
    assert phrases("jˈɛs, wiː ɹˈæn tə ðə bˈoʊt.") == ["jˈɛs, wiː ɹˈæn tə ðə bˈoʊt."]
    # a short phrase is spoken with its neighbour: three Chinese syllables, a list item
    assert phrases("ꭧʰwa↗nꭧa↓ŋ ʂwo→, wo↓mən mi↗ŋtʰjɛ→n ʨʰy↘ xai↓pjɛ→n.") == \
        ["ꭧʰwa↗nꭧa↓ŋ ʂwo→, wo↓mən mi↗ŋtʰjɛ→n ʨʰy↘ xai↓pjɛ→n."]
    assert phrases("ðə mˈɑːɹkɪt wʌz kɹˈaʊdᵻd wɪð ˈæpəlz, tʃˈiːz ænd hˈʌni.") == \
        ["ðə mˈɑːɹkɪt wʌz kɹˈaʊdᵻd wɪð ˈæpəlz, tʃˈiːz ænd hˈʌni."]
    assert phrases("") == [] and phrases("hˈɛloʊ") == ["hˈɛloʊ"]
    # a clause longer than the model takes is cut further at words
    long = " ".join(["bˈæk"] * 120) + "."
    assert all(len(p) <= 300 for p in phrases(long)) and len(phrases(long)) > 1


def test_pauses_follow_the_boundary_and_the_emotion():
    assert pause_after("bˈoʊt.") == SENTENCE_PAUSE and pause_after("kˈeɪm,") == CLAUSE_PAUSE
    assert pause_after("bˈoʊt?", 1.5, 0.5) == SENTENCE_PAUSE * 1.5
    assert pause_after("kˈeɪm—", 1.5, 0.5) == CLAUSE_PAUSE * 0.5
    assert pause_after("bˈæk") < CLAUSE_PAUSE  # a cut inside an over-long clause

    def pauses(emotion: str) -> tuple[float, float]:
        return kv.check_pauses(kv.emotion_delivery("af_heart", emotion) or {})

    assert pauses("neutral") == (1.0, 1.0)
    for emotion in EMOTIONS:
        s, c = pauses(emotion)
        assert 0.5 <= s <= 2.0 and 0.5 <= c <= 2.0, emotion
    # slower and longer when sad or whispered, quicker when angry or shouted
    for slow in ("sad", "whisper", "thought"):
        for quick in ("angry", "shout", "laugh"):
            assert min(pauses(slow)) > 1.0 > max(pauses(quick))
    s, c = pauses("scared")  # halting: breaks within sentences
    assert c > 1.3 and c > s


def test_bad_pauses_are_clear_errors():
    assert kv.check_pauses({}) == (1.0, 1.0)
    assert kv.check_pauses({"pauses": {"sentence": 2}}) == (2.0, 1.0)
    for bad, why in (({"pauses": {"clause": 9}}, "within"), ({"pauses": {"sentence": "long"}}, "number"),
                     ({"pauses": [1, 1]}, "dict")):
        with pytest.raises(ValueError, match=why):
            kv.check_pauses(bad)


def test_the_pauses_are_in_the_lines_cache_key():
    tts = KokoroTTS()
    v = dataclasses.asdict(emotion_adjust(VoiceSpec(engine="kokoro", voice="af_heart"), "sad"))
    d = tts.delivery(v, "sad", "Go. Now.")
    assert d is not None and d["pauses"] == {"sentence": 1.6, "clause": 1.5}
    key = voice_stage.line_key(tts, "Go. Now.", {**v, "delivery": d})
    other = {**d, "pauses": {"sentence": 1.0, "clause": 1.5}}
    assert voice_stage.line_key(tts, "Go. Now.", {**v, "delivery": other}) != key
    assert voice_stage.line_key(tts, "Go. Now.", {**v, "delivery": dict(d)}) == key


# ---------------------------------------------------------------- installed voices

@pytest.fixture(scope="module")
def tts():
    pytest.importorskip("kokoro_onnx")
    pytest.importorskip("misaki.transcription")
    if kokoro.missing():
        pytest.skip(f"the neural voices are not installed ({kokoro.missing()}; "
                    "bash scripts/install-kokoro.sh)")
    return KokoroTTS()


def _voice(name: str, emotion: str, tts: KokoroTTS, text: str, pitch: int = 50) -> dict:
    lang = "zh" if name.startswith("z") else "en"
    v = dataclasses.asdict(emotion_adjust(VoiceSpec(engine="kokoro", voice=name, lang=lang,
                                                    pitch=pitch), emotion))
    d = tts.delivery(v, emotion, text)
    return {**v, "delivery": d} if d else v


def seam_report(x: np.ndarray, seams: list[int], sr: int = SR) -> tuple[float, float]:
    """The largest sample-to-sample jump within 10 ms of any seam, as a fraction of the clip's
    peak, and the loudest 2 ms window there, in dB under the clip's loudest 2 ms window."""
    x = np.asarray(x, dtype=np.float64)
    jump = np.abs(np.diff(x))
    w = int(0.002 * sr)
    n = x.size // w
    rms = np.sqrt(np.mean(x[: n * w].reshape(n, w) ** 2, axis=1))
    near = int(0.01 * sr)
    worst_jump, worst_db = 0.0, -200.0
    for p in seams:
        a, b = max(0, p - near), min(x.size - 1, p + near)
        worst_jump = max(worst_jump, float(jump[a:b].max()) / float(np.abs(x).max()))
        level = float(rms[a // w: b // w + 1].max())
        worst_db = max(worst_db, 20 * np.log10(max(level, 1e-12) / float(rms.max())))
    return worst_jump, worst_db


def test_the_seam_check_finds_a_click():
    t = np.arange(int(0.3 * SR)) / SR
    tone = (0.5 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)
    cut = tone[: int(0.1 * SR) + 27]  # stops mid-cycle
    spliced = np.concatenate([cut, np.zeros(int(0.1 * SR), np.float32), tone])
    jump, db = seam_report(spliced, [cut.size, cut.size + int(0.1 * SR)])
    assert jump > 0.1 and db > -10


@pytest.mark.parametrize(("name", "emotion", "text", "pitch", "boundaries"), [
    # raised in pitch: the joined phrases are resampled too
    ("af_sky", "sad", "When the storm came, we ran to the boat. Nobody looked back.", 70, 2),
    ("zm_yunjian", "angry", "老船长对我们说，明天一早就出发。天黑以前，一定要翻过这座山。", 50, 3),
])
def test_phrases_join_without_clicks(tts, name, emotion, text, pitch, boundaries):
    spoken = tts.render(text, _voice(name, emotion, tts, text, pitch))
    assert len(spoken.pauses) == boundaries
    seams = [p for gap in spoken.pauses for p in gap]
    jump, db = seam_report(spoken.samples, seams)
    # at every seam the phrase has faded out (or not yet in): no step, nothing loud
    assert jump < 0.01 and db < -35, (jump, db)
    jump, db = seam_report(kokoro.level_clip(spoken.samples), seams)  # as synthesize returns it
    assert jump < 0.01 and db < -35, (jump, db)
    # the pauses are silent on the audio (the resampling leaves a trace under -60 dB)
    peak = np.abs(spoken.samples).max()
    for s, e in spoken.pauses:
        assert e - s > 0.05 * SR and np.abs(spoken.samples[s:e]).max() < 1e-3 * peak


def test_sad_pauses_are_longer_than_angry_ones_on_the_audio(tts):
    text = "I waited by the door, and nobody came. Then the lights went out."
    gaps = {}
    for emotion in ("sad", "neutral", "angry"):
        spoken = tts.render(text, _voice("am_michael", emotion, tts, text))
        x = spoken.samples
        quiet = []
        for s, e in spoken.pauses:  # the silent run around each pause, measured on the audio
            a, b = s, e
            level = np.abs(x).max() * 10 ** (-40 / 20)
            while a > 0 and abs(x[a - 1]) < level:
                a -= 1
            while b < x.size and abs(x[b]) < level:
                b += 1
            quiet.append((b - a) / SR)
        gaps[emotion] = quiet
    assert all(s > n > a for s, n, a in zip(gaps["sad"], gaps["neutral"], gaps["angry"],
                                            strict=True)), gaps


def test_a_bad_pause_in_a_delivery_is_a_clear_error(tts):
    v = {"voice": "af_heart", "lang": "en", "delivery": {"pauses": {"sentence": 40}}}
    with pytest.raises(BackendError, match="pause sentence"):
        tts.render("One. Two.", v)
