"""The ``manju`` command line: a thin shell over the pipeline (imports stay lazy so --help is fast)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ASPECTS = {"9:16": (1080, 1920), "16:9": (1920, 1080), "1:1": (1080, 1080)}


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line on stderr."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"manju: error: {message} (see manju --help)\n")
        raise SystemExit(2)


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1080x1920, not {text!r}") from None
    if not (64 <= w <= 4096 and 64 <= h <= 4096):
        raise argparse.ArgumentTypeError("width and height must be between 64 and 4096")
    return w - w % 2, h - h % 2


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for docs and tests)."""
    from manju import __version__

    p = _Parser(prog="manju", description="Turn a story into a motion comic (漫剧), offline.")
    p.add_argument("--version", action="version", version=f"manju {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    mk = sub.add_parser("make", help="story file -> video.mp4, subtitles, script, storyboard, cast, webtoon")
    mk.add_argument("story", nargs="?", help="a .txt or .md story (UTF-8, GBK/GB18030 or Big5); "
                                             "or give --idea instead")
    mk.add_argument("--out", "-o", default="out", help="output directory (default: out)")
    mk.add_argument("--size", type=_size, help="frame size WxH (default 1080x1920)")
    mk.add_argument("--aspect", choices=sorted(ASPECTS), help="9:16 (default), 16:9 or 1:1")
    mk.add_argument("--fps", type=int, default=30, help="frames per second (default 30)")
    mk.add_argument("--title", default="", help="title for the script and sheets")
    mk.add_argument("--style", default="flat", choices=["flat", "ink", "pastel", "noir"],
                    help="look of the drawing: flat colour (default), ink (manga screentones), pastel, noir")
    mk.add_argument("--no-music", action="store_true", help="no background music")
    mk.add_argument("--no-sfx", action="store_true", help="no sound effects or weather ambience")
    mk.add_argument("--tts", default=None,
                    help="speech backend (default: $MANJU_TTS or espeak; openai = any "
                         "OpenAI-compatible speech API, see docs/llm.md)")
    mk.add_argument("--workers", type=int, default=0, help="render processes (default: CPU count)")
    mk.add_argument("--quiet", "-q", action="store_true", help="no progress output")
    from manju.cli.llm import add_idea_options, add_llm_option

    add_idea_options(mk)
    add_llm_option(mk)

    ad = sub.add_parser("adapt", help="story file -> script.fountain + project.json (seconds)")
    ad.add_argument("story")
    ad.add_argument("--out", "-o", default="out")
    ad.add_argument("--title", default="")
    add_llm_option(ad)

    from manju.cli.edit import add_parsers

    add_parsers(sub)

    ev = sub.add_parser("eval", help="evaluate the screenwriter on a benchmark corpus")
    ev.add_argument("corpus", choices=["pdnc", "zh"])
    ev.add_argument("rest", nargs=argparse.REMAINDER, help="options for the evaluation (--json, --root, --novel)")

    ck = sub.add_parser("check", help="do the characters look the same in every shot of DIR/video.mp4?")
    ck.add_argument("dir", help="a manju make output directory")
    ck.add_argument("--json", action="store_true", help="print one JSON object")
    ck.add_argument("--threshold", type=float, default=0.9, help="minimum similarity to pass (default 0.9)")
    return p


def _settings(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from manju.doc.model import RenderSettings

    w, h = ASPECTS["9:16"]
    if args.aspect:
        w, h = ASPECTS[args.aspect]
    if args.size:
        w, h = args.size
    if not 1 <= args.fps <= 120:
        raise SystemExit(_fail("--fps must be between 1 and 120"))
    return RenderSettings(width=w, height=h, fps=args.fps, music=not args.no_music, sfx=not args.no_sfx,
                          style=args.style)


def _fail(msg: str, code: int = 2) -> int:
    sys.stderr.write(f"manju: error: {msg}\n")
    return code


def _open_project(story: str, out: Path, settings, title: str):  # type: ignore[no-untyped-def]
    """Resume the project in ``out`` when it was made from the same story, else start anew."""
    from manju.doc import io
    from manju.errors import ProjectError
    from manju.pipeline import new_project

    fresh = new_project(story, settings, title)
    existing = out / "project.json"
    if existing.exists():
        try:
            old = io.load(existing)
        except ProjectError:
            old = None  # a broken project file is replaced; the cache still saves the work
        if old is not None and old.source.sha256 == fresh.source.sha256:
            old.settings = settings
            if title:
                old.title = title
            return old
    return fresh


def cmd_make(args: argparse.Namespace) -> int:
    """``manju make``."""
    from manju.pipeline import export_sheets, run
    from manju.stages.context import Context

    out = Path(args.out)
    settings = _settings(args)
    t0 = time.monotonic()
    workers = args.workers or min(4, os.cpu_count() or 1)
    ctx = Context.for_output(out, progress=not args.quiet, workers=workers)
    from manju.cli.llm import load_llm, resolve_story

    llm = load_llm(args, out)
    if llm is not None:
        ctx.backends["llm"] = llm  # the pipeline's adapt stage uses it
    tts = args.tts or os.environ.get("MANJU_TTS", "espeak")
    if tts != "espeak":
        from manju.backends.registry import load

        ctx.backends["tts"] = load("tts", tts)
    project = _open_project(resolve_story(args, out, llm), out, settings, args.title)
    project = run(project, ctx)
    export_sheets(project, ctx)
    from manju.doc import io

    io.save(project, out / "project.json")
    dur = project.metadata.get("outputs", {}).get("duration", 0)
    if not args.quiet:
        print(f"wrote {out / 'video.mp4'} ({dur:.1f} s of video, {len(project.shots())} shots, "
              f"{len(project.characters)} characters) in {time.monotonic() - t0:.1f} s")
    return 0


def cmd_adapt(args: argparse.Namespace) -> int:
    """``manju adapt``."""
    from manju.cli.llm import adapt_project, load_llm
    from manju.doc import io
    from manju.export.fountain import to_fountain
    from manju.pipeline import new_project
    from manju.stages.cast import cast

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    project = cast(adapt_project(new_project(args.story, title=args.title), load_llm(args, out)))
    project.stages_done = ["adapt", "cast"]
    io.save(project, out / "project.json")
    (out / "script.fountain").write_text(to_fountain(project), encoding="utf-8")
    n = len(project.lines())
    print(f"wrote {out / 'script.fountain'} ({len(project.scenes())} scenes, {n} lines, "
          f"{len(project.characters)} characters)")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    """``manju eval pdnc``."""
    if args.corpus == "zh":
        from manju.eval.zh import run_cli as run_zh

        return run_zh(list(args.rest))
    from manju.eval.pdnc import run_cli

    return run_cli(list(args.rest))


def cmd_check(args: argparse.Namespace) -> int:
    """``manju check DIR [--json]``."""
    from manju.check import run_cli

    return run_cli(args.dir, as_json=args.json, threshold=args.threshold)


def main(argv: list[str] | None = None) -> int:
    """Entry point: returns the exit status; user errors are one line on stderr."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 0
    from manju.errors import ManjuError

    try:
        from manju.cli import edit

        commands = {"make": cmd_make, "adapt": cmd_adapt, "eval": cmd_eval, "cast": edit.cmd_cast,
                    "shot": edit.cmd_shot, "undo": edit.cmd_undo_redo, "redo": edit.cmd_undo_redo,
                    "check": cmd_check}
        return commands[args.command](args)
    except ManjuError as e:
        return _fail(str(e), e.exit_code)
    except KeyboardInterrupt:
        return _fail("interrupted; run the same command again to resume", 130)
    except OSError as e:
        return _fail(f"{e.strerror or e}: {e.filename}" if e.filename else str(e), 1)


if __name__ == "__main__":
    raise SystemExit(main())
