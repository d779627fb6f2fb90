"""HTTP for the image backends: JSON and multipart requests with retries.

429 and 5xx answers are retried with exponential backoff (a ``Retry-After`` header, in
seconds or as an HTTP date, sets the wait); a refusal (4xx) is a :class:`BackendError` that
names the provider's own message; a moderation refusal says so. Standard library only.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from manju.backends.openai_llm import retry_after
from manju.errors import BackendError

RETRY_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504})
#: words in an error body that mean the provider refused the content, not the request
MODERATION_WORDS = ("moderation", "content_policy", "content policy", "safety", "blocked",
                    "prohibited", "sensitive", "risk control", "inappropriate",
                    "datainspection", "违规", "敏感")


@dataclass
class HttpClient:
    """Requests to one provider: ``label`` names it in messages; ``headers`` go on every
    request (authentication). ``sleep`` is injectable for tests."""

    label: str
    headers: dict[str, str] = field(default_factory=dict)
    timeout: float = 120.0
    retries: int = 4
    backoff: float = 0.5
    max_backoff: float = 30.0
    sleep: Callable[[float], None] = time.sleep

    def request(self, method: str, url: str, *, body: bytes | None = None,
                content_type: str | None = None, timeout: float | None = None,
                retry: bool = True) -> bytes:
        """The response body of ``method url``; retried on 429/5xx and network errors."""
        headers = dict(self.headers)
        if content_type:
            headers["Content-Type"] = content_type
        last = ""
        tries = self.retries + 1 if retry else 1
        for attempt in range(tries):
            wait = min(self.max_backoff, self.backoff * 2 ** attempt)
            req = urllib.request.Request(url, data=body, headers=headers, method=method)
            try:
                with urllib.request.urlopen(req, timeout=timeout or self.timeout) as resp:
                    return bytes(resp.read())
            except urllib.error.HTTPError as e:
                detail = error_detail(e)
                if e.code in (401, 403):
                    raise BackendError(f"{self.label}: {url} rejected the credentials (HTTP "
                                       f"{e.code}{': ' + detail if detail else ''})") from None
                if e.code not in RETRY_STATUS:
                    if is_moderation(detail):
                        raise BackendError(f"{self.label}: the provider refused the prompt or "
                                           f"picture as unsafe ({detail}); change the scene's "
                                           "description and run again") from None
                    raise BackendError(f"{self.label}: {url} refused the request (HTTP {e.code}"
                                       f"{': ' + detail if detail else ''})") from None
                last = f"HTTP {e.code}{': ' + detail if detail else ''}"
                after = retry_after(e.headers.get("Retry-After") if e.headers else None)
                if after is not None:
                    wait = min(self.max_backoff, after)
            except urllib.error.URLError as e:
                last = f"cannot reach the server ({e.reason})"
            except (TimeoutError, OSError) as e:
                last = f"connection failed ({e or type(e).__name__})"
            if attempt < tries - 1:
                self.sleep(wait)
        raise BackendError(f"{self.label}: {url} failed after {tries} tries: {last}")

    def json(self, method: str, url: str, payload: Any = None, **kw: Any) -> Any:
        """``request`` with a JSON body (when given) and a JSON answer."""
        body = json.dumps(payload).encode("utf-8") if payload is not None else None
        raw = self.request(method, url, body=body,
                           content_type="application/json" if body is not None else None, **kw)
        return parse_json(raw, self.label, url)

    def multipart(self, url: str, fields: list[tuple[str, Any]], **kw: Any) -> Any:
        """POST ``fields`` as multipart/form-data and parse the JSON answer. A field's value
        is a string, or ``(filename, bytes, content type)`` for a file."""
        body, ctype = encode_multipart(fields)
        return parse_json(self.request("POST", url, body=body, content_type=ctype, **kw),
                          self.label, url)


def parse_json(raw: bytes, label: str, url: str) -> Any:
    """The JSON of an answer, or a BackendError that quotes the start of what came back."""
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        snippet = raw[:120].decode("utf-8", "replace").strip()
        raise BackendError(f"{label}: {url} answered with something that is not JSON: "
                           f"{snippet!r}") from None


def encode_multipart(fields: list[tuple[str, Any]]) -> tuple[bytes, str]:
    """A multipart/form-data body and its content type."""
    boundary = f"manju-{uuid.uuid4().hex}"
    out = bytearray()
    for name, value in fields:
        out += f"--{boundary}\r\n".encode()
        if isinstance(value, tuple):
            filename, data, ctype = value
            out += (f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                    f"Content-Type: {ctype}\r\n\r\n").encode()
            out += data
        else:
            out += f'Content-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            out += str(value).encode("utf-8")
        out += b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


def error_detail(e: urllib.error.HTTPError) -> str:
    """The message of a JSON error body (OpenAI, Google and ComfyUI shapes), else a short
    excerpt of the body."""
    try:
        raw = e.read()
    except Exception:  # noqa: BLE001 -- the body only decorates the message
        return ""
    try:
        obj = json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace").strip()[:200]
    if isinstance(obj, dict):
        err = obj.get("error")
        if isinstance(err, dict):
            parts = [str(err.get(k)) for k in ("code", "type", "status", "message")
                     if err.get(k)]
            return ": ".join(dict.fromkeys(parts))[:300]
        if err:
            return str(err)[:300]
        if obj.get("message"):  # Kling and others: {"code": ..., "message": ...}
            code = obj.get("code")
            return (f"{code}: {obj['message']}" if code not in (None, "") else
                    str(obj["message"]))[:300]
    return json.dumps(obj)[:200]


def is_moderation(detail: str) -> bool:
    """Whether an error message says the content was refused."""
    low = detail.lower()
    return any(w in low for w in MODERATION_WORDS)
