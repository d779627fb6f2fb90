"""A fake ElevenLabs server for the tests (loopback only), speaking the routes
:mod:`manju.backends.elevenlabs_tts` uses as ElevenLabs documents them.

``POST /v1/voices/add`` takes a multipart ``name`` and ``files`` and answers a new ``voice_id``;
``GET /v1/voices`` and ``GET /v1/voices/{id}`` list and look up voices (an unknown id is a 400
``voice_not_found``); ``POST /v1/text-to-speech/{id}`` answers raw 16-bit PCM for
``output_format=pcm_24000`` (a tone following the voice, as long as the text). A wrong
``xi-api-key`` is a 401 ``invalid_api_key``; :class:`~manju.backends.image_fake.Fault` scripts
429 with ``Retry-After``, 5xx or a body that is not what ElevenLabs sends. ``clone_submissions``
counts clone requests; ``forget(voice_id)`` deletes a voice.
"""

from __future__ import annotations

import hashlib
import json
import urllib.parse

import numpy as np

from manju.backends.elevenlabs_tts import DEFAULT_VOICES
from manju.backends.image_fake import FakeServer, Fault, Request, js, parse_multipart

__all__ = ["FakeElevenLabs", "Fault"]


def _detail(status: int, code: str, message: str) -> tuple[int, bytes, dict[str, str]]:
    return status, json.dumps({"detail": {"status": code, "message": message}}).encode(), {}


class FakeElevenLabs(FakeServer):
    """ElevenLabs' voices and text-to-speech routes (see the module docstring)."""

    def __init__(self, faults: list[Fault] | None = None, *, api_key: str = "xi") -> None:
        super().__init__(faults)
        self.api_key = api_key
        #: voice id -> name (the premade voices, then the clones)
        self.voices: dict[str, str] = {}
        for v in DEFAULT_VOICES.values():
            for vid in v if isinstance(v, list) else [v]:
                self.voices[vid] = "premade"
        #: (voice id, text, speed) of every line spoken
        self.spoken: list[tuple[str, str, float]] = []

    @property
    def clone_submissions(self) -> int:
        """Clone requests received."""
        return self.count("POST", "/v1/voices/add")

    def forget(self, voice_id: str) -> None:
        """Delete a voice."""
        with self.lock:
            self.voices.pop(voice_id, None)

    def route(self, req: Request) -> tuple[int, bytes, dict[str, str]]:
        if req.headers.get("xi-api-key") != self.api_key:
            return _detail(401, "invalid_api_key", "Invalid API key")
        if req.method == "POST" and req.path == "/v1/voices/add":
            return self._add(req)
        if req.method == "GET" and req.path == "/v1/voices":
            with self.lock:
                voices = [{"voice_id": k, "name": v,
                           "category": "premade" if v == "premade" else "cloned"}
                          for k, v in self.voices.items()]
            return js({"voices": voices})
        if req.method == "GET" and req.path.startswith("/v1/voices/"):
            vid = urllib.parse.unquote(req.path.rsplit("/", 1)[1])
            with self.lock:
                name = self.voices.get(vid)
            if name is None:
                return _detail(400, "voice_not_found", f"A voice with the voice_id {vid} was "
                                                       "not found.")
            return js({"voice_id": vid, "name": name, "category": "cloned"})
        if req.method == "POST" and req.path.startswith("/v1/text-to-speech/"):
            return self._speak(urllib.parse.unquote(req.path.rsplit("/", 1)[1]), req)
        return 404, b'{"detail": "Not Found"}', {}

    def _add(self, req: Request) -> tuple[int, bytes, dict[str, str]]:
        ctype = req.headers.get("content-type", "")
        if "multipart/form-data" not in ctype:
            return 422, b'{"detail": [{"loc": ["body"], "msg": "multipart expected"}]}', {}
        fields = parse_multipart(req.body, ctype)
        if not fields.get("name") or not fields.get("files"):
            return 422, b'{"detail": [{"loc": ["body", "files"], "msg": "field required"}]}', {}
        data = fields["files"][0][1]
        with self.lock:
            vid = hashlib.sha256(data + str(len(self.voices)).encode()).hexdigest()[:20]
            self.voices[vid] = str(fields["name"][0])
        return js({"voice_id": vid, "requires_verification": False})

    def _speak(self, vid: str, req: Request) -> tuple[int, bytes, dict[str, str]]:
        body = req.json()
        text = str(body.get("text") or "")
        if not text:
            return 422, b'{"detail": [{"loc": ["body", "text"], "msg": "field required"}]}', {}
        with self.lock:
            known = vid in self.voices
        if not known:
            return _detail(400, "voice_not_found", f"A voice with the voice_id {vid} was not "
                                                   "found.")
        if req.query.get("output_format") != "pcm_24000":
            return _detail(400, "invalid_output_format", "this fake answers pcm_24000 only")
        speed = float((body.get("voice_settings") or {}).get("speed") or 1.0)
        sr = 24000
        f0 = 100.0 + hashlib.sha256(vid.encode()).digest()[0]
        n = int(sr * max(0.3, 0.07 * len(text)) / speed)
        t = np.arange(n) / sr
        x = 0.4 * np.sin(2 * np.pi * f0 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 4 * t))
        with self.lock:
            self.spoken.append((vid, text, speed))
        return 200, (x * 32767).astype("<i2").tobytes(), {"Content-Type": "audio/pcm"}
