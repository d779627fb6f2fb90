"""Reading and writing ``project.json`` safely (atomic writes, clear errors, upgrades)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from pydantic import ValidationError

from manju.doc.model import SCHEMA_VERSION, Project
from manju.doc.upgrade import upgrade
from manju.errors import ProjectError


def dumps(project: Project) -> str:
    """Serialise a project to JSON text (schema labels as ``schema``)."""
    return project.model_dump_json(by_alias=True, indent=1)


def backup_path(path: Path) -> Path:
    """Where the previous good version of ``path`` is kept (``project.json.bak``)."""
    return path.with_name(path.name + ".bak")


def save(project: Project, path: str | Path) -> Path:
    """Write the project atomically: a crash mid-write never leaves a broken file, and the
    version it replaces is kept as ``project.json.bak`` (see ``manju repair``)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = dumps(project).encode("utf-8")
    if path.exists() and not _same(path, data):
        _keep_backup(path)
    _write(path, data)
    return path


def _same(path: Path, data: bytes) -> bool:
    # Sizes first: saved after every stage, a large document is rarely re-read.
    return path.stat().st_size == len(data) and path.read_bytes() == data


def _keep_backup(path: Path) -> None:
    """Make the current file the backup: a hard link costs no copy (a copy where the file
    system has no links)."""
    bak = backup_path(path)
    tmp = path.with_name(f".{bak.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        os.link(path, tmp)
        os.replace(tmp, bak)
    except OSError:
        tmp.unlink(missing_ok=True)
        _write(bak, path.read_bytes())


def _write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def loads(text: str, origin: str = "project.json") -> Project:
    """Parse project JSON text, upgrading old versions; errors name the broken field."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as e:
        raise ProjectError(f"{origin} is not valid JSON (line {e.lineno}: {e.msg})") from None
    if not isinstance(raw, dict):
        raise ProjectError(f"{origin} does not hold a project (expected a JSON object)")
    raw = upgrade(raw, SCHEMA_VERSION, origin)
    try:
        project = Project.model_validate(raw)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ProjectError(f"{origin} is broken at {where}: {first['msg']}") from None
    return project


def load(path: str | Path) -> Project:
    """Load a project from ``path`` (a project.json or a directory holding one)."""
    path = Path(path)
    if path.is_dir():
        path = path / "project.json"
    if not path.exists():
        raise ProjectError(f"no project at {path}")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ProjectError(f"{path} is not UTF-8 text") from None
    try:
        project = loads(text, str(path))
        project.place(path.parent)
        return project
    except ProjectError as e:
        hint = ""
        if backup_path(path).exists():
            hint = f"; `manju repair {path.parent}` restores the last good version"
        raise ProjectError(f"{e}{hint} (the file was left as it is)") from None


def repair(folder: str | Path) -> tuple[Path, Path | None]:
    """Restore ``project.json`` from ``project.json.bak`` when it cannot be read; the broken
    file is kept beside it as ``project.json.broken``. Returns (restored, broken copy)."""
    path = Path(folder)
    if path.is_dir():
        path = path / "project.json"
    bak = backup_path(path)
    if path.exists():
        try:
            loads(path.read_text(encoding="utf-8", errors="replace"), str(path))
            return path, None  # nothing to repair
        except ProjectError:
            pass
    if not bak.exists():
        raise ProjectError(f"no good version to restore: {bak} does not exist")
    loads(bak.read_text(encoding="utf-8"), str(bak))  # refuse to restore a broken backup
    broken = None
    if path.exists():
        broken = path.with_name(path.name + ".broken")
        os.replace(path, broken)
    _write(path, bak.read_bytes())
    return path, broken
