"""Column scaling of the k-NN estimators, with numpy's bits.

``standardize_rows`` is ``fastmi.continuous``'s unit-variance preparation
(max-abs power-of-two scaling, centring, division by the standard deviation,
jitter) and the statistics its warnings need, fused into one pass per
column: for a small problem the dozen numpy reductions it replaces cost more
than the estimate.  Its sums are ``pairwise_sum``, numpy's pairwise
summation, so the prepared values equal the numpy path's to the last bit
(tested), and the single-pair, all-pairs and batch paths agree exactly.
"""

import math

import numpy as np

from fastmi._jit import kernel

#: numpy's pairwise-summation block (``PW_BLOCKSIZE`` in numpy's loops).
_PW_BLOCK = 128


@kernel
def pairwise_sum(a, lo, n):
    """Sum of ``a[lo:lo + n]`` in numpy's pairwise order (8 accumulators
    within a block of at most 128, halves above), so that ``pairwise_sum(a,
    0, n) / n`` equals ``numpy.mean(a[:n])`` bit for bit."""
    if n < 8:
        total = 0.0
        for i in range(n):
            total += a[lo + i]
        return total
    if n <= _PW_BLOCK:
        r0, r1, r2, r3 = a[lo], a[lo + 1], a[lo + 2], a[lo + 3]
        r4, r5, r6, r7 = a[lo + 4], a[lo + 5], a[lo + 6], a[lo + 7]
        i = 8
        whole = n - n % 8
        while i < whole:
            r0 += a[lo + i]
            r1 += a[lo + i + 1]
            r2 += a[lo + i + 2]
            r3 += a[lo + i + 3]
            r4 += a[lo + i + 4]
            r5 += a[lo + i + 5]
            r6 += a[lo + i + 6]
            r7 += a[lo + i + 7]
            i += 8
        total = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        while i < n:
            total += a[lo + i]
            i += 1
        return total
    half = n // 2
    half -= half % 8
    return pairwise_sum(a, lo, half) + pairwise_sum(a, lo + half, n - half)


@kernel
def standardize_rows(raw, ranked, noise, jitter, out, stats):
    """Row b of (B, n) ``raw`` standardized into ``out[b]`` as
    ``fastmi.continuous._prepare(standardize=True)`` does a column: scaled
    by the power of two that brings its max |value| into [1/2, 1) (exact),
    centred on the mean, divided by the standard deviation (1 for a constant
    row), then ``jitter * noise[b]`` added (``noise`` unread when ``jitter``
    is 0).  ``stats[b]`` = (constant, fraction of samples tied with another,
    interquartile range and standard deviation at the power-of-two scale,
    the inputs of the collapsed-bulk warning).  ``ranked``: ``raw`` sorted
    along rows (by numpy: Numba's sort costs seconds of compilation)."""
    B, n = raw.shape
    sq = np.empty(n)
    lo = (n - 1) // 4
    hi = (3 * (n - 1) + 3) // 4  # ceil(3 (n - 1) / 4)
    for b in range(B):
        row = raw[b]
        s = ranked[b]
        dst = out[b]
        constant = s[0] == s[n - 1]
        tied = 0
        if not constant:
            for i in range(n):
                if (i > 0 and s[i] == s[i - 1]) or (i < n - 1 and s[i] == s[i + 1]):
                    tied += 1
        e = math.frexp(max(abs(s[0]), abs(s[n - 1])))[1]
        for i in range(n):
            dst[i] = math.ldexp(row[i], -e)
        mean = pairwise_sum(dst, 0, n) / n
        for i in range(n):
            d = dst[i] - mean
            sq[i] = d * d
        std = 1.0 if constant else math.sqrt(pairwise_sum(sq, 0, n) / n)
        for i in range(n):
            dst[i] = (dst[i] - mean) / std
        if jitter != 0.0:
            for i in range(n):
                dst[i] += jitter * noise[b, i]
        stats[b, 0] = 1.0 if constant else 0.0
        stats[b, 1] = tied / n
        stats[b, 2] = math.ldexp(s[hi], -e) - math.ldexp(s[lo], -e)
        stats[b, 3] = std
