"""``manju export DIR --to jianying|otio|vtt|ass|media|all [--out PATH]``: hand the rendered
cut to an editor (see :mod:`manju.export.handoff` for what goes where)."""

from __future__ import annotations

import argparse

TARGETS = ("jianying", "otio", "vtt", "ass", "media", "all")


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Register the ``export`` subcommand on the main parser."""
    ex = sub.add_parser(
        "export", help="hand the cut to an editor: a Jianying/CapCut draft, OpenTimelineIO, "
                       "WebVTT/ASS subtitles, per-shot media")
    ex.add_argument("dir", help="a manju make output directory")
    ex.add_argument("--to", choices=TARGETS, default="all",
                    help="jianying (剪映/CapCut draft folder), otio (Resolve, Premiere, "
                         "Final Cut), vtt, ass, media (shot clips, stills, voice lines, music), "
                         "or all (default)")
    ex.add_argument("--out", "-o", default=None,
                    help="where to write: a file for vtt, ass and otio, a folder otherwise "
                         "(default: DIR/subtitles.vtt|ass, DIR/export/...)")
    ex.add_argument("--name", default="",
                    help="name of the draft and timeline (default: the title)")
    ex.add_argument("--portable", action="store_true",
                    help="Jianying draft with paths relative to the draft folder, to copy it "
                         "to another machine's drafts folder")
    ex.add_argument("--quiet", "-q", action="store_true", help="print nothing")
    ex.set_defaults(handler=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    """``manju export``: open the project (locked), write the export, name what was written."""
    from pathlib import Path

    from manju.errors import ProjectError
    from manju.export.handoff import handoff
    from manju.session import Session

    doc = Path(args.dir) / "project.json"
    if not doc.is_file():  # said before the session would create the folder
        raise ProjectError(f"no project at {doc} (make one with manju make)")
    with Session.open(args.dir) as session:
        written = handoff(session.project, session.context(), args.to,
                          Path(args.out) if args.out else None, name=args.name,
                          portable=args.portable)
        project = session.project
    if not args.quiet:
        shots, lines = len(project.shots()), len(project.lines())
        what = {"draft": f"Jianying/CapCut draft: {shots} clips, subtitles, voices and music",
                "otio": f"OpenTimelineIO timeline: {shots} clips",
                "media": f"{shots} shot clips and stills, {lines} voice lines, music",
                "srt": "SubRip subtitles", "vtt": "WebVTT subtitles", "ass": "ASS subtitles"}
        for kind, path in written.items():
            print(f"wrote {path} ({what[kind]})")
    return 0
