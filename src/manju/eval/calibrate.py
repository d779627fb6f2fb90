"""Measure how often each attribution method is right and ship it as the lines' confidence.

``python -m manju.eval.calibrate [--devset FILE] [--pdnc ROOT|none] [--out FILE] [--dry-run]
[--check]``
runs the screenwriter over the development split of the project's own set (Chinese and
English, both layouts) and over PDNC (English), counts, for every method that gave a quote
a speaker (an explicit tag, a pronoun, turn-taking, the nearest name, ...), how many of
those speakers were right, and writes ``{lang: {method: confidence}}`` to
``manju/text/data/confidence.json``, which :func:`manju.text.analyzer.speaker_confidence`
reads. The held-back split is never read: the calibration is checked on it afterwards with
``--check``, which prints the expected calibration error there.
"""

from __future__ import annotations

import argparse
import json
import sys
from multiprocessing import Pool
from pathlib import Path

from .methods import merge

#: a method seen fewer times than this has no figure of its own: it gets the pooled one
MIN_QUOTES = 20
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "text" / "data" / "confidence.json"


def _devset_counts(job: tuple[dict, str]) -> tuple[str, dict[str, list[int]]]:
    from . import devset

    rec, layout = job
    return rec["lang"], devset.evaluate_text(rec, layout)["by_method"]


def _pdnc_counts(job: tuple[str, str]) -> tuple[str, dict[str, list[int]]]:
    from . import pdnc

    root, name = job
    return "en", pdnc.evaluate_novel(Path(root), name)["by_method"]


def count(devset_path: Path | None, pdnc_root: Path | None, split: str = "dev",
          processes: int = 2) -> dict[str, dict[str, list[int]]]:
    """``{lang: {method: [right, attributed]}}`` over ``split`` of the set and all of PDNC."""
    from . import devset, pdnc

    jobs: list = [(rec, lay) for rec in devset.load(devset_path) if rec["split"] == split
                  for lay in devset.LAYOUTS]
    pjobs: list = []
    if pdnc_root is not None:
        pjobs = [(str(pdnc_root), n) for n in pdnc.list_novels(pdnc_root)]
    if processes <= 1:
        return _sum([*map(_devset_counts, jobs), *map(_pdnc_counts, pjobs)])
    with Pool(processes) as pool:
        results = pool.imap_unordered(_devset_counts, jobs, chunksize=2)
        presults = pool.imap_unordered(_pdnc_counts, pjobs) if pjobs else iter(())
        return _sum([*results, *presults])


def _sum(results: list[tuple[str, dict[str, list[int]]]]) -> dict[str, dict[str, list[int]]]:
    out: dict[str, dict[str, list[int]]] = {}
    for lang, by_method in results:
        merge(out.setdefault(lang, {}), by_method)
    return out


def confidences(counts: dict[str, dict[str, list[int]]]) -> dict[str, dict[str, float]]:
    """Each method's share of right speakers, smoothed towards a half by one right and one
    wrong quote (so that a method seen rarely is not called certain); methods seen fewer than
    :data:`MIN_QUOTES` times share one pooled figure, kept as ``"_other"``."""
    out: dict[str, dict[str, float]] = {}
    for lang, tab in counts.items():
        row: dict[str, float] = {}
        rare = [0, 0]
        for m, (ok, n) in sorted(tab.items()):
            if n >= MIN_QUOTES and m:
                row[m] = round((ok + 1) / (n + 2), 3)
            else:
                rare[0] += ok
                rare[1] += n
        row["_other"] = round((rare[0] + 1) / (rare[1] + 2), 3)
        out[lang] = row
    return out


def calibration_error(counts: dict[str, dict[str, list[int]]],
                      table: dict[str, dict[str, float]]) -> dict[str, float]:
    """Expected calibration error per language: the quote-weighted mean gap between each
    method's stated confidence and its share of right speakers in ``counts``."""
    out: dict[str, float] = {}
    for lang, tab in counts.items():
        row = table.get(lang, {})
        total = sum(n for _ok, n in tab.values())
        gap = sum(abs(row.get(m, row.get("_other", 0.5)) - ok / n) * n for m, (ok, n) in tab.items() if n)
        out[lang] = round(gap / total, 4) if total else 0.0
    return out


def main(argv: list[str] | None = None) -> int:
    """Entry point for ``python -m manju.eval.calibrate``."""
    from . import devset, pdnc

    ap = argparse.ArgumentParser(prog="python -m manju.eval.calibrate", description=__doc__.splitlines()[0])
    ap.add_argument("--devset", type=Path, default=None, help="JSONL set (default: the repository's)")
    ap.add_argument("--pdnc", type=Path, default=None, help="PDNC folder (default $MANJU_PDNC); 'none' skips it")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--dry-run", action="store_true", help="print the table, write nothing")
    ap.add_argument("--check", action="store_true",
                    help="score the shipped table on the held-back split instead (writes nothing)")
    ns = ap.parse_args(sys.argv[1:] if argv is None else argv)
    path = ns.devset or devset.default_path()
    if not Path(path).is_file():
        print(f"error: development set not found at {path}", file=sys.stderr)
        return 2
    if ns.check:
        from manju.text.analyzer import _CONFIDENCE_FILE, _FALLBACK, confidence_table

        if confidence_table() is _FALLBACK:
            print(f"error: no usable table at {_CONFIDENCE_FILE}: run without --check first", file=sys.stderr)
            return 2
        held = count(path, None, split="test")
        print(json.dumps({"held_back": held, "calibration_error": calibration_error(held, confidence_table())},
                         indent=1))
        return 0
    root: Path | None = None
    if str(ns.pdnc) != "none":
        root = ns.pdnc or pdnc.default_root()
        try:
            novels = pdnc.list_novels(root)
        except OSError:  # no such folder
            novels = []
        if not novels:
            print(f"PDNC not found at {root}: English from the set's own texts only", file=sys.stderr)
            root = None
    counts = count(path, root)
    table = confidences(counts)
    obj = {"confidence": table, "counts": counts,
           "source": "development split of the set, both layouts" + (", and PDNC" if root else "")}
    text = json.dumps(obj, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if ns.dry_run:
        print(text)
    else:
        ns.out.write_text(text, encoding="utf-8")
        print(f"wrote {ns.out}")
    print(json.dumps({"calibration_error_dev": calibration_error(counts, table)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
