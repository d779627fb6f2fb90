"""Where a scene is played, as its text names it: place nouns (tea house, engine room, 茶馆,
会议室, …) found and weighed in English and Chinese scene text, with inside/outside."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Words with a place character that are not places (大家, 国家, 作家…).
ZH_NOT_PLACES = ("大家", "专家", "作家", "国家", "家伙", "人家", "画家", "家族", "江山", "海量",
            "上海", "宫本", "殿下", "岸然", "店员")

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
    "大门": (None, False, 2),
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
#: a family's house (柳家, 何家), not its people (柳家人) nor a word (国家 is no place)
_FAMILY_HOME = re.compile(r"([\u4e00-\u9fff])家(?![人伙族长务具乡属庭私])")
_ZH_INSIDE = ("里面", "里头", "里", "内", "中")
_ZH_OUTSIDE = ("门口", "门外", "门前", "外面", "外头", "外", "楼下", "前面", "前", "附近", "旁边")
_ZH_AT = ("上", "下", "边", "旁")
_ZH_GO = re.compile(r"(?:在|到|进|入|回到|来到|走进|冲进|跑进|躲进|钻进|住在|坐在|站在|躺在|躲在|"
                    r"下到|爬到|走到|跑到|赶到|进入|回)(?:了)?(?:[一这那][家间座个栋处片条所扇])?"
                    r"(?:[小大老旧新破])?$")
_ZH_LEAVE = re.compile(r"(?:离开|从|出了|走出|逃出)(?:了)?(?:[一这那][家间座个栋处片条所])?$")


@lru_cache(maxsize=1)
def _place_run() -> re.Pattern:
    """A place character (馆, 室, 家) or a listed place word (门口, 屋子) in a run of Chinese."""
    words = sorted(_ZH_PLACES, key=len, reverse=True)
    return re.compile("[" + "".join(_ZH_HEADS) + "家]|" + "|".join(map(re.escape, words)))


def _zh_places(text: str) -> dict[str, list[tuple[float, int]]]:
    """Mentions of place words in Chinese text: name -> [(weight, outside (-1) / in (1) or 0)]."""
    import jieba.posseg as pseg

    for stop in ZH_NOT_PLACES:
        text = text.replace(stop, "　" * len(stop))
    spans: list[tuple[int, int, str]] = []
    names: list[tuple[int, int]] = []
    tokens: list[tuple[int, str, str]] = []
    for block in pseg.re_han_internal.finditer(text):
        # jieba cuts each run of Chinese on its own, and only runs that hold a place character
        # or a listed place can give a place or a name that overlaps one: the others are not
        # cut at all (most of a scene), with a mark where a run starts (its first word has no
        # word before it to be cut off from)
        if not _place_run().search(block.group()):
            continue
        at = block.start()
        tokens.append((at, " ", "x"))
        for word, flag in pseg.cut(block.group()):
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
    from manju.text.names_zh import SURNAMES

    for m in _FAMILY_HOME.finditer(text):
        # 走回柳家来, 在何家门口: a family's house, where that is where one goes or stays
        if m.group(1) in SURNAMES and (_ZH_GO.search(text, max(0, m.start() - 12), m.start())
                                       or text.startswith(_ZH_INSIDE + _ZH_OUTSIDE, m.end())):
            spans.append((m.start(), m.end(), m.group(0)))
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
    if len(name) == 2 and name[1] == "家":
        return ("home", True, 2.5)  # 柳家: somebody's house
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
    return _best_place(text, zh)


@lru_cache(maxsize=128)
def _best_place(text: str, zh: bool) -> Place | None:
    """:func:`find_place` of the unquoted text in its language: cached on both, so the heading
    and the setting of one scene (asked with and without its language) cut its words once."""
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
