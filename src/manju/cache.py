"""Content-addressed cache: a unit of work is stored under the hash of everything it depends on.

A unit's key covers its inputs, the backend and its config, and a fingerprint of the code,
fonts and assets that make it (:func:`code_fingerprint`, computed from the files themselves,
never bumped by hand). Every entry is written atomically under a unique temporary name with a
sidecar ``.sum`` holding its size and sha256; :meth:`Cache.get` verifies both before trusting
an entry and discards a damaged one with a one-line notice, so it is simply made again.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent


def content_hash(*parts: Any) -> str:
    """A stable short hash of JSON-serialisable parts (dict keys sorted)."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:20]


@functools.lru_cache(maxsize=64)
def code_fingerprint(*paths: str) -> str:
    """A hash of the source of the given parts of the package (``"render"``, a folder, or
    ``"audio/tts.py"``, a file), so any change to the code that makes a unit changes its key."""
    h = hashlib.sha256()
    for rel in sorted(paths):
        p = PACKAGE / rel
        files = sorted(p.rglob("*")) if p.is_dir() else [p]
        for f in files:
            if f.is_file() and "__pycache__" not in f.parts and f.suffix != ".pyc":
                h.update(str(f.relative_to(PACKAGE)).encode())
                h.update(f.read_bytes())
    return h.hexdigest()[:16]


@functools.lru_cache(maxsize=4)
def fonts_fingerprint(families: tuple[str, ...]) -> str:
    """A hash of the font files fontconfig would use for ``families`` (path, size, mtime), so
    installing or updating a font re-renders what it letters."""
    try:
        out = subprocess.run(["fc-list", ":", "family", "file"], capture_output=True, text=True,
                             timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return "no-fontconfig"
    rows = []
    wanted = {f.lower() for f in families}
    for line in out.splitlines():
        path, _, fams = line.partition(":")
        if any(f.strip().lower() in wanted for f in fams.split(",")):
            try:
                st = os.stat(path)
                rows.append(f"{path}:{st.st_size}:{int(st.st_mtime)}")
            except OSError:
                continue
    return hashlib.sha256("\n".join(sorted(rows)).encode()).hexdigest()[:16]


@functools.lru_cache(maxsize=8)
def library_versions(*names: str) -> dict[str, str]:
    """Versions of the libraries a unit's output depends on (a new encoder may encode differently)."""
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for n in names:
        try:
            out[n] = version(n)
        except PackageNotFoundError:
            out[n] = "absent"
    return out


def cache_path(cache_dir: Path, kind: str, key: str, suffix: str) -> Path:
    """Where the unit ``key`` of ``kind`` lives in the cache."""
    d = cache_dir / kind
    d.mkdir(parents=True, exist_ok=True)
    return d / f"{key}{suffix}"


def temp_path(final: Path) -> Path:
    """A unique temporary name beside ``final`` (same suffix, so encoders pick the format).

    Unique per call, so parallel workers and concurrent runs never share one."""
    fd, name = tempfile.mkstemp(prefix=f".{final.stem}.", suffix=f".tmp{final.suffix}",
                                dir=final.parent)
    os.close(fd)
    return Path(name)


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a unique temporary file, so a crash never leaves half
    a file and two writers never collide."""
    tmp = temp_path(path)
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _sum_path(path: Path) -> Path:
    return path.with_name(path.name + ".sum")


@dataclass
class Cache:
    """The cache of one project (``OUT/.cache``), with verified reads and atomic writes."""

    root: Path
    notice: Callable[[str], None] = field(default=lambda msg: None)

    def path(self, kind: str, key: str, suffix: str) -> Path:
        """Where unit ``key`` of ``kind`` lives (whether or not it exists yet)."""
        return cache_path(self.root, kind, key, suffix)

    def get(self, kind: str, key: str, suffix: str) -> Path | None:
        """The verified entry, or None when absent or damaged (a damaged one is removed)."""
        p = self.path(kind, key, suffix)
        return p if self.verify(p) else None

    def verify(self, p: Path) -> bool:
        """True when ``p`` exists and matches its recorded size and checksum."""
        if not p.exists():
            _sum_path(p).unlink(missing_ok=True)
            return False
        why = ""
        try:
            size, _, digest = _sum_path(p).read_text().strip().partition(" ")
            if int(size) != p.stat().st_size:
                why = "its size changed"
            elif file_sha256(p) != digest:
                why = "its checksum does not match"
        except (OSError, ValueError):
            why = "it has no checksum"
        if why:
            self.notice(f"cache: discarded damaged {p.parent.name}/{p.name} ({why}); making it again")
            p.unlink(missing_ok=True)
            _sum_path(p).unlink(missing_ok=True)
            return False
        return True

    def put(self, kind: str, key: str, suffix: str, write: Callable[[Path], Any]) -> Path:
        """Make entry ``key``: ``write(tmp)`` fills a unique temporary file, which is then
        checksummed and moved into place. Nothing is left behind when ``write`` fails."""
        final = self.path(kind, key, suffix)
        tmp = temp_path(final)
        try:
            write(tmp)
            digest = file_sha256(tmp)
            write_atomic(_sum_path(final), f"{tmp.stat().st_size} {digest}\n".encode())
            os.replace(tmp, final)
        except BaseException as exc:
            tmp.unlink(missing_ok=True)
            from manju.errors import DiskError

            disk = DiskError.from_write(final, exc) if isinstance(exc, Exception) else None
            if disk is not None and disk is not exc:
                raise disk from None
            raise
        return final

    def put_bytes(self, kind: str, key: str, suffix: str, data: bytes) -> Path:
        """Make entry ``key`` from bytes in memory."""
        return self.put(kind, key, suffix, lambda p: p.write_bytes(data))

    # -- housekeeping ---------------------------------------------------------------------
    def entries(self) -> Iterable[Path]:
        """Every cached file (sidecars and temporary files excluded)."""
        if not self.root.is_dir():
            return []
        return sorted(p for p in self.root.rglob("*") if p.is_file() and not p.name.endswith(".sum")
                      and ".tmp" not in p.name)

    def stale_temporaries(self, older_than: float = 0.0) -> list[Path]:
        """Temporary files left by a crashed writer (older than ``older_than`` seconds)."""
        if not self.root.is_dir():
            return []
        now = time.time()
        return [p for p in self.root.rglob("*.tmp*")
                if p.is_file() and now - p.stat().st_mtime >= older_than]

    def info(self, reachable: set[Path]) -> dict[str, Any]:
        """Counts and sizes per kind, split into entries the document uses and the rest."""
        kinds: dict[str, dict[str, int]] = {}
        for p in self.entries():
            kind = p.relative_to(self.root).parts[0]
            k = kinds.setdefault(kind, {"files": 0, "bytes": 0, "unused_files": 0, "unused_bytes": 0})
            size = p.stat().st_size
            k["files"] += 1
            k["bytes"] += size
            if p.resolve() not in reachable and kind not in KEEP_KINDS:
                k["unused_files"] += 1
                k["unused_bytes"] += size
        total = sum(k["bytes"] for k in kinds.values())
        unused = sum(k["unused_bytes"] for k in kinds.values())
        return {"root": str(self.root), "bytes": total, "unused_bytes": unused, "kinds": kinds}

    def prune(self, reachable: set[Path]) -> tuple[int, int]:
        """Delete entries the document no longer reaches (and stale temporaries); returns
        (files, bytes) removed. Paid language-model answers are always kept."""
        files = size = 0
        for p in self.entries():
            kind = p.relative_to(self.root).parts[0]
            if kind in KEEP_KINDS or p.resolve() in reachable:
                continue
            size += p.stat().st_size
            files += 1
            p.unlink(missing_ok=True)
            _sum_path(p).unlink(missing_ok=True)
        for p in self.stale_temporaries(older_than=3600):
            size += p.stat().st_size
            files += 1
            p.unlink(missing_ok=True)
        return files, size


#: Cache kinds never pruned: answers a paid service was billed for.
KEEP_KINDS = frozenset({"llm", "remote"})
