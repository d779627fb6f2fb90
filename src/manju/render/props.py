"""Story props drawn with skia: the things a scene's text names (lantern, sword, phone...).

:func:`props_in_text` finds the props a scene's text mentions (English and Chinese keywords,
with guards against the usual false hits: 花园 is a garden, 秘书 a secretary, "a fan of" a
person, "the key point" no key). :func:`draw_prop` draws one in the characters' clean
flat-colour style (bold ink outline scaled with size, one cel-shadow tone, a highlight);
:func:`prop_sprite` renders it onto a transparent image for caching.

The drawings live in ``props_period`` (lantern, umbrella, sword, teapot, scroll, fan, jade,
candle, mirror, key) and ``props_modern`` (knife, gun, cup, bottle, flowers, book, letter,
phone, photo, bag, gift, ring), in the 100-unit design space of ``props_kit``.
"""

from __future__ import annotations

import math
import random
import re

import skia

from manju.render import props_modern as _modern
from manju.render import props_period as _period
from manju.render.props_kit import LW

__all__ = ["PROPS", "props_in_text", "draw_prop", "prop_sprite", "prop_width"]

_DRAWERS = {**_period.DRAWERS, **_modern.DRAWERS}

PROPS: tuple[str, ...] = (
    "lantern", "umbrella", "sword", "knife", "gun", "cup", "teapot", "bottle", "flowers",
    "book", "scroll", "letter", "phone", "photo", "candle", "bag", "fan", "key", "jade",
    "mirror", "gift", "ring",
)
assert set(PROPS) == set(_DRAWERS)

MAX_PROPS = 3

# --------------------------------------------------------------------------- detection
# Each prop has regexes; English ones run on lower-cased text. A hit is a (start, end) span;
# where spans overlap the earlier, then the longer, wins (酒杯 is a cup, not a bottle; 茶壶 a
# teapot, not a cup), so compound words decide before their single characters.
_EN: dict[str, tuple[str, ...]] = {
    "lantern": (r"\blanterns?\b",),
    "umbrella": (r"\bumbrellas?\b", r"\bparasols?\b"),
    "sword": (r"\bswords?\b", r"\bsabres?\b", r"\bsabers?\b", r"\bkatanas?\b",
              r"\bscabbard\b"),
    "knife": (r"\bknife\b", r"\bknives\b", r"\bdaggers?\b", r"\bcleaver\b"),
    "gun": (r"\b(?<!top )(?<!big )guns?\b(?!\s*(?:shy|ho|point))", r"\bpistols?\b",
            r"\brevolvers?\b", r"\bhandguns?\b"),
    "cup": (r"\b(?<!world )cups?\b(?!board)", r"\bmugs?\b", r"\bteacups?\b",
            r"\btea\b(?!\s*(?:house|room|shop|party|pot|kettle|leaves))",
            r"\bcoffee\b(?!\s*(?:table|shop|house|bean|colou?red))",
            r"\b(?:espresso|latte|cappuccino)\b", r"\bwine\s*glass(?:es)?\b",
            r"\bgoblets?\b"),
    "teapot": (r"\bteapots?\b", r"\btea\s*pots?\b", r"\bkettles?\b", r"\bewers?\b"),
    "bottle": (r"\bbottles?\b(?!neck)", r"\bwine\b(?!\s*(?:glass|cup|bar))", r"\bbeer\b",
               r"\bwhiske?y\b", r"\bvodka\b", r"\bchampagne\b", r"\bsake\b(?<!for the sake)"),
    "flowers": (r"\bflowers?\b(?!\s*(?:bed|shop|pot|garden|market))", r"\bbouquets?\b",
                r"\broses\b", r"\b(?:a|red|white|pink|yellow|single|one)\s+rose\b",
                r"\blil(?:y|ies)\b", r"\bpeon(?:y|ies)\b", r"\btulips?\b", r"\bdais(?:y|ies)\b",
                r"\bblossoms?\b(?=.{0,20}\b(?:hand|held|holding|branch|picked|sprig))"),
    "book": (r"\bbooks?\b(?!\s*(?:store|shop|case|shelf|shelves|keeper|ing))",
             r"\bnovels?\b(?=\s*(?:in|on|from|under|and|,|\.))", r"\bdiary\b",
             r"\bjournal\b(?!ist)", r"\bnotebook\b", r"\btextbooks?\b"),
    "scroll": (r"\b(?:a|an|the|his|her|old|ancient|silk|bamboo|imperial|sealed|rolled)\s+"
               r"scrolls?\b", r"\bscrolls\b(?!\s+(?:through|down|up|past))",
               r"\bimperial\s+edict\b", r"\bhanging\s+scroll\b"),
    "letter": (r"\bletters?\b(?!\s*(?:of the alphabet|grade|head|box))", r"\benvelopes?\b",
               r"\b(?:folded|handwritten|love|crumpled|scribbled)\s+note\b"),
    "phone": (r"\b(?:cell\s*|smart|mobile\s+|tele)?phones?\b", r"\bphoned\b",
              r"\bcellphones?\b", r"\biphones?\b", r"\btext(?:ed|ing)?\s+(?:message|him|her)",
              r"\bmessages?\b(?=.{0,25}\bscreen)", r"\bthe\s+screen\s+lit\b"),
    "photo": (r"\bphoto(?:graph)?s?\b", r"\bsnapshots?\b", r"\bpolaroids?\b",
              r"\bpicture\s+frame\b", r"\bold\s+picture\b"),
    "candle": (r"\bcandles?\b", r"\bcandlelight\b", r"\bcandlesticks?\b"),
    "bag": (r"\b(?:hand|shoulder|school|tote|paper|shopping|duffel|gym)?\s*bags?\b(?!\s+under)",
            r"\bhandbags?\b", r"\bpurses?\b", r"\bbackpacks?\b", r"\bsatchels?\b",
            r"\bbriefcases?\b"),
    "fan": (r"\b(?:folding|paper|silk|hand|feather|sandalwood|painted|ivory|bamboo)[- ]fans?\b",
            r"\b(?:opened|closed|snapped|waved|unfurled|flicked|fluttered|raised|held|holding|"
            r"waving|tapped|twirled)\s+(?:open\s+)?(?:her|his|the|a|their|my|its)\s+fan\b"
            r"(?!\s+(?:of|club|base|mail))",
            r"\bfan\s+(?:snapped|fluttered|opened|closed|unfurled)\b"),
    "key": (r"\bkeys\b(?!\s*(?:board|to\s+(?:success|the\s+(?:mystery|puzzle|case))))",
            r"\b(?:a|the|his|her|my|their|brass|iron|old|rusty|spare|golden|silver)\s+key\b"
            r"(?!\s*(?:point|points|moment|figure|witness|question|issue|factor|role|part|"
            r"player|word|idea|detail|clue|evidence|member|is\s+(?:to|that|not)|to\s+(?:success|"
            r"understanding|the\s+(?:mystery|puzzle|problem|case|secret|answer))))",
            r"\bkey\s*(?:ring|chain|hole)\b", r"\bkeychain\b", r"\bkeyhole\b"),
    "jade": (r"\bjade\s+(?:pendant|token|amulet|disc|talisman|tablet|bracelet|seal)\b",
             r"\bpendants?\b", r"\bamulets?\b", r"\btalismans?\b"),
    "mirror": (r"\bmirrors?\b", r"\blooking[- ]glass\b"),
    "gift": (r"\bgifts?\b", r"\bpresents?\b(?=.{0,12}\b(?:for|wrapped|box|from))",
             r"\bwrapped\s+present\b", r"\bgift\s+box\b"),
    "ring": (r"\b(?:wedding|engagement|diamond|gold|silver|promise)\s+rings?\b",
             r"\bring\s+box\b", r"\bslipped\s+(?:a|the)\s+ring\b"),
}

_ZH: dict[str, tuple[str, ...]] = {
    "lantern": (r"灯笼", r"提灯", r"宫灯", r"花灯", r"孔明灯", r"河灯"),
    "umbrella": (r"(?<!降落)(?<!保护)伞",),
    "sword": (r"剑(?![眉桥])", r"佩剑", r"宝剑", r"长剑"),
    "knife": (r"匕首", r"刀子", r"菜刀", r"小刀", r"短刀", r"尖刀", r"水果刀", r"屠刀",
              r"(?<![剪开大镰])刀(?=[尖刃锋柄光])", r"拔刀"),
    "gun": (r"手枪", r"枪口", r"开枪", r"拔枪", r"掏枪", r"举枪", r"枪管", r"左轮", r"枪声"),
    "cup": (r"(?<!世界)(?<!奖)杯(?!葛)", r"茶(?![馆楼几色叶园壶铺庄])", r"奶茶",
            r"咖啡(?![馆厅店色屋])", r"杯酒"),
    "teapot": (r"茶壶", r"酒壶", r"水壶", r"执壶", r"茶具"),
    "bottle": (r"(?<!花)瓶(?!颈)", r"(?<![药白])酒(?![店吧馆楼窝精会家壶杯量意])", r"喝酒",
               r"白酒", r"药瓶", r"酒坛"),
    "flowers": (r"花束", r"鲜花", r"捧花", r"玫瑰", r"百合", r"花朵", r"献花", r"送花",
                r"买花", r"一束花", r"一枝花", r"插花", r"花瓶", r"花篮", r"桃花枝", r"梅花枝"),
    "book": (r"(?<![秘情遗证文家说诏战挑休降投申邀请背丛天全])书(?![房包法生记桌架店院童信香写斋柜馆僮])",
             r"秘籍", r"账本", r"日记", r"课本", r"古籍", r"册子", r"画册", r"相册"),
    "scroll": (r"卷轴", r"画卷", r"圣旨", r"诏书", r"字画", r"卷宗", r"画轴"),
    "letter": (r"信封", r"书信", r"信件", r"来信", r"写信", r"一封", r"封信", r"情书", r"家书",
               r"遗书", r"休书", r"信纸", r"回信", r"寄信", r"送信", r"读信", r"拆信", r"密信",
               r"纸条", r"战书"),
    "phone": (r"手机", r"电话", r"短信", r"微信", r"来电", r"视频通话", r"屏幕亮"),
    "photo": (r"照片", r"相片", r"合影", r"相框", r"合照", r"旧照"),
    "candle": (r"蜡烛", r"(?<!花)烛", r"花烛", r"油灯"),
    "bag": (r"背包", r"书包", r"手提包", r"挎包", r"皮包", r"包包", r"提包", r"钱包", r"手袋",
            r"公文包", r"行李包", r"双肩包", r"包里"),
    "fan": (r"扇子", r"折扇", r"团扇", r"纸扇", r"羽扇", r"绢扇", r"檀香扇", r"蒲扇", r"扇面",
            r"摇着扇", r"摇扇", r"展扇", r"合扇", r"执扇", r"玉扇", r"铁扇"),
    "key": (r"钥匙", r"钥匙串"),
    "jade": (r"玉佩", r"玉坠", r"玉牌", r"玉璧", r"玉珏", r"吊坠", r"护身符", r"信物", r"玉符"),
    "mirror": (r"镜子", r"铜镜", r"梳妆镜", r"(?<![眼墨望显透])镜(?![头片框])"),
    "gift": (r"礼物", r"礼盒", r"礼品", r"贺礼"),
    "ring": (r"戒指", r"钻戒", r"婚戒", r"指环"),
}

_COMPILED: list[tuple[str, re.Pattern[str], bool]] = (
    [(name, re.compile(p), True) for name, ps in _EN.items() for p in ps]
    + [(name, re.compile(p), False) for name, ps in _ZH.items() for p in ps]
)


def props_in_text(text: str, lang: str = "en") -> list[str]:
    """Props a scene's text names, in order of first mention, deduplicated, at most 3.

    English and Chinese keywords are both tried whatever ``lang`` says (stories mix them);
    ``lang`` is kept for callers and future per-language rules. Compound words beat their
    parts (茶壶 -> teapot, not cup) and known false hits are guarded (花园, 秘书, 一扇门,
    剑眉, 酒店, "a fan of", "the key point", "World Cup"...).
    """
    if not text:
        return []
    low = text.lower()
    hits: list[tuple[int, int, str]] = []
    for name, pat, english in _COMPILED:
        for m in pat.finditer(low if english else text):
            if m.end() > m.start():
                hits.append((m.start(), -(m.end() - m.start()), name))
    hits.sort()
    out: list[str] = []
    covered_to = -1
    for start, neg_len, name in hits:
        if start < covered_to:
            continue
        covered_to = start - neg_len
        if name not in out:
            out.append(name)
            if len(out) == MAX_PROPS:
                break
    return out


# --------------------------------------------------------------------------- drawing
_UNITS = 100.0 + LW / 2.0  # design height with the outline (bases sit at y = -LW / 2)


def _check(name: str) -> None:
    if name not in _DRAWERS:
        raise ValueError(f"unknown prop {name!r}; known: {', '.join(PROPS)}")


def prop_width(name: str, size: float) -> float:
    """Width in pixels of prop ``name`` drawn ``size`` px tall (outline included)."""
    _check(name)
    return 2.0 * _DRAWERS[name][1] * size / _UNITS


def draw_prop(canvas: skia.Canvas, name: str, x: float, y: float, size: float,
              seed: int = 0) -> None:
    """Draw prop ``name`` with its bottom-centre at (x, y), about ``size`` px tall.

    The outline is included in ``size``; the width depends on the prop
    (:func:`prop_width`). Same name, size and seed always give the same pixels; the seed
    only varies colours (cover of the book, the bouquet's roses...), never the shape.
    """
    _check(name)
    draw, _ = _DRAWERS[name]
    s = max(0.0, float(size)) / _UNITS
    if s <= 0:
        return
    canvas.save()
    canvas.translate(x, y)
    canvas.scale(s, s)
    draw(canvas, random.Random(f"{name}:{int(seed)}"))
    canvas.restore()


def prop_sprite(name: str, size: int, seed: int = 0) -> skia.Image:
    """The prop on a transparent image ``size`` px tall, bottom-centre anchored.

    The image's bottom edge is the prop's base and its horizontal centre the prop's centre,
    so ``canvas.drawImage(img, x - img.width() / 2, y - img.height())`` puts it at (x, y).
    """
    _check(name)
    size = max(4, int(size))
    width = max(4, 2 * math.ceil(prop_width(name, size) / 2.0 + 1.0))
    surface = skia.Surface(width, size)
    canvas = surface.getCanvas()
    canvas.clear(skia.ColorTRANSPARENT)
    draw_prop(canvas, name, width / 2.0, float(size), float(size), seed)
    return surface.makeImageSnapshot()
