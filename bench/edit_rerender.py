"""Benchmark: what an edit costs after a full `manju make`, as a ratio of the full render.

Makes the story once from scratch, then (1) changes one word of one dialogue line in the story
file and runs `make` again, (2) changes one shot's framing with `manju shot`, (3) undoes it.
Each step's wall-clock time is divided by the full make's, in the same run.

Usage: .venv/bin/python bench/edit_rerender.py [--story PATH] [--size 1080x1920] [--fps 30]
Prints one JSON object; docs/benchmarks.md records the latest figures.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


CPU: dict[str, float] = {}


def _cpu() -> float:
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return kids.ru_utime + kids.ru_stime


def _run(*args: str) -> tuple[float, dict]:
    """Run one manju command: its wall-clock and its last JSON line; its CPU seconds (the
    whole process tree; not inflated by other work on the machine) go to ``CPU``."""
    t0, c0 = time.monotonic(), _cpu()
    r = subprocess.run([sys.executable, "-m", "manju.cli.main", *args], check=True,
                       capture_output=True, text=True)
    wall = time.monotonic() - t0
    CPU[args[0] + ":" + str(len(CPU))] = _cpu() - c0
    last = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else "{}"
    return wall, (json.loads(last) if last.startswith("{") else {"said": last})


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--story", default=str(ROOT / "examples" / "the_keeper.md"))
    ap.add_argument("--size", default="1080x1920")
    ap.add_argument("--fps", default="30")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="manju-edit-bench-"))
    story = work / Path(args.story).name
    shutil.copy(args.story, story)
    out = work / "out"
    make = ("make", str(story), "--out", str(out), "--size", args.size, "--fps", args.fps, "--json")
    full, rep_full = _run(*make)
    text = story.read_text(encoding="utf-8")
    # One word of the first dialogue line that has at least three words.
    m = next(m for m in re.finditer(r"[\"“]([^\"”]+)[\"”]", text) if len(m.group(1).split()) >= 3)
    words = m.group(1).split()
    words[1] = "really " + words[1]
    story.write_text(text[: m.start(1)] + " ".join(words) + text[m.end(1):], encoding="utf-8")
    line_edit, rep_line = _run(*make)
    shot_edit, _ = _run("shot", str(out), "3", "--framing", "close_up", "--quiet")
    undo, _ = _run("undo", str(out), "--quiet")
    result = {
        "story": Path(args.story).name, "size": args.size, "fps": int(args.fps),
        "full_make_s": round(full, 1), "shots": rep_full.get("shots_total"),
        "video_s": rep_full.get("duration"),
        "one_line_edit_s": round(line_edit, 1), "one_line_edit_ratio": round(line_edit / full, 3),
        "one_line_edit_shots_rendered": rep_line.get("shots_rendered"),
        "one_line_edit_lines_voiced": rep_line.get("lines_voiced"),
        "shot_edit_s": round(shot_edit, 1), "shot_edit_ratio": round(shot_edit / full, 3),
        "undo_s": round(undo, 1), "undo_ratio": round(undo / full, 3),
    }
    full_cpu, line_cpu, shot_cpu, undo_cpu = CPU.values()
    result.update(full_make_cpu_s=round(full_cpu, 1),
                  one_line_edit_cpu_ratio=round(line_cpu / full_cpu, 3),
                  shot_edit_cpu_ratio=round(shot_cpu / full_cpu, 3),
                  undo_cpu_ratio=round(undo_cpu / full_cpu, 3))
    print(json.dumps(result))
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
