"""Relational descriptions in English ("his wife", "her father"): gender and who they mean."""

from __future__ import annotations

import re

from .cast import Cast

_GENDER = {
    "man": "male", "woman": "female", "girl": "female", "boy": "male", "lady": "female",
    "gentleman": "male", "father": "male", "mother": "female", "king": "male", "queen": "female",
    "count": "male", "countess": "female", "waiter": "male", "waitress": "female",
    "brother": "male", "sister": "female", "uncle": "male", "aunt": "female", "husband": "male",
    "wife": "female", "son": "male", "daughter": "female", "duke": "male", "duchess": "female",
    "prince": "male", "princess": "female", "colonel": "male", "captain": "male", "major": "male",
    "priest": "male", "nun": "female", "fellow": "male", "lad": "male", "lass": "female",
    "niece": "female", "nephew": "male", "mamma": "female", "mama": "female", "papa": "male",
    "widow": "female", "landlady": "female", "landlord": "male", "hostess": "female",
    "host": "male", "maid": "female", "housekeeper": "female", "governess": "female",
    "gentlewoman": "female", "baronet": "male", "knight": "male", "general": "male",
    "grandmother": "female", "grandfather": "male", "mistress": "female", "master": "male",
    "lover": "unknown", "bride": "female", "bridegroom": "male", "child": "unknown",
    "husband's": "male", "sergeant": "male", "inspector": "male", "squire": "male",
    "baroness": "female", "dowager": "female", "spinster": "female", "matron": "female",
    "actress": "female", "youth": "male", "chap": "male", "madam": "female",
}

#: relation noun -> kind of relation
RELATIONS = {
    "wife": "spouse", "lady": "spouse", "husband": "spouse", "bride": "spouse",
    "mother": "parent", "father": "parent", "mamma": "parent", "mama": "parent",
    "papa": "parent", "daughter": "child", "son": "child", "sister": "sibling",
    "brother": "sibling", "aunt": "kin", "uncle": "kin", "niece": "kin", "nephew": "kin",
    "cousin": "kin",
}

#: nouns for a child, and titles no child bears ("the boy" is not Mr. Bumble)
_CHILD = {"boy", "girl", "child", "kid", "urchin"}
_ADULT_TITLES = {
    "Mr", "Mrs", "Sir", "Lady", "Lord", "Dr", "Doctor", "Colonel", "Captain", "General", "Major",
    "Admiral", "Reverend", "Rev", "Professor", "Judge", "Madame", "Monsieur", "Signor", "Signora",
    "Herr", "Frau", "Count", "Countess", "Duke", "Duchess", "Baron", "Baroness",
}
#: words for the old, and titles only the young bear ("the old gentleman" is not Master Tom)
_OLD = {"old", "elderly", "aged"}
_YOUNG_TITLES = {"Master"}
#: nouns for grown-ups: "the gentleman" is no little boy
_ADULT = {"gentleman", "man", "woman", "lady", "gentlewoman"}


def fits_age(cast: Cast, cid: int, words: list[str]) -> bool:
    """Whether character ``cid`` can be the one a description such as "the old man" means.

    A child is no "Mr."/"Mrs.", the old are no "Master"; and the narration's epithets
    (:attr:`Cast.age_hints`: "little Oliver", "old Sally") rule out the other ages.
    """
    hint = cast.age_hints.get(cid)
    old = any(w in _OLD for w in words)
    if hint == "child" and (old or words[-1] in _ADULT):
        return False
    if hint == "young" and old:
        return False
    if hint == "old" and (words[-1] in _CHILD or "young" in words or words[-1] in ("lad", "youth")):
        return False
    bad = (_ADULT_TITLES if words[-1] in _CHILD else
           _YOUNG_TITLES if old else None)
    if bad is None:
        return True
    return not any(a.split()[0].rstrip(".") in bad for a in cast.chars[cid].aliases if " " in a)


_SURNAME_SKIP = {"Mr.", "Mrs.", "Miss", "Ms.", "Dr.", "Lady", "Sir", "Lord", "The"}


#: nouns for a person of either sex ("the stranger said"), beyond those with a gender
_PERSON = {
    "stranger", "visitor", "child", "kid", "person", "doctor", "servant", "clerk", "lawyer",
    "officer", "soldier", "sailor", "driver", "coachman", "porter", "guard", "boatman",
    "farmer", "cook", "nurse", "teacher", "student", "guest", "client", "customer",
    "traveller", "traveler", "newcomer", "new-comer", "youngster", "creature", "lover",
    "cousin", "friend", "companion", "neighbour", "neighbor", "owner", "shopkeeper",
    "keeper", "merchant", "prisoner", "judge", "magistrate", "secretary", "manager",
    "agent", "messenger", "boy", "girl", "urchin", "infant", "baby", "parson", "vicar",
    "clergyman", "minister", "man", "woman", "lady", "gentleman", "doorman", "butler",
}


#: a regular expression for any of the person nouns (longest first)
PERSON_NOUNS = "|".join(sorted(set(_GENDER) | _PERSON, key=len, reverse=True))


def person_noun(noun: str) -> bool:
    """Whether ``noun`` names a person ("the stranger", "the old man"), not a thing."""
    return noun in _GENDER or noun in _PERSON


def nominal_gender(noun: str) -> str:
    """Gender implied by a noun such as ``"wife"`` or ``"old man"``'s ``"man"``."""
    return _GENDER.get(noun, "unknown")


def _surnames(cast: Cast, cid: int) -> set[str]:
    out: set[str] = set()
    for a in cast.chars[cid].aliases:
        toks = a.split()
        if len(toks) >= 2 and toks[-1][:1].isupper():
            out.add(toks[-1])
    return out


def _titled(cast: Cast, title: str, surname: str) -> int | None:
    for form in (f"{title} {surname}", f"{title.rstrip('.')} {surname}"):
        cid = cast.lookup(form)
        if cid is not None:
            return cid
    return None


def related_character(cast: Cast, owner: int | None, relation: str, gender: str,
                      recent: list[int]) -> int | None:
    """The character standing in ``relation`` to ``owner`` ("his wife" of Mr. Bennet).

    Family members share a surname: the wife of Mr. Bennet is Mrs. Bennet, the father of
    Elizabeth Bennet is Mr. Bennet. Among several matches the most recent one wins.
    """
    names = _surnames(cast, owner) if owner is not None else set()
    if not names:
        if relation in ("spouse", "parent") and gender in ("male", "female"):
            # no surname known: the most recent married-titled person of that gender
            title = "Mr." if gender == "male" else "Mrs."
            for c in recent:
                if c != owner and any(a.startswith(title + " ") for a in cast.chars[c].aliases):
                    return c
        return None
    if relation in ("spouse", "parent") and gender in ("male", "female"):
        title = "Mr." if gender == "male" else "Mrs."
        for s in names:
            cid = _titled(cast, title, s)
            if cid is not None and cid != owner:
                return cid
        if relation == "spouse":
            # "his wife" of Mr. Bennet is Mrs. Bennet even before the text names her.
            other = "Mr." if gender == "female" else "Mrs."
            for s in sorted(names):
                if _titled(cast, other, s) == owner:
                    return cast.add(f"{title} {s}", gender=gender)
    for c in recent:
        if c == owner or (gender != "unknown" and cast.gender(c) not in (gender, "unknown")):
            continue
        if _surnames(cast, c) & names:
            return c
    return None


def married_title(cast: Cast, gender: str, recent: list[int], skip: set) -> int | None:
    """The most recent "Mr."/"Mrs." of ``gender`` outside ``skip`` (a likely parent/spouse)."""
    if gender not in ("male", "female"):
        return None
    title = "Mr. " if gender == "male" else "Mrs. "
    for c in recent:
        if c not in skip and any(a.startswith(title) for a in cast.chars[c].aliases):
            return c
    return None


#: nouns that are also titles before a name ("the count" is Count Mippipopolous)
_TITLE_NOUNS = {
    "count": ("Count",), "countess": ("Countess",), "colonel": ("Colonel", "Col."),
    "captain": ("Captain", "Capt."), "major": ("Major",), "general": ("General",),
    "admiral": ("Admiral",), "doctor": ("Doctor", "Dr."), "professor": ("Professor",),
    "inspector": ("Inspector",), "sergeant": ("Sergeant",), "baron": ("Baron",),
    "baroness": ("Baroness",), "duke": ("Duke",), "duchess": ("Duchess",),
    "marquis": ("Marquis",), "prince": ("Prince",), "princess": ("Princess",),
    "judge": ("Judge",), "squire": ("Squire",), "vicar": ("Vicar",), "rector": ("Rector",),
}


def has_title_bearer(cast: Cast, noun: str) -> bool:
    """Whether someone in the cast bears the title ``noun`` names ("the count": Count X)."""
    titles = _TITLE_NOUNS.get(noun)
    return titles is not None and any(
        a.split(" ", 1)[0] in titles and " " in a for c in cast.chars for a in c.aliases)


def titled_character(cast: Cast, noun: str, recent: list[int]) -> int | None:
    """The character a title noun means ("the colonel" -> Colonel Brandon).

    The most recent character bearing the title wins; failing that, the only one in the
    book.
    """
    titles = _TITLE_NOUNS.get(noun)
    if titles is None:
        return None

    def has(c: int) -> bool:
        return any(a.split(" ", 1)[0] in titles and " " in a for a in cast.chars[c].aliases)

    for c in recent:
        if has(c):
            return c
    found = [c for c in range(len(cast.chars)) if has(c)]
    return found[0] if len(found) == 1 else None


_REL_PHRASE = re.compile(
    r"\b(his|her)\s+(?:(?:own|dear|poor|little|young|old|elder|younger|eldest|youngest)\s+)?"
    r"(wife|husband|father|mother|mamma|mama|papa|daughter|son|sister|brother|aunt|uncle"
    r"|niece|nephew)\b", re.IGNORECASE)


def relation_phrases(narr: str, lo: int, hi: int, gender: str) -> list[tuple[int, str, str]]:
    """``(position, owner gender, relation noun)`` of "his wife"-like phrases in ``narr[lo:hi]``.

    Only phrases whose noun has ``gender`` ("her father" for ``"male"``).
    """
    out = []
    for m in _REL_PHRASE.finditer(narr, lo, hi):
        noun = m.group(2).lower()
        if nominal_gender(noun) == gender:
            out.append((m.start(), "male" if m.group(1).lower() == "his" else "female", noun))
    return out


def narrated_relative(narr: str, lo: int, hi: int, gender: str, cast: Cast, recent: list[int],
                      owner_of) -> int | None:
    """The character the last "his wife"-like phrase of ``gender`` in ``narr[lo:hi]`` means.

    ``owner_of(owner_gender, position)`` says whom "his"/"her" there refers to.
    """
    rel = relation_phrases(narr, lo, hi, gender)
    if not rel:
        return None
    pos, og, noun = rel[-1]
    owner = owner_of(og, pos)
    return None if owner is None else related_character(cast, owner, RELATIONS[noun], gender,
                                                        recent)
