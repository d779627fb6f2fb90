"""``image.diffusers``: pictures from a user's own weights with Hugging Face diffusers, on the
GPU when there is one (``cuda``), else the CPU.

``model`` is a local folder a diffusers pipeline was saved to (``save_pretrained``; Stable
Diffusion 1.5, SDXL, and other text-to-image pipelines that ``AutoPipelineForText2Image``
knows). Nothing is ever downloaded: loading uses ``local_files_only``. Text to image uses the
pipeline as saved; a request with a layout picture uses the same weights as an image-to-image
pipeline (``AutoPipelineForImage2Image.from_pipe``) with ``strength``; with ``ip_adapter`` (a
local folder and weight file, e.g. ``h94/IP-Adapter`` saved locally) a reference picture
steers the result.

torch, diffusers and transformers are an optional extra (``pip install -e '.[diffusers]'``);
without them (or without a model folder) the backend says so when it is asked for a picture,
never at import time.

Configuration (arguments, else environment): ``model`` / ``MANJU_DIFFUSERS_MODEL``
(required), ``steps`` (25), ``guidance`` (6.0), ``ip_adapter`` (``"FOLDER:WEIGHT_NAME"``),
``ip_scale`` (0.6), ``device`` (``cuda`` when available, else ``cpu``; not part of the job key:
a picture made on one device is reused on another), ``cost_per_image`` (0).
"""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path
from typing import Any

from manju.backends.protocols import ImageRequest, ImageResult
from manju.errors import BackendError

__all__ = ["DiffusersImage"]

INSTALL_HINT = "pip install -e '.[diffusers]' (torch, diffusers, transformers)"


def _model_fingerprint(folder: Path) -> str:
    """A hash of the pipeline's configuration files and the sizes of its weights (changing the
    weights changes the pictures, so the job keys)."""
    h = hashlib.sha256()
    for f in sorted(folder.rglob("*")):
        if f.is_file():
            h.update(str(f.relative_to(folder)).encode())
            if f.suffix in (".json", ".txt"):
                h.update(f.read_bytes())
            else:
                h.update(str(f.stat().st_size).encode())
    return h.hexdigest()[:16]


class DiffusersImage:
    """``image.diffusers`` (see the module docstring)."""

    name = "diffusers"

    def __init__(self, model: str | None = None, steps: int = 25, guidance: float = 6.0,
                 ip_adapter: str | None = None, ip_scale: float = 0.6,
                 device: str | None = None, cost_per_image: float = 0.0,
                 model_sha: str | None = None) -> None:
        # ``model_sha`` is accepted so a recorded config loads again; it is derived. What is
        # missing (the packages, the model) is said when a picture is asked for, so the backend
        # can be listed and chosen anywhere.
        path = model or os.environ.get("MANJU_DIFFUSERS_MODEL", "")
        folder = Path(path).expanduser().resolve() if path else None
        self.device = device
        self._pipe: Any = None
        self._img2img: Any = None
        self.capabilities: dict[str, Any] = {"init": True, "references": 1 if ip_adapter else 0,
                                             "mask": False, "sizes": None, "multiple": 8}
        ok = folder is not None and (folder / "model_index.json").is_file()
        self.config: dict[str, Any] = {
            "model": str(folder) if folder else "",
            "model_sha": _model_fingerprint(folder) if ok and folder else "",
            "steps": int(steps), "guidance": float(guidance), "ip_adapter": ip_adapter,
            "ip_scale": float(ip_scale), "cost_per_image": float(cost_per_image),
        }

    def check(self) -> None:
        """Raise BackendError when the packages or the model are missing."""
        try:
            import diffusers  # noqa: F401
            import torch  # noqa: F401
            import transformers  # noqa: F401
        except ImportError as e:
            raise BackendError(f"image.diffusers needs {e.name or 'torch and diffusers'}: "
                               f"{INSTALL_HINT}") from None
        if not self.config["model"]:
            raise BackendError("image.diffusers needs a model folder: set MANJU_DIFFUSERS_MODEL "
                               "or --image-option model=PATH (a pipeline saved with "
                               "save_pretrained; nothing is downloaded)")
        if not (Path(self.config["model"]) / "model_index.json").is_file():
            raise BackendError(f"image.diffusers: {self.config['model']} is not a saved "
                               "diffusers pipeline (no model_index.json)")

    def cost(self, request: ImageRequest) -> float:
        """The configured price of one picture (your own GPU costs nothing here)."""
        return float(self.config["cost_per_image"])

    def _load(self) -> Any:
        if self._pipe is None:
            self.check()
            import torch
            from diffusers import AutoPipelineForText2Image

            if self.device is None:
                self.device = "cuda" if torch.cuda.is_available() else "cpu"
            dtype = torch.float16 if self.device == "cuda" else torch.float32
            try:
                pipe = AutoPipelineForText2Image.from_pretrained(
                    self.config["model"], torch_dtype=dtype, local_files_only=True)
            except (OSError, ValueError) as e:
                raise BackendError(f"image.diffusers: cannot load {self.config['model']}: "
                                   f"{e}") from None
            if self.config["ip_adapter"]:
                folder, _, weight = str(self.config["ip_adapter"]).partition(":")
                try:
                    pipe.load_ip_adapter(folder, subfolder="", weight_name=weight or None,
                                         local_files_only=True)
                except (OSError, ValueError, AttributeError) as e:
                    raise BackendError(f"image.diffusers: cannot load the IP-Adapter "
                                       f"{self.config['ip_adapter']}: {e}") from None
                pipe.set_ip_adapter_scale(self.config["ip_scale"])
            if hasattr(pipe, "safety_checker"):
                pipe.safety_checker = None  # backgrounds and panels, judged by the user
            pipe.set_progress_bar_config(disable=True)
            self._pipe = pipe.to(self.device)
        return self._pipe

    def generate(self, request: ImageRequest) -> ImageResult:
        """One picture: text to image, or image to image from the layout picture."""
        import torch
        from PIL import Image

        pipe = self._load()
        generator = torch.Generator("cpu").manual_seed(int(request.seed))
        common: dict[str, Any] = {
            "prompt": request.prompt, "negative_prompt": request.negative or None,
            "num_inference_steps": self.config["steps"], "guidance_scale": self.config["guidance"],
            "generator": generator, "output_type": "pil",
        }
        if request.references and self.capabilities["references"]:
            common["ip_adapter_image"] = Image.open(io.BytesIO(request.references[0])).convert("RGB")
        w, h = request.width // 8 * 8, request.height // 8 * 8
        if request.init is not None:
            from diffusers import AutoPipelineForImage2Image

            if self._img2img is None:
                self._img2img = AutoPipelineForImage2Image.from_pipe(pipe)
            init = Image.open(io.BytesIO(request.init)).convert("RGB").resize((w, h))
            out = self._img2img(image=init, strength=float(request.strength), **common)
        else:
            out = pipe(width=w, height=h, **common)
        buf = io.BytesIO()
        out.images[0].save(buf, format="PNG")
        return ImageResult(buf.getvalue(), {"device": self.device, "steps": self.config["steps"]})
