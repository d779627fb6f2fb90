"""``image.openai``: pictures from any server that speaks the OpenAI Images API.

``POST {base_url}/images/generations`` (JSON: ``model``, ``prompt``, ``n``, ``size``,
``quality``, ``response_format``) makes a picture from text; ``POST {base_url}/images/edits``
(multipart/form-data) makes one from pictures sent as data: the layout picture and the
references as ``image[]`` files (``image`` for models that take one), an optional ``mask``.
The answer is ``{"data": [{"b64_json": ...}]}`` (a ``url`` is downloaded when a server sends
one instead). OpenAI itself, and the many providers that copy its API, work alike.

The API is synchronous: the picture comes back in the answer to the request, so there is no
task id to resume; the job ledger still records the request before it is sent and the
result after, so a finished picture is never asked for twice.

Configuration (arguments, else environment):

=============== ========================= ================================================
argument        environment               meaning
=============== ========================= ================================================
base_url        MANJU_IMAGE_BASE_URL      default ``https://api.openai.com/v1``
api_key         MANJU_IMAGE_API_KEY       bearer token (else ``OPENAI_API_KEY``; never recorded)
model           MANJU_IMAGE_MODEL         default ``gpt-image-1``
quality                                   ``low`` / ``medium`` / ``high`` (gpt-image),
                                          ``standard`` / ``hd`` (dall-e-3); default: none sent
sizes                                     the sizes the model accepts (``["1024x1536", ...]``)
cost_per_image                            dollars per picture, overriding the price table
=============== ========================= ================================================
"""

from __future__ import annotations

import base64
import binascii
import os
from typing import Any

from manju.backends.image_http import HttpClient, is_moderation
from manju.backends.protocols import ImageRequest, ImageResult
from manju.errors import BackendError

__all__ = ["OpenAIImage", "PRICES", "SIZES"]

#: Sizes each known model accepts.
SIZES: dict[str, list[str]] = {
    "gpt-image-1": ["1024x1024", "1024x1536", "1536x1024"],
    "gpt-image-1-mini": ["1024x1024", "1024x1536", "1536x1024"],
    "dall-e-3": ["1024x1024", "1024x1792", "1792x1024"],
    "dall-e-2": ["256x256", "512x512", "1024x1024"],
}
#: US dollars per picture by model, quality and size (published list prices; "" = default).
PRICES: dict[str, dict[str, dict[str, float]]] = {
    "gpt-image-1": {
        "low": {"1024x1024": 0.011, "1024x1536": 0.016, "1536x1024": 0.016},
        "medium": {"1024x1024": 0.042, "1024x1536": 0.063, "1536x1024": 0.063},
        "high": {"1024x1024": 0.167, "1024x1536": 0.25, "1536x1024": 0.25},
    },
    "gpt-image-1-mini": {
        "low": {"1024x1024": 0.005, "1024x1536": 0.006, "1536x1024": 0.006},
        "medium": {"1024x1024": 0.011, "1024x1536": 0.015, "1536x1024": 0.015},
        "high": {"1024x1024": 0.036, "1024x1536": 0.052, "1536x1024": 0.052},
    },
    "dall-e-3": {
        "standard": {"1024x1024": 0.04, "1024x1792": 0.08, "1792x1024": 0.08},
        "hd": {"1024x1024": 0.08, "1024x1792": 0.12, "1792x1024": 0.12},
    },
    "dall-e-2": {"standard": {"256x256": 0.016, "512x512": 0.018, "1024x1024": 0.02}},
}
#: what a model's missing quality means (the API's own default is "auto"; bill it as high)
_DEFAULT_QUALITY = {"gpt-image-1": "high", "gpt-image-1-mini": "high", "dall-e-3": "standard",
                    "dall-e-2": "standard"}
#: a price for models the table does not know and that set no cost_per_image
FALLBACK_PRICE = 0.05


def nearest_size(sizes: list[str], width: int, height: int) -> str:
    """The accepted size whose aspect ratio is closest to ``width``/``height`` (ties: the
    larger)."""
    want = width / max(1, height)

    def score(s: str) -> tuple[float, int]:
        w, h = (int(v) for v in s.split("x"))
        return abs(w / h - want), -(w * h)

    return min(sizes, key=score)


class OpenAIImage:
    """``image.openai`` (see the module docstring)."""

    name = "openai"

    def __init__(self, base_url: str | None = None, api_key: str | None = None,
                 model: str | None = None, quality: str | None = None,
                 sizes: list[str] | None = None, response_format: str | None = None,
                 image_field: str | None = None, max_references: int | None = None,
                 cost_per_image: float | None = None, timeout: float = 300.0, retries: int = 4,
                 backoff: float = 0.5) -> None:
        base = (base_url or os.environ.get("MANJU_IMAGE_BASE_URL", "")
                or "https://api.openai.com/v1").rstrip("/")
        if not base.startswith(("http://", "https://")):
            raise BackendError(f"image.openai: base_url must start with http:// or https:// "
                               f"(got {base!r})")
        model = model or os.environ.get("MANJU_IMAGE_MODEL", "") or "gpt-image-1"
        key = api_key if api_key is not None else (os.environ.get("MANJU_IMAGE_API_KEY")
                                                   or os.environ.get("OPENAI_API_KEY", ""))
        gpt_image = model.startswith("gpt-image")
        if response_format is None:
            # GPT image models always answer in base64 and refuse the parameter.
            response_format = "" if gpt_image else "b64_json"
        edits = model != "dall-e-3"
        refs = max_references if max_references is not None else (15 if gpt_image else 0)
        self.base_url = base
        self.http = HttpClient("image.openai", {"Authorization": f"Bearer {key}"} if key else {},
                               timeout=timeout, retries=retries, backoff=backoff)
        self.capabilities: dict[str, Any] = {
            "init": edits, "references": refs if edits else 0, "mask": edits,
            "sizes": sizes or SIZES.get(model), "multiple": 16,
        }
        self.config: dict[str, Any] = {
            "base_url": base, "model": model, "quality": quality or "",
            "sizes": self.capabilities["sizes"], "response_format": response_format,
            "image_field": image_field or ("image[]" if gpt_image else "image"),
            "max_references": self.capabilities["references"],
            "cost_per_image": cost_per_image,
        }

    # -- ImageBackend -------------------------------------------------------------------------
    def size(self, request: ImageRequest) -> str:
        """The ``size`` sent for ``request`` (the nearest accepted one)."""
        sizes = self.config["sizes"]
        if sizes:
            return nearest_size(list(sizes), request.width, request.height)
        return f"{request.width}x{request.height}"

    def cost(self, request: ImageRequest) -> float:
        """Dollars for one picture: ``cost_per_image``, else the price table."""
        if self.config["cost_per_image"] is not None:
            return float(self.config["cost_per_image"])
        model = self.config["model"]
        table = PRICES.get(model)
        if not table:
            return FALLBACK_PRICE
        quality = self.config["quality"] or _DEFAULT_QUALITY.get(model, "")
        by_size = table.get(quality) or next(iter(table.values()))
        return float(by_size.get(self.size(request), max(by_size.values())))

    def _prompt(self, request: ImageRequest) -> str:
        # The API has no negative prompt: say it in words.
        if request.negative:
            return f"{request.prompt}\n\nAvoid: {request.negative}."
        return request.prompt

    def generate(self, request: ImageRequest) -> ImageResult:
        """One picture: ``/images/generations`` from text, ``/images/edits`` when pictures
        are sent."""
        cfg = self.config
        images = ([request.init] if request.init is not None and self.capabilities["init"]
                  else []) + list(request.references[: self.capabilities["references"]])
        common: dict[str, Any] = {"model": cfg["model"], "prompt": self._prompt(request), "n": 1,
                                  "size": self.size(request)}
        if cfg["quality"]:
            common["quality"] = cfg["quality"]
        if cfg["response_format"]:
            common["response_format"] = cfg["response_format"]
        if not images:
            url = f"{self.base_url}/images/generations"
            ans = self.http.json("POST", url, common)
        else:
            url = f"{self.base_url}/images/edits"
            fields: list[tuple[str, Any]] = [(k, v) for k, v in common.items()]
            fld = cfg["image_field"]
            for i, data in enumerate(images):
                fields.append((fld, (f"image_{i}.png", data, "image/png")))
            if request.mask is not None and self.capabilities["mask"]:
                fields.append(("mask", ("mask.png", request.mask, "image/png")))
            ans = self.http.multipart(url, fields)
        return self._result(ans, url)

    def _result(self, ans: Any, url: str) -> ImageResult:
        if not isinstance(ans, dict):
            raise BackendError(f"image.openai: {url} answered {str(ans)[:120]!r}")
        if ans.get("error"):
            detail = str(ans["error"].get("message") if isinstance(ans["error"], dict)
                         else ans["error"])
            kind = "refused the prompt as unsafe" if is_moderation(detail) else "failed"
            raise BackendError(f"image.openai: the request {kind}: {detail[:300]}")
        data = ans.get("data")
        if not isinstance(data, list) or not data or not isinstance(data[0], dict):
            raise BackendError(f"image.openai: {url} answered without a picture: "
                               f"{str(ans)[:160]!r}")
        item = data[0]
        meta = {k: ans[k] for k in ("created", "usage") if k in ans}
        if item.get("revised_prompt"):
            meta["revised_prompt"] = item["revised_prompt"]
        if item.get("b64_json"):
            try:
                png = base64.b64decode(item["b64_json"], validate=True)
            except (binascii.Error, ValueError):
                raise BackendError("image.openai: the picture in the answer is not valid "
                                   "base64") from None
        elif item.get("url"):
            png = self.http.request("GET", str(item["url"]))
        else:
            raise BackendError(f"image.openai: {url} answered without b64_json or url")
        return ImageResult(png, meta)
