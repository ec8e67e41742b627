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

Summaries.  Each row accumulates, over its partners' finite MI clipped at 0
(``c = max(MI, 0)``, as ``fastmi.network`` reads MI): the count, sum(c) and
sum(c^2) as exact fixed-point integers (three 32-bit limbs in int64 at
2^-64 resolution: adding integers does not depend on the order, so the
summaries are bit-identical whatever the tiling, thread count or merge
order), their min and max (to tell constant rows), the entries that are infinite or >= 2^15 (``N_HUGE``: their sums
become inf) and the entries above the threshold.  See ``SUMMARY_FIELDS``.
"""

import math

import numpy as np

from fastmi._jit import kernel

#: Partner index of an empty heap slot (worse than every real partner).
EMPTY = np.iinfo(np.int64).max

#: Columns of a summary row (int64): count of finite entries, the limbs of
#: sum(c) (2^0, 2^-32, 2^-64 weights; limb 0 may carry), the limbs of
#: sum(c^2), the count of huge (inf or >= 2^15) entries, the count > threshold.
SUMMARY_FIELDS = ("count", "sum2", "sum1", "sum0", "sq2", "sq1", "sq0", "n_huge", "n_above")
N_SUMMARY = len(SUMMARY_FIELDS)
#: c >= HUGE (or inf) is not summed: c^2 must stay < 2^30 for the limbs.
HUGE = 2.0**15

_TWO32 = 2.0**32
_TWO64 = 2.0**64


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


@kernel
def _add_fixed(acc, at, c):
    """acc[at:at + 3] += c * 2^64 as limbs (2^64, 2^32, 2^0 weights) for
    0 <= c < 2^30: every step is exact but the rounding of the last limb
    (below 2^-64)."""
    q = c * _TWO64  # a power-of-two scale: exact
    top = math.floor(q / _TWO64)
    rest = q - top * _TWO64  # exact: q with its top bits cleared
    mid = math.floor(rest / _TWO32)
    low = rest - mid * _TWO32
    acc[at] += np.int64(top)
    acc[at + 1] += np.int64(mid)
    acc[at + 2] += np.int64(round(low))


@kernel
def _summarize(acc, extent, v, threshold):
    """Add MI value v to one summary row ``acc`` (see ``SUMMARY_FIELDS``)
    and to ``extent`` = (min, max) of the clipped values."""
    if v != v:
        return
    acc[0] += 1
    if v > threshold:
        acc[8] += 1
    c = v if v > 0.0 else 0.0
    extent[0] = min(extent[0], c)
    extent[1] = max(extent[1], c)
    if c >= HUGE:  # also inf
        acc[7] += 1
        return
    _add_fixed(acc, 1, c)
    _add_fixed(acc, 4, c * c)


@kernel
def scan_tile(block, row_ids, col_ids, diagonal, shift, both, threshold, row_vals, row_idx,
              col_vals, col_idx, row_sum, col_sum, row_ext, col_ext):  # fmt: skip
    """Rows of a tile of MI values into tile-local selections and summaries.

    block : (a, b) float64, MI of tile rows i and columns j; result row
        ``row_ids[i]`` and column ``col_ids[j]``.
    diagonal : the block is (a strip of rows of) a diagonal tile of a
        symmetric result, whose row i is column i + ``shift``: only entries
        j > i + shift are read.
    both : symmetric result: each entry (i, j) also counts for row
        ``col_ids[j]`` with partner ``row_ids[i]`` (into ``col_vals``,
        ``col_idx``, ``col_sum``, indexed by j).
    threshold : entries v > threshold are counted in the summaries.
    row_vals, row_idx : (a, K) heaps of each block row (K may be 0: no
        selection); col_vals, col_idx : (b, K) heaps of each block column
        (used when ``both``).
    row_sum, col_sum : (a, N_SUMMARY), (b, N_SUMMARY) int64 summaries
        (``col_sum`` used when ``both``).
    row_ext, col_ext : (a, 2), (b, 2) float64 (min, max) of the clipped
        values (start at (inf, -inf)).
    """
    a, b = block.shape
    k = row_vals.shape[1]
    for i in range(a):
        ri = row_ids[i]
        acc_i = row_sum[i]
        ext_i = row_ext[i]
        for j in range(i + shift + 1 if diagonal else 0, b):
            v = block[i, j]
            _summarize(acc_i, ext_i, v, threshold)
            if both:
                _summarize(col_sum[j], col_ext[j], v, threshold)
            if k:
                offer(row_vals[i], row_idx[i], v, col_ids[j])
                if both:
                    offer(col_vals[j], col_idx[j], v, ri)


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
    """dst[rows[s]] += src[s] (integer summaries: order does not matter) and
    the (min, max) extents merged."""
    for s in range(src.shape[0]):
        r = rows[s]
        for f in range(src.shape[1]):
            dst[r, f] += src[s, f]
        dst_ext[r, 0] = min(dst_ext[r, 0], src_ext[s, 0])
        dst_ext[r, 1] = max(dst_ext[r, 1], src_ext[s, 1])
