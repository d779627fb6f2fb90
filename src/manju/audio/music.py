"""Generated background music: pure numpy synthesis, one loop per mood and seed.

A cue is a loop of a chord progression rendered with wavetable oscillators: a detuned
stereo pad, a bass line, an arpeggio, a seeded melody on alternate passes and, for the
lively moods, soft drums. Note tails wrap around the loop end and the low-pass and room
reverb are applied circularly, so the loop repeats without a seam; the returned cue is the
loop tiled to the requested duration with a fade in and a fade out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.signal import butter, oaconvolve, sosfilt

from manju.audio.loudness import integrated_lufs

__all__ = ["MOODS", "MUSIC_LUFS", "score", "score_loop"]

MOODS = ("calm", "tense", "sad", "happy", "action", "romantic")
MUSIC_LUFS = -18.0
"""Integrated loudness a cue is normalised to (before the mix sets it under the voices)."""

_TABLE = 4096
_MAJOR = (0, 2, 4, 5, 7, 9, 11)
_MINOR = (0, 2, 3, 5, 7, 8, 10)


@dataclass(frozen=True)
class _Style:
    tempo: float
    root: int  # MIDI note of the key's tonic (octave 3)
    scale: tuple[int, ...]
    progressions: tuple[tuple[int, ...], ...]  # scale degrees (0-based), one chord per unit
    bars_per_chord: int
    passes: int  # progression repeats per loop (melody on odd passes)
    bass_step: float  # beats between bass notes
    arp_step: float  # beats between arpeggio notes (0 = none)
    melody_steps: tuple[float, ...]  # note lengths (beats) the melody draws from
    drums: str  # "" | "soft" | "drive" | "pulse"
    cutoff: float  # low-pass Hz
    pad_attack: float
    brightness: float  # 0..1, harmonic richness


_STYLES: dict[str, _Style] = {
    "calm": _Style(72, 50, _MAJOR, ((0, 5, 3, 4), (0, 3, 5, 4)), 2, 2, 4, 1.0, (2, 1, 3), "",
                   5500, 1.2, 0.3),
    "tense": _Style(92, 48, _MINOR, ((0, 0, 5, 4), (0, 1, 0, 4)), 1, 4, 0.5, 0.0, (1, 2, 0.5),
                    "pulse", 4500, 0.9, 0.45),
    "sad": _Style(62, 45, _MINOR, ((0, 5, 2, 6), (0, 3, 5, 4)), 2, 2, 2, 1.0, (2, 1, 3), "",
                  4500, 1.5, 0.3),
    "happy": _Style(112, 55, _MAJOR, ((0, 4, 5, 3), (0, 3, 4, 3)), 1, 4, 1, 0.5, (1, 0.5, 1.5),
                    "soft", 7000, 0.3, 0.55),
    "action": _Style(132, 52, _MINOR, ((0, 5, 6, 0), (0, 6, 5, 6)), 1, 4, 0.5, 0.5,
                     (0.5, 1, 0.5), "drive", 7500, 0.2, 0.65),
    "romantic": _Style(76, 53, _MAJOR, ((3, 4, 2, 5), (0, 2, 3, 4)), 2, 2, 2, 1.0, (2, 1, 1.5),
                       "", 5000, 1.4, 0.35),
}


def _mtof(m: float) -> float:
    return 440.0 * 2 ** ((m - 69) / 12)


def _wavetable(harmonics: list[float]) -> np.ndarray:
    ph = np.arange(_TABLE) * (2 * np.pi / _TABLE)
    w = sum(a * np.sin((k + 1) * ph) for k, a in enumerate(harmonics) if a)
    return (w / np.max(np.abs(w))).astype(np.float64)


def _tables(brightness: float) -> dict[str, np.ndarray]:
    b = brightness
    return {
        "pad": _wavetable([1, 0.35 * b, 0.25 * b, 0.12 * b, 0.08 * b, 0.04 * b]),
        "bass": _wavetable([1, 0.35, 0.12 * b, 0.05 * b]),
        "pluck": _wavetable([1, 0.5, 0.3 * b, 0.2 * b, 0.1 * b, 0.06 * b, 0.03 * b]),
        "lead": _wavetable([1, 0.2, 0.12, 0.03]),
    }


def _osc(table: np.ndarray, freq: float, n: int, sr: int, phase: float) -> np.ndarray:
    idx = (np.arange(n) * (freq * _TABLE / sr) + phase * _TABLE).astype(np.int64) & (_TABLE - 1)
    return table[idx]


def _env(n: int, sr: int, attack: float, release: float, decay: float = 0.0,
         sustain: float = 1.0) -> np.ndarray:
    """Piecewise envelope over ``n`` samples: attack, optional exponential decay, release."""
    t = np.arange(n) / sr
    env = np.minimum(1.0, t / max(attack, 1e-3))
    if decay > 0:
        env *= sustain + (1 - sustain) * np.exp(-np.maximum(t - attack, 0) / decay)
    rel = int(release * sr)
    if rel > 0 and n > 1:
        r = min(rel, n)
        env[-r:] *= np.cos(np.linspace(0, np.pi / 2, r)) ** 2
    # raised-cosine attack is softer than linear
    return env * env * (3 - 2 * env) if attack > 0.05 else env


class _Canvas:
    """A circular stereo buffer: notes that run past the end wrap to the start."""

    def __init__(self, n: int, sr: int) -> None:
        self.buf = np.zeros((n, 2))
        self.sr = sr

    def add(self, start_s: float, mono: np.ndarray, pan: float = 0.0, gain: float = 1.0) -> None:
        n = self.buf.shape[0]
        s = int(round(start_s * self.sr)) % n
        ang = (pan + 1) * np.pi / 4
        gl, gr = np.cos(ang) * gain, np.sin(ang) * gain
        pos = 0
        while pos < mono.size:
            take = min(mono.size - pos, n - s)
            seg = mono[pos : pos + take]
            self.buf[s : s + take, 0] += gl * seg
            self.buf[s : s + take, 1] += gr * seg
            pos += take
            s = 0


def _chord(style: _Style, degree: int, root: int) -> list[int]:
    sc = style.scale

    def note(d: int) -> int:
        return root + sc[d % 7] + 12 * (d // 7)

    return [note(degree), note(degree + 2), note(degree + 4), note(degree + 6)]


def _drums(c: _Canvas, style: _Style, beats: float, beat_s: float, rng: np.random.Generator) -> None:
    sr = c.sr
    t = np.arange(int(0.35 * sr)) / sr
    kick = np.sin(2 * np.pi * np.cumsum(45 + 70 * np.exp(-t / 0.03)) / sr) * np.exp(-t / 0.12)
    nh = int(0.06 * sr)
    hat = rng.standard_normal(nh) * np.exp(-np.arange(nh) / (0.012 * sr))
    hat = sosfilt(butter(2, 6000, "highpass", fs=sr, output="sos"), hat)
    ns = int(0.2 * sr)
    ts = np.arange(ns) / sr
    snare = sosfilt(butter(2, [900, 5000], "bandpass", fs=sr, output="sos"),
                    rng.standard_normal(ns)) * np.exp(-ts / 0.05)
    snare += 0.5 * np.sin(2 * np.pi * 185 * ts) * np.exp(-ts / 0.04)
    b = 0.0
    while b < beats - 1e-9:
        beat_in_bar = b % 4
        when = b * beat_s
        if style.drums == "pulse":
            if beat_in_bar in (0.0, 0.5):  # heartbeat
                c.add(when, kick, 0.0, 0.55 if beat_in_bar == 0 else 0.35)
            b += 0.5
            continue
        if beat_in_bar == int(beat_in_bar):
            if style.drums == "drive" or beat_in_bar in (0, 2):
                c.add(when, kick, 0.0, 0.8)
            if beat_in_bar in (1, 3):
                c.add(when, snare, 0.1, 0.22 if style.drums == "soft" else 0.3)
        c.add(when, hat, -0.35 if beat_in_bar % 1 else 0.35, 0.1 if style.drums == "soft" else 0.13)
        b += 0.5


def _melody(style: _Style, root: int, chords: list[list[int]], chord_beats: float,
            rng: np.random.Generator) -> list[tuple[float, float, int]]:
    """(start beat, length beats, midi) notes: a random walk pulled towards chord tones."""
    scale_notes = sorted({root + 12 + o + s for o in (0, 12) for s in style.scale})
    total = chord_beats * len(chords)
    notes: list[tuple[float, float, int]] = []
    b = 0.0
    idx = len(scale_notes) // 2
    while b < total - 1e-9:
        length = float(rng.choice(style.melody_steps))
        length = min(length, total - b)
        chord = chords[int(b // chord_beats) % len(chords)]
        if b % 1 == 0 and rng.random() < 0.7:  # strong beat: snap to a chord tone
            pcs = {n % 12 for n in chord[:3]}
            near = [i for i, n in enumerate(scale_notes) if n % 12 in pcs]
            idx = min(near, key=lambda i: abs(i - idx))
        else:
            idx = int(np.clip(idx + rng.choice([-2, -1, -1, 1, 1, 2]), 0, len(scale_notes) - 1))
        if rng.random() > 0.15:  # a few rests
            notes.append((b, length, scale_notes[idx]))
        b += length
    return notes


def _render_loop(mood: str, sr: int, seed: int) -> np.ndarray:
    style = _STYLES[mood]
    rng = np.random.default_rng([seed, MOODS.index(mood)])
    root = style.root + int(rng.integers(-2, 3))
    prog = style.progressions[int(rng.integers(len(style.progressions)))]
    beat_s = 60.0 / style.tempo
    chord_beats = 4.0 * style.bars_per_chord
    pass_beats = chord_beats * len(prog)
    total_beats = pass_beats * style.passes
    c = _Canvas(int(round(total_beats * beat_s * sr)), sr)
    tabs = _tables(style.brightness)
    chords = [_chord(style, d, root) for d in prog]
    for p in range(style.passes):
        base = p * pass_beats
        for i, ch in enumerate(chords):
            start = (base + i * chord_beats) * beat_s
            dur = chord_beats * beat_s
            # pad: triad + 7th (quieter), two detuned voices panned apart
            n = int((dur + 1.2) * sr)
            env = _env(n, sr, style.pad_attack, 1.6)
            for j, m in enumerate(ch):
                g = 0.16 if j < 3 else 0.07
                for det, pan in ((-5, -0.6), (5, 0.6)):
                    f = _mtof(m + det / 100)
                    c.add(start, _osc(tabs["pad"], f, n, sr, rng.random()) * env, pan, g)
            # bass
            bn = int(style.bass_step * beat_s * sr)
            benv = _env(bn + int(0.08 * sr), sr, 0.012, 0.08, decay=0.5, sustain=0.55)
            bass_note = ch[0] - 12 if ch[0] - 12 >= 36 else ch[0]
            k = 0.0
            while k < chord_beats - 1e-9:
                m = bass_note + (12 if style.bass_step <= 0.5 and int(k * 2) % 4 == 3 else 0)
                c.add(start + k * beat_s, _osc(tabs["bass"], _mtof(m), benv.size, sr, 0) * benv,
                      0.0, 0.42)
                k += style.bass_step
            # arpeggio
            if style.arp_step > 0:
                an = int(max(style.arp_step * beat_s * 2.5, 0.4) * sr)
                aenv = _env(an, sr, 0.006, 0.15, decay=0.35 * style.arp_step * beat_s + 0.1,
                            sustain=0.0)
                pattern = [ch[0] + 12, ch[1] + 12, ch[2] + 12, ch[3] + 12, ch[2] + 12, ch[1] + 12]
                k, q = 0.0, 0
                while k < chord_beats - 1e-9:
                    m = pattern[q % len(pattern)]
                    wave = _osc(tabs["pluck"], _mtof(m), an, sr, 0) * aenv
                    c.add(start + k * beat_s, wave, -0.35 if q % 2 else 0.35, 0.11)
                    k += style.arp_step
                    q += 1
        if p % 2 == 1:
            for b, length, m in _melody(style, root, chords, chord_beats, rng):
                n = int((length * beat_s + 0.25) * sr)
                env = _env(n, sr, 0.04, 0.25, decay=0.8, sustain=0.7)
                c.add((base + b) * beat_s, _osc(tabs["lead"], _mtof(m), n, sr, 0) * env, 0.1, 0.13)
    if style.drums:
        _drums(c, style, total_beats, beat_s, rng)
    return _finish(c.buf, style, sr, rng)


def _circular_filter(sos: np.ndarray, x: np.ndarray, warm: int) -> np.ndarray:
    """``x`` filtered in place as a loop (warmed up on its own end), one channel and one block
    at a time: the same samples as filtering the whole at once, with little scratch memory."""
    warm = min(warm, x.shape[0])
    step = 1 << 18
    for ch in range(x.shape[1]):
        col = x[:, ch]
        # The state after the loop's end, carried through the channel block by block: the
        # same arithmetic as filtering the whole, without whole-length copies.
        _, zi = sosfilt(sos, col[-warm:], zi=np.zeros((sos.shape[0], 2)))
        for a in range(0, col.size, step):
            col[a : a + step], zi = sosfilt(sos, col[a : a + step], zi=zi)
    return x


def _room(x: np.ndarray, sr: int, rng: np.random.Generator, wet: float = 0.18) -> np.ndarray:
    """Cheap stereo room reverb: circular convolution with decaying noise (seamless loops)."""
    n = x.shape[0]
    ir_n = min(int(1.6 * sr), n)
    t = np.arange(ir_n) / sr
    lp = butter(1, 3500, "lowpass", fs=sr, output="sos")
    for ch in range(2):
        ir = rng.standard_normal(ir_n) * np.exp(-t / 0.35)
        ir[: int(0.012 * sr)] = 0.0  # pre-delay
        ir = sosfilt(lp, ir)
        ir /= np.sqrt(np.sum(ir**2))
        # Convolved a block at a time and added around the loop (the tail past the end
        # wraps to the start: circular convolution); the whole at once held several copies
        # of the loop in FFT blocks.
        wetsig = np.zeros(n)
        step = 1 << 18
        for a in range(0, n, step):
            part = oaconvolve(x[a : a + step, ch], ir)
            head = min(part.size, n - a)
            wetsig[a : a + head] += part[:head]
            wetsig[: part.size - head] += part[head:]
        wetsig *= wet
        x[:, ch] += wetsig  # in place: the dry channel is not read again
    return x


def _finish(x: np.ndarray, style: _Style, sr: int, rng: np.random.Generator) -> np.ndarray:
    warm = int(0.5 * sr)
    x = _circular_filter(butter(2, min(style.cutoff, 0.45 * sr), "lowpass", fs=sr, output="sos"),
                         x, warm)
    x = _circular_filter(butter(2, 35, "highpass", fs=sr, output="sos"), x, warm)
    x = _room(x, sr, rng)
    lufs = integrated_lufs(x, sr)
    if np.isfinite(lufs):
        x *= 10 ** ((MUSIC_LUFS - lufs) / 20)
    peak = float(np.max(np.abs(x)))
    if peak > 0.7:
        x *= 0.7 / peak
    return x


def score(mood: str, duration: float, sr: int = 48000, seed: int = 0) -> np.ndarray:
    """Background music for ``mood`` lasting ``duration`` seconds, stereo float32 ``(n, 2)``.

    ``mood`` is one of :data:`MOODS` (unknown moods fall back to "calm"). The cue is a
    seamless loop (chords/pad, bass, arpeggio, a melody on alternate passes, soft drums for
    happy/action, a heartbeat pulse for tense), low-passed with a small room reverb, tiled
    to length, with a 1 s fade in and a 2 s fade out, normalised to about
    :data:`MUSIC_LUFS`. Deterministic for a given (mood, duration, sr, seed).
    """
    if int(round(duration * sr)) <= 0:
        return np.zeros((0, 2), dtype=np.float32)
    return fit(score_loop(mood, sr, seed), duration, sr)


def fit(loop: np.ndarray, duration: float, sr: int = 48000) -> np.ndarray:
    """A loop from :func:`score_loop` tiled to ``duration`` seconds with a 1 s fade in and a
    2 s fade out, stereo float32 ``(n, 2)``: cheap, so a scene whose length changes gets its
    music again without composing the loop anew."""
    n = max(0, int(round(duration * sr)))
    if n == 0 or loop.shape[0] == 0:
        return np.zeros((n, 2), dtype=np.float32)
    src = np.asarray(loop, dtype=np.float32)
    out = np.empty((n, 2), dtype=np.float32)  # filled in place: a long scene holds one copy
    for a in range(0, n, src.shape[0]):
        out[a : a + src.shape[0]] = src[: n - a]
    fi = min(int(1.0 * sr), n // 3)
    fo = min(int(2.0 * sr), n // 3)
    if fi > 1:
        out[:fi] *= (np.sin(np.linspace(0, np.pi / 2, fi)) ** 2)[:, None]
    if fo > 1:
        out[-fo:] *= (np.cos(np.linspace(0, np.pi / 2, fo)) ** 2)[:, None]
    return out


def score_loop(mood: str, sr: int = 48000, seed: int = 0) -> np.ndarray:
    """One seamless loop of the cue for ``mood`` (no fades), stereo float32 ``(n, 2)``."""
    if mood not in _STYLES:
        mood = "calm"
    return _render_loop(mood, sr, seed).astype(np.float32)
