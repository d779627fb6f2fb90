"""Progress on the terminal: a bar with an ETA on stderr, quiet when stderr is not a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from manju.stages.context import Event


class TerminalProgress:
    """A listener for session events that draws one progress line per task.

    Notices (a dropped edit, a damaged cache entry) are always printed, one line each; the
    bar only when ``stream`` is a terminal (``force`` overrides, for tests)."""

    def __init__(self, stream: TextIO | None = None, *, quiet: bool = False,
                 force: bool = False) -> None:
        self.stream = stream or sys.stderr
        isatty = getattr(self.stream, "isatty", lambda: False)()
        self.bars = not quiet and (force or isatty)
        self._last = 0.0

    def __call__(self, ev: Event) -> None:
        if ev.kind == "notice":
            if self.bars:
                self.stream.write("\r\033[K")
            self.stream.write(f"manju: {ev.message}\n")
            self.stream.flush()
            return
        if not self.bars:
            return
        now = time.monotonic()
        if ev.kind == "advance" and now - self._last < 0.25:
            return
        self._last = now
        frac = ev.done / max(1, ev.total)
        bar = "#" * int(frac * 24)
        eta = ev.eta
        tail = f" ETA {eta:4.0f}s" if eta is not None and ev.kind != "finish" else ""
        msg = f"\r{ev.stage:<9} [{bar:<24}] {ev.done}/{ev.total} {ev.elapsed:5.1f}s{tail}\033[K"
        self.stream.write(msg + ("\n" if ev.kind == "finish" else ""))
        self.stream.flush()
