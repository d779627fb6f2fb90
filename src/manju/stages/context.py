"""What a stage may use besides the project: where to write, the cache, backends, progress."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class Progress:
    """A minimal progress bar on stderr (quiet when not a terminal unless ``force``)."""

    def __init__(self, enabled: bool = True, stream: Any = None) -> None:
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self._label = ""
        self._total = 0
        self._done = 0
        self._t0 = 0.0
        self._last = 0.0

    def start(self, label: str, total: int) -> None:
        """Begin a task of ``total`` units."""
        self._label, self._total, self._done = label, max(1, total), 0
        self._t0 = self._last = time.monotonic()
        self._draw(force=True)

    def advance(self, n: int = 1) -> None:
        """Record ``n`` finished units."""
        self._done += n
        self._draw()

    def finish(self) -> None:
        """End the current task."""
        self._done = self._total
        self._draw(force=True, end=True)

    def _draw(self, force: bool = False, end: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < 0.5:
            return
        self._last = now
        frac = self._done / self._total
        bar = "#" * int(frac * 24)
        elapsed = now - self._t0
        msg = f"\r{self._label:<10} [{bar:<24}] {self._done}/{self._total} {elapsed:5.1f}s"
        self.stream.write(msg + ("\n" if end else ""))
        self.stream.flush()


@dataclass
class Context:
    """Run-time context of a pipeline run; never stored in the project."""

    out_dir: Path
    cache_dir: Path
    backends: dict[str, Any] = field(default_factory=dict)
    progress: Progress = field(default_factory=lambda: Progress(enabled=False))
    workers: int = 1

    @classmethod
    def for_output(cls, out_dir: str | Path, *, progress: bool = False, workers: int = 1,
                   cache_dir: str | Path | None = None) -> Context:
        """A context writing into ``out_dir`` with its cache in ``out_dir/.cache``."""
        out = Path(out_dir)
        cache = Path(cache_dir) if cache_dir else out / ".cache"
        cache.mkdir(parents=True, exist_ok=True)
        return cls(out_dir=out, cache_dir=cache, progress=Progress(enabled=progress), workers=workers)
