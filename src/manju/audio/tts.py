"""Offline speech synthesis with espeak-ng.

espeak-ng is called as a subprocess (``--stdout`` WAV); its 22050 Hz output is resampled
to :data:`SR`, trimmed and peak-normalised. Mandarin uses the ``cmn-latn-pinyin`` voice;
plain ``cmn`` is never used. Text goes through :mod:`manju.audio.textnorm` first: numbers,
abbreviations and money are spelled out, and Chinese is handed to espeak as tone-numbered
pinyin so polyphones (船长, 银行, 重新) are read right. English names inside Chinese that
espeak would read as pinyin are spoken by the same variant of the English voice.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from math import gcd

import numpy as np
from scipy.signal import resample_poly

from manju.audio.analysis import fade_edges, trim_silence
from manju.audio.voices import SR, VoiceSpec
from manju.errors import BackendError

__all__ = ["SR", "TTSError", "synthesize", "speech_text", "espeak_available"]

_PEAK = 10 ** (-3.0 / 20.0)  # -3 dBFS
_PAD_S = 0.04
_SILENCE_S = 0.25
_TIMEOUT_S = 60.0


#: how to get espeak-ng, said whenever it cannot be found
INSTALL_HINT = ("install it with `sudo apt-get install espeak-ng` (Debian/Ubuntu), "
                "`brew install espeak-ng` (macOS) or from "
                "https://github.com/espeak-ng/espeak-ng/releases, then run the command again")


class TTSError(BackendError):
    """Speech synthesis failed (engine missing, bad voice, engine error)."""


def _espeak_binary() -> str | None:
    return shutil.which("espeak-ng") or shutil.which("espeak")


def espeak_available() -> bool:
    """Return True when an espeak-ng (or espeak) executable is on PATH."""
    return _espeak_binary() is not None


@functools.lru_cache(maxsize=4)
def _voice_names(exe: str) -> tuple[frozenset[str], frozenset[str]]:
    """(language/voice names, variant names) known to this espeak-ng, lower-cased."""
    langs: set[str] = set()
    variants: set[str] = set()
    for arg, target in (("--voices", langs), ("--voices=variant", variants)):
        try:
            out = subprocess.run([exe, arg], capture_output=True, timeout=20, check=False)
        except (OSError, subprocess.TimeoutExpired):
            continue
        for line in out.stdout.decode("utf-8", "replace").splitlines()[1:]:
            cols = line.split()
            if len(cols) < 5:
                continue
            if target is variants:
                target.add(cols[4].split("/", 1)[-1].lower())
                target.add(cols[3].lower())
            else:
                target.update({cols[1].lower(), cols[3].lower(), cols[4].lower()})
                target.update(a.lower() for a in re.findall(r"\(([^\s()]+) \d+\)", line))
    return frozenset(langs), frozenset(variants)


def _check_voice(exe: str, voice: str) -> None:
    langs, variants = _voice_names(exe)
    if not langs:  # could not list voices: let espeak decide
        return
    base, _, variant = voice.partition("+")
    if base.lower() not in langs:
        raise TTSError(f"espeak-ng has no voice {base!r} (see `espeak-ng --voices`)")
    if variant and variants and variant.lower() not in variants:
        raise TTSError(f"espeak-ng has no variant {variant!r} (see `espeak-ng --voices=variant`)")


def _speakable(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _clean(text: str) -> str:
    # "[[" switches espeak to phoneme input; keep text plain. Emoji are drawn in the balloon,
    # not read out ("grinning face"). Collapse whitespace.
    from manju.render.emoji import strip_emoji

    text = strip_emoji(text).replace("[[", "[ [").replace("]]", "] ]")
    return " ".join(text.split())


def _parse_wav(data: bytes) -> tuple[np.ndarray, int]:
    """espeak-ng's streamed WAV as float32 mono."""
    from manju.audio.wav import parse_wav

    try:
        return parse_wav(data)
    except ValueError as e:
        raise TTSError(f"espeak-ng output: {e}") from None


def _resample(x: np.ndarray, sr_in: int, sr_out: int) -> np.ndarray:
    if sr_in == sr_out or x.size == 0:
        return x.astype(np.float32, copy=False)
    g = gcd(sr_in, sr_out)
    return resample_poly(x, sr_out // g, sr_in // g).astype(np.float32)


def run_espeak(text: str, spec: VoiceSpec) -> tuple[np.ndarray, int]:
    """Run espeak-ng once and return its raw (untrimmed) mono float32 output and rate."""
    exe = _espeak_binary()
    if exe is None:
        raise TTSError(f"espeak-ng is not installed (it speaks the offline voices); {INSTALL_HINT}")
    if spec.engine != "espeak":
        raise TTSError(f"tts engine {spec.engine!r} is not handled by manju.audio.tts")
    _check_voice(exe, spec.voice)
    cmd = [
        exe,
        "-v", spec.voice,
        "-p", str(int(np.clip(spec.pitch, 0, 99))),
        "-s", str(int(np.clip(spec.speed, 80, 450))),
        "-b", "1",  # UTF-8 input
        "--stdout",
    ]
    try:
        proc = subprocess.run(
            cmd, input=text.encode("utf-8"), capture_output=True, timeout=_TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise TTSError(f"espeak-ng timed out after {_TIMEOUT_S:.0f} s") from exc
    except OSError as exc:
        raise TTSError(f"could not run espeak-ng ({exc.strerror or exc}); {INSTALL_HINT}") from exc
    err = proc.stderr.decode("utf-8", "replace").strip()
    if proc.returncode != 0 or not proc.stdout:
        raise TTSError(f"espeak-ng failed for voice {spec.voice!r}: {err or proc.returncode}")
    return _parse_wav(proc.stdout)


_JOIN_S = 0.06  # gap between a Chinese run and an English name spoken separately


def _segment_voice(spec: VoiceSpec, seg_lang: str, line_lang: str) -> VoiceSpec:
    """The voice for one run: English runs in a Chinese line use en-us with the same variant."""
    if seg_lang == line_lang:
        return spec
    base = "en-us" if seg_lang == "en" else "cmn-latn-pinyin"
    voice = f"{base}+{spec.variant}" if spec.variant else base
    return VoiceSpec(engine=spec.engine, voice=voice, pitch=spec.pitch, speed=spec.speed,
                     lang=seg_lang)


def speech_text(text: str, spec: VoiceSpec) -> list[tuple[str, str]]:
    """The ``(lang, text)`` runs espeak is given for ``text`` (see :mod:`manju.audio.textnorm`)."""
    from manju.audio.textnorm import speech_segments

    lang = "zh" if spec.base.lower().startswith("cmn") or spec.lang == "zh" else "en"
    return speech_segments(_clean(text), lang)


def synthesize(text: str, spec: VoiceSpec) -> np.ndarray:
    """Speak ``text`` offline with espeak-ng and return mono float32 samples at :data:`SR`.

    Leading/trailing silence is trimmed to ~40 ms and the result is peak-normalised to
    about -3 dBFS. Text with nothing speakable (empty, punctuation only) returns 0.25 s of
    silence. Raises :class:`TTSError` when espeak-ng is missing or fails.
    """
    cleaned = _clean(text)
    if not _speakable(cleaned):
        return np.zeros(int(_SILENCE_S * SR), dtype=np.float32)
    runs = [(lg, _clean(t)) for lg, t in speech_text(cleaned, spec) if _speakable(t)]
    if not runs:
        return np.zeros(int(_SILENCE_S * SR), dtype=np.float32)
    line_lang = "zh" if spec.base.lower().startswith("cmn") or spec.lang == "zh" else "en"
    pieces: list[np.ndarray] = []
    rate = 22050
    for lg, t in runs:
        pcm, r = run_espeak(t, _segment_voice(spec, lg, line_lang))
        pcm = _resample(pcm - float(np.mean(pcm)) if pcm.size else pcm, r, rate)
        if len(runs) > 1:
            pcm = trim_silence(pcm, rate, pad_s=_JOIN_S / 2)
            if pieces:
                pieces.append(np.zeros(int(_JOIN_S * rate / 2), dtype=np.float32))
        pieces.append(pcm)
    pcm = np.concatenate(pieces) if pieces else np.zeros(0, np.float32)
    x = trim_silence(pcm, rate, _PAD_S)
    if x.size == 0:
        return np.zeros(int(_SILENCE_S * SR), dtype=np.float32)
    x = _resample(x, rate, SR)
    peak = float(np.max(np.abs(x)))
    if peak > 0:
        x = x * (_PEAK / peak)
    return fade_edges(x.astype(np.float32), SR)
