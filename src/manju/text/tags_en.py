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
    r"(?:the|his|her|my|their|our|your)\s+(?:(?:old|young|little|other|elder|younger|poor|"
    r"tall|big|fat|stout|first|second|last|new)\s+)?[a-z]+(?:-[a-z]+)?"
)
_PRON = r"he|she|I|they|we|it"
_SPK = rf"(?P<spk>{_NAME}|{_NOM}|{_PRON})"
_ADV = r"(?:[a-z]+ly\s+)?"

_AFTER_VS = re.compile(rf"^[\s,;—–-]*(?P<verb>{VERBS})\s+{_ADV}{_SPK}(?![A-Za-z])")
_AFTER_SV = re.compile(
    rf"^[\s,;—–-]*{_SPK}\s*,?\s+(?P<adv>[a-z]+ly\s+)?(?P<verb>{VERBS})(?![a-z])"
)
_BEFORE_SV = re.compile(
    rf"(?<![A-Za-z]){_SPK}\s+(?P<adv>[a-z]+ly\s+)?(?P<verb>{VERBS})(?![a-z])"
    r"[^.!?\"“”]{0,60}[,:.—–-]?\s*$"
)
_BEFORE_VS = re.compile(rf"(?<![a-z])(?P<verb>{VERBS})\s+{_ADV}{_SPK}[^.!?\"“”]{{0,40}}[,:—–-]?\s*$")

NOT_NAMES = {
    "The", "A", "An", "But", "And", "Then", "Now", "So", "Well", "Oh", "Yes", "No", "It",
    "This", "That", "There", "Here", "When", "What", "Why", "How", "Who", "If", "As", "At",
    "In", "On", "Some", "All", "Everyone", "Everybody", "Somebody", "Someone", "Nobody",
}


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
    while len(toks) > 1 and toks[0] in NOT_NAMES:
        toks.pop(0)
    spk = " ".join(toks)
    if spk.endswith(("'s", "’s")):
        spk = spk[:-2]
    return spk


def tag_after(text: str, pos: int, limit: int) -> Tag | None:
    """A speech tag starting right after a closing quote mark at ``pos`` (before ``limit``)."""
    seg = text[pos : min(limit, pos + 160)]
    for rx in (_AFTER_VS, _AFTER_SV):
        m = rx.match(seg)
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
        m = rx.search(seg)
        if m:
            kind = _classify(_strip_name(m.group("spk")))
            if kind is None:
                continue
            return Tag(_strip_name(m.group("spk")), kind, m.group("verb"), lo + m.start("spk"),
                       lo + m.end("spk"), seg[m.start():])
    return None


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


_SUBJECT = re.compile(rf"(?<![A-Za-z])(?P<spk>{_NAME}|he|she|I)(?![A-Za-z])")
_SENT_START = re.compile(r"[.!?;]\s+|[.!?][\"'’”]\s+")


def tag_introducer(text: str, start: int, end: int) -> Tag | None:
    """The subject of a narration paragraph that introduces the next one's quote.

    "... he proceeded to say, with an air of grave reflection," (ending with a comma or a
    colon) hands the floor to the speaker of the following paragraph. Returns a tag whose
    ``kind`` is ``"pronoun"`` or ``"intro"`` (a name that must already be known).
    """
    if end <= start or text[end - 1] not in ",:—–-":
        return None
    lo = max(start, end - 300)
    seg = text[lo:end]
    cut = 0
    for m in _SENT_START.finditer(seg):
        cut = m.end()
    for m in _SUBJECT.finditer(seg, cut):
        spk = _strip_name(m.group("spk"))
        kind = _classify(spk)
        if kind is None or kind == "nominal":
            continue
        return Tag(spk, "intro" if kind == "name" else kind, "", lo + m.start("spk"),
                   lo + m.end("spk"), seg[cut:])
    return None
