"""Kernels of ``fastmi.batch``: many small independent problems per call.

Each kernel runs the problems ``first:last`` of a stack in one call (the
caller hands fixed chunks of problems to threads, see ``fastmi._threads``)
and reuses the single-problem kernels, so a problem's result has the same
bits as the single-pair function on it:

* KSG algorithm 1 of a pair of 1-D columns: ``ksg.band_build``,
  ``ksg.band_knn``, ``ksg.count_indexed`` and ``ksg.ksg_estimate``, as
  ``fastmi._neighbours.band_eps`` / ``count_ranked`` run them;
* brute-force max-norm k-NN and strict counts for small multivariate
  problems (KSG with d > 1, Frenzel-Pompe CMI): the same integers as the
  KD-tree of the single path (distances ``|a - b|``, compared exactly);
* plug-in entropies of integer codes (``entropy.codes_pair_entropies``) and
  the copula's Pearson r of normal scores (``moments.copula_pearson``).

Means of digamma terms are ``pairwise_sum / n``: numpy's pairwise summation,
so they equal ``numpy.mean`` of the same terms to the last bit.
"""

import math

import numpy as np

from fastmi._jit import kernel
from fastmi._kernels import ksg as kk
from fastmi._kernels.entropy import codes_pair_entropies
from fastmi._kernels.moments import OK, copula_pearson
from fastmi._kernels.scaling import pairwise_sum


@kernel
def _ranked_psi_mean(sorted_vals, radii, counts, terms, psi):
    """Mean over ranks of ``psi[max(c - 1, 0) + 1]``, c the strict count
    (self included) of ``count_indexed`` (KSG algorithm 1's marginal term,
    summed in rank order as ``fastmi.continuous.ksg_pair`` does)."""
    n = sorted_vals.shape[0]
    padded, table, lo, inv = kk.new_count_index(sorted_vals)
    kk.count_indexed(padded, table, lo, inv, radii, True, counts, 0, n)
    for t in range(n):
        terms[t] = psi[max(counts[t] - 1, 0) + 1]
    return pairwise_sum(terms, 0, n) / n


@kernel
def ksg1_pairs(x_order, x, y_order, y, k, psi, out, first, last):
    """KSG algorithm 1 (nats, unclipped) of problems ``first:last``: rows b
    of the (B, n) arrays ``x`` and ``y`` hold x_b and y_b (prepared:
    standardized, jittered), those of ``x_order`` and ``y_order`` their
    argsort (numpy's default kind, as ``fastmi._neighbours.sorted_column``).
    ``psi[m]`` = digamma(m).  The sorted values are gathered here: one pass
    instead of a numpy gather per row or per stack."""
    n = x.shape[1]
    bands = kk.new_bands(n)
    x_sorted = np.empty(n)
    y_sorted = np.empty(n)
    eps_x = np.empty(n)
    eps_y = np.empty(n)
    y_rank = np.empty(n, dtype=np.int64)
    counts = np.empty(n, dtype=np.int64)
    terms = np.empty(n)
    for b in range(first, last):
        for r in range(n):
            x_sorted[r] = x[b, x_order[b, r]]
            y_sorted[r] = y[b, y_order[b, r]]
            y_rank[y_order[b, r]] = r
        kk.band_build(x_sorted, x_order[b], y_sorted, y_rank, bands)
        kk.band_knn(bands, k, eps_x, eps_y, 0, n)
        mean_x = _ranked_psi_mean(x_sorted, eps_x, counts, terms, psi)
        mean_y = _ranked_psi_mean(y_sorted, eps_y, counts, terms, psi)
        out[b] = kk.ksg_estimate(psi, n, k, 1, mean_x, mean_y)


#: Distances scanned per minimum in the brute-force k-NN selection.
BLOCK = 16


@kernel
def _brute_counts(points, k, spaces, best, diff, counts):
    """Max-norm k-NN of every row of ``points`` (n, D) by brute force, then
    ``counts[s, i]``: rows j != i strictly within the k-th distance of i in
    the columns c with ``spaces[s, c]`` set (at least one per space: the
    callers reject empty X, Y and Z); ``diff``: (D + 1, n) scratch.
    Every pass runs over j innermost, without branches, so it vectorizes;
    distances are maxima of ``|a - b|``, exact, so the counts do not depend
    on the order of the passes.  A space's last two columns are maximized
    inside its counting pass: one pass per space of one or two columns."""
    n, dims = points.shape
    joint = diff[dims]
    columns = np.empty(dims, dtype=np.int64)
    by_column = np.empty((dims, n))  # contiguous columns: the passes vectorize
    for j in range(n):
        for c in range(dims):
            by_column[c, j] = points[j, c]
    for i in range(n):
        for c in range(dims):
            a = by_column[c, i]
            values = by_column[c]
            for j in range(n):
                e = values[j]
                diff[c, j] = a - e if a >= e else e - a
        for j in range(n):
            joint[j] = diff[0, j]
        for c in range(1, dims):
            for j in range(n):
                joint[j] = max(joint[j], diff[c, j])
        joint[i] = np.inf  # not its own neighbour
        for t in range(k):
            best[t] = np.inf
        kth = np.inf
        for start in range(0, n, BLOCK):  # a block's minimum first: most blocks hold no candidate
            stop = min(start + BLOCK, n)
            low = np.inf
            for j in range(start, stop):
                low = min(low, joint[j])
            if low < kth:
                for j in range(start, stop):
                    if joint[j] < kth:
                        kth = kk.insert_sorted(best, joint[j])
        for s in range(spaces.shape[0]):
            m = 0
            for c in range(dims):
                if spaces[s, c]:
                    columns[m] = c
                    m += 1
            last = diff[columns[m - 1]]
            head = diff[columns[max(m - 2, 0)]]  # = last for one column
            if m > 2:  # the other columns' maximum, then the last two's
                for j in range(n):
                    joint[j] = diff[columns[0], j]
                for t in range(1, m - 1):
                    for j in range(n):
                        joint[j] = max(joint[j], diff[columns[t], j])
                head = joint
            inside = 0
            for j in range(n):
                inside += max(head[j], last[j]) < kth
            counts[s, i] = inside - (0.0 < kth)  # i itself is at distance 0


@kernel
def _psi_means(counts, psi, terms, means):
    """``means[s]`` = mean over i of ``psi[counts[s, i] + 1]`` (numpy's
    pairwise order, sample order)."""
    n = counts.shape[1]
    for s in range(counts.shape[0]):
        for i in range(n):
            terms[i] = psi[counts[s, i] + 1]
        means[s] = pairwise_sum(terms, 0, n) / n


@kernel
def brute_ksg1(points, dx, k, psi, out, first, last):
    """KSG algorithm 1 (nats, unclipped) of problems ``first:last`` of
    ``points`` (B, n, dx + dy), X the first dx columns, by brute force."""
    n, dims = points.shape[1], points.shape[2]
    spaces = np.zeros((2, dims), dtype=np.bool_)
    spaces[0, :dx] = True
    spaces[1, dx:] = True
    best = np.empty(k)
    diff = np.empty((dims + 1, n))
    counts = np.empty((2, n), dtype=np.int64)
    terms = np.empty(n)
    means = np.empty(2)
    for b in range(first, last):
        _brute_counts(points[b], k, spaces, best, diff, counts)
        _psi_means(counts, psi, terms, means)
        out[b] = kk.ksg_estimate(psi, n, k, 1, means[0], means[1])


@kernel
def brute_fp(points, dx, dy, k, psi, out, first, last):
    """Frenzel-Pompe CMI (nats, unclipped, ``ksg.fp_estimate``) of problems
    ``first:last`` of ``points`` (B, n, dx + dy + dz): X, Y, Z in that
    column order, by brute force."""
    n, dims = points.shape[1], points.shape[2]
    spaces = np.zeros((3, dims), dtype=np.bool_)
    spaces[0, :dx] = True  # (X, Z)
    spaces[0, dx + dy :] = True
    spaces[1, dx:] = True  # (Y, Z)
    spaces[2, dx + dy :] = True  # Z
    best = np.empty(k)
    diff = np.empty((dims + 1, n))
    counts = np.empty((3, n), dtype=np.int64)
    terms = np.empty(n)
    means = np.empty(3)
    for b in range(first, last):
        _brute_counts(points[b], k, spaces, best, diff, counts)
        _psi_means(counts, psi, terms, means)
        out[b] = kk.fp_estimate(psi, k, means[0], means[1], means[2])


@kernel(plugin_twin=True)
def code_pairs(x, y, estimator, max_cells, ok, h, first, last):
    """``entropy.codes_pair_entropies`` of rows ``first:last`` of the (B, n)
    int64 codes: ``ok[b]`` and ``h[b]`` = (H(X), H(Y), H(X, Y)) in nats."""
    for b in range(first, last):
        good, h_x, h_y, h_xy = codes_pair_entropies(x[b], y[b], 0.0, 0.0, estimator, max_cells)
        ok[b] = good
        h[b, 0] = h_x
        h[b, 1] = h_y
        h[b, 2] = h_xy


@kernel
def copula_pairs(x, y, untied, table, bias, scale, out, first, last):
    """``copula_mi``'s one-kernel path for rows ``first:last`` of the (B, n)
    float64 stacks: ``out[b]`` = the MI, or NaN where ``moments.pair_status``
    is not OK (the caller takes the general path there).  The MI is
    ``_copula_core.small_result``'s arithmetic on the same libm functions
    (log1p, log), so the same bits: -½ log1p(-r²) capped at log(n), plus
    ``bias``, divided by ``scale``."""
    cap = math.log(float(x.shape[1]))
    for b in range(first, last):
        status, r = copula_pearson(x[b], y[b], untied, table)
        if status != OK:
            out[b] = np.nan
            continue
        r2 = r * r
        mi = cap if r2 >= 1.0 else min(-0.5 * math.log1p(-r2), cap)
        out[b] = (mi + bias) / scale
