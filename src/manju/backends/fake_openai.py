"""A tiny OpenAI-compatible chat-completions server on loopback, for tests and offline demos.

It speaks the documented ``POST /v1/chat/completions`` API (``choices[0].message.content``,
OpenAI-style error bodies, ``Retry-After``) and only ever binds ``127.0.0.1``::

    from manju.backends.fake_openai import FakeOpenAI, Reply

    with FakeOpenAI([Reply(status=429, headers={"Retry-After": "0"}), {"ok": True}]) as srv:
        llm = OpenAILLM(base_url=srv.url, model="fake", cache_dir=tmp)
        ...
        assert len(srv.requests) == 2

Scripted ``replies`` are used first, in order: a ``dict``/``list`` is sent as JSON content, a
``str`` as raw content, a :class:`Reply` as given (``Reply(tool_calls=[...])`` answers with
function calls, as the API does when the request offers ``tools``). When they run out, ``respond(request_body)``
is called (and may return any of the same); without it the server answers HTTP 500.

Every completion carries ``usage``: the prompt and completion tokens counted with
:func:`manju.backends.llm_usage.estimate_tokens` (a ``Reply(usage={...})`` gives its own;
``FakeOpenAI(usage=False)`` leaves ``usage`` out, as some servers do).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One scripted answer: a status, headers, and either chat ``content`` or a raw ``body``."""

    status: int = 200
    content: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    finish_reason: str = "stop"
    delay: float = 0.0  # seconds to wait before answering (simulates a slow server)
    #: function calls to answer with: ``{"name": ..., "arguments": {...} or "raw json"}`` each
    tool_calls: list[dict[str, Any]] | None = None
    #: the ``usage`` to report (default: counted from the request and the answer)
    usage: dict[str, int] | None = None


def _usage(body: dict[str, Any], answer: str) -> dict[str, int]:
    """Token counts for a request and its answer, as a server would report them."""
    from manju.backends.llm_usage import estimate_messages, estimate_tokens

    prompt = estimate_messages(body.get("messages") or [])
    if body.get("tools"):
        prompt += estimate_tokens(json.dumps(body["tools"], ensure_ascii=False))
    completion = estimate_tokens(answer)
    return {"prompt_tokens": prompt, "completion_tokens": completion,
            "total_tokens": prompt + completion}


def _completion(content: str | None, model: str, finish_reason: str,
                tool_calls: list[dict[str, Any]] | None = None,
                usage: dict[str, int] | None = None) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if tool_calls:
        message["tool_calls"] = [
            {"id": f"call_{i}", "type": "function", "function": {
                "name": c["name"], "arguments": c["arguments"] if isinstance(c["arguments"], str)
                else json.dumps(c["arguments"], ensure_ascii=False)}}
            for i, c in enumerate(tool_calls)]
    out = {
        "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "finish_reason": finish_reason, "message": message}],
    }
    if usage is not None:
        out["usage"] = usage
    return out


def _error(message: str, kind: str = "invalid_request_error", param: str | None = None) -> bytes:
    return json.dumps({"error": {"message": message, "type": kind, "param": param,
                                 "code": None}}).encode("utf-8")


class FakeOpenAI:
    """A scripted OpenAI-compatible server in a background thread (use as a context manager).

    ``requests`` holds every decoded request body received (including rejected ones);
    ``reject_json_schema`` answers HTTP 400 to ``response_format: json_schema`` like servers that
    only know JSON mode; ``api_key`` makes the server demand ``Authorization: Bearer KEY``;
    ``usage=False`` leaves ``usage`` out of every reply.
    """

    def __init__(self, replies: list[Any] | None = None,
                 respond: Callable[[dict[str, Any]], Any] | None = None, *,
                 reject_json_schema: bool = False, reject_json_object: bool = False,
                 api_key: str | None = None, usage: bool = True) -> None:
        self.replies = list(replies or [])
        self.respond = respond
        self.reject_json_schema = reject_json_schema
        self.reject_json_object = reject_json_object
        self.api_key = api_key
        self.usage = usage
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The base URL to configure (``http://127.0.0.1:PORT/v1``)."""
        if self._server is None:
            raise RuntimeError("the fake server is not running")
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def start(self) -> FakeOpenAI:
        """Bind a free loopback port and serve in a daemon thread."""
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                fake._handle(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Shut the server down."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # -- request handling --------------------------------------------------------------------
    def _next(self, body: dict[str, Any]) -> Any:
        with self._lock:
            if self.replies:
                return self.replies.pop(0)
        if self.respond is not None:
            return self.respond(body)
        return Reply(status=500, body=_error("no scripted reply left", "server_error"))

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        raw = h.rfile.read(length) if length else b""
        try:
            body = json.loads(raw.decode("utf-8"))
        except ValueError:
            return self._send(h, 400, _error("the body is not JSON"))
        with self._lock:
            self.requests.append(body)
            self.headers.append(dict(h.headers.items()))
        if not h.path.rstrip("/").endswith("/chat/completions"):
            return self._send(h, 404, _error(f"unknown path {h.path}", "not_found"))
        if self.api_key and h.headers.get("Authorization") != f"Bearer {self.api_key}":
            return self._send(h, 401, _error("Incorrect API key provided", "invalid_api_key"))
        if not isinstance(body.get("messages"), list) or not body.get("model"):
            return self._send(h, 400, _error("'model' and 'messages' are required"))
        fmt = (body.get("response_format") or {}).get("type")
        if (fmt == "json_schema" and self.reject_json_schema) or (
                fmt == "json_object" and self.reject_json_object):
            return self._send(h, 400, _error(f"response_format type {fmt!r} is not supported",
                                             param="response_format"))
        reply = self._next(body)
        if not isinstance(reply, Reply):
            reply = Reply(content=reply)
        if reply.delay:
            time.sleep(reply.delay)
        if reply.body is not None:
            return self._send(h, reply.status, reply.body, reply.headers)
        if reply.status != 200:
            return self._send(h, reply.status, _error(f"simulated HTTP {reply.status}", "server_error"),
                              reply.headers)
        if reply.tool_calls:
            if not body.get("tools"):
                return self._send(h, 400, _error("tool_calls scripted but the request has no tools"))
            text = reply.content if isinstance(reply.content, str) else None
            out = _completion(text, str(body.get("model")), "tool_calls", reply.tool_calls,
                              self._usage_for(reply, body, json.dumps(reply.tool_calls, default=str)))
            return self._send(h, 200, json.dumps(out, ensure_ascii=False).encode("utf-8"),
                              reply.headers)
        content = reply.content
        if not isinstance(content, str):
            content = json.dumps(content, ensure_ascii=False)
        out = _completion(content, str(body.get("model")), reply.finish_reason, None,
                          self._usage_for(reply, body, content))
        self._send(h, 200, json.dumps(out, ensure_ascii=False).encode("utf-8"), reply.headers)

    def _usage_for(self, reply: Reply, body: dict[str, Any], answer: str) -> dict[str, int] | None:
        if not self.usage:
            return None
        return reply.usage if reply.usage is not None else _usage(body, answer)

    @staticmethod
    def _send(h: BaseHTTPRequestHandler, status: int, payload: bytes,
              headers: dict[str, str] | None = None) -> None:
        try:
            h.send_response(status)
            h.send_header("Content-Type", "application/json")
            h.send_header("Content-Length", str(len(payload)))
            for k, v in (headers or {}).items():
                h.send_header(k, v)
            h.end_headers()
            h.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (e.g. its timeout fired)
