"""``image.gemini``: pictures from Gemini image models (Nano Banana) through the Gemini API.

``POST {base_url}/models/{model}:generateContent`` with the API key in ``x-goog-api-key``;
the prompt is a text part and every picture sent (the layout picture first, then the
references) an ``inline_data`` part with its base64 bytes, so nothing needs a public URL.
``generationConfig.responseModalities`` asks for an image and ``imageConfig.aspectRatio``
sets its shape. The picture comes back as an ``inlineData`` part of the first candidate; a
refusal as ``promptFeedback.blockReason`` or a ``finishReason`` such as ``IMAGE_SAFETY``.

Configuration (arguments, else environment): ``base_url`` / ``MANJU_GEMINI_BASE_URL``
(default ``https://generativelanguage.googleapis.com/v1beta``), ``api_key`` /
``MANJU_GEMINI_API_KEY`` (else ``GEMINI_API_KEY``, ``GOOGLE_API_KEY``; never recorded),
``model`` / ``MANJU_GEMINI_MODEL`` (default ``gemini-2.5-flash-image``), ``cost_per_image``.
"""

from __future__ import annotations

import base64
import binascii
import os
from typing import Any

from manju.backends.image_http import HttpClient
from manju.backends.protocols import ImageRequest, ImageResult
from manju.errors import BackendError

__all__ = ["GeminiImage", "ASPECT_SIZES", "PRICES"]

#: aspect ratio -> the size Gemini 2.5 Flash Image answers with
ASPECT_SIZES: dict[str, str] = {
    "1:1": "1024x1024", "2:3": "832x1248", "3:2": "1248x832", "3:4": "864x1184",
    "4:3": "1184x864", "4:5": "896x1152", "5:4": "1152x896", "9:16": "768x1344",
    "16:9": "1344x768", "21:9": "1536x672",
}
#: US dollars per picture (list prices at 1K-2K output)
PRICES = {"gemini-2.5-flash-image": 0.039, "gemini-2.5-flash-image-preview": 0.039,
          "gemini-3-pro-image-preview": 0.134}
FALLBACK_PRICE = 0.05
_REFUSALS = ("SAFETY", "IMAGE_SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII",
             "RECITATION", "IMAGE_PROHIBITED_CONTENT", "OTHER")


class GeminiImage:
    """``image.gemini`` (see the module docstring)."""

    name = "gemini"

    def __init__(self, base_url: str | None = None, api_key: str | None = None,
                 model: str | None = None, cost_per_image: float | None = None,
                 max_references: int = 3, timeout: float = 300.0, retries: int = 4,
                 backoff: float = 0.5) -> None:
        base = (base_url or os.environ.get("MANJU_GEMINI_BASE_URL", "")
                or "https://generativelanguage.googleapis.com/v1beta").rstrip("/")
        if not base.startswith(("http://", "https://")):
            raise BackendError(f"image.gemini: base_url must start with http:// or https:// "
                               f"(got {base!r})")
        key = api_key if api_key is not None else (
            os.environ.get("MANJU_GEMINI_API_KEY") or os.environ.get("GEMINI_API_KEY")
            or os.environ.get("GOOGLE_API_KEY", ""))
        self.base_url = base
        self.http = HttpClient("image.gemini", {"x-goog-api-key": key} if key else {},
                               timeout=timeout, retries=retries, backoff=backoff)
        model = model or os.environ.get("MANJU_GEMINI_MODEL", "") or "gemini-2.5-flash-image"
        self.capabilities: dict[str, Any] = {"init": True, "references": int(max_references),
                                             "mask": False, "sizes": list(ASPECT_SIZES.values()),
                                             "multiple": 16}
        self.config: dict[str, Any] = {"base_url": base, "model": model,
                                       "cost_per_image": cost_per_image,
                                       "max_references": int(max_references)}

    def cost(self, request: ImageRequest) -> float:
        """Dollars for one picture."""
        if self.config["cost_per_image"] is not None:
            return float(self.config["cost_per_image"])
        return PRICES.get(self.config["model"], FALLBACK_PRICE)

    @staticmethod
    def aspect(width: int, height: int) -> str:
        """The supported aspect ratio closest to ``width``/``height``."""
        want = width / max(1, height)

        def off(r: str) -> float:
            a, b = (int(v) for v in r.split(":"))
            return abs(a / b - want)

        return min(ASPECT_SIZES, key=off)

    def generate(self, request: ImageRequest) -> ImageResult:
        """One picture from the prompt and the pictures sent inline."""
        text = request.prompt
        parts: list[dict[str, Any]] = []
        images = ([request.init] if request.init is not None else []) + list(
            request.references[: self.config["max_references"]])
        if request.init is not None:
            text += ("\nKeep the composition of the first picture: where the horizon, floor, "
                     "walls and open space are; redraw it in the style described.")
        if request.references:
            text += "\nKeep the subjects and style of the other pictures."
        if request.negative:
            text += f"\nDo not show: {request.negative}."
        parts.append({"text": text})
        for data in images:
            parts.append({"inline_data": {"mime_type": "image/png",
                                          "data": base64.b64encode(data).decode("ascii")}})
        body = {"contents": [{"role": "user", "parts": parts}],
                "generationConfig": {"responseModalities": ["IMAGE"],
                                     "imageConfig": {"aspectRatio": self.aspect(
                                         request.width, request.height)}}}
        url = f"{self.base_url}/models/{self.config['model']}:generateContent"
        return self._result(self.http.json("POST", url, body), url)

    def _result(self, ans: Any, url: str) -> ImageResult:
        if not isinstance(ans, dict):
            raise BackendError(f"image.gemini: {url} answered {str(ans)[:120]!r}")
        block = (ans.get("promptFeedback") or {}).get("blockReason")
        if block:
            raise BackendError(f"image.gemini: the provider refused the prompt as unsafe "
                               f"({block}); change the scene's description and run again")
        cands = ans.get("candidates")
        if not isinstance(cands, list) or not cands or not isinstance(cands[0], dict):
            raise BackendError(f"image.gemini: {url} answered without a candidate: "
                               f"{str(ans)[:160]!r}")
        cand = cands[0]
        said = []
        for part in (cand.get("content") or {}).get("parts") or []:
            inline = part.get("inlineData") or part.get("inline_data")
            if isinstance(inline, dict) and inline.get("data"):
                try:
                    data = base64.b64decode(inline["data"], validate=True)
                except (binascii.Error, ValueError):
                    raise BackendError("image.gemini: the picture in the answer is not valid "
                                       "base64") from None
                meta = {k: ans[k] for k in ("modelVersion", "usageMetadata", "responseId")
                        if k in ans}
                return ImageResult(data, meta)
            if part.get("text"):
                said.append(str(part["text"]))
        reason = str(cand.get("finishReason") or "")
        if reason in _REFUSALS:
            raise BackendError(f"image.gemini: the provider refused the prompt or picture as "
                               f"unsafe ({reason}); change the scene's description and run "
                               "again")
        raise BackendError(f"image.gemini: the answer holds no picture (finishReason "
                           f"{reason or 'none'}{': ' + ' '.join(said)[:200] if said else ''})")
