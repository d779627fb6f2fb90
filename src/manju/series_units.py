"""Episodes of a series as units of work on a cluster.

With ``--ray``, a novel's episodes are made side by side: each episode to make is one Ray task
that voices, renders, mixes and writes the episode's files on a worker (one CPU each), while the
driver only adapts and casts. A single episode (or a story without chapters) keeps the finer
unit, its shots as tasks.

The driver has already adapted and cast the whole novel, so every worker gets the same cast
(the same designs and voices). Without a shared file system, a task carries what its episode
reads (the series' reference sheets; the cached units of an earlier run of that episode:
voice clips, shot segments, stills) and returns every file it wrote, which the driver files
under the same relative paths: the project's cache is content-addressed, so the same files
land under the same names as in a local make, and the next run (on the cluster or on this
machine) reuses them. With ``shared_dir`` the task works in the project folder directly.

A task whose worker dies is run again (Ray's ``max_retries``); an episode is a pure function of
the screenplay, the cast and the settings, so the retry gives the same files. Episodes are sent
to a cluster only when every backend they use is local (no paid service): a paid job's ledger
lives in the episode folder, and a worker lost mid-job without a shared folder would forget it
and pay again. Otherwise the shots go to the cluster as before.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from manju.doc.model import Project

__all__ = ["UNITS_FILE", "episode_inputs", "make_episode_portable", "remote_episodes"]

#: beside an episode made on a cluster: the cache files its run used and made (relative to
#: the series folder), sent with the episode's next task so that run reuses them
UNITS_FILE = ".units.json"

#: the start of an episode task's scratch folder's name (then the worker's pid)
_SCRATCH = "manju-episode-"

#: backends that run on any worker and cost nothing per call
_LOCAL_BACKENDS = {"tts": {"kokoro", "espeak", "fake"}, "music": {"synth", "fake"}}


def remote_episodes(executor: Any, backends: dict[str, Any], todo: int) -> str | None:
    """Why the episodes are not sent to the cluster as units (None: they are)."""
    if executor is None or getattr(executor, "name", "local") == "local":
        return "local executor"
    if todo < 2:
        return "one episode to make: its shots are the units"
    if not getattr(executor, "shared_files", False):
        for kind, backend in backends.items():
            if backend is None or kind == "llm":
                continue  # the screenplay was written on this machine
            if getattr(backend, "name", "") not in _LOCAL_BACKENDS.get(kind, set()):
                return (f"the {kind} backend {getattr(backend, 'name', kind)!r} is a paid "
                        "service: its shots go to the cluster, its jobs stay on this machine "
                        "(use --ray-shared-dir to send whole episodes)")
    return None


def episode_inputs(out: Path, sub: Project, saved: Project | None) -> dict[str, bytes]:
    """The files an episode's task reads, by path relative to the series folder ``out``: the
    cast's reference sheets, and the cached units an earlier run of this episode recorded
    (``saved``, its own project.json, and the episode's :data:`UNITS_FILE`)."""
    root = out.resolve()
    wanted: list[Path] = []
    for ch in sub.characters:
        wanted += [sub.resolve(a.path) for a in ch.refs.values()]
    if saved is not None:
        wanted += [saved.resolve(p) for p in _asset_paths(json.loads(saved.model_dump_json()))]
    folder = sub.root or root
    try:
        listed = json.loads((folder / UNITS_FILE).read_text(encoding="utf-8"))
        wanted += [root / rel for rel in listed if isinstance(rel, str)]
    except (OSError, ValueError):
        pass
    files: dict[str, bytes] = {}
    for path in wanted:
        try:
            rel = path.resolve().relative_to(root)
        except ValueError:
            continue  # outside the series folder (the story file): not read by the episode
        if path.is_file() and str(rel) not in files:
            files[str(rel)] = path.read_bytes()
            side = path.with_name(path.name + ".sum")  # the cache's checksum beside it
            if side.is_file():
                files[str(rel) + ".sum"] = side.read_bytes()
    return files


def _asset_paths(node: Any) -> list[str]:
    """Every ``path`` of an asset or segment anywhere in a dumped document."""
    found: list[str] = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "path" and isinstance(v, str) and v:
                found.append(v)
            else:
                found += _asset_paths(v)
    elif isinstance(node, list):
        for v in node:
            found += _asset_paths(v)
    return found


def _swap_root(text: str, old: str, new: str) -> str:
    """``text`` (a project's JSON) with paths under the folder ``old`` moved under ``new``.
    The episode's document stores the series cache by absolute path (it lies outside the
    episode folder), so a document made in a worker's scratch folder names that folder."""
    def esc(s: str) -> str:
        return json.dumps(s.rstrip("/") + "/")[1:-1]

    return text.replace(esc(old), esc(new))


def _clear_dead_scratch() -> None:
    """Remove the scratch folders of this node's episode tasks whose process is gone (a
    worker killed mid-episode cannot clean up after itself). Only where /proc tells which
    processes live."""
    if not Path("/proc/self").exists():
        return
    for folder in Path(tempfile.gettempdir()).glob(f"{_SCRATCH}*-*"):
        pid = folder.name[len(_SCRATCH):].split("-", 1)[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(folder, ignore_errors=True)


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``root`` with its size and modification time (what a task wrote)."""
    stamps = {}
    for p in root.rglob("*"):
        st = p.stat()
        if stat.S_ISREG(st.st_mode):
            stamps[str(p.relative_to(root))] = (st.st_size, st.st_mtime_ns)
    return stamps


def make_episode_portable(project_json: str, folder_name: str, backends: dict[str, Any],
                          files: dict[str, bytes], series_root: str, shared: bool,
                          sheets: bool) -> dict[str, Any]:
    """Make one episode on a worker (a Ray task): voice, board, render, mix, sheets.

    ``project_json`` is the episode's document placed at ``series_root/folder_name``; with
    ``shared`` the worker sees that folder and works in it, else it works in a scratch copy
    holding ``files`` and returns every file it wrote (``{"files": {relative path: bytes}}``)
    with the run's counters (``"stats"``)."""
    from manju.doc import io
    from manju.executor import LocalExecutor
    from manju.pipeline import export_sheets, run
    from manju.stages.context import Context

    if not shared:
        _clear_dead_scratch()
    scratch = None if shared else Path(tempfile.mkdtemp(prefix=f"{_SCRATCH}{os.getpid()}-"))
    root = Path(series_root) if scratch is None else scratch
    try:
        for rel, data in files.items():
            target = (root / rel).resolve()
            if root.resolve() not in target.parents:
                raise ValueError(f"an episode input outside its folder: {rel!r}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        before = _snapshot(root) if scratch is not None else {}
        text = project_json if scratch is None else _swap_root(project_json, series_root,
                                                               str(root))
        folder = root / folder_name
        folder.mkdir(parents=True, exist_ok=True)
        sub = io.loads(text)
        sub.place(folder)
        ctx = Context.for_output(folder, workers=1, cache_dir=root / ".cache")
        ctx.backends = dict(backends)
        ctx.executor = LocalExecutor(1)
        ctx.exclusive_cache = scratch is not None
        sub = run(sub, ctx, until="assemble")
        if sheets:
            export_sheets(sub, ctx)
        io.save(sub, folder / "project.json")
        result: dict[str, Any] = {"stats": dict(ctx.stats)}
        if scratch is None:
            return result
        made: dict[str, bytes] = {}
        for rel, stamp in _snapshot(root).items():
            if before.get(rel) == stamp or Path(rel).name == ".manju.lock":
                continue
            data = (root / rel).read_bytes()
            if rel.startswith(folder_name + "/project.json"):
                data = _swap_root(data.decode("utf-8"), str(root), series_root).encode("utf-8")
            made[rel] = data
        result["files"] = made
        return result
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def file_results(out: Path, folder_name: str, inputs: dict[str, bytes],
                 result: dict[str, Any], write: Callable[[Path, bytes], Any]) -> None:
    """File what an episode's task returned under the series folder ``out`` (content-addressed
    cache files land under the names a local make gives them) and record the cache files the
    episode used and made in its :data:`UNITS_FILE`."""
    if "files" not in result:
        return  # made in the project folder itself
    root = out.resolve()
    made: dict[str, bytes] = result["files"]
    for rel, data in made.items():
        target = (root / rel).resolve()
        if root not in target.parents:
            raise ValueError(f"an episode task returned a file outside its folder: {rel!r}")
        target.parent.mkdir(parents=True, exist_ok=True)
        write(target, data)
    units = sorted({rel for rel in [*inputs, *made] if ".cache" in Path(rel).parts
                    and not rel.endswith(".sum")})
    write(root / folder_name / UNITS_FILE, (json.dumps(units, indent=0) + "\n").encode())
