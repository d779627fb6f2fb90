"""Whom a family's words of address call (妈, 爸) when the narration names the people by
name: the one parent it names (王桂香带着女儿刘小梅). The word becomes that person's form, so a
quote that opens with it calls them.
"""

from __future__ import annotations

import re
from collections import Counter

from .cast import Cast


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


#: kin words the narration writes once before a name and then alone for that person
#: (儿子高进财……看着儿子; 儿媳妇刘凤英……看了看儿媳)
_KIN_OF_ONE: dict[str, tuple[str, ...]] = {
    "儿子": ("儿子",), "女儿": ("女儿",), "闺女": ("闺女",), "儿媳妇": ("儿媳妇", "儿媳"),
    "儿媳": ("儿媳妇", "儿媳"), "孙子": ("孙子",), "孙女": ("孙女",), "老伴": ("老伴",),
}


def kin_refs(text: str, narr: bytearray, refs: list[tuple[int, int, int]],
             cast: Cast) -> list[tuple[int, int, int]]:
    """``refs`` with a mention added for each kin word of the narration (看着儿子) that the
    narration wrote once before the name of exactly one person (儿子高进财) and never before
    another name."""
    names = _names(cast)
    if not names:
        return refs
    held: dict[str, set[int]] = {}
    named_at: set[int] = set()
    for m in re.finditer(rf"({'|'.join(sorted(_KIN_OF_ONE, key=len, reverse=True))})({names})", text):
        if narr[m.start()]:
            for w in _KIN_OF_ONE[m.group(1)]:
                held.setdefault(w, set()).add(cast.by_form[m.group(2)])
            named_at.add(m.start())
    words = [w for w, cids in held.items() if len(cids) == 1 and cast.lookup(w) is None]
    if not words:
        return refs
    taken = bytearray(len(text))
    for a, e, _c in refs:
        taken[a:e] = b"\x01" * (e - a)
    added: list[tuple[int, int, int]] = []
    for m in re.finditer("|".join(sorted(words, key=len, reverse=True)), text):
        at = m.start()
        if at in named_at or not narr[at] or taken[at]:
            continue
        if re.match(names, text[m.end() :]):
            continue  # 儿子高进财 itself, or the kin word before another name
        added.append((at, m.end(), next(iter(held[m.group(0)]))))
    return sorted(refs + added) if added else refs


def pronouns_relatives(text: str, narr: bytearray, refs: list[tuple[int, int, int]]) -> dict[int, str]:
    """People the narration knows mostly as the relative of a 他 or a 她 (他父亲, 她的母亲),
    with that pronoun's sex: the 他 of such a story is somebody else, the one whose father it is.
    Twice at least, and in half of their narration mentions or more."""
    seen: Counter = Counter()
    owned: Counter = Counter()  # (cid, sex) -> mentions right after 他/她 (or 他的/她的)
    for at, _e, cid in refs:
        if cid < 0 or not narr[at]:
            continue
        seen[cid] += 1
        m = _OWNER.search(text, max(0, at - 3), at)
        if m is not None:
            owned[cid, "male" if m.group(1) == "他" else "female"] += 1
    out: dict[int, str] = {}
    for (cid, sex), n in owned.most_common():
        if cid not in out and n >= 2 and 2 * n >= seen[cid]:
            out[cid] = sex
    return out


#: a pronoun that owns the name after it (他父亲, 她的母亲; not 其他)
_OWNER = re.compile("(?<!其)([他她])的?$")
