"""Work that runs beside the pipeline: a forked child process computing one call while the
parent goes on (the soundtrack while shots render, the sheets while the video is muxed).

Why a fork and not a thread: the work is numpy, Skia and FFmpeg code that holds the GIL for
long stretches, so a thread would mostly wait its turn; a forked child shares the parent's
loaded modules for free and runs on the other core. The call must be a pure function of its
arguments whose effect is files written atomically (cache entries, output files): when the
child fails for any reason (killed, out of memory, an exception), :meth:`Background.wait`
says so and the caller simply does the work itself, which also raises the real error with
its traceback.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import traceback
from collections.abc import Callable
from typing import Any

__all__ = ["Background", "can_fork"]

#: ``MANJU_BACKGROUND=off`` runs everything in order in one process (for debugging).
ENV = "MANJU_BACKGROUND"


def can_fork() -> bool:
    """Whether background work is possible and useful here: fork is available (not on
    Windows; macOS only when it is the default start method), more than one core, and not
    turned off with ``MANJU_BACKGROUND=off``."""
    if os.environ.get(ENV, "").strip().lower() in ("0", "off", "no", "false"):
        return False
    if (os.cpu_count() or 1) < 2:
        return False
    return "fork" in multiprocessing.get_all_start_methods()


def _die_with_parent() -> None:
    # A child left running after its parent was killed (kill -9) would go on writing into a
    # project a new run may already be using; Linux can end it with the parent.
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _child(conn: Any, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    _die_with_parent()
    try:
        result = fn(*args)
        conn.send(("ok", result))
    except BaseException as e:  # noqa: BLE001 - reported to the parent, which redoes the work
        conn.send(("error", f"{type(e).__name__}: {e}\n{traceback.format_exc(limit=6)}"))
    finally:
        conn.close()


class Background:
    """``fn(*args)`` in a forked child process (see the module docstring); or nothing at all
    when :func:`can_fork` is false, in which case :meth:`wait` returns ``(False, ...)`` and the
    caller does the work in order."""

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        self.error = ""
        self._proc: Any = None
        self._conn: Any = None
        if not can_fork():
            self.error = "background work is off"
            return
        ctx = multiprocessing.get_context("fork")
        recv, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(send, fn, args), daemon=True)
        # The child's garbage collector would walk (and so copy) every page of objects it
        # shares with this process; frozen objects are left alone (see gc.freeze).
        gc.freeze()
        try:
            proc.start()
        except OSError as e:  # no memory or process slots left: do it in order instead
            recv.close()
            send.close()
            self.error = f"could not start a process: {e}"
            return
        finally:
            gc.unfreeze()
        send.close()
        self._proc, self._conn = proc, recv

    @property
    def started(self) -> bool:
        """Whether a child process is (or was) at work."""
        return self._proc is not None

    def wait(self) -> tuple[bool, Any]:
        """Wait for the child: ``(True, result)``, or ``(False, None)`` when it failed or
        never started (:attr:`error` says why)."""
        if self._proc is None:
            return False, None
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        try:
            status, value = conn.recv()
        except (EOFError, OSError):
            status, value = "error", "the process ended without an answer"
        finally:
            conn.close()
            proc.join()
        if status == "ok":
            return True, value
        self.error = str(value)
        return False, None

    def cancel(self) -> None:
        """Stop the child (a failed run does not wait for background work it no longer needs)."""
        if self._proc is None:
            return
        with contextlib.suppress(Exception):
            self._proc.kill()
            self._proc.join()
        with contextlib.suppress(Exception):
            self._conn.close()
        self._proc = self._conn = None
