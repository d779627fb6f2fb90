"""A fake OpenAI Images API server (``/v1/images/generations`` and ``/v1/images/edits``) for
the tests: checks the bearer key, the model, the size and the multipart fields, refuses a
prompt containing ``blocked_word`` the way the moderation system does, and answers
``b64_json`` pictures of the requested size (``url`` when ``answer_url`` is set)."""

from __future__ import annotations

import base64
import json
from typing import Any

from manju.backends.image_fake import FakeServer, Fault, Request, fake_png, js, parse_multipart

__all__ = ["FakeOpenAIImages", "Fault"]


class FakeOpenAIImages(FakeServer):
    """See the module docstring; ``generated`` counts pictures made."""

    def __init__(self, faults: list[Fault] | None = None, api_key: str | None = None,
                 blocked_word: str = "forbidden", answer_url: bool = False) -> None:
        super().__init__(faults)
        self.api_key = api_key
        self.blocked_word = blocked_word
        self.answer_url = answer_url
        self.generated = 0
        self.edits: list[dict[str, list[Any]]] = []
        self._pictures: dict[str, bytes] = {}

    @property
    def base_url(self) -> str:
        """The URL to configure (ends in ``/v1``)."""
        return f"{self.url}/v1"

    def route(self, req: Request) -> tuple[int, bytes, dict[str, str]]:
        if req.method == "GET" and req.path.startswith("/files/"):
            data = self._pictures.get(req.path.rsplit("/", 1)[1])
            return (200, data, {"Content-Type": "image/png"}) if data else (404, b"", {})
        if req.method != "POST" or req.path not in ("/v1/images/generations", "/v1/images/edits"):
            return _err(404, f"Unknown request URL: {req.method} {req.path}", "invalid_request_error")
        if self.api_key and req.headers.get("authorization") != f"Bearer {self.api_key}":
            return _err(401, "Incorrect API key provided", "invalid_request_error", "invalid_api_key")
        if req.path.endswith("/generations"):
            try:
                body = req.json()
            except ValueError:
                return _err(400, "We could not parse the JSON body of your request.",
                            "invalid_request_error")
            fields = {k: str(v) for k, v in body.items()}
        else:
            parts = parse_multipart(req.body, req.headers.get("content-type", ""))
            self.edits.append(parts)
            if not parts.get("image[]") and not parts.get("image"):
                return _err(400, "Missing required parameter: 'image'.", "invalid_request_error")
            fields = {k: v[0] for k, v in parts.items() if isinstance(v[0], str)}
        if not fields.get("prompt") or not fields.get("model"):
            return _err(400, "Missing required parameter: 'prompt'.", "invalid_request_error")
        if fields["model"].startswith("gpt-image") and "response_format" in fields:
            return _err(400, "Unknown parameter: 'response_format'.", "invalid_request_error")
        if self.blocked_word and self.blocked_word in fields["prompt"]:
            return _err(400, "Your request was rejected as a result of our safety system.",
                        "image_generation_user_error", "moderation_blocked")
        try:
            w, h = (int(v) for v in fields.get("size", "1024x1024").split("x"))
        except ValueError:
            return _err(400, "Invalid value for 'size'.", "invalid_request_error")
        png = fake_png(w // 16, h // 16, fields["prompt"])
        self.generated += 1
        if self.answer_url:
            name = f"img{self.generated}.png"
            self._pictures[name] = png
            item: dict[str, Any] = {"url": f"{self.url}/files/{name}"}
        else:
            item = {"b64_json": base64.b64encode(png).decode()}
        return js({"created": 1700000000, "data": [item],
                   "usage": {"input_tokens": 50, "output_tokens": 4160, "total_tokens": 4210}})


def _err(status: int, message: str, kind: str, code: str | None = None
         ) -> tuple[int, bytes, dict[str, str]]:
    return status, json.dumps({"error": {"message": message, "type": kind, "param": None,
                                         "code": code}}).encode(), {}
