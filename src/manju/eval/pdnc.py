"""Speaker-attribution accuracy of :mod:`manju.text` on the PDNC corpus.

PDNC (Project Dialogism Novel Corpus) annotates every quotation of 28 English novels with
its speaker. The protocol here is honest: :func:`manju.text.analyze` sees only the raw
novel text; each gold quotation is then matched to our dialogue utterance overlapping its
first span, our speaker name is mapped to a gold character through the gold alias lists,
and a quotation counts as correct only if that character is the gold speaker.
Unmatched quotations count as wrong.
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import os
import re
import sys
import time
from bisect import bisect_right
from pathlib import Path

from .methods import note

TYPES = ("explicit", "anaphoric", "implicit")


def default_root() -> Path:
    """``$MANJU_PDNC`` or ``../shared/datasets/pdnc`` relative to the working directory."""
    env = os.environ.get("MANJU_PDNC")
    if env:
        return Path(env)
    return Path.cwd().parent / "shared" / "datasets" / "pdnc"


def _data_dir(root: Path) -> Path:
    return root / "data" if (root / "data").is_dir() else root


def list_novels(root: Path) -> list[str]:
    """Names of the novel folders under ``root`` (or ``root/data``)."""
    d = _data_dir(root)
    return sorted(p.name for p in d.iterdir() if (p / "quotation_info.csv").is_file())


def _parse_aliases(raw: str) -> set[str]:
    try:
        val = ast.literal_eval(raw)
        return {str(v) for v in val}
    except (ValueError, SyntaxError):
        return {raw}


#: PDNC's character categories, most prominent first
_CATEGORIES = {"major": 0, "intermediate": 1, "minor": 2}


def load_novel(root: Path, name: str) -> tuple[str, list[dict], dict[str, set[str]],
                                              dict[str, int]]:
    """Text, gold quotations, ``{main name: aliases}`` and ``{main name: prominence}``
    (0 = major, from the character list's category) of one PDNC novel."""
    d = _data_dir(root) / name
    text = (d / "novel_text.txt").read_text(encoding="utf-8")
    with open(d / "quotation_info.csv", encoding="utf-8", newline="") as f:
        quotes = list(csv.DictReader(f))
    chars: dict[str, set[str]] = {}
    ranks: dict[str, int] = {}
    with open(d / "character_info.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            main = row["Main Name"]
            chars[main] = _parse_aliases(row["Aliases"]) | {main}
            ranks[main] = _CATEGORIES.get((row.get("Category") or "").strip().lower(), 3)
    return text, quotes, chars, ranks


_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_TITLE_WORDS = {
    "mr", "mrs", "miss", "ms", "dr", "lady", "sir", "lord", "the", "a", "an", "of", "captain",
    "colonel", "mme", "mlle", "madame", "monsieur", "aunt", "uncle", "st", "old", "young",
}


_ARTICLES = {"the", "a", "an", "of", "old", "young"}


class SpeakerMapper:
    """Maps a predicted character (name + aliases) to a gold PDNC character.

    A name that fits several gold characters equally (PDNC lists "Christopher Robin - Story"
    and "Christopher Robin - External" apart) goes to the most prominent of them by the
    character list's own category, decided before any prediction is seen. A bare title
    ("the Colonel") maps when exactly one gold character carries it.
    """

    def __init__(self, chars: dict[str, set[str]], ranks: dict[str, int] | None = None):
        self.ranks = ranks or {}
        self.mains = set(chars)
        self.titles: dict[str, set[str]] = {}
        self.exact: dict[str, str] = {}
        self.lower: dict[str, set[str]] = {}
        self.tokens: dict[str, set[str]] = {}
        for main, aliases in chars.items():
            for a in aliases:
                self.exact.setdefault(a, main)
                self.lower.setdefault(a.lower(), set()).add(main)
                for t in _WORD.findall(a):
                    t = t.lower()
                    if t not in _TITLE_WORDS:
                        self.tokens.setdefault(t, set()).add(main)
                    elif t not in _ARTICLES:
                        self.titles.setdefault(t, set()).add(main)

    def _one(self, cands: set[str] | None) -> str | None:
        """The single candidate, or the single most prominent one."""
        if not cands:
            return None
        if len(cands) == 1:
            return next(iter(cands))
        best = min(self.ranks.get(c, 3) for c in cands)
        top = [c for c in cands if self.ranks.get(c, 3) == best]
        return top[0] if len(top) == 1 else None

    def map(self, name: str, aliases: list[str]) -> str | None:
        """Gold main name for our character, or None when nothing plausible matches."""
        forms = [name] + [a for a in aliases if a != name]
        if name in self.mains:
            return name
        if name in self.exact:
            return self.exact[name]
        for f in forms:
            if f in self.exact:
                return self.exact[f]
        for f in forms:
            one = self._one(self.lower.get(f.lower()))
            if one is not None:
                return one
        for f in forms:
            words = [t.lower() for t in _WORD.findall(f)]
            toks = [t for t in words if t not in _TITLE_WORDS]
            if not toks:  # a bare title: "Colonel", "the Marchioness"
                toks = [t for t in words if t not in _ARTICLES]
                hit = set().union(*(self.titles.get(t, set()) for t in toks)) if toks else set()
                if len(hit) == 1:
                    return next(iter(hit))
                continue
            cands: set[str] | None = None
            for t in toks:
                hit = self.tokens.get(t, set())
                cands = hit if cands is None else (cands & hit or cands)
            one = self._one(cands)
            if one is not None:
                return one
        return None


def opening_cut(text: str, chars: int) -> int:
    """Where a novel's opening of about ``chars`` characters ends: the first paragraph break
    at or after it (the whole text when it is shorter)."""
    cut = text.find("\n\n", chars)
    return len(text) if cut < 0 else cut


def evaluate_novel(root: Path, name: str, opening: int | None = None) -> dict:
    """Accuracy counts for one novel: ``{"total", "correct", "by_type": {...}, "by_method":
    {method: [correct, attributed]}, "seconds"}``.

    ``opening``: analyse only the novel's first ``opening`` characters (to the paragraph's
    end) and score the quotations in them, as a reader of the opening alone would see it."""
    from manju.text import analyze

    text, gold, chars, ranks = load_novel(root, name)
    if opening is not None:
        cut = opening_cut(text, opening)
        text = text[:cut]
        gold = [row for row in gold if ast.literal_eval(row["quoteByteSpans"])[-1][1] <= cut]
    t0 = time.perf_counter()
    result = analyze(text, lang="en")
    secs = time.perf_counter() - t0
    mapper = SpeakerMapper(chars, ranks)
    by_name = {c.name: c for c in result.characters}
    mapped: dict[str, str | None] = {}
    dia = [u for u in result.utterances if u.kind == "dialogue"]
    starts = [u.start for u in dia]
    by_type = {t: [0, 0] for t in TYPES}
    by_method: dict[str, list[int]] = {}
    correct = total = 0
    errors: list[dict] = []
    for row in gold:
        spans = ast.literal_eval(row["quoteByteSpans"])
        s, e = spans[0]
        k = bisect_right(starts, e - 1) - 1
        u = dia[k] if k >= 0 and dia[k].end > s else None
        pred = None
        if u is not None and u.speaker is not None:
            if u.speaker not in mapped:
                c = by_name.get(u.speaker)
                mapped[u.speaker] = mapper.map(u.speaker, c.aliases if c else [])
            pred = mapped[u.speaker]
        gold_sp = row["speaker"]
        if gold_sp not in mapper.mains:  # some rows name the speaker by an alias
            gold_sp = mapper.exact.get(gold_sp, gold_sp)
        ok = pred is not None and pred == gold_sp
        typ = (row.get("quoteType") or "").strip().lower()
        total += 1
        correct += ok
        if typ in by_type:
            by_type[typ][0] += ok
            by_type[typ][1] += 1
        note(by_method, u, ok)
        if not ok and len(errors) < 2000:
            errors.append({
                "id": row["quoteID"], "type": typ, "gold": row["speaker"],
                "pred": u.speaker if u else None, "mapped": pred,
                "method": u.method if u else "unmatched",
            })
    return {"total": total, "correct": correct, "by_type": by_type, "by_method": by_method,
            "seconds": secs, "errors": errors}


def evaluate(root: Path, novels: list[str] | None = None, opening: int | None = None) -> dict:
    """Evaluate on ``novels`` (all when None); returns accuracy overall, per type and per novel.
    ``opening``: each novel's first that many characters only (see :func:`evaluate_novel`)."""
    root = Path(root)
    names = novels or list_novels(root)
    per: dict[str, dict] = {}
    tot = cor = 0
    bt = {t: [0, 0] for t in TYPES}
    secs = 0.0
    for n in names:
        r = evaluate_novel(root, n, opening)
        per[n] = {
            "accuracy": r["correct"] / r["total"] if r["total"] else 0.0,
            "quotes": r["total"],
            "seconds": round(r["seconds"], 2),
            **{t: (c / m if m else 0.0) for t, (c, m) in r["by_type"].items()},
        }
        tot += r["total"]
        cor += r["correct"]
        secs += r["seconds"]
        for t, (c, m) in r["by_type"].items():
            bt[t][0] += c
            bt[t][1] += m
    out: dict[str, object] = {"overall": cor / tot if tot else 0.0, "quotes": tot,
                              "seconds": round(secs, 2)}
    for t in TYPES:
        c, m = bt[t]
        out[t] = c / m if m else 0.0
    out["novels"] = per
    return out


def run_cli(args: list[str]) -> int:
    """``manju eval pdnc [--json] [--root PATH] [--novel NAME]``: print the accuracy table."""
    ap = argparse.ArgumentParser(prog="manju eval pdnc", description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--root", type=Path, default=None, help="PDNC folder (default $MANJU_PDNC)")
    ap.add_argument("--novel", action="append", default=None, help="only this novel (repeatable)")
    ap.add_argument("--opening", type=int, default=None, metavar="CHARS",
                    help="each novel's opening only: its first CHARS characters, read alone")
    ns = ap.parse_args(args)
    if ns.opening is not None and ns.opening <= 0:
        print("error: --opening takes a positive number of characters", file=sys.stderr)
        return 2
    root = ns.root or default_root()
    if not _data_dir(root).is_dir() or not list_novels(root):
        print(f"error: PDNC corpus not found at {root} (set MANJU_PDNC or pass --root)",
              file=sys.stderr)
        return 2
    if ns.novel:
        missing = [n for n in ns.novel if n not in list_novels(root)]
        if missing:
            print(f"error: unknown novel(s): {', '.join(missing)}", file=sys.stderr)
            return 2
    res = evaluate(root, ns.novel, ns.opening)
    if ns.json:
        print(json.dumps(res, indent=2))
        return 0
    print(f"{'novel':32} {'quotes':>6} {'acc':>6} {'expl':>6} {'anaph':>6} {'impl':>6} {'sec':>6}")
    for n, r in res["novels"].items():
        print(f"{n:32} {r['quotes']:6d} {r['accuracy']:6.1%} {r['explicit']:6.1%} "
              f"{r['anaphoric']:6.1%} {r['implicit']:6.1%} {r['seconds']:6.1f}")
    print(f"{'OVERALL':32} {res['quotes']:6d} {res['overall']:6.1%} {res['explicit']:6.1%} "
          f"{res['anaphoric']:6.1%} {res['implicit']:6.1%} {res['seconds']:6.1f}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point for ``python -m manju.eval.pdnc``."""
    return run_cli(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    raise SystemExit(main())
