"""Benchmark: peak memory of the whole ``manju make`` process tree, sampled during the run.

Usage: .venv/bin/python bench/memory.py [--minutes 30] [--size 360x640] [--fps 12]
                                        [--story PATH] [--tts fake] [--keep DIR] [--no-music]

Without ``--story`` it writes a synthetic story of about ``--minutes`` minutes of video (two
speakers and a narrator, a scene break every few paragraphs, rain in some scenes), runs
``manju make`` on it and samples, every ``--interval`` seconds, the resident memory of every
process in the tree (the command and its render workers) from /proc (psutil when installed).
It reports the peak of the summed RSS, the peak of the summed PSS (shared pages counted once),
the largest single process, and which stage was running at each peak (read from
project.json's ``stages_done``). Prints one JSON object; docs/benchmarks.md keeps the figures.
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
import threading
import time
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")
SPEAKERS = (("Mara", "she"), ("Elias", "he"))
EMOTIONS = ("said", "whispered", "shouted", "asked", "replied")
WORDS = ("harbour lamp tide rope storm lantern gull keeper ledger window stair salt night "
         "morning boat island bell fog ladder map coin letter door").split()


def synthetic_story(minutes: float, chapters: int = 1) -> str:
    """A story of about ``minutes`` minutes of video: short dialogue turns and narration,
    scene breaks every eight paragraphs, some rain; ``chapters`` > 1 adds chapter headings."""
    # About 4.5 s of video per paragraph of this shape (measured on the fake voice).
    per_chapter = max(4, int(minutes * 60 / 4.5 / chapters))
    out: list[str] = []
    k = 0
    for c in range(chapters):
        if chapters > 1:
            out.append(f"Chapter {c + 1}")
        for i in range(per_chapter):
            k += 1
            w = [WORDS[(k * 7 + j * 3) % len(WORDS)] for j in range(6)]
            if i and i % 8 == 0:
                out.append("* * *")
                if (i // 8) % 3 == 1:
                    out.append(f"Rain fell on the {w[0]} and the {w[1]} all night.")
            if i % 4 == 3:
                out.append(f"The {w[0]} creaked by the {w[1]}, and the {w[2]} went dark {k} times.")
            else:
                name, _ = SPEAKERS[i % 2]
                verb = EMOTIONS[k % len(EMOTIONS)]
                out.append(f'"The {w[3]} by the {w[4]} is {k} steps from the {w[5]}," {verb} {name}.')
    return "\n\n".join(out) + "\n"


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def _tree(root: int) -> list[int]:
    pids, todo = [], [root]
    while todo:
        p = todo.pop()
        pids.append(p)
        todo.extend(_children(p))
    return pids


def _rss_pss(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in bytes; zeros when it has gone."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1]) * 1024
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
        return rss, pss
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm") as f:
            rss = int(f.read().split()[1]) * PAGE
    except OSError:
        return 0, 0
    return rss, rss


def _sample_tree(root: int) -> tuple[int, int, int, int]:
    """Summed RSS, summed PSS, largest RSS and process count of the tree under ``root``."""
    try:
        import psutil  # optional: the same figures, more portably

        proc = psutil.Process(root)
        procs = [proc, *proc.children(recursive=True)]
        rss = [p.memory_info().rss for p in procs if p.is_running()]
        return sum(rss), sum(rss), max(rss, default=0), len(rss)
    except ImportError:
        pass
    except Exception:  # noqa: BLE001 - a process ended between listing and reading
        return 0, 0, 0, 0
    vals = [_rss_pss(p) for p in _tree(root)]
    return (sum(v[0] for v in vals), sum(v[1] for v in vals), max((v[0] for v in vals), default=0),
            len(vals))


class Sampler(threading.Thread):
    """Samples a process tree's memory until stopped; keeps the peaks and the stage at each."""

    def __init__(self, pid: int, out: Path, interval: float) -> None:
        super().__init__(daemon=True)
        self.pid, self.out, self.interval = pid, out, interval
        self.stop = threading.Event()
        self.peak_rss = self.peak_pss = self.peak_single = 0
        self.peak_stage = ""
        self.max_procs = 0
        self.samples = 0
        self.by_stage: dict[str, int] = {}
        self._stage_mtime = 0.0
        self._stage = "start"

    def _current_stage(self) -> str:
        """The stage after the last one project.json records as done."""
        p = self.out / "project.json"
        try:
            m = p.stat().st_mtime
            if m != self._stage_mtime:
                self._stage_mtime = m
                done = json.loads(p.read_text(encoding="utf-8")).get("stages_done", [])
                order = ["adapt", "cast", "voice", "board", "plate", "render", "assemble"]
                rest = [s for s in order if s not in done and s != "plate"]
                self._stage = rest[0] if rest else "sheets"
        except (OSError, ValueError):
            pass
        return self._stage

    def run(self) -> None:
        while not self.stop.is_set():
            rss, pss, single, n = _sample_tree(self.pid)
            stage = self._current_stage()
            self.samples += 1
            self.max_procs = max(self.max_procs, n)
            self.by_stage[stage] = max(self.by_stage.get(stage, 0), rss)
            if rss > self.peak_rss:
                self.peak_rss, self.peak_stage = rss, stage
            self.peak_pss = max(self.peak_pss, pss)
            self.peak_single = max(self.peak_single, single)
            self.stop.wait(self.interval)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=30.0, help="length of the synthetic story")
    ap.add_argument("--chapters", type=int, default=1)
    ap.add_argument("--story", help="a story file instead of the synthetic one")
    ap.add_argument("--size", default="360x640")
    ap.add_argument("--fps", default="12")
    ap.add_argument("--tts", default="fake")
    ap.add_argument("--workers", default="2")
    ap.add_argument("--no-music", action="store_true")
    ap.add_argument("--interval", type=float, default=0.1)
    ap.add_argument("--keep", help="make into this directory and keep it")
    ap.add_argument("--extra", default="", help="more manju make options, space-separated")
    args = ap.parse_args()

    out = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="manju-mem-"))
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    story = Path(args.story) if args.story else out.parent / f"{out.name}-story.txt"
    if not args.story:
        story.write_text(synthetic_story(args.minutes, args.chapters), encoding="utf-8")
    cmd = [sys.executable, "-m", "manju.cli.main", "make", str(story), "--out", str(out),
           "--size", args.size, "--fps", args.fps, "--tts", args.tts, "--quiet", "--yes",
           "--workers", args.workers] + (["--no-music"] if args.no_music else []) + args.extra.split()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, env={**os.environ, "MANJU_TTS": args.tts})
    sampler = Sampler(proc.pid, out, args.interval)
    sampler.start()
    rc = proc.wait()
    sampler.stop.set()
    sampler.join()
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    video = out / "video.mp4"
    duration = 0.0
    if video.exists():
        import av

        with av.open(str(video)) as c:
            duration = float(c.duration or 0) / 1e6
    mib = 1 << 20
    result = {
        "rc": rc, "story": str(story) if args.story else f"synthetic {args.minutes:g} min",
        "size": args.size, "fps": int(args.fps), "tts": args.tts, "video_s": round(duration, 1),
        "wall_s": round(wall, 1), "cpu_s": round(cpu, 1), "samples": sampler.samples,
        "processes_max": sampler.max_procs,
        "peak_tree_rss_mib": round(sampler.peak_rss / mib, 1),
        "peak_tree_pss_mib": round(sampler.peak_pss / mib, 1),
        "peak_single_rss_mib": round(sampler.peak_single / mib, 1),
        "peak_stage": sampler.peak_stage,
        "peak_rss_by_stage_mib": {k: round(v / mib, 1) for k, v in sampler.by_stage.items()},
        "largest_process_maxrss_mib": round(after.ru_maxrss / 1024, 1),
    }
    print(json.dumps(result))
    if not args.keep:
        shutil.rmtree(out, ignore_errors=True)
        if not args.story:
            story.unlink(missing_ok=True)
    return 0 if rc == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
