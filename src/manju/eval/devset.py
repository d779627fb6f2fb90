"""Speaker attribution on the development set: public-domain fiction annotated by the maintainers.

The set (``tests/text/data/devset/devset.jsonl`` in a source checkout) holds passages of
published public-domain Chinese fiction (鲁迅, 郁达夫, 许地山, 刘鹗, 张恨水, 老舍, 萧红, and the classical
novels of 曹雪芹, 吴承恩, 施耐庵, 吴敬梓 and 李汝珍), short Chinese passages written for the set in the manner
of other periods and genres (a 1930s tea house and a 1920s return home told in the first
person, a 1950s village, a 1980s childhood memoir, a 1920s government office, a go-between in
an old household, a 1930s small-town family, an old-style swordsman tale, a xianxia sect, a
family New Year and two present-day office romances in web-novel lines, and twelve passages of
rural northern China around 1980 (a family in its cave dwelling, two brothers at a brick kiln
and two brothers dividing the family house in web-novel lines, county-school classmates and
their teacher, a village party secretary's office, a mother, her daughter and a neighbour at
their plot, a sister helping her brother with his sums, a work team dividing its land, an old
man, his son and daughter-in-law, a tractor driver and the team's accountant, mostly told by
descriptions such as 老汉, 后生, 女人, a family at the wheat harvest, a ferryman and two passengers):
all in the ``dev`` split), and English chapters from Project Gutenberg texts that are not in
PDNC, one JSON object a line::

    {"id", "lang": "zh"|"en", "split": "dev"|"test", "source", "text",
     "quotes": [{"text", "speaker"}], "aliases": {canonical name: [aliases]}}

Every quotation that is speech or thought carries its gold speaker; ``"_none"`` marks an
unnamed voice or a crowd, which counts as correct only when no speaker is predicted. The
``test`` texts are held back: rules are changed looking only at ``dev``. Each text is scored
as printed and re-laid-out in web-novel style (:func:`web_layout`: one sentence per line, a
lead-in tag such as ``他笑着说：`` on its own line before the quote, long narration sentences
broken at a comma). The protocol is that of :mod:`manju.eval.zh`: the analyzer sees only the
text, gold quotations are matched in order to our utterances with the same text.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

from .methods import merge, note

LAYOUTS = ("original", "web")
NONE = "_none"

_SPLIT = {
    "zh": re.compile(r"(“[^”]*(?:”|$)|「[^」]*(?:」|$))"),
    "en": re.compile(r'("[^"]*(?:"|$)|“[^”]*(?:”|$))'),
}
_SENT = {
    "zh": re.compile(r"[^。！？…]*(?:[。！？…]+[’』]*|$)"),
    "en": re.compile(r"(?:[^.!?]|[.!?](?![\s]+[A-Z]))*(?:[.!?]+[)’']*\s*|$)"),
}
_LEAD_END = re.compile(r"[，,：:]\s*$")
_SENT_END = re.compile(r"[。！？…!?.]['’)」』]*\s*$")


def default_path() -> Path:
    """``$MANJU_DEVSET``, else the set in the source checkout this module belongs to."""
    env = os.environ.get("MANJU_DEVSET")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "tests" / "text" / "data" / "devset" / "devset.jsonl"


def load(path: Path | str | None = None) -> list[dict]:
    """The records of the set (one dict per JSON line)."""
    p = Path(path) if path is not None else default_path()
    with open(p, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _paragraphs(text: str, lang: str) -> list[str]:
    if lang == "en" or re.search(r"\n\s*\n", text):
        return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    return [p.strip() for p in text.split("\n") if p.strip()]


def _sentences(chunk: str, lang: str) -> list[str]:
    return [s for s in (m.group(0) for m in _SENT[lang].finditer(chunk)) if s.strip()]


def _break_long(sentence: str, lang: str) -> list[str]:
    """A long narration sentence as two lines, cut after the comma nearest its middle."""
    comma = "，" if lang == "zh" else ", "
    limit = 40 if lang == "zh" else 160
    if len(sentence) < limit:
        return [sentence]
    cuts = [m.end() for m in re.finditer(re.escape(comma), sentence)]
    cuts = [c for c in cuts if 8 <= c <= len(sentence) - 8]
    if not cuts:
        return [sentence]
    mid = min(cuts, key=lambda c: abs(c - len(sentence) / 2))
    return [sentence[:mid], sentence[mid:]]


def web_layout(text: str, lang: str) -> str:
    """``text`` re-laid-out as web novels print it: one line per sentence, lead-in tags
    ("他笑着说：", "Jo said sadly:") alone on the line before their quote; a quote keeps the
    tag that follows it ("“好！”他说。") and the quote right after that tag on its line."""
    out: list[str] = []
    for para in _paragraphs(text, lang):
        parts = [p for p in _SPLIT[lang].split(para) if p]
        line = ""  # the line being built: a quote and what is attached to it
        for k, part in enumerate(parts):
            is_quote = part.lstrip()[:1] in "\"“「"
            nxt_quote = k + 1 < len(parts) and parts[k + 1].lstrip()[:1] in "\"“「"
            if is_quote:
                line += part if line else part.lstrip()
                continue
            sents = _sentences(part, lang)
            if line:  # narration after a quote: its first clause stays with the quote
                head = sents.pop(0) if sents else ""
                line += head
                if not nxt_quote or sents:
                    out.append(line.strip())
                    line = ""
            for i, s in enumerate(sents):
                last = i == len(sents) - 1
                if last and nxt_quote and _LEAD_END.search(s):
                    lead = _LEAD_END.sub("", s).strip()
                    if lead:
                        out.append(lead + ("：" if lang == "zh" else ":"))
                    continue
                if last and nxt_quote and not _SENT_END.search(s):
                    line = s.strip() + (" " if lang == "en" else "")
                    continue
                out.extend(x.strip() for x in _break_long(s.strip(), lang) if x.strip())
        if line.strip():
            out.append(line.strip())
    return "\n".join(out) + "\n"


def _norm(s: str) -> str:
    return "".join(s.split())


def _mapper(rec: dict):  # type: ignore[no-untyped-def]
    """Maps our character (name, aliases) to a gold name; PDNC's mapper for English."""
    aliases = rec.get("aliases", {})
    if rec["lang"] == "en":
        from manju.eval.pdnc import SpeakerMapper

        return SpeakerMapper({k: {k, *v} for k, v in aliases.items()}).map
    from manju.eval.zh import AliasMapper

    return AliasMapper(aliases).map


def evaluate_text(rec: dict, layout: str = "original") -> dict:
    """Score one record in one layout: ``{"total", "correct", "errors": [...], "by_method":
    {method: [correct, attributed]}}`` (``by_method`` counts the quotes given a speaker, by the
    method that chose it: what :mod:`manju.eval.calibrate` turns into confidences)."""
    from manju.text import analyze

    text = rec["text"] if layout == "original" else web_layout(rec["text"], rec["lang"])
    result = analyze(text, lang=rec["lang"])
    amap = _mapper(rec)
    by_name = {c.name: c for c in result.characters}
    dia = result.dialogue()
    j = correct = 0
    errors: list[dict] = []
    by_method: dict[str, list[int]] = {}
    for gi, g in enumerate(rec["quotes"]):
        want = _norm(g["text"])
        k = next((k for k in range(j, len(dia)) if _norm(dia[k].text) == want), None)
        if k is None:  # our quote may hold the gold one (a quote we did not split)
            k = next((k for k in range(j, min(len(dia), j + 3)) if want in _norm(dia[k].text)), None)
        u = dia[k] if k is not None else None
        if k is not None:
            j = k + (0 if want != _norm(dia[k].text) else 1)
        pred = None
        if u is not None and u.speaker is not None:
            c = by_name.get(u.speaker)
            pred = amap(u.speaker, c.aliases if c else [])
        if g["speaker"] == NONE:
            ok = u is not None and u.speaker is None
        else:
            ok = pred is not None and pred == g["speaker"]
        correct += ok
        note(by_method, u, ok)
        if not ok:
            errors.append({"id": rec["id"], "layout": layout, "n": gi, "quote": g["text"][:40],
                           "gold": g["speaker"], "pred": u.speaker if u else None,
                           "method": u.method if u else "unmatched"})
    return {"total": len(rec["quotes"]), "correct": correct, "errors": errors, "by_method": by_method}


def evaluate(path: Path | str | None = None, splits: tuple[str, ...] = ("dev", "test")) -> dict:
    """Accuracy per language, split and layout, and per text.

    Returns ``{"groups": {"zh/dev/original": {"accuracy", "quotes"}, ...},
    "methods": {"zh/dev/original": {method: {"accuracy", "quotes"}}, ...},
    "texts": {id: {"lang", "split", "quotes", "original", "web"}}, "errors": [...]}``
    (``methods``: the quotes each attribution method gave a speaker, and how many of those
    speakers were right).
    """
    groups: dict[str, list[int]] = {}
    methods: dict[str, dict[str, list[int]]] = {}
    texts: dict[str, dict] = {}
    errors: list[dict] = []
    for rec in load(path):
        if rec["split"] not in splits:
            continue
        row = {"lang": rec["lang"], "split": rec["split"], "quotes": len(rec["quotes"])}
        for layout in LAYOUTS:
            r = evaluate_text(rec, layout)
            key = f"{rec['lang']}/{rec['split']}/{layout}"
            g = groups.setdefault(key, [0, 0])
            g[0] += r["correct"]
            g[1] += r["total"]
            merge(methods.setdefault(key, {}), r["by_method"])
            row[layout] = r["correct"] / r["total"] if r["total"] else 0.0
            errors.extend(r["errors"])
        texts[rec["id"]] = row
    return {
        "groups": {k: {"accuracy": c / n if n else 0.0, "quotes": n} for k, (c, n) in sorted(groups.items())},
        "methods": {k: {m: {"accuracy": c / n if n else 0.0, "quotes": n}
                        for m, (c, n) in sorted(tab.items(), key=lambda kv: -kv[1][1])}
                    for k, tab in sorted(methods.items())},
        "texts": texts,
        "errors": errors,
    }


def export(dest: Path | str, path: Path | str | None = None, splits: tuple[str, ...] = ("dev",)) -> int:
    """Write the records of ``splits`` to ``dest`` in the set format of :mod:`manju.eval.llm`
    (``id``, ``lang``, ``source``, ``text``, ``quotes``, ``aliases``); returns how many."""
    keep = ("id", "lang", "source", "text", "quotes", "aliases")
    rows = [{k: rec[k] for k in keep if k in rec} for rec in load(path) if rec["split"] in splits]
    Path(dest).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return len(rows)


def run_cli(args: list[str]) -> int:
    """``manju eval dev [--json] [--path FILE] [--split dev|test] [--errors] [--export FILE]``."""
    ap = argparse.ArgumentParser(prog="manju eval dev", description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--path", type=Path, default=None, help="JSONL set (default: the repository's)")
    ap.add_argument("--split", choices=["dev", "test"], action="append", default=None,
                    help="only this split (repeatable; default both)")
    ap.add_argument("--errors", action="store_true", help="also list the misattributed quotes")
    ap.add_argument("--export", type=Path, default=None, metavar="FILE",
                    help="write the split (default: dev only) as a set for manju eval llm, and stop")
    ns = ap.parse_args(args)
    path = ns.path or default_path()
    if not Path(path).is_file():
        print(f"error: development set not found at {path} (set MANJU_DEVSET or pass --path)",
              file=sys.stderr)
        return 2
    if ns.export is not None:
        n = export(ns.export, path, tuple(ns.split or ("dev",)))
        print(f"wrote {n} texts to {ns.export}")
        return 0
    res = evaluate(path, tuple(ns.split or ("dev", "test")))
    if not ns.errors:
        res.pop("errors")
    if ns.json:
        print(json.dumps(res, ensure_ascii=False, indent=2))
        return 0
    print(f"{'text':16} {'lang':4} {'split':5} {'quotes':>6} {'original':>9} {'web':>7}")
    for tid, r in res["texts"].items():
        print(f"{tid:16} {r['lang']:4} {r['split']:5} {r['quotes']:6d} {r['original']:9.1%} {r['web']:7.1%}")
    print()
    for key, r in res["groups"].items():
        print(f"{key:27} {r['quotes']:6d} {r['accuracy']:7.1%}")
        # which methods the misses come from (what `python -m manju.eval.calibrate` ships)
        by = ", ".join(f"{m or '-'} {v['accuracy']:.0%} of {v['quotes']}"
                       for m, v in res["methods"].get(key, {}).items())
        if by:
            print(f"  {by}")
    for e in res.get("errors", []):
        print(f"  {e['id']}/{e['layout']}#{e['n']:<3} gold={e['gold']:10} pred={e['pred']!s:12} "
              f"[{e['method']}] {e['quote'][:30]}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point for ``python -m manju.eval.devset``."""
    return run_cli(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    raise SystemExit(main())
