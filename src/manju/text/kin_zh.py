"""Whom a family's words of address call (妈, 爸) when the narration names the people by
name: the one parent it names (王桂香带着女儿刘小梅). The word becomes that person's form, so a
quote that opens with it calls them.
"""

from __future__ import annotations

import re

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
