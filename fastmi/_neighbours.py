"""Exact max-norm neighbour searches of the k-NN estimators (``fastmi.continuous``).

* a pair of 1-D variables (the common case: feature vs target, all pairs):
  the joint k-NN comes from bands of consecutive y-ranks (KSG algorithm 1:
  ``band_eps``) or a grid of marginal-rank cells (algorithm 2, which needs
  the neighbours' ids: ``pair_knn``), built from the two sorted copies (no
  tree, see ``fastmi._kernels.ksg``), and the marginal counts from the same
  sorted copies through a bucket index that puts each end of a count within
  a few slots (``count_index``, ``count_ranked``).  ``sorted_column``,
  ``column_rank`` and ``count_index`` are the per-feature structures to
  share across pairs.
* multivariate variables: a KD-tree in flat arrays (``fastmi.kdtree``) for
  the joint k-NN and for the counts in spaces of 2 or more dimensions; 1-D
  marginals still use the sorted copies.
* the mixed estimators' same-class neighbours: ``class_neighbour_counts``.

"Within eps" is ``distance < eps`` (strict) or ``<=``, compared in floating
point with distances ``|a - b|`` (no epsilon fudge).  Work is split into
fixed chunks of points and counts are integers, so results do not depend on
the number of threads.
"""

import math
import threading

import numpy as np
from scipy.special import digamma

from fastmi import _threads
from fastmi import kdtree as kdt
from fastmi._kernels import ksg as kern

LEAFSIZE = 8
#: Points per chunk of a parallel count or search (smaller inputs run inline).
CHUNK = 8192
#: Up to this many samples Ross's estimate of one column is one kernel call
#: (``ross_estimate``, one thread) whose radius counts gallop from each rank;
#: above, the general path's bucket index counts faster (measured n = 100-8192).
ROSS_ONE_CALL = 4096
#: Average points per cell of the rank grid (tuned on Gaussian and curved pairs).
GRID_FILL = 8


def _chunked(kernel_call, n, n_jobs):
    """Run ``kernel_call(first, last)`` over chunks of ``range(n)`` (one
    chunk, in the calling thread, when n <= CHUNK)."""
    _threads.run_ranges(kernel_call, n, n_jobs, CHUNK, CHUNK)


def sorted_column(values):
    """(order, sorted values) of a 1-D column: the marginal structure that the
    1-D counts take (share it across every pair the column is in)."""
    order = np.argsort(values)
    return order, np.ascontiguousarray(values[order])


def column_rank(order):
    """Inverse permutation of a ``sorted_column`` order: rank of each sample."""
    rank = np.empty_like(order)
    rank[order] = np.arange(order.shape[0], dtype=order.dtype)
    return rank


def count_index(sorted_vals):
    """The bucket index that ``count_ranked`` searches (share it across
    every count in the same column)."""
    return kern.new_count_index(sorted_vals)


def count_ranked(sorted_vals, sorted_radii, strict, n_jobs=None, index=None):
    """``count_indexed`` of every rank of a sorted column: neighbours within
    each radius, the point itself included; radii and counts in sorted order
    (``index``: the column's ``count_index``, made here if None)."""
    n = sorted_vals.shape[0]
    rad = np.ascontiguousarray(sorted_radii)
    out = np.empty(n, dtype=np.int64)
    index = count_index(sorted_vals) if index is None else index
    _chunked(lambda a, b: kern.count_indexed(*index, rad, strict, out, a, b), n, n_jobs)
    return out


def count_sorted(order, sorted_vals, radii, strict, n_jobs=None):
    """Neighbours of every point (itself excluded) within its radius, in a 1-D
    column given as ``sorted_column``; ``radii`` and the result in sample order."""
    return _to_samples(order, count_ranked(sorted_vals, radii[order], strict, n_jobs))


def _to_samples(order, ranked_counts):
    """Counts in sorted order (self included) -> sample order, self excluded."""
    counts = np.empty_like(ranked_counts)
    counts[order] = ranked_counts
    return np.maximum(counts - 1, 0)


def neighbour_counts(data, radii, strict, n_jobs=None):
    """Max-norm neighbours of every row within its radius (itself excluded).

    One column: binary search in a sorted copy (O(log count) per point, no
    tree to build).  Several columns: a KD-tree radius count.
    """
    if data.shape[1] == 1:
        order, vals = sorted_column(data[:, 0])
        return count_sorted(order, vals, radii, strict, n_jobs)
    tree = kdt.build(data, LEAFSIZE)
    tree_counts = kdt.self_count(
        tree, np.ascontiguousarray(radii[tree.perm]), kdt.MAX_NORM, strict, n_jobs
    )
    counts = np.empty_like(tree_counts)
    counts[tree.perm] = tree_counts
    return np.maximum(counts - 1, 0)


def joint_knn(data, k, n_jobs=None):
    """(tree, eps, pos): max-norm distance from every row to its k-th nearest
    other row (sample order), and the tree positions of the k + 1 nearest rows
    of each tree point (tree order)."""
    tree = kdt.build(data, LEAFSIZE)
    eps_tree, pos = kdt.self_knn(tree, k, kdt.MAX_NORM, n_jobs)
    eps = np.empty_like(eps_tree)
    eps[tree.perm] = eps_tree
    return tree, eps, pos


def band_eps(x_sorted, y_sorted, k, n_jobs=None, y_rank=None):
    """Max-norm distance from each sample to its k-th nearest other sample,
    as ``(by x-rank, by y-rank)``, from the y-rank bands of
    ``fastmi._kernels.ksg`` (``y_rank``: optional ``column_rank`` of y)."""
    x_order, xs = x_sorted
    y_order, ys = y_sorted
    if y_rank is None:
        y_rank = column_rank(y_order)
    n = xs.shape[0]
    bands = kern.new_bands(n)
    kern.band_build(xs, x_order, ys, y_rank, bands)
    eps_x, eps_y = np.empty(n), np.empty(n)
    _chunked(lambda a, b: kern.band_knn(bands, k, eps_x, eps_y, a, b), n, n_jobs)
    return eps_x, eps_y


def pair_knn(x_sorted, y_sorted, k, n_jobs=None, want_ids=False):
    """Joint k-NN of two 1-D variables given as ``sorted_column`` pairs.

    Returns ``(eps, ids)``: the max-norm distance from each sample to its
    k-th nearest other sample and, if ``want_ids``, the ids of its k + 1
    nearest samples (itself included; else ``ids`` has 0 columns).  Distances
    only: the y-rank bands (``band_eps``); with ids: the rank grid of
    ``fastmi._kernels.ksg`` (no tree to build: see there).
    """
    x_order, xs = x_sorted
    y_order, ys = y_sorted
    n = xs.shape[0]
    if not want_ids:
        eps = np.empty(n)
        eps[x_order] = band_eps(x_sorted, y_sorted, k, n_jobs)[0]
        return eps, np.empty((n, 0), dtype=np.int64)
    grid = kern.new_grid(n, grid_cells(n))
    kern.grid_build(xs, x_order, ys, y_order, grid)
    eps = np.empty(n)
    ids = np.empty((n, k + 1), dtype=np.int64)
    _chunked(lambda a, b: kern.grid_knn(grid, k + 1, eps, ids, a, b), n, n_jobs)
    return eps, ids


def kth_gaps(sorted_vals, k, n_jobs):
    """Distance from every rank of a sorted column to its k-th nearest other
    value (by rank)."""
    out = np.empty(sorted_vals.shape[0])
    _chunked(lambda a, b: kern.kth_gap(sorted_vals, k, out, a, b), out.shape[0], n_jobs)
    return out


def kth_neighbour_distance(data, k, p, n_jobs=None):
    """Distance from every row to its k-th nearest other row (sample order).

    One column: a two-pointer walk in a sorted copy; several: a KD-tree.
    """
    n = data.shape[0]
    if data.shape[1] == 1:
        order, vals = sorted_column(data[:, 0])
        eps = np.empty(n)
        eps[order] = kth_gaps(vals, k, n_jobs)
        return eps
    tree = kdt.build(data, LEAFSIZE)
    eps_tree, _ = kdt.self_knn(tree, k, p, n_jobs)
    if p == kdt.EUCLIDEAN:
        eps_tree = np.sqrt(eps_tree)
    eps = np.empty(n)
    eps[tree.perm] = eps_tree
    return eps


def class_neighbour_counts(x, codes, sizes, k, n_jobs=None):
    """The neighbour structure of the mixed estimators.

    For every sample i of class c (classes of one sample removed by the
    caller), with k_i = min(k, n_c - 1) and rho_i the distance to its k_i-th
    nearest neighbour within its class (max-norm): returns ``(rho, k_i,
    k_in, m_in)`` where k_in / m_in count the samples of its class / of all
    classes within rho_i, inclusive, itself excluded.  Without ties k_in =
    k_i and m_in is Ross's m_i; with ties both grow together, so the local
    class proportion k_in / m_in stays consistent.
    """
    n, d = x.shape
    k_i = np.minimum(k, sizes[codes] - 1)
    if d == 1:
        rho, k_in, m_in = _class_counts_1d(x[:, 0], codes, sizes, k, n_jobs)
        return rho, k_i, k_in, m_in
    rho = np.empty(n)
    k_in = np.empty(n, dtype=np.int64)
    by_class = np.argsort(codes, kind="stable")
    ends = np.cumsum(sizes)
    for c in np.flatnonzero(sizes):
        members = by_class[ends[c] - sizes[c] : ends[c]]
        part = x[members]
        kc = int(min(k, members.shape[0] - 1))
        rho_c = kth_neighbour_distance(part, kc, kdt.MAX_NORM, n_jobs)
        rho[members] = rho_c
        k_in[members] = neighbour_counts(part, rho_c, False, n_jobs)
    m_in = neighbour_counts(x, rho, False, n_jobs)
    return rho, k_i, k_in, m_in


def ross_estimate(column, codes, k):
    """Ross's estimate (nats) of one column and its int codes (classes of one
    sample included) in one kernel call, ``_kernels.ksg.ross_estimate``: the
    counts of ``class_neighbour_counts``, the bits of ``continuous.mixed_raw``.
    For columns of at most ROSS_ONE_CALL samples."""
    # numpy's sort, as sorted_column; tied samples may come in any order:
    # their counts are the same, and the means place terms by sample.
    order = np.argsort(column)
    return kern.ross_estimate(column, order, codes, k, digamma_table(column.shape[0]))


def _class_counts_1d(column, codes, sizes, k, n_jobs):
    """``class_neighbour_counts`` of one column from a single sort (the
    classes' sorted values are picked from it in ``class_gaps``).
    Returns ``(rho, k_in, m_in)`` in sample order."""
    n = column.shape[0]
    order, vals = sorted_column(column)
    rho_ranked = np.empty(n)
    k_in_ranked = np.empty(n, dtype=np.int64)
    kern.class_gaps(vals, codes[order], sizes, k, rho_ranked, k_in_ranked)
    m_in_ranked = count_ranked(vals, rho_ranked, False, n_jobs)
    rho = np.empty(n)
    rho[order] = rho_ranked
    return rho, _to_samples(order, k_in_ranked), _to_samples(order, m_in_ranked)


# ------------------------------------------------------------ digamma table
#: Largest n whose table is kept for later calls (8 MB); larger ones are
#: made per call.
_PSI_CACHED = 1 << 20
_psi_lock = threading.Lock()
_psi = np.array([-np.inf])


def _digamma_values(m):
    """``psi[j] = digamma(j)`` for j = 0..m - 1 (psi[0] = -inf, as scipy)."""
    psi = np.empty(m)
    psi[0] = -np.inf
    psi[1:] = digamma(np.arange(1, m, dtype=np.float64))
    return psi


def grid_cells(n):
    """Cells per side of ``pair_knn``'s rank grid for n samples."""
    return max(1, min(n, int(math.sqrt(n / GRID_FILL))))


def digamma_table(n):
    """``psi[m] = digamma(m)`` for m = 0..n + 1 at least (psi[0] = -inf):
    look-ups give the same bits as scipy's digamma of the counts.

    One table shared by every call (it only grows, so a caller's table stays
    valid); read it, never write to it.
    """
    global _psi
    table = _psi
    if table.shape[0] >= n + 2:
        return table
    if n + 2 > _PSI_CACHED:
        return _digamma_values(n + 2)
    with _psi_lock:
        if _psi.shape[0] < n + 2:
            _psi = _digamma_values(min(_PSI_CACHED, max(n + 2, 2 * _psi.shape[0], 1024)))
        return _psi
