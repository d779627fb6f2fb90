"""The learned English speaker ranker: features, silver training, shipped weights."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from manju.text import analyze, ranker_en
from manju.text.ranker_en import FEATURES, Context, Ranker, candidates, features, train
from manju.text.train_ranker import collect, fit


def _gender(c: int) -> str:
    return {1: "female", 2: "male"}.get(c, "unknown")


def test_candidates_and_features():
    ctx = Context(prev=[1, 2], prev_voc=[(2,)], own_voc={1}, next_voc={3}, recent=[1, 2, 3],
                  pp=[3], ctx_g="male", counts=Counter({1: 3}), dist={1: 10}, chain_len=2,
                  gap=1, guess=(2, "turn"))
    cands = candidates(ctx)
    assert cands[0] == 2 and set(cands) == {1, 2, 3}
    x = features(ctx, cands, _gender)
    col = {n: i for i, n in enumerate(FEATURES)}
    row = dict(zip(cands, x, strict=True))
    assert x.shape == (3, len(FEATURES))
    assert row[1][col["prev1"]] == 1 and row[1][col["voc_own"]] == 1
    assert row[2][col["prev2"]] == 1 and row[2][col["alt"]] == 1
    assert row[2][col["rule_turn"]] == 1 and row[1][col["rule_turn"]] == 0
    assert row[3][col["voc_next"]] == 1 and row[3][col["pp_in"]] == 1
    assert row[2][col["g_ctx"]] == 1 and row[1][col["g_ctx_bad"]] == 1
    assert row[1][col["rank0"]] == 1 and row[3][col["rank2"]] == 1


def test_train_learns_a_separating_feature():
    rng = np.random.default_rng(0)
    ex = []
    for _ in range(200):
        x = rng.normal(size=(3, len(FEATURES)))
        y = int(rng.integers(3))
        x[:, 0] = 0.0
        x[y, 0] = 1.0
        ex.append((x, y))
    rk = train(ex)
    assert rk.w[0] > 1.0
    assert all(int(rk.scores(x).argmax()) == y for x, y in ex[:20])


_STORY = """Elinor sat by the window with Marianne and Edward.

"It is a fine day," said Elinor.

"It is," said Edward.

"I think we should walk," said Marianne.

"Then let us go," said Elinor.

"Yes," Edward said, "let us go."

"Wait for me," said Marianne.
"""


def test_collect_and_fit_on_a_tiny_text():
    ex = collect([_STORY * 3])
    assert ex and all(x.shape[1] == len(FEATURES) and 0 <= y < len(x) for x, y in ex)
    rk = fit([_STORY * 3])
    assert rk.w.shape == (len(FEATURES),)
    assert ranker_en.COLLECT[0] is None


def test_shipped_weights_load_and_round_trip():
    rk = ranker_en.active()
    assert rk is not None and rk.w.shape == (len(FEATURES),)
    again = Ranker.from_json(rk.to_json())
    assert np.allclose(again.w, rk.w, atol=1e-4)
    with pytest.raises(ValueError):
        Ranker.from_json({"features": ["x"], "weights": [1.0]})


def test_analyze_with_and_without_ranker():
    text = _STORY + '\n"Where?" \n\n"To the river."\n\n"And then?"\n'
    try:
        ranker_en.use(False)
        off = analyze(text, lang="en")
    finally:
        ranker_en.use(None)
    on = analyze(text, lang="en")
    assert len(on.utterances) == len(off.utterances)
    tagged = [u for u in on.utterances if u.method == "explicit"]
    assert tagged and all(u.speaker for u in tagged)
