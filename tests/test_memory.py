"""The soundtrack is mixed window by window: the memory it allocates does not grow with the
episode's length, and the mastered result still meets the loudness and true-peak targets.

Allocations are measured with tracemalloc (numpy reports its arrays to it), so the figures
do not depend on the machine's load. bench/memory.py measures the whole process tree."""

from __future__ import annotations

import functools
import tempfile
import tracemalloc
from pathlib import Path

import numpy as np

from manju.audio.loudness import integrated_lufs, true_peak_dbtp
from manju.audio.master import CHUNK, LoopBed, LoudnessMeter, Soundtrack
from manju.audio.mix import Clip, mix

SR = 48000


def _voice(seed: int, seconds: float = 2.0, sr: int = 24000) -> np.ndarray:
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * sr)) / sr
    f0 = 110 + 60 * rng.random()
    x = np.sin(2 * np.pi * f0 * t) + 0.4 * np.sin(2 * np.pi * 2.7 * f0 * t)
    return (0.3 * x * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * t))).astype(np.float32)


def _soundtrack(minutes: float, folder: Path) -> Soundtrack:
    """A long episode: a line every 3 s (read when mixed), a music file per minute-long
    scene, rain under every other scene."""
    duration = minutes * 60
    clips = [Clip(start=t, sr=24000, load=functools.partial(_voice, int(t)))
             for t in np.arange(0.5, duration - 2.5, 3.0)]
    music, beds = [], []
    rng = np.random.default_rng(0)
    for k in range(int(minutes)):
        path = folder / f"scene{k}.npy"
        np.save(path, (rng.standard_normal((10 * SR, 2)) * 0.05).astype(np.float32))  # 10 s, tiled
        music.append((k * 60.0, (k + 1) * 60.0, path))
        if k % 2:
            beds.append(LoopBed(start=k * 60.0, name="rain", duration=60.0, seed=k, gain_db=-15))
    return Soundtrack(clips, duration, music, SR, ceiling_dbtp=-1.5, effects=beds)


def _peak_allocated(minutes: float, folder: Path) -> tuple[int, LoudnessMeter, float]:
    """Peak bytes allocated while mastering and reading the whole track, its loudness meter
    and its true peak (measured window by window)."""
    tracemalloc.start()
    st = _soundtrack(minutes, folder).master()
    meter = LoudnessMeter(SR, 2)
    peak = 0.0
    for chunk in st.chunks():
        meter.feed(chunk)
        peak = max(peak, float(np.abs(chunk).max()))
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top, meter, true_peak_dbtp(st.read(0, min(st.n, CHUNK)), SR)


def test_mix_memory_does_not_grow_with_length(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    short, m_short, _ = _peak_allocated(1, tmp_path / "a")
    long, m_long, tp = _peak_allocated(6, tmp_path / "b")
    whole_long = 6 * 60 * SR * 2 * 8  # one whole-episode stereo float64 bus: 276 MB
    assert long < 1.3 * short + 8e6, (short, long)
    assert long < whole_long / 4, long
    for meter in (m_short, m_long):
        assert abs(meter.lufs() - (-14.0)) <= 1.0
    assert tp <= -1.0


def test_windowed_mix_equals_whole_mix() -> None:
    rng = np.random.default_rng(3)
    voices = [Clip(start=float(t), samples=_voice(int(t), 1.5), sr=24000, gain_db=float(g))
              for t, g in zip(np.arange(0.3, 14.0, 1.9), rng.choice([0.0, -8.0, 3.0], 8), strict=False)]
    music = [(0.0, 7.0, (rng.standard_normal((3 * SR, 2)) * 0.2).astype(np.float32)),
             (7.0, 16.0, (rng.standard_normal((20 * SR, 2)) * 0.1).astype(np.float32))]
    beds = [LoopBed(start=2.0, name="wind", duration=9.0, seed=1, gain_db=-10)]
    whole = mix(voices, 16.0, music, ceiling_dbtp=-1.5, effects=beds)
    st = Soundtrack(voices, 16.0, music, ceiling_dbtp=-1.5, effects=beds)
    parts = np.concatenate(list(st.chunks(SR)))  # one second at a time
    assert np.array_equal(whole, parts)
    # the bus sum kept in a scratch file between the passes changes no sample
    kept = Soundtrack(voices, 16.0, music, ceiling_dbtp=-1.5, effects=beds,
                      scratch_dir=Path(tempfile.gettempdir()))
    assert np.array_equal(whole, np.concatenate(list(kept.chunks(SR))))
    assert kept._scratch is not None
    kept.close()
    assert abs(integrated_lufs(whole, SR) + 14.0) <= 1.0
    assert true_peak_dbtp(whole, SR) <= -1.0
