"""All-pairs KSG: per-column structures shared by every pair, a 2-D sweep per pair.

For a pair (X_i, X_j) of prepared columns, the k nearest neighbours of each
point in the joint max-norm are found by sweeping outward along X_i in
sorted order (shared by every pair X_i takes part in): candidates come in
order of increasing |dx|, and the sweep stops once |dx| reaches the current
k-th smallest distance, so no tree is built per pair.  The marginal counts
are then two calls of ``ksg.count_around`` on the shared sorted copies of
X_i and X_j, and the digamma terms come from a table of psi(0..n + 1).

Kraskov, Stoegbauer & Grassberger, "Estimating mutual information",
Phys. Rev. E 69, 066138 (2004), algorithms 1 (eq. 8) and 2 (eq. 9).
"""

from typing import NamedTuple

import numpy as np

from fastmi._jit import kernel
from fastmi._kernels.ksg import count_around


class ContinuousFeatures(NamedTuple):
    """Prepared continuous columns (p columns, n samples), one per row.

    values : (p, n) float64, standardized (and jittered) columns
    order : (p, n) int64, a stable argsort of each row
    rank : (p, n) int64, the inverse of ``order`` (position in sorted order)
    sorted_values : (p, n) float64, ``values`` in sorted order
    """

    values: np.ndarray
    order: np.ndarray
    rank: np.ndarray
    sorted_values: np.ndarray


@kernel(inline=True)
def _insert(best, best_dx, best_dy, k, d, dx, dy):
    """Insert distance d (with its |dx|, |dy|) into the ascending k-best lists."""
    t = k - 1
    while t > 0 and best[t - 1] > d:
        best[t] = best[t - 1]
        best_dx[t] = best_dx[t - 1]
        best_dy[t] = best_dy[t - 1]
        t -= 1
    best[t] = d
    best_dx[t] = dx
    best_dy[t] = dy


@kernel
def joint_knn_sweep(xs, ys, k, eps, eps_x, eps_y):
    """k-th nearest-neighbour max-norm distance of every point of a 2-D set.

    xs : (n,) sorted x; ys : (n,) the y of the same points.  For every point
    r (in this order): ``eps[r]`` = max-norm distance to its k-th nearest
    other point; ``eps_x[r]``, ``eps_y[r]`` = largest |dx|, |dy| over those k
    neighbours (KSG algorithm 2).  Distances are |a - b| with the larger value
    first, as the KD-tree computes them.
    """
    n = xs.shape[0]
    best = np.empty(k)
    best_dx = np.empty(k)
    best_dy = np.empty(k)
    for r in range(n):
        x = xs[r]
        y = ys[r]
        for t in range(k):
            best[t] = np.inf
        left = r - 1
        right = r + 1
        while left >= 0 or right < n:
            dl = x - xs[left] if left >= 0 else np.inf
            dr = xs[right] - x if right < n else np.inf
            if dl <= dr:
                dx = dl
                c = left
                left -= 1
            else:
                dx = dr
                c = right
                right += 1
            if dx >= best[k - 1]:
                break
            yc = ys[c]
            dy = y - yc if y >= yc else yc - y
            d = dx if dx >= dy else dy
            if d < best[k - 1]:
                _insert(best, best_dx, best_dy, k, d, dx, dy)
        eps[r] = best[k - 1]
        ex = 0.0
        ey = 0.0
        for t in range(k):
            ex = max(ex, best_dx[t])
            ey = max(ey, best_dy[t])
        eps_x[r] = ex
        eps_y[r] = ey


@kernel
def ksg_pair(a, i, b, j, k, algorithm, psi, scratch):
    """KSG MI in nats of a.values[i] and b.values[j] (unclipped).

    ``scratch`` is (5, n) float64 work space; ``psi[m]`` = digamma(m).
    """
    n = a.values.shape[1]
    order_i = a.order[i]
    order_j = b.order[j]
    ys = scratch[0]
    eps = scratch[1]
    eps_x = scratch[2]
    eps_y = scratch[3]
    radii_y = scratch[4]
    values_j = b.values[j]
    for r in range(n):
        ys[r] = values_j[order_i[r]]
    joint_knn_sweep(a.sorted_values[i], ys, k, eps, eps_x, eps_y)
    strict = algorithm == 1
    # Radii per point in each column's sorted order (eps is in X_i's order).
    radii_x = eps if strict else eps_x
    radii_from = eps if strict else eps_y
    rank_i = a.rank[i]
    for t in range(n):
        radii_y[t] = radii_from[rank_i[order_j[t]]]
    counts_x = np.empty(n, dtype=np.int64)
    counts_y = np.empty(n, dtype=np.int64)
    count_around(a.sorted_values[i], radii_x, strict, counts_x, 0, n)
    count_around(b.sorted_values[j], radii_y, strict, counts_y, 0, n)
    # Neighbours other than the point itself (count_around counts it).
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
def ksg_block(a, b, rows, cols, symmetric, k, algorithm, psi, scale, out, out_rows, out_cols):
    """KSG MI of a[i], b[j] for i in [rows), j in [cols) into
    out[out_rows[i], out_cols[j]], divided by ``scale``; when ``symmetric``
    only j > i, mirrored (the diagonal is left alone)."""
    n = a.values.shape[1]
    scratch = np.empty((5, n))
    for i in range(rows[0], rows[1]):
        j_first = max(cols[0], i + 1) if symmetric else cols[0]
        for j in range(j_first, cols[1]):
            value = ksg_pair(a, i, b, j, k, algorithm, psi, scratch) / scale
            out[out_rows[i], out_cols[j]] = value
            if symmetric:
                out[out_cols[j], out_rows[i]] = value
