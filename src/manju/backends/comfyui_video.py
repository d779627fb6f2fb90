"""``video.comfyui``: clips from a ComfyUI server running a user's image-to-video workflow
(Wan, Hunyuan, LTX ...), with the same routes, uploads, queue handling and deadlines as
:mod:`manju.backends.comfyui`.

Placeholders, besides ``{{prompt}}``, ``{{negative}}``, ``{{seed}}``, ``{{width}}`` and
``{{height}}``: ``{{first_frame}}`` and ``{{last_frame}}`` (uploaded pictures, for
``LoadImage`` nodes), ``{{reference_1}}``... (uploaded pictures: the reference sheets of the
shot's characters; a slot the request has no picture for gets the first reference, else the
first frame), ``{{motion}}`` (an uploaded
motion reference clip), ``{{frames}}`` (the number of frames: ``duration * fps`` rounded up
to the model's rule ``frames_step * n + frames_offset``, e.g. 4n+1 for Wan), ``{{fps}}`` and
``{{duration}}``. The workflow must save an MP4 (``SaveVideo`` with format ``mp4``, or Video
Helper Suite's ``VHS_VideoCombine`` with ``video/h264-mp4``); the first saved ``.mp4`` /
``.mov`` file of the history entry (``images``, ``gifs`` or ``videos``) is the clip.

Configuration: ``base_url`` / ``MANJU_COMFYUI_URL``, ``workflow`` / ``MANJU_COMFYUI_VIDEO_WORKFLOW``
(required when a clip is asked for), ``fps`` (16), ``frames_step`` (4), ``frames_offset``
(1), ``seconds_per_second`` (running time allowed per second of clip, 600) and
``min_seconds`` (1200), ``cost_per_clip`` (0).
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

from manju.backends.comfyui import ComfyUIImage, fill_workflow, placeholders
from manju.backends.protocols import VideoRequest, VideoResult
from manju.backends.video_common import fit_request
from manju.errors import BackendError

__all__ = ["ComfyUIVideo"]

#: stands in until a workflow is given (the backend can be chosen and recorded first)
_NO_WORKFLOW: dict[str, Any] = {"0": {"class_type": "manju_no_workflow",
                                      "inputs": {"text": "{{prompt}}"}}}


class ComfyUIVideo(ComfyUIImage):
    """``video.comfyui`` (see the module docstring)."""

    name = "comfyui"
    OUTPUT_KEYS = ("images", "gifs", "videos")

    def __init__(self, base_url: str | None = None,
                 workflow: str | Path | dict[str, Any] | None = None,
                 output_node: str | None = None, fps: int = 16, frames_step: int = 4,
                 frames_offset: int = 1, seconds_per_second: float = 600.0,
                 min_seconds: float = 1200.0, cost_per_clip: float = 0.0,
                 workflow_path: str | None = None, timeout: float = 120.0, retries: int = 4,
                 backoff: float = 0.5, model: str | None = None) -> None:
        wf = workflow or os.environ.get("MANJU_COMFYUI_VIDEO_WORKFLOW") or None
        self.has_workflow = wf is not None and wf != _NO_WORKFLOW
        super().__init__(base_url=base_url, workflow=wf if self.has_workflow else _NO_WORKFLOW,
                         output_node=output_node, min_seconds=min_seconds,
                         cost_per_image=cost_per_clip, workflow_path=workflow_path,
                         timeout=timeout, retries=retries, backoff=backoff)
        used = placeholders(self.workflow)
        self.capabilities = {
            "durations": None, "first_frame": "first_frame" in used,
            "last_frame": "last_frame" in used, "references": self.capabilities["references"],
            "motion": "motion" in used, "audio": False,
        }
        self.config.update({"fps": int(fps), "frames_step": max(1, int(frames_step)),
                            "frames_offset": int(frames_offset),
                            "seconds_per_second": float(seconds_per_second),
                            "cost_per_clip": float(cost_per_clip)})
        self.config.pop("cost_per_image", None)
        self.config.pop("seconds_per_megapixel", None)

    def frames(self, duration: float) -> int:
        """Frames for ``duration`` seconds, rounded up to the model's rule."""
        step, off = self.config["frames_step"], self.config["frames_offset"]
        want = max(1, math.ceil(duration * self.config["fps"]))
        return step * max(0, math.ceil((want - off) / step)) + off

    def cost(self, request: Any) -> float:
        """The configured price of one clip (a local server costs nothing)."""
        return float(self.config["cost_per_clip"])

    def deadline(self, request: Any) -> float:
        """Running time allowed: ``seconds_per_second`` per second of clip, scaled by its
        size against 480x832, never under ``min_seconds``."""
        scale = max(1.0, request.width * request.height / (480 * 832))
        return max(float(self.config["min_seconds"]),
                   float(self.config["seconds_per_second"]) * float(request.duration) * scale)

    def submit(self, request: Any) -> str:
        """Upload the pictures and the motion clip, fill the workflow and queue it."""
        if not self.has_workflow:
            raise BackendError("video.comfyui needs a workflow: set MANJU_COMFYUI_VIDEO_WORKFLOW "
                               "or pass workflow= (an API-format export with {{first_frame}}, "
                               "{{frames}}... placeholders; see docs/backends.md)")
        req: VideoRequest = fit_request(self.capabilities, request)[0]
        values: dict[str, Any] = {
            "prompt": req.prompt, "negative": req.negative, "seed": int(req.seed),
            "width": int(req.width) // 16 * 16, "height": int(req.height) // 16 * 16,
            "frames": self.frames(req.duration), "fps": self.config["fps"],
            "duration": float(req.duration),
        }
        if req.first_frame is not None:
            values["first_frame"] = self._upload(req.first_frame, "first")
        if req.last_frame is not None:
            values["last_frame"] = self._upload(req.last_frame, "last")
        for i, ref in enumerate(req.references, 1):
            values[f"reference_{i}"] = self._upload(ref, f"ref{i}")
        # A shot with fewer characters than the workflow has reference slots (or none) fills
        # the empty ones with the first picture it has, so the workflow still runs.
        spare = values.get("reference_1") or values.get("first_frame")
        if spare:
            for i in range(len(req.references) + 1, int(self.capabilities["references"]) + 1):
                values[f"reference_{i}"] = spare
        if req.motion is not None:
            values["motion"] = self._upload(req.motion, "motion", ".mp4", "video/mp4")
        graph = fill_workflow(self.workflow, values)
        return self._queue(graph)

    def _wanted(self, filename: str) -> bool:
        return filename.lower().endswith((".mp4", ".mov", ".m4v"))

    def _wrap(self, data: bytes, meta: dict[str, Any]) -> Any:
        return VideoResult(data, meta)
