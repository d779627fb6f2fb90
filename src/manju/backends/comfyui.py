"""``image.comfyui``: pictures from a ComfyUI server running a user's own workflow.

The workflow is the JSON that ComfyUI's "Export (API)" writes (node id -> ``class_type`` and
``inputs``). Where manju should put its values, the workflow holds named placeholders as
input values; a value that is exactly a placeholder gets the typed value, a placeholder inside
a longer string is replaced as text:

====================== =================================================================
placeholder            value
====================== =================================================================
``{{prompt}}``         the positive prompt
``{{negative}}``       the negative prompt
``{{seed}}``           an integer seed
``{{width}}``          width in pixels (a multiple of 8)
``{{height}}``         height in pixels
``{{denoise}}``        how far to move from the init image (0..1; 1 without one)
``{{init_image}}``     the uploaded layout/init picture (for a ``LoadImage`` node)
``{{reference_1}}``    the first reference picture (``{{reference_2}}``, ... for more;
                       a slot the request has no picture for gets the first reference,
                       else the init picture)
``{{mask}}``           the uploaded mask picture
====================== =================================================================

The server's documented routes are used: ``POST /upload/image`` (multipart, pictures travel as
data), ``POST /prompt`` (queue; answers ``prompt_id``), ``GET /history/{prompt_id}`` (empty
until finished, then ``outputs`` with the saved images and a ``status``), ``GET /queue``
(running and pending prompts), ``GET /view`` (download), ``POST /queue`` with ``delete`` and
``POST /interrupt`` (cancel). A prompt the server no longer knows (it was restarted) is
reported ``expired``.

Configuration (arguments, else environment): ``base_url`` / ``MANJU_COMFYUI_URL`` (default
``http://127.0.0.1:8188``), ``workflow`` (a path or the parsed JSON) / ``MANJU_COMFYUI_WORKFLOW``
(default: :data:`DEFAULT_WORKFLOW`, SDXL base text to image),
``output_node`` (which node's images to take; default the first ``SaveImage``-like output),
``seconds_per_megapixel`` and ``min_seconds`` (how long a job may *run*, scaled by its size;
time spent waiting in the queue is free), ``cost_per_image`` (dollars, default 0).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
import urllib.parse
import uuid
from pathlib import Path
from typing import Any

from manju.backends.image_http import HttpClient
from manju.backends.protocols import ImageRequest, ImageResult, JobStatus
from manju.errors import BackendError

__all__ = ["ComfyUIImage", "fill_workflow", "PLACEHOLDER"]

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_0-9]+)\s*\}\}")
DEFAULT_URL = "http://127.0.0.1:8188"
#: The workflow used when none is given: SDXL base, text to image (as
#: ``examples/comfyui/plate_txt2img.json``).
DEFAULT_WORKFLOW: dict[str, Any] = {
    "4": {"class_type": "CheckpointLoaderSimple",
          "inputs": {"ckpt_name": "sd_xl_base_1.0.safetensors"}},
    "5": {"class_type": "EmptyLatentImage",
          "inputs": {"width": "{{width}}", "height": "{{height}}", "batch_size": 1}},
    "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "{{prompt}}", "clip": ["4", 1]}},
    "7": {"class_type": "CLIPTextEncode", "inputs": {"text": "{{negative}}", "clip": ["4", 1]}},
    "3": {"class_type": "KSampler",
          "inputs": {"seed": "{{seed}}", "steps": 25, "cfg": 6.5, "sampler_name": "dpmpp_2m",
                     "scheduler": "karras", "denoise": 1.0, "model": ["4", 0],
                     "positive": ["6", 0], "negative": ["7", 0], "latent_image": ["5", 0]}},
    "8": {"class_type": "VAEDecode", "inputs": {"samples": ["3", 0], "vae": ["4", 2]}},
    "9": {"class_type": "SaveImage",
          "inputs": {"filename_prefix": "manju_plate", "images": ["8", 0]}},
}


def _load_workflow(workflow: str | Path | dict[str, Any] | None) -> tuple[dict[str, Any], str]:
    """The API-format workflow and where it came from."""
    if workflow is None:
        workflow = os.environ.get("MANJU_COMFYUI_WORKFLOW", "") or None
    if workflow is None:
        return json.loads(json.dumps(DEFAULT_WORKFLOW)), "(built-in SDXL text-to-image workflow)"
    if isinstance(workflow, dict):
        wf, origin = workflow, "(recorded in the project)"
    else:
        path = Path(workflow)
        try:
            wf = json.loads(path.read_text(encoding="utf-8"))
        except OSError as e:
            raise BackendError(f"image.comfyui: cannot read the workflow {path}: "
                               f"{e.strerror or e}") from None
        except ValueError as e:
            raise BackendError(f"image.comfyui: the workflow {path} is not JSON: {e}") from None
        origin = str(path)
    if not isinstance(wf, dict) or not wf:
        raise BackendError(f"image.comfyui: the workflow {origin} is not a JSON object of nodes")
    if "nodes" in wf and "links" in wf:
        raise BackendError(f"image.comfyui: {origin} is a UI workflow; export it with "
                           "Workflow > Export (API) and pass that file")
    for nid, node in wf.items():
        if not isinstance(node, dict) or "class_type" not in node:
            raise BackendError(f"image.comfyui: node {nid!r} of {origin} has no class_type; is "
                               "it an API-format export?")
    return wf, origin


def placeholders(workflow: dict[str, Any]) -> set[str]:
    """The placeholder names used anywhere in ``workflow``."""
    return set(PLACEHOLDER.findall(json.dumps(workflow)))


def fill_workflow(workflow: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``workflow`` with its placeholders replaced by ``values`` (a value that is
    exactly one placeholder takes the value's type). An unknown placeholder is an error."""

    def fill(v: Any) -> Any:
        if isinstance(v, dict):
            return {k: fill(x) for k, x in v.items()}
        if isinstance(v, list):
            return [fill(x) for x in v]
        if isinstance(v, str):
            whole = PLACEHOLDER.fullmatch(v.strip())
            if whole:
                return values[_known(whole.group(1), values)]
            return PLACEHOLDER.sub(lambda m: str(values[_known(m.group(1), values)]), v)
        return v

    return fill(workflow)  # type: ignore[no-any-return]


def _known(name: str, values: dict[str, Any]) -> str:
    if name not in values:
        raise BackendError(f"image.comfyui: the workflow asks for {{{{{name}}}}}, which this "
                           f"request does not provide (provided: {', '.join(sorted(values))})")
    return name


class ComfyUIImage:
    """``image.comfyui`` (see the module docstring)."""

    name = "comfyui"

    def __init__(self, base_url: str | None = None,
                 workflow: str | Path | dict[str, Any] | None = None,
                 output_node: str | None = None, seconds_per_megapixel: float = 240.0,
                 min_seconds: float = 600.0, cost_per_image: float = 0.0,
                 workflow_path: str | None = None, timeout: float = 120.0, retries: int = 4,
                 backoff: float = 0.5, model: str | None = None) -> None:
        # ``model`` is accepted so a recorded config loads again; it is derived, never set.
        base = (base_url or os.environ.get("MANJU_COMFYUI_URL", "") or DEFAULT_URL).rstrip("/")
        if not base.startswith(("http://", "https://")):
            raise BackendError(f"image.comfyui: the server URL must start with http:// or "
                               f"https:// (got {base!r})")
        wf, origin = _load_workflow(workflow)
        self.workflow = wf
        used = placeholders(wf)
        if "prompt" not in used:
            raise BackendError(f"image.comfyui: the workflow {origin} has no {{{{prompt}}}} "
                               "placeholder; put it where the positive prompt text goes")
        refs = sorted(int(m.group(1)) for n in used if (m := re.fullmatch(r"reference_(\d+)", n)))
        self.capabilities: dict[str, Any] = {
            "init": "init_image" in used, "references": len(refs), "mask": "mask" in used,
            "sizes": None, "multiple": 8,
        }
        self.http = HttpClient("image.comfyui", timeout=timeout, retries=retries, backoff=backoff)
        self.base_url = base
        self.client_id = uuid.uuid4().hex
        self.config: dict[str, Any] = {
            "base_url": base, "workflow": wf,
            "workflow_path": workflow_path or (origin if not isinstance(workflow, dict) else ""),
            "output_node": output_node, "seconds_per_megapixel": float(seconds_per_megapixel),
            "min_seconds": float(min_seconds), "cost_per_image": float(cost_per_image),
            "model": "workflow-" + hashlib.sha256(json.dumps(wf, sort_keys=True).encode())
            .hexdigest()[:12],
        }

    # -- ImageBackend -------------------------------------------------------------------------
    def cost(self, request: ImageRequest) -> float:
        """The configured price of one picture (a local server costs nothing)."""
        return float(self.config["cost_per_image"])

    def deadline(self, request: ImageRequest) -> float:
        """Running time allowed: ``seconds_per_megapixel`` per megapixel, more with references,
        never under ``min_seconds``."""
        mp = request.width * request.height / 1e6
        scale = 1.0 + 0.5 * len(request.references) + (0.25 if request.init else 0.0)
        return max(float(self.config["min_seconds"]),
                   float(self.config["seconds_per_megapixel"]) * mp * scale)

    def generate(self, request: ImageRequest) -> ImageResult:
        """Submit and wait (without a ledger; the pipeline goes through the job runner)."""
        task = self.submit(request)
        t0, wait = time.monotonic(), 0.5
        while True:
            st = self.poll(task)
            if st.state == "done" and isinstance(st.result, ImageResult):
                return st.result
            if st.state in ("failed", "expired"):
                raise BackendError(f"image.comfyui: prompt {task} {st.state}: {st.error}")
            if time.monotonic() - t0 > self.deadline(request):
                self.cancel(task)
                raise BackendError(f"image.comfyui: prompt {task} took too long; cancelled")
            time.sleep(wait)
            wait = min(5.0, wait * 1.5)

    # -- AsyncImageBackend ----------------------------------------------------------------------
    def _upload(self, data: bytes, role: str, suffix: str = ".png",
                mime: str = "image/png") -> str:
        """Upload a file into the server's input folder (named by its hash, so a retry
        overwrites the same file)."""
        name = f"manju_{role}_{hashlib.sha256(data).hexdigest()[:16]}{suffix}"
        ans = self.http.multipart(f"{self.base_url}/upload/image",
                                  [("image", (name, data, mime)), ("type", "input"),
                                   ("overwrite", "true")])
        if not isinstance(ans, dict) or not ans.get("name"):
            raise BackendError(f"image.comfyui: /upload/image answered without a file name: {ans!r}")
        sub = str(ans.get("subfolder") or "")
        return f"{sub}/{ans['name']}" if sub else str(ans["name"])

    def _values(self, request: ImageRequest) -> dict[str, Any]:
        caps = self.capabilities
        if request.references and len(request.references) > caps["references"]:
            raise BackendError(f"image.comfyui: the request carries {len(request.references)} "
                               f"reference pictures but the workflow has "
                               f"{caps['references']} reference placeholders")
        values: dict[str, Any] = {
            "prompt": request.prompt, "negative": request.negative, "seed": int(request.seed),
            "width": int(request.width) // 8 * 8, "height": int(request.height) // 8 * 8,
            "denoise": round(float(request.strength), 3) if request.init else 1.0,
        }
        if request.init is not None and caps["init"]:
            values["init_image"] = self._upload(request.init, "init")
        if request.mask is not None and caps["mask"]:
            values["mask"] = self._upload(request.mask, "mask")
        for i, ref in enumerate(request.references, 1):
            values[f"reference_{i}"] = self._upload(ref, f"ref{i}")
        # A workflow built for more references than this request has (a front view has none
        # yet) gets the first picture it can in the empty slots, so it still runs.
        spare = values.get("reference_1") or values.get("init_image")
        if spare:
            for i in range(len(request.references) + 1, caps["references"] + 1):
                values[f"reference_{i}"] = spare
        return values

    def submit(self, request: ImageRequest) -> str:
        """Upload the pictures, fill the workflow and queue it; the ``prompt_id``."""
        return self._queue(fill_workflow(self.workflow, self._values(request)))

    def _queue(self, graph: dict[str, Any]) -> str:
        """Queue a filled workflow; the ``prompt_id``."""
        ans = self.http.json("POST", f"{self.base_url}/prompt",
                             {"prompt": graph, "client_id": self.client_id})
        if not isinstance(ans, dict):
            raise BackendError(f"image.comfyui: /prompt answered {ans!r}")
        if ans.get("error") or ans.get("node_errors"):
            raise BackendError(f"image.comfyui: the server refused the workflow: "
                               f"{_node_errors(ans)}")
        pid = ans.get("prompt_id")
        if not pid:
            raise BackendError(f"image.comfyui: /prompt answered without a prompt_id: {ans!r}")
        return str(pid)

    def _history(self, task_id: str) -> dict[str, Any] | None:
        ans = self.http.json("GET", f"{self.base_url}/history/{urllib.parse.quote(task_id)}")
        if not isinstance(ans, dict):
            raise BackendError(f"image.comfyui: /history answered {str(ans)[:100]!r}")
        entry = ans.get(task_id)
        return entry if isinstance(entry, dict) else None

    def _queue_state(self, task_id: str) -> str | None:
        ans = self.http.json("GET", f"{self.base_url}/queue")
        if not isinstance(ans, dict):
            raise BackendError(f"image.comfyui: /queue answered {str(ans)[:100]!r}")
        for state, field_name in (("running", "queue_running"), ("queued", "queue_pending")):
            for item in ans.get(field_name) or []:
                # Items are [number, prompt_id, prompt, extra, outputs] (some servers: objects).
                pid = item.get("prompt_id") if isinstance(item, dict) else (
                    item[1] if isinstance(item, list) and len(item) > 1 else None)
                if pid == task_id:
                    return state
        return None

    def poll(self, task_id: str) -> JobStatus:
        """Where prompt ``task_id`` stands; its picture when finished."""
        entry = self._history(task_id)
        if entry is None:
            state = self._queue_state(task_id)
            if state is not None:
                return JobStatus(state)  # type: ignore[arg-type]
            entry = self._history(task_id)  # it may have finished between the two requests
            if entry is None:
                return JobStatus("expired", error=f"ComfyUI at {self.base_url} does not know "
                                                  f"prompt {task_id} (was it restarted?)")
        status = entry.get("status") or {}
        if isinstance(status, dict) and status.get("status_str") == "error":
            return JobStatus("failed", error=_execution_error(status))
        image = self._output_image(entry)
        if image is None:
            if isinstance(status, dict) and status.get("completed"):
                return JobStatus("failed", error="the workflow finished without saving a "
                                                 "picture (does it end in a SaveImage node?)")
            return JobStatus("running")
        node, info = image
        query = urllib.parse.urlencode({"filename": info.get("filename", ""),
                                        "subfolder": info.get("subfolder", ""),
                                        "type": info.get("type", "output")})
        data = self.http.request("GET", f"{self.base_url}/view?{query}")
        meta = {"prompt_id": task_id, "node": node, "filename": info.get("filename", "")}
        return JobStatus("done", self._wrap(data, meta))

    def _wrap(self, data: bytes, meta: dict[str, Any]) -> Any:
        """The downloaded output as this backend's result."""
        return ImageResult(data, meta)

    def _output_image(self, entry: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
        outputs = entry.get("outputs") or {}
        if not isinstance(outputs, dict):
            return None
        want = self.config.get("output_node")
        nodes = [want] if want else sorted(outputs, key=lambda k: (not str(k).isdigit(),
                                                                  int(k) if str(k).isdigit() else 0, k))
        for ftype in ("output", "temp"):
            for nid in nodes:
                for key in self.OUTPUT_KEYS:
                    for img in (outputs.get(nid) or {}).get(key) or []:
                        if isinstance(img, dict) and img.get("filename") and \
                                img.get("type", "output") == ftype and \
                                self._wanted(str(img["filename"])):
                            return str(nid), img
        return None

    #: where a node's saved files are listed in its history entry
    OUTPUT_KEYS: tuple[str, ...] = ("images",)

    def _wanted(self, filename: str) -> bool:
        """Whether a saved file is this backend's kind of output (a picture)."""
        return not filename.lower().endswith((".mp4", ".webm", ".mov", ".m4v", ".gif"))

    def cancel(self, task_id: str) -> None:
        """Remove the prompt from the queue, or interrupt it when it is the one running."""
        state = self._queue_state(task_id)
        if state == "queued":
            self.http.request("POST", f"{self.base_url}/queue",
                              body=json.dumps({"delete": [task_id]}).encode(),
                              content_type="application/json")
        elif state == "running":
            self.http.request("POST", f"{self.base_url}/interrupt",
                              body=json.dumps({"prompt_id": task_id}).encode(),
                              content_type="application/json")


def _node_errors(ans: dict[str, Any]) -> str:
    parts = []
    err = ans.get("error")
    if isinstance(err, dict):
        parts.append(str(err.get("message") or err.get("type") or err))
    elif err:
        parts.append(str(err))
    for nid, ne in (ans.get("node_errors") or {}).items():
        for e in (ne or {}).get("errors", []) if isinstance(ne, dict) else []:
            parts.append(f"node {nid}: {e.get('message', '')} {e.get('details', '')}".strip())
    return "; ".join(parts)[:500] or "no reason given"


def _execution_error(status: dict[str, Any]) -> str:
    for msg in status.get("messages") or []:
        if isinstance(msg, list) and len(msg) == 2 and msg[0] == "execution_error":
            d = msg[1] or {}
            return (f"node {d.get('node_id', '?')} ({d.get('node_type', '?')}): "
                    f"{d.get('exception_message', '').strip()}")[:500]
    return "the workflow failed on the server"
