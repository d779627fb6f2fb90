"""Projection: what making a whole library of novels costs on a Ray cluster, from measured
per-shot costs.

Usage: .venv/bin/python bench/scale_projection.py [--novels 60000] [--cpu-per-shot 4.5]
           [--nodes 100] [--cores 32] [--price 0.02] [--seed 0]

The library is simulated: each novel's length in words is drawn from a log-normal
distribution (median ``--median-words``, spread ``--sigma``), turned into shots and seconds
of video with the ratios measured on the benchmark chapter (``manju make`` of
bench/chapter_1000w.txt: 1,013 words -> 65 shots, 339.6 s of video), and each shot costs
``--cpu-per-shot`` CPU seconds (measured: CPU seconds of the whole process tree of that make,
voicing, mixing and sheets included, divided by its shots). Shots are independent Ray tasks,
so the cluster's wall-clock is the total CPU time over its cores, plus the longest single
shot; the figures assume the cores are kept busy (one task per core). Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json

import numpy as np

WORDS, SHOTS, VIDEO_S = 1013, 65, 339.6  # the benchmark chapter (docs/benchmarks.md)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--novels", type=int, default=60000)
    ap.add_argument("--median-words", type=float, default=90000)
    ap.add_argument("--sigma", type=float, default=0.7, help="log-normal spread of novel length")
    ap.add_argument("--cpu-per-shot", type=float, default=4.5,
                    help="CPU seconds per shot, everything included (measured)")
    ap.add_argument("--nodes", type=int, default=100)
    ap.add_argument("--cores", type=int, default=32, help="cores per node")
    ap.add_argument("--price", type=float, default=0.02, help="US dollars per core-hour")
    ap.add_argument("--mbps", type=float, default=1.6, help="video bitrate in Mbit/s (assumed for 1080x1920)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    words = rng.lognormal(np.log(args.median_words), args.sigma, args.novels)
    shots = np.ceil(words * SHOTS / WORDS)
    video_h = words * VIDEO_S / WORDS / 3600
    cpu_h = shots.sum() * args.cpu_per_shot / 3600
    cores = args.nodes * args.cores
    result = {
        "novels": args.novels, "words_total": float(round(words.sum())),
        "novel_words_median": float(round(np.median(words))),
        "novel_words_p99": float(round(np.percentile(words, 99))),
        "shots_total": int(shots.sum()), "video_hours": round(float(video_h.sum()), 0),
        "cpu_hours": round(float(cpu_h), 0), "cluster_cores": cores,
        "wall_days": round(float(cpu_h / cores / 24), 1),
        "cost_usd": round(float(cpu_h * args.price), 0),
        "cost_per_video_hour_usd": round(float(cpu_h * args.price / video_h.sum()), 3),
        "output_tb": round(float(video_h.sum() * 3600 * args.mbps / 8 / 1e6), 1),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
