"""Kernels of the network scores that read the MI matrix as ``pairwise_mi``
returns it: the check of the matrix, CLR z-scores (Faith et al. 2007) row by
row, and MRNETB's per-target search (Meyer et al. 2010).

The diagonal is skipped (it may be NaN) and negative estimates count as 0, so
no clipped copy of a genome-scale matrix is ever made.  Sums run in float64
whatever the input precision.
"""

import math

import numpy as np

from fastmi._jit import kernel

#: Side of the square blocks the check compares with their mirror (in cache).
CHECK_BLOCK = 64


@kernel
def mi_matrix_fault(mi, rtol, first, last, fault):
    """First fault among the row blocks ``first:last`` (of ``CHECK_BLOCK``
    rows): ``fault`` = (kind, i, j) with kind 1 NaN, 2 infinite, 3 M_ij and
    M_ji differ by more than 1e-12 + rtol |M_ji|; kind 0 when none.  Each
    block of the upper triangle is compared with its mirror while both are in
    cache; the diagonal is never read."""
    p = mi.shape[0]
    fault[0] = 0
    for block in range(first, last):
        i0 = block * CHECK_BLOCK
        i1 = min(i0 + CHECK_BLOCK, p)
        for j0 in range(i0, p, CHECK_BLOCK):
            j1 = min(j0 + CHECK_BLOCK, p)
            for i in range(i0, i1):
                for j in range(max(j0, i + 1), j1):
                    a, b = mi[i, j], mi[j, i]
                    kind, fi, fj = 0, i, j
                    if not np.isfinite(a):
                        kind = 1 if np.isnan(a) else 2
                    elif not np.isfinite(b):
                        kind, fi, fj = (1 if np.isnan(b) else 2), j, i
                    elif abs(a - b) > 1e-12 + rtol * abs(b):
                        kind = 3
                    if kind:
                        fault[0], fault[1], fault[2] = kind, fi, fj
                        return


@kernel
def clr_background(mi, mean, scale, first, last):
    """Mean and 1 / standard deviation (ddof=0; 0 for a constant row) of the
    p - 1 clipped off-diagonal entries of rows ``first:last`` (two passes over
    a row that stays in cache)."""
    p = mi.shape[1]
    for i in range(first, last):
        total = 0.0
        for j in range(p):
            if j != i:
                total += max(mi[i, j], 0.0)
        mu = total / (p - 1)
        spread = 0.0
        for j in range(p):
            if j != i:
                d = max(mi[i, j], 0.0) - mu
                spread += d * d
        mean[i] = mu
        std = math.sqrt(spread / (p - 1))
        scale[i] = 1.0 / std if std > 0.0 else 0.0


@kernel
def clr_rows(mi, mean, scale, rows, directed, out, first, last):
    """``out[k, t]`` for k in ``first:last``, regulator r = ``rows[k]``:
    sqrt(z_r^2 + z_t^2) of M_rt against the backgrounds of r and t, where
    z_g = max(0, (M_rt - mean_g) * scale_g) (0 for a constant background), or
    with ``directed`` z_t alone (r judged among target t's candidates).  The
    self-edge t = r is 0."""
    p = mi.shape[1]
    for k in range(first, last):
        r = rows[k]
        for t in range(p):
            if t == r:
                out[k, t] = 0.0
                continue
            value = max(mi[r, t], 0.0)
            z_target = max((value - mean[t]) * scale[t], 0.0)
            if directed:
                out[k, t] = z_target
            else:
                z_regulator = max((value - mean[r]) * scale[r], 0.0)
                out[k, t] = math.sqrt(z_regulator * z_regulator + z_target * z_target)


# ------------------------------------------------------------------ MRNET
@kernel(inline=True)
def _clear_target(candidates, t, out):
    """The candidate regulators of target t (all but t itself), after
    zeroing their scores ``out[t, k]`` (MRNET and MRNETB fill the kept ones)."""
    for k in range(candidates.shape[0]):
        out[t, candidates[k]] = 0.0
    return candidates[candidates != t]


@kernel
def mrnet_targets(mi, candidates, first, last, out):
    """``out[t, k]`` = mRMR score of candidate k when forward selection
    (Meyer et al. 2007) picks it for target t, for t in ``first:last``: at
    step s the score is M_tk - (sum of M_kj over the s genes j already
    selected) / s (M_tk at s = 0); ties go to the lowest index.  ``mi`` is
    the clipped MI matrix (zero diagonal); O(n_candidates^2) per target."""
    for t in range(first, last):
        cand = _clear_target(candidates, t, out)
        n = cand.shape[0]
        chosen = np.zeros(n, dtype=np.bool_)
        redundancy = np.zeros(n)  # sum of M_kj over the selected j
        for step in range(n):
            best, best_score = -1, -np.inf
            for a in range(n):
                if not chosen[a]:
                    score = mi[t, cand[a]] - (redundancy[a] / step if step else 0.0)
                    if score > best_score:
                        best, best_score = a, score
            chosen[best] = True
            out[t, cand[best]] = best_score
            for a in range(n):
                redundancy[a] += mi[cand[best], cand[a]]  # symmetric: read a row


# ------------------------------------------------------------------ MRNETB
# MRNETB's per-target search (Meyer, Marbach, Roy and Kellis 2010).
#
# For a target t and candidate set C, the mRMR score of a gene k in a kept
# subset S is s_S(k) = M_tk - sum_{j in S, j != k} M_kj / (|S| - 1), and the
# subset's objective is Q(S) = sum_{k in S} s_S(k).  Backward elimination
# starts from S = C and drops the gene of lowest score while that score is
# negative (it brings more redundancy than relevance); sequential replacement
# then swaps a kept gene a for a dropped gene b while the best swap raises Q.
# With R_x = sum_{j in S} M_xj, that swap changes Q by
# (M_tb - M_ta) - 2 (R_b - M_ab - R_a) / (|S| - 1).

#: Smallest gain that counts as an improvement (guards against float ties).
_GAIN = 1e-12


@kernel
def mrnetb_targets(mi, candidates, first, last, out):
    """``out[t, k]`` = s_S(k) for the genes k MRNETB keeps for target t
    (0 for the others), targets t in ``first:last``.  ``mi`` is the clipped
    MI matrix (zero diagonal); ``candidates`` the genes that may regulate
    (a target never regulates itself)."""
    for t in range(first, last):
        cand = _clear_target(candidates, t, out)
        n = cand.shape[0]
        if n == 0:
            continue
        kept = np.ones(n, dtype=np.bool_)
        sums = np.zeros(n)  # R_k over the kept set
        for a in range(n):
            for b in range(n):
                sums[a] += mi[cand[a], cand[b]]
        m = n
        while m > 1:  # backward elimination
            worst, worst_score = -1, 0.0
            for a in range(n):
                if kept[a]:
                    score = mi[t, cand[a]] - sums[a] / (m - 1)
                    if score < worst_score:
                        worst, worst_score = a, score
            if worst < 0:
                break
            kept[worst] = False
            m -= 1
            for a in range(n):
                sums[a] -= mi[cand[worst], cand[a]]  # symmetric: read a row
        for _ in range(n):  # sequential replacement, at most n swaps
            if m == n or m < 2:
                break
            best_gain, best_a, best_b = _GAIN, -1, -1
            for a in range(n):
                if not kept[a]:
                    continue
                for b in range(n):
                    if kept[b]:
                        continue
                    redundancy = sums[b] - mi[cand[a], cand[b]] - sums[a]
                    gain = mi[t, cand[b]] - mi[t, cand[a]] - 2.0 * redundancy / (m - 1)
                    if gain > best_gain:
                        best_gain, best_a, best_b = gain, a, b
            if best_a < 0:
                break
            kept[best_a], kept[best_b] = False, True
            for a in range(n):
                sums[a] += mi[cand[best_b], cand[a]] - mi[cand[best_a], cand[a]]
        for a in range(n):
            if kept[a]:
                out[t, cand[a]] = mi[t, cand[a]] - (sums[a] / (m - 1) if m > 1 else 0.0)
