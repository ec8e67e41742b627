"""All-pairs kernels: KSG over per-column structures shared by every pair,
and the placement of copula blocks into the result.

KSG: each column's sorted order and sorted copy are computed once and shared
by every pair it takes part in.  A pair's joint k-NN search is the rank grid
of ``fastmi._kernels.ksg`` (``grid_build`` / ``grid_knn``: no tree per pair),
its marginal counts are ``ksg.count_around`` on the shared sorted copies, and
the digamma means use a table of psi(0..n + 1); the formula is that of
``fastmi.continuous.ksg_from_counts``.

Kraskov, Stoegbauer & Grassberger, "Estimating mutual information",
Phys. Rev. E 69, 066138 (2004), algorithms 1 (eq. 8) and 2 (eq. 9).
"""

from typing import NamedTuple

import numpy as np

from fastmi._jit import kernel
from fastmi._kernels.ksg import count_around, grid_build, grid_knn, marginal_radii


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
    cell_start = np.empty(grid * grid + 1, dtype=np.int64)
    px = np.empty(n)
    py = np.empty(n)
    pid = np.empty(n, dtype=np.int64)
    pcell = np.empty(n, dtype=np.int64)
    col_lo = np.empty(grid)
    col_hi = np.empty(grid)
    row_lo = np.empty(grid)
    row_hi = np.empty(grid)
    grid_build(x_sorted, x_order, y_sorted, y_order, grid, cell_start, px, py, pid, pcell,
               col_lo, col_hi, row_lo, row_hi)  # fmt: skip
    strict = algorithm == 1
    eps = np.empty(n)
    ids = np.empty((n, 0 if strict else k + 1), dtype=np.int64)
    grid_knn(grid, cell_start, px, py, pid, pcell, col_lo, col_hi, row_lo, row_hi, k + 1,
             eps, ids, 0, n)  # fmt: skip
    radius_x = eps
    radius_y = eps
    if not strict:
        xy = np.empty((n, 2))
        xy[:, 0] = a.values[i]
        xy[:, 1] = b.values[j]
        radius_x = np.empty(n)
        radius_y = np.empty(n)
        marginal_radii(xy, ids, 1, radius_x, radius_y)
    # Radii in each column's sorted order, then counts there (self included).
    sorted_radii = np.empty(n)
    counts_x = np.empty(n, dtype=np.int64)
    counts_y = np.empty(n, dtype=np.int64)
    for t in range(n):
        sorted_radii[t] = radius_x[x_order[t]]
    count_around(x_sorted, sorted_radii, strict, counts_x, 0, n)
    for t in range(n):
        sorted_radii[t] = radius_y[y_order[t]]
    count_around(y_sorted, sorted_radii, strict, counts_y, 0, n)
    # psi(n_x + 1) for algorithm 1, psi(n_x) for algorithm 2 (self excluded).
    shift = 1 if strict else 0
    sum_x = 0.0
    sum_y = 0.0
    for t in range(n):
        sum_x += psi[max(counts_x[t] - 1, 0) + shift]
        sum_y += psi[max(counts_y[t] - 1, 0) + shift]
    if strict:
        return psi[n] + psi[k] - sum_x / n - sum_y / n
    return psi[k] - 1.0 / k + psi[n] - sum_x / n - sum_y / n


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


@kernel
def place_block(values, const_a, const_b, bias, scale, upper_only, out, out_rows, out_cols, mirror):
    """Store a block of MI values (nats, before the bias) into the result.

    out[out_rows[i], out_cols[j]] = (values[i, j] + bias) / scale, or 0 when
    column i of a or j of b is constant; with ``upper_only`` (a diagonal
    block of a symmetric result) only j > i is stored and the diagonal is set
    to NaN; with ``mirror`` each entry also goes to out[out_cols[j], out_rows[i]].
    ``values`` is overwritten.  Stores go in 64 x 64 sub-blocks so that the
    mirrored ones stay in cache.
    """
    rows, cols = values.shape
    for i in range(rows):
        row = values[i]
        for j in range(cols):
            row[j] = (row[j] + bias) / scale
        if const_a[i]:
            row[:] = 0.0
    for j in range(cols):
        if const_b[j]:
            values[:, j] = 0.0
    step = 64
    for i0 in range(0, rows, step):
        i1 = min(i0 + step, rows)
        for j0 in range(i0 if upper_only else 0, cols, step):
            j1 = min(j0 + step, cols)
            for i in range(i0, i1):
                target = out[out_rows[i]]
                for j in range(max(j0, i + 1) if upper_only else j0, j1):
                    target[out_cols[j]] = values[i, j]
            if mirror:
                for j in range(j0, j1):
                    target = out[out_cols[j]]
                    for i in range(i0, min(i1, j) if upper_only else i1):
                        target[out_rows[i]] = values[i, j]
    if upper_only:
        for i in range(rows):
            out[out_rows[i], out_cols[i]] = np.nan
