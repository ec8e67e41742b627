"""All-pairs kernels: KSG over per-column structures shared by every pair,
and the copula's rank pass and placement of its blocks into the result.

KSG: each column's sorted order and sorted copy are computed once and shared
by every pair it takes part in.  Algorithm 1 (distances only) runs in
``fastmi._kernels.ksg.ksg1_block`` on y-rank bands; algorithm 2 needs the
neighbours' ids, so here a pair's joint k-NN search is the rank grid of
``fastmi._kernels.ksg`` (``grid_build`` / ``grid_knn``: no tree per pair),
its marginal counts are ``ksg.psi_sum_around`` on the shared sorted copies,
whose digamma means use a table of psi(0..n + 1); the formula is
``fastmi._kernels.ksg.ksg_estimate``.

Kraskov, Stoegbauer & Grassberger, "Estimating mutual information",
Phys. Rev. E 69, 066138 (2004), algorithms 1 (eq. 8) and 2 (eq. 9).
"""

import math
from typing import NamedTuple

import numpy as np

from fastmi._jit import kernel
from fastmi._kernels.ksg import (
    grid_build,
    grid_knn,
    ksg_estimate,
    marginal_radii,
    new_grid,
    psi_sum_around,
)
from fastmi._kernels.sorting import sort_positions_by


class ContinuousFeatures(NamedTuple):
    """Prepared continuous columns (p columns, n samples), one per row.

    values : (p, n) float64, standardized (and jittered) columns
    order : (p, n) int64, a stable argsort of each row
    sorted_values : (p, n) float64, ``values`` in sorted order
    """

    values: np.ndarray
    order: np.ndarray
    sorted_values: np.ndarray


@kernel
def ksg_pair(a, i, b, j, k, algorithm, grid, psi):
    """KSG MI in nats of a.values[i] and b.values[j] (unclipped), as
    ``fastmi.continuous.ksg_pair`` computes it; ``psi[m]`` = digamma(m) and
    ``grid`` the side of the rank grid."""
    n = a.values.shape[1]
    x_order, x_sorted = a.order[i], a.sorted_values[i]
    y_order, y_sorted = b.order[j], b.sorted_values[j]
    cells = new_grid(n, grid)
    grid_build(x_sorted, x_order, y_sorted, y_order, cells)
    strict = algorithm == 1
    eps = np.empty(n)
    ids = np.empty((n, 0 if strict else k + 1), dtype=np.int64)
    grid_knn(cells, k + 1, eps, ids, 0, n)
    radius_x = eps
    radius_y = eps
    if not strict:
        xy = np.empty((n, 2))
        xy[:, 0] = a.values[i]
        xy[:, 1] = b.values[j]
        radius_x = np.empty(n)
        radius_y = np.empty(n)
        marginal_radii(xy, ids, 1, radius_x, radius_y)
    # Radii in each column's sorted order, then the digamma sums of the counts
    # there: psi(n_x + 1) for algorithm 1, psi(n_x) for algorithm 2.
    sorted_radii = np.empty(n)
    counts = np.empty(n, dtype=np.int64)
    shift = 1 if strict else 0
    for t in range(n):
        sorted_radii[t] = radius_x[x_order[t]]
    sum_x = psi_sum_around(x_sorted, sorted_radii, strict, counts, psi, shift)
    for t in range(n):
        sorted_radii[t] = radius_y[y_order[t]]
    sum_y = psi_sum_around(y_sorted, sorted_radii, strict, counts, psi, shift)
    return ksg_estimate(psi, n, k, algorithm, sum_x / n, sum_y / n)


@kernel
def ksg_block(a, b, rows, cols, symmetric, k, algorithm, grid, psi, scale, out, out_rows,
              out_cols):  # fmt: skip
    """KSG MI of a[i], b[j] for i in [rows), j in [cols) into
    out[out_rows[i], out_cols[j]], divided by ``scale``; when ``symmetric``
    only j > i, mirrored, and the diagonal is NaN."""
    for i in range(rows[0], rows[1]):
        if symmetric and cols[0] <= i < cols[1]:
            out[out_rows[i], out_cols[i]] = np.nan  # a continuous self-MI is infinite
        j_first = max(cols[0], i + 1) if symmetric else cols[0]
        for j in range(j_first, cols[1]):
            value = ksg_pair(a, i, b, j, k, algorithm, grid, psi) / scale
            out[out_rows[i], out_cols[j]] = value
            if symmetric:
                out[out_cols[j], out_rows[i]] = value


#: Runs of sort keys equal in their high bits longer than this are sorted by
#: an argsort rather than by insertion.
_INSERTION_RUN = 32


@kernel(inline=True)
def _index_bits(n):
    """Bits that hold a position 0..n-1 (at least 1)."""
    bits = 1
    while (1 << bits) < n:
        bits += 1
    return bits


@kernel
def rank_keys(bits, keys):
    """Sort keys of each row of (rows, n) float64 values, given as their bits
    (``values.view(np.uint64)``, any layout).

    keys[r, s] holds an unsigned integer that orders like values[r, s] in its
    high bits and s in its ``_index_bits(n)`` low bits, so that numpy's sort of
    each row of keys (much faster than an argsort) carries the positions
    along.  Values that agree in the high bits are put in order by
    ``scores_from_keys``.
    """
    rows, n = bits.shape
    low = np.uint64((1 << _index_bits(n)) - 1)
    sign = np.uint64(1) << np.uint64(63)
    for s in range(n):  # row-major over the (n, rows) table values is a view of
        for r in range(rows):
            u = bits[r, s]
            # IEEE order as unsigned order: negatives flipped, positives shifted up.
            u = ~u if u & sign else u | sign
            keys[r, s] = (u & ~low) | np.uint64(s)


@kernel
def scores_from_keys(values, keys, untied, table, standardize, out, constant):
    """Normal scores of each row of ``values`` (rows, n) from its sorted
    ``rank_keys``, written to ``out`` (the copula rank pass).

    A row without ties gets ``untied[t]`` at sorted position t.  A run of
    equal values at sorted positions a..b gets ``table[a + b + 2]``, the score
    of its average rank (``scipy.stats.rankdata``'s "average"); with
    ``standardize`` such a row is then centred and scaled to unit norm (a
    constant row stays 0).  ``untied`` is already standardized when asked.
    ``constant[r]`` tells whether row r holds one value only.
    """
    rows, n = values.shape
    if n == 0:
        return
    low = np.uint64((1 << _index_bits(n)) - 1)
    order = np.empty(n, dtype=np.int64)
    for r in range(rows):
        row, row_keys, dst = values[r], keys[r], out[r]
        # Equal values have equal high bits: without such neighbours the key
        # order is the value order and there are no ties (the common case;
        # no early exits: branch-free loops are several times faster).
        near = False
        for t in range(1, n):
            near |= ((row_keys[t] ^ row_keys[t - 1]) & ~low) == 0
        if not near:
            constant[r] = n == 1
            for t in range(n):
                dst[np.int64(row_keys[t] & low)] = untied[t]
            continue
        # Positions in key order, then each run of keys equal in the high
        # bits sorted by value: by insertion when short (tied values are
        # already in order), else by a heapsort (no quadratic cliff on
        # columns of values a few ulps apart).
        for t in range(n):
            order[t] = np.int64(row_keys[t] & low)
        start = 0
        for t in range(1, n + 1):
            if t < n and ((row_keys[t] ^ row_keys[t - 1]) & ~low) == 0:
                continue
            if t - start > _INSERTION_RUN:
                sort_positions_by(order[start:t], row)
            else:
                for u in range(start + 1, t):
                    position = order[u]
                    v = u
                    while v > start and row[order[v - 1]] > row[position]:
                        order[v] = order[v - 1]
                        v -= 1
                    order[v] = position
            start = t
        constant[r] = row[order[0]] == row[order[n - 1]]
        tied = False
        previous = row[order[0]]
        for t in range(1, n):
            value = row[order[t]]
            tied |= value == previous
            previous = value
        if not tied:
            for t in range(n):
                dst[order[t]] = untied[t]
            continue
        start = 0
        for t in range(1, n + 1):
            if t == n or row[order[t]] != row[order[start]]:
                score = table[start + t + 1]  # first + last + 2, last = t - 1
                for u in range(start, t):
                    dst[order[u]] = score
                start = t
        if standardize:
            mean = 0.0
            for t in range(n):
                mean += dst[t]
            mean /= n
            squares = 0.0
            for t in range(n):
                dst[t] -= mean
                squares += dst[t] * dst[t]
            if squares > 0.0:
                norm = math.sqrt(squares)
                for t in range(n):
                    dst[t] /= norm


@kernel
def negated_squares(values, row_block, upper_only):
    """values[i, j] = -min(r², 1) for r = values[i, j] over the 64-row block
    ``row_block`` (from column i0 = 64 row_block on when ``upper_only``): the
    first step of ``gaussian.correlation_mi``, whose log1p numpy then takes
    on the same strip (vectorized)."""
    rows, cols = values.shape
    i0 = 64 * row_block
    for i in range(i0, min(i0 + 64, rows)):
        row = values[i]
        # Unsigned indices: a signed one is checked for wraparound, which
        # keeps LLVM from vectorizing the loop.
        for j in range(np.uint64(i0 if upper_only else 0), np.uint64(cols)):
            row[j] = -min(row[j] * row[j], 1.0)


@kernel
def place_block(values, row_block, const_a, const_b, bias, cap, scale, upper_only, out, row0,
                col0, mirror, in_place):  # fmt: skip
    """Store a 64-row block of copula MI into the result.

    ``values`` holds log1p(-min(r², 1)) (``negated_squares`` then numpy's
    log1p); out[row0 + i, col0 + j] = (min(values[i, j] * -0.5, cap) + bias)
    / scale, the arithmetic of ``gaussian.correlation_mi`` (``cap``: its
    ``resolution_cap``, log n) then the bias, or 0 when
    column i of a or j of b is constant.  With ``upper_only`` (a diagonal
    block of a symmetric result) only the upper triangle of ``values`` is
    read, only j > i is stored and the diagonal is set to NaN; with
    ``mirror`` each entry also goes to out[col0 + j, row0 + i].  Only rows
    64 row_block .. 64 row_block + 63 are done (threads take disjoint
    blocks), and ``values`` is overwritten there.  Stores go in 64 x 64
    sub-blocks so that the mirrored ones stay in cache.  ``in_place``:
    ``values`` is the block of ``out`` at (row0, col0) itself, so only the
    mirror is stored.
    """
    rows, cols = values.shape
    step = 64
    i0 = row_block * step
    i1 = min(i0 + step, rows)
    for i in range(i0, i1):
        source = values[i]
        constant_row = const_a[i]
        # Branch-free, unsigned indices (see negated_squares): vectorized.
        for j in range(np.uint64(i + 1 if upper_only else 0), np.uint64(cols)):
            mi = (min(source[j] * -0.5, cap) + bias) / scale
            source[j] = 0.0 if constant_row | const_b[j] else mi
    # Explicit loops: a slice assignment would copy through a temporary.
    for j0 in range(i0 if upper_only else 0, cols, step):
        j1 = min(j0 + step, cols)
        for i in range(i0, i1 if not in_place else i0):
            source = values[i]
            target = out[row0 + i]
            for j in range(max(j0, i + 1) if upper_only else j0, j1):
                target[col0 + j] = source[j]
        if mirror:
            for j in range(j0, j1):
                target = out[col0 + j]
                for i in range(i0, min(i1, j) if upper_only else i1):
                    target[row0 + i] = values[i, j]
    if upper_only:
        for i in range(i0, i1):
            out[row0 + i, col0 + i] = np.nan
