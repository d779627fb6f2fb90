"""Kokoro-82M voices for manju voice dicts (used by ``tts.kokoro``).

A manju voice is ``{"engine", "voice", "pitch", "speed", "lang"}`` (see
:class:`manju.audio.voices.VoiceSpec`). For the Kokoro backend its ``voice`` is either

* a Kokoro voice name (``"af_heart"``) or a blend of them (``"af_bella:0.6,am_adam:0.4"``;
  weights are normalised to sum 1, a missing weight counts 1), or
* an espeak voice as cast by :func:`manju.audio.voices.assign_voices` (``"en-us+f3"``,
  ``"cmn-latn-pinyin+m2"``), which is mapped to a fixed Kokoro voice or blend by its variant,
  so projects cast for espeak keep one distinct neural voice per character. The narrator's
  ``en-gb+m7`` becomes the British ``bm_fable``; Mandarin lines use the eight Mandarin voices
  and blends of them.

``pitch`` (espeak ``-p`` 0..99, 50 neutral) becomes a small pitch/formant shift of at most
:data:`MAX_SHIFT` semitones (children higher, emotions' pitch offsets audible) and
``speed`` (espeak words per minute) a speed factor relative to 165 wpm (English) or
157 wpm (Mandarin, which manju casts 5 % slower). Kokoro has no pitch input: the shift is
made by synthesising slower and resampling (see :mod:`manju.backends.kokoro`).
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

__all__ = [
    "ENGLISH", "MANDARIN", "VOICES", "is_kokoro_voice", "parse_blend", "kokoro_voice",
    "speed_factor", "pitch_semitones", "espeak_lang", "MAX_SHIFT",
]

#: Kokoro voices manju knows (the English and Mandarin ones of Kokoro-82M v1.0)
ENGLISH = (
    "af_alloy", "af_aoede", "af_bella", "af_heart", "af_jessica", "af_kore", "af_nicole",
    "af_nova", "af_river", "af_sarah", "af_sky", "am_adam", "am_echo", "am_eric", "am_fenrir",
    "am_liam", "am_michael", "am_onyx", "am_puck", "am_santa", "bf_alice", "bf_emma",
    "bf_isabella", "bf_lily", "bm_daniel", "bm_fable", "bm_george", "bm_lewis",
)
MANDARIN = (
    "zf_xiaobei", "zf_xiaoni", "zf_xiaoxiao", "zf_xiaoyi",
    "zm_yunjian", "zm_yunxi", "zm_yunxia", "zm_yunyang",
)
VOICES = ENGLISH + MANDARIN

MAX_SHIFT = 2.0
"""Largest pitch shift (semitones) made from a voice's ``pitch`` field."""
PITCH_SCALE = 0.5
"""Fraction of espeak's pitch step (78 steps an octave) applied as a shift."""

_NAME = re.compile(r"^[a-z][fm]_[a-z]+$")

# espeak variant -> Kokoro voice or blend, per language. Keys follow the order in which
# assign_voices' pools hand variants out, so the first characters of each gender get the
# best-rated voices; every cast variant maps to a different voice or blend.
_EN: dict[str, str] = {
    # women (adult, young, child, old), then the whispering variant
    "f3": "af_heart", "f1": "af_bella", "andrea": "bf_emma", "f4": "af_sarah",
    "belinda": "af_kore", "f2": "af_aoede", "linda": "af_alloy", "aunty": "bf_isabella",
    "f5": "af_nova", "annie": "af_sky", "alicia": "af_jessica", "grandma": "bf_alice",
    "whisperf": "af_nicole",
    # men
    "m3": "am_michael", "klatt4": "am_fenrir", "m1": "am_puck", "m6": "am_echo",
    "lee": "am_onyx", "m2": "am_liam", "edward": "bm_daniel", "m5": "am_eric",
    "andy": "am_adam", "denis": "bm_lewis", "m4": "am_michael:0.5,am_fenrir:0.5",
    "grandpa": "am_santa", "croak": "am_santa:0.4,bm_lewis:0.6", "m7": "bm_george",
    "klatt5": "bm_george:0.5,am_onyx:0.5", "whisper": "am_echo:0.6,am_onyx:0.4",
    # the first voice of the "unknown" pool: in between
    "klatt2": "am_puck:0.5,af_kore:0.5",
}
_EN_NARRATOR = "bm_fable"  # en-gb+m7, the English narrator
_ZH: dict[str, str] = {
    "f3": "zf_xiaoxiao", "f1": "zf_xiaobei", "andrea": "zf_xiaoni",
    "f4": "zf_xiaoxiao:0.5,zf_xiaobei:0.5", "belinda": "zf_xiaoni:0.5,zf_xiaoxiao:0.5",
    "f2": "zf_xiaobei:0.5,zf_xiaoni:0.5", "linda": "zf_xiaoyi:0.5,zf_xiaobei:0.5",
    "aunty": "zf_xiaoni:0.7,zf_xiaobei:0.3", "f5": "zf_xiaoyi",
    "annie": "zf_xiaoyi:0.6,zf_xiaoxiao:0.4", "alicia": "zf_xiaoyi:0.7,zm_yunxia:0.3",
    "grandma": "zf_xiaobei:0.7,zf_xiaoni:0.3", "whisperf": "zf_xiaoxiao:0.7,zf_xiaoni:0.3",
    "m3": "zm_yunjian", "klatt4": "zm_yunxi", "m1": "zm_yunjian:0.5,zm_yunyang:0.5",
    "m6": "zm_yunxi:0.5,zm_yunjian:0.5", "lee": "zm_yunyang:0.6,zm_yunxi:0.4",
    "m2": "zm_yunxia", "edward": "zm_yunjian:0.7,zm_yunxi:0.3",
    "m5": "zm_yunxia:0.5,zm_yunxi:0.5", "andy": "zm_yunxi:0.7,zm_yunxia:0.3",
    "denis": "zm_yunyang:0.7,zm_yunjian:0.3", "m4": "zm_yunxi:0.7,zm_yunjian:0.3",
    "grandpa": "zm_yunyang:0.5,zm_yunjian:0.5", "croak": "zm_yunjian:0.6,zm_yunyang:0.4",
    "m7": "zm_yunyang", "klatt5": "zm_yunyang:0.4,zm_yunxi:0.6",
    "whisper": "zm_yunxi:0.5,zm_yunyang:0.5", "klatt2": "zm_yunxi:0.5,zf_xiaoxiao:0.5",
}
_FEMALE = {"f1", "f2", "f3", "f4", "f5", "annie", "andrea", "alicia", "belinda", "linda",
           "aunty", "grandma", "whisperf"}
# for variants outside the tables: a stable pick by the variant's name
_FALLBACK = {
    ("en", "female"): ("af_heart", "af_bella", "bf_emma", "af_sarah", "af_kore", "af_aoede"),
    ("en", "male"): ("am_michael", "am_fenrir", "am_puck", "bm_george", "am_echo", "am_onyx"),
    ("zh", "female"): ("zf_xiaoxiao", "zf_xiaobei", "zf_xiaoni", "zf_xiaoyi"),
    ("zh", "male"): ("zm_yunjian", "zm_yunxi", "zm_yunyang", "zm_yunxia"),
}
_REF_SPEED = {"en": 165.0, "zh": 165.0 * 0.95}


def is_kokoro_voice(voice: str) -> bool:
    """True when ``voice`` names Kokoro voices (``"af_heart"``, ``"af_bella:0.6,am_adam:0.4"``)
    rather than an espeak voice."""
    parts = [p.strip() for p in str(voice).split(",")]
    return bool(parts) and all(_NAME.match(p.split(":", 1)[0].strip()) for p in parts)


def parse_blend(voice: str) -> list[tuple[str, float]]:
    """``"af_bella:0.6,am_adam:0.4"`` -> ``[("af_bella", 0.6), ("am_adam", 0.4)]``.

    Weights are normalised to sum 1; a part without a weight counts 1 (``"a,b"`` is an even
    blend); the same voice named twice adds up. Raises ``ValueError`` for a malformed spec
    (bad name, weight not a positive number, nothing left).
    """
    weights: dict[str, float] = {}
    for part in str(voice).split(","):
        part = part.strip()
        if not part:
            continue
        name, _, w = part.partition(":")
        name = name.strip()
        if not _NAME.match(name):
            raise ValueError(f"{name!r} is not a Kokoro voice name (like af_heart)")
        try:
            weight = float(w) if w.strip() else 1.0
        except ValueError:
            raise ValueError(f"the weight of {name!r} is not a number: {w!r}") from None
        if not weight > 0 or weight == float("inf"):
            raise ValueError(f"the weight of {name!r} must be a positive number, not {w!r}")
        weights[name] = weights.get(name, 0.0) + weight
    if not weights:
        raise ValueError(f"no Kokoro voice in {voice!r}")
    total = sum(weights.values())
    return [(n, w / total) for n, w in weights.items()]


def voice_lang(voice: dict[str, Any]) -> str:
    """"zh" for a Mandarin line (``lang`` zh/cmn or a ``cmn`` espeak voice), else "en"."""
    lang = str(voice.get("lang") or "").lower()
    base = str(voice.get("voice") or "").split("+", 1)[0].lower()
    return "zh" if lang.startswith(("zh", "cmn")) or base.startswith(("cmn", "zh")) else "en"


def kokoro_voice(voice: dict[str, Any], lang: str | None = None) -> str:
    """The Kokoro voice (or blend) that speaks a manju voice dict; deterministic.

    ``lang`` ("en"/"zh") overrides the voice's own language when choosing for an espeak
    voice (a Chinese line given an English voice is spoken by a Mandarin one).
    """
    name = str(voice.get("voice") or "").strip()
    if name and is_kokoro_voice(name):
        return name
    lang = lang if lang in ("en", "zh") else voice_lang(voice)
    base, _, variant = name.partition("+")
    key = variant.strip().lower()
    if lang == "en" and key == "m7" and base.lower() == "en-gb":
        return _EN_NARRATOR
    table = _ZH if lang == "zh" else _EN
    if key in table:
        return table[key]
    gender = "female" if key in _FEMALE or "female" in key else "male"
    pool = _FALLBACK[(lang, gender)]
    h = hashlib.sha256(f"{lang}|{name}".encode()).digest()
    return pool[h[0] % len(pool)]


def espeak_lang(kokoro: str) -> str:
    """The espeak-ng language that phonemizes English for a Kokoro voice: British for b*."""
    first = parse_blend(kokoro)[0][0] if kokoro else "a"
    return "en-gb" if first.startswith("b") else "en-us"


def speed_factor(voice: dict[str, Any]) -> float:
    """Kokoro speed from the voice's espeak ``speed`` (words a minute), within 0.6..1.6."""
    try:
        wpm = float(voice.get("speed", 0) or 0)
    except (TypeError, ValueError):
        wpm = 0.0
    if wpm <= 0:
        return 1.0
    return round(min(1.6, max(0.6, wpm / _REF_SPEED[voice_lang(voice)])), 4)


def pitch_semitones(voice: dict[str, Any], scale: float = PITCH_SCALE,
                    limit: float = MAX_SHIFT) -> float:
    """Pitch shift in semitones from the voice's espeak ``pitch`` (50 = none)."""
    try:
        pitch = float(voice.get("pitch", 50))
    except (TypeError, ValueError):
        pitch = 50.0
    st = (pitch - 50.0) * 12.0 / 78.0 * scale
    return round(min(limit, max(-limit, st)), 3)
