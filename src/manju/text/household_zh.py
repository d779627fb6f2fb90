"""Chinese household and title words that name one character of a story.

The narration often calls a person by a bare title (先生, 太太) once the full form (陈先生) is
known, and by a kin word owned by someone else (他的母亲) for a woman it otherwise names after
her husband's house (华大妈). Both resolve only when exactly one character fits.
"""

from __future__ import annotations

import re

from .cast import Cast
from .names_zh import SURNAMES

_CJK = r"\u4e00-\u9fff"
_CLAUSE_BOUND = "，。！？；：、…—,.!?;: \u3000\n”」"

#: titles that the narration uses alone for the one person of the story who bears them
_BARE_TITLES = ("先生", "小姐", "少爷", "老爷", "太太", "大夫", "师傅", "老板", "掌柜")


def bare_titles(text: str, narr: bytearray, cast: Cast) -> None:
    """先生 as the subject of a narration clause, in a story whose one 先生 is 陈先生: him."""
    for t in _BARE_TITLES:
        if cast.lookup(t) is not None:
            continue
        holders = {cast.by_form[f] for f in cast.by_form
                   if len(f) == len(t) + 1 and f.endswith(t) and f[0] in SURNAMES}
        if len(holders) != 1:
            continue
        used = any(narr[m.start()] and (m.start() == 0 or text[m.start() - 1] in _CLAUSE_BOUND)
                   and re.match(f"[{_CJK}]", text[m.end() : m.end() + 1])
                   for m in re.finditer(t, text))
        if used:
            cast.alias(holders.pop(), t)


#: how a married woman is named after her husband or her house (华大妈, 七斤嫂, 夏四奶奶)
_MARRIED = ("大妈", "嫂", "嫂子", "婶", "婶子", "奶奶", "太太", "妈")


def one_mother(role: str, text: str, narr: bytearray, cast: Cast) -> int | None:
    """"他的母亲" in a story told in the third person whose one married woman is 华大妈: her.
    Only when the narration never says 母亲 without an owner before it."""
    if role not in ("母亲", "妈妈", "娘") or sum(
            1 for m in re.finditer("我", text) if narr[m.start()]) >= 3:
        return None
    for m in re.finditer(role, text):
        if narr[m.start()] and (m.start() == 0 or text[m.start() - 1] not in "他她的"):
            return None
    wives = [cid for cid, c in enumerate(cast.chars)
             if c.name.endswith(_MARRIED) and len(c.name) > 2 and cast.gender(cid) != "male"]
    return wives[0] if len(wives) == 1 else None
