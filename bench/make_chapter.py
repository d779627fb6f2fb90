"""Benchmark: wall-clock time and peak memory of `manju make` on a 1,000-word chapter.

Usage: .venv/bin/python bench/make_chapter.py [--size 1080x1920] [--fps 30] [--story PATH]
Prints one JSON object; docs/benchmarks.md records the latest figures.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--story", default=str(HERE / "chapter_1000w.txt"))
    ap.add_argument("--size", default="1080x1920")
    ap.add_argument("--fps", default="30")
    ap.add_argument("--keep", help="keep the output in this directory")
    args = ap.parse_args()
    out = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="manju-bench-"))
    if out.exists():
        shutil.rmtree(out)
    words = len(Path(args.story).read_text(encoding="utf-8").split())
    cmd = [sys.executable, "-m", "manju.cli.main", "make", args.story, "--out", str(out),
           "--size", args.size, "--fps", args.fps, "--quiet"]
    t0 = time.monotonic()
    subprocess.run(cmd, check=True)
    wall = time.monotonic() - t0
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss

    import av

    with av.open(str(out / "video.mp4")) as c:
        duration = float(c.duration or 0) / 1e6
    result = {
        "story_words": words, "size": args.size, "fps": int(args.fps), "cores": os.cpu_count(),
        "wall_s": round(wall, 1), "peak_rss_mib": round(peak_kib / 1024, 1),
        "video_s": round(duration, 1), "realtime_factor": round(wall / duration, 2) if duration else None,
    }
    print(json.dumps(result))
    if not args.keep:
        shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
