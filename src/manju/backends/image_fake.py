"""Base of the fake image-provider servers used by the tests (loopback only).

A :class:`FakeServer` serves routes in a background thread, records every request, and plays
scripted :class:`Fault` answers first (by path prefix) so a test can make any route answer
429 with ``Retry-After``, 5xx, malformed JSON or a refusal once and then behave.
"""

from __future__ import annotations

import hashlib
import json
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Fault:
    """A scripted answer for the next request whose path starts with ``path``."""

    path: str
    status: int = 500
    body: bytes = b'{"error": {"message": "simulated failure", "type": "server_error"}}'
    headers: dict[str, str] = field(default_factory=dict)
    method: str = ""  # "" matches any method


@dataclass
class Request:
    """One request the fake received."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # names in lower case
    body: bytes

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body.decode("utf-8"))


def fake_png(width: int, height: int, seed: str = "") -> bytes:
    """A small deterministic PNG (a vertical gradient coloured by ``seed``)."""
    import numpy as np
    import skia

    h = hashlib.sha256(seed.encode()).digest()
    w, hh = max(1, int(width)), max(1, int(height))
    ramp = np.linspace(0.4, 1.0, hh, dtype=np.float32)[:, None, None]
    base = np.array([h[0], h[1], h[2]], dtype=np.float32)[None, None, :]
    rgb = np.broadcast_to(base * ramp, (hh, w, 3)).astype(np.uint8)
    rgba = np.concatenate([rgb, np.full((hh, w, 1), 255, np.uint8)], axis=2)
    img = skia.Image.fromarray(np.ascontiguousarray(rgba), colorType=skia.kRGBA_8888_ColorType)
    return bytes(img.encodeToData(skia.EncodedImageFormat.kPNG, 100))


def parse_multipart(body: bytes, content_type: str) -> dict[str, list[Any]]:
    """Fields of a multipart/form-data body: name -> list of str or (filename, bytes)."""
    boundary = content_type.split("boundary=", 1)[1].strip().strip('"').encode()
    out: dict[str, list[Any]] = {}
    for part in body.split(b"--" + boundary):
        part = part.strip(b"\r\n")
        if not part or part == b"--":
            continue
        head, _, data = part.partition(b"\r\n\r\n")
        disp = head.decode("utf-8", "replace")
        name = disp.split('name="', 1)[1].split('"', 1)[0]
        if 'filename="' in disp:
            fname = disp.split('filename="', 1)[1].split('"', 1)[0]
            out.setdefault(name, []).append((fname, data))
        else:
            out.setdefault(name, []).append(data.decode("utf-8"))
    return out


class FakeServer:
    """A loopback HTTP server dispatching to ``route(request) -> (status, body, headers)``
    (subclasses implement it). Use as a context manager."""

    def __init__(self, faults: list[Fault] | None = None) -> None:
        self.faults = list(faults or [])
        self.requests: list[Request] = []
        self.lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        if self._server is None:
            raise RuntimeError("the fake server is not running")
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def count(self, method: str, path: str) -> int:
        """How many requests had this method and path (prefix)."""
        with self.lock:
            return sum(1 for r in self.requests if r.method == method and r.path.startswith(path))

    def start(self) -> FakeServer:
        """Serve in a daemon thread on a free loopback port."""
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                fake._handle(self, "GET")

            def do_POST(self) -> None:  # noqa: N802
                fake._handle(self, "POST")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        """Shut down."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def route(self, req: Request) -> tuple[int, bytes, dict[str, str]]:
        """Answer one request (override)."""
        return 404, b'{"error": "not found"}', {}

    def _handle(self, h: BaseHTTPRequestHandler, method: str) -> None:
        parsed = urllib.parse.urlparse(h.path)
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length else b""
        req = Request(method, parsed.path, dict(urllib.parse.parse_qsl(parsed.query)),
                      {k.lower(): v for k, v in h.headers.items()}, body)
        with self.lock:
            self.requests.append(req)
            fault = next((f for f in self.faults if req.path.startswith(f.path)
                          and f.method in ("", method)), None)
            if fault is not None:
                self.faults.remove(fault)
        if fault is not None:
            status, payload, headers = fault.status, fault.body, fault.headers
        else:
            try:
                status, payload, headers = self.route(req)
            except Exception as e:  # noqa: BLE001 -- a bug in a fake answers 500, visibly
                status, payload, headers = 500, json.dumps({"error": repr(e)}).encode(), {}
        try:
            h.send_response(status)
            ctype = headers.pop("Content-Type", "application/json") if headers else "application/json"
            h.send_header("Content-Type", ctype)
            h.send_header("Content-Length", str(len(payload)))
            for k, v in (headers or {}).items():
                h.send_header(k, v)
            h.end_headers()
            h.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass


def js(obj: Any, status: int = 200) -> tuple[int, bytes, dict[str, str]]:
    """A JSON answer."""
    return status, json.dumps(obj).encode("utf-8"), {}
