"""English speech tags ("said Mara", "she asked quietly", "the keeper replied") and vocatives."""

from __future__ import annotations

import re
from dataclasses import dataclass

VERBS = (
    "said|says|say|asked|asks|replied|replies|answered|answers|cried|cries|exclaimed|continued|"
    "added|returned|observed|remarked|repeated|whispered|whispers|murmured|muttered|shouted|"
    "yelled|screamed|called|began|interrupted|rejoined|retorted|responded|declared|insisted|"
    "explained|suggested|protested|demanded|inquired|enquired|admitted|agreed|laughed|sighed|"
    "sobbed|groaned|snapped|growled|hissed|gasped|stammered|faltered|pleaded|urged|resumed|"
    "persisted|ventured|assented|went on|broke in|put in|cried out|called out|mused|sneered|"
    "smiled|wept|roared|bellowed|drawled|panted|grumbled|whimpered|moaned|shrieked|thought|"
    "concluded|echoed|objected|pursued|proceeded|corrected|conceded|announced|confessed|"
    "murmurs|asserted|acknowledged|breathed|chuckled|giggled|grinned|nodded|exclaims|"
    "answered|explained|warned|joined in|chimed in|told|spoke|called back|shouted back|"
    "wailed|sang|sang out|snarled|barked|squeaked|lisped|stuttered|blurted|blurted out|"
    "laughs|smiles|sighs|adds|continues|replies|returns|observes|remarks|demands|inquires"
)
_NAME = r"(?:(?:Mr|Mrs|Ms|Dr|St|Mme|Mlle|Rev)\.?\s+)?[A-Z][A-Za-z'’-]+(?:\s+[A-Z][A-Za-z'’-]+){0,2}"
_NOM = (
    r"(?:[Tt]he|[Hh]is|[Hh]er|[Mm]y|[Tt]heir|[Oo]ur|[Yy]our)\s+(?:(?:old|young|little|other|elder|younger|poor|"
    r"tall|big|fat|stout|first|second|last|new)\s+)?(?!(?:with|without|in|at|to|of|on|for|from|by|"
    r"and|but|as|after|before|into|through|again|quickly|slowly|presently|then|now)\b)"
    r"[a-z]+(?:-[a-z]+)?"
)
_PRON = r"he|she|I|they|we|it"
# "the Duchess", "the Mock Turtle": a capitalised description is used as a name
_THE_NAME = rf"the\s+{_NAME}"
_SPK = rf"(?P<spk>{_THE_NAME}|{_NAME}|{_NOM}|{_PRON})"
_ADV = r"(?:[a-z]+ly\s+)?"

_AFTER_VS = re.compile(rf"^[\s,;—–-]*(?P<verb>{VERBS})\s+{_ADV}{_SPK}(?![A-Za-z])")
_AFTER_SV = re.compile(
    rf"^[\s,;—–-]*{_SPK}\s*,?\s+(?P<adv>[a-z]+ly\s+)?(?P<verb>{VERBS})(?![a-z])"
)
_BEFORE_SV = re.compile(
    rf"(?<![A-Za-z]){_SPK}\s+(?P<adv>(?:[a-z]+ly|then|now|also|still|again|at once|at last)\s+)?"
    rf"(?P<verb>{VERBS})(?![a-z])"
    r"[^.!?\"“”]{0,60}[,:.—–-]?\s*$"
)
_BEFORE_VS = re.compile(rf"(?<![a-z])(?P<verb>{VERBS})\s+{_ADV}{_SPK}[^.!?\"“”]{{0,40}}[,:—–-]?\s*$")

NOT_NAMES = {
    "The", "A", "An", "But", "And", "Then", "Now", "So", "Well", "Oh", "Yes", "No", "It",
    "This", "That", "There", "Here", "When", "What", "Why", "How", "Who", "If", "As", "At",
    "In", "On", "Some", "All", "Everyone", "Everybody", "Somebody", "Someone", "Nobody",
}


_DETERMINERS = {"The", "His", "Her", "My", "Their", "Our", "Your"}

# '"I cannot think so," was Emma's calm answer' / 'was then his remark'
_AFTER_POSS = re.compile(
    rf"^[\s,;—–-]*was\s+(?:then\s+|now\s+)?(?P<spk>{_NAME}|his|her)(?:['’]s)?\s+"
    r"(?:[a-z]+\s+){0,2}?(?P<verb>answer|reply|remark|rejoinder|observation|response|"
    r"exclamation|cry|words|question|retort)\b"
)


@dataclass
class Tag:
    """A speech tag next to a quote."""

    speaker: str   # surface form: a name, "he"/"she"/"I"/..., or a nominal like "the keeper"
    kind: str      # "name" | "pronoun" | "nominal"
    verb: str
    start: int
    end: int
    context: str   # the tag text (for emotion cues)


def _classify(spk: str) -> str | None:
    low = spk.lower()
    if not spk:
        return None
    if low in ("he", "she", "i", "they", "we", "it"):
        return "pronoun" if low in ("he", "she", "i") else None
    if spk[0].islower():
        return "nominal"
    first = spk.split()[0]
    if first in NOT_NAMES or spk.rstrip(".") in ("Mr", "Mrs", "Ms", "Dr", "Miss", "St"):
        return None
    return "name"


def _strip_name(spk: str) -> str:
    spk = re.sub(r"\s+", " ", spk.strip()).rstrip("-–—'’")
    toks = spk.split(" ")
    if len(toks) > 1 and toks[0] in _DETERMINERS and toks[-1][:1].islower():
        toks[0] = toks[0].lower()  # "Her father fondly replied"
    if len(toks) > 1 and toks[0] == "the" and toks[1][:1].isupper():
        toks.pop(0)
    while len(toks) > 1 and toks[0] in NOT_NAMES:
        toks.pop(0)
    spk = " ".join(toks)
    if spk.endswith(("'s", "’s")):
        spk = spk[:-2]
    return spk


_INDIRECT = re.compile(r"\s+(?:that|whether|if)\b")


def tag_after(text: str, pos: int, limit: int) -> Tag | None:
    """A speech tag starting right after a closing quote mark at ``pos`` (before ``limit``)."""
    seg = text[pos : min(limit, pos + 160)]
    m = _AFTER_POSS.match(seg)
    if m:
        spk = _strip_name(m.group("spk"))
        spk = {"his": "he", "her": "she"}.get(spk, spk)
        kind = _classify(spk)
        if kind in ("name", "pronoun"):
            return Tag(spk, kind, m.group("verb"), pos + m.start("spk"), pos + m.end("spk"),
                       seg[: m.end()])
    for rx in (_AFTER_VS, _AFTER_SV):
        m = rx.match(seg)
        if m and rx is _AFTER_SV and _INDIRECT.match(seg, m.end()):
            # "Elizabeth replied that it was." reports speech; it tags no quote
            return None
        if m:
            kind = _classify(_strip_name(m.group("spk")))
            if kind is None:
                continue
            sent_end = re.search(r"[.!?;]", seg[m.end():])
            ctx_end = m.end() + (sent_end.start() if sent_end else len(seg) - m.end())
            return Tag(_strip_name(m.group("spk")), kind, m.group("verb"), pos + m.start("spk"),
                       pos + m.end("spk"), seg[:ctx_end])
    return None


def tag_before(text: str, start: int, pos: int) -> Tag | None:
    """A speech tag ending right before an opening quote mark at ``pos`` (after ``start``)."""
    lo = max(start, pos - 200)
    seg = text[lo:pos]
    for rx in (_BEFORE_SV, _BEFORE_VS):
        m = _last_match(rx, seg)
        if m:
            kind = _classify(_strip_name(m.group("spk")))
            if kind is None:
                return None
            return Tag(_strip_name(m.group("spk")), kind, m.group("verb"), lo + m.start("spk"),
                       lo + m.end("spk"), seg[m.start():])
    return None


def _last_match(rx: re.Pattern, seg: str) -> re.Match | None:
    """The match of ``rx`` that starts last in ``seg`` (the tag nearest the quote)."""
    m = rx.search(seg)
    while m is not None:
        nxt = rx.search(seg, m.end("spk"))
        if nxt is None:
            break
        m = nxt
    return m


_VOC_START = re.compile(
    rf"^\W*(?:(?i:oh|my dear|dear|well|yes|no|now|come|why|good morning|good night),?\s+)?"
    rf"(?P<n>{_NAME})\s*[,!?.;—–-]"
)
_VOC_END = re.compile(rf"[,;—–-]\s*(?:(?:my\s+)?dear\s+)?(?P<n>{_NAME})\s*[!?.]*\s*$")
_VOC_MID = re.compile(rf",\s*(?P<n>{_NAME})\s*[,!?]")
_BARE_NAME = re.compile(rf"^\W*{_NAME}\s*[.,]?\s*$")


def vocatives(quote: str) -> list[str]:
    """Names the quote addresses ("Mara, listen" / "Yes, Mr. Crane." / "Father?")."""
    out = []
    if _BARE_NAME.match(quote):  # "Bingley." answers a question; it addresses nobody
        return out
    for rx in (_VOC_START, _VOC_END, _VOC_MID):
        for m in rx.finditer(quote[:300] if rx is not _VOC_END else quote[-300:]):
            n = _strip_name(m.group("n"))
            if n[0].isupper() and n.split()[0] not in NOT_NAMES:
                out.append(n)
    return out


_SUBJECT = re.compile(rf"(?<![A-Za-z])(?P<spk>{_THE_NAME}|{_NAME}|he|she|I|it|they|we)(?![A-Za-z'’])")
_SENT_START = re.compile(
    r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bMme)(?<!\bMlle)"
    r"(?:[.!?;]\s+|[.!?][\"'’”]\s+|[.!?](?:--|—))"
)
_SPEECH_VERB = re.compile(
    rf"\b(?:{VERBS}|saying|crying|calling|exclaiming|replying|asking|adding|answering|"
    r"whispering|observing|speaking|continuing|beginning|say|speak|exclaim|reply|ask|add|"
    r"answer|cry|begin|words)\b"
)
#: a name right after a preposition or a verb is an object, not the subject
_OBJECT_BEFORE = re.compile(
    r"\b(?:to|with|at|by|from|of|on|upon|towards|toward|into|about|than|like|"
    r"after|before|behind|beside|among|between|[a-z]+ing|[a-z]+ed|told|saw|heard|met)\s+$"
)
_NEXT_WORD = re.compile(r"\s+(?:[a-z]+ly\s+)?([a-z]+)")


def tag_introducer(text: str, start: int, end: int) -> Tag | None:
    """The subject of a narration paragraph that introduces the next one's quote.

    "... he proceeded to say, with an air of grave reflection," (ending with a comma or a
    colon) hands the floor to the speaker of the following paragraph: the last subject
    of the last sentence ("Miss Lucas defied her friend ..., she turned to him and said,"
    is "she"). Returns a tag whose ``kind`` is ``"pronoun"`` or ``"intro"`` (a name that
    must already be known).
    """
    if end <= start or text[end - 1] not in ",:—–-":
        return None
    lo = max(start, end - 300)
    seg = text[lo:end]
    cut = 0
    for m in _SENT_START.finditer(seg):
        cut = m.end()
    limit = len(seg)
    for v in _SPEECH_VERB.finditer(seg, cut):
        limit = v.start()  # a clause after the last speech verb ("as he was ...") is aside
    best = None
    for m in _SUBJECT.finditer(seg, cut, limit):
        nw = _NEXT_WORD.match(seg, m.end())
        if nw is not None and nw.group(1) == "and":
            # "Mr. Knightley and Emma settled it": two subjects, no single speaker
            return None
        if _OBJECT_BEFORE.search(seg, max(cut, m.start() - 16), m.start()):
            continue
        if seg[m.end() : m.end() + 2] in ("'s", "’s"):
            continue
        best = m
    if best is None:
        return None
    spk = _strip_name(best.group("spk"))
    kind = _classify(spk)
    if kind is None or kind == "nominal":
        return None
    return Tag(spk, "intro" if kind == "name" else kind, "", lo + best.start("spk"),
               lo + best.end("spk"), seg[cut:])
