"""Train the English speaker ranker from raw novel texts (silver labels, no annotations).

``python -m manju.text.train_ranker --root DIR [--out FILE]`` reads every ``*.txt`` under
``DIR`` (for PDNC, ``DIR/data/<novel>/novel_text.txt``; only the texts are read), runs the
rule-based attribution with the ranker switched off, keeps each line whose speech tag
names its speaker, hides that tag, and fits the ranker to pick the named speaker.

``--cv`` also reports an honest figure on PDNC: train on the first half of the novels,
evaluate on the second with :mod:`manju.eval.pdnc`, and vice versa.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import ranker_en
from .ranker_en import Ranker, train


def find_texts(root: Path) -> list[Path]:
    """The novel texts under ``root``: ``novel_text.txt`` files when there are any."""
    root = Path(root)
    if root.is_file():
        return [root]
    texts = sorted(root.rglob("novel_text.txt"))
    return texts or sorted(root.rglob("*.txt"))


def collect(texts: list[str]) -> list:
    """Silver examples ``(features, index of the tagged speaker)`` from raw texts."""
    from . import analyze

    sink: list = []
    ranker_en.use(False)
    ranker_en.COLLECT[0] = sink
    try:
        for t in texts:
            analyze(t, lang="en")
    finally:
        ranker_en.COLLECT[0] = None
        ranker_en.use(None)
    return sink


def fit(texts: list[str], l2: float = 1.0) -> Ranker:
    """A ranker trained on the tagged lines of ``texts``."""
    return train(collect(texts), l2=l2)


def _read(paths: list[Path]) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in paths]


def cross_validate(root: Path, l2: float = 1.0) -> dict:
    """Two-fold figure on PDNC: train on novels 1-13 (sorted by name), test on 14-27, and
    vice versa; the folds and their means with and without the ranker."""
    from manju.eval.pdnc import evaluate, list_novels

    names = list_novels(root)
    half = len(names) // 2
    folds = [(names[:half], names[half:]), (names[half:], names[:half])]
    data = root / "data" if (root / "data").is_dir() else root
    out: dict = {"folds": []}
    keys = ("overall", "explicit", "anaphoric", "implicit")
    for tr, te in folds:
        rk = fit(_read([data / n / "novel_text.txt" for n in tr]), l2)
        ranker_en.use(False)
        base = evaluate(root, te)
        ranker_en.use(rk)
        new = evaluate(root, te)
        ranker_en.use(None)
        out["folds"].append({"test": te, "quotes": new["quotes"],
                             "rules": {k: base[k] for k in keys},
                             "ranker": {k: new[k] for k in keys}})
    for which in ("rules", "ranker"):
        out[which] = {k: sum(f[which][k] for f in out["folds"]) / len(folds) for k in keys}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m manju.text.train_ranker", description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, required=True, help="folder of novel texts")
    ap.add_argument("--out", type=Path, default=ranker_en._DEFAULT, help="weights file to write")
    ap.add_argument("--l2", type=float, default=1.0, help="L2 regularisation")
    ap.add_argument("--cv", action="store_true", help="also report two-fold PDNC accuracy")
    ns = ap.parse_args(argv)
    paths = find_texts(ns.root)
    if not paths:
        print(f"no texts under {ns.root}", file=sys.stderr)
        return 1
    if ns.cv:
        print(json.dumps(cross_validate(ns.root, ns.l2), indent=1))
    examples = collect(_read(paths))
    rk = train(examples, l2=ns.l2)
    ns.out.parent.mkdir(parents=True, exist_ok=True)
    ns.out.write_text(json.dumps(rk.to_json(), indent=1) + "\n", encoding="utf-8")
    print(f"{len(examples)} silver examples from {len(paths)} texts -> {ns.out}")
    for name, w in zip(rk.names, rk.w, strict=True):
        print(f"  {name:14s} {w:+.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
