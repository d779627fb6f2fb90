"""``video.hailuo``: clips from MiniMax Hailuo through the MiniMax video API.

``POST {base_url}/v1/video_generation`` with ``model``, ``prompt``, ``first_frame_image``
(the first frame as a ``data:`` URL, never a public one), optional ``last_frame_image``,
``duration`` and ``resolution`` answers a ``task_id`` (``base_resp.status_code`` 0 when
accepted); ``GET {base_url}/v1/query/video_generation?task_id=`` gives ``status``
(``Preparing``, ``Queueing``, ``Processing``, ``Success``, ``Fail``) and, when done, a
``file_id``; ``GET {base_url}/v1/files/retrieve?file_id=`` gives the file's
``download_url``. There is no cancel call.

``S2V-01`` (subject reference to video) takes no first frame: its one reference picture, the
front sheet of the shot's first character, goes in ``subject_reference`` (``[{"type":
"character", "image": [data: URL]}]``) and the clip is made from the prompt.

Configuration (arguments, else environment): ``base_url`` / ``MANJU_MINIMAX_BASE_URL``
(default ``https://api.minimax.io``), ``api_key`` / ``MANJU_MINIMAX_API_KEY`` (never
recorded), ``model`` (default ``MiniMax-Hailuo-02``), ``resolution`` (``768P``),
``cost_per_clip``.
"""

from __future__ import annotations

import os
import time
import urllib.parse
from collections.abc import Callable
from typing import Any

from manju.backends.image_http import HttpClient
from manju.backends.protocols import JobStatus, VideoRequest, VideoResult
from manju.backends.video_common import data_url, fit_request
from manju.errors import BackendError

__all__ = ["HailuoVideo", "CAPABILITIES", "PRICES", "MODEL_PRICES"]

CAPABILITIES: dict[str, dict[str, Any]] = {
    "MiniMax-Hailuo-02": {"durations": [6, 10], "resolutions": ["768P", "1080P"],
                          "first_frame": True, "last_frame": True, "references": 0,
                          "motion": False, "audio": False},
    "MiniMax-Hailuo-2.3": {"durations": [6, 10], "resolutions": ["768P", "1080P"],
                           "first_frame": True, "last_frame": False, "references": 0,
                           "motion": False, "audio": False},
    "I2V-01": {"durations": [6], "resolutions": ["720P"], "first_frame": True,
               "last_frame": False, "references": 0, "motion": False, "audio": False},
    "S2V-01": {"durations": [6], "resolutions": ["720P"], "first_frame": False,
               "last_frame": False, "references": 1, "motion": False, "audio": False},
}
#: approximate US dollars per clip by (resolution, seconds); set cost_per_clip to override
PRICES = {("768P", 6): 0.28, ("768P", 10): 0.56, ("1080P", 6): 0.49, ("720P", 6): 0.43}
#: models priced apart from the table above (dollars per clip)
MODEL_PRICES = {"S2V-01": 0.65}
_RATE_LIMITED = {1002, 1039}
_REFUSED = {1026, 1027}


class HailuoVideo:
    """``video.hailuo`` (see the module docstring)."""

    name = "hailuo"

    def __init__(self, base_url: str | None = None, api_key: str | None = None,
                 model: str = "MiniMax-Hailuo-02", resolution: str | None = None,
                 cost_per_clip: float | None = None, timeout: float = 120.0, retries: int = 4,
                 backoff: float = 0.5, sleep: Callable[[float], None] = time.sleep) -> None:
        base = (base_url or os.environ.get("MANJU_MINIMAX_BASE_URL", "")
                or "https://api.minimax.io").rstrip("/")
        key = api_key if api_key is not None else os.environ.get("MANJU_MINIMAX_API_KEY", "")
        caps = dict(CAPABILITIES.get(model, CAPABILITIES["MiniMax-Hailuo-02"]))
        res = resolution or caps["resolutions"][0]
        if res not in caps["resolutions"]:
            raise BackendError(f"video.hailuo: {model} makes {', '.join(caps['resolutions'])}, "
                               f"not {res}")
        if res == "1080P":
            caps["durations"] = [6]  # 1080P clips are 6 s only
        self.base_url = base
        self.http = HttpClient("video.hailuo", {"Authorization": f"Bearer {key}"} if key else {},
                               timeout=timeout, retries=retries, backoff=backoff, sleep=sleep)
        self.retries, self.backoff, self.sleep = retries, backoff, sleep
        self.capabilities: dict[str, Any] = caps
        self.config: dict[str, Any] = {"base_url": base, "model": model, "resolution": res,
                                       "cost_per_clip": cost_per_clip}

    def cost(self, request: VideoRequest) -> float:
        """Dollars for the clip."""
        if self.config["cost_per_clip"] is not None:
            return float(self.config["cost_per_clip"])
        if self.config["model"] in MODEL_PRICES:
            return MODEL_PRICES[self.config["model"]]
        fitted, _ = fit_request(self.capabilities, request)
        return PRICES.get((self.config["resolution"], int(fitted.duration)), 0.56)

    def deadline(self, request: VideoRequest) -> float:
        """Running time allowed: 10 minutes plus 2 per second of clip."""
        return 600.0 + 120.0 * request.duration

    def _checked(self, ans: Any, url: str) -> dict[str, Any]:
        if not isinstance(ans, dict):
            raise BackendError(f"video.hailuo: {url} answered {str(ans)[:120]!r}")
        base = ans.get("base_resp") or {}
        code = int(base.get("status_code") or 0)
        if code:
            msg = str(base.get("status_msg") or "")
            if code in _REFUSED:
                raise BackendError(f"video.hailuo: the provider refused the prompt or picture as "
                                   f"unsafe (code {code}: {msg})")
            raise BackendError(f"video.hailuo: {url} answered code {code}: {msg}")
        return ans

    def submit(self, request: VideoRequest) -> str:
        """Queue the clip; the task id. A rate-limit answer (HTTP 200 with code 1002) is
        waited out like a 429."""
        req, _ = fit_request(self.capabilities, request)
        body: dict[str, Any] = {"model": self.config["model"], "prompt": req.prompt,
                                "prompt_optimizer": False}
        if self.capabilities["first_frame"]:
            # The subject reference model takes neither: it makes its own length and size.
            body.update(duration=int(req.duration), resolution=self.config["resolution"])
        if req.first_frame is not None:
            body["first_frame_image"] = data_url(req.first_frame)
        if req.last_frame is not None:
            body["last_frame_image"] = data_url(req.last_frame)
        if req.references:
            body["subject_reference"] = [{"type": "character",
                                          "image": [data_url(r) for r in req.references]}]
        elif not self.capabilities["first_frame"]:
            raise BackendError(f"video.hailuo: {self.config['model']} needs a reference picture "
                               "of the character (a reference sheet)")
        url = f"{self.base_url}/v1/video_generation"
        for attempt in range(self.retries + 1):
            ans = self.http.json("POST", url, body)
            code = int(((ans or {}).get("base_resp") or {}).get("status_code") or 0) \
                if isinstance(ans, dict) else 0
            if code in _RATE_LIMITED and attempt < self.retries:
                self.sleep(min(30.0, self.backoff * 2 ** attempt))
                continue
            ans = self._checked(ans, url)
            if not ans.get("task_id"):
                raise BackendError(f"video.hailuo: {url} answered without a task_id")
            return str(ans["task_id"])
        raise BackendError("video.hailuo: still rate limited after retries")  # pragma: no cover

    def poll(self, task_id: str) -> JobStatus:
        """Where the task stands; the clip when it succeeded."""
        q = urllib.parse.urlencode({"task_id": task_id})
        url = f"{self.base_url}/v1/query/video_generation?{q}"
        try:
            ans = self._checked(self.http.json("GET", url), url)
        except BackendError as e:
            low = str(e).lower()
            if "not found" in low or "not exist" in low or "http 404" in low:
                return JobStatus("expired", error=f"MiniMax does not know task {task_id}")
            raise
        status = str(ans.get("status") or "")
        if status in ("Preparing", "Queueing"):
            return JobStatus("queued")
        if status == "Processing":
            return JobStatus("running")
        if status == "Fail":
            return JobStatus("failed", error=str((ans.get("base_resp") or {}).get("status_msg")
                                                 or "the task failed"))
        if status != "Success":
            raise BackendError(f"video.hailuo: task {task_id} has an unknown status {status!r}")
        fid = ans.get("file_id")
        if not fid:
            return JobStatus("failed", error="the task succeeded without a file_id")
        furl = f"{self.base_url}/v1/files/retrieve?{urllib.parse.urlencode({'file_id': fid})}"
        info = self._checked(self.http.json("GET", furl), furl)
        link = (info.get("file") or {}).get("download_url")
        if not link:
            return JobStatus("failed", error="the file has no download_url")
        mp4 = self.http.request("GET", str(link))
        return JobStatus("done", VideoResult(mp4, {"task_id": task_id, "file_id": fid,
                                                   "width": ans.get("video_width"),
                                                   "height": ans.get("video_height")}))

    def cancel(self, task_id: str) -> None:
        """MiniMax has no cancel call; the task is left to finish."""
        return None
