"""Forms of address inside English quotations ("Mara, listen", "Yes, Mr. Crane.", "Father?")."""

from __future__ import annotations

import re

from .letters_en import LETTER, LOWER, UPPER
from .names_en import NOT_ABBREV
from .tags_en import _NAME, NOT_NAMES, _strip_name

# "Oh, ...", "Good-bye, ...", then "my dear ...", "dearest ...", "But my dear ..."
_INTERJ = (r"(?:(?i:oh|o|ah|well|yes|no|now|come|why|good morning|good night|good evening|"
           r"good-bye|goodbye|thank you|thanks|hush|hullo|hallo|hello),?\s+)")
_ENDEAR = r"(?:(?i:my\s+)?(?i:dear|dearest|darling|beloved|own\s+dear|poor\s+dear)\s+)"
_PRE = rf"{_INTERJ}?(?:(?i:but|and)\s+(?={_ENDEAR}))?{_ENDEAR}?"
# a full stop after a name, not the one of "Mr." inside it
_NO_ABBR = NOT_ABBREV
_VOC_START = re.compile(rf"^\W*{_PRE}(?P<n>{_NAME})\s*[,!?.;—–-]")
# a dash, not the hyphen of "to Abbey-Mill."
_VOC_END = re.compile(rf"(?:[,;—–]|--|(?<=\s)-)\s*{_ENDEAR}?(?P<n>{_NAME})\s*[!?.]*\s*$")
_VOC_MID = re.compile(rf",\s*(?P<n>{_NAME})\s*[,!?]")
# ", Mrs. Mann. That ...", "monstrous, Miss Schlegel; it isn't right", "my dear Eliza?"
_VOC_MID2 = re.compile(
    rf",\s*{_ENDEAR}?(?P<n>{_NAME})\s*(?:{_NO_ABBR}\.(?=\s+[{UPPER}\"“‘'_]|--|—)|[;:]|--|—)")
_VOC_MID3 = re.compile(rf",\s*{_ENDEAR}(?P<n>{_NAME})\s*[,!?]")
# "... glad to see. Dodger, my dear, open the bundle"
_VOC_SENT = re.compile(rf"(?:{_NO_ABBR}[.!?;]|--|—)\s+{_PRE}(?P<n>{_NAME})\s*,")
# what follows "Name," when the name is the sentence's subject, not the one addressed:
# "Mrs. Grant, I believe, suspects", "Mr. Weston, who had been", "Mr. Lawrence, he's"
_SUBJECT_NEXT = re.compile(
    r"\s*(?:I|we)\s+(?:(?:should|dare|do|really|quite)\s+)?(?:think|believe|suppose|say|"
    r"daresay|fancy|imagine|hear|understand|fear|know|am sure|declare|take it|find|see)\s*[,;]"
)
# "John, the second, is named after", "Mr. Elton, you know, is out of the question": an
# aside after the name, then the verb the name is the subject of
_APPOSITION_NEXT = re.compile(
    r"[^.!?;:\"“”,]{1,40},\s*(?:\(.{0,40}?\)\s*)?(?:is|was|has|had|will|would|can|could|must|"
    r"may|might|shall|should|does|did|seems|seemed|appears|says|said|knows|thinks|are|were)\b"
)
# mid-quote, a sentence opening "Name," goes on as its subject: "Mr. Weston, who had been",
# "Mr. Lawrence, he's wonderful"
_SENT_SUBJECT_NEXT = re.compile(
    r"\s*(?:who|whom|whose|which|and|or|he|she|they|he's|she's|he’s|she’s)\b")
# "my colleague, Dr. Watson, who is ...": a relative clause describes the one named, who
# is introduced, not addressed
_RELATIVE_NEXT = re.compile(r"\s*(?:who|whom|whose|which)\b")
# a quotation inside the quotation ("'Pray, Miss Smith, give me leave'"): its forms of
# address are the quoted person's, not the speaker's
_INNER = re.compile(
    rf"(?:(?<=\s)|^)['‘](?=[{UPPER}])[^'’\"“”]{{1,400}}?[,.!?—-]['’](?![{LETTER}])")
_SAYS = (r"(?:says|said|say|asks|asked|cries|cried|calls|called|answers|answered|replies|"
         r"replied|goes on|went on|exclaims|exclaimed)")
# a speech tag inside the speech closes a quotation in it, its marks kept or lost:
# "Mind, Dorcas,' he says", "Upon my word, Mrs. Norris,' said Mrs. Grant",
# "Ah! Thorpe,  said he"
_INNER_TAG = re.compile(
    rf"[,!?](?:['’]\s+(?:he|she|I|they|we|you)\s+{_SAYS}|['’]?\s+{_SAYS}\s+"
    rf"(?:he|she|I|they|we|you|[{UPPER}][{LOWER}]+|(?:Mr|Mrs|Miss|Dr)\.?\s+[{UPPER}][{LOWER}]+)"
    rf"(?![{LETTER}]))"
)
_INNER_CLOSE = re.compile(r"[.!?,—-]['’](?=\s|$)")
_INNER_OPEN = re.compile(rf"(?<![{LETTER}])['‘](?=[{LETTER}])|\s{{3,}}(?=[{UPPER}])")
_INNER_START = re.compile(r"[.!?;'‘\"“”]|\s{3}")
_OPEN = " \t\n'\"“‘(_*"
_BARE_NAME = re.compile(rf"^\W*{_NAME}\s*[.,]?\s*$")


# a capitalised word that opens a phrase but never a form of address: "And Beaufort--",
# "About Helen?", "Where's Oliver?"; and an oath is no one addressed: "Oh, Lord!"
_NOT_FIRST = set(
    """And But Or Nor For So Yet If When Where Why What Which Who Whom Whose How As At By In On
    Of To Into Onto Upon From With Without Within About After Before Against Among Between
    Than Like Not Only Even Just Also Is Was Are Were Has Had Did Does Do Can Could
    Would Should Must Might Shall The A An This That These Those His Her Their Our Your Its
    Tell Ask See Let Give Send Call Where's What's Who's Here's There's""".split())
_EXCLAIM = {"Lord", "God", "Heaven", "Heavens", "Goodness", "Gracious", "Jove", "Christ", "Jesus",
            "Lor", "Gad", "Dear", "Mercy", "Bless"}


def _addressable(raw: str) -> bool:
    """Whether the words matched as a name can be a form of address at all."""
    toks = raw.split()
    if toks[0] in _NOT_FIRST or toks[0].endswith(("'s", "’s")) or raw.endswith(("'s", "’s")):
        return False  # "Where's Oliver?", "John Cavendish's."
    return not (len(toks) == 1 and toks[0] in _EXCLAIM)


def _inner_spans(quote: str) -> list[tuple[int, int]]:
    """Spans of the quotations inside ``quote`` (whose opening mark may be lost: "Mind,
    Dorcas,' he says" reaches back to the start of its sentence)."""
    spans = [m.span() for m in _INNER.finditer(quote)]
    for m in _INNER_CLOSE.finditer(quote):
        # "Never trust a man, Dorcas, they're not worth it!' I hurried off": back to the
        # opening mark, or to the run of spaces that e-texts leave where they drop one
        lo = max(0, m.start() - 400)
        opened = None
        for b in _INNER_OPEN.finditer(quote, lo, m.start()):
            opened = b.end()
        if opened is not None:
            spans.append((opened, m.end()))
    for m in _INNER_TAG.finditer(quote):
        lo = max(0, m.start() - 150)
        for b in _INNER_START.finditer(quote, lo, m.start()):
            lo = b.end()
        spans.append((lo, m.start() + 1))
    return spans


def vocative_matches(quote: str) -> list[tuple[str, str, int]]:
    """Every form of address in ``quote`` as ``(name, kind, offset)``: ``kind`` says which
    pattern found it ("start", "end", "mid", "mid2", "mid3", "sent") and ``offset`` where
    the name begins in ``quote``."""
    out: list[tuple[str, str, int]] = []
    if _BARE_NAME.match(quote):  # "Bingley." answers a question; it addresses nobody
        return out
    inner = _inner_spans(quote)
    seen: set[int] = set()
    tail = max(0, len(quote) - 300)
    for kind, rx in (("start", _VOC_START), ("end", _VOC_END), ("mid", _VOC_MID),
                     ("mid2", _VOC_MID2), ("mid3", _VOC_MID3), ("sent", _VOC_SENT)):
        lo = tail if rx is _VOC_END else 0
        for m in rx.finditer(quote[lo:]):
            raw = m.group("n")
            at = lo + m.start("n")
            if not _addressable(raw) or any(a <= at < b for a, b in inner):
                continue
            if quote[lo + m.end() - 1] == "," and (
                    _SUBJECT_NEXT.match(quote, lo + m.end())
                    or _APPOSITION_NEXT.match(quote, lo + m.end())
                    or (rx is _VOC_SENT and _SENT_SUBJECT_NEXT.match(quote, lo + m.end()))
                    or _RELATIVE_NEXT.match(quote, lo + m.end())):
                continue
            if (rx is _VOC_START and quote[m.end() - 1] in "?."
                    and not quote[: m.start("n")].strip(_OPEN)):
                continue  # "Harry? He's gone off": an echo of a name, no one called
            n = _strip_name(raw)
            if n[0].isupper() and n.split()[0] not in NOT_NAMES and at not in seen:
                seen.add(at)
                out.append((n, kind, at))
    return out


def vocatives(quote: str) -> list[str]:
    """Names the quote addresses ("Mara, listen" / "Yes, Mr. Crane." / "Father?")."""
    return [n for n, _, _ in vocative_matches(quote)]


#: kinship words that address the one person who stands in that relation to the speaker
#: ("Yes, papa.", "My dear aunt, ...") and the gender each implies
KIN_WORDS = {
    "mother": "female", "mamma": "female", "mama": "female", "mammy": "female",
    "father": "male", "papa": "male", "grandmother": "female", "grandmamma": "female",
    "grandma": "female", "granny": "female", "grandfather": "male", "grandpapa": "male",
    "grandpa": "male", "aunt": "female", "auntie": "female", "aunty": "female", "uncle": "male",
}
_KIN = r"(?P<k>(?i:" + "|".join(sorted(KIN_WORDS, key=len, reverse=True)) + r"))"
# "my" only with an endearment: a bare "My father," opens a sentence the tag cuts ("My
# father," he said, "is in his bath")
_KIN_PRE = rf"{_INTERJ}?(?:(?i:but|and)\s+)?{_ENDEAR}?"
_KIN_RX = (
    re.compile(rf"^\W*{_KIN_PRE}{_KIN}\s*(?:[,!?;—–]|--|\.(?!\w))"),
    re.compile(rf"(?:[,;—–]|--)\s*{_ENDEAR}?{_KIN}\s*(?:[,!?;—–]|--|\.(?!\w)|$)"),
    re.compile(rf"(?:[.!?]|--|—)\s+{_KIN_PRE}{_KIN}\s*,"),
)


def kin_vocatives(quote: str) -> list[str]:
    """Kinship words the quote addresses someone by ("No, papa, nobody thought", "Mother!",
    "my dear aunt"), lower-cased; not those of a quotation inside it."""
    if _BARE_NAME.match(quote):
        return []
    inner = _inner_spans(quote)
    out: list[str] = []
    for rx in _KIN_RX:
        for m in rx.finditer(quote):
            at = m.start("k")
            k = m.group("k").lower()
            if any(a <= at < b for a, b in inner) or k in out:
                continue
            nxt = quote[m.end("k"):m.end("k") + 1]
            if nxt == "'" or nxt == "’":
                continue  # "mother's"
            out.append(k)
    return out
