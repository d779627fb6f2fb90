"""Small cues from the narration around English lines: pronoun asides and book-wide salience.

Used by :mod:`.attribution_en`: a narration beat or aside that names nobody still tells the
gender of whom it is about ("There was a smile on her face."), the characters a book
mentions most speak most of its lines, and an unnamed "she" of the narration is mostly the
woman the book follows.
"""

from __future__ import annotations

import re
from collections import Counter

from .dialogue import Mentions, QuoteInfo, _Turn

_ANY_PRON = re.compile(r"\b(He|She|he|she|his|His|her|Her|him)\b")
#: a sentence of narration opening with a subject pronoun ("She shuddered.")
_ASIDE_PRON = re.compile(r"(?:^|[.!?;]\s+|[.!?][\"'’”]\s+)(He|She)\b")


def pronoun_gender(text: str, lo: int, hi: int) -> str | None:
    """``"male"``/``"female"`` when every third-person pronoun of ``text[lo:hi]`` has that
    gender, else None."""
    found = {m.group(1).lower() for m in _ANY_PRON.finditer(text, lo, hi)}
    male, female = bool(found & {"he", "his", "him"}), bool(found & {"she", "her"})
    if male == female:
        return None
    return "male" if male else "female"


def aside_gender(t: _Turn, quotes: list[QuoteInfo], nominals: list[str], text: str,
                 para_spans) -> str | None:
    """Gender of the subject of the narration inside an untagged turn's paragraph.

    ``"... brought up as I had been." She shuddered. "The narrowness ..."`` -- an aside
    about the speaker between or after the pieces of one line (narration before the first
    piece is the paragraph's context, handled elsewhere).
    """
    if not text:
        return None
    for qi in t.quotes:
        q = quotes[qi]
        if q.tag_cid is not None or q.tag_pronoun is not None or nominals[qi]:
            return None
    ps, pe = para_spans[t.paragraph]
    found: set[str] = set()
    pos = ps
    for qi in t.quotes:
        q = quotes[qi]
        if q.paragraph != t.paragraph:
            continue
        if q.start - 1 > pos > ps:
            found.update(m.group(1) for m in _ASIDE_PRON.finditer(text[pos : q.start - 1]))
        pos = q.end + 1
    if pe > pos > ps:
        found.update(m.group(1) for m in _ASIDE_PRON.finditer(text[pos:pe]))
    if len(found) != 1:
        return None
    return "male" if found.pop() == "He" else "female"


def salience(mentions: Mentions, narrator: int | None, gender_of) -> tuple[dict, dict]:
    """Each character's mentions relative to the most mentioned one (the first-person
    narrator, whose "I" would swamp the count, counts as the most mentioned) and the most
    mentioned character per gender."""
    counts = Counter(c for c in mentions.cid if c != narrator)
    top = max(counts.values(), default=1)
    sal = {c: v / top for c, v in counts.items()}
    if narrator is not None:
        sal[narrator] = 1.0
    top_g: dict = {}
    for c, _v in counts.most_common():
        top_g.setdefault(gender_of(c), c)
    return sal, top_g


#: a sentence of narration whose subject is "He"/"She" (it opens the sentence)
_SUBJ_PRON = re.compile(r"(?:^|[.!?;]\s+|\n\s*)(He|She)\b")


def protagonists(sal: dict, gender_of, ratio: float = 2.5) -> dict:
    """Gender -> the character mentioned at least ``ratio`` times as often as anyone else
    of that gender (the one the narration follows), where there is one."""
    by_g: dict = {}
    for c in sorted(sal, key=lambda c: -sal[c]):
        by_g.setdefault(gender_of(c), []).append(c)
    out = {}
    for g, cs in by_g.items():
        if g in ("male", "female") and sal[cs[0]] >= 0.1 and (
                len(cs) == 1 or sal[cs[0]] >= ratio * sal[cs[1]]):
            out[g] = cs[0]
    return out


def pronoun_mentions(narr: str, mentions: Mentions, gender_of, protagonist: dict,
                     window: int = 250) -> Mentions:
    """Narration sentences about the protagonist as "He"/"She", as mentions of them.

    The character a novel follows is mostly "she" in its narration and seldom named, so
    counting names alone makes the people around her look more recent than she is. A
    sentence opening with the pronoun of ``protagonist``'s gender (gender -> character,
    see :func:`protagonists`) means them when nobody of that gender is named within
    ``window`` characters before it.
    """
    pos: list[int] = []
    cid: list[int] = []
    for m in _SUBJ_PRON.finditer(narr):
        p = m.start(1)
        g = "male" if m.group(1) == "He" else "female"
        if g not in protagonist:
            continue
        i = mentions.before(p) - 1
        while i >= 0 and mentions.pos[i] >= p - window and gender_of(mentions.cid[i]) != g:
            i -= 1
        if i < 0 or mentions.pos[i] < p - window:
            pos.append(p)
            cid.append(protagonist[g])
    return Mentions(pos, cid)
