"""Fake Kling, MiniMax Hailuo, DashScope Wanxiang, Ark Seedance and Gemini Veo servers for the
tests, speaking the routes :mod:`manju.backends.video_kling`, ``video_hailuo``, ``video_wanx``,
``video_seedance`` and ``video_veo`` use.

Each queues a task per submission (``submissions`` counts them; ``references`` holds how many
reference pictures each submission carried, checked to travel as data the way the provider
takes them), advance it on each poll
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

__all__ = ["FakeKling", "FakeHailuo", "FakeWanx", "FakeSeedance", "FakeVeo", "Fault"]


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
        #: reference pictures received, per submission
        self.references: list[int] = []

    def start(self) -> _FakeVideo:
        """Serve, answering DELETE too (Ark cancels a task with it)."""
        super().start()
        assert self._server is not None
        fake = self
        self._server.RequestHandlerClass.do_DELETE = (  # type: ignore[attr-defined]
            lambda h: fake._handle(h, "DELETE"))
        return self

    def forget(self) -> None:
        """Drop every task (the provider expired them)."""
        with self.lock:
            self.tasks.clear()

    @property
    def references_received(self) -> int:
        """Reference pictures received over all submissions."""
        return sum(self.references)

    def _new(self, body: dict[str, Any], references: int = 0) -> str:
        tid = uuid.uuid4().hex[:18]
        with self.lock:
            self.bodies.append(body)
            self.references.append(references)
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
    """Kling's ``/v1/videos/image2video``, ``text2video`` and ``multi-image2video`` (reference
    pictures as plain base64), with JWT checks."""

    def __init__(self, *args: Any, access_key: str = "ak", secret_key: str = "sk",
                 **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.access_key, self.secret_key = access_key, secret_key

    @property
    def submissions(self) -> int:
        """Tasks created."""
        return self.count("POST", "/v1/videos/")

    KINDS = ("image2video", "text2video", "multi-image2video")

    @staticmethod
    def _images_ok(items: Any) -> bool:
        """``image_list`` as Kling takes it: 1-4 ``{"image": base64}`` (no ``data:``)."""
        if not isinstance(items, list) or not 1 <= len(items) <= 4:
            return False
        for item in items:
            img = item.get("image") if isinstance(item, dict) else None
            if not isinstance(img, str) or img.startswith("data:"):
                return False
            try:
                base64.b64decode(img, validate=True)
            except ValueError:
                return False
        return True

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
        if req.method == "POST" and kind in self.KINDS:
            body = req.json()
            if kind == "image2video" and not body.get("image"):
                return js({"code": 1201, "message": "image is required", "request_id": "r"}, 400)
            refs = body.get("image_list") if kind == "multi-image2video" else None
            if kind == "multi-image2video" and not self._images_ok(refs):
                return js({"code": 1201, "message": "image_list must hold 1 to 4 images as "
                                                    "base64 without a data: prefix",
                           "request_id": "r"}, 400)
            if self.blocked_word in body.get("prompt", ""):
                return js({"code": 1301, "message": "Failure to pass the risk control system",
                           "request_id": "r"}, 400)
            tid = self._new(body, len(refs or []))
            return js({"code": 0, "message": "SUCCEED", "request_id": "r",
                       "data": {"task_id": tid, "task_status": "submitted"}})
        if req.method == "GET" and kind in self.KINDS:
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
    ``/v1/files/retrieve``; ``rate_limit_next`` answers the next submission with code 1002.
    ``subject_reference`` is taken from ``S2V-01`` only, one character picture as a ``data:``
    URL and no first frame with it."""

    def __init__(self, *args: Any, api_key: str | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.api_key = api_key
        self.rate_limit_next = 0

    @property
    def submissions(self) -> int:
        """Tasks created."""
        return len(self.bodies)

    @staticmethod
    def _subject(body: dict[str, Any]) -> int | None:
        """How many pictures ``subject_reference`` carries (0 without one), or None when it
        is not what MiniMax takes: S2V-01 only, exactly one ``character`` with its picture as
        a ``data:`` URL, and no first frame with it."""
        subject = body.get("subject_reference")
        if body.get("model") != "S2V-01":
            return None if subject is not None else 0
        if body.get("first_frame_image") or not isinstance(subject, list) or len(subject) != 1:
            return None
        item = subject[0] if isinstance(subject[0], dict) else {}
        images = item.get("image")
        if item.get("type") != "character" or not isinstance(images, list) or len(images) != 1:
            return None
        if not all(isinstance(i, str) and i.startswith("data:image/") for i in images):
            return None
        return len(images)

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
            refs = self._subject(body)
            if refs is None:
                return js({"task_id": "", "base_resp": {
                    "status_code": 2013, "status_msg": "invalid params, subject_reference"}})
            if self.blocked_word in body.get("prompt", ""):
                return js({"task_id": "", "base_resp": {
                    "status_code": 1026, "status_msg": "video description involves sensitive content"}})
            return js({"task_id": self._new(body, refs), "base_resp": ok})
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


def _ark_error(code: str, message: str, status: int, kind: str = "BadRequest"
               ) -> tuple[int, bytes, dict[str, str]]:
    return js({"error": {"code": code, "message": message, "param": "", "type": kind}}, status)


class FakeSeedance(_FakeVideo):
    """Ark's ``/api/v3/contents/generations/tasks`` (create, query, DELETE to cancel).
    Checks the content items (``data:`` URLs, known roles, references never with a frame);
    a prompt with ``blocked_word`` is refused at submission; ``fail_next`` fails the next task
    the way a refused output fails; ``expire_next`` lets it time out (status ``expired``)."""

    ROLES = ("first_frame", "last_frame", "reference_image")

    def __init__(self, *args: Any, api_key: str | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.api_key = api_key
        self.expire_next = False
        self.cancelled: list[str] = []

    @property
    def submissions(self) -> int:
        """Tasks created."""
        return len(self.bodies)

    def _check(self, body: Any) -> tuple[int, bytes, dict[str, str]] | None:
        content = body.get("content") if isinstance(body, dict) else None
        if not body.get("model") or not isinstance(content, list) or not content:
            return _ark_error("MissingParameter", "model and content are required", 400)
        roles = []
        for item in content:
            if item.get("type") == "image_url":
                url = (item.get("image_url") or {}).get("url", "")
                if not url.startswith(("data:image/", "http")):
                    return _ark_error("InvalidParameter", "image_url.url is invalid", 400)
                if item.get("role") not in self.ROLES:
                    return _ark_error("InvalidParameter", f"unknown role {item.get('role')}", 400)
                roles.append(item["role"])
            elif item.get("type") != "text":
                return _ark_error("InvalidParameter", f"unknown type {item.get('type')}", 400)
        if "reference_image" in roles and ({"first_frame", "last_frame"} & set(roles)):
            return _ark_error("InvalidParameter", "reference_image cannot be combined with "
                              "first_frame or last_frame", 400)
        if not isinstance(body.get("duration", 5), int):
            return _ark_error("InvalidParameter", "duration must be an integer", 400)
        return None

    def route(self, req: Request) -> tuple[int, bytes, dict[str, str]]:
        if req.path.startswith("/download/"):
            data = self.files.get(req.path.rsplit("/", 1)[1])
            return (200, data, {"Content-Type": "video/mp4"}) if data else (404, b"", {})
        if self.api_key and req.headers.get("authorization") != f"Bearer {self.api_key}":
            return _ark_error("AuthenticationError", "the API key in the request is missing or "
                              "invalid", 401, "Unauthorized")
        base = "/api/v3/contents/generations/tasks"
        if req.method == "POST" and req.path == base:
            body = req.json()
            bad = self._check(body)
            if bad is not None:
                return bad
            text = " ".join(i.get("text", "") for i in body["content"] if i.get("type") == "text")
            if self.blocked_word in text:
                return _ark_error("InputTextSensitiveContentDetected", "The request failed "
                                  "because the input text may contain sensitive information.", 400)
            expire, self.expire_next = self.expire_next, False
            refs = sum(1 for i in body["content"] if i.get("role") == "reference_image")
            tid = "cgt-" + self._new(body, refs)
            with self.lock:
                self.tasks[tid] = self.tasks.pop(tid[4:])
                self.tasks[tid]["expire"] = expire
            return js({"id": tid})
        if not req.path.startswith(base + "/"):
            return _ark_error("NotFound", f"no route {req.path}", 404, "NotFound")
        tid = req.path.rsplit("/", 1)[1]
        if req.method == "DELETE":
            self.cancelled.append(tid)
            with self.lock:
                t = self.tasks.get(tid)
                if t is not None and t["state"] == "queued":
                    t["state"] = "cancelled"
                    return js({})
            return _ark_error("InvalidAction.TaskStatus", "only a queued task can be cancelled",
                              409, "Conflict")
        with self.lock:
            t0 = self.tasks.get(tid)
            cancelled = t0 is not None and t0["state"] == "cancelled"
        t = t0 if cancelled else self._advance(tid)
        if t is None:
            return _ark_error("ResourceNotFound", f"The specified task {tid} is not found",
                              404, "NotFound")
        body = t["body"]
        out: dict[str, Any] = {"id": tid, "model": body["model"], "error": None,
                               "created_at": 1700000000, "updated_at": 1700000060,
                               "resolution": body.get("resolution", "720p"),
                               "ratio": body.get("ratio", "16:9"),
                               "duration": body.get("duration", 5), "framespersecond": 24,
                               "seed": body.get("seed", 7)}
        if t["state"] == "done" and t.get("expire"):
            out["status"] = "expired"
        elif t["state"] == "done":
            out.update(status="succeeded", content={"video_url": f"{self.url}/download/{tid}"},
                       usage={"completion_tokens": 108000, "total_tokens": 108000})
        elif t["state"] == "failed":
            out.update(status="failed", error={
                "code": "OutputVideoSensitiveContentDetected",
                "message": "The request failed because the output video may contain "
                           "sensitive information."})
        else:
            out["status"] = t["state"]  # queued, running, cancelled
        return js(out)


def _google_error(code: int, status: str, message: str) -> tuple[int, bytes, dict[str, str]]:
    return js({"error": {"code": code, "message": message, "status": status}}, code)


class FakeVeo(_FakeVideo):
    """The Gemini API's ``models/{model}:predictLongRunning``, ``GET {operation name}`` and the
    file download, with ``x-goog-api-key`` checks. Pictures must be
    ``bytesBase64Encoded`` (``inlineData`` is refused, as Veo does); references never go with
    a frame; a prompt with ``blocked_word`` finishes with its clip filtered out
    (``raiMediaFilteredCount``); ``fail_next`` finishes the next operation with an error."""

    def __init__(self, *args: Any, api_key: str | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.api_key = api_key

    @property
    def base_url(self) -> str:
        """The URL to configure (ends in ``/v1beta``)."""
        return f"{self.url}/v1beta"

    @property
    def submissions(self) -> int:
        """Operations started."""
        return len(self.bodies)

    def _check(self, body: Any) -> tuple[int, bytes, dict[str, str]] | None:
        try:
            inst = body["instances"][0]
            params = body.get("parameters") or {}
            str(inst["prompt"])
        except (KeyError, IndexError, TypeError):
            return _google_error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.")
        for ref in inst.get("referenceImages") or []:
            if not isinstance(ref, dict) or ref.get("referenceType") != "asset" or \
                    not isinstance(ref.get("image"), dict):
                return _google_error(400, "INVALID_ARGUMENT", "each reference image needs an "
                                     "image and referenceType asset")
        pictures = [inst.get("image"), inst.get("lastFrame")] + [
            (r or {}).get("image") for r in inst.get("referenceImages") or []]
        for pic in pictures:
            if pic is None:
                continue
            if "inlineData" in pic:
                return _google_error(400, "INVALID_ARGUMENT",
                                     "`inlineData` isn't supported by this model.")
            if not pic.get("bytesBase64Encoded") or not pic.get("mimeType"):
                return _google_error(400, "INVALID_ARGUMENT", "image needs bytesBase64Encoded "
                                     "and mimeType")
            base64.b64decode(pic["bytesBase64Encoded"], validate=True)
        if inst.get("referenceImages") and (inst.get("image") or inst.get("lastFrame")):
            return _google_error(400, "INVALID_ARGUMENT", "referenceImages cannot be combined "
                                 "with image or lastFrame")
        if params.get("aspectRatio", "16:9") not in ("16:9", "9:16"):
            return _google_error(400, "INVALID_ARGUMENT", "aspectRatio must be 16:9 or 9:16")
        if params.get("durationSeconds", 8) not in (4, 5, 6, 7, 8):
            return _google_error(400, "INVALID_ARGUMENT", "durationSeconds is out of range")
        return None

    def route(self, req: Request) -> tuple[int, bytes, dict[str, str]]:
        if self.api_key and req.headers.get("x-goog-api-key") != self.api_key:
            return _google_error(400, "INVALID_ARGUMENT",
                                 "API key not valid. Please pass a valid API key.")
        path = req.path
        if req.method == "GET" and path.startswith("/v1beta/files/") and \
                path.endswith(":download"):
            data = self.files.get(path[len("/v1beta/files/"):-len(":download")])
            if data is None:
                return _google_error(404, "NOT_FOUND", "File not found.")
            return 200, data, {"Content-Type": "video/mp4"}
        if req.method == "POST" and path.startswith("/v1beta/models/") and \
                path.endswith(":predictLongRunning"):
            model = path[len("/v1beta/models/"):-len(":predictLongRunning")]
            body = req.json()
            bad = self._check(body)
            if bad is not None:
                return bad
            tid = self._new(body, len(body["instances"][0].get("referenceImages") or []))
            return js({"name": f"models/{model}/operations/{tid}"})
        if req.method == "GET" and "/operations/" in path:
            tid = path.rsplit("/", 1)[1]
            t = self._advance(tid)
            name = path[len("/v1beta/"):]
            if t is None:
                return _google_error(404, "NOT_FOUND", f"Operation {name} not found.")
            if t["state"] in ("queued", "running"):
                return js({"name": name})
            if t["state"] == "failed":
                return js({"name": name, "done": True, "error": {
                    "code": 13, "message": "Video generation failed due to an internal error."}})
            kind = "type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse"
            if self.blocked_word in t["body"]["instances"][0]["prompt"]:
                return js({"name": name, "done": True, "response": {
                    "@type": kind, "generateVideoResponse": {
                        "raiMediaFilteredCount": 1, "raiMediaFilteredReasons": [
                            "The video was filtered because it may violate our policies."]}}})
            return js({"name": name, "done": True, "response": {
                "@type": kind, "generateVideoResponse": {"generatedSamples": [
                    {"video": {"uri": f"{self.url}/v1beta/files/{tid}:download?alt=media"}}]}}})
        return _google_error(404, "NOT_FOUND", f"no route {path}")
