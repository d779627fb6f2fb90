"""English character discovery: capitalised names, titles, alias merging, gender and age."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass

from .cast import Cast
from .givennames_en import FEMALE_NAMES, MALE_NAMES, NICKNAMES
from .groups_en import GROUP_WORDS, group_epithets
from .letters_en import LETTER, LOWER, UPPER

MALE_TITLES = {
    "Mr", "Mister", "Sir", "Lord", "Monsieur", "Uncle", "Brother", "King", "Prince", "Count",
    "Baron", "Duke", "Signor", "Herr", "Master", "Father", "Earl", "Marquis", "Squire",
}
FEMALE_TITLES = {
    "Mrs", "Miss", "Ms", "Lady", "Madame", "Mme", "Mademoiselle", "Mlle", "Aunt", "Mother",
    "Sister", "Queen", "Princess", "Countess", "Duchess", "Baroness", "Signora", "Frau", "Dame",
    "Mistress", "Madam",
}
NEUTRAL_TITLES = {
    "Dr", "Doctor", "Captain", "Colonel", "General", "Major", "Inspector", "Sergeant",
    "Professor", "Reverend", "Rev", "Judge", "Cousin", "Admiral", "Lieutenant", "Mr.",
}
TITLES = MALE_TITLES | FEMALE_TITLES | NEUTRAL_TITLES
_ABBREV = {"Mr", "Mrs", "Ms", "Dr", "St", "Mme", "Mlle", "Rev", "Messrs", "Capt", "Col", "Gen",
           "Prof", "Lt"}
#: regex lookbehinds: the stop that follows is a title's or an initial's ("Mr. Darcy",
#: "M. Riviere"), not a sentence end; "said I." still ends one
NOT_ABBREV = "".join(rf"(?<!\b{a})" for a in sorted(_ABBREV)) + r"(?<!\b[A-HJ-Z])"

STOP = set(
    """I I'm I'll I've I'd A An The This That These Those There Then Than Thus Though Through
    He She It We They You Your Yours His Her Hers Its Our Their Them Him My Me Mine Us
    But And Or Nor For So Yet If When Whenever While Where Wherever Why What Which Who Whom Whose How
    As At By In On Of To Up Off Out Into Onto Upon From With Without Within About Above After Again
    All Any Both Each Every Few Many Much More Most Some Such No Not Nothing None Nobody Now Never
    Oh Ah Aha Alas Ay Aye Nay Yes Yeah Well Hush Hm Hmm Pray Please Thank Thanks Dear Good Bless
    Sir Madam Ma'am Lord Lady God Heaven Heavens Christ Jesus Hell Damn Mamma Papa Mama Mother Father
    Aunt Uncle Mrs Mr Miss Ms Dr Mister Doctor Captain Colonel Monsieur Madame Mademoiselle
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June
    July August September October November December Christmas Easter
    English French German Italian Spanish Russian American British Irish Scotch Scottish Indian
    England France Germany Italy Spain Russia America Europe London Paris Rome
    Chapter CHAPTER Book Volume Part Section Footnote Note Street Square Road Lane Hall House
    Yesterday Today Tomorrow Tonight Here Perhaps Indeed Certainly Still Even Just Only Also Once
    Do Does Did Don't Can Can't Could Couldn't Would Wouldn't Should Shall Will Won't Must Might Is Are
    Was Were Be Been Have Has Had Let Let's Come Go Look See Say Tell Mind Yes No Very Quite
    Sure Surely Really Why Whatever Whoever However Besides Meanwhile Presently Suddenly Soon
    OK Okay Hello Goodbye Good-bye Ha Ho Hey Hullo Halloa Lor Bah Pooh-pooh Mrs. Mr. Dr.
    Ye Thee Thou Thy One Two Three Four Five Six Seven Eight Nine Ten First Second Third Last Next
    Street Avenue Park Bridge Church Chapel Abbey Castle Court Place Hotel Inn Station River
    Mount Lake Hill Road Town City Village Island Sea""".split()
)
#: words of :data:`STOP` that are surnames after a title ("Mrs. Hall", "Miss Lane", "Mr. Church")
_SURNAME_WORDS = {
    "Hall", "House", "Church", "Chapel", "Street", "Square", "Road", "Lane", "Park", "Bridge",
    "Court", "Place", "Station", "River", "Mount", "Lake", "Hill", "Town", "City", "Island",
    "Abbey", "Castle", "Avenue", "May", "June", "April", "August", "Inn", "Sea", "Village",
}
PLACE_WORDS = {
    "Street", "Square", "Road", "Lane", "Hall", "House", "Park", "Abbey", "Lodge", "Church",
    "Court", "Place", "Hotel", "Inn", "Station", "River", "Bridge", "Castle", "Cottage",
    "Gardens", "Terrace", "Row", "Hill", "Mount", "Lake", "Farm", "Manor", "Grange", "Priory",
    "Club", "Theatre", "Museum", "Gate", "Forest", "Wood", "Woods", "Island", "Bay", "Valley",
    "College", "School", "Chapel", "Cathedral", "Palace", "Avenue", "Crescent", "Office",
    "Company", "Bank", "Society", "Institute", "Railway", "Ocean", "Sea", "Mountains",
    "Empire", "Government", "Parliament", "Navy", "Army", "Republic", "Kingdom", "Ministry",
    "Council", "Committee", "Hospital", "Gallery", "Library", "Embassy", "Temple", "Mosque",
    "Caves", "Hills", "Bazaar", "Cemetery", "Market",
}

_TOKEN = re.compile(rf"[{UPPER}][{LETTER}]*(?:['’-][{LETTER}]+)*")
_LOWER = re.compile(rf"\b[{LOWER}]+\b")
_PRONOUN = re.compile(r"\b(he|himself|she|herself)\b", re.I)
#: a gesture of one's own right after a name: "X shook her head", "X, lifting his eyes",
#: "X herself"
_SELF_VERBS = (
    "shook|shaking|nodded|nodding|raised|raising|lifted|lifting|turned|turning|lowered|"
    "lowering|bowed|bowing|bent|bending|hung|hanging|dropped|dropping|put|putting|laid|"
    "laying|folded|folding|crossed|crossing|rubbed|rubbing|wrung|wringing|clasped|clasping|"
    "shrugged|shrugging|passed|passing|drew|drawing|opened|opening|closed|closing|shut|"
    "shutting|fixed|fixing|cast|casting|tossed|tossing|bit|biting|pursed|pursing|knitted|"
    "knitting|straightened|straightening")
_SELF = re.compile(
    rf",?\s+(?:\w+ly\s+)?(?:{_SELF_VERBS})\s+(?:(?:up|down|back|out)\s+)?(his|her)\b"
    r"|\s+(himself|herself)\b")
_ROMAN = re.compile(r"^[IVXLC]+$")
_PARTICLE_GAP = re.compile(
    r"\.?[ \n](?P<p>(?:(?:van|von|de|du|der|den|la|le|des|di|da|del|ten|ter)[ \n]){1,2})")
_PLACE_PREP = {
    "in", "at", "near", "into", "through", "across", "inside", "outside", "towards", "to", "from",
}
_NOT_PERSON_BEFORE = {"of", "the", "a", "an", "over"}
_INITIAL_PREV = set('.!?"“”‘’\'—:;(-_[')


@dataclass
class Mention:
    """A name mention: span, the surface form and (after clustering) the character id."""

    start: int
    end: int
    form: str
    cid: int = -1
    in_quote: bool = False


def title_of(form: str) -> str | None:
    """The leading title of a name form ("Mr. Crane" -> "Mr"), or None."""
    first = form.split()[0].rstrip(".")
    return first if first in TITLES else None


#: ranks held by men in the fiction this reads ("Colonel Brandon", "Captain Wentworth")
_MALE_RANKS = {
    "Captain", "Colonel", "General", "Major", "Admiral", "Lieutenant", "Sergeant", "Inspector",
    "Reverend", "Rev",
}


def title_gender(title: str | None) -> str:
    """Gender implied by a title."""
    if title in MALE_TITLES or title in _MALE_RANKS:
        return "male"
    if title in FEMALE_TITLES:
        return "female"
    return "unknown"


def _strip_possessive(tok: str) -> str:
    if tok.endswith(("'s", "’s")) and len(tok) > 3:
        return tok[:-2]
    return tok


def _is_initial(text: str, pos: int) -> bool:
    j = pos - 1
    while j >= 0 and text[j] in " \t\n\r":
        j -= 1
    # after a blank line a paragraph starts, whatever ends the line before ("CHAPTER II")
    return j < 0 or text[j] in _INITIAL_PREV or "\n\n" in text[j:pos].replace("\r", "")


def scan_names(
    text: str, quote_mask: bytearray, tagged: set[str] | None = None
) -> tuple[list[Mention], Counter]:
    """Find capitalised name mentions in ``text``; returns mentions and form counts.

    ``quote_mask[i]`` is 1 inside quotations (used to flag mentions inside speech).
    """
    lower = Counter(m.group(0) for m in _LOWER.finditer(text))
    cap_all: Counter = Counter()
    cap_mid: Counter = Counter()
    groups: list[list[tuple[int, int, str, bool]]] = []
    cur: list[tuple[int, int, str, bool]] = []
    prev_end = -10
    prev_tok = ""
    for m in _TOKEN.finditer(text):
        s, e = m.span()
        tok = _strip_possessive(m.group(0))
        gap = text[prev_end:s] if prev_end >= 0 else ""
        # "Professor de Worms", "Mr. van der Luyden": a particle inside the name
        pm = None
        if cur and (prev_tok not in STOP or prev_tok.rstrip(".") in TITLES):
            pm = _PARTICLE_GAP.fullmatch(gap)
        joined = cur and (
            gap in (" ", "\n") or (prev_tok in _ABBREV and gap in (". ", ".\n"))
            or pm is not None
        )
        if not joined:
            if cur:
                groups.append(cur)
            cur = []
        initial = (not joined) and _is_initial(text, s)
        if not joined and prev_tok in _ABBREV and gap in (". ", ".\n"):
            initial = False
        cur.append((s, s + len(tok), tok if pm is None else " ".join(pm.group("p").split())
                    + " " + tok, initial))
        cap_all[tok] += 1
        if not initial:
            cap_mid[tok] += 1
        prev_end = e
        prev_tok = tok
    if cur:
        groups.append(cur)

    min_mid = 1 if len(text) < 30000 else 2
    epithets = group_epithets(text)

    def is_name_tok(t: str) -> bool:
        t = t.split()[-1]  # "de Worms": the capitalised word decides
        if t in STOP or len(t) < 2 or t.isupper() and len(t) > 3 or _ROMAN.match(t):
            return False
        if t in GROUP_WORDS and t not in epithets:  # "the Englishman": a description
            return False
        if t.endswith(("-like", "-looking", "-faced", "-eyed", "-haired")):
            return False  # "her Diana-like figure": an adjective
        if cap_mid[t] < min_mid and not (tagged and t in tagged):
            return False
        return lower.get(t.lower(), 0) * 4 <= cap_all[t] + 1

    mentions: list[Mention] = []
    counts: Counter = Counter()
    for g in groups:
        parts: list[tuple[int, int, str, bool]] = []
        i = 0
        while i < len(g):
            s, e, tok, _ini = g[i]
            bare = tok.rstrip(".")
            if bare in TITLES and i + 1 < len(g) and (g[i + 1][2] not in STOP
                                                     or g[i + 1][2] in _SURNAME_WORDS):
                # a title followed by a capitalised word: always a name
                parts.append((s, e, bare + ("." if bare in _ABBREV else ""), False))
                parts.append(g[i + 1])
                i += 2
                continue
            if is_name_tok(tok):
                parts.append(g[i])
            else:
                _flush(text, parts, mentions, counts, quote_mask)
                parts = []
            i += 1
        _flush(text, parts, mentions, counts, quote_mask)
    return mentions, counts


def _flush(text: str, parts: list, mentions: list[Mention], counts: Counter, mask) -> None:
    if not parts:
        return
    toks = [p[2] for p in parts]
    if toks[-1] in PLACE_WORDS and not (len(toks) == 2 and toks[0].rstrip(".") in TITLES):
        return  # "Coketown Hall" is a place; "Mrs. Hall" is a woman
    form = " ".join(toks)
    s, e = parts[0][0], parts[-1][1]
    mentions.append(Mention(s, e, form, in_quote=bool(mask[s])))
    counts[form] += 1


def build_cast(
    text: str, mentions: list[Mention], counts: Counter, tagged: Counter, cast: Cast
) -> list[Mention]:
    """Cluster name forms into characters (adding them to ``cast``); return kept mentions."""
    # place filter: forms mostly used after in/at/...
    place_hits: Counter = Counter()
    only_place: Counter = Counter()  # not after "to" or "from", which people follow too
    for mn in mentions:
        j = mn.start - 1
        k = j
        while k >= 0 and text[k].isalpha():
            k -= 1
        w = text[k + 1 : j].lower() if j > 0 and text[j] == " " else ""
        if not w:
            k2 = j - 1
            while k2 >= 0 and text[k2].isalpha():
                k2 -= 1
            w = text[k2 + 1 : j].lower()
        if w in _PLACE_PREP or (w in _NOT_PERSON_BEFORE and title_of(mn.form) is None):
            # "in Coketown", "of Coketown", "the Ganges", "an Englishman": no person
            place_hits[mn.form] += 1
            if w not in ("to", "from"):
                only_place[mn.form] += 1
    keep: set[str] = set()
    min_count = 1 if len(text) < 30000 else 2
    for form, n in counts.items():
        if tagged.get(form, 0) == 0:
            if n < min_count:
                continue
            if place_hits[form] >= max(2, 0.4 * n) or (n == 1 and only_place[form]):
                continue  # "at Iping", said once in a novel's opening: a place
        keep.add(form)
    for form in tagged:
        if form not in counts:
            keep.add(form)
    # "the Mr. Knightleys", "the Bateses": families, not characters
    surnames = {f.split()[-1] for f in keep if len(f.split()) >= 2}
    for form in list(keep):
        if not form.endswith("s"):
            continue
        stems = {form[:-1]} | ({form[:-2]} if form.endswith("es") else set())
        if (tagged.get(form, 0) == 0 and stems & keep) or (
                " " not in form and stems & surnames):
            # "the Schlegels" said: a family, not one of its members
            keep.discard(form)

    # gender votes from the next pronoun after a narration mention
    votes: dict[str, Counter] = defaultdict(Counter)
    own: dict[str, Counter] = defaultdict(Counter)  # the gestures' votes alone
    kept = [mn for mn in mentions if mn.form in keep]
    for i, mn in enumerate(kept):
        if mn.in_quote:
            continue
        limit = min(mn.end + 120, kept[i + 1].start if i + 1 < len(kept) else len(text))
        pm = _PRONOUN.search(text, mn.end, limit)
        if pm:
            p = pm.group(1).lower()
            votes[mn.form]["male" if p in ("he", "him", "his", "himself") else "female"] += 1
        sm = _SELF.match(text, mn.end)
        if sm:
            # "Rachael shook her head", "said Rachael, laying her hand": the named one's own
            p = (sm.group(1) or sm.group(2)).lower()
            g = "male" if p in ("his", "himself") else "female"
            votes[mn.form][g] += 3
            own[mn.form][g] += 1

    # forms named close together are two people ("Mr. Emerson" beside his son "George")
    near: Counter = Counter()
    for i, mn in enumerate(kept):
        for o in kept[i + 1 : i + 6]:
            if o.start - mn.end > 150:
                break
            if o.form != mn.form and o.in_quote == mn.in_quote:
                # ('"Bill," said Sikes': a speaker named as he is addressed is one man)
                near[(mn.form, o.form)] += 1
                near[(o.form, mn.form)] += 1
    root = _cluster(keep, counts, tagged, votes, near)
    # canonical names and cast entries
    members: dict[str, list[str]] = defaultdict(list)
    for f in keep:
        members[root[f]].append(f)
    order = sorted(members, key=lambda r: -sum(counts[f] + tagged[f] for f in members[r]))
    for r in order:
        forms = members[r]
        full = [f for f in forms if title_of(f) is None and len(f.split()) >= 2]
        pool = full or forms
        name = max(pool, key=lambda f: (counts[f] + tagged[f], len(f)))
        forms.sort(key=lambda f: -(counts[f] + tagged[f]))
        g = _cluster_gender(forms, votes)
        if g == "unknown":
            # the next pronoun after a name is often someone else's; one's own gestures
            # ("X shook her head") are not
            gest: Counter[str] = sum((own[f] for f in forms), Counter())
            if gest["male"] + gest["female"] >= 2 and max(gest.values()) >= 3 * min(
                    gest["male"], gest["female"]) + 2:
                g = gest.most_common(1)[0][0]
        existing = [c for f in forms if (c := cast.lookup(f)) is not None]
        cid = existing[0] if existing else cast.add(name)
        for f in forms:
            cast.alias(cid, f)
            for k, v in votes[f].items():
                cast.gender_votes[cid][k] += v
        if g != "unknown" and cast.chars[cid].gender == "unknown":
            cast.chars[cid].gender = g
    for mn in kept:
        mn.cid = cast.by_form.get(mn.form, -1)
    return kept


def _fold(word: str) -> str:
    """``word`` without its accents ("Zoë" -> "Zoe"), to look it up in the name lists."""
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode("ascii")


def _first_name_gender(form: str) -> str:
    for t in form.split():
        if t.rstrip(".") in TITLES:
            continue
        t = _fold(t)
        if t in FEMALE_NAMES:
            return "female"
        if t in MALE_NAMES:
            return "male"
        return "unknown"
    return "unknown"


def _cluster_gender(forms: list[str], votes: dict[str, Counter]) -> str:
    tg = {title_gender(title_of(f)) for f in forms} - {"unknown"}
    if len(tg) == 1:
        return tg.pop()
    ng = {_first_name_gender(f) for f in forms} - {"unknown"}
    if len(ng) == 1:
        return ng.pop()
    return "unknown"


#: honorifics written after the name ("Hamidullah Begum" is his wife, not Hamidullah)
_SUFFIX_GENDER = {"Begum": "female", "Bibi": "female", "Sahib": "male", "Esq": "male",
                  "Esquire": "male"}


def _form_gender(form: str, votes: dict[str, Counter]) -> str:
    g = title_gender(title_of(form))
    if g != "unknown":
        return g
    g = _SUFFIX_GENDER.get(form.split()[-1].rstrip("."), "unknown")
    if g != "unknown":
        return g
    g = _first_name_gender(form)
    if g != "unknown":
        return g
    v = votes.get(form)
    if v:
        m, f = v.get("male", 0), v.get("female", 0)
        if m >= 2 * f + 2:
            return "male"
        if f >= 2 * m + 2:
            return "female"
    return "unknown"


def _marked(form: str) -> bool:
    """Whether an honorific after the name tells the form's sex (titles before it have
    rules of their own: "Mrs. X" beside a bare "X")."""
    return len(form.split()) >= 2 and form.split()[-1].rstrip(".") in _SUFFIX_GENDER


def _leaning(form: str, votes: dict[str, Counter]) -> str:
    """The sex the pronouns after a form lean to, however few."""
    v = votes.get(form) or Counter()
    m, f = v.get("male", 0), v.get("female", 0)
    return "male" if m > f else "female" if f > m else "unknown"


def _apart(f: str, others: list[str], near: Counter | None) -> bool:
    """Whether ``f`` is often named right beside one of ``others``: two different people."""
    if not near:
        return False
    return sum(near[(f, o)] for o in others) >= 5


def _cluster(keep: set[str], counts: Counter, tagged: Counter, votes,
             near: Counter | None = None) -> dict[str, str]:
    """Union forms that name the same person; returns form -> root form."""
    parent = {f: f for f in keep}

    def find(f: str) -> str:
        while parent[f] != f:
            parent[f] = parent[parent[f]]
            f = parent[f]
        return f

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb

    full = [f for f in keep if title_of(f) is None and len(f.split()) >= 2]
    by_first: dict[str, list[str]] = defaultdict(list)
    by_last: dict[str, list[str]] = defaultdict(list)
    for f in full:
        toks = f.split()
        by_first[toks[0]].append(f)
        by_last[toks[-1]].append(f)
    titled_by_last: dict[str, list[str]] = defaultdict(list)
    for f in keep:
        t = title_of(f)
        if t is not None and len(f.split()) >= 2:
            titled_by_last[f.split()[-1]].append(f)

    def compatible(a: str, b: str) -> bool:
        ga, gb = _form_gender(a, votes), _form_gender(b, votes)
        if ga == "unknown" and gb != "unknown" and _marked(b):
            ga = _leaning(a, votes)  # "Hamidullah" whom "he" follows once, "Hamidullah Begum"
        elif gb == "unknown" and ga != "unknown" and _marked(a):
            gb = _leaning(b, votes)
        return ga == "unknown" or gb == "unknown" or ga == gb

    for f in sorted(keep):
        toks = f.split()
        t = title_of(f)
        if t is not None:
            rest = " ".join(toks[1:])
            if rest in parent and len(toks) > 2:
                # "Mrs. Newland Archer" is his wife, not Newland Archer; so is a "Mrs.
                # Lovell Mingott" beside a "Mr. Lovell Mingott"
                if compatible(f, rest) and not (t == "Mrs" and f"Mr. {rest}" in parent):
                    union(f, rest)
                continue
            if len(toks) == 2:
                name = toks[1]
                longer = [c for c in keep if len(c.split()) > 2 and c.startswith(f + " ")]
                if t in ("Sir", "Lady", "Lord", "Dame") and len(longer) == 1:
                    # "Sir John" is "Sir John Middleton", not the plain "John Dashwood"
                    union(f, longer[0])
                    continue
                cands = [c for c in by_last.get(name, []) if compatible(f, c)]
                if t == "Mrs" and f"Miss {name}" in parent:
                    # a "Miss X" is about: "Katharine X" is the daughter, not "Mrs. X"
                    cands = []
                if t == "Mrs":
                    # "Katharine Hilbery", whom the book calls Katharine more than that: a
                    # daughter on first-name terms, not the "Mrs. Hilbery" of the house
                    cands = [c for c in cands if counts[c.split()[0]] <= counts[c]]
                if t == "Miss":
                    # "Mrs. Augusta Welland" is the mother of the "Miss Welland"
                    cands = [c for c in cands if f"Mrs. {c}" not in parent]
                tied = [c for c in cands if f"{toks[0]} {c}" in parent
                        and (t != "Mrs" or _first_name_gender(c) == "female")]
                if len(cands) > 1 and len(tied) == 1:
                    # "Mr. Gradgrind" is Thomas, not Tom: the book writes "Mr. Thomas Gradgrind"
                    union(f, tied[0])
                    continue
                if title_gender(t) == "female":
                    # "Mrs. Smith" is not the boatman Mordecai Smith whom "he" follows
                    cands = [c for c in cands if _first_name_gender(c) == "female" or (
                        votes.get(c, Counter())["male"] < votes.get(c, Counter())["female"])]
                if len(cands) == 1 and (len(by_last.get(name, [])) == 1 or t == "Mr"):
                    # "Mr. Crawford" is Henry, not his sister Mary Crawford; but "Mr. Beebe"
                    # is not "Minnie Beebe" when the title form is the usual one
                    c = cands[0]
                    full_t = f"{toks[0]} {c}"  # "Mr. James Harthouse" ties the two together
                    if 2 * (counts[c] + counts[c.split()[0]] + counts[full_t]) >= counts[f] \
                            and not _apart(f, [c, c.split()[0]], near):
                        union(f, c)
                        continue
                if t not in ("Mr", "Mrs", "Ms", "Dr", "Mister"):
                    cands = [c for c in by_first.get(name, []) if compatible(f, c)]
                    if len(cands) == 1:
                        union(f, cands[0])
                        continue
                # "Aunt Marilla" / "Marilla": a title on a known first name
                if name in parent and t in ("Aunt", "Uncle", "Cousin", "Lady", "Sir", "Miss",
                                            "Monsieur", "Madame", "Mademoiselle", "Signor",
                                            "Signora", "Herr", "Frau"):
                    # ... but "Miss Bingley" is not (Mr.) Bingley: a surname of others
                    surname = by_last.get(name) or any(
                        o != f for o in titled_by_last.get(name, []))
                    if compatible(f, name) and not by_first.get(name) and not surname:
                        union(f, name)
            else:
                rest_toks = toks[1:]
                if len(rest_toks) >= 2:
                    cand = " ".join(rest_toks)
                    if cand in parent:
                        union(f, cand)
        elif len(toks) == 1:
            name = toks[0]
            real = NICKNAMES.get(name)
            if real is not None and not by_first.get(name) and not any(
                f"{t} {real}" in parent for t in ("Lady", "Sir", "Lord", "Dame")
            ):
                # "Lizzy" is Elizabeth (Bennet) when that given name is in the book (but
                # "Kitty" is not "Lady Catherine": nobody calls a lady by a pet name)
                cands = by_first.get(real, []) or ([real] if real in parent else [])
                if len(cands) == 1:
                    union(f, cands[0])
                    continue
            firsts = by_first.get(name, [])
            lasts = by_last.get(name, [])
            if firsts and lasts:
                # "Archer": the surname of Newland Archer more than the first name of
                # a rarely seen "Archer Madeira"
                both = firsts + lasts
                best = max(both, key=lambda c: counts[c] + tagged[c])
                others = sum(counts[c] for c in both if c != best)
                if counts[best] >= 2 * max(1, others):
                    union(f, best)
                continue
            if len(firsts) == 1:
                if compatible(f, firsts[0]):
                    union(f, firsts[0])
                continue
            if len(firsts) > 1:
                best = max(firsts, key=lambda c: counts[c] + tagged[c])
                others = sum(counts[c] for c in firsts if c != best)
                if counts[best] >= 3 * max(1, others):
                    union(f, best)
                continue
            lasts = [c for c in by_last.get(name, []) if compatible(f, c)]
            # a bare surname told with "he" is not "Mrs. Archer"
            titled = [c for c in titled_by_last.get(name, []) if compatible(f, c)]
            if len(lasts) > 1 and titled:
                # "Archer": Newland Archer when he is named far more than Janey Archer
                # and than any "Mr./Mrs. Archer"
                best = max(lasts, key=lambda c: counts[c] + tagged[c])
                others = sum(counts[c] for c in lasts if c != best)
                if counts[best] >= 2 * max(1, others) and counts[best] >= max(
                        counts[c] for c in titled):
                    union(f, best)
                    continue
            if len(lasts) == 1 and not titled:
                union(f, lasts[0])
                continue
            if len(lasts) > 1 and not titled:
                # "Brown": Minty Brown, named far more often than an "Isaac Brown" met once
                best = max(lasts, key=lambda c: counts[c] + tagged[c])
                others = sum(counts[c] + tagged[c] for c in lasts if c != best)
                if counts[best] + tagged[best] >= 3 * max(1, others):
                    union(f, best)
                    continue
            if len(titled) == 1 and not lasts:
                union(f, titled[0])
                continue
            if titled:
                # a bare surname in the narration is a man's: "Bingley" is Mr. Bingley,
                # not Miss Bingley, unless another man bears the name too; "said Hall" is
                # Mr. Hall however much more his wife is named
                men = [c for c in titled if title_gender(title_of(c)) == "male"]
                v = votes.get(f) or Counter()
                if len(men) == 1 and v["female"] <= v["male"] and not any(
                        _form_gender(c, votes) != "female" for c in lasts):
                    union(f, men[0])
                    continue
                best = max(titled, key=lambda c: counts[c] + tagged[c])
                others = sum(counts[c] for c in titled if c != best)
                if counts[best] >= 3 * max(1, others):
                    union(f, best)
                    continue
    size = Counter(find(f) for f in keep)
    for f in keep:
        if " " in f or size[find(f)] > 1:
            continue
        # "Harthouse": every longer form with this surname is one man by now
        holders = by_last.get(f, []) + titled_by_last.get(f, [])
        roots = {find(c) for c in holders if compatible(f, c)}
        if len(roots) == 1 and len(holders) > 1:
            union(f, roots.pop())
    return {f: find(f) for f in keep}
