"""Content-addressed cache: a unit of work is stored under the hash of everything it depends on."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any


def content_hash(*parts: Any) -> str:
    """A stable short hash of JSON-serialisable parts (dict keys sorted)."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:20]


def cache_path(cache_dir: Path, kind: str, key: str, suffix: str) -> Path:
    """Where the unit ``key`` of ``kind`` lives in the cache."""
    d = cache_dir / kind
    d.mkdir(parents=True, exist_ok=True)
    return d / f"{key}{suffix}"


def commit_file(tmp: Path, final: Path) -> Path:
    """Move a finished temp file into place atomically (a crash never leaves half a unit)."""
    os.replace(tmp, final)
    return final


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
