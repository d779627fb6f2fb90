"""A fake Gemini API server (``models/{model}:generateContent``) for the tests: checks the
``x-goog-api-key`` header and the request shape, keeps the inline pictures it was sent,
answers an ``inlineData`` PNG of the size its aspect ratio gives, and refuses a prompt
containing ``blocked_word`` (``promptFeedback.blockReason``) or ``unsafe_word``
(``finishReason: IMAGE_SAFETY``)."""

from __future__ import annotations

import base64
import json

from manju.backends.gemini_image import ASPECT_SIZES
from manju.backends.image_fake import FakeServer, Fault, Request, fake_png, js

__all__ = ["FakeGemini", "Fault"]


class FakeGemini(FakeServer):
    """See the module docstring."""

    def __init__(self, faults: list[Fault] | None = None, api_key: str | None = None,
                 blocked_word: str = "forbidden", unsafe_word: str = "gory") -> None:
        super().__init__(faults)
        self.api_key = api_key
        self.blocked_word, self.unsafe_word = blocked_word, unsafe_word
        self.generated = 0
        self.inline: list[list[bytes]] = []

    @property
    def base_url(self) -> str:
        """The URL to configure (ends in ``/v1beta``)."""
        return f"{self.url}/v1beta"

    def route(self, req: Request) -> tuple[int, bytes, dict[str, str]]:
        if req.method != "POST" or not req.path.startswith("/v1beta/models/") or \
                not req.path.endswith(":generateContent"):
            return _err(404, "Method not found.", "NOT_FOUND")
        if self.api_key and req.headers.get("x-goog-api-key") != self.api_key:
            return _err(400, "API key not valid. Please pass a valid API key.", "INVALID_ARGUMENT")
        try:
            body = req.json()
            parts = body["contents"][0]["parts"]
            ratio = body["generationConfig"]["imageConfig"]["aspectRatio"]
        except (ValueError, KeyError, IndexError, TypeError):
            return _err(400, "Invalid JSON payload received.", "INVALID_ARGUMENT")
        if ratio not in ASPECT_SIZES:
            return _err(400, f"Unsupported aspect ratio {ratio}", "INVALID_ARGUMENT")
        text = " ".join(p.get("text", "") for p in parts)
        self.inline.append([base64.b64decode(p["inline_data"]["data"]) for p in parts
                            if "inline_data" in p])
        if self.blocked_word in text:
            return js({"promptFeedback": {"blockReason": "PROHIBITED_CONTENT"},
                       "usageMetadata": {"promptTokenCount": 9}})
        if self.unsafe_word in text:
            return js({"candidates": [{"content": {"role": "model", "parts": []},
                                       "finishReason": "IMAGE_SAFETY"}]})
        w, h = (int(v) // 16 for v in ASPECT_SIZES[ratio].split("x"))
        self.generated += 1
        png = fake_png(w, h, text)
        return js({"candidates": [{"content": {"role": "model", "parts": [
            {"text": "Here is the picture."},
            {"inlineData": {"mimeType": "image/png", "data": base64.b64encode(png).decode()}}]},
            "finishReason": "STOP"}],
            "usageMetadata": {"promptTokenCount": 20, "candidatesTokenCount": 1290},
            "modelVersion": req.path.split("/models/", 1)[1].split(":", 1)[0]})


def _err(status: int, message: str, state: str) -> tuple[int, bytes, dict[str, str]]:
    return status, json.dumps({"error": {"code": status, "message": message,
                                         "status": state}}).encode(), {}


