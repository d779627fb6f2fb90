"""Who a speech tag's pronoun or description means ("he said", "replied his wife").

The English attribution pass (:mod:`manju.text.attribution_en`) hands each tagged turn a
:class:`Scene` -- the exchange so far, who was mentioned recently, the narration with the
quotations blanked out -- and these resolvers pick the character the tag points at.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .cast import Cast
from .dialogue import Mentions, QuoteInfo, _Turn
from .relations_en import (
    RELATIONS,
    fits_age,
    married_title,
    narrated_relative,
    nominal_gender,
    related_character,
    titled_character,
)
from .salience_en import ABBREV, pronoun_first, topic


def _unknown_gender(cid: int) -> str:
    return "unknown"


@dataclass
class Scene:
    """What the attribution needs to know around one turn."""

    s1: int | None   # speaker of the previous turn of the same exchange
    s2: int | None   # speaker of the turn before that
    recent: list[int]  # characters by recency (speakers and narration mentions)
    #: cid -> gender as "he"/"she" can mean it ("narrator" for "I"); set by the caller
    gender: Callable[[int], str] = _unknown_gender
    voc1: tuple = ()   # whom the previous turn of the exchange addressed by name
    pp_narr: bool = False  # the paragraph just before is narration only
    text: str = ""
    narr: str = ""  # the text with quotations blanked out
    subj: list | None = None  # per mention: is it the subject of its sentence
    #: set by :func:`resolve_pronoun` to the pronoun's gender when only the alternation of
    #: the exchange chose among people of that gender (a guess the learned ranker may revise)
    weak: str = ""
    #: cid -> where (character offset) each recent person was last named or spoke
    seen: dict = field(default_factory=dict)
    start: int = 0  # where the turn's paragraph begins
    #: gender -> where someone of that gender is first named in the text
    first: dict = field(default_factory=dict)

    def present(self, c: int, window: int) -> bool:
        """Whether ``c`` was named or spoke within ``window`` characters before the turn."""
        return self.start - self.seen.get(c, -window - 1) <= window


#: a narration beat opening with its subject pronoun ("He rose up.", "I did as he asked.")
BEAT_PRON = re.compile(r"\s*(He|She|I)\b")
#: the gender each opening pronoun of :data:`BEAT_PRON` gives its subject
BEAT_GENDER = {"He": "male", "She": "female", "I": "narrator"}
_SENT_END = re.compile(ABBREV + r"[.!?][\"'’”)]*\s")


#: paragraphs before a narration paragraph whose running topic it may go on with
_BACK = 4


def last_sentence(text: str, a: int, b: int) -> int:
    """Start of the last sentence of ``text[a:b]``."""
    start = a
    for m in _SENT_END.finditer(text, a, max(a, b - 2)):
        start = m.end()
    return start


def resolve_pronoun(g: str, tag_pos: int, t: _Turn, sc: Scene, mentions: Mentions,
                     cast: Cast, para_spans) -> int | None:
    sc.weak = ""
    ps = para_spans[t.paragraph][0]
    if 0 <= tag_pos < ps:
        # the tag is the subject of a narration paragraph that introduces this one ("Then
        # she remarked, rather confidentially to Katharine:"): read that paragraph
        p = t.paragraph
        while p > 0 and para_spans[p][0] > tag_pos:
            p -= 1
        ps = para_spans[p][0]
    here = [c for c in mentions.between(ps, tag_pos) if sc.gender(c) == g]
    if here:
        if sc.narr:
            # the subject of the narration before the tag, not its first object; a
            # pronoun there before any name ("This moved him deeply. He had expected ...
            # Mr. Fielding") goes on about someone from before the paragraph
            outer = None
            if pronoun_first(sc.narr, ps, tag_pos, g, mentions, sc.gender):
                outer = _resolve_outside(g, t, sc, mentions, para_spans, cast)
            c = topic(sc.narr, ps, tag_pos, g, mentions, sc.gender, start=outer)
            if c is not None:
                if c != outer:
                    sc.weak = ""  # the narration named the speaker, not the turn-taking
                return c
        sc.weak = ""
        return here[0]
    # "He noticed that his wife was very pale. 'Oh, no,' she exclaimed"
    c = _relative(g, ps, tag_pos, sc, mentions, cast)
    if c is not None:
        return c
    return _resolve_outside(g, t, sc, mentions, para_spans, cast)


def _relative(g: str, lo: int, hi: int, sc: Scene, mentions: Mentions, cast: Cast) -> int | None:
    """The character a "his wife"-like phrase of gender ``g`` in narration ``[lo, hi)`` means."""
    def owner_of(og: str, pos: int) -> int | None:
        c = topic(sc.narr, lo, pos, og, mentions, sc.gender)
        return c if c is not None else next(
            (x for x in [sc.s2, sc.s1, *sc.recent] if x is not None and sc.gender(x) == og), None)

    return narrated_relative(sc.narr, lo, hi, g, cast, sc.recent, owner_of) if sc.narr else None


def _resolve_outside(g: str, t: _Turn, sc: Scene, mentions: Mentions,
                     para_spans, cast: Cast) -> int | None:
    """Who "he"/"she" means when the paragraph names nobody of that gender before it."""
    # "What a library you have, Mr. Darcy!" -- "It ought to be good," he replied.
    for v in sc.voc1:
        if v != sc.s1 and sc.gender(v) == g:
            return v
    if sc.pp_narr:
        # the subject of the narration just before ("Elizabeth was struck with ... Lady
        # Catherine ..." -- "He must be an oddity," said she.)
        a, b = para_spans[t.paragraph - 1]
        if sc.narr:
            # "She was pleased to find Miss Fairfax ..." goes on about the woman of before
            outer = None
            if pronoun_first(sc.narr, a, b, g, mentions, sc.gender) \
                    and any(sc.gender(x) == g for x in mentions.between(a, b)):
                lo = para_spans[max(0, t.paragraph - 1 - _BACK)][0]
                outer = topic(sc.narr, lo, a, g, mentions, sc.gender)
            c = topic(sc.narr, a, b, g, mentions, sc.gender, start=outer)
            if c is None:
                c = _relative(g, a, b, sc, mentions, cast)
            if c is not None:
                return c
        a = max(a, last_sentence(sc.text, a, b))
        prev = [c for c in mentions.between(a, b) if sc.gender(c) == g]
        if prev:
            return prev[0]
    s1g = sc.s1 is not None and sc.gender(sc.s1) == g
    s2g = sc.s2 is not None and sc.gender(sc.s2) == g
    if s2g and sc.s2 != sc.s1:
        sc.weak = g
        return sc.s2
    if s1g:
        return sc.s1
    known = [c for c in sc.recent if sc.gender(c) == g]
    if known:
        return known[0]
    unknown = [c for c in sc.recent if sc.gender(c) == "unknown" and c != sc.s1]
    return unknown[0] if unknown else None


#: a description of someone who has just come on the scene
_NEWCOMER = {"stranger", "newcomer", "new-comer", "visitor", "intruder"}
_NEW = {"new", "strange", "unknown"}


def resolve_nominal(form: str, q: QuoteInfo, t: _Turn, sc: Scene, mentions: Mentions,
                     cast: Cast, para_spans) -> int | None:
    words = form.split()
    head = words[-1]
    g = nominal_gender(head)
    if head in _NEWCOMER or any(w in _NEW for w in words[:-1]):
        # "said the new boy", "the stranger": someone not met before, no one named
        return None
    if words[0] in ("his", "her"):
        owner_g = "male" if words[0] == "his" else "female"
        # "My dear Mr. Bennet," said his lady: the owner is the person addressed
        owners = [v for v in q.vocatives if sc.gender(v) == owner_g]
        # "How stupidly you talk!" said his sister -- after Freddy's line: whose sister
        # answers him
        if sc.s1 is not None and sc.gender(sc.s1) == owner_g:
            owners.append(sc.s1)
        first = resolve_pronoun(owner_g, q.tag_pos, t, sc, mentions, cast, para_spans)
        if first is not None:
            owners.append(first)
        owners += [c for c in sc.recent[:8] if sc.gender(c) == owner_g]
        rel = RELATIONS.get(head)
        if rel is not None:
            for who in dict.fromkeys(owners):
                cid = related_character(cast, who, rel, g, sc.recent)
                if cid is not None:
                    return cid
            if rel in ("spouse", "parent"):
                cid = married_title(cast, g, sc.recent, {sc.s1})
                if cid is not None:
                    return cid
        owner = owners[0] if owners else None
        for c in ([sc.s1, sc.s2] if sc.s1 != owner else [sc.s2, sc.s1]) + sc.recent:
            if c is not None and c != owner and (g == "unknown" or sc.gender(c) == g):
                return c
        return None
    if words[0] in ("my", "our", "your", "their"):
        return None
    titled = titled_character(cast, head, sc.recent)
    if titled is not None:
        return titled
    if g == "unknown":
        return None
    ps = para_spans[t.paragraph][0]
    here = [c for c in mentions.between(ps, q.tag_pos)
            if sc.gender(c) == g and fits_age(cast, c, words)]
    if here:
        return here[0]
    # "said the old gentleman" with nobody of his gender named before it in the paragraph
    # means whom "said he" would
    c = resolve_pronoun(g, q.tag_pos, t, sc, mentions, cast, para_spans)
    if c is not None and (c == sc.s1 or not fits_age(cast, c, words)):
        # a description answers the line before rather than goes on with it ("That's a
        # notion," said the other man): someone else of that gender
        other = [x for x in sc.recent
                 if x != sc.s1 and sc.gender(x) == g and fits_age(cast, x, words)]
        if other:
            return other[0]
    return c
