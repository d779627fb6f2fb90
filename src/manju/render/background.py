"""Procedural comic backgrounds and location classification.

Public API:

- :class:`Setting` — what a location looks like (kind, time of day, weather, interior, seed).
- :func:`classify_setting` — guess a :class:`Setting` from a scene's text (English/Chinese).
- :func:`find_place` — the place a scene's text says it is played in (``tea house``, ``会议室``);
  it lives in ``places.py``.
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

from manju.render.places import ZH_NOT_PLACES, Place, find_place  # noqa: F401 (re-exported)

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


_LATIN = re.compile("[A-Za-z]")


@lru_cache(maxsize=512)
def _en_pattern(word: str) -> re.Pattern[str]:
    return re.compile(r"\b" + re.escape(word).replace(r"\ ", r"\s+") + r"(?:s|es)?\b")


def _en_hits(text: str, words) -> list[tuple[int, str, float]]:
    hits: list[tuple[int, str, float]] = []
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
    # a scene with no Latin letter holds no English word: one scan here, not one per word
    low = focus.lower() if _LATIN.search(focus) else ""
    zh = focus
    for stop in ZH_NOT_PLACES:
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
