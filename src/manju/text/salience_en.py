"""Who "he" or "she" means in English narration: a running topic per gender.

Each narration sentence has a subject, roughly its first reference to a person. A name
there makes that character the topic of its gender; a pronoun there ("She did not fancy
Mrs. Blewett.") keeps the topic, so that a later object of the same gender does not take
it over. ``"Well," she said`` after such narration means the topic, not the last woman
named.
"""

from __future__ import annotations

import re

from .dialogue import Mentions, QuoteInfo
from .names_en import NOT_ABBREV

#: a period after a title or an initial ("M. Riviere", "Col. Brandon"; not "said I.") ends no sentence
ABBREV = NOT_ABBREV
_SENT = re.compile(ABBREV + r"[.!?;:]+[\"'’”)]*\s+|\n\s*\n")
_PRON = re.compile(r"\b(he|she|his|her|him|hers|himself|herself)\b", re.IGNORECASE)
#: sentence openers that start a clause or phrase before the subject ("To see Mary, he ...",
#: "When Mary had gone, she ...")
_OPENER = re.compile(
    r"\s*[\"'“‘(]*(?:to|after|when|whenever|as|if|though|although|while|before|since|because|"
    r"unless|until|till|once|with|without|having|seeing|on|at|in|for|from|like|upon|of|"
    r"during|instead|besides|despite|but\s+for)\b[^,;:]{0,80},",
    re.IGNORECASE)
#: a name followed by whose relation it is ("Millie, her lymphatic maid,"): the "her" is
#: the topic, and the name is no subject that takes the topic over
_KIN_APPOS = re.compile(r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3},\s+(?:his|her)\s+[^,;.!?]{1,40},")
_PRON_G = {"he": "male", "his": "male", "him": "male", "himself": "male",
           "she": "female", "her": "female", "hers": "female", "herself": "female"}


def blank_quotes(text: str, quotes: list[QuoteInfo]) -> str:
    """``text`` with every quotation (marks included) replaced by spaces."""
    parts: list[str] = []
    pos = 0
    for q in quotes:
        a, b = max(pos, q.start - 1), min(len(text), q.end + 1)
        if a < pos or b <= a:
            continue
        parts.append(text[pos:a])
        parts.append(" " * (b - a))
        pos = b
    parts.append(text[pos:])
    return "".join(parts)


def topic(narr: str, lo: int, hi: int, g: str, mentions: Mentions, gender_of,
          start: int | None = None) -> int | None:
    """The character of gender ``g`` that narration ``narr[lo:hi]`` is about at ``hi``.

    ``start`` is the topic before ``lo``. Returns None when no sentence names a subject of
    that gender and ``start`` is None; an object of that gender is used only then.
    """
    top = start
    obj = None
    i = mentions.before(lo)
    n = len(mentions.pos)
    s = lo
    bounds = [m.end() for m in _SENT.finditer(narr, lo, hi)] + [hi]
    for e in bounds:
        if e <= s:
            continue
        op = _OPENER.match(narr, s, e)
        s0 = op.end() if op else s
        m = _PRON.search(narr, s0, e)
        ppos = m.start() if m else e
        first = True
        while i < n and mentions.pos[i] < e:
            c = mentions.cid[i]
            if mentions.pos[i] >= s and gender_of(c) == g:
                if first and s0 <= mentions.pos[i] < ppos and not _KIN_APPOS.match(narr, mentions.pos[i]):
                    top = c
                else:
                    obj = c
            if mentions.pos[i] >= s0 and mentions.pos[i] < ppos:
                first = False
            i += 1
        s = e
    return top if top is not None else obj


def subject_flags(narr: str, mentions: Mentions) -> list[bool]:
    """For each mention, whether it is the subject of its sentence (its first reference)."""
    flags = [False] * len(mentions.pos)
    i = 0
    n = len(mentions.pos)
    s = 0
    for e in [m.end() for m in _SENT.finditer(narr)] + [len(narr)]:
        if i >= n:
            break
        if mentions.pos[i] < e:
            m = _PRON.search(narr, s, mentions.pos[i])
            if m is None:
                flags[i] = True
            while i < n and mentions.pos[i] < e:
                i += 1
        s = e
    return flags


def pronoun_first(narr: str, lo: int, hi: int, g: str, mentions: Mentions, gender_of) -> bool:
    """Whether ``narr[lo:hi]`` refers to someone of gender ``g`` by a pronoun before any name.

    ``He had expected them to come with Mr. Fielding.`` -- the "he" of such narration means
    someone from before it, not a person it names later.
    """
    i = mentions.before(lo)
    first = hi
    while i < len(mentions.pos) and mentions.pos[i] < hi:
        if gender_of(mentions.cid[i]) == g:
            first = mentions.pos[i]
            break
        i += 1
    for m in _PRON.finditer(narr, lo, first):
        if _PRON_G[m.group(1).lower()] == g:
            return True
    return False
