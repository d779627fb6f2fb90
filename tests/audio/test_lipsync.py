import numpy as np

from manju.audio.lipsync import mouth_track
from manju.audio.tts import SR, synthesize
from manju.audio.voices import VoiceSpec

from .marks import needs_espeak


def _runs(track):
    runs, prev, k = [], None, 0
    for s in track:
        if s == prev:
            k += 1
        else:
            if prev is not None:
                runs.append(k)
            prev, k = s, 1
    runs.append(k)
    return runs


def test_silence_is_closed():
    assert mouth_track(np.zeros(SR), SR, 24) == ["closed"] * 24


def test_length_matches_frames():
    assert len(mouth_track(np.zeros(SR + 1), SR, 25)) == 26
    assert mouth_track(np.zeros(0), SR, 25) == []


def test_synthetic_syllables_open_and_close():
    t = np.arange(2 * SR) / SR
    env = (np.sin(2 * np.pi * 3 * t) > 0).astype(float)  # 3 syllables per second
    x = 0.5 * np.sin(2 * np.pi * 200 * t) * env
    track = mouth_track(x, SR, 30)
    assert "closed" in track and ({"open", "wide"} & set(track))
    assert min(_runs(track)) >= 2


@needs_espeak
def test_speech_opens_mouth_silence_closes():
    speech = synthesize("Hello there, my good friend. How have you been?", VoiceSpec())
    x = np.concatenate([np.zeros(SR), speech, np.zeros(SR)])
    track = mouth_track(x, SR, 24)
    assert set(track[:20]) == {"closed"} and set(track[-20:]) == {"closed"}
    middle = track[24 : 24 + int(speech.size / SR * 24)]
    assert sum(s != "closed" for s in middle) > 0.6 * len(middle)
    assert min(_runs(track)) >= 2
