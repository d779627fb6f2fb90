"""The narration around the lines of an English exchange: who in it is someone.

A beat of narration between two lines tells who acts (and so who speaks next), keeps
silent or answers in reported speech; a capitalised word after a comma in a quote is a
person addressed only if the text shows it is someone; and an unnamed voice ("said a
voice from the garden") is often named by the narration right after it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from .dialogue import Mentions, QuoteInfo
from .givennames_en import FEMALE_NAMES, MALE_NAMES, NICKNAMES
from .resolve_en import Scene

#: a verb of speech: narration that introduces a line rather than an action of its own
SPEECH = re.compile(r"\b(?:said|says|say|asked|asks|replied|replies|answered|cried|exclaimed"
                    r"|continued|went on|added|repeated|returned|rejoined|remarked|observed"
                    r"|whispered|muttered|murmured|called|shouted|began|resumed|inquired"
                    r"|enquired|told|declared|interrupted|retorted|spoke)\b")


#: a wordless answer that takes its turn in the exchange ("Mr. Darcy bowed.")
WORDLESS = re.compile(r"\b(?:nodded|bowed|shook (?:his|her) head|said nothing|was silent"
                      r"|made no (?:answer|reply)|shrugged|did not (?:answer|reply)|obeyed"
                      r"|assented|smiled assent)\b")


#: a paragraph that says outright that someone answered nothing ("Cohn said nothing.")
_SILENT = re.compile(r"\b(?:said nothing|was silent|made no (?:answer|reply)"
                     r"|did not (?:answer|reply)|assented)\b")


#: an answer told by the narration ("She replied in the affirmative.")
_NARRATED = re.compile(r"^\s*\S+(?: \S+)?\s+(?:replied|answered|agreed|assented)\b")


#: a verb that tells someone's words in the narration ("he enquired", "she said that")
REPORTED = re.compile(r"\b(?:said|asked|enquired|inquired|suggested|proposed|replied"
                      r"|answered|observed|remarked|explained|promised|declared|thanked"
                      r"|told|mumbled|murmured|to ask|to say)\b")


def narrated(seg: str) -> bool:
    """``seg`` is a paragraph telling, not quoting, its subject's answer; one that ends on
    ":" or "," introduces the next line instead."""
    return bool(_NARRATED.search(seg)) and seg.rstrip()[-1:] in ".!;"


def silent(text: str, lo: int, hi: int) -> bool:
    """``text[lo:hi]`` is a short paragraph of someone keeping silent, with no speech verb."""
    seg = text[lo:hi]
    if len(seg.strip()) >= 90:
        return False
    return narrated(seg) or (bool(_SILENT.search(seg)) and not SPEECH.search(_SILENT.sub("", seg)))


#: given names: whoever bears one is a person
GIVEN = FEMALE_NAMES | MALE_NAMES | set(NICKNAMES)
#: a name opening a sentence of the narration and followed by its verb ("Rachael was
#: waiting."): the name is someone who acts
_ACTS = re.compile(r"(?:[A-Z][\w'’-]*\.?\s+){0,3}?[A-Z][\w'’-]*\s+(?:[a-z]+ly\s+)?"
                   r"(?!of\b|and\b|or\b|in\b|to\b)[a-z]+")
_OPENS = re.compile(r"(?:^|[.!?:;]\s*[\"”’']?|\n)\s*$")


def person_vocatives(quotes: list[QuoteInfo], keep: list[bool], narrator: int | None,
                     text: str, mentions: Mentions, cast_names: list[str]) -> None:
    """Drop forms of address that are no one: "La Scala, hum!" is a capitalised word
    after a comma, a person only when the text shows it is someone -- a speech tag or a
    gender (``keep``), the narrator, called so more than once, or the subject opening a
    sentence of the narration."""
    called = Counter(v for q in quotes for v in q.vocatives)
    verdict: dict[int, bool] = {}

    def person(c: int) -> bool:
        if keep[c] or c == narrator or called[c] >= 2:
            return True
        if any(t in GIVEN for t in cast_names[c].split()):
            return True  # "Paul, is there any truth in this?"
        if c not in verdict:
            verdict[c] = any(
                _ACTS.match(text, p) is not None and _OPENS.search(text, max(0, p - 4), p) is not None
                for p, cc in zip(mentions.pos, mentions.cid, strict=True) if cc == c)
        return verdict[c]

    for q in quotes:
        q.vocatives = [v for v in q.vocatives if person(v)]


def acting(k: int, turns: list, quotes: list[QuoteInfo], mentions: Mentions, para_spans,
           adjacent: Callable[[Any, Any], bool]) -> bool:
    """Whether a short narration between turn ``k-1`` and ``k`` names only the people
    talking and hands turn ``k`` to one of them by name: "Tom drew a line in the dust,
    and said:" goes on with the same exchange (the lines after it alternate with the
    other party from before it)."""
    a, b = turns[k - 1], turns[k]
    if quotes[b.quotes[0]].tag_cid is None:
        return False
    if not 2 <= b.first - a.paragraph <= 6:  # (a web-novel layout puts each sentence apart)
        return False
    # the narration between, and the lead-in of the turn's own paragraph
    lo, hi = para_spans[a.paragraph + 1][0], quotes[b.quotes[0]].start
    if hi - lo > _BEAT_CHARS:
        return False
    talking = {a.speaker}
    if k > 1 and adjacent(turns[k - 2], a):
        talking.add(turns[k - 2].speaker)
    named = set(mentions.between(lo, hi))
    return bool(named) and named <= talking


#: the longest narration (characters) between two turns that still only sets the scene
_BEAT_CHARS = 600


def revealed(k: int, turns: list, quotes: list[QuoteInfo], sc: Scene, mentions: Mentions,
             para_spans, own: set[int]) -> int | None:
    """Who an unnamed voice turns out to be: the one person the narration right after it
    names ("'Fanny,' said a voice. Looking up, she saw Edmund himself." / "... said a
    voice from the garden. ¶ It was Mrs. Wilcox.") -- not anyone who spoke just before
    or is addressed."""
    t = turns[k]
    at = next(i for i, qi in enumerate(t.quotes) if quotes[qi].anonymous)
    lo = quotes[t.quotes[at]].end
    hi = para_spans[quotes[t.quotes[at]].paragraph][1]
    if at + 1 < len(t.quotes):
        hi = min(hi, quotes[t.quotes[at + 1]].start)
    nxt = turns[k + 1].first if k + 1 < len(turns) else len(para_spans)
    if at + 1 == len(t.quotes) and nxt > t.paragraph + 1 and t.paragraph + 1 < len(para_spans):
        a, b = para_spans[t.paragraph + 1]
        if b - a < 300:  # a short narration paragraph after it
            hi = b
    seen = dict.fromkeys(c for c in mentions.between(lo, min(hi, lo + 400))
                         if c not in own and c not in (sc.s1, sc.s2))
    return next(iter(seen)) if len(seen) == 1 else None
