"""Hand-off to editors: one call that writes a Jianying/CapCut draft, an OpenTimelineIO
timeline, WebVTT/ASS subtitles or the per-shot media of a rendered project, or all of them.

Where things go when no path is given (``DIR`` is the project folder, ``NAME`` the title
made safe for a file name):

========= ==========================================================================
``vtt``   ``DIR/subtitles.vtt``
``ass``   ``DIR/subtitles.ass``
``media`` ``DIR/export/media/``
``otio``  ``DIR/export/NAME.otio``, media in ``DIR/export/media/``
``jianying`` ``DIR/export/jianying/NAME/`` (a draft folder, its media inside it)
``all``   all of the above under ``DIR/export/`` (subtitles as ``subtitles.srt|vtt|ass``)
========= ==========================================================================
"""

from __future__ import annotations

import re
from pathlib import Path

from manju.cache import write_atomic
from manju.doc.model import Project
from manju.errors import InputError, StageError
from manju.stages.context import Context

TARGETS = ("jianying", "otio", "vtt", "ass", "media", "all")


def safe_name(title: str) -> str:
    """``title`` as a folder or file name on any system (CJK kept)."""
    name = re.sub(r'[\x00-\x1f<>:"/\\|?*]+', "_", title).strip(" ._")
    return name[:80] or "manju"


def write_subtitles(project: Project, folder: Path, kinds: tuple[str, ...] = ("vtt", "ass"),
                    paths: dict[str, Path] | None = None) -> dict[str, Path]:
    """Write ``subtitles.<kind>`` for each kind (``srt``, ``vtt``, ``ass``) into ``folder``, or
    to the path ``paths`` gives for a kind; all from the same cues."""
    from manju.export.srt import to_srt
    from manju.export.subtitles import to_ass, to_vtt
    from manju.export.timeline import timeline

    tl = timeline(project)
    writers = {"srt": to_srt, "vtt": to_vtt, "ass": to_ass}
    out = {}
    for kind in kinds:
        path = (paths or {}).get(kind) or Path(folder) / f"subtitles.{kind}"
        path.parent.mkdir(parents=True, exist_ok=True)
        # ASS readers expect a byte order mark on UTF-8 files; the others must not have one.
        bom = "\ufeff" if kind == "ass" else ""
        out[kind] = write_atomic(path, (bom + writers[kind](project, tl)).encode("utf-8"))
    return out


def _check_rendered(project: Project) -> None:
    if project.outputs is None or not project.outputs.video or not project.shots():
        raise StageError("the project has not been rendered yet (run manju make first)")
    if any(sh.segment is None for sh in project.shots()):
        raise StageError("some shots have not been rendered since the last edit (run manju make)")


def handoff(project: Project, ctx: Context, to: str, out: Path | None = None, *,
            name: str = "", portable: bool = False) -> dict[str, Path]:
    """Write the export ``to`` (one of :data:`TARGETS`) of the rendered ``project`` (placed in
    its folder) and return what was written by kind (``draft``, ``otio``, ``media``,
    ``vtt``, ``ass``, ``srt``). ``out`` overrides the default place (see the module's
    description): a file for ``vtt``, ``ass`` and ``otio``, a folder for the others."""
    from manju.export.jianying import export_jianying
    from manju.export.media import export_media
    from manju.export.otio import write_otio

    if to not in TARGETS:
        raise InputError(f"cannot export to {to!r} (choose one of {', '.join(TARGETS)})")
    if project.root is None:
        raise InputError("the project has no folder")
    root = project.root
    given, name = name, safe_name(name or project.title)
    if to in ("vtt", "ass"):
        if not project.shots():
            raise StageError("the project has no shots yet (run manju make first)")
        return write_subtitles(project, root, (to,), {to: Path(out)} if out else None)
    _check_rendered(project)
    written: dict[str, Path] = {}
    if to == "media":
        written["media"] = export_media(project, Path(out or root / "export" / "media"), ctx).folder
    elif to == "jianying":
        folder = Path(out) if out else root / "export" / "jianying" / name
        # The app lists a draft by its folder's name unless the draft names itself otherwise.
        written["draft"] = export_jianying(project, folder, ctx, name=given, portable=portable)
    elif to == "otio":
        path = Path(out) if out else root / "export" / f"{name}.otio"
        if path.suffix != ".otio":
            path = path / f"{name}.otio"
        path.parent.mkdir(parents=True, exist_ok=True)
        media = export_media(project, path.parent / "media", ctx)
        written["media"] = media.folder
        written["otio"] = write_otio(project, media, path)
    else:
        base = Path(out or root / "export")
        media = export_media(project, base / "media", ctx)
        written["media"] = media.folder
        written["otio"] = write_otio(project, media, base / f"{name}.otio")
        written["draft"] = export_jianying(project, base / "jianying" / name, ctx, name=name,
                                           media=media, portable=portable)
        written.update(write_subtitles(project, base, ("srt", "vtt", "ass")))
    return written
