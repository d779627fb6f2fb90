"""Benchmark: the CPU the Kokoro voices spend per second of speech, and where it goes.

Speaks a fixed set of lines (20 English lines of ``manju.audio.intelligibility.LINES`` and 10
Mandarin lines, round-robin by the narrator and a cast of seven cast from Kokoro's palette,
the characters' lines with emotions, as a project's lines are) through
``KokoroTTS.synthesize``, the path the voice stage takes, on ``--workers`` threads (the voice
stage's pool) with ``--threads`` onnxruntime threads each. Loading the model is measured
apart. Reported: CPU seconds per second of speech (this
process and its children, everything from text to levelled clip, pauses counted as speech),
the part spent inside the model's runs (only with ``--threads 1``, where a run uses the
calling thread alone), the seconds of audio the model made against the seconds of it kept
(the rest is silence at each phrase's edges, trimmed away), model calls, and a sha256 of every
clip's samples (identical samples, identical digest).

Needs the neural voices (``bash scripts/install-kokoro.sh``).

Usage: nice -n 19 .venv/bin/python bench/voices_cpu.py [--workers 1] [--threads 1]
       [--lang en,zh]
Prints one JSON object; docs/benchmarks.md ("Voices") records the latest figures.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import resource
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

ZH_LINES = (
    "船长说，我们明天一早就出发去海边。",
    "你听见河对岸的钟声了吗？",
    "我早就告诉过你，这座桥撑不住我们。",
    "天黑以前，我们一定要翻过这座山。",
    "老船长对我们说，明天一早就出发。天黑以前，一定要翻过这座山。",
    "我在门口等了很久，可是没有人来。",
    "市场上挤满了买苹果、奶酪和蜂蜜的人。",
    "她把厨房刷成了绿色，又挂上了新窗帘。",
    "孩子们堆了一个雪人，用胡萝卜做鼻子。",
    "音乐停下来的时候，大家都转过头去看钢琴。",
)


def cpu_seconds() -> float:
    """CPU time of this process (all threads) and its finished children."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    ch = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + ch.ru_utime + ch.ru_stime


def jobs(backend: Any, langs: list[str]) -> list[tuple[str, dict[str, Any]]]:
    """(text, voice dict) for every line, voices cast and emotions delivered as in a project."""
    from manju.audio import intelligibility as intel
    from manju.audio.voices import assign_voices, emotion_adjust

    out = []
    for lang in langs:
        lines = intel.LINES[:20] if lang == "en" else list(ZH_LINES)
        cast = assign_voices(intel.CAST, lang, engine="kokoro")
        speakers = ["narrator", *(cid for cid, _, _ in intel.CAST)]
        for i, line in enumerate(lines):
            speaker = speakers[i % len(speakers)]
            voice: dict[str, Any] = dataclasses.asdict(cast[speaker])
            if speaker != "narrator":
                emotion = intel.EMOTIONS[i % len(intel.EMOTIONS)]
                voice = dataclasses.asdict(emotion_adjust(cast[speaker], emotion))
                d = backend.delivery(voice, emotion, line)
                if d:
                    voice["delivery"] = d
            out.append((line, voice))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workers", type=int, default=1, help="lines spoken at once (threads)")
    ap.add_argument("--threads", type=int, default=1, help="onnxruntime threads per line")
    ap.add_argument("--lang", default="en,zh")
    args = ap.parse_args()
    from manju.backends import kokoro

    backend = kokoro.KokoroTTS(threads=args.threads)
    todo = jobs(backend, [x.strip() for x in args.lang.split(",") if x.strip()])
    c0 = cpu_seconds()
    engine = kokoro._engine(backend.threads)
    load = cpu_seconds() - c0

    stats = {"model_cpu": 0.0, "calls": 0, "made": 0, "kept": 0}
    lock = threading.Lock()
    run = engine.session.run

    def timed_run(*a: Any, **k: Any) -> Any:
        t = time.thread_time()
        out = run(*a, **k)
        with lock:
            stats["model_cpu"] += time.thread_time() - t
            stats["calls"] += 1
            stats["made"] += int(np.asarray(out[0]).size)
        return out

    trim = kokoro.trim_silence

    def counted_trim(x: np.ndarray, sr: int, pad_s: float) -> np.ndarray:
        y = trim(x, sr, pad_s)
        with lock:
            stats["kept"] += int(y.size)
        return y

    engine.session.run = timed_run  # type: ignore[method-assign]
    kokoro.trim_silence = counted_trim  # type: ignore[assignment]
    c0, w0 = cpu_seconds(), time.time()
    with ThreadPoolExecutor(max_workers=max(1, args.workers)) as pool:
        clips = list(pool.map(lambda j: backend.synthesize(*j)[0], todo))
    cpu, wall = cpu_seconds() - c0, time.time() - w0
    speech = sum(len(x) for x in clips) / kokoro.SR
    digest = hashlib.sha256()
    for x in clips:
        digest.update(np.asarray(x, dtype="<f4").tobytes())
    report: dict[str, Any] = {
        "lines": len(todo), "workers": args.workers, "threads": args.threads,
        "speech_s": round(speech, 1), "cpu_s": round(cpu, 1), "wall_s": round(wall, 1),
        "cpu_s_per_speech_s": round(cpu / speech, 3),
        "model_calls": stats["calls"],
        "model_audio_s": round(stats["made"] / kokoro.SR, 1),
        "model_audio_kept_s": round(stats["kept"] / kokoro.SR, 1),
        "load_cpu_s": round(load, 2),
        "samples_sha256": digest.hexdigest()[:16],
    }
    if args.threads == 1:
        report["model_cpu_share"] = round(stats["model_cpu"] / max(cpu, 1e-9), 4)
        report["model_cpu_s_per_model_audio_s"] = round(
            stats["model_cpu"] / max(stats["made"] / kokoro.SR, 1e-9), 3)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
