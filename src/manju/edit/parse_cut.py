"""Plain-language rules for the cut and timing of shots: split, merge, insert, retime, props.

Each rule reads an instruction already searched for references (a ``_Reader`` of
:mod:`manju.edit.parser`) and answers the operation items it asks for, or None when the
instruction is not of its kind. They run before the other rules, so each asks for words of
its own: "split"/拆成两个, "merge"/合并, a framing word with "after shot N"/在…后, a number of
seconds or "slower"/慢一点 with a shot, a prop the renderer draws with a shot.
"""

from __future__ import annotations

import re
from typing import Any

from manju.doc.model import Shot
from manju.edit import lexicon as lx
from manju.edit.match import values
from manju.edit.plan import Ask, Cannot, Item, say
from manju.edit.refs import zh_number

_ZH_NUM = r"[0-9０-９一二两三四五六七八九十百零]+"
_WORD_NUM = {"a": 1.0, "an": 1.0, "one": 1.0, "two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0,
             "six": 6.0, "seven": 7.0, "eight": 8.0, "nine": 9.0, "ten": 10.0, "half a": 0.5}
_NUM_EN = r"(\d+(?:\.\d+)?|half a|an?|one|two|three|four|five|six|seven|eight|nine|ten)"

_SPLIT = (r"\bsplit\b|\b(?:cut|break|divide|chop)\b.*\b(?:in|into)\s+(?:two|half|halves)\b"
          r"|拆成|拆分|拆开|拆为|分成两|切成两|一分为二|分开成两")
_MERGE = r"\b(?:merge|combine|join)\b|合并|合成一个|并成一个|连成一个|合在一起|合为一个|并为一个"
_MERGE_PAIR_EN = re.compile(r"\bshots?\s*(\d+)\s*(?:and|&|,|with|to|-|into)\s*(?:shot\s*)?(\d+)\b")
_MERGE_PAIR_ZH = re.compile(rf"第\s*({_ZH_NUM})\s*个?\s*(?:镜头)?\s*(?:和|与|跟|、|到|及)\s*"
                            rf"第\s*({_ZH_NUM})\s*个?\s*(?:镜头|分镜|镜)")
_NEXT = r"\bnext\b|\bfollowing\b|下一个|后一个|后面的"
_LINE_EN = re.compile(r"\bafter\s+(?:the\s+)?(?:(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)"
                      r"|line\s*(\d+))(?:\s+line)?\b")
_LINE_ZH = re.compile(rf"第\s*({_ZH_NUM})\s*句")
_ORD_LINE = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "1st": 1, "2nd": 2,
             "3rd": 3, "4th": 4, "5th": 5}
_INSERT = (r"\b(?:add|insert|put|include|cut to|give me)\b|加一个|加个|加一|插入|插一个|插个|"
           r"补一个|补个|添加|添一个|加入一个|加上一个")
_AFTER = r"\bafter\b|后"
_FRAMING_NOUN = r"\bshot\b|\bclose-?\s?ups?\b|镜头|特写|全景|远景|中景|空镜"

_LONGER_EN = re.compile(rf"{_NUM_EN}\s*(?:more\s+|extra\s+)?seconds?\s*(?:longer|more|extra)\b"
                        rf"|\b(?:extend|lengthen)\b.*?\bby\s*{_NUM_EN}\s*seconds?"
                        rf"|\bfor\s+{_NUM_EN}\s*(?:more|extra)\s+seconds?")
_SHORTER_EN = re.compile(rf"{_NUM_EN}\s*seconds?\s*(?:shorter|less)\b"
                         rf"|\b(?:shorten|trim|cut)\b.*?\bby\s*{_NUM_EN}\s*seconds?")
_LONGER_ZH = re.compile(rf"(?:多停|多留|多放|多|延长|加长|长)\s*({_ZH_NUM}|半)\s*秒")
_SHORTER_ZH = re.compile(rf"(?:少停|少留|少|缩短|减少|短)\s*({_ZH_NUM}|半)\s*秒")
_HOLD_MORE = r"\bhold\b.*\blonger\b|\blinger\b|停久一点|停留久一点|多停一会|多停一下|停长一点"
_SLOWER = (r"\bslower\b|\bslow\b.*\bdown\b|\bmore slowly\b|\bslow(?:er)? pace\b"
           r"|慢一点|慢一些|慢些|放慢|节奏慢|慢点")
_FASTER = (r"\bfaster\b|\bspeed\b.*\bup\b|\bquicker\b|\bsnappier\b|\bfast(?:er)? pace\b"
           r"|快一点|快一些|快些|加快|节奏快|快点")
_PROP_ADD = (r"\b(?:add|put|place|give|show|hold|holding|carry|carrying|include)\b"
             r"|加|放|添|拿着|举着|撑着|带着|出现")
# Someone holds it: "give Mara a cup", "Elias should hold a lantern", "in Mara's hand",
# 让林晚拿着一把伞, 林晚手里拿着一本书 (a character's name is masked as \ue001).
_HOLD = (r"\b(?:give|gives|giving|hand|hands|hold|holds|holding|held|carry|carries|carrying|"
         r"grip|grips|gripping|wield|wields|wielding|clutch|clutches|clutching)\b"
         r"|\bin\s+(?:his|her|their|\ue001+)\s*hands?\b"
         r"|拿着|拿起|拿一|拿个|举着|举起|撑着|握着|抱着|提着|捧着|手里|手上|手中|递给|给\ue001")
_PROP_REMOVE = (r"\b(?:remove|delete|drop|take|get rid of|without|no)\b|去掉|拿掉|删掉|删除|"
                r"移除|不要|拿走|去除")


def _has(pattern: str, text: str) -> bool:
    return re.search(pattern, text, re.IGNORECASE) is not None


def _seconds(word: str) -> float:
    w = word.strip().lower()
    if w in _WORD_NUM:
        return _WORD_NUM[w]
    if w == "半":
        return 0.5
    try:
        return float(w)
    except ValueError:
        n = zh_number(w)
        if n is None:
            raise
        return float(n)


def _one_shot(r: Any) -> Shot:
    shots = r.shots()
    if not shots:
        raise Ask(say(r.lang, "Which shot? Say \"shot 3\" or \"the last shot\" (numbers are on "
                              "storyboard.png).",
                      "哪个镜头？请写“第三个镜头”或“最后一个镜头”（编号见 storyboard.png）。"), [])
    if len(shots) > 1:
        raise Cannot(say(r.lang, "name one shot for this edit", "这个修改请只写一个镜头"))
    return shots[0]


def _number_of(r: Any, sh: Shot) -> int:
    return [s.id for s in r.p.shots()].index(sh.id) + 1


def split(r: Any) -> list[Item] | None:
    """"split shot 4 after the second line", 把第三个镜头拆成两个."""
    if not r.refs.shots or not r.has(_SPLIT):
        return None
    sh = _one_shot(r)
    played = [c.line for c in sh.cues]
    m = _LINE_EN.search(r.low) or _LINE_ZH.search(r.low)
    k = 0
    if m and m.re is _LINE_EN:
        k = _ORD_LINE.get(m.group(1) or "", 0) or int(m.group(2) or 0)
    elif m:
        k = zh_number(m.group(1)) or 0
    elif r.refs.quotes:
        said = {ln.id for ln in r.quoted()}
        k = next((i + 1 for i, lid in enumerate(played) if lid in said), 0)
        if not k:
            raise Cannot(say(r.lang, f"shot {_number_of(r, sh)} has no line saying "
                                     f"{r.refs.quotes[0]!r}",
                             f"第{_number_of(r, sh)}个镜头里没有台词包含“{r.refs.quotes[0]}”"))
    if not k:
        return [Item("split_shot", sh.id, {})]
    if k >= len(played):
        n = _number_of(r, sh)
        raise Cannot(say(r.lang, f"shot {n} plays {len(played)} line{'s' * (len(played) != 1)}: "
                                 "there is nothing after that line to split off",
                         f"第{n}个镜头只有{len(played)}句台词，那句之后没有可拆出的部分"))
    return [Item("split_shot", sh.id, {"after_line": played[k - 1]})]


def merge(r: Any) -> list[Item] | None:
    """"merge shots 3 and 4", 合并第三和第四个镜头."""
    if not r.has(_MERGE) or r.refs.characters:
        return None
    shots = r.p.shots()
    m = _MERGE_PAIR_EN.search(r.text.lower()) or _MERGE_PAIR_ZH.search(r.text)
    if m:
        nums = [zh_number(g) or 0 for g in m.groups()]
        for n in nums:
            if not 1 <= n <= len(shots):
                raise Cannot(say(r.lang, f"there is no shot {n} (the storyboard has {len(shots)})",
                                 f"没有第{n}个镜头（分镜共有{len(shots)}个）"))
        if max(nums) - min(nums) != 1:
            raise Cannot(say(r.lang, f"shots {min(nums)} and {max(nums)} are not next to each "
                                     "other: a shot merges with the next one",
                             f"第{min(nums)}和第{max(nums)}个镜头不相邻：只能与下一个镜头合并"))
        first, second = shots[min(nums) - 1], shots[max(nums) - 1]
    elif r.refs.shots:
        picked = r.shots()
        first = picked[0]
        at = [s.id for s in shots].index(first.id)
        if len(picked) >= 2:
            second = picked[-1]
        elif r.has(_NEXT) and at + 1 < len(shots):
            second = shots[at + 1]
        else:
            return None
    else:
        return None
    ids = [s.id for s in shots]
    a, b = ids.index(first.id), ids.index(second.id)
    scene = r.p.scene_of_shot(first.id)
    if a >= b or not all(s.id in {x.id for x in scene.shots} for s in shots[a:b + 1]):
        raise Cannot(say(r.lang, f"shots {a + 1} and {b + 1} are not next to each other in one "
                                 "scene: shots merge with the next shot of the same scene",
                         f"第{a + 1}和第{b + 1}个镜头不在同一场里相邻：只能与同一场的下一个镜头合并"))
    return [Item("merge_shots", first.id, {}) for _ in range(b - a)]


def insert(r: Any) -> list[Item] | None:
    """"add a close-up of Mara after shot 2", 在第二个镜头后加一个林晚的特写."""
    framings = values(r.low, lx.FRAMING)
    if not r.refs.shots or not framings or not r.has(_INSERT) or not r.has(_AFTER) \
            or r.has(r"\bmove\b|移到|挪到"):
        return None
    sh = _one_shot(r)
    framing = framings[-1]
    after: dict[str, Any] = {"framing": framing}
    if r.refs.characters:
        after["subjects"] = [c.id for c in r.refs.characters]
    if framing == "insert":
        from manju.render.props import props_in_text

        props = props_in_text(r.refs.masked, r.lang)
        if props:
            after["props"] = props[:1]
    return [Item("insert_shot", sh.id, after)]


def retime(r: Any) -> list[Item] | None:
    """"hold shot 5 two seconds longer", "make the last shot slower", 第五个镜头多停两秒."""
    if not r.refs.shots or r.refs.characters:
        return None
    text = r.low
    delta: float | None = None
    for pattern, sign in ((_LONGER_EN, 1.0), (_SHORTER_EN, -1.0), (_LONGER_ZH, 1.0),
                          (_SHORTER_ZH, -1.0)):
        m = pattern.search(text)
        if m:
            delta = sign * _seconds(next(g for g in m.groups() if g))
            break
    if delta is None and r.has(_HOLD_MORE):
        delta = 1.0
    pace = "slow" if r.has(_SLOWER) else "fast" if r.has(_FASTER) else None
    if delta is None and pace is None:
        return None
    items = []
    for sh in r.shots():
        mine = r.p.overrides.get(sh.id)
        after: dict[str, Any] = {}
        if delta is not None:
            after["hold"] = round((mine.hold if mine and mine.hold else 0.0) + delta, 3)
        if pace is not None:
            now = mine.pace if mine and mine.pace else "normal"
            order = ["fast", "normal", "slow"]
            step = order.index(now) + (1 if pace == "slow" else -1)
            if not 0 <= step < len(order):
                n = _number_of(r, sh)
                raise Cannot(say(r.lang, f"shot {n} is already at its {now}est pace",
                                 f"第{n}个镜头的节奏已经是最{'慢' if now == 'slow' else '快'}了"))
            after["pace"] = order[step]
        items.append(Item("retime", sh.id, after))
    return items


def prop(r: Any) -> list[Item] | None:
    """"put an umbrella in shot 3", "remove the lantern from shot 2", 在第三个镜头里加一把伞;
    held by someone: "give Mara a cup in shot 2", 让林晚拿着一把伞."""
    from manju.render.props import props_in_text

    found = props_in_text(r.refs.masked, r.lang)
    if not found or r.refs.quotes:
        return None
    removing = r.has(_PROP_REMOVE)
    if not removing and not r.has(_PROP_ADD) and not r.has(_HOLD):
        return None
    if not removing and (r.refs.characters or r.refs.pronoun) and r.has(_HOLD):
        return _held(r, found[0])
    if not r.refs.shots:
        raise Ask(say(r.lang, "Which shot? Say \"shot 3\" or \"the last shot\" (numbers are on "
                              "storyboard.png).",
                      "哪个镜头？请写“第三个镜头”或“最后一个镜头”（编号见 storyboard.png）。"), [])
    kind = "remove_prop" if removing else "add_prop"
    return [Item(kind, sh.id, {"prop": p}) for sh in r.shots() for p in found]


def _held(r: Any, thing: str) -> list[Item]:
    """A prop in someone's hand: in the shots named, else in every shot showing them (of the
    scenes named, else of the story)."""
    named = r.shots() if r.refs.shots else []
    scope = [c for sh in named for c in sh.subjects] if named else None
    who = r.characters(scope)
    if len(who) != 1:
        names = [c.name for c in who]
        raise Ask(say(r.lang, f"Who holds it: {' or '.join(names)}? Name one.",
                      f"谁拿着：{'还是'.join(names)}？请只写一个人。"), names)
    c = who[0]
    if named:
        for sh in named:
            if c.id not in sh.subjects:
                n = _number_of(r, sh)
                raise Cannot(say(r.lang, f"{c.name} is not in shot {n}: add them to it first",
                                 f"第{n}个镜头里没有{c.name}：先把{c.name}加到这个镜头里"))
        shots = named
    else:
        scenes = r.scenes() if r.refs.scenes or r.refs.all_scenes else r.p.scenes()
        shots = [sh for sc in scenes for sh in sc.shots if c.id in sh.subjects]
        if not shots:
            raise Cannot(say(r.lang, f"{c.name} is in no shot there",
                             f"那里没有{c.name}出现的镜头"))
    items = [Item("add_prop", sh.id, {"prop": thing, "holder": c.id}) for sh in shots
             if sh.held.get(thing) != c.id]
    if not items:
        from manju.edit.words import prop_word

        raise Cannot(say(r.lang, f"{c.name} already holds the {thing} there",
                         f"{c.name}在那里已经拿着{prop_word(thing, 'zh')}了"))
    return items


RULES = (split, merge, insert, retime, prop)
