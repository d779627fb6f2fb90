"""The softmax fit both speaker rankers share."""

import numpy as np

from manju.text.softmax_fit import fit_softmax


def _examples() -> list[tuple[np.ndarray, int]]:
    rng = np.random.default_rng(0)
    out = []
    for _ in range(60):
        x = rng.normal(size=(3, 2))
        out.append((x, int(np.argmax(x @ np.array([2.0, -1.0])))))
    return out


def test_learns_the_direction_that_picks_the_gold_candidate():
    w = fit_softmax(_examples(), np.zeros(2), l2=0.1)
    assert w[0] > 0 > w[1]


def test_mean_objective_has_the_same_optimum():
    a = fit_softmax(_examples(), np.zeros(2), l2=1.0)
    b = fit_softmax(_examples(), np.zeros(2), l2=1.0, mean=True, iters=500)
    assert np.allclose(a, b, atol=1e-3)


def test_strong_pull_keeps_the_start_and_nothing_to_learn_returns_it():
    w0 = np.array([0.5, 0.5])
    assert np.allclose(fit_softmax(_examples(), w0, l2=1e7), w0, atol=1e-3)
    assert np.allclose(fit_softmax([(np.ones((1, 2)), 0)], w0, l2=1.0), w0)
