"""A fake ComfyUI server speaking the routes :mod:`manju.backends.comfyui` uses, for tests.

``/upload/image`` stores the file; ``/prompt`` validates that every node has a
``class_type`` and queues the prompt (``submissions`` counts them); each ``/history/{id}``
poll advances a job (``polls_to_finish`` polls, or never while ``hold`` is set); a finished
job saves one PNG of the size found in the workflow's ``width``/``height`` inputs.
``forget()`` drops every prompt, as a restarted server does; ``fail_execution`` makes the next
job end with an ``execution_error``.
"""

from __future__ import annotations

import json
import threading
import uuid
from typing import Any

from manju.backends.image_fake import FakeServer, Fault, Request, fake_png, js, parse_multipart

__all__ = ["FakeComfyUI", "Fault"]


class FakeComfyUI(FakeServer):
    """See the module docstring."""

    def __init__(self, faults: list[Fault] | None = None, polls_to_finish: int = 1) -> None:
        super().__init__(faults)
        self.polls_to_finish = polls_to_finish
        self.hold = threading.Event()  # set: jobs stay running
        self.fail_execution = False
        self.uploads: dict[str, bytes] = {}
        self.prompts: dict[str, dict[str, Any]] = {}
        self.outputs: dict[str, bytes] = {}
        self.interrupted: list[str] = []
        self.deleted: list[str] = []

    @property
    def submissions(self) -> int:
        """How many prompts were queued."""
        return self.count("POST", "/prompt")

    def forget(self) -> None:
        """Drop every prompt and history entry (a restarted server)."""
        with self.lock:
            self.prompts.clear()

    def route(self, req: Request) -> tuple[int, bytes, dict[str, str]]:
        p = req.path
        if req.method == "POST" and p == "/upload/image":
            fields = parse_multipart(req.body, req.headers.get("content-type", ""))
            fname, data = fields["image"][0]
            self.uploads[fname] = data
            return js({"name": fname, "subfolder": "", "type": "input"})
        if req.method == "POST" and p == "/prompt":
            return self._queue(req.json())
        if req.method == "GET" and p.startswith("/history/"):
            return self._history(p.rsplit("/", 1)[1])
        if req.method == "GET" and p == "/queue":
            with self.lock:
                running = [[i, pid, {}, {}, []] for i, (pid, j) in enumerate(self.prompts.items())
                           if j["state"] == "running"]
                pending = [[i, pid, {}, {}, []] for i, (pid, j) in enumerate(self.prompts.items())
                           if j["state"] == "pending"]
            return js({"queue_running": running, "queue_pending": pending})
        if req.method == "GET" and p == "/view":
            data = self.outputs.get(req.query.get("filename", ""))
            if data is None:
                return 404, b"not found", {"Content-Type": "text/plain"}
            return 200, data, {"Content-Type": "image/png"}
        if req.method == "POST" and p == "/interrupt":
            pid = (req.json() or {}).get("prompt_id", "") if req.body else ""
            self.interrupted.append(pid)
            with self.lock:
                if pid in self.prompts:
                    self.prompts[pid]["state"] = "interrupted"
            return 200, b"", {}
        if req.method == "POST" and p == "/queue":
            for pid in req.json().get("delete", []):
                self.deleted.append(pid)
                with self.lock:
                    self.prompts.pop(pid, None)
            return 200, b"", {}
        return js({"error": f"no route {req.method} {p}"}, 404)

    def _queue(self, body: dict[str, Any]) -> tuple[int, bytes, dict[str, str]]:
        graph = body.get("prompt")
        if not isinstance(graph, dict) or not graph:
            return js({"error": {"type": "invalid_prompt", "message": "no prompt"},
                       "node_errors": {}}, 400)
        bad = {nid: {"errors": [{"message": "missing class_type", "details": ""}]}
               for nid, n in graph.items() if not isinstance(n, dict) or "class_type" not in n}
        if bad:
            return js({"error": {"type": "prompt_outputs_failed_validation",
                                 "message": "Prompt outputs failed validation"},
                       "node_errors": bad}, 400)
        for n in graph.values():  # an upload the workflow names must exist
            image = n.get("inputs", {}).get("image")
            if n.get("class_type") == "LoadImage" and image not in self.uploads:
                return js({"error": {"type": "prompt_outputs_failed_validation",
                                     "message": f"Invalid image file: {image}"},
                           "node_errors": {}}, 400)
        pid = str(uuid.uuid4())
        with self.lock:
            self.prompts[pid] = {"graph": graph, "state": "pending", "polls": 0,
                                 "fail": self.fail_execution}
            self.fail_execution = False
        return js({"prompt_id": pid, "number": len(self.prompts), "node_errors": {}})

    def _size(self, graph: dict[str, Any]) -> tuple[int, int]:
        for n in graph.values():
            ins = n.get("inputs", {})
            if isinstance(ins.get("width"), int) and isinstance(ins.get("height"), int):
                return ins["width"], ins["height"]
        return 64, 64

    def _history(self, pid: str) -> tuple[int, bytes, dict[str, str]]:
        with self.lock:
            job = self.prompts.get(pid)
            if job is None:
                return js({})
            if job["state"] in ("pending", "running"):
                job["polls"] += 1
                job["state"] = "running"
                if self.hold.is_set() or job["polls"] < self.polls_to_finish:
                    return js({})
                job["state"] = "error" if job["fail"] else "done"
                if job["state"] == "done":
                    w, h = self._size(job["graph"])
                    if self._video_node(job["graph"]):
                        from manju.backends.video_common import tiny_mp4

                        fname = f"ComfyUI_{pid[:8]}_.mp4"
                        self.outputs[fname] = tiny_mp4(seed=len(self.outputs))
                    else:
                        fname = f"ComfyUI_{pid[:8]}_.png"
                        self.outputs[fname] = fake_png(w, h, json.dumps(job["graph"],
                                                                        sort_keys=True))
                    job["file"] = fname
            if job["state"] == "error":
                return js({pid: {"prompt": [], "outputs": {}, "status": {
                    "status_str": "error", "completed": False, "messages": [
                        ["execution_start", {"prompt_id": pid}],
                        ["execution_error", {"prompt_id": pid, "node_id": "3",
                                             "node_type": "KSampler",
                                             "exception_message": "CUDA out of memory"}]]}}})
            if job["state"] == "interrupted":
                return js({pid: {"prompt": [], "outputs": {}, "status": {
                    "status_str": "error", "completed": False, "messages": [
                        ["execution_interrupted", {"prompt_id": pid}]]}}})
            video = self._video_node(job["graph"])
            save = video or next((nid for nid, n in job["graph"].items()
                                  if n.get("class_type") == "SaveImage"), "9")
            files = [{"filename": job["file"], "subfolder": "", "type": "output"}]
            # SaveVideo lists its file under "images" (with "animated"); VHS under "gifs".
            key = "gifs" if video and job["graph"][video]["class_type"] == "VHS_VideoCombine" \
                else "images"
            out: dict[str, Any] = {key: files}
            if video and key == "images":
                out["animated"] = [True]
            return js({pid: {"prompt": [], "outputs": {save: out},
                             "status": {"status_str": "success", "completed": True,
                                        "messages": []}}})

    @staticmethod
    def _video_node(graph: dict[str, Any]) -> str | None:
        return next((nid for nid, n in graph.items()
                     if n.get("class_type") in ("SaveVideo", "VHS_VideoCombine")), None)
