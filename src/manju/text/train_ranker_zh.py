"""Fit the prior of the Chinese speaker ranker from raw texts (silver labels, no annotations).

``python -m manju.text.train_ranker_zh FILE.jsonl|FILE.txt ... [--out FILE] [--split dev]``
analyses every text (a ``.txt`` file, or the ``"text"`` of each JSON line whose ``lang`` is
Chinese and whose ``split``, if any, is the one asked for), collects each explicitly tagged
turn with its tag hidden as an example, and fits the weights that :mod:`.ranker_zh` ships.
Only the texts are read, never a gold speaker.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _texts(paths: list[Path], split: str | None) -> list[str]:
    out: list[str] = []
    for p in paths:
        if p.suffix == ".txt":
            out.append(p.read_text(encoding="utf-8"))
            continue
        for line in p.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            rec = json.loads(line)
            if rec.get("lang", "zh") != "zh" or (split and rec.get("split", split) != split):
                continue
            out.append(rec["text"])
    return out


def collect(texts: list[str]) -> list:
    """Silver examples ``(features, label index)`` of every text, decoded with the hand prior."""
    from manju.text import analyze

    from . import decode_zh, ranker_zh

    sink: list = []
    old = ranker_zh._DEFAULT
    ranker_zh._DEFAULT = Path("/nonexistent")  # start from the hand weights, not a shipped fit
    decode_zh.COLLECT[0] = sink
    try:
        for t in texts:
            analyze(t, lang="zh")
    finally:
        decode_zh.COLLECT[0] = None
        ranker_zh._DEFAULT = old
    return sink


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    from . import ranker_zh

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", type=Path, nargs="+")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--split", default=None, help="only JSON lines of this split")
    ap.add_argument("--l2", type=float, default=2.0)
    ns = ap.parse_args(sys.argv[1:] if argv is None else argv)
    ex = collect(_texts(ns.paths, ns.split))
    w = ranker_zh.fit(ex, ranker_zh.hand(), ns.l2)
    ranker_zh.save(w, ns.out)
    print(f"{len(ex)} silver examples")
    for f, v in zip(ranker_zh.FEATURES, w, strict=True):
        print(f"  {f:16} {v:+.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
