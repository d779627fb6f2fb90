"""Synthesized sound effects and the words that call for them.

Every effect is made from numpy noise and oscillators (no samples, no downloads) and is
deterministic for a given ``seed``: door knock and slam, footsteps, rain and wind (seamless
loops for ambience), thunder, sword clash and draw, crowd murmur and a horn. Effects come out
mono (ambience stereo) at a common reference loudness, :data:`REF_LUFS`, so a mixer can set
their level relative to speech with one number.

:func:`cues_from_text` finds the effects a line names ("knocked", "door slammed", 敲门,
脚步, 雷, 剑...), and :func:`sfx_for_lines` turns a scene's lines into ``(line index,
effect)`` pairs for the soundtrack.
"""

from __future__ import annotations

import re
import zlib

import numpy as np
from scipy.signal import butter, sosfilt

__all__ = ["EFFECTS", "LOOPS", "REF_LUFS", "effect", "ambience", "cues_from_text",
           "sfx_for_lines"]

EFFECTS = ("knock", "slam", "footsteps", "rain", "thunder", "wind", "sword_clash",
           "sword_draw", "crowd", "horn")
"""Every effect :func:`effect` can make."""
LOOPS = ("rain", "wind")
"""Effects that also exist as seamless ambience loops (:func:`ambience`)."""
REF_LUFS = -20.0
"""Integrated loudness every effect is normalised to."""


def _rng(name: str, seed: int) -> np.random.Generator:
    return np.random.default_rng([zlib.crc32(name.encode()), int(seed) & 0xFFFFFFFF])


def _bp(x: np.ndarray, lo: float, hi: float, sr: int, order: int = 2) -> np.ndarray:
    sos = butter(order, [lo / (sr / 2), min(0.99, hi / (sr / 2))], btype="band", output="sos")
    return sosfilt(sos, x, axis=0)


def _lp(x: np.ndarray, f: float, sr: int, order: int = 2) -> np.ndarray:
    return sosfilt(butter(order, min(0.99, f / (sr / 2)), output="sos"), x, axis=0)


def _hp(x: np.ndarray, f: float, sr: int, order: int = 2) -> np.ndarray:
    return sosfilt(butter(order, f / (sr / 2), btype="high", output="sos"), x, axis=0)


def _decay(n: int, sr: int, tau: float, attack: float = 0.002) -> np.ndarray:
    t = np.arange(n) / sr
    return np.minimum(1.0, t / max(attack, 1e-4)) * np.exp(-t / tau)


def _place(out: np.ndarray, x: np.ndarray, at: int) -> None:
    if at < 0:
        x, at = x[-at:], 0
    b = min(out.shape[0], at + x.shape[0])
    if b > at:
        out[at:b] += x[: b - at]


def _modes(n: int, sr: int, freqs: list[float], taus: list[float], rng: np.random.Generator) -> np.ndarray:
    t = np.arange(n) / sr
    out = np.zeros(n)
    for f, tau in zip(freqs, taus, strict=True):
        out += np.sin(2 * np.pi * f * t + rng.uniform(0, 2 * np.pi)) * np.exp(-t / tau) / len(freqs)
    return out * np.minimum(1.0, t / 0.003)  # 3 ms attack: no step, no click


def _knock(sr: int, rng: np.random.Generator) -> np.ndarray:
    out = np.zeros(int(1.0 * sr))
    for k, at in enumerate((0.0, 0.2, 0.4)):
        n = int(0.18 * sr)
        hit = _lp(rng.standard_normal(n), 1800, sr) * _decay(n, sr, 0.012)
        body = _modes(n, sr, [150 * (1 + 0.03 * k), 240, 410], [0.05, 0.035, 0.02], rng)
        _place(out, (0.6 * hit + 1.4 * body) * (1.0 - 0.12 * k), int(at * sr))
    return out


def _slam(sr: int, rng: np.random.Generator) -> np.ndarray:
    n = int(1.3 * sr)
    thud = _lp(rng.standard_normal(n), 900, sr, 4) * _decay(n, sr, 0.05)
    boom = _modes(n, sr, [62, 95, 140], [0.25, 0.16, 0.1], rng) * 2.5
    rattle = _bp(rng.standard_normal(n), 1500, 4500, sr) * _decay(n, sr, 0.12) * 0.25
    rattle *= 0.6 + 0.4 * np.sign(np.sin(2 * np.pi * 23 * np.arange(n) / sr))
    return thud + boom + rattle


def _footsteps(sr: int, rng: np.random.Generator, steps: int = 6) -> np.ndarray:
    gap = 0.48
    out = np.zeros(int((steps * gap + 0.4) * sr))
    for k in range(steps):
        at = int((0.03 + k * gap + rng.uniform(-0.02, 0.02)) * sr)
        for lo, hi, tau, amp, dt in ((80, 900, 0.03, 1.0, 0.0), (300, 3000, 0.02, 0.5, 0.06)):
            n = int(0.15 * sr)
            x = _bp(rng.standard_normal(n), lo, hi, sr) * _decay(n, sr, tau, 0.004)
            _place(out, x * amp * (0.8 + 0.2 * rng.random()) * (1 if k % 2 else 0.85),
                   at + int(dt * sr))
    return out


def _looped(x: np.ndarray, sr: int, fade_s: float = 0.5) -> np.ndarray:
    """Make ``x`` loop seamlessly: crossfade its tail into its head (equal power)."""
    f = min(int(fade_s * sr), x.shape[0] // 3)
    head, body, tail = x[:f], x[f:-f] if f else x, x[-f:]
    if f == 0:
        return x
    w = np.sin(np.linspace(0, np.pi / 2, f))
    w = w[:, None] if x.ndim == 2 else w
    mixed = tail * np.cos(np.linspace(0, np.pi / 2, f)).reshape(w.shape) + head * w
    return np.concatenate([mixed, body])


def _rain(sr: int, rng: np.random.Generator, dur: float = 6.0) -> np.ndarray:
    n = int(dur * sr)
    chans = []
    for _ in range(2):
        hiss = _hp(_lp(rng.standard_normal(n), 7000, sr), 500, sr) * 0.5
        drops = np.zeros(n)
        idx = rng.integers(0, n, size=int(dur * 350))
        drops[idx] = rng.uniform(0.2, 1.0, idx.size) * rng.choice([-1, 1], idx.size)
        drops = _bp(drops, 1500, 9000, sr) * 3.0
        chans.append(hiss + drops)
    return _looped(np.stack(chans, axis=1), sr)


def _wind(sr: int, rng: np.random.Generator, dur: float = 8.0) -> np.ndarray:
    n = int(dur * sr)
    t = np.arange(n) / sr
    chans = []
    for c in range(2):
        noise = rng.standard_normal(n)
        # two band-passed layers whose balance drifts like gusts
        low, high = _bp(noise, 150, 500, sr), _bp(noise, 500, 1400, sr)
        lfo = 0.5 + 0.5 * np.sin(2 * np.pi * (0.11 + 0.03 * c) * t + rng.uniform(0, 6.28))
        gust = 0.55 + 0.45 * np.sin(2 * np.pi * 0.23 * t + rng.uniform(0, 6.28)) ** 2
        chans.append((low * (1 - 0.5 * lfo) + high * lfo * 0.8) * gust)
    return _looped(np.stack(chans, axis=1), sr, 1.0)


def _thunder(sr: int, rng: np.random.Generator) -> np.ndarray:
    n = int(3.5 * sr)
    t = np.arange(n) / sr
    crack = _bp(rng.standard_normal(n), 600, 5000, sr) * _decay(n, sr, 0.08, 0.008) * 0.2
    brown = np.cumsum(rng.standard_normal(n))
    brown = _hp(brown - brown.mean(), 25, sr)
    brown /= np.abs(brown).max() + 1e-9
    rumble = _lp(brown, 220, sr, 4)
    env = np.minimum(1, t / 0.12) * np.exp(-t / 1.1)
    flutter = 0.6 + 0.4 * np.abs(_lp(rng.standard_normal(n), 6, sr))
    flutter /= flutter.max()
    return crack + rumble / (np.abs(rumble).max() + 1e-9) * env * flutter * 1.5


def _sword_clash(sr: int, rng: np.random.Generator) -> np.ndarray:
    n = int(1.4 * sr)
    ring = _modes(n, sr, [1830, 2710, 3960, 5230, 6820], [0.45, 0.35, 0.25, 0.18, 0.12], rng)
    hit = _hp(rng.standard_normal(n), 2000, sr) * _decay(n, sr, 0.01, 0.001)
    return ring * 2.0 + hit


def _sword_draw(sr: int, rng: np.random.Generator) -> np.ndarray:
    n = int(1.0 * sr)
    t = np.arange(n) / sr
    scrape = rng.standard_normal(n)
    # a band sweeping upward as the blade leaves the scabbard
    out = np.zeros(n)
    seg = int(0.05 * sr)
    for a in range(0, int(0.6 * sr), seg):
        f = 1500 + 5000 * a / (0.6 * sr)
        out[a:a + seg] = _bp(scrape[a:a + seg + 64], f * 0.8, f * 1.25, sr)[:seg]
    out *= np.clip(t / 0.05, 0, 1) * np.clip((0.65 - t) / 0.1, 0, 1)
    ring = _modes(n, sr, [3100, 4870, 6400], [0.3, 0.2, 0.15], rng)
    ring *= (t >= 0.6)
    return out + ring * 0.8


def _crowd(sr: int, rng: np.random.Generator, dur: float = 4.0, voices: int = 14) -> np.ndarray:
    n = int(dur * sr)
    t = np.arange(n) / sr
    out = np.zeros(n)
    for _ in range(voices):
        f1, f2 = rng.uniform(350, 800), rng.uniform(1000, 2200)
        src = rng.standard_normal(n)
        f0 = rng.uniform(100, 240)
        buzz = np.sign(np.sin(2 * np.pi * f0 * t + 0.3 * np.sin(2 * np.pi * 3 * t))) * 0.3
        x = _bp(src + buzz, f1 * 0.8, f1 * 1.2, sr) + 0.5 * _bp(src + buzz, f2 * 0.85, f2 * 1.15, sr)
        syl = np.abs(_lp(rng.standard_normal(n), rng.uniform(3, 6), sr, 2))
        out += x * syl / (syl.max() + 1e-9)
    fade = np.clip(t / 0.4, 0, 1) * np.clip((dur - t) / 0.6, 0, 1)
    return out * fade


def _horn(sr: int, rng: np.random.Generator) -> np.ndarray:
    dur = 2.2
    n = int(dur * sr)
    t = np.arange(n) / sr
    f0 = 196.0 * (1 + 0.004 * np.sin(2 * np.pi * 5.2 * t) * np.clip((t - 0.4) / 0.5, 0, 1))
    phase = 2 * np.cumsum(np.pi * f0 / sr)
    tone = sum(np.sin(k * phase) / k ** 1.1 for k in range(1, 14))
    env = np.clip(t / 0.18, 0, 1) * np.clip((dur - t) / 0.5, 0, 1)
    bright = _lp(tone, 2500, sr, 2) * env
    return bright + 0.02 * _bp(rng.standard_normal(n), 300, 3000, sr) * env


_MAKERS = {"knock": _knock, "slam": _slam, "footsteps": _footsteps, "rain": _rain,
           "wind": _wind, "thunder": _thunder, "sword_clash": _sword_clash,
           "sword_draw": _sword_draw, "crowd": _crowd, "horn": _horn}


def _normalise(x: np.ndarray, sr: int, lufs: float = REF_LUFS) -> np.ndarray:
    from manju.audio.loudness import integrated_lufs

    x = np.asarray(x, dtype=np.float64)
    x -= x.mean(axis=0)
    edge = min(x.shape[0] // 2, int(0.003 * sr))
    if edge > 1:  # de-click the very ends
        ramp = np.linspace(0, 1, edge)
        ramp = ramp[:, None] if x.ndim == 2 else ramp
        x[:edge] *= ramp
        x[-edge:] *= ramp[::-1]
    cur = integrated_lufs(x, sr)
    if np.isfinite(cur):
        x *= 10 ** ((lufs - cur) / 20)
    peak = float(np.abs(x).max()) if x.size else 0.0
    if peak > 0.89:  # keep 1 dB of headroom on very peaky effects
        x *= 0.89 / peak
    return x.astype(np.float32)


def effect(name: str, sr: int = 48000, seed: int = 0) -> np.ndarray:
    """One effect as float32 samples at ``sr``, normalised to :data:`REF_LUFS`.

    Mono ``(n,)`` for one-shots, stereo ``(n, 2)`` for ``rain`` and ``wind``.
    Deterministic: the same name, rate and seed give the same samples.
    """
    if name not in _MAKERS:
        raise ValueError(f"unknown effect {name!r} (known: {', '.join(EFFECTS)})")
    return _normalise(_MAKERS[name](sr, _rng(name, seed)), sr)


def ambience(name: str, duration: float, sr: int = 48000, seed: int = 0) -> np.ndarray:
    """A stereo ``rain`` or ``wind`` bed of ``duration`` seconds (a seamless loop, tiled),
    with 1 s fades at both ends, at :data:`REF_LUFS`."""
    if name not in LOOPS:
        raise ValueError(f"no ambience loop for {name!r} (loops: {', '.join(LOOPS)})")
    loop = effect(name, sr, seed)
    n = max(0, int(round(duration * sr)))
    reps = -(-n // loop.shape[0]) if n else 0
    x = np.tile(loop, (reps, 1))[:n] if reps else np.zeros((0, 2), np.float32)
    f = min(n // 2, sr)
    if f > 1:
        ramp = np.sin(np.linspace(0, np.pi / 2, f))[:, None]
        x[:f] *= ramp
        x[-f:] *= ramp[::-1]
    return x.astype(np.float32)


# ---------------------------------------------------------------------------- keywords

_EN_RULES: list[tuple[str, str]] = [
    ("knock", r"\bknock(?:s|ed|ing)?\b|\brapp(?:ed|ing) (?:on|at) the door"),
    ("slam", r"\bslamm?(?:s|ed|ing)?\b|\bdoor (?:banged|crashed) (?:shut|closed)"),
    ("footsteps", r"\bfoot ?steps?\b|\bfootfalls?\b|\bsteps? (?:echoed|approached|on the stairs)"),
    ("thunder", r"\bthunder\w*|\blightning\b"),
    ("rain", r"\brain(?:s|ed|ing|drops?|fall|storm|water)?\b|\bdownpour\b|\bdrizzl\w*"),
    ("wind", r"\bwinds?\b(?! up\b)|\bgusts?\b|\bgale\b|\bwindy\b|\bbreeze\b"),
    ("sword_draw", r"\b(?:dr[ae]w|draws|drawing|unsheathe\w*|pulled out) (?:(?:his|her|their|a|the|my|your) )?(?:sword|blade|katana|sabre|saber)s?\b"),
    ("sword_clash", r"\bswords?\b|\bblades? (?:clash|met|rang)\w*|\bclang\w*|\bparr(?:y|ied|ies)\b"),
    ("crowd", r"\bcrowds?\b|\bcrowded\b|\bmurmur\w*|\bthrong\b"),
    ("horn", r"\bhorns?\b|\bbugles?\b|\btrumpets?\b"),
]
_ZH_RULES: list[tuple[str, str]] = [
    ("knock", r"敲门|敲了敲门|敲了敲|叩门|咚咚|笃笃"),
    ("slam", r"关门|摔门|甩上门|砰地关上|砰的一声|关上了门|门被撞开|撞开了门"),
    ("footsteps", r"脚步"),
    ("thunder", r"雷声|打雷|雷鸣|惊雷|闷雷|电闪雷鸣|雷电|闪电"),
    ("rain", r"雨"),
    ("wind", r"风声|狂风|大风|寒风|冷风|北风|风吹|刮风|风呼|风雪|微风|阵风|呼啸"),
    ("sword_draw", r"拔剑|拔出[了]?[长宝利]?剑|拔刀|拔出[了]?[长]?刀|剑出鞘|刀出鞘"),
    ("sword_clash", r"剑|刀光|交锋|兵刃|铛的一声"),
    ("crowd", r"人群|众人|议论纷纷|喧哗|人声鼎沸|围观"),
    ("horn", r"号角|号声|吹号|军号|喇叭"),
]


def cues_from_text(text: str, lang: str) -> list[tuple[str, int]]:
    """Effects a piece of text names, as ``(effect, character offset)`` in text order.

    ``lang`` is "en" or "zh" (Chinese text is also checked with the English rules when it
    contains Latin letters). At most one cue per effect; "sword" resolves to
    ``sword_draw`` when the text draws a blade and to ``sword_clash`` otherwise.
    """
    zh = (lang or "").lower().startswith(("zh", "cmn"))
    rules = list(_ZH_RULES) if zh else []
    if not zh or re.search(r"[A-Za-z]", text):
        rules += _EN_RULES
    found: dict[str, int] = {}
    for name, pat in rules:
        m = re.search(pat, text, flags=re.I)
        if m and name not in found:
            found[name] = m.start()
    if "sword_draw" in found and "sword_clash" in found:
        found.pop("sword_clash")
    return sorted(found.items(), key=lambda kv: kv[1])


def sfx_for_lines(lines: list[tuple[str, str]]) -> list[tuple[int, str]]:
    """``(line index, effect)`` for each effect named in ``lines`` of ``(text, lang)``.

    An effect named again within the next two lines is not repeated, and a line gets at
    most two effects, so a passage about the rain does not rain effects.
    """
    out: list[tuple[int, str]] = []
    last: dict[str, int] = {}
    for i, (text, lang) in enumerate(lines):
        n = 0
        for name, _off in cues_from_text(text, lang):
            if name in last and i - last[name] <= 2:
                last[name] = i
                continue
            last[name] = i
            if n < 2:
                out.append((i, name))
                n += 1
    return out
