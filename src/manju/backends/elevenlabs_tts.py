"""``tts.elevenlabs``: speech from the ElevenLabs API, with instant voice cloning.

Speech: ``POST {base_url}/v1/text-to-speech/{voice_id}?output_format=pcm_24000`` with JSON
``text``, ``model_id`` and ``voice_settings`` answers the audio itself (raw 16-bit PCM at
24 kHz for that format). Cloning: ``POST {base_url}/v1/voices/add`` (multipart: ``name``, one
or more ``files``, ``remove_background_noise``, ``description``) answers the new
``voice_id``, which ElevenLabs assigns; ``GET {base_url}/v1/voices/{voice_id}`` says whether a
voice exists and ``GET {base_url}/v1/voices`` lists the account's voices. The key goes in the
``xi-api-key`` header. Errors are HTTP statuses with ``{"detail": {"status", "message"}}``:
401 a bad key, 429 too many requests (retried, honouring ``Retry-After``), 5xx (retried), 422
a request it cannot read.

A clone is named ``manju-`` and 16 hex digits of the recording's sha256, so a run stopped
while the clone request was out finds the voice by its name instead of cloning again.

Configuration (arguments, else environment): ``base_url`` / ``MANJU_ELEVENLABS_BASE_URL``
(default ``https://api.elevenlabs.io``), ``api_key`` / ``MANJU_ELEVENLABS_API_KEY`` (never
recorded), ``model`` / ``MANJU_ELEVENLABS_MODEL`` (default ``eleven_multilingual_v2``, which
speaks Chinese and English), ``voices`` / ``MANJU_ELEVENLABS_VOICES`` (JSON: manju voice ->
ElevenLabs voice id, see :mod:`manju.backends.voice_table`).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import urllib.parse
from collections.abc import Callable
from typing import Any

import numpy as np

from manju.backends.image_http import HttpClient, parse_json
from manju.backends.protocols import CloneLimits
from manju.backends.voice_table import pick
from manju.errors import BackendError

__all__ = ["ElevenLabsTTS", "DEFAULT_VOICES", "CLONE_LIMITS"]

#: ElevenLabs' default voices (George, Rachel, Sarah, Charlotte, Laura, Adam, Daniel, Brian,
#: Chris); Multilingual v2 speaks Chinese with them too
DEFAULT_VOICES: dict[str, Any] = {
    "narrator": "JBFqnCBsd6RMkjVDRZzb",
    "female": ["21m00Tcm4TlvDq8ikWAM", "EXAVITQu4vr4xnSDxMaL", "XB0fDUnXU5powFXDhCwa",
               "FGY2WhTYpPnrIDTdsKH5"],
    "male": ["pNInz6obpgDQGcFmaJgB", "onwK4e9ZLuTAKqWW03F9", "nPczCjzI2devNBz1zQrb",
             "iP95p4xoKVk53GoZ742B"],
    "default": "JBFqnCBsd6RMkjVDRZzb",
}
#: what manju sends to instant cloning: the formats ElevenLabs reads, one file of at most
#: 10 MB, 10 s to 5 minutes (ElevenLabs advises 1-2 minutes of clean speech)
CLONE_LIMITS = CloneLimits(formats=("mp3", "wav", "m4a", "flac", "ogg"), min_seconds=10.0,
                           max_seconds=300.0, max_bytes=10 * 1024 * 1024)
_MIME = {"wav": "audio/wav", "mp3": "audio/mpeg", "m4a": "audio/mp4", "flac": "audio/flac",
         "ogg": "audio/ogg"}
_SR = 24000


def clone_name(reference_sha256: str) -> str:
    """The name a clone of the recording with this checksum is given."""
    return f"manju-{reference_sha256[:16]}"


class ElevenLabsTTS:
    """``tts.elevenlabs`` (see the module docstring)."""

    name = "elevenlabs"
    clone_limits = CLONE_LIMITS

    def __init__(self, base_url: str | None = None, api_key: str | None = None,
                 model: str | None = None, voices: dict[str, Any] | None = None,
                 stability: float = 0.5, similarity: float = 0.75,
                 remove_background_noise: bool = False, timeout: float = 60.0,
                 retries: int = 6, backoff: float = 0.5,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        base = (base_url or os.environ.get("MANJU_ELEVENLABS_BASE_URL", "")
                or "https://api.elevenlabs.io").rstrip("/")
        if not base.startswith(("http://", "https://")):
            raise BackendError(f"tts.elevenlabs: base_url must start with http:// or https:// "
                               f"(got {base!r})")
        if base.endswith("/v1"):
            base = base[:-3]
        raw = os.environ.get("MANJU_ELEVENLABS_VOICES") if voices is None else None
        try:
            mapping = json.loads(raw) if raw else voices
        except json.JSONDecodeError as e:
            raise BackendError(f"MANJU_ELEVENLABS_VOICES is not valid JSON: {e}") from None
        if mapping is not None and not isinstance(mapping, dict):
            raise BackendError("tts.elevenlabs: voices must map manju voices to voice ids")
        key = api_key if api_key is not None else os.environ.get("MANJU_ELEVENLABS_API_KEY", "")
        self.base_url = base
        self._has_key = bool(key)
        self.http = HttpClient("tts.elevenlabs", {"xi-api-key": key} if key else {},
                               timeout=timeout, retries=retries, backoff=backoff, sleep=sleep)
        self.config: dict[str, Any] = {
            "base_url": base,
            "model": model or os.environ.get("MANJU_ELEVENLABS_MODEL", "")
            or "eleven_multilingual_v2",
            "output_format": f"pcm_{_SR}",
            "stability": float(stability), "similarity": float(similarity),
            "remove_background_noise": bool(remove_background_noise),
            "voices": mapping or {},
        }

    # -- prices ------------------------------------------------------------------------------
    def clone_cost(self) -> float:
        """Instant clones are part of the plan: no charge per clone."""
        return 0.0

    # -- requests ----------------------------------------------------------------------------
    def _send(self, method: str, path: str, **kw: Any) -> bytes:
        if not self._has_key:
            raise BackendError("tts.elevenlabs needs an API key: set MANJU_ELEVENLABS_API_KEY")
        try:
            return self.http.request(method, f"{self.base_url}{path}", **kw)
        except BackendError as e:
            if "rejected the credentials" in str(e):
                raise BackendError(f"{e}; set MANJU_ELEVENLABS_API_KEY") from None
            raise

    def _json(self, method: str, path: str, **kw: Any) -> dict[str, Any]:
        ans = parse_json(self._send(method, path, **kw), "tts.elevenlabs", path)
        if not isinstance(ans, dict):
            raise BackendError(f"tts.elevenlabs: {path} answered {str(ans)[:120]!r}, not an object")
        return ans

    # -- speech ------------------------------------------------------------------------------
    def service_voice(self, voice: dict[str, Any]) -> str:
        """The ElevenLabs voice id for a manju voice dict: its ``clone``, else the tables."""
        if voice.get("clone"):
            return str(voice["clone"])
        return pick(voice, self.config["voices"], DEFAULT_VOICES) or DEFAULT_VOICES["default"]

    def synthesize(self, text: str, voice: dict[str, Any]) -> tuple[np.ndarray, int]:
        """Speak ``text`` in the voice's clone or mapped voice; float32 mono at 24 kHz."""
        from manju.render.emoji import strip_emoji

        said = " ".join(strip_emoji(text).split())
        if not any(ch.isalnum() for ch in said):
            return np.zeros(int(0.25 * _SR), np.float32), _SR
        speed = round(min(1.2, max(0.7, float(voice.get("speed", 165)) / 165.0)), 2)
        body = {"text": said, "model_id": self.config["model"],
                "voice_settings": {"stability": self.config["stability"],
                                   "similarity_boost": self.config["similarity"],
                                   "speed": speed}}
        vid = urllib.parse.quote(self.service_voice(voice), safe="")
        query = urllib.parse.urlencode({"output_format": self.config["output_format"]})
        data = self._send("POST", f"/v1/text-to-speech/{vid}?{query}",
                          body=json.dumps(body).encode("utf-8"), content_type="application/json")
        return self._audio(data)

    @staticmethod
    def _audio(data: bytes) -> tuple[np.ndarray, int]:
        if data[:1] in (b"{", b"["):
            raise BackendError(f"tts.elevenlabs: the answer is JSON, not audio: "
                               f"{data[:120].decode('utf-8', 'replace')!r}")
        from manju.audio.wav import speech_samples

        try:
            return speech_samples(data, _SR)
        except ValueError as e:
            raise BackendError(f"tts.elevenlabs: the audio answer: {e}") from None

    # -- cloning -----------------------------------------------------------------------------
    def clone_config(self) -> dict[str, Any]:
        """The account a clone is made in and the model it is for."""
        return {"base_url": self.config["base_url"], "model": self.config["model"],
                "remove_background_noise": self.config["remove_background_noise"]}

    def planned_voice_id(self, key: str) -> None:
        """ElevenLabs assigns the voice id."""
        return None

    def clone(self, clip: bytes, filename: str, voice_id: str | None) -> str:
        """Upload ``clip`` to instant voice cloning; the voice id ElevenLabs gave it."""
        ext = filename.rsplit(".", 1)[-1].lower()
        if ext not in _MIME:
            raise BackendError(f"tts.elevenlabs: a reference must be {', '.join(_MIME)}, "
                               f"not {filename!r}")
        from manju.backends.image_http import encode_multipart

        body, ctype = encode_multipart([
            ("name", clone_name(hashlib.sha256(clip).hexdigest())),
            ("files", (filename, clip, _MIME[ext])),
            ("remove_background_noise", str(self.config["remove_background_noise"]).lower()),
            ("description", "cloned by manju from a recording")])
        ans = self._json("POST", "/v1/voices/add", body=body, content_type=ctype)
        vid = ans.get("voice_id")
        if not isinstance(vid, str) or not vid:
            raise BackendError("tts.elevenlabs: /v1/voices/add answered without a voice_id")
        return vid

    def has_voice(self, voice_id: str) -> bool:
        """Whether the account has ``voice_id``."""
        try:
            self._json("GET", f"/v1/voices/{urllib.parse.quote(voice_id, safe='')}")
        except BackendError as e:
            low = str(e).lower()
            if "http 404" in low or "voice_not_found" in low or "does_not_exist" in low:
                return False
            raise
        return True

    def find_clone(self, reference_sha256: str) -> str | None:
        """The voice a clone request for this recording made, found by its name, or None."""
        ans = self._json("GET", "/v1/voices")
        voices = ans.get("voices")
        if not isinstance(voices, list):
            raise BackendError("tts.elevenlabs: /v1/voices answered without a voices list")
        name = clone_name(reference_sha256)
        return next((str(v["voice_id"]) for v in voices
                     if isinstance(v, dict) and v.get("name") == name and v.get("voice_id")),
                    None)
