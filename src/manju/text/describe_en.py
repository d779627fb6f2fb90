"""Descriptions that stand for a named character ("said the doctor" is Mr. Losberne).

A speech tag such as "said the painter" names nobody, yet a novel often uses one
description over and over for one named person. The text itself tells whom it means:

* an apposition or a by-name in the narration ("Mr. X, a surgeon in the neighbourhood,
  known ... as 'the doctor'", "the artist himself, Basil Hallward", "X is our courier");
* the exchange around the tagged line: the line before it addresses the description's
  speaker by name ("'Why, Nancy!' said the Jew ... 'Am I!' said the girl"), and so does
  the answer after it.

:func:`link_descriptions` weighs that evidence per description and links a description to
a character only when one character clearly wins it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from .cast import Cast
from .dialogue import QuoteInfo
from .letters_en import LOWER, UPPER
from .relations_en import RELATIONS, has_title_bearer, nominal_gender

#: descriptions that fit anyone of an age and sex: whom they mean changes from scene to
#: scene, so they are never linked for the whole book
GENERIC = {
    "man", "woman", "gentleman", "lady", "girl", "boy", "child", "fellow", "person",
    "stranger", "visitor", "youth", "creature", "figure", "lad", "lass", "chap", "other",
    "newcomer", "speaker", "individual", "personage", "voice",
}
#: words for one calling, so that "Mr. X, a surgeon" tells who "the doctor" is
_SYNONYMS = {
    "surgeon": "doctor", "physician": "doctor", "artist": "painter", "parson": "clergyman",
    "curate": "clergyman",
}
#: nouns that tell nothing about who the person is ("the first", "the latter")
_NO_KEY = {"latter", "former", "first", "second", "third", "last", "other", "same", "rest",
           "one", "two", "foremost", "whole", "next"}
_MODS = rf"(?:[{LOWER}]+(?:-[{LOWER}]+)*\s+){{0,3}}?"
_HEAD = rf"([{LOWER}]+(?:-[{LOWER}]+)*)"
#: "Mr. X, a surgeon in the neighbourhood," / "X, the painter." (right after the name)
_APPOS_AFTER = re.compile(
    rf",\s+(?:the|a|an|our|my|their|his|her)\s+{_MODS}{_HEAD}"
    r"(?=\s*[,;.!?]|\s+(?:of|in|at|from|who|whose|with|to)\b)")
#: "the artist himself, Basil Hallward" (right before the name)
_APPOS_BEFORE = re.compile(
    rf"\b(?:the|The)\s+{_MODS}{_HEAD}(?:\s+(?:himself|herself))?,\s+$")
#: "X was a surgeon", "Eugenio's our courier"
_COPULA = re.compile(
    rf"\s*(?:was|is|['’]s)\s+(?:the|a|an|our|my|their)\s+{_MODS}{_HEAD}(?=[\s,;.!?])")
#: "X, ..., known through a circuit of ten miles round as 'the doctor'"
_KNOWN_AS = re.compile(
    r"[^.!?;]{0,80}?\b(?:known|called|nicknamed|styled)\b(?:[^.!?;\"“]{0,50}?\bas)?"
    rf"\s+[\"“‘']?"
    rf"the\s+{_MODS}{_HEAD}")
#: the end of an apposition after a name, no list of names going on
_CLOSES = re.compile(
    rf"\s*(?:,\s+(?:who|whose|whom)\b|,(?!\s+(?:[{UPPER}]|and\b))|\s+(?:who|whose)\b)")
#: "the stranger, whose name was X" / "the stranger, called X"
_NAMED_AFTER = re.compile(
    rf"\b(?:the|The)\s+{_MODS}{_HEAD},?\s+(?:whose\s+name\s+(?:was|is)|"
    r"(?:who\s+was\s+)?(?:called|named))\s+$")


def description_key(form: str) -> str | None:
    """What a descriptive tag is filed under: its head noun ("the good doctor" ->
    "doctor"), or the whole phrase for a description anyone fits ("the young girl")."""
    words = form.lower().split()
    if not words or words[0] != "the" or len(words) < 2:
        return None
    if {"of", "in", "with"} & set(words):
        return None  # "the gentleman in the white waistcoat": a name of its own already
    head = words[-1]
    if head in _NO_KEY or head in RELATIONS or head in GENERIC:
        # "the girl", "the young man": whom they mean changes from scene to scene
        return None
    return _SYNONYMS.get(head, head)


def _key_of(head: str) -> str:
    return _SYNONYMS.get(head, head)


def _text_evidence(text: str, mask: bytearray, mentions, keys: set[str]) -> Counter:
    """``(key, cid)`` -> how often the narration ties description ``key`` to ``cid``."""
    ev: Counter = Counter()

    def add(m: re.Match, cid: int) -> None:
        k = _key_of(m.group(1))
        if k in keys:
            ev[(k, cid)] += 1

    for mn in mentions:
        if mn.cid < 0 or text[max(0, mn.start - 3) : mn.start] == "of ":
            continue  # "the sister of Gregory, the girl with ...": about someone else
        if not mn.in_quote:
            m = _APPOS_AFTER.match(text, mn.end)
            if m and not re.match(r"[^.;]{0,40}?\band\b", text[m.end() : m.end() + 40]):
                add(m, mn.cid)
            m = _KNOWN_AS.match(text, mn.end)
            if m:
                add(m, mn.cid)
            lo = max(0, mn.start - 80)
            m = _NAMED_AFTER.search(text, lo, mn.start)
            if m is None and _CLOSES.match(text, mn.end):
                # "The proprietor, Mr. Turner, asked": an apposition closed after the name
                # (not "On their way to the magistrate, Mr. Bumble instructed")
                m = _APPOS_BEFORE.search(text, lo, mn.start)
            if m and not mask[m.start()] and not re.search(
                    r",\s*$", text[max(0, m.start() - 3) : m.start()]):
                add(m, mn.cid)
        m = _COPULA.match(text, mn.end)
        if m:
            add(m, mn.cid)
    return ev


def link_descriptions(text: str, mask: bytearray, infos: list[QuoteInfo], nominals: list[str],
                      mentions, cast: Cast) -> dict[str, int]:
    """Description key -> the named character the book uses it for (see module doc).

    ``nominals[i]`` is quote ``i``'s descriptive tag ("the doctor") or "". Without the
    narration's word for it, the exchanges must name the description's speaker in at least
    a quarter of its tags.
    """
    keys: Counter = Counter()
    for nm in nominals:
        k = description_key(nm) if nm else None
        if k:
            keys[k] += 1
    if not keys:
        return {}
    votes: dict[str, Counter] = defaultdict(Counter)
    against: dict[str, Counter] = defaultdict(Counter)
    text_ev: dict[str, Counter] = defaultdict(Counter)
    for (k, cid), n in _text_evidence(text, mask, mentions, set(keys)).items():
        text_ev[k][cid] += n
    first: dict[int, int] = {}  # paragraph -> index of its first quote
    for i, q in enumerate(infos):
        first.setdefault(q.paragraph, i)
    for i, nm in enumerate(nominals):
        k = description_key(nm) if nm else None
        if not k:
            continue
        q = infos[i]
        for v in q.vocatives:
            against[k][v] += 1  # the description's speaker talks to v: not v
        # the line before, from someone else, and the answer after address the speaker
        for j in (first.get(q.paragraph - 1), first.get(q.paragraph + 1)):
            if j is None:
                continue
            voc = {v for x in range(j, len(infos) if j > i else i)
                   if infos[x].paragraph == infos[j].paragraph for v in infos[x].vocatives}
            if len(voc) == 1:
                votes[k][voc.pop()] += 1
    out: dict[str, int] = {}
    for k in keys:
        g = nominal_gender(k.split()[-1])
        if has_title_bearer(cast, k):
            continue  # "the count" is Count X: the resolver reads titles already
        score: Counter = Counter()
        for cid in set(text_ev[k]) | set(votes[k]):
            if cast.chars[cid].name.split()[0] in ("The", "A", "An") or (
                    g in ("male", "female") and cast.gender(cid) not in (g, "unknown")):
                continue
            s = 3 * text_ev[k][cid] + votes[k][cid] - 2 * against[k][cid]
            if s > 0:
                score[cid] = s
        if not score:
            continue
        (best, n), *rest = score.most_common()
        second = rest[0][1] if rest else 0
        if text_ev[k][best] and n >= 3 and n >= 2 * second:
            out[k] = best  # the narration ties them, and the exchanges do not deny it
        elif n >= 3 and n >= 3 * sum(x for _, x in rest) and n >= 0.25 * keys[k]:
            out[k] = best  # the exchanges keep calling the description's speaker so
    return out

