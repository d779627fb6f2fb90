"""Edit commands: ``manju cast``, ``manju voices``, ``manju shot``, ``manju undo``, ``manju redo``.

Each loads DIR/project.json, makes one operation (recorded for undo), saves, and re-renders
what the edit touched (everything else comes from the cache) unless ``--no-render``.
"""

from __future__ import annotations

import argparse

LOOK_FLAGS = ("skin", "hair_color", "hair_style", "eye_color", "outfit", "outfit_color",
              "accent_color", "accessory")


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Register the edit subcommands on the main parser."""
    cs = sub.add_parser("cast", help="change a character's design or voice: cast DIR set NAME "
                                     "--ref img.png | --voice af_bella | --voice-ref clip.wav")
    cs.add_argument("dir")
    cs.add_argument("action", choices=["set"])
    cs.add_argument("name", help="character name, alias or id")
    cs.add_argument("--ref", help="a picture to take the hair, skin and outfit colours from")
    for flag in LOOK_FLAGS:
        cs.add_argument(f"--{flag.replace('_', '-')}", dest=flag)
    cs.add_argument("--voice", help="a neural voice (af_bella), a blend (af_bella:0.7,bf_emma:0.3) "
                                    "or an espeak voice (en-us+f3); `manju voices` lists them")
    cs.add_argument("--pitch", type=int, help="0-99 (50: the voice's own)")
    cs.add_argument("--speed", type=int, help="words a minute, 80-450 (165: the voice's own)")
    cs.add_argument("--voice-ref", metavar="CLIP", help="a recording of the voice (wav, mp3 or "
                                                        "m4a) to clone with the project's speech "
                                                        "backend (tts.minimax); paid once")

    vs = sub.add_parser("voices", help="list the voices, or a project's cast with --samples to "
                                       "hear each one: voices [DIR] [--samples OUT]")
    vs.add_argument("dir", nargs="?", help="a project folder: list its cast's voices")
    vs.add_argument("--lang", choices=["en", "zh"], help="only this language's voices")
    vs.add_argument("--samples", metavar="OUT", help="write one WAV per voice into OUT")
    vs.add_argument("--text", help="what the samples say (default: each character's first line)")
    vs.add_argument("--json", action="store_true")
    vs.add_argument("--quiet", "-q", action="store_true")
    vs.set_defaults(handler=cmd_voices)
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
    """``manju cast DIR set NAME [--ref IMG] [--hair-color ...] [--voice V] [--voice-ref CLIP]``."""
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
    voice = _voice_values(args)
    if not values and not voice and not args.voice_ref:
        raise InputError("nothing to set: give --ref IMAGE, a field such as --hair-color '#aa2222', "
                         "--voice NAME or --voice-ref CLIP")
    with _session(args) as session:
        done = []
        if values:
            done.append(ops.describe(session.edit("set_look", args.name, **values)))
        if voice:
            done.append(ops.describe(session.edit("set_voice", args.name, **voice)))
        if args.voice_ref:
            done.append(ops.describe(session.clone_voice(args.name, args.voice_ref)))
        return _finish(session, args, "\n".join(done))


def _voice_values(args: argparse.Namespace) -> dict[str, object]:
    """The voice fields ``cast set`` was given, checked (the engine follows the voice named)."""
    from manju.audio.kokoro_voices import VOICES, is_kokoro_voice, parse_blend
    from manju.errors import InputError

    out: dict[str, object] = {}
    if args.voice:
        name = args.voice.strip()
        if is_kokoro_voice(name) or ":" in name or "," in name:
            try:
                blend = parse_blend(name)
            except ValueError as e:
                raise InputError(f"--voice {name!r}: {e}; `manju voices` lists the voices") from None
            unknown = [n for n, _ in blend if n not in VOICES]
            if unknown:
                raise InputError(f"no voice named {', '.join(unknown)}; `manju voices` lists them")
            out.update(engine="kokoro", voice=name)
        elif name.replace("+", "").replace("-", "").isalnum():
            out.update(engine="espeak", voice=name)
        else:
            raise InputError(f"--voice {name!r} is not a voice; `manju voices` lists them")
        if "lang" not in out and name.startswith(("z", "cmn")):
            out["lang"] = "zh"
    if args.pitch is not None:
        out["pitch"] = args.pitch
    if args.speed is not None:
        out["speed"] = args.speed
    return out


def cmd_voices(args: argparse.Namespace) -> int:
    """``manju voices [DIR] [--lang L] [--samples OUT] [--text T] [--json]``."""
    import json

    from manju.audio.catalogue import catalogue

    if not args.dir:
        rows = catalogue(args.lang)
        if args.samples:
            from manju.audio.catalogue import catalogue_samples

            rows = catalogue_samples(rows, args.samples, text=args.text)
        if args.json:
            print(json.dumps(rows, ensure_ascii=False, indent=1))
        else:
            for r in rows:
                extra = f"  -> {r['sample']}" if r.get("sample") else ""
                print(f"{r['voice']:<12} {r['lang']}  {r['gender']:<6} {r['note']}{extra}")
        return 0
    with _session(args) as session:
        rows = session.cast_voices(samples=args.samples, text=args.text)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        for r in rows:
            extra = f"  -> {r['sample']}" if r.get("sample") else ""
            voice = f"cloned {r['clone']}" if r.get("clone") else r["voice"]
            print(f"{r['name']:<16} {voice:<28} pitch {r['pitch']:<3} speed {r['speed']:<4}"
                  f"{r['backend']}{extra}")
    return 0


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
