"""Playing a world model: the keyboard's action goes to the server, the model draws the frame.

:class:`Player` keeps the last four frames and actions and predicts the next frame for each
action sent. :func:`serve` puts it behind a small HTTP API and the page in ``static/``
(plain HTML and JavaScript, nothing fetched from elsewhere): uvicorn and Starlette (FastAPI's
core) when they import, else the standard library's ``http.server``. Both speak the same routes:

- ``GET /`` the page; ``GET /info`` actions, size, source, keys;
- ``POST /step`` ``{"action": i}`` -> the next frame as raw RGB bytes (``X-Infer-Ms`` header);
- ``POST /reset`` ``{"start": i}`` -> the opening frame of held-out start ``i``.

Imports torch.
"""

from __future__ import annotations

import json
import threading
import time
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import torch

from manju.world.model import sample, to_tensor, to_uint8
from manju.world.train import load_model

#: keyboard codes per action name (the page shows them)
KEYS = {"left": ["ArrowLeft", "KeyA"], "right": ["ArrowRight", "KeyD"],
        "jump": ["ArrowUp", "Space", "KeyW"], "fire": ["Space", "ArrowUp"],
        "turn": ["ArrowDown", "KeyS"], "wave": ["KeyQ"], "point": ["KeyE"]}


class Player:
    """One session of play: context frames and actions, advanced one action at a time."""

    def __init__(self, model_path: str | Path, sampling_steps: int = 1, seed: int = 0) -> None:
        self.model, raw = load_model(model_path)
        self.meta = raw["meta"]
        self.starts = {k: np.asarray(v) for k, v in raw["starts"].items()}
        self.size = int(raw["config"]["size"])
        self.steps = sampling_steps
        self.gen = torch.Generator().manual_seed(seed)
        self.lock = threading.Lock()
        self.reset(0)

    @property
    def actions(self) -> list[str]:
        """Action names in code order."""
        return list(self.meta["actions"])

    def reset(self, start: int = 0) -> np.ndarray:
        """Start again from held-out opening ``start``; returns the current frame."""
        i = start % len(self.starts["frames"])
        with self.lock:
            self.frames = np.array(self.starts["frames"][i])
            self.acts = np.array(self.starts["actions"][i])
            return self.frames[-1]  # type: ignore[no-any-return]

    def step(self, action: int) -> tuple[np.ndarray, float]:
        """The next frame after ``action`` and how long inference took (ms)."""
        if not 0 <= action < len(self.actions):
            raise ValueError(f"action must be 0..{len(self.actions) - 1}")
        with self.lock:
            acts = np.concatenate([self.acts[1:], [action]])
            t0 = time.perf_counter()
            ctx = to_tensor(self.frames[None]).flatten(1, 2)
            nxt = to_uint8(sample(self.model, ctx, torch.as_tensor(acts)[None], self.steps, self.gen))[0]
            ms = (time.perf_counter() - t0) * 1000
            self.frames = np.concatenate([self.frames[1:], nxt[None]])
            self.acts = acts
            return nxt, ms

    def info(self) -> dict[str, Any]:
        """What the page needs to know."""
        return {"actions": self.actions, "size": self.size, "source": self.meta.get("source"),
                "sampling_steps": self.steps, "starts": len(self.starts["frames"]),
                "keys": {a: KEYS.get(a, []) for a in self.actions}}


def bench(player: Player, frames: int) -> float:
    """Frames per second of inference over ``frames`` steps of random actions."""
    rng = np.random.default_rng(0)
    player.step(0)  # the first call pays for allocation
    t0 = time.perf_counter()
    for _ in range(frames):
        player.step(int(rng.integers(0, len(player.actions))))
    return frames / (time.perf_counter() - t0)


def page() -> bytes:
    """The play page."""
    return resources.files("manju.world").joinpath("static/play.html").read_bytes()


def handle(player: Player, method: str, path: str, body: bytes) -> tuple[int, str, bytes, dict[str, str]]:
    """One request: (status, content type, body, extra headers)."""
    if method == "GET" and path in ("/", "/index.html"):
        return 200, "text/html; charset=utf-8", page(), {}
    if method == "GET" and path == "/info":
        return 200, "application/json", json.dumps(player.info()).encode(), {}
    if method == "POST" and path in ("/step", "/reset"):
        try:
            req = json.loads(body or b"{}")
            if path == "/step":
                frame, ms = player.step(int(req.get("action", 0)))
            else:
                frame, ms = player.reset(int(req.get("start", 0))), 0.0
        except (ValueError, TypeError, AttributeError) as e:
            return 400, "application/json", json.dumps({"error": str(e)}).encode(), {}
        return 200, "application/octet-stream", frame.tobytes(), {"X-Infer-Ms": f"{ms:.1f}"}
    return 404, "application/json", b'{"error": "not found"}', {}


def _asgi_app(player: Player) -> Any:
    """The routes as an ASGI app (Starlette, which FastAPI is built on)."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    async def route(request: Request) -> Response:
        body = await request.body()
        status, ctype, data, headers = await run_in_threadpool(
            handle, player, request.method, request.url.path, body)
        return Response(data, status_code=status, media_type=ctype, headers=headers)

    return Starlette(routes=[Route("/{path:path}", route, methods=["GET", "POST"])])


def serve(player: Player, host: str = "127.0.0.1", port: int = 8770) -> None:
    """Serve until Ctrl-C (uvicorn and Starlette when installed, else http.server)."""
    try:
        import uvicorn

        app = _asgi_app(player)
    except ImportError:
        app = None
    print(f"playing on http://{host}:{port}/  (Ctrl-C stops)", flush=True)
    if app is not None:
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    with stdlib_server(player, host, port) as httpd:
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass


def stdlib_server(player: Player, host: str, port: int) -> Any:
    """A ``ThreadingHTTPServer`` answering the routes (port 0: any free one)."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def _answer(self, method: str) -> None:
            n = int(self.headers.get("Content-Length") or 0)
            status, ctype, data, headers = handle(player, method, self.path.split("?")[0],
                                                  self.rfile.read(n) if n else b"")
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            self._answer("GET")

        def do_POST(self) -> None:  # noqa: N802
            self._answer("POST")

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    return ThreadingHTTPServer((host, port), Handler)
