"""Exact-match rate of the offline plain-language parser on tests/edit/data/instructions.jsonl.

    .venv/bin/python bench/edit_instructions.py [--split dev|held|all] [--failures] [--json] [--fresh]

An instruction counts as right when the parser returns exactly the expected operations
(kind, target and values; a camera is compared by its move, whose zoom comes with it) or,
for a row expecting a question or no change, a question or no change. Rows marked
``"split": "held"`` were written with the rest and kept out of rule tuning.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "tests" / "edit" / "data" / "instructions.jsonl"
_COLOURS = ("skin", "hair_color", "eye_color", "outfit_color", "accent_color")


def canonical(item: dict[str, Any]) -> str:
    """One operation in a comparable form."""
    from manju.doc.ops import colour

    after = dict(item.get("after") or {})
    for k in _COLOURS:
        if k in after:
            after[k] = colour(after[k])
    if isinstance(after.get("camera"), dict):
        after["camera"] = {"move": after["camera"].get("move")}
    return json.dumps({"op": item["op"], "target": item["target"], "after": after}, sort_keys=True,
                      ensure_ascii=False)


def outcome(plan: Any) -> Any:
    """What the parser did, in the form the evaluation set writes it."""
    if plan.status == "question":
        return {"reply": "question"}
    if plan.status == "none":
        return {"reply": "none"}
    return sorted(canonical(b) for b in plan.briefs())


def expected(row: dict[str, Any]) -> Any:
    exp = row["expect"]
    return exp if isinstance(exp, dict) else sorted(canonical(e) for e in exp)


def project_for(story: str, fresh: bool = False) -> Any:
    """The storyboarded example the rows refer to: the copy kept next to the set (so the ids
    stay those the set was written against), or with ``fresh`` one made from examples/."""
    from manju.doc import io
    from manju.edit.sample import storyboard

    if fresh:
        return storyboard(story)
    return io.loads((DATA.parent / f"{story}.json").read_text(encoding="utf-8"))


def run(split: str = "all", fresh: bool = False) -> list[dict[str, Any]]:
    """Each row with what the parser did and whether it matched."""
    from manju.edit import parse_instruction

    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    projects: dict[str, Any] = {}
    out = []
    for row in rows:
        if split != "all" and row["split"] != split:
            continue
        if row["story"] not in projects:
            projects[row["story"]] = project_for(row["story"], fresh)
        project = projects[row["story"]]
        before = project.model_dump()
        plan = parse_instruction(project, row["text"])
        assert project.model_dump() == before, f"parsing changed the document: {row['id']}"
        got = outcome(plan)
        out.append({**row, "got": got, "ok": got == expected(row), "message": plan.message})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=["dev", "held", "all"], default="all")
    ap.add_argument("--failures", action="store_true", help="print the rows that did not match")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--fresh", action="store_true",
                    help="storyboard examples/ again instead of using the copies in tests/edit/data")
    args = ap.parse_args(argv)
    results = run(args.split, args.fresh)
    groups: dict[str, list[bool]] = defaultdict(list)
    for r in results:
        for key in ("all", r["split"], r["lang"]):
            groups[key].append(r["ok"])
    summary = {k: {"n": len(v), "right": sum(v), "rate": round(sum(v) / len(v), 3)}
               for k, v in sorted(groups.items())}
    if args.json:
        print(json.dumps(summary))
    else:
        for k, s in summary.items():
            print(f"{k:>5}: {s['right']}/{s['n']} exact ({100 * s['rate']:.1f}%)")
    if args.failures:
        for r in results:
            if not r["ok"]:
                print(f"\n{r['id']} [{r['split']}] {r['text']}\n  expected {expected(r)}\n  got      "
                      f"{r['got']}\n  {r['message'].splitlines()[0]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
