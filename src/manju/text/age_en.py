"""How old the narration makes a named character ("little Oliver", "old Sally").

A speech tag "said the old gentleman" cannot mean a boy, nor "said the boy" an old man;
titles tell some of this ("Master Bates" is young, "Mrs. Corney" grown up), but a child
protagonist carries no title. The narration's epithets next to the name do: "little X",
"young X", "old X", or an apposition "X, a boy of ten".
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from .cast import Cast

#: an epithet right before a name: "poor little Oliver", "old Sally"
_BEFORE = re.compile(r"\b(little|young|old|aged|elderly)\s+$", re.IGNORECASE)
_CHILD_NOUN = r"(boy|girl|child|lad|lass|baby|infant|urchin|kid)"
#: "X, a little boy", "X was a child", "X is the youngest girl"
_AFTER = re.compile(
    r"(?:,|\s+(?:was|is))\s+(?:a|an|the|only|but)\s+(?:(?:mere|little|small|young|poor|"
    rf"tiny|youngest|eldest|pale|thin|sickly|orphan|charity)\s+)*{_CHILD_NOUN}\b")
_AGE_OF = {"little": "child", "young": "young", "old": "old", "aged": "old", "elderly": "old"}


def age_hints(text: str, mentions, cast: Cast) -> dict[int, str]:
    """``cid`` -> "child", "young" or "old" where the text's epithets agree on it."""
    votes: dict[int, Counter] = defaultdict(Counter)
    for mn in mentions:
        if mn.cid < 0 or mn.in_quote:
            continue  # "my dear little Harriet", "good old Jake": fondness, not age
        m = _BEFORE.search(text, max(0, mn.start - 12), mn.start)
        if m:
            votes[mn.cid][_AGE_OF[m.group(1).lower()]] += 1
        m = _AFTER.match(text, mn.end)
        if m:
            # "a girl" may be a young woman of twenty: young, not a child
            votes[mn.cid]["young" if m.group(1) in ("girl", "lass") else "child"] += 2
    out: dict[int, str] = {}
    for cid, v in votes.items():
        child, young, old = v["child"], v["young"], v["old"]
        if child >= 2 and child > old:
            out[cid] = "child"
        elif young + child >= 2 and young + child > 2 * old:
            out[cid] = "young"
        elif old >= 2 and old > 2 * (young + child):
            out[cid] = "old"
    return out
