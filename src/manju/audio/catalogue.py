"""The voices a user can cast: Kokoro's neural voices by language and gender, with samples.

Used by ``manju voices``; a project's own cast is listed by
:meth:`manju.session.Session.cast_voices`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["catalogue", "catalogue_samples", "SAMPLE_TEXT"]

#: what a sample says when no text is given, per language
SAMPLE_TEXT = {
    "en": "The harbour lights went out one by one, and still nobody came to the door.",
    "zh": "港口的灯一盏一盏地熄灭了，可是始终没有人来敲门。",
}
_ACCENT = {"a": "American", "b": "British", "z": "Mandarin"}


def catalogue(lang: str | None = None) -> list[dict[str, Any]]:
    """One row per Kokoro voice (``voice``, ``lang``, ``gender``, ``note``), optionally only
    ``lang`` ("en" or "zh"); ``note`` says the accent and whether the voice is installed."""
    from manju.audio.kokoro_voices import VOICES
    from manju.backends.kokoro import voices_dir

    folder = voices_dir()
    rows = []
    for name in VOICES:
        vlang = "zh" if name.startswith("z") else "en"
        if lang and vlang != lang:
            continue
        installed = (folder / f"{name}.bin").is_file()
        rows.append({"voice": name, "lang": vlang,
                     "gender": "female" if name[1] == "f" else "male",
                     "note": _ACCENT[name[0]] + ("" if installed else " (not installed)")})
    return rows


def catalogue_samples(rows: list[dict[str, Any]], out: str | Path,
                      text: str | None = None) -> list[dict[str, Any]]:
    """Speak a sample in each voice of ``rows`` into ``out/<voice>.wav``; rows with ``sample``."""
    from manju.audio.wav import write_wav
    from manju.backends.kokoro import KokoroTTS

    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    tts = KokoroTTS()
    done = []
    for r in rows:
        samples, sr = tts.synthesize(text or SAMPLE_TEXT[r["lang"]],
                                     {"voice": r["voice"], "lang": r["lang"]})
        path = write_wav(folder / f"{r['voice']}.wav", samples, sr)
        done.append({**r, "sample": str(path)})
    return done
