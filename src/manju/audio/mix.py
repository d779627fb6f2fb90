"""Final soundtrack mix: voices over ducked music, loudness-normalised and limited.

Signal flow: voice clips (resampled, centred) -> voice bus; music segments (crossfaded)
-> music bus set ``music_db`` below the voices' loudness and ducked ``duck_db`` under
speech; sound effects (mono or stereo clips made at ``effects_ref_lufs``) -> effects bus
following the voices' level; sum -> gain to ``target_lufs`` (BS.1770) -> look-ahead
true-peak limiter.
"""

from __future__ import annotations

import wave
from collections.abc import Callable
from dataclasses import dataclass
from math import gcd
from os import PathLike

import numpy as np
from scipy.ndimage import minimum_filter1d, uniform_filter1d
from scipy.signal import resample_poly

__all__ = ["Clip", "mix", "write_wav", "speech_activity", "limit", "peak_envelope"]


@dataclass
class Clip:
    """A clip placed on the timeline: its samples, or ``load`` to read them when needed (a
    long soundtrack then holds only the clips that play in the window being mixed)."""

    start: float  # seconds
    samples: np.ndarray | None = None  # mono float32 at its sr (effects: mono or (n, 2))
    sr: int = 24000
    gain_db: float = 0.0
    load: Callable[[], np.ndarray] | None = None

    def data(self) -> np.ndarray:
        """The clip's samples (read through ``load`` when not held)."""
        if self.samples is not None:
            return self.samples
        if self.load is None:
            return np.zeros(0, np.float32)
        return self.load()


def _resample(x: np.ndarray, sr_in: int, sr_out: int) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    if x.ndim > 1:
        x = x.mean(axis=1)
    if sr_in == sr_out or x.size == 0:
        return x
    g = gcd(int(sr_in), int(sr_out))
    return resample_poly(x, sr_out // g, sr_in // g)


def _voice_bus(voices: list[Clip], n: int, sr: int) -> np.ndarray:
    bus = np.zeros(n)
    for clip in voices:
        x = _resample(clip.data(), clip.sr, sr) * 10 ** (clip.gain_db / 20)
        s = int(round(clip.start * sr))
        a, b = max(0, s), min(n, s + x.size)
        if b > a:
            bus[a:b] += x[a - s : b - s]
    return bus


def _effects_bus(effects: list[Clip], n: int, sr: int) -> np.ndarray:
    """Place effect clips (mono centred, or stereo) on a stereo bus with their gains.

    Stereo clips get +3 dB so that a mono and a stereo clip of equal measured loudness
    sound equally loud (a centred mono clip is heard in both speakers)."""
    bus = np.zeros((n, 2))
    for clip in effects:
        x = np.asarray(clip.data(), dtype=np.float64)
        if x.ndim == 2 and x.shape[1] >= 2:
            x = np.stack([_resample(x[:, 0], clip.sr, sr), _resample(x[:, 1], clip.sr, sr)], 1)
            x *= 10 ** (3.0103 / 20)
        else:
            x = np.repeat(_resample(x, clip.sr, sr)[:, None], 2, axis=1)
        x *= 10 ** (clip.gain_db / 20)
        s = int(round(clip.start * sr))
        a, b = max(0, s), min(n, s + x.shape[0])
        if b > a:
            bus[a:b] += x[a - s : b - s]
    return bus


def _music_bus(music: list[tuple[float, float, np.ndarray]], n: int, sr: int,
               xfade: float) -> np.ndarray:
    """Place music segments, tiling short ones, with equal-power crossfades between them."""
    bus = np.zeros((n, 2))
    segs = sorted(music, key=lambda m: m[0])
    xf = int(xfade * sr)
    edge = int(0.05 * sr)
    for i, (start, end, samples) in enumerate(segs):
        x = np.asarray(samples, dtype=np.float64)
        if x.ndim == 1:
            x = np.stack([x, x], axis=1)
        if x.shape[0] == 0:
            continue
        s, e = int(round(start * sr)), int(round(end * sr))
        joins_prev = i > 0 and abs(int(round(segs[i - 1][1] * sr)) - s) <= xf
        joins_next = i + 1 < len(segs) and abs(int(round(segs[i + 1][0] * sr)) - e) <= xf
        fin = xf if joins_prev else 0
        fout = xf if joins_next else 0
        a, b = max(0, s - fin // 2), min(n, e + fout // 2)
        if b <= a:
            continue
        length = b - a
        reps = -(-length // x.shape[0])
        seg = np.tile(x, (reps, 1))[:length] if reps > 1 else x[:length].copy()
        if seg.shape[0] < length:
            seg = np.pad(seg, ((0, length - seg.shape[0]), (0, 0)))
        # equal-power crossfade centred on each join; short de-click fades elsewhere
        fin_n = min(length, (s + fin // 2) - a) if joins_prev else min(length, edge)
        fout_n = min(length, b - (e - fout // 2)) if joins_next else min(length, edge)
        if fin_n > 1:
            seg[:fin_n] *= np.sin(np.linspace(0, np.pi / 2, fin_n))[:, None]
        if fout_n > 1:
            seg[-fout_n:] *= np.cos(np.linspace(0, np.pi / 2, fout_n))[:, None]
        bus[a:b] += seg
    return bus


def speech_activity(voice: np.ndarray, sr: int, hop_s: float = 0.01,
                    threshold_db: float = -40.0, hold_s: float = 0.25) -> np.ndarray:
    """Per-sample speech flag (float 0/1): RMS above ``threshold_db`` (of the bus's peak
    RMS), held ``hold_s`` to bridge gaps between words."""
    n = voice.size
    hop = max(1, int(hop_s * sr))
    m = -(-n // hop)
    padded = np.pad(voice, (0, m * hop - n))
    rms = np.sqrt(np.mean(padded.reshape(m, hop) ** 2, axis=1))
    if rms.max() <= 1e-9:
        return np.zeros(n)
    active = rms > rms.max() * 10 ** (threshold_db / 20)
    hold = max(1, int(hold_s / hop_s))
    active = uniform_filter1d(active.astype(float), 2 * hold + 1, mode="constant") > 0
    return np.repeat(active.astype(float), hop)[:n]


def _duck_gain(activity: np.ndarray, sr: int, duck_db: float, attack_s: float,
               release_s: float) -> np.ndarray:
    """Smooth music gain (linear): ``-duck_db`` under speech, attack starts before speech."""
    hop = max(1, int(0.005 * sr))
    n = activity.size
    m = -(-n // hop)
    act = np.pad(activity, (0, m * hop - n)).reshape(m, hop).max(axis=1)
    g = _duck_curve(act, sr, hop, duck_db, attack_s, release_s)
    centres = (np.arange(m) + 0.5) * hop
    return 10 ** (np.interp(np.arange(n), centres, g) / 20)


def _duck_curve(act: np.ndarray, sr: int, hop: int, duck_db: float, attack_s: float,
                release_s: float) -> np.ndarray:
    """Music gain in dB per ``hop`` samples from speech activity per hop (0/1)."""
    m = act.size
    # look ahead: begin ducking attack_s before speech starts
    lead = max(1, int(attack_s * sr / hop))
    act = np.concatenate([act[lead:], np.zeros(lead)]) if m > lead else act
    act = np.maximum(act, np.concatenate([np.zeros(min(lead, m)), act[: m - min(lead, m)]]))
    target = -duck_db * act
    # one-pole smoothing with separate attack (down) and release (up) times
    a_att = np.exp(-hop / (attack_s * sr / 2.2))
    a_rel = np.exp(-hop / (release_s * sr / 2.2))
    g = np.empty(m)
    cur = 0.0
    for i, t in enumerate(target.tolist()):
        a = a_att if t < cur else a_rel
        cur = a * cur + (1 - a) * t
        g[i] = cur
    return g


def peak_envelope(x: np.ndarray) -> np.ndarray:
    """Per-sample true-peak envelope of (n, ch) audio: max |x| over channels and the 4x
    oversampled points around each sample."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim == 1:
        x = x[:, None]
    n = x.shape[0]
    env = np.abs(x[:, 0]) if n else np.zeros(0)
    for c in range(1, x.shape[1]):
        np.maximum(env, np.abs(x[:, c]), out=env)
    step = 1 << 18
    for i in range(0, n, step):
        a, b = max(0, i - 64), min(n, i + step + 64)
        up = np.abs(resample_poly(x[a:b], 4, 1, axis=0))
        # The largest of the four phases over both channels, folded in place.
        m = up[0::4, 0].copy()
        for c in range(up.shape[1]):
            for k in range(4):
                part = up[k::4, c]
                np.maximum(m[: part.size], part, out=m[: part.size])
        j = min(b, i + step)
        np.maximum(env[i:j], m[i - a : j - a], out=env[i:j])
    return env


def held_gain(blk: np.ndarray, sr: int, hop: int, lookahead_s: float,
              release_s: float) -> np.ndarray:
    """The limiter's gain per block of ``hop`` samples, from the gain each block needs
    (``blk`` <= 1): reached ``lookahead_s`` before the peak, released over ``release_s``.
    Shared by :func:`limit` and the block-wise master (:mod:`manju.audio.master`)."""
    la = max(1, int(round(lookahead_s * sr / hop)))
    blk = minimum_filter1d(blk, 2 * la + 3, mode="nearest")
    # gain reduction (natural log units): instant attack, exponential release
    red = -np.log(blk)
    coef = float(np.exp(-hop / (release_s * sr)))
    held = np.empty_like(red)
    cur = 0.0
    for i, r in enumerate(red.tolist()):
        cur = r if r > cur else cur * coef
        held[i] = cur
    # smooth the attack ramp; the min-filter margin keeps every peak covered
    return np.exp(-uniform_filter1d(held, la, mode="nearest"))


def limit(x: np.ndarray, sr: int, ceiling_dbtp: float = -1.0, lookahead_s: float = 0.005,
          release_s: float = 0.08, peak_env: np.ndarray | None = None) -> np.ndarray:
    """Look-ahead peak limiter on (n, ch) audio so its true peak stays <= ``ceiling_dbtp``.

    Peaks are taken from the 4x-oversampled signal; the gain ramps down over the look-ahead
    window before a peak and recovers with ``release_s``.
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim == 1:
        x = x[:, None]
    n = x.shape[0]
    if n == 0:
        return x
    ceiling = 10 ** ((ceiling_dbtp - 0.15) / 20)
    peak = peak_envelope(x) if peak_env is None else peak_env
    need = np.minimum(1.0, ceiling / np.maximum(peak, 1e-12))
    if need.min() >= 1.0:
        return x
    hop = max(1, int(0.001 * sr))
    m = -(-n // hop)
    blk = np.pad(need, (0, m * hop - n), constant_values=1.0).reshape(m, hop).min(axis=1)
    g_blk = held_gain(blk, sr, hop, lookahead_s, release_s)
    centres = (np.arange(m) + 0.5) * hop
    g = np.interp(np.arange(n), centres, g_blk)
    return x * g[:, None]


def mix(voices: list[Clip], duration: float,
        music: list[tuple[float, float, np.ndarray]] | None = None, sr: int = 48000,
        target_lufs: float = -14.0, ceiling_dbtp: float = -1.0, *, music_db: float = -7.0,
        duck_db: float = 11.0, crossfade: float = 1.0, attack_s: float = 0.08,
        release_s: float = 0.45, effects: list[Clip] | None = None,
        effects_ref_lufs: float = -20.0) -> np.ndarray:
    """Mix voices and music into a mastered stereo track of ``round(duration*sr)`` samples.

    ``voices`` are resampled to ``sr`` and centred; ``music`` is a list of
    ``(start, end, stereo samples at sr)`` segments (tiled if short, ~``crossfade`` s
    equal-power crossfade where one ends as the next starts). The music bed sits
    ``music_db`` below the voices' loudness and ducks ``duck_db`` under speech with smooth
    attack/release (starting just before each line). The sum is normalised to
    ``target_lufs`` integrated loudness, then a look-ahead limiter keeps the true peak at or
    below ``ceiling_dbtp``. ``effects`` are sound-effect clips (mono or ``(n, 2)``) made at
    ``effects_ref_lufs``: a clip with ``gain_db`` 0 plays as loud as the speech, -12 sits
    12 dB under it; they are not ducked and do not duck the music. Returns float32
    ``(n, 2)``; silence in, silence out. The mix is made window by window
    (:class:`manju.audio.master.Soundtrack`, which streams it without this whole array).
    """
    from manju.audio.master import Soundtrack

    return Soundtrack(voices, duration, music, sr, target_lufs=target_lufs,
                      ceiling_dbtp=ceiling_dbtp, music_db=music_db, duck_db=duck_db,
                      crossfade=crossfade, attack_s=attack_s, release_s=release_s,
                      effects=effects, effects_ref_lufs=effects_ref_lufs).to_array()


def write_wav(path: str | PathLike[str], samples: np.ndarray, sr: int) -> None:
    """Write (n,) or (n, ch) float samples in [-1, 1] as a 16-bit PCM WAV file."""
    x = np.asarray(samples, dtype=np.float64)
    if x.ndim == 1:
        x = x[:, None]
    pcm = np.round(np.clip(np.nan_to_num(x), -1.0, 1.0) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(pcm.shape[1])
        w.setsampwidth(2)
        w.setframerate(int(sr))
        w.writeframes(pcm.tobytes())
