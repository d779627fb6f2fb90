"""Background jobs: a runner that takes queued jobs from the store, runs each in a worker
process (:mod:`manju.web.worker`) and streams its progress to the event hub."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from manju.web.store import Job, Store

#: How often a running job's progress is written to the database (events go out at once).
SAVE_EVERY = 0.5


class Hub:
    """Fans events out to the open event streams (asyncio queues), from any thread."""

    def __init__(self) -> None:
        self._subs: set[tuple[asyncio.AbstractEventLoop, asyncio.Queue[dict[str, Any]]]] = set()
        self._lock = threading.Lock()

    def subscribe(self) -> asyncio.Queue[dict[str, Any]]:
        """A queue receiving every event from now on (call from the event loop)."""
        q: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=1000)
        with self._lock:
            self._subs.add((asyncio.get_running_loop(), q))
        return q

    def unsubscribe(self, q: asyncio.Queue[dict[str, Any]]) -> None:
        """Stop sending to ``q``."""
        with self._lock:
            self._subs = {s for s in self._subs if s[1] is not q}

    def publish(self, event: dict[str, Any]) -> None:
        """Send ``event`` to every stream (a stream too slow to keep up loses events)."""
        with self._lock:
            subs = list(self._subs)
        for loop, q in subs:
            try:
                loop.call_soon_threadsafe(_put, q, event)
            except RuntimeError:  # that stream's loop has closed
                self.unsubscribe(q)


def _put(q: asyncio.Queue[dict[str, Any]], event: dict[str, Any]) -> None:
    if not q.full():
        q.put_nowait(event)


@dataclass
class _Running:
    job: Job
    proc: subprocess.Popen[str]
    cancelled: bool = False
    saved: float = 0.0
    result: dict[str, Any] = field(default_factory=dict)


class Runner:
    """Runs queued jobs, ``slots`` at a time and never two on one project."""

    def __init__(self, store: Store, folder: Callable[[str], Path | None], hub: Hub, *,
                 slots: int = 1, logs: Path | None = None, workers: int = 0,
                 on_finish: Callable[[Job], None] | None = None) -> None:
        self.store = store
        self.folder = folder
        self.hub = hub
        self.slots = max(1, slots)
        self.logs = logs
        self.workers = workers
        self.on_finish = on_finish
        self._running: dict[int, _Running] = {}
        self._claimed: set[str] = set()  # projects with a job between claim and end
        self._cv = threading.Condition()
        self._stopping = False
        self._threads: list[threading.Thread] = []

    # -- life -----------------------------------------------------------------------------
    def start(self) -> list[int]:
        """Put jobs a previous server left running back in the queue and start the loops;
        returns the resumed jobs' ids."""
        resumed = self.store.requeue_unfinished()
        self._stopping = False
        for i in range(self.slots):
            t = threading.Thread(target=self._loop, name=f"manju-studio-job-{i}", daemon=True)
            t.start()
            self._threads.append(t)
        return resumed

    def stop(self) -> None:
        """Stop the loops and the workers; running jobs stay ``running`` in the database, so
        the next server resumes them."""
        with self._cv:
            self._stopping = True
            running = list(self._running.values())
            self._cv.notify_all()
        for r in running:
            _terminate(r.proc)
        for t in self._threads:
            t.join(timeout=10)
        self._threads = []

    def wake(self) -> None:
        """Look at the queue now (a job was added)."""
        with self._cv:
            self._cv.notify_all()

    # -- queries and control -----------------------------------------------------------------
    def busy(self) -> set[str]:
        """The projects with a running job."""
        with self._cv:
            return {r.job.project for r in self._running.values()}

    def active(self, project: str) -> Job | None:
        """The running job of ``project`` (its live progress), or None."""
        with self._cv:
            for r in self._running.values():
                if r.job.project == project:
                    return r.job
        return None

    def submit(self, project: str, kind: str, params: dict[str, Any] | None = None) -> Job:
        """Queue a job (or return the same one already waiting) and announce it."""
        job, new = self.store.enqueue(project, kind, params)
        if new:
            self.hub.publish({"type": "job", "job": job.to_json()})
        self.wake()
        return job

    def cancel(self, job_id: int, wait: float = 10.0) -> bool:
        """Stop a queued or running job; True when it was stopped."""
        if self.store.cancel_queued(job_id):
            job = self.store.job(job_id)
            if job is not None:
                self.hub.publish({"type": "job", "job": job.to_json()})
            return True
        with self._cv:
            r = self._running.get(job_id)
            if r is None:
                return False
            r.cancelled = True
        _terminate(r.proc)
        deadline = time.monotonic() + wait
        with self._cv:
            while job_id in self._running and time.monotonic() < deadline:
                self._cv.wait(0.1)
        return True

    def preempt(self, project: str, kinds: tuple[str, ...] = ("render",)) -> bool:
        """Stop ``project``'s running job when it is one of ``kinds`` (an edit supersedes the
        render of the edit before it: the caches keep what it finished)."""
        job = self.active(project)
        if job is None or job.kind not in kinds:
            return False
        return self.cancel(job.id)

    # -- the loop -----------------------------------------------------------------------------
    def _loop(self) -> None:
        while True:
            with self._cv:
                if self._stopping:
                    return
                job = self.store.claim(set(self._claimed))
                if job is None:
                    self._cv.wait(1.0)
                    continue
                self._claimed.add(job.project)
            try:
                self._run(job)
            finally:
                with self._cv:
                    self._claimed.discard(job.project)
                    self._cv.notify_all()

    def _spec(self, job: Job) -> dict[str, Any] | None:
        folder = self.folder(job.project)
        if folder is None:
            return None
        p = job.params
        return {"kind": job.kind, "dir": str(folder), "story": p.get("story"),
                "settings": p.get("settings") or {}, "title": p.get("title", ""),
                "backends": p.get("backends") or {}, "yes": bool(p.get("yes")),
                "workers": self.workers}

    def _run(self, job: Job) -> None:
        spec = self._spec(job)
        if spec is None:
            self._end(job, "failed", "the project is not registered")
            return
        log = None
        if self.logs is not None:
            self.logs.mkdir(parents=True, exist_ok=True)
            log = open(self.logs / f"job-{job.id}.log", "a", encoding="utf-8")  # noqa: SIM115
        cmd = [sys.executable, "-m", "manju.web.worker", json.dumps(spec)]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log or subprocess.DEVNULL,
                                stdin=subprocess.DEVNULL, text=True, encoding="utf-8",
                                env=os.environ.copy(), start_new_session=True)
        r = _Running(job, proc)
        with self._cv:
            self._running[job.id] = r
        self.hub.publish({"type": "job", "job": job.to_json()})
        assert proc.stdout is not None
        try:
            for raw in proc.stdout:
                try:
                    msg = json.loads(raw)
                except ValueError:
                    continue
                if msg.get("type") == "event":
                    self._event(r, msg)
                elif msg.get("type") == "result":
                    r.result = msg
            proc.wait()
        finally:
            if log is not None:
                log.close()
            with self._cv:
                stopping = self._stopping
        if r.cancelled:
            self._end(job, "cancelled", "stopped")
        elif stopping and not r.result:
            pass  # the server is going down: the job stays running and resumes at the next start
        elif r.result:
            self._end(job, r.result.get("state", "failed"), r.result.get("message", ""),
                      r.result.get("report"))
        else:
            self._end(job, "failed", f"the worker stopped (exit status {proc.returncode})")
        with self._cv:
            self._running.pop(job.id, None)
            self._cv.notify_all()

    def _event(self, r: _Running, msg: dict[str, Any]) -> None:
        job = r.job
        if msg["kind"] == "notice":
            job.message = str(msg.get("message", ""))
        else:
            job.stage, job.done, job.total = str(msg["stage"]), int(msg["done"]), int(msg["total"])
            job.eta = msg.get("eta")
        now = time.monotonic()
        if msg["kind"] != "advance" or now - r.saved > SAVE_EVERY:
            r.saved = now
            self.store.progress(job.id, job.stage, job.done, job.total, job.eta,
                                job.message or None)
        self.hub.publish({"type": "job", "job": job.to_json()})

    def _end(self, job: Job, state: str, message: str = "",
             report: dict[str, Any] | None = None) -> None:
        self.store.finish(job.id, state, message, report)
        done = self.store.job(job.id) or job
        self.hub.publish({"type": "job", "job": done.to_json()})
        if self.on_finish is not None:
            self.on_finish(done)


def _terminate(proc: subprocess.Popen[str]) -> None:
    """Stop a worker and its render processes (its own process group); nothing a kill could
    break: the document and the caches are written atomically."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except OSError:
        proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            proc.kill()
