"""Seeded permutations and the permutation null of discrete MI.

Every permutation comes from its own 64-bit seed through the SplitMix64
generator (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number
generators", OOPSLA), shuffled by Fisher-Yates: permutation ``j`` depends on
``seeds[j]`` only, so blocks of permutations can be drawn on any number of
threads with the same result.  A bounded draw takes the top 53 bits of a
64-bit output as a fraction of the bound: its bias is below bound / 2**53.
"""

import numpy as np

from fastmi._jit import kernel
from fastmi._kernels.entropy import PLUGIN, pair_entropies

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


@kernel
def fill_permutations(seeds, out):
    """out[j] = a uniform random permutation of 0..n-1 drawn from seeds[j]."""
    n = out.shape[1]
    for j in range(out.shape[0]):
        state = np.uint64(seeds[j])
        row = out[j]
        for i in range(n):
            row[i] = i
        for i in range(n - 1, 0, -1):
            state, z = _splitmix(state)
            pick = np.int64(float(z >> np.uint64(11)) * _TOP53 * (i + 1))
            pick = min(pick, i)
            swap = row[i]
            row[i] = row[pick]
            row[pick] = swap


@kernel
def discrete_null(x, y, k_x, k_y, alphabet_x, alphabet_y, estimator, perms, out):
    """out[j] = I(X; Y[perms[j]]) in nats of dense codes x (< k_x), y (< k_y).

    The joint table is recounted for every permutation and measured by
    ``pair_entropies`` (so the value is that of ``mutual_info_discrete`` on
    the permuted labels); plug-in values are clipped at 0 as there.
    """
    table = np.zeros((k_x, k_y), dtype=np.int64)
    for j in range(perms.shape[0]):
        table[:, :] = 0
        perm = perms[j]
        for i in range(x.shape[0]):
            table[x[i], y[perm[i]]] += 1
        h_x, h_y, h_xy = pair_entropies(table, alphabet_x, alphabet_y, estimator)
        value = h_x + h_y - h_xy
        out[j] = max(value, 0.0) if estimator == PLUGIN else value


@kernel
def fill_resamples(seeds, out):
    """out[j] = n indices drawn uniformly with replacement from 0..n-1 (seeds[j])."""
    n = out.shape[1]
    for j in range(out.shape[0]):
        state = np.uint64(seeds[j])
        for i in range(n):
            state, z = _splitmix(state)
            out[j, i] = min(np.int64(float(z >> np.uint64(11)) * _TOP53 * n), n - 1)
