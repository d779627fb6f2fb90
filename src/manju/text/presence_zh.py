"""Who has left the scene: a Chinese narration sentence whose subject goes out (X跑出去了,
X匆匆地去了) takes that person out of the conversation until the narration names them again.

A person who has just walked out does not say the next untagged line, so each quotation gets
the characters who are away when it is spoken; the attribution bars them as its speaker.
Nothing here names a person: only the verbs of leaving are listed.
"""

from __future__ import annotations

import bisect
import re

#: a sentence that ends with its subject leaving (跑出去了, 走了, 匆匆地去了, 进书房去了); not
#: 走过去了 / 沉下去了 / 回过头去 / 一前一后的走, where the subject stays
_LEAVES = re.compile(
    r"(?:走了|走开了?|走掉了?|走远了?|溜走了?|离开了?|出去了?|出门去?了?|回去了?|退下了?"
    r"|(?<![过下上进头身来回])去了|(?:出|往|到|进)[^，,。！？；“”]{1,6}去了?)[。！!；;…]*$"
)
_PRONOUN = {"他": "male", "她": "female"}
#: what stands before a pronoun that opens a clause
_OPENS = "，。！？；：、…—,.!?;: \u3000\n”」"
#: where a narration sentence ends
_SENT_END = re.compile(r"[。！？!?；;\n]")


def exits(text: str, refs: list[tuple[int, int, int]], narr: bytearray,
          narrator: int | None = None) -> list[tuple[int, int]]:
    """``(position, character id)`` of every narration sentence whose one named person
    leaves, at the sentence's end, in text order (the first-person narrator, whose eyes
    the story follows, never leaves it)."""
    out: list[tuple[int, int]] = []
    starts = [r[0] for r in refs]
    lo = 0
    for m in _SENT_END.finditer(text + "\n"):
        hi = m.end()
        sent = text[lo:hi].strip()
        s_lo = lo
        lo = hi
        if not sent or not all(narr[s_lo : min(hi, len(text))]):
            continue  # a sentence with a quotation in it is no narration of leaving
        if not _LEAVES.search(sent):
            continue
        k = bisect.bisect_left(starts, s_lo)
        named = {cid for _a, _e, cid in refs[k : bisect.bisect_left(starts, hi)] if cid >= 0}
        if len(named) == 1 and narrator not in named:  # "X跟着Y出去了" is left alone
            out.append((hi, named.pop()))
    return out


def absent_by_quote(quote_starts: list[int], leaves: list[tuple[int, int]],
                    refs: list[tuple[int, int, int]], text: str, narr: bytearray,
                    gender_of) -> list[list[int]]:  # type: ignore[no-untyped-def]
    """For each quotation start (in text order), the characters who left before it and
    whom the narration has not brought back since: named again, or a 他/她 of their gender
    opening a clause (他又踱进来)."""
    starts = [r[0] for r in refs]
    spans: list[tuple[int, int, int]] = []  # (left at, back at, character)
    for at, cid in leaves:
        g = gender_of(cid)
        back = len(text) + 1
        for r_at, _e, r_cid in refs[bisect.bisect_left(starts, at) :]:
            if not narr[r_at]:
                continue
            if r_cid == cid or (r_cid < 0 and text[r_at] in _PRONOUN and (
                    r_at == 0 or text[r_at - 1] in _OPENS) and g in ("unknown", _PRONOUN[text[r_at]])):
                back = r_at
                break
        spans.append((at, back, cid))
    out: list[list[int]] = []
    active: dict[int, int] = {}  # character -> where they come back
    k = 0
    for pos in quote_starts:
        while k < len(spans) and spans[k][0] <= pos:
            active[spans[k][2]] = spans[k][1]
            k += 1
        for cid in [c for c, back in active.items() if back <= pos]:
            del active[cid]
        out.append(list(active))
    return out
