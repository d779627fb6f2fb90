"""Plain-language commands: ``manju edit DIR "instruction"`` and ``manju history DIR``.

``edit`` reads an English or Chinese instruction (:func:`manju.edit.parse_instruction`, or a
language model offered the operations as tools with ``--llm``, see :mod:`manju.edit.llm`), prints
what it will do in the user's language, applies it through the Session (one undoable step)
and re-renders only what it touched. ``history`` lists the saved edits, newest last.
"""

from __future__ import annotations

import argparse
import json
from typing import Any


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Register ``edit`` and ``history`` on the main parser."""
    ed = sub.add_parser("edit", help='change the project in plain words: edit DIR "make shot 3 a close-up"')
    ed.add_argument("dir", help="a manju project folder")
    ed.add_argument("instruction", nargs="+",
                    help="what to change, in English or Chinese (\"把第二场改成夜晚\")")
    ed.add_argument("--dry-run", "-n", action="store_true", help="only print what it would do")
    ed.add_argument("--no-render", action="store_true", help="apply without rendering again")
    ed.add_argument("--quiet", "-q", action="store_true", help="no progress output")
    ed.add_argument("--json", action="store_true", help="print one JSON object")
    from manju.cli.llm import add_llm_option

    add_llm_option(ed)
    ed.set_defaults(handler=cmd_edit)

    hi = sub.add_parser("history", help="list the edits saved in DIR (newest last; undone ones can be redone)")
    hi.add_argument("dir", help="a manju project folder")
    hi.add_argument("--json", action="store_true", help="print one JSON object")
    hi.set_defaults(handler=cmd_history)


def cmd_edit(args: argparse.Namespace) -> int:
    """``manju edit DIR "instruction" [--dry-run] [--no-render] [--quiet] [--json]``: 0 when
    the edit was made (or, with --dry-run, could be), 1 when nothing was changed."""
    from manju.cli.progress import TerminalProgress
    from manju.edit import parse_instruction
    from manju.session import Session

    text = " ".join(args.instruction)
    listener = TerminalProgress(quiet=args.quiet or args.json)
    with Session.open(args.dir, listener=listener) as session:
        llm = _llm(args)
        if llm is not None:
            from manju.edit.llm import plan_with_llm

            plan = plan_with_llm(session.project, text, llm)
        else:
            plan = parse_instruction(session.project, text)
        out: dict[str, Any] = {**plan.to_json(), "applied": False, "report": None}
        if plan.status != "edit" or args.dry_run:
            _show(args, plan.message, out)
            return 0 if plan.status == "edit" else 1
        session.apply(plan.operation)
        out["applied"] = True
        if not args.json:
            print(plan.message)
        if not args.no_render and session.rendered:
            report = session.make()
            out["report"] = report.to_json()
            if not args.quiet and not args.json:
                zh = plan.lang == "zh"
                print(f"重新渲染了 {report.shots_rendered}/{report.shots_total} 个镜头，重新配音 "
                      f"{report.lines_voiced}/{report.lines_total} 句；输出 {report.video}" if zh else
                      f"rendered {report.shots_rendered} of {report.shots_total} shots, voiced "
                      f"{report.lines_voiced} of {report.lines_total} lines; wrote {report.video}")
        if args.json:
            print(json.dumps(out, ensure_ascii=False))
    return 0


def _llm(args: argparse.Namespace) -> Any:
    """The language model to plan with (``--llm`` or ``MANJU_LLM``), or None for the offline
    parser. Its answers are cached in DIR/.cache/llm."""
    from pathlib import Path

    from manju.cli.llm import load_llm

    return load_llm(args, Path(args.dir))


def _show(args: argparse.Namespace, message: str, out: dict[str, Any]) -> None:
    print(json.dumps(out, ensure_ascii=False) if args.json else message)


def history_rows(project: Any) -> list[dict[str, Any]]:
    """The saved edits, oldest first: each done edit, then the undone ones in the order
    ``redo`` brings them back."""
    from manju.doc import ops
    from manju.edit.words import describe

    lang = "zh" if project.lang == "zh" else "en"
    rows: list[dict[str, Any]] = []
    stacks = [("done", project.history), ("undone", list(reversed(project.future)))]
    for state, stack in stacks:
        for raw in stack:
            try:
                op = ops.parse(raw)
                what = describe(project, op, lang)
            except Exception as e:  # an entry this release cannot read: list it anyway
                what = f"{raw.get('op')} {raw.get('target')} ({e})"
            rows.append({"n": len(rows) + 1, "state": state, "op": raw.get("op"),
                         "target": raw.get("target"), "what": what})
    return rows


def cmd_history(args: argparse.Namespace) -> int:
    """``manju history DIR [--json]``."""
    from manju.doc import io

    project = io.load(args.dir)
    rows = history_rows(project)
    if args.json:
        print(json.dumps({"edits": rows}, ensure_ascii=False))
        return 0
    if not rows:
        print("no edits yet")
        return 0
    for r in rows:
        mark = "  " if r["state"] == "done" else "↶ "
        print(f"{mark}{r['n']:>3}  {r['what']}" + ("   (undone: `manju redo` brings it back)"
                                                  if r["state"] == "undone" else ""))
    return 0
