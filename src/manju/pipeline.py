"""The pipeline: run stages in order over one project document, saving after each so a crash
resumes where it stopped (finished units are cached by content hash).

Each stage declares what it reads and writes; it is given its own copy of the document and
returns the new one. With ``ctx.check_contracts`` the pipeline diffs the two and refuses a
stage that wrote anything it did not declare.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from manju.doc import io
from manju.doc.model import Project, RenderSettings
from manju.errors import StageError
from manju.stages.context import Context


@dataclass(frozen=True)
class Stage:
    """A named stage with its declared contract."""

    name: str
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    run: Callable[[Project, Context], Project]
    #: when given, the stage runs (and is recorded as done) only where this says so
    when: Callable[[Context], bool] | None = None


def stages() -> list[Stage]:
    """The stages in order."""
    from manju.stages import adapt, assemble, board, cast, panel, plate, refsheet, render, voice

    return [
        Stage("adapt", adapt.READS, adapt.WRITES, _adapt),
        Stage("cast", cast.READS, cast.WRITES, _cast),
        Stage("refs", refsheet.READS, refsheet.WRITES, refsheet.make_all, refsheet.wanted),
        Stage("voice", voice.READS, voice.WRITES, voice.voice),
        Stage("board", board.READS, board.WRITES, lambda p, c: board.board(p)),
        Stage("plate", plate.READS, plate.WRITES, plate.plates, plate.wanted),
        Stage("panel", panel.READS, panel.WRITES, panel.panels, panel.wanted),
        Stage("render", render.READS, render.WRITES, render.render),
        Stage("assemble", assemble.READS, assemble.WRITES, assemble.assemble),
    ]


def _cast(project: Project, ctx: Context) -> Project:
    """The cast stage, casting voices from the palette of the speech backend in use (a
    backend that declares ``casting = "kokoro"`` gets Kokoro voices, any other espeak's)."""
    from manju.stages import cast

    engine = getattr(ctx.backends.get("tts"), "casting", "espeak")
    return cast.cast(project, engine=engine if engine in ("espeak", "kokoro") else "espeak")


def _adapt(project: Project, ctx: Context) -> Project:
    """The adapt stage: the language-model adapter when ``ctx.backends["llm"]`` is set, else the
    offline screenwriter; in the ``review`` mode (the ``llm`` choice's ``metadata["mode"]``) the
    offline screenwriter, then the model checks only the unsure speakers."""
    from manju.stages.adapt import adapt

    llm = ctx.backends.get("llm")
    choice = project.backends.get("llm")
    if llm is not None and choice is not None and choice.metadata.get("mode") == "review":
        from manju.stages.llm_review import review_with_llm

        return review_with_llm(adapt(project, progress=ctx.progress), llm)
    if llm is not None:
        from manju.stages.llm_adapt import adapt_with_llm

        return adapt_with_llm(project, llm)
    return adapt(project, progress=ctx.progress)


STAGE_NAMES = ("adapt", "cast", "refs", "voice", "board", "plate", "panel", "render", "assemble")


def new_project(story: str | Path, settings: RenderSettings | None = None, title: str = "") -> Project:
    """Ingest a story file into a fresh project."""
    from manju.stages.ingest import ingest

    src = ingest(story)
    proj = Project(source=src, lang=src.lang, settings=settings or RenderSettings())
    if title:
        proj.title = title
    return proj


# -- contracts ----------------------------------------------------------------------------------

def changed_paths(a: Any, b: Any, path: str = "") -> Iterator[str]:
    """Paths where two JSON values differ, list indices written as ``[]``."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            sub = f"{path}.{k}" if path else str(k)
            if k not in a or k not in b:
                yield sub
            else:
                yield from changed_paths(a[k], b[k], sub)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for x, y in zip(a, b, strict=True):
            yield from changed_paths(x, y, f"{path}[]")
    elif a != b:
        yield path


def _declared(path: str, writes: tuple[str, ...]) -> bool:
    return any(path == w or path.startswith(w + ".") or path.startswith(w + "[]") for w in writes)


def check_contract(stage: Stage, before: Project, after: Project) -> None:
    """Raise StageError when ``stage`` changed a part of the document it does not declare."""
    a = before.model_dump(mode="json", by_alias=True)
    b = after.model_dump(mode="json", by_alias=True)
    undeclared = sorted({p for p in changed_paths(a, b) if not _declared(p, stage.writes)})
    if undeclared:
        raise StageError(f"stage {stage.name} wrote {', '.join(undeclared[:5])}, which it does not "
                         f"declare ({', '.join(stage.writes)})")


def run(project: Project, ctx: Context, until: str = "assemble", save: bool = True,
        on_stage: Callable[[str, Project], Project] | None = None) -> Project:
    """Run the stages up to and including ``until``; saves project.json after each.

    ``on_stage(name, project)`` runs after each stage and may return an amended project (the
    session uses it to re-apply edits after adaptation)."""
    if until not in STAGE_NAMES:
        raise StageError(f"no stage {until!r} (stages: {', '.join(STAGE_NAMES)})")
    try:
        return _run(project, ctx, until, save, on_stage)
    finally:
        for job in ctx.background.values():
            job.cancel()  # left over only when a stage failed before picking it up
        ctx.background.clear()


def _run(project: Project, ctx: Context, until: str, save: bool,
         on_stage: Callable[[str, Project], Project] | None) -> Project:
    for stage in stages():
        # The screenplay is adapted once: re-running it would discard the user's edits to it.
        if stage.name == "adapt" and "adapt" in project.stages_done and project.episodes:
            if stage.name == until:
                break
            continue
        if stage.when is not None and not stage.when(ctx):
            if stage.name == until:
                break
            continue
        if stage.name == "render" and until == "assemble":
            _begin_soundtrack(project, ctx)
        before = project
        project = stage.run(project.model_copy(deep=True), ctx)
        if ctx.check_contracts:
            check_contract(stage, before, project)
        if on_stage is not None:
            project = on_stage(stage.name, project)
        if stage.name not in project.stages_done:
            project.stages_done = [*project.stages_done, stage.name]
        if save:
            io.save(project, ctx.out_dir / "project.json")
        if stage.name == until:
            break
    return project


def _begin_soundtrack(project: Project, ctx: Context) -> None:
    """Make the soundtrack beside the render. When an edit redraws a shot or two (drawn in
    this process), it is mixed in a forked process on the free core. When a local pool
    renders many shots, this process's main thread only waits on the pool: a thread mixes
    the soundtrack, begun with the first finished shot (a pool of processes is forked by
    then), and another draws the sheets' pictures into the cache once the pool has finished (see
    :func:`manju.background.start_beside`), beside the rest of the mix. The mix's memory adds
    to the workers' (about 70 MB; about 100 MB more while it composes a scene's music loop
    that is not cached yet); the drawing's (about 150 MB) waits for the workers to exit. The
    mix, which used to follow the render on one core, overlaps it."""
    from manju.background import Beside, can_fork
    from manju.stages import render, soundtrack

    executor = ctx.executor
    local = executor is None or getattr(executor, "name", "local") == "local"
    if local and render.pending_shots(project, ctx) >= max(2, ctx.workers):
        if ctx.workers < 2 or not can_fork():
            return  # rendered in order in this process, or background work is off
        own = project.model_copy(deep=True)

        def pictures() -> None:
            _draw_sheet_pictures(own)

        pending = soundtrack.beside(own, ctx)
        if pending is not None:
            ctx.background["soundtrack"] = pending
        ctx.background["sheets"] = Beside(pictures, late=True)
        return
    pending = soundtrack.start(project, ctx)
    if pending is not None:
        ctx.background["soundtrack"] = pending


def _draw_sheet_pictures(project: Project) -> None:
    """The shot pictures the sheets show, drawn into the project's cache; any failure is left
    for :func:`export_sheets` to meet again (and report) when it draws them in order."""
    import contextlib

    from manju.export.pages import draw_panels
    from manju.export.sheets import draw_pictures

    with contextlib.suppress(Exception):
        draw_pictures(project)
        draw_panels(project)


def export_sheets(project: Project, ctx: Context) -> list[Path]:
    """Write script.fountain, storyboard.png, cast.png, the webtoon and the comic pages
    (comic.pdf, comic.cbz) into the output dir."""
    from manju.cache import write_atomic
    from manju.export.fountain import to_fountain
    from manju.export.pages import comic_pages
    from manju.export.sheets import cast_sheet, storyboard, webtoon

    beside = ctx.background.pop("sheets", None)
    if beside is not None:
        beside.wait()  # the pictures drawn beside the render: read back from the cache below
    out = ctx.out_dir
    paths = [write_atomic(out / "script.fountain", to_fountain(project).encode("utf-8"))]
    if project.shots():
        ctx.progress.start("sheets", 4)
        paths.append(storyboard(project, out / "storyboard.png"))
        ctx.progress.advance()
        paths.append(cast_sheet(project, out / "cast.png"))
        ctx.progress.advance()
        paths += webtoon(project, out)
        ctx.progress.advance()
        paths += comic_pages(project, out).values()
        ctx.progress.finish()
    return paths
