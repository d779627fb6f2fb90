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

Emotions (:func:`emotion_delivery`): each has a direction (livelier for happy, surprised and
scared; livelier and brighter for laugh; more forceful for angry and shout; more subdued for
sad, smug, disgusted and thought; breathier for whisper) scored on each voice's measured delivery (f0, f0 range, speaking rate,
periodicity, spectral tilt: ``bench/voices_delivery.py --profiles``), and the character's
voice borrows a small share of the prosody of the voice of its accent and gender that goes
furthest that way. Each emotion also sets how long the line pauses between its sentences and
its clauses (longer when sad, whispered or thought, shorter when angry or shouted, halting
within sentences when scared).
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from manju.audio.voices import Palette

__all__ = [
    "ENGLISH", "MANDARIN", "VOICES", "is_kokoro_voice", "parse_blend", "kokoro_voice",
    "speed_factor", "pitch_semitones", "espeak_lang", "MAX_SHIFT", "kokoro_palette",
    "espeak_voice", "STYLE_SPLIT", "emotion_delivery", "check_delivery", "check_pauses",
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


# ---------------------------------------------------------------------------- casting

# Median f0 and spectral centroid (Hz) of each voice at its own pitch, measured on two
# sentences in its language (English voices in English, Mandarin voices in Mandarin) with
# the int8 model; used to keep cast voices audibly apart (see assign_voices).
_PROFILES: dict[str, tuple[float, float]] = {
    "af_alloy": (142, 1081), "af_aoede": (182, 1215), "af_bella": (195, 1926), "af_heart": (190, 1938),
    "af_jessica": (205, 1757), "af_kore": (154, 1489), "af_nicole": (148, 1902), "af_nova": (161, 989),
    "af_river": (178, 1796), "af_sarah": (194, 2193), "af_sky": (155, 1172), "am_adam": (120, 1492),
    "am_echo": (112, 1116), "am_eric": (161, 1187), "am_fenrir": (138, 1652), "am_liam": (124, 1498),
    "am_michael": (115, 1866), "am_onyx": (96, 769), "am_puck": (121, 1450), "am_santa": (178, 1805),
    "bf_alice": (220, 1544), "bf_emma": (185, 2428), "bf_isabella": (203, 1921), "bf_lily": (185, 1486),
    "bm_daniel": (127, 1284), "bm_fable": (124, 2324), "bm_george": (142, 1512), "bm_lewis": (115, 1535),
    "zf_xiaobei": (235, 1711), "zf_xiaoni": (222, 2257), "zf_xiaoxiao": (233, 1874), "zf_xiaoyi": (293, 2389),
    "zm_yunjian": (127, 1625), "zm_yunxi": (160, 1636), "zm_yunxia": (282, 1887), "zm_yunyang": (125, 1780),
}

# Pools per (gender, age): voices in preference order (the better-rated Kokoro voices first),
# pitches to try (espeak-style 0..99, 50 = the voice's own pitch; at most MAX_SHIFT semitones),
# speed in words a minute (165 = the voice's own). Kokoro has no child voices: children are
# light female voices raised in pitch and a little quicker; the old are slower and lower.
_KPOOLS_EN: dict[tuple[str, str], tuple[tuple[str, ...], tuple[int, ...], int]] = {
    ("male", "adult"): (("am_michael", "am_fenrir", "am_puck", "bm_george", "am_echo", "am_onyx",
                         "am_eric", "am_liam", "bm_daniel", "am_adam"), (50, 44, 58), 165),
    ("male", "young"): (("am_puck", "am_liam", "am_echo", "am_eric", "am_michael", "am_adam"),
                        (56, 62, 50), 172),
    ("male", "old"): (("am_santa", "bm_lewis", "bm_george", "am_onyx", "bm_daniel"),
                      (44, 40, 50), 145),
    ("male", "child"): (("af_sky", "af_nova", "af_jessica", "af_river"), (70, 76, 64), 175),
    ("female", "adult"): (("af_heart", "af_bella", "bf_emma", "af_sarah", "af_kore", "af_aoede",
                           "bf_isabella", "af_alloy", "af_nicole", "bf_lily"), (50, 44, 58), 165),
    ("female", "young"): (("af_nova", "af_bella", "af_sky", "af_kore", "bf_lily", "af_jessica"),
                          (58, 64, 52), 172),
    ("female", "old"): (("bf_alice", "bf_isabella", "af_river", "af_sarah", "af_alloy"),
                        (40, 36, 46), 145),
    ("female", "child"): (("af_sky", "af_jessica", "af_nova", "af_aoede"), (76, 70, 66), 178),
    ("unknown", "adult"): (("am_puck:0.5,af_kore:0.5", "af_river", "am_echo:0.5,af_alloy:0.5",
                            "bm_daniel"), (50, 58, 44), 165),
}
# zm_yunxia and zf_xiaoyi are the youngest-sounding Mandarin voices (median f0 near 290 Hz);
# zm_yunyang is the narrator.
_KPOOLS_ZH: dict[tuple[str, str], tuple[tuple[str, ...], tuple[int, ...], int]] = {
    ("male", "adult"): (("zm_yunjian", "zm_yunxi", "zm_yunjian:0.5,zm_yunxi:0.5",
                         "zm_yunyang:0.6,zm_yunxi:0.4", "zm_yunjian:0.6,zm_yunyang:0.4"),
                        (50, 44, 58), 157),
    ("male", "young"): (("zm_yunxi", "zm_yunxi:0.6,zm_yunxia:0.4", "zm_yunjian"), (56, 62, 50), 163),
    ("male", "old"): (("zm_yunxi:0.5,zm_yunyang:0.5", "zm_yunyang:0.5,zm_yunjian:0.5",
                       "zm_yunjian:0.7,zm_yunyang:0.3", "zm_yunjian"), (44, 40, 50), 138),
    ("male", "child"): (("zm_yunxia", "zm_yunxia:0.6,zf_xiaoyi:0.4", "zf_xiaoyi"),
                        (56, 62, 50), 166),
    ("female", "adult"): (("zf_xiaoxiao", "zf_xiaobei", "zf_xiaoni", "zf_xiaoxiao:0.5,zf_xiaobei:0.5",
                           "zf_xiaoni:0.5,zf_xiaoxiao:0.5", "zf_xiaobei:0.5,zf_xiaoni:0.5",
                           "zf_xiaoyi"), (50, 44, 58), 157),
    ("female", "young"): (("zf_xiaoyi", "zf_xiaobei", "zf_xiaoxiao", "zf_xiaoyi:0.5,zf_xiaobei:0.5"),
                          (56, 62, 50), 163),
    ("female", "old"): (("zf_xiaoni", "zf_xiaobei:0.7,zf_xiaoni:0.3", "zf_xiaoxiao"),
                        (40, 36, 46), 138),
    ("female", "child"): (("zf_xiaoyi", "zf_xiaoyi:0.6,zf_xiaoxiao:0.4", "zf_xiaoyi:0.5,zm_yunxia:0.5"),
                          (70, 76, 64), 169),
    ("unknown", "adult"): (("zm_yunxi:0.5,zf_xiaoxiao:0.5", "zm_yunjian:0.5,zf_xiaoni:0.5"),
                           (50, 58, 44), 157),
}


@functools.lru_cache(maxsize=1)
def kokoro_palette() -> Palette:
    """What :func:`manju.audio.voices.assign_voices` casts from for ``engine="kokoro"``."""
    from manju.audio.voices import Palette

    return Palette(
        engine="kokoro",
        profiles={"en": _PROFILES, "zh": _PROFILES},
        pools={"en": _KPOOLS_EN, "zh": _KPOOLS_ZH},
        narrator={"en": ("bm_fable", "bm_fable", 46, 155), "zh": ("zm_yunyang", "zm_yunyang", 44, 150)},
        # espeak steps per octave scaled by how much of a step pitch_semitones applies
        octave=78.0 / PITCH_SCALE,
        fresh_first=True,
        zh_slower=False,  # the Mandarin pools' speeds already are
    )


_ESPEAK_STANDIN = {"female": ("f3", "f1", "andrea", "f4", "belinda", "f2", "linda", "aunty"),
                   "male": ("m3", "klatt4", "m1", "m6", "lee", "m2", "edward", "m5", "andy")}


def espeak_voice(voice: dict[str, Any]) -> dict[str, Any]:
    """The espeak voice that stands in for a voice cast with Kokoro voices (so a project cast
    for the neural voices can be drafted with ``--tts espeak``); other voices unchanged.

    The Kokoro voice a variant maps to (see :func:`kokoro_voice`) maps back to that variant;
    any other voice gets a stable variant of its gender.
    """
    name = str(voice.get("voice") or "").strip()
    if not name or not is_kokoro_voice(name):
        return dict(voice)
    lang = "zh" if str(voice.get("lang") or "").lower().startswith(("zh", "cmn")) or \
        name.startswith("z") else "en"
    first = parse_blend(name)[0][0]
    if lang == "en" and first == _EN_NARRATOR:
        return {**voice, "engine": "espeak", "voice": "en-gb+m7", "lang": lang}
    table = _ZH if lang == "zh" else _EN
    variant = next((k for k, v in table.items() if v == name), None) or \
        next((k for k, v in table.items() if v == first), None)
    if variant is None:
        pool = _ESPEAK_STANDIN["female" if first[1] == "f" else "male"]
        variant = pool[hashlib.sha256(name.encode()).digest()[0] % len(pool)]
    base = "cmn-latn-pinyin" if lang == "zh" else "en-us"
    return {**voice, "engine": "espeak", "voice": f"{base}+{variant}", "lang": lang}


# ---------------------------------------------------------------------------- delivery

# How each voice delivers two sentences of its language in its own style, measured with the
# int8 model by ``bench/voices_delivery.py --profiles``: f0 range (10th to 90th percentile,
# semitones), speaking rate (vowels a second), periodicity (mean autocorrelation peak of the
# loud frames: lower is breathier) and spectral tilt (dB of 1-4 kHz against 0-1 kHz: higher
# is more vocal effort); median f0 is in _PROFILES.
_DELIVERY_PROFILES: dict[str, tuple[float, float, float, float]] = {
    "af_alloy": (5.9, 4.62, 0.642, -12.3), "af_aoede": (7.9, 4.90, 0.709, -15.3), "af_bella": (4.7, 4.74, 0.699, -14.4),
    "af_heart": (6.6, 4.92, 0.606, -9.9), "af_jessica": (7.4, 4.89, 0.673, -6.9), "af_kore": (9.9, 4.67, 0.653, -15.0),
    "af_nicole": (11.4, 3.32, 0.482, -12.8), "af_nova": (7.0, 4.70, 0.677, -11.7), "af_river": (5.4, 4.93, 0.675, -8.1),
    "af_sarah": (8.4, 4.96, 0.645, -9.0), "af_sky": (7.4, 4.73, 0.646, -11.0), "am_adam": (6.6, 4.99, 0.501, -7.7),
    "am_echo": (8.1, 4.46, 0.521, -12.8), "am_eric": (8.0, 4.94, 0.704, -10.7), "am_fenrir": (10.0, 4.78, 0.568, -7.1),
    "am_liam": (10.8, 4.85, 0.552, -7.1), "am_michael": (7.1, 4.43, 0.527, -10.1), "am_onyx": (18.0, 4.73, 0.481, -11.7),
    "am_puck": (8.7, 4.78, 0.538, -11.6), "am_santa": (13.8, 4.18, 0.588, -7.5), "bf_alice": (9.6, 4.67, 0.673, -9.3),
    "bf_emma": (4.7, 5.21, 0.628, -7.7), "bf_isabella": (5.3, 5.18, 0.675, -10.5), "bf_lily": (9.4, 4.67, 0.658, -11.1),
    "bm_daniel": (6.6, 4.85, 0.555, -10.7), "bm_fable": (10.4, 4.17, 0.498, -7.8), "bm_george": (6.0, 3.91, 0.653, -12.5),
    "bm_lewis": (8.0, 4.32, 0.416, -7.9), "zf_xiaobei": (8.3, 4.36, 0.795, -10.9), "zf_xiaoni": (10.3, 5.15, 0.694, -9.2),
    "zf_xiaoxiao": (8.4, 5.35, 0.723, -12.7), "zf_xiaoyi": (6.2, 5.64, 0.747, -13.2), "zm_yunjian": (7.9, 5.37, 0.494, -11.8),
    "zm_yunxi": (7.9, 5.84, 0.627, -11.4), "zm_yunxia": (7.7, 5.29, 0.775, -9.4), "zm_yunyang": (17.1, 5.77, 0.466, -5.1),
}

STYLE_SPLIT = 128
"""Kokoro's 256-wide style vector: the first 128 values condition the decoder (timbre), the
last 128 the prosody predictor (durations, f0, energy). Emotions blend the prosody half."""

# emotion -> (direction, prosody weight, timbre weight, speed factor). Speed and pitch of
# every emotion come from manju.audio.voices.emotion_adjust (shared by every engine); the
# speed here only adds to emotions that have none there.
_EMOTION_DELIVERY: dict[str, tuple[str, float, float, float]] = {
    "happy": ("lively", 0.25, 0.0, 1.0),
    "laugh": ("bright", 0.3, 0.1, 1.0),
    "surprised": ("lively", 0.25, 0.0, 1.0),
    "scared": ("lively", 0.2, 0.0, 1.0),
    "angry": ("forceful", 0.3, 0.0, 1.0),
    "shout": ("forceful", 0.3, 0.0, 1.0),
    "sad": ("subdued", 0.3, 0.0, 1.0),
    "disgusted": ("subdued", 0.15, 0.0, 1.0),
    "smug": ("subdued", 0.15, 0.0, 1.0),
    "thought": ("subdued", 0.15, 0.0, 0.96),
    "whisper": ("breathy", 0.2, 0.2, 1.0),
}
# direction -> weights of the z-scored measures (f0, f0 range, rate, periodicity, tilt)
_DIRECTIONS: dict[str, tuple[float, float, float, float, float]] = {
    "lively": (1.0, 1.0, 0.5, 0.0, 0.0),
    "bright": (1.0, 1.0, 1.0, 0.0, 1.0),
    "forceful": (0.0, 0.5, 1.0, 0.0, 1.0),
    "subdued": (-1.0, -1.0, -1.0, 0.0, -1.0),
    "breathy": (0.0, 0.0, 0.0, -1.0, -0.5),
}

# emotion -> how much longer (>1) or shorter its pauses are than neutral's, after a sentence
# and after a clause (kokoro_text.SENTENCE_PAUSE, CLAUSE_PAUSE); the emotion's speed scales
# them again. Scared is halting: quick between sentences, broken within them.
_EMOTION_PAUSES: dict[str, tuple[float, float]] = {
    "happy": (0.85, 0.9),
    "laugh": (0.75, 0.8),
    "surprised": (0.8, 0.9),
    "scared": (0.9, 1.6),
    "angry": (0.6, 0.6),
    "shout": (0.55, 0.5),
    "sad": (1.6, 1.5),
    "whisper": (1.4, 1.35),
    "thought": (1.3, 1.25),
    "smug": (1.2, 1.2),
    "disgusted": (1.15, 1.1),
}
_PAUSE_RANGE = (0.25, 4.0)


def _group(name: str) -> tuple[str, ...]:
    """The voices a voice may borrow delivery from: same accent and gender (af_, bm_, zf_...)."""
    return tuple(v for v in VOICES if v[:2] == name[:2] and v in _DELIVERY_PROFILES)


def _measures(name: str) -> tuple[float, ...]:
    f0 = _PROFILES[name][0]
    rng, rate, periodicity, tilt = _DELIVERY_PROFILES[name]
    return (math.log2(f0), rng, rate, periodicity, tilt)


@functools.lru_cache(maxsize=64)
def _scores(group: tuple[str, ...], direction: str) -> dict[str, float]:
    """How far each voice of ``group`` goes in ``direction`` (z-scores within the group)."""
    table = [_measures(v) for v in group]
    cols = list(zip(*table, strict=True))
    mean = [sum(c) / len(c) for c in cols]
    sd = [max(1e-9, math.sqrt(sum((x - m) ** 2 for x in c) / len(c))) for c, m in zip(cols, mean, strict=True)]
    w = _DIRECTIONS[direction]
    return {v: sum(wi * (x - m) / s for wi, x, m, s in zip(w, row, mean, sd, strict=True))
            for v, row in zip(group, table, strict=True)}


def emotion_delivery(kokoro: str, emotion: str) -> dict[str, Any] | None:
    """How ``emotion`` changes the Kokoro voice (or blend) ``kokoro``, or None for none.

    The prosody half of the style (see :data:`STYLE_SPLIT`) is blended toward the voice of
    the same accent and gender that goes furthest in the emotion's direction (livelier,
    brighter, more forceful, more subdued, breathier: measured, see ``_DELIVERY_PROFILES``),
    by a small weight so the character stays recognisable; nothing is blended when no such
    voice goes further than the character's own. ``pauses`` scales the silences after the
    line's sentences and clauses. Returns ``{"emotion", "toward", "prosody", "timbre",
    "speed", "pauses": {"sentence", "clause"}}``. Deterministic.
    """
    spec = _EMOTION_DELIVERY.get(str(emotion or "neutral").lower())
    if spec is None:
        return None
    direction, prosody, timbre, speed = spec
    parts = parse_blend(kokoro)
    main = max(parts, key=lambda p: (p[1], p[0]))[0]
    group = _group(main)
    own = {n for n, _ in parts}
    scores = _scores(group, direction) if len(group) > 1 else {}
    if not scores or not own <= set(scores):
        return None
    here = sum(w * scores[n] for n, w in parts)
    best = max((v for v in group if v not in own), key=lambda v: (scores[v], v), default=None)
    sentence, clause = _EMOTION_PAUSES.get(str(emotion).lower(), (1.0, 1.0))
    pauses = {"sentence": sentence, "clause": clause}
    if best is None or scores[best] <= here:
        if speed == 1.0 and sentence == clause == 1.0:
            return None
        return {"emotion": emotion, "toward": "", "prosody": 0.0, "timbre": 0.0, "speed": speed,
                "pauses": pauses}
    return {"emotion": emotion, "toward": best, "prosody": prosody, "timbre": timbre,
            "speed": speed, "pauses": pauses}


def check_delivery(delivery: dict[str, Any]) -> tuple[str, float, float, float]:
    """``(toward, prosody, timbre, speed)`` of a delivery dict; ``ValueError`` for a bad one."""
    if not isinstance(delivery, dict):
        raise ValueError(f"a delivery is a dict, not {type(delivery).__name__}")
    toward = str(delivery.get("toward") or "")
    if toward and not _NAME.match(toward):
        raise ValueError(f"delivery toward {toward!r} is not a Kokoro voice name")
    out = []
    for key, lo, hi, default in (("prosody", 0.0, 0.5, 0.0), ("timbre", 0.0, 0.5, 0.0),
                                 ("speed", 0.5, 2.0, 1.0)):
        try:
            val = float(delivery.get(key, default))
        except (TypeError, ValueError):
            raise ValueError(f"delivery {key} is not a number: {delivery.get(key)!r}") from None
        if not lo <= val <= hi:
            raise ValueError(f"delivery {key} must be within {lo}..{hi}, not {val}")
        out.append(val)
    return toward, out[0], out[1], out[2]


def check_pauses(delivery: dict[str, Any]) -> tuple[float, float]:
    """The ``(sentence, clause)`` pause factors of a delivery dict (1, 1 when it has none);
    ``ValueError`` for bad ones."""
    if not isinstance(delivery, dict):
        raise ValueError(f"a delivery is a dict, not {type(delivery).__name__}")
    pauses = delivery.get("pauses") or {}
    if not isinstance(pauses, dict):
        raise ValueError(f"delivery pauses are a dict of sentence and clause factors, "
                         f"not {pauses!r}")
    lo, hi = _PAUSE_RANGE
    out = []
    for key in ("sentence", "clause"):
        try:
            val = float(pauses.get(key, 1.0))
        except (TypeError, ValueError):
            raise ValueError(f"delivery pause {key} is not a number: {pauses.get(key)!r}") from None
        if not lo <= val <= hi:
            raise ValueError(f"delivery pause {key} must be within {lo}..{hi}, not {val}")
        out.append(val)
    return out[0], out[1]
