"""``video.wanx``: clips from Tongyi Wanxiang (Wan) image-to-video on Alibaba Cloud Model
Studio (DashScope).

``POST {base_url}/api/v1/services/aigc/video-generation/video-synthesis`` with the header
``X-DashScope-Async: enable`` and ``{"model", "input": {"prompt", "negative_prompt",
"img_url"}, "parameters": {"resolution", "duration", "prompt_extend", "seed"}}`` answers
``output.task_id``; the first frame goes in ``img_url`` as a ``data:`` URL (base64), never a
public URL. ``GET {base_url}/api/v1/tasks/{task_id}`` gives ``output.task_status``
(``PENDING``, ``RUNNING``, ``SUCCEEDED``, ``FAILED``, ``CANCELED``, ``UNKNOWN`` for a task id
the service no longer knows; ids live 24 hours) and, when done, ``output.video_url``.
``POST {base_url}/api/v1/tasks/{task_id}/cancel`` cancels a task that is still pending.

Configuration (arguments, else environment): ``base_url`` / ``MANJU_DASHSCOPE_BASE_URL``
(default ``https://dashscope-intl.aliyuncs.com``; ``https://dashscope.aliyuncs.com`` in
Beijing), ``api_key`` / ``MANJU_DASHSCOPE_API_KEY`` (else ``DASHSCOPE_API_KEY``; never
recorded), ``model`` (default ``wan2.2-i2v-plus``), ``resolution``, ``prompt_extend``
(False: manju writes the prompt), ``cost_per_second``.
"""

from __future__ import annotations

import os
from typing import Any

from manju.backends.image_http import HttpClient, is_moderation
from manju.backends.protocols import JobStatus, VideoRequest, VideoResult
from manju.backends.video_common import data_url, fit_request
from manju.errors import BackendError

__all__ = ["WanxVideo", "CAPABILITIES", "PRICE_PER_SECOND"]

CAPABILITIES: dict[str, dict[str, Any]] = {
    "wan2.5-i2v-preview": {"durations": [5, 10], "resolutions": ["480P", "720P", "1080P"],
                           "first_frame": True, "last_frame": False, "references": 0,
                           "motion": False, "audio": True},
    "wan2.2-i2v-plus": {"durations": [5], "resolutions": ["480P", "1080P"], "first_frame": True,
                        "last_frame": False, "references": 0, "motion": False, "audio": False},
    "wan2.2-i2v-flash": {"durations": [5], "resolutions": ["480P", "720P"], "first_frame": True,
                         "last_frame": False, "references": 0, "motion": False, "audio": False},
    "wanx2.1-i2v-turbo": {"durations": [3, 4, 5], "resolutions": ["480P", "720P"],
                          "first_frame": True, "last_frame": False, "references": 0,
                          "motion": False, "audio": False},
    "wanx2.1-i2v-plus": {"durations": [5], "resolutions": ["720P"], "first_frame": True,
                         "last_frame": False, "references": 0, "motion": False, "audio": False},
}
#: approximate US dollars per second of clip by (model, resolution); cost_per_second overrides
PRICE_PER_SECOND: dict[tuple[str, str], float] = {
    ("wan2.5-i2v-preview", "480P"): 0.05, ("wan2.5-i2v-preview", "720P"): 0.10,
    ("wan2.5-i2v-preview", "1080P"): 0.15, ("wan2.2-i2v-plus", "480P"): 0.02,
    ("wan2.2-i2v-plus", "1080P"): 0.10, ("wan2.2-i2v-flash", "480P"): 0.015,
    ("wan2.2-i2v-flash", "720P"): 0.036, ("wanx2.1-i2v-turbo", "480P"): 0.036,
    ("wanx2.1-i2v-turbo", "720P"): 0.036, ("wanx2.1-i2v-plus", "720P"): 0.10,
}
FALLBACK_PER_SECOND = 0.10


class WanxVideo:
    """``video.wanx`` (see the module docstring)."""

    name = "wanx"

    def __init__(self, base_url: str | None = None, api_key: str | None = None,
                 model: str = "wan2.2-i2v-plus", resolution: str | None = None,
                 prompt_extend: bool = False, cost_per_second: float | None = None,
                 timeout: float = 120.0, retries: int = 4, backoff: float = 0.5) -> None:
        base = (base_url or os.environ.get("MANJU_DASHSCOPE_BASE_URL", "")
                or "https://dashscope-intl.aliyuncs.com").rstrip("/")
        key = api_key if api_key is not None else (os.environ.get("MANJU_DASHSCOPE_API_KEY")
                                                   or os.environ.get("DASHSCOPE_API_KEY", ""))
        caps = dict(CAPABILITIES.get(model, CAPABILITIES["wan2.2-i2v-plus"]))
        res = resolution or caps["resolutions"][0]
        if res not in caps["resolutions"]:
            raise BackendError(f"video.wanx: {model} makes {', '.join(caps['resolutions'])}, "
                               f"not {res}")
        headers = {"X-DashScope-Async": "enable"}
        if key:
            headers["Authorization"] = f"Bearer {key}"
        self.base_url = base
        self.http = HttpClient("video.wanx", headers, timeout=timeout, retries=retries,
                               backoff=backoff)
        self.capabilities: dict[str, Any] = caps
        self.config: dict[str, Any] = {"base_url": base, "model": model, "resolution": res,
                                       "prompt_extend": bool(prompt_extend),
                                       "cost_per_second": cost_per_second}

    def cost(self, request: VideoRequest) -> float:
        """Dollars for the clip: price per second times the duration the model makes."""
        fitted, _ = fit_request(self.capabilities, request)
        per = self.config["cost_per_second"]
        rate = float(per) if per is not None else PRICE_PER_SECOND.get(
            (self.config["model"], self.config["resolution"]), FALLBACK_PER_SECOND)
        return round(rate * fitted.duration, 4)

    def deadline(self, request: VideoRequest) -> float:
        """Running time allowed: 10 minutes plus 2 per second of clip."""
        return 600.0 + 120.0 * request.duration

    def _output(self, ans: Any, url: str) -> dict[str, Any]:
        if not isinstance(ans, dict) or not isinstance(ans.get("output"), dict):
            raise BackendError(f"video.wanx: {url} answered without output: {str(ans)[:160]!r}")
        return ans["output"]  # type: ignore[no-any-return]

    def submit(self, request: VideoRequest) -> str:
        """Queue the clip; the task id."""
        req, _ = fit_request(self.capabilities, request)
        if req.first_frame is None:
            raise BackendError("video.wanx: image to video needs a first frame")
        body = {"model": self.config["model"],
                "input": {"prompt": req.prompt, "negative_prompt": req.negative,
                          "img_url": data_url(req.first_frame)},
                "parameters": {"resolution": self.config["resolution"],
                               "duration": int(req.duration),
                               "prompt_extend": self.config["prompt_extend"],
                               "seed": int(req.seed) % 2147483647}}
        url = f"{self.base_url}/api/v1/services/aigc/video-generation/video-synthesis"
        out = self._output(self.http.json("POST", url, body), url)
        if not out.get("task_id"):
            raise BackendError(f"video.wanx: {url} answered without a task_id")
        return str(out["task_id"])

    def poll(self, task_id: str) -> JobStatus:
        """Where the task stands; the clip when it succeeded."""
        url = f"{self.base_url}/api/v1/tasks/{task_id}"
        out = self._output(self.http.json("GET", url), url)
        status = str(out.get("task_status") or "")
        if status == "PENDING":
            return JobStatus("queued")
        if status == "RUNNING":
            return JobStatus("running")
        if status == "UNKNOWN":
            return JobStatus("expired", error=f"DashScope does not know task {task_id} "
                                              "(task ids live 24 hours)")
        if status in ("FAILED", "CANCELED"):
            msg = f"{out.get('code', '')}: {out.get('message', '')}".strip(": ")
            if is_moderation(msg) or "DataInspection" in msg:
                msg = f"refused as unsafe ({msg})"
            return JobStatus("failed", error=msg or status.lower())
        if status != "SUCCEEDED":
            raise BackendError(f"video.wanx: task {task_id} has an unknown status {status!r}")
        link = out.get("video_url")
        if not link:
            return JobStatus("failed", error="the task succeeded without a video_url")
        mp4 = self.http.request("GET", str(link))
        return JobStatus("done", VideoResult(mp4, {"task_id": task_id,
                                                   "orig_prompt": out.get("orig_prompt")}))

    def cancel(self, task_id: str) -> None:
        """Cancel the task (DashScope cancels only tasks still pending)."""
        try:
            self.http.request("POST", f"{self.base_url}/api/v1/tasks/{task_id}/cancel",
                              body=b"{}", content_type="application/json", retry=False)
        except BackendError:
            pass  # running already: it finishes on the provider's side
