"""Plain-numpy all-pairs MI: a double loop over the single-pair references,
and the one-hot matrix product that is the obvious fast numpy baseline
(results in nats, diagonal as in ``fastmi.pairwise_mi``).
"""

import numpy as np

from fastmi.reference._continuous import ksg_mi
from fastmi.reference._discrete import mutual_info
from fastmi.reference._parametric import copula_mi

__all__ = ["pairwise_mi", "pairwise_mi_onehot"]

_PAIR_FUNCTIONS = {
    "discrete": lambda x, y, options: mutual_info(x, y, options.get("estimator", "plugin")),
    "ksg": lambda x, y, options: ksg_mi(x, y, options.get("k", 3), options.get("algorithm", 1)),
    "copula": lambda x, y, options: copula_mi(x, y, options.get("bias_correction", True)),
}


def pairwise_mi(X, method="discrete", **options):
    """M[i, j] = I(X_i; X_j) by a double loop over the single-pair references.

    ``method`` is "discrete" (``estimator=``), "ksg" (``k=``, ``algorithm=``;
    no preprocessing: pass standardized columns) or "copula"
    (``bias_correction=``).  The diagonal is I(X_i; X_i) for "discrete" and
    NaN otherwise; M[j, i] is a copy of M[i, j] (i < j).
    """
    X = np.asarray(X)
    p = X.shape[1]
    pair = _PAIR_FUNCTIONS[method]
    out = np.full((p, p), np.nan)
    for i in range(p):
        for j in range(i, p):
            if i == j and method != "discrete":
                continue
            out[i, j] = out[j, i] = pair(X[:, i], X[:, j], options)
    return out


def pairwise_mi_onehot(X):
    """Plug-in discrete MI of every pair of columns from one-hot counts.

    Column j becomes one indicator column per level; the Gram matrix of the
    indicators holds every joint count table at once, and
    I = sum_ab (c_ab / n) log(n c_ab / (c_a c_b)) per pair.
    """
    X = np.asarray(X)
    n, p = X.shape
    blocks = []
    for j in range(p):
        levels = np.unique(X[:, j])
        blocks.append((X[:, j][:, None] == levels[None, :]).astype(np.float64))
    starts = np.cumsum([0] + [b.shape[1] for b in blocks[:-1]])
    onehot = np.hstack(blocks)
    joint = onehot.T @ onehot  # joint[a, b] = count of (level a, level b)
    marginal = onehot.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = joint / n * np.log(n * joint / np.outer(marginal, marginal))
    terms = np.nan_to_num(terms, nan=0.0)  # empty cells contribute 0
    # Sum each feature's block of levels along both axes.
    out = np.add.reduceat(np.add.reduceat(terms, starts, axis=0), starts, axis=1)
    return np.maximum(out, 0.0)
