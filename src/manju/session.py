"""One session API for every front end: the CLI, the studio and the editor call this, nothing else.

A :class:`Session` holds one project folder: it takes the folder's lock, opens or resumes the
project (merging a changed story into it instead of starting again), records the backends the
user chose in the document, runs the stages, applies and undoes operations, and reports
progress as :class:`~manju.stages.context.Event` objects to a listener.
"""

from __future__ import annotations

import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from manju.doc import io
from manju.doc.lock import FolderLock
from manju.doc.model import BackendChoice, Project, RenderSettings
from manju.errors import BackendError, InputError, ProjectError
from manju.stages.context import Context, Event, Listener, Progress

#: Backends used when the project records none (the built-in offline ones). Speech is
#: Kokoro's neural voices where they are installed, see :func:`default_backend`.
DEFAULT_BACKENDS = {"tts": "espeak", "music": "synth"}


def default_backend(kind: str) -> tuple[str | None, str | None]:
    """The backend name a project gets for ``kind`` when it records none, and a one-line
    notice when that is a fallback the user should know about.

    Speech: ``$MANJU_TTS`` when set, else the neural ``kokoro`` voices when installed, else
    ``espeak`` (with a notice saying why and how to get the neural voices).
    """
    if kind != "tts":
        return DEFAULT_BACKENDS.get(kind), None
    env = os.environ.get("MANJU_TTS", "").strip()
    if env:
        return env, None
    from manju.backends.kokoro import INSTALL_HINT, missing

    why = missing()
    if why is None:
        return "kokoro", None
    return DEFAULT_BACKENDS["tts"], (f"neural voices unavailable ({why}): speaking with espeak-ng; "
                                     f"to get them, {INSTALL_HINT}")
#: A run whose rendering is estimated to take longer than this asks for ``yes=True`` first.
CONFIRM_SECONDS = 3600.0
MAX_WORKERS = 64
#: A story of this many chapters or more is made as a series, one episode folder per chapter;
#: a story in one or two parts stays one video (a chapter excerpt is one film).
SERIES_MIN_CHAPTERS = 3


@dataclass
class Estimate:
    """What a project will cost to make: lines, shots, minutes of video, render time."""

    lines: int
    shots: int
    video_seconds: float
    render_seconds: float

    def describe(self) -> str:
        """One sentence for the user."""
        hours = self.render_seconds / 3600
        took = f"{hours:.1f} hours" if hours >= 1 else f"{self.render_seconds / 60:.0f} minutes"
        return (f"{self.lines} lines in about {self.shots} shots, {self.video_seconds / 60:.0f} "
                f"minutes of video; rendering takes about {took} on this machine")


@dataclass
class MakeReport:
    """What one ``make`` did (``manju make --json`` prints it)."""

    shots_total: int = 0
    shots_rendered: int = 0
    shots_cached: int = 0
    lines_total: int = 0
    lines_voiced: int = 0
    lines_cached: int = 0
    seconds: float = 0.0
    video: str = ""
    duration: float = 0.0
    characters: int = 0
    notes: list[str] = field(default_factory=list)
    #: when the story file changed: the edits applied again to the new screenplay, and one
    #: line per edit that could not be (its target is no longer in the story)
    edits_replayed: int = 0
    edits_dropped: list[str] = field(default_factory=list)
    #: how the language model adapted the screenplay (``mode`` whole or review) and the tokens
    #: it used (from the project's metadata; empty without a language model)
    llm: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """A JSON-able dict."""
        return asdict(self)


def llm_report(project: Project) -> dict[str, Any]:
    """The language model's part in ``project``'s screenplay: the mode, the tokens used (see
    :func:`manju.backends.llm_usage.report`) and, for a review, what it changed."""
    if "llm_review" in project.metadata:
        meta = project.metadata["llm_review"]
        return {"mode": "review", **{k: meta.get(k) for k in ("quotes", "changed", "confirmed",
                                                               "unknown", "kept")},
                **(meta.get("usage") or {})}
    if "llm_adapt" in project.metadata:
        meta = project.metadata["llm_adapt"]
        return {"mode": "whole", "chunks": meta.get("chunks"),
                "fallbacks": len(meta.get("fallbacks") or []), **(meta.get("usage") or {})}
    return {}


class NeedsConfirmation(InputError):
    """A run so long that the user must confirm it (``--yes``)."""


def estimate(project: Project, workers: int = 2) -> Estimate:
    """A rough cost of making ``project`` from its screenplay (measured on a 2-core laptop:
    about 0.7 s of wall time per second of 1080x1920 video with two render processes)."""
    seconds = 0.0
    for sc in project.scenes():
        seconds += 2.2
        for ln in sc.lines:
            n = len(ln.text) / 4.5 if project.lang == "zh" else len(ln.text.split()) / 2.6
            seconds += max(1.0, n) + 0.75
    lines = len(project.lines())
    shots = len(project.shots()) or int(lines * 1.15 + len(project.scenes()))
    st = project.settings
    pixels = st.width * st.height / (1080 * 1920) * st.fps / 30
    render = seconds * 0.7 * max(0.15, pixels) * 2 / max(1, min(workers, os.cpu_count() or 1))
    return Estimate(lines, shots, round(seconds, 1), round(render, 1))


class Session:
    """One open project folder. Use as a context manager (the folder stays locked)."""

    def __init__(self, out_dir: Path, project: Project, lock: FolderLock, *,
                 listener: Listener | None = None, workers: int = 0,
                 check_contracts: bool = False) -> None:
        self.out_dir = out_dir
        self.project = project
        self._lock = lock
        self.progress = Progress(listener)
        if workers < 0 or workers > MAX_WORKERS:
            raise InputError(f"workers must be between 1 and {MAX_WORKERS}, not {workers}")
        self.workers = workers or min(4, os.cpu_count() or 1)
        self.check_contracts = check_contracts
        #: where shots are rendered (``manju.executor``; None: a local pool of ``workers``)
        self.executor: Any = None
        self._merge_from: Project | None = None
        self._replayed: tuple[int, list[str]] = (0, [])
        self._backends: dict[str, Any] = {}
        self.notes: list[str] = []

    # -- opening ----------------------------------------------------------------------------
    @classmethod
    def open(cls, out_dir: str | Path, story: str | Path | None = None, *,
             settings: dict[str, Any] | None = None, title: str = "",
             backends: dict[str, str | None] | None = None, listener: Listener | None = None,
             workers: int = 0, wait: bool = False, check_contracts: bool = False,
             backend_config: dict[str, dict[str, Any]] | None = None) -> Session:
        """Open the project in ``out_dir`` (taking its lock), or start one from ``story``.

        When ``story`` differs from the one the project was made from, the new story is
        adapted and merged into the project at the next :meth:`make`: every edit whose target
        still exists is kept. ``settings`` changes render settings; ``backends`` chooses
        backends by kind (``{"tts": "openai"}``), recorded in the project for later commands,
        with ``backend_config`` giving a chosen backend's settings by kind
        (``{"image": {"workflow": "wf.json"}}``).
        A project.json that cannot be read is never replaced: ProjectError says so.
        """
        out = Path(out_dir)
        if out.exists() and not out.is_dir():
            raise InputError(f"{out} is a file; --out needs a folder")
        out.mkdir(parents=True, exist_ok=True)
        lock = FolderLock(out)
        lock.acquire(wait=wait)
        try:
            remove_temporaries(out)
            session = cls._open_locked(out, lock, story, settings or {}, title, backends or {},
                                       listener, workers, check_contracts, backend_config or {})
        except BaseException:
            lock.release()
            raise
        return session

    @classmethod
    def _open_locked(cls, out: Path, lock: FolderLock, story: str | Path | None,
                     settings: dict[str, Any], title: str, backends: dict[str, str | None],
                     listener: Listener | None, workers: int, check_contracts: bool,
                     backend_config: dict[str, dict[str, Any]] | None = None) -> Session:
        from manju.pipeline import new_project

        existing = io.load(out) if (out / "project.json").exists() else None
        merge_from = None
        if story is None:
            if existing is None:
                raise ProjectError(f"no project at {out / 'project.json'} (make one with manju make)")
            project = existing
        else:
            fresh = new_project(story)
            if existing is None:
                project = fresh
            elif existing.source.sha256 == fresh.source.sha256 and existing.episodes:
                project = existing
            else:
                # The story changed: adapt it anew and merge the old project into it.
                project = fresh
                project.settings = existing.settings.model_copy(deep=True)
                project.backends = dict(existing.backends)
                merge_from = existing
        if title:
            project.title = title
        if settings:
            try:
                project.settings = RenderSettings(**{**project.settings.fields(), **settings})
            except ValueError as e:
                raise InputError(f"bad setting: {e}") from None
        project.place(out)
        session = cls(out, project, lock, listener=listener, workers=workers,
                      check_contracts=check_contracts)
        session._merge_from = merge_from
        if story is not None and "damaged" in project.source.encoding and listener is not None:
            listener(Event("notice", message=f"{story}: read as {project.source.encoding}; "
                           "the damaged characters show as \ufffd in the script"))
        for kind, name in backends.items():
            session.choose_backend(kind, name, (backend_config or {}).get(kind))
        return session

    def close(self) -> None:
        """Release the folder's lock."""
        self._lock.release()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- backends ---------------------------------------------------------------------------
    def choose_backend(self, kind: str, name: str | None,
                       config: dict[str, Any] | None = None) -> None:
        """Use backend ``kind.name`` (made with ``config``) from now on and record it in the
        project (None: the default). A different language model means the story is adapted
        again."""
        previous = self.project.backends.get(kind)
        if name is None:
            if kind == "llm" and previous is not None:
                return  # a recorded language model stays until another is chosen
            self.project.backends.pop(kind, None)
            self._backends.pop(kind, None)
            return
        if previous is not None and previous.name == name and kind in ("image", "video"):
            # Chosen again: what is not given is kept from the recorded settings (a workflow
            # file may be gone, and another config would ask the provider for everything again).
            kept_config = dict(previous.config)
            if config and "workflow" in config:
                kept_config.pop("workflow_path", None)
            config = {**kept_config, **(config or {})}
        try:
            backend = self._load(kind, name, config or {})
        except BackendError:
            if config or previous is None or previous.name != name:
                raise
            # Chosen again without its settings (a workflow file): keep the recorded ones.
            backend = self._load(kind, name, dict(previous.config))
        # How the backend is used (an image backend's look) stays with a new config.
        kept = dict(previous.metadata) if previous is not None and previous.name == name else {}
        choice = BackendChoice(name=name, config=dict(getattr(backend, "config", {}) or {}),
                               metadata=kept)
        if previous is not None and previous.model_dump() == choice.model_dump():
            return
        self.project.backends = {**self.project.backends, kind: choice}
        self._backends[kind] = backend
        if kind == "llm" and self.project.episodes and self._merge_from is None:
            self._readapt()

    def set_llm_mode(self, mode: str) -> None:
        """How the chosen language model adapts: ``whole`` (it writes the screenplay) or
        ``review`` (it checks the offline screenplay's unsure speakers). Recorded with the
        ``llm`` choice; another mode means the story is adapted again."""
        if mode not in ("whole", "review"):
            raise InputError(f"no language-model mode {mode!r} (whole or review)")
        choice = self.project.backends.get("llm")
        if choice is None or choice.metadata.get("mode", "whole") == mode:
            return
        choice = choice.model_copy(update={"metadata": {**choice.metadata, "mode": mode}})
        self.project.backends = {**self.project.backends, "llm": choice}
        if self.project.episodes and self._merge_from is None:
            self._readapt()

    def _readapt(self) -> None:
        old = self.project
        self.project = Project(source=old.source.model_copy(deep=True), lang=old.lang,
                               settings=old.settings.model_copy(deep=True),
                               backends=dict(old.backends))
        self.project.place(self.out_dir)
        self._merge_from = old

    def _load(self, kind: str, name: str, config: dict[str, Any]) -> Any:
        from manju.backends import registry

        extra: dict[str, Any] = {}
        if kind == "llm" and name == "openai":
            extra["cache_dir"] = self.out_dir / ".cache" / "llm"
        try:
            return registry.load(kind, name, **config, **extra)
        except TypeError:
            # A recorded config this backend's constructor no longer takes: use its defaults.
            return registry.load(kind, name, **extra)

    def backend(self, kind: str) -> Any:
        """The backend of ``kind`` for this project: the one recorded in the document, else the
        default (:func:`default_backend`); None for an optional kind (``llm``) not chosen."""
        if kind in self._backends:
            return self._backends[kind]
        choice = self.project.backends.get(kind)
        if choice is not None:
            backend = self._load(kind, choice.name, dict(choice.config))
        else:
            name, notice = default_backend(kind)
            if name is None:
                return None
            if notice:
                self._note(notice)
            backend = self._load(kind, name, {})
        self._backends[kind] = backend
        return backend

    # -- running ------------------------------------------------------------------------------
    def context(self) -> Context:
        """The run-time context for the stages."""
        ctx = Context.for_output(self.out_dir, progress=self.progress, workers=self.workers)
        ctx.check_contracts = self.check_contracts
        ctx.executor = self.executor
        for kind in ("tts", "music", "llm", "image"):
            b = self.backend(kind)
            if b is not None:
                ctx.backends[kind] = b
                if kind not in self.project.backends:
                    # Record the default too: a later $MANJU_TTS must not re-voice this project.
                    self.project.backends = {**self.project.backends, kind: BackendChoice(
                        name=b.name, config=dict(getattr(b, "config", {}) or {}))}
        return ctx

    def _after_stage(self, name: str, project: Project, yes: bool, until: str) -> Project:
        from manju.doc.identity import merge, prune_overrides

        if name == "adapt" and self._merge_from is not None:
            project, notes = merge(self._merge_from, project)
            self._merge_from = None
            self._replayed = (len(project.history), list(notes))
            self._note(*notes)
        if name == "cast" and not yes and until not in ("adapt", "cast"):
            est = estimate(project, self.workers)
            if est.render_seconds > CONFIRM_SECONDS:
                for done in ("adapt", "cast"):
                    if done not in project.stages_done:
                        project.stages_done = [*project.stages_done, done]
                self.project = project
                io.save(project, self.out_dir / "project.json")
                raise NeedsConfirmation(f"this story makes {est.describe()}; run again with --yes "
                                        "to go on (the adaptation is saved)")
        if name == "board":
            self._note(*prune_overrides(project))
        return project

    def _note(self, *notes: str) -> None:
        for n in notes:
            self.notes.append(n)
            self.progress.notice(n)

    def make(self, until: str = "assemble", *, yes: bool = False, sheets: bool = True,
             budget: float | None = None, episodes: str | None = None) -> MakeReport:
        """Run the pipeline up to ``until``, redoing only what changed; write the sheets.
        ``budget`` (US dollars) stops the run before a paid job would take it over. A story
        of three or more chapters is made as a series, one folder per episode
        (:mod:`manju.series`); ``episodes`` (``"3-5"``) makes some of them."""
        from manju.pipeline import export_sheets, run

        if until == "assemble" and self.is_series:
            from manju.series import make_series

            return make_series(self, yes=yes, budget=budget, episodes=episodes, sheets=sheets)
        if episodes:
            raise InputError(f"--episodes needs a story with {SERIES_MIN_CHAPTERS} or more chapters")
        t0 = time.monotonic()
        ctx = self.context()
        ctx.budget = budget
        sheets_done = False

        def after(name: str, project: Project) -> Project:
            nonlocal sheets_done
            project = self._after_stage(name, project, yes, until)
            if name == "render" and sheets and until == "assemble" and ctx.background:
                # The soundtrack is being mixed in the background: this process would only
                # wait for it, so the sheets (which need the pictures, not the sound) go now.
                export_sheets(project, ctx)
                sheets_done = True
            return project

        self.project = run(self.project, ctx, until=until, on_stage=after)
        if sheets and until == "assemble" and not sheets_done:
            export_sheets(self.project, ctx)
        elif until in ("adapt", "cast"):
            from manju.cache import write_atomic
            from manju.export.fountain import to_fountain

            write_atomic(self.out_dir / "script.fountain", to_fountain(self.project).encode("utf-8"))
        self.save()
        p = self.project
        s = ctx.stats
        replayed, self._replayed = self._replayed, (0, [])
        return MakeReport(
            shots_total=s.get("shots_total", len(p.shots())), shots_rendered=s.get("shots_rendered", 0),
            shots_cached=s.get("shots_cached", 0), lines_total=len(p.lines()),
            lines_voiced=s.get("lines_voiced", 0), lines_cached=s.get("lines_cached", 0),
            seconds=round(time.monotonic() - t0, 2),
            video=str(p.resolve(p.outputs.video)) if p.outputs and until == "assemble" else "",
            duration=p.outputs.duration if p.outputs else 0.0, characters=len(p.characters),
            notes=list(self.notes), edits_replayed=replayed[0], edits_dropped=replayed[1],
            llm=llm_report(p))

    def estimate(self) -> Estimate:
        """What making this project will cost."""
        return estimate(self.project, self.workers)

    # -- editing ------------------------------------------------------------------------------
    def edit(self, name: str, target: str, **values: Any) -> Any:
        """Make one edit (see :mod:`manju.doc.ops`), record it for undo and save."""
        from manju.doc import ops

        op = ops.edit(self.project, name, target, **values)
        self.save()
        return op

    def apply(self, op: Any) -> Any:
        """Apply an operation given as JSON or a parsed operation; record it and save."""
        from manju.doc import ops

        if isinstance(op, dict):
            op = ops.rebuild(self.project, ops.parse(op))
        ops.record(self.project, op)
        self.save()
        return op

    def undo(self) -> Any:
        """Undo the last edit and save."""
        from manju.doc import ops

        op = ops.undo(self.project)
        self.save()
        return op

    def redo(self) -> Any:
        """Redo the last undone edit and save."""
        from manju.doc import ops

        op = ops.redo(self.project)
        self.save()
        return op

    def save(self) -> Path:
        """Write project.json (atomically, keeping the previous version as .bak)."""
        return io.save(self.project, self.out_dir / "project.json")

    def cast_voices(self, samples: str | Path | None = None,
                    text: str | None = None) -> list[dict[str, Any]]:
        """The narrator's and each character's voice (rows for listing); with ``samples``, a WAV
        per voice in that folder, spoken by this project's speech backend: ``text``, else the
        character's first line (the narrator's first narration)."""
        from manju.stages.voice import voice_rows

        if "cast" not in self.project.stages_done:
            raise InputError("the project has no cast yet: run `manju make` or `manju adapt` first")
        return voice_rows(self.project, self.backend("tts"), samples, text)

    def clone_voice(self, target: str, clip: str | Path) -> Any:
        """Give character ``target`` a voice cloned from the recording ``clip`` by this
        project's speech backend: cloned once (through the job ledger), kept in the
        character's ``Voice`` and undone like any edit. The ``set_voice`` operation."""
        from manju.jobs.voice_clone import set_cloned_voice

        return set_cloned_voice(self, target, clip)[0]

    @property
    def is_series(self) -> bool:
        """Whether the story has :data:`SERIES_MIN_CHAPTERS` or more chapters (made as a series
        of episodes, one folder each)."""
        return len(self.project.source.chapters) >= SERIES_MIN_CHAPTERS

    @property
    def rendered(self) -> bool:
        """Whether the project has been rendered before (edits then re-render)."""
        return "render" in self.project.stages_done


def remove_temporaries(out: Path) -> None:
    """Delete the half-written files a killed run left (we hold the folder's lock, so no live
    writer owns them). Every writer names its temporaries ``.NAME.XXXX.tmp[.ext]``."""
    from manju.cache import Cache

    for p in [*out.glob(".*.tmp*"), *Cache(out / ".cache").stale_temporaries()]:
        if p.is_file():
            p.unlink(missing_ok=True)


def reachable_cache_files(project: Project) -> set[Path]:
    """The cache files the project document refers to (everything else may be pruned)."""
    paths = [ln.audio.path for ln in project.lines() if ln.audio]
    paths += [sh.segment.path for sh in project.shots() if sh.segment]
    if project.outputs:
        paths += list(project.outputs.music)
        paths += [project.outputs.soundtrack] if project.outputs.soundtrack else []
    return {project.resolve(p).resolve() for p in paths}
