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


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file, so a crash never leaves half a file."""
    tmp = path.with_name(f".{path.stem}.tmp{os.getpid()}{path.suffix}")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return path
