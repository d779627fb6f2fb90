"""``tts.openai``: speech from any server that speaks the OpenAI ``/audio/speech`` API.

``POST {base_url}/audio/speech`` with JSON ``{"model", "input", "voice", "response_format",
"speed"}`` returns the audio bytes; ``response_format`` is ``"wav"`` (any PCM/float WAV) or
``"pcm"`` (raw 16-bit little-endian mono at ``pcm_rate``, 24 kHz for OpenAI). Works with
OpenAI itself and with local servers that copy its API.

Configuration comes from keyword arguments, else the environment:

============== ====================== ==============================================
argument       environment            meaning
============== ====================== ==============================================
base_url       MANJU_TTS_BASE_URL     e.g. ``http://127.0.0.1:8880/v1`` (required)
api_key        MANJU_TTS_API_KEY      bearer token (optional; never recorded)
model          MANJU_TTS_MODEL        default ``tts-1``
voices         MANJU_TTS_VOICES       JSON object: manju voice -> service voice name
============== ====================== ==============================================

Voice mapping: a line's voice is a manju voice dict (``{"engine", "voice": "en-us+f3",
"pitch", "speed", "lang"}``, possibly with ``gender``/``age``/``character``). The service
voice is looked up in ``voices`` by, in order: ``"character:<id>"``, the espeak voice string
(``"en-us+f3"``), ``"narrator"``, ``"<gender>_<age>"``, ``"<gender>"``, ``"default"``. A value
may be a list, from which one is picked by a stable hash of the manju voice, so distinct
characters of one gender get distinct service voices. Gender and age are inferred from the
espeak variant and pitch when the dict does not carry them.

``config`` (recorded with each clip and part of the voice cache key) holds base_url, model,
response_format, voices and speed handling -- never the API key.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import time
import urllib.error
import urllib.request
import wave
from typing import Any

import numpy as np

from manju.errors import BackendError

__all__ = ["OpenAITTS", "decode_audio", "DEFAULT_VOICES"]

DEFAULT_VOICES: dict[str, Any] = {
    "narrator": "fable",
    "female_child": "shimmer",
    "male_child": "shimmer",
    "female_old": "nova",
    "male_old": "onyx",
    "female": ["nova", "shimmer", "coral", "sage"],
    "male": ["onyx", "echo", "ash", "alloy"],
    "default": "alloy",
}
_FEMALE_VARIANTS = {"f1", "f2", "f3", "f4", "f5", "annie", "andrea", "alicia", "belinda",
                    "linda", "aunty", "grandma", "whisperf"}
_OLD_VARIANTS = {"grandpa", "croak", "grandma"}
_RETRY_STATUS = {408, 409, 425, 429, 500, 502, 503, 504}


def _parse_wav_bytes(data: bytes) -> tuple[np.ndarray, int]:
    """The server's WAV reply as float32 mono."""
    from manju.audio.wav import parse_wav

    try:
        return parse_wav(data)
    except ValueError as e:
        raise BackendError(f"tts.openai: the server's reply: {e}") from None


def decode_audio(data: bytes, response_format: str, pcm_rate: int = 24000) -> tuple[np.ndarray, int]:
    """Decode a ``/audio/speech`` reply: ``"wav"`` or ``"pcm"`` (s16le mono) -> float32 mono."""
    if data[:4] == b"RIFF":
        x, sr = _parse_wav_bytes(data)
    elif response_format == "pcm":
        raw = data[: len(data) - len(data) % 2]
        x, sr = np.frombuffer(raw, "<i2").astype(np.float32) / 32768.0, int(pcm_rate)
    elif response_format == "wav":
        raise BackendError("tts.openai: asked for WAV but the reply is not WAV audio")
    else:
        raise BackendError(f"tts.openai: response_format {response_format!r} is not supported "
                           "(use wav or pcm)")
    return np.clip(np.nan_to_num(x), -1.0, 1.0).astype(np.float32), sr


def _env_json(name: str) -> Any:
    raw = os.environ.get(name)
    if not raw:
        return None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as e:
        raise BackendError(f"{name} is not valid JSON: {e}") from None


class OpenAITTS:
    """``tts.openai``: an OpenAI-compatible speech server (see the module docstring)."""

    name = "openai"

    def __init__(self, base_url: str | None = None, api_key: str | None = None,
                 model: str | None = None, voices: dict[str, Any] | None = None,
                 response_format: str = "wav", pcm_rate: int = 24000, send_speed: bool = True,
                 timeout: float = 60.0, retries: int = 4, backoff: float = 0.5,
                 max_backoff: float = 20.0) -> None:
        base = base_url or os.environ.get("MANJU_TTS_BASE_URL", "")
        if not base:
            raise BackendError("tts.openai needs a server: set MANJU_TTS_BASE_URL "
                               "(e.g. http://127.0.0.1:8880/v1) or pass base_url")
        if not base.startswith(("http://", "https://")):
            raise BackendError(f"tts.openai: base_url must start with http:// or https:// "
                               f"(got {base!r})")
        if response_format not in ("wav", "pcm"):
            raise BackendError(f"tts.openai: response_format must be wav or pcm, "
                               f"not {response_format!r}")
        mapping = voices if voices is not None else _env_json("MANJU_TTS_VOICES")
        if mapping is not None and not isinstance(mapping, dict):
            raise BackendError("tts.openai: voices must map manju voices to service voice names")
        self._api_key = api_key if api_key is not None else os.environ.get("MANJU_TTS_API_KEY", "")
        self.base_url = base.rstrip("/")
        self.timeout, self.retries = float(timeout), max(0, int(retries))
        self.backoff, self.max_backoff = float(backoff), float(max_backoff)
        self.voices = {**DEFAULT_VOICES, **(mapping or {})}
        self.config: dict[str, Any] = {
            "base_url": self.base_url,
            "model": model or os.environ.get("MANJU_TTS_MODEL", "") or "tts-1",
            "response_format": response_format,
            "pcm_rate": int(pcm_rate),
            "send_speed": bool(send_speed),
            "voices": self.voices,
        }

    # -- voice mapping ---------------------------------------------------------------
    def service_voice(self, voice: dict[str, Any]) -> str:
        """The service's voice name for a manju voice dict (see the module docstring)."""
        espeak = str(voice.get("voice", ""))
        variant = espeak.split("+", 1)[1].lower() if "+" in espeak else ""
        gender = voice.get("gender") or ("female" if variant in _FEMALE_VARIANTS else
                                         "male" if variant else "unknown")
        age = voice.get("age") or ("old" if variant in _OLD_VARIANTS else
                                   "child" if int(voice.get("pitch", 50)) >= 80 else "adult")
        keys = []
        if voice.get("character"):
            keys.append(f"character:{voice['character']}")
        keys.append(espeak)
        if voice.get("narrator") or self._is_narrator(voice):
            keys.append("narrator")
        keys += [f"{gender}_{age}", str(gender), "default"]
        for k in keys:
            if k in self.voices and self.voices[k]:
                choice = self.voices[k]
                if isinstance(choice, (list, tuple)):
                    h = hashlib.sha256(f"{espeak}|{voice.get('pitch')}|{voice.get('character')}"
                                       .encode()).digest()
                    return str(choice[h[0] % len(choice)])
                return str(choice)
        return "alloy"

    @staticmethod
    def _is_narrator(voice: dict[str, Any]) -> bool:
        from manju.audio.voices import NARRATOR, assign_voices

        lang = "zh" if str(voice.get("voice", "")).startswith("cmn") else "en"
        n = assign_voices([], lang)[NARRATOR]
        return voice.get("voice") == n.voice and int(voice.get("pitch", -1)) == n.pitch

    # -- requests ----------------------------------------------------------------------
    def _request(self, payload: dict[str, Any]) -> bytes:
        url = f"{self.base_url}/audio/speech"
        body = json.dumps(payload).encode("utf-8")
        headers = {"Content-Type": "application/json"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        last = ""
        for attempt in range(self.retries + 1):
            wait = min(self.max_backoff, self.backoff * 2 ** attempt)
            req = urllib.request.Request(url, data=body, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                    data = resp.read()
                if not data:
                    raise BackendError(f"tts.openai: {url} returned no audio")
                return data
            except urllib.error.HTTPError as e:
                detail = _error_detail(e)
                if e.code in (401, 403):
                    raise BackendError(f"tts.openai: {url} rejected the API key (HTTP {e.code}"
                                       f"{': ' + detail if detail else ''}); set MANJU_TTS_API_KEY"
                                       ) from None
                if e.code == 404:
                    raise BackendError(f"tts.openai: no speech endpoint at {url} (HTTP 404); "
                                       "check MANJU_TTS_BASE_URL (it usually ends in /v1)") from None
                if e.code not in _RETRY_STATUS:
                    raise BackendError(f"tts.openai: {url} refused the request (HTTP {e.code}"
                                       f"{': ' + detail if detail else ''})") from None
                last = f"HTTP {e.code}{': ' + detail if detail else ''}"
                retry_after = e.headers.get("Retry-After") if e.headers else None
                if retry_after:
                    try:
                        wait = min(self.max_backoff, max(0.0, float(retry_after)))
                    except ValueError:
                        pass
            except urllib.error.URLError as e:
                last = f"cannot reach the server ({e.reason})"
            except (TimeoutError, OSError) as e:
                last = f"connection failed ({e or type(e).__name__})"
            if attempt < self.retries:
                time.sleep(wait)
        raise BackendError(f"tts.openai: {url} failed after {self.retries + 1} tries: {last}")

    def synthesize(self, text: str, voice: dict[str, Any]) -> tuple[np.ndarray, int]:
        """Speak ``text`` with the service voice mapped from ``voice``; float32 mono + rate."""
        if not text.strip():
            return np.zeros(int(0.25 * 24000), np.float32), 24000
        payload: dict[str, Any] = {
            "model": self.config["model"],
            "input": text,
            "voice": self.service_voice(voice),
            "response_format": self.config["response_format"],
        }
        if self.config["send_speed"]:
            speed = float(voice.get("speed", 165)) / 165.0
            payload["speed"] = round(min(4.0, max(0.25, speed)), 2)
        data = self._request(payload)
        x, sr = decode_audio(data, self.config["response_format"], self.config["pcm_rate"])
        if x.size == 0:
            raise BackendError("tts.openai: the server returned empty audio")
        return x, sr


def _error_detail(e: urllib.error.HTTPError) -> str:
    """The ``error.message`` of an OpenAI-style JSON error body, else a short text excerpt."""
    try:
        raw = e.read()
    except Exception:  # noqa: BLE001 -- the body is only decoration for the message
        return ""
    try:
        obj = json.loads(raw)
        msg = obj.get("error", {}).get("message") if isinstance(obj.get("error"), dict) else obj.get("error")
        if msg:
            return str(msg)[:200]
    except (ValueError, AttributeError):
        pass
    return raw.decode("utf-8", "replace").strip()[:200]


def _wav_bytes(x: np.ndarray, sr: int) -> bytes:
    """16-bit WAV bytes of mono float samples (for tests and fake servers)."""
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(int(sr))
        w.writeframes((np.clip(x, -1, 1) * 32767).astype("<i2").tobytes())
    return buf.getvalue()
