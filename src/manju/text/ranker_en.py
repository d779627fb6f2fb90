"""A learned ranker for the speaker of an untagged English line.

The hand rules guess an untagged turn from the turns and the narration before it. Here a
small log-linear model scores each candidate (the recency list, the people taking part in
the exchange, the people addressed, the people of the narration just before) from context
features. It is trained without gold labels: a line with a name in its speech tag ("...,"
said Elinor) has a speaker we know with high precision, so the tag is hidden, the features
are computed as if the line were untagged, and the model learns to pick the tagged speaker
(see :mod:`manju.text.train_ranker`). The weights ship as ``data/ranker_en.json``. Its
probabilities only add a prior to the joint decoding of an exchange (:mod:`.chain_en`) for
lines the rules guess from the turn-taking; explicit tags always win.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

#: feature names, in the order :func:`features` writes them
FEATURES = [
    "rank0", "rank1", "rank2", "rank3", "rank4", "rank_far",
    "prev1", "prev2", "prev3", "alt", "prev1_gap",
    "voc_prev1", "voc_prev2", "voc_own", "voc_next",
    "pp_in", "pp_first", "pp_last",
    "count_recent", "dist", "lines",
    "g_ctx", "g_ctx_bad", "addr_ok", "addr_bad",
    "g_unknown", "solo_rank0", "chain_prev2", "long_prev1",
    "rule_turn", "rule_vocative", "rule_previous", "rule_nearest",
    "pp_subj", "prev1_beat", "prev1_g", "sal", "sal_top_g",
]
_RULES = {"turn": 29, "vocative": 30, "previous": 31, "nearest": 32}
_DEFAULT = Path(__file__).with_name("data") / "ranker_en.json"
_MAX_RECENT = 6


@dataclass
class Context:
    """What the features of one untagged turn are computed from (nothing of its own tag)."""

    prev: list = field(default_factory=list)       # speakers of the 1-3 turns before, in the exchange
    prev_voc: list = field(default_factory=list)   # whom each of those turns addresses
    own_voc: set = field(default_factory=set)      # whom this turn addresses
    next_voc: set = field(default_factory=set)     # whom the next turn of the exchange addresses
    recent: list = field(default_factory=list)     # characters by recency
    pp: list = field(default_factory=list)         # people named in the narration paragraph before
    ctx_g: str | None = None                       # "He/She" opening this paragraph
    addr: list = field(default_factory=list)       # genders addressed ("sir") by the turns around
    chain_len: int = 0                             # turns of the exchange before this one
    gap: int = 0                                   # paragraphs since the previous turn
    counts: Counter = field(default_factory=Counter)  # mentions in the last few paragraphs
    dist: dict = field(default_factory=dict)       # characters since each one's last mention
    lines: Counter = field(default_factory=Counter)   # lines attributed so far
    narrator: int | None = None
    guess: tuple = (None, "")                      # the hand rules' answer and their method
    pp_subj: list = field(default_factory=list)    # subjects of the narration paragraph before
    sal: dict = field(default_factory=dict)        # share of the book's mentions, per character
    top_g: dict = field(default_factory=dict)      # gender -> its most mentioned character


def candidates(ctx: Context) -> list[int]:
    """The characters the ranker chooses among."""
    out: list[int] = [ctx.guess[0]] if ctx.guess[0] is not None else []
    for c in ctx.recent[:_MAX_RECENT]:
        out.append(c)
    for c in ctx.prev:
        if c is not None:
            out.append(c)
    for v in ctx.prev_voc[:1]:
        out.extend(v)
    out.extend(ctx.pp[:3])
    out.extend(ctx.next_voc)
    return list(dict.fromkeys(out))


def features(ctx: Context, cands: list[int], gender_of) -> np.ndarray:
    """One feature row per candidate (columns as :data:`FEATURES`)."""
    x = np.zeros((len(cands), len(FEATURES)))
    prev = ctx.prev + [None] * (3 - len(ctx.prev))
    p1, p2, p3 = prev[:3]
    pv1 = set(ctx.prev_voc[0]) if ctx.prev_voc else set()
    pv2 = set(ctx.prev_voc[1]) if len(ctx.prev_voc) > 1 else set()
    for i, c in enumerate(cands):
        r = ctx.recent.index(c) if c in ctx.recent else 99
        row = x[i]
        row[min(r, 5)] = 1.0
        row[6] = c == p1
        row[7] = c == p2
        row[8] = c == p3
        row[9] = c == p2 and p1 != p2
        row[10] = c == p1 and ctx.gap > 1
        row[11] = c in pv1 and c != p1
        row[12] = c in pv2 and c != p2
        row[13] = c in ctx.own_voc
        row[14] = c in ctx.next_voc
        row[15] = c in ctx.pp
        row[16] = bool(ctx.pp) and ctx.pp[0] == c
        row[17] = bool(ctx.pp) and ctx.pp[-1] == c
        row[18] = math.log1p(ctx.counts.get(c, 0))
        row[19] = math.log1p(max(0, ctx.dist.get(c, 100000))) / 5.0
        row[20] = math.log1p(ctx.lines.get(c, 0)) / 3.0
        g = gender_of(c)
        if ctx.ctx_g in ("male", "female"):
            row[21] = g == ctx.ctx_g
            row[22] = g not in (ctx.ctx_g, "unknown")
        for a in ctx.addr:
            if a is not None:
                row[23] += g == a
                row[24] += g not in (a, "unknown")
        row[25] = g == "unknown"
        row[26] = r == 0 and p1 is None
        row[27] = c == p2 and ctx.chain_len >= 2
        row[28] = c == p1 and ctx.chain_len >= 3
        if c == ctx.guess[0] and ctx.guess[1] in _RULES:
            row[_RULES[ctx.guess[1]]] = 1.0
        # the narration between two lines is an action of the one who spoke before
        row[33] = c in ctx.pp_subj
        row[34] = c == p1 and c in ctx.pp_subj
        row[35] = c == p1 and ctx.ctx_g in ("male", "female") and g == ctx.ctx_g
        # the book's main characters speak most of its lines
        row[36] = ctx.sal.get(c, 0.0)
        row[37] = ctx.top_g.get(g) == c
    return x


class Ranker:
    """Linear scores over candidates; :meth:`probs` is their softmax."""

    def __init__(self, weights: np.ndarray, names: list[str] | None = None):
        self.w = np.asarray(weights, dtype=float)
        self.names = names or list(FEATURES)

    def scores(self, x: np.ndarray) -> np.ndarray:
        return x @ self.w

    def probs(self, x: np.ndarray) -> np.ndarray:
        s = self.scores(x)
        s = np.exp(s - s.max())
        return s / s.sum()

    def to_json(self) -> dict:
        return {"features": self.names, "weights": [round(float(v), 5) for v in self.w]}

    @classmethod
    def from_json(cls, obj: dict) -> Ranker:
        names = list(obj["features"])
        if names != FEATURES:
            raise ValueError("ranker weights were trained for other features")
        return cls(np.array(obj["weights"], dtype=float), names)


_LOADED: dict[str, Ranker | None] = {}
#: set by :func:`use` (training and cross-validation); None means the shipped weights
_OVERRIDE: list = [None]
#: when a list, training examples ``(features, label index)`` are appended to it
COLLECT: list = [None]


def use(ranker: Ranker | None | bool) -> None:
    """Use ``ranker`` instead of the shipped weights (``False``: no ranker; None: shipped)."""
    _OVERRIDE[0] = ranker


def active() -> Ranker | None:
    """The ranker in use, or None when there is none."""
    o = _OVERRIDE[0]
    if o is False:
        return None
    if isinstance(o, Ranker):
        return o
    key = str(_DEFAULT)
    if key not in _LOADED:
        try:
            _LOADED[key] = Ranker.from_json(json.loads(_DEFAULT.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError):
            _LOADED[key] = None
    return _LOADED[key]


def train(examples: list[tuple[np.ndarray, int]], l2: float = 1.0, iters: int = 300) -> Ranker:
    """Fit softmax-over-candidates logistic regression to ``(features, gold index)`` pairs."""
    from .softmax_fit import fit_softmax

    return Ranker(fit_softmax(examples, np.zeros(len(FEATURES)), l2, iters=iters, mean=True))
