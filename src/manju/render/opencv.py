"""OpenCV, loaded single-threaded and safe to use on both sides of a fork.

Shots render in parallel processes, so OpenCV's own thread pool would only compete with them.
Worse, a pool whose threads are alive when the process forks is inherited half-alive by the
worker, and resizing it there (``setNumThreads``) waits forever on a lock held by a thread
that does not exist in the child. So the pool is kept at one thread: its size is set by
environment before the first import, set again when something changed it, and set once more
just before every fork.
"""

from __future__ import annotations

import os
from typing import Any

_HOOKED = False


def _one_thread_before_fork() -> None:
    import sys

    module = sys.modules.get("cv2")
    if module is not None and module.getNumThreads() != 1:
        module.setNumThreads(1)


def cv2() -> Any:
    """The ``cv2`` module, running every call on the calling thread."""
    global _HOOKED
    os.environ.setdefault("OPENCV_FOR_THREADS_NUM", "1")
    import cv2 as module

    if module.getNumThreads() != 1:
        module.setNumThreads(1)
    if not _HOOKED:
        os.register_at_fork(before=_one_thread_before_fork)
        _HOOKED = True
    return module
