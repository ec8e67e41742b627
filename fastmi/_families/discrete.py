"""Discrete family: columns encoded to dense codes and packed into bit-planes.

The joint count of two levels is popcount(a & b) over their planes (the last
row and column of each contingency table follow from the marginals); pairs
with many levels are counted from their codes instead (see
``fastmi._kernels.bitplane``).  Every entry equals ``mutual_info_discrete``
to the last bit: the counts are exact integers.
"""

import math

import numpy as np

from fastmi import _engine, _threads
from fastmi import _validation as v
from fastmi._kernels import bitplane
from fastmi._kernels.entropy import for_estimator

# Integer matrices whose values span at most this many are packed into
# planes in one pass (their pairs never need codes: 16 * 16 <= 256).
_SMALL_SPAN = 17


def tile_group(func, tables, columns, options, symmetric):
    """Prepare the discrete columns of both tables; their tiles."""
    a_table, b_table = tables
    idx_a, idx_b = columns
    n = a_table.n_samples
    est = options.estimator
    n_threads = options.n_threads
    enc_a = _encode_columns(a_table, idx_a, func, options.names[0], n_threads)
    enc_b = (
        enc_a if symmetric else _encode_columns(b_table, idx_b, func, options.names[1], n_threads)
    )
    wide = _has_wide_pairs(enc_a[1], enc_b[1], n)
    keep = wide or _needs_codes(enc_a[1], enc_b[1])
    a = _discrete_features(enc_a, n, est, keep)
    b = a if symmetric else _discrete_features(enc_b, n, est, keep)
    xlogx = bitplane.xlogx_table(n)
    size = options.tile_size or _tile_size(a.n_levels, b.n_levels, n)
    rows, cols = idx_a.astype(np.int64), idx_b.astype(np.int64)
    run = _job(a, b, est, options.scale, xlogx, wide)
    return _engine.TileGroup(_engine.make_tiles(run, rows, cols, size, symmetric), n_threads)


def _job(a, b, estimator, scale, xlogx, wide):
    kernels = [for_estimator(bitplane.discrete_block, estimator)]
    if wide:  # else its kernel is never compiled
        kernels.append(for_estimator(bitplane.wide_block, estimator))

    def run(rows, cols, out, out_rows, out_cols, symmetric):
        for block in kernels:
            block(a, b, rows, cols, symmetric, estimator, scale, xlogx, out, out_rows, out_cols)

    return run


def _tile_size(levels_a, levels_b, n):
    per_pair = (max(float(np.mean(levels_a)) - 1, 1.0) * max(float(np.mean(levels_b)) - 1, 1.0)) * (
        n / 64 + 8
    )
    return int(np.clip(math.sqrt(_engine.TILE_WORK / per_pair), 16, 2048))


def _int_matrix(table):
    """The (n, p) integer matrix behind a numeric table, or None if it has none.

    Floats qualify when every value is an integer (as ``fastmi._encoding``
    reads them); bools are read as 0/1.
    """
    if not isinstance(table.data, np.ndarray):  # a DataFrame, a list, a sparse matrix
        return None
    arr = table.data
    if arr.dtype.kind == "b":
        return arr.view(np.uint8)
    if arr.dtype.kind in "iu":
        return arr
    if arr.dtype.kind == "f":
        finite = np.isfinite(arr).all()
        if finite and np.abs(arr).max(initial=0.0) < 2**53 and (arr == np.round(arr)).all():
            return arr.astype(np.int64)
    return None


def _range_encodable(ints, n):
    """``(low, span, ok)``: ok when the codes of every column come from one
    compact value range.

    ``fastmi._encoding.from_ints`` ranks a column's values in sorted order when
    their range is compact; if the whole matrix's range is, every column's is.
    """
    from fastmi._kernels.counting import value_range

    flat = ints.reshape(-1) if ints.flags.c_contiguous else ints.ravel()
    low, high = (int(b) for b in value_range(flat))
    span = high - low + 1
    return low, span, span <= max(2 * n, 1024) and span * ints.shape[1] <= (1 << 22)


def _encode_columns(table, columns, func, name, n_threads):
    """Dense codes of the selected columns, by ``fastmi._encoding`` rules.

    Returns ``(source, n_levels, marginals)``.  ``source`` is one of
    ``("values", ints, low, counts, value_planes)`` (a small-range integer
    matrix packed into one plane per column and value in one pass),
    ``("matrix", ints, low, counts)`` (a compact integer matrix, encoded in
    one kernel pass later) or ``("codes", codes)`` with (m, n) int32 codes.
    """
    from fastmi._encoding import dense_codes, encode

    n = table.n_samples
    if v.scipy_sparse(table.data):
        encoded = _sparse_values(table.data, columns, n)
        if encoded is not None:
            return encoded
    ints = _int_matrix(table)
    if ints is not None:
        sub = ints if len(columns) == table.n_features else ints[:, columns]
        low, span, ok = _range_encodable(sub, n)
        m = sub.shape[1]
        if ok and span <= _SMALL_SPAN:
            value_planes = np.empty((m * span, bitplane.word_count(n)), dtype=np.uint64)

            def pack(bounds):
                rows = value_planes[bounds[0] * span : bounds[1] * span]
                bitplane.pack_values(sub, low, bounds, rows)

            _threads.parallel_map(pack, _threads.chunk_bounds(m, n_threads), n_threads)
            counts = np.empty((m, span), dtype=np.int64)
            n_levels = np.empty(m, dtype=np.int64)
            bitplane.count_value_planes(value_planes, span, counts, n_levels)
            return ("values", sub, low, counts, value_planes), n_levels, counts[counts > 0]
        if ok:
            counts = np.zeros((m, span), dtype=np.int64)
            bitplane.count_levels(sub, low, counts)
            n_levels = (counts > 0).sum(axis=1)
            return ("matrix", sub, low, counts), n_levels, counts[counts > 0]
    codes = np.empty((len(columns), n), dtype=np.int32)
    marginals = []
    for row, j in enumerate(columns):
        col_codes = dense_codes(encode(table.get(j), table.name(name, j), func))
        codes[row] = col_codes
        marginals.append(np.bincount(col_codes))
    n_levels = np.array([len(m) for m in marginals], dtype=np.int64)
    return ("codes", codes), n_levels, np.concatenate(marginals)


def _sparse_values(matrix, columns, n):
    """``_encode_columns``'s "values" source of a sparse CSC table of small
    integers (or integral floats), packed from the stored entries: the zeros
    are the complement of each column's stored rows, never materialised.
    The ints slot holds the sparse columns (densified only if codes are
    needed: a partner with too many levels for planes).  None when the
    values are not small integers (the general path then reads the columns
    one at a time)."""
    sub = matrix[:, columns].tocsc(copy=True)
    sub.sum_duplicates()
    data = sub.data
    if data.dtype.kind == "f":
        if data.size and not (np.abs(data).max() < 2**53 and (data == np.round(data)).all()):
            return None
    data = data.astype(np.int64)
    low = min(int(data.min(initial=0)), 0)
    span = max(int(data.max(initial=0)), 0) - low + 1
    if span > _SMALL_SPAN:
        return None
    m = len(columns)
    value_planes = np.empty((m * span, bitplane.word_count(n)), dtype=np.uint64)
    indptr = sub.indptr.astype(np.int64)
    indices = sub.indices.astype(np.int64)
    bitplane.pack_sparse_values(indptr, indices, data, n, low, value_planes)
    counts = np.empty((m, span), dtype=np.int64)
    n_levels = np.empty(m, dtype=np.int64)
    bitplane.count_value_planes(value_planes, span, counts, n_levels)
    return ("values", sub, low, counts, value_planes), n_levels, counts[counts > 0]


def _has_wide_pairs(levels_a, levels_b, n):
    """Whether some pair of (a, b) has a joint table larger than ``4 n + 64``
    cells (``bitplane.is_wide``: counted from sorted runs of the codes)."""
    return int(levels_a.max()) * int(levels_b.max()) > 4 * n + 64


def _needs_codes(levels_a, levels_b):
    """Whether some pair of (a, b) is counted from codes rather than planes
    (too many planes; wide pairs need them too)."""
    ka = int(levels_a.max()) - 1
    kb = int(levels_b.max()) - 1
    limit = bitplane.MAX_PLANES
    return ka > limit or kb > limit or ka * kb > bitplane.PAIR_PLANE_LIMIT


def _discrete_features(encoded, n, estimator, keep_codes):
    """``bitplane.DiscreteFeatures`` from ``_encode_columns`` output."""
    source, n_levels, marginals = encoded
    m = n_levels.shape[0]
    level_start = np.zeros(m + 1, dtype=np.int64)
    np.cumsum(n_levels, out=level_start[1:])
    n_planes = np.where(n_levels - 1 <= bitplane.MAX_PLANES, n_levels - 1, 0)
    plane_start = np.zeros(m + 1, dtype=np.int64)
    np.cumsum(n_planes, out=plane_start[1:])
    planes = np.zeros((int(plane_start[-1]), bitplane.word_count(n)), dtype=np.uint64)
    codes = np.empty((m, n if keep_codes else 0), dtype=np.int32)
    if source[0] == "values" and not keep_codes:
        _, _, _, counts, value_planes = source
        bitplane.compact_planes(value_planes, counts.shape[1], counts, plane_start, planes)
    elif source[0] in ("values", "matrix"):
        _, ints, low, counts = source[:4]
        if v.scipy_sparse(ints):  # codes are needed: the sparse columns densified
            ints = np.asarray(ints.toarray(), dtype=np.int64)
        ranks = np.cumsum(counts > 0, axis=1) - 1  # dense level of each value
        bitplane.encode_and_pack(ints, low, ranks, plane_start, planes, codes)
    else:
        codes = source[1] if keep_codes else codes
        bitplane.pack_codes(source[1], plane_start, planes)
    entropy = np.empty(m)
    for_estimator(bitplane.feature_entropies, estimator)(marginals, level_start, estimator, entropy)
    return bitplane.DiscreteFeatures(
        codes, n_levels, level_start, marginals, plane_start, planes, entropy
    )
