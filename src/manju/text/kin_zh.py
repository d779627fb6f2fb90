"""Whom a family's words of address call (妈, 爸, 哥, 姐) when the narration names the people
by name: the one parent it names (王桂香带着女儿刘小梅), the one elder sibling it names (玉兰叫
弟弟田小军过来). The word becomes that person's form, so a quote that opens with it calls them.
"""

from __future__ import annotations

import re

from .cast import Cast

#: a kin word that makes the named person before it an elder sibling of the one after it
_YOUNGER = ("弟弟", "妹妹", "小弟", "小妹")


def _names(cast: Cast) -> str:
    return "|".join(re.escape(f) for f in sorted(cast.by_form, key=len, reverse=True) if len(f) >= 2)


def parents_called(text: str, narr: bytearray, cast: Cast) -> None:
    """王桂香带着女儿刘小梅……: in a story with nobody called 母亲 or 父亲, the one parent the
    narration names is who a child's 妈 / 爸 calls (by the parent's sex)."""
    if any(f in cast.by_form for f in ("母亲", "父亲", "妈", "爸", "娘", "爹")):
        return
    names = _names(cast)
    if not names:
        return
    found: set[int] = set()
    for m in re.finditer(rf"({names})(?:就|便|又|也)?(?:带着|领着|和|跟|同|的)?(?:大|小|二)?"
                         rf"(?:女儿|闺女|儿子)({names})", text):
        if narr[m.start()] and cast.by_form[m.group(1)] != cast.by_form[m.group(2)]:
            found.add(cast.by_form[m.group(1)])
    if len(found) == 1:
        cid = found.pop()
        word = {"male": "爸", "female": "妈"}.get(cast.gender(cid))
        if word is not None:
            cast.alias(cid, word)


def siblings_called(text: str, narr: bytearray, cast: Cast) -> None:
    """田玉兰……叫弟弟田小军过来: the named subject of a sentence that calls somebody its
    弟弟 / 妹妹 is who that younger one's 哥 / 姐 calls (by the elder's sex), when the story
    has one such elder and nobody else called so."""
    if any(f in cast.by_form for f in ("哥", "姐", "哥哥", "姐姐")):
        return
    names = _names(cast)
    if not names:
        return
    found: set[int] = set()
    rx = re.compile(rf"(?:{'|'.join(_YOUNGER)})({names})")
    for m in rx.finditer(text):
        if not narr[m.start()]:
            continue
        lo = max(text.rfind(b, 0, m.start()) for b in "。！？\n") + 1
        head = re.search(rf"({names})", text[lo : m.start()])  # the sentence's first name
        if head is not None and cast.by_form[head.group(1)] != cast.by_form[m.group(1)]:
            found.add(cast.by_form[head.group(1)])
    if len(found) == 1:
        cid = found.pop()
        word = {"male": "哥", "female": "姐"}.get(cast.gender(cid))
        if word is not None:
            cast.alias(cid, word)
