"""What a stage may use besides the project: where to write, the cache, backends, progress."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from manju.cache import Cache


@dataclass(frozen=True)
class Event:
    """Something a run reports: a task starting, advancing or finishing, or a notice."""

    kind: Literal["start", "advance", "finish", "notice"]
    stage: str = ""
    done: int = 0
    total: int = 0
    elapsed: float = 0.0
    message: str = ""

    @property
    def eta(self) -> float | None:
        """Seconds left at the current pace (None before the first unit is done)."""
        if self.done <= 0 or self.total <= self.done:
            return None if self.done <= 0 else 0.0
        return self.elapsed / self.done * (self.total - self.done)


Listener = Callable[[Event], None]


class Progress:
    """Reports progress of the current task as :class:`Event` objects to a listener (the CLI
    draws a bar from them, the studio streams them); silent without one."""

    def __init__(self, listener: Listener | None = None) -> None:
        self.listener = listener
        self._label = ""
        self._total = 0
        self._done = 0
        self._t0 = 0.0

    def _emit(self, kind: Literal["start", "advance", "finish", "notice"], message: str = "") -> None:
        if self.listener is not None:
            self.listener(Event(kind, self._label, self._done, self._total,
                                time.monotonic() - self._t0 if self._t0 else 0.0, message))

    def start(self, label: str, total: int) -> None:
        """Begin a task of ``total`` units."""
        self._label, self._total, self._done = label, max(1, total), 0
        self._t0 = time.monotonic()
        self._emit("start")

    def advance(self, n: int = 1) -> None:
        """Record ``n`` finished units."""
        self._done += n
        self._emit("advance")

    def finish(self) -> None:
        """End the current task."""
        self._done = self._total
        self._emit("finish")

    def notice(self, message: str) -> None:
        """A one-line message for the user (a damaged cache entry, a dropped edit)."""
        self._emit("notice", message)


@dataclass
class Context:
    """Run-time context of a pipeline run; never stored in the project."""

    out_dir: Path
    cache_dir: Path
    backends: dict[str, Any] = field(default_factory=dict)
    progress: Progress = field(default_factory=Progress)
    workers: int = 1
    #: counters the stages fill in (e.g. ``shots_rendered``) for the run's report
    stats: dict[str, int] = field(default_factory=dict)
    #: check every stage's declared writes against what it changed (tests turn this on)
    check_contracts: bool = False
    #: the most this run may spend on paid generation jobs, in US dollars (None: no limit)
    budget: float | None = None
    #: estimated dollars the stages of this run spent on paid jobs so far (counted against
    #: ``budget`` by each stage that sends any)
    spent: float = 0.0
    #: where independent units (shots) run: a ``manju.executor`` executor (None: a local
    #: pool of ``workers`` processes)
    executor: Any = None
    #: work begun in the background for a later stage (``"soundtrack"``: a
    #: :class:`manju.stages.soundtrack.Pending`), picked up by that stage
    background: dict[str, Any] = field(default_factory=dict)
    #: whether this run is the cache's only writer (False: episodes made at once on a cluster
    #: share it, so a temporary file there may be another live writer's)
    exclusive_cache: bool = True

    def budget_left(self) -> float | None:
        """What this run may still spend (None: no limit)."""
        return None if self.budget is None else max(0.0, self.budget - self.spent)

    @property
    def cache(self) -> Cache:
        """The project's cache, reporting damaged entries as notices."""
        return Cache(self.cache_dir, notice=self.progress.notice)

    @classmethod
    def for_output(cls, out_dir: str | Path, *, progress: Progress | None = None,
                   workers: int = 1, cache_dir: str | Path | None = None) -> Context:
        """A context writing into ``out_dir`` with its cache in ``out_dir/.cache``."""
        out = Path(out_dir)
        cache = Path(cache_dir) if cache_dir else out / ".cache"
        cache.mkdir(parents=True, exist_ok=True)
        return cls(out_dir=out, cache_dir=cache, progress=progress or Progress(), workers=workers)
