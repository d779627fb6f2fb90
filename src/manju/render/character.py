"""Procedural, consistent comic characters drawn with skia.

A :class:`Look` is a character's fixed design (palette, hair, outfit, age, gender), made
deterministically from a seed and words from the story by :func:`design_look`. A
:class:`Pose` is what changes from frame to frame (expression, lip-sync mouth, blink,
facing, gesture). :func:`draw_character` draws a waist-up figure in a clean flat-colour
anime/webtoon style and returns :class:`Anchors` (face box, mouth) for speech bubbles;
:func:`character_sprite` renders the same onto a transparent image for caching.

Same Look + Pose always gives a pixel-identical drawing. The drawing code lives in
``character_face``, ``character_hair``, ``character_body``, ``character_wear`` (crowns,
hats) and ``character_bow`` (the bow gesture) (parts) and ``character_rig`` (proportions,
view maths).
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field

import skia

from manju.render import character_body as _body
from manju.render import character_bow as _bow
from manju.render import character_face as _face
from manju.render import character_hair as _hair
from manju.render import character_wear as _wear
from manju.render.character_rig import SKULL_RY, Rig, make_rig

__all__ = [
    "EXPRESSIONS",
    "MOUTHS",
    "FACINGS",
    "GESTURES",
    "HAIR_STYLES",
    "OUTFITS",
    "ACCESSORIES",
    "Look",
    "Pose",
    "Anchors",
    "design_look",
    "draw_character",
    "character_sprite",
]

EXPRESSIONS = ("neutral", "happy", "sad", "angry", "surprised", "scared", "disgusted", "smug")
MOUTHS = ("closed", "small", "open", "wide")
FACINGS = ("front", "left", "right")
GESTURES = ("none", "point", "arms_crossed", "hand_raised", "bow")
HAIR_STYLES = ("short", "long", "bun", "ponytail", "bob", "spiky", "bald", "long_tied")
OUTFITS = ("shirt", "suit", "dress", "hoodie", "robe", "uniform")
ACCESSORIES = ("none", "glasses", "hairpin", "earrings", "beard", "scar", "crown", "hat")


@dataclass(frozen=True)
class Look:
    """A character's fixed design; same Look -> identical drawing in every shot."""

    skin: str
    hair_color: str
    hair_style: str
    eye_color: str
    outfit: str
    outfit_color: str
    accent_color: str
    gender: str
    age: str
    accessory: str = "none"
    build: float = 1.0


@dataclass(frozen=True)
class Pose:
    """What changes between frames: expression, lip-sync mouth, blink, facing, gesture."""

    expression: str = "neutral"
    mouth: str = "closed"
    eyes_open: float = 1.0
    facing: str = "front"
    gesture: str = "none"


@dataclass(frozen=True)
class Anchors:
    """Where things landed, in the coordinates of the canvas (or sprite) drawn on.

    ``face`` is the head box (hair included, long back hair excluded) that bubbles must not
    cover; ``mouth`` is where a bubble tail should point; ``head_top`` is the y of the top
    of the hair; ``body`` is the bounding box of the whole figure (x, y, w, h).
    """

    face: tuple[float, float, float, float]
    mouth: tuple[float, float]
    head_top: float
    body: tuple[float, float, float, float] = field(default=(0.0, 0.0, 0.0, 0.0))


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
    "purple": "#6a4c93", "orange": "#d9803c", "gold": "#c9a14a",
}
_OUTFIT_POOL = ("navy", "burgundy", "forest", "mustard", "cream", "charcoal", "sky", "rose",
                "white", "olive", "lavender", "red", "teal", "brown")
ACCENTS = ("#c0392b", "#e8c547", "#f4f1ea", "#2c3e50", "#d9733a", "#8e5ab5", "#1f9c8a",
           "#e58fa5", "#3a6fc4")

# --------------------------------------------------------------------------- hint words
_COLOUR_WORDS = {
    "black": "black", "dark": "black", "raven": "black", "brown": "brown", "brunette": "brown",
    "chestnut": "brown", "red": "red", "crimson": "red", "scarlet": "red", "ginger": "red",
    "auburn": "auburn", "blonde": "blonde", "blond": "blonde", "golden": "gold", "gold": "gold",
    "yellow": "yellow", "white": "white", "snowy": "white", "silver": "silver", "grey": "grey",
    "gray": "grey", "blue": "blue", "navy": "navy", "green": "green", "pink": "pink",
    "purple": "purple", "violet": "purple", "orange": "orange", "teal": "teal",
}
_ZH_COLOURS = {"红": "red", "赤": "red", "蓝": "blue", "绿": "green", "黑": "black", "白": "white",
               "灰": "grey", "黄": "yellow", "金": "gold", "粉": "pink", "紫": "purple",
               "棕": "brown", "褐": "brown", "橙": "orange", "银": "silver", "青": "teal"}
_EN_NOUNS = {
    "hair": "hair", "haired": "hair", "locks": "hair", "braid": "hair", "ponytail": "hair",
    "eyes": "eyes", "eyed": "eyes", "eye": "eyes",
    "dress": "outfit", "gown": "outfit", "skirt": "outfit", "suit": "outfit", "shirt": "outfit",
    "blouse": "outfit", "hoodie": "outfit", "robe": "outfit", "robes": "outfit",
    "uniform": "outfit", "jacket": "outfit", "coat": "outfit", "sweater": "outfit",
    "clothes": "outfit", "tie": "accent", "scarf": "accent", "ribbon": "accent",
}
_ZH_NOUNS = {"发": "hair", "眼": "eyes", "瞳": "eyes", "眸": "eyes", "衣": "outfit", "裙": "outfit",
             "袍": "outfit", "装": "outfit", "衫": "outfit", "服": "outfit", "领带": "accent"}
_STYLE_WORDS = (
    (("ponytail", "twintails", "braid", "马尾", "辫"), "ponytail"),
    (("bun", "updo", "丸子头", "发髻", "盘发"), "bun"),
    (("bob", "波波头", "齐耳", "齐肩"), "bob"),
    (("spiky", "messy", "刺猬头", "炸毛", "乱发"), "spiky"),
    (("bald", "shaved", "光头", "秃"), "bald"),
    (("束发", "topknot", "top knot"), "long_tied"),
    (("long", "长发", "长头发", "披肩", "长长的头发"), "long"),
    (("short", "短发", "寸头", "平头"), "short"),
)
_OUTFIT_WORDS = (
    (("hoodie", "sweatshirt", "卫衣", "连帽"), "hoodie"),
    (("uniform", "制服", "校服", "军装", "警服"), "uniform"),
    (("robe", "hanfu", "kimono", "汉服", "长袍", "道袍", "袍", "长衫", "古装"), "robe"),
    (("dress", "gown", "skirt", "裙"), "dress"),
    (("suit", "tuxedo", "blazer", "jacket", "coat", "西装", "西服", "外套", "风衣"), "suit"),
    (("shirt", "blouse", "t-shirt", "衬衫", "t恤", "衬衣"), "shirt"),
)
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


def _colour_assignments(text: str) -> dict[str, str]:
    """Map 'hair'/'eyes'/'outfit'/'accent' to colour names found as 'colour ... noun'."""
    found: dict[str, str] = {}
    low = text.lower()
    tokens = re.findall(r"[a-z]+", low)
    for i, tok in enumerate(tokens):
        colour = _COLOUR_WORDS.get(tok)
        if not colour:
            continue
        for j in range(i + 1, min(len(tokens), i + 4)):
            noun = _EN_NOUNS.get(tokens[j])
            if noun:
                found.setdefault(noun, colour)
                break
            if tokens[j] in _COLOUR_WORDS or tokens[j] in ("and", "with", "or"):
                break
    for i, ch in enumerate(low):
        colour = _ZH_COLOURS.get(ch)
        if not colour:
            continue
        window = low[i + 1:i + 4]
        for j, nch in enumerate(window):
            noun = _ZH_NOUNS.get(nch) or (_ZH_NOUNS.get(window[j:j + 2]) if j + 1 < len(window)
                                          else None)
            if noun:
                found.setdefault(noun, colour)
                break
            if nch in _ZH_COLOURS:
                break
    return found


def _first_match(text: str, table: tuple) -> str | None:
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
    return best[1] if best else None


def design_look(seed: str, gender: str = "unknown", age: str = "adult",
                hints: list[str] | None = None) -> Look:
    """Deterministic Look from a seed (the character id) plus words from the text.

    ``hints`` are free phrases or sentences in English or Chinese ("red dress",
    "long black hair", "glasses", "白衣", "长发", "西装", "红裙", "白发", "胡子"); what they
    say wins over the seeded choice. Unknown gender/age fall back to "unknown"/"adult".
    """
    gender = gender if gender in ("female", "male", "unknown") else "unknown"
    age = age if age in ("child", "young", "adult", "old") else "adult"
    text = " ".join(h for h in (hints or []) if h).lower()
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
    hair_style = _first_match(text, _STYLE_WORDS) or hair_style
    if hair_style == "long" and "long_tied" in styles and period and not female:
        hair_style = "long_tied"

    colours = _colour_assignments(text)
    hair_key = _pick(seed, "hair_color", _HAIR_OLD if age == "old" else _HAIR_YOUNG)
    if "hair" in colours:
        name = colours["hair"]
        hair_key = {"gold": "blonde", "yellow": "blonde", "brown": "brown"}.get(name, name)
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
    outfit = _first_match(text, _OUTFIT_WORDS) or outfit
    outfit_key = _pick(seed, "outfit_color", _OUTFIT_POOL)
    if "outfit" in colours and colours["outfit"] in OUTFIT_COLORS:
        outfit_key = colours["outfit"]
    outfit_color = OUTFIT_COLORS[outfit_key]

    accent = _pick(seed, "accent", ACCENTS)
    if accent.lower() == outfit_color.lower() or _close(accent, outfit_color):
        accent = ACCENTS[(ACCENTS.index(accent) + 3) % len(ACCENTS)]
    if "accent" in colours and colours["accent"] in OUTFIT_COLORS:
        accent = OUTFIT_COLORS[colours["accent"]]

    eye_key = _pick(seed, "eye", ("brown", "dark", "amber", "green", "blue", "grey", "violet",
                                  "teal", "brown", "dark"))
    if "eyes" in colours and colours["eyes"] in EYE_COLORS:
        eye_key = colours["eyes"]

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


# --------------------------------------------------------------------------- drawing
def _head_top(rig: Rig) -> float:
    name, st = _hair.style_for(rig)
    top = -(SKULL_RY + st.volume)
    if st.spiky:
        top *= 1.16
    if name == "bun":
        top = -236.0
    elif name == "long_tied":
        top = -230.0
    elif name == "bald":
        top = -SKULL_RY
    wear = _wear.headwear_top(rig)
    return min(top, wear) if wear is not None else top


def draw_character(canvas: skia.Canvas, look: Look, pose: Pose, x: float, y: float,
                   height: float) -> Anchors:
    """Draw the upper body (head, hair, neck, torso to the waist, arms).

    The figure's bottom-centre is at (x, y) and it is ``height`` pixels tall (head top to
    waist/bottom edge; tall headwear counts, so a crowned look is drawn a little smaller,
    the same in every pose); it is about 0.9 * height wide. Returns where the face and mouth
    are, in canvas coordinates, so speech bubbles can point at the mouth and avoid the face.
    """
    rig = make_rig(look, pose)
    # Tall headwear: shrink the whole figure (same for every pose of the look) to fit.
    wear_top = _wear.headwear_top(rig)
    design_top = rig.head_y + rig.head_scale * wear_top if wear_top is not None else 0.0
    s = height / (1000.0 - min(0.0, design_top - 6.0))
    body_m = _bow.body_matrix(rig)
    head_m = _bow.head_matrix(rig)
    canvas.save()
    canvas.translate(x, y)
    canvas.scale(s, s)
    canvas.translate(0.0, -1000.0)

    def head_space() -> None:
        canvas.save()
        canvas.concat(head_m)
        canvas.translate(0.0, rig.head_y)
        canvas.scale(rig.head_scale, rig.head_scale)

    head_space()
    _bow.hang_hair(canvas, rig)
    _hair.draw_hair_back(canvas, rig)
    canvas.restore()
    canvas.save()
    canvas.concat(head_m)
    _body.draw_neck(canvas, rig)
    canvas.restore()
    canvas.save()
    canvas.concat(body_m)
    _body.draw_body(canvas, rig)
    if _bow.is_bow(rig):
        _bow.draw_bow_arms(canvas, rig)
    canvas.restore()

    head_space()
    face = _face.face_path(rig)
    _face.draw_ears(canvas, rig)
    _face.draw_face_base(canvas, rig, face)
    _hair.bangs_shadow(canvas, rig, face)
    _face.draw_blush(canvas, rig)
    _face.draw_wrinkles(canvas, rig)
    _face.draw_beard(canvas, rig)
    _face.draw_nose(canvas, rig)
    _face.draw_mouth(canvas, rig)
    for side in (-1, 1):
        if rig.visible(side * _face.EYE_A):
            _face.draw_eye(canvas, rig, side)
    _face.draw_scar(canvas, rig)
    _hair.draw_hair_front(canvas, rig)
    _face.draw_brows(canvas, rig)
    _face.draw_glasses(canvas, rig)
    _wear.draw_headwear(canvas, rig)
    _face.draw_fx(canvas, rig, face)
    canvas.restore()
    canvas.restore()

    def to_canvas(hx: float, hy: float) -> tuple[float, float]:
        p = head_m.mapXY(*rig.head_to_design(hx, hy))
        return x + p.x() * s, y + (p.y() - 1000.0) * s

    _, st = _hair.style_for(rig)
    half = (_face.SKULL_R + max(st.volume, 8.0) + 8.0)
    if look.accessory == "hat":
        half = max(half, _face.SKULL_R + st.volume + (100.0 if look.outfit == "robe" else 62.0))
    cx = -rig.dir * 7.0
    # A rounded box (superellipse) around head and headwear: stays snug when the head tilts.
    top, bottom = _head_top(rig), 212.0
    my0, ry = (top + bottom) / 2, (bottom - top) / 2
    outline = []
    for i in range(32):
        t = i * math.pi / 16
        c, sn = math.cos(t), math.sin(t)
        outline.append(to_canvas(cx + half * math.copysign(abs(c) ** 0.5, c),
                                 my0 + ry * math.copysign(abs(sn) ** 0.5, sn)))
    x0, x1 = min(p[0] for p in outline), max(p[0] for p in outline)
    y0, y1 = min(p[1] for p in outline), max(p[1] for p in outline)
    mx, my = to_canvas(*_face.mouth_centre(rig))
    top = y0
    return Anchors(face=(x0, y0, x1 - x0, y1 - y0), mouth=(mx, my), head_top=top,
                   body=(x - 0.45 * height, top, 0.9 * height, y - top))


def character_sprite(look: Look, pose: Pose, height: int) -> tuple[skia.Image, Anchors]:
    """Render to a transparent image ``round(0.9 * height)`` wide, bottom-centred.

    Anchors are relative to the image. Handy for caching: the same Look + Pose + height is
    always the same image.
    """
    height = max(8, int(height))
    width = max(8, int(round(0.9 * height)))
    surface = skia.Surface(width, height)
    canvas = surface.getCanvas()
    canvas.clear(skia.ColorTRANSPARENT)
    a = draw_character(canvas, look, pose, width / 2.0, float(height), float(height))
    fx, fy, fw, fh = a.face
    x0, y0 = max(0.0, fx), max(0.0, fy)
    x1, y1 = min(float(width), fx + fw), min(float(height), fy + fh)
    anchors = Anchors(face=(x0, y0, x1 - x0, y1 - y0), mouth=a.mouth,
                      head_top=max(0.0, a.head_top), body=a.body)
    return surface.makeImageSnapshot(), anchors
