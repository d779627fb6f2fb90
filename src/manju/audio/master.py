"""The soundtrack mix, streamed: any window of the mastered track is computed on demand, so a
long episode never needs more than a few seconds of audio in memory.

:class:`Soundtrack` makes the same mix as :func:`manju.audio.mix.mix` (the same buses, gains,
loudness normalisation and limiter, sample for sample) but in windows of :data:`CHUNK`
samples. What the mix needs from the whole track is small and computed first, in passes over
the windows: the loudness of the voice and music buses, speech activity per 10 ms, the
duck curve per 5 ms, the integrated loudness of the sum, and the true-peak envelope reduced
to its maximum per 1 ms limiter block. The limiter then becomes a gain curve per 1 ms
block (a few MB for an hour), applied to each window as it is read.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.ndimage import uniform_filter1d
from scipy.signal import lfilter

from manju.audio.loudness import k_weighting

__all__ = ["CHUNK", "LoudnessMeter", "Soundtrack", "LoopBed", "block_peaks", "limiter_curve"]

#: Window length in samples: a whole number of every hop the meters use at 48 kHz (100 ms
#: loudness hops, 10 ms activity hops, 5 ms duck hops, 1 ms limiter blocks), about 6.4 s.
CHUNK = 4800 * 64
#: Samples on each side of a window that the 4x oversampling filter reads (it needs 10).
MARGIN = 64
LIMIT_HOP_S = 0.001


class LoudnessMeter:
    """BS.1770 integrated loudness of a signal fed in order, window by window.

    Every window but the last must be a whole number of 100 ms hops; the result equals
    :func:`manju.audio.loudness.integrated_lufs` of the whole signal."""

    def __init__(self, sr: int, channels: int, fine: int = 0) -> None:
        self.sr = sr
        block = int(round(0.4 * sr))
        self.hop = int(round(block * 0.25))
        self.per = block // self.hop
        self.block = block
        self.stages = k_weighting(sr)
        self.states = [np.zeros((max(len(a), len(b)) - 1, channels)) for b, a in self.stages]
        self.energies: list[np.ndarray] = []
        #: with ``fine`` (a divisor of the 100 ms hop), the weighted energy per ``fine``
        #: samples too, from which :func:`estimate_lufs` tells the loudness of the signal
        #: under any slowly changing gain without filtering it again
        self.fine = fine
        self.fine_energies: list[np.ndarray] = []

    def feed(self, x: np.ndarray) -> None:
        """Add the next window, (n,) or (n, channels)."""
        y = np.asarray(x, dtype=np.float64)
        if y.ndim == 1:
            y = y[:, None]
        whole = (y.shape[0] // self.hop) * self.hop
        if whole == 0:
            return
        y = y[:whole]
        for i, (b, a) in enumerate(self.stages):
            y, self.states[i] = lfilter(b, a, y, axis=0, zi=self.states[i])
        sq = (y * y).sum(axis=1)
        self.energies.append(sq.reshape(-1, self.hop).sum(axis=1))
        if self.fine:
            self.fine_energies.append(sq.reshape(-1, self.fine).sum(axis=1))

    def lufs(self) -> float:
        """Integrated loudness (gated) of everything fed; ``-inf`` for silence."""
        return self._gated(np.concatenate(self.energies) if self.energies else np.zeros(0))

    def estimate_lufs(self, gain: np.ndarray) -> float:
        """The integrated loudness the fed signal would have with ``gain`` (one factor per
        ``fine`` samples) applied before the meter. Exact for a constant gain; for a gain that
        changes slowly against the weighting filters (a limiter's, over milliseconds) it is
        within a few hundredths of a LU of measuring the gained signal again."""
        e = np.concatenate(self.fine_energies) if self.fine_energies else np.zeros(0)
        e = e * (np.asarray(gain, dtype=np.float64)[: e.size] ** 2)
        k = self.hop // self.fine
        return self._gated(e[: e.size - e.size % k].reshape(-1, k).sum(axis=1))

    def _gated(self, e: np.ndarray) -> float:
        if len(e) < self.per:
            return float("-inf")
        csum = np.concatenate([[0.0], np.cumsum(e)])
        z = (csum[self.per:] - csum[:-self.per]) / self.block
        lk = _to_lufs(z)
        z = z[lk > -70.0]
        if z.size == 0:
            return float("-inf")
        rel = float(_to_lufs(z.mean())) - 10.0
        z = z[_to_lufs(z) > rel]
        if z.size == 0:
            return float("-inf")
        return float(_to_lufs(z.mean()))


def meter_hop(sr: int) -> int:
    """The 100 ms hop of :class:`LoudnessMeter` at ``sr``."""
    return int(round(int(round(0.4 * sr)) * 0.25))


def _to_lufs(power: Any) -> Any:
    return -0.691 + 10 * np.log10(np.maximum(power, 1e-30))


def block_peaks(window: np.ndarray, lo: int, a: int, b: int, hop: int) -> np.ndarray:
    """Maximum of the true-peak envelope per ``hop`` samples over ``[a, b)``, from ``window``
    holding samples ``[lo, lo + len(window))`` (with :data:`MARGIN` samples around ``[a, b)``
    where the track has them). ``a`` must be a multiple of ``hop``."""
    from manju.audio.mix import peak_envelope

    env = peak_envelope(window)[a - lo : b - lo]
    m = -(-env.size // hop)
    env = np.pad(env, (0, m * hop - env.size))
    return env.reshape(m, hop).max(axis=1)


def limiter_curve(peaks: np.ndarray, sr: int, ceiling_dbtp: float, gain: float = 1.0,
                  lookahead_s: float = 0.005, release_s: float = 0.08) -> np.ndarray | None:
    """The gain per limiter block of :func:`manju.audio.mix.limit` on a signal whose block
    peaks are ``peaks`` scaled by ``gain``; None when nothing needs limiting."""
    ceiling = 10 ** ((ceiling_dbtp - 0.15) / 20)
    blk = np.minimum(1.0, ceiling / np.maximum(peaks * gain, 1e-12))
    if blk.size == 0 or blk.min() >= 1.0:
        return None
    from manju.audio.mix import held_gain

    return held_gain(blk, sr, max(1, int(LIMIT_HOP_S * sr)), lookahead_s, release_s)


def _curve_at(curve: np.ndarray, hop: int, a: int, b: int) -> np.ndarray:
    """Per-sample values over ``[a, b)`` of a curve given at the centres of ``hop`` blocks."""
    centres = (np.arange(curve.size) + 0.5) * hop
    return np.interp(np.arange(a, b), centres, curve)


@dataclass
class LoopBed:
    """A stereo ambience bed (``rain`` or ``wind``) as :func:`manju.audio.sfx.ambience` makes
    it, computed window by window instead of whole."""

    start: float
    name: str
    duration: float
    seed: int
    sr: int = 48000
    gain_db: float = 0.0

    @property
    def length(self) -> int:
        """Samples in the bed."""
        return max(0, int(round(self.duration * self.sr)))

    def _loop(self) -> np.ndarray:
        # The loop is a few seconds: made once per bed, not once per window.
        loop = self.__dict__.get("_loop_samples")
        if loop is None:
            from manju.audio.sfx import effect

            loop = effect(self.name, self.sr, self.seed)
            self.__dict__["_loop_samples"] = loop
        return loop

    def window(self, a: int, b: int) -> np.ndarray:
        """Samples ``[a, b)`` of the bed, float32 (b - a, 2)."""
        loop = self._loop()
        n = self.length
        a, b = max(0, a), min(n, b)
        if b <= a:
            return np.zeros((0, 2), np.float32)
        idx = np.arange(a, b)
        x = loop[idx % loop.shape[0]]
        f = min(n // 2, self.sr)
        if f > 1:
            ramp = np.sin(np.linspace(0, np.pi / 2, f))
            head = idx < f
            if head.any():
                x[head] *= ramp[idx[head]][:, None]
            tail = idx >= n - f
            if tail.any():
                x[tail] *= ramp[::-1][idx[tail] - (n - f)][:, None]
        return x.astype(np.float32)

    @property
    def samples(self) -> np.ndarray:
        """The whole bed (for code that wants it in one piece)."""
        return self.window(0, self.length)

    def data(self) -> np.ndarray:
        """The whole bed."""
        return self.samples


@dataclass
class MusicPiece:
    """One music segment on the timeline: ``(start, end)`` in seconds and its samples, or the
    ``.npy`` file holding them (read window by window)."""

    start: float
    end: float
    source: np.ndarray | Path

    def length(self) -> int:
        """Frames of the segment's own samples."""
        if isinstance(self.source, np.ndarray):
            return int(self.source.shape[0])
        return int(np.load(self.source, mmap_mode="r").shape[0])

    def rows(self, idx: np.ndarray) -> np.ndarray:
        """Stereo float64 rows ``idx`` of the samples."""
        src = self.source if isinstance(self.source, np.ndarray) else np.load(self.source, mmap_mode="r")
        x = np.asarray(src[idx], dtype=np.float64)
        del src  # a file mapping is dropped at once: its pages must not count as ours
        return np.stack([x, x], axis=1) if x.ndim == 1 else x


class _ClipTrack:
    """Clips placed on the timeline, loaded when a window first reaches them and dropped when
    the windows have passed them. Windows must be asked for in increasing order (a new pass
    starts again from the beginning)."""

    def __init__(self, clips: Sequence[Any], sr: int, prepare: Callable[[Any], np.ndarray]) -> None:
        self.sr = sr
        self.prepare = prepare
        self.starts = [int(round(c.start * sr)) for c in clips]
        self.order = sorted(range(len(clips)), key=lambda i: self.starts[i])
        self.clips = list(clips)
        self._reset()

    def _reset(self) -> None:
        self.next = 0
        self.active: dict[int, np.ndarray] = {}
        self.last_a = -1

    def overlapping(self, a: int, b: int) -> list[tuple[int, int, np.ndarray]]:
        """(clip index, start sample, prepared samples) of the clips that reach into
        ``[a, b)``, in the clips' own order (sums then add up in the same order)."""
        if a < self.last_a:
            self._reset()
        self.last_a = a
        while self.next < len(self.order) and self.starts[self.order[self.next]] < b:
            i = self.order[self.next]
            self.next += 1
            clip = self.clips[i]
            if isinstance(clip, LoopBed):
                if self.starts[i] + clip.length > a:
                    self.active[i] = np.zeros(0)  # placeholder: windowed on demand
                continue
            x = self.prepare(clip)
            if self.starts[i] + x.shape[0] > a:
                self.active[i] = x
        out = []
        for i in sorted(self.active):
            s = self.starts[i]
            clip = self.clips[i]
            size = clip.length if isinstance(clip, LoopBed) else self.active[i].shape[0]
            if s + size <= a:
                del self.active[i]
                continue
            if s < b:
                out.append((i, s, self.active[i]))
        return out


def _prepare_voice(clip: Any, sr: int) -> np.ndarray:
    from manju.audio.mix import _resample

    return _resample(clip.data(), clip.sr, sr) * 10 ** (clip.gain_db / 20)


def _prepare_effect(clip: Any, sr: int) -> np.ndarray:
    from manju.audio.mix import _resample

    x = np.asarray(clip.data(), dtype=np.float64)
    if x.ndim == 2 and x.shape[1] >= 2:
        x = np.stack([_resample(x[:, 0], clip.sr, sr), _resample(x[:, 1], clip.sr, sr)], 1)
        x *= 10 ** (3.0103 / 20)
    else:
        x = np.repeat(_resample(x, clip.sr, sr)[:, None], 2, axis=1)
    x *= 10 ** (clip.gain_db / 20)
    return x


class Soundtrack:
    """A mastered stereo soundtrack of ``n`` samples, read window by window (see the module).

    Build it with the arguments of :func:`manju.audio.mix.mix`; ``music`` pieces may name
    ``.npy`` files instead of holding samples. :meth:`master` runs the analysis passes;
    :meth:`read` and :meth:`chunks` then give float32 ``(k, 2)`` windows of the result.
    """

    def __init__(self, voices: Sequence[Any], duration: float,
                 music: Sequence[Any] | None = None, sr: int = 48000, *,
                 target_lufs: float = -14.0, ceiling_dbtp: float = -1.0, music_db: float = -7.0,
                 duck_db: float = 11.0, crossfade: float = 1.0, attack_s: float = 0.08,
                 release_s: float = 0.45, effects: Sequence[Any] | None = None,
                 effects_ref_lufs: float = -20.0, scratch_dir: Path | None = None) -> None:
        self.sr = sr
        self.n = max(0, int(round(duration * sr)))
        self.target_lufs, self.ceiling_dbtp = target_lufs, ceiling_dbtp
        self.music_db, self.duck_db, self.crossfade = music_db, duck_db, crossfade
        self.attack_s, self.release_s = attack_s, release_s
        self.effects_ref_lufs = effects_ref_lufs
        self.voices = _ClipTrack(voices or [], sr, lambda c: _prepare_voice(c, sr))
        self.effects = _ClipTrack(effects or [], sr, lambda c: _prepare_effect(c, sr))
        self.has_effects = bool(effects)
        pieces = [m if isinstance(m, MusicPiece) else MusicPiece(m[0], m[1], m[2]) for m in music or []]
        self.music = self._place_music(pieces)
        self.music_gain: float | None = None
        self.duck: np.ndarray | None = None
        self.effects_gain = 1.0
        self.gain = 1.0
        self.curve: np.ndarray | None = None  # the limiter's gain per block, after the master gain
        self.extra: np.ndarray | None = None  # a second, lower limiter for inter-sample overs
        self._duck_hop = max(1, int(0.005 * sr))
        self.finals: list[np.ndarray] = []  # limiter curves on the float32 output, in order
        self.silent = False
        self.mastered = False
        # With a folder, the bus sum is written there once (an unnamed file, gone when closed
        # or when the process ends) and every later pass reads it back instead of summing the
        # buses again: six passes over the sum cost one. On disk, never in memory.
        self.scratch_dir = scratch_dir
        self._scratch: Any = None  # a binary temporary file (IO[bytes] lacks readinto)

    # -- buses ----------------------------------------------------------------------------
    def _place_music(self, pieces: list[MusicPiece]) -> list[tuple[int, int, int, int, MusicPiece, int]]:
        """(a, b, fade-in, fade-out, piece, own length) per piece, as ``_music_bus`` lays them."""
        sr, n = self.sr, self.n
        segs = sorted(pieces, key=lambda m: m.start)
        xf = int(self.crossfade * sr)
        edge = int(0.05 * sr)
        placed = []
        for i, p in enumerate(segs):
            size = p.length()
            if size == 0:
                continue
            s, e = int(round(p.start * sr)), int(round(p.end * sr))
            joins_prev = i > 0 and abs(int(round(segs[i - 1].end * sr)) - s) <= xf
            joins_next = i + 1 < len(segs) and abs(int(round(segs[i + 1].start * sr)) - e) <= xf
            fin = xf if joins_prev else 0
            fout = xf if joins_next else 0
            a, b = max(0, s - fin // 2), min(n, e + fout // 2)
            if b <= a:
                continue
            length = b - a
            fin_n = min(length, (s + fin // 2) - a) if joins_prev else min(length, edge)
            fout_n = min(length, b - (e - fout // 2)) if joins_next else min(length, edge)
            placed.append((a, b, fin_n, fout_n, p, size))
        return placed

    def _voice_window(self, a: int, b: int) -> np.ndarray:
        bus = np.zeros(b - a)
        for _i, s, x in self.voices.overlapping(a, b):
            lo, hi = max(a, s), min(b, s + x.size)
            if hi > lo:
                bus[lo - a : hi - a] += x[lo - s : hi - s]
        return bus

    def _music_window(self, a: int, b: int) -> np.ndarray:
        bus = np.zeros((b - a, 2))
        for sa, sb, fin_n, fout_n, piece, size in self.music:
            lo, hi = max(a, sa), min(b, sb)
            if hi <= lo:
                continue
            k = np.arange(lo - sa, hi - sa)
            seg = piece.rows(k % size)
            length = sb - sa
            if fin_n > 1 and k[0] < fin_n:
                ramp = np.sin(np.linspace(0, np.pi / 2, fin_n))
                head = k < fin_n
                seg[head] *= ramp[k[head]][:, None]
            if fout_n > 1 and k[-1] >= length - fout_n:
                ramp = np.cos(np.linspace(0, np.pi / 2, fout_n))
                tail = k >= length - fout_n
                seg[tail] *= ramp[k[tail] - (length - fout_n)][:, None]
            bus[lo - a : hi - a] += seg
        return bus

    def _effects_window(self, a: int, b: int) -> np.ndarray:
        bus = np.zeros((b - a, 2))
        for i, s, x in self.effects.overlapping(a, b):
            clip = self.effects.clips[i]
            if isinstance(clip, LoopBed):
                lo, hi = max(a, s), min(b, s + clip.length)
                if hi <= lo:
                    continue
                y = _prepare_effect(_Plain(clip.window(lo - s, hi - s), clip.sr, clip.gain_db), self.sr)
                bus[lo - a : hi - a] += y
                continue
            lo, hi = max(a, s), min(b, s + x.shape[0])
            if hi > lo:
                bus[lo - a : hi - a] += x[lo - s : hi - s]
        return bus

    def premix(self, a: int, b: int) -> np.ndarray:
        """Samples ``[a, b)`` of the sum of the buses before the master gain (float64)."""
        if self._scratch is not None:
            out = np.empty((b - a, 2))
            self._scratch.seek(a * 16)
            if self._scratch.readinto(out.data.cast("B")) == out.nbytes:
                return out
            raise OSError("the soundtrack's scratch file was cut short")
        m = self._music_window(a, b) if self.music else np.zeros((b - a, 2))
        if self.music_gain is not None:
            m *= self.music_gain
            if self.duck is not None:
                m *= (10 ** (_curve_at(self.duck, self._duck_hop, a, b) / 20))[:, None]
        out = m
        out += self._voice_window(a, b)[:, None]
        if self.has_effects:
            out += self._effects_window(a, b) * self.effects_gain
        return out

    # -- passes ---------------------------------------------------------------------------
    def _windows(self, step: int = CHUNK) -> Iterator[tuple[int, int]]:
        for a in range(0, self.n, step):
            yield a, min(self.n, a + step)

    def master(self) -> Soundtrack:
        """Measure the buses and the sum and work out every gain (several passes over the
        windows, none holding more than one)."""
        if self.mastered:
            return self
        self.mastered = True
        sr, n = self.sr, self.n
        if n == 0:
            self.silent = True
            return self
        from manju.audio.mix import _duck_curve

        vmeter, mmeter = LoudnessMeter(sr, 1), LoudnessMeter(sr, 2)
        rms_hop = max(1, int(0.01 * sr))
        rms: list[np.ndarray] = []
        for a, b in self._windows():
            v = self._voice_window(a, b)
            vmeter.feed(v)
            m = -(-v.size // rms_hop)
            rms.append(np.sqrt(np.mean(np.pad(v, (0, m * rms_hop - v.size)).reshape(m, rms_hop) ** 2,
                                       axis=1)))
            if self.music:
                mmeter.feed(self._music_window(a, b))
        v_lufs = vmeter.lufs()
        v_lufs = v_lufs + 3.0103 if np.isfinite(v_lufs) else v_lufs
        m_lufs = mmeter.lufs() if self.music else float("-inf")
        ref = v_lufs if np.isfinite(v_lufs) else self.target_lufs
        if np.isfinite(m_lufs):
            self.music_gain = 10 ** ((ref + self.music_db - m_lufs) / 20)
            if np.isfinite(v_lufs):
                act10 = _activity(np.concatenate(rms), 0.01)
                m5 = -(-n // self._duck_hop)
                ratio = rms_hop // self._duck_hop
                act5 = np.repeat(act10, ratio)[:m5] if ratio > 1 else act10[:m5]
                self.duck = _duck_curve(act5, sr, self._duck_hop, self.duck_db, self.attack_s,
                                        self.release_s)
        del rms
        self.effects_gain = 10 ** ((ref - self.effects_ref_lufs - 3.0103) / 20)
        # The sum: its loudness and its true-peak envelope per limiter block.
        hop = max(1, int(LIMIT_HOP_S * sr))
        meter = LoudnessMeter(sr, 2, fine=hop if (CHUNK % hop == 0 and meter_hop(sr) % hop == 0)
                              else 0)
        peaks = []
        scratch = _open_scratch(self.scratch_dir)
        for a, b in self._windows():
            lo, hi = max(0, a - MARGIN), min(n, b + MARGIN)
            w = self.premix(lo, hi)
            meter.feed(w[a - lo : b - lo])
            peaks.append(block_peaks(w, lo, a, b, hop))
            if scratch is not None:
                scratch = _keep(scratch, w[a - lo : b - lo])
        if scratch is not None:
            scratch = _keep(scratch, None)
        self._scratch = scratch
        cur = meter.lufs()
        if not np.isfinite(cur):
            self.silent = True
            return self
        env = np.concatenate(peaks)
        gain_db = self.target_lufs - cur
        last: tuple[float, float] | None = None
        for _ in range(8 if meter.fine else 4):  # limiting lowers loudness a little: re-aim
            self.gain = 10 ** (gain_db / 20)
            self.curve = limiter_curve(env, sr, self.ceiling_dbtp, self.gain)
            if meter.fine:
                # The sum's weighted energy per limiter block is known: the loudness under
                # the gain and the limiter's curve is worked out, not measured by another pass.
                got = meter.estimate_lufs(self.gain * (self.curve if self.curve is not None
                                                       else np.ones(env.size)))
            else:
                again = LoudnessMeter(sr, 2)
                for a, b in self._windows():
                    again.feed(self._limited(a, b))
                got = again.lufs()
            if abs(got - self.target_lufs) < (0.05 if meter.fine else 0.15):
                break
            # Under the limiter a dB more gain gives less than a dB more loudness: aim by the
            # slope the last two tries showed (a secant step), which lands in one or two
            # passes where a plain step took four and stopped short.
            slope = 1.0
            if last is not None and abs(gain_db - last[0]) > 1e-6:
                slope = min(1.0, max(0.2, (got - last[1]) / (gain_db - last[0])))
            last = (gain_db, got)
            gain_db += (self.target_lufs - got) / slope
        # Rare: inter-sample overs after gain ramps; limit once more a little lower.
        env = np.concatenate([block_peaks(*self._margined(self._limited, a, b), a, b, hop)
                              for a, b in self._windows()])
        if env.size and float(20 * np.log10(max(float(env.max()), 1e-30))) > self.ceiling_dbtp:
            self.extra = limiter_curve(env, sr, self.ceiling_dbtp - 0.2)
        return self

    def _margined(self, fn: Callable[[int, int], np.ndarray], a: int,
                  b: int) -> tuple[np.ndarray, int]:
        lo, hi = max(0, a - MARGIN), min(self.n, b + MARGIN)
        return fn(lo, hi), lo

    def _limited(self, a: int, b: int) -> np.ndarray:
        """Samples ``[a, b)`` after the master gain and the limiter (float64)."""
        hop = max(1, int(LIMIT_HOP_S * self.sr))
        x = self.premix(a, b) * self.gain
        if self.curve is not None:
            x = x * _curve_at(self.curve, hop, a, b)[:, None]
        x = np.nan_to_num(x, copy=False)
        if self.extra is not None:
            x = x * _curve_at(self.extra, hop, a, b)[:, None]
        return x

    def read(self, a: int, b: int) -> np.ndarray:
        """Samples ``[a, b)`` of the mastered soundtrack, float32 ``(b - a, 2)``."""
        self.master()
        a, b = max(0, a), min(self.n, b)
        if b <= a:
            return np.zeros((0, 2), np.float32)
        if self.silent:
            return np.zeros((b - a, 2), np.float32)
        hop = max(1, int(LIMIT_HOP_S * self.sr))
        x = self._limited(a, b).astype(np.float32)
        for curve in self.finals:
            x = (np.asarray(x, dtype=np.float64) * _curve_at(curve, hop, a, b)[:, None]).astype(np.float32)
        return x

    def chunks(self, step: int = CHUNK) -> Iterator[np.ndarray]:
        """The mastered soundtrack in order, ``step`` samples at a time."""
        for a, b in self._windows(step):
            yield self.read(a, b)

    def peaks(self) -> np.ndarray:
        """The mastered soundtrack's true-peak envelope, maximum per limiter block."""
        hop = max(1, int(LIMIT_HOP_S * self.sr))
        return np.concatenate([np.zeros(0)] + [block_peaks(*self._margined(self.read, a, b), a, b, hop)
                                               for a, b in self._windows()])

    def limit_final(self, peaks: np.ndarray, ceiling_dbtp: float) -> None:
        """Limit the finished (float32) soundtrack once more so that a signal whose block
        peaks are ``peaks`` stays under ``ceiling_dbtp`` (see ``manju.stages.assemble.encode_peak_safe``)."""
        curve = limiter_curve(peaks, self.sr, ceiling_dbtp)
        if curve is not None:
            self.finals.append(curve)

    def close(self) -> None:
        """Drop the scratch file (reading again sums the buses again)."""
        if self._scratch is not None:
            self._scratch.close()
            self._scratch = None

    def to_array(self) -> np.ndarray:
        """The whole soundtrack in one array (short tracks and tests)."""
        self.master()
        if self.n == 0:
            return np.zeros((0, 2), np.float32)
        return np.concatenate(list(self.chunks()))


def _open_scratch(folder: Path | None) -> Any:
    """An unnamed binary file in ``folder``, or None (no folder, or it cannot be made)."""
    if folder is None:
        return None
    try:
        return tempfile.TemporaryFile(dir=folder)
    except OSError:
        return None  # the scratch file only saves time: without it the passes sum again


def _keep(scratch: Any, x: np.ndarray | None) -> Any:
    """Append ``x`` to ``scratch`` (flush it for ``None``); None once a write fails (a full
    disk or a file-size limit: the passes then sum the buses again, and the error that
    matters is the one writing the video reports)."""
    try:
        if x is None:
            scratch.flush()
        else:
            scratch.write(np.ascontiguousarray(x, dtype=np.float64).tobytes())
        return scratch
    except OSError:
        try:
            scratch.close()
        except OSError:
            pass
        return None


@dataclass
class _Plain:
    """Samples with a rate and a gain, shaped like a clip (for a bed's window)."""

    samples: np.ndarray
    sr: int
    gain_db: float

    def data(self) -> np.ndarray:
        return self.samples


def _activity(rms: np.ndarray, hop_s: float, threshold_db: float = -40.0,
              hold_s: float = 0.25) -> np.ndarray:
    """Speech flag per RMS hop (float 0/1), as :func:`manju.audio.mix.speech_activity`."""
    if rms.size == 0 or rms.max() <= 1e-9:
        return np.zeros(rms.size)
    active = rms > rms.max() * 10 ** (threshold_db / 20)
    hold = max(1, int(hold_s / hop_s))
    return (uniform_filter1d(active.astype(float), 2 * hold + 1, mode="constant") > 0).astype(float)
