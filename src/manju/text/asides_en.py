"""Small cues from the narration around English lines: pronoun asides and book-wide salience.

Used by :mod:`.attribution_en`: a narration beat or aside that names nobody still tells the
gender of whom it is about ("There was a smile on her face."), and the characters a book
mentions most speak most of its lines.
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
