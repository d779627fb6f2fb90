"""The pipeline: run stages in order over one project document, saving after each so a crash
resumes where it stopped (finished units are cached by content hash)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from manju.doc import io
from manju.doc.model import Project, RenderSettings
from manju.stages.context import Context


@dataclass(frozen=True)
class Stage:
    """A named stage with its declared contract."""

    name: str
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    run: Callable[[Project, Context], Project]


def _stages() -> list[Stage]:
    from manju.stages import adapt, assemble, board, cast, render, voice

    return [
        Stage("adapt", adapt.READS, adapt.WRITES, _adapt),
        Stage("cast", cast.READS, cast.WRITES, lambda p, c: cast.cast(p)),
        Stage("voice", voice.READS, voice.WRITES, voice.voice),
        Stage("board", board.READS, board.WRITES, lambda p, c: board.board(p)),
        Stage("render", render.READS, render.WRITES, render.render),
        Stage("assemble", assemble.READS, assemble.WRITES, assemble.assemble),
    ]


def _adapt(project: Project, ctx: Context) -> Project:
    """The adapt stage: the language-model adapter when ``ctx.backends["llm"]`` is set, else the
    offline screenwriter."""
    llm = ctx.backends.get("llm")
    if llm is not None:
        from manju.stages.llm_adapt import adapt_with_llm

        return adapt_with_llm(project, llm)
    from manju.stages.adapt import adapt

    return adapt(project)


STAGE_NAMES = ("adapt", "cast", "voice", "board", "render", "assemble")


def new_project(story: str | Path, settings: RenderSettings | None = None, title: str = "") -> Project:
    """Ingest a story file into a fresh project."""
    from manju.stages.ingest import ingest

    src = ingest(story)
    proj = Project(source=src, lang=src.lang, settings=settings or RenderSettings())
    if title:
        proj.title = title
    return proj


def run(project: Project, ctx: Context, until: str = "assemble", save: bool = True) -> Project:
    """Run the stages up to and including ``until``; saves project.json after each."""
    for stage in _stages():
        # The screenplay is adapted once: re-running it would discard the user's edits to it.
        if stage.name == "adapt" and "adapt" in project.stages_done and project.episodes:
            continue
        project = stage.run(project, ctx)
        if stage.name not in project.stages_done:
            project.stages_done = [*project.stages_done, stage.name]
        if save:
            io.save(project, ctx.out_dir / "project.json")
        if stage.name == until:
            break
    return project


def export_sheets(project: Project, ctx: Context) -> list[Path]:
    """Write script.fountain, storyboard.png, cast.png, the webtoon and the comic pages
    (comic.pdf, comic.cbz) into the output dir."""
    from manju.export.fountain import to_fountain
    from manju.export.pages import comic_pages
    from manju.export.sheets import cast_sheet, storyboard, webtoon

    out = ctx.out_dir
    paths = [out / "script.fountain"]
    paths[0].write_text(to_fountain(project), encoding="utf-8")
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
