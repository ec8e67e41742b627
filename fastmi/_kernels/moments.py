"""Kernels of the Gaussian estimators for one pair of 1-D columns.

A pair of scalars is the common small problem of ``gaussian_mi`` and
``copula_mi``; these kernels check it, rank it (copula) and give Pearson's
r in one call, with no temporary arrays visible to Python.  ``status`` says
why a pair is not handled (missing or infinite values, a constant column):
the caller then takes the general path, which reports it.
"""

import math

import numpy as np

from fastmi._jit import kernel
from fastmi._kernels.tiles import rank_keys, scores_from_keys

OK, NOT_FINITE, CONSTANT = range(3)


@kernel
def pair_status(x, y):
    """OK, NOT_FINITE (a NaN or inf in x or y) or CONSTANT (x or y constant)."""
    n = x.shape[0]
    finite = True
    for i in range(n):
        finite &= math.isfinite(x[i]) and math.isfinite(y[i])
    if not finite:
        return NOT_FINITE
    x_varies = False
    y_varies = False
    for i in range(1, n):
        x_varies |= x[i] != x[0]
        y_varies |= y[i] != y[0]
    return OK if x_varies and y_varies else CONSTANT


@kernel
def _unit_scaled(x):
    """x * 2**-e with max |x| in [2**(e - 1), 2**e): exact, and in (-1, 1),
    where sums of squares neither overflow nor underflow (as numpy's frexp
    and ldexp in ``fastmi.continuous.unit_exponents``)."""
    peak = 0.0
    for v in x:
        peak = max(peak, abs(v))
    e = math.frexp(peak)[1] if peak > 0.0 else 0
    out = np.empty_like(x)
    for i in range(x.shape[0]):
        out[i] = math.ldexp(x[i], -e)
    return out


@kernel
def pearson(x, y):
    """Pearson's r of two finite 1-D float64 arrays of equal length (> 1),
    neither constant, computed on exactly rescaled copies (any magnitude)."""
    xs = _unit_scaled(x)
    ys = _unit_scaled(y)
    n = xs.shape[0]
    mean_x = xs.sum() / n
    mean_y = ys.sum() / n
    sxy = 0.0
    sxx = 0.0
    syy = 0.0
    for i in range(n):
        dx = xs[i] - mean_x
        dy = ys[i] - mean_y
        sxy += dx * dy
        sxx += dx * dx
        syy += dy * dy
    return sxy / math.sqrt(sxx * syy)


@kernel
def checked_pearson(x, y):
    """(status, r): ``pair_status`` and, when OK, ``pearson``."""
    status = pair_status(x, y)
    return status, pearson(x, y) if status == OK else 0.0


@kernel
def copula_pearson(x, y, untied, table):
    """(status, r): ``pair_status`` and, when OK, Pearson's r of the normal
    scores of x and y (ranked as ``fastmi.gaussian.normal_scores`` ranks a
    block: ``tiles.rank_keys``, a sort per row, ``tiles.scores_from_keys``
    with the score tables ``untied`` and ``table`` of n)."""
    status = pair_status(x, y)
    if status != OK:
        return status, 0.0
    n = x.shape[0]
    values = np.empty((2, n))
    for i in range(n):  # not ``values[0] = x``: see ``sorting``'s note on shape checks
        values[0, i] = x[i]
        values[1, i] = y[i]
    keys = np.empty((2, n), dtype=np.uint64)
    rank_keys(values.view(np.uint64), keys)
    keys[0].sort()  # Numba's sort: ~8% faster than sorting.sort_in_place at n = 1e3..1e4
    keys[1].sort()
    scores = np.empty((2, n))
    constant = np.zeros(2, dtype=np.bool_)
    scores_from_keys(values, keys, untied, table, False, scores, constant)
    return OK, pearson(scores[0], scores[1])
