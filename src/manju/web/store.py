"""The studio's state: a SQLite database of projects and jobs beside the workspace's folders.

A project row names a project folder (the folder itself holds everything else). A job row is
one background run on a project (``make``, ``render`` after an edit, ``export``) with its state:
``queued`` → ``running`` → ``done`` | ``failed`` | ``cancelled`` | ``confirm`` (the story is so
long that the user must say yes). Jobs are claimed with one ``UPDATE … WHERE state='queued'``
so that no job is started twice, and a restarted server puts the jobs it found ``running``
back in the queue: the Session's folder lock and caches make the rerun resume.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

FILENAME = "studio.sqlite"
FINISHED = ("done", "failed", "cancelled", "confirm")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS projects (
    id      TEXT PRIMARY KEY,
    path    TEXT NOT NULL UNIQUE,
    title   TEXT NOT NULL DEFAULT '',
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS jobs (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    project  TEXT NOT NULL REFERENCES projects(id),
    kind     TEXT NOT NULL,
    params   TEXT NOT NULL DEFAULT '{}',
    state    TEXT NOT NULL DEFAULT 'queued',
    stage    TEXT NOT NULL DEFAULT '',
    done     INTEGER NOT NULL DEFAULT 0,
    total    INTEGER NOT NULL DEFAULT 0,
    eta      REAL,
    message  TEXT NOT NULL DEFAULT '',
    report   TEXT,
    runs     INTEGER NOT NULL DEFAULT 0,
    created  REAL NOT NULL,
    started  REAL,
    finished REAL
);
CREATE INDEX IF NOT EXISTS jobs_state ON jobs(state, id);
"""


@dataclass
class Job:
    """One background run on a project."""

    id: int
    project: str
    kind: str
    params: dict[str, Any]
    state: str
    stage: str = ""
    done: int = 0
    total: int = 0
    eta: float | None = None
    message: str = ""
    report: dict[str, Any] | None = None
    runs: int = 0
    created: float = 0.0
    started: float | None = None
    finished: float | None = None

    def to_json(self) -> dict[str, Any]:
        """A JSON-able dict (what the API and the event stream send)."""
        return asdict(self)

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Job:
        """A job from its database row."""
        d = dict(row)
        d["params"] = json.loads(d["params"] or "{}")
        d["report"] = json.loads(d["report"]) if d["report"] else None
        return cls(**d)


def project_id(path: Path) -> str:
    """A project's id in the studio: a short hash of its folder's absolute path (stable across
    restarts, and never taken from anything the user typed)."""
    return "p" + hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:10]


class Store:
    """The database; safe to use from several threads (one short connection per call)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        with self._db() as db:
            db.executescript(_SCHEMA)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            db = sqlite3.connect(self.path, timeout=30)
            db.row_factory = sqlite3.Row
            try:
                db.execute("PRAGMA journal_mode=WAL")
                with db:
                    yield db
            finally:
                db.close()

    # -- projects -------------------------------------------------------------------------
    def add_project(self, folder: Path, title: str = "") -> str:
        """Register a project folder (again: nothing changes) and return its id."""
        folder = folder.resolve()
        pid = project_id(folder)
        with self._db() as db:
            db.execute("INSERT OR IGNORE INTO projects (id, path, title, created) VALUES (?, ?, ?, ?)",
                       (pid, str(folder), title, time.time()))
        return pid

    def projects(self) -> list[dict[str, Any]]:
        """Every registered project, oldest first."""
        with self._db() as db:
            return [dict(r) for r in db.execute("SELECT * FROM projects ORDER BY created, id")]

    def project(self, pid: str) -> dict[str, Any] | None:
        """One project's row, or None."""
        with self._db() as db:
            row = db.execute("SELECT * FROM projects WHERE id = ?", (pid,)).fetchone()
        return dict(row) if row else None

    # -- jobs -----------------------------------------------------------------------------
    def enqueue(self, project: str, kind: str, params: dict[str, Any] | None = None) -> tuple[Job, bool]:
        """Queue a job; when the same project already has the same kind of job waiting, that
        one is returned instead (second value: whether a new job was made)."""
        text = json.dumps(params or {}, sort_keys=True)
        with self._db() as db:
            row = db.execute("SELECT * FROM jobs WHERE project = ? AND kind = ? AND state = 'queued' "
                             "AND params = ?", (project, kind, text)).fetchone()
            if row is not None:
                return Job.from_row(row), False
            cur = db.execute("INSERT INTO jobs (project, kind, params, created) VALUES (?, ?, ?, ?)",
                             (project, kind, text, time.time()))
            row = db.execute("SELECT * FROM jobs WHERE id = ?", (cur.lastrowid,)).fetchone()
        return Job.from_row(row), True

    def claim(self, busy: set[str]) -> Job | None:
        """Take the oldest queued job of a project not in ``busy`` and mark it running."""
        with self._db() as db:
            for row in db.execute("SELECT * FROM jobs WHERE state = 'queued' ORDER BY id").fetchall():
                if row["project"] in busy:
                    continue
                cur = db.execute("UPDATE jobs SET state = 'running', started = ?, runs = runs + 1, "
                                 "message = '' WHERE id = ? AND state = 'queued'",
                                 (time.time(), row["id"]))
                if cur.rowcount == 1:
                    return Job.from_row(db.execute("SELECT * FROM jobs WHERE id = ?",
                                                   (row["id"],)).fetchone())
        return None

    def progress(self, job_id: int, stage: str, done: int, total: int, eta: float | None,
                 message: str | None = None) -> None:
        """Record how far a running job is."""
        with self._db() as db:
            if message is None:
                db.execute("UPDATE jobs SET stage = ?, done = ?, total = ?, eta = ? WHERE id = ?",
                           (stage, done, total, eta, job_id))
            else:
                db.execute("UPDATE jobs SET stage = ?, done = ?, total = ?, eta = ?, message = ? "
                           "WHERE id = ?", (stage, done, total, eta, message, job_id))

    def finish(self, job_id: int, state: str, message: str = "",
               report: dict[str, Any] | None = None) -> None:
        """Record how a job ended."""
        assert state in FINISHED
        with self._db() as db:
            db.execute("UPDATE jobs SET state = ?, message = ?, report = ?, finished = ?, eta = NULL "
                       "WHERE id = ?", (state, message, json.dumps(report) if report else None,
                                        time.time(), job_id))

    def requeue_unfinished(self) -> list[int]:
        """After a restart: the jobs left ``running`` go back to the queue (ids returned)."""
        with self._db() as db:
            ids = [r["id"] for r in db.execute("SELECT id FROM jobs WHERE state = 'running'")]
            db.execute("UPDATE jobs SET state = 'queued', message = 'resumed after a restart' "
                       "WHERE state = 'running'")
        return ids

    def job(self, job_id: int) -> Job | None:
        """One job, or None."""
        with self._db() as db:
            row = db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return Job.from_row(row) if row else None

    def jobs(self, project: str | None = None, limit: int = 50) -> list[Job]:
        """The newest jobs (of one project), newest first."""
        with self._db() as db:
            if project is None:
                rows = db.execute("SELECT * FROM jobs ORDER BY id DESC LIMIT ?", (limit,))
            else:
                rows = db.execute("SELECT * FROM jobs WHERE project = ? ORDER BY id DESC LIMIT ?",
                                  (project, limit))
            return [Job.from_row(r) for r in rows.fetchall()]

    def cancel_queued(self, job_id: int) -> bool:
        """Cancel a job that has not started (False when it has)."""
        with self._db() as db:
            cur = db.execute("UPDATE jobs SET state = 'cancelled', finished = ? "
                             "WHERE id = ? AND state = 'queued'", (time.time(), job_id))
        return cur.rowcount == 1
