"""``tts.minimax``: speech from MiniMax's T2A v2 API, with voice cloning from a recording.

Speech: ``POST {base_url}/v1/t2a_v2`` with ``model``, ``text``, ``voice_setting`` (``voice_id``,
``speed``, ``vol``, ``pitch``, ``emotion``) and ``audio_setting`` (``sample_rate``, ``format``,
``channel``) answers ``data.audio``, the audio as hex, with ``extra_info`` and ``base_resp``.

Cloning (MiniMax's quick voice clone), three requests:

1. ``POST {base_url}/v1/files/upload`` (multipart: ``purpose=voice_clone`` and the ``file``:
   mp3, m4a or wav, 10 s to 5 minutes, at most 20 MB) answers ``file.file_id``;
2. ``POST {base_url}/v1/voice_clone`` with that ``file_id`` and a ``voice_id`` the caller
   chooses (8-256 characters, a letter first) makes the voice;
3. ``voice_setting.voice_id`` of later speech requests is that id.

``POST {base_url}/v1/get_voice`` with ``voice_type: voice_cloning`` lists the account's cloned
voices (how a restarted run finds out whether a clone it was sending went through). MiniMax
deletes a cloned voice that no speech request uses within 7 days.

Errors come as HTTP statuses (429 with ``Retry-After`` and 5xx are retried) or as
``base_resp.status_code`` in an HTTP 200 answer: 1002/1039 rate limits (retried), 1004/2049
a bad key, 1008 no balance, 1026/1027 refused content.

Configuration (arguments, else environment):

============== =========================== ==============================================
argument       environment                 meaning
============== =========================== ==============================================
base_url       MANJU_MINIMAX_BASE_URL      ``https://api.minimax.io`` (default), or
                                           ``https://api.minimaxi.com`` in mainland China
api_key        MANJU_MINIMAX_API_KEY       bearer token (never recorded)
group_id       MANJU_MINIMAX_GROUP_ID      sent as ``?GroupId=`` where the account needs it
model          MANJU_MINIMAX_TTS_MODEL     default ``speech-02-hd``
voices         MANJU_MINIMAX_VOICES        JSON: manju voice -> MiniMax system voice id
============== =========================== ==============================================

``config`` (recorded with each clip and part of its cache key) holds base_url, group_id,
model, the audio settings, language_boost and the voice table, never the key.
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

from manju.backends.image_http import HttpClient
from manju.backends.openai_tts import _env_json
from manju.backends.protocols import CloneLimits
from manju.backends.voice_table import pick, voice_lang
from manju.errors import BackendError

__all__ = ["MiniMaxTTS", "DEFAULT_VOICES", "PRICES", "CLONE_LIMITS", "CLONE_COST"]

#: MiniMax system voices per language, looked up like ``tts.openai``'s table
DEFAULT_VOICES: dict[str, dict[str, Any]] = {
    "zh": {
        "narrator": "audiobook_male_1",
        "female_child": "lovely_girl", "male_child": "clever_boy",
        "female_old": "female-chengshu", "male_old": "audiobook_male_2",
        "female": ["female-shaonv", "female-yujie", "female-tianmei", "audiobook_female_1"],
        "male": ["male-qn-qingse", "male-qn-jingying", "male-qn-badao", "male-qn-daxuesheng"],
        "default": "male-qn-qingse",
    },
    "en": {
        "narrator": "Elegant_Man",
        "female_child": "Lovely_Girl", "male_child": "Decent_Boy",
        "female_old": "Wise_Woman", "male_old": "Imposing_Manner",
        "female": ["Calm_Woman", "Lively_Girl", "Inspirational_girl", "Sweet_Girl_2"],
        "male": ["Casual_Guy", "Patient_Man", "Young_Knight", "Determined_Man"],
        "default": "Friendly_Person",
    },
}
#: US dollars per million characters, MiniMax pay-as-you-go
PRICES = {"speech-2.8-hd": 100.0, "speech-2.6-hd": 100.0, "speech-02-hd": 100.0,
          "speech-2.8-turbo": 60.0, "speech-2.6-turbo": 60.0, "speech-02-turbo": 60.0}
#: US dollars for one quick clone (MiniMax bills it when the voice is first spoken)
CLONE_COST = 1.5
#: what the upload for a quick clone may be (MiniMax's documented limits)
CLONE_LIMITS = CloneLimits(formats=("mp3", "m4a", "wav"), min_seconds=10.0, max_seconds=300.0,
                           max_bytes=20 * 1024 * 1024)
#: manju emotions MiniMax speaks as its own ``voice_setting.emotion``
EMOTIONS = {"happy": "happy", "laugh": "happy", "sad": "sad", "angry": "angry", "shout": "angry",
            "scared": "fearful", "surprised": "surprised", "disgusted": "disgusted"}
_RATE_LIMITED = {1002, 1039}
_BAD_KEY = {1004, 2049}
_REFUSED = {1026, 1027}
_SAMPLE_RATES = (8000, 16000, 22050, 24000, 32000, 44100)
_MIME = {"wav": "audio/wav", "mp3": "audio/mpeg", "m4a": "audio/mp4"}


class MiniMaxTTS:
    """``tts.minimax`` (see the module docstring)."""

    name = "minimax"
    clone_limits = CLONE_LIMITS

    def __init__(self, base_url: str | None = None, api_key: str | None = None,
                 group_id: str | None = None, model: str | None = None,
                 voices: dict[str, Any] | None = None, sample_rate: int = 24000,
                 language_boost: str = "auto", noise_reduction: bool = False,
                 clone_cost: float | None = None, timeout: float = 60.0, retries: int = 6,
                 backoff: float = 0.5, sleep: Callable[[float], None] = time.sleep) -> None:
        base = (base_url or os.environ.get("MANJU_MINIMAX_BASE_URL", "")
                or "https://api.minimax.io").rstrip("/")
        if not base.startswith(("http://", "https://")):
            raise BackendError(f"tts.minimax: base_url must start with http:// or https:// "
                               f"(got {base!r})")
        if base.endswith("/v1"):
            base = base[:-3]  # the routes below carry their /v1
        if int(sample_rate) not in _SAMPLE_RATES:
            raise BackendError(f"tts.minimax: sample_rate must be one of "
                               f"{', '.join(map(str, _SAMPLE_RATES))}, not {sample_rate}")
        mapping = voices if voices is not None else _env_json("MANJU_MINIMAX_VOICES")
        if mapping is not None and not isinstance(mapping, dict):
            raise BackendError("tts.minimax: voices must map manju voices to MiniMax voice ids")
        key = api_key if api_key is not None else os.environ.get("MANJU_MINIMAX_API_KEY", "")
        group = group_id if group_id is not None else os.environ.get("MANJU_MINIMAX_GROUP_ID", "")
        self.base_url = base
        self._has_key = bool(key)
        self.http = HttpClient("tts.minimax", {"Authorization": f"Bearer {key}"} if key else {},
                               timeout=timeout, retries=retries, backoff=backoff, sleep=sleep)
        self.retries, self.backoff, self.sleep = max(0, int(retries)), float(backoff), sleep
        self._clone_cost = CLONE_COST if clone_cost is None else float(clone_cost)
        self.config: dict[str, Any] = {
            "base_url": base,
            "group_id": group,
            "model": model or os.environ.get("MANJU_MINIMAX_TTS_MODEL", "") or "speech-02-hd",
            "format": "pcm",
            "sample_rate": int(sample_rate),
            "language_boost": language_boost,
            "noise_reduction": bool(noise_reduction),
            "voices": mapping or {},
        }

    # -- prices ----------------------------------------------------------------------------
    def cost(self, text: str) -> float:
        """Dollars for speaking ``text`` (MiniMax counts characters)."""
        return len(text) * PRICES.get(self.config["model"], 100.0) / 1e6

    def clone_cost(self) -> float:
        """Dollars for one clone."""
        return self._clone_cost

    # -- voices ----------------------------------------------------------------------------
    def service_voice(self, voice: dict[str, Any]) -> str:
        """The MiniMax voice id for a manju voice dict: its ``clone`` when it has one, else
        the configured table, then the built-in one of its language (see
        :mod:`manju.backends.voice_table`)."""
        if voice.get("clone"):
            return str(voice["clone"])
        return pick(voice, self.config["voices"], DEFAULT_VOICES[voice_lang(voice)]) \
            or str(DEFAULT_VOICES["en"]["default"])

    def delivery(self, voice: dict[str, Any], emotion: str, text: str = "") -> dict[str, Any] | None:
        """MiniMax's own emotion for a line of ``emotion`` (None: neutral and the emotions it
        has no setting for). The voice stage keeps it in the line's voice dict, so it is part of
        the clip's cache key."""
        e = EMOTIONS.get(emotion)
        return {"emotion": e} if e else None

    # -- requests --------------------------------------------------------------------------
    def _url(self, path: str) -> str:
        url = f"{self.base_url}{path}"
        if self.config["group_id"]:
            url += "?" + urllib.parse.urlencode({"GroupId": self.config["group_id"]})
        return url

    def _checked(self, ans: Any, url: str) -> dict[str, Any]:
        if not isinstance(ans, dict):
            raise BackendError(f"tts.minimax: {url} answered {str(ans)[:120]!r}, not an object")
        base = ans.get("base_resp")
        if not isinstance(base, dict):
            raise BackendError(f"tts.minimax: {url} answered without base_resp: "
                               f"{json.dumps(ans)[:160]}")
        try:
            code = int(base.get("status_code") or 0)
        except (TypeError, ValueError):
            raise BackendError(f"tts.minimax: {url} answered a status code "
                               f"{base.get('status_code')!r}") from None
        if not code:
            return ans
        msg = str(base.get("status_msg") or "")
        if code in _BAD_KEY:
            raise BackendError(f"tts.minimax: MiniMax rejected the API key (code {code}: {msg}); "
                               "set MANJU_MINIMAX_API_KEY (and MANJU_MINIMAX_GROUP_ID where "
                               "your account has one)")
        if code == 1008:
            raise BackendError(f"tts.minimax: the MiniMax account has no balance left (code "
                               f"1008: {msg}); top it up and run again")
        if code in _REFUSED:
            raise BackendError(f"tts.minimax: MiniMax refused the text or recording as unsafe "
                               f"(code {code}: {msg})")
        raise BackendError(f"tts.minimax: {url} answered code {code}: {msg}")

    def _call(self, path: str, send: Callable[[str], Any]) -> dict[str, Any]:
        """``send(url)``'s answer checked; a rate-limit code in an HTTP 200 answer is waited out
        like a 429."""
        if not self._has_key:
            raise BackendError("tts.minimax needs an API key: set MANJU_MINIMAX_API_KEY (from "
                               "your MiniMax account's API keys page)")
        url = self._url(path)
        for attempt in range(self.retries + 1):
            ans = send(url)
            base = ans.get("base_resp") if isinstance(ans, dict) else None
            code = base.get("status_code") if isinstance(base, dict) else None
            if code in _RATE_LIMITED and attempt < self.retries:
                self.sleep(min(30.0, self.backoff * 2 ** attempt))
                continue
            return self._checked(ans, url)
        raise BackendError(f"tts.minimax: {url} still rate limited after retries")  # pragma: no cover

    def _post(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        return self._call(path, lambda url: self.http.json("POST", url, payload))

    # -- speech ----------------------------------------------------------------------------
    def synthesize(self, text: str, voice: dict[str, Any]) -> tuple[np.ndarray, int]:
        """Speak ``text`` in the voice's clone or mapped system voice; float32 mono + rate."""
        from manju.render.emoji import strip_emoji

        sr = int(self.config["sample_rate"])
        said = " ".join(strip_emoji(text).split())
        if not any(ch.isalnum() for ch in said):
            return np.zeros(int(0.25 * sr), np.float32), sr
        setting: dict[str, Any] = {
            "voice_id": self.service_voice(voice),
            "speed": round(min(2.0, max(0.5, float(voice.get("speed", 165)) / 165.0)), 2),
            "vol": 1.0, "pitch": 0}
        emotion = (voice.get("delivery") or {}).get("emotion")
        if emotion:
            setting["emotion"] = emotion
        payload = {"model": self.config["model"], "text": said, "stream": False,
                   "voice_setting": setting, "language_boost": self.config["language_boost"],
                   "audio_setting": {"sample_rate": sr, "format": self.config["format"],
                                     "channel": 1},
                   "output_format": "hex"}
        try:
            ans = self._post("/v1/t2a_v2", payload)
        except BackendError as e:
            if voice.get("clone") and "voice" in str(e).lower():
                raise BackendError(f"{e} (MiniMax deletes a cloned voice no speech request "
                                   "used for 7 days: run `manju cast DIR set NAME --voice-ref "
                                   "CLIP` again to clone it anew)") from None
            raise
        return self._audio(ans, sr)

    def _audio(self, ans: dict[str, Any], sr: int) -> tuple[np.ndarray, int]:
        data = ans.get("data")
        audio = data.get("audio") if isinstance(data, dict) else None
        if not isinstance(audio, str) or not audio:
            raise BackendError("tts.minimax: the answer has no data.audio")
        try:
            raw = bytes.fromhex(audio)
        except ValueError:
            raise BackendError("tts.minimax: data.audio is not hex-encoded audio") from None
        extra = ans.get("extra_info")
        info: dict[str, Any] = extra if isinstance(extra, dict) else {}
        from manju.audio.wav import speech_samples

        try:
            return speech_samples(raw, int(info.get("audio_sample_rate") or sr))
        except ValueError as e:
            raise BackendError(f"tts.minimax: the audio answer: {e}") from None

    # -- cloning ---------------------------------------------------------------------------
    def clone_config(self) -> dict[str, Any]:
        """The account (base URL, group) and model a clone is made for."""
        return {k: self.config[k] for k in ("base_url", "group_id", "model", "noise_reduction")}

    def planned_voice_id(self, key: str) -> str:
        """``manju`` and 24 hex digits of the clone job's key (MiniMax lets the caller choose
        the id: a letter first, 8-256 letters and digits)."""
        return f"manju{key[:24]}"

    def clone(self, clip: bytes, filename: str, voice_id: str | None) -> str:
        """Upload ``clip`` (purpose ``voice_clone``) and clone it as ``voice_id``."""
        ext = filename.rsplit(".", 1)[-1].lower()
        if ext not in self.clone_limits.formats:
            raise BackendError(f"tts.minimax: a reference must be {', '.join(self.clone_limits.formats)}, "
                               f"not {filename!r}")
        vid = voice_id or self.planned_voice_id(hashlib.sha256(clip).hexdigest())
        fields: list[tuple[str, Any]] = [("purpose", "voice_clone"),
                                         ("file", (filename, clip, _MIME[ext]))]
        up = self._call("/v1/files/upload", lambda url: self.http.multipart(url, fields))
        fid = (up.get("file") or {}).get("file_id") if isinstance(up.get("file"), dict) else None
        if fid in (None, ""):
            raise BackendError("tts.minimax: the upload answered without file.file_id")
        ans = self._post("/v1/voice_clone", {
            "file_id": fid, "voice_id": vid,
            "need_noise_reduction": self.config["noise_reduction"],
            "need_volume_normalization": True})
        if ans.get("input_sensitive"):
            raise BackendError(f"tts.minimax: MiniMax refused the recording as unsafe (type "
                               f"{ans.get('input_sensitive_type')})")
        return vid

    def has_voice(self, voice_id: str) -> bool:
        """Whether the account has a cloned voice ``voice_id``."""
        ans = self._post("/v1/get_voice", {"voice_type": "voice_cloning"})
        voices = ans.get("voice_cloning") or []
        if not isinstance(voices, list):
            raise BackendError("tts.minimax: get_voice answered voice_cloning that is not a list")
        return any(isinstance(v, dict) and v.get("voice_id") == voice_id for v in voices)

