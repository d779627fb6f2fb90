"""A run killed with ``kill -9`` at any point and then repeated gives frame- and sample-identical
output to an uninterrupted run.

One reference run goes through uninterrupted. Each kill point starts the same ``make`` in a
fresh folder, watches the folder, and SIGKILLs the whole process group (the render workers
too) the moment its condition holds; then the same ``make`` runs again to completion. The
result must equal the reference exactly (decoded frames, decoded samples, subtitles and
project.json), finished cache entries must be reused untouched, and no temporary file may be
left anywhere in the folder.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from manju.pipeline import changed_paths
from manju.testing import audio_samples, video_frames

SPEAKERS = ("Mara", "Elias")


def _story() -> str:
    """Ten short paragraphs: two speakers talking, every third paragraph narration."""
    paras = []
    for i in range(10):
        if i % 3 == 2:
            paras.append(f"The wind rose, {i} times over the harbour.")
        else:
            paras.append(f'"The tide turns at {i}," said {SPEAKERS[i % 2]}.')
    return "\n\n".join(paras) + "\n"


def _cmd(story: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "manju.cli.main", "make", str(story), "--out", str(out),
            "--size", "96x160", "--fps", "6", "--tts", "fake", "--quiet", "--workers", "2"]


def _env() -> dict[str, str]:
    return {**os.environ, "MANJU_TTS": "fake"}


def _make(story: Path, out: Path) -> None:
    r = subprocess.run(_cmd(story, out), env=_env(), capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr


def _names(folder: Path, suffix: str) -> list[str]:
    """Finished entries in a folder: names with ``suffix`` that are not temporary."""
    try:
        return [n for n in os.listdir(folder) if n.endswith(suffix) and ".tmp" not in n]
    except FileNotFoundError:
        return []


def _temporaries(out: Path) -> list[str]:
    return sorted(str(p.relative_to(out)) for p in out.rglob("*") if ".tmp" in p.name)


def _finished_cache(out: Path) -> dict[str, int]:
    """Every finished cache entry (with its checksum sidecar) and its modification time."""
    cache = out / ".cache"
    if not cache.is_dir():
        return {}
    return {str(p.relative_to(cache)): p.stat().st_mtime_ns for p in cache.rglob("*")
            if p.is_file() and ".tmp" not in p.name and not p.name.endswith(".sum")
            and Path(str(p) + ".sum").exists()}


def _wait_for_lock(out: Path) -> None:
    """Wait until every killed process has let go of the folder's lock (forked render workers
    share its file descriptor and die a moment after the main process)."""
    path = out / ".manju.lock"
    if not path.exists():
        return
    fd = os.open(path, os.O_RDWR)
    try:
        for _ in range(6000):
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                time.sleep(0.01)
                continue
            fcntl.flock(fd, fcntl.LOCK_UN)
            return
    finally:
        os.close(fd)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    d = tmp_path_factory.mktemp("crash")
    story = d / "story.txt"
    story.write_text(_story(), encoding="utf-8")
    out = d / "reference"
    _make(story, out)
    samples, sr = audio_samples(out / "video.mp4")
    return {
        "story": story,
        "frames": np.stack(video_frames(out / "video.mp4", every=1)),
        "samples": samples,
        "sr": sr,
        "srt": (out / "subtitles.srt").read_text(encoding="utf-8"),
        "project": json.loads((out / "project.json").read_text(encoding="utf-8")),
        "shots": len(_names(out / ".cache" / "shots", ".mp4")),
    }


# Each condition is checked on the folder every few milliseconds while ``make`` runs.
# name -> (condition(out, number of shots), whether the kill comes before video.mp4 exists)
Condition = Callable[[Path, int], bool]
KILL_POINTS: dict[str, tuple[Condition, bool]] = {
    # mid-voice: project.json saved after adapt and cast, some lines voiced, a clip maybe half
    # written
    "voice-clips": (lambda out, n: len(_names(out / ".cache" / "voice", ".npz")) >= 2, True),
    # mid-render: two shot segments finished, others half encoded by the workers
    "shot-segments": (lambda out, n: len(_names(out / ".cache" / "shots", ".mp4")) >= 2, True),
    # every shot rendered, the soundtrack being scored and mixed
    "shots-done": (lambda out, n: len(_names(out / ".cache" / "shots", ".mp4")) >= n
                   and not (out / "video.mp4").exists(), True),
    # mid-mux: the final video's temporary file is being written
    "video-tmp": (lambda out, n: any(x.startswith(".video.") and ".tmp" in x
                                     for x in os.listdir(out)), True),
    # after the video, while the sheets' panels are being drawn into the cache
    "sheet-panels": (lambda out, n: (out / "video.mp4").exists()
                     and len(_names(out / ".cache" / "stills", ".png")) >= 2, False),
}

def _kill_when(story: Path, out: Path, cond: Callable[[Path], bool]) -> None:
    """Start ``make``, SIGKILL its whole process group as soon as ``cond(out)`` holds."""
    proc = subprocess.Popen(_cmd(story, out), env=_env(), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        hit = False
        while proc.poll() is None:
            try:
                hit = cond(out)
            except FileNotFoundError:
                hit = False
            if hit:
                os.killpg(proc.pid, signal.SIGKILL)
                break
            time.sleep(0.003)
        proc.wait(timeout=600)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert hit and proc.returncode == -signal.SIGKILL, (
        f"make ended (exit {proc.returncode}) before the kill point was reached")
    _wait_for_lock(out)


@pytest.fixture(scope="module")
def resumed(request, reference, tmp_path_factory):
    """A folder whose ``make`` was killed at kill point ``request.param`` and then run again to
    completion, with the finished cache entries the killed run had left."""
    name = request.param
    cond, before_video = KILL_POINTS[name]
    story = reference["story"]
    out = tmp_path_factory.mktemp(f"killed-{name}") / "out"
    _kill_when(story, out, lambda o: cond(o, reference["shots"]))
    if before_video:
        assert not (out / "video.mp4").exists(), "the kill came after the video was written"
    finished = _finished_cache(out)
    _make(story, out)
    return out, finished


def _points() -> list[Any]:
    return [pytest.param(n, id=n) for n in KILL_POINTS]


@pytest.mark.parametrize("resumed", _points(), indirect=True)
def test_resumed_output_identical(resumed, reference):
    out, _ = resumed
    frames = np.stack(video_frames(out / "video.mp4", every=1))
    assert frames.shape == reference["frames"].shape
    assert np.array_equal(frames, reference["frames"]), "frames differ from the uninterrupted run"
    samples, sr = audio_samples(out / "video.mp4")
    assert sr == reference["sr"]
    assert samples.shape == reference["samples"].shape
    assert np.array_equal(samples, reference["samples"]), "audio differs from the uninterrupted run"
    assert (out / "subtitles.srt").read_text(encoding="utf-8") == reference["srt"]
    project = json.loads((out / "project.json").read_text(encoding="utf-8"))
    differs = sorted(set(changed_paths(reference["project"], project)))
    assert differs == [], f"project.json differs from the uninterrupted run's at {differs[:6]}"


@pytest.mark.parametrize("resumed", _points(), indirect=True)
def test_finished_work_reused(resumed):
    out, finished = resumed
    reused = _finished_cache(out)
    for name, mtime in finished.items():
        assert reused.get(name) == mtime, f"finished cache entry {name} was made again"


@pytest.mark.parametrize("resumed", _points(), indirect=True)
def test_no_temporaries_left(resumed):
    out, _ = resumed
    assert _temporaries(out) == [], "temporary files were left behind"
