"""A registry of characters and the surface forms (aliases) that refer to them."""

from __future__ import annotations

from collections import Counter

from .model import Character


class Cast:
    """Mutable set of characters with an alias index, shared by the language analyzers."""

    def __init__(self, majority_settles: bool = False) -> None:
        self.chars: list[Character] = []
        self.by_form: dict[str, int] = {}
        self.gender_votes: list[Counter] = []
        #: cid -> "child" / "young" / "old" from the narration's epithets (English)
        self.age_hints: dict[int, str] = {}
        #: whether a plain majority of three votes or more settles a sex (Chinese, whose
        #: 他 and 她 are written apart, so that a vote is seldom for somebody else's sex)
        self.majority_settles = majority_settles

    def add(self, name: str, aliases: list[str] | None = None, gender: str = "unknown") -> int:
        """Add a character (or return the existing one that owns ``name``); return its id."""
        if name in self.by_form:
            cid = self.by_form[name]
        else:
            cid = len(self.chars)
            self.chars.append(Character(name=name, aliases=[name], gender=gender))
            self.gender_votes.append(Counter())
            self.by_form[name] = cid
        for a in aliases or []:
            self.alias(cid, a)
        if gender != "unknown" and self.chars[cid].gender == "unknown":
            self.chars[cid].gender = gender
        return cid

    def alias(self, cid: int, form: str) -> None:
        """Make ``form`` refer to character ``cid`` (first owner wins)."""
        if form not in self.by_form:
            self.by_form[form] = cid
        if form not in self.chars[cid].aliases:
            self.chars[cid].aliases.append(form)

    def lookup(self, form: str) -> int | None:
        """Character id for a surface form, or None."""
        return self.by_form.get(form)

    def gender(self, cid: int) -> str:
        """The character's gender, from titles/known data or, failing that, pronoun votes."""
        c = self.chars[cid]
        if c.gender != "unknown":
            return c.gender
        v = self.gender_votes[cid]
        m, f = v.get("male", 0), v.get("female", 0)
        if m >= 1.5 * f + 1:
            return "male"
        if f >= 1.5 * m + 1:
            return "female"
        if self.majority_settles and m + f >= 3 and m != f:
            return "male" if m > f else "female"  # 和鸾 with three 她 and two 他: a woman
        return "unknown"

    def finalize_genders(self) -> None:
        """Write the voted genders into the Character objects."""
        for cid, c in enumerate(self.chars):
            c.gender = self.gender(cid)
