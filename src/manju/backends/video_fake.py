"""Fake Kling and MiniMax Hailuo servers for the tests, speaking the routes
:mod:`manju.backends.video_kling` and :mod:`manju.backends.video_hailuo` use.

Both queue a task per submission (``submissions`` counts them), advance it on each poll
(``polls_to_finish``; never while ``hold`` is set), answer a small MP4, refuse a prompt
containing ``blocked_word`` the way each provider does, and ``forget()`` every task (an
expired task id). The Kling fake checks the JWT's signature against ``secret_key``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import uuid
from typing import Any

from manju.backends.image_fake import FakeServer, Fault, Request, js
from manju.backends.video_common import tiny_mp4

__all__ = ["FakeKling", "FakeHailuo", "FakeWanx", "Fault"]


class _FakeVideo(FakeServer):
    def __init__(self, faults: list[Fault] | None = None, polls_to_finish: int = 1,
                 blocked_word: str = "forbidden") -> None:
        super().__init__(faults)
        self.polls_to_finish = polls_to_finish
        self.blocked_word = blocked_word
        self.hold = threading.Event()
        self.fail_next = False
        self.tasks: dict[str, dict[str, Any]] = {}
        self.files: dict[str, bytes] = {}
        self.bodies: list[dict[str, Any]] = []

    def forget(self) -> None:
        """Drop every task (the provider expired them)."""
        with self.lock:
            self.tasks.clear()

    def _new(self, body: dict[str, Any]) -> str:
        tid = uuid.uuid4().hex[:18]
        with self.lock:
            self.bodies.append(body)
            self.tasks[tid] = {"body": body, "polls": 0, "state": "queued", "fail": self.fail_next}
            self.fail_next = False
        return tid

    def _advance(self, tid: str) -> dict[str, Any] | None:
        with self.lock:
            t = self.tasks.get(tid)
            if t is None or t["state"] in ("done", "failed"):
                return t
            t["polls"] += 1
            t["state"] = "running"
            if not self.hold.is_set() and t["polls"] >= self.polls_to_finish:
                t["state"] = "failed" if t["fail"] else "done"
                if t["state"] == "done":
                    self.files[tid] = tiny_mp4(seed=len(self.files))
            return t


class FakeKling(_FakeVideo):
    """Kling's ``/v1/videos/image2video`` and ``text2video``, with JWT checks."""

    def __init__(self, *args: Any, access_key: str = "ak", secret_key: str = "sk",
                 **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.access_key, self.secret_key = access_key, secret_key

    @property
    def submissions(self) -> int:
        """Tasks created."""
        return self.count("POST", "/v1/videos/")

    def _jwt_ok(self, req: Request) -> bool:
        auth = req.headers.get("authorization", "")
        if not auth.startswith("Bearer "):
            return False
        try:
            head, body, sig = auth[7:].split(".")
            want = hmac.new(self.secret_key.encode(), f"{head}.{body}".encode(),
                            hashlib.sha256).digest()
            got = base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4))
            claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        except ValueError:
            return False
        return hmac.compare_digest(want, got) and claims.get("iss") == self.access_key

    def route(self, req: Request) -> tuple[int, bytes, dict[str, str]]:
        if req.path.startswith("/files/"):
            data = self.files.get(req.path.rsplit("/", 1)[1].removesuffix(".mp4"))
            return (200, data, {"Content-Type": "video/mp4"}) if data else (404, b"", {})
        if not self._jwt_ok(req):
            return js({"code": 1000, "message": "Authorization failed", "request_id": "r"}, 401)
        kind = req.path.split("/")[3] if req.path.startswith("/v1/videos/") else ""
        if req.method == "POST" and kind in ("image2video", "text2video"):
            body = req.json()
            if kind == "image2video" and not body.get("image"):
                return js({"code": 1201, "message": "image is required", "request_id": "r"}, 400)
            if self.blocked_word in body.get("prompt", ""):
                return js({"code": 1301, "message": "Failure to pass the risk control system",
                           "request_id": "r"}, 400)
            tid = self._new(body)
            return js({"code": 0, "message": "SUCCEED", "request_id": "r",
                       "data": {"task_id": tid, "task_status": "submitted"}})
        if req.method == "GET" and kind in ("image2video", "text2video"):
            tid = req.path.rsplit("/", 1)[1]
            t = self._advance(tid)
            if t is None:
                return js({"code": 1203, "message": "task not found", "request_id": "r"}, 404)
            status = {"queued": "submitted", "running": "processing", "done": "succeed",
                      "failed": "failed"}[t["state"]]
            info: dict[str, Any] = {"task_id": tid, "task_status": status,
                                    "task_status_msg": "internal error" if status == "failed" else ""}
            if status == "succeed":
                info["task_result"] = {"videos": [{"id": "v" + tid, "url": f"{self.url}/files/{tid}.mp4",
                                                   "duration": "5.1"}]}
            return js({"code": 0, "message": "SUCCEED", "request_id": "r", "data": info})
        return js({"code": 1200, "message": f"no route {req.path}"}, 404)


class FakeHailuo(_FakeVideo):
    """MiniMax's ``/v1/video_generation``, ``/v1/query/video_generation`` and
    ``/v1/files/retrieve``; ``rate_limit_next`` answers the next submission with code 1002."""

    def __init__(self, *args: Any, api_key: str | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.api_key = api_key
        self.rate_limit_next = 0

    @property
    def submissions(self) -> int:
        """Tasks created."""
        return len(self.bodies)

    def route(self, req: Request) -> tuple[int, bytes, dict[str, str]]:
        ok = {"status_code": 0, "status_msg": "success"}
        if req.path.startswith("/download/"):
            data = self.files.get(req.path.rsplit("/", 1)[1])
            return (200, data, {"Content-Type": "video/mp4"}) if data else (404, b"", {})
        if self.api_key and req.headers.get("authorization") != f"Bearer {self.api_key}":
            return js({"base_resp": {"status_code": 1004, "status_msg": "login fail"}})
        if req.method == "POST" and req.path == "/v1/video_generation":
            body = req.json()
            if self.rate_limit_next:
                self.rate_limit_next -= 1
                return js({"task_id": "", "base_resp": {"status_code": 1002,
                                                        "status_msg": "rate limit exceeded"}})
            first = body.get("first_frame_image", "")
            if first and not first.startswith("data:image/"):
                return js({"task_id": "", "base_resp": {"status_code": 2013,
                                                        "status_msg": "invalid params"}})
            if self.blocked_word in body.get("prompt", ""):
                return js({"task_id": "", "base_resp": {
                    "status_code": 1026, "status_msg": "video description involves sensitive content"}})
            return js({"task_id": self._new(body), "base_resp": ok})
        if req.method == "GET" and req.path == "/v1/query/video_generation":
            tid = req.query.get("task_id", "")
            t = self._advance(tid)
            if t is None:
                return js({"task_id": tid, "status": "", "base_resp": {
                    "status_code": 2013, "status_msg": "task not found"}})
            status = {"queued": "Queueing", "running": "Processing", "done": "Success",
                      "failed": "Fail"}[t["state"]]
            out: dict[str, Any] = {"task_id": tid, "status": status, "base_resp": ok}
            if status == "Success":
                out.update(file_id=f"f{tid}", video_width=32, video_height=56)
            return js(out)
        if req.method == "GET" and req.path == "/v1/files/retrieve":
            fid = req.query.get("file_id", "")
            if fid[1:] not in self.files:
                return js({"base_resp": {"status_code": 1004, "status_msg": "file not found"}})
            return js({"file": {"file_id": fid, "bytes": len(self.files[fid[1:]]),
                                "filename": "output.mp4", "purpose": "video_generation",
                                "download_url": f"{self.url}/download/{fid[1:]}"},
                       "base_resp": ok})
        return js({"base_resp": {"status_code": 2013, "status_msg": f"no route {req.path}"}}, 404)


class FakeWanx(_FakeVideo):
    """DashScope's ``video-synthesis`` (async) and ``/api/v1/tasks/{id}`` (and cancel)."""

    def __init__(self, *args: Any, api_key: str | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.api_key = api_key
        self.cancelled: list[str] = []

    @property
    def submissions(self) -> int:
        """Tasks created."""
        return len(self.bodies)

    def route(self, req: Request) -> tuple[int, bytes, dict[str, str]]:
        if req.path.startswith("/download/"):
            data = self.files.get(req.path.rsplit("/", 1)[1])
            return (200, data, {"Content-Type": "video/mp4"}) if data else (404, b"", {})
        if self.api_key and req.headers.get("authorization") != f"Bearer {self.api_key}":
            return js({"code": "InvalidApiKey", "message": "Invalid API-key provided.",
                       "request_id": "r"}, 401)
        if req.method == "POST" and req.path.endswith("/video-generation/video-synthesis"):
            if req.headers.get("x-dashscope-async") != "enable":
                return js({"code": "AccessDenied", "message": "current user api does not "
                                                              "support synchronous calls",
                           "request_id": "r"}, 403)
            body = req.json()
            img = (body.get("input") or {}).get("img_url", "")
            if not img.startswith(("data:image/", "http")):
                return js({"code": "InvalidParameter", "message": "img_url is invalid",
                           "request_id": "r"}, 400)
            if self.blocked_word in (body.get("input") or {}).get("prompt", ""):
                return js({"code": "DataInspectionFailed", "message": "Input data may contain "
                                                                     "inappropriate content.",
                           "request_id": "r"}, 400)
            tid = self._new(body)
            return js({"output": {"task_status": "PENDING", "task_id": tid}, "request_id": "r"})
        if req.path.startswith("/api/v1/tasks/"):
            parts = req.path.split("/")
            tid = parts[4]
            if req.method == "POST" and parts[-1] == "cancel":
                self.cancelled.append(tid)
                with self.lock:
                    t = self.tasks.get(tid)
                    if t is not None and t["state"] == "queued":
                        t["state"] = "failed"
                        return js({"request_id": "r"})
                return js({"code": "UnsupportedOperation", "message": "task can not be "
                                                                      "canceled", "request_id": "r"}, 400)
            t = self._advance(tid)
            if t is None:
                return js({"request_id": "r", "output": {"task_id": tid, "task_status": "UNKNOWN"}})
            status = {"queued": "PENDING", "running": "RUNNING", "done": "SUCCEEDED",
                      "failed": "FAILED"}[t["state"]]
            out: dict[str, Any] = {"task_id": tid, "task_status": status}
            if status == "SUCCEEDED":
                out["video_url"] = f"{self.url}/download/{tid}"
            if status == "FAILED":
                out.update(code="InternalError", message="the model failed")
            return js({"request_id": "r", "output": out, "usage": {"video_count": 1}})
        return js({"code": "NotFound", "message": f"no route {req.path}"}, 404)
