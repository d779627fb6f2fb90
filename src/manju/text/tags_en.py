"""English speech tags ("said Mara", "she asked quietly", "the keeper replied") and vocatives."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .letters_en import LETTER, LOWER, UPPER
from .names_en import NOT_ABBREV, STOP, TITLES
from .relations_en import PERSON_NOUNS, person_noun

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
    "laughs|smiles|sighs|adds|continues|replies|returns|observes|remarks|demands|inquires|"
    "piped|corroborated|subjoined|interposed|proclaimed|supplied|opined|ejaculated|interjected|"
    "hazarded|stated|queried|quoth|commented|reasoned|remonstrated|expostulated|vociferated|"
    "cautioned|coaxed|entreated|implored|begged|commanded|reiterated|chorused|pronounced|"
    "affirmed|averred|lamented|complained|mumbled|tittered|jeered|scoffed|taunted|howled|"
    "thundered|boomed|blustered|spluttered|sputtered|croaked|quavered|grunted|sniffed|"
    "gushed|babbled|prompted|reminded|volunteered|offered|counselled|soothed|"
    "screeched|squealed|simpered|stormed|fumed|raved|gabbled|burst out|struck in|cut in|"
    "hooted|flashed|interpreted|apologised|apologized|intervened|chaffed|proposed|questioned|"
    "rapped out|piped up|spoke up"
)
# a capitalised word; a hyphen joins word parts ("Frog-Footman"), a dash ("Emma--quite") does not
_WORD = rf"[{UPPER}][{LETTER}'’]+(?:-[{LETTER}'’]+)*(?![{LETTER}'’]|-[{LETTER}])"
_PARTICLES = r"(?:(?:van|von|de|du|der|den|la|le|des|di|da|del|ten|ter)\s+){0,2}"
_NAME = (rf"(?:(?:Mr|Mrs|Ms|Dr|St|Mme|Mlle|Rev)\.?\s+{_PARTICLES})?{_WORD}"
         rf"(?:\s+{_PARTICLES}{_WORD}){{0,2}}")
# words that end a description ("the old man in a low voice", "the girl who ...")
_NOM_STOP = (
    r"(?:with|without|in|at|to|of|on|for|from|by|and|or|nor|but|as|after|before|into|through|"
    r"upon|over|under|again|then|now|who|whom|whose|that|which|when|while|where|was|were|is|"
    r"had|has|did|does|would|could|should|will|shall|might|must|not|too|very|quite|rather|"
    r"so|just|only|still|even|once|almost|he|she|it|they|we|you|him|her|them|me|us|his|its|"
    r"their|my|our|your|himself|herself|themselves|a|an|the|this|that|these|those|there|here|"
    r"said|says|say|also|aloud|back|out|up|down|off|away|twice|soon|afterwards|never|ever|"
    r"always|somewhat|perhaps|next|outside|inside|some|all|both|one|presently|instantly|"
    r"placing|putting|taking|laying|turning|looking|behind|ahead|beside|near|below|above|"
    r"within|opposite|across|along|beyond)\b"
)
# "the old man", "the red-faced gentleman", "the eminently practical father", "his wife":
# up to three modifiers, then the head noun (no adverb, no participle)
_NOM_BODY = (
    rf"(?:(?!{_NOM_STOP})[{LOWER}]+(?:-[{LOWER}]+)*\s+){{0,3}}"
    rf"(?!{_NOM_STOP})(?![{LOWER}]+(?:ly|ing)\b)[{LOWER}]+(?:-[{LOWER}]+)*"
)
# "the gentleman in the white waistcoat", "the man with the black beard": a telling detail
_NOM_PP = (r"(?:\s+(?:in|with|of)\s+the\s+"
           r"(?!(?:air|manner|tone|voice|utmost|same|greatest|least|most|whole|rest)\b)"
           rf"(?:(?!{_NOM_STOP})[{LOWER}]+(?:-[{LOWER}]+)*\s+){{0,2}}"
           rf"(?!{_NOM_STOP})(?:[{LOWER}]+(?:-[{LOWER}]+)*|[{UPPER}][{LOWER}]+)(?![{LETTER}'’-]))?")
_NOM = rf"(?:[Tt]he|[Hh]is|[Hh]er|[Mm]y|[Tt]heir|[Oo]ur|[Yy]our)\s+{_NOM_BODY}{_NOM_PP}"
# "said a girl opposite": someone new (only right after the verb; "after a minute's
# silence burst out" is no speaker)
_INDEF = rf"(?:a|an|one|another)\s+{_NOM_BODY}"
#: "said a loud voice", "a minute's silence": a sound, no new person
_NOT_PERSON = {"voice", "voices", "silence", "time", "moment", "pause", "sound", "cry", "shout",
               "whisper", "murmur", "laugh", "smile", "look", "glance", "tone", "minute"}
_PRON = r"he|she|I|they|we|it"
# "the Duchess", "the Mock Turtle": a capitalised description is used as a name
_THE_NAME = rf"the\s+{_NAME}"
# "said the unsympathetic Marilla", "replied the poet Syme": a description before a name
_FUNC = (r"(?:to|with|without|in|at|of|on|for|from|by|and|or|but|as|after|before|into|upon|"
         r"who|whom|whose|that|which|when|while|was|is|had|has|his|her|their|its|said|"
         r"a|an|the|then|now|not|so|again|also|still)\b")
_CAP_FUNC = r"(?:The|A|An|It|This|That|There|Then|But|And|I|He|She|We|They)\b"
_DESC_NAME = (rf"the\s+(?:(?!{_FUNC})[{LOWER}]+(?:-[{LOWER}]+)?\s+){{1,3}}(?=[{UPPER}])"
              rf"(?!{_CAP_FUNC}){_NAME}")
_SPK = rf"(?P<spk>{_THE_NAME}|{_DESC_NAME}|{_NAME}|{_NOM}|{_PRON})"
_ADV = r"(?:[a-z]+ly\s+)?"

# "Winsett had once said", "Blanche would say"
_AUX = r"(?:(?:had|would)\s+(?:once\s+|often\s+|then\s+)?)?"
_AFTER_VS = re.compile(
    rf"^[\s,;—–-]*(?:[a-z]+ly\s+|then\s+|again\s+)?(?P<verb>{VERBS})\s+{_ADV}"
    rf"(?:{_SPK}|(?P<indef>{_INDEF}))(?![{LETTER}])"
)
_AFTER_SV = re.compile(
    rf"^[\s,;—–-]*{_SPK}\s*,?\s+{_AUX}(?P<adv>(?:[a-z]+ly|thus|then|at length|at last)\s+)?"
    rf"(?P<verb>{VERBS})(?![a-z])"
)
_BEFORE_SV = re.compile(
    rf"(?<![{LETTER}]){_SPK}\s+{_AUX}"
    r"(?P<adv>(?:[a-z]+ly|then|now|also|still|again|at once|at last|thus|at length)\s+)?"
    rf"(?P<verb>{VERBS})(?![a-z])"
    r"[^.!?\"“”]{0,60}[,:.—–-]?\s*$"
)
# "Fielding, who didn't dislike Miss Derek, replied:": an aside between a sentence's
# subject and its speech verb
_ASIDE_CH = r"[^,;\"“”.!?]|(?<=\bMr)\.|(?<=\bMrs)\.|(?<=\bDr)\.|(?<=\bSt)\."
_BEFORE_ASIDE = re.compile(
    rf"(?:^|(?<!Mr)(?<!Mrs)(?<!Ms)(?<!Dr)(?<!St)(?<!\b[{UPPER}])[.!?;]\s+|[.!?][\"“”’]\s+|"
    r"\b(?:and|while|then|but)\s+)"
    rf"(?P<spk>{_THE_NAME}|{_NAME}|[Hh]e|[Ss]he)(?:\s*,\s*[a-z](?:{_ASIDE_CH}){{0,80}}){{1,3}},"
    r"(?:\s+and)?\s+(?P<adv>(?:[a-z]+ly|then|now|also|still|again|at once|at last)\s+)?"
    rf"(?P<verb>{VERBS})(?![a-z])"
    r"[^.!?\"“”]{0,60}[,:.—–-]?\s*$"
)
_SAY_FORMS = (r"say|saying|said|cry|crying|call|calling|call out|add|adding|reply|replying|"
              r"exclaim|exclaiming|whisper|whispering|mutter|muttering|murmur|murmuring|"
              r"sing|singing|ask|asking|answer|answering|observe|observing|remark|remarking|"
              r"begin|beginning|shout|shouting|opine|continue|continuing")
_TAG_END = r"[^.!?\"“”]{0,60}[,:—–-]\s*$"
# "she heard Miss Bates saying," (not "heard him say": the pronoun is no sentence subject)
_BEFORE_HEARD = re.compile(
    rf"\b(?:heard|hear|hearing|overheard|overhearing)\s+(?P<spk>{_THE_NAME}|{_NAME})"
    rf"\s+(?:[a-z]+ly\s+|next\s+|then\s+)?(?P<verb>{_SAY_FORMS})\b{_TAG_END}"
)
# "stopped by Sir Thomas's saying with authority,"
_BEFORE_POSS_ING = re.compile(
    rf"(?<![{LETTER}])(?P<spk>{_THE_NAME}|{_NAME})['’]s\s+(?:[a-z]+ly\s+)?"
    rf"(?P<verb>saying|asking|exclaiming|crying|calling out|adding|replying|answering|"
    rf"observing|remarking|whispering|beginning)\b{_TAG_END}"
)
# "She was met by Lydia, who, flying to her, cried"
_BEFORE_WHO = re.compile(
    rf"(?<![{LETTER}])(?P<spk>{_THE_NAME}|{_NAME})\s*,\s*who\b(?:{_ASIDE_CH}|,){{0,160}}?"
    rf"(?<=[ ,])(?P<verb>{VERBS})(?![a-z]){_TAG_END}"
)
_BEFORE_VS = re.compile(rf"(?<![a-z])(?P<verb>{VERBS})\s+{_ADV}{_SPK}[^.!?\"“”]{{0,40}}[,:—–-]?\s*$")

NOT_NAMES = {
    "The", "A", "An", "But", "And", "Then", "Now", "So", "Well", "Oh", "Yes", "No", "It",
    "This", "That", "There", "Here", "When", "What", "Why", "How", "Who", "If", "As", "At",
    "In", "On", "Some", "All", "Everyone", "Everybody", "Somebody", "Someone", "Nobody",
    "One", "Another", "Each", "Both", "Several", "Many", "Few", "None",
}


#: abbreviated titles that never stand alone for a person ("muttered Mlle. under her breath")
_BARE_TITLES = {"Mr", "Mrs", "Ms", "Dr", "Miss", "St", "Mme", "Mlle", "Messrs"}

_SENT_ADVERBS = {
    "Again", "Still", "Yet", "Perhaps", "Indeed", "Presently", "Suddenly", "Meanwhile",
    "Afterwards", "Instantly", "Immediately", "Thus", "Once", "Finally", "Later", "Soon",
    "Starting", "Turning", "Looking", "Seeing", "Hearing", "Rising", "Laughing", "Smiling",
}
_DETERMINERS = {"The", "His", "Her", "My", "Their", "Our", "Your"}

# '"I cannot think so," was Emma's calm answer' / 'was then his remark'
_AFTER_POSS = re.compile(
    rf"^[\s,;—–-]*was\s+(?:then\s+|now\s+)?(?P<spk>{_NAME}|his|her)(?:['’]s)?\s+"
    r"(?:[a-z]+\s+){0,2}?(?P<verb>answer|reply|remark|rejoinder|observation|response|"
    r"exclamation|cry|words|question|retort|comment|verdict|greeting|summing|explanation|"
    r"suggestion|advice|protest|salutation|farewell|inquiry|enquiry|query|opinion|judgment|"
    r"contribution|conclusion|ejaculation|whisper|murmur|rebuke|reproach|objection)\b"
)


@dataclass
class Tag:
    """A speech tag next to a quote."""

    speaker: str   # surface form: a name, "he"/"she"/"I"/..., or a nominal like "the keeper"
    kind: str      # "name" | "pronoun" | "nominal" | "intro" | "anonymous"
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
        head = re.split(r"\s(?:in|with|of)\sthe\s", low, maxsplit=1)[0].split()[-1]
        if len(low.split()) > 1 and head.endswith("s") and not head.endswith(("ss", "us", "is")):
            return None  # "the two elder ladies", "the heavy hinges": no one speaker
        return "nominal"
    first = spk.split()[0]
    if len(spk.split()) == 1 and spk in _SENT_ADVERBS:
        return None  # "Again, she ...": no name
    if first in NOT_NAMES or spk.rstrip(".") in _BARE_TITLES:
        return None
    return "name"


def _strip_name(spk: str) -> str:
    spk = re.sub(r"\s+", " ", spk.strip()).rstrip("-–—'’")
    toks = spk.split(" ")
    if len(toks) > 1 and toks[0] in _DETERMINERS and toks[-1][:1].islower():
        toks[0] = toks[0].lower()  # "Her father fondly replied"
    if len(toks) > 1 and toks[0] == "the" and toks[1][:1].isupper():
        toks.pop(0)
    elif len(toks) > 2 and toks[0] == "the" and toks[-1][:1].isupper() and not (
            {"of", "in", "with", "the"} & set(toks[1:])):  # "the landlord of the Cripples"
        # "the unsympathetic Marilla": the name, not the description
        while toks[0][:1].islower():
            toks.pop(0)
    while len(toks) > 1 and toks[0] in NOT_NAMES:
        toks.pop(0)
    while (len(toks) > 1 and toks[0] in STOP and toks[0].rstrip(".") not in TITLES
           and toks[1][:1].isupper()):
        toks.pop(0)  # "Presently Adela said": an adverb opening the sentence
    spk = " ".join(toks)
    if spk.endswith(("'s", "’s")):
        spk = spk[:-2]
    return spk


def _verb_off(spk: str) -> str:
    """"the old servant hesitated" -> "the old servant": a verb after a person noun ends the
    description."""
    toks = spk.split()
    if len(toks) >= 3 and toks[-1].endswith("ed") and person_noun(toks[-2]):
        return " ".join(toks[:-1])
    return spk


_INDIRECT = re.compile(r"\s+(?:that|whether|if)\b")


#: someone the text does not say: "came a voice from the hall", "someone said", "a voice
#: cried", "said a voice behind them"
_ANON = (r"(?:someone|somebody|some\s+one|(?:a|another|one)\s+(?:[a-z]+\s+){0,2}?voice"
         r"|voices|(?:a|another)\s+(?:[a-z]+\s+){0,2}?(?:shout|cry|call|whisper))(?![a-z])")
_AFTER_ANON = re.compile(
    rf"^[\s,;—–-]*(?:(?:[a-z]+ly\s+|then\s+)?(?:{VERBS}|came)\s+{_ADV}(?P<a>{_ANON})"
    rf"|(?P<b>{_ANON})\s+{_AUX}(?:[a-z]+ly\s+)?(?:{VERBS}|came)(?![a-z]))"
)


def tag_after(text: str, pos: int, limit: int) -> Tag | None:
    """A speech tag starting right after a closing quote mark at ``pos`` (before ``limit``);
    an unnamed voice ("came a voice from the hall") is a tag of kind ``"anonymous"``."""
    seg = text[pos : min(limit, pos + 160)]
    m = _AFTER_ANON.match(seg)
    if m:
        g = "a" if m.group("a") is not None else "b"
        return Tag(m.group(g), "anonymous", "", pos + m.start(g), pos + m.end(g), seg[: m.end()])
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
            g = "spk" if m.group("spk") is not None else "indef"
            spk = _verb_off(_strip_name(m.group(g)))
            kind = _classify(spk)
            near = re.findall(r"[a-z]+", seg[m.start(g) : m.start(g) + 50])[:6]
            if kind is None or (g == "indef" and _NOT_PERSON & set(near)):
                # "cried a loud, hoarse voice": the words after the article name a sound
                continue
            sent_end = re.search(r"[.!?;]", seg[m.end():])
            ctx_end = m.end() + (sent_end.start() if sent_end else len(seg) - m.end())
            return Tag(spk, kind, m.group("verb"), pos + m.start(g), pos + m.end(g),
                       seg[:ctx_end])
    return None


def tag_before(text: str, start: int, pos: int) -> Tag | None:
    """A speech tag ending right before an opening quote mark at ``pos`` (after ``start``)."""
    lo = max(start, pos - 200)
    seg = text[lo:pos]
    for rx in (_BEFORE_SV, _BEFORE_VS, _BEFORE_ASIDE, _BEFORE_WHO, _BEFORE_HEARD,
               _BEFORE_POSS_ING):
        m = _last_match(rx, seg) if rx is not _BEFORE_ASIDE else rx.search(seg)
        if m and rx is _BEFORE_ASIDE and m.start() == 0 and lo > start:
            m = None  # the window starts mid-sentence: no sentence subject in sight
        if m:
            spk = _strip_name(m.group("spk"))
            kind = _classify(spk)
            if kind is None:
                return None
            return Tag(spk, kind, m.group("verb"), lo + m.start("spk"), lo + m.end("spk"),
                       seg[m.start():])
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


_SUBJECT = re.compile(
    rf"(?<![{LETTER}])(?P<spk>{_THE_NAME}|{_NAME}|he|she|I|it|they|we)(?![{LETTER}'’])")
_SENT_START = re.compile(
    NOT_ABBREV + r"(?:[.!?;]\s+|[.!?][\"'’”]\s+|[.!?](?:--|—))"
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
#: a subject right after one of these opens a subordinate clause ("where she sat",
#: "saw that he was afraid", "as if she was"): not the one who speaks once it is closed
_SUBORD_BEFORE = re.compile(
    r"\b(?:where|wherever|who|whom|when|whenever|that|which|as|while|whilst|until|till|if|"
    r"though|although|because|since|than|whether|once|unless)\s+(?:[a-z]+ly\s+)?$"
)
#: "Miss Bates's saying", "his voice saying", "heard her saying": who is saying it
_POSS_SPEECH = re.compile(
    rf"(?<![{LETTER}])(?:(?P<spk>{_THE_NAME}|{_NAME})(?:(?<=['’]s)|['’]s)|(?P<pron>his|her|him))\s+"
    r"(?:[a-z]+ly\s+)?(?:(?:own\s+)?voice\b\s*(?:[,:—–-]\s*)?)?$"
)
_POSS_PRON = {"his": "he", "him": "he", "her": "she"}
#: the clause has a verb of its own before a comma closes it ("where she sat,")
_CLOSED_CLAUSE = re.compile(r"\s+[a-z][^,;:—–]*[,;:—–]")


#: common irregular verbs in the past: "The old woman took his hand and said"
_PAST = (r"took|stood|sat|came|went|got|gave|held|ran|rose|put|drew|made|shook|threw|"
         r"broke|spoke|began|left|kept|caught|struck|swung|sprang|bent|knelt|laid|led|"
         r"lit|saw|felt|found|heard|let|set|thought|told|brought|bit|hid|stole|woke|wrote")
_ING_NEXT = re.compile(r"\s+(?:[a-z]+ly\s+)?[a-z]+ing\b")
#: a description that opens a sentence ("The old man finally looked up and said,")
_DESC_SUBJECT = re.compile(
    rf"\s*(?P<spk>The\s+(?:(?!{_NOM_STOP})[{LOWER}]+(?:-[{LOWER}]+)*\s+){{0,3}}?"
    rf"(?:{PERSON_NOUNS}))(?=\s+(?:[a-z]+ly\s+)?(?:[a-z]+ed|{_PAST})\b)")
#: a short sentence that only says someone starts to speak
_SPEAKS_UP = re.compile(
    rf"\s*(?:{_THE_NAME}|{_NAME}|he|she|He|She)\s+(?:[a-z]+ly\s+)?(?:then\s+)?"
    r"(?:began|continued|went on|resumed|spoke|added|replied|answered|cried|exclaimed|"
    r"observed|remarked|broke out|burst out|spoke up|went on again)"
    r"(?:\s+(?:again|first|at last|at once|thus|as follows|in reply|in return|aloud|"
    r"(?!nothing)[a-z]+ing|[a-z]+ly))?\s*\.?$"
)


def tag_introducer(text: str, start: int, end: int) -> Tag | None:
    """The subject of a narration paragraph that introduces the next one's quote.

    "... he proceeded to say, with an air of grave reflection," (ending with a comma or a
    colon) hands the floor to the speaker of the following paragraph: the last subject
    of the last sentence ("Miss Lucas defied her friend ..., she turned to him and said,"
    is "she"). Returns a tag whose ``kind`` is ``"pronoun"`` or ``"intro"`` (a name that
    must already be known).
    """
    if end <= start or not (text[end - 1] in ",:—–-." or text[end - 1].isalpha()):
        return None
    lo = max(start, end - 300)
    seg = text[lo:end]
    cut = 0
    for m in _SENT_START.finditer(seg):
        cut = m.end()
    # "Mrs. Norris began scolding." / "Tom Bertram began again" (no stop at all)
    if text[end - 1] not in ",:—–-" and (not _SPEAKS_UP.match(seg, cut) or any(
            c in seg[max(0, cut - 4) : cut] for c in "\"“”'’")):
        # only "Mrs. Norris began scolding." / "Mrs. Hurst began again." hand over the floor
        return None
    limit = len(seg)
    for v in _SPEECH_VERB.finditer(seg, cut):
        limit = v.start()  # a clause after the last speech verb ("as he was ...") is aside
    # "..., exclaiming" belongs to the nearest clause, "..., and said" to the main one
    finite = limit < len(seg) and not re.match(r"\w+ing\b", seg[limit:])
    best = sub = None
    pm = _POSS_SPEECH.search(seg, cut, limit)
    if pm is not None and (not finite or limit == len(seg)):
        # "roused by Miss Bates's saying," / "she could hear his voice saying,": the
        # owner of the saying speaks, whoever the sentence is about
        spk = _POSS_PRON.get(pm.group("pron")) or _strip_name(pm.group("spk"))
        kind = _classify(spk)
        if kind in ("name", "pronoun"):
            g = "spk" if pm.group("spk") else "pron"
            return Tag(spk, "intro" if kind == "name" else kind, "", lo + pm.start(g),
                       lo + pm.end(g), seg[cut:])
    desc = _DESC_SUBJECT.match(seg, cut, limit)
    for m in _SUBJECT.finditer(seg, cut, limit):
        nw = _NEXT_WORD.match(seg, m.end())
        if nw is not None and nw.group(1) == "and":
            # "Mr. Knightley and Emma settled it": two subjects, no single speaker
            return None
        if _OBJECT_BEFORE.search(seg, max(cut, m.start() - 16), m.start()):
            continue
        if seg[m.end() : m.end() + 2] in ("'s", "’s"):
            continue
        if ((desc is not None or best is not None) and m.group("spk").endswith(("'s", "’s"))
                and not _ING_NEXT.match(seg, m.end())):
            # "Mary took Jack's hand and said": an owner after the subject is no subject
            # ("without Mr. Woodhouse's giving a sigh, and saying" is)
            continue
        if (finite and _SUBORD_BEFORE.search(seg, max(cut, m.start() - 16), m.start())
                and _CLOSED_CLAUSE.match(seg, m.end(), limit)):
            # "He raised his eyes to where she stood, ..., and said": the clause closes
            # before the speech verb, whose subject is the main clause's ("till Thomas,
            # turning round, said" is still open: its verb comes after the comma)
            sub = m
            continue
        best = m
    best = best or sub
    if best is None or _classify(_strip_name(best.group("spk"))) is None:
        # "The new boy stepped over promptly, and said:": a description opening the
        # sentence is its subject when no name or pronoun is
        dm = desc
        if (dm is not None and _classify(dm.group("spk").lower()) == "nominal"
                and person_noun(dm.group("spk").lower().split()[-1])):
            spk = dm.group("spk")
            return Tag(spk[0].lower() + spk[1:], "nominal", "", lo + dm.start("spk"),
                       lo + dm.end("spk"), seg[cut:])
        return None
    spk = _strip_name(best.group("spk"))
    kind = _classify(spk)
    if kind is None or kind == "nominal":
        return None
    return Tag(spk, "intro" if kind == "name" else kind, "", lo + best.start("spk"),
               lo + best.end("spk"), seg[cut:])


def vocatives(quote: str) -> list[str]:
    """Names the quote addresses; see :mod:`manju.text.vocatives_en` (their new home)."""
    from .vocatives_en import vocatives as find

    return find(quote)
