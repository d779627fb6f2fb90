"""Shots and episodes as Ray tasks: a local Ray cluster on 127.0.0.1 (a head and a worker node)
renders a story to the same video as the local process pool and a novel's episodes to the same
files as a local make, a worker killed mid-task has its task retried with the same result, and
a second run reuses every shot and episode."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'manju[ray]')")

from manju.executor import RayExecutor  # noqa: E402
from manju.series_units import UNITS_FILE  # noqa: E402
from manju.session import Session  # noqa: E402

SETTINGS = {"width": 144, "height": 256, "fps": 6, "music": False}
TASK_TITLE = "ray::render_segment_portable"


def _story() -> str:
    paras = []
    for i in range(8):
        who = ("Mara", "Elias")[i % 2]
        paras.append(f'"The tide turns at {i}," said {who}.' if i % 3 != 2
                     else f"The wind rose {i} times over the harbour.")
    return "\n\n".join(paras) + "\n"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _own_processes(marker: str) -> list[int]:
    """Processes whose command line names ``marker`` (this test's Ray session folder), and
    all their descendants (Ray retitles its agents and workers, hiding the marker)."""
    pids = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/cmdline", "rb") as f:
                    if marker.encode() in f.read():
                        pids.append(int(name))
            except OSError:
                continue
    todo, seen = list(pids), set(pids)
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as f:
                kids = [int(k) for k in f.read().split()]
        except OSError:
            continue
        for k in kids:
            if k not in seen:
                seen.add(k)
                todo.append(k)
    return sorted(seen)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A head and a worker node on 127.0.0.1, one CPU each (the machine has two cores);
    yields the head's address. Only this cluster's processes are stopped afterwards."""
    ray_bin = Path(sys.executable).with_name("ray")
    temp = str(tmp_path_factory.mktemp("ray"))
    port = _free_port()
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
    common = ["--node-ip-address=127.0.0.1", "--num-cpus=1", "--object-store-memory=100000000",
              "--disable-usage-stats"]
    try:
        subprocess.run([str(ray_bin), "start", "--head", f"--port={port}", f"--temp-dir={temp}",
                        "--include-dashboard=false", *common], env=env, check=True,
                       capture_output=True, timeout=180)
        subprocess.run([str(ray_bin), "start", f"--address=127.0.0.1:{port}", *common], env=env,
                       check=True, capture_output=True, timeout=180)
        yield f"127.0.0.1:{port}"
    finally:
        if ray.is_initialized():
            ray.shutdown()
        for pid in _own_processes(temp):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def _make(story: Path, out: Path, executor: Any = None) -> Any:
    with Session.open(out, story, settings=SETTINGS, backends={"tts": "fake"}, workers=2) as s:
        s.executor = executor
        return s.make(sheets=False)


def _task_pids(title: str = TASK_TITLE) -> list[int]:
    """Processes running a ``title`` task right now (Ray titles a worker by its task)."""
    pids = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if cmd.startswith(title):
            pids.append(int(name))
    return pids


@contextlib.contextmanager
def _killing_first(title: str, delay: float) -> Iterator[list[int]]:
    """While the block runs, SIGKILL the first worker seen running a ``title`` task, ``delay``
    seconds after seeing it (well into its work); yields the pids killed."""
    killed: list[int] = []
    stop = threading.Event()

    def killer() -> None:
        while not stop.is_set() and not killed:
            for pid in _task_pids(title):
                time.sleep(delay)
                try:
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
                except ProcessLookupError:
                    continue
                break
            time.sleep(0.05)

    thread = threading.Thread(target=killer, daemon=True)
    thread.start()
    try:
        yield killed
    finally:
        stop.set()
        thread.join()


def test_ray_render_matches_local_and_survives_a_killed_worker(cluster: str,
                                                               tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(_story(), encoding="utf-8")
    local = _make(story, tmp_path / "local")
    assert local.shots_rendered >= 4

    executor = RayExecutor(cluster, max_retries=3)
    with _killing_first(TASK_TITLE, 0.3) as killed:
        remote = _make(story, tmp_path / "ray", executor)
    assert killed, "no shot task was seen running to kill"
    assert remote.shots_rendered == local.shots_rendered
    # The same video, byte for byte: every shot, including the one whose worker died.
    assert (tmp_path / "ray" / "video.mp4").read_bytes() == \
        (tmp_path / "local" / "video.mp4").read_bytes()
    # The segments in the cache are the local ones too.
    seg = sorted(p.name for p in (tmp_path / "local" / ".cache" / "shots").glob("*.mp4"))
    assert seg == sorted(p.name for p in (tmp_path / "ray" / ".cache" / "shots").glob("*.mp4"))
    for name in seg:
        assert (tmp_path / "ray" / ".cache" / "shots" / name).read_bytes() == \
            (tmp_path / "local" / ".cache" / "shots" / name).read_bytes()
    # A second run on the cluster reuses every shot.
    again = _make(story, tmp_path / "ray", executor)
    assert again.shots_rendered == 0 and again.shots_cached == remote.shots_total
    executor.close()


def _novel(chapters: int = 3) -> str:
    parts = []
    for c in range(1, chapters + 1):
        parts += [f"Chapter {c}", f'"The tide turns at {c}," said Mara. Elias looked at the sea.',
                  f'"Then we wait {c} days," said Elias.', f"The wind rose {c} times."]
    return "\n\n".join(parts) + "\n"


EPISODE_TASK = "ray::make_episode_portable"


def _make_series(story: Path, out: Path, executor: Any = None) -> Any:
    with Session.open(out, story, settings=SETTINGS, backends={"tts": "fake"}, workers=1) as s:
        s.executor = executor
        return s.make()


def _episode_files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.glob("ep*/*"))
            if p.is_file() and p.suffix in (".mp4", ".srt", ".vtt", ".ass", ".jpg", ".pdf")}


def test_ray_episodes_as_tasks_match_local_and_survive_a_killed_worker(cluster: str,
                                                                       tmp_path: Path) -> None:
    story = tmp_path / "novel.txt"
    story.write_text(_novel(), encoding="utf-8")
    local = _make_series(story, tmp_path / "local")
    assert local.shots_rendered >= 6

    executor = RayExecutor(cluster, max_retries=3)
    with _killing_first(EPISODE_TASK, 1.0) as killed:
        remote = _make_series(story, tmp_path / "ray", executor)
    assert killed, "no episode task was seen running to kill"
    assert remote.shots_rendered == local.shots_rendered
    assert remote.lines_voiced == local.lines_voiced
    # Every episode's files, byte for byte, and the cache holds the local make's units.
    assert _episode_files(tmp_path / "ray") == _episode_files(tmp_path / "local")
    assert len(_episode_files(tmp_path / "local")) >= 3 * 6
    for kind in ("shots", "voice"):
        names = sorted(p.name for p in (tmp_path / "local" / ".cache" / kind).iterdir())
        assert names == sorted(p.name for p in (tmp_path / "ray" / ".cache" / kind).iterdir())
    index = json.loads((tmp_path / "ray" / "index.json").read_text(encoding="utf-8"))
    assert index["episodes_made"] == 3
    # Made episodes are not sent again.
    again = _make_series(story, tmp_path / "ray", executor)
    assert again.shots_rendered == 0 and again.lines_voiced == 0
    # An episode made again on the cluster (its index row and document gone) is sent with the
    # units its last run made, and the worker reuses every one of them.
    (tmp_path / "ray" / "index.json").unlink()
    (tmp_path / "ray" / "ep02" / "project.json").unlink()
    redo = _make_series(story, tmp_path / "ray", executor)
    assert redo.shots_rendered == 0 and redo.lines_voiced == 0
    assert _episode_files(tmp_path / "ray") == _episode_files(tmp_path / "local")
    # The killed task's scratch folder was cleared by a later task on the node.
    assert not [p for p in Path(tempfile.gettempdir()).glob("manju-episode-[0-9]*-*")
                if not Path(f"/proc/{p.name.split('-')[2]}").exists()]
    # With a folder every node mounts, the tasks work in the project folder itself.
    shared = _make_series(story, tmp_path / "shared", RayExecutor(cluster, shared_dir=True))
    assert shared.shots_rendered == local.shots_rendered
    assert _episode_files(tmp_path / "shared") == _episode_files(tmp_path / "local")
    assert not list((tmp_path / "shared").glob(f"ep*/{UNITS_FILE}"))
    executor.close()
