"""Line breaking for lettering: Chinese, English and mixed text, with kinsoku rules.

A line never starts with closing punctuation (，。！？」 …) and never ends with an opening mark
(“「（《); Latin words are not split; CJK characters may break anywhere else.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from manju.render.emoji import EMOJI

NO_START = set("，。！？、；：」』”’）》〉】…—～,.!?;:)]}%")
NO_END = set("「『“‘（《〈【([{")
# An emoji cluster (flag, skin tone, joined family) is one glyph: never break inside it.
_TOKEN = re.compile(EMOJI.pattern + r"|[A-Za-z0-9'’\-]+[ ]*|[ ]+|.", re.DOTALL)


def tokens(text: str) -> list[str]:
    """Unbreakable pieces: a Latin word with its trailing spaces, one CJK character or one
    emoji, with closing punctuation glued to what precedes it and opening marks to what follows."""
    raw = _TOKEN.findall(text)
    out: list[str] = []
    carry = ""
    for tok in raw:
        if tok and tok[0] in NO_START and out:
            out[-1] += tok
            continue
        if tok and tok[-1] in NO_END:
            carry += tok
            continue
        out.append(carry + tok)
        carry = ""
    if carry:
        if out:
            out[-1] += carry
        else:
            out.append(carry)
    return out


def wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Greedy wrap of ``text`` to ``width`` using ``measure`` (text -> advance width)."""
    lines: list[str] = []
    for para in text.split("\n"):
        cur = ""
        for tok in tokens(para):
            trial = cur + tok
            if cur and measure(trial.rstrip()) > width:
                lines.append(cur.rstrip())
                cur = tok.lstrip()
            else:
                cur = trial
        lines.append(cur.rstrip())
    return lines
