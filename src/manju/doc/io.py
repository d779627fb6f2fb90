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


def save(project: Project, path: str | Path) -> Path:
    """Write the project atomically: a crash mid-write never leaves a broken file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".project-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(dumps(project))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def loads(text: str, origin: str = "project.json") -> Project:
    """Parse project JSON text, upgrading old versions; errors name the broken field."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as e:
        raise ProjectError(f"{origin} is not valid JSON (line {e.lineno}: {e.msg})") from None
    if not isinstance(raw, dict):
        raise ProjectError(f"{origin} does not hold a project (expected a JSON object)")
    raw = upgrade(raw, SCHEMA_VERSION)
    try:
        return Project.model_validate(raw)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ProjectError(f"{origin} is broken at {where}: {first['msg']}") from None


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
    return loads(text, str(path))
