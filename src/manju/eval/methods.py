"""Counts of right speakers per attribution method, shared by the evaluations and the
calibration of line confidences (:mod:`manju.eval.calibrate`)."""

from __future__ import annotations

from typing import Any

#: ``{method: [right, attributed]}``
MethodCounts = dict[str, list[int]]


def note(counts: MethodCounts, utterance: Any, right: bool) -> None:
    """Count one scored quote under the method that gave it a speaker (an unnamed voice too);
    a quote nobody was given, or that was not matched, counts nowhere."""
    if utterance is None or (utterance.speaker is None and utterance.method != "anonymous"):
        return
    c = counts.setdefault(utterance.method or "", [0, 0])
    c[0] += right
    c[1] += 1


def merge(into: MethodCounts, more: MethodCounts) -> MethodCounts:
    """Add ``more`` to ``into`` (and return it)."""
    for m, (right, n) in more.items():
        c = into.setdefault(m, [0, 0])
        c[0] += right
        c[1] += n
    return into
