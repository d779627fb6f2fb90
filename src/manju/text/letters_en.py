"""Regex character classes for the letters of English text, accented ones included.

Names in English fiction carry accents ("José", "Zoë", "Élodie"), so a capitalised word is
any upper-case Latin letter followed by letters, not ``[A-Z][a-z]+``. The constants are
bodies of character classes, to be used inside brackets: ``rf"[{UPPER}][{LETTER}]*"``.
"""

from __future__ import annotations

import unicodedata

# Basic Latin, Latin-1 Supplement, Latin Extended-A and -B, Latin Extended Additional
_BLOCKS = ((0x41, 0x24F), (0x1E00, 0x1EFF))


def _char_class(category: str) -> str:
    """The code points of ``category`` in the Latin blocks, as ranges for a ``[...]``."""
    # the micro sign is a lower-case letter to Unicode but a unit symbol in prose
    cps = [cp for lo, hi in _BLOCKS for cp in range(lo, hi + 1)
           if unicodedata.category(chr(cp)) == category and cp != 0xB5]
    parts: list[str] = []
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        if j - i >= 2:
            parts.append(f"{chr(cps[i])}-{chr(cps[j])}")
        else:
            parts.extend(chr(cp) for cp in cps[i : j + 1])
        i = j + 1
    return "".join(parts)


#: upper-case Latin letters: ``A-Z``, ``À-Ö``, ``Ø-Þ``, ``Ā``, ``Ł``, ...
UPPER = _char_class("Lu")
#: lower-case Latin letters: ``a-z``, ``ß-ö``, ``ø-ÿ``, ``ā``, ``ł``, ...
LOWER = _char_class("Ll")
#: any Latin letter, either case
LETTER = UPPER + LOWER
