"""The offline plain-language parser: an instruction in English or Chinese → operations.

:func:`parse_instruction` finds what the instruction points at (:mod:`manju.edit.refs`),
then tries the kinds of edit in a fixed order, each recognised by its verbs and value words
(:mod:`manju.edit.lexicon`): split, merge or insert a shot, retime it, add or remove a prop
(:mod:`manju.edit.parse_cut`), move a shot, delete a shot or take someone out of it, put
someone in a shot, rewrite a line, project style and sound, a voice, a look, who says a line,
a line's emotion, a scene's place, time, weather or music, a shot's framing and camera.
Nothing is guessed: a pronoun that fits two people gets a question back, an instruction that
fits no kind gets the list of what can be done, and neither changes the document.
"""

from __future__ import annotations

import re
from typing import Any

from manju.doc import ops
from manju.doc.model import Character, Line, Project, Scene, Shot
from manju.edit import lexicon as lx
from manju.edit.match import find_all, has, search, values
from manju.edit.parse_cut import RULES as cut_rules
from manju.edit.plan import Ask, Cannot, Item, Plan, detect_lang, say
from manju.edit.refs import NAME_MARK, Refs, find_refs, lines_quoted, pick
from manju.edit.words import value_name
from manju.errors import InputError

_DELETE = (r"\b(?:delete|remove|cut|drop|get rid of|take away|trash|kill)\b|\btake\b.*\bout\b"
           r"|\b(?:shouldn't|should not|must not|mustn't|doesn't need to) be in\b|\bwithout\b"
           r"|删掉|删除|删去|去掉|拿掉|移除|剪掉|不要|去除|拿走")
_ADD = r"\b(?:add|put|include|bring|insert|show)\b|加上|加到|加入|加进|放进|添加|也在|出现在"
_MOVE = r"\b(?:move|put|place|shift)\b|移到|挪到|放到|调到|移动|放在|挪"
_BEFORE = r"\bbefore\b|前面|之前|前边"
_AFTER = r"\bafter\b|后面|之后|后边"
_END = r"\bto the end\b|\bat the end\b|最后|末尾|结尾"
_TEXT = r"\b(?:change|replace|rewrite|reword|should say|say)\b|改成|改为|换成|替换|改"
_SPEECH = r"\bsaid by\b|\bspoken by\b|\bsays?\b|\bgive\b|\bbelongs? to\b|\bspeak\b|说"
_MUSIC = r"\b(?:music|score|soundtrack|mood|atmosphere)\b|音乐|配乐|气氛|氛围|bgm|情绪基调"
_STYLE_CONTEXT = (r"\bstyle\b|\blook\b|\bdraw|\bredraw|\brender|\beverything\b|\bwhole\b|\ball\b"
                  r"|风格|画风|重画|整体|全部|画")
_MUSIC_OFF = (r"\b(?:turn off|switch off|no|without|remove|mute|disable|stop|drop)\s+(?:the\s+)?"
              r"(?:background\s+)?(?:music|score|soundtrack)|(?:关掉|关闭|不要|去掉|取消|静音|删掉)"
              r"\s*(?:背景)?(?:音乐|配乐|bgm)")
_MUSIC_ON = (r"\b(?:turn on|switch on|add|bring back|enable)\s+(?:the\s+)?(?:background\s+)?music"
             r"|(?:打开|开启|加上|恢复)(?:背景)?(?:音乐|配乐)")
_SFX_OFF = (r"\b(?:no|without|turn off|remove|mute|disable)\s+(?:the\s+)?(?:sound effects|sfx)"
            r"|(?:关掉|关闭|不要|去掉|取消)\s*音效")
_SFX_ON = r"\b(?:turn on|add|bring back|enable)\s+(?:the\s+)?(?:sound effects|sfx)|(?:打开|开启|加上|恢复)\s*音效"
_ACCESSORY_OFF = r"\b(?:remove|take off|no|without)\b|摘掉|去掉|不要|摘下|拿掉"
_HEADING_TIME = re.compile(r"^(.*\s-\s*)(DAY|NIGHT|DUSK|EVENING|MORNING|DAWN|SUNSET|NOON|AFTERNOON)\s*$")
_UNKNOWN_NAME = re.compile(r"(?<=\s)([A-Z][a-z]{2,})\b")
_COMMON = {"The", "Make", "Shot", "Scene", "Give", "Change", "Set", "Redraw", "Please", "Turn",
           "Move", "Put", "Add", "Remove", "Delete", "Use", "Let", "Switch"}
#: The camera moves a shot can be given, with the zoom and easing each one uses.
CAMERAS: dict[str, dict[str, Any]] = {
    "push_in": {"move": "push_in", "easing": "ease_in_out_sine", "zoom_from": 1.0, "zoom_to": 1.08},
    "pull_out": {"move": "pull_out", "easing": "ease_out_cubic", "zoom_from": 1.12, "zoom_to": 1.0},
    "pan_left": {"move": "pan_left", "easing": "ease_in_out_sine", "zoom_from": 1.04, "zoom_to": 1.04},
    "pan_right": {"move": "pan_right", "easing": "ease_in_out_sine", "zoom_from": 1.04, "zoom_to": 1.04},
    "static": {"move": "static", "easing": "ease_in_out_cubic", "zoom_from": 1.0, "zoom_to": 1.0}
}
_INTERIOR = ("home", "office", "shop", "room_generic")


class _Reader:
    """One instruction being read against one project."""

    def __init__(self, project: Project, text: str) -> None:
        self.p = project
        self.text = text.strip()
        self.lang = detect_lang(self.text, project)
        self.refs: Refs = find_refs(project, self.text)
        self.low = self.refs.masked.lower()

    # -- what the instruction points at ---------------------------------------------------
    def scenes(self) -> list[Scene]:
        """The scenes named (all of them for "every scene")."""
        if self.refs.all_scenes:
            return self.p.scenes()
        out: list[Scene] = []
        for r in self.refs.scenes:
            sc = pick(self.p.scenes(), r.n)
            if not isinstance(sc, Scene):
                raise Cannot(say(self.lang, f"there is no scene {r.n} (the story has {len(self.p.scenes())})",
                                 f"没有第{r.n}场（故事共有{len(self.p.scenes())}场）"))
            out.append(sc)
        return out

    def shots(self) -> list[Shot]:
        """The shots named, in the order written; an ordinal shot with a scene named counts
        within that scene ("the first shot of the second scene")."""
        out: list[Shot] = []
        scenes = self.scenes() if self.refs.scenes else []
        for r in self.refs.shots:
            within = self._within(r) if r.ordinal else None
            pool = scenes[within].shots if within is not None and within < len(scenes) else self.p.shots()
            sh = pick(pool, r.n)
            if not self.p.shots():
                raise Cannot(say(self.lang, "the project has no storyboard yet: run `manju make` "
                                            "first, then edit its shots",
                                 "项目还没有分镜：先运行 `manju make`，再修改镜头"))
            if not isinstance(sh, Shot):
                raise Cannot(say(self.lang, f"there is no shot {r.n} (the storyboard has {len(pool)})",
                                 f"没有第{r.n}个镜头（分镜共有{len(pool)}个）"))
            out.append(sh)
        return out

    def _within(self, shot: Any) -> int | None:
        """Which named scene an ordinal shot counts in: one written right next to it
        ("the first shot of the second scene", 第二场的第一个镜头)."""
        text = self.refs.masked.lower()
        for i, sc in enumerate(self.refs.scenes):
            between = text[sc.end:shot.start] if sc.end <= shot.start else text[shot.end:sc.start]
            if re.fullmatch(r"\s*(?:的|里的|中的|of|in|from)?\s*", between):
                return i
        return None

    def quoted(self, within: list[Line] | None = None) -> list[Line]:
        """The lines the first quotation names."""
        return lines_quoted(self.p, self.refs.quotes[0], within) if self.refs.quotes else []

    def characters(self, scope: list[str] | None = None) -> list[Character]:
        """The characters named, or the one a pronoun can only mean (a question when it could
        mean several)."""
        if self.refs.characters or not self.refs.pronoun:
            return list(self.refs.characters)
        pool = [c for c in self.p.characters if scope is None or c.id in scope]
        fit = [c for c in pool if c.gender == self.refs.pronoun] or [c for c in pool if c.gender == "unknown"]
        if len(fit) == 1:
            return fit
        if not fit:
            raise Cannot(say(self.lang, "I cannot tell who that pronoun means; name the character",
                             "不知道指的是谁，请写出角色的名字"))
        names = [c.name for c in fit]
        raise Ask(say(self.lang, f"Who do you mean: {' or '.join(names)}? Name them in the instruction.",
                      f"你指的是谁：{'还是'.join(names)}？请在指令里写出名字。"), names)

    def unknown_name(self) -> None:
        m = _UNKNOWN_NAME.search(self.refs.masked)
        if m and m.group(1) not in _COMMON:
            cast = ", ".join(c.name for c in self.p.characters)
            raise Cannot(say(self.lang, f"there is no character {m.group(1)!r} (characters: {cast})",
                             f"没有叫{m.group(1)}的角色（角色：{cast}）"))

    def has(self, pattern: str) -> bool:
        return search(pattern, self.low)


# -- the kinds of edit, tried in order -----------------------------------------------------

def _move(r: _Reader) -> list[Item] | None:
    if not r.refs.shots or not r.has(_MOVE) or r.refs.characters:
        return None
    shots = r.shots()
    where = "before" if r.has(_BEFORE) else "after" if r.has(_AFTER) else None
    if len(shots) >= 2 and where:
        return [Item("move_shot", shots[0].id, {where: shots[1].id})]
    if len(shots) == 1 and r.has(_END):
        return [Item("move_shot", shots[0].id, {})]
    return None


def _delete(r: _Reader) -> list[Item] | None:
    if not r.refs.shots or not r.has(_DELETE) or r.refs.quotes:
        return None
    shots = r.shots()
    people = r.characters([s for sh in shots for s in sh.subjects])
    if not people:
        return [Item("delete_shot", sh.id, {}) for sh in shots]
    items = []
    for sh in shots:
        gone = {c.id for c in people}
        if not gone & set(sh.subjects):
            names = "、".join(c.name for c in people)
            raise Cannot(say(r.lang, f"{names} is not in shot {r.p.shots().index(sh) + 1}",
                             f"{names}不在第{r.p.shots().index(sh) + 1}个镜头里"))
        items.append(Item("set_shot", sh.id, {"subjects": [s for s in sh.subjects if s not in gone]}))
    return items


def _add(r: _Reader) -> list[Item] | None:
    if not r.refs.shots or not r.refs.characters or not r.has(_ADD):
        return None
    items = []
    for sh in r.shots():
        new = [c.id for c in r.refs.characters if c.id not in sh.subjects]
        if not new:
            raise Cannot(say(r.lang, "they are already in that shot", "他们已经在这个镜头里了"))
        if len(sh.subjects) + len(new) > 3:
            raise Cannot(say(r.lang, "a shot shows at most three characters", "一个镜头最多三个角色"))
        items.append(Item("set_shot", sh.id, {"subjects": [*sh.subjects, *new]}))
    return items


def _scope_lines(r: _Reader) -> list[Line]:
    """The lines in the shots or scenes named (all lines when none is named)."""
    if r.refs.shots:
        ids = [c.line for sh in r.shots() for c in sh.cues]
        return [r.p.line(i) for i in ids]
    if r.refs.scenes:
        return [ln for sc in r.scenes() for ln in sc.lines]
    return r.p.lines()


def _text(r: _Reader) -> list[Item] | None:
    if not r.has(_TEXT) or not r.refs.quotes:
        return None
    scope = _scope_lines(r)
    if len(r.refs.quotes) >= 2:
        old, new = r.refs.quotes[0], r.refs.quotes[1]
        found = lines_quoted(r.p, old, scope)
        if not found:
            raise Cannot(say(r.lang, f"no line says {old!r}", f"没有台词包含“{old}”"))
        if len(found) > 1:
            raise Ask(say(r.lang, f"{len(found)} lines say {old!r}; name the shot too",
                          f"有{len(found)}句台词包含“{old}”，请同时写出镜头"), [ln.text for ln in found])
        ln = found[0]
        at = ln.text.casefold().find(old.casefold())
        text = new if at < 0 or old.strip() == ln.text.strip() else ln.text[:at] + new + ln.text[at + len(old):]
        return [Item("set_line", ln.id, {"text": text})]
    if r.quoted(scope) or not r.refs.shots:
        return None
    spoken = [ln for ln in scope if ln.kind == "dialogue"] or scope
    if len(spoken) != 1:
        return None
    return [Item("set_line", spoken[0].id, {"text": r.refs.quotes[0]})]


def _settings(r: _Reader) -> list[Item] | None:
    if r.refs.characters:
        return None
    after: dict[str, Any] = {}
    styles = values(r.low, lx.STYLE)
    if styles and (has(r.low, lx.STYLE_STRONG) or r.has(_STYLE_CONTEXT)):
        after["style"] = styles[0]
    if r.has(_MUSIC_OFF):
        after["music"] = False
    elif r.has(_MUSIC_ON) and not values(r.low, lx.MOOD):
        after["music"] = True
    if r.has(_SFX_OFF):
        after["sfx"] = False
    elif r.has(_SFX_ON):
        after["sfx"] = True
    return [Item("set_settings", "project", after)] if after else None


def _voice(r: _Reader) -> list[Item] | None:
    if not has(r.low, lx.VOICE_WORDS):
        return None
    steps = [step for words, step in lx.VOICE.values() if has(r.low, words)]
    if not steps:
        return None
    people = r.characters()
    if not people:
        r.unknown_name()
        return None
    items = []
    for c in people:
        v = c.voice or ops.Voice()
        after: dict[str, Any] = {}
        dp, ds = sum(s[0] for s in steps), sum(s[1] for s in steps)
        if dp:
            after["pitch"] = max(0, min(99, v.pitch + dp))
        if ds:
            after["speed"] = max(80, min(450, v.speed + ds))
        items.append(Item("set_voice", c.id, after))
    return items


def _nearest(pos: int, parts: list[tuple[int, str]]) -> str:
    return min(parts, key=lambda p: abs(p[0] - pos))[1]


def _look(r: _Reader) -> list[Item] | None:
    text = re.sub(rf"\bdress(?=\s*{NAME_MARK})", "     ", r.low)
    garments = find_all(text, lx.OUTFIT)
    styles = find_all(text, lx.HAIR_STYLE)
    accessories = values(text, lx.ACCESSORY)
    parts: list[tuple[int, str]] = [(a, "outfit_color") for a, _, _ in garments]
    parts += [(a, "hair_color") for a, _, _ in [*find_all(text, {"h": lx.HAIR}), *styles]]
    parts += [(a, "eye_color") for a, _, _ in find_all(text, {"e": lx.EYES})]
    parts += [(a, "skin") for a, _, _ in find_all(text, {"s": lx.SKIN})]
    parts += [(a, "outfit_color") for a, _, _ in find_all(text, {"c": lx.CLOTHES})]
    if not parts and not accessories:
        return None
    people = r.characters()
    if not people:
        r.unknown_name()
        return None
    after: dict[str, Any] = {}
    if parts:
        for a, _, colour in find_all(text, lx.COLOUR):
            field = _nearest(a, parts)
            after[field] = "blonde" if field == "hair_color" and colour == "gold" else colour
    if styles:
        after["hair_style"] = styles[-1][2]
    if accessories:
        after["accessory"] = "none" if r.has(_ACCESSORY_OFF) else accessories[-1]
    items = []
    for c in people:
        mine = dict(after)
        if garments and c.look is not None and garments[-1][2] != c.look.outfit:
            mine["outfit"] = garments[-1][2]
        if mine:
            items.append(Item("set_look", c.id, mine))
    return items or None


def _speaker(r: _Reader) -> list[Item] | None:
    if len(r.refs.characters) != 1 or not r.has(_SPEECH) or values(r.low, lx.EMOTION):
        return None
    lines = r.quoted(_scope_lines(r)) if r.refs.quotes else (
        [ln for ln in _scope_lines(r) if ln.kind == "dialogue"] if r.refs.shots else [])
    if len(lines) != 1:
        return None
    who = r.refs.characters[0]
    if lines[0].speaker == who.id:
        raise Cannot(say(r.lang, f"{who.name} already says that line", f"这句本来就是{who.name}说的"))
    return [Item("set_line", lines[0].id, {"speaker": who.id})]


def _emotion(r: _Reader) -> list[Item] | None:
    feelings = values(r.low, lx.EMOTION)
    if not feelings or r.has(_MUSIC):
        return None
    feeling = feelings[-1]
    scope = _scope_lines(r)
    if r.refs.quotes:
        lines = r.quoted(scope)
        if not lines:
            raise Cannot(say(r.lang, f"no line says {r.refs.quotes[0]!r}", f"没有台词包含“{r.refs.quotes[0]}”"))
    else:
        subjects = [s for sh in r.shots() for s in sh.subjects] if r.refs.shots else None
        if subjects is None and r.refs.scenes:
            subjects = [c for sc in r.scenes() for c in sc.present]
        people = r.characters(subjects)
        if people:
            ids = {c.id for c in people}
            lines = [ln for ln in scope if ln.speaker in ids]
            if not lines:
                names = "、".join(c.name for c in people)
                raise Cannot(say(r.lang, f"{names} has no line there", f"{names}在那里没有台词"))
        elif r.refs.shots:
            lines = [ln for ln in scope if ln.kind == "dialogue"] or scope
            if len(lines) != 1:
                return None
        else:
            r.unknown_name()
            return None
    todo = [ln for ln in lines if ln.emotion != feeling]
    if not todo:
        raise Cannot(say(r.lang, f"that is already {feeling}", f"已经是“{value_name('zh', feeling)}”了"))
    return [Item("set_line", ln.id, {"emotion": feeling}) for ln in todo]


def _scene(r: _Reader) -> list[Item] | None:
    times = values(r.low, lx.TIME)
    weathers = values(r.low, lx.WEATHER)
    kinds = values(r.low, lx.KIND)
    music = r.has(_MUSIC)
    moods = values(r.low, lx.MOOD) if (music or not (r.refs.characters or r.refs.quotes)) else []
    if not moods and music:
        moods = [{"angry": "tense", "scared": "tense", "shout": "action", "sad": "sad",
                  "happy": "happy", "neutral": "calm"}.get(e, "") for e in values(r.low, lx.EMOTION)]
        moods = [m for m in moods if m]
    if not (times or weathers or kinds or moods):
        return None
    if moods and not music and not r.refs.scenes and not r.refs.all_scenes:
        moods = []
        if not (times or weathers or kinds):
            return None
    scenes = r.scenes() if (r.refs.scenes or r.refs.all_scenes) else []
    if not scenes and r.refs.shots:
        by_id = {sc.id: sc for sc in (r.p.scene_of_shot(sh.id) for sh in r.shots())}
        scenes = list(by_id.values())
    if not scenes and len(r.p.scenes()) == 1:
        scenes = r.p.scenes()
    if not scenes:
        heads = [sc.heading for sc in r.p.scenes()]
        raise Ask(say(r.lang, "Which scene? Say \"scene 2\" or \"the last scene\".",
                      "哪一场？请写“第二场”或“最后一场”。"), heads)
    items = []
    for sc in scenes:
        after: dict[str, Any] = {}
        if times:
            after["time"] = times[-1]
            m = _HEADING_TIME.match(sc.heading)
            if m:
                after["heading"] = m.group(1) + times[-1].upper()
        if weathers:
            after["weather"] = weathers[0]
        if kinds:
            after["kind"] = kinds[-1]
            if (kinds[-1] in _INTERIOR) != sc.setting.interior:
                after["interior"] = kinds[-1] in _INTERIOR
        if moods:
            after["mood"] = moods[-1]
        after = {k: v for k, v in after.items()
                 if getattr(sc.setting if k in ops.SETTING_FIELDS else sc, k) != v}
        if after:
            items.append(Item("set_scene", sc.id, after))
    if not items:
        raise Cannot(say(r.lang, "the scene is already like that", "这一场已经是这样了"))
    return items


def _shot(r: _Reader) -> list[Item] | None:
    framings = values(r.low, lx.FRAMING)
    cameras = values(r.low, lx.CAMERA)
    transitions = values(r.low, lx.TRANSITION)
    if not (framings or cameras or transitions):
        return None
    shots = r.shots()
    if not shots and r.refs.quotes:
        lines = {ln.id for ln in r.quoted()}
        shots = [sh for sh in r.p.shots() if any(c.line in lines for c in sh.cues)]
    if not shots:
        raise Ask(say(r.lang, "Which shot? Say \"shot 3\" or \"the last shot\" (numbers are on storyboard.png).",
                      "哪个镜头？请写“第三个镜头”或“最后一个镜头”（编号见 storyboard.png）。"), [])
    after: dict[str, Any] = {}
    if framings:
        after["framing"] = framings[-1]
    if cameras:
        after["camera"] = dict(CAMERAS[cameras[-1]])
    if transitions:
        after["transition"] = transitions[-1]
    return [Item("set_shot", sh.id, dict(after)) for sh in shots]


def _scene_and_shot(r: _Reader) -> list[Item] | None:
    """A scene's and a shot's changes together ("make shot 3 a close-up at dusk"): a scene
    that is already so does not stop the shot's change."""
    try:
        scene = _scene(r)
    except (Cannot, Ask):
        shot = _shot(r)
        if shot:
            return shot
        raise
    shot = _shot(r) if scene and r.refs.shots else None
    return [*(scene or []), *(shot or [])] or None


_RULES = (*cut_rules, _move, _delete, _add, _text, _settings, _voice, _look, _speaker, _emotion,
          _scene_and_shot, _shot)


def parse_instruction(project: Project, text: str) -> Plan:
    """What ``text`` asks for, as operations made on ``project`` (which is left unchanged):
    a :class:`Plan` to apply, a question, or a message saying what can be done."""
    r = _Reader(project, text)
    try:
        items = None
        for rule in _RULES:
            items = rule(r)
            if items:
                break
    except Ask as q:
        return Plan(text=r.text, lang=r.lang, status="question", message=q.message, candidates=q.candidates)
    except Cannot as e:
        return Plan.nothing(project, r.text, r.lang, e.message)
    if not items:
        return Plan.nothing(project, r.text, r.lang)
    try:
        return Plan.build(project, r.text, r.lang, items)
    except InputError as e:
        return Plan.nothing(project, r.text, r.lang, str(e))
