"""Speaker-attribution accuracy of :mod:`manju.text` on the bundled Chinese evaluation set.

The set (``manju/eval/data/zh_quotes.jsonl``) holds original passages written for this
purpose in seven genres (修仙, 武侠, 都市, 宫廷, 悬疑, 校园, 家庭), one JSON object a line::

    {"id": ..., "genre": ..., "text": ..., "quotes": [{"text": ..., "speaker": ...}],
     "aliases": {canonical name: [aliases]}}

The protocol mirrors the PDNC harness: :func:`manju.text.analyze` sees only the passage
text; each gold quotation is matched, in order, to our dialogue utterance with the same
text; our speaker is mapped to a gold character through the gold alias lists (its name
first, then its own aliases); a quotation is correct only if that character is the gold
speaker. Unmatched quotations count as wrong.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path


def default_path() -> Path:
    """The bundled evaluation set."""
    return Path(__file__).resolve().parent / "data" / "zh_quotes.jsonl"


def load(path: Path | str | None = None) -> list[dict]:
    """The passages of the evaluation set (one dict per JSON line)."""
    p = Path(path) if path is not None else default_path()
    out: list[dict] = []
    with open(p, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                out.append(json.loads(line))
    return out


class AliasMapper:
    """Maps a predicted character (name + aliases) to a gold canonical name."""

    def __init__(self, aliases: dict[str, list[str]]):
        self.table: dict[str, set[str]] = {}
        self.bare: dict[str, set[str]] = {}  # the same forms without their determiner
        for canon, forms in aliases.items():
            for f in [canon, *forms]:
                self.table.setdefault(f, set()).add(canon)
                self.bare.setdefault(_bare(f), set()).add(canon)

    def map(self, name: str, aliases: list[str] | None = None) -> str | None:
        """Gold canonical name for our character, or None when no form matches one. A form
        matches exactly first, then without a determiner (一个中年的车夫 is 中年的车夫)."""
        forms = [name, *(aliases or [])]
        for table, key in ((self.table, lambda f: f), (self.bare, _bare)):
            for f in forms:
                hit = table.get(key(f))
                if hit and len(hit) == 1:
                    return next(iter(hit))
        return None


_DETERMINER = re.compile("^(?:一个|一位|一名|那个|这个|那位|这位)(?=..)")


def _bare(form: str) -> str:
    """A form without the determiner it opens with (一个中年的车夫 -> 中年的车夫)."""
    return _DETERMINER.sub("", form)


def _norm(s: str) -> str:
    return "".join(s.split())


def evaluate_passage(rec: dict) -> dict:
    """Score one passage: ``{"total", "correct", "errors": [...], "seconds"}``."""
    from manju.text import analyze

    t0 = time.perf_counter()
    result = analyze(rec["text"], lang="zh")
    secs = time.perf_counter() - t0
    mapper = AliasMapper(rec.get("aliases", {}))
    by_name = {c.name: c for c in result.characters}
    dia = result.dialogue()
    j = 0
    correct = 0
    errors: list[dict] = []
    for gi, g in enumerate(rec["quotes"]):
        want = _norm(g["text"])
        k = next((k for k in range(j, len(dia)) if _norm(dia[k].text) == want), None)
        u = dia[k] if k is not None else None
        if k is not None:
            j = k + 1
        pred = None
        if u is not None and u.speaker is not None:
            c = by_name.get(u.speaker)
            pred = mapper.map(u.speaker, c.aliases if c else [])
        ok = pred is not None and pred == g["speaker"]
        correct += ok
        if not ok:
            errors.append({
                "id": rec["id"], "n": gi, "quote": g["text"], "gold": g["speaker"],
                "pred": u.speaker if u else None, "method": u.method if u else "unmatched",
            })
    return {"total": len(rec["quotes"]), "correct": correct, "errors": errors, "seconds": secs}


def evaluate(path: Path | str | None = None) -> dict:
    """Evaluate the whole set; accuracy overall, per genre and per passage.

    Returns ``{"overall", "quotes", "seconds", "genres": {genre: {"accuracy", "quotes"}},
    "passages": {id: {...}}, "errors": [...]}``.
    """
    recs = load(path)
    genres: dict[str, list[int]] = {}
    passages: dict[str, dict] = {}
    errors: list[dict] = []
    tot = cor = 0
    secs = 0.0
    for rec in recs:
        r = evaluate_passage(rec)
        g = genres.setdefault(rec["genre"], [0, 0])
        g[0] += r["correct"]
        g[1] += r["total"]
        tot += r["total"]
        cor += r["correct"]
        secs += r["seconds"]
        errors.extend(r["errors"])
        passages[rec["id"]] = {
            "genre": rec["genre"], "quotes": r["total"],
            "accuracy": r["correct"] / r["total"] if r["total"] else 0.0,
        }
    return {
        "overall": cor / tot if tot else 0.0,
        "quotes": tot,
        "seconds": round(secs, 2),
        "genres": {k: {"accuracy": c / n if n else 0.0, "quotes": n} for k, (c, n) in genres.items()},
        "passages": passages,
        "errors": errors,
    }


def run_cli(args: list[str]) -> int:
    """``manju eval zh [--json] [--path FILE] [--errors]``: print the accuracy table."""
    ap = argparse.ArgumentParser(prog="manju eval zh", description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--path", type=Path, default=None, help="JSONL set (default: the bundled one)")
    ap.add_argument("--errors", action="store_true", help="also list the misattributed quotes")
    ns = ap.parse_args(args)
    path = ns.path or default_path()
    if not Path(path).is_file():
        print(f"error: evaluation set not found at {path}", file=sys.stderr)
        return 2
    res = evaluate(path)
    if not ns.errors:
        res.pop("errors")
    if ns.json:
        print(json.dumps(res, ensure_ascii=False, indent=2))
        return 0
    print(f"{'passage':16} {'genre':6} {'quotes':>6} {'acc':>7}")
    for pid, r in res["passages"].items():
        print(f"{pid:16} {r['genre']:6} {r['quotes']:6d} {r['accuracy']:7.1%}")
    print()
    for g, r in res["genres"].items():
        print(f"{'GENRE':16} {g:6} {r['quotes']:6d} {r['accuracy']:7.1%}")
    print(f"{'OVERALL':16} {'':6} {res['quotes']:6d} {res['overall']:7.1%}   ({res['seconds']:.1f}s)")
    for e in res.get("errors", []):
        print(f"  {e['id']}#{e['n']:<3} gold={e['gold']:6} pred={e['pred']!s:8} "
              f"[{e['method']}] {e['quote'][:30]}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point for ``python -m manju.eval.zh``."""
    return run_cli(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    raise SystemExit(main())
