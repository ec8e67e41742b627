"""Discrete MI of every candidate feature with one other variable (greedy selection).

``codes`` is a (p, n) int32 table of dense codes (row k: feature k, levels
0 .. n_levels[k] - 1, every level present); ``other`` is an (n,) int32 code
vector with ``n_other`` levels, all present.  One call fills, for the
candidates k in [lo, hi):

* ``mi[k]`` = H(X_k) + H(other) - H(X_k, other) in nats,
* ``joint[k]`` = H(X_k, other),

each entropy by estimator id (``fastmi._kernels.entropy``) with the observed
alphabet sizes (n_levels[k], n_other and their product for the pair), as
``fastmi.pairwise`` does.  Plug-in MI is clipped at 0, as there.
"""

import math

import numpy as np

from fastmi._jit import kernel
from fastmi._kernels.entropy import PLUGIN, entropy_counts


@kernel
def xlogx_table(n):
    """``table[c] = c log c`` for c = 0..n (0 log 0 = 0)."""
    table = np.zeros(n + 1)
    for c in range(2, n + 1):
        table[c] = c * math.log(c)
    return table


@kernel
def _plugin_entropy(counts, m, n, xlogx):
    """Plug-in entropy of the first ``m`` int64 counts summing to ``n``; 0 for
    a one-cell alphabet (as ``entropy_counts``)."""
    if m <= 1:
        return 0.0
    acc = 0.0
    for t in range(m):
        acc += xlogx[counts[t]]
    return math.log(n) - acc / n


@kernel(plugin_twin=True)
def _entropy(counts, m, n_bins, n, estimator, xlogx, scratch):
    if estimator == PLUGIN:
        return _plugin_entropy(counts, m, n, xlogx)
    for t in range(m):
        scratch[t] = float(counts[t])
    return entropy_counts(scratch[:m], n_bins, estimator)


@kernel(plugin_twin=True)
def feature_entropies(codes, n_levels, estimator, xlogx, out):
    """out[k] = H(X_k) by estimator id, for every row of ``codes``."""
    p, n = codes.shape
    top = 1
    for k in range(p):
        top = max(top, n_levels[k])
    counts = np.zeros(top, dtype=np.int64)
    scratch = np.empty(top)
    for k in range(p):
        m = n_levels[k]
        counts[:m] = 0
        for i in range(n):
            counts[codes[k, i]] += 1
        out[k] = _entropy(counts, m, float(m), n, estimator, xlogx, scratch)


@kernel(plugin_twin=True)
def mi_with_other(codes, n_levels, entropies, other, n_other, h_other, estimator, xlogx,
                  lo, hi, mi, joint):  # fmt: skip
    """MI of features lo..hi-1 with ``other`` into ``mi``, H(X_k, other) into
    ``joint`` (see the module docstring).

    A pair table of at most 4n + 64 cells is counted densely; a larger one
    (many levels on both sides) from the sorted pair keys, so memory stays
    O(n) whatever the alphabet sizes.
    """
    n = codes.shape[1]
    dense_limit = 4 * n + 64
    top = 1
    for k in range(lo, hi):
        cells = n_levels[k] * n_other
        if cells <= dense_limit:
            top = max(top, cells)
    table = np.zeros(max(top, n), dtype=np.int64)
    scratch = np.empty(max(top, n))
    keys = np.empty(n, dtype=np.int64)
    for k in range(lo, hi):
        row = codes[k]
        cells = n_levels[k] * n_other
        if cells <= dense_limit:
            table[:cells] = 0
            for i in range(n):
                table[row[i] * n_other + other[i]] += 1
            m = cells
        else:
            for i in range(n):
                keys[i] = np.int64(row[i]) * n_other + other[i]
            keys.sort()  # Numba's sort: ~10% faster than sorting.sort_in_place
            m = 0
            run = 1
            for i in range(1, n + 1):
                if i < n and keys[i] == keys[i - 1]:
                    run += 1
                else:
                    table[m] = run
                    m += 1
                    run = 1
        h_joint = _entropy(table, m, float(cells), n, estimator, xlogx, scratch)
        value = entropies[k] + h_other - h_joint
        if estimator == PLUGIN:
            value = max(value, 0.0)
        mi[k] = value
        joint[k] = h_joint


@kernel
def dense_int_columns(X, lo, hi, codes, n_levels):
    """Dense codes of the integer columns lo..hi-1 of ``X`` (n, p).

    codes[j, i] = rank of X[i, j] among the distinct values of column j
    (0-based, in increasing order), n_levels[j] = their number.  A column
    spanning at most 4n + 64 values is ranked by counting, a wider one by
    sorting, so memory stays O(n).
    """
    n = X.shape[0]
    limit = 4 * n + 64
    counts = np.zeros(limit, dtype=np.int64)
    column = np.empty(n, dtype=np.int64)
    for j in range(lo, hi):
        low = X[0, j]
        high = X[0, j]
        for i in range(n):
            column[i] = X[i, j]
            low = min(low, column[i])
            high = max(high, column[i])
        if high - low < limit:
            span = high - low + 1
            counts[:span] = 0
            for i in range(n):
                counts[column[i] - low] = 1
            r = 0
            for t in range(span):
                if counts[t] > 0:
                    counts[t] = r
                    r += 1
            for i in range(n):
                codes[j, i] = counts[column[i] - low]
            n_levels[j] = r
        else:
            order = np.argsort(column, kind="mergesort")
            r = 0
            for t in range(n):
                if t > 0 and column[order[t]] != column[order[t - 1]]:
                    r += 1
                codes[j, order[t]] = r
            n_levels[j] = r + 1
