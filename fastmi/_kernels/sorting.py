"""Sorts written out for kernels where a first call's compile time matters
more than the last 10% of sorting speed.

Numba's own ``ndarray.sort`` and ``np.argsort`` are generic (closures for
the key access and the comparison, an argsort flag) and cost about 2 s of
compilation per dtype on a first run; ``sort_in_place`` costs about 0.8 s
and runs about 10% slower (int64 and uint64 keys, 10^2 to 10^4 of them),
so the kernels that sort in a hot loop (copula ranks, wide-alphabet pair
counts) keep Numba's.  Values must not be NaN (the validation layer rejects
NaN before any kernel).
"""

import numpy as np

from fastmi._jit import kernel

# Partitions this short are finished by insertion.
_SHORT = 16


@kernel
def sort_in_place(a):
    """Sort the 1-D array ``a`` ascending, in place (not stable).

    Quicksort with a median-of-three pivot, looping on the smaller side of
    each partition and stacking the larger one (so the stack holds at most
    log2(n) ranges); short ranges by insertion.
    """
    stack = np.empty(128, dtype=np.int64)
    top = 0
    lo, hi = 0, a.shape[0] - 1  # inclusive bounds
    while True:
        while hi - lo >= _SHORT:
            mid = (lo + hi) >> 1
            if a[mid] < a[lo]:
                a[mid], a[lo] = a[lo], a[mid]
            if a[hi] < a[mid]:
                a[hi], a[mid] = a[mid], a[hi]
                if a[mid] < a[lo]:
                    a[mid], a[lo] = a[lo], a[mid]
            # The pivot parks at hi while the rest is partitioned, then goes
            # to its final place i.
            pivot = a[mid]
            a[mid], a[hi] = a[hi], a[mid]
            i, j = lo, hi - 1
            while True:
                while a[i] < pivot:
                    i += 1
                while j > lo and pivot < a[j]:
                    j -= 1
                if i >= j:
                    break
                a[i], a[j] = a[j], a[i]
                i += 1
                j -= 1
            a[i], a[hi] = a[hi], a[i]
            if i - lo < hi - i:
                stack[top], stack[top + 1] = i + 1, hi
                hi = i - 1
            else:
                stack[top], stack[top + 1] = lo, i - 1
                lo = i + 1
            top += 2
        for t in range(lo + 1, hi + 1):
            value = a[t]
            u = t
            while u > lo and a[u - 1] > value:
                a[u] = a[u - 1]
                u -= 1
            a[u] = value
        if top == 0:
            return
        top -= 2
        lo, hi = stack[top], stack[top + 1]


@kernel
def sort_positions_by(positions, values):
    """Order the 1-D int64 array ``positions`` (indices into ``values``) by
    ``values[position]``, ascending, in place (heapsort: not stable, no
    quadratic case)."""
    m = positions.shape[0]
    for start in range(m // 2 - 1, -1, -1):
        _sift_down(positions, values, start, m)
    for end in range(m - 1, 0, -1):
        positions[0], positions[end] = positions[end], positions[0]
        _sift_down(positions, values, 0, end)


@kernel
def _sift_down(positions, values, root, end):
    """Restore the max-heap below ``root`` in ``positions[:end]``."""
    while True:
        child = 2 * root + 1
        if child >= end:
            return
        if child + 1 < end and values[positions[child]] < values[positions[child + 1]]:
            child += 1
        if not values[positions[root]] < values[positions[child]]:
            return
        positions[root], positions[child] = positions[child], positions[root]
        root = child
