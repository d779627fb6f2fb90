"""A character's fixed design (:class:`~manju.render.character.Look`) from a seed and words.

:func:`design_look` picks palette, hair, outfit, accessory and build deterministically from
the character id, and lets what the story says (read by :mod:`.character_hints`) win over
the seeded choice. The palettes the choices come from live here too.
"""

from __future__ import annotations

import hashlib
import re

from manju.render.character import Look
from manju.render.character_hints import read_hints

# --------------------------------------------------------------------------- palettes
SKIN_TONES = ("#fde8d7", "#fadcc5", "#f6d0b2", "#efc19f", "#e2ab84", "#cc9068", "#a8704d",
              "#83543b")
_SKIN_WEIGHTS = (3, 4, 4, 3, 2, 2, 1, 1)
HAIR_COLORS = {
    "black": "#27222c", "dark_brown": "#4b3128", "brown": "#7a4f36", "auburn": "#93432b",
    "blonde": "#e4c070", "ash": "#a99a86", "navy": "#2d3b62", "teal": "#255b5f",
    "plum": "#5b3558", "red": "#b23b2e", "pink": "#e59aae", "silver": "#c9c9d2",
    "white": "#efeee9", "grey": "#9d9ca4", "blue": "#3f66b0", "green": "#3d7a4e",
    "purple": "#6a4a96", "orange": "#d0763a",
}
_HAIR_YOUNG = ("black", "black", "dark_brown", "dark_brown", "brown", "auburn", "blonde",
               "ash", "navy", "teal", "plum")
_HAIR_OLD = ("silver", "white", "grey", "silver")
EYE_COLORS = {
    "brown": "#7a4a2a", "dark": "#3c2b24", "amber": "#b57a2a", "green": "#3f7f52",
    "blue": "#3b6fb0", "grey": "#6c7a88", "violet": "#6d4f9a", "teal": "#2e8088",
    "red": "#a8323a", "black": "#2a2426", "gold": "#c49a2e", "purple": "#6d4f9a",
}
OUTFIT_COLORS = {
    "navy": "#2f3e66", "burgundy": "#7b2d3b", "forest": "#355a4a", "mustard": "#c99b3d",
    "cream": "#e8dfcc", "charcoal": "#3a3a44", "sky": "#7fa8d3", "rose": "#d88b9c",
    "white": "#f1efe9", "black": "#26262c", "olive": "#6d6c3c", "lavender": "#9c8fc6",
    "red": "#b9393c", "teal": "#2f7b7b", "brown": "#7a5238", "grey": "#8b8d94",
    "blue": "#3c64a8", "green": "#3f7a4f", "yellow": "#e2c050", "pink": "#e29aae",
    "purple": "#6a4c93", "orange": "#d9803c", "gold": "#c9a14a", "camel": "#b48a5a",
    "silver": "#b9bbc3",
}
_OUTFIT_POOL = ("navy", "burgundy", "forest", "mustard", "cream", "charcoal", "sky", "rose",
                "white", "olive", "lavender", "red", "teal", "brown")
ACCENTS = ("#c0392b", "#e8c547", "#f4f1ea", "#2c3e50", "#d9733a", "#8e5ab5", "#1f9c8a",
           "#e58fa5", "#3a6fc4")

# --------------------------------------------------------------------------- words said
#: an outfit colour key said of hair -> a HAIR_COLORS key
_HAIR_OF = {
    "gold": "blonde", "yellow": "blonde", "mustard": "blonde", "cream": "blonde",
    "camel": "brown", "charcoal": "black", "burgundy": "auburn", "rose": "pink",
    "sky": "blue", "forest": "green", "olive": "green", "lavender": "purple", "amber": "orange",
}
#: an outfit colour key said of eyes -> an EYE_COLORS key
_EYES_OF = {
    "navy": "blue", "sky": "blue", "forest": "green", "olive": "green", "yellow": "gold",
    "mustard": "amber", "orange": "amber", "camel": "amber", "charcoal": "dark",
    "silver": "grey", "purple": "violet", "lavender": "violet", "burgundy": "red",
    "blonde": "gold", "auburn": "amber", "cream": "", "white": "",  # 白眼: an eye-roll
}

_STYLE_WORDS = (
    (("ponytail", "twintails", "braid", "马尾", "辫"), "ponytail"),
    (("bun", "updo", "丸子头", "发髻", "盘发"), "bun"),
    (("bob", "波波头", "齐耳", "齐肩"), "bob"),
    (("spiky", "messy", "刺猬头", "炸毛", "乱发"), "spiky"),
    (("bald", "shaved", "光头", "秃"), "bald"),
    (("束发", "topknot", "top knot"), "long_tied"),
    (("长发", "长头发", "披肩", "长长的头发"), "long"),
    (("短发", "寸头", "平头"), "short"),
)
# "long"/"short" describe the hair only when hair is what they modify ("long black hair",
# not "a long black overcoat"), or when the hint is that one word
_EN_LENGTH = re.compile(
    r"\b(long|short)\b(?:[\s,-]+(?!and\b|with\b)[a-z]+){0,3}?[\s,-]+"
    r"(?:hair|haired|locks|curls|tresses)\b|^\s*(long|short)\s*$")
_ACCESSORY_WORDS = (
    (("glasses", "spectacles", "眼镜"), "glasses"),
    (("beard", "moustache", "mustache", "goatee", "胡子", "胡须", "络腮"), "beard"),
    (("scar", "疤"), "scar"),
    (("hairpin", "hair clip", "barrette", "发夹", "发卡", "发簪"), "hairpin"),
    (("earring", "耳环", "耳坠"), "earrings"),
    (("crown", "king", "queen", "prince", "princess", "emperor", "empress", "royal", "tiara",
      "皇上", "皇帝", "陛下", "皇后", "娘娘", "公主", "王爷", "太子", "王妃", "冠"), "crown"),
    (("hat", "cap", "fedora", "帽", "斗笠"), "hat"),
)
_PERIOD_WORDS = ("ancient", "wuxia", "hanfu", "古装", "汉服", "侠", "古代", "道袍", "长袍")


def _h(seed: str, key: str) -> int:
    return int(hashlib.sha256(f"{seed}\x1f{key}".encode()).hexdigest()[:12], 16)


def _pick(seed: str, key: str, options: tuple | list, weights: tuple | None = None):
    if weights:
        total = sum(weights)
        r = _h(seed, key) % total
        for opt, w in zip(options, weights, strict=True):
            if r < w:
                return opt
            r -= w
    return options[_h(seed, key) % len(options)]


def _first_pos(text: str, table: tuple) -> int:
    """Where the earliest word of ``table`` is in ``text`` (-1: none)."""
    found = _first_found(text, table)
    return found[0] if found else -1


def _first_match(text: str, table: tuple) -> str | None:
    found = _first_found(text, table)
    return found[1] if found else None


def _first_found(text: str, table: tuple) -> tuple[int, str] | None:
    best: tuple[int, str] | None = None
    for words, value in table:
        for w in words:
            if re.fullmatch(r"[a-z -]+", w):
                m = re.search(r"\b" + re.escape(w) + r"s?\b", text)
                pos = m.start() if m else -1
            else:
                pos = text.find(w)
            if pos >= 0 and (best is None or pos < best[0]):
                best = (pos, value)
    return best


def _hsl(hex_colour: str) -> tuple[float, float, float]:
    import colorsys

    from manju.render.character_style import rgb

    h, lum, s = colorsys.rgb_to_hls(*rgb(hex_colour))
    return h * 360.0, s, lum


def _clashes(accent: str, outfit: str) -> bool:
    """A saturated accent far round the colour wheel from a saturated outfit colour (a blue
    tie on a red coat); neutrals (dark, pale, greyish) go with anything."""
    (ha, sa, la), (ho, so, lo) = _hsl(accent), _hsl(outfit)
    if min(sa, so) < 0.25 or min(la, lo) < 0.32 or max(la, lo) > 0.85:
        return False
    d = abs(ha - ho) % 360.0
    return min(d, 360.0 - d) > 45.0


def design_look(seed: str, gender: str = "unknown", age: str = "adult",
                hints: list[str] | None = None) -> Look:
    """Deterministic Look from a seed (the character id) plus words from the text.

    ``hints`` are free phrases or sentences in English or Chinese ("red dress",
    "long black hair", "glasses", "白衣", "长发", "西装", "红裙", "白发", "胡子"); what they
    say wins over the seeded choice. A colour goes to the noun it modifies: "her red coat"
    is a red coat (no suit, no tie), "red hair" red hair, "blue eyes" blue eyes, "a red tie"
    the accent; when the text colours only the outfit, the accent is one that goes with it.
    Unknown gender/age fall back to "unknown"/"adult".
    """
    gender = gender if gender in ("female", "male", "unknown") else "unknown"
    age = age if age in ("child", "young", "adult", "old") else "adult"
    text = " ; ".join(h for h in (hints or []) if h).lower()
    seed = str(seed)
    female, male = gender == "female", gender == "male"
    period = any(w in text for w in _PERIOD_WORDS)

    # hair style
    if male:
        styles: tuple = ("short", "short", "spiky", "short", "long_tied" if period else "short")
        if age == "old":
            styles = ("short", "bald", "short")
    elif female:
        styles = ("long", "ponytail", "bob", "long", "bun", "short")
        if age == "old":
            styles = ("bun", "short", "bob")
        elif age == "child":
            styles = ("ponytail", "bob", "long", "bun")
    else:
        styles = ("short", "bob", "ponytail", "long", "spiky")
    hair_style = _pick(seed, "hair_style", styles)
    if period and hair_style not in ("bald",):
        hair_style = "long_tied" if not female else _pick(seed, "period_f", ("bun", "long"))
    said_style = _first_match(text, _STYLE_WORDS)
    length = _EN_LENGTH.search(text)
    if length and (said_style is None or length.start() < _first_pos(text, _STYLE_WORDS)):
        said_style = length.group(1) or length.group(2)
    hair_style = said_style or hair_style
    if hair_style == "long" and "long_tied" in styles and period and not female:
        hair_style = "long_tied"

    kind, outfit_said, parts = read_hints(text, male)
    hair_key = _pick(seed, "hair_color", _HAIR_OLD if age == "old" else _HAIR_YOUNG)
    said_hair = parts.get("hair") or parts.get("beard")
    if said_hair:
        hair_key = _HAIR_OF.get(said_hair, said_hair)
        if hair_key not in HAIR_COLORS:
            hair_key = "black"
    hair_color = HAIR_COLORS[hair_key]

    outfits: tuple = ("shirt", "suit", "hoodie", "uniform", "shirt")
    if female:
        outfits = ("dress", "shirt", "hoodie", "uniform", "dress", "suit")
    if age == "child":
        outfits = ("shirt", "hoodie", "dress" if female else "shirt", "uniform")
    if age == "old":
        # Robes are period dress: only a period story (or a hint) puts anyone in one.
        outfits = ("shirt", "suit", "shirt") if not female else ("dress", "shirt", "dress")
    outfit = _pick(seed, "outfit", outfits)
    if period:
        outfit = "robe"
    outfit = kind or outfit
    outfit_key = _pick(seed, "outfit_color", _OUTFIT_POOL)
    if outfit_said in OUTFIT_COLORS:
        outfit_key = outfit_said
    outfit_color = OUTFIT_COLORS[outfit_key]

    accent = _pick(seed, "accent", ACCENTS)
    if accent.lower() == outfit_color.lower() or _close(accent, outfit_color):
        accent = ACCENTS[(ACCENTS.index(accent) + 3) % len(ACCENTS)]
    if parts.get("accent") in OUTFIT_COLORS:
        accent = OUTFIT_COLORS[parts["accent"]]
    elif outfit_said in OUTFIT_COLORS and _clashes(accent, outfit_color):
        # the text chose the outfit's colour, not the tie's: a tie that goes with it
        fits = [a for a in ACCENTS if not _clashes(a, outfit_color) and not _close(a, outfit_color)]
        accent = _pick(seed, "accent_fit", fits) if fits else accent

    eye_key = _pick(seed, "eye", ("brown", "dark", "amber", "green", "blue", "grey", "violet",
                                  "teal", "brown", "dark"))
    said_eyes = _EYES_OF.get(parts.get("eyes", ""), parts.get("eyes", ""))
    if said_eyes in EYE_COLORS:
        eye_key = said_eyes

    skin = _pick(seed, "skin", SKIN_TONES, _SKIN_WEIGHTS)

    roll = _h(seed, "accessory") % 100
    accessory = "none"
    if roll < 18:
        if male and age in ("adult", "old") and roll < 9:
            accessory = "beard"
        elif female and roll < 9:
            accessory = _pick(seed, "acc_f", ("hairpin", "earrings"))
        elif age != "child":
            accessory = "glasses"
        else:
            accessory = "hairpin" if female else "none"
    # "冠军" is a champion, not a crown
    accessory = _first_match(text.replace("冠军", ""), _ACCESSORY_WORDS) or accessory

    build = (1.05 + (_h(seed, "build") % 11) / 100.0 if male
             else 0.86 + (_h(seed, "build") % 9) / 100.0 if female
             else 0.94 + (_h(seed, "build") % 10) / 100.0)
    if re.search(r"burly|muscular|stocky|broad|强壮|魁梧|壮", text):
        build = 1.15
    elif re.search(r"slim|thin|slender|skinny|瘦|纤", text):
        build = 0.86
    return Look(skin=skin, hair_color=hair_color, hair_style=hair_style,
                eye_color=EYE_COLORS[eye_key], outfit=outfit, outfit_color=outfit_color,
                accent_color=accent, gender=gender, age=age, accessory=accessory,
                build=round(build, 2))


def _close(a: str, b: str) -> bool:
    from manju.render.character_style import rgb

    x, y = rgb(a), rgb(b)
    return sum(abs(p - q) for p, q in zip(x, y, strict=True)) < 0.35
