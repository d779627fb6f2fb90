"""The studio without its web layer: its settings, the projects it knows, new projects from
an uploaded story or an idea, edits through the Session, and the job runner."""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from manju.errors import InputError, ProjectError
from manju.web.jobs import Hub, Runner
from manju.web.search import StudioSearch
from manju.web.store import FILENAME, Store

T = TypeVar("T")

STATE_DIR = ".studio"
MAX_UPLOAD = 4 * 1024 * 1024
STORY_SUFFIXES = {".txt": ".txt", ".text": ".txt", ".md": ".md", ".markdown": ".md"}
LOCK_WAIT = 8.0  # seconds an edit waits for a project a job has just released


class Busy(ProjectError):
    """The project is in use by a job that an edit may not interrupt."""


@dataclass
class StudioConfig:
    """How ``manju studio`` was started."""

    workspace: Path
    folders: list[Path] = field(default_factory=list)
    host: str = "127.0.0.1"
    port: int = 8765
    token: str | None = None
    extra_hosts: list[str] = field(default_factory=list)
    max_upload: int = MAX_UPLOAD
    slots: int = 1
    workers: int = 0
    #: render settings of new projects (the upload form may choose others)
    settings: dict[str, Any] = field(default_factory=dict)
    run_jobs: bool = True
    #: the ``llm`` backend the chat plans with (``manju studio --llm``); None: the offline parser
    llm: str | None = None

    @property
    def state_dir(self) -> Path:
        """Where the database, thumbnails and job logs live."""
        return self.workspace / STATE_DIR


def slug(text: str) -> str:
    """A folder name from a title or file name: ASCII letters, digits and dashes (a title in
    another script gets a short hash instead)."""
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40].strip("-")
    return s or "story-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]


class Studio:
    """The projects and jobs of one studio server."""

    def __init__(self, config: StudioConfig) -> None:
        self.config = config
        config.workspace.mkdir(parents=True, exist_ok=True)
        self.store = Store(config.state_dir / FILENAME)
        self.hub = Hub()
        self.runner = Runner(self.store, self.folder, self.hub, slots=config.slots,
                             logs=config.state_dir / "logs", workers=config.workers)
        self.search = StudioSearch(config.state_dir)

    # -- projects -------------------------------------------------------------------------
    def scan(self) -> list[str]:
        """Register the folders given on the command line (a project folder, or a folder of
        project folders) and the workspace's project folders; their ids."""
        ids = []
        for folder in [*self.config.folders, self.config.workspace]:
            folder = folder.resolve()
            if (folder / "project.json").is_file():
                ids.append(self.store.add_project(folder))
            elif folder.is_dir():
                for sub in sorted(folder.iterdir()):
                    if sub.is_dir() and not sub.name.startswith(".") and (sub / "project.json").is_file():
                        ids.append(self.store.add_project(sub))
        return ids

    def folder(self, pid: str) -> Path | None:
        """A registered project's folder (None when the id is unknown)."""
        row = self.store.project(pid)
        return Path(row["path"]) if row else None

    def new_folder(self, name: str) -> Path:
        """A new empty project folder in the workspace, named after ``name``."""
        base = slug(name)
        for i in range(1, 1000):
            folder = self.config.workspace / (base if i == 1 else f"{base}-{i}")
            try:
                folder.mkdir(parents=True)
                return folder
            except FileExistsError:
                continue
        raise InputError("too many projects with that name")

    def create_from_upload(self, filename: str, data: bytes, *, title: str = "",
                           settings: dict[str, Any] | None = None) -> tuple[str, Any]:
        """A project from an uploaded story: checked (size, type, encoding), stored in its new
        folder as ``story.txt`` or ``story.md``, and its first make queued."""
        from manju.stages.ingest import decode

        suffix = STORY_SUFFIXES.get(Path(filename or "").suffix.lower())
        if suffix is None:
            raise InputError("the story must be a .txt or .md file")
        if len(data) > self.config.max_upload:
            raise InputError(f"the story is over the {self.config.max_upload // 1024} KiB limit")
        decode(data, "the uploaded file")  # InputError: empty, binary, or no known encoding
        folder = self.new_folder(title or Path(filename).stem)
        story = folder / f"story{suffix}"
        story.write_bytes(data)
        return self._start(folder, story, title, settings)

    def create_from_idea(self, idea: str, *, lang: str | None = None, title: str = "",
                         settings: dict[str, Any] | None = None) -> tuple[str, Any]:
        """A project from a one-line idea (the offline story template), its first make queued."""
        from manju.stages.idea import story_from_idea

        idea = idea.strip()
        if len(idea) > 2000:
            raise InputError("the idea is too long; one or two sentences")
        story = story_from_idea(idea, lang)
        folder = self.new_folder(title or idea)
        path = folder / "story.txt"
        path.write_text(str(story), encoding="utf-8")
        return self._start(folder, path, title, settings)

    def _start(self, folder: Path, story: Path, title: str,
               settings: dict[str, Any] | None) -> tuple[str, Any]:
        pid = self.store.add_project(folder, title)
        params = {"story": str(story), "title": title,
                  "settings": {**self.config.settings, **(settings or {})}}
        return pid, self.runner.submit(pid, "make", params)

    def make(self, pid: str, yes: bool = False) -> Any:
        """Queue a make of a registered project (the first one again when it never finished)."""
        folder = self._known(pid)
        params: dict[str, Any] = {"yes": yes} if yes else {}
        if not (folder / "project.json").is_file():
            first = [j for j in self.store.jobs(pid, limit=1000) if j.kind == "make"]
            if not first:
                raise ProjectError("this folder has no project and no story to make one from")
            params = {**first[-1].params, **params}
        return self.runner.submit(pid, "make", params)

    def _known(self, pid: str) -> Path:
        folder = self.folder(pid)
        if folder is None:
            raise KeyError(pid)
        return folder

    # -- edits ----------------------------------------------------------------------------
    def edit(self, pid: str, change: Callable[[Any], T]) -> tuple[T, bool]:
        """Run ``change(session)`` on the project under its lock; returns what it returned
        and whether the project had been rendered (so that the edit is rendered now).

        A render still running for an earlier edit is stopped first (its finished shots stay
        in the cache); a make or an export in progress makes this refuse with Busy.
        """
        from manju.session import Session

        folder = self._known(pid)
        if not (folder / "project.json").is_file():
            raise Busy("the project is not made yet; wait for its first run to finish")
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            active = self.runner.active(pid)
            if active is not None and active.kind != "render":
                raise Busy(f"the project is busy ({active.kind} running); try again when it finishes")
            self.runner.preempt(pid)
            try:
                session = Session.open(folder)
                break
            except ProjectError:
                if time.monotonic() > deadline:
                    raise Busy("the project is in use by another manju command") from None
                time.sleep(0.2)
        with session:
            result = change(session)
            rendered = session.rendered
        return result, rendered

    def render(self, pid: str) -> Any:
        """Queue the render that brings the video up to date after an edit."""
        return self.runner.submit(pid, "render")

    def export(self, pid: str) -> Any:
        """Queue ``manju export --to all`` of the project."""
        self._known(pid)
        return self.runner.submit(pid, "export")
