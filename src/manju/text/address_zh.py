"""What a Chinese text calls its people: kinship and role words used as a clause's subject
(太太说, 他父亲道), roles written before a name (父亲陈建国), a surname with a form of address
(周大嫂, 王大爷), a given name before a verb (立德忽然抬起头来问) and nicknames the narration
gives (人们叫他高老汉).
"""

from __future__ import annotations

import re
from collections import Counter

from .lexicon_zh import SINGLE_KIN
from .names_zh import (
    _BOUND,
    _CJK,
    APPOSITIVE,
    KIN_ROLES,
    SURNAMES,
    _token_at,
    bad_start,
    clause_starts,
    is_common_word,
    is_tail,
)

#: what follows 他父亲 when he speaks (说, 诧异说, 叹了口气道)
_OWNED_SAYS = re.compile("[^，。！？“”：:]{0,8}?(?:说|道|问|答|叫|喊|嚷)")


def subject_roles(text: str, narr: bytearray) -> Counter:
    """Role/kinship words used as a clause subject in the narration, with counts."""
    out: Counter = Counter()
    starts = clause_starts(text, narr)
    roles = sorted(KIN_ROLES, key=len, reverse=True)
    for p in starts:
        q = p + 1 if text[p] == "我" and p + 1 < len(text) else p
        owned = text[p] in "他她" and p + 1 < len(text)
        if owned:
            # 他父亲说, 她的丈夫道: the relative who speaks is somebody of the story (not 她爸是
            # 干部, said of somebody away)
            q = p + 2 if text[p + 1] == "的" else p + 1
        for r in roles:
            if text.startswith(r, q):
                if len(r) == 1 and not SINGLE_KIN[r].match(text, q):
                    continue
                nxt = text[q + len(r) : q + len(r) + 1]
                if nxt and not _CJK.match(nxt) and nxt not in "的":
                    break  # a bare word in a list or a vocative-like use
                if owned and not _OWNED_SAYS.match(text, q + len(r)):
                    break
                tok = _token_at(text, q) if len(r) >= 2 and _CJK.match(nxt or " ") else None
                if tok is not None and len(tok[0]) > len(r):
                    break  # 老婆子问: a longer word (an old woman), not 老婆 (a wife)
                out[r] += 1
                break
    return out


def appositives(text: str, names: list[str], narr: bytearray | None = None) -> list[tuple[str, str, str]]:
    """``(role, name, gender)`` for each role standing right before a name (秘书林芳) in the
    narration (a speaker's "弟子萧远" is how they humble themselves, no role of theirs)."""
    if not names:
        return []
    rx = re.compile(
        "(" + "|".join(sorted(APPOSITIVE, key=len, reverse=True)) + ")("
        + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + ")"
    )
    out: list[tuple[str, str, str]] = []
    for m in rx.finditer(text):
        role, name = m.group(1), m.group(2)
        if narr is not None and not narr[m.start()]:
            continue
        g = APPOSITIVE[role]
        pre = text[max(0, m.start() - 1) : m.start()]
        if pre == "女":
            g = "female"
        out.append((role, name, g))
    return out


#: forms of address a surname takes for a person of the village or the street (周大嫂,
#: 卫老婆子, 王大爷): with their gender
SURNAME_ADDRESS: dict[str, str] = {
    "大嫂": "female", "嫂子": "female", "大妈": "female", "大娘": "female", "大婶": "female",
    "婶子": "female", "老太太": "female", "老太": "female", "老婆子": "female", "奶奶": "female",
    "姨": "female", "妈": "female", "嫂": "female", "婶": "female", "大爷": "male",
    "大叔": "male", "老头子": "male", "老头": "male", "老汉": "male", "老爹": "male",
    "伯伯": "male", "师傅": "unknown", "掌柜": "male",
}
_SURNAME_ADDR_RX: re.Pattern | None = None


def surname_addressed(text: str, narr: bytearray) -> dict[str, str]:
    """People known as a surname plus a form of address (周大嫂, 卫老婆子), named at least
    twice and at least once in the narration, with the gender the form gives."""
    global _SURNAME_ADDR_RX
    if _SURNAME_ADDR_RX is None:
        forms = "|".join(sorted(SURNAME_ADDRESS, key=len, reverse=True))
        _SURNAME_ADDR_RX = re.compile(f"([{''.join(sorted(SURNAMES))}])({forms})")
    seen: Counter = Counter()
    told: set[str] = set()
    for m in _SURNAME_ADDR_RX.finditer(text):
        if m.start() > 0 and _CJK.match(text[m.start() - 1]) and text[m.start() - 1] not in _BOUND \
                and text[m.start() - 1] not in "了见是和跟给对向把被叫问着到":
            continue  # inside a longer word or name
        seen[m.group(0)] += 1
        if narr[m.start()]:
            told.add(m.group(0))
    return {f: SURNAME_ADDRESS[f[1:]] for f, n in seen.items() if n >= 2 and f in told}


def given_name_prefix(seg: str, text: str, exclude: set[str]) -> str | None:
    """The two characters that open a tag's subject when the text also writes them after a
    surname (立德 of 孙立德) and they are no common word."""
    g = seg[:2]
    if len(g) < 2 or not re.fullmatch(r"[\u4e00-\u9fff]+", g) or g[0] in "他她我你您这那一" or is_tail(g):
        return None
    if g in exclude or g in KIN_ROLES or is_common_word(g):
        return None
    for m in re.finditer(re.escape(g), text):
        if m.start() > 0 and text[m.start() - 1] in SURNAMES and (
                m.start() < 2 or not re.match(r"[\u4e00-\u9fff]", text[m.start() - 2])
                or text[m.start() - 2] in "，。！？、；：“”的"):
            return g
    return None


#: what people call somebody the narration has just named (村里人都叫他高老汉)
_CALLED_AS = re.compile("(?:都|就|便|也)?(?:叫|喊|称|称呼)(?:他|她)(?:做|作|为)?([\u4e00-\u9fff]{2,4}?)(?=[，,。！；、]|$)")


def called_as(text: str, narr: bytearray) -> dict[str, str]:
    """``{what people call them: full name}`` for a surnamed full name that opens a sentence
    and is then said to be called something else in it (高满堂今年六十三了，村里人都叫他高老汉)."""
    out: dict[str, str] = {}
    for m in _CALLED_AS.finditer(text):
        if not narr[m.start()]:
            continue
        lo = max(text.rfind(b, 0, m.start()) for b in "。！？\n") + 1
        full = text[lo : lo + 3]
        if (len(full) == 3 and full[0] in SURNAMES and all(_CJK.match(c) for c in full)
                and not is_common_word(full) and not bad_start(full) and not is_tail(full)
                and m.group(1) != full and m.group(1) not in KIN_ROLES):
            out[m.group(1)] = full
    return out
