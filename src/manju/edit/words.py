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
    if op.op in ("set_shot", "delete_shot", "move_shot"):
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


def describe(project: Project, op: Any, lang: str) -> str:
    """What ``op`` does, in one line of the user's language (read before it is applied)."""
    where = _target(project, op, lang)
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
        f"  lines: change 'old words' to 'new words'; 'old words' should be said by {a}; make {a} angry in shot 3",
        "  scenes: the second scene should be at night; make it snow in scene 1; move scene 2 to a forest; "
        "sad music in the last scene",
        "  everything: redraw everything in ink style (ink, noir, pastel, flat); turn off the music; no sound effects",
        f"  characters: give {a} red hair; {a} should wear a black coat; {a} should sound older",
        "Shot numbers are on storyboard.png; `manju undo` takes an edit back.",
    ])
