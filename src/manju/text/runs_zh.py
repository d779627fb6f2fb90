"""Untagged runs of lines as one two-person exchange: the phase of the alternation is chosen
for the whole run, not seeded by its first guess.

A run is a sequence of adjacent turns that no tag attributes (turn-taking, the previous
paragraph's subject, the nearest mention, a bare reply). Its lines alternate between two
people; every ordered pair of the people around (the run's guesses, the speakers next to it,
the people its lines address) is scored as A, B, A, B… against what the text says: the
rules' own guesses (weighted by how reliable their method is), nobody says a line that calls
them by name or names them in the third person, a person addressed by a line answers it,
and the tagged speakers on either side continue the alternation. The best-scoring phase
replaces the guesses when it is clearly better. Nothing here names a person.
"""

from __future__ import annotations

from itertools import permutations

#: methods whose guess the run may revise, with how much the guess itself counts
SOFT = {"": 0.0, "turn": 0.5, "nearest": 0.3, "previous": 1.0, "narrator": 1.0, "vocative": 1.5}
#: methods of a turn next to a run whose speaker is trusted as an anchor
_STRONG = ("explicit", "pronoun", "context", "vocative", "previous", "narrator", "turn")
#: how much better the best phase must score than the guesses
_MARGIN = 1.0
_MAX_PEOPLE = 5


def revise_runs(turns, quotes, adjacent) -> None:  # type: ignore[no-untyped-def]
    """Re-decode every run of two or more untagged adjacent turns in place."""
    k = 0
    n = len(turns)
    while k < n:
        if turns[k].method not in SOFT:
            k += 1
            continue
        m = k
        while m + 1 < n and turns[m + 1].method in SOFT and adjacent(turns[m], turns[m + 1]):
            m += 1
        if m > k:
            _revise(k, m, turns, quotes, adjacent)
        k = m + 1


def _revise(k: int, m: int, turns, quotes, adjacent) -> None:  # type: ignore[no-untyped-def]
    run = turns[k : m + 1]
    left = turns[k - 1] if k > 0 and adjacent(turns[k - 1], turns[k]) else None
    right = turns[m + 1] if m + 1 < len(turns) and adjacent(turns[m], turns[m + 1]) else None
    if left is not None and (left.speaker is None or left.method not in _STRONG):
        left = None
    if right is not None and (right.speaker is None or right.method not in _STRONG):
        right = None

    def voc(t) -> list[int]:  # type: ignore[no-untyped-def]
        return [v for qi in t.quotes for v in quotes[qi].vocatives]

    vocs = [voc(t) for t in run]
    barred = [set(v) | {c for qi in t.quotes for c in quotes[qi].not_speaker}
              for v, t in zip(vocs, run, strict=True)]
    people: list[int] = []
    for c in [t.speaker for t in run] + [left.speaker if left else None,
                                          right.speaker if right else None] + [
            v for vs in vocs for v in vs]:
        if c is not None and c not in people:
            people.append(c)
    people = people[:_MAX_PEOPLE]
    if len(people) < 2:
        return
    left_voc = voc(left) if left is not None else []
    right_voc = voc(right) if right is not None else []

    def score(seq: list[int | None]) -> float:
        s = 0.0
        for i, c in enumerate(seq):
            if c is None:
                s -= 0.5  # a line left without a speaker
                continue
            t = run[i]
            if c == t.speaker:
                s += SOFT[t.method]
            if c in barred[i]:
                s -= 10.0
            if c in (vocs[i - 1] if i > 0 else left_voc):
                s += 1.5  # the person the line before called answers
            if c in (vocs[i + 1] if i + 1 < len(run) else right_voc):
                s += 1.5  # the next line calls the one who just spoke
            if i > 0 and seq[i - 1] == c:
                s -= 1.0  # one person's two lines in a row are seldom two paragraphs
        if left is not None and seq[0] is not None:
            s += -2.0 if seq[0] == left.speaker else 1.0 if len(seq) > 1 and seq[1] == left.speaker else 0.0
        if right is not None and seq[-1] is not None:
            s += -2.0 if seq[-1] == right.speaker else 1.0 if len(seq) > 1 and seq[-2] == right.speaker else 0.0
        return s

    current = [t.speaker for t in run]
    base = score(current)
    best, best_seq = base, None
    for a, b in permutations(people, 2):
        seq: list[int | None] = [a if i % 2 == 0 else b for i in range(len(run))]
        s = score(seq)
        if s > best + (_MARGIN if best_seq is None else 0.0):
            best, best_seq = s, seq
    if best_seq is None:
        return
    for t, c in zip(run, best_seq, strict=True):
        if c != t.speaker:
            t.speaker, t.method = c, "run"
