"""Label encoding and counting kernels (integer arithmetic, exact)."""

import numpy as np

from fastmi._jit import kernel


@kernel
def value_range(values):
    """(min, max) of a non-empty int64 array.

    Blocks of 256 with branch-free updates: the inner loop has no loop-carried
    branch, so it runs at memory speed instead of one compare chain per value.
    """
    n = values.shape[0]
    lo = values[0]
    hi = values[0]
    start = 0
    while start + 256 <= n:
        block_lo = values[start]
        block_hi = values[start]
        for i in range(start, start + 256):
            v = values[i]
            block_lo = v if v < block_lo else block_lo
            block_hi = v if v > block_hi else block_hi
        lo = min(lo, block_lo)
        hi = max(hi, block_hi)
        start += 256
    for i in range(start, n):
        lo = min(lo, values[i])
        hi = max(hi, values[i])
    return lo, hi


@kernel
def count_shifted(values, offset, out):
    """out[v - offset] += 1 for every v; out is zeroed by the caller."""
    for v in values:
        out[v - offset] += 1


@kernel
def count_pairs(x, x_offset, y, y_offset, n_y, out):
    """Joint counts of two shifted code arrays into a flat (n_x * n_y) table."""
    for i in range(x.shape[0]):
        out[(x[i] - x_offset) * n_y + (y[i] - y_offset)] += 1


@kernel
def count_triples(x, x_offset, y, y_offset, n_y, z, z_offset, n_z, out):
    """Joint counts of three shifted code arrays into a flat (n_x * n_y * n_z) table."""
    for i in range(x.shape[0]):
        cell = ((x[i] - x_offset) * n_y + (y[i] - y_offset)) * n_z + (z[i] - z_offset)
        out[cell] += 1


@kernel(inline=True)
def _half_full_table(n):
    """An empty open-addressing table for n keys, at most half full: its
    slot codes (all -1) and the shift that maps a 64-bit hash to a slot."""
    bits = 1
    while (1 << bits) < 2 * n:
        bits += 1
    return np.full(1 << bits, -1, dtype=np.int64), np.uint64(64 - bits)


@kernel
def hash_codes(values, codes):
    """Dense codes 0..k-1 in order of first appearance; returns k.

    Open addressing on a power-of-two table at most half full, with a
    Fibonacci multiplicative hash: O(n) expected, no sorting.
    """
    slot_code, shift = _half_full_table(values.shape[0])
    mask = slot_code.shape[0] - 1
    keys = np.empty_like(slot_code)
    n_levels = 0
    for i in range(values.shape[0]):
        v = values[i]
        h = np.int64((np.uint64(v) * np.uint64(0x9E3779B97F4A7C15)) >> shift)
        while slot_code[h] >= 0 and keys[h] != v:
            h = (h + 1) & mask
        if slot_code[h] < 0:
            keys[h] = v
            slot_code[h] = n_levels
            n_levels += 1
        codes[i] = slot_code[h]
    return n_levels


@kernel(inline=True)
def _same_row(words, i, j):
    same = True
    for t in range(words.shape[1]):
        same &= words[i, t] == words[j, t]  # no early exit: w is a few words
    return same


@kernel
def hash_rows(words, codes):
    """``hash_codes`` of the rows of a (n, w) uint64 array (fixed-width
    strings seen as words): each row hashed word by word, a slot's row
    confirmed by comparing the rows (exact whatever the collisions)."""
    slot_code, shift = _half_full_table(words.shape[0])
    mask = slot_code.shape[0] - 1
    first_row = np.empty_like(slot_code)
    n_levels = 0
    for i in range(words.shape[0]):
        h = np.uint64(0x243F6A8885A308D3)
        for t in range(words.shape[1]):
            h = (h ^ words[i, t]) * np.uint64(0x9E3779B97F4A7C15)
        slot = np.int64(h >> shift)
        while slot_code[slot] >= 0 and not _same_row(words, i, first_row[slot]):
            slot = (slot + 1) & mask
        if slot_code[slot] < 0:
            first_row[slot] = i
            slot_code[slot] = n_levels
            n_levels += 1
        codes[i] = slot_code[slot]
    return n_levels


@kernel
def rank_present(counts, ranks):
    """ranks[j] = number of non-empty bins before j; returns the non-empty count."""
    r = 0
    for j in range(counts.shape[0]):
        ranks[j] = r
        if counts[j] > 0:
            r += 1
    return r


@kernel
def remap_shifted(values, offset, ranks, codes):
    """codes[i] = ranks[values[i] - offset]."""
    for i in range(values.shape[0]):
        codes[i] = ranks[values[i] - offset]


# ------------------------------------------------ small problems in one call
# The fused kernels below count int64 codes over their value ranges in one
# pass (no encoding step, no Python between steps), for the front doors'
# fast path.  A span product above ``max_cells`` gives an empty table: the
# caller then takes the general (hashing or sparse) path.


@kernel
def range_counts(x, max_cells):
    """Counts of x over [min x, max x] (a (span,) int64 array), or (0,) if span > max_cells."""
    lo, hi = value_range(x)
    if float(hi) - float(lo) + 1.0 > max_cells:
        return np.zeros(0, dtype=np.int64)
    out = np.zeros(hi - lo + 1, dtype=np.int64)
    for v in x:
        out[v - lo] += 1
    return out


@kernel
def range_table(x, y, max_cells):
    """Joint counts of x and y over their value ranges, as a (span_x, span_y)
    int64 table, or (0, 0) if span_x * span_y > max_cells."""
    lo_x, hi_x = value_range(x)
    lo_y, hi_y = value_range(y)
    if (float(hi_x) - float(lo_x) + 1.0) * (float(hi_y) - float(lo_y) + 1.0) > max_cells:
        return np.zeros((0, 0), dtype=np.int64)
    out = np.zeros((hi_x - lo_x + 1, hi_y - lo_y + 1), dtype=np.int64)
    for i in range(x.shape[0]):
        out[x[i] - lo_x, y[i] - lo_y] += 1
    return out


@kernel
def range_table3(x, y, z, max_cells):
    """``range_table`` of three code arrays: a (span_x, span_y, span_z) table."""
    lo_x, hi_x = value_range(x)
    lo_y, hi_y = value_range(y)
    lo_z, hi_z = value_range(z)
    cells = (float(hi_x) - float(lo_x) + 1.0) * (float(hi_y) - float(lo_y) + 1.0)
    if cells * (float(hi_z) - float(lo_z) + 1.0) > max_cells:
        return np.zeros((0, 0, 0), dtype=np.int64)
    out = np.zeros((hi_x - lo_x + 1, hi_y - lo_y + 1, hi_z - lo_z + 1), dtype=np.int64)
    for i in range(x.shape[0]):
        out[x[i] - lo_x, y[i] - lo_y, z[i] - lo_z] += 1
    return out
