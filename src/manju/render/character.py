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
from manju.render import character_hold as _hold
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
    "draw_grip",
    "character_sprite",
]

EXPRESSIONS = ("neutral", "happy", "sad", "angry", "surprised", "scared", "disgusted", "smug")
MOUTHS = ("closed", "small", "open", "wide")
FACINGS = ("front", "left", "right")
GESTURES = ("none", "point", "arms_crossed", "hand_raised", "bow", "hold")
HAIR_STYLES = ("short", "long", "bun", "ponytail", "bob", "spiky", "bald", "long_tied")
OUTFITS = ("shirt", "suit", "dress", "hoodie", "robe", "uniform", "coat")
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
    #: with the ``hold`` gesture: the centre of the closed hand and the pixels per design
    #: unit there (for :func:`draw_grip` and the size of what it holds)
    hand: tuple[float, float, float] | None = None


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

# --------------------------------------------------------------------------- hint words
# What the text says a character wears or looks like is read as nouns (a garment, hair,
# eyes, a tie) and the colour words that modify them: "her red coat" colours the outfit,
# "red hair" the hair, "blue eyes" the eyes, "a red tie" the accent; "a gown of deep purple
# velvet", "her gown was emerald green" and "dressed in white" count as well.

#: English colour words -> a key of OUTFIT_COLORS (hair and eyes translate the key)
_EN_COLOURS = {
    "black": "black", "jet": "black", "ebony": "black", "sable": "black", "inky": "black",
    "white": "white", "snowy": "white", "ivory": "cream", "cream": "cream", "creamy": "cream",
    "beige": "cream", "ecru": "cream", "grey": "grey", "gray": "grey", "ash": "grey",
    "slate": "charcoal", "charcoal": "charcoal", "dark": "charcoal", "silver": "silver",
    "silvery": "silver", "brown": "brown", "chocolate": "brown", "russet": "brown",
    "bronze": "brown", "tan": "camel", "khaki": "camel", "camel": "camel", "fawn": "camel",
    "buff": "camel", "red": "red", "scarlet": "red", "crimson": "red", "vermilion": "red",
    "cherry": "red", "ruby": "red", "maroon": "burgundy", "burgundy": "burgundy",
    "wine": "burgundy", "claret": "burgundy", "oxblood": "burgundy", "pink": "pink",
    "rose": "rose", "rosy": "rose", "salmon": "rose", "magenta": "pink", "fuchsia": "pink",
    "orange": "orange", "tangerine": "orange", "rust": "orange", "amber": "orange",
    "yellow": "yellow", "lemon": "yellow", "canary": "yellow", "primrose": "yellow",
    "mustard": "mustard", "saffron": "mustard", "ochre": "mustard", "gold": "gold",
    "golden": "gold", "green": "green", "emerald": "green", "jade": "green", "lime": "green",
    "olive": "olive", "sage": "olive", "moss": "olive", "teal": "teal", "turquoise": "teal",
    "aqua": "teal", "cyan": "teal", "blue": "blue", "cobalt": "blue", "sapphire": "blue",
    "azure": "sky", "cerulean": "sky", "navy": "navy", "indigo": "navy", "denim": "blue",
    "purple": "purple", "violet": "purple", "plum": "purple", "amethyst": "purple",
    "lilac": "lavender", "lavender": "lavender", "mauve": "lavender",
}
#: two-word colours ("dark blue"): (modifier, colour key) -> key
_EN_SHADES = {
    ("dark", "blue"): "navy", ("deep", "blue"): "navy", ("midnight", "blue"): "navy",
    ("navy", "blue"): "navy", ("light", "blue"): "sky", ("pale", "blue"): "sky",
    ("sky", "blue"): "sky", ("powder", "blue"): "sky", ("baby", "blue"): "sky",
    ("dark", "green"): "forest", ("deep", "green"): "forest", ("bottle", "green"): "forest",
    ("forest", "green"): "forest", ("hunter", "green"): "forest", ("dark", "red"): "burgundy",
    ("deep", "red"): "burgundy", ("blood", "red"): "red", ("dark", "grey"): "charcoal",
    ("light", "brown"): "camel", ("pale", "brown"): "camel", ("pale", "pink"): "rose",
    ("light", "pink"): "rose", ("baby", "pink"): "rose", ("pale", "purple"): "lavender",
    ("light", "purple"): "lavender", ("off", "white"): "cream", ("pale", "yellow"): "cream",
    ("dark", "charcoal"): "charcoal",
}
#: colour words that only describe hair
_EN_HAIR_ONLY = {
    "fair": "blonde", "flaxen": "blonde", "blonde": "blonde", "blond": "blonde",
    "sandy": "blonde", "platinum": "silver", "brunette": "brown", "chestnut": "brown",
    "auburn": "auburn", "ginger": "red", "copper": "auburn", "raven": "black",
    "hazel": "amber",
}
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
#: garment nouns -> outfit kind (None: clothes of no particular kind, for their colour)
_EN_GARMENTS: dict[str, str | None] = {
    **dict.fromkeys(("coat", "overcoat", "greatcoat", "topcoat", "raincoat", "trenchcoat",
                     "peacoat", "parka", "anorak", "jacket", "windbreaker", "cloak", "cape",
                     "mantle", "mackintosh", "pelisse", "duffel", "duffle"), "coat"),
    **dict.fromkeys(("suit", "tuxedo", "blazer", "tailcoat"), "suit"),
    **dict.fromkeys(("uniform", "livery", "fatigues"), "uniform"),
    **dict.fromkeys(("robe", "kimono", "hanfu", "cassock", "vestments", "kaftan", "caftan",
                     "toga", "surplice"), "robe"),
    **dict.fromkeys(("dress", "gown", "frock", "skirt", "sundress", "qipao", "cheongsam",
                     "sari"), "dress"),
    **dict.fromkeys(("hoodie", "sweatshirt"), "hoodie"),
    **dict.fromkeys(("shirt", "blouse", "tee", "sweater", "jumper", "cardigan", "pullover",
                     "jersey", "tunic", "polo", "turtleneck"), "shirt"),
    **dict.fromkeys(("clothes", "clothing", "outfit", "attire", "garb", "garments",
                     "finery"), None),
}
#: "suit jacket", "dress shirt": a garment noun used as a modifier -> the pair's kind
_EN_PAIRS = {
    ("suit", "jacket"): "suit", ("suit", "coat"): "suit", ("dinner", "jacket"): "suit",
    ("sports", "jacket"): "suit", ("sport", "coat"): "suit", ("tuxedo", "jacket"): "suit",
    ("smoking", "jacket"): "suit", ("dress", "shirt"): "shirt", ("dress", "uniform"): "uniform",
    ("shirt", "dress"): "dress", ("sweater", "dress"): "dress", ("hooded", "sweatshirt"): "hoodie",
    ("hooded", "top"): "hoodie", ("dress", "coat"): "coat", ("frock", "coat"): "coat",
    ("robe", "coat"): "coat",
}
_EN_PARTS = {
    **dict.fromkeys(("hair", "haired", "locks", "curls", "braid", "braids", "plaits", "ponytail",
                     "mane", "tresses", "bun"), "hair"),
    **dict.fromkeys(("eyes", "eye", "eyed"), "eyes"),
    **dict.fromkeys(("beard", "bearded", "moustache", "mustache", "whiskers", "stubble",
                     "goatee"), "beard"),
    **dict.fromkeys(("tie", "necktie", "cravat", "scarf", "ribbon", "sash", "bowtie",
                     "neckerchief"), "accent"),
}
#: words a colour does not reach across ("her red hair and coat": the coat has no colour)
_EN_STOPS = frozenset((
    "a", "an", "the", "his", "her", "their", "its", "my", "your", "our", "this", "that", "these",
    "those", "with", "in", "on", "of", "over", "under", "beneath", "from", "to", "by", "at",
    "for", "and", "or", "but", "wore", "wearing", "worn", "was", "were", "is", "are", "had",
    "has", "have", "as", "than", "like", "into", "out", "off", "up", "down", "he", "she", "it",
    "they", "who", "which",
))
#: garment words that are verbs after "to", "will", "would" ...
_EN_VERB_NOUNS = frozenset(("suit", "dress", "tie", "robe", "cap", "cape"))
_EN_MODALS = frozenset(("to", "will", "would", "might", "may", "must", "can", "could", "should",
                        "shall", "not", "did", "does", "do", "never"))
_DRESSED = frozenset(("dressed", "clad", "clothed", "garbed", "attired", "all"))

#: Chinese colours, longest first -> OUTFIT_COLORS key
_ZH_COLOUR_WORDS = {
    "藏青": "navy", "藏蓝": "navy", "深蓝": "navy", "湛蓝": "blue", "天蓝": "sky", "浅蓝": "sky",
    "淡蓝": "sky", "月白": "white", "米白": "cream", "乳白": "cream", "雪白": "white",
    "洁白": "white", "纯白": "white", "米黄": "cream", "鹅黄": "yellow", "嫩黄": "yellow",
    "土黄": "mustard", "墨绿": "forest", "深绿": "forest", "翠绿": "green", "碧绿": "green",
    "浅绿": "green", "草绿": "green", "军绿": "olive", "橄榄": "olive", "酒红": "burgundy",
    "枣红": "burgundy", "暗红": "burgundy", "深红": "burgundy", "大红": "red", "鲜红": "red",
    "火红": "red", "血红": "red", "玫红": "pink", "桃红": "pink", "粉红": "pink", "浅粉": "rose",
    "淡粉": "rose", "深紫": "purple", "淡紫": "lavender", "浅紫": "lavender", "深灰": "charcoal",
    "浅灰": "grey", "银灰": "silver", "咖啡": "brown", "卡其": "camel", "驼色": "camel",
    "漆黑": "black", "乌黑": "black", "墨黑": "black", "金黄": "gold", "橘黄": "orange",
    "橙黄": "orange", "红": "red", "赤": "red", "绯": "red", "朱": "red", "橙": "orange",
    "橘": "orange", "黄": "yellow", "绿": "green", "翠": "green", "碧": "teal", "青": "teal",
    "蓝": "blue", "紫": "purple", "黑": "black", "玄": "black", "墨": "black", "乌": "black",
    "白": "white", "素": "white", "灰": "grey", "粉": "pink", "棕": "brown", "褐": "brown",
    "金": "gold", "银": "silver", "米": "cream", "杏": "cream",
}
_ZH_GARMENTS: dict[str, str | None] = {
    **dict.fromkeys(("外套", "大衣", "风衣", "夹克", "羽绒服", "棉袄", "斗篷", "披风", "皮衣",
                     "棉衣", "大氅", "呢子大衣", "皮夹克"), "coat"),
    **dict.fromkeys(("西装", "西服", "燕尾服", "套装"), "suit"),
    **dict.fromkeys(("制服", "校服", "军装", "警服", "军服", "工作服"), "uniform"),
    **dict.fromkeys(("长袍", "道袍", "袍子", "龙袍", "官服", "袈裟", "僧袍", "汉服", "长衫",
                     "锦袍", "衣袍", "古装", "和服", "袍"), "robe"),
    **dict.fromkeys(("连衣裙", "长裙", "短裙", "裙子", "纱裙", "裙", "旗袍", "婚纱", "礼服"),
                    "dress"),
    **dict.fromkeys(("卫衣", "连帽衫"), "hoodie"),
    **dict.fromkeys(("衬衫", "衬衣", "t恤", "毛衣", "针织衫", "汗衫", "背心", "马甲"), "shirt"),
    **dict.fromkeys(("衣服", "衣裳", "衣衫", "上衣", "衣", "装", "裳", "衫", "服"), None),
}
_ZH_PARTS = {
    **dict.fromkeys(("头发", "长发", "短发", "卷发", "秀发", "发丝", "发"), "hair"),
    **dict.fromkeys(("眼睛", "眼眸", "瞳孔", "眸子", "眼", "瞳", "眸"), "eyes"),
    **dict.fromkeys(("胡子", "胡须", "须"), "beard"),
    **dict.fromkeys(("领带", "围巾", "丝带", "腰带", "领结", "发带"), "accent"),
    # not hair or eyes, though they end in 发 or begin with 眼: their colour is their own
    **dict.fromkeys(("眼镜", "发夹", "发卡", "发簪"), "other"),
}


def _alt(words) -> str:  # type: ignore[no-untyped-def]
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# colour (色)(的)(material)(long/short) noun: 红色的外套, 蓝布衬衫, 黑色的长发, 一身白衣
_ZH_HINT = re.compile(
    rf"(?P<col>{_alt(_ZH_COLOUR_WORDS)})?(?:色)?(?:的)?"
    r"(?:粗布|丝绸|绸缎|呢子|[布丝绸缎呢棉纱皮绒毛麻])??(?:长|短|大|小|薄|厚|卷|直)??"
    rf"(?P<noun>{_alt(list(_ZH_GARMENTS) + list(_ZH_PARTS))})")
# 一身黑, 一身素白: a colour for the whole outfit with no garment named
_ZH_ALL_IN = re.compile(rf"(?:一身|一袭|浑身|全身)(?P<col>{_alt(_ZH_COLOUR_WORDS)})")

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


@dataclass(frozen=True)
class _Said:
    """One thing the hints say: a garment (``kind`` None: clothes of no stated kind) or a part
    ("hair", "eyes", "beard", "accent"), and the colour key said of it (or None)."""

    what: str  # "garment" or a part
    kind: str | None
    colour: str | None


def _en_colour_at(tokens: list[str], j: int) -> str | None:
    """The colour key of the colour word at ``j`` with its modifier ("dark blue": navy)."""
    word = tokens[j]
    key = _EN_COLOURS.get(word) or _EN_HAIR_ONLY.get(word)
    if key and j > 0:
        key = _EN_SHADES.get((tokens[j - 1], key), key)
    return key


def _is_colour(word: str) -> bool:
    return word in _EN_COLOURS or word in _EN_HAIR_ONLY


def _singular(word: str) -> str:
    """"robes" -> "robe", "dresses" -> "dress" for the garment and part tables."""
    if word in _EN_GARMENTS or word in _EN_PARTS or not word.endswith("s"):
        return word
    for stem in (word[:-1], word[:-2]):
        if stem in _EN_GARMENTS or stem in _EN_PARTS:
            return stem
    return word


def _en_said(text: str) -> list[_Said]:
    """Garments and parts in English hints with the colour words that modify them."""
    tokens = [_singular(t) for t in re.findall(r"[a-z]+|[.,;:!?()\"“”]", text)]
    roles: list[tuple[str, str | None] | None] = []
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        prev = tokens[i - 1] if i else ""
        if (tok, nxt) in _EN_PAIRS or (tok in _EN_GARMENTS and nxt in _EN_GARMENTS):
            roles.append(None)  # "suit" in "suit jacket" only modifies the jacket
        elif (prev, tok) in _EN_PAIRS:
            roles.append(("garment", _EN_PAIRS[(prev, tok)]))
        elif tok in _EN_VERB_NOUNS and prev in _EN_MODALS:
            roles.append(None)  # "it will suit", "to dress", "to tie": verbs
        elif tok in _EN_GARMENTS:
            roles.append(("garment", _EN_GARMENTS[tok]))
        elif tok in _EN_PARTS:
            roles.append((_EN_PARTS[tok], None))
        else:
            roles.append(None)
    out: list[_Said] = []
    for i, role in enumerate(roles):
        if role is not None:
            out.append(_Said(role[0], role[1], _en_colour_of(tokens, roles, i, role[0])))
        elif tokens[i] in _DRESSED:
            # "dressed in white", "all in black": the colour of the clothes
            k = i + 1
            while k < len(tokens) and tokens[k] in ("all", "entirely", "wholly"):
                k += 1
            if k < len(tokens) and tokens[k] == "in":
                run = k + 1
                while run < len(tokens) and _is_colour(tokens[run]) and run < k + 4:
                    run += 1
                if run > k + 1 and (run == len(tokens) or roles[run] is None):
                    colour = _en_colour_at(tokens, run - 1)
                    if tokens[run - 1] in _EN_COLOURS:
                        out.append(_Said("garment", None, colour))
    return out


def _en_colour_of(tokens: list[str], roles: list, i: int, what: str) -> str | None:
    """The colour said of the noun at ``i``: before it ("her dark blue coat"), after "of"
    ("a gown of deep purple velvet") or after a copula ("her coat was red")."""
    for j in range(i - 1, max(-1, i - 5), -1):
        tok = tokens[j]
        if roles[j] is not None or tok in _EN_STOPS or not tok.isalpha():
            break
        if _is_colour(tok) and (what == "hair" or tok not in _EN_HAIR_ONLY or tok == "hazel"):
            if what != "hair" and tok == "dark" and j + 1 < i and _is_colour(tokens[j + 1]):
                continue
            return _en_colour_at(tokens, j)
    k = i + 1
    if k < len(tokens) and tokens[k] == "of":
        start = k + 1
    elif (k + 2 < len(tokens) and tokens[k] == "," and _is_colour(tokens[k + 1])
          and tokens[k + 2] in ("as", "like")):
        return _en_colour_at(tokens, k + 1)  # "her dress, red as a poppy"
    else:
        start = -1
        for m in range(k, min(len(tokens), k + 4)):
            if tokens[m] in ("was", "were", "is", "are"):
                start = m + 1
                break
            if roles[m] is not None or not tokens[m].isalpha():
                break
    if start < 0:
        return None
    found: str | None = None
    for m in range(start, min(len(tokens), start + 4)):
        tok = tokens[m]
        if roles[m] is not None or not tok.isalpha():
            break
        if _is_colour(tok):
            found = _en_colour_at(tokens, m)  # the last of a run: "emerald green" -> green
        elif found or tok in _EN_STOPS - {"a", "an", "all"}:
            break
    return found


def _zh_said(text: str) -> list[_Said]:
    """Garments and parts in Chinese hints (红色的外套, 蓝布衬衫, 黑色的长发, 一身白衣)."""
    out: list[_Said] = []
    for m in _ZH_HINT.finditer(text):
        noun, col = m.group("noun"), m.group("col")
        colour = _ZH_COLOUR_WORDS[col] if col else None
        if noun in _ZH_GARMENTS:
            out.append(_Said("garment", _ZH_GARMENTS[noun], colour))
        else:
            out.append(_Said(_ZH_PARTS[noun], None, colour))
    for m in _ZH_ALL_IN.finditer(text):
        out.append(_Said("garment", None, _ZH_COLOUR_WORDS[m.group("col")]))
    return out


def _read_hints(text: str, male: bool = False) -> tuple[str | None, str | None, dict[str, str]]:
    """(outfit kind, outfit colour key, {part: colour key}) from the hint text.

    The outfit is the first garment named (a shirt gives way to anything worn over it);
    its colour is the colour said of that garment, else of clothes of no stated kind
    ("dressed in white", 一身白衣). Parts take the first colour said of them.
    """
    said = _en_said(text) + _zh_said(text)
    if male:
        # "evening dress", "in full dress": said of a man, dress is clothes, not a frock
        said = [_Said(s.what, None, s.colour) if s.kind == "dress" else s for s in said]
    garments = [s for s in said if s.what == "garment"]
    kinds = [s.kind for s in garments if s.kind]
    kind = next((k for k in kinds if k != "shirt"), kinds[0] if kinds else None)
    colour = next((s.colour for s in garments if s.kind == kind and s.colour), None)
    if colour is None:
        colour = next((s.colour for s in garments if s.kind is None and s.colour), None)
    parts: dict[str, str] = {}
    for s in said:
        if s.what != "garment" and s.colour:
            parts.setdefault(s.what, s.colour)
    return kind, colour, parts


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

    kind, outfit_said, parts = _read_hints(text, male)
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
    if pose.gesture == "hold":
        _hold.draw_hold_arm(canvas, rig)
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
    hand = None
    if pose.gesture == "hold":
        h = body_m.mapXY(*_hold.hand_point(rig))
        hand = (x + h.x() * s, y + (h.y() - 1000.0) * s, s)
    return Anchors(face=(x0, y0, x1 - x0, y1 - y0), mouth=(mx, my), head_top=top,
                   body=(x - 0.45 * height, top, 0.9 * height, y - top), hand=hand)


def draw_grip(canvas: skia.Canvas, look: Look, pose: Pose, hand: tuple[float, float, float]) -> None:
    """The fingers of a ``hold`` figure's hand, to draw over what it holds (``hand`` is the
    figure's :attr:`Anchors.hand`, moved to where the figure is drawn)."""
    _hold.draw_grip(canvas, make_rig(look, pose), *hand)


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
                      head_top=max(0.0, a.head_top), body=a.body, hand=a.hand)
    return surface.makeImageSnapshot(), anchors
