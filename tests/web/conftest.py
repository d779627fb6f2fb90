"""Fixtures for the studio tests: one small made project for the whole session (its story is
full of markup that must show as text), copies of it per test, the app, and a live server."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

BASE = "http://127.0.0.1:8765"
#: Markup in the story, the title and a line: the studio must show all of it as text.
SCRIPT = "<script>window.pwned=1</script>"
IMG = "'><img src=x onerror=window.pwned=2>"
TITLE = '<b>Kitchen</b>"><img src=x onerror="window.pwned = 3">'
STORY = (f"Mara Vale stood in the kitchen. The rain beat on the window. {SCRIPT}\n\n"
         f'"You are late," said Elias.\n\nThe kettle hissed {IMG} on the stove.\n\n'
         '"The road flooded," Mara replied.\n\n'
         '"Then sit down," he said. "Tea is ready."\n')


@pytest.fixture(scope="session")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project made once at a tiny size with the fake speech and no music."""
    from manju.session import Session

    root = tmp_path_factory.mktemp("made")
    story = root / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    out = root / "project"
    with Session.open(out, story, settings={"width": 144, "height": 256, "fps": 6, "music": False},
                      title=TITLE, backends={"tts": "fake", "music": "fake"}) as s:
        s.make()
    return out


def copy_project(made: Path, where: Path) -> Path:
    """A private copy of the made project (with its cache, so nothing renders twice)."""
    dst = where / "kitchen"
    shutil.copytree(made, dst, ignore=shutil.ignore_patterns(".manju.lock"))
    return dst


def config(tmp: Path, folders: list[Path], **kw: Any) -> Any:
    from manju.web.state import StudioConfig

    return StudioConfig(workspace=tmp / "ws", folders=folders, port=8765, **kw)


@pytest.fixture
def project(made: Path, tmp_path: Path) -> Path:
    """This test's copy of the made project."""
    return copy_project(made, tmp_path)


@pytest.fixture
def client(project: Path, tmp_path: Path) -> Iterator[Any]:
    """A TestClient on a studio that queues jobs but runs none (API tests)."""
    from fastapi.testclient import TestClient

    from manju.web.app import create_app

    app = create_app(config(tmp_path, [project], run_jobs=False))
    with TestClient(app, base_url=BASE) as c:
        yield c


def pid_of(client: Any) -> str:
    """The id of the one project the client's studio lists."""
    rows = client.get("/api/projects").json()
    assert len(rows) == 1, rows
    return str(rows[0]["id"])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Live:
    """A studio served by uvicorn on a free port in a thread, running jobs for real."""

    def __init__(self, app: Any, port: int) -> None:
        import uvicorn

        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.app = app
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                                    log_level="warning", lifespan="on",
                                                    timeout_graceful_shutdown=1))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Live:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "the studio did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=20)


@pytest.fixture(scope="module")
def live(made: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """A live studio over a copy of the made project (one per test module)."""
    from manju.web.app import create_app

    tmp = tmp_path_factory.mktemp("live")
    folder = copy_project(made, tmp)
    port = free_port()
    cfg = config(tmp, [folder])
    cfg.port = port
    with Live(create_app(cfg), port) as server:
        yield server


def wait_job(get: Any, job_id: int, timeout: float = 90.0) -> dict[str, Any]:
    """Poll ``/api/jobs`` until job ``job_id`` has finished; its row."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for job in get("/api/jobs").json():
            if job["id"] == job_id and job["state"] not in ("queued", "running"):
                return dict(job)
        time.sleep(0.3)
    raise AssertionError(f"job {job_id} did not finish in {timeout} s")


def settle(url: str, timeout: float = 120.0) -> None:
    """Wait until the studio at ``url`` has no job queued or running."""
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        jobs = httpx.get(url + "/api/jobs", timeout=10).json()
        if all(j["state"] not in ("queued", "running") for j in jobs):
            return
        time.sleep(0.3)
    raise AssertionError(f"the studio's jobs did not finish in {timeout} s")
