"""Operations in words, in English or Chinese, and the list of what can be asked for."""

from __future__ import annotations

from typing import Any

from manju.doc.model import Camera, Project

_FIELDS_ZH = {
    "framing": "景别", "camera": "运镜", "subjects": "画面人物", "transition": "转场",
    "time": "时间", "weather": "天气", "kind": "地点", "interior": "室内", "mood": "配乐情绪",
    "heading": "场景标题", "style": "画风", "music": "背景音乐", "sfx": "音效", "pitch": "音高",
    "speed": "语速", "hair_color": "发色", "hair_style": "发型", "eye_color": "瞳色",
    "outfit": "服装", "outfit_color": "服装颜色", "accent_color": "点缀色", "accessory": "配饰",
    "skin": "肤色", "build": "体型", "emotion": "情绪", "text": "台词", "speaker": "说话人",
    "addressee": "对象", "parenthetical": "表演提示", "engine": "引擎", "voice": "声音",
    "lang": "语言",
}
_VALUES_ZH = {
    "close_up": "特写", "wide": "全景", "medium": "中景", "two_shot": "双人镜头",
    "over_shoulder": "过肩镜头", "reaction": "反应镜头", "insert": "细节镜头", "push_in": "推近",
    "pull_out": "拉远", "pan_left": "左摇", "pan_right": "右摇", "static": "固定", "cut": "直切",
    "fade": "淡入淡出", "night": "夜晚", "day": "白天", "dusk": "黄昏", "rain": "下雨",
    "snow": "下雪", "fog": "起雾", "clear": "晴", "home": "家", "office": "办公室",
    "street": "街道", "shop": "店铺", "forest": "森林", "mountain": "山", "palace": "宫殿",
    "coast": "海边", "sky": "天空", "room_generic": "室内", "tense": "紧张", "sad": "悲伤",
    "happy": "开心", "calm": "平静", "action": "激烈", "romantic": "浪漫", "ink": "水墨",
    "noir": "黑白", "pastel": "粉彩", "flat": "平涂", "angry": "生气", "surprised": "惊讶",
    "scared": "害怕", "shout": "喊叫", "whisper": "小声", "smug": "得意", "disgusted": "厌恶",
    "laugh": "大笑",
    "neutral": "平静", "thought": "内心独白", "True": "开", "False": "关", "none": "无",
    "glasses": "眼镜", "hairpin": "发簪", "earrings": "耳环", "beard": "胡子", "scar": "伤疤",
    "crown": "王冠", "hat": "帽子", "short": "短发", "long": "长发", "bun": "发髻",
    "ponytail": "马尾", "bob": "波波头", "spiky": "刺猬头", "bald": "光头", "suit": "西装",
    "dress": "裙子", "coat": "外套", "shirt": "衬衫", "hoodie": "卫衣", "robe": "长袍",
    "uniform": "制服",
}


def value_name(lang: str, value: Any) -> str:
    """A document value as the user would say it."""
    text = str(value)
    if lang == "zh":
        return _VALUES_ZH.get(text, text)
    return {"True": "on", "False": "off"}.get(text, text.replace("_", " "))


def _value(project: Project, lang: str, key: str, value: Any) -> str:
    if isinstance(value, Camera):
        value = value.move
    if isinstance(value, dict) and "move" in value:
        value = value["move"]
    if key in ("speaker", "addressee") and isinstance(value, str):
        return next((c.name for c in project.characters if c.id == value), value)
    if key == "subjects" and isinstance(value, list):
        names = [next((c.name for c in project.characters if c.id == v), v) for v in value]
        sep = "、" if lang == "zh" else ", "
        return sep.join(names) or ("无人" if lang == "zh" else "nobody")
    if key == "text":
        return f"“{value}”" if lang == "zh" else f'"{value}"'
    return value_name(lang, value)


def _shot_name(project: Project, sid: str, lang: str) -> str:
    ids = [s.id for s in project.shots()]
    n = ids.index(sid) + 1 if sid in ids else 0
    if lang == "zh":
        return f"第{n}个镜头（{sid}）" if n else f"镜头 {sid}"
    return f"shot {n} ({sid})" if n else f"shot {sid}"


def _target(project: Project, op: Any, lang: str) -> str:
    if op.op in ("set_shot", "delete_shot", "move_shot", *_CUT):
        return _shot_name(project, op.target, lang)
    if op.op == "set_scene":
        ids = [s.id for s in project.scenes()]
        n = ids.index(op.target) + 1 if op.target in ids else 0
        return f"第{n}场（{op.target}）" if lang == "zh" else f"scene {n} ({op.target})"
    if op.op in ("set_look", "set_voice"):
        return next((c.name for c in project.characters if c.id == op.target), op.target)
    if op.op == "set_line":
        try:
            text = project.line(op.target).text
        except KeyError:
            text = op.target
        short = text if len(text) <= 30 else text[:29] + "…"
        return f"台词“{short}”" if lang == "zh" else f'the line "{short}"'
    return "整个项目" if lang == "zh" else "the whole project"


_CUT = ("split_shot", "merge_shots", "insert_shot", "retime", "add_prop", "remove_prop")
_PROPS_ZH = {
    "lantern": "灯笼", "umbrella": "伞", "sword": "剑", "knife": "刀", "gun": "枪", "cup": "杯子",
    "teapot": "茶壶", "bottle": "瓶子", "flowers": "花", "book": "书", "scroll": "卷轴",
    "letter": "信", "phone": "手机", "photo": "照片", "candle": "蜡烛", "bag": "包", "fan": "扇子",
    "key": "钥匙", "jade": "玉佩", "mirror": "镜子", "gift": "礼物", "ring": "戒指",
}


def prop_word(name: str, lang: str) -> str:
    """A prop's name in the user's language."""
    return _PROPS_ZH.get(name, name) if lang == "zh" else name


def _line_words(project: Project, lid: str, lang: str) -> str:
    try:
        text = project.line(lid).text
    except KeyError:
        return lid
    short = text if len(text) <= 30 else text[:29] + "…"
    return f"“{short}”" if lang == "zh" else f'"{short}"'


def _a(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _describe_cut(project: Project, op: Any, where: str, lang: str) -> str:
    """The words for the operations that cut, insert, time or dress shots."""
    zh = lang == "zh"
    after = op.after
    if op.op == "split_shot":
        if after.after_line:
            said = _line_words(project, after.after_line, lang)
            return f"把{where}在台词{said}之后拆成两个镜头" if zh else \
                f"split {where} in two after the line {said}"
        return f"把{where}拆成两个镜头" if zh else f"split {where} in two"
    if op.op == "merge_shots":
        ids = [s.id for s in op.shots]
        nxt = ids[ids.index(op.target) + 1] if op.target in ids[:-1] else ""
        other = _shot_name(project, nxt, lang) if nxt else ("下一个镜头" if zh else "the next shot")
        return f"把{where}和{other}合并成一个镜头" if zh else f"merge {where} with {other}"
    if op.op == "insert_shot":
        kind = value_name(lang, after.framing)
        who = _value(project, lang, "subjects", after.subjects) if after.subjects else ""
        things = "、".join(_PROPS_ZH.get(p, p) for p in after.props or []) if zh else \
            ", ".join(after.props or [])
        if zh:
            what = f"{who}的{kind}" if who else kind
            return f"在{where}之后插入一个{what}" + (f"（{things}）" if things else "")
        what = f"{_a(kind)} {kind} of {who}" if who else f"{_a(kind)} {kind} shot"
        return f"insert {what} after {where}" + (f" showing the {things}" if things else "")
    if op.op == "retime":
        parts = []
        if after.hold is not None:
            parts.append(f"多停{after.hold:g}秒" if zh and after.hold >= 0 else
                         f"少停{-after.hold:g}秒" if zh else
                         f"hold {after.hold:+g}s")
        if after.pace is not None:
            parts.append({"slow": "节奏放慢", "fast": "节奏加快", "normal": "节奏恢复正常"}[after.pace]
                         if zh else f"{after.pace} pace")
        return f"{where}：{'，'.join(parts)}" if zh else f"{where}: {', '.join(parts)}"
    thing = _PROPS_ZH.get(after.prop, after.prop) if zh else after.prop
    if op.op == "add_prop" and after.holder:
        c = next((c for c in project.characters if c.id == after.holder), None)
        who = c.name if c else after.holder
        their = {"male": "his", "female": "her"}.get(c.gender if c else "", "their")
        return f"{where}：让{who}手里拿着{thing}" if zh else \
            f"{where}: {who} holds {_a(thing)} {thing} in {their} hand"
    if op.op == "add_prop":
        return f"在{where}里加上{thing}" if zh else f"put {_a(thing)} {thing} in {where}"
    return f"从{where}里去掉{thing}" if zh else f"take the {thing} out of {where}"


def describe(project: Project, op: Any, lang: str) -> str:
    """What ``op`` does, in one line of the user's language (read before it is applied)."""
    where = _target(project, op, lang)
    if op.op in _CUT:
        return _describe_cut(project, op, where, lang)
    if op.op == "delete_shot":
        said = "; ".join(ln.text for ln in op.lines)
        return (f"删除{where}及其台词：{said}" if lang == "zh"
                else f"delete {where} and what it plays: {said}")
    if op.op == "move_shot":
        ref = op.after.before or op.after.after
        if not ref:
            return f"把{where}移到本场最后" if lang == "zh" else f"move {where} to the end of its scene"
        other = _shot_name(project, ref, lang)
        if lang == "zh":
            return f"把{where}移到{other}{'前面' if op.after.before else '后面'}"
        return f"move {where} {'before' if op.after.before else 'after'} {other}"
    before = op.before.values() if hasattr(op, "before") else {}
    if op.op == "set_shot" and op.shot is not None:
        before = op.shot.values()
    parts = []
    for key, value in op.after.values().items():
        new = _value(project, lang, key, value)
        old = _value(project, lang, key, before[key]) if key in before else None
        if lang == "zh":
            name = _FIELDS_ZH.get(key, key)
            parts.append(f"{name}改为{new}" + (f"（原为{old}）" if old is not None else ""))
        else:
            parts.append(f"{key.replace('_', ' ')} → {new}" + (f" (was {old})" if old is not None else ""))
    sep = "，" if lang == "zh" else ", "
    return f"{where}：{sep.join(parts)}" if lang == "zh" else f"{where}: {sep.join(parts)}"


def help_text(project: Project, lang: str) -> str:
    """What the editor understands, with examples naming this project's characters."""
    names = [c.name for c in project.characters] or (["林晚"] if lang == "zh" else ["Mara"])
    a = names[0]
    if lang == "zh":
        return "\n".join([
            "可以这样说：",
            "  镜头：把第三个镜头改成特写；最后一个镜头推近；删掉第五个镜头；把第七个镜头移到第五个镜头前面",
            f"  镜头里的人：把{a}从第二个镜头里去掉；把{a}加到第四个镜头",
            f"  剪辑：把第三个镜头拆成两个；合并第三和第四个镜头；在第二个镜头后加一个{a}的特写；第五个镜头多停两秒",
            f"  道具：在第三个镜头里加一把伞；让{a}在第二个镜头里拿着杯子；把第二个镜头里的灯笼去掉",
            f"  台词：把“原话”改成“新台词”；“原话”改成{a}说；让{a}生气一点；“原话”这句要小声说",
            "  场景：把第二场改成夜晚；第一场下雪；第二场的背景换成咖啡馆；第二场的配乐改成紧张的",
            "  整体：用水墨风格重画（水墨/黑白/粉彩/平涂）；关掉背景音乐；不要音效",
            f"  角色：把{a}的头发染成金色；把{a}的外套换成黑色；给{a}戴上眼镜；{a}的声音低沉一点",
            "镜头编号见 storyboard.png，撤销用 manju undo。",
        ])
    return "\n".join([
        "I understand, for example:",
        "  shots: make shot 3 a close-up; push in on the last shot; delete shot 5; move shot 7 before shot 6",
        f"  who is in a shot: remove {a} from shot 2; add {a} to shot 4",
        f"  cutting: split shot 4 after the first line; merge shots 3 and 4; add a close-up of {a} after shot 2; "
        "hold shot 5 two seconds longer; make the last shot slower",
        f"  props: put an umbrella in shot 3; give {a} a cup in shot 2; remove the lantern from shot 2",
        f"  lines: change 'old words' to 'new words'; 'old words' should be said by {a}; make {a} angry in shot 3",
        "  scenes: the second scene should be at night; make it snow in scene 1; move scene 2 to a forest; "
        "sad music in the last scene",
        "  everything: redraw everything in ink style (ink, noir, pastel, flat); turn off the music; no sound effects",
        f"  characters: give {a} red hair; {a} should wear a black coat; {a} should sound older",
        "Shot numbers are on storyboard.png; `manju undo` takes an edit back.",
    ])
