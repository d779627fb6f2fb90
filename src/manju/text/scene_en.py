"""Which of several people a shared short name means at one place in an English text.

A book may have two men called "Charles" with different surnames, a father and son both
"Mr. Cavendish", or three Hamiltons; the name clustering gives each short form to one of
them for the whole book. Here a short form is read per use: of the people whose longer
names contain it, the one last named unambiguously in the narration nearby is meant
("Lawrence came in ... 'Mr. Cavendish, one moment'").
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter

from .cast import Cast
from .names_en import TITLES, Mention, title_gender, title_of

#: titles of rank or calling that, alone, address the one person who holds them
_RANKS = {"Doctor", "Dr", "Professor", "Colonel", "Captain", "Major", "General", "Admiral",
          "Inspector", "Sergeant", "Lieutenant", "Judge", "Duchess", "Duke", "Count", "Countess",
          "Baron", "Baroness", "Prince", "Princess", "Marquis"}
#: how far back (characters) a person named in the narration still counts as present
_WINDOW = 2500


def _core(form: str) -> frozenset[str]:
    """The name words of a form without titles ("Mr. Lawrence Cavendish": Lawrence, Cavendish)."""
    return frozenset(t for t in form.split() if t.rstrip(".") not in TITLES)


class SceneNames:
    """Resolves shared short names by who was named last in the narration."""

    def __init__(self, cast: Cast, mentions: list[Mention]):
        self.cast = cast
        self.ments = [m for m in mentions if m.cid >= 0 and not m.in_quote]
        self.pos = [m.start for m in self.ments]
        self._cands: dict[tuple[str, int | None], list[int]] = {}
        self.count = Counter(m.cid for m in mentions if m.cid >= 0)

    def candidates(self, form: str, cid0: int | None) -> list[int]:
        """The people ``form`` may mean: ``cid0`` (its owner) and everyone with a longer
        name containing it whose gender fits (the form's title, else its owner's)."""
        key = (form, cid0)
        if key in self._cands:
            return self._cands[key]
        core = _core(form)
        want_t = title_of(form)
        want = title_gender(want_t)
        if want == "unknown" and cid0 is not None:
            # "Thorpe" is John, not his sister Isabella Thorpe
            want = self.cast.gender(cid0)
        out = [] if cid0 is None else [cid0]
        if not core and want_t in _RANKS:
            # "Wake up, Professor!": whoever the book calls "Professor ..."
            out += [cid for cid, c in enumerate(self.cast.chars) if cid != cid0
                    and self.count[cid] >= 2 and any(title_of(a) == want_t for a in c.aliases)]
        elif core and want_t != "Miss":
            # ("Miss Dashwood" is the eldest daughter by custom, whoever was named last)
            for cid, c in enumerate(self.cast.chars):
                if cid == cid0 or self.count[cid] < 2:
                    continue
                g = self.cast.gender(cid)
                if want != "unknown" and g not in (want, "unknown"):
                    continue
                titles = {title_of(a) for a in c.aliases} - {None}
                if want_t is not None and titles and want_t not in titles:
                    continue  # "Mrs. Maylie" is not the "Miss Maylie" of the house
                if any(core < _core(a) for a in c.aliases):
                    out.append(cid)
        self._cands[key] = out
        return out

    def resolve(self, form: str, cid0: int | None, at: int) -> int | None:
        """The person ``form`` (owned by ``cid0``) means at offset ``at``: the candidate
        named last nearby (its owner by any of its names, the others by a longer one).
        A form nobody owns ("Lebrun" when the book says "Robert Lebrun") goes to the one
        person whose longer name contains it."""
        cands = self.candidates(form, cid0)
        if len(cands) < 2:
            return cands[0] if cands else None
        core = _core(form)
        k = bisect_left(self.pos, at) - 1
        while k >= 0 and self.pos[k] >= at - _WINDOW:
            m = self.ments[k]
            # a mention that names more than the shared words says who is there
            if m.cid == cid0 or (m.cid in cands and not _core(m.form) <= core):
                return m.cid
            k -= 1
        return cid0

    def present(self, at: int, window: int = _WINDOW) -> list[int]:
        """Everyone named in the narration in the ``window`` characters before ``at``, the
        last named first."""
        out: list[int] = []
        k = bisect_left(self.pos, at) - 1
        while k >= 0 and self.pos[k] >= at - window:
            if self.ments[k].cid not in out:
                out.append(self.ments[k].cid)
            k -= 1
        return out

    def kin(self, noun: str, gender: str, at: int) -> int | None:
        """The person a kinship word addresses at offset ``at`` ("Yes, papa."): of those
        named nearby with the word's gender, one the book calls by that word ("Aunt
        Juley" for "aunt"), else one with a married title ("Mrs. X": a parent's, aunt's
        or uncle's); the one sharing a surname with someone else present (the family)
        first, then the last named."""
        for window in (_WINDOW, 3 * _WINDOW):
            # a long talk between two may name no one for pages ("Yes, father." ...)
            cid = self._kin(noun, gender, self.present(at, window))
            if cid is not None:
                return cid
        return None

    def _kin(self, noun: str, gender: str, here: list[int]) -> int | None:
        fits = [c for c in here if self.cast.gender(c) == gender]
        word = "Aunt" if noun.startswith("aunt") else "Uncle" if noun == "uncle" else None
        if word is not None:
            named = [c for c in fits if any(a.startswith(word + " ")
                                            for a in self.cast.chars[c].aliases)]
            if named:
                return named[0]
        married = ("Mr.", "Mrs.", "Lady", "Sir")
        fits = [c for c in fits if any(a.split(" ", 1)[0] in married and " " in a
                                       for a in self.cast.chars[c].aliases)]
        if not fits:
            return None
        names = {c: {a.split()[-1] for a in self.cast.chars[c].aliases if " " in a}
                 for c in here}
        for c in fits:
            if any(names[c] & names[o] for o in here if o != c):
                return c
        return fits[0]
