"""Character profiles: rough age and appearance phrases found near their mentions."""

from __future__ import annotations

import re
from collections import Counter

from .cast import Cast

_EN_LOOK = re.compile(
    r"\b((?:(?:long|short|curly|straight|wavy|thick|thin|fair|dark|black|brown|red|golden|"
    r"yellow|grey|gray|white|silver|blue|green|pale|auburn|blonde?|flaxen|bright|little|"
    r"large|small|faded|shabby|silk|velvet|white|pink|purple|tall|plain|old|new|straw|"
    r"black-and-white|sandy|bushy|heavy|neat|tight)\s+){1,3}"
    r"(?:hair|eyes|beard|moustache|mustache|dress|gown|coat|hat|bonnet|cloak|suit|shawl|"
    r"skirt|jacket|boots|gloves|spectacles|glasses|veil|cap|uniform|frock|apron|ribbon|scarf|"
    r"robe|waistcoat|trousers|shoes))\b",
    re.I,
)
_ZH_LOOK = re.compile(
    r"((?:一袭|一身|身穿|穿着|身着)?[白黑红青紫蓝绿粉金银灰素玄月杏墨][衣裙袍衫裳纱]|"
    r"长发|短发|黑发|白发|银发|青丝|马尾|卷发|眼镜|西装|长裙|旗袍|凤冠|龙袍|铠甲|官服|"
    r"丹凤眼|桃花眼|剑眉|络腮胡|白须|胡须)"
)
_EN_AGE = [
    ("child", re.compile(r"\b(child|little girl|little boy|baby|infant|kid)\b", re.I)),
    ("old", re.compile(r"\b(old (?:man|woman|lady|gentleman)|aged|elderly|grey-haired|white-haired|grandmother|grandfather)\b", re.I)),
    ("young", re.compile(r"\b(young|girl|boy|youth|lad|lass)\b", re.I)),
]
_ZH_AGE = [
    ("child", re.compile(r"孩子|孩童|小孩|幼|童子|女童|男童")),
    ("old", re.compile(r"老人|老者|老头|老妇|老太|白发苍苍|年迈|老爷子|长老|老夫人|奶奶|爷爷")),
    ("young", re.compile(r"少年|少女|姑娘|小姑娘|年轻|小伙")),
]
_SENT = re.compile(r"[^.!?。！？\n]+(?:\n(?![ \t]*\n)[^.!?。！？\n]+)*")


def describe_characters(text: str, cast: Cast, lang: str, top: int = 40) -> None:
    """Fill ``age`` and ``description`` for the most mentioned characters (in place)."""
    chars = sorted(range(len(cast.chars)), key=lambda i: -cast.chars[i].mentions)[:top]
    forms: dict[str, int] = {}
    for cid in chars:
        for a in cast.chars[cid].aliases:
            if len(a) >= 2 and a not in ("I", "Narrator"):
                forms.setdefault(a, cid)
    if not forms:
        return
    alts = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    rx = re.compile(alts if lang == "zh" else rf"\b(?:{alts})\b")
    look = _ZH_LOOK if lang == "zh" else _EN_LOOK
    ages = _ZH_AGE if lang == "zh" else _EN_AGE
    age_votes: dict[int, Counter] = {cid: Counter() for cid in chars}
    found: dict[int, list[str]] = {cid: [] for cid in chars}
    for sm in _SENT.finditer(text):
        sent = sm.group(0)
        hits = {forms[m.group(0)] for m in rx.finditer(sent)}
        if len(hits) != 1:
            continue
        cid = hits.pop()
        for m in look.finditer(sent):
            phrase = m.group(1).strip().lower() if lang != "zh" else m.group(1)
            if phrase not in found[cid] and len(found[cid]) < 8:
                found[cid].append(phrase)
        for label, arx in ages:
            if arx.search(sent):
                age_votes[cid][label] += 1
                break
    for cid in chars:
        c = cast.chars[cid]
        for p in found[cid]:
            if p not in c.description:
                c.description.append(p)
        if age_votes[cid] and c.age == "adult":
            label, n = age_votes[cid].most_common(1)[0]
            if n >= 2 or (n >= 1 and c.mentions < 10):
                c.age = label
        if lang == "zh" and c.age == "adult":
            if any(a.startswith("老") and len(a) <= 3 for a in c.aliases):
                c.age = "old"
            elif any(a.startswith("小") and len(a) <= 3 for a in c.aliases):
                c.age = "young"
