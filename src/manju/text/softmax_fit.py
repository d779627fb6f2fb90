"""Softmax-over-candidates logistic regression, the fit both speaker rankers share.

Each example is a matrix of feature rows, one per candidate speaker, and the index of the
right one. The weights minimise the negative log-likelihood of the right candidates plus an
L2 pull towards a start vector (zero for a prior fitted from scratch, the shipped prior when a
text refits it on its own silver examples).
"""

from __future__ import annotations

import numpy as np


def fit_softmax(examples: list[tuple[np.ndarray, int]], w0: np.ndarray, l2: float,
                iters: int = 200, mean: bool = False) -> np.ndarray:
    """Weights for ``(features, gold index)`` examples, pulled towards ``w0`` with ``l2``.

    ``mean`` divides the objective by the number of examples (the same optimum, a scale the
    optimiser's stopping rule sees differently). Examples with fewer than two candidates
    teach nothing and are skipped; with none left, ``w0`` comes back.
    """
    ex = [(x, y) for x, y in examples if len(x) >= 2]
    if not ex:
        return np.asarray(w0, dtype=float)
    from scipy.optimize import minimize

    xs = np.concatenate([x for x, _ in ex])
    sizes = np.array([len(x) for x, _ in ex])
    seg = np.repeat(np.arange(len(ex)), sizes)
    offs = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    gold = offs + np.array([y for _, y in ex])
    n = len(ex)
    scale = 1.0 / n if mean else 1.0

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = xs @ w
        mx = np.full(n, -np.inf)
        np.maximum.at(mx, seg, s)
        e = np.exp(s - mx[seg])
        z = np.bincount(seg, weights=e, minlength=n)
        d = w - w0
        val = float((mx + np.log(z) - s[gold]).sum()) + 0.5 * l2 * float(d @ d)
        p = e / z[seg]
        grad = xs.T @ p - xs[gold].sum(axis=0) + l2 * d
        return val * scale, grad * scale

    res = minimize(loss, np.asarray(w0, dtype=float).copy(), jac=True, method="L-BFGS-B",
                   options={"maxiter": iters})
    return np.asarray(res.x)
