"""Small audio measurements: frame energy, median pitch, spectral centroid.

Used to check that voices are distinct and by the lip-sync tracker. Pure numpy.
"""

from __future__ import annotations

import numpy as np

__all__ = ["fade_edges", "frame_rms", "median_pitch_hz", "pitch_track", "spectral_centroid_hz",
           "trim_silence", "voice_profile", "voiced_span"]


def frame_rms(x: np.ndarray, frame: int, hop: int) -> np.ndarray:
    """RMS of each frame of ``frame`` samples taken every ``hop`` samples (zero-padded end)."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim > 1:
        x = x.mean(axis=1)
    n = max(1, int(np.ceil(max(x.size - frame, 0) / hop)) + 1)
    need = (n - 1) * hop + frame
    if need > x.size:
        x = np.pad(x, (0, need - x.size))
    idx = np.arange(frame)[None, :] + hop * np.arange(n)[:, None]
    return np.sqrt(np.mean(x[idx] ** 2, axis=1))


def _frames(x: np.ndarray, frame: int, hop: int) -> np.ndarray:
    n = 1 + max(0, (x.size - frame) // hop)
    idx = np.arange(frame)[None, :] + hop * np.arange(n)[:, None]
    return x[idx] if x.size >= frame else np.zeros((0, frame))


def median_pitch_hz(x: np.ndarray, sr: int, fmin: float = 60.0, fmax: float = 500.0) -> float:
    """Median fundamental frequency of the voiced frames, by normalised autocorrelation.

    Returns 0.0 when no frame is voiced.
    """
    x = np.asarray(x, dtype=np.float64)
    frame = int(0.04 * sr)
    hop = int(0.01 * sr)
    fr = _frames(x, frame, hop)
    if fr.shape[0] == 0:
        return 0.0
    rms = np.sqrt(np.mean(fr**2, axis=1))
    keep = rms > 0.1 * rms.max()
    fr = fr[keep] * np.hanning(frame)[None, :]
    if fr.shape[0] == 0:
        return 0.0
    nfft = 1 << int(np.ceil(np.log2(2 * frame)))
    spec = np.fft.rfft(fr, nfft, axis=1)
    ac = np.fft.irfft(np.abs(spec) ** 2, nfft, axis=1)[:, :frame]
    ac /= np.maximum(ac[:, :1], 1e-12)
    lo, hi = int(sr / fmax), min(int(sr / fmin), frame - 1)
    seg = ac[:, lo:hi]
    lag = np.argmax(seg, axis=1)
    strength = seg[np.arange(seg.shape[0]), lag]
    voiced = strength > 0.5
    if not np.any(voiced):
        return 0.0
    lags = (lag[voiced] + lo).astype(np.float64)
    return float(np.median(sr / lags))


def pitch_track(x: np.ndarray, sr: int, hop_s: float = 0.01, fmin: float = 60.0,
                fmax: float = 500.0) -> np.ndarray:
    """f0 in Hz of each 40 ms frame taken every ``hop_s`` (0 where unvoiced or quiet), by the
    same normalised autocorrelation as :func:`median_pitch_hz`."""
    x = np.asarray(x, dtype=np.float64)
    frame, hop = int(0.04 * sr), max(1, int(hop_s * sr))
    fr = _frames(x, frame, hop)
    if fr.shape[0] == 0:
        return np.zeros(0)
    rms = np.sqrt(np.mean(fr**2, axis=1))
    loud = rms > 0.1 * rms.max()
    w = fr * np.hanning(frame)[None, :]
    nfft = 1 << int(np.ceil(np.log2(2 * frame)))
    ac = np.fft.irfft(np.abs(np.fft.rfft(w, nfft, axis=1)) ** 2, nfft, axis=1)[:, :frame]
    ac /= np.maximum(ac[:, :1], 1e-12)
    lo, hi = int(sr / fmax), min(int(sr / fmin), frame - 1)
    seg = ac[:, lo:hi]
    lag = np.argmax(seg, axis=1)
    strength = seg[np.arange(seg.shape[0]), lag]
    f0 = sr / (lag + lo).astype(np.float64)
    return np.where(loud & (strength > 0.5), f0, 0.0)


def spectral_centroid_hz(x: np.ndarray, sr: int) -> float:
    """Energy-weighted mean spectral centroid of the non-silent frames."""
    x = np.asarray(x, dtype=np.float64)
    frame = 1024 if sr > 16000 else 512
    fr = _frames(x, frame, frame // 2)
    if fr.shape[0] == 0:
        return 0.0
    mag = np.abs(np.fft.rfft(fr * np.hanning(frame)[None, :], axis=1))
    energy = (mag**2).sum(axis=1)
    keep = energy > 0.01 * energy.max()
    freqs = np.fft.rfftfreq(frame, 1.0 / sr)
    cent = (mag[keep] * freqs[None, :]).sum(axis=1) / np.maximum(mag[keep].sum(axis=1), 1e-12)
    return float(np.average(cent, weights=energy[keep]))


def voice_profile(x: np.ndarray, sr: int) -> tuple[float, float]:
    """(median pitch Hz, spectral centroid Hz) of a speech sample."""
    return median_pitch_hz(x, sr), spectral_centroid_hz(x, sr)


def voiced_span(x: np.ndarray, sr: int, pad_s: float) -> tuple[int, int]:
    """Where :func:`trim_silence` cuts ``x``: the first and past-the-last sample it keeps
    (``(0, 0)`` for an all-silent clip)."""
    if x.size == 0:
        return 0, 0
    hop = max(1, int(0.005 * sr))
    n = x.size // hop
    if n == 0:
        return 0, x.size
    env = np.sqrt(np.mean(x[: n * hop].reshape(n, hop) ** 2, axis=1))
    peak = float(env.max())
    if peak <= 1e-6:
        return 0, 0
    voiced = np.nonzero(env > max(peak * 10 ** (-40 / 20), 1e-4))[0]
    pad = int(pad_s * sr)
    return max(0, voiced[0] * hop - pad), min(x.size, (voiced[-1] + 1) * hop + pad)


def trim_silence(x: np.ndarray, sr: int, pad_s: float) -> np.ndarray:
    """Cut leading and trailing silence (40 dB under the loudest 5 ms), keeping ``pad_s``
    seconds of margin; an all-silent clip becomes empty."""
    a, b = voiced_span(x, sr, pad_s)
    return x[a:b]


def fade_edges(x: np.ndarray, sr: int, ms: float = 5.0) -> np.ndarray:
    """Fade the first and last ``ms`` milliseconds in place (no click where clips join)."""
    n = min(int(sr * ms / 1000), x.size // 2)
    if n > 1:
        ramp = np.linspace(0.0, 1.0, n, dtype=np.float32)
        x[:n] *= ramp
        x[-n:] *= ramp[::-1]
    return x
