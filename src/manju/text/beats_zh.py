"""Beats of narration between Chinese lines that say who goes on speaking.

A first-person narrator's own silent beat (我走过去。/ 我摇摇头。) hands the next bare line back
to whoever spoke before it; a beat of the narrator's thought (我不知道那是什么。) does not. A
bare line right after somebody else's tagged line is the narrator's answer.
"""

from __future__ import annotations

import re
from typing import Any

from .dialogue import QuoteInfo
from .quotes import Paragraph, Quote
from .referents_zh import PRON_ZH

#: a beat that answers without words (摇摇头, 不答, 没有作声)
_GESTURE = re.compile("摇头|摇摇头|摇了摇头|点头|点点头|点了点头|不答|不作声|没有作声|没有回答|默然|默默")
#: a beat of the narrator thinking, after which the narrator usually speaks
_THOUGHT = re.compile("知道|觉得|想|以为|记得|明白|懂")


def after_silent_beat(text: str, i: int, quotes: list[Quote], paras: list[Paragraph],
                      before: str) -> bool:
    """A bare line right after a narration paragraph of the first-person narrator's own
    (我走过去。): the narrator said nothing, unless the line before the beat asked them
    something that the beat does not answer with a gesture."""
    q = quotes[i]
    if i == 0 or before.strip() or q.paragraph < 2 or quotes[i - 1].paragraph != q.paragraph - 2:
        return False
    pp = paras[q.paragraph - 1]
    beat = text[pp.start : pp.end]
    if not beat.startswith("我") or "“" in beat or "「" in beat:
        return False
    if _GESTURE.search(beat):
        return True
    asked = text[quotes[i - 1].start : quotes[i - 1].end].rstrip("”」").endswith(("？", "?"))
    asks = text[q.start : q.end].rstrip("”」").endswith(("？", "?"))
    # 我不知道那是什么东西。“它咬人么？”: a thought that the narrator's own question follows
    return not asked and not (asks and _THOUGHT.search(beat))


def answers_other(i: int, quotes: list[Quote], infos: list[QuoteInfo], before: list[str],
                   after: list[str], narrator: int | None) -> bool:
    """A bare quote paragraph right after a line tagged to somebody other than the narrator."""
    q = quotes[i]
    if i == 0 or before[i].strip() or after[i].strip() or q.continued:
        return False
    prev = quotes[i - 1]
    if prev.paragraph != q.paragraph - 1:
        return False

    def tag_of(para: int) -> int | str | None:
        for j in range(i - 1, -1, -1):
            if quotes[j].paragraph < para:
                break
            if quotes[j].paragraph == para:
                if infos[j].tag_cid is not None:
                    return infos[j].tag_cid
                if infos[j].tag_pronoun:
                    return infos[j].tag_pronoun
        return None

    tag = tag_of(prev.paragraph)
    if tag is None or tag in (narrator, "narrator"):
        return False
    if any(v not in (tag, narrator) for v in infos[i - 1].vocatives):
        return False  # that line called somebody else (回头去看先生): they answer, not "I"
    # a third person spoke just before that line: the exchange is theirs, not "mine"
    before_tag = tag_of(prev.paragraph - 1)
    return not (isinstance(before_tag, int) and before_tag not in (tag, narrator))


#: what follows a cry somebody utters (“哟”了一声, “哎呀”地一声)
_A_CRY = re.compile("[了地的]?一声")


def is_cry(text: str, q: Quote) -> bool:
    """Whether the quotation is a cry followed by 了一声 (她也“哟”了一声): a line, not a term."""
    return _A_CRY.match(text, q.end + 1, q.end + 4) is not None


def cry_subject(text: str, q: Quote, refs_in: Any, narr: bytearray) -> Any:
    """For a cry followed by 了一声 (她也“哟”了一声, 我听到祖母“哟”地一声): the last person
    named in the clause before it, who utters it (``("cid", cid, at)`` or a pronoun), or None."""
    if not is_cry(text, q):
        return None
    lo = max(text.rfind(c, 0, q.start) for c in "，,。！？；：\n”") + 1
    found = [(a, c) for a, _e, c in refs_in(lo, q.start) if narr[a]]
    if not found:
        return None
    at, cid = found[-1]
    if cid >= 0:
        return ("cid", cid, at)
    return ("pron", PRON_ZH[text[at]], at) if text[at] in PRON_ZH else None
