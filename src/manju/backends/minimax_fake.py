"""A fake MiniMax speech server for the tests (loopback only), speaking the routes
:mod:`manju.backends.minimax_tts` uses as MiniMax documents them.

``/v1/files/upload`` takes a multipart ``purpose=voice_clone`` upload (a WAV must last 10 s to
5 minutes), ``/v1/voice_clone`` clones an uploaded file under the caller's ``voice_id`` (a
duplicate id is refused), ``/v1/get_voice`` lists the cloned voices and ``/v1/t2a_v2`` answers
hex PCM or WAV audio: a tone whose pitch follows the voice (a cloned one's follows its
recording) and whose length follows the text. A wrong key gets MiniMax's code 1004 in an HTTP
200 answer; :class:`~manju.backends.image_fake.Fault` scripts 429 with ``Retry-After``, 5xx or
a body that is not JSON on any route. ``clone_submissions`` counts clone requests;
``forget(voice_id)`` drops a voice as MiniMax does after 7 days unused.
"""

from __future__ import annotations

import hashlib
import io
import re
import time
import wave
from typing import Any

import numpy as np

from manju.backends.image_fake import FakeServer, Fault, Request, js, parse_multipart
from manju.backends.minimax_tts import DEFAULT_VOICES

__all__ = ["FakeMiniMaxSpeech", "Fault"]

_OK = {"status_code": 0, "status_msg": "success"}
_VOICE_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{6,254}[A-Za-z0-9]$")


def _system_voices() -> set[str]:
    out: set[str] = set()
    for table in DEFAULT_VOICES.values():
        for v in table.values():
            out.update(v if isinstance(v, list) else [v])
    return out


def _refused(code: int, msg: str) -> tuple[int, bytes, dict[str, str]]:
    return js({"base_resp": {"status_code": code, "status_msg": msg}})


def _wav_seconds(data: bytes) -> float | None:
    """The length of a WAV file, or None when it is not one."""
    try:
        with wave.open(io.BytesIO(data)) as w:
            return w.getnframes() / float(w.getframerate())
    except (wave.Error, EOFError):
        return None


class FakeMiniMaxSpeech(FakeServer):
    """MiniMax's files, voice clone, voice list and T2A v2 routes (see the module docstring)."""

    def __init__(self, faults: list[Fault] | None = None, *, api_key: str | None = "mm",
                 blocked_word: str = "forbidden") -> None:
        super().__init__(faults)
        self.api_key = api_key
        self.blocked_word = blocked_word
        self.files: dict[int, tuple[str, bytes]] = {}
        #: cloned voice id -> sha256 of the recording it was cloned from
        self.voices: dict[str, str] = {}
        #: (voice id, text, emotion) of every line spoken
        self.spoken: list[tuple[str, str, str]] = []
        self.system = _system_voices()

    @property
    def clone_submissions(self) -> int:
        """Clone requests received (accepted or not)."""
        return self.count("POST", "/v1/voice_clone")

    @property
    def uploads(self) -> int:
        """Uploads received."""
        return self.count("POST", "/v1/files/upload")

    def forget(self, voice_id: str) -> None:
        """Drop a cloned voice (MiniMax deletes one unused for 7 days)."""
        with self.lock:
            self.voices.pop(voice_id, None)

    def route(self, req: Request) -> tuple[int, bytes, dict[str, str]]:
        if self.api_key and req.headers.get("authorization") != f"Bearer {self.api_key}":
            return _refused(1004, "login fail: Please carry the API secret key in the "
                                  "'Authorization' field of the request header")
        if req.method != "POST":
            return 404, b'{"error": "not found"}', {}
        if req.path == "/v1/files/upload":
            return self._upload(req)
        if req.path == "/v1/voice_clone":
            return self._clone(req.json())
        if req.path == "/v1/get_voice":
            return self._list(req.json())
        if req.path == "/v1/t2a_v2":
            return self._speak(req.json())
        return 404, b'{"error": "not found"}', {}

    def _upload(self, req: Request) -> tuple[int, bytes, dict[str, str]]:
        ctype = req.headers.get("content-type", "")
        if "multipart/form-data" not in ctype:
            return _refused(2013, "invalid params, the upload must be multipart/form-data")
        fields = parse_multipart(req.body, ctype)
        if fields.get("purpose") != ["voice_clone"] or not fields.get("file"):
            return _refused(2013, "invalid params, purpose and file are required")
        name, data = fields["file"][0]
        if not name.lower().endswith((".mp3", ".m4a", ".wav")):
            return _refused(2013, "invalid params, the file must be mp3, m4a or wav")
        if name.lower().endswith(".wav"):
            secs = _wav_seconds(data)
            if secs is None or not 10.0 <= secs <= 300.0:
                return _refused(2013, "invalid params, the audio must last 10 s to 5 min")
        with self.lock:
            fid = 300000000000 + len(self.files) + 1
            self.files[fid] = (name, data)
        return js({"file": {"file_id": fid, "bytes": len(data), "created_at": int(time.time()),
                            "filename": name, "purpose": "voice_clone"}, "base_resp": _OK})

    def _clone(self, body: dict[str, Any]) -> tuple[int, bytes, dict[str, str]]:
        vid = str(body.get("voice_id") or "")
        fid = body.get("file_id")
        if not _VOICE_ID.match(vid):
            return _refused(2013, "invalid params, voice_id: 8-256 characters, a letter first")
        with self.lock:
            if fid not in self.files:
                return _refused(2013, f"invalid params, no file {fid}")
            if vid in self.voices or vid in self.system:
                return _refused(2039, f"voice_id {vid} duplicate")
            self.voices[vid] = hashlib.sha256(self.files[fid][1]).hexdigest()
        return js({"input_sensitive": False, "input_sensitive_type": 0, "demo_audio": "",
                   "base_resp": _OK})

    def _list(self, body: dict[str, Any]) -> tuple[int, bytes, dict[str, str]]:
        if body.get("voice_type") not in ("voice_cloning", "all", "system", "voice_generation"):
            return _refused(2013, "invalid params, voice_type")
        with self.lock:
            cloned = [{"voice_id": v, "description": [], "created_time": "2026-01-01"}
                      for v in self.voices]
        ans: dict[str, Any] = {"base_resp": _OK}
        if body["voice_type"] in ("voice_cloning", "all"):
            ans["voice_cloning"] = cloned or None
        return js(ans)

    def _speak(self, body: dict[str, Any]) -> tuple[int, bytes, dict[str, str]]:
        setting = body.get("voice_setting") or {}
        vid = str(setting.get("voice_id") or "")
        text = str(body.get("text") or "")
        audio = body.get("audio_setting") or {}
        if not body.get("model") or not text or not vid:
            return _refused(2013, "invalid params, model, text and voice_id are required")
        if self.blocked_word in text:
            return _refused(1026, "input new_sensitive")
        with self.lock:
            seed = self.voices.get(vid) or (vid if vid in self.system else None)
        if seed is None:
            return _refused(2054, f"voice id {vid} not exist")
        sr = int(audio.get("sample_rate") or 32000)
        fmt = audio.get("format") or "mp3"
        if fmt not in ("pcm", "wav"):
            return _refused(2013, f"invalid params, this fake makes pcm and wav, not {fmt}")
        f0 = 100.0 + hashlib.sha256(seed.encode()).digest()[0]
        n = int(sr * max(0.3, 0.07 * len(text)) / float(setting.get("speed") or 1.0))
        t = np.arange(n) / sr
        x = 0.4 * np.sin(2 * np.pi * f0 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 4 * t))
        pcm = (x * 32767).astype("<i2").tobytes()
        if fmt == "wav":
            buf = io.BytesIO()
            with wave.open(buf, "wb") as w:
                w.setnchannels(1)
                w.setsampwidth(2)
                w.setframerate(sr)
                w.writeframes(pcm)
            pcm = buf.getvalue()
        with self.lock:
            self.spoken.append((vid, text, str(setting.get("emotion") or "")))
        return js({"data": {"audio": pcm.hex(), "status": 2},
                   "extra_info": {"audio_length": int(1000 * n / sr), "audio_sample_rate": sr,
                                  "audio_size": len(pcm), "audio_format": fmt,
                                  "audio_channel": 1, "usage_characters": len(text)},
                   "trace_id": hashlib.sha256(text.encode()).hexdigest()[:32],
                   "base_resp": _OK})
