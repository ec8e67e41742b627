"""All-pairs discrete MI: bit-planes counted with AND + popcount.

A discrete feature with levels ``0..k-1`` (dense codes, every level present)
is stored as its marginal counts plus, when ``k - 1 <= MAX_PLANES``, one
bit-plane of ``n`` bits per level except the last.  The joint count of levels
``(a, b)`` of two features is ``popcount(plane_a & plane_b)`` summed over the
words of the planes (``word_count(n)``: zero-padded to whole vectors); the
last row and column of the table follow from the marginals, so a pair costs
``(k_x - 1)(k_y - 1)`` AND + popcounts of ``n / 64`` words, done two levels
by two levels in one pass over the words.  LLVM turns ``popcount`` (SWAR)
into the hardware instruction, vectorized (``vpopcntq``) where the CPU has
it.  Pairs with many levels are counted from their codes instead.

Every entry is computed on its own by the same arithmetic, whatever block it
falls in, so results do not depend on tiling or thread count.  The plug-in
joint entropy uses a table of ``c log c`` and sums the cells in row-major
order skipping empty ones, which is exactly what ``entropy.plugin`` does on
the same table; other estimators call ``entropy.entropy_counts`` itself.
"""

import math
from typing import NamedTuple

import numpy as np

from fastmi._jit import kernel
from fastmi._kernels.entropy import PLUGIN, entropy_counts

#: Features with more than this many levels minus one get no planes.
MAX_PLANES = 16
#: A pair is counted from planes when (k_x - 1)(k_y - 1) is at most this.
#: Measured at n = 5,000: 0.1 us per pair from planes for 3 levels, 0.8 for
#: 9, 3.0 for 17, against 3.2 from codes: the crossover is near 16 x 16.
PAIR_PLANE_LIMIT = 256


#: Plane rows are padded with zero words to a multiple of this, so that the
#: vectorized AND + popcount loop has no scalar remainder (8 words: one
#: 512-bit vector; measured 25% faster per pair at n = 5,000).
WORD_MULTIPLE = 8


def word_count(n):
    """Words of a plane of n bits, padded to a multiple of ``WORD_MULTIPLE``."""
    return -(-n // (64 * WORD_MULTIPLE)) * WORD_MULTIPLE


class DiscreteFeatures(NamedTuple):
    """Discrete features prepared for all-pairs counting (p features, n samples).

    codes : (p, n) int32 dense codes, or (p, 0) when every pair uses planes
    n_levels : (p,) int64, k_i
    level_start : (p + 1,) int64, feature i's marginal counts are
        ``marginals[level_start[i]:level_start[i + 1]]``
    marginals : (sum k_i,) int64
    plane_start : (p + 1,) int64, feature i's planes are rows
        ``plane_start[i]..plane_start[i + 1]`` of ``planes`` (k_i - 1 rows, or
        none when k_i - 1 > MAX_PLANES)
    planes : (n_planes, word_count(n)) uint64, zero beyond bit n
    entropy : (p,) float64, H(X_i) in nats by the chosen estimator
    """

    codes: np.ndarray
    n_levels: np.ndarray
    level_start: np.ndarray
    marginals: np.ndarray
    plane_start: np.ndarray
    planes: np.ndarray
    entropy: np.ndarray


@kernel(inline=True)
def popcount(x):
    """Number of set bits of a uint64 (SWAR; as fast as LLVM's ctpop here)."""
    x = x - ((x >> np.uint64(1)) & np.uint64(0x5555555555555555))
    x = (x & np.uint64(0x3333333333333333)) + ((x >> np.uint64(2)) & np.uint64(0x3333333333333333))
    x = (x + (x >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    return (x * np.uint64(0x0101010101010101)) >> np.uint64(56)


@kernel
def count_levels(X, low, counts):
    """counts[j, X[s, j] - low] += 1 in one row-major pass over X (n, p) of ints."""
    n, p = X.shape
    for s in range(n):
        for j in range(p):
            counts[j, np.int64(X[s, j]) - low] += 1


@kernel
def encode_and_pack(X, low, ranks, plane_start, planes, codes):
    """Dense codes of X (n, p) by ``ranks`` into ``codes`` (p, n) when it has
    columns, and into zeroed ``planes``: bit s of row plane_start[j] + level
    for every level below the feature's last (features without planes have
    plane_start[j + 1] == plane_start[j])."""
    n, p = X.shape
    keep_codes = codes.shape[1] > 0
    for s in range(n):
        word = s >> 6
        bit = np.uint64(1) << np.uint64(s & 63)
        for j in range(p):
            level = ranks[j, np.int64(X[s, j]) - low]
            if keep_codes:
                codes[j, s] = level
            if level < plane_start[j + 1] - plane_start[j]:
                planes[plane_start[j] + level, word] |= bit


@kernel
def pack_values(X, low, columns, value_planes):
    """One plane per (column, value) of a small-range integer matrix X (n, p).

    For j in [columns): bit s of row (j - columns[0]) * span + X[s, j] - low
    of ``value_planes`` (span = rows per column) is set; every word is
    written.  Columns go in groups whose current words fit a 32 KB buffer
    (L1), 64 samples at a time, so X is read in long runs of each row (2.4x
    faster than groups of 16 columns) and each plane word is stored once.
    ``compact_planes`` then keeps the planes of the levels that occur.
    """
    n = X.shape[0]
    first, last = columns
    span = value_planes.shape[0] // max(last - first, 1)
    n_words = value_planes.shape[1]
    group = max(16, 4096 // max(span, 1))
    buffer = np.zeros(group * span, dtype=np.uint64)
    for g0 in range(first, last, group):
        g1 = min(g0 + group, last)
        width = (g1 - g0) * span
        for word in range(n_words):
            buffer[:width] = 0
            for s in range(word * 64, min(word * 64 + 64, n)):
                bit = np.uint64(1) << np.uint64(s & 63)
                row = X[s]
                for j in range(g0, g1):
                    buffer[(j - g0) * span + np.int64(row[j]) - low] |= bit
            for t in range(width):
                value_planes[(g0 - first) * span + t, word] = buffer[t]


@kernel
def pack_sparse_values(indptr, indices, data, n, low, value_planes):
    """``pack_values`` of a CSC matrix (n rows) from its stored entries only.

    Column j's planes are rows ``j * span ... j * span + span - 1`` (value
    ``v`` at ``v - low``; ``low <= 0 < low + span``).  The zero plane starts
    with the n row bits set (padding words and bits clear) and every stored
    entry moves its row from it to its value's plane, so implicit zeros cost
    nothing per entry.  Duplicate entries must have been summed.
    """
    m = indptr.shape[0] - 1
    span = value_planes.shape[0] // max(m, 1)
    n_words = value_planes.shape[1]
    full = n >> 6
    tail = n & 63
    ones = ~np.uint64(0)
    for j in range(m):
        base = j * span
        for t in range(span):
            for w in range(n_words):
                value_planes[base + t, w] = 0
        zero = base - low
        for w in range(full):
            value_planes[zero, w] = ones
        if tail:
            value_planes[zero, full] = (np.uint64(1) << np.uint64(tail)) - np.uint64(1)
        for e in range(indptr[j], indptr[j + 1]):
            i = indices[e]
            bit = np.uint64(1) << np.uint64(i & 63)
            value_planes[zero, i >> 6] &= ~bit
            value_planes[base + data[e] - low, i >> 6] |= bit


@kernel
def count_value_planes(value_planes, span, counts, n_levels):
    """counts (p, span): set bits of each value plane; n_levels: values present."""
    for j in range(counts.shape[0]):
        present = 0
        for v in range(span):
            c = np.uint64(0)
            plane = value_planes[j * span + v]
            for w in range(plane.shape[0]):
                c += popcount(plane[w])
            counts[j, v] = np.int64(c)
            if c > 0:
                present += 1
        n_levels[j] = present


@kernel
def compact_planes(value_planes, span, counts, plane_start, planes):
    """Copy the planes of the present values of each column, in value order
    (the dense level order), except the last present one."""
    for j in range(counts.shape[0]):
        level = 0
        n_planes = plane_start[j + 1] - plane_start[j]
        for v in range(span):
            if counts[j, v] > 0:
                if level < n_planes:
                    # Word by word: a row assignment compiles Numba's shape
                    # checks and their message formatting (~3 s).
                    source = value_planes[j * span + v]
                    target = planes[plane_start[j] + level]
                    for w in range(source.shape[0]):
                        target[w] = source[w]
                level += 1


@kernel
def pack_codes(codes, plane_start, planes):
    """Planes of dense codes (p, n), laid out as in ``encode_and_pack``."""
    for j in range(codes.shape[0]):
        n_planes = plane_start[j + 1] - plane_start[j]
        for s in range(codes.shape[1]):
            level = codes[j, s]
            if level < n_planes:
                planes[plane_start[j] + level, s >> 6] |= np.uint64(1) << np.uint64(s & 63)


@kernel(plugin_twin=True)
def feature_entropies(marginals, level_start, estimator, out):
    """H(X_i) in nats of each feature's marginal counts, by estimator id."""
    for i in range(out.shape[0]):
        counts = marginals[level_start[i] : level_start[i + 1]].astype(np.float64)
        out[i] = entropy_counts(counts, counts.shape[0], estimator)


@kernel
def xlogx_table(n):
    """t[c] = c log c for c = 0..n, computed as ``entropy.xlogx_sum`` does."""
    table = np.zeros(n + 1)
    for c in range(2, n + 1):
        value = float(c)
        table[c] = value * math.log(value)
    return table


@kernel(inline=True)
def _and_count(plane_a, plane_b):
    """popcount(plane_a & plane_b) over all words of two planes."""
    s = np.uint64(0)
    for w in range(plane_a.shape[0]):
        s += popcount(plane_a[w] & plane_b[w])
    return np.int64(s)


@kernel(inline=True)
def _and_count_2x2(a0, a1, b0, b1):
    """popcount(a_x & b_y) for x, y in {0, 1} in one pass over the words
    (each word loaded once: 1.8x faster than four ``_and_count``)."""
    c00 = np.uint64(0)
    c01 = np.uint64(0)
    c10 = np.uint64(0)
    c11 = np.uint64(0)
    for w in range(a0.shape[0]):
        x0, x1, y0, y1 = a0[w], a1[w], b0[w], b1[w]
        c00 += popcount(x0 & y0)
        c01 += popcount(x0 & y1)
        c10 += popcount(x1 & y0)
        c11 += popcount(x1 & y1)
    return np.int64(c00), np.int64(c01), np.int64(c10), np.int64(c11)


@kernel(inline=True)
def _table_from_planes(a, i, b, j, table):
    """Joint counts of features a[i], b[j] (row-major k_a x k_b) from planes.

    Cells (x, y) with x < k_a - 1 and y < k_b - 1 are counted two rows by two
    columns at a time; the last row and column follow from the marginals."""
    ka = a.n_levels[i]
    kb = b.n_levels[j]
    pa = a.plane_start[i]
    pb = b.plane_start[j]
    ma = a.level_start[i]
    mb = b.level_start[j]
    for x in range(0, ka - 1, 2):
        pair_x = x + 1 < ka - 1
        for y in range(0, kb - 1, 2):
            pair_y = y + 1 < kb - 1
            if pair_x and pair_y:
                c00, c01, c10, c11 = _and_count_2x2(
                    a.planes[pa + x], a.planes[pa + x + 1], b.planes[pb + y], b.planes[pb + y + 1]
                )
                table[x * kb + y] = c00
                table[x * kb + y + 1] = c01
                table[(x + 1) * kb + y] = c10
                table[(x + 1) * kb + y + 1] = c11
            else:
                for u in range(x, x + 2 if pair_x else x + 1):
                    for t in range(y, y + 2 if pair_y else y + 1):
                        table[u * kb + t] = _and_count(a.planes[pa + u], b.planes[pb + t])
    for x in range(ka - 1):
        row_sum = 0
        for y in range(kb - 1):
            row_sum += table[x * kb + y]
        table[x * kb + kb - 1] = a.marginals[ma + x] - row_sum
    last = (ka - 1) * kb
    last_row_sum = 0
    for y in range(kb - 1):
        column_sum = 0
        for x in range(ka - 1):
            column_sum += table[x * kb + y]
        table[last + y] = b.marginals[mb + y] - column_sum
        last_row_sum += table[last + y]
    table[last + kb - 1] = a.marginals[ma + ka - 1] - last_row_sum


@kernel
def _table_from_codes(a, i, b, j, table):
    """Joint counts of features a[i], b[j] (row-major k_a x k_b) from codes."""
    kb = b.n_levels[j]
    cells = a.n_levels[i] * kb
    for t in range(cells):
        table[t] = 0
    ca = a.codes[i]
    cb = b.codes[j]
    for s in range(ca.shape[0]):
        table[np.int64(ca[s]) * kb + cb[s]] += 1


@kernel
def _sorted_runs(a, i, b, j, joint, runs):
    """Counts of the non-empty cells of a pair, in row-major order; returns
    their number.  For pairs whose table would be far larger than n."""
    kb = np.int64(b.n_levels[j])
    ca = a.codes[i]
    cb = b.codes[j]
    for s in range(ca.shape[0]):
        joint[s] = np.int64(ca[s]) * kb + cb[s]
    joint.sort()  # Numba's sort: ~10% faster than sorting.sort_in_place here
    m = 0
    start = 0
    for s in range(1, joint.shape[0] + 1):
        if s == joint.shape[0] or joint[s] != joint[start]:
            runs[m] = s - start
            m += 1
            start = s
    return m


@kernel(inline=True)
def _plugin_joint_entropy(counts, n_cells, n_samples, log_n, xlogx):
    """Plug-in entropy in nats of the first ``n_cells`` int64 counts, summing
    c log c from the table in the order ``entropy.plugin`` sums them (and,
    as ``entropy.entropy_counts``, 0 for a one-cell alphabet)."""
    if n_cells <= 1:
        return 0.0
    acc = 0.0
    for t in range(n_cells):
        c = counts[t]
        if c > 0:
            acc += xlogx[c]
    return log_n - acc / float(n_samples)


@kernel(plugin_twin=True)
def _joint_entropy(counts, n_cells, n_bins, estimator, scratch):
    """Entropy in nats of the first ``n_cells`` int64 counts by estimator id."""
    for t in range(n_cells):
        scratch[t] = float(counts[t])
    return entropy_counts(scratch[:n_cells], n_bins, estimator)


@kernel(inline=True)
def is_wide(cells, n):
    """Whether a pair's joint table (``cells``) is far larger than its n
    samples: it is then counted from sorted runs of its joint codes
    (``wide_block``), not from a table."""
    return cells > 4 * n + 64


@kernel(inline=True)
def _store(a, i, b, j, h_joint, estimator, scale, symmetric, out, out_rows, out_cols):
    """Write I(a_i; b_j) = H(a_i) + H(b_j) - ``h_joint`` (nats, divided by
    ``scale``; plug-in values clipped at 0) to out, and mirrored when
    ``symmetric``."""
    value = a.entropy[i] + b.entropy[j]
    value -= h_joint
    if estimator == PLUGIN:
        value = max(value, 0.0)
    value /= scale
    out[out_rows[i], out_cols[j]] = value
    if symmetric:
        out[out_cols[j], out_rows[i]] = value


@kernel(plugin_twin=True)
def discrete_block(a, b, rows, cols, symmetric, estimator, scale, xlogx, out, out_rows, out_cols):
    """MI of features a[i] and b[j] for i in [rows), j in [cols), into
    out[out_rows[i], out_cols[j]], except the ``is_wide`` pairs, which
    ``wide_block`` measures.

    a, b : DiscreteFeatures over the same n samples (the same object for
    all-pairs work).  When ``symmetric`` only j >= i is computed and each entry
    is also written to out[out_cols[j], out_rows[i]] (the diagonal holds
    I(X_i; X_i)).  Values are
    in nats divided by ``scale`` (the log of the unit's base); plug-in values
    are clipped at 0 as in ``fastmi._table.mutual_info``.
    """
    n = xlogx.shape[0] - 1
    log_n = math.log(float(n))
    max_cells = 1
    for i in range(rows[0], rows[1]):
        for j in range(cols[0], cols[1]):
            cells = a.n_levels[i] * b.n_levels[j]
            if not is_wide(cells, n) and cells > max_cells:
                max_cells = cells
    table = np.empty(max_cells, dtype=np.int64)
    scratch = np.empty(max_cells, dtype=np.float64)
    for i in range(rows[0], rows[1]):
        ka = a.n_levels[i]
        planes_a = a.plane_start[i + 1] - a.plane_start[i] == ka - 1
        j_first = max(cols[0], i) if symmetric else cols[0]
        for j in range(j_first, cols[1]):
            kb = b.n_levels[j]
            cells = ka * kb
            if is_wide(cells, n):
                continue
            planes_b = b.plane_start[j + 1] - b.plane_start[j] == kb - 1
            if planes_a and planes_b and (ka - 1) * (kb - 1) <= PAIR_PLANE_LIMIT:
                _table_from_planes(a, i, b, j, table)
            else:
                _table_from_codes(a, i, b, j, table)
            if estimator == PLUGIN:
                h_joint = _plugin_joint_entropy(table, cells, n, log_n, xlogx)
            else:
                h_joint = _joint_entropy(table, cells, cells, estimator, scratch)
            _store(a, i, b, j, h_joint, estimator, scale, symmetric, out, out_rows, out_cols)


@kernel(plugin_twin=True)
def wide_block(a, b, rows, cols, symmetric, estimator, scale, xlogx, out, out_rows, out_cols):
    """``discrete_block`` of the ``is_wide`` pairs only, from sorted runs of
    their joint codes (a, b need codes).  A kernel of its own: tables
    without such pairs never call it, nor compile its sort."""
    n = xlogx.shape[0] - 1
    log_n = math.log(float(n))
    scratch = np.empty(n, dtype=np.float64)
    joint = np.empty(n, dtype=np.int64)
    runs = np.empty(n, dtype=np.int64)
    for i in range(rows[0], rows[1]):
        j_first = max(cols[0], i) if symmetric else cols[0]
        for j in range(j_first, cols[1]):
            cells = a.n_levels[i] * b.n_levels[j]
            if not is_wide(cells, n):
                continue
            m = _sorted_runs(a, i, b, j, joint, runs)
            if estimator == PLUGIN:
                h_joint = _plugin_joint_entropy(runs, m, n, log_n, xlogx)
            else:
                h_joint = _joint_entropy(runs, m, cells, estimator, scratch)
            _store(a, i, b, j, h_joint, estimator, scale, symmetric, out, out_rows, out_cols)
