"""A speaker ranker for untagged lines that learns from the text's own tagged lines.

Every candidate speaker of a turn (people named recently in the narration, the speakers of
the turns around, the people addressed) gets a row of language-independent features: how
recently it was named, whether it spoke one or two turns before or after, whether the line
before addressed it, whether it is the subject of the narration just before, whether its
gender fits a 他/她 of the tag. The weights start from a prior that ships as
``data/ranker_zh.json`` and are refitted on each text's own explicitly tagged turns (the tag
hidden, the named speaker as the answer: *silver* labels), so each story's habits of
turn-taking and reference are learned from the story itself. Nothing here names a person.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

FEATURES = [
    "rec0", "rec1", "rec2", "rec_far",
    "p1", "p2_alt", "p1_gap", "voc_p1", "voc_own",
    "n1", "n2_alt", "voc_n1",
    "here_first", "here_in", "pp_first", "pp_in", "pp_last",
    "sal", "lines", "g_ok", "g_bad", "g_unknown_pron",
]
_IDX = {f: i for i, f in enumerate(FEATURES)}
_DEFAULT = Path(__file__).with_name("data") / "ranker_zh.json"
#: a sensible start before any fitting: recency, alternation and gender agreement
_HAND = {
    "rec0": 1.0, "rec1": 0.5, "rec2": 0.2, "p1": -1.0, "p2_alt": 1.5, "voc_p1": 1.5,
    "voc_own": -3.0, "n1": -1.0, "n2_alt": 1.0, "voc_n1": -1.0, "here_first": 1.5,
    "here_in": 0.5, "pp_first": 1.0, "pp_in": 0.3, "sal": 1.0, "g_ok": 1.5, "g_bad": -3.0,
}
#: how strongly a text's own weights are pulled back to the prior (per silver example)
ADAPT_L2 = 4.0
_MAX_RECENT = 6


@dataclass
class Context:
    """What the features of one turn are computed from (nothing of its own speech tag)."""

    recent: list[int]          # people named in the narration before the line, latest first
    p1: int | None             # speaker of the turn before, when it is adjacent
    p2: int | None             # speaker of the turn before that, when the exchange goes on
    gap: bool                  # narration stands between this turn and the one before
    voc_p1: list[int]          # people the turn before addressed
    voc_own: list[int]         # people this turn addresses
    n1: int | None             # explicitly tagged speaker of the next adjacent turn
    n2: int | None             # explicitly tagged speaker of the turn after that
    voc_n1: list[int]          # people the next turn addresses
    here: list[int]            # people named in this paragraph's narration, in order
    pp: list[int]              # people named in the narration paragraph before, in order
    pron: str | None           # gender of a 他/她 that tags or opens the line
    sal: dict[int, float]      # share of the text's mentions, per character
    lines: dict[int, int]      # lines attributed so far, per character


def candidates(ctx: Context) -> list[int]:
    """The characters the ranker chooses among."""
    out: list[int] = list(ctx.recent[:_MAX_RECENT])
    for c in (ctx.p1, ctx.p2, ctx.n1, ctx.n2):
        if c is not None:
            out.append(c)
    out.extend(ctx.voc_p1)
    out.extend(ctx.here[:3])
    out.extend(ctx.pp[:3])
    return [c for c in dict.fromkeys(out) if c not in ctx.voc_own or len(out) == 1]


def features(ctx: Context, cands: list[int], gender_of) -> np.ndarray:  # type: ignore[no-untyped-def]
    """One feature row per candidate (columns as :data:`FEATURES`)."""
    x = np.zeros((len(cands), len(FEATURES)))
    ix = _IDX
    for i, c in enumerate(cands):
        row = x[i]
        r = ctx.recent.index(c) if c in ctx.recent else 99
        row[ix["rec0"]] = r == 0
        row[ix["rec1"]] = r == 1
        row[ix["rec2"]] = r == 2
        row[ix["rec_far"]] = r == 99
        row[ix["p1"]] = c == ctx.p1 and not ctx.gap
        row[ix["p2_alt"]] = c == ctx.p2 and ctx.p1 is not None and ctx.p1 != ctx.p2
        row[ix["p1_gap"]] = c == ctx.p1 and ctx.gap
        row[ix["voc_p1"]] = c in ctx.voc_p1 and c != ctx.p1
        row[ix["voc_own"]] = c in ctx.voc_own
        row[ix["n1"]] = c == ctx.n1
        row[ix["n2_alt"]] = c == ctx.n2 and ctx.n1 is not None and ctx.n1 != ctx.n2
        row[ix["voc_n1"]] = c in ctx.voc_n1
        row[ix["here_first"]] = bool(ctx.here) and ctx.here[0] == c
        row[ix["here_in"]] = c in ctx.here
        row[ix["pp_first"]] = bool(ctx.pp) and ctx.pp[0] == c
        row[ix["pp_in"]] = c in ctx.pp
        row[ix["pp_last"]] = bool(ctx.pp) and ctx.pp[-1] == c and len(set(ctx.pp)) > 1
        row[ix["sal"]] = ctx.sal.get(c, 0.0)
        row[ix["lines"]] = math.log1p(ctx.lines.get(c, 0)) / 3.0
        if ctx.pron in ("male", "female"):
            g = gender_of(c)
            row[ix["g_ok"]] = g == ctx.pron
            row[ix["g_bad"]] = g not in (ctx.pron, "unknown")
            row[ix["g_unknown_pron"]] = g == "unknown"
    return x


def prior() -> np.ndarray:
    """The shipped prior weights (the hand start when the file is missing or stale)."""
    try:
        obj = json.loads(_DEFAULT.read_text(encoding="utf-8"))
        if list(obj["features"]) == FEATURES:
            return np.array(obj["weights"], dtype=float)
    except (OSError, ValueError, KeyError):
        pass
    return hand()


def hand() -> np.ndarray:
    """The hand-set starting weights."""
    return np.array([_HAND.get(f, 0.0) for f in FEATURES])


def fit(examples: list[tuple[np.ndarray, int]], w0: np.ndarray, l2: float) -> np.ndarray:
    """Softmax-over-candidates logistic regression, pulled towards ``w0`` with ``l2``."""
    from .softmax_fit import fit_softmax

    return fit_softmax(examples, w0, l2, iters=200)


def save(w: np.ndarray, path: Path | None = None) -> None:
    """Write weights as the shipped prior."""
    obj = {"features": FEATURES, "weights": [round(float(v), 4) for v in w]}
    (path or _DEFAULT).write_text(json.dumps(obj, indent=1) + "\n", encoding="utf-8")
