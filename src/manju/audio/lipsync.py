"""Mouth shapes per video frame from speech audio (energy + spectral tilt)."""

from __future__ import annotations

import numpy as np

__all__ = ["MOUTH_SHAPES", "mouth_track"]

MOUTH_SHAPES = ("closed", "small", "open", "wide")
"""Ordered from least to most open."""

_SILENCE_DB = -30.0  # below the clip's speech level: closed
_SMALL_DB = -14.0  # below this: small
_WIDE_DB = -4.0  # above this (and vowel-like): wide
_ABS_FLOOR = 10 ** (-55 / 20)  # absolute floor for "silence" (-55 dBFS RMS)


def _frame_features(x: np.ndarray, sr: int, fps: float, n: int) -> tuple[np.ndarray, np.ndarray]:
    """RMS and high-frequency energy ratio of a window centred on each video frame."""
    win = max(16, int(round(1.5 * sr / fps)))
    centres = np.round((np.arange(n) + 0.5) * sr / fps).astype(np.int64)
    starts = centres - win // 2
    pad = win
    xp = np.pad(x, (pad, pad + win))
    idx = (starts + pad)[:, None] + np.arange(win)[None, :]
    fr = xp[idx] * np.hanning(win)[None, :]
    rms = np.sqrt(np.mean(fr**2, axis=1) / 0.375)  # hann power correction
    spec = np.abs(np.fft.rfft(fr, axis=1)) ** 2
    freqs = np.fft.rfftfreq(win, 1.0 / sr)
    hi = spec[:, freqs >= 3000].sum(axis=1)
    tot = np.maximum(spec[:, freqs >= 80].sum(axis=1), 1e-20)
    return rms, hi / tot


def _remove_flicker(levels: np.ndarray) -> np.ndarray:
    """Replace runs one frame long by a neighbour's shape (repeat until stable)."""
    lv = levels.copy()
    for _ in range(4):
        if lv.size < 3:
            break
        changed = False
        i = 0
        while i < lv.size:
            j = i
            while j + 1 < lv.size and lv[j + 1] == lv[i]:
                j += 1
            if j == i and lv.size > 1:
                prev = lv[i - 1] if i > 0 else None
                nxt = lv[i + 1] if i + 1 < lv.size else None
                cands = [c for c in (prev, nxt) if c is not None]
                # prefer the neighbour closest in openness, ties -> previous
                best = min(cands, key=lambda c: abs(int(c) - int(lv[i])))
                lv[i] = best
                changed = True
            i = j + 1
        if not changed:
            break
    return lv


def mouth_track(samples: np.ndarray, sr: int, fps: float) -> list[str]:
    """One mouth shape per video frame: 'closed' | 'small' | 'open' | 'wide'.

    Frame ``k`` covers ``[k/fps, (k+1)/fps)``; the result has ``ceil(len/sr*fps)`` entries.
    Silence (below -30 dB of the clip's speech level, or below -55 dBFS) is 'closed';
    louder frames open more, and fricative-like frames (mostly energy above 3 kHz) stay
    'small'. Single-frame shapes are smoothed away so the mouth never flickers.
    """
    x = np.asarray(samples, dtype=np.float64)
    if x.ndim > 1:
        x = x.mean(axis=1)
    if fps <= 0 or sr <= 0:
        raise ValueError("sr and fps must be positive")
    n = int(np.ceil(x.size * fps / sr - 1e-9))
    if n <= 0:
        return []
    rms, hf = _frame_features(x, sr, fps, n)
    speech = rms[rms > _ABS_FLOOR]
    if speech.size == 0:
        return ["closed"] * n
    ref = float(np.percentile(speech, 90))
    db = 20 * np.log10(np.maximum(rms, 1e-12) / max(ref, 1e-12))
    levels = np.full(n, 2, dtype=np.int8)  # open
    levels[db < _SMALL_DB] = 1
    levels[(db >= _WIDE_DB) & (hf < 0.3)] = 3
    levels[(hf > 0.5) & (levels > 1)] = 1  # s/sh/f: teeth together, lips slightly apart
    levels[(db < _SILENCE_DB) | (rms < _ABS_FLOOR)] = 0
    levels = _remove_flicker(levels)
    return [MOUTH_SHAPES[int(v)] for v in levels]
