"""The ``manju`` command line: a thin shell over :class:`manju.session.Session` (imports stay lazy so --help is fast)."""

from __future__ import annotations

import argparse
import sys
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
    mk.add_argument("--fps", type=int, default=None, help="frames per second (default 30)")
    mk.add_argument("--title", default="", help="title for the script and sheets")
    mk.add_argument("--style", default=None, choices=["flat", "ink", "pastel", "noir"],
                    help="look of the drawing: flat colour (default), ink (manga screentones), pastel, noir")
    mk.add_argument("--no-music", action="store_true", help="no background music")
    mk.add_argument("--no-sfx", action="store_true", help="no sound effects or weather ambience")
    mk.add_argument("--tts", default=None,
                    help="speech backend (default: $MANJU_TTS, else kokoro, the neural voices "
                         "`make` installs, else espeak; openai = any OpenAI-compatible speech "
                         "API, see docs/llm.md)")
    mk.add_argument("--workers", type=_workers, default=0,
                    help="shots drawn at once (render threads; MANJU_POOL=processes: processes), 1-64 "
                         "(default: one per core, at most 4)")
    mk.add_argument("--quiet", "-q", action="store_true", help="no progress output")
    mk.add_argument("--json", action="store_true",
                    help="print one JSON object: shots and lines made and reused, seconds")
    mk.add_argument("--yes", "-y", action="store_true",
                    help="go on with a run estimated to take hours, without asking")
    mk.add_argument("--ray", default=None, metavar="ADDRESS",
                    help="make a novel's episodes (or one story's shots) as Ray tasks on the "
                         "cluster at ADDRESS (auto: the one this machine is part of; local: "
                         "start one here); pip install 'manju[ray]'")
    mk.add_argument("--ray-shared-dir", action="store_true",
                    help="with --ray: the workers see the output folder at the same path (a "
                         "shared file system), so shots and episodes are written there directly")
    mk.add_argument("--episodes", default=None, metavar="N-M",
                    help="a story of 3+ chapters is made as a series, one folder per episode; "
                         "make only these (3-5, 1,4,7-9 or 5-)")
    from manju.cli.llm import add_idea_options, add_llm_option

    add_idea_options(mk)
    add_llm_option(mk, review=True)
    from manju.cli.jobs import add_image_options

    add_image_options(mk)

    ad = sub.add_parser("adapt", help="story file -> script.fountain + project.json (seconds)")
    ad.add_argument("story")
    ad.add_argument("--out", "-o", default="out")
    ad.add_argument("--title", default="")
    add_llm_option(ad, review=True)

    from manju.cli.edit import add_parsers

    add_parsers(sub)
    from manju.cli.plain import add_parsers as add_plain_parsers

    add_plain_parsers(sub)
    from manju.cli.export import add_parsers as add_export_parsers

    add_export_parsers(sub)
    from manju.cli.studio import add_parsers as add_studio_parsers

    add_studio_parsers(sub)
    from manju.cli.jobs import add_parsers as add_jobs_parsers

    add_jobs_parsers(sub)
    from manju.cli.search import add_parsers as add_search_parsers

    add_search_parsers(sub)
    from manju.cli.world import add_parsers as add_world_parsers

    add_world_parsers(sub)

    ev = sub.add_parser("eval", help="evaluate the screenwriter on a benchmark corpus")
    ev.add_argument("corpus", choices=["pdnc", "zh", "dev", "llm"],
                    help="pdnc, zh, dev, or llm SET.jsonl (the configured language model)")
    ev.add_argument("rest", nargs=argparse.REMAINDER, help="options for the evaluation (--json, --root, --novel)")

    rp = sub.add_parser("repair", help="restore DIR/project.json from its last good version")
    rp.add_argument("dir")

    ca = sub.add_parser("cache", help="cache info DIR | cache prune DIR (remove what the project no longer uses)")
    ca.add_argument("action", choices=["info", "prune"])
    ca.add_argument("dir")
    ca.add_argument("--json", action="store_true")

    ck = sub.add_parser("check", help="do the characters look the same in every shot of DIR/video.mp4?")
    ck.add_argument("dir", help="a manju make output directory")
    ck.add_argument("--json", action="store_true", help="print one JSON object")
    ck.add_argument("--threshold", type=float, default=0.9, help="minimum similarity to pass (default 0.9)")
    return p


def _settings(args: argparse.Namespace) -> dict[str, object]:
    """The render settings the user gave on the command line (only those given)."""
    out: dict[str, object] = {}
    if args.aspect:
        out["width"], out["height"] = ASPECTS[args.aspect]
    if args.size:
        out["width"], out["height"] = args.size
    if args.fps is not None:
        if not 1 <= args.fps <= 120:
            raise SystemExit(_fail("--fps must be between 1 and 120"))
        out["fps"] = args.fps
    if args.style:
        out["style"] = args.style
    if args.no_music:
        out["music"] = False
    if args.no_sfx:
        out["sfx"] = False
    return out


def _workers(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--workers needs a whole number, not {value!r}") from None
    if not 0 <= n <= 64:
        raise argparse.ArgumentTypeError("--workers must be between 1 and 64 (0: one per core, at most 4)")
    return n


def _fail(msg: str, code: int = 2) -> int:
    sys.stderr.write(f"manju: error: {msg}\n")
    return code


def cmd_make(args: argparse.Namespace) -> int:
    """``manju make``: a thin shell over :meth:`manju.session.Session.make`."""
    import json

    from manju.cli.jobs import apply_look, image_choice, print_estimate
    from manju.cli.llm import apply_llm_mode, llm_choice, load_llm, print_llm_report, resolve_story
    from manju.cli.progress import TerminalProgress
    from manju.session import Session

    out = Path(args.out)
    backends: dict[str, str | None] = {"llm": llm_choice(args)}
    if args.tts:
        backends["tts"] = args.tts
    image, image_config = image_choice(args)
    backends.update(image)
    story = resolve_story(args, out, load_llm(args, out) if args.idea else None)
    with Session.open(out, story, settings=_settings(args), title=args.title, backends=backends,
                      listener=TerminalProgress(quiet=args.quiet or args.estimate),
                      workers=args.workers, backend_config=image_config) as session:
        apply_look(session, args)
        apply_llm_mode(session, args)
        if args.estimate:
            return print_estimate(session, args.json)
        if args.ray:
            from manju.executor import RayExecutor

            session.executor = RayExecutor(args.ray, shared_dir=args.ray_shared_dir)
        try:
            report = session.make(yes=args.yes, budget=args.budget, episodes=args.episodes)
        finally:
            if session.executor is not None:
                session.executor.close()
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
    elif not args.quiet:
        print(f"wrote {report.video} ({report.duration:.1f} s of video, {report.shots_total} shots, "
              f"{report.characters} characters) in {report.seconds:.1f} s")
        print(f"rendered {report.shots_rendered} of {report.shots_total} shots "
              f"({report.shots_cached} from the cache); voiced {report.lines_voiced} of "
              f"{report.lines_total} lines ({report.lines_cached} from the cache)")
        if report.llm:
            print_llm_report(session.project)
        if report.edits_replayed or report.edits_dropped:
            print(f"the story changed: {report.edits_replayed} edits applied again, "
                  f"{len(report.edits_dropped)} dropped")
            for line in report.edits_dropped:
                print(f"  {line}")
    return 0


def cmd_adapt(args: argparse.Namespace) -> int:
    """``manju adapt``: the screenplay and the cast (merged into an existing project)."""
    from manju.cli.llm import apply_llm_mode, llm_choice, print_llm_report
    from manju.cli.progress import TerminalProgress
    from manju.session import Session

    out = Path(args.out)
    with Session.open(out, args.story, title=args.title, backends={"llm": llm_choice(args)},
                      listener=TerminalProgress(quiet=True)) as session:
        apply_llm_mode(session, args)
        session.make(until="cast")
        project = session.project
    print(f"wrote {out / 'script.fountain'} ({len(project.scenes())} scenes, {len(project.lines())} "
          f"lines, {len(project.characters)} characters)")
    print_llm_report(project)
    return 0


def cmd_repair(args: argparse.Namespace) -> int:
    """``manju repair DIR``: restore project.json from its last good version."""
    from manju.doc import io

    restored, broken = io.repair(args.dir)
    if broken is None:
        print(f"{restored} is fine; nothing to repair")
    else:
        print(f"restored {restored} from its last good version; the broken file is kept as {broken}")
    return 0


def cmd_cache(args: argparse.Namespace) -> int:
    """``manju cache info|prune DIR``."""
    import json

    from manju.cache import Cache
    from manju.session import Session, reachable_cache_files

    with Session.open(args.dir) as session:
        cache = Cache(session.out_dir / ".cache")
        reachable = reachable_cache_files(session.project)
        if args.action == "prune":
            files, size = cache.prune(reachable)
            print(f"removed {files} files ({size / 1e6:.1f} MB) the project no longer uses")
            return 0
        info = cache.info(reachable)
    if args.json:
        print(json.dumps(info))
        return 0
    print(f"{info['root']}: {info['bytes'] / 1e6:.1f} MB, of which {info['unused_bytes'] / 1e6:.1f} MB "
          "unused (manju cache prune removes it)")
    for kind, k in sorted(info["kinds"].items()):
        print(f"  {kind:<8} {k['files']:>5} files {k['bytes'] / 1e6:8.1f} MB   unused: "
              f"{k['unused_files']} files {k['unused_bytes'] / 1e6:.1f} MB")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    """``manju eval pdnc``."""
    if args.corpus == "zh":
        from manju.eval.zh import run_cli as run_zh

        return run_zh(list(args.rest))
    if args.corpus == "dev":
        from manju.eval.devset import run_cli as run_dev

        return run_dev(list(args.rest))
    if args.corpus == "llm":
        from manju.eval.llm import run_cli as run_llm

        return run_llm(list(args.rest))
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
                    "check": cmd_check, "repair": cmd_repair, "cache": cmd_cache}
        # A subcommand may name its own handler with set_defaults(handler=...).
        handler = getattr(args, "handler", None) or commands[args.command]
        return int(handler(args))
    except ManjuError as e:
        return _fail(str(e), e.exit_code)
    except KeyboardInterrupt:
        return _fail("interrupted; run the same command again to resume", 130)
    except OSError as e:
        return _fail(f"{e.strerror or e}: {e.filename}" if e.filename else str(e), 1)


if __name__ == "__main__":
    raise SystemExit(main())
