"""Benchmark: are the four Mandarin tones audible in each cast voice?

No offline Mandarin recogniser ships in a package, so the tones are measured instead: each
voice speaks a carrier sentence whose last word is 妈 (mā, tone 1, high level), 麻 (má, tone 2,
rising), 马 (mǎ, tone 3, low dipping) or 骂 (mà, tone 4, falling) as its first word, followed
by a voiceless consonant so the word's voicing ends with it. Its pitch contour (semitones
against the median of the four words, five points over the syllable after its onset) is classified by shape
(tone 3 before another tone is a low "half third", so low counts as dipping):

the nearest of four templates written in Chao's tone letters, after the T-value
normalisation (the voice's lowest point over the four words is letter 1, its highest 5):
tone 1 = 55, tone 2 = 35, tone 3 = 21 (the half third it becomes before another tone),
tone 4 = 51.

A tone counts as heard when its own contour is classified as that tone. Reported per voice:
the contours and how many of the four tones are distinct. Needs the neural voices
(``bash scripts/install-kokoro.sh``).

Usage: .venv/bin/python bench/tones_zh.py [--voices zf_xiaoxiao,zm_yunjian] [--carrier "…{}。"]
Prints one JSON object; docs/benchmarks.md ("Mandarin tones") records the latest figures.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import numpy as np

TARGETS = {1: "妈", 2: "麻", 3: "马", 4: "骂"}
CARRIERS = ("{}这个字怎么写？", "{}是什么意思？")
POINTS = 5


def first_syllable(x: np.ndarray, sr: int) -> list[float] | None:
    """Five pitch points (Hz) over the first voiced run of ``x``: the target word, which the
    carrier follows with a voiceless consonant (这 zh, 是 sh) so its voicing ends with it."""
    from manju.audio.analysis import pitch_track

    f0 = pitch_track(x, sr, fmin=70.0, fmax=450.0)
    voiced = np.flatnonzero(f0 > 0)
    if voiced.size < 6:
        return None
    a = b = int(voiced[0])
    gap = 0
    while b + 1 < f0.size and gap < 3:  # up to the first gap of 30 ms
        b += 1
        gap = gap + 1 if f0[b] == 0 else 0
    f = f0[a:b + 1 - gap]
    idx = np.flatnonzero(f > 0)
    if idx.size < 5:
        return None
    f = np.interp(np.arange(f.size), idx, f[idx])
    med = float(np.median(f))
    f = np.where(f > med * 1.7, f / 2, np.where(f < med / 1.7, f * 2, f))  # octave slips
    f = f[f.size // 5:]  # the nasal onset (m) carries no tone yet
    cuts = np.linspace(0, f.size, POINTS + 1).astype(int)
    return [float(np.median(f[p:max(q, p + 1)])) for p, q in zip(cuts[:-1], cuts[1:], strict=True)]


def semitones(hz: list[float], ref_hz: float) -> list[float]:
    """Hz points as semitones from ``ref_hz``."""
    return [round(12 * float(np.log2(h / ref_hz)), 2) for h in hz]


# Chao tone letters (1 low .. 5 high) at the five points, the third tone as the "half
# third" (21) it becomes before another tone.
TEMPLATES = {1: (5, 5, 5, 5, 5), 2: (3, 3.25, 3.75, 4.5, 5), 3: (2, 1.75, 1.5, 1.25, 1),
             4: (5, 4.25, 3.25, 2, 1)}


def tone_letters(contours: dict[int, list[float]]) -> dict[int, list[float]]:
    """Semitone contours as tone letters 1..5 by the T-value normalisation (the speaker's
    lowest point over the four words is 1, the highest 5), so each voice is judged within
    its own range."""
    pts = [p for c in contours.values() for p in c]
    lo, hi = min(pts), max(pts)
    span = max(hi - lo, 1e-6)
    return {t: [round(1 + 4 * (p - lo) / span, 2) for p in c] for t, c in contours.items()}


def classify(letters: list[float]) -> int:
    """The tone whose template is nearest to a contour in tone letters."""
    def dist(t: tuple[float, ...]) -> float:
        return float(sum((a - b) ** 2 for a, b in zip(letters, t, strict=True)))

    return min(TEMPLATES, key=lambda k: dist(TEMPLATES[k]))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--voices", help="comma-separated Kokoro voices (default: the Mandarin cast)")
    ap.add_argument("--carrier", action="append", help="a sentence with {} for the target")
    args = ap.parse_args()
    from manju.audio.kokoro_voices import MANDARIN
    from manju.audio.voices import assign_voices
    from manju.backends.kokoro import KokoroTTS

    tts = KokoroTTS()
    if args.voices:
        voices = [v.strip() for v in args.voices.split(",") if v.strip()]
    else:  # the eight Mandarin voices plus the blends a cast of nine gets
        cast = assign_voices([("a", "male", "adult"), ("b", "female", "adult"),
                              ("c", "male", "adult"), ("d", "female", "young"),
                              ("e", "male", "old"), ("f", "female", "adult"),
                              ("g", "male", "young"), ("h", "female", "old"),
                              ("i", "female", "child")], "zh", engine="kokoro")
        voices = list(dict.fromkeys([*MANDARIN, *(s.voice for s in cast.values())]))
    carriers = args.carrier or list(CARRIERS)
    report: dict[str, Any] = {"carriers": carriers, "voices": {}}
    heard_all = total = 0
    for v in voices:
        rows: dict[str, Any] = {}
        heard = 0
        for carrier in carriers:
            clips = {t: tts.synthesize(carrier.format(ch), {"voice": v, "lang": "zh"})
                     for t, ch in TARGETS.items()}
            sr = next(iter(clips.values()))[1]
            hz = {t: first_syllable(x, sr) for t, (x, _) in clips.items()}
            ref = float(np.median([h for c in hz.values() if c for h in c]))
            cs = {t: semitones(c, ref) if c else None for t, c in hz.items()}
            found = {t: c for t, c in cs.items() if c}
            letters = tone_letters(found) if found else {}
            for t, c in cs.items():
                got = classify(letters[t]) if t in letters else 0
                heard += got == t
                rows.setdefault(TARGETS[t], []).append(
                    {"contour_st": c, "tone_letters": letters.get(t), "heard_as": got})
        n = len(carriers) * len(TARGETS)
        report["voices"][v] = {"tones_heard": f"{heard}/{n}", "contours": rows}
        heard_all += heard
        total += n
        print(f"{v}: {heard}/{n}", file=sys.stderr)
    report["tones_heard"] = f"{heard_all}/{total}"
    report["rate"] = round(heard_all / max(1, total), 3)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
