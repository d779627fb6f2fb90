"""``manju index``, ``manju search`` and ``manju answer``: find moments across projects by
what happens in them, and answer with a video (see docs/search.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Register the ``index``, ``search`` and ``answer`` subcommands on the main parser."""
    ix = sub.add_parser("index", help="index the shots and characters of project folders for "
                                      "manju search (only new or changed shots are embedded)")
    ix.add_argument("dirs", nargs="+", type=Path, metavar="DIR", help="manju project folders")
    ix.add_argument("--index", type=Path, default=None,
                    help="the index file (default: manju-index.sqlite in the folder that "
                         "holds the projects)")
    ix.add_argument("--json", action="store_true", help="print one JSON object")
    ix.set_defaults(handler=cmd_index)

    se = sub.add_parser("search", help="the shots that match a query, in English or Chinese")
    se.add_argument("query")
    _scope_options(se)
    se.add_argument("-k", type=_count, default=5, help="how many shots (default 5)")
    se.add_argument("--method", choices=["hybrid", "bm25", "embedding"], default="hybrid",
                    help=argparse.SUPPRESS)
    se.add_argument("--no-thumbnails", action="store_true", help="do not extract stills")
    se.add_argument("--json", action="store_true", help="print one JSON object")
    se.set_defaults(handler=cmd_search)

    an = sub.add_parser("answer", help="a short video answering a query: a narrated title, "
                                       "then the matching moments with captions")
    an.add_argument("query")
    an.add_argument("--out", "-o", type=Path, required=True, help="folder for answer.mp4")
    _scope_options(an)
    an.add_argument("-k", type=_count, default=3, help="how many moments (default 3)")
    an.add_argument("--size", default="720x1280", help="frame size WxH (default 720x1280)")
    an.add_argument("--fps", type=int, default=24, help="frames per second (default 24)")
    an.add_argument("--tts", default=None, help="speech backend for the title (default: "
                                                "$MANJU_TTS, else as manju make)")
    an.add_argument("--llm", action="store_true",
                    help="the configured language model writes the title's narration, a "
                         "summary of the moments (MANJU_LLM_BASE_URL, MANJU_LLM_MODEL, "
                         "MANJU_LLM_API_KEY; see docs/llm.md); the template when it fails")
    an.add_argument("--image", default=None, metavar="NAME",
                    help="end with a closing shot made by this image backend (openai, "
                         "gemini, comfyui ...; see docs/backends.md)")
    an.add_argument("--workflow", default=None, metavar="WF.json",
                    help="--image comfyui: the workflow (see docs/backends.md)")
    an.add_argument("--image-url", default=None, metavar="URL", help="the image server")
    an.add_argument("--image-model", default=None, metavar="MODEL", help="the image model")
    an.add_argument("--image-option", action="append", default=None, metavar="KEY=VALUE",
                    help="a setting of the image backend; repeatable")
    an.add_argument("--budget", type=float, default=None, metavar="USD",
                    help="no closing shot when it would cost more than USD dollars")
    an.add_argument("--json", action="store_true", help="print one JSON object")
    an.set_defaults(handler=cmd_answer)


def _scope_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--in", dest="dirs", nargs="+", type=Path, default=None, metavar="DIR",
                   help="search these project folders (indexed first when new or changed); "
                        "default: every project in the index")
    p.add_argument("--index", type=Path, default=None,
                   help="the index file (default: next to the --in folders, else "
                        "./manju-index.sqlite)")


def _count(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"-k needs a whole number, not {text!r}") from None
    if not 1 <= n <= 100:
        raise argparse.ArgumentTypeError("-k must be between 1 and 100")
    return n


def _index_path(args: argparse.Namespace) -> Path:
    from manju.search.store import INDEX_NAME, default_index

    if args.index is not None:
        return Path(args.index)
    dirs = getattr(args, "dirs", None)
    return default_index(list(dirs)) if dirs else Path.cwd() / INDEX_NAME


def cmd_index(args: argparse.Namespace) -> int:
    """``manju index DIR...``."""
    import json

    from manju.search.embed import E5Embedder
    from manju.search.store import update

    dirs = [Path(d) for d in args.dirs]
    report = update(_index_path(args), dirs, E5Embedder())
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        print(f"indexed {report.shots} shots and {report.characters} characters of "
              f"{report.projects} projects into {report.index} in {report.seconds:.1f} s "
              f"(embedded {report.shots_embedded} new or changed shots, "
              f"{report.shots_unchanged} unchanged, {report.shots_removed} removed)")
    return 0


def _hits(args: argparse.Namespace, k: int):  # type: ignore[no-untyped-def]
    """Search, indexing the ``--in`` folders first when they are new or changed."""
    from manju.search.embed import E5Embedder
    from manju.search.engine import Searcher
    from manju.search.store import update

    index = _index_path(args)
    embedder = E5Embedder()
    if args.dirs:
        update(index, list(args.dirs), embedder)
    searcher = Searcher(index, embedder)
    return searcher.search(args.query, k, method=getattr(args, "method", "hybrid"),
                           dirs=args.dirs), index


def cmd_search(args: argparse.Namespace) -> int:
    """``manju search "query"``."""
    import json

    from manju.search.engine import thumbnails

    hits, index = _hits(args, args.k)
    if not args.no_thumbnails:
        thumbnails(hits, index.parent / "manju-index.thumbs")
    if args.json:
        print(json.dumps({"query": args.query, "index": str(index),
                          "results": [h.to_json() for h in hits]}, ensure_ascii=False))
        return 0
    if not hits:
        print("no matching shots")
        return 0
    for rank, h in enumerate(hits, 1):
        who = f"{', '.join(h.speakers)}: " if h.speakers else ""
        print(f"{rank}. {h.title} [{Path(h.project).name}] shot {h.number} ({h.shot}) at "
              f"{h.timecode}  score {h.score:.4f}")
        print(f"   {who}{h.line}")
        if h.thumbnail:
            print(f"   {h.thumbnail}")
    return 0


def cmd_answer(args: argparse.Namespace) -> int:
    """``manju answer "query" --out DIR``."""
    import json

    from manju.cli.main import _size
    from manju.errors import InputError
    from manju.search.answer import answer

    try:
        size = _size(args.size)
    except argparse.ArgumentTypeError as e:
        raise InputError(str(e)) from None
    if not 1 <= args.fps <= 60:
        raise InputError("--fps must be between 1 and 60")
    if args.budget is not None and args.budget < 0:
        raise InputError("--budget cannot be negative")
    from manju.cli.llm import load_llm

    llm = load_llm(args, args.out)
    image = _image_backend(args)
    hits, _index = _hits(args, args.k)
    if not hits:
        raise InputError(f"nothing matches {args.query!r}")
    report = answer(args.query, hits, args.out, size=size, fps=args.fps, tts=args.tts,
                    llm=llm, image=image, budget=args.budget,
                    notice=lambda m: print(m, file=sys.stderr))
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        print(f"wrote {report.video} ({report.duration:.1f} s): {report.title}")
        for s in report.segments:
            print(f"  {s['start']:6.1f}-{s['end']:6.1f} s  {s['caption']}")
        c = report.closing
        if c is not None:
            print(f"  {c['start']:6.1f}-{c['end']:6.1f} s  closing shot: {c['caption']}"
                  + (" (picture reused, nothing paid)" if c["reused"] else ""))
    sys.stdout.flush()
    return 0


def _image_backend(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The image backend ``--image`` names, with ``--image-url``/``--image-model``/
    ``--image-option``, or None."""
    from manju.backends.registry import load
    from manju.cli.jobs import image_choice

    choice, config = image_choice(args)
    name = choice.get("image")
    if not name:
        return None
    return load("image", name, **config.get("image", {}))
