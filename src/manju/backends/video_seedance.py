"""``video.seedance``: clips from ByteDance Seedance through the content-generation tasks API
of BytePlus ModelArk (Volcengine Ark in mainland China).

``POST {base_url}/contents/generations/tasks`` with ``model``, ``content`` (a ``text`` item
with the prompt and ``image_url`` items whose ``url`` is a ``data:`` URL, never a public one,
each with a ``role``: ``first_frame``, ``last_frame`` or ``reference_image``), ``ratio``,
``duration``, ``resolution``, ``seed``, ``watermark`` and, on models that make sound,
``generate_audio`` answers the task ``id``. ``GET {base_url}/contents/generations/tasks/{id}``
gives ``status`` (``queued``, ``running``, ``succeeded``, ``failed``, ``cancelled``,
``expired`` when the task timed out before it ran), ``error`` (``code``, ``message``) and,
when done, ``content.video_url`` and ``usage.completion_tokens``. ``DELETE`` on the same
path cancels a task that is still queued. Tasks can be looked up for 7 days. Errors answer
``{"error": {"code", "message", "type"}}``; a refused prompt or picture has a code such as
``InputTextSensitiveContentDetected`` (at submission) or ``OutputVideoSensitiveContentDetected``
(a failed task).

Reference pictures and a first or last frame are two modes: a request never mixes them (the
first frame, which carries the storyboard's layout, wins; see
:func:`~manju.backends.video_common.fit_request`).

Configuration (arguments, else environment): ``base_url`` / ``MANJU_ARK_BASE_URL`` (default
``https://ark.ap-southeast.bytepluses.com/api/v3``; ``https://ark.cn-beijing.volces.com/api/v3``
for Volcengine), ``api_key`` / ``MANJU_ARK_API_KEY`` (else ``ARK_API_KEY``; never recorded),
``model`` (default ``seedance-1-0-pro-250528``; Volcengine names carry a ``doubao-`` prefix),
``family`` (the capability row of an endpoint id ``ep-...``), ``resolution`` (``720p``),
``audio`` (False: manju voices the story itself), ``camera_fixed``,
``cost_per_million_tokens``.
"""

from __future__ import annotations

import math
import os
import re
from typing import Any

from manju.backends.image_http import HttpClient, is_moderation
from manju.backends.protocols import JobStatus, VideoRequest, VideoResult
from manju.backends.video_common import aspect_name, data_url, fit_request, obj
from manju.errors import BackendError

__all__ = ["SeedanceVideo", "CAPABILITIES", "PRICE_PER_MILLION_TOKENS", "family_of", "tokens"]

RATIOS = ["16:9", "4:3", "1:1", "3:4", "9:16", "21:9"]
_RES = ["480p", "720p", "1080p"]


def _row(first: int, last: int, *, last_frame: bool, references: int = 0, audio: bool = False,
         resolutions: list[str] | None = None) -> dict[str, Any]:
    return {"durations": list(range(first, last + 1)), "resolutions": resolutions or _RES,
            "aspects": RATIOS, "first_frame": True, "last_frame": last_frame,
            "references": references, "references_alone": True, "motion": False,
            "audio": audio}


#: what each model family takes (a model id is its family plus a date, ``-250528``)
CAPABILITIES: dict[str, dict[str, Any]] = {
    "seedance-1-0-pro": _row(2, 12, last_frame=True),
    "seedance-1-0-pro-fast": _row(2, 12, last_frame=False),
    "seedance-1-0-lite-i2v": _row(2, 12, last_frame=True, references=4),
    "seedance-1-5-pro": _row(4, 12, last_frame=True, audio=True),
    "seedance-2-0": _row(4, 15, last_frame=True, references=9, audio=True),
    "seedance-2-0-fast": _row(4, 15, last_frame=True, references=9, audio=True,
                              resolutions=["480p", "720p"]),
}
#: approximate US dollars per million output tokens (silent, with sound); a clip costs
#: width x height x 24 fps x seconds / 1024 tokens
PRICE_PER_MILLION_TOKENS: dict[str, tuple[float, float]] = {
    "seedance-1-0-pro": (2.5, 2.5), "seedance-1-0-pro-fast": (1.0, 1.0),
    "seedance-1-0-lite-i2v": (1.8, 1.8), "seedance-1-5-pro": (1.2, 2.4),
    "seedance-2-0": (7.0, 7.0), "seedance-2-0-fast": (5.6, 5.6),
}
#: output pixels of each resolution (16:9 and 9:16; the other ratios are about as large)
PIXELS = {"480p": 864 * 480, "720p": 1280 * 720, "1080p": 1920 * 1080}
FPS = 24


def family_of(model: str) -> str | None:
    """The capability row of a model id (``doubao-seedance-1-0-pro-250528`` ->
    ``seedance-1-0-pro``), or None for an id that names none (an endpoint id)."""
    bare = re.sub(r"-\d{6}$", "", re.sub(r"^(doubao|dreamina|bytedance)-", "", model.strip()))
    return bare if bare in CAPABILITIES else None


def tokens(resolution: str, seconds: float) -> int:
    """Output tokens Ark counts for a clip: width x height x 24 x seconds / 1024."""
    return int(PIXELS.get(resolution, PIXELS["720p"]) * FPS * math.ceil(seconds) / 1024)


class SeedanceVideo:
    """``video.seedance`` (see the module docstring)."""

    name = "seedance"

    def __init__(self, base_url: str | None = None, api_key: str | None = None,
                 model: str = "seedance-1-0-pro-250528", family: str | None = None,
                 resolution: str | None = None, audio: bool = False,
                 camera_fixed: bool | None = None,
                 cost_per_million_tokens: float | None = None, timeout: float = 120.0,
                 retries: int = 4, backoff: float = 0.5) -> None:
        base = (base_url or os.environ.get("MANJU_ARK_BASE_URL", "")
                or "https://ark.ap-southeast.bytepluses.com/api/v3").rstrip("/")
        if not base.startswith(("http://", "https://")):
            raise BackendError(f"video.seedance: base_url must start with http:// or https:// "
                               f"(got {base!r})")
        fam = family or family_of(model)
        if fam not in CAPABILITIES:
            raise BackendError(
                f"video.seedance: no capability row for model {model!r}"
                + (f" (family {family!r})" if family else "")
                + f"; for an endpoint id give family=NAME, one of {', '.join(CAPABILITIES)}")
        caps = dict(CAPABILITIES[fam])
        res = (resolution or "720p").lower()
        if res not in caps["resolutions"]:
            raise BackendError(f"video.seedance: {model} makes {', '.join(caps['resolutions'])}, "
                               f"not {resolution}")
        if audio and not caps["audio"]:
            raise BackendError(f"video.seedance: {model} makes silent clips only; leave audio "
                               "off")
        key = api_key if api_key is not None else (os.environ.get("MANJU_ARK_API_KEY")
                                                   or os.environ.get("ARK_API_KEY", ""))
        self._key = key
        self.base_url = base
        self.http = HttpClient("video.seedance", {"Authorization": f"Bearer {key}"} if key else {},
                               timeout=timeout, retries=retries, backoff=backoff)
        self.capabilities: dict[str, Any] = caps
        self.config: dict[str, Any] = {"base_url": base, "model": model, "family": fam,
                                       "resolution": res, "audio": bool(audio),
                                       "camera_fixed": camera_fixed,
                                       "cost_per_million_tokens": cost_per_million_tokens}

    def cost(self, request: VideoRequest) -> float:
        """Dollars for the clip: the tokens of its size and length at the model's price."""
        fitted, _ = fit_request(self.capabilities, request)
        per = self.config["cost_per_million_tokens"]
        silent, sound = PRICE_PER_MILLION_TOKENS[self.config["family"]]
        rate = float(per) if per is not None else (sound if self.config["audio"] else silent)
        return round(rate * tokens(self.config["resolution"], fitted.duration) / 1e6, 4)

    def deadline(self, request: VideoRequest) -> float:
        """Running time allowed: 10 minutes plus 2 per second of clip."""
        return 600.0 + 120.0 * request.duration

    def _tasks(self) -> str:
        return f"{self.base_url}/contents/generations/tasks"

    def body(self, request: VideoRequest) -> dict[str, Any]:
        """The JSON that asks for ``request`` (trimmed to the model first)."""
        req, _ = fit_request(self.capabilities, request)
        content: list[dict[str, Any]] = [{"type": "text", "text": req.prompt}]

        def image(data: bytes, role: str) -> None:
            content.append({"type": "image_url", "image_url": {"url": data_url(data)},
                            "role": role})

        if req.first_frame is not None:
            image(req.first_frame, "first_frame")
        if req.last_frame is not None:
            image(req.last_frame, "last_frame")
        for ref in req.references:
            image(ref, "reference_image")
        body: dict[str, Any] = {"model": self.config["model"], "content": content,
                                "ratio": aspect_name(req.width, req.height, RATIOS),
                                "duration": int(req.duration),
                                "resolution": self.config["resolution"],
                                "seed": int(req.seed) % 4294967295, "watermark": False}
        if self.capabilities["audio"]:
            # Sent either way: the models that make sound do so unless told not to.
            body["generate_audio"] = self.config["audio"]
        if self.config["camera_fixed"] is not None:
            body["camera_fixed"] = bool(self.config["camera_fixed"])
        return body

    def submit(self, request: VideoRequest) -> str:
        """Queue the clip; the task id."""
        if not self._key:
            raise BackendError("video.seedance needs MANJU_ARK_API_KEY (or ARK_API_KEY)")
        url = self._tasks()
        ans = self.http.json("POST", url, self.body(request))
        if not isinstance(ans, dict):
            raise BackendError(f"video.seedance: {url} answered {str(ans)[:120]!r}")
        if isinstance(ans.get("error"), dict):
            raise BackendError(f"video.seedance: {url} answered {_error_text(ans['error'])}")
        if not ans.get("id"):
            raise BackendError(f"video.seedance: {url} answered without a task id: "
                               f"{str(ans)[:160]!r}")
        return str(ans["id"])

    def poll(self, task_id: str) -> JobStatus:
        """Where the task stands; the clip when it succeeded."""
        url = f"{self._tasks()}/{task_id}"
        try:
            ans = self.http.json("GET", url)
        except BackendError as e:
            low = str(e).lower()
            if "http 404" in low or "notfound" in low or "not found" in low:
                return JobStatus("expired", error=f"Ark does not know task {task_id} (tasks "
                                                  "can be looked up for 7 days)")
            raise
        if not isinstance(ans, dict) or not ans.get("status"):
            raise BackendError(f"video.seedance: {url} answered without a status: "
                               f"{str(ans)[:160]!r}")
        status = str(ans["status"])
        if status == "queued":
            return JobStatus("queued")
        if status == "running":
            return JobStatus("running")
        if status == "expired":
            return JobStatus("expired", error="the task timed out on Ark before it finished "
                                              "(an unfinished task is not billed)")
        if status in ("failed", "cancelled"):
            err = obj(ans.get("error"))
            msg = _error_text(err) if err else status
            if "SensitiveContent" in msg or is_moderation(msg):
                msg = f"refused as unsafe ({msg}); change the shot's description and run again"
            return JobStatus("failed", error=msg)
        if status != "succeeded":
            raise BackendError(f"video.seedance: task {task_id} has an unknown status "
                               f"{status!r}")
        content = obj(ans.get("content"))
        link = content.get("video_url")
        if not link:
            return JobStatus("failed", error="the task succeeded without a video_url")
        mp4 = self.http.request("GET", str(link))
        usage = obj(ans.get("usage"))
        return JobStatus("done", VideoResult(mp4, {
            "task_id": task_id, "model": ans.get("model"), "duration": ans.get("duration"),
            "resolution": ans.get("resolution"), "ratio": ans.get("ratio"),
            "seed": ans.get("seed"), "tokens": usage.get("completion_tokens")}))

    def cancel(self, task_id: str) -> None:
        """Cancel the task (Ark cancels only a task still queued; a running one finishes)."""
        try:
            self.http.request("DELETE", f"{self._tasks()}/{task_id}", retry=False)
        except BackendError:
            pass  # running already: it finishes on the provider's side


def _error_text(err: dict[str, Any]) -> str:
    code, msg = str(err.get("code") or ""), str(err.get("message") or "")
    return f"{code}: {msg}" if code and msg else (code or msg or "an error without a message")
