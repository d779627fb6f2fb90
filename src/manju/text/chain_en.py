"""Joint decoding of one exchange: the most consistent speaker sequence (second-order Viterbi).

A left-to-right pass guesses untagged turns from the ones before them, so one wrong guess
at the start of an exchange flips every later line until the next tag. Here each exchange
is decoded as a whole: tags and descriptions score their speaker, a line cannot be spoken by
the person it addresses, the person addressed tends to answer, and two people alternate.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable

#: how much each attribution method vouches for its guess
_EMIT = {
    "explicit": 8.0, "nominal": 5.0, "pronoun": 5.0, "context": 2.0, "vocative": 1.0,
    "turn": 0.3, "previous": 0.6, "nearest": 0.3, "": 0.0,
}
_MAX_CANDS = 6
#: what a pronoun tag vouches for when more than one person of the exchange has its gender
_AMBIGUOUS = 3.5
#: bonus for a line by the speaker of the line two before (A B A: two people alternate)
_ABA = 1.6
#: bonus for the same speaker going on after a beat of narration about their own action
_KEEP = 3.0
#: penalty for a line by whoever answered wordlessly just before it
_SILENT = 3.0


def decode_chain(speakers: list[int | None], methods: list[str], vocs: list[list[int]],
                 tight: list[bool], cues: list[str | None] | None = None,
                 gender_of: Callable[[int], str] | None = None,
                 addressed: list[str | None] | None = None,
                 addr_gender_of: Callable[[int], str] | None = None,
                 priors: list[dict[int, float] | None] | None = None,
                 prior_weight: float = 1.0,
                 beats: list[tuple[str, object] | None] | None = None) -> list[int | None]:
    """Best speaker sequence for one exchange.

    ``speakers``/``methods`` are the first-pass guesses, ``vocs[i]`` the people line ``i``
    addresses, ``tight[i]`` whether line ``i`` directly follows line ``i-1`` (no narration
    between), ``cues[i]`` the gender a pronoun or description in line ``i``'s tag implies
    and ``gender_of(cid)`` a character's gender; ``addressed[i]`` is the gender of whom
    line ``i`` addresses ("sir", "ma'am"), which the lines around it likely have
    (``addr_gender_of``, default ``gender_of``, gives the gender for that).
    ``priors[i]``, when given, maps candidates of line ``i`` to a learned probability; its
    log (times ``prior_weight``, floored) is added to their score.
    ``beats[i]``, when given, is the subject of a beat of narration just before line ``i``
    (``("cid", c)`` or ``("gender", g)``); a speaker it describes tends to go on.
    Returns the new speakers.
    """
    n = len(speakers)
    # weighted votes per person (float weights, so a plain dict rather than a Counter)
    freq: dict[int, float] = {}
    for sp, meth in zip(speakers, methods, strict=True):
        if sp is not None:
            freq[sp] = freq.get(sp, 0) + (1 + _EMIT.get(meth, 0.0))
    for voc in vocs:
        for c in voc:
            freq[c] = freq.get(c, 0) + 0.5
    # what Counter.most_common does: ties keep first-seen order
    cands = [c for c, _ in heapq.nlargest(_MAX_CANDS, freq.items(), key=lambda kv: kv[1])]
    if len(cands) < 2 or n < 2:
        return speakers
    idx = {c: i for i, c in enumerate(cands)}
    m = len(cands)
    emit = [[0.0] * m for _ in range(n)]
    for i in range(n):
        row = emit[i]
        s = speakers[i]
        g = cues[i] if cues else None
        if s is not None and s in idx:
            w = _EMIT.get(methods[i], 0.0)
            if methods[i] == "pronoun" and g in ("male", "female") and gender_of is not None \
                    and len({c for c in speakers[max(0, i - 2) : i + 3]
                             if c is not None and gender_of(c) == g}) >= 2:
                # "she said" between two women of the exchange: the pronoun is a guess
                w = _AMBIGUOUS
            row[idx[s]] += w
        for c in vocs[i]:
            if c in idx:
                row[idx[c]] -= 4.0
        if g in ("male", "female") and gender_of is not None:
            for c, j in idx.items():
                cg = gender_of(c)
                if cg == g:
                    row[j] += 1.5
                elif cg != "unknown":
                    row[j] -= 3.0
        if i > 0:
            for c in vocs[i - 1]:
                if c in idx and c != speakers[i - 1]:
                    row[idx[c]] += 1.5
        if i + 1 < n:
            for c in vocs[i + 1]:
                if c in idx and c != speakers[i + 1]:
                    row[idx[c]] += 0.8
    addr_gender_of = addr_gender_of or gender_of
    if addressed and addr_gender_of is not None:
        for i, g in enumerate(addressed):
            if g is None:
                continue
            for j in (i - 1, i + 1):
                if 0 <= j < n:
                    for c, x in idx.items():
                        cg = addr_gender_of(c)
                        if cg == g:
                            emit[j][x] += 0.7
                        elif cg != "unknown":
                            emit[j][x] -= 1.0
    if priors:
        for i, pr in enumerate(priors):
            if pr:
                for c, x in idx.items():
                    emit[i][x] += prior_weight * math.log(max(pr.get(c, 0.0), 0.02))
    beat_of = [[False] * m for _ in range(n)]  # the beat before line i is about cands[x]
    silent = [False] * n  # ... and is a wordless answer ("Darcy bowed."), not an action
    if beats:
        for i, bt in enumerate(beats):
            if bt is None:
                continue
            kind, v = bt
            silent[i] = kind.startswith("silent")
            for c, x in idx.items():
                if kind.endswith("cid"):
                    beat_of[i][x] = c == v
                elif gender_of is not None:
                    beat_of[i][x] = gender_of(c) == v
            if silent[i]:
                for x in range(m):
                    if beat_of[i][x]:
                        emit[i][x] -= _SILENT
    neg = -1e9
    # score[a][b]: best score with line i-1 by cands[a] and line i by cands[b]
    score = [[neg] * m for _ in range(m)]
    back: list[list[list[int]]] = []
    for a in range(m):
        for b in range(m):
            score[a][b] = emit[0][a] + emit[1][b] + _pair(a, b, tight[1])
            if a == b and beat_of[1][a] != silent[1]:
                score[a][b] += _KEEP
    back.append([[0] * m for _ in range(m)])
    for i in range(2, n):
        new = [[neg] * m for _ in range(m)]
        bk = [[0] * m for _ in range(m)]
        e = emit[i]
        t = tight[i]
        bo = beat_of[i]
        sl = silent[i]
        for b in range(m):
            for c in range(m):
                best, arg = neg, 0
                pc = _pair(b, c, t)
                for a in range(m):
                    # the beat is b's own action, or a's wordless answer to b
                    own = (not bo[b] and bo[a]) if sl else (bo[b] and not bo[a])
                    if own and b == c:
                        v = score[a][b] + _KEEP
                    else:
                        v = score[a][b] + (_ABA if a == c and b != c and not own else 0.0)
                    if v > best:
                        best, arg = v, a
                new[b][c] = best + pc + e[c]
                bk[b][c] = arg
        score = new
        back.append(bk)
    best, ba, bb = neg, 0, 0
    for a in range(m):
        for b in range(m):
            if score[a][b] > best:
                best, ba, bb = score[a][b], a, b
    seq = [0] * n
    seq[n - 1], seq[n - 2] = bb, ba
    for i in range(n - 1, 1, -1):
        seq[i - 2] = back[i - 1][seq[i - 1]][seq[i]]
    return [cands[j] for j in seq]


def _pair(a: int, b: int, tight: bool) -> float:
    if a == b:
        return -2.5 if tight else -0.8
    return 0.0
