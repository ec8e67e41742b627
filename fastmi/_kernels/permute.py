"""Seeded permutations, and the shuffles of the permutation nulls.

Every permutation comes from its own 64-bit seed through the SplitMix64
generator (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number
generators", OOPSLA), shuffled by Fisher-Yates: permutation ``j`` depends on
``seeds[j]`` only, so blocks of permutations can be drawn on any number of
threads with the same result.  A bounded draw takes the top 53 bits of a
64-bit output as a fraction of the bound: its bias is below bound / 2**53.
"""

import numpy as np

from fastmi._jit import kernel

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_TOP53 = 1.0 / 9007199254740992.0  # 2**-53


@kernel(inline=True)
def _splitmix(state):
    """(next state, 64-bit output) of SplitMix64."""
    state = state + _GOLDEN
    z = state
    z = (z ^ (z >> np.uint64(30))) * _MIX1
    z = (z ^ (z >> np.uint64(27))) * _MIX2
    return state, z ^ (z >> np.uint64(31))


@kernel(inline=True)
def _pick(state, i):
    """(next state, a uniform draw from 0..i) for step i of Fisher-Yates."""
    state, z = _splitmix(state)
    pick = np.int64(float(z >> np.uint64(11)) * _TOP53 * (i + 1))
    return state, min(pick, i)


@kernel
def fill_permutations(seeds, out):
    """out[j] = a uniform random permutation of 0..n-1 drawn from seeds[j]
    (Fisher-Yates from the last position down)."""
    n = out.shape[1]
    for j in range(out.shape[0]):
        state = np.uint64(seeds[j])
        row = out[j]
        for i in range(n):
            row[i] = i
        for i in range(n - 1, 0, -1):
            state, pick = _pick(state, i)
            swap = row[i]
            row[i] = row[pick]
            row[pick] = swap


@kernel
def shuffle_count(rows, y, seed, shuffled, flat):
    """Add the joint counts of (x, y[perm]) to ``flat``, perm the permutation
    that ``fill_permutations`` draws from ``seed``; ``rows`` = x * k_y.

    The shuffle is applied to ``shuffled`` (a copy of y's codes, overwritten)
    with the same swaps, so it ends as y[perm], and each position is counted
    as soon as Fisher-Yates fixes it: one pass, no index array.
    """
    n = rows.shape[0]
    state = np.uint64(seed)
    shuffled[:] = y
    for i in range(n - 1, 0, -1):
        state, pick = _pick(state, i)
        swap = shuffled[pick]
        shuffled[pick] = shuffled[i]
        shuffled[i] = swap
        flat[rows[i] + swap] += 1
    flat[rows[0] + shuffled[0]] += 1


@kernel
def fill_resamples(seeds, out):
    """out[j] = n indices drawn uniformly with replacement from 0..n-1 (seeds[j])."""
    n = out.shape[1]
    for j in range(out.shape[0]):
        state = np.uint64(seeds[j])
        for i in range(n):
            state, out[j, i] = _pick(state, n - 1)


@kernel
def correlation_null(a, b, seeds, out):
    """out[j] = sum_i a[i] b[perm_j[i]], perm_j drawn from seeds[j] as by
    ``fill_permutations``: a copy of b is shuffled with the same swaps and
    each position is multiplied in as soon as it is fixed (one pass)."""
    n = a.shape[0]
    shuffled = np.empty_like(b)
    for j in range(seeds.shape[0]):
        state = np.uint64(seeds[j])
        shuffled[:] = b
        acc = 0.0
        for i in range(n - 1, 0, -1):
            state, pick = _pick(state, i)
            swap = shuffled[pick]
            shuffled[pick] = shuffled[i]
            shuffled[i] = swap
            acc += a[i] * swap
        out[j] = acc + a[0] * shuffled[0]


@kernel
def descending_dot(a, b):
    """sum_i a[i] b[i] summed from the last i down, as ``correlation_null`` sums."""
    acc = 0.0
    for i in range(a.shape[0] - 1, 0, -1):
        acc += a[i] * b[i]
    return acc + a[0] * b[0]


@kernel
def permuted_rows(z, perms, out):
    """out[j, k, i] = z[j, perms[k, i]]: each row of z under each permutation."""
    for j in range(z.shape[0]):
        row = z[j]
        for k in range(perms.shape[0]):
            perm = perms[k]
            target = out[j, k]
            for i in range(perm.shape[0]):
                target[i] = row[perm[i]]
