"""A project folder's lock: one writer at a time, a second one refuses (or waits) clearly."""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

from manju.errors import ProjectError

LOCK_NAME = ".manju.lock"


class FolderLock:
    """An exclusive advisory lock on ``folder/.manju.lock`` held by this process.

    The kernel drops it when the process dies (even by ``kill -9``), so a crash never leaves
    a folder locked.
    """

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / LOCK_NAME
        self._fd: int | None = None
        self._depth = 0

    def acquire(self, wait: bool = False, timeout: float = 3600.0) -> None:
        """Take the lock; refuse with a clear ProjectError when another process holds it
        (with ``wait``, wait up to ``timeout`` seconds first)."""
        if self._fd is not None:
            self._depth += 1
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not wait or time.monotonic() > deadline:
                    holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "another process"
                    os.close(fd)
                    raise ProjectError(
                        f"{self.path.parent} is in use by another manju command ({holder}); "
                        "wait for it to finish, or use another folder") from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}".encode(), 0)
        self._fd = fd
        self._depth = 1

    def release(self) -> None:
        """Give the lock back."""
        if self._fd is None:
            return
        self._depth -= 1
        if self._depth > 0:
            return
        try:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            os.close(self._fd)
            self._fd = None
