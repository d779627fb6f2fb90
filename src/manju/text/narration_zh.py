"""Which characters of a Chinese text are narration, and which are verse quoted in it."""

from __future__ import annotations

import re

from .quotes import Paragraph, Quote

_CJK = r"\u4e00-\u9fff"

_VERSE_CLAUSE = re.compile(f"[{_CJK}]+")


def verse_mask(text: str, paras: list[Paragraph]) -> bytearray:
    """1 over the lines of verse quoted in the narration: two or more clauses, all of four, five
    or seven characters and all of one length (束发读君诗，今来展君墓。)."""
    out = bytearray(len(text))
    for p in paras:
        clauses = [len(c) for c in _VERSE_CLAUSE.findall(text, p.start, p.end)]
        if len(clauses) >= 2 and len(set(clauses)) == 1 and clauses[0] in (4, 5, 7) \
                and "“" not in text[p.start : p.end]:
            out[p.start : p.end] = b"\x01" * (p.end - p.start)
    return out


def narration_mask(text: str, quotes: list[Quote]) -> bytearray:
    """1 over the narration: every character outside the quotations and their marks."""
    narr = bytearray(b"\x01" * len(text))
    for q in quotes:
        lo = max(0, q.start - 1)
        hi = min(len(text), q.end + (0 if q.unclosed else 1))
        narr[lo:hi] = b"\x00" * (hi - lo)
    return narr
