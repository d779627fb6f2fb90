"""Character profiles: rough age and appearance phrases found near their mentions."""

from __future__ import annotations

import re
from collections import Counter

from .cast import Cast

# ------------------------------------------------------------------ appearance phrases (en)
#: colour words a garment or hair can be said to be
_EN_COLOUR = (
    r"(?:black|jet|ebony|white|snowy|ivory|cream|beige|grey|gray|ash|slate|charcoal|dark|"
    r"silver|silvery|brown|chocolate|russet|bronze|tan|khaki|camel|fawn|red|scarlet|crimson|"
    r"vermilion|cherry|ruby|maroon|burgundy|wine|claret|pink|rose|rosy|salmon|magenta|"
    r"fuchsia|orange|tangerine|rust|amber|yellow|lemon|canary|mustard|saffron|ochre|gold|"
    r"golden|green|emerald|jade|lime|olive|sage|teal|turquoise|aqua|cyan|blue|cobalt|"
    r"sapphire|azure|navy|indigo|purple|violet|plum|lilac|lavender|mauve|fair|flaxen|blonde?|"
    r"sandy|auburn|ginger|copper|chestnut|brunette|hazel)"
)
#: what the text can say someone wears or looks like
_EN_NOUN = (
    r"(?:(?:over|great|top|rain|trench|pea)?coats?|parkas?|anoraks?|jackets?|windbreakers?|"
    r"cloaks?|capes?|mantles?|mackintosh|suits?|tuxedos?|blazers?|tailcoats?|uniforms?|"
    r"livery|robes?|kimonos?|hanfu|cassocks?|vestments|kaftans?|caftans?|togas?|dress(?:es)?|"
    r"gowns?|frocks?|skirts?|sundress|qipao|cheongsam|saris?|hoodies?|sweatshirts?|shirts?|"
    r"t-shirts?|blouses?|sweaters?|jumpers?|cardigans?|pullovers?|tunics?|turtlenecks?|"
    r"clothes|clothing|outfits?|attire|garb|finery|hats?|bonnets?|caps?|shawls?|scarf|scarves|"
    r"ties|tie|neckties?|cravats?|sash(?:es)?|ribbons?|veils?|aprons?|waistcoats?|boots|"
    r"gloves|shoes|trousers|spectacles|glasses|hair|locks|curls|braids?|plaits|ponytail|"
    r"tresses|eyes|beard|moustache|mustache|whiskers)"
)
#: words that open a description: a determiner, possessive or "in"/"wore" ("in a red coat",
#: "her fair hair", "wore black robes")
_EN_OPEN = (
    r"(?:a|an|the|his|her|their|my|your|our|its|in|wore|wearing|with|had|has|and|no|some|"
    r"pair\s+of)"
)
_EN_STOP = (
    r"(?:a|an|the|his|her|their|my|your|our|its|this|that|with|in|on|of|and|or|but|was|were|"
    r"is|had|has|wore|wearing|he|she|it|they|we|i|you|me|us|them|him|to|from|by|at|for|off|"
    r"up|down|into|over|under|through|across|behind|about|will|would|might|may|must|can|"
    r"could|should|shall|not|did|does|do|never)"
)
#: words that end the clause a garment or hair is the subject of
_EN_BREAK = r"(?:they|he|she|it|i|we|you|and|but|or|until|when|while|as|if|because|so|then)"
_EN_MOD = rf"(?:(?!{_EN_STOP}\b)[a-z]+(?:-[a-z]+)*\s+)"
_EN_TAIL = (
    # "a gown of deep purple velvet", "her gown that night was emerald green"
    rf"(?:\s+of\s+(?!{_EN_STOP}\b)(?:[a-z]+\s+){{0,2}}?{_EN_COLOUR}\b(?:\s+{_EN_COLOUR}\b)?"
    rf"|,\s+{_EN_COLOUR}\s+(?:as|like)\b"
    rf"|(?:\s+(?!{_EN_BREAK}\b)[a-z]+){{0,3}}?\s+(?:was|were|is)\s+(?:a\s+|all\s+)?(?:[a-z]+\s+)?{_EN_COLOUR}\b"
    rf"(?:\s+{_EN_COLOUR}\b)?)?"
)
_EN_LOOK = re.compile(
    rf"\b{_EN_OPEN}\s+({_EN_MOD}{{0,3}}{_EN_NOUN}\b{_EN_TAIL})"
    rf"|\b((?:{_EN_COLOUR}|long|short|curly)-(?:haired|eyed))\b"
    rf"|\b((?:dressed|clad|clothed|garbed|attired|all)\s+(?:all\s+|entirely\s+)?in\s+"
    rf"(?:[a-z]+\s+)?{_EN_COLOUR})\b"
)
#: "the man in the grey coat": someone the text has not named
_PEOPLE = (r"(?:man|woman|men|women|boy|girl|stranger|figure|person|people|fellow|lady|"
           r"gentleman|one|other|others)")
_EN_UNNAMED = re.compile(
    rf"\b(?:the|that|this)\s+(?:[a-z]+\s+)?{_PEOPLE}\s+(?:in|wearing|with)\s+"
    r"(?:a\s+|an\s+|the\s+|his\s+|her\s+)?$")
#: "a woman in a purple coat": someone new, unless the sentence names her
_EN_SOMEONE = re.compile(
    rf"\b(?:a|an|another|some)\s+(?:[a-z]+\s+)?{_PEOPLE}\s+(?:in|wearing|with)\s+"
    r"(?:a\s+|an\s+|the\s+|his\s+|her\s+)?$")
#: hair or eyes with neither a colour nor a length or curl: nothing to draw by
_EN_BARE_PART = re.compile(
    rf"(?:(?!{_EN_COLOUR}\b|long\b|short\b|curly\b|straight\b|wavy\b|braided\b|cropped\b)"
    r"[a-z]+(?:-[a-z]+)*\s+)*(?:hair|locks|curls|braids?|plaits|tresses|eyes)")
_EN_PRONOUN = re.compile(r"\b(he|him|his|himself|she|her|hers|herself)\b")

# ------------------------------------------------------------------ appearance phrases (zh)
_ZH_COL = (
    "藏青|藏蓝|深蓝|湛蓝|天蓝|浅蓝|淡蓝|月白|米白|乳白|雪白|洁白|纯白|米黄|鹅黄|嫩黄|土黄|墨绿|"
    "深绿|翠绿|碧绿|浅绿|草绿|军绿|橄榄|酒红|枣红|暗红|深红|大红|鲜红|火红|血红|玫红|桃红|粉红|"
    "浅粉|淡粉|深紫|淡紫|浅紫|深灰|浅灰|银灰|咖啡|卡其|驼|漆黑|乌黑|墨黑|金黄|橘黄|橙黄|"
    "[红赤绯朱橙橘黄绿翠碧青蓝紫黑玄墨乌白素灰粉棕褐金银米杏]"
)
_ZH_WEAR = (
    "呢子大衣|皮夹克|羽绒服|连衣裙|燕尾服|工作服|连帽衫|针织衫|外套|大衣|风衣|夹克|棉袄|斗篷|"
    "披风|皮衣|棉衣|大氅|西装|西服|套装|制服|校服|军装|警服|军服|长袍|道袍|袍子|龙袍|官服|袈裟|"
    "僧袍|汉服|长衫|锦袍|衣袍|和服|长裙|短裙|裙子|纱裙|旗袍|婚纱|礼服|卫衣|衬衫|衬衣|[tT]恤|毛衣|"
    "汗衫|背心|马甲|衣服|衣裳|衣衫|上衣|领带|围巾|丝带|腰带|头发|长发|短发|卷发|秀发|发丝|眼睛|"
    "眼眸|瞳孔|眸子|胡子|胡须|[袍裙衣衫裳纱装发眸瞳须]"
)
_ZH_LOOK = re.compile(
    rf"((?:一身|一袭)?(?:{_ZH_COL})色?的?(?:粗布|丝绸|绸缎|呢子|[布丝绸缎呢棉纱皮绒毛麻])??"
    rf"(?:长|短|大|小|薄|厚|卷|直)??(?:{_ZH_WEAR})"
    rf"|(?:一身|一袭)(?:{_ZH_COL})"
    r"|西装|西服|风衣|大衣|外套|夹克|卫衣|校服|制服|军装|警服|旗袍|长袍|道袍|汉服|长衫|连衣裙|"
    r"长裙|衬衫|毛衣|长发|短发|黑发|白发|银发|青丝|马尾|卷发|眼镜|凤冠|龙袍|铠甲|官服|丹凤眼|"
    r"桃花眼|剑眉|络腮胡|白须|胡须)"
)
#: a quotation, closed or running to the end of its paragraph
_QUOTE = re.compile(r'"[^"\n]*"?|“[^”\n]*”?|「[^」\n]*」?|『[^』\n]*』?')
_ZH_PRONOUN = re.compile(r"(他|她)(?!们)")

_EN_AGE = [
    ("child", re.compile(r"\b(child|little girl|little boy|baby|infant|kid)\b", re.I)),
    ("old", re.compile(r"\b(old (?:man|woman|lady|gentleman)|aged|elderly|grey-haired|white-haired|grandmother|grandfather)\b", re.I)),
    ("young", re.compile(r"\b(young|girl|boy|youth|lad|lass)\b", re.I)),
]
_ZH_AGE = [
    ("child", re.compile(r"孩子|孩童|小孩|幼|童子|女童|男童")),
    ("old", re.compile(r"老人|老者|老头|老妇|老太|白发苍苍|年迈|老爷子|长老|老夫人|奶奶|爷爷")),
    ("young", re.compile(r"少年|少女|姑娘|小姑娘|年轻|小伙")),
]
_SENT = re.compile(r"[^.!?。！？\n]+(?:\n(?![ \t]*\n)[^.!?。！？\n]+)*")
#: how far back (characters) a "he"/"she" reaches for the last named man or woman
_PRONOUN_REACH = 1500


def _quoted(text: str) -> bytearray:
    """1 for every character inside quotation marks (what characters say about anyone's
    looks is not the narration's description of the speaker)."""
    mask = bytearray(len(text))
    for m in _QUOTE.finditer(text):
        mask[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    return mask


def _lower(text: str) -> str:
    """Lower case of the same length (the English patterns are matched on it)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _looks(sent: str, lang: str, named: bool) -> list[tuple[int, str]]:
    """(offset in ``sent``, phrase) for each appearance phrase of the sentence; ``named``:
    whether the sentence names one of the characters."""
    if lang == "zh":
        return [(m.start(1), m.group(1)) for m in _ZH_LOOK.finditer(sent)]
    low = _lower(sent)
    out = []
    for m in _EN_LOOK.finditer(low):
        g = 1 if m.group(1) else 2 if m.group(2) else 3
        if g == 1 and (_EN_UNNAMED.search(low, 0, m.start())
                       or (not named and _EN_SOMEONE.search(low, 0, m.start()))):
            continue
        if g == 1 and _EN_BARE_PART.fullmatch(m.group(1)):
            continue  # "eyes", "big eyes", "her hair": nothing to draw by
        out.append((m.start(g), " ".join(m.group(g).split())))
    return out


def _pronoun_before(sent: str, pos: int, lang: str, quoted: bytearray, base: int) -> str | None:
    """The gender of the narration's last he/she before ``pos`` (else the first after it)."""
    rx = _ZH_PRONOUN if lang == "zh" else _EN_PRONOUN
    found = [m for m in rx.finditer(_lower(sent)) if not quoted[base + m.start()]]
    before = [m for m in found if m.start() < pos]
    m = before[-1] if before else (found[0] if found else None)
    if m is None:
        return None
    return "female" if m.group(1) in ("she", "her", "hers", "herself", "她") else "male"


def describe_characters(text: str, cast: Cast, lang: str, top: int = 40) -> None:
    """Fill ``age`` and ``description`` for the most mentioned characters (in place).

    Appearance phrases go to the character the sentence names (the nearest name before
    the phrase when it names several, the name after it when the phrase opens the
    sentence: "Wrapped in a black overcoat, X ..."), or, in a sentence that names nobody,
    to the last named man or woman its "he"/"she" points back to.
    """
    chars = sorted(range(len(cast.chars)), key=lambda i: -cast.chars[i].mentions)[:top]
    forms: dict[str, int] = {}
    for cid in chars:
        for a in cast.chars[cid].aliases:
            if len(a) >= 2 and a not in ("I", "Narrator"):
                forms.setdefault(a, cid)
    if not forms:
        return
    alts = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    rx = re.compile(alts if lang == "zh" else rf"\b(?:{alts})\b")
    ages = _ZH_AGE if lang == "zh" else _EN_AGE
    age_votes: dict[int, Counter] = {cid: Counter() for cid in chars}
    found: dict[int, list[str]] = {cid: [] for cid in chars}
    quoted = _quoted(text)
    last: dict[str, tuple[int, int]] = {}  # gender -> (cid, where) of the last named one
    for sm in _SENT.finditer(text):
        sent, base = sm.group(0), sm.start()
        spans = [(m.start(), m.end(), forms[m.group(0)]) for m in rx.finditer(sent)]
        names = [(a, cid) for a, _, cid in spans]
        named = [(pos, cid) for pos, cid in names if not quoted[base + pos]]
        for pos, phrase in _looks(sent, lang, bool(named)):
            if quoted[base + pos] or any(a <= pos < b for a, b, _ in spans):
                continue  # said by someone, or part of a name (叶青衣)
            gender = _pronoun_before(sent, pos, lang, quoted, base)
            owner = _owner(pos, gender, named, last, base, cast)
            if owner is not None and phrase not in found[owner] and len(found[owner]) < 8:
                found[owner].append(phrase)
        for pos, cid in named:
            last[cast.chars[cid].gender] = (cid, base + pos)
        hits = {cid for _, cid in names}
        if len(hits) != 1:
            continue
        cid = hits.pop()
        for label, arx in ages:
            if arx.search(sent):
                age_votes[cid][label] += 1
                break
    for cid in chars:
        c = cast.chars[cid]
        for p in found[cid]:
            if p not in c.description:
                c.description.append(p)
        if age_votes[cid] and c.age == "adult":
            label, n = age_votes[cid].most_common(1)[0]
            if n >= 2 or (n >= 1 and c.mentions < 10):
                c.age = label
        if lang == "zh" and c.age == "adult":
            if any(a.startswith("老") and len(a) <= 3 for a in c.aliases):
                c.age = "old"
            elif any(a.startswith("小") and len(a) <= 3 for a in c.aliases):
                c.age = "young"


def _owner(pos: int, gender: str | None, named: list[tuple[int, int]],
           last: dict[str, tuple[int, int]], base: int, cast: Cast) -> int | None:
    """Whose looks the phrase at ``pos`` of a sentence describes (see describe_characters).

    ``named``: (offset, character) of the names in the sentence; ``gender``: that of the
    he/she nearest before the phrase; ``last``: gender -> the last named character of it.
    """
    if named:
        if len({cid for _, cid in named}) == 1:
            return named[0][1]
        before = [cid for p, cid in named if p < pos]
        after = [cid for p, cid in named if p > pos]
        order = before[::-1] + after
        if gender:
            fits = [cid for cid in order if cast.chars[cid].gender == gender]
            if fits:
                return fits[0]
        return order[0]
    if gender is None:
        return None
    # the last named man (woman), else the last named one whose sex the text has not told
    for g in (gender, "unknown"):
        if g in last and base + pos - last[g][1] <= _PRONOUN_REACH:
            return last[g][0]
    return None
