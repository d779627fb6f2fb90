"""Voice casting: espeak-ng formant voices, or Kokoro neural voices (same algorithm).

Each character gets a :class:`VoiceSpec` (espeak voice + variant, pitch, speed) matched to
its gender and age, and kept audibly apart from every voice already cast: candidates are
scored by a predicted median pitch and spectral centroid (measured once per espeak variant,
see the table below) and the first candidate far enough from the others wins.

Mandarin always uses espeak-ng's ``cmn-latn-pinyin`` voice (it reads Hanzi with tones);
plain ``cmn`` reads them wrongly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

__all__ = ["SR", "VoiceSpec", "Palette", "ESPEAK", "palette", "assign_voices", "emotion_adjust",
           "EMOTIONS", "NARRATOR"]

SR = 24000
"""Sample rate (Hz) of synthesized voice clips: mono float32."""

NARRATOR = "narrator"

EMOTIONS = (
    "neutral", "happy", "sad", "angry", "surprised", "scared",
    "disgusted", "smug", "whisper", "shout", "laugh",
)


@dataclass(frozen=True)
class VoiceSpec:
    """One synthetic voice: engine, voice name (incl. variant), pitch, speed, language."""

    engine: str = "espeak"
    voice: str = "en-us"  # espeak voice incl. variant, e.g. "en-us+f3", "cmn-latn-pinyin+m2"
    pitch: int = 50  # espeak -p 0..99
    speed: int = 165  # espeak -s words per minute
    lang: str = "en"  # "en" | "zh"

    @property
    def base(self) -> str:
        """The espeak language voice without the variant ("en-us")."""
        return self.voice.split("+", 1)[0]

    @property
    def variant(self) -> str:
        """The espeak variant name ("f3"), or "" for the default voice."""
        return self.voice.split("+", 1)[1] if "+" in self.voice else ""


# Median f0 (Hz) and spectral centroid (Hz) of each variant at -p 50, measured on two
# sentences per language with espeak-ng 1.51 ("narrator" is the narrator's voice).
_PROFILES: dict[str, dict[str, tuple[float, float]]] = {
    "en": {
        "m1": (101, 1303), "m2": (103, 1569), "m3": (109, 1480), "m4": (102, 1542),
        "m5": (105, 1487), "m6": (104, 1362), "m7": (111, 955), "klatt2": (110, 1066),
        "klatt4": (105, 1038), "klatt5": (105, 927), "Lee": (98, 860), "edward": (105, 943),
        "Andy": (100, 1093), "Denis": (102, 922), "grandpa": (117, 1487),
        "croak": (117, 1536), "f1": (183, 1579), "f2": (200, 1755), "f3": (217, 1988),
        "f4": (183, 1628), "f5": (211, 2334), "Annie": (245, 1858), "Andrea": (247, 1585),
        "Alicia": (255, 2886), "belinda": (231, 1368), "linda": (231, 1815),
        "aunty": (171, 1709), "grandma": (207, 1191), "narrator": (107, 1453),
    },
    "zh": {
        "m1": (87, 1180), "m2": (91, 1460), "m3": (92, 1321), "m4": (89, 1400),
        "m5": (90, 1365), "m6": (89, 1247), "m7": (97, 919), "klatt2": (97, 1018),
        "klatt4": (89, 1017), "klatt5": (89, 904), "Lee": (89, 832), "edward": (89, 905),
        "Andy": (92, 1043), "Denis": (89, 840), "grandpa": (99, 1355), "croak": (100, 1415),
        "f1": (155, 1488), "f2": (166, 1564), "f3": (173, 1725), "f4": (157, 1497),
        "f5": (179, 2043), "Annie": (180, 1689), "Andrea": (218, 1525),
        "Alicia": (211, 2967), "belinda": (211, 1294), "linda": (211, 1600),
        "aunty": (185, 1541), "grandma": (159, 1046), "narrator": (97, 919),
    },
}
_FEMALE = {"f1", "f2", "f3", "f4", "f5", "Annie", "Andrea", "Alicia", "belinda", "linda",
           "aunty", "grandma", "whisperf"}

# (variants in preference order, pitches to try in order, speed) per (gender, age).
_POOLS: dict[tuple[str, str], tuple[tuple[str, ...], tuple[int, ...], int]] = {
    ("male", "adult"): (("m3", "klatt4", "m1", "m6", "Lee", "m2", "edward", "m5", "Andy",
                         "Denis", "m4", "klatt2"), (48, 42, 56, 64, 70), 160),
    ("male", "young"): (("m2", "m5", "Andy", "klatt2", "m3", "m4", "m6"), (62, 70, 56, 76), 172),
    ("male", "old"): (("grandpa", "croak", "m1", "m7", "klatt5"), (42, 48, 56), 140),
    ("male", "child"): (("f5", "Annie", "f2", "linda"), (66, 74, 58, 80), 175),
    ("female", "adult"): (("f3", "f1", "Andrea", "f4", "belinda", "f2", "linda", "aunty"),
                          (50, 42, 58, 36, 64), 165),
    ("female", "young"): (("f5", "Annie", "f2", "linda", "Alicia", "f3"), (64, 72, 56, 80), 172),
    ("female", "old"): (("grandma", "aunty", "f1", "f4"), (36, 28, 44, 50), 140),
    ("female", "child"): (("Alicia", "Annie", "f5", "linda"), (86, 92, 80, 97), 178),
    ("unknown", "adult"): (("klatt2", "m7", "f4", "m5", "f1", "Andy"), (70, 60, 40, 80), 165),
}
# Male variants turn creaky (unstable f0) below -p 40, so male pools stay at 40 or above.
# Narrator: calm, slightly slow, a distinct accent from the cast in English.
_NARRATOR = {"en": ("en-gb", "m7", 44, 155), "zh": ("cmn-latn-pinyin", "m7", 44, 150)}
_BASE = {"en": "en-us", "zh": "cmn-latn-pinyin"}
_PITCH_OCTAVE = 78.0  # espeak -p steps per octave of f0 (measured: 25 steps ~ x1.25)
_MIN_DIST = 0.12  # minimum distance between two cast voices (see _distance)

Pool = tuple[tuple[str, ...], tuple[int, ...], int]


@dataclass(frozen=True)
class Palette:
    """What one engine can cast from: voices with measured (median f0, centroid) profiles,
    pools per (gender, age), the narrator, and how a pitch value moves f0."""

    engine: str
    profiles: dict[str, dict[str, tuple[float, float]]]
    pools: dict[str, dict[tuple[str, str], Pool]]  # lang -> (gender, age) -> pool
    narrator: dict[str, tuple[str, str, int, int]]  # lang -> (voice, profile key, pitch, speed)
    octave: float = _PITCH_OCTAVE  # pitch steps per octave of f0
    fresh_first: bool = False  # use every voice once before giving one a second pitch
    zh_slower: bool = True  # Mandarin cast 5 % slower (clearer tones)

    def voice_name(self, lang: str, voice: str) -> str:
        """The ``voice`` field stored for a cast voice."""
        return f"{_BASE[lang]}+{voice}" if self.engine == "espeak" else voice

    def profile(self, lang: str, voice: str, pitch: int) -> tuple[float, float]:
        """Predicted (median f0, centroid) of ``voice`` at ``pitch``; blends by weight."""
        table = self.profiles[lang]
        parts = [(voice, 1.0)]
        if "," in voice or ":" in voice:
            from manju.audio.kokoro_voices import parse_blend

            parts = parse_blend(voice)  # weights sum to 1
        f0 = cent = 0.0
        for name, w in parts:
            pf, pc = table.get(name, (105.0, 1450.0))
            f0 += w * math.log2(pf)
            cent += w * math.log2(pc)
        return 2 ** f0 * 2 ** ((pitch - 50) / self.octave), 2 ** cent


ESPEAK = Palette(
    engine="espeak", profiles=_PROFILES, pools={"en": _POOLS, "zh": _POOLS},
    narrator={lang: (f"{b}+{v}", NARRATOR, p, sp) for lang, (b, v, p, sp) in _NARRATOR.items()})


def _normalise_lang(lang: str) -> str:
    lang = (lang or "en").lower()
    return "zh" if lang.startswith(("zh", "cmn")) else "en"


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Perceptual-ish distance: octaves of f0 plus half-weighted octaves of centroid."""
    return abs(math.log2(a[0] / b[0])) + 0.5 * abs(math.log2(a[1] / b[1]))


def _pool(pools: dict[tuple[str, str], Pool], gender: str, age: str) -> Pool:
    g = gender if gender in ("male", "female") else "unknown"
    a = age if age in ("child", "young", "adult", "old") else "adult"
    if g == "unknown":
        a = "adult" if a in ("young", "adult", "old") else "child"
        if a == "child":
            g = "female"
    return pools[(g, a)]


def palette(engine: str) -> Palette:
    """The casting palette of a speech engine: ``"kokoro"`` (neural voices) or espeak."""
    if engine == "kokoro":
        from manju.audio.kokoro_voices import kokoro_palette

        return kokoro_palette()
    return ESPEAK


def assign_voices(characters: list[tuple[str, str, str]], lang: str,
                  engine: str = "espeak") -> dict[str, VoiceSpec]:
    """Cast a distinct voice for each character, plus ``"narrator"``.

    ``characters`` holds ``(id, gender, age)`` with gender in female|male|unknown and age in
    child|young|adult|old (anything else falls back to unknown/adult). Voices are matched to
    gender/age and chosen so that the predicted pitch/timbre of any two cast voices differ;
    when a pool runs out, the most distant remaining candidate is used. Deterministic: the
    same list gives the same voices, and casting depends only on the characters before it.
    ``lang`` is "en" or "zh" (espeak's Mandarin is ``cmn-latn-pinyin``). ``engine`` chooses
    the voices: ``"espeak"`` (formant variants) or ``"kokoro"`` (Kokoro-82M voices and
    blends, see :mod:`manju.audio.kokoro_voices`).
    """
    lang = _normalise_lang(lang)
    pal = palette(engine)
    nvoice, nkey, npitch, nspeed = pal.narrator[lang]
    out: dict[str, VoiceSpec] = {
        NARRATOR: VoiceSpec(engine=pal.engine, voice=nvoice, pitch=npitch, speed=nspeed, lang=lang)
    }
    taken: list[tuple[float, float]] = [pal.profile(lang, nkey, npitch)]
    used: set[tuple[str, int]] = {(nkey, npitch)}
    names = {nkey}
    for cid, gender, age in characters:
        if cid in out and cid != NARRATOR:
            continue
        variants, pitches, speed = _pool(pal.pools[lang], gender, age)
        best: tuple[float, str, int] | None = None
        chosen: tuple[str, int] | None = None
        passes = (True, False) if pal.fresh_first else (False,)
        for fresh in passes:
            for pitch in pitches:
                for variant in variants:
                    if (variant, pitch) in used or (fresh and variant in names):
                        continue
                    prof = pal.profile(lang, variant, pitch)
                    d = min(_distance(prof, t) for t in taken)
                    if d >= _MIN_DIST:
                        chosen = (variant, pitch)
                        break
                    if best is None or d > best[0]:
                        best = (d, variant, pitch)
                if chosen:
                    break
            if chosen or (fresh and best is not None):
                # A voice nobody has yet, even if close on paper, sounds more apart than
                # another pitch of a voice already cast.
                break
        if chosen is None:
            if best is None:  # every (variant, pitch) of the pool is used: shift pitch
                k = len(out)
                chosen = (variants[k % len(variants)], max(0, min(99, pitches[0] + 3 * k - 30)))
            else:
                chosen = (best[1], best[2])
        variant, pitch = chosen
        used.add(chosen)
        names.add(variant)
        taken.append(pal.profile(lang, variant, pitch))
        if lang == "zh" and pal.zh_slower:
            speed = int(speed * 0.95)
        out[cid] = VoiceSpec(engine=pal.engine, voice=pal.voice_name(lang, variant), pitch=pitch,
                             speed=speed, lang=lang)
    return out


# emotion -> (speed factor, pitch offset)
_EMOTION: dict[str, tuple[float, int]] = {
    "neutral": (1.0, 0),
    "happy": (1.08, 8),
    "sad": (0.84, -8),
    "angry": (1.12, 5),
    "surprised": (1.06, 14),
    "scared": (1.16, 10),
    "disgusted": (0.9, -6),
    "smug": (0.9, -4),
    "whisper": (0.9, -4),
    "shout": (1.06, 12),
    "laugh": (1.1, 10),
}


def emotion_adjust(spec: VoiceSpec, emotion: str) -> VoiceSpec:
    """Return ``spec`` tuned for ``emotion`` (speed and pitch; "whisper" also whispers).

    Emotions: neutral, happy, sad, angry, surprised, scared, disgusted, smug, whisper, shout,
    laugh (livelier than happy).
    Unknown emotions return ``spec`` unchanged.
    """
    factor, dp = _EMOTION.get((emotion or "neutral").lower(), (1.0, 0))
    voice = spec.voice
    if emotion == "whisper" and spec.engine == "espeak":
        voice = f"{spec.base}+{'whisperf' if spec.variant in _FEMALE else 'whisper'}"
    return replace(
        spec,
        voice=voice,
        pitch=int(max(0, min(99, spec.pitch + dp))),
        speed=int(max(80, min(400, round(spec.speed * factor)))),
    )
