"""Where independent units of work run: one interface, a local pool of threads by default (of
processes with ``MANJU_POOL=processes``), Ray tasks with ``--ray ADDRESS|auto``.

A unit is a call of a module-level function (importable on every worker) with picklable
arguments; its result comes back to the caller, which files it in the project's
content-addressed cache. Units are made only when their cache key is missing, so a re-run
(on this machine or on a cluster) reuses everything finished before.

Ray (``pip install 'manju[ray]'``): each unit is a Ray task with ``max_retries``, so a worker
that dies mid-task (a node lost, an out-of-memory kill) has its task run again elsewhere; the
result is the same because a unit is a pure function of its inputs. Workers need no shared
file system: the inputs a shot reads (voice clips, background plates) travel with the task
through Ray's object store and the encoded segment comes back the same way
(``shared_dir=True`` lets workers read and write the project's cache directly instead, for a
cluster that mounts one file system everywhere).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import Executor as Executor_
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from typing import Any, Protocol

from manju.errors import InputError

__all__ = ["Executor", "LocalExecutor", "RayExecutor", "executor_from_option", "pool_kind"]


class Executor(Protocol):
    """Runs independent calls ``fn(*args)`` and hands each result back as it finishes."""

    name: str
    #: whether workers see this machine's files (the project's cache) at the same paths
    shared_files: bool

    def parallel(self, units: int) -> bool:
        """Whether ``units`` calls would run apart from this process."""
        ...

    def map(self, fn: Callable[..., Any], calls: Sequence[tuple[Any, ...]],
            on_result: Callable[[int, Any], None]) -> None:
        """Run ``fn(*calls[i])`` for every ``i``; ``on_result(i, result)`` in this process as
        each finishes (in any order). The first failure is raised."""
        ...

    def close(self) -> None:
        """Release what the executor holds."""
        ...


#: ``MANJU_POOL=processes`` renders on a pool of processes instead of threads.
POOL_ENV = "MANJU_POOL"
POOL_KINDS = ("threads", "processes")


def pool_kind(value: str | None = None) -> str:
    """The local pool's kind: ``value``, else ``$MANJU_POOL``, else threads."""
    kind = (value if value is not None else os.environ.get(POOL_ENV, "")).strip().lower()
    if not kind:
        return "threads"
    if kind not in POOL_KINDS:
        raise InputError(f"{POOL_ENV} must be one of {', '.join(POOL_KINDS)}, not {kind!r}")
    return kind


class LocalExecutor:
    """Calls in this process: one after another (one worker or one call), or on a pool of
    ``workers`` threads (the default) or processes.

    Why threads: a shot's work is Skia, OpenCV, numpy and x264 code, which lets go of the
    interpreter lock while it draws, warps and encodes, so two threads draw as fast as two
    processes (measured on the bundled story's shots: the same CPU and wall-clock), while
    every process of a pool holds its own copy of the libraries, the imported modules and
    what the parent had made before it forked: at 1080x1920 a render worker process is about
    0.45 GB and a render thread about 0.2 GB (its encoder and its frames).
    """

    name = "local"
    shared_files = True

    def __init__(self, workers: int = 1, kind: str | None = None) -> None:
        self.workers = max(1, workers)
        self.kind = pool_kind(kind)

    def parallel(self, units: int) -> bool:
        """True when a pool would be used."""
        return self.workers > 1 and units > 1

    def map(self, fn: Callable[..., Any], calls: Sequence[tuple[Any, ...]],
            on_result: Callable[[int, Any], None]) -> None:
        """See :class:`Executor`."""
        if not self.parallel(len(calls)):
            for i, args in enumerate(calls):
                on_result(i, fn(*args))
            return
        size = min(self.workers, len(calls))
        # Processes: the platform's default start (a fork on Linux), not fresh interpreters:
        # a spawned worker imports the caller's main module again, which breaks every script
        # that uses manju without an `if __name__ == "__main__"` guard.
        pool: Executor_ = (ThreadPoolExecutor(max_workers=size, thread_name_prefix="manju-unit")
                           if self.kind == "threads" else ProcessPoolExecutor(max_workers=size))
        futures = {pool.submit(fn, *args): i for i, args in enumerate(calls)}
        try:
            for fut in as_completed(futures):
                on_result(futures[fut], fut.result())
        except BaseException:
            # A failure or Ctrl-C: the calls not begun are dropped; a thread cannot be
            # stopped, so the ones under way finish (their files are written whole or not).
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)

    def close(self) -> None:
        """Nothing to release (each map has its own pool)."""


class RayExecutor:
    """Calls as Ray tasks on the cluster at ``address`` (``auto``: the one this machine is
    part of or ``$RAY_ADDRESS``; ``local``: start one here for this run)."""

    name = "ray"

    def __init__(self, address: str = "auto", *, shared_dir: bool = False, max_retries: int = 3,
                 num_cpus: float = 1.0) -> None:
        self.address = address
        self.shared_files = shared_dir
        self.max_retries = max_retries
        self.num_cpus = num_cpus
        self._started = False

    def _ray(self) -> Any:
        try:
            import ray
        except ImportError:
            raise InputError("--ray needs Ray: pip install 'manju[ray]'") from None
        if not ray.is_initialized():
            address = None if self.address == "local" else self.address
            extra: dict[str, Any] = {}
            if address and address.split(":")[0] in ("127.0.0.1", "localhost"):
                # A cluster bound to the loopback address: this driver joins it there too.
                extra["_node_ip_address"] = "127.0.0.1"
            try:
                ray.init(address=address, ignore_reinit_error=True, log_to_driver=False,
                         configure_logging=False, **extra)
            except ConnectionError as e:
                raise InputError(f"no Ray cluster at {self.address}: {e}") from None
            self._started = True
        return ray

    def parallel(self, units: int) -> bool:
        """Always: every unit is a task."""
        return True

    def map(self, fn: Callable[..., Any], calls: Sequence[tuple[Any, ...]],
            on_result: Callable[[int, Any], None]) -> None:
        """See :class:`Executor`; a task whose worker dies is retried up to ``max_retries``."""
        if not calls:
            return
        ray = self._ray()
        remote = ray.remote(fn).options(max_retries=self.max_retries, num_cpus=self.num_cpus)
        pending = {remote.remote(*args): i for i, args in enumerate(calls)}
        while pending:
            done, _ = ray.wait(list(pending), num_returns=1)
            for ref in done:
                on_result(pending.pop(ref), ray.get(ref))

    def close(self) -> None:
        """Disconnect from the cluster (a cluster started here is shut down)."""
        if self._started:
            import ray

            ray.shutdown()
            self._started = False


def executor_from_option(ray: str | None, workers: int, *, shared_dir: bool = False) -> Executor:
    """The executor for ``--ray ADDRESS|auto`` (None: the local pool of ``workers``)."""
    if ray:
        return RayExecutor(ray, shared_dir=shared_dir)
    return LocalExecutor(workers)
