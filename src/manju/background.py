"""Work that runs beside the pipeline: a forked child process computing one call while the
parent goes on (the soundtrack while a shot or two render after an edit), or a thread of the
parent while a pool of render threads (or processes) draws the shots (:class:`Beside`).

Why a fork and not a thread beside a lone shot: the shot is drawn in this process, and the
work is numpy, Skia and FFmpeg code that holds the GIL for long stretches, so a thread would
mostly wait its turn; a forked child shares the parent's loaded modules for free and runs on
the other core. While a pool draws the shots this process's main thread has nothing to do but
wait, so a thread does as well and adds no process (its memory is only the work's own). The call must be a pure function of its
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
import threading
import traceback
from collections.abc import Callable, Iterable
from typing import Any

__all__ = ["Background", "Beside", "can_fork", "start_beside"]

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


class Beside:
    """``fn(*args)`` on a thread of this process, begun by :meth:`start` (not before): work
    that fills the cores a process pool leaves free, without a process more (the soundtrack
    and the sheets' pictures while the shots render; the main process only waits on the
    pool meanwhile).

    With a pool of processes, start it only after the workers are forked: a fork taken while
    the thread holds a lock (in FFmpeg, in the allocator) would copy that lock held. Same contract as
    :class:`Background`: a pure function whose effect is files written atomically; when it
    fails, :meth:`wait` says so and the caller does the work itself. A thread cannot be
    stopped, so :meth:`cancel` waits for it (its files are whole either way)."""

    def __init__(self, fn: Callable[..., Any], *args: Any, late: bool = False) -> None:
        self.error = ""
        #: begun only once the render's pool has finished (see :func:`start_beside`)
        self.late = late
        self._fn, self._args = fn, args
        self._thread: threading.Thread | None = None
        self._result: tuple[bool, Any] = (False, None)

    def _run(self) -> None:
        try:
            self._result = (True, self._fn(*self._args))
        except BaseException as e:  # noqa: BLE001 - reported by wait, the caller redoes the work
            self.error = f"{type(e).__name__}: {e}\n{traceback.format_exc(limit=6)}"

    def start(self) -> None:
        """Begin the work (once; later calls do nothing)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="manju-beside", daemon=True)
            self._thread.start()

    @property
    def started(self) -> bool:
        """Whether the thread is (or was) at work."""
        return self._thread is not None

    def wait(self) -> tuple[bool, Any]:
        """Wait for the work: ``(True, result)``, or ``(False, None)`` when it failed or was
        never started (:attr:`error` says why)."""
        if self._thread is None:
            self.error = self.error or "never started"
            return False, None
        self._thread.join()
        return self._result

    def cancel(self) -> None:
        """Wait for the work if it was started (see the class docstring)."""
        if self._thread is not None:
            self._thread.join()


def start_beside(jobs: Iterable[Any], drained: bool = True) -> None:
    """Start every :class:`Beside` job among ``jobs`` (a context's background work, which may
    hold other kinds) that has not started yet; the ``late`` ones only when ``drained`` (the
    render's pool has finished and its workers have exited, so their memory is free)."""
    for job in jobs:
        inner = getattr(job, "job", job)
        if isinstance(inner, Beside) and (drained or not inner.late):
            inner.start()
