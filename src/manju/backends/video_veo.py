"""``video.veo``: clips from Google Veo through the Gemini API's long-running operations.

``POST {base_url}/models/{model}:predictLongRunning`` with the API key in ``x-goog-api-key``
and ``{"instances": [{"prompt", "image", "lastFrame", "referenceImages"}], "parameters":
{"aspectRatio", "durationSeconds", "resolution", "negativePrompt", "seed",
"personGeneration"}}`` answers an operation ``name``. Pictures travel inline as
``{"bytesBase64Encoded", "mimeType"}`` (the first frame in ``image``, the last in
``lastFrame``; each reference as ``{"image": ..., "referenceType": "asset"}``), never as a
public URL. ``GET {base_url}/{name}`` gives ``done`` and, when done, either ``error``
(``code``, ``message``) or ``response.generateVideoResponse.generatedSamples[0].video.uri``,
downloaded with the same key; a clip the safety filters removed leaves
``raiMediaFilteredCount`` and ``raiMediaFilteredReasons`` instead. Generated clips are kept on
the server for 2 days; an operation it no longer knows answers 404. There is no cancel call.

Veo 3.1 takes reference pictures only without a first or last frame (the first frame, which
carries the storyboard's layout, wins) and makes 8 s clips with them; 1080p clips are 8 s
too. Veo 3 models always make sound; manju uses the pictures only.

Configuration (arguments, else environment): ``base_url`` / ``MANJU_GEMINI_BASE_URL``
(default ``https://generativelanguage.googleapis.com/v1beta``), ``api_key`` /
``MANJU_GEMINI_API_KEY`` (else ``GEMINI_API_KEY``, ``GOOGLE_API_KEY``; never recorded),
``model`` / ``MANJU_VEO_MODEL`` (default ``veo-3.1-fast-generate-preview``), ``resolution``
(``720p``), ``person_generation`` (the provider's default when unset), ``cost_per_second``.
"""

from __future__ import annotations

import os
from typing import Any

from manju.backends.image_http import HttpClient, is_moderation
from manju.backends.protocols import JobStatus, VideoRequest, VideoResult
from manju.backends.video_common import aspect_name, b64, fit_request, obj
from manju.errors import BackendError

__all__ = ["VeoVideo", "CAPABILITIES", "PRICE_PER_SECOND"]

ASPECTS = ["16:9", "9:16"]


def _veo3(*, last_frame: bool, references: int) -> dict[str, Any]:
    return {"durations": [4, 6, 8], "reference_durations": [8], "aspects": ASPECTS,
            "resolutions": ["720p", "1080p"], "first_frame": True, "last_frame": last_frame,
            "references": references, "references_alone": True, "motion": False,
            "audio": True}


#: what each model takes
CAPABILITIES: dict[str, dict[str, Any]] = {
    "veo-3.1-generate-preview": _veo3(last_frame=True, references=3),
    "veo-3.1-fast-generate-preview": _veo3(last_frame=True, references=3),
    "veo-3.0-generate-001": _veo3(last_frame=False, references=0),
    "veo-3.0-fast-generate-001": _veo3(last_frame=False, references=0),
    "veo-2.0-generate-001": {"durations": [5, 6, 7, 8], "aspects": ASPECTS,
                             "resolutions": ["720p"], "first_frame": True, "last_frame": False,
                             "references": 0, "motion": False, "audio": False},
}
#: approximate US dollars per second of clip (list prices); cost_per_second overrides
PRICE_PER_SECOND = {"veo-3.1-generate-preview": 0.40, "veo-3.1-fast-generate-preview": 0.15,
                    "veo-3.0-generate-001": 0.40, "veo-3.0-fast-generate-001": 0.15,
                    "veo-2.0-generate-001": 0.35}
FALLBACK_PER_SECOND = 0.40
DEFAULT_MODEL = "veo-3.1-fast-generate-preview"


def _inline(data: bytes) -> dict[str, str]:
    return {"bytesBase64Encoded": b64(data), "mimeType": "image/png"}


class VeoVideo:
    """``video.veo`` (see the module docstring)."""

    name = "veo"

    def __init__(self, base_url: str | None = None, api_key: str | None = None,
                 model: str | None = None, resolution: str | None = None,
                 person_generation: str | None = None, cost_per_second: float | None = None,
                 timeout: float = 300.0, retries: int = 4, backoff: float = 0.5) -> None:
        base = (base_url or os.environ.get("MANJU_GEMINI_BASE_URL", "")
                or "https://generativelanguage.googleapis.com/v1beta").rstrip("/")
        if not base.startswith(("http://", "https://")):
            raise BackendError(f"video.veo: base_url must start with http:// or https:// "
                               f"(got {base!r})")
        model = model or os.environ.get("MANJU_VEO_MODEL", "") or DEFAULT_MODEL
        if model not in CAPABILITIES:
            raise BackendError(f"video.veo: no capability row for model {model!r}; one of "
                               f"{', '.join(CAPABILITIES)}")
        caps = dict(CAPABILITIES[model])
        res = (resolution or "720p").lower()
        if res not in caps["resolutions"]:
            raise BackendError(f"video.veo: {model} makes {', '.join(caps['resolutions'])}, "
                               f"not {resolution}")
        if res == "1080p":
            caps["durations"] = [8]  # 1080p clips are 8 s only
        key = api_key if api_key is not None else (
            os.environ.get("MANJU_GEMINI_API_KEY") or os.environ.get("GEMINI_API_KEY")
            or os.environ.get("GOOGLE_API_KEY", ""))
        self._key = key
        self.base_url = base
        self.http = HttpClient("video.veo", {"x-goog-api-key": key} if key else {},
                               timeout=timeout, retries=retries, backoff=backoff)
        self.capabilities: dict[str, Any] = caps
        self.config: dict[str, Any] = {"base_url": base, "model": model, "resolution": res,
                                       "person_generation": person_generation,
                                       "cost_per_second": cost_per_second}

    def cost(self, request: VideoRequest) -> float:
        """Dollars for the clip: price per second times the duration the model makes."""
        fitted, _ = fit_request(self.capabilities, request)
        per = self.config["cost_per_second"]
        rate = float(per) if per is not None else PRICE_PER_SECOND.get(
            self.config["model"], FALLBACK_PER_SECOND)
        return round(rate * fitted.duration, 4)

    def deadline(self, request: VideoRequest) -> float:
        """Running time allowed: 10 minutes plus 2 per second of clip."""
        return 600.0 + 120.0 * request.duration

    def body(self, request: VideoRequest) -> dict[str, Any]:
        """The JSON that asks for ``request`` (trimmed to the model first)."""
        req, _ = fit_request(self.capabilities, request)
        inst: dict[str, Any] = {"prompt": req.prompt}
        if req.first_frame is not None:
            inst["image"] = _inline(req.first_frame)
        if req.last_frame is not None:
            inst["lastFrame"] = _inline(req.last_frame)
        if req.references:
            inst["referenceImages"] = [{"image": _inline(r), "referenceType": "asset"}
                                       for r in req.references]
        params: dict[str, Any] = {"aspectRatio": aspect_name(req.width, req.height, ASPECTS),
                                  "durationSeconds": int(req.duration)}
        if req.negative:
            params["negativePrompt"] = req.negative
        if self.config["model"].startswith("veo-3"):
            params["resolution"] = self.config["resolution"]
            params["seed"] = int(req.seed) % 4294967295
        if self.config["person_generation"]:
            params["personGeneration"] = str(self.config["person_generation"])
        return {"instances": [inst], "parameters": params}

    def submit(self, request: VideoRequest) -> str:
        """Start the operation; its name is the task id."""
        if not self._key:
            raise BackendError("video.veo needs MANJU_GEMINI_API_KEY (or GEMINI_API_KEY, "
                               "GOOGLE_API_KEY)")
        url = f"{self.base_url}/models/{self.config['model']}:predictLongRunning"
        ans = self.http.json("POST", url, self.body(request))
        if not isinstance(ans, dict) or not ans.get("name"):
            raise BackendError(f"video.veo: {url} answered without an operation name: "
                               f"{str(ans)[:160]!r}")
        return str(ans["name"])

    def poll(self, task_id: str) -> JobStatus:
        """Where the operation stands; the clip when it is done."""
        url = f"{self.base_url}/{task_id.lstrip('/')}"
        try:
            ans = self.http.json("GET", url)
        except BackendError as e:
            low = str(e).lower()
            if "http 404" in low or "not_found" in low:
                return JobStatus("expired", error=f"the Gemini API does not know operation "
                                                  f"{task_id} (results are kept 2 days)")
            raise
        if not isinstance(ans, dict) or "name" not in ans and "done" not in ans:
            raise BackendError(f"video.veo: {url} answered {str(ans)[:160]!r}")
        if not ans.get("done"):
            return JobStatus("running")
        if isinstance(ans.get("error"), dict):
            err = ans["error"]
            msg = f"{err.get('code', '')}: {err.get('message', '')}".strip(": ")
            if is_moderation(msg):
                msg = f"refused as unsafe ({msg}); change the shot's description and run again"
            return JobStatus("failed", error=msg or "the operation failed")
        gen = obj(obj(ans.get("response")).get("generateVideoResponse"))
        samples = gen.get("generatedSamples") or []
        uri = obj(obj(samples[0]).get("video")).get("uri") if samples else None
        if not uri:
            if gen.get("raiMediaFilteredCount"):
                reasons = "; ".join(str(r) for r in gen.get("raiMediaFilteredReasons") or [])
                return JobStatus("failed", error=f"refused as unsafe by the safety filters "
                                                 f"({reasons or 'no reason given'}); change "
                                                 "the shot's description and run again")
            return JobStatus("failed", error=f"the operation finished without a video: "
                                             f"{str(ans)[:200]!r}")
        mp4 = self.http.request("GET", str(uri))
        return JobStatus("done", VideoResult(mp4, {"task_id": task_id, "uri": str(uri)}))

    def cancel(self, task_id: str) -> None:
        """The Gemini API has no cancel call for Veo; the operation is left to finish."""
        return None
