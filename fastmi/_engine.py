"""The tile engine behind ``pairwise_mi``, ``cross_mi`` and ``mi_with_target``.

It knows nothing about estimators: a family (``fastmi._families``, chosen
through ``fastmi._registry``) turns prepared columns into a *tile job*, a
callable ``run(rows, cols, out, out_rows, out_cols, symmetric)`` that writes
the MI of the tile's pairs into ``out``.  The engine

* cuts the pair space into square tiles (the upper triangle of a symmetric
  result), ``make_tiles``;
* hands them to a *runner*: the local one (``run_tiles``: fastmi's thread
  pool, short batches, progress and Ctrl-C between batches) or the one
  ``fastmi.dask`` installs in the ``RUNNER`` context variable;
* delivers results to a *sink*: ``DenseSink`` writes into the (p, q) result
  (kernels write straight into it on a local run); any other sink receives
  one float64 block per tile through ``add(tile, block, symmetric)`` on the
  calling thread, in a deterministic order (the hook for streaming
  selections that never hold the dense matrix);
* plans ``nan_policy="omit"``: columns grouped by their missing rows, one
  engine run per pair of groups.

Results never depend on the thread count, the runner or the tile size: each
tile writes its own entries, computed the same way whatever the cut.
"""

import contextvars
import threading
import time
from dataclasses import dataclass, fields, replace
from typing import NamedTuple

import numpy as np

from fastmi import _frames, _registry, _threads
from fastmi import _validation as v

# Work per tile, in 64-bit word operations (discrete) or multiply-adds
# (copula): large enough to amortise a task, small enough for short batches.
TILE_WORK = 1 << 22
# Seconds a batch of tiles should take: Ctrl-C and progress wait this long.
_BATCH_SECONDS = 0.2
#: Entries of ``out`` filled with NaN per step: a step of a large memmap is a
#: fraction of a second, so Ctrl-C (handled between steps) is not held up.
_FILL_STEP = 1 << 22


# ---------------------------------------------------------------- options
@dataclass(frozen=True)
class Keywords:
    """The keyword parameters shared by ``pairwise_mi``, ``cross_mi`` and
    ``mi_with_target``, with their defaults (the one place they are written;
    the public functions' signatures are built from these fields)."""

    method: object = "auto"
    estimator: object = "plugin"
    k: object = 3
    algorithm: object = 1
    standardize: object = True
    jitter: object = 1e-10
    random_state: object = None
    bins: object = "fd"
    strategy: object = "uniform"
    bias_correction: object = True
    base: object = "e"
    clip: object = False
    n_jobs: object = None
    tile_size: object = None
    dtype: object = None
    progress: object = None
    out: object = None
    nan_policy: object = "raise"
    layer: object = None
    return_counts: object = False
    top_k: object = None
    threshold: object = None


KEYWORDS = tuple(f.name for f in fields(Keywords))


@dataclass(frozen=True)
class Options:
    """Validated ``Keywords`` as the engine and the families read them."""

    estimator: str
    scale: float  # nats per unit of ``base``
    clip: bool  # negative estimates become 0
    bias_correction: bool
    bins: object
    strategy: str
    k: int
    algorithm: int
    standardize: object  # True, False or "robust"
    jitter: float
    rng: object  # numpy Generator (KSG jitter)
    n_threads: int
    tile_size: object  # int or None
    out: object
    dtype: object
    progress: object
    omit: bool
    return_counts: bool
    names: tuple = ()  # the argument names of the tables ("X", "Y"), for messages
    stream: object = None  # fastmi._stream.Spec of a top_k / threshold run, else None

    def but(self, **changes):
        """A copy with some fields changed."""
        return replace(self, **changes)


def keywords(func, given, exclude=()):
    """``Keywords`` from a public function's ``**options`` (unknown names raise
    TypeError, as Python does for a misspelt keyword)."""
    for name in given:
        if name not in KEYWORDS or name in exclude:
            raise TypeError(f"{func}() got an unexpected keyword argument {name!r}")
    return Keywords(**given)


def validate(func, kw, names):
    """Check the keyword parameters; returns ``Options``."""
    tile_size = kw.tile_size
    if tile_size is not None:
        tile_size = v.check_int(tile_size, "tile_size", func, low=1)
    if kw.progress is not None and not callable(kw.progress):
        v.not_callable_error("progress", kw.progress, func)
    return Options(
        estimator=v.check_estimator(kw.estimator, func),
        scale=v.log_base(kw.base, func),
        clip=v.check_bool(kw.clip, "clip", func),
        bias_correction=v.check_bool(kw.bias_correction, "bias_correction", func),
        bins=v.check_bins(kw.bins, func),
        strategy=v.check_options(kw.strategy, "strategy", func, v.BIN_STRATEGIES),
        k=v.check_int(kw.k, "k", func, low=1),
        algorithm=v.check_options(kw.algorithm, "algorithm", func, (1, 2)),
        standardize=v.check_standardize(kw.standardize, func),
        jitter=v.check_real(kw.jitter, "jitter", func, low=0),
        rng=v.check_random_state(kw.random_state, func),
        n_threads=_threads.resolve_n_jobs(v.check_n_jobs(kw.n_jobs, func)),
        tile_size=tile_size,
        out=kw.out,
        dtype=kw.dtype,
        progress=kw.progress,
        omit=v.check_nan_policy(kw.nan_policy, func) == "omit",
        return_counts=v.check_bool(kw.return_counts, "return_counts", func),
        names=tuple(names),
    )


def result_dtype(options):
    if options.dtype is not None:
        return options.dtype
    out = options.out
    return np.dtype(out.dtype) if hasattr(out, "dtype") else np.float64


# ---------------------------------------------------------------- inputs
class Columns(NamedTuple):
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
        if isinstance(self.data, list):
            return self.data[j]
        if v.scipy_sparse(self.data):  # one column densified at a time
            return self.data[:, [j]].toarray()[:, 0]
        return self.data[:, j]

    def column_dtype(self, j):
        return self.data.dtypes.iloc[j] if self.is_frame else self.data.dtype

    def values(self, columns, dtype=None):
        """The (n, m) array of the selected columns (a view when possible)."""
        if self.is_frame:
            sub = self.data.iloc[:, columns]
            if dtype is None:
                return sub.to_numpy()
            # pandas NA (nullable or object columns) is a missing value: NaN,
            # which the callers' finiteness checks then report clearly.
            return sub.to_numpy(dtype=dtype, na_value=np.nan)
        if isinstance(self.data, list):
            return np.column_stack([np.asarray(self.data[j], dtype=dtype) for j in columns])
        if v.scipy_sparse(self.data):
            return np.asarray(self.data[:, columns].toarray(), dtype=dtype)
        values = self.data if len(columns) == self.n_features else self.data[:, columns]
        return values if dtype is None else np.asarray(values, dtype=dtype)


def as_columns(X, name, func, min_features, nan_policy="raise", layer=None):
    """``X`` as ``Columns``: numpy, pandas, scipy.sparse (kept sparse, read a
    column at a time), or a polars / xarray / AnnData table converted by
    ``fastmi._frames`` with its names as labels."""
    omit = v.check_nan_policy(nan_policy, func) == "omit"
    X, labels = _frames.table(X, name, func, layer)
    if v.pandas_type(X, "DataFrame"):
        n, p = X.shape
        table = Columns(X, n, p, X.columns, True)
    elif v.pandas_type(X, "Series"):
        table = Columns(X.to_frame(), len(X), 1, None, True)
        table = table._replace(labels=table.data.columns)
    elif v.scipy_sparse(X):
        sparse = v.sparse_table(X, name, func)
        table = Columns(sparse, sparse.shape[0], sparse.shape[1], labels, False)
    else:
        arr = v.pairwise_array(X, name, func, allow_nan=omit)
        table = Columns(arr, arr.shape[0], arr.shape[1], labels, False)
    v.check_pairwise_shape(table.n_samples, table.n_features, name, func, min_features)
    return table


def discrete_mask(discrete_features, table, method, name, func):
    """Boolean mask of the columns treated as discrete under ``method``
    (``discrete_features``: the value of table ``name``'s flag, ``discrete_x``
    for "X", ``discrete_y`` for "Y" or "y")."""
    from fastmi._encoding import is_continuous_dtype

    p = table.n_features
    family = _registry.family(method) if method != "auto" else None
    if family is not None and family.kinds == ("discrete",):
        return np.ones(p, dtype=bool)
    dtype_rule = family is None or family.dtype_rule
    if isinstance(discrete_features, str) and discrete_features == "auto":
        if not dtype_rule:
            return np.zeros(p, dtype=bool)  # copula: "auto" means none
        return np.array([not is_continuous_dtype(table.column_dtype(j)) for j in range(p)])
    mask = v.discrete_features_mask(discrete_features, p, False, func, v.discrete_flag(name), name)
    if not dtype_rule and mask.any():
        raise v.copula_discrete_error(int(mask.sum()), name, func)
    return mask


def _check_numeric(table, mask, name, func):
    """Columns measured as continuous must hold numbers (a text column of a
    pandas or polars frame under a continuous method names itself)."""
    if not table.is_frame:
        return  # arrays: the families check their dtype
    for j in np.flatnonzero(~mask):
        dtype = table.column_dtype(j)
        if getattr(dtype, "kind", "O") not in "biuf":
            raise v.not_numeric_error(table.name(name, j), dtype, func)


# -------------------------------------------------------------- the tiles
class Tile(NamedTuple):
    """One tile: rows ``[rows[0], rows[1])`` x cols ``[cols[0], cols[1])``
    of a job's tile space; tile-space row i is result row ``out_rows[i]``."""

    run: object  # callable(rows, cols, out, out_rows, out_cols, symmetric)
    rows: tuple
    cols: tuple
    pairs: int
    out_rows: np.ndarray  # result row of each row of the tile space
    out_cols: np.ndarray
    symmetric: bool = False  # the tile space is a triangle: its job mirrors within it
    mirror: bool = False  # the result is symmetric: its transpose is placed too

    @property
    def diagonal(self):
        """On the diagonal of a triangular tile space (the job writes both
        triangles itself)."""
        return self.symmetric and self.rows == self.cols


class TileGroup(NamedTuple):
    """Tiles that share one prepared job, and the threads to run them on
    (one: the tiles run one after another, each on the calling thread alone:
    a copula tile's products take all cores through BLAS, whose idle
    threads then spin for about 0.1 s, longer than the tile's kernels take,
    so more kernel threads would only compete with them)."""

    tiles: list
    n_threads: int


def make_tiles(run, out_rows, out_cols, size, symmetric, mirror=None):
    """Square tiles over the pair space (the upper triangle when symmetric).

    ``mirror`` (default: ``symmetric``): the result is symmetric, so each
    tile's transpose is part of it too (the job writes it within a
    triangular space; a sink places it otherwise)."""
    mirror = symmetric if mirror is None else mirror
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
            tile = Tile(run, (r0, r1), (c0, c1), pairs, out_rows, out_cols, symmetric, mirror)
            tiles.append(tile)
    return tiles


def tile_result(run, rows, cols, diagonal, reducer=None, row_ids=None, col_ids=None, space=None):
    """``tile_block``, passed through a sink's ``reducer`` if it has one (on
    the thread or Dask worker that computed it): ``reducer(block, row_ids,
    col_ids, diagonal)`` with the result rows and columns of the block's rows
    and columns.  ``space``: a float64 array the block may be computed in
    when it is reduced (it is not kept)."""
    if reducer is None:
        return tile_block(run, rows, cols, diagonal)
    block = tile_block(run, rows, cols, diagonal, space)
    return reducer(block, row_ids, col_ids, diagonal)


def tile_ids(tile):
    """Result rows and columns of a tile's block rows and columns."""
    return (tile.out_rows[tile.rows[0] : tile.rows[1]], tile.out_cols[tile.cols[0] : tile.cols[1]])


def tile_block(run, rows, cols, diagonal, space=None):
    """The tile ``rows`` x ``cols`` of job ``run`` computed into a float64
    block of its own (in ``space``, a large enough 1-D float64 array, if
    given).  A ``diagonal`` tile (of a triangular tile space) holds both
    triangles; any other tile is computed as a plain rectangle (its mirror
    image is the sink's business)."""
    shape = (rows[1] - rows[0], cols[1] - cols[0])
    if space is None:
        block = np.empty(shape)
    else:
        block = space[: shape[0] * shape[1]].reshape(shape)
    block.fill(np.nan)
    # The kernels write out[out_rows[i], out_cols[j]] for tile-space i, j:
    # map them to the block (entries before the tile are never read).
    block_rows = np.arange(rows[1], dtype=np.int64) - rows[0]
    block_cols = np.arange(cols[1], dtype=np.int64) - cols[0]
    run(rows, cols, block, block_rows, block_cols, diagonal)
    return block


# -------------------------------------------------------------- the sinks
class DenseSink:
    """The dense (p, q) result: numpy, a memmap, or (Dask runs) any array
    that takes slice assignment, such as Zarr.

    The sink interface (what a runner calls): ``direct`` (bool) and
    ``target``: when ``direct``, a local run's jobs write tiles straight into
    ``target`` (through their ``out_rows``/``out_cols``), except tiles whose
    transpose a job does not write itself (``tile.mirror`` off the diagonal);
    every other tile arrives as ``add(tile, block)``, a float64 block of the
    tile's rows x cols, on the calling thread, in tile order for a local run.
    A sink that keeps a selection instead of the matrix sets ``direct`` False
    and sees every tile as a block, or (a ``reducer`` not None) as
    ``reducer``'s output of the block, computed where the tile ran
    (``fastmi._stream``: a small selection, never the block itself)."""

    reducer = None

    def __init__(self, result):
        self.result = result
        self.direct = isinstance(result, np.ndarray)
        self.target = np.asarray(result) if self.direct else None  # a memmap as ndarray

    def add(self, tile, block):
        rows = tile.out_rows[tile.rows[0] : tile.rows[1]]
        cols = tile.out_cols[tile.cols[0] : tile.cols[1]]
        mirror = tile.mirror and not tile.diagonal
        for (r0, r1), (c0, c1) in _runs(rows, cols):
            part = block[r0:r1, c0:c1]
            row_slice = slice(rows[r0], rows[r1 - 1] + 1)
            col_slice = slice(cols[c0], cols[c1 - 1] + 1)
            self.result[row_slice, col_slice] = part
            if mirror:
                self.result[col_slice, row_slice] = part.T


def _runs(rows, cols):
    """Rectangles ``((r0, r1), (c0, c1))`` of positions whose result rows and
    columns are contiguous (one rectangle unless columns were mixed)."""

    def split(index):
        breaks = np.flatnonzero(np.diff(index) != 1) + 1
        edges = [0, *breaks.tolist(), len(index)]
        return list(zip(edges[:-1], edges[1:], strict=True))

    return [(r, c) for r in split(rows) for c in split(cols)]


# ----------------------------------------------------------- the runners
def run_tiles(groups, sink, progress):
    """The local runner: ``groups`` (``TileGroup``) on fastmi's thread pool,
    in batches of about ``_BATCH_SECONDS``; ``progress`` and Ctrl-C are
    handled between batches."""
    total = sum(t.pairs for group, _ in groups for t in group)
    done = 0
    blocks = {}
    # Blocks that are reduced where they are computed are not kept: each
    # thread reuses one space for them (a fresh tile-sized block costs its
    # page faults, a large part of a copula tile's time).
    spaces = {}

    def direct(t):
        return sink.direct and (t.symmetric or not t.mirror)

    def space(t):
        size = (t.rows[1] - t.rows[0]) * (t.cols[1] - t.cols[0])
        mine = spaces.get(threading.get_ident())
        if mine is None or mine.shape[0] < size:
            mine = spaces[threading.get_ident()] = np.empty(size)
        return mine

    def run(t):
        if direct(t):
            t.run(t.rows, t.cols, sink.target, t.out_rows, t.out_cols, t.symmetric)
        else:
            reused = space(t) if sink.reducer is not None else None
            blocks[t.rows, t.cols] = tile_result(
                t.run, t.rows, t.cols, t.diagonal, sink.reducer, *tile_ids(t), reused
            )

    for group, n_threads in groups:
        start = 0
        batch = n_threads
        while start < len(group):
            chunk = group[start : start + batch]
            began = time.perf_counter()
            if n_threads == 1:
                for t in chunk:
                    _threads.as_task(run, t)
            else:
                _threads.parallel_map(run, chunk, n_threads)
            for t in chunk:  # in tile order, on the calling thread
                if not direct(t):
                    sink.add(t, blocks.pop((t.rows, t.cols)))
            seconds = time.perf_counter() - began
            start += len(chunk)
            done += sum(t.pairs for t in chunk)
            if progress is not None:
                progress(done, total)
            per_tile = seconds / len(chunk)
            wanted = int(_BATCH_SECONDS / per_tile) if per_tile > 0 else 4 * batch
            batch = max(n_threads, min(4 * batch, wanted // n_threads * n_threads))


#: Who runs the tiles: ``runner(groups, sink, progress)``.
#: ``fastmi.dask`` sets it, for one call, to a scheduler of Dask tasks.
RUNNER = contextvars.ContextVar("fastmi_tile_runner", default=run_tiles)


def is_local():
    return RUNNER.get() is run_tiles


def fill_nan(result):
    """``result[...] = NaN`` in row blocks, interruptible between blocks."""
    p, q = result.shape
    step = max(1, _FILL_STEP // max(q, 1))
    for r0 in range(0, p, step):
        result[r0 : r0 + step] = np.nan


# ---------------------------------------------------------------- engine
def check_no_mixed_pairs(mask_a, mask_b, method, func):
    """Discrete-continuous pairs have no estimator in families that take one
    kind of column (binned columns are discrete by then)."""
    if (mask_a.any() and not mask_b.all()) or (mask_b.any() and not mask_a.all()):
        raise v.mixed_pairs_error(method, func)


def engine(func, tables, masks, method, options, symmetric):
    """Plan and run all tiles of one (already binned) run; returns the (p, q)
    result array."""
    a_table, b_table = tables
    mask_a, mask_b = masks
    p, q = a_table.n_features, b_table.n_features
    dtype = v.check_result_dtype(result_dtype(options), func)
    if options.out is not None:  # a local run writes through numpy; others place blocks
        v.check_out_array(options.out, (p, q), dtype, func, array_like=not is_local())
    discrete = (np.flatnonzero(mask_a), np.flatnonzero(mask_b))
    continuous = (np.flatnonzero(~mask_a), np.flatnonzero(~mask_b))
    family, mixed = _registry.pair_plan(method)
    if mixed is None:
        check_no_mixed_pairs(mask_a, mask_b, method, func)
    if len(continuous[0]) or len(continuous[1]):
        family.check_samples(a_table.n_samples, options, func)
    # Prepare every column first (data errors surface here), then start
    # writing the result: NaN everywhere, then tile by tile.
    groups = []
    if len(discrete[0]) and len(discrete[1]):
        counting = _registry.family("discrete")
        groups.append(counting.tile_group(func, tables, discrete, options, symmetric))
    if len(continuous[0]) and len(continuous[1]):
        groups.append(family.tile_group(func, tables, continuous, options, symmetric))
    if mixed is not None:
        # A symmetric result's mixed pairs are one rectangle and its mirror.
        sides = [(continuous[0], discrete[1], True), (discrete[0], continuous[1], False)]
        for rows, cols, continuous_rows in sides[: 1 if symmetric else 2]:
            if len(rows) and len(cols):
                extra = {"continuous_rows": continuous_rows}
                groups.append(
                    mixed.tile_group(func, tables, (rows, cols), options, symmetric, **extra)
                )
    if options.stream is not None:  # top_k / threshold: a sparse result, no p x q array
        from fastmi import _stream

        threads = options.n_threads if is_local() else 1  # a Dask task runs serially
        sink = _stream.SelectionSink(p, q, options.stream, threads, local=is_local())
        RUNNER.get()(groups, sink, options.progress)
        return sink.result(dtype)
    if options.out is None:
        # Every entry gets written; an interrupted run never returns this array.
        result = np.empty((p, q), dtype=dtype)
    else:
        result = options.out
        fill_nan(result)  # the caller keeps it: unwritten entries must read NaN
    RUNNER.get()(groups, DenseSink(result), options.progress)
    return result


def compute(func, names, tables, features, kw, symmetric):
    """Validate everything, resolve the method, then run the engine (once, or
    per the omit plan); returns ``(result, counts)``, both (p, q).

    ``tables`` are ``Columns``, ``features`` their ``discrete_x`` /
    ``discrete_y`` settings, ``kw`` the ``Keywords`` of the call."""
    method = v.check_options(kw.method, "method", func, _registry.TILE_METHODS)
    masks = [
        discrete_mask(f, t, method, name, func)
        for f, t, name in zip(features, tables, names, strict=True)
    ]
    for table, mask, name in zip(tables, masks, names, strict=True):
        _check_numeric(table, mask, name, func)
    method = _registry.resolve_columns(method, masks)
    options = validate(func, kw, names)
    if kw.top_k is not None or kw.threshold is not None:
        from fastmi import _stream

        spec = _stream.check_spec(func, kw, options, tables[-1].n_features, symmetric)
        options = options.but(stream=spec)
        return _run_method(func, tables, masks, method, options, symmetric), None
    missing = [_missing_columns(t) for t in tables] if options.omit else [None]
    if all(m is None for m in missing):
        result = _run_method(func, tables, masks, method, options, symmetric)
        counts = np.full(result.shape, tables[0].n_samples, dtype=np.int64)
    else:
        result, counts = _omit(func, tables, masks, missing, method, options, symmetric)
    if options.clip:
        _clip(result)
    return result, counts


def _clip(result):
    """Negative entries become 0 (NaN stays), in row blocks as ``fill_nan``
    (equal to the single-pair functions' ``clip=True``: the sign does not
    depend on the unit)."""
    p, q = result.shape
    step = max(1, _FILL_STEP // max(q, 1))
    for r0 in range(0, p, step):
        block = np.asarray(result[r0 : r0 + step])
        if (block < 0).any():
            result[r0 : r0 + step] = np.maximum(block, 0)


def _run_method(func, tables, masks, method, options, symmetric):
    """Bin the continuous columns if the family does, then run the engine."""
    family = _registry.pair_plan(method)[0]
    if family.bins:
        tables = [
            family.as_discrete(t, m, options, name, func)
            for t, m, name in zip(tables, masks, options.names, strict=True)
        ]
        masks = [np.ones(t.n_features, dtype=bool) for t in tables]
    if symmetric:
        tables, masks = [tables[0], tables[0]], [masks[0], masks[0]]
    return engine(func, tuple(tables), tuple(masks), method, options, symmetric)


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
    every pair once.  ``kind``: "symmetric" (a group with itself), "cross"
    (two groups of cross_mi) or "upper" (two groups of one symmetric result:
    only the entries with row < column are kept, so each is f(X_i, X_j) with
    i < j exactly as pairwise_mi computes it)."""
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
    return Columns(data, n, len(columns), labels, table.is_frame, positions)


def _omit(func, tables, masks, missing, method, options, symmetric):
    """nan_policy="omit": every pair on the rows where both its columns are
    present.  Columns are grouped by their missing rows and each pair of
    groups is one engine run on their common rows (the complete columns with
    each other: one run on all rows, the usual fast path), so every entry is
    the function on that pair's filtered rows."""
    a_table, b_table = tables[0], tables[-1]
    mask_a, mask_b = masks[0], masks[-1]
    p, q = a_table.n_features, b_table.n_features
    dtype = v.check_result_dtype(result_dtype(options), func)
    out = options.out
    if out is not None:
        v.check_out_array(out, (p, q), dtype, func, array_like=not is_local())
    family, mixed = _registry.pair_plan(method)
    if not family.bins and mixed is None:  # before any run starts, as a full run does
        check_no_mixed_pairs(mask_a, mask_b, method, func)
    groups_a = _pattern_groups(missing[0], p)
    groups_b = groups_a if symmetric else _pattern_groups(missing[-1], q)
    runs = _omit_plan(groups_a, groups_b, symmetric)
    result = out if isinstance(out, np.ndarray) else np.empty((p, q), dtype=dtype)
    fill_nan(result)  # pairs with too few common samples stay NaN
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
        progress = _shifted(options.progress, done, total)
        continuous = any((~m).any() for m in sub_masks)
        if n >= family.min_samples(options, continuous):
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
    names = options.names * 2 if symmetric else options.names
    sub_options = options.but(out=None, names=names[:width], progress=progress)
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
