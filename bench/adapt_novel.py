"""Benchmark: `manju adapt` of a 1,000,000-character Chinese novel.

Usage: .venv/bin/python bench/adapt_novel.py [--chars 1000000] [--keep DIR]

The novel is built from the Chinese texts that ship with the repository (the labelled
development passages and the bundled quote set: Lu Xun, written passages in several styles
and genres), one passage per chapter under 第N章 headings, repeated until it is long enough.
Prints one JSON object: characters, chapters, wall-clock, CPU seconds of the process tree,
peak memory, and how many scenes, lines and characters the screenplay has.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "tests/text/data/devset/devset.jsonl", ROOT / "src/manju/eval/data/zh_quotes.jsonl")


def passages() -> list[str]:
    """Every Chinese passage shipped with the repository."""
    out = []
    for path in SOURCES:
        for raw in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(raw)
            if rec.get("lang", "zh") == "zh" and rec.get("text"):
                out.append(rec["text"].strip())
    return out


def novel(chars: int) -> tuple[str, int]:
    """A novel of at least ``chars`` characters and its number of chapters."""
    parts: list[str] = []
    size = 0
    texts = passages()
    n = 0
    while size < chars:
        text = texts[n % len(texts)]
        n += 1
        chapter = f"第{n}章\n\n{text}\n"
        parts.append(chapter)
        size += len(chapter)
    return "\n".join(parts), n


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--chars", type=int, default=1_000_000)
    ap.add_argument("--keep", help="keep the novel and the project in this directory")
    args = ap.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="manju-adapt-"))
    work.mkdir(parents=True, exist_ok=True)
    text, chapters = novel(args.chars)
    story = work / "novel.txt"
    story.write_text(text, encoding="utf-8")
    out = work / "project"
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "manju.cli.main", "adapt", str(story), "--out", str(out)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    doc = json.loads((out / "project.json").read_text(encoding="utf-8"))
    scenes = [sc for ep in doc.get("episodes", []) for sc in ep.get("scenes", [])]
    result = {
        "characters_in": len(text), "chapters": chapters, "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1), "peak_rss_mib": round(after.ru_maxrss / 1024, 1),
        "episodes": len(doc.get("episodes", [])), "scenes": len(scenes),
        "lines": sum(len(sc.get("lines", [])) for sc in scenes),
        "cast": len(doc.get("characters", [])),
    }
    print(json.dumps(result))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
