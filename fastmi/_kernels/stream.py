"""Kernels of the streaming all-pairs output: per-row top-k selection,
threshold filtering and exact per-row summaries, fed one tile (a dense
float64 block of the pair space) at a time.

Selection.  Row r keeps its K best partners as a binary min-heap in
``vals[r]`` / ``idx[r]`` (the worst kept entry at the root).  Entries are
ordered by value, ties by partner index (the smaller index is better), so the
kept set is the top K of a strict total order: the same whatever the order in
which tiles arrive, how the pair space is cut and how selections are merged.
Empty slots hold (-inf, ``EMPTY``), worse than any entry.  NaN entries are
never kept.

Summaries.  Each row accumulates, over its partners' MI clipped at 0
(``c = max(MI, 0)``, as ``fastmi.network`` reads MI; NaN entries left out):
the count, sum(c) and sum(c^2) as exact fixed-point integers, the entries
that are >= 64 or inf (not summed: their sums become inf; MI reaches 64 only
in a unit of base below ~1.4), the entries above the threshold
(``SUMMARY_FIELDS``), and the min and max of c (to tell constant rows).
Each c is split exactly into a multiple of 2^-40 (``rint``) and a remainder
below 2^-41, itself rounded to a multiple of 2^-64 (c^2: 2^-36 and 2^-60),
both as int64; runs of up to ``RUN`` values are summed in int64 and then
added to the summary split into limbs (the coarse part into its low
``LIMB_BITS`` bits and the rest, the fine part whole).  Integer sums do not
depend on the order, so the summaries are bit-identical whatever the
tiling, thread count or merge order, and exact to 2^-65 per value.

The scan of a block row is one vectorized sweep per chunk of columns for
the summaries (row-side sums in registers, column-side sums in contiguous
per-column arrays), which also marks (bits of a uint64) the entries that
may beat their heap's root: only those are offered.
"""

import numpy as np

from fastmi._jit import kernel
from fastmi._kernels.bitplane import popcount

#: Partner index of an empty heap slot (worse than every real partner).
EMPTY = np.iinfo(np.int64).max

#: Rows of a summary array (int64, one column per result row).
SUMMARY_FIELDS = (
    "count",
    "sum_hi",
    "sum_lo",
    "sq_hi",
    "sq_lo",
    "n_huge",
    "n_above",
    "sum_fine",
    "sq_fine",
)
N_SUMMARY = len(SUMMARY_FIELDS)
#: c >= HUGE (or inf) is not summed.
HUGE = 64.0
#: Units of the sums: c in 2^-SUM_BITS (remainder in 2^-FINE_BITS - 2^-SUM_BITS
#: units), c^2 in 2^-SQ_BITS (remainder likewise).
SUM_BITS = 40
SQ_BITS = 36
FINE_BITS = 24
#: Values summed in int64 between flushes into limbs: 2 RUN * HUGE^2 *
#: 2^SQ_BITS stays below 2^63.
RUN = 1 << 13
#: Columns per chunk of a row's vectorized sweep (a divisor of RUN; a
#: uint64 marks the entries to offer).
CHUNK = 64
#: A flushed sum splits into its low LIMB_BITS bits and the rest.
LIMB_BITS = 24
_SUM_SCALE = 2.0**SUM_BITS
_SQ_SCALE = 2.0**SQ_BITS
_SUM_FINE = 2.0 ** (SUM_BITS + FINE_BITS)
_SQ_FINE = 2.0 ** (SQ_BITS + FINE_BITS)
_LOW = (1 << LIMB_BITS) - 1
# Three per-column counts of up to RUN rows packed in one int64 (one array
# less to update: the vectorizer gives up beyond about 8 arrays).
_COUNT_BITS = 21
_COUNT_MASK = (1 << _COUNT_BITS) - 1
_INF_BITS = np.float64(np.inf).view(np.int64).item()
_NEG_INF_BITS = np.float64(-np.inf).view(np.int64).item()


@kernel
def _worse(va, ja, vb, jb):
    """Whether entry (va, ja) ranks below (vb, jb): smaller value, or the same
    value and a larger partner index."""
    return va < vb or (va == vb and ja > jb)


@kernel
def offer(vals, idx, v, j):
    """Offer entry (v, j) to the heap ``vals``/``idx`` (1-D, length K): it
    replaces the root when it ranks above it (NaN never does)."""
    if not _worse(vals[0], idx[0], v, j):
        return
    k = vals.shape[0]
    pos = 0
    while True:
        child = 2 * pos + 1
        if child >= k:
            break
        right = child + 1
        if right < k and _worse(vals[right], idx[right], vals[child], idx[child]):
            child = right
        if _worse(vals[child], idx[child], v, j):
            vals[pos] = vals[child]
            idx[pos] = idx[child]
            pos = child
        else:
            break
    vals[pos] = v
    idx[pos] = j


@kernel(inline=True)
def _split(v, v_bits, threshold):
    """One entry's share of the summaries: its packed (count, huge, above)
    flags, the int64 fixed-point parts of c and c^2, and the bits of c as
    its (low, high) extent (those of inf, -inf for NaN).  Branch-free."""
    seen = v == v  # not NaN
    c = v if v > 0.0 else 0.0  # NaN -> 0, not counted
    big = c >= HUGE
    cs = 0.0 if big else c
    units = np.rint(cs * _SUM_SCALE)
    # cs - units 2^-40 is exact (Sterbenz), below 2^-41.
    fine = np.rint((cs - units / _SUM_SCALE) * _SUM_FINE)
    c2 = cs * cs
    sq_units = np.rint(c2 * _SQ_SCALE)
    sq_fine = np.rint((c2 - sq_units / _SQ_SCALE) * _SQ_FINE)
    flags = seen + (big << _COUNT_BITS) + ((v > threshold) << 2 * _COUNT_BITS)
    c_bits = max(v_bits, 0)  # v <= 0 (a negative int) -> +0
    low = c_bits if seen else _INF_BITS
    high = c_bits if seen else _NEG_INF_BITS
    return (flags, np.int64(units), np.int64(fine), np.int64(sq_units), np.int64(sq_fine),
            low, high)  # fmt: skip


@kernel
def _add_sums(acc, col, flags, units, fine, sq_units, sq_fine):
    """acc[:, col] += the int64 sums of at most 2 RUN values: the flags
    unpacked, the coarse sums split into limbs (so that no sum overflows)."""
    acc[0, col] += flags & _COUNT_MASK
    acc[5, col] += (flags >> _COUNT_BITS) & _COUNT_MASK
    acc[6, col] += flags >> 2 * _COUNT_BITS
    acc[1, col] += units >> LIMB_BITS
    acc[2, col] += units & _LOW
    acc[3, col] += sq_units >> LIMB_BITS
    acc[4, col] += sq_units & _LOW
    acc[7, col] += fine
    acc[8, col] += sq_fine


@kernel
def _merge_extents(ext, low_bits, high_bits):
    """ext[0] = min(ext[0], low), ext[1] = max(ext[1], high), of extents
    given as float64 bits."""
    low, high = low_bits.view(np.float64), high_bits.view(np.float64)
    for j in range(low.shape[0]):
        ext[0, j] = min(ext[0, j], low[j])
        ext[1, j] = max(ext[1, j], high[j])


@kernel
def scan_tile(block, row_ids, col_ids, diagonal, shift, both, threshold, row_vals, row_idx,
              col_vals, col_idx, row_sum, col_sum, row_ext, col_ext):  # fmt: skip
    """Rows of a tile of MI values into tile-local selections and summaries.

    block : (a, b) float64, C-contiguous, MI of block rows i and columns j;
        result row ``row_ids[i]`` and column ``col_ids[j]``.
    diagonal : the block is (a strip of rows of) a diagonal tile of a
        symmetric result, whose row i is column i + ``shift``: only entries
        j > i + shift are read.
    both : symmetric result: each entry (i, j) also counts for row
        ``col_ids[j]`` with partner ``row_ids[i]`` (into ``col_vals``,
        ``col_idx``, ``col_sum``, ``col_ext``, indexed by j).
    threshold : entries v > threshold are counted (``n_above``).
    row_vals, row_idx : (a, K) heaps of each block row (K may be 0: no
        selection); col_vals, col_idx : (b, K) heaps of each block column.
    row_sum, col_sum : (N_SUMMARY, a), (N_SUMMARY, b) int64 summaries.
    row_ext, col_ext : (2, a), (2, b) float64 min and max of c (start at
        inf, -inf).

    Each row is swept in chunks of CHUNK columns by a branch-free loop that
    LLVM vectorizes (no float reductions, no conditional stores, few arrays)
    and that also marks the entries that may beat their heap's root (>=:
    ``offer`` decides ties); only those are offered.
    """
    a, b = block.shape
    k = row_vals.shape[1]
    nb = b if both else 0
    # Extents are taken on the values' bits (int64 min / max vectorize, float
    # ones do not): the bits order as the floats on {-inf} and [+0, inf].
    bits = block.view(np.int64)
    row_low = np.empty(a, dtype=np.int64)
    row_high = np.empty(a, dtype=np.int64)
    col_low = np.full(nb, _INF_BITS)
    col_high = np.full(nb, _NEG_INF_BITS)
    # Column-side sums, added to col_sum every RUN rows.
    col_flags = np.zeros(nb, dtype=np.int64)
    col_units = np.zeros(nb, dtype=np.int64)
    col_fine = np.zeros(nb, dtype=np.int64)
    col_sq_units = np.zeros(nb, dtype=np.int64)
    col_sq_fine = np.zeros(nb, dtype=np.int64)
    col_root = np.full(nb, np.inf)  # the column heaps' roots, contiguous
    for j in range(nb if k else 0):
        col_root[j] = col_vals[j, 0]
    for i in range(a):
        row = block[i]
        row_bits = bits[i]
        root = row_vals[i, 0] if k else np.inf
        flags = units = fine = sq_units = sq_fine = pending = 0
        low = _INF_BITS
        high = _NEG_INF_BITS
        for c0 in range(i + shift + 1 if diagonal else 0, b, CHUNK):
            c1 = min(c0 + CHUNK, b)
            # Bit j - c0 of ``hits``: entry j may beat a root (computed in
            # the vectorized loops, so that only these entries are offered).
            hits = np.uint64(0)
            first = np.uint64(c0)
            # Two loops (one with a branch is not vectorized), unsigned
            # indices (a signed one is checked for wraparound: not vectorized).
            if both:
                for j in range(np.uint64(c0), np.uint64(c1)):
                    e = _split(row[j], row_bits[j], threshold)
                    flags += e[0]
                    units += e[1]
                    fine += e[2]
                    sq_units += e[3]
                    sq_fine += e[4]
                    low = min(low, e[5])
                    high = max(high, e[6])
                    hit = (row[j] >= root) | (row[j] >= col_root[j])
                    hits |= np.uint64(hit) << (j - first)
                    col_flags[j] += e[0]
                    col_units[j] += e[1]
                    col_fine[j] += e[2]
                    col_sq_units[j] += e[3]
                    col_sq_fine[j] += e[4]
                    col_low[j] = min(col_low[j], e[5])
                    col_high[j] = max(col_high[j], e[6])
            else:
                for j in range(np.uint64(c0), np.uint64(c1)):
                    e = _split(row[j], row_bits[j], threshold)
                    flags += e[0]
                    units += e[1]
                    fine += e[2]
                    sq_units += e[3]
                    sq_fine += e[4]
                    low = min(low, e[5])
                    high = max(high, e[6])
                    hits |= np.uint64(row[j] >= root) << (j - first)
            while k and hits:
                low_bit = hits & (~hits + np.uint64(1))
                hits ^= low_bit
                j = c0 + np.int64(popcount(low_bit - np.uint64(1)))
                v = row[j]
                if v >= row_vals[i, 0]:
                    offer(row_vals[i], row_idx[i], v, col_ids[j])
                if both and v >= col_root[j]:
                    offer(col_vals[j], col_idx[j], v, row_ids[i])
                    col_root[j] = col_vals[j, 0]
            root = row_vals[i, 0] if k else np.inf
            pending += c1 - c0
            if pending >= RUN:
                _add_sums(row_sum, i, flags, units, fine, sq_units, sq_fine)
                flags = units = fine = sq_units = sq_fine = pending = 0
        _add_sums(row_sum, i, flags, units, fine, sq_units, sq_fine)
        row_low[i] = low
        row_high[i] = high
        if both and ((i + 1) % RUN == 0 or i == a - 1):
            for j in range(nb):
                _add_sums(col_sum, j, col_flags[j], col_units[j], col_fine[j], col_sq_units[j],
                          col_sq_fine[j])  # fmt: skip
                col_flags[j] = col_units[j] = col_fine[j] = col_sq_units[j] = col_sq_fine[j] = 0
    _merge_extents(row_ext, row_low, row_high)
    _merge_extents(col_ext, col_low, col_high)


@kernel
def gather_above(block, row_ids, col_ids, diagonal, shift, threshold, out_i, out_j, out_v):
    """Entries v > threshold of a block (j > i + shift only when
    ``diagonal``, as ``scan_tile``) in row-major order into ``out_*`` (sized
    by ``scan_tile``'s count of the block rows); returns how many."""
    a, b = block.shape
    m = 0
    for i in range(a):
        for j in range(i + shift + 1 if diagonal else 0, b):
            v = block[i, j]
            if v > threshold:
                out_i[m] = row_ids[i]
                out_j[m] = col_ids[j]
                out_v[m] = v
                m += 1
    return m


@kernel
def merge_heaps(dst_vals, dst_idx, rows, src_vals, src_idx):
    """Offer every kept entry of heap s (``src_*[s]``) to heap ``rows[s]`` of
    ``dst_*``: the merged heaps keep the top K of the union."""
    for s in range(src_vals.shape[0]):
        r = rows[s]
        for t in range(src_vals.shape[1]):
            if src_idx[s, t] != EMPTY:
                offer(dst_vals[r], dst_idx[r], src_vals[s, t], src_idx[s, t])


@kernel
def add_summaries(dst, dst_ext, rows, src, src_ext):
    """dst[:, rows[s]] += src[:, s] (integer summaries: order does not
    matter) and the (min, max) extents merged."""
    for s in range(src.shape[1]):
        r = rows[s]
        for f in range(src.shape[0]):
            dst[f, r] += src[f, s]
        dst_ext[0, r] = min(dst_ext[0, r], src_ext[0, s])
        dst_ext[1, r] = max(dst_ext[1, r], src_ext[1, s])
