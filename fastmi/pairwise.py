"""Mutual information between many variables at once: all pairs, two sets, a target.

``pairwise_mi(X)`` is the symmetric p x p matrix of I(X_i; X_j) over the
columns of X (n_samples, n_features); ``cross_mi(X, Y)`` the p x q matrix
between the columns of two tables; ``mi_with_target(X, y)`` the p values
I(X_i; y).  Every entry equals the single-pair function on that pair:

==========  ===================================  ================================
method      pairs of ...                          single-pair function
==========  ===================================  ================================
discrete    discrete columns (any labels)         ``mutual_info_discrete``
copula      continuous columns                    ``copula_mi``
ksg         continuous columns                    ``ksg_mi``
binned      continuous columns, binned            ``binned_mi``
==========  ===================================  ================================

How the work is done
--------------------
Columns are prepared once (encoded to dense codes and packed into bit-planes,
or ranked into normal scores, ...), then the pair space is cut into square
tiles of ``tile_size`` x ``tile_size`` features (the upper triangle only for
``pairwise_mi``).  Tiles run on ``n_jobs`` threads of fastmi's pool and each
writes its own block of the result, so the result does not depend on the
thread count or the tile size, and memory beyond the result is bounded by the
tile size.  Tiles are handed out from Python in short batches: ``progress``
is called after each batch, and Ctrl-C stops a long run within about a
second.  ``fastmi.dask`` runs the same tiles as tasks on a Dask cluster.

Interrupted runs
----------------
When a run is interrupted (KeyboardInterrupt, or an exception raised by
``progress``) the exception propagates, so a result allocated by fastmi is
never seen half-written.  An ``out`` array passed by the caller (e.g. a
memory-mapped file) is filled with NaN before any tile runs (in row blocks,
so Ctrl-C is not held up by a large file), so after an
interruption it holds NaN wherever no tile wrote: a complete result has NaN
at most on the diagonal (continuous columns); check
``np.isnan(M[~np.eye(p, dtype=bool)]).any()`` to tell them apart.
"""

import contextvars
import math
import time
from typing import NamedTuple

import numpy as np

from fastmi import _threads
from fastmi import _validation as v
from fastmi._kernels import bitplane, tiles

_METHODS = ("auto", "discrete", "ksg", "copula", "binned")

# Work per tile, in 64-bit word operations (discrete) or multiply-adds
# (copula): large enough to amortise a task, small enough for short batches.
_TILE_WORK = 1 << 22
# Seconds a batch of tiles should take: Ctrl-C and progress wait this long.
_BATCH_SECONDS = 0.2
# Integer matrices whose values span at most this many are packed into
# planes in one pass (their pairs never need codes: 16 * 16 <= 256).
_SMALL_SPAN = 17
# Copula products are computed on a grid of cells that depends on the data's
# shape only (tiles are whole cells), so BLAS sums every entry in the same
# order whatever the tile size or thread count.  A cell is at most this many
# multiply-adds (a fraction of a second: Ctrl-C and progress wait for it).
_COPULA_CELL_WORK = 1 << 32


def _copula_grid(n):
    """Features per side of a copula grid cell for n samples."""
    return int(np.clip(math.sqrt(_COPULA_CELL_WORK / n), 64, 2048)) // 64 * 64


# ---------------------------------------------------------------- inputs
class _Columns(NamedTuple):
    """A validated table: ``get(j)`` gives column j; ``labels`` for pandas."""

    data: object  # ndarray (n, p), DataFrame, or a list of p columns
    n_samples: int
    n_features: int
    labels: object  # pandas Index or None
    is_frame: bool
    positions: object = None  # a sub-table's column numbers in its parent (messages)

    def name(self, name, j):
        """``X[j]`` or ``X['label']`` of column j, for messages."""
        if self.labels is not None:
            return v.column_name(name, self.labels[j])
        return v.column_name(name, j if self.positions is None else self.positions[j])

    def get(self, j):
        if self.is_frame:
            return self.data.iloc[:, j]
        return self.data[j] if isinstance(self.data, list) else self.data[:, j]


def _as_columns(X, name, func, min_features, nan_policy="raise"):
    omit = v.check_nan_policy(nan_policy, func) == "omit"
    if v.pandas_type(X, "DataFrame"):
        n, p = X.shape
        table = _Columns(X, n, p, X.columns, True)
    elif v.pandas_type(X, "Series"):
        table = _Columns(X.to_frame(), len(X), 1, None, True)
        table = table._replace(labels=table.data.columns)
    else:
        arr = v.pairwise_array(X, name, func, allow_nan=omit)
        table = _Columns(arr, arr.shape[0], arr.shape[1], None, False)
    v.check_pairwise_shape(table.n_samples, table.n_features, name, func, min_features)
    return table


def _column_is_float(table, j):
    """The dtype rule of ``discrete_features="auto"`` (as ``fastmi.mutual_info``)."""
    dtype = table.data.dtypes.iloc[j] if table.is_frame else table.data.dtype
    return getattr(dtype, "kind", "O") == "f"  # pandas extension dtypes have a kind too


def _discrete_mask(discrete_features, table, method, name, func):
    """Boolean mask of the columns treated as discrete under ``method``."""
    p = table.n_features
    if method == "discrete":
        return np.ones(p, dtype=bool)
    if isinstance(discrete_features, str) and discrete_features == "auto":
        if method == "copula":
            return np.zeros(p, dtype=bool)
        return np.array([not _column_is_float(table, j) for j in range(p)], dtype=bool)
    mask = v.discrete_features_mask(discrete_features, p, False, func)
    if method == "copula" and mask.any():
        raise v.copula_discrete_error(int(mask.sum()), name, func)
    return mask


def _resolve_method(method, masks):
    """ "auto": counting when all columns are discrete, KSG when all are
    continuous, binning when they are mixed."""
    if method != "auto":
        return method
    if all(m.all() for m in masks):
        return "discrete"
    return "ksg" if not any(m.any() for m in masks) else "binned"


# ------------------------------------------------------- discrete features
def _int_matrix(table):
    """The (n, p) integer matrix behind a numeric table, or None if it has none.

    Floats qualify when every value is an integer (as ``fastmi._encoding``
    reads them); bools are read as 0/1.
    """
    if table.is_frame or isinstance(table.data, list):
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


def _needs_codes(levels_a, levels_b):
    """Whether some pair of (a, b) is counted from codes rather than planes."""
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
        ranks = np.cumsum(counts > 0, axis=1) - 1  # dense level of each value
        bitplane.encode_and_pack(ints, low, ranks, plane_start, planes, codes)
    else:
        codes = source[1] if keep_codes else codes
        bitplane.pack_codes(source[1], plane_start, planes)
    entropy = np.empty(m)
    bitplane.feature_entropies(marginals, level_start, estimator, entropy)
    return bitplane.DiscreteFeatures(
        codes, n_levels, level_start, marginals, plane_start, planes, entropy
    )


def _discrete_tile_size(levels_a, levels_b, n):
    per_pair = (max(float(np.mean(levels_a)) - 1, 1.0) * max(float(np.mean(levels_b)) - 1, 1.0)) * (
        n / 64 + 8
    )
    return int(np.clip(math.sqrt(_TILE_WORK / per_pair), 16, 2048))


# ----------------------------------------------------------- copula columns
def _copula_scores(table, columns, n_threads, name, func):
    """Standardized normal scores (m, n) of the selected columns, and a mask
    of the constant ones (whose MI is 0, as ``copula_mi`` leaves them out).

    The columns are checked here (or in ``pairwise_array``), so the rank pass
    of ``fastmi.gaussian`` runs on them directly (a transposed view: it
    copies cache-sized blocks itself), and flags the constant ones.
    """
    from fastmi.gaussian import _normal_scores_rows

    if table.is_frame:
        values = table.data.iloc[:, columns].to_numpy(dtype=np.float64)
        v.check_finite(values, name, func)
    else:
        values = table.data if len(columns) == table.n_features else table.data[:, columns]
    if values.dtype.kind not in "biuf":
        raise v.not_numeric_error(name, values.dtype, func)
    constant = np.zeros(values.shape[1], dtype=bool)
    scores = _normal_scores_rows(values.T, True, n_threads, constant)  # (m, n), C order
    return scores, constant


# -------------------------------------------------------------- the tiles
class _Tile(NamedTuple):
    run: object  # callable(rows, cols, out, out_rows, out_cols, symmetric)
    rows: tuple
    cols: tuple
    pairs: int
    out_rows: np.ndarray  # result row of each row of the tile space
    out_cols: np.ndarray


def _tiles(run, out_rows, out_cols, size, symmetric):
    """Square tiles over the pair space (the upper triangle when symmetric)."""
    n_rows, n_cols = len(out_rows), len(out_cols)
    tiles = []
    for r0 in range(0, n_rows, size):
        r1 = min(r0 + size, n_rows)
        for c0 in range(r0 if symmetric else 0, n_cols, size):
            c1 = min(c0 + size, n_cols)
            if symmetric and c0 == r0:
                pairs = (r1 - r0) * (r1 - r0 + 1) // 2
            else:
                pairs = (r1 - r0) * (c1 - c0)
            tiles.append(_Tile(run, (r0, r1), (c0, c1), pairs, out_rows, out_cols))
    return tiles


def _run_tiles(groups, result, symmetric, progress):
    """The local runner: groups of ``(tiles, n_threads)`` on fastmi's thread
    pool, in batches of about ``_BATCH_SECONDS``, writing into ``result``."""
    target = np.asarray(result)  # a plain ndarray view, also of a memmap
    total = sum(t.pairs for group, _ in groups for t in group)
    done = 0

    def run(t):
        t.run(t.rows, t.cols, target, t.out_rows, t.out_cols, symmetric)

    for group, n_threads in groups:
        start = 0
        batch = n_threads
        while start < len(group):
            chunk = group[start : start + batch]
            began = time.perf_counter()
            _threads.parallel_map(run, chunk, n_threads)
            seconds = time.perf_counter() - began
            start += len(chunk)
            done += sum(t.pairs for t in chunk)
            if progress is not None:
                progress(done, total)
            per_tile = seconds / len(chunk)
            wanted = int(_BATCH_SECONDS / per_tile) if per_tile > 0 else 4 * batch
            batch = max(n_threads, min(4 * batch, wanted // n_threads * n_threads))


#: Who runs the tiles: ``runner(groups, result, symmetric, progress)``.
#: ``fastmi.dask`` sets it, for one call, to a scheduler of Dask tasks.
RUNNER = contextvars.ContextVar("fastmi_tile_runner", default=_run_tiles)


def _discrete_job(a, b, estimator, scale, xlogx):
    def run(rows, cols, out, out_rows, out_cols, symmetric):
        bitplane.discrete_block(
            a, b, rows, cols, symmetric, estimator, scale, xlogx, out, out_rows, out_cols
        )

    return run


def _copula_job(za, const_a, zb, const_b, bias, scale, n_threads):
    cell = _copula_grid(za.shape[1])

    def run(rows, cols, out, out_rows, out_cols, symmetric):
        # Copula columns are all the columns (no discrete ones are allowed),
        # so a cell's rows and columns of the result are contiguous ranges.
        assert len(out_rows) == out_rows[-1] - out_rows[0] + 1
        assert len(out_cols) == out_cols[-1] - out_cols[0] + 1
        # A symmetric float64 result that is a single grid cell takes the
        # product itself: syrk writes its upper triangle, which is turned into
        # MI in place and mirrored (a third less memory traffic than a
        # separate product).
        p = len(out_rows)
        in_place = symmetric and p <= cell and out.shape == (p, p)
        in_place = in_place and out.dtype == np.float64 and out.flags.c_contiguous
        place = _copula_placer(za, const_a, zb, const_b, bias, scale, n_threads, cell,
                               out, out_rows, out_cols, symmetric, in_place)  # fmt: skip
        for r0 in range(rows[0], rows[1], cell):
            r1 = min(r0 + cell, rows[1])
            for c0 in range(cols[0], cols[1], cell):
                if not symmetric or c0 >= r0:
                    place(r0, r1, c0, min(c0 + cell, cols[1]))

    return run


def _copula_placer(za, const_a, zb, const_b, bias, scale, n_threads, cell, out, out_rows,
                   out_cols, symmetric, in_place):  # fmt: skip
    """``place(r0, r1, c0, c1)``: one grid cell's product, turned into MI
    and written into ``out``."""
    from fastmi.gaussian import cross_products, gram_upper, resolution_cap

    def block(r0, r1, c0, c1):
        try:
            product_and_place(r0, r1, c0, c1)
        except BaseException:
            if in_place:  # interrupted: no raw products may be left behind
                out[...] = np.nan
            raise

    def product_and_place(r0, r1, c0, c1):
        # One matrix product per cell of a fixed grid, so each entry's sum is
        # the same whatever the tile size or thread count.  A diagonal cell
        # of a symmetric result needs one triangle only (BLAS syrk).
        diagonal_cell = symmetric and r0 == c0
        if in_place:
            values = gram_upper(za, out=out)
        elif diagonal_cell:
            values = gram_upper(za[r0:r1])
        else:
            values = cross_products(za[r0:r1], zb[c0:c1])
        args = (const_a[r0:r1], const_b[c0:c1], bias, resolution_cap(za.shape[1]), scale,
                diagonal_cell,
                out, int(out_rows[r0]), int(out_cols[c0]), symmetric, in_place)  # fmt: skip

        def place(row_block):
            # r -> MI on a 64-row strip while it is in cache (the upper part
            # only for a diagonal cell): numpy's vectorized log1p in between.
            i0 = 64 * row_block
            strip = values[i0 : i0 + 64, i0 if diagonal_cell else 0 :]
            tiles.negated_squares(values, row_block, diagonal_cell)
            with np.errstate(divide="ignore"):  # |r| = 1 gives inf
                np.log1p(strip, out=strip)
            tiles.place_block(values, row_block, *args)

        _threads.parallel_map(place, range(-(-(r1 - r0) // 64)), n_threads)

    return block


# ----------------------------------------------------------------- engine
def _engine(func, tables, masks, method, options, symmetric):
    """Plan and run all tiles; returns the (p, q) result array."""
    a_table, b_table = tables
    mask_a, mask_b = masks
    p, q = a_table.n_features, b_table.n_features
    dtype = v.check_result_dtype(_result_dtype(options), func)
    runner = RUNNER.get()
    if options["out"] is not None:  # a local run writes through numpy; others place blocks
        v.check_out_array(options["out"], (p, q), dtype, func, array_like=runner is not _run_tiles)
    n_threads = options["n_threads"]
    disc_a, disc_b = np.flatnonzero(mask_a), np.flatnonzero(mask_b)
    cont_a, cont_b = np.flatnonzero(~mask_a), np.flatnonzero(~mask_b)
    _check_no_mixed_pairs(mask_a, mask_b, method, func)
    if method == "ksg" and len(cont_a):
        v.check_enough_samples(a_table.n_samples, options["k"], func)
    if method == "copula" and len(cont_a):
        v.check_enough_for_covariance(a_table.n_samples, {"x": 1, "y": 1}, func)
    # Prepare every column first (data errors surface here), then start
    # writing the result: NaN everywhere, then tile by tile.
    groups = []
    if len(disc_a) and len(disc_b):
        group = _discrete_tiles(func, tables, (disc_a, disc_b), options, symmetric)
        groups.append((group, n_threads))
    if len(cont_a) and len(cont_b):
        group = _continuous_tiles(func, tables, (cont_a, cont_b), method, options, symmetric)
        # A copula tile is one BLAS call, which brings its own threads.
        groups.append((group, 1 if method == "copula" else n_threads))
    if options["out"] is None:
        # Every entry gets written; an interrupted run never returns this array.
        result = np.empty((p, q), dtype=dtype)
    else:
        result = options["out"]
        _fill_nan(result)  # the caller keeps it: unwritten entries must read NaN
    runner(groups, result, symmetric, options["progress"])
    return result


#: Entries of ``out`` filled with NaN per step: a step of a large memmap is a
#: fraction of a second, so Ctrl-C (handled between steps) is not held up.
_FILL_STEP = 1 << 22


def _fill_nan(result):
    """``result[...] = NaN`` in row blocks, interruptible between blocks."""
    p, q = result.shape
    step = max(1, _FILL_STEP // max(q, 1))
    for r0 in range(0, p, step):
        result[r0 : r0 + step] = np.nan


def _check_no_mixed_pairs(mask_a, mask_b, method, func):
    """Discrete-continuous pairs have no estimator (binned columns are discrete)."""
    if (mask_a.any() and not mask_b.all()) or (mask_b.any() and not mask_a.all()):
        raise v.mixed_pairs_error(method, func)


def _result_dtype(options):
    if options["dtype"] is not None:
        return options["dtype"]
    out = options["out"]
    return np.dtype(out.dtype) if hasattr(out, "dtype") else np.float64


def _discrete_tiles(func, tables, columns, options, symmetric):
    """Prepare discrete columns; returns their tiles."""
    a_table, b_table = tables
    idx_a, idx_b = columns
    n = a_table.n_samples
    est = options["estimator"]
    n_threads = options["n_threads"]
    enc_a = _encode_columns(a_table, idx_a, func, options["names"][0], n_threads)
    enc_b = (
        enc_a
        if symmetric
        else _encode_columns(b_table, idx_b, func, options["names"][1], n_threads)
    )
    keep = _needs_codes(enc_a[1], enc_b[1])
    a = _discrete_features(enc_a, n, est, keep)
    b = a if symmetric else _discrete_features(enc_b, n, est, keep)
    xlogx = bitplane.xlogx_table(n)
    size = options["tile_size"] or _discrete_tile_size(a.n_levels, b.n_levels, n)
    rows, cols = idx_a.astype(np.int64), idx_b.astype(np.int64)

    run = _discrete_job(a, b, est, options["scale"], xlogx)
    return _tiles(run, rows, cols, size, symmetric)


def _continuous_tiles(func, tables, columns, method, options, symmetric):
    """Prepare continuous columns; returns their tiles."""
    a_table, b_table = tables
    idx_a, idx_b = columns
    n = a_table.n_samples
    n_threads = options["n_threads"]
    if method == "copula":
        from fastmi.gaussian import gaussian_bias

        names = options["names"]
        za, const_a = _copula_scores(a_table, idx_a, n_threads, names[0], func)
        zb, const_b = (
            (za, const_a)
            if symmetric
            else _copula_scores(b_table, idx_b, n_threads, names[1], func)
        )
        bias = gaussian_bias(n, 1, 1) if options["bias_correction"] else 0.0
        size = options["tile_size"] or int(math.sqrt(_TILE_WORK / n))
        size = -(-size // _copula_grid(n)) * _copula_grid(n)  # whole grid cells

        run = _copula_job(za, const_a, zb, const_b, bias, options["scale"], n_threads)
        return _tiles(run, idx_a, idx_b, size, symmetric)
    # method == "ksg" (binned columns were made discrete before planning)
    from fastmi._kernels import ksg as ksg_kernels
    from fastmi._neighbours import GRID_FILL, digamma_table

    fa = _ksg_features(a_table, idx_a, options, options["names"][0], func)
    fb = fa if symmetric else _ksg_features(b_table, idx_b, options, options["names"][1], func)
    psi = digamma_table(n)
    k, algorithm, scale = options["k"], options["algorithm"], options["scale"]
    grid = max(1, min(n, int(math.sqrt(n / GRID_FILL))))  # as _neighbours.pair_knn

    # About 50 n word operations' worth of time per KSG pair: tiles of ~10 ms
    # (small tiles balance the threads; the per-tile column indexes stay cheap).
    size = options["tile_size"] or int(np.clip(math.sqrt(_TILE_WORK / (50.0 * n)), 4, 256))
    if algorithm == 1:  # distances only: the y-rank bands (see fastmi._kernels.ksg)
        b_rank = np.empty_like(fb.order)
        np.put_along_axis(b_rank, fb.order, np.arange(n, dtype=fb.order.dtype)[None, :], axis=1)

    def run(rows, cols, out, out_rows, out_cols, symmetric):
        if algorithm == 1:
            ksg_kernels.ksg1_block(fa.order, fa.sorted_values, fb.sorted_values, b_rank, rows,
                                   cols, symmetric, k, psi, scale, out, out_rows,
                                   out_cols)  # fmt: skip
        else:
            tiles.ksg_block(fa, fb, rows, cols, symmetric, k, algorithm, grid, psi, scale, out,
                            out_rows, out_cols)  # fmt: skip

    return _tiles(run, idx_a, idx_b, size, symmetric)


def _ksg_features(table, columns, options, name, func):
    """``tiles.ContinuousFeatures`` of the selected columns, prepared as
    ``ksg_mi`` prepares x and y (standardized, then jittered column by column
    in column order from ``random_state``)."""
    from fastmi.continuous import _prepare, column_ties, warn_ties

    n = table.n_samples
    values = np.empty((len(columns), n))
    ties = []
    for row, j in enumerate(columns):
        column = v.continuous_array(table.get(j), f"{name}[:, {j}]", func)
        ties.append(column_ties(column[:, 0]))
        values[row] = _prepare(
            column, f"{name}[:, {j}]", func, True, options["jitter"], options["rng"]
        )[:, 0]
    warn_ties(ties, name, func, v.KSG_TIE_ADVICE, columns=list(columns))
    order = np.argsort(values, axis=1, kind="stable")
    sorted_values = np.take_along_axis(values, order, axis=1)
    return tiles.ContinuousFeatures(values, order, sorted_values)


def _options(func, params):
    """Validate the keyword parameters shared by the three public functions."""
    tile_size = params["tile_size"]
    if tile_size is not None:
        tile_size = v.check_int(tile_size, "tile_size", func, low=1)
    progress = params["progress"]
    if progress is not None and not callable(progress):
        v.not_callable_error("progress", progress, func)
    return {
        "estimator": v.check_estimator(params["estimator"], func),
        "scale": v.log_base(params["base"], func),
        "bias_correction": v.check_bool(params["bias_correction"], "bias_correction", func),
        "bins": v.check_bins(params["bins"], func),
        "strategy": v.check_options(params["strategy"], "strategy", func, v.BIN_STRATEGIES),
        "k": v.check_int(params["k"], "k", func, low=1),
        "algorithm": v.check_options(params["algorithm"], "algorithm", func, (1, 2)),
        "jitter": v.check_real(params["jitter"], "jitter", func, low=0),
        "rng": v.check_random_state(params["random_state"], func),
        "n_threads": _threads.resolve_n_jobs(v.check_n_jobs(params["n_jobs"], func)),
        "tile_size": tile_size,
        "out": params["out"],
        "dtype": params["dtype"],
        "progress": progress,
        "omit": v.check_nan_policy(params["nan_policy"], func) == "omit",
        "return_counts": v.check_bool(params["return_counts"], "return_counts", func),
    }


def _binned(table, mask, options, name, func):
    """The table with its continuous columns replaced by their bin codes
    (``fastmi.binning`` rules: each column binned on its own)."""
    from fastmi.binning import _bin_codes

    continuous = np.flatnonzero(~mask)
    if table.is_frame:
        values = table.data.iloc[:, continuous].to_numpy(dtype=np.float64)
    else:
        values = np.asarray(table.data[:, continuous], dtype=np.float64)
    v.drop_constant_columns(values, name, func)  # one bin each: warn only
    codes = _bin_codes(values, options["bins"], options["strategy"], func)
    if len(continuous) == table.n_features:
        return table._replace(data=codes, is_frame=False)
    columns = [table.get(j) for j in range(table.n_features)]
    for position, j in enumerate(continuous):
        columns[j] = codes[:, position]
    return table._replace(data=columns, is_frame=False)


def _compute(func, names, tables, settings, params, symmetric):
    """Validate everything, then plan and run the tiles; the (p, q) result."""
    method, features = settings
    method = v.check_options(method, "method", func, _METHODS)
    masks = [
        _discrete_mask(f, t, method, name, func)
        for f, t, name in zip(features, tables, names, strict=True)
    ]
    method = _resolve_method(method, masks)
    options = _options(func, params)
    options["names"] = names
    missing = [_missing_columns(t) for t in tables] if options["omit"] else [None]
    if all(m is None for m in missing):
        result = _run_method(func, tables, masks, method, options, symmetric)
        counts = np.full(result.shape, tables[0].n_samples, dtype=np.int64)
        return result, counts
    return _omit(func, tables, masks, missing, method, options, symmetric)


def _run_method(func, tables, masks, method, options, symmetric):
    """Bin the continuous columns if need be, then run the engine."""
    if method == "binned":
        tables = [
            _binned(t, m, options, name, func)
            for t, m, name in zip(tables, masks, options["names"], strict=True)
        ]
        masks = [np.ones(t.n_features, dtype=bool) for t in tables]
    if symmetric:
        tables, masks = [tables[0], tables[0]], [masks[0], masks[0]]
    return _engine(func, tuple(tables), tuple(masks), method, options, symmetric)


# ---------------------------------------------------- nan_policy="omit"
def _missing_columns(table):
    """(n, p) bool of the missing entries, or None when every column is complete."""
    missing = v.missing_entries(table.data)
    if missing is None or not missing.any():
        return None
    return missing


def _pattern_groups(missing, p):
    """The columns grouped by the rows where they are present, as a list of
    ``(present, columns)``; the complete columns come first, with ``present``
    None (all rows)."""
    if missing is None:
        return [(None, np.arange(p))]
    incomplete = missing.any(axis=0)
    by_pattern = {}
    for j in np.flatnonzero(incomplete):
        by_pattern.setdefault(np.packbits(missing[:, j]).tobytes(), []).append(j)
    groups = [(None, np.flatnonzero(~incomplete))] if not incomplete.all() else []
    groups += [(~missing[:, cols[0]], np.array(cols)) for cols in by_pattern.values()]
    return groups


def _both(present_a, present_b):
    if present_a is None or present_b is None:
        return present_b if present_a is None else present_a
    return present_a & present_b


def _omit_plan(groups_a, groups_b, symmetric):
    """Engine runs ``(present, row_columns, col_columns, kind)`` that cover
    every pair once, with the counts matrix.  ``kind``: "symmetric" (a group
    with itself), "cross" (two groups of cross_mi) or "upper" (two groups of
    one symmetric result: only the entries with row < column are kept, so
    each is f(X_i, X_j) with i < j exactly as pairwise_mi computes it)."""
    runs = []
    for ga, (present_a, cols_a) in enumerate(groups_a):
        for gb, (present_b, cols_b) in enumerate(groups_b):
            if symmetric and gb < ga:
                continue
            present = _both(present_a, present_b)
            if symmetric and ga == gb:
                runs.append((present, cols_a, cols_a, "symmetric"))
                continue
            if not symmetric:
                runs.append((present, cols_a, cols_b, "cross"))
                continue
            ahead, behind = cols_a[cols_a < cols_b.max()], cols_a[cols_a > cols_b.min()]
            if ahead.size:
                runs.append((present, ahead, cols_b, "upper"))
            if behind.size:
                runs.append((present, cols_b, behind, "upper"))
    return runs


def _subtable(table, present, columns):
    """``table`` restricted to the ``present`` rows (None: all) and ``columns``."""
    rows = slice(None) if present is None else np.flatnonzero(present)
    if table.is_frame:
        data = table.data.iloc[rows, columns]
    elif present is None:
        data = table.data[:, columns]
    else:
        data = table.data[np.ix_(rows, columns)]
    positions = columns if table.positions is None else table.positions[columns]
    labels = None if table.labels is None else table.labels[columns]
    n = table.n_samples if present is None else rows.shape[0]
    return _Columns(data, n, len(columns), labels, table.is_frame, positions)


def _min_samples(method, options, masks):
    """Fewest common samples a run can estimate from (fewer: NaN, as the
    single-pair function would raise)."""
    continuous = any((~m).any() for m in masks)
    if method == "ksg" and continuous:
        return options["k"] + 1
    if method == "copula":
        return 4  # a 2 x 2 covariance and its bias correction
    return 1


def _omit(func, tables, masks, missing, method, options, symmetric):
    """nan_policy="omit": every pair on the rows where both its columns are
    present.  Columns are grouped by their missing rows and each pair of
    groups is one engine run on their common rows (the complete columns with
    each other: one run on all rows, the usual fast path), so every entry is
    the function on that pair's filtered rows."""
    a_table, b_table = tables[0], tables[-1]
    mask_a, mask_b = masks[0], masks[-1]
    p, q = a_table.n_features, b_table.n_features
    dtype = v.check_result_dtype(_result_dtype(options), func)
    out = options["out"]
    if out is not None:
        v.check_out_array(out, (p, q), dtype, func, array_like=RUNNER.get() is not _run_tiles)
    if method != "binned":  # before any run starts, as a complete table's run does
        _check_no_mixed_pairs(mask_a, mask_b, method, func)
    groups_a = _pattern_groups(missing[0], p)
    groups_b = groups_a if symmetric else _pattern_groups(missing[-1], q)
    runs = _omit_plan(groups_a, groups_b, symmetric)
    result = out if isinstance(out, np.ndarray) else np.empty((p, q), dtype=dtype)
    _fill_nan(result)  # pairs with too few common samples stay NaN
    counts = np.empty((p, q), dtype=np.int64)
    sizes = [len(r) * (len(r) + 1) // 2 if k == "symmetric" else len(r) * len(c)
             for _, r, c, k in runs]  # fmt: skip
    done, total = 0, sum(sizes)
    for (present, rows, cols, kind), size in zip(runs, sizes, strict=True):
        n = a_table.n_samples if present is None else int(present.sum())
        counts[np.ix_(rows, cols)] = n
        if symmetric:
            counts[np.ix_(cols, rows)] = n
        sub_masks = [mask_a[rows], (mask_a if symmetric else mask_b)[cols]]
        progress = _shifted(options["progress"], done, total)
        if n >= _min_samples(method, options, sub_masks):
            run = (present, rows, cols, kind)
            block = _run_subset(func, tables, sub_masks, run, method, options, progress, symmetric)
            _place(result, block, rows, cols, kind)
        elif progress is not None:  # skipped: its pairs count as done
            progress(size, size)
        done += size
    if out is not None and result is not out:  # an array-like out (Zarr): one write
        out[...] = result
        result = out
    return result, counts


def _run_subset(func, tables, masks, run, method, options, progress, symmetric):
    """One engine run of the omit plan: the block of ``rows`` x ``cols``
    measured on the ``present`` rows (``symmetric``: of the call's result)."""
    present, rows, cols, kind = run
    sub_tables = [_subtable(tables[0], present, rows)]
    if kind != "symmetric":
        sub_tables.append(_subtable(tables[-1], present, cols))
    width = len(sub_tables)  # a symmetric run takes one table
    names = options["names"] * 2 if symmetric else options["names"]
    sub_options = dict(options, out=None, names=names[:width], progress=progress)
    return _run_method(func, sub_tables, masks[:width], method, sub_options, width == 1)


def _shifted(progress, done, total):
    """``progress`` of one run, counted within the whole call's pairs."""
    if progress is None:
        return None
    return lambda run_done, run_total: progress(done + run_done, total)


def _place(result, block, rows, cols, kind):
    if kind != "upper":
        result[np.ix_(rows, cols)] = block
        return
    i, j = np.nonzero(rows[:, None] < cols[None, :])
    result[rows[i], cols[j]] = block[i, j]
    result[cols[j], rows[i]] = block[i, j]


def _finish(result, counts, row_labels, col_labels, return_counts):
    result = _wrap(result, row_labels, col_labels)
    return (result, _wrap(counts, row_labels, col_labels)) if return_counts else result


def _wrap(result, row_labels, col_labels):
    if (row_labels is None and col_labels is None) or not isinstance(result, np.ndarray):
        return result  # an out= Zarr array stays as it is (labels cannot ride on it)
    import pandas as pd

    return pd.DataFrame(result, index=row_labels, columns=col_labels, copy=False)


# ------------------------------------------------------------- public API
_PARAMETERS_DOC = """
    method : {"auto", "discrete", "ksg", "copula", "binned"}, default="auto"
        How a pair of continuous columns is measured: "ksg" (``ksg_mi``),
        "copula" (``copula_mi``) or "binned" (``binned_mi``).  Pairs of
        discrete columns are always counted (``mutual_info_discrete`` with
        ``estimator``).  "discrete" treats every column as discrete (labels
        of any dtype).  "auto" is "discrete" when every column is discrete
        under ``discrete_features``, "ksg" when none is, "binned" otherwise.
    discrete_features : "auto", bool, array-like of bool or int, default="auto"
        Which columns are discrete, as in scikit-learn: a mask of length
        n_features or column indices.  "auto" decides from the dtypes: float
        columns are continuous, everything else (ints, bools, strings,
        categoricals) is discrete; with method="copula" "auto" means none.
        Ignored by method="discrete".  Methods "ksg" and "copula" take no
        discrete-continuous pairs: bin them (method="binned") instead.
    estimator : str, default="plugin"
        Entropy estimator for discrete pairs (see ``fastmi.discrete``).
    k : int, default=3
        KSG: number of neighbours.
    algorithm : {1, 2}, default=1
        KSG: algorithm 1 or 2 of Kraskov et al. (2004).
    jitter : float, default=1e-10
        KSG: after standardizing, each column gets ``jitter * N(0, 1)``
        noise, drawn once per column from ``random_state`` in column order.
    random_state : None, int or numpy.random.Generator, default=None
        KSG: the source of the jitter (unused when ``jitter=0``).
    bins : int or str, default="fd"
        Binned: bins per column, or a ``numpy.histogram_bin_edges`` rule.
    strategy : {"uniform", "quantile"}, default="uniform"
        Binned: equal-width or equal-frequency bins.
    bias_correction : bool, default=True
        Copula: subtract the analytic small-sample bias, as ``copula_mi``
        does by default.
    base : {"e", "nats", 2, "bits", 10, "hartleys"} or float > 1, default="e"
        Unit of the result.
    n_jobs : int or None, default=None
        Threads (None: ``fastmi.get_num_threads()``; -1: all cores).
    tile_size : int or None, default=None
        Features per side of a tile (None: chosen from the work per pair).
        Does not change the result.
    dtype : {numpy.float64, numpy.float32} or None, default=None
        Result dtype (None: ``out.dtype`` if given, else float64).  Entries
        are computed in float64 and rounded once when stored.
    progress : callable or None, default=None
        Called as ``progress(done_pairs, total_pairs)`` from the calling
        thread after each batch of tiles (about every 0.2 s).
    nan_policy : {"raise", "omit"}, default="raise"
        Missing values (NaN, None, pandas NA, NaT): "raise" rejects them;
        "omit" measures each pair on the rows where both its columns are
        present (pairwise-complete), so every entry equals the single-pair
        function on that pair's filtered rows (see Notes on missing values).
    return_counts : bool, default=False
        Also return the number of samples behind each entry (n everywhere
        unless ``nan_policy="omit"`` dropped rows): ``(mi, counts)``, counts
        as int64 of the result's shape (labelled like it)."""

_OUT_DOC = """
    out : ndarray or None, default=None
        Preallocated result (e.g. ``numpy.lib.format.open_memmap``) of the
        result's shape and dtype; filled with NaN first, then tile by tile."""


def pairwise_mi(
    X,
    *,
    method="auto",
    discrete_features="auto",
    estimator="plugin",
    k=3,
    algorithm=1,
    jitter=1e-10,
    random_state=None,
    bins="fd",
    strategy="uniform",
    bias_correction=True,
    base="e",
    n_jobs=None,
    tile_size=None,
    dtype=None,
    progress=None,
    out=None,
    nan_policy="raise",
    return_counts=False,
):
    func = "pairwise_mi"
    params = dict(locals())
    table = _as_columns(X, "X", func, min_features=2, nan_policy=nan_policy)
    settings = (method, [discrete_features])
    result, counts = _compute(func, ("X",), [table], settings, params, symmetric=True)
    return _finish(result, counts, table.labels, table.labels, return_counts)


def cross_mi(
    X,
    Y,
    *,
    method="auto",
    discrete_features="auto",
    discrete_features_y="auto",
    estimator="plugin",
    k=3,
    algorithm=1,
    jitter=1e-10,
    random_state=None,
    bins="fd",
    strategy="uniform",
    bias_correction=True,
    base="e",
    n_jobs=None,
    tile_size=None,
    dtype=None,
    progress=None,
    out=None,
    nan_policy="raise",
    return_counts=False,
):
    func = "cross_mi"
    params = dict(locals())
    x_table = _as_columns(X, "X", func, min_features=1, nan_policy=nan_policy)
    y_table = _as_columns(Y, "Y", func, min_features=1, nan_policy=nan_policy)
    v.check_same_length({"X": x_table.n_samples, "Y": y_table.n_samples}, func)
    settings = (method, [discrete_features, discrete_features_y])
    tables = [x_table, y_table]
    result, counts = _compute(func, ("X", "Y"), tables, settings, params, symmetric=False)
    return _finish(result, counts, x_table.labels, y_table.labels, return_counts)


def mi_with_target(
    X,
    y,
    *,
    method="auto",
    discrete_features="auto",
    discrete_target="auto",
    estimator="plugin",
    k=3,
    algorithm=1,
    jitter=1e-10,
    random_state=None,
    bins="fd",
    strategy="uniform",
    bias_correction=True,
    base="e",
    n_jobs=None,
    tile_size=None,
    dtype=None,
    progress=None,
    nan_policy="raise",
    return_counts=False,
):
    func = "mi_with_target"
    params = dict(locals(), out=None)
    x_table = _as_columns(X, "X", func, min_features=1, nan_policy=nan_policy)
    y_table = _as_columns(v.target_column(y, func), "y", func, 1, nan_policy=nan_policy)
    v.check_same_length({"X": x_table.n_samples, "y": y_table.n_samples}, func)
    settings = (method, [discrete_features, discrete_target])
    tables = [x_table, y_table]
    result, counts = _compute(func, ("X", "y"), tables, settings, params, symmetric=False)
    values, counts = result[:, 0], counts[:, 0]
    if x_table.labels is not None:
        import pandas as pd

        name = getattr(y, "name", None)
        values = pd.Series(values, index=x_table.labels, name=name)
        counts = pd.Series(counts, index=x_table.labels, name=name)
    return (values, counts) if return_counts else values


pairwise_mi.__doc__ = f"""Mutual information between every pair of columns of ``X``.

    Returns the symmetric matrix M with M[i, j] = I(X_i; X_j) in the unit of
    ``base`` (nats by default), each entry equal to the single-pair function
    of its method on columns i and j (see the module docstring).

    Parameters
    ----------
    X : array-like or DataFrame of shape (n_samples, n_features)
        At least two features; no NaN in continuous columns, no missing
        labels in discrete ones.{_PARAMETERS_DOC}{_OUT_DOC}

    Returns
    -------
    ndarray of shape (n_features, n_features), or DataFrame
        Symmetric; a DataFrame labelled by the column names when X is one
        (wrapping ``out`` if given).  The diagonal holds I(X_i; X_i): H(X_i)
        by ``estimator`` for discrete and binned columns (exactly H(X_i) for
        plug-in), NaN for ksg and copula columns (the self-information of a
        continuous variable is infinite).

    Raises
    ------
    ValueError
        X not 2-D, fewer than two features, NaN/inf, a ``discrete_features``
        mask of the wrong length, ``out`` of the wrong shape or dtype, a
        discrete-continuous pair under "ksg" or "copula"; all before any
        work starts.

    Notes
    -----
    Only the upper triangle is computed: M[i, j] for i <= j is the
    single-pair function called as f(X_i, X_j), and M[j, i] is a copy.
    Discrete pairs are counted exactly (integers), so those entries equal
    ``mutual_info_discrete`` to the last bit, whatever ``n_jobs`` and
    ``tile_size``.  Each (column, level) is packed into a bit-plane of n
    bits; the joint count of two levels is popcount(a & b), and the last row
    and column of each table follow from the marginals.  Pairs with many
    levels are counted from their codes instead; the choice is made per pair
    from the numbers of levels.  Copula entries come from one matrix product
    of standardized normal scores, -½ log(1 - r²) (Ince et al. 2017), equal
    to ``copula_mi`` up to rounding; |r| = 1 gives inf.  KSG shares each
    column's sorted order among all its pairs.  The module docstring says
    how an interrupted run looks (NaN marks entries not computed).

    Missing values with ``nan_policy="omit"``: columns without missing
    values are measured together by the usual engine on all rows; the other
    columns are grouped by the rows they miss, and each group is measured
    against every other group on the rows both have (one engine run per pair
    of groups).  Entry (i, j) therefore equals this function on the two
    columns with the incomplete rows removed (same method and options).  For
    ksg the jitter is drawn per run from ``random_state`` (a pair's noise
    differs from a call on the filtered pair), so the equality is exact with
    ``jitter=0``.  Binned columns are binned on each run's rows.  A pair with
    fewer common samples than its estimator needs (k + 1 for ksg, 4 for
    copula, 1 otherwise) is NaN; ``return_counts=True`` shows the counts.

    References
    ----------
    Kraskov, A., Stoegbauer, H. and Grassberger, P. (2004). Estimating mutual
    information. Phys. Rev. E 69, 066138.
    https://doi.org/10.1103/PhysRevE.69.066138

    Ince, R. A. A. et al. (2017). A statistical framework for neuroimaging
    data analysis based on mutual information estimated via a Gaussian
    copula. Human Brain Mapping 38(3), 1541-1573.
    https://doi.org/10.1002/hbm.23471

    Examples
    --------
    >>> import numpy as np, fastmi as fm
    >>> X = np.array([[0, 0, 1], [0, 0, 0], [1, 1, 1], [1, 1, 0]])
    >>> fm.pairwise_mi(X, base=2)
    array([[1., 1., 0.],
           [1., 1., 0.],
           [0., 0., 1.]])
    """

cross_mi.__doc__ = f"""Mutual information between every column of ``X`` and every column of ``Y``.

    Returns M with M[i, j] = I(X_i; Y_j) in the unit of ``base``, each entry
    equal to the single-pair function of its method called as f(X_i, Y_j).

    Parameters
    ----------
    X : array-like or DataFrame of shape (n_samples, p)
    Y : array-like or DataFrame of shape (n_samples, q)
        The same samples in the same order.{_PARAMETERS_DOC}{_OUT_DOC}
    discrete_features_y : "auto", bool, array-like of bool or int, default="auto"
        ``discrete_features`` for the columns of ``Y``.

    Returns
    -------
    ndarray of shape (p, q), or DataFrame
        Labelled when X or Y is a DataFrame.

    Raises
    ------
    ValueError
        As :func:`pairwise_mi`, and X and Y of different lengths.

    Examples
    --------
    >>> import numpy as np, fastmi as fm
    >>> X = np.array([[0, 1], [0, 0], [1, 1], [1, 0]])
    >>> fm.cross_mi(X, X[:, :1], base=2)
    array([[1.],
           [0.]])
    """

mi_with_target.__doc__ = f"""Mutual information I(X_i; y) of every column of ``X`` with a target.

    Parameters
    ----------
    X : array-like or DataFrame of shape (n_samples, n_features)
    y : array-like or Series of shape (n_samples,)
        The target.{_PARAMETERS_DOC}
    discrete_target : "auto" or bool, default="auto"
        Whether ``y`` is discrete ("auto": unless its dtype is float).

    Returns
    -------
    ndarray of shape (n_features,), or Series
        In the unit of ``base``; a Series indexed by the columns of a
        DataFrame X.

    Raises
    ------
    ValueError
        As :func:`pairwise_mi`, a 2-D ``y``, and X and y of different lengths.

    Examples
    --------
    >>> import numpy as np, fastmi as fm
    >>> X = np.array([[0, 1], [0, 0], [1, 1], [1, 0]])
    >>> fm.mi_with_target(X, [5, 5, 7, 7], base=2)
    array([1., 0.])
    """


def top_pairs(matrix, n_top):
    """The ``n_top`` largest off-diagonal entries of a symmetric MI matrix.

    Returns ``(rows, cols, values)``: int arrays with rows < cols and the
    values in decreasing order (ties in row-major order); NaN entries are
    skipped.  Works through the upper triangle in row blocks, so memory stays
    small for any matrix size (a memmap is fine).

    >>> import numpy as np
    >>> from fastmi.pairwise import top_pairs
    >>> M = np.array([[0.0, 0.2, 0.5], [0.2, 0.0, 0.1], [0.5, 0.1, 0.0]])
    >>> top_pairs(M, 2)
    (array([0, 0]), array([2, 1]), array([0.5, 0.2]))
    """
    values = np.asarray(matrix)
    p = values.shape[0]
    n_top = max(int(n_top), 0)
    step = max(1, (1 << 20) // max(p, 1))
    found = []
    for r0 in range(0, p, step):
        r1 = min(r0 + step, p)
        block = values[r0:r1].astype(np.float64)
        upper = np.arange(p)[None, :] > np.arange(r0, r1)[:, None]
        flat = np.where(upper & ~np.isnan(block), block, -np.inf).ravel()
        m = min(n_top, flat.shape[0])
        if m == 0:
            continue
        pick = np.argpartition(-flat, m - 1)[:m] if m < flat.shape[0] else np.arange(m)
        pick = pick[flat[pick] > -np.inf]  # drop the masked entries
        found.append((flat[pick], r0 + pick // p, pick % p))
    if not found:
        empty = np.zeros(0, dtype=np.intp)
        return empty, empty, np.zeros(0)
    vals, rows, cols = (np.concatenate(parts) for parts in zip(*found, strict=True))
    order = np.lexsort((cols, rows, -vals))[:n_top]
    return rows[order], cols[order], vals[order]
