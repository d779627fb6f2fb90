"""Finding vocabulary words (see :mod:`manju.edit.lexicon`) in an instruction."""

from __future__ import annotations

import re
from functools import lru_cache

from manju.edit.lexicon import Table


def _pattern(word: str) -> str:
    if "(?" in word:
        return word  # already a pattern (高(?!兴): "high" but not 高兴 "glad")
    body = re.escape(word)
    # English words also match their plural ("coats", "close-ups").
    return rf"(?<![a-z]){body}(?:e?s)?(?![a-z])" if word.isascii() else body


@lru_cache(maxsize=256)
def _compiled(words: tuple[str, ...]) -> re.Pattern[str]:
    ordered = sorted(words, key=len, reverse=True)
    return re.compile("|".join(_pattern(w) for w in ordered))


def find_all(text: str, table: Table) -> list[tuple[int, int, str]]:
    """Every non-overlapping match of the table's words in ``text`` (already lower-cased):
    ``(start, end, value)`` in text order; at one place the longest word wins."""
    hits: list[tuple[int, int, str]] = []
    for value, words in table.items():
        for m in _compiled(tuple(words)).finditer(text):
            hits.append((m.start(), m.end(), value))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    kept: list[tuple[int, int, str]] = []
    for h in hits:
        if not kept or h[0] >= kept[-1][1]:
            kept.append(h)
        elif h[1] - h[0] > kept[-1][1] - kept[-1][0] and h[0] < kept[-1][1]:
            kept[-1] = h
    return kept


def values(text: str, table: Table) -> list[str]:
    """The values the table's words in ``text`` name, in text order, each once."""
    return list(dict.fromkeys(v for _, _, v in find_all(text, table)))


def has(text: str, words: tuple[str, ...]) -> bool:
    """Whether any of ``words`` is in ``text``."""
    return bool(_compiled(tuple(words)).search(text))


def search(pattern: str, text: str) -> bool:
    """Whether the regular expression ``pattern`` matches somewhere in ``text``."""
    return re.search(pattern, text) is not None
