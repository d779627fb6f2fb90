"""Shared fixtures: tiny stories, small render settings, and a small project for
`manju clip` with a harness that kills a clip run while it polls."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

# Several tests load engines that parallelise with OpenMP (torch, the search embedding); in
# one test process the first to start the runtime fixes its wait policy for all. Spinning
# idle threads would steal both cores from the renders other tests run in the background.
os.environ.setdefault("OMP_WAIT_POLICY", "passive")


@pytest.fixture
def en_story(tmp_path: Path) -> Path:
    """A four-line English story with two speakers."""
    p = tmp_path / "story.txt"
    p.write_text(
        "Mara Vale stood in the kitchen. The rain beat on the window.\n\n"
        '"You are late," said Elias.\n\n'
        '"The road flooded," Mara replied.\n\n'
        '"Then sit down," he said. "Tea is ready."\n',
        encoding="utf-8",
    )
    return p


@pytest.fixture
def zh_story(tmp_path: Path) -> Path:
    """A short Chinese story with two speakers."""
    p = tmp_path / "gushi.txt"
    p.write_text(
        "夜深了，林晚站在公司楼下。\n\n“你怎么还没走？”苏念问。\n\n林晚摇摇头：“我在等人。”\n",
        encoding="utf-8",
    )
    return p


@pytest.fixture(autouse=True, scope="session")
def espeak_by_default():
    """The suite speaks with espeak-ng unless a test chooses otherwise: the neural default
    (Kokoro, where installed) is exercised by tests/backends/test_kokoro.py and the
    default-choice tests, and would make every end-to-end test several times slower.
    Set MANJU_TTS yourself to run the suite with another voice."""
    had = "MANJU_TTS" in os.environ
    os.environ.setdefault("MANJU_TTS", "espeak")
    yield
    if not had:
        os.environ.pop("MANJU_TTS", None)


def pytest_addoption(parser):
    """``--regen-golden``: rewrite tests/render/golden/*.png from the current renderer."""
    parser.addoption("--regen-golden", action="store_true", default=False,
                     help="rewrite the golden stills in tests/render/golden/ instead of "
                          "comparing against them")


@pytest.fixture
def fake_backends(monkeypatch):
    """Speech and music from the registered test doubles (no espeak-ng needed)."""
    monkeypatch.setenv("MANJU_TTS", "fake")
    return {"tts": "fake", "music": "fake"}


@pytest.fixture
def clip_project(tmp_path: Path, monkeypatch) -> Path:
    """A small made project (three lines, 144x256 at 6 fps, fake speech, no music) ready for
    ``manju clip``; MANJU_TTS is set to the fake voice for the rest of the test."""
    from manju.session import Session

    monkeypatch.setenv("MANJU_TTS", "fake")
    story = tmp_path / "story.txt"
    story.write_text('Mara stood in the kitchen.\n\n"You are late," said Elias.\n\n'
                     '"The road flooded," Mara replied.\n', encoding="utf-8")
    out = tmp_path / "out"
    with Session.open(out, story, settings={"width": 144, "height": 256, "fps": 6, "music": False},
                      backends={"tts": "fake", "music": "fake"}, workers=1) as s:
        s.make(sheets=False)
    return out


def _kill_while_polling(out: Path, video: str, env: dict[str, str],
                        polled: Callable[[], bool]) -> None:
    """Run ``manju clip OUT 2 --video VIDEO`` in a child process with ``env``, wait until
    ``polled()`` says the provider has been polled, then SIGKILL the child's whole group.
    Fails if the child exits first or never polls within five minutes."""
    cmd = [sys.executable, "-m", "manju.cli.main", "clip", str(out), "2", "--video", video,
           "--quiet"]
    proc = subprocess.Popen(cmd, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        # A generous bound so a hung child fails the test instead of hanging the suite.
        deadline = time.monotonic() + 300
        while not polled():
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "the run never polled"
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@pytest.fixture
def kill_while_polling() -> Callable[[Path, str, dict[str, str], Callable[[], bool]], None]:
    """The kill-during-polling harness (see ``_kill_while_polling``)."""
    return _kill_while_polling
