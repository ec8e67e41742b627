"""Expected mutual information of two random clusterings with fixed cluster sizes.

Under the permutation model (Vinh, Epps & Bailey 2010, eq. 24a) the cell count
n_ij of clusters of sizes a and b among N samples is hypergeometric, and

    EMI = (1/N) sum_i sum_j T(a_i, b_j),   T(a, b) = E[n log(N n / (a b))].

T depends on the sizes only, so the caller sums it once per pair of distinct
sizes, weighted by their multiplicities.

How T is computed, and why not with log-gamma tables: the textbook term
exp(lgamma(a+1) + ... - lgamma(N+1)) subtracts numbers of size N log N, which
loses about log10(N log N) digits (1e-9 relative at N = 10^6).  Here the
hypergeometric weights come from the ratio P(k+1)/P(k) instead, walking out
from the mode with weight 1 and normalising by their sum: every term carries a
few ulps of error, whatever N.  With mu = E[n] = ab/N and sum P(k) (k - mu) = 0,

    T = sum_k P(k) f(k),   f(k) = k log(k / mu) - (k - mu) >= 0,

a sum of non-negative terms (no cancellation between terms), and log(k / mu)
is log1p((kN - ab) / ab) with kN - ab exact in integers.

Pruning that keeps T exact: walking away from the mode the weights decrease
(the pmf is unimodal), and f is convex, so the terms from k to the end of the
support add at most m w_k to the weights and m w_k max(f(k), f(end)) to the
sum (m = number of terms left).  The walk stops once both bounds fall below
1e-18 of the sums so far: T changes by less than 2e-18 relative (below
float64 rounding), and each pair costs a few standard deviations of terms
instead of its whole support.
"""

import math

import numpy as np

from fastmi._jit import kernel
from fastmi._kernels.sorting import sort_in_place

# Tails bounded below this fraction of the partial sums are dropped (see above).
_TAIL = 1e-18


@kernel(inline=True)
def _excess(k, a, b, n, mu):
    """f(k) = k log(k / mu) - (k - mu), mu = ab/n; f(0) = mu."""
    if k == 0:
        return mu
    d = k * n - a * b  # exact: k n <= n^2 < 2^63 for n < 3e9
    ratio = d / (a * b)  # (k - mu) / mu
    return k * math.log1p(ratio) - d / n


@kernel
def pair_term(a, b, n):
    """T(a, b) = E[k log(n k / (a b))] for k ~ Hypergeometric(n, a, b).

    ``a``, ``b`` (cluster sizes, 1 <= a, b <= n) and ``n`` are int64.
    """
    if a == n or b == n:
        return 0.0  # k = b (or a) surely, and log(n k / (a b)) = 0
    lo = max(0, a + b - n)
    hi = min(a, b)
    rest = n - a - b  # P(k+1)/P(k) = (a-k)(b-k) / ((k+1)(rest+k+1))
    mu = a * b / n
    mode = min(max((a + 1) * (b + 1) // (n + 2), lo), hi)
    f_lo = _excess(lo, a, b, n, mu)
    f_hi = _excess(hi, a, b, n, mu)
    weight_sum = 1.0
    total = _excess(mode, a, b, n, mu)
    w = 1.0
    k = mode
    while k < hi:  # above the mode
        w *= (float(a - k) * float(b - k)) / (float(k + 1) * float(rest + k + 1))
        k += 1
        f = _excess(k, a, b, n, mu)
        tail = (hi - k + 1) * w  # bounds the weights from k to hi
        if tail < _TAIL * weight_sum and tail * max(f, f_hi) < _TAIL * total:
            break
        weight_sum += w
        total += w * f
    w = 1.0
    k = mode
    while k > lo:  # below the mode
        w *= (float(k) * float(rest + k)) / (float(a - k + 1) * float(b - k + 1))
        k -= 1
        f = _excess(k, a, b, n, mu)
        tail = (k - lo + 1) * w  # bounds the weights from lo to k
        if tail < _TAIL * weight_sum and tail * max(f, f_lo) < _TAIL * total:
            break
        weight_sum += w
        total += w * f
    return total / weight_sum


@kernel
def expected_mi_rows(sizes_a, sizes_b, mult_b, n, lo, hi, out):
    """out[p] = sum_q mult_b[q] * T(sizes_a[p], sizes_b[q]) for p in [lo, hi).

    ``sizes_a``, ``sizes_b``: distinct cluster sizes (int64); ``mult_b``: how
    many clusters of b have each size (float64).  Each row is summed in the
    order of q, so the result does not depend on how rows are split into chunks.
    """
    for p in range(lo, hi):
        acc = 0.0
        for q in range(sizes_b.shape[0]):
            acc += mult_b[q] * pair_term(sizes_a[p], sizes_b[q], n)
        out[p] = acc


@kernel
def size_classes(sizes):
    """(distinct sizes as int64, ascending; how many clusters have each, as
    float64) of the float64 cluster sizes ``sizes``."""
    ordered = sizes.astype(np.int64)
    sort_in_place(ordered)
    values = np.empty_like(ordered)
    mult = np.zeros(ordered.shape[0])
    k = 0
    for s in ordered:
        if k == 0 or values[k - 1] != s:
            values[k] = s
            k += 1
        mult[k - 1] += 1.0
    return values[:k], mult[:k]


@kernel
def larger_first(sizes_a, sizes_b):
    """The size classes of a and b, the labeling with more distinct sizes first
    (its rows are the unit of parallel work): (rows, row_mult, cols, col_mult)."""
    rows, row_mult = size_classes(sizes_a)
    cols, col_mult = size_classes(sizes_b)
    if rows.shape[0] < cols.shape[0]:
        return cols, col_mult, rows, row_mult
    return rows, row_mult, cols, col_mult


@kernel
def expected_mi_terms(sizes_a, sizes_b, n):
    """row_mult[p] * (row p of ``expected_mi_rows``) for every size class p of
    ``larger_first``: EMI = (sum of these) / n, on one thread."""
    rows, row_mult, cols, col_mult = larger_first(sizes_a, sizes_b)
    out = np.empty(rows.shape[0])
    expected_mi_rows(rows, cols, col_mult, n, 0, rows.shape[0], out)
    return row_mult * out
