"""Checks on the soundtrack of a rendered MP4: loudness, true peak, subtitle timing.

Two tiny stories are rendered once per module (in parallel) with ``manju make``: one with
music, a rainy scene and sound effects (loudness and true peak after AAC encoding), and one
with ``--no-music`` and no effects (every subtitle cue must sit on its speech). That at least
six distinct voices exist per language is checked in
``tests/audio/test_tts.py::test_cast_voices_are_distinct``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from manju.audio.loudness import integrated_lufs, true_peak_dbtp
from manju.audio.tts import espeak_available
from manju.export.srt import parse_srt
from manju.testing import audio_samples

pytestmark = pytest.mark.skipif(not espeak_available(), reason="espeak-ng is not installed")

WITH_EFFECTS = """The rain had not stopped for three days. Mara stood by the window of the old lighthouse.

Someone knocked at the door. Thunder rolled over the sea.

"Who is there?" Mara asked.

"It's Mr. Crane," said a voice. "I have the letter from 1999."
"""

PLAIN = """Mara stood by the window of the old house and looked at the sea.

"Who are you?" Mara asked.

"My name is Elias," the old man said. "I came to find my daughter."

"She left on the morning train," Mara said quietly.

Elias sat down and closed his eyes.
"""


@pytest.fixture(scope="module")
def renders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Render both stories; returns their output directories."""
    root = tmp_path_factory.mktemp("soundtrack")
    jobs = {}
    for name, text, extra in (("fx", WITH_EFFECTS, []), ("plain", PLAIN, ["--no-music"])):
        story = root / f"{name}.txt"
        story.write_text(text, encoding="utf-8")
        out = root / name
        cmd = [sys.executable, "-m", "manju.cli.main", "make", str(story), "--out", str(out),
               "--size", "216x384", "--fps", "12", "--quiet", *extra]
        jobs[name] = (out, subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    for name, (_out, proc) in jobs.items():
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, f"manju make ({name}) failed: {err.decode()[-2000:]}"
    return {name: out for name, (out, _p) in jobs.items()}


@pytest.mark.parametrize("name", ["fx", "plain"])
def test_loudness_and_true_peak_after_aac(renders, name):
    x, sr = audio_samples(renders[name] / "video.mp4")
    assert sr == 48000 and x.shape[1] == 2
    lufs, tp = integrated_lufs(x, sr), true_peak_dbtp(x, sr)
    print(f"{name}: {lufs:.2f} LUFS, {tp:.2f} dBTP")
    assert abs(lufs + 14.0) <= 1.0
    assert tp <= -1.0


def test_effects_are_in_the_mix(renders):
    """The rainy scene has a rain bed: the gap before the first line is not silent."""
    x, sr = audio_samples(renders["fx"] / "video.mp4")
    cues = parse_srt((renders["fx"] / "subtitles.srt").read_text(encoding="utf-8"))
    lead = x[: int(cues[0][0] * sr)]
    assert lead.size and np.sqrt(np.mean(lead**2)) > 1e-3


def speech_edges(x: np.ndarray, sr: int, a: float, b: float, hop_s: float = 0.005,
                 floor_db: float = -40.0) -> tuple[float, float]:
    """Onset and offset (s) of the voiced segment within [a, b]: first and last 5 ms frame
    whose RMS is within ``floor_db`` of the loudest frame there (the same rule the TTS uses
    to trim silence)."""
    mono = x.mean(axis=1) if x.ndim == 2 else x
    hop = int(hop_s * sr)
    i0, i1 = max(0, int(a * sr)), min(mono.size, int(b * sr))
    seg = mono[i0:i1]
    m = seg.size // hop
    rms = np.sqrt(np.mean(seg[: m * hop].reshape(m, hop) ** 2, axis=1))
    on = np.nonzero(rms > rms.max() * 10 ** (floor_db / 20))[0]
    return (i0 + on[0] * hop) / sr, (i0 + (on[-1] + 1) * hop) / sr


def test_subtitles_sit_on_their_speech(renders):
    x, sr = audio_samples(renders["plain"] / "video.mp4")
    cues = parse_srt((renders["plain"] / "subtitles.srt").read_text(encoding="utf-8"))
    assert len(cues) >= 5
    worst = 0.0
    for k, (start, end, text) in enumerate(cues):
        lo = (cues[k - 1][1] + start) / 2 if k else max(0.0, start - 0.3)
        hi = (end + cues[k + 1][0]) / 2 if k + 1 < len(cues) else min(x.shape[0] / sr, end + 0.3)
        on, off = speech_edges(x, sr, lo, hi)
        worst = max(worst, abs(on - start), abs(off - end))
        assert abs(on - start) <= 0.1, f"cue {k + 1} {text!r} starts {start:.3f}, speech {on:.3f}"
        assert abs(off - end) <= 0.1, f"cue {k + 1} {text!r} ends {end:.3f}, speech {off:.3f}"
    print(f"max subtitle/speech offset: {worst * 1000:.0f} ms")
