"""English pipeline: names, speech tags and vocatives feeding the shared attribution."""

from __future__ import annotations

import re
from collections import Counter

from .age_en import age_hints
from .attribution_en import attribute_english
from .cast import Cast
from .describe_en import description_key, link_descriptions
from .dialogue import Mentions, QuoteInfo
from .groups_en import GROUP_WORDS, group_epithets
from .names_en import NOT_ABBREV, STOP, TITLES, build_cast, scan_names, title_gender, title_of
from .quotes import Paragraph, Quote
from .relations_en import nominal_gender
from .scene_en import SceneNames
from .tags_en import Tag, tag_after, tag_before, tag_introducer
from .vocatives_en import KIN_WORDS, kin_vocatives, vocatives

_PRON_GENDER = {"he": "male", "she": "female", "i": "narrator"}
_BAD_HEADS = {
    "other", "late", "first", "same", "latter", "former", "one", "two", "rest", "whole", "last",
    "next", "voice", "words", "answer", "reply", "question", "thing", "way", "more", "most",
    "old", "young", "little", "poor", "new", "second", "elder", "younger", "tall", "big",
}
_SENT_BREAK = re.compile(NOT_ABBREV + r"[.!?]\s+[A-Z]")
_DETAIL = re.compile(r"\s(?:in|with|of)\sthe\s")
_INDEFINITE = {"a", "an", "one", "another"}
_CTX_PRON = re.compile(r"(He|She)\b")
_NARR_I = re.compile(r"(?<![A-Za-z])I(?![A-Za-z'’])")


def norm_form(form: str) -> str:
    """Normalise a surface name: collapse spaces, ``Mr`` -> ``Mr.``."""
    toks = form.split()
    if toks and toks[0] in ("Mr", "Mrs", "Ms", "Dr", "St", "Mme", "Mlle", "Rev"):
        toks[0] += "."
    return " ".join(toks)


def analyze_english(
    text: str, paras: list[Paragraph], quotes: list[Quote], cast: Cast
) -> tuple[list[QuoteInfo], Mentions, int | None]:
    """Find names, tags and vocatives and attribute every quote.

    Returns the quote infos (speakers filled in), the mentions and the narrator id.
    """
    mask = bytearray(len(text))
    for q in quotes:
        mask[q.start : q.end] = b"\x01" * (q.end - q.start)

    infos: list[QuoteInfo] = []
    tags: list[Tag | None] = []
    tagged: Counter = Counter()
    for i, q in enumerate(quotes):
        p = paras[q.paragraph]
        nxt = quotes[i + 1].start - 1 if i + 1 < len(quotes) and quotes[i + 1].paragraph == q.paragraph else p.end
        prv = quotes[i - 1].end + 1 if i > 0 and quotes[i - 1].paragraph == q.paragraph else p.start
        tag = tag_after(text, q.end + (0 if q.unclosed else 1), nxt) if not q.unclosed else None
        if not q.continued and (tag is None or (nxt != p.end and _leads_on(text, tag, nxt))):
            # '"We live near," Margaret said ... he said, "Thank you."': a tag that leads
            # into the next quotation belongs to it when this one has its own before it
            before = tag_before(text, prv, q.start - 1)
            gap = text[prv : q.start - 1].strip()
            if before is None and gap and (
                    prv == p.start or _SENT_BREAK.search(text, prv, q.start - 1)
                    # '"I hope so." Margaret checked herself and said, "Yes"'
                    or (text[prv - 2] in ".!?" and gap[0].isupper())):
                # '"A," said Rachael. He let them fall, and said, as he laughed, "B"':
                # the last sentence before the quotation introduces it
                before = tag_introducer(text, prv, _rstrip_end(text, prv, q.start - 1))
            tag = before or tag
        if (tag is None and not q.continued and q.paragraph > 0 and prv == p.start
                and not text[p.start : q.start - 1].strip()):
            pp = paras[q.paragraph - 1]
            tag = tag_introducer(text, pp.start, pp.end)
        tags.append(tag)
        if tag is not None and tag.kind == "name":
            tagged[norm_form(tag.speaker)] += 1
        infos.append(QuoteInfo(q.start, q.end, q.paragraph, continued=q.continued))

    epithets = group_epithets(text)
    for k, tag in enumerate(tags):
        if (tag is not None and tag.kind == "name" and tag.speaker in GROUP_WORDS
                and tag.speaker not in epithets):
            # "said the Englishman": a description, unless the book's by-name for one man
            tagged[norm_form(tag.speaker)] -= 1
            tag.speaker, tag.kind = "the " + tag.speaker.lower(), "nominal"
        if (tag is not None and tag.kind == "name" and " " not in tag.speaker
                and tag.speaker.endswith("s") and not tag.speaker.endswith(("ss", "us", "is"))
                and text.startswith(("the ", "The "), tag.start)):
            # "said the Schlegels": a family, no one speaker
            tagged[norm_form(tag.speaker)] -= 1
            tags[k] = None
    tagged = +tagged
    tag_tokens = {t for f in tagged for t in f.split()}
    mentions, counts = scan_names(text, mask, tag_tokens)
    kept = build_cast(text, mentions, counts, tagged, cast)
    cast.age_hints.update(age_hints(text, kept, cast))
    _surface_aliases(text, cast)
    narrator = None
    i_tags = sum(1 for t in tags if t is not None and t.speaker == "I")
    if i_tags >= 2 or (i_tags >= 1 and len(_NARR_I.findall(text[:50000])) > 50):
        narrator = cast.lookup("I")
        if narrator is None:
            narrator = cast.add("Narrator", ["I"])

    scene = SceneNames(cast, mentions)
    nominals = [""] * len(infos)
    for k, (info, tag, q) in enumerate(zip(infos, tags, quotes, strict=True)):
        if tag is not None and tag.kind == "anonymous":
            # "came a voice from the hall": someone unnamed speaks, no one known
            info.anonymous, info.tag_pos, info.tag_text = True, tag.start, tag.context
        elif tag is not None:
            info.tag_pos = tag.start
            info.tag_text = tag.context
            if tag.kind == "pronoun":
                info.tag_pronoun = _PRON_GENDER.get(tag.speaker.lower())
                if info.tag_pronoun in ("male", "female"):
                    info.tag_gender = info.tag_pronoun
            elif tag.kind == "intro":
                info.tag_cid = _lookup_name(norm_form(tag.speaker), cast)
            else:
                info.tag_cid = _resolve_form(tag.speaker, tag.kind, cast, text)
                if tag.kind == "nominal" and (tag.speaker.lower().split()[0] in _INDEFINITE
                                              or _DETAIL.search(tag.speaker)):
                    # "said a girl opposite", "the man with the black beard": someone
                    # unnamed, not anyone named before
                    pass
                elif tag.kind == "nominal" and _head(tag.speaker) not in _BAD_HEADS:
                    nominals[k] = tag.speaker.lower()
            g: str | None
            if tag.kind == "nominal":
                g = nominal_gender(_head(tag.speaker))
            else:
                g = cast.gender(info.tag_cid) if info.tag_cid is not None else None
            if g in ("male", "female"):
                info.tag_gender = g
        p = paras[q.paragraph]
        if k == 0 or quotes[k - 1].paragraph != q.paragraph:
            m = _CTX_PRON.match(text, p.start, q.start)
            if m:
                info.ctx_pronoun = _PRON_GENDER[m.group(1).lower()]
        for v in vocatives(text[q.start : q.end]):
            form = norm_form(v.title() if v.isupper() else v)  # "MARILLA, can I go?"
            # "Charles" when two men share the name: the one in the scene
            cid = scene.resolve(form, _lookup_name(form, cast), q.start)
            if cid is not None and cid not in info.vocatives:
                info.vocatives.append(cid)
        for word in kin_vocatives(text[q.start : q.end]):
            # "Yes, papa.": the parent (aunt, ...) present in the scene
            cid = scene.kin(word, KIN_WORDS[word], q.start)
            if cid is not None and cid not in info.vocatives:
                info.vocatives.append(cid)

    links = link_descriptions(text, mask, infos, nominals, mentions, cast)
    for k, nm in enumerate(nominals):
        key = description_key(nm) if nm else None
        cid = links.get(key) if key is not None else None
        if cid is not None:
            # "said the doctor" where the book calls one named man "the doctor"
            infos[k].tag_cid, nominals[k] = cid, ""
            if infos[k].tag_gender is None and cast.gender(cid) in ("male", "female"):
                infos[k].tag_gender = cast.gender(cid)
    ment_pos = [mn.start for mn in mentions if mn.cid >= 0 and not mn.in_quote]
    ment_cid = [mn.cid for mn in mentions if mn.cid >= 0 and not mn.in_quote]
    for mn in mentions:
        if mn.cid >= 0:
            cast.chars[mn.cid].mentions += 1
    ments = Mentions(ment_pos, ment_cid)
    for info, tag in zip(infos, tags, strict=True):
        if tag is not None and tag.kind == "nominal" and tag.speaker in ("the latter", "the former"):
            info.tag_cid = _latter_former(tag, ments)
    if narrator is not None and cast.chars[narrator].name == "Narrator":
        real = _narrator_identity(infos, ments, cast)
        if real is not None:
            cast.alias(real, "I")
            cast.by_form["I"] = real
            cast.chars[narrator].aliases.remove("I")
            narrator = real
    ments_attr = ments
    if narrator is not None:
        ments_attr = _with_narrator(ments, narrator, text, mask)
    attribute_english(infos, nominals, ments_attr, cast, [(p.start, p.end) for p in paras],
                      narrator, text)
    return infos, ments, narrator


def _leads_on(text: str, tag: Tag, nxt: int) -> bool:
    """Whether only ", " / ": " lies between the tag and the next quotation at ``nxt``."""
    gap = text[tag.end : nxt]
    return len(gap) < 40 and gap.rstrip().endswith((",", ":")) and "." not in gap


def _rstrip_end(text: str, lo: int, hi: int) -> int:
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return hi


def _with_narrator(ments: Mentions, narrator: int, text: str, mask: bytearray) -> Mentions:
    """``ments`` plus the narration's "I" as mentions of the first-person narrator."""
    extra = [m.start() for m in _NARR_I.finditer(text) if not mask[m.start()]]
    if not extra:
        return ments
    merged = sorted([(p, c) for p, c in zip(ments.pos, ments.cid, strict=True)]
                    + [(p, narrator) for p in extra])
    return Mentions([p for p, _ in merged], [c for _, c in merged])


def _surface_aliases(text: str, cast: Cast) -> None:
    """Add the forms the text really uses: names are kept as "Mrs. Musgrove", but a book
    may write "Mrs Musgrove"."""
    for cid, c in enumerate(cast.chars):
        for a in list(c.aliases):
            toks = a.split(" ", 1)
            if len(toks) == 2 and toks[0].endswith(".") and toks[0][:-1] in _PERIOD_TITLES:
                bare = f"{toks[0][:-1]} {toks[1]}"
                if bare not in c.aliases and bare in text:
                    cast.alias(cid, bare)


_PERIOD_TITLES = {"Mr", "Mrs", "Ms", "Dr", "St", "Mme", "Mlle", "Rev"}


def _latter_former(tag: Tag, ments: Mentions) -> int | None:
    """Whom "the latter" / "the former" in a tag means: the last / the one before of the
    two people named just before it."""
    names: list[int] = []
    for c in reversed(ments.between(tag.start - 400, tag.start)):
        if c not in names:
            names.append(c)
        if len(names) == 2:
            break
    if len(names) < 2:
        return None
    return names[0] if tag.speaker == "the latter" else names[1]


def _narrator_identity(infos: list[QuoteInfo], ments: Mentions, cast: Cast) -> int | None:
    """The character a first-person narrator is, from how others address them.

    Others call the narrator by name ("Come, Hastings"), but the narration itself says
    "I": the narrator is the person most often addressed who is (almost) never named
    outside the quotations.
    """
    voc: Counter = Counter(v for q in infos for v in q.vocatives)
    nar = Counter(ments.cid)
    score: dict[int, int] = {}
    for c, n in voc.items():
        toks = cast.chars[c].name.split()
        if all(t.rstrip(".") in TITLES for t in toks) or toks[0] in ("The", "A", "An"):
            continue
        s = n - 3 * nar[c]
        if s > 0:
            score[c] = s
    if not score:
        return None
    best = max(score, key=lambda c: score[c])
    second = max((v for c, v in score.items() if c != best), default=0)
    if score[best] >= 5 and score[best] >= 1.5 * second:
        return best
    return None


def _lookup_name(form: str, cast: Cast) -> int | None:
    cid = cast.lookup(form)
    if cid is not None:
        return cid
    toks = form.split()
    if toks and toks[0].rstrip(".") in TITLES and len(toks) > 1:
        cid = cast.lookup(" ".join(toks[1:]))
        if cid is not None:
            return cid
    if len(toks) > 1:
        for t in (toks[-1], toks[0]):
            cid = cast.lookup(t)
            if cid is not None:
                return cid
    return None


#: the pronoun that next refers back to a description in the narration ("The child, who was
#: diminutive for his years")
_NEXT_PRONOUN = re.compile(r"[^.!?\"“”]{0,80}?\b(he|his|him|himself|she|her|herself)\b", re.I)


def _description_gender(text: str, low: str) -> str:
    """The sex of an unsexed description ("the child", "the stranger") by the pronouns that
    follow it in the narration: two or more votes, all one way."""
    votes: Counter = Counter()
    for m in re.finditer(rf"\b{re.escape(low)}\b", text, re.I):
        pm = _NEXT_PRONOUN.match(text, m.end())
        if pm:
            votes["male" if pm.group(1).lower() in ("he", "his", "him", "himself") else "female"] += 1
    if len(votes) == 1 and sum(votes.values()) >= 2:
        return next(iter(votes))
    return "unknown"


def _head(nominal: str) -> str:
    """The head noun of a description: "gentleman" in "the gentleman in the white waistcoat"."""
    return _DETAIL.split(nominal.lower(), 1)[0].split()[-1]


def _resolve_form(form: str, kind: str, cast: Cast, text: str = "") -> int | None:
    if kind == "nominal":
        low = form.lower()
        if low.split()[0] in ("his", "her", "my", "their", "our", "your"):
            return None
        if _head(low) in _BAD_HEADS:
            return None
        cid = cast.lookup(low)
        if cid is None:
            noun = _head(low)
            g = nominal_gender(noun)
            if g == "unknown" and text:
                g = _description_gender(text, low)
            cid = cast.add(low[0].upper() + low[1:], gender=g)
            cast.alias(cid, low)
        return cid
    form = norm_form(form)
    cid = _lookup_name(form, cast)
    if cid is not None:
        return cid
    if form.split()[0] in STOP and title_of(form) is None:
        return None
    return cast.add(form, gender=title_gender(title_of(form)))
