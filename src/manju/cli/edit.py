"""Edit commands: ``manju cast``, ``manju shot``, ``manju undo``, ``manju redo``.

Each loads DIR/project.json, makes one operation (recorded for undo), saves, and re-renders
what the edit touched (everything else comes from the cache) unless ``--no-render``.
"""

from __future__ import annotations

import argparse

LOOK_FLAGS = ("skin", "hair_color", "hair_style", "eye_color", "outfit", "outfit_color",
              "accent_color", "accessory")


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Register the edit subcommands on the main parser."""
    cs = sub.add_parser("cast", help="change a character's design: cast DIR set NAME --ref img.png")
    cs.add_argument("dir")
    cs.add_argument("action", choices=["set"])
    cs.add_argument("name", help="character name, alias or id")
    cs.add_argument("--ref", help="a picture to take the hair, skin and outfit colours from")
    for flag in LOOK_FLAGS:
        cs.add_argument(f"--{flag.replace('_', '-')}", dest=flag)
    cs.add_argument("--no-render", action="store_true")
    cs.add_argument("--quiet", "-q", action="store_true")

    sh = sub.add_parser("shot", help="change a shot: shot DIR SHOT_ID --framing close_up")
    sh.add_argument("dir")
    sh.add_argument("shot", help="a shot id or number (both are on storyboard.png)")
    sh.add_argument("--framing", choices=["wide", "medium", "two_shot", "close_up", "reaction",
                                          "over_shoulder"])
    sh.add_argument("--no-render", action="store_true")
    sh.add_argument("--quiet", "-q", action="store_true")

    for name in ("undo", "redo"):
        p = sub.add_parser(name, help=f"{name} the last edit in DIR")
        p.add_argument("dir")
        p.add_argument("--no-render", action="store_true")
        p.add_argument("--quiet", "-q", action="store_true")


def _session(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from manju.cli.progress import TerminalProgress
    from manju.session import Session

    return Session.open(args.dir, listener=TerminalProgress(quiet=args.quiet))


def _finish(session, args: argparse.Namespace, message: str) -> int:  # type: ignore[no-untyped-def]
    """Print what was done and re-render what it touched (everything else is cached)."""
    print(message)
    if not args.no_render and session.rendered:
        report = session.make()
        if not args.quiet:
            print(f"rendered {report.shots_rendered} of {report.shots_total} shots, voiced "
                  f"{report.lines_voiced} of {report.lines_total} lines; wrote {report.video}")
    return 0


def cmd_cast(args: argparse.Namespace) -> int:
    """``manju cast DIR set NAME [--ref IMG] [--hair-color ...]``."""
    from manju.doc import ops
    from manju.errors import InputError
    from manju.render.palette import colours_from_image

    values: dict[str, str] = {}
    if args.ref:
        found = colours_from_image(args.ref)
        for key, field in (("skin", "skin"), ("hair", "hair_color"), ("outfit", "outfit_color")):
            if key in found:
                values[field] = found[key]
    for flag in LOOK_FLAGS:
        if getattr(args, flag):
            values[flag] = getattr(args, flag)
    if not values:
        raise InputError("nothing to set: give --ref IMAGE or a field such as --hair-color '#aa2222'")
    with _session(args) as session:
        op = session.edit("set_look", args.name, **values)
        return _finish(session, args, ops.describe(op))


def cmd_shot(args: argparse.Namespace) -> int:
    """``manju shot DIR SHOT --framing F`` (SHOT is an id or a number from storyboard.png)."""
    from manju.doc import ops
    from manju.errors import InputError

    if not args.framing:
        raise InputError("nothing to change: give --framing")
    with _session(args) as session:
        op = session.edit("set_shot", args.shot, framing=args.framing)
        return _finish(session, args, ops.describe(op))


def cmd_undo_redo(args: argparse.Namespace) -> int:
    """``manju undo DIR`` / ``manju redo DIR``."""
    from manju.doc import ops

    with _session(args) as session:
        op = session.undo() if args.command == "undo" else session.redo()
        return _finish(session, args, f"{args.command}: {ops.describe(op)}")
