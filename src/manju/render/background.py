"""Procedural comic backgrounds and location classification.

Public API:

- :class:`Setting` — what a location looks like (kind, time of day, weather, interior, seed).
- :func:`classify_setting` — guess a :class:`Setting` from a scene's text (English/Chinese).
- :func:`find_place` — the place a scene's text says it is played in (``tea house``, ``会议室``).
- :func:`scene_heading` — a Fountain heading such as ``INT. LIGHTHOUSE - NIGHT``.
- :func:`render_background` — a full, deterministic background plate (skia image).
- :func:`horizon_y` / :func:`floor_y` — layout lines of the plate for character placement.
- :func:`light_direction` — the scene's key-light angle (for shadows, rim light).
- :func:`render_weather` — cheap animated rain/snow/fog drawn over a frame.

Painters live in ``background_outdoor.py`` / ``background_indoor.py``; shared helpers in
``background_paint.py``. Nothing is drawn at import time.
"""

from __future__ import annotations

import math
import random
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache

import skia

KINDS = ("home", "office", "street", "shop", "forest", "mountain", "palace", "coast", "sky",
         "room_generic")
TIMES = ("day", "dusk", "night")
WEATHERS = ("clear", "rain", "snow", "fog")
INTERIOR_KINDS = ("home", "office", "shop", "room_generic")


@dataclass(frozen=True)
class Setting:
    """A location's look: ``kind`` (see :data:`KINDS`), ``time`` (:data:`TIMES`),
    ``weather`` (:data:`WEATHERS`), ``interior`` and a ``seed`` that varies layout details."""

    kind: str = "room_generic"
    time: str = "day"
    weather: str = "clear"
    interior: bool = True
    seed: int = 0  # varies layout details deterministically per location


# ----------------------------------------------------------------------------- classification

# (keyword, weight). English keywords match whole words (plural -s/-es allowed);
# Chinese keywords match as substrings.
_EN_KIND: dict[str, tuple[tuple[str, float], ...]] = {
    "home": (("home", 2), ("house", 2), ("kitchen", 3), ("bedroom", 3), ("living room", 3),
             ("apartment", 3), ("bathroom", 3), ("dining room", 3), ("attic", 2), ("cottage", 2),
             ("dorm", 2), ("dormitory", 2), ("flat", 1), ("sofa", 1), ("couch", 1), ("bed", 1),
             ("drawing room", 3), ("parlour", 3), ("parlor", 3), ("cellar", 2), ("basement", 2)),
    "office": (("office", 3), ("company", 2), ("workplace", 3), ("cubicle", 3),
               ("meeting room", 3), ("conference room", 3), ("boardroom", 3),
               ("headquarters", 2), ("agency", 1), ("desk", 1), ("studio", 1)),
    "street": (("street", 3), ("road", 2), ("avenue", 3), ("alley", 3), ("alleyway", 3),
               ("crossroads", 3), ("intersection", 3), ("sidewalk", 3), ("boulevard", 3),
               ("highway", 2), ("downtown", 2), ("city", 1), ("town", 1), ("bus stop", 3),
               ("crosswalk", 3), ("parking lot", 2), ("square", 1)),
    "shop": (("shop", 3), ("store", 3), ("cafe", 3), ("café", 3), ("coffee shop", 4),
             ("restaurant", 3), ("bar", 2), ("pub", 3), ("bakery", 3), ("bookstore", 3),
             ("boutique", 3), ("supermarket", 3), ("market", 2), ("teahouse", 3), ("inn", 2),
             ("tavern", 3), ("mall", 3), ("diner", 3), ("pharmacy", 3), ("counter", 1),
             ("tea house", 4), ("tearoom", 3), ("coffee house", 4)),
    "forest": (("forest", 3), ("woods", 3), ("jungle", 3), ("grove", 3), ("thicket", 3),
               ("trees", 1), ("bamboo", 2), ("clearing", 2), ("woodland", 3)),
    "mountain": (("mountain", 3), ("peak", 3), ("cliff", 2), ("summit", 3), ("hill", 2),
                 ("valley", 2), ("canyon", 3), ("ridge", 2), ("slope", 1), ("mountainside", 3)),
    "palace": (("palace", 3), ("temple", 3), ("shrine", 3), ("throne", 2), ("throne room", 4),
               ("castle", 3), ("pagoda", 3), ("monastery", 3), ("sect", 2), ("imperial", 2),
               ("court", 1), ("courtyard", 1), ("hall", 1)),
    "coast": (("sea", 3), ("ocean", 3), ("beach", 3), ("harbor", 3), ("harbour", 3),
              ("port", 2), ("pier", 3), ("dock", 2), ("lighthouse", 4), ("shore", 3),
              ("coast", 3), ("bay", 2), ("waves", 1), ("island", 2), ("seaside", 3)),
    "sky": (("sky", 2), ("clouds", 1), ("flying", 1), ("above the clouds", 4), ("airship", 3)),
    "room_generic": (("room", 1), ("corridor", 2), ("hallway", 2), ("classroom", 2),
                     ("hospital", 2), ("ward", 1), ("library", 2), ("prison", 2), ("cell", 1),
                     ("lab", 2), ("laboratory", 2), ("lobby", 2), ("engine room", 3),
                     ("control room", 3), ("boiler room", 3), ("workshop", 2), ("warehouse", 2),
                     ("barn", 2), ("carriage", 2), ("compartment", 2), ("waiting room", 3)),
}
_ZH_KIND: dict[str, tuple[tuple[str, float], ...]] = {
    "home": (("家里", 3), ("家中", 3), ("回家", 3), ("在家", 3), ("老家", 2), ("家门", 2),
             ("房间", 3), ("卧室", 3), ("厨房", 3), ("客厅", 3), ("屋里", 2), ("屋内", 2),
             ("宿舍", 3), ("公寓", 3), ("寝室", 3), ("闺房", 3), ("书房", 2), ("家", 1),
             ("院子", 2), ("别墅", 2), ("老宅", 2)),
    "office": (("办公室", 4), ("公司", 3), ("会议室", 4), ("写字楼", 3), ("工位", 3),
               ("集团", 2), ("办公", 2), ("总裁", 1)),
    "street": (("街道", 3), ("大街", 3), ("街头", 3), ("街上", 3), ("马路", 3), ("路口", 3),
               ("小巷", 3), ("巷子", 3), ("胡同", 3), ("广场", 2), ("路边", 2), ("街", 2),
               ("路上", 1), ("城中", 1), ("天台", 2), ("楼顶", 2)),
    "shop": (("商店", 4), ("咖啡馆", 4), ("咖啡厅", 4), ("餐厅", 3), ("饭店", 3), ("酒馆", 3),
             ("酒楼", 3), ("客栈", 3), ("茶馆", 3), ("超市", 3), ("商场", 3), ("柜台", 2),
             ("酒吧", 3), ("面馆", 3), ("店", 2), ("铺", 2), ("茶楼", 3)),
    "forest": (("森林", 4), ("树林", 4), ("林中", 3), ("林间", 3), ("竹林", 3), ("丛林", 3),
               ("密林", 3), ("林子", 3), ("树下", 1), ("山林", 2)),
    "mountain": (("山顶", 3), ("山上", 3), ("山谷", 3), ("山峰", 3), ("山路", 3), ("悬崖", 3),
                 ("山脚", 2), ("峰", 2), ("崖", 2), ("山", 1)),
    "palace": (("宗门", 4), ("皇宫", 4), ("宫殿", 4), ("大殿", 4), ("王府", 3), ("寺庙", 4),
               ("道观", 3), ("朝堂", 3), ("祠堂", 3), ("门派", 3), ("宫", 2), ("殿", 2),
               ("寺", 2), ("庙", 2)),
    "coast": (("海边", 4), ("大海", 4), ("海岸", 4), ("沙滩", 4), ("海滩", 4), ("码头", 3),
              ("港口", 3), ("灯塔", 4), ("海", 2), ("岸", 1)),
    "sky": (("天空", 2), ("云端", 3), ("云上", 3), ("空中", 2), ("云海", 3), ("高空", 2)),
    "room_generic": (("教室", 2), ("医院", 2), ("病房", 2), ("走廊", 2), ("图书馆", 2),
                     ("监狱", 2), ("牢房", 2), ("实验室", 2), ("大厅", 2), ("机舱", 3),
                     ("船舱", 3), ("候车室", 3), ("车厢", 2), ("地下室", 2), ("手术室", 2)),
}
# compounds whose characters would otherwise trigger a wrong single-character keyword
_ZH_STOP = ("大家", "专家", "作家", "国家", "家伙", "人家", "画家", "家族", "江山", "海量",
            "上海", "宫本", "殿下", "岸然", "店员")

_EN_TIME = {
    "night": ("night", "tonight", "midnight", "moon", "moonlight", "moonlit", "starlight",
              "stars", "dark", "darkness", "nighttime"),
    "dusk": ("dusk", "sunset", "twilight", "evening", "sundown", "nightfall", "dawn",
             "sunrise", "golden hour"),
    "day": ("day", "morning", "noon", "afternoon", "daylight", "sunny", "daytime", "midday"),
}
_ZH_TIME = {
    "night": ("夜", "晚上", "午夜", "月光", "月亮", "星空", "黑夜", "凌晨", "月色"),
    "dusk": ("黄昏", "傍晚", "夕阳", "日落", "落日", "晚霞", "薄暮", "黎明", "日出", "拂晓"),
    "day": ("早上", "清晨", "中午", "白天", "上午", "下午", "正午", "白日", "阳光"),
}
_EN_WEATHER = {
    "rain": ("rain", "raining", "rainy", "storm", "stormy", "drizzle", "downpour", "thunder",
             "umbrella", "rainstorm"),
    "snow": ("snow", "snowing", "snowy", "blizzard", "snowfall", "snowflakes"),
    "fog": ("fog", "foggy", "mist", "misty", "haze", "hazy"),
}
_ZH_WEATHER = {
    "rain": ("雨", "雷"),
    "snow": ("雪",),
    "fog": ("雾", "霾", "烟雨"),
}
_EN_INT = ("inside", "indoors", "interior")
_EN_EXT = ("outside", "outdoors", "exterior", "open air")
_ZH_INT = ("室内", "屋里", "屋内", "房里", "里面")
_ZH_EXT = ("室外", "门外", "户外", "外面", "院子", "露天")

_HEADING = re.compile(r"^\s*(INT\.?/EXT|EXT\.?/INT|I/E|INT|EXT)[\.\s]+(.+?)(?:\s+-\s+(.*))?$",
                      re.IGNORECASE | re.MULTILINE)


@lru_cache(maxsize=512)
def _en_pattern(word: str) -> re.Pattern[str]:
    return re.compile(r"\b" + re.escape(word).replace(r"\ ", r"\s+") + r"(?:s|es)?\b")


def _en_hits(text: str, words) -> list[tuple[int, str, float]]:
    hits = []
    for item in words:
        word, weight = item if isinstance(item, tuple) else (item, 1.0)
        for m in _en_pattern(word).finditer(text):
            hits.append((m.start(), word, weight))
    return hits


def _zh_hits(text: str, words) -> list[tuple[int, str, float]]:
    hits = []
    for item in words:
        word, weight = item if isinstance(item, tuple) else (item, 1.0)
        start = text.find(word)
        while start >= 0:
            hits.append((start, word, weight))
            start = text.find(word, start + len(word))
    return hits


def _best(table_en: dict, table_zh: dict, low: str, zh: str, order: tuple[str, ...]):
    """Highest-scoring label (ties: earliest mention, then ``order``) and its matched words."""
    best = None
    for rank, label in enumerate(order):
        hits = _en_hits(low, table_en.get(label, ())) + _zh_hits(zh, table_zh.get(label, ()))
        if not hits:
            continue
        score = sum(h[2] for h in hits)
        key = (-score, min(h[0] for h in hits), rank)
        if best is None or key < best[0]:
            best = (key, label, sorted({h[1] for h in hits}))
    return (best[1], best[2]) if best else (None, [])


def _stable_seed(text: str) -> int:
    return zlib.crc32(text.strip().lower().encode("utf-8")) & 0x7FFFFFFF


def classify_setting(text: str, lang: str = "en") -> Setting:
    """Guess a location's kind, time of day, weather and interior/exterior from a scene's text.

    English and Chinese keywords are both recognised whatever ``lang`` says (text is often mixed):
    kitchen/bedroom/家/房间 → home; office/公司/办公室 → office; street/road/街 → street;
    shop/store/café/店 → shop; forest/woods/林 → forest; mountain/山/峰 → mountain;
    palace/temple/宫/殿/寺/宗门 → palace; sea/beach/harbor/lighthouse/海/岸 → coast;
    night/夜/moon → night; dusk/sunset/黄昏 → dusk; rain/雨 → rain; snow/雪 → snow;
    fog/mist/雾 → fog. A Fountain heading (``INT. KITCHEN - NIGHT``) is honoured first; else
    the place the text names (:func:`find_place`: "into the tea house", "茶馆门口") sets the
    kind and INT/EXT when its noun implies them.
    Deterministic; the seed is a stable hash of the location words, so the same place
    always gets the same layout.
    """
    del lang  # both vocabularies are always checked
    text = text or ""
    heading = _HEADING.search(text)
    place = heading.group(2) if heading else ""
    focus = f"{place} {place} {text}" if heading else text  # heading words count double
    low = focus.lower()
    zh = focus
    for stop in _ZH_STOP:
        zh = zh.replace(stop, "　" * len(stop))
    kind, words = _best(_EN_KIND, _ZH_KIND, low, zh, KINDS)
    found = None if heading else find_place(text)
    if found is not None and found.kind is not None:
        kind = found.kind  # the place the scene names, not what else it mentions (a tea house on a street)
    if kind is None:
        kind = "room_generic"
    time_label, _ = _best({k: v for k, v in _EN_TIME.items()}, _ZH_TIME, low, zh,
                          ("night", "dusk", "day"))
    if heading and heading.group(3):
        tod = heading.group(3).strip().lower()
        for label, keys in _EN_TIME.items():
            if any(_en_pattern(k).search(tod) for k in keys):
                time_label = label
                break
        else:
            if tod in ("later", "continuous", "moments later", "same"):
                pass
    time = time_label or "day"
    weather, _ = _best(_EN_WEATHER, _ZH_WEATHER, low, zh, ("rain", "snow", "fog"))
    weather = weather or "clear"
    interior = kind in INTERIOR_KINDS
    if heading:
        tag = heading.group(1).upper()
        if tag.startswith("INT") and "/" not in tag:
            interior = True
        elif tag.startswith("EXT") and "/" not in tag:
            interior = False
    elif found is not None and found.interior is not None:
        interior = found.interior
    else:
        inside = _en_hits(low, _EN_INT) + _zh_hits(zh, _ZH_INT)
        outside = _en_hits(low, _EN_EXT) + _zh_hits(zh, _ZH_EXT)
        if outside and not inside and kind in INTERIOR_KINDS:
            interior = False
        elif inside and not outside and kind not in INTERIOR_KINDS and kind != "sky":
            interior = True
    if kind == "sky":
        interior = False
    key = place.strip() or (found.name if found is not None else "") or " ".join(words) or kind
    return Setting(kind=kind, time=time, weather=weather, interior=interior,
                   seed=_stable_seed(key))


def scene_heading(setting: Setting, location_name: str) -> str:
    """Fountain scene heading like ``'INT. LIGHTHOUSE - NIGHT'`` (``EXT.`` for exteriors)."""
    name = (location_name or "").strip()
    name = re.sub(r"^(INT|EXT|I/E)[\./\s]+", "", name, flags=re.IGNORECASE).strip()
    name = re.sub(r"\s+", " ", name).replace(" - ", " – ")
    if not name:
        name = {"room_generic": "ROOM"}.get(setting.kind, setting.kind)
    prefix = "INT." if setting.interior else "EXT."
    time = setting.time if setting.time in TIMES else "day"
    return f"{prefix} {name.upper()} - {time.upper()}"


# ----------------------------------------------------------------------------- places

# Place nouns: word -> (kind or None, interior or None, specificity). ``kind`` None leaves the
# kind to the keyword tables; ``interior`` None leaves INT/EXT to the kind (a hall, a temple,
# a lighthouse can be either). Specificity ranks a room or building (3) over a spot outdoors
# (2) and a whole region (1): the heading names where the scene is played, not the county.
_PLACE = tuple[str | None, bool | None, float]
_EN_PLACES: dict[str, _PLACE] = {
    # homes
    "kitchen": ("home", True, 3), "bedroom": ("home", True, 3), "bathroom": ("home", True, 3),
    "living room": ("home", True, 3), "sitting room": ("home", True, 3),
    "drawing room": ("home", True, 3), "dining room": ("home", True, 3), "parlour": ("home", True, 3),
    "parlor": ("home", True, 3), "nursery": ("home", True, 3), "attic": ("home", True, 3),
    "cellar": ("home", True, 3), "basement": ("home", True, 3), "pantry": ("home", True, 3),
    "apartment": ("home", True, 3), "cottage": ("home", None, 2.5), "cabin": ("home", True, 2.5),
    "hut": ("home", True, 2.5), "farmhouse": ("home", None, 2.5), "house": ("home", None, 2),
    "mansion": ("home", None, 2), "porch": ("home", False, 2.5), "balcony": ("home", False, 2.5),
    "dormitory": ("home", True, 3),
    # work
    "office": ("office", True, 3), "conference room": ("office", True, 3),
    "meeting room": ("office", True, 3), "boardroom": ("office", True, 3),
    "cubicle": ("office", True, 3), "studio": ("office", True, 3),
    # shops, inns, eating and drinking
    "shop": ("shop", True, 3), "store": ("shop", True, 3), "tea house": ("shop", True, 3),
    "teahouse": ("shop", True, 3), "tearoom": ("shop", True, 3), "cafe": ("shop", True, 3),
    "café": ("shop", True, 3), "coffee shop": ("shop", True, 3), "coffee house": ("shop", True, 3),
    "restaurant": ("shop", True, 3), "diner": ("shop", True, 3), "pub": ("shop", True, 3),
    "tavern": ("shop", True, 3), "inn": ("shop", True, 3), "bakery": ("shop", True, 3),
    "bookshop": ("shop", True, 3), "bookstore": ("shop", True, 3), "pharmacy": ("shop", True, 3),
    "boutique": ("shop", True, 3), "supermarket": ("shop", True, 3), "hotel": (None, None, 2.5),
    "market": ("street", False, 2), "marketplace": ("street", False, 2),
    # rooms and buildings of any kind
    "room": ("room_generic", True, 1.5), "engine room": ("room_generic", True, 3),
    "control room": ("room_generic", True, 3), "lamp room": ("room_generic", True, 3),
    "boiler room": ("room_generic", True, 3), "waiting room": ("room_generic", True, 3),
    "classroom": ("room_generic", True, 3), "library": ("room_generic", True, 3),
    "hospital": ("room_generic", True, 2.5), "ward": ("room_generic", True, 3),
    "corridor": ("room_generic", True, 3), "hallway": ("room_generic", True, 3),
    "laboratory": ("room_generic", True, 3), "lab": ("room_generic", True, 3),
    "prison": ("room_generic", True, 2.5), "lobby": ("room_generic", True, 3),
    "museum": ("room_generic", True, 2.5), "gallery": ("room_generic", True, 3),
    "theatre": ("room_generic", True, 2.5), "theater": ("room_generic", True, 2.5),
    "workshop": ("room_generic", True, 3), "warehouse": ("room_generic", True, 3),
    "factory": ("room_generic", True, 2.5), "garage": ("room_generic", True, 3),
    "barn": ("room_generic", True, 3), "stable": ("room_generic", True, 3),
    "shed": ("room_generic", True, 3), "tent": ("room_generic", True, 3),
    "cockpit": ("room_generic", True, 3), "compartment": ("room_generic", True, 3),
    "carriage": ("room_generic", True, 3), "train": ("room_generic", True, 2.5),
    "bus": ("room_generic", True, 2.5), "subway car": ("room_generic", True, 3),
    "elevator": ("room_generic", True, 3), "school": ("room_generic", None, 2),
    "hall": (None, None, 2), "chapel": (None, True, 3), "church": (None, None, 2.5),
    # palaces and temples
    "palace": ("palace", None, 2.5), "castle": ("palace", None, 2.5), "temple": ("palace", None, 2.5),
    "shrine": ("palace", None, 2.5), "monastery": ("palace", None, 2.5),
    "throne room": ("palace", True, 3), "courtyard": ("palace", False, 2.5),
    # outdoors
    "street": ("street", False, 2), "road": ("street", False, 1.5), "avenue": ("street", False, 2),
    "lane": ("street", False, 2), "alley": ("street", False, 2.5), "alleyway": ("street", False, 2.5),
    "square": ("street", False, 2), "plaza": ("street", False, 2), "sidewalk": ("street", False, 2),
    "crossroads": ("street", False, 2), "bridge": ("street", False, 2),
    "platform": ("street", False, 2), "station": ("street", None, 2),
    "rooftop": ("street", False, 2.5), "roof": ("street", False, 2), "yard": (None, False, 2),
    "garden": (None, False, 2.5), "park": (None, False, 2), "cemetery": (None, False, 2.5),
    "graveyard": (None, False, 2.5), "churchyard": (None, False, 2.5), "field": (None, False, 1.5),
    "meadow": (None, False, 2), "farm": (None, False, 1.5), "village": ("street", False, 1),
    "town": ("street", False, 1), "city": ("street", False, 1),
    "forest": ("forest", False, 2), "woods": ("forest", False, 2), "jungle": ("forest", False, 2),
    "grove": ("forest", False, 2), "clearing": ("forest", False, 2),
    "mountain": ("mountain", False, 1.5), "hill": ("mountain", False, 1.5),
    "hillside": ("mountain", False, 2), "valley": ("mountain", False, 1.5),
    "cliff": ("mountain", False, 2), "summit": ("mountain", False, 2), "peak": ("mountain", False, 2),
    "cave": ("mountain", None, 2.5),
    "beach": ("coast", False, 2), "shore": ("coast", False, 2), "coast": ("coast", False, 1),
    "harbour": ("coast", False, 2), "harbor": ("coast", False, 2), "pier": ("coast", False, 2.5),
    "dock": ("coast", False, 2.5), "quay": ("coast", False, 2.5), "jetty": ("coast", False, 2.5),
    "lighthouse": ("coast", None, 3), "deck": ("coast", False, 2), "sea": ("coast", False, 1),
    "river": (None, False, 1.5), "lake": (None, False, 1.5), "island": ("coast", False, 1),
}
# Words that are places only after a locative preposition ("in the study", "at the bar").
_EN_PREP_ONLY = {"study", "bar", "hold", "cell", "car", "court", "sea", "roof", "deck", "home",
                 "stage", "sky", "square", "train", "bus", "hall"}
_EN_PLACES_EXTRA: dict[str, _PLACE] = {
    "study": ("home", True, 3), "bar": ("shop", True, 3), "hold": ("room_generic", True, 3),
    "cell": ("room_generic", True, 3), "car": ("room_generic", True, 2.5),
    "court": ("palace", None, 2), "home": ("home", True, 2), "stage": ("room_generic", None, 2.5),
    "sky": ("sky", False, 1),
}
# Heads that take a noun before them into the place's name ("map room", "flower shop").
_EN_COMPOUND_HEADS = {"room", "house", "shop", "store", "hall", "station", "office", "yard",
                      "car", "square", "garden", "market", "bar", "cabin", "deck", "street"}
# Nouns that name a kind of the head after them ("map room", "flower shop", "police station");
# other words before a head mostly describe it ("the bare room") and stay out of the name.
_EN_MODIFIERS = set(
    "engine control lamp boiler map drawing billiard music guest store storage server sick "
    "common front back bath bed class throne tea coffee flower book pawn barber gift sweet toy "
    "shoe antique corner junk grocery butcher post ticket police fire train bus railway gas "
    "petrol power pumping town city village market church school court farm prison ship "
    "fish night flea cattle rose herb kitchen beer vegetable tavern palace temple manor "
    "subway dining sleeping mess chart radio operating emergency throne wine coal tool "
    "lecture dance music banquet assembly entrance great".split())
_EN_LOOK = re.compile(r"\b(?:look|looked|looking|stare|stared|staring|glance|glanced|gaze|gazed|"
                      r"smiled|laughed|pointed|pointing|frowned|nodded|waved|shouted|yelled|"
                      r"glared|peered|grinned|scowled)\s+(?:up\s+|out\s+|over\s+|back\s+)?at\s+"
                      r"(?:(?:the|a|an|this|that|his|her|their|its|our|my|your)\s+)?$")
_EN_DETS = {"the", "a", "an", "this", "that", "his", "her", "their", "its", "our", "my", "your"}
_EN_DET = r"(?:(?:" + "|".join(sorted(_EN_DETS)) + r")\s+)"
# (pattern before the noun phrase, weight, INT/EXT it implies or None)
_EN_CONTEXT: tuple[tuple[re.Pattern[str], float, bool | None], ...] = tuple(
    (re.compile(p + r"\s+" + _EN_DET + r"?$", re.IGNORECASE), w, io) for p, w, io in (
        (r"\b(?:inside|within)(?:\s+of)?", 2.2, True),
        (r"\b(?:outside|out\s+front\s+of|in\s+front\s+of|outside\s+of)", 1.8, False),
        (r"\b(?:in|into|entered|reached)", 2.0, None),
        (r"\b(?:in|at|on)\s+the\s+(?:middle|end|edge|top|bottom|corner|centre|center|back|"
         r"front|far\s+end|foot|heart|depths|doorway|door|window|steps)\s+of", 2.0, None),
        (r"\b(?:at|on|onto|aboard|upon)", 1.6, None),
        (r"\b(?:through|throughout|across|along|down|up|around|over|to|toward|towards)", 1.1, None),
        (r"\b(?:out\s+of|from|left|leaving|behind|beyond|past|near|beside|by|opposite|of)", 0.6, None),
    ))


def _place_weight(offset: int, zh: bool) -> float:
    """Mentions early in a scene set it; later ones are often elsewhere or in passing."""
    return 1.0 / (1.0 + offset / (120.0 if zh else 300.0))


def _unquoted(text: str) -> str:
    """The text with quoted speech blanked out (what people say is not where they are)."""
    return re.sub(r"“[^”]*”|\"[^\"\n]*\"|「[^」]*」|『[^』]*』",
                  lambda m: " " * len(m.group()), text)


@lru_cache(maxsize=1)
def _en_place_pattern() -> re.Pattern[str]:
    words = sorted({*_EN_PLACES, *_EN_PLACES_EXTRA}, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")\b",
                      re.IGNORECASE)


_EN_PREPS = set("in into at on onto inside outside within through throughout across along down up "
                "over to toward towards from of behind beyond past near beside by opposite aboard "
                "upon around entered reached left leaving".split())


def _en_places(text: str) -> dict[str, list[tuple[float, int]]]:
    """Mentions of place nouns: name -> [(weight, inside (2) / outside (-1) said or 0)]."""
    found: dict[str, list[tuple[float, int]]] = {}
    for m in _en_place_pattern().finditer(text):
        word = " ".join(m.group(1).lower().split())
        start = m.start()
        if m.group(1)[0].isupper() and start > 0 and not re.search(r"(?:^|[.!?][\"”’]?\s+|\n)\s*$",
                                                                    text[:start]):
            continue  # "Mill Road", "Harbor Street": part of a name, not a common noun
        nxt = re.match(r"\s+([a-z]+)\b", text[m.end():m.end() + 20])
        if nxt and nxt.group(1) in _EN_COMPOUND_HEADS:
            continue  # "village square", "town hall": counted with the head that follows
        tokens = text[max(0, start - 80):start].split()
        name = word
        if word in _EN_COMPOUND_HEADS and tokens:
            mod = tokens[-1]
            if mod in _EN_MODIFIERS or mod in _EN_PLACES or (
                    word in ("room", "hall", "car") and re.fullmatch(r"[a-z]{3,}ing", mod)):
                name = f"{mod} {word}"
                tokens.pop()
        # describing words back to the determiner or preposition: "into the old barn"
        for _ in range(3):
            if tokens and re.fullmatch(r"[a-z]+(?:[-'’][a-z]+)*", tokens[-1]) and \
                    tokens[-1] not in _EN_PREPS | _EN_DETS:
                tokens.pop()
        before = " ".join(tokens) + " "
        weight, said = 1.0, 0
        if _EN_LOOK.search(before):
            weight = 0.5
        else:
            for pat, w, implied in _EN_CONTEXT:
                if pat.search(before):
                    weight, said = w, (0 if implied is None else 2 if implied else -1)
                    break
            else:
                # the subject of a sentence: "The tea house by the landing was empty."
                opening = re.split(r"[.!?][\"”’]?\s+|\n", text[max(0, start - 60):start])[-1].split()
                if len(opening) <= 4 and all(w.lower() not in _EN_PREPS and
                                             re.fullmatch(r"[A-Za-z]+(?:['’-][A-Za-z]+)*", w)
                                             for w in opening):
                    weight = 1.5
        if word in _EN_PREP_ONLY and weight < 1.6 and name == word:
            continue
        found.setdefault(name, []).append((weight * _place_weight(start, False), said))
    return found


_ZH_PLACES: dict[str, _PLACE] = {
    # homes
    "家里": ("home", True, 3), "家中": ("home", True, 3), "房间": ("home", True, 3),
    "卧室": ("home", True, 3), "客厅": ("home", True, 3), "厨房": ("home", True, 3),
    "书房": ("home", True, 3), "浴室": ("home", True, 3), "卫生间": ("home", True, 3),
    "阁楼": ("home", True, 3), "宿舍": ("home", True, 3), "寝室": ("home", True, 3),
    "公寓": ("home", True, 3), "闺房": ("home", True, 3), "阳台": ("home", False, 2.5),
    "院子": ("home", False, 2.5), "庭院": ("home", False, 2.5), "后院": ("home", False, 2.5),
    "小院": ("home", False, 2.5), "别墅": ("home", None, 2.5), "老宅": ("home", None, 2.5),
    "宅子": ("home", None, 2.5), "屋里": ("home", True, 2.5), "屋内": ("home", True, 2.5),
    # work
    "办公室": ("office", True, 3), "会议室": ("office", True, 3), "公司": ("office", None, 2),
    "写字楼": ("office", None, 2), "工位": ("office", True, 3),
    # shops, inns, eating and drinking
    "茶馆": ("shop", True, 3), "茶楼": ("shop", True, 3), "咖啡馆": ("shop", True, 3),
    "咖啡厅": ("shop", True, 3), "餐厅": ("shop", True, 3), "饭店": ("shop", True, 3),
    "饭馆": ("shop", True, 3), "面馆": ("shop", True, 3), "酒馆": ("shop", True, 3),
    "酒楼": ("shop", True, 3), "客栈": ("shop", True, 3), "酒吧": ("shop", True, 3),
    "商店": ("shop", True, 3), "小店": ("shop", True, 3), "店铺": ("shop", True, 3),
    "超市": ("shop", True, 3), "商场": ("shop", True, 3), "书店": ("shop", True, 3),
    "药铺": ("shop", True, 3), "酒店": ("shop", True, 3), "宾馆": ("shop", True, 3),
    "旅馆": ("shop", True, 3), "集市": ("street", False, 2), "市场": ("street", None, 2),
    # rooms and buildings of any kind
    "医院": ("room_generic", True, 2.5), "病房": ("room_generic", True, 3),
    "手术室": ("room_generic", True, 3), "走廊": ("room_generic", True, 3),
    "教室": ("room_generic", True, 3), "图书馆": ("room_generic", True, 3),
    "实验室": ("room_generic", True, 3), "监狱": ("room_generic", True, 2.5),
    "牢房": ("room_generic", True, 3), "大厅": ("room_generic", True, 3),
    "候车室": ("room_generic", True, 3), "机舱": ("room_generic", True, 3),
    "船舱": ("room_generic", True, 3), "驾驶舱": ("room_generic", True, 3),
    "车厢": ("room_generic", True, 3), "地下室": ("room_generic", True, 3),
    "仓库": ("room_generic", True, 3), "车间": ("room_generic", True, 3),
    "电梯": ("room_generic", True, 3), "礼堂": ("room_generic", True, 3),
    "食堂": ("room_generic", True, 3), "学校": ("room_generic", None, 2),
    "车站": ("street", None, 2), "站台": ("street", False, 2.5), "机场": ("room_generic", True, 2.5),
    # palaces and temples
    "皇宫": ("palace", None, 2.5), "宫殿": ("palace", None, 2.5), "大殿": ("palace", None, 3),
    "王府": ("palace", None, 2.5), "寺庙": ("palace", None, 2.5), "道观": ("palace", None, 2.5),
    "祠堂": ("palace", None, 3), "宗门": ("palace", None, 2), "山门": ("palace", False, 2.5),
    "朝堂": ("palace", True, 3),
    # outdoors
    "街道": ("street", False, 2), "大街": ("street", False, 2), "街头": ("street", False, 2),
    "街上": ("street", False, 2), "马路": ("street", False, 2), "路口": ("street", False, 2),
    "小巷": ("street", False, 2.5), "巷子": ("street", False, 2.5), "胡同": ("street", False, 2.5),
    "广场": ("street", False, 2), "路边": ("street", False, 2), "街角": ("street", False, 2),
    "天台": ("street", False, 2.5), "楼顶": ("street", False, 2.5), "屋顶": ("street", False, 2.5),
    "操场": ("street", False, 2.5), "桥上": ("street", False, 2), "村口": ("street", False, 2),
    "村子": ("street", False, 1), "小镇": ("street", False, 1), "城里": ("street", False, 1),
    "公园": (None, False, 2), "花园": (None, False, 2.5), "田野": (None, False, 1.5),
    "树林": ("forest", False, 2), "森林": ("forest", False, 2), "竹林": ("forest", False, 2),
    "林子": ("forest", False, 2), "丛林": ("forest", False, 2), "密林": ("forest", False, 2),
    "山顶": ("mountain", False, 2), "山上": ("mountain", False, 1.5),
    "山谷": ("mountain", False, 1.5), "山峰": ("mountain", False, 1.5),
    "山路": ("mountain", False, 2), "悬崖": ("mountain", False, 2), "山脚": ("mountain", False, 1.5),
    "山腰": ("mountain", False, 1.5), "山洞": ("mountain", None, 2.5),
    "海边": ("coast", False, 2), "海滩": ("coast", False, 2), "沙滩": ("coast", False, 2),
    "码头": ("coast", False, 2.5), "港口": ("coast", False, 2), "海岸": ("coast", False, 1.5),
    "岸边": ("coast", False, 2), "河边": (None, False, 2), "湖边": (None, False, 2),
    "甲板": ("coast", False, 2.5), "灯塔": ("coast", None, 3), "船头": ("coast", False, 2),
}
# Last characters that make a word a place when the word is not listed ("轮机舱", "小茶铺").
_ZH_HEADS: dict[str, _PLACE] = {
    "馆": ("shop", True, 2.5), "室": ("room_generic", True, 2.5), "厅": ("room_generic", True, 2.5),
    "舱": ("room_generic", True, 2.5), "店": ("shop", True, 2.5), "铺": ("shop", True, 2.5),
    "房": ("home", True, 2), "殿": ("palace", None, 2.5), "宫": ("palace", None, 2.5),
    "寺": ("palace", None, 2.5), "庙": ("palace", None, 2.5), "观": ("palace", None, 2),
    "街": ("street", False, 2), "巷": ("street", False, 2), "村": ("street", False, 1),
    "镇": ("street", False, 1), "桥": ("street", False, 2), "港": ("coast", False, 2),
    "林": ("forest", False, 2), "峰": ("mountain", False, 1.5), "崖": ("mountain", False, 2),
    "谷": ("mountain", False, 1.5), "园": (None, False, 2), "亭": (None, False, 2),
    "厂": ("room_generic", True, 2.5), "库": ("room_generic", True, 2.5),
    "府": ("palace", None, 2.5), "阁": ("palace", None, 2.5), "堂": (None, True, 2),
}
_ZH_INSIDE = ("里面", "里头", "里", "内", "中")
_ZH_OUTSIDE = ("门口", "门外", "门前", "外面", "外头", "外", "楼下", "前面", "前", "附近", "旁边")
_ZH_AT = ("上", "下", "边", "旁")
_ZH_GO = re.compile(r"(?:在|到|进|入|回到|来到|走进|冲进|跑进|躲进|钻进|住在|坐在|站在|躺在|躲在|"
                    r"下到|爬到|走到|跑到|赶到|进入|回)(?:了)?(?:[一这那][家间座个栋处片条所扇])?"
                    r"(?:[小大老旧新破])?$")
_ZH_LEAVE = re.compile(r"(?:离开|从|出了|走出|逃出)(?:了)?(?:[一这那][家间座个栋处片条所])?$")


def _zh_places(text: str) -> dict[str, list[tuple[float, int]]]:
    """Mentions of place words in Chinese text: name -> [(weight, outside (-1) / in (1) or 0)]."""
    import jieba.posseg as pseg

    for stop in _ZH_STOP:
        text = text.replace(stop, "　" * len(stop))
    spans: list[tuple[int, int, str]] = []
    names: list[tuple[int, int]] = []
    tokens: list[tuple[int, str, str]] = []
    at = 0
    for word, flag in pseg.cut(text):
        tokens.append((at, word, flag))
        at += len(word)
    local = _ZH_INSIDE + _ZH_OUTSIDE
    for k, (start, word, flag) in enumerate(tokens):
        end = start + len(word)
        after = text[end:end + 2]
        if word in _ZH_PLACES or not re.fullmatch(r"[\u4e00-\u9fff]+", word):
            if flag.startswith("nr"):
                names.append((start, end))
            continue
        prev = tokens[k - 1] if k else None
        if word[0] in _ZH_HEADS and (len(word) == 1 or word[1:] in local) and prev is not None \
                and 1 <= len(prev[1]) <= 3 and prev[2][:1] in ("n", "s", "v") and \
                re.fullmatch(r"[\u4e00-\u9fff]+", prev[1]):
            # a place character cut off the word it ends ("审讯" + "室", "长春" + "宫里")
            spans.append((prev[0], start + 1, prev[1] + word[0]))
            names = [n for n in names if n != (prev[0], start)]
        elif 2 <= len(word) <= 4 and word[-1] in _ZH_HEADS and (
                flag[:1] in ("n", "s") and not flag.startswith("nr")
                or len(word) >= 3 and after.startswith(local)):
            spans.append((start, end, word))  # "茶铺"; "养心殿内" (read as a name by jieba)
        elif flag.startswith("nr"):
            names.append((start, end))
    for word in _ZH_PLACES:
        start = text.find(word)
        while start >= 0:
            spans.append((start, start + len(word), word))
            start = text.find(word, start + 1)
    found: dict[str, list[tuple[float, int]]] = {}
    taken: list[tuple[int, int]] = []
    for start, end, word in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if any(a < end and start < b for a, b in taken + names):
            continue
        taken.append((start, end))
        before, after = text[max(0, start - 12):start], text[end:end + 3]
        weight, said = 1.0, 0
        if _ZH_GO.search(before):
            weight = 2.0
        elif _ZH_LEAVE.search(before):
            weight = 0.6
        elif re.search(r"(?:^|[。！？\n，；　])(?:[^。！？\n，；　]{0,8}的)?$", before):
            weight = 1.5  # opens its clause: "茶馆门口挂着…", "傍晚的茶馆里…"
        if after.startswith(_ZH_OUTSIDE):
            weight, said = max(weight, 2.0), -1
        elif after.startswith(_ZH_INSIDE):
            weight, said = max(weight, 2.0) + 0.5, 1
        elif after.startswith(_ZH_AT):
            weight = max(weight, 1.8)
        elif after.startswith("的") and not after.startswith(("的时候", "的路上")):
            weight *= 0.5  # "公司的总监": the place only qualifies something else
        label = {"家里": "家", "家中": "家", "屋里": "屋子", "屋内": "屋子"}.get(word, word)
        found.setdefault(label, []).append((weight * _place_weight(start, True), said))
    return found


@dataclass(frozen=True)
class Place:
    """Where a scene is played, as its text names it: a ``name`` for the heading, the
    setting ``kind`` it implies (or None) and whether it is ``interior`` (None: either)."""

    name: str
    kind: str | None
    interior: bool | None
    score: float


def _place_info(name: str) -> _PLACE:
    if name in ("家", "屋子"):
        return _ZH_PLACES["家里"]
    if name in _ZH_PLACES:
        return _ZH_PLACES[name]
    if re.search(r"[\u4e00-\u9fff]", name):
        return _ZH_HEADS.get(name[-1], (None, None, 1.5))
    words = name.split()
    for k in range(len(words)):
        tail = " ".join(words[k:])
        if tail in _EN_PLACES:
            return _EN_PLACES[tail]
        if tail in _EN_PLACES_EXTRA:
            return _EN_PLACES_EXTRA[tail]
    return (None, None, 1.5)


@lru_cache(maxsize=128)
def find_place(text: str, lang: str = "") -> Place | None:
    """The place a scene is played in, read from its text (``None`` when it names none).

    Place nouns are looked up in a lexicon of rooms, buildings and outdoor spots (tea house,
    engine room, 茶馆, 会议室, 机舱, …, and in Chinese unlisted words ending in a place
    character such as 馆/室/舱/店). Each mention counts more when the phrase says the scene is
    there ("in/into/inside/at the X", "在/进/到X里"), when it opens a sentence, and the earlier
    it comes; mentions in quoted speech do not count. The best name wins by the sum of its
    mentions times how specific it is (a room over a town). INT/EXT comes from the place noun,
    unless the text says inside/outside it ("outside the bakery", "茶馆门口", "大殿里")."""
    text = _unquoted((text or "")[:3000])
    zh = lang == "zh" or (lang != "en" and len(re.findall(r"[\u4e00-\u9fff]", text)) > 0.2 * len(text.strip() or " "))
    found = _zh_places(text) if zh else _en_places(text)
    # "the village square ... the square": a bare head after its full name is the same place
    for name in [n for n in found if " " not in n]:
        longer = [n for n in found if n.endswith(" " + name)]
        if longer:
            found[max(longer, key=lambda n: len(found[n]))] += found.pop(name)
    best: Place | None = None
    for name, mentions in found.items():
        kind, interior, spec = _place_info(name)
        score = spec * sum(w for w, _ in mentions)
        inside = sum(1 for _, s in mentions if s == 2)
        outside = sum(1 for _, s in mentions if s == -1)
        if inside or outside:  # "inside the X", "outside the X", "X门口": said in so many words
            interior = inside > outside
        elif interior is None and any(s == 1 for _, s in mentions):
            interior = True  # "大殿里": in a building that could be either
        if best is None or score > best.score:
            best = Place(name, kind, interior, round(score, 4))
    return best


# ----------------------------------------------------------------------------- layout


def _norm(setting: Setting) -> Setting:
    kind = setting.kind if setting.kind in KINDS else "room_generic"
    time = setting.time if setting.time in TIMES else "day"
    weather = setting.weather if setting.weather in WEATHERS else "clear"
    # Plates are memoised by Setting, and 1 == True, 3.0 == 3 as keys: coerce the types so a
    # key names one drawing whatever JSON types the setting came in with.
    exact = type(setting.interior) is bool and type(setting.seed) is int
    if exact and (kind, time, weather) == (setting.kind, setting.time, setting.weather):
        return setting
    return Setting(kind, time, weather, bool(setting.interior), int(setting.seed))


def _indoor(setting: Setting) -> bool:
    """Whether the plate is drawn as a room (exterior kinds can be interiors: a hall, a cabin)."""
    if setting.kind == "sky":
        return False
    return bool(setting.interior)


_HORIZON = {"street": 0.60, "forest": 0.62, "mountain": 0.62, "palace": 0.66, "coast": 0.50,
            "sky": 0.74}


def horizon_y(setting: Setting, height: int) -> float:
    """Y of the plate's horizon / wall-floor line (where the back wall meets the floor)."""
    setting = _norm(setting)
    if _indoor(setting):
        return 0.64 * height
    if setting.kind in INTERIOR_KINDS:  # e.g. EXT. SHOP: a street with shopfronts
        return _HORIZON["street"] * height
    return _HORIZON.get(setting.kind, 0.62) * height


def floor_y(setting: Setting, height: int) -> float:
    """Where characters' feet baseline sits in the plate (below the horizon, on the floor)."""
    setting = _norm(setting)
    return (0.90 if setting.kind == "sky" and not _indoor(setting) else 0.88) * height


def light_direction(setting: Setting) -> float:
    """Key-light angle in degrees, one per scene: the screen-space direction *toward* the light,
    counter-clockwise from +x (0 = from the right, 90 = from straight above, 180 = from the left).
    Shadows fall toward ``angle + 180``. The plate's sun/moon and windows sit on that side."""
    setting = _norm(setting)
    rng = random.Random(setting.seed * 7919 + KINDS.index(setting.kind) * 31 + 17)
    left = rng.random() < 0.5
    if setting.time == "dusk":
        a = rng.uniform(16, 30)
    elif setting.time == "night":
        a = rng.uniform(52, 72)
    else:
        a = rng.uniform(48, 70)
    return round(180.0 - a if left else a, 2)


# ----------------------------------------------------------------------------- rendering


def render_background(setting: Setting, width: int, height: int) -> skia.Image:
    """A full background plate for ``setting`` at ``width`` x ``height`` (any aspect ratio).

    Deterministic (same Setting and size → identical pixels). The horizon / wall-floor line is
    at :func:`horizon_y` and characters stand at :func:`floor_y`. Results are memoised (small
    LRU), so asking again for the same plate is free.
    """
    return _render_cached(_norm(setting), int(width), int(height))


@lru_cache(maxsize=6)
def _render_cached(setting: Setting, width: int, height: int) -> skia.Image:
    from manju.render import background_indoor as indoor
    from manju.render import background_outdoor as outdoor
    from manju.render.background_paint import Plate, make_palette, vignette

    if width <= 0 or height <= 0:
        raise ValueError(f"background size must be positive, got {width}x{height}")
    surface = skia.Surface(width, height)
    canvas = surface.getCanvas()
    pal = make_palette(setting.time, setting.weather)
    rng = random.Random(setting.seed * 1_000_003 + KINDS.index(setting.kind))
    pl = Plate(canvas, float(width), float(height), pal, rng, horizon_y(setting, height),
               light_direction(setting), setting.seed)
    kind = setting.kind
    if _indoor(setting):
        indoor.draw_room(pl, kind)
    elif kind in INTERIOR_KINDS:
        outdoor.draw_street(pl, storefront=kind)
    else:
        {"street": outdoor.draw_street, "forest": outdoor.draw_forest,
         "mountain": outdoor.draw_mountain, "palace": outdoor.draw_palace,
         "coast": outdoor.draw_coast, "sky": outdoor.draw_skyscape}[kind](pl)
    _static_weather(pl, setting)
    vignette(pl, 0.3 if pal.night else 0.22)
    return surface.makeImageSnapshot()


def _static_weather(pl, setting: Setting) -> None:
    """Weather baked into the plate: haze for fog, snow cover, wet darkening for rain."""
    from manju.render.background_paint import argb, vgrad

    c, w, h = pl.canvas, pl.w, pl.h
    hz = pl.horizon
    if setting.weather == "fog" and not _indoor(setting):
        vgrad(c, 0, hz - 0.3 * h, w, h, [argb(pl.pal.haze, 0.0), argb(pl.pal.haze, 0.45),
                                         argb(pl.pal.haze, 0.15)], [0.0, 0.45, 1.0])
    elif setting.weather == "snow" and not _indoor(setting):
        snow = (0.93, 0.95, 0.98) if not pl.pal.night else (0.55, 0.6, 0.75)
        if setting.kind == "sky":
            return
        start = {"street": hz + 0.13 * h + 14 * pl.u, "coast": hz + 0.22 * h,
                 "mountain": 0.78 * h, "palace": hz}.get(setting.kind, hz)
        if setting.kind in INTERIOR_KINDS:
            start = hz + 0.13 * h + 14 * pl.u
        path = skia.Path()
        path.moveTo(0, h)
        rng = random.Random(pl.seed + 5)
        path.lineTo(0, start)
        for k in range(1, 9):
            x = w * k / 8
            path.quadTo(x - w / 16, start - rng.uniform(0.0, 0.012) * h, x,
                        start + rng.uniform(0.0, 0.008) * h)
        path.lineTo(w, h)
        path.close()
        c.drawPath(path, skia.Paint(Color=argb(snow, 0.62), AntiAlias=True))
    elif setting.weather == "rain" and not _indoor(setting):
        c.drawRect(skia.Rect(0, 0, w, h), skia.Paint(Color=argb((0.1, 0.12, 0.18), 0.12)))


# ----------------------------------------------------------------------------- weather


@lru_cache(maxsize=16)
def _particles(kind: str, seed: int, width: int, height: int):
    """Seeded particle table: per particle (x, y, speed, size, phase) in pixels."""
    import numpy as np

    rng = np.random.default_rng(seed * 2654435761 % (2**32) + {"rain": 1, "snow": 2, "fog": 3}[kind])
    scale = height / 1920.0
    area = width * height / (1080 * 1920)
    if kind == "rain":
        n = int(max(60, min(420, 260 * math.sqrt(area))))
        depth = rng.random(n) ** 1.5  # 0 far .. 1 near
        speed = (1400 + 1400 * depth) * scale
        size = (30 + 70 * depth) * scale  # streak length
    elif kind == "snow":
        n = int(max(60, min(380, 230 * math.sqrt(area))))
        depth = rng.random(n) ** 1.3
        speed = (40 + 120 * depth) * scale
        size = (2.5 + 7 * depth) * scale
    else:
        n = 5
        depth = rng.random(n)
        speed = (12 + 18 * depth) * scale
        size = (0.5 + 0.4 * depth) * height
    x = rng.random(n) * width
    y = rng.random(n) * height
    phase = rng.random(n) * math.tau
    table = (x, y, speed, size, phase, depth)
    # The table is memoised and shared by every later frame and shot: read-only, so an in-place
    # update by a caller fails loudly instead of moving the weather of the next shot.
    for a in table:
        a.setflags(write=False)
    return table


def render_weather(canvas: skia.Canvas, setting: Setting, width: int, height: int,
                   t: float) -> None:
    """Draw animated weather over a frame at time ``t`` seconds: rain streaks, falling snow or
    drifting fog; no-op for clear skies. Cheap (a few hundred primitives in 2-4 draw calls);
    positions are seeded per setting and advanced by ``t``, so frames are deterministic."""
    weather = setting.weather
    if weather not in ("rain", "snow", "fog"):
        return
    width, height = int(width), int(height)
    setting = _norm(setting)
    if _indoor(setting):
        # indoors, weather is only seen through the window
        from manju.render.background_indoor import window_rect
        from manju.render.background_paint import Plate, make_palette

        pl = Plate(canvas, float(width), float(height), make_palette(setting.time, weather),
                   random.Random(0), horizon_y(setting, height), light_direction(setting))
        wx0, wy0, wx1, wy1 = window_rect(pl, setting.kind)
        if wx1 <= wx0:
            return
        canvas.save()
        canvas.clipRect(skia.Rect(wx0, wy0, wx1, wy1))
        try:
            _draw_weather(canvas, setting, width, height, t)
        finally:
            canvas.restore()
        return
    _draw_weather(canvas, setting, width, height, t)


def _draw_weather(canvas: skia.Canvas, setting: Setting, width: int, height: int,
                  t: float) -> None:
    import numpy as np

    weather = setting.weather
    x0, y0, speed, size, phase, depth = _particles(weather, setting.seed, width, height)
    unit = height / 1920.0
    night = setting.time == "night"
    if weather == "rain":
        slant = 0.18
        span = height + size
        y = np.mod(y0 + speed * t, span) - size
        x = np.mod(x0 + y * slant, width + 40 * unit) - 20 * unit
        for near in (False, True):
            sel = depth >= 0.6 if near else depth < 0.6
            xs, ys, ls = x[sel], y[sel], size[sel]
            pts = np.empty((len(xs) * 2, 2), dtype=np.float32)
            pts[0::2, 0] = xs
            pts[0::2, 1] = ys
            pts[1::2, 0] = xs + ls * slant
            pts[1::2, 1] = ys + ls
            alpha = 0.42 if near else 0.26
            col = (200, 215, 235) if not night else (150, 165, 200)
            p = skia.Paint(Color=skia.ColorSetARGB(int(alpha * 255), *col), AntiAlias=near,
                           StrokeWidth=(2.6 if near else 1.4) * unit)
            canvas.drawPoints(skia.Canvas.kLines_PointMode, [skia.Point(*q) for q in pts.tolist()], p)
    elif weather == "snow":
        y = np.mod(y0 + speed * t, height + 20 * unit) - 10 * unit
        x = np.mod(x0 + np.sin(t * 0.9 + phase) * 18 * unit + 12 * unit * t * depth, width)
        col = (250, 252, 255) if not night else (205, 215, 235)
        for lo, hi, alpha in ((0.0, 0.45, 0.55), (0.45, 0.8, 0.75), (0.8, 1.01, 0.9)):
            sel = (depth >= lo) & (depth < hi)
            if not sel.any():
                continue
            p = skia.Paint(Color=skia.ColorSetARGB(int(alpha * 255), *col), AntiAlias=True,
                           StrokeWidth=float(size[sel].mean()) * 1.0)
            p.setStrokeCap(skia.Paint.kRound_Cap)
            canvas.drawPoints(skia.Canvas.kPoints_PointMode,
                              [skia.Point(a, b) for a, b in zip(x[sel].tolist(), y[sel].tolist(),
                                                                 strict=True)], p)
    else:
        _draw_fog(canvas, setting, width, height, t, x0, y0, speed, size, phase)


@lru_cache(maxsize=4)
def _fog_sprite(night: bool) -> skia.Image:
    """A small soft horizontal wisp, stretched when drawn (cheap vs. full-size gradients)."""
    surface = skia.Surface(128, 32)
    c = surface.getCanvas()
    col = (225, 230, 236) if not night else (120, 130, 155)
    shader = skia.GradientShader.MakeRadial(
        skia.Point(64, 64), 64, [skia.ColorSetARGB(255, *col), skia.ColorSetARGB(0, *col)],
        [0.0, 1.0], skia.TileMode.kClamp, 0, skia.Matrix.Scale(1.0, 0.25))
    c.drawRect(skia.Rect(0, 0, 128, 32), skia.Paint(Shader=shader))
    return surface.makeImageSnapshot()


def _draw_fog(canvas, setting, width, height, t, x0, y0, speed, size, phase) -> None:
    sprite = _fog_sprite(setting.time == "night")
    paint = skia.Paint(Alpha=70)
    for k in range(len(x0)):
        ww = size[k] * 1.6
        hh = size[k] * 0.16
        x = (x0[k] + speed[k] * t) % (width + ww) - ww
        y = height * (0.35 + 0.5 * ((y0[k] / height) % 1.0)) + math.sin(t * 0.3 + phase[k]) * hh * 0.2
        canvas.drawImageRect(sprite, skia.Rect(x, y - hh / 2, x + ww, y + hh / 2),
                             skia.SamplingOptions(skia.FilterMode.kLinear), paint)
