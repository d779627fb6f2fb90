"""``video.kling``: clips from Kling (Kuaishou) through its image-to-video API.

``POST {base_url}/v1/videos/image2video`` with ``model_name``, ``image`` (the first frame as
base64, never a URL), optional ``image_tail`` (the last frame), ``prompt``,
``negative_prompt``, ``duration`` ("5" or "10") and ``mode`` (``std`` / ``pro``) answers a
``task_id``; ``GET {base_url}/v1/videos/image2video/{task_id}`` gives ``task_status``
(``submitted``, ``processing``, ``succeed``, ``failed``) and, when done,
``task_result.videos[0].url``. Without a first frame ``/v1/videos/text2video`` is used with
an ``aspect_ratio``; ``kling-v1-6`` also makes a clip from up to four reference pictures
without a first frame (``/v1/videos/multi-image2video`` with ``image_list``: ``[{"image":
base64}]``; with a first frame the frame wins and the references are left out). Every request carries a JWT (HS256) signed with the secret key, valid
for 30 minutes. Kling has no cancel call: a cancelled job is left to finish.

Configuration (arguments, else environment): ``base_url`` / ``MANJU_KLING_BASE_URL``
(default ``https://api-singapore.klingai.com``), ``access_key`` / ``MANJU_KLING_ACCESS_KEY``,
``secret_key`` / ``MANJU_KLING_SECRET_KEY`` (never recorded), ``model`` (default
``kling-v2-1``), ``mode`` (``std``), ``cost_per_second``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import time
from typing import Any

from manju.backends.image_http import HttpClient, is_moderation
from manju.backends.protocols import JobStatus, VideoRequest, VideoResult
from manju.backends.video_common import aspect_name, b64, fit_request
from manju.errors import BackendError

__all__ = ["KlingVideo", "CAPABILITIES", "PRICE_PER_SECOND", "jwt_token"]

ASPECTS = ["16:9", "9:16", "1:1"]
#: what each model takes (the last frame needs ``mode="pro"``)
CAPABILITIES: dict[str, dict[str, Any]] = {
    "kling-v1-6": {"durations": [5, 10], "aspects": ASPECTS, "first_frame": True,
                   "last_frame": True, "references": 4, "references_alone": True,
                   "motion": False, "audio": False},
    "kling-v2-1": {"durations": [5, 10], "aspects": ASPECTS, "first_frame": True,
                   "last_frame": True, "references": 0, "motion": False, "audio": False},
    "kling-v2-1-master": {"durations": [5, 10], "aspects": ASPECTS, "first_frame": True,
                          "last_frame": False, "references": 0, "motion": False, "audio": False},
}
#: approximate US dollars per second of clip by mode (set cost_per_second for your contract)
PRICE_PER_SECOND = {"std": 0.056, "pro": 0.098}
#: answer codes that mean the content was refused
_REFUSED = {1301}


def jwt_token(access_key: str, secret_key: str, now: float | None = None) -> str:
    """The bearer token Kling expects: a JWT (HS256) with ``iss`` = the access key, valid
    from 5 s ago for 30 minutes."""
    t = int(now if now is not None else time.time())

    def part(obj: dict[str, Any]) -> str:
        raw = json.dumps(obj, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    head = part({"alg": "HS256", "typ": "JWT"})
    body = part({"iss": access_key, "exp": t + 1800, "nbf": t - 5})
    sig = hmac.new(secret_key.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{base64.urlsafe_b64encode(sig).rstrip(b'=').decode()}"


class KlingVideo:
    """``video.kling`` (see the module docstring)."""

    name = "kling"

    def __init__(self, base_url: str | None = None, access_key: str | None = None,
                 secret_key: str | None = None, model: str = "kling-v2-1", mode: str = "std",
                 cost_per_second: float | None = None, timeout: float = 120.0,
                 retries: int = 4, backoff: float = 0.5) -> None:
        base = (base_url or os.environ.get("MANJU_KLING_BASE_URL", "")
                or "https://api-singapore.klingai.com").rstrip("/")
        if mode not in ("std", "pro"):
            raise BackendError(f"video.kling: mode must be std or pro, not {mode!r}")
        self._ak = access_key if access_key is not None else os.environ.get("MANJU_KLING_ACCESS_KEY", "")
        self._sk = secret_key if secret_key is not None else os.environ.get("MANJU_KLING_SECRET_KEY", "")
        self.base_url = base
        self.http = HttpClient("video.kling", timeout=timeout, retries=retries, backoff=backoff)
        caps = dict(CAPABILITIES.get(model, CAPABILITIES["kling-v2-1"]))
        if mode != "pro":
            caps["last_frame"] = False
        self.capabilities: dict[str, Any] = caps
        self.config: dict[str, Any] = {"base_url": base, "model": model, "mode": mode,
                                       "cost_per_second": cost_per_second}

    def _auth(self) -> None:
        if not (self._ak and self._sk):
            raise BackendError("video.kling needs MANJU_KLING_ACCESS_KEY and "
                               "MANJU_KLING_SECRET_KEY")
        self.http.headers["Authorization"] = f"Bearer {jwt_token(self._ak, self._sk)}"

    def cost(self, request: VideoRequest) -> float:
        """Dollars for the clip: price per second times the duration the model will make."""
        fitted, _ = fit_request(self.capabilities, request)
        per = self.config["cost_per_second"]
        rate = float(per) if per is not None else PRICE_PER_SECOND[self.config["mode"]]
        return round(rate * fitted.duration, 4)

    def deadline(self, request: VideoRequest) -> float:
        """Running time allowed: 10 minutes plus 2 per second of clip."""
        return 600.0 + 120.0 * request.duration

    def _answer(self, ans: Any, url: str) -> dict[str, Any]:
        if not isinstance(ans, dict):
            raise BackendError(f"video.kling: {url} answered {str(ans)[:120]!r}")
        code = ans.get("code")
        if code not in (0, None):
            msg = str(ans.get("message") or "")
            if code in _REFUSED or is_moderation(msg):
                raise BackendError(f"video.kling: the provider refused the prompt or picture as "
                                   f"unsafe (code {code}: {msg})")
            raise BackendError(f"video.kling: {url} answered code {code}: {msg}")
        data = ans.get("data")
        if not isinstance(data, dict):
            raise BackendError(f"video.kling: {url} answered without data: {str(ans)[:160]!r}")
        return data

    def submit(self, request: VideoRequest) -> str:
        """Queue the clip; the task id (prefixed with the endpoint it was queued on)."""
        req, _ = fit_request(self.capabilities, request)
        self._auth()
        body: dict[str, Any] = {"model_name": self.config["model"], "prompt": req.prompt,
                                "negative_prompt": req.negative, "mode": self.config["mode"],
                                "duration": str(int(req.duration)), "cfg_scale": 0.5}
        if req.first_frame is not None:
            kind = "image2video"
            body["image"] = b64(req.first_frame)
            if req.last_frame is not None:
                body["image_tail"] = b64(req.last_frame)
        elif req.references:
            kind = "multi-image2video"
            body["image_list"] = [{"image": b64(r)} for r in req.references]
            body["aspect_ratio"] = aspect_name(req.width, req.height, ASPECTS)
        else:
            kind = "text2video"
            body["aspect_ratio"] = aspect_name(req.width, req.height, ASPECTS)
        url = f"{self.base_url}/v1/videos/{kind}"
        data = self._answer(self.http.json("POST", url, body), url)
        if not data.get("task_id"):
            raise BackendError(f"video.kling: {url} answered without a task_id")
        return f"{kind}:{data['task_id']}"

    def poll(self, task_id: str) -> JobStatus:
        """Where the task stands; the clip when it succeeded."""
        kind, _, tid = task_id.partition(":")
        if not tid:
            kind, tid = "image2video", task_id
        self._auth()
        url = f"{self.base_url}/v1/videos/{kind}/{tid}"
        try:
            data = self._answer(self.http.json("GET", url), url)
        except BackendError as e:
            if "HTTP 404" in str(e) or "not exist" in str(e).lower() or "not found" in str(e).lower():
                return JobStatus("expired", error=f"Kling does not know task {tid}")
            raise
        status = str(data.get("task_status") or "")
        if status == "submitted":
            return JobStatus("queued")
        if status == "processing":
            return JobStatus("running")
        if status == "failed":
            return JobStatus("failed", error=str(data.get("task_status_msg") or "failed"))
        if status != "succeed":
            raise BackendError(f"video.kling: task {tid} has an unknown status {status!r}")
        videos = (data.get("task_result") or {}).get("videos") or []
        if not videos or not videos[0].get("url"):
            return JobStatus("failed", error="the task succeeded without a video URL")
        mp4 = self.http.request("GET", str(videos[0]["url"]))
        return JobStatus("done", VideoResult(mp4, {"task_id": tid, "video_id": videos[0].get("id"),
                                                   "duration": videos[0].get("duration")}))

    def cancel(self, task_id: str) -> None:
        """Kling has no cancel call; the task is left to finish (and is billed)."""
        return None
