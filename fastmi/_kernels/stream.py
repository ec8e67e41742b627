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
below 2^-41, itself rounded to a multiple of 2^-64 (c^2: 2^-36 and 2^-60):
runs of ``RUN`` such values add up exactly in float64 (the sums stay below
2^53 units), so the vectorizable float adds need an integer conversion only
once per run, into int64 limbs (the coarse part split into its low
``LIMB_BITS`` bits and the rest, the fine part whole).  Integer sums do not
depend on the order, so the summaries are bit-identical whatever the
tiling, thread count or merge order, and exact to 2^-65 per value.

The scan of a block row is a pass for the summaries (row-side sums in
registers, column-side sums in contiguous per-column arrays) and a pass
that offers to a heap only the entries that beat its root.
"""

import numpy as np

from fastmi._jit import kernel

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
#: Values summed in float64 between integer flushes: RUN * HUGE^2 * 2^SQ_BITS
#: and RUN * HUGE * 2^SUM_BITS stay below 2^53.
RUN = 32
#: A flushed run's integer splits into its low LIMB_BITS bits and the rest.
LIMB_BITS = 24
_SUM_SCALE = 2.0**SUM_BITS
_SQ_SCALE = 2.0**SQ_BITS
_SUM_FINE = 2.0 ** (SUM_BITS + FINE_BITS)
_SQ_FINE = 2.0 ** (SQ_BITS + FINE_BITS)
_LOW = (1 << LIMB_BITS) - 1


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
def _flush(acc, at, col, partial):
    """acc[at:at + 2, col] += the integer ``partial`` (a float holding an
    exact integer < 2^53), split into high and low limbs."""
    q = np.int64(partial)
    acc[at, col] += q >> LIMB_BITS
    acc[at + 1, col] += q & _LOW


@kernel
def scan_tile(block, row_ids, col_ids, diagonal, shift, both, threshold, row_vals, row_idx,
              col_vals, col_idx, row_sum, col_sum, row_ext, col_ext):  # fmt: skip
    """Rows of a tile of MI values into tile-local selections and summaries.

    block : (a, b) float64, MI of block rows i and columns j; result row
        ``row_ids[i]`` and column ``col_ids[j]``.
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
    """
    a, b = block.shape
    k = row_vals.shape[1]
    # Column-side partial sums (exact integers in float64), flushed every RUN rows.
    col_ps = np.zeros(b if both else 0)
    col_pq = np.zeros(b if both else 0)
    col_pf = np.zeros(b if both else 0)
    col_pg = np.zeros(b if both else 0)
    col_counts = np.zeros((3, b if both else 0), dtype=np.int64)  # count, huge, above
    col_root_v = np.empty(b if both and k else 0)
    col_root_j = np.empty(b if both and k else 0, dtype=np.int64)
    col_hits = np.empty(b if both and k else 0, dtype=np.int64)
    row_hits = np.empty(b if k else 0, dtype=np.int64)
    for j in range(col_root_v.shape[0]):
        col_root_v[j], col_root_j[j] = col_vals[j, 0], col_idx[j, 0]
    for i in range(a):
        row = block[i]
        j0 = i + shift + 1 if diagonal else 0
        count = 0
        huge = 0
        above = 0
        low = np.inf
        high = -np.inf
        for r0 in range(j0, b, RUN):
            ps = 0.0
            pq = 0.0
            pf = 0.0
            pg = 0.0
            for j in range(r0, min(r0 + RUN, b)):
                v = row[j]
                seen = v == v  # not NaN
                c = v if v > 0.0 else 0.0  # NaN -> 0, not counted
                big = c >= HUGE
                c = 0.0 if big else c
                sum_units = np.rint(c * _SUM_SCALE)
                # c - sum_units 2^-40 is exact (Sterbenz), below 2^-41.
                sum_fine = np.rint((c - sum_units / _SUM_SCALE) * _SUM_FINE)
                c2 = c * c
                sq_units = np.rint(c2 * _SQ_SCALE)
                sq_fine = np.rint((c2 - sq_units / _SQ_SCALE) * _SQ_FINE)
                ext_low = c if seen and not big else (np.inf if not seen else v)
                ext_high = c if seen and not big else (-np.inf if not seen else v)
                is_above = v > threshold
                ps += sum_units
                pq += sq_units
                pf += sum_fine
                pg += sq_fine
                count += seen
                huge += big
                above += is_above
                low = min(low, ext_low)
                high = max(high, ext_high)
                if both:
                    col_ps[j] += sum_units
                    col_pq[j] += sq_units
                    col_pf[j] += sum_fine
                    col_pg[j] += sq_fine
                    col_counts[0, j] += seen
                    col_counts[1, j] += big
                    col_counts[2, j] += is_above
                    col_ext[0, j] = min(col_ext[0, j], ext_low)
                    col_ext[1, j] = max(col_ext[1, j], ext_high)
            _flush(row_sum, 1, i, ps)
            _flush(row_sum, 3, i, pq)
            row_sum[7, i] += np.int64(pf)
            row_sum[8, i] += np.int64(pg)
        row_sum[0, i] += count
        row_sum[5, i] += huge
        row_sum[6, i] += above
        row_ext[0, i] = min(row_ext[0, i], low)
        row_ext[1, i] = max(row_ext[1, i], high)
        if both and ((i + 1) % RUN == 0 or i == a - 1):
            for j in range(b):
                _flush(col_sum, 1, j, col_ps[j])
                _flush(col_sum, 3, j, col_pq[j])
                col_sum[7, j] += np.int64(col_pf[j])
                col_sum[8, j] += np.int64(col_pg[j])
                col_ps[j] = 0.0
                col_pq[j] = 0.0
                col_pf[j] = 0.0
                col_pg[j] = 0.0
                col_sum[0, j] += col_counts[0, j]
                col_sum[5, j] += col_counts[1, j]
                col_sum[6, j] += col_counts[2, j]
                col_counts[0, j] = 0
                col_counts[1, j] = 0
                col_counts[2, j] = 0
        if k == 0:
            continue
        # Offers: only entries that beat the heap's root go in.  A tight,
        # branch-free loop lists the entries that beat the row's root (as it
        # was at the start of the row) and those that beat their column's
        # root (kept in contiguous arrays); they are offered after it
        # (``offer`` compares again with the current root).
        ri = row_ids[i]
        vals_i, idx_i = row_vals[i], row_idx[i]
        root_v, root_j = vals_i[0], idx_i[0]
        n_row = 0
        n_col = 0
        for j in range(j0, b):
            v = row[j]
            cj = col_ids[j]
            row_hits[n_row] = j
            n_row += v > root_v or (v == root_v and cj < root_j)
            if both:
                col_hits[n_col] = j
                n_col += v > col_root_v[j] or (v == col_root_v[j] and ri < col_root_j[j])
        for t in range(n_row):
            j = row_hits[t]
            offer(vals_i, idx_i, row[j], col_ids[j])
        for t in range(n_col):
            j = col_hits[t]
            offer(col_vals[j], col_idx[j], row[j], ri)
            col_root_v[j], col_root_j[j] = col_vals[j, 0], col_idx[j, 0]


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
