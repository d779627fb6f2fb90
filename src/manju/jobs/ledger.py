"""The job ledger: one SQLite file in the project folder (``DIR/jobs.sqlite``) with a row per
generation request.

A row is keyed by the request's hash (everything the result depends on: provider, model, the
backend's config, the prompt, the size, the seed and the hashes of every image sent) and
records the provider, model and parameters, the provider's task id, the state, the cost
estimate and the finished result's path in the cache. Every change is committed with
``synchronous=FULL`` before the next network call, so after a crash (even ``kill -9``) the
file says exactly which jobs were paid for and which task ids to poll.

States: ``submitting`` (the request is being sent; a crash here may or may not have reached
the provider), ``submitted`` (the provider gave a task id; poll it), ``done`` (the result is
in the cache), ``failed`` and ``expired`` (the provider forgot the task id).
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

FILENAME = "jobs.sqlite"
STATES = ("submitting", "submitted", "done", "failed", "expired")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    key      TEXT PRIMARY KEY,
    kind     TEXT NOT NULL,
    provider TEXT NOT NULL,
    model    TEXT NOT NULL DEFAULT '',
    purpose  TEXT NOT NULL DEFAULT '',
    params   TEXT NOT NULL DEFAULT '{}',
    task_id  TEXT,
    state    TEXT NOT NULL,
    cost     REAL NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    error    TEXT NOT NULL DEFAULT '',
    result   TEXT,
    sha256   TEXT,
    meta     TEXT NOT NULL DEFAULT '{}',
    created  REAL NOT NULL,
    updated  REAL NOT NULL
);
"""


@dataclass
class Job:
    """One row of the ledger."""

    key: str
    kind: str
    provider: str
    model: str = ""
    purpose: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    task_id: str | None = None
    state: str = "submitting"
    cost: float = 0.0
    attempts: int = 0
    error: str = ""
    result: str | None = None
    sha256: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    created: float = 0.0
    updated: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """A JSON-able dict."""
        return asdict(self)


class Ledger:
    """The ledger of one project folder (open with :meth:`for_project`; close when done)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(self.path), timeout=30.0)
        self._db.row_factory = sqlite3.Row
        # A committed row must survive a power cut, not only a killed process.
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)
        self._db.commit()

    @classmethod
    def for_project(cls, out_dir: str | Path) -> Ledger:
        """The ledger of the project in ``out_dir`` (created when missing)."""
        return cls(Path(out_dir) / FILENAME)

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ------------------------------------------------------------------------------
    @staticmethod
    def _job(row: sqlite3.Row) -> Job:
        d = dict(row)
        d["params"] = json.loads(d["params"] or "{}")
        d["meta"] = json.loads(d["meta"] or "{}")
        return Job(**d)

    def get(self, key: str) -> Job | None:
        """The job with request hash ``key``, or None."""
        row = self._db.execute("SELECT * FROM jobs WHERE key = ?", (key,)).fetchone()
        return self._job(row) if row else None

    def jobs(self) -> list[Job]:
        """Every job, oldest first."""
        rows = self._db.execute("SELECT * FROM jobs ORDER BY created, key").fetchall()
        return [self._job(r) for r in rows]

    # -- writing ------------------------------------------------------------------------------
    def _write(self, sql: str, args: tuple[Any, ...]) -> None:
        with self._db:  # one committed transaction per change
            self._db.execute(sql, args)

    def begin(self, key: str, *, kind: str, provider: str, model: str, purpose: str,
              params: dict[str, Any], cost: float) -> Job:
        """Record that the request ``key`` is about to be sent (state ``submitting``)."""
        now = time.time()
        old = self.get(key)
        self._write(
            "INSERT INTO jobs (key, kind, provider, model, purpose, params, task_id, state, cost, "
            "attempts, error, created, updated) VALUES (?, ?, ?, ?, ?, ?, NULL, 'submitting', ?, 1, "
            "'', ?, ?) ON CONFLICT(key) DO UPDATE SET task_id = NULL, state = 'submitting', "
            "cost = excluded.cost, attempts = jobs.attempts + 1, error = '', purpose = "
            "excluded.purpose, updated = excluded.updated",
            (key, kind, provider, model, purpose, json.dumps(params, sort_keys=True), cost,
             old.created if old else now, now))
        job = self.get(key)
        assert job is not None
        return job

    def submitted(self, key: str, task_id: str) -> None:
        """Record the provider's task id (before anything polls it)."""
        self._write("UPDATE jobs SET task_id = ?, state = 'submitted', updated = ? WHERE key = ?",
                    (task_id, time.time(), key))

    def done(self, key: str, result: str, sha256: str, meta: dict[str, Any]) -> None:
        """Record the finished result (a path relative to the project folder)."""
        self._write("UPDATE jobs SET state = 'done', result = ?, sha256 = ?, meta = ?, error = '', "
                    "updated = ? WHERE key = ?",
                    (result, sha256, json.dumps(meta, sort_keys=True, default=str), time.time(), key))

    def failed(self, key: str, error: str, state: str = "failed") -> None:
        """Record that the job failed (or ``expired``) with a message."""
        if state not in STATES:
            raise ValueError(state)
        self._write("UPDATE jobs SET state = ?, error = ?, updated = ? WHERE key = ?",
                    (state, error[:2000], time.time(), key))


def spent(jobs: list[Job]) -> float:
    """The estimated cost of the jobs that reached the provider: those it gave a task id or
    a result, and those cut off while being sent (the provider may have billed them)."""
    return sum(j.cost for j in jobs if j.task_id or j.state in ("done", "submitted",
                                                                 "submitting"))


def read_jobs(out_dir: str | Path) -> list[Job]:
    """The jobs of the project in ``out_dir`` without creating a ledger (empty when none)."""
    path = Path(out_dir) / FILENAME
    if not path.is_file():
        return []
    with Ledger(path) as ledger:
        return ledger.jobs()
