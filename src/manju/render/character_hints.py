"""What the words of a story say a character wears or looks like, for :func:`design_look`.

Hints are read as nouns (a garment, hair, eyes, a tie) and the colour words that modify them:
"her red coat" colours the outfit, "red hair" the hair, "blue eyes" the eyes, "a red tie" the
accent; "a gown of deep purple velvet", "her gown was emerald green" and "dressed in white"
count as well, and so do Chinese hints (红色的外套, 蓝布衬衫, 黑色的长发, 一身白衣). Colours come
out as keys of :data:`manju.render.character_design.OUTFIT_COLORS`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


def read_hints(text: str, male: bool = False) -> tuple[str | None, str | None, dict[str, str]]:
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
