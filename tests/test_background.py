"""Work in a forked child process beside the pipeline."""

from __future__ import annotations

import os
from pathlib import Path

from manju.background import Background, can_fork


def _write(path: str, text: str) -> str:
    Path(path).write_text(text)
    return f"wrote {len(text)}"


def _fail() -> None:
    raise ValueError("bad input")


def _die() -> None:
    os._exit(3)


def test_a_call_runs_apart_and_hands_its_result_back(tmp_path):
    assert can_fork()
    job = Background(_write, str(tmp_path / "a.txt"), "hello")
    assert job.started
    assert job.wait() == (True, "wrote 5")
    assert (tmp_path / "a.txt").read_text() == "hello"


def test_a_failure_or_a_dead_child_says_so_and_returns_nothing():
    job = Background(_fail)
    assert job.wait() == (False, None)
    assert "ValueError: bad input" in job.error
    dead = Background(_die)
    assert dead.wait() == (False, None)
    assert "without an answer" in dead.error


def test_off_runs_nothing_apart(monkeypatch):
    monkeypatch.setenv("MANJU_BACKGROUND", "off")
    assert not can_fork()
    job = Background(_fail)
    assert not job.started and job.wait() == (False, None)


def test_cancel_stops_the_child():
    import time

    job = Background(time.sleep, 30)
    proc = job._proc
    job.cancel()
    assert not proc.is_alive() and proc.exitcode is not None
    assert job.wait() == (False, None)
