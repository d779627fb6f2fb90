"""Finding what an instruction points at: quoted lines, shots, scenes and characters.

References are found in the text and then masked out (replaced by private-use characters),
so that words inside a quotation or a name ("林晚" holds 晚) never read as edit words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from manju.doc.model import Character, Line, Project, Scene, Shot

QUOTE_MARK = "\ue000"
NAME_MARK = "\ue001"
REF_MARK = "\ue002"

_QUOTES = re.compile(r"“([^”]+)”|「([^」]+)」|『([^』]+)』|\"([^\"]+)\"|‘([^’]+)’"
                     r"|(?<![\w])'(.+?)'(?![\w])")
_ORD_EN = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
           "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
           "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
           "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
           "opening": 1, "final": -1, "last": -1}
_ORD_WORDS = "|".join(sorted(_ORD_EN, key=len, reverse=True))
_ZH_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_ZH_NUM = r"[0-9０-９一二两三四五六七八九十百零]+"
_SHOT_EN = re.compile(rf"\bshots?\s*(?:#|no\.?\s*|number\s*)?(\d+)\b|\b(?:the\s+)?({_ORD_WORDS}|\d+(?:st|nd|rd|th))\s+shot\b")
_SHOT_ZH = re.compile(rf"第\s*({_ZH_NUM})\s*个?\s*(?:镜头|分镜|镜)|镜头\s*({_ZH_NUM})|(最后)\s*一?\s*个?\s*(?:镜头|分镜|镜)")
_SCENE_EN = re.compile(rf"\bscenes?\s*(?:#|no\.?\s*|number\s*)?(\d+)\b|\b(?:the\s+)?({_ORD_WORDS}|\d+(?:st|nd|rd|th))\s+scene\b")
_SCENE_ZH = re.compile(rf"第\s*({_ZH_NUM})\s*(?:个场景|场戏|场|幕)|场景\s*({_ZH_NUM})|(最后)\s*一?\s*(?:个场景|场戏|场|幕)")
_ALL_SCENES = re.compile(r"\b(?:every|all(?: the)?) scenes?\b|\beverywhere\b|所有场景|每一场|每场|全部场景|所有的场景")
_PRONOUNS = {"male": re.compile(r"\b(?:he|him|his|himself)\b|(?<!其)他"),
             "female": re.compile(r"\b(?:she|her|hers|herself)\b|她")}


def zh_number(text: str) -> int | None:
    """A number written in digits or Chinese numerals (十五, 二十三, 5) up to 999."""
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if text.isdigit():
        return int(text)
    total, cur = 0, 0
    for ch in text:
        if ch in _ZH_DIGITS:
            cur = _ZH_DIGITS[ch]
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        elif ch == "百":
            total += (cur or 1) * 100
            cur = 0
        else:
            return None
    return total + cur


def _ordinal(word: str) -> int | None:
    word = word.lower()
    if word in _ORD_EN:
        return _ORD_EN[word]
    m = re.match(r"(\d+)(?:st|nd|rd|th)$", word)
    return int(m.group(1)) if m else None


@dataclass
class Ref:
    """A numbered reference: ``n`` (1-based, -1 for the last), whether it was written as an
    ordinal ("the third shot", 第三个镜头) and where it stood in the text."""

    n: int
    ordinal: bool
    start: int
    end: int


@dataclass
class Refs:
    """Everything an instruction refers to, and the text with those references masked."""

    text: str
    masked: str
    quotes: list[str] = field(default_factory=list)
    shots: list[Ref] = field(default_factory=list)
    scenes: list[Ref] = field(default_factory=list)
    all_scenes: bool = False
    characters: list[Character] = field(default_factory=list)
    pronoun: str | None = None


def _mask(text: str, spans: list[tuple[int, int]], mark: str) -> str:
    out = list(text)
    for a, b in spans:
        for i in range(a, b):
            out[i] = mark
    return "".join(out)


def _numbered(masked: str, en: re.Pattern[str], zh: re.Pattern[str]) -> list[Ref]:
    refs = []
    for m in en.finditer(masked):
        if m.group(1):
            refs.append(Ref(int(m.group(1)), False, m.start(), m.end()))
        else:
            n = _ordinal(m.group(2))
            if n is not None:
                refs.append(Ref(n, True, m.start(), m.end()))
    for m in zh.finditer(masked):
        if m.group(3):
            refs.append(Ref(-1, True, m.start(), m.end()))
        else:
            n = zh_number(m.group(1) or m.group(2) or "")
            if n is not None:
                refs.append(Ref(n, bool(m.group(1)), m.start(), m.end()))
    return sorted(refs, key=lambda r: r.start)


def find_refs(project: Project, text: str) -> Refs:
    """The quotations, shot and scene numbers and characters ``text`` names."""
    quotes, spans = [], []
    for m in _QUOTES.finditer(text):
        quotes.append(next(g for g in m.groups() if g is not None))
        spans.append((m.start(), m.end()))
    masked = _mask(text, spans, QUOTE_MARK)
    low = masked.lower()
    found: list[tuple[int, int, Character]] = []
    names = sorted(((n, c) for c in project.characters for n in {c.name, *c.aliases} if n),
                   key=lambda t: -len(t[0]))
    for name, c in names:
        pattern = re.escape(name.lower())
        if name.isascii():
            pattern = rf"\b{pattern}(?:'s)?\b"
        for m in re.finditer(pattern, low):
            if all(m.end() <= a or m.start() >= b for a, b, _ in found):
                found.append((m.start(), m.end(), c))
    found.sort(key=lambda t: t[0])
    masked = _mask(masked, [(a, b) for a, b, _ in found], NAME_MARK)
    chars: list[Character] = []
    for _, _, c in found:
        if c not in chars:
            chars.append(c)
    refs = Refs(text=text, masked=masked, quotes=quotes, characters=chars)
    folded = masked.lower() if len(masked.lower()) == len(masked) else masked
    refs.shots = _numbered(folded, _SHOT_EN, _SHOT_ZH)
    refs.scenes = _numbered(folded, _SCENE_EN, _SCENE_ZH)
    refs.all_scenes = bool(_ALL_SCENES.search(masked.lower()))
    spans = [(r.start, r.end) for r in [*refs.shots, *refs.scenes]]
    refs.masked = _mask(masked, spans, REF_MARK)
    for gender, rx in _PRONOUNS.items():
        if rx.search(refs.masked.lower()):
            refs.pronoun = gender
    return refs


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def lines_quoted(project: Project, quote: str, within: list[Line] | None = None) -> list[Line]:
    """The lines a quotation names: whole-line matches first, else lines containing it
    (punctuation, spaces and case ignored)."""
    pool = within if within is not None else project.lines()
    q = _squash(quote)
    if not q:
        return []
    exact = [ln for ln in pool if _squash(ln.text) == q]
    return exact or [ln for ln in pool if q in _squash(ln.text)]


def pick(items: list[Shot] | list[Scene], n: int) -> Shot | Scene | None:
    """Item ``n`` (1-based; -1 is the last) or None."""
    if n == -1:
        return items[-1] if items else None
    return items[n - 1] if 1 <= n <= len(items) else None
