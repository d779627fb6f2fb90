"""Speed of ``manju index`` and ``manju search``.

Indexing: copies of the five example projects (bench/search_eval.py makes them), every line
of each copy made distinct so that nothing is reused, indexed from scratch; the throughput
is extrapolated to 10,000 shots. Query latency: an index of 10,000 shots (the indexed rows
repeated under new ids, so the matrix and BM25 have their full size), the median and 95th
percentile of 30 queries after the first.

    .venv/bin/python bench/search_speed.py [--copies 4] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

QUERIES = ["Mara refuses to leave", "someone cut the fuel line", "林晚在公司楼下等陆川",
           "a boy kneels in the snow", "外卖员在大雪里骑电动车", "she offers him a job",
           "the elder draws his sword", "他已经去了机场", "a ship in the storm", "你很善良"]


def copies(work: Path, sources: list[Path], n: int) -> list[Path]:
    """``n`` copies of each source project with every line made distinct (a copy number
    appended), so that the index must embed every shot."""
    from manju.doc import io

    out = []
    for k in range(n):
        for src in sources:
            dst = work / f"{src.name}_{k}"
            if dst.exists():
                shutil.rmtree(dst)
            dst.mkdir(parents=True)
            p = io.load(src / "project.json")
            for ln in p.lines():
                ln.text = f"{ln.text} ({k})"
            io.save(p, dst / "project.json")
            out.append(dst)
    return out


def grow(index: Path, target: int) -> int:
    """Repeat the index's shots under new ids until it holds ``target``; returns the count."""
    db = sqlite3.connect(str(index))
    with db:
        n = db.execute("SELECT count(*) FROM shots").fetchone()[0]
        k = 0
        while n < target:
            k += 1
            db.execute("INSERT INTO shots SELECT project, shot || ?, number, start, \"end\", line, "
                       "speakers, passage, words, lang, digest, vector FROM shots "
                       "WHERE instr(shot, '#') = 0 LIMIT ?", (f"#{k}", target - n))
            n = db.execute("SELECT count(*) FROM shots").fetchone()[0]
    db.close()
    return int(n)


def main(argv: list[str] | None = None) -> int:
    """Measure and print."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "manju-search-eval")
    ap.add_argument("--copies", type=int, default=4)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    import search_eval

    from manju.search.embed import E5Embedder
    from manju.search.engine import Searcher
    from manju.search.store import update

    spec = json.loads(search_eval.QUERIES.read_text(encoding="utf-8"))
    sources = search_eval.build_projects(args.work, spec["projects"])
    speed = args.work / "speed"
    dirs = copies(speed, sources, args.copies)
    index = speed / "speed-index.sqlite"
    index.unlink(missing_ok=True)
    embedder = E5Embedder()
    embedder.passages(["warm up"])  # loading the model is not indexing
    t0, c0 = time.perf_counter(), time.process_time()
    report = update(index, dirs, embedder)
    took, cpu = time.perf_counter() - t0, time.process_time() - c0
    per_shot = took / report.shots
    t1 = time.perf_counter()
    again = update(index, dirs, embedder)
    unchanged = time.perf_counter() - t1
    rows = grow(index, 10_000)
    t2 = time.perf_counter()
    searcher = Searcher(index, embedder)
    searcher.search(QUERIES[0], 5)
    first = time.perf_counter() - t2
    lat = []
    for i in range(30):
        t = time.perf_counter()
        searcher.search(QUERIES[(i + 1) % len(QUERIES)], 5)
        lat.append(time.perf_counter() - t)
    result = {
        "shots_indexed": report.shots, "passages_embedded": report.shots_embedded,
        "index_seconds": round(took, 2), "ms_per_shot": round(per_shot * 1000, 1),
        "extrapolated_10k_seconds": round(per_shot * 10_000, 1),
        # CPU seconds of all threads: on a machine shared with other work the wall time
        # says more about the others; spread over the cores it is the idle-machine time
        "cpu_ms_per_shot": round(cpu / report.shots * 1000, 1),
        "extrapolated_10k_seconds_idle": round(cpu / report.shots * 10_000 / (os.cpu_count() or 1), 1),
        "load_average": round(os.getloadavg()[0], 1),
        "reindex_unchanged_seconds": round(unchanged, 3),
        "reindex_embedded": again.shots_embedded,
        "query_index_shots": rows, "first_query_seconds": round(first, 2),
        "query_ms_median": round(statistics.median(lat) * 1000, 1),
        "query_ms_p95": round(sorted(lat)[int(len(lat) * 0.95) - 1] * 1000, 1),
    }
    if args.json:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f"{k:<28} {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
