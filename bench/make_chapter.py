"""Benchmark: wall-clock time and peak memory of `manju make` on a 1,000-word chapter.

Usage: .venv/bin/python bench/make_chapter.py [--size 1080x1920] [--fps 30] [--story PATH]
                                              [--tts kokoro,espeak] [--rerender]
With several speech backends, each makes the chapter from scratch in turn (same run).
``--rerender`` then empties the project's cache of shots and panels and makes it again: every
shot is drawn and encoded again while the voices and music come from the cache (rendering and
encoding alone).
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
    ap.add_argument("--tts", default="", help="speech backends to compare, comma-separated "
                                              "(default: the one manju picks)")
    ap.add_argument("--rerender", action="store_true",
                    help="then draw every shot again (voices cached): rendering alone")
    args = ap.parse_args()
    names = [t.strip() for t in args.tts.split(",") if t.strip()] or [""]
    results = [run_once(args, name) for name in names]
    print(json.dumps(results[0] if len(results) == 1 else results))
    return 0


def run_once(args: argparse.Namespace, tts: str) -> dict[str, object]:
    """Make the chapter once from scratch with speech backend ``tts`` ("" = the default)."""
    out = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="manju-bench-"))
    if out.exists():
        shutil.rmtree(out)
    words = len(Path(args.story).read_text(encoding="utf-8").split())
    cmd = [sys.executable, "-m", "manju.cli.main", "make", args.story, "--out", str(out),
           "--size", args.size, "--fps", args.fps, "--quiet"] + (["--tts", tts] if tts else [])
    wall, cpu = _timed(cmd)
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss

    import av

    with av.open(str(out / "video.mp4")) as c:
        duration = float(c.duration or 0) / 1e6
    tts_used = json.loads((out / "project.json").read_text())["backends"]["tts"]["name"]
    result: dict[str, object] = {
        "tts": tts_used, "story_words": words, "size": args.size, "fps": int(args.fps),
        "cores": os.cpu_count(), "wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
        "peak_rss_mib": round(peak_kib / 1024, 1), "video_s": round(duration, 1),
        "realtime_factor": round(wall / duration, 2) if duration else None,
        # at most this fast on an idle machine of this many cores: CPU shared out evenly
        "speed_if_idle": round(duration / (cpu / (os.cpu_count() or 1)), 2) if cpu else None,
    }
    if args.rerender:
        for kind in ("shots", "stills"):
            shutil.rmtree(out / ".cache" / kind, ignore_errors=True)
        r_wall, r_cpu = _timed(cmd)
        result.update(rerender_wall_s=round(r_wall, 1), rerender_cpu_s=round(r_cpu, 1),
                      rerender_speed_if_idle=round(duration / (r_cpu / (os.cpu_count() or 1)), 2))
    print(json.dumps(result), file=sys.stderr)
    if not args.keep:
        shutil.rmtree(out, ignore_errors=True)
    return result


def _timed(cmd: list[str]) -> tuple[float, float]:
    """Run ``cmd``; its wall-clock and the CPU seconds of its whole process tree (unlike
    wall-clock, CPU time is not inflated by other work on the machine)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    subprocess.run(cmd, check=True)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


if __name__ == "__main__":
    raise SystemExit(main())
