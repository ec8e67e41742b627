"""Streaming all-pairs output: the tiles of the pair space pass through a
per-row top-k selection or a threshold filter instead of filling a dense
matrix; the result is a :class:`SparseMI` (a ``scipy.sparse`` CSR array, an
edge table and per-row summaries).

How it runs: the engine (``fastmi._engine``) computes every tile into a
dense float64 block of its own (tile-sized: memory O(tiles in flight)); the
sink's reducer scans it, where it was computed, with
``fastmi._kernels.stream.scan_tile`` into small tile parts (each tile row's
K best partners, or the entries above the threshold, and the rows' integer
summaries), and the parts are merged into the run's :class:`Selection` by
the calling thread (locally) or on the client (``fastmi.dask``).  The selection
is the top K of a strict order (value, then the smaller partner index) and
the summaries are exact integers, so the result is bit-identical whatever the
tile size, thread count, merge order or cluster.
"""

import functools
from typing import NamedTuple

import numpy as np

from fastmi._kernels import stream as sk


class Spec(NamedTuple):
    """What a streaming run keeps: ``top_k`` (0: no selection) or the
    entries > ``threshold`` (None: none); ``symmetric`` for pairwise_mi."""

    top_k: int
    threshold: object
    symmetric: bool

    @property
    def cut(self):
        """The threshold as the kernels take it (+inf: count nothing)."""
        return np.inf if self.threshold is None else float(self.threshold)


class TilePart(NamedTuple):
    """What one tile contributes (small: O(tile side x K) or its edges)."""

    row_ids: np.ndarray
    col_ids: np.ndarray
    row_vals: np.ndarray
    row_idx: np.ndarray
    col_vals: np.ndarray
    col_idx: np.ndarray
    row_sum: np.ndarray
    col_sum: np.ndarray
    row_ext: np.ndarray
    col_ext: np.ndarray
    edges: tuple  # (i, j, mi) arrays of the entries above the threshold


def _heaps(m, k, floor=None):
    """Empty heaps of K slots for m rows.  ``floor`` (m,): a value below which
    no entry can be kept any more (the run's current K-th best of the row):
    the slots start at it, so weaker entries are rejected at once (ties at
    the floor still go in)."""
    vals = np.full((m, k), -np.inf)
    if floor is not None:
        vals[:] = floor[:, None]
    return vals, np.full((m, k), sk.EMPTY, dtype=np.int64)


def _summaries(m):
    extent = np.empty((2, m))
    extent[0], extent[1] = np.inf, -np.inf
    return np.zeros((sk.N_SUMMARY, m), dtype=np.int64), extent


def scan_block(block, row_ids, col_ids, diagonal, spec, shift=0, floors=None):
    """The :class:`TilePart` of a block of the pair space.  ``row_ids`` /
    ``col_ids``: result row and column of each block row and column;
    ``diagonal``: the block is (the rows ``shift:`` of) a diagonal tile of a
    symmetric result (only entries right of the diagonal are read);
    ``floors``: None or the (row, column) floors of the heaps (``_heaps``)."""
    block = np.ascontiguousarray(block)  # the kernels view its bits
    a, b = block.shape
    both = spec.symmetric
    row_floor, col_floor = (None, None) if floors is None else floors
    row_vals, row_idx = _heaps(a, spec.top_k, row_floor)
    col_vals, col_idx = _heaps(b if both else 0, spec.top_k, col_floor)
    row_sum, row_ext = _summaries(a)
    col_sum, col_ext = _summaries(b if both else 0)
    row_ids = np.ascontiguousarray(row_ids, dtype=np.int64)
    col_ids = np.ascontiguousarray(col_ids, dtype=np.int64)
    sk.scan_tile(block, row_ids, col_ids, diagonal, shift, both, spec.cut, row_vals, row_idx,
                 col_vals, col_idx, row_sum, col_sum, row_ext, col_ext)  # fmt: skip
    edges = ()
    if spec.threshold is not None:
        m = int(row_sum[6].sum())  # n_above: each entry counted once on its row's side
        out_i = np.empty(m, dtype=np.int64)
        out_j = np.empty(m, dtype=np.int64)
        out_v = np.empty(m)
        sk.gather_above(block, row_ids, col_ids, diagonal, shift, spec.cut, out_i, out_j, out_v)
        edges = (out_i, out_j, out_v)
    return TilePart(row_ids, col_ids, row_vals, row_idx, col_vals, col_idx, row_sum, col_sum,
                    row_ext, col_ext, edges)  # fmt: skip


#: Rows per strip when a tile's block is scanned on several threads.
_STRIP = 64


def reduce_block(block, row_ids, col_ids, diagonal, spec, n_threads=1, floors=None):
    """A tile's block scanned into a list of :class:`TilePart` (one per strip
    of rows when ``n_threads`` > 1): the reducer of a streaming run, called
    where the tile ran (a thread of the local runner, or a Dask worker).
    ``floors``: None, or the heap floors of the block's rows and columns."""
    from fastmi import _threads

    a = block.shape[0]
    # (strips of a task would run serially: one scan is enough)
    serial = n_threads <= 1 or _threads.in_task()
    n_strips = 1 if serial else min(-(-a // _STRIP), 4 * n_threads)
    row_floor, col_floor = (None, None) if floors is None else floors

    def scan(strip):
        r0, r1 = strip
        strip_floors = None if floors is None else (row_floor[r0:r1], col_floor)
        return scan_block(block[r0:r1], row_ids[r0:r1], col_ids, diagonal, spec, shift=r0,
                          floors=strip_floors)  # fmt: skip

    return _threads.parallel_map(scan, _threads.chunk_bounds(a, n_strips), n_threads)


class SelectionSink:
    """The engine's sink of a streaming run (see ``fastmi._engine``): blocks
    are reduced to tile parts where they are computed, and the parts merged
    into a :class:`Selection` on the calling thread or the Dask client."""

    direct = False

    def __init__(self, n_rows, n_cols, spec, n_threads, local):
        self.selection = Selection(n_rows, n_cols, spec)
        self.spec = spec
        self.n_threads = n_threads
        # A Dask task gets a picklable function; a local thread also reads
        # the run's current K-th best values as floors (fewer heap offers).
        local = local and spec.top_k > 0
        self.reducer = (
            self._reduce_with_floors
            if local
            else functools.partial(reduce_block, spec=spec, n_threads=n_threads)
        )

    def _reduce_with_floors(self, block, row_ids, col_ids, diagonal):
        # The roots of the run's heaps only ever rise, and a root slot is
        # written once per offer with its final value: a snapshot read while
        # the calling thread merges is a valid floor.
        roots = self.selection.vals[:, 0]
        floors = (roots[row_ids], roots[col_ids] if self.spec.symmetric else None)
        return reduce_block(block, row_ids, col_ids, diagonal, self.spec, self.n_threads, floors)

    def add(self, tile, parts):
        for part in parts:
            self.selection.merge(part)

    def result(self, dtype):
        return assemble(self.selection, dtype, None, None)


def check_spec(func, kw, options, n_partners, symmetric):
    """The :class:`Spec` of a call with ``top_k`` or ``threshold`` (``kw``:
    the call's keywords; ``n_partners``: columns of the result), after
    refusing what a sparse result cannot do."""
    from fastmi import _validation as v

    top_k, threshold = v.check_stream_options(kw.top_k, kw.threshold, n_partners, func)
    if kw.out is not None:
        v.stream_with_out_error(func)
    if options.return_counts:
        v.stream_option_error("return_counts", func, "counts come with the dense result only")
    if options.omit:
        v.stream_option_error("nan_policy", func, "'omit' runs are dense only; drop or impute "
                              "the missing values first")  # fmt: skip
    return Spec(top_k or 0, threshold, symmetric)


class Selection:
    """The state of a streaming run over an (n_rows, n_cols) result: the
    per-row heaps (top-k), the edges kept so far (threshold) and the per-row
    summaries.  ``merge`` takes tile parts in any order."""

    def __init__(self, n_rows, n_cols, spec):
        self.shape = (n_rows, n_cols)
        self.spec = spec
        self.vals, self.idx = _heaps(n_rows, spec.top_k)
        self.summary, self.extent = _summaries(n_rows)
        self.edges = []

    def merge(self, part):
        sk.add_summaries(self.summary, self.extent, part.row_ids, part.row_sum, part.row_ext)
        if part.col_sum.shape[1]:
            sk.add_summaries(self.summary, self.extent, part.col_ids, part.col_sum, part.col_ext)
        if self.spec.top_k:
            sk.merge_heaps(self.vals, self.idx, part.row_ids, part.row_vals, part.row_idx)
            if part.col_vals.shape[0]:
                sk.merge_heaps(self.vals, self.idx, part.col_ids, part.col_vals, part.col_idx)
        if part.edges and part.edges[0].shape[0]:
            self.edges.append(part.edges)

    def kept(self):
        """(i, j, mi) of the kept entries: row i's partners j (top-k), or the
        entries above the threshold as computed (i < j when symmetric)."""
        if self.spec.top_k:
            rows = np.repeat(np.arange(self.shape[0], dtype=np.int64), self.spec.top_k)
            cols, vals = self.idx.ravel(), self.vals.ravel()
            real = cols != sk.EMPTY
            return rows[real], cols[real], vals[real]
        if not self.edges:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros(0)
        return tuple(np.concatenate(parts) for parts in zip(*self.edges, strict=True))

    def summaries(self):
        """(count, mean, std, n_above) per row, from the exact sums."""
        count, s_hi, s_lo, q_hi, q_lo, huge, above, s_fine, q_fine = self.summary
        used = count - huge
        total = _fixed_to_float(s_hi, s_lo, s_fine, sk.SUM_BITS)
        squares = _fixed_to_float(q_hi, q_lo, q_fine, sk.SQ_BITS)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(used > 0, total / np.maximum(used, 1), np.nan)
            var = np.where(used > 0, squares / np.maximum(used, 1) - mean * mean, np.nan)
            std = np.sqrt(np.maximum(var, 0.0))
        low, high = self.extent
        constant = low == high  # exactly, whatever the rounding of the sums
        mean[constant], std[constant] = low[constant], 0.0
        mean[huge > 0], std[huge > 0] = np.inf, np.nan
        return count.copy(), mean, std, above.copy()


def _fixed_to_float(hi, lo, fine, bits):
    """(hi 2^LIMB_BITS + lo) 2^-bits + fine 2^-(bits + FINE_BITS), from the
    int64 limbs of ``fastmi._kernels.stream`` (carries moved first, then
    three exact float terms added in a fixed order): one deterministic float
    per row."""
    lo = lo + (fine >> sk.FINE_BITS)
    fine = fine & ((1 << sk.FINE_BITS) - 1)
    hi = hi + (lo >> sk.LIMB_BITS)
    lo = lo & ((1 << sk.LIMB_BITS) - 1)
    scale = 2.0**-bits
    return hi * (2.0**sk.LIMB_BITS * scale) + (lo * scale + fine * (scale * 2.0**-sk.FINE_BITS))


def assemble(selection, dtype, row_labels, col_labels):
    """The :class:`fastmi.sparse.SparseMI` of a finished run: the kept
    entries (mirrored when symmetric, each pair once) as a CSR array of
    ``dtype``, and the per-row summaries."""
    from scipy import sparse

    from fastmi.sparse import SparseMI

    spec = selection.spec
    n_rows, n_cols = selection.shape
    i, j, mi = selection.kept()
    if spec.symmetric:
        i, j, mi = np.concatenate([i, j]), np.concatenate([j, i]), np.concatenate([mi, mi])
    keys = i * n_cols + j
    # Each pair is computed once, so a pair kept by both of its rows has the
    # same value twice: keep one.
    keys, first = np.unique(keys, return_index=True)
    rows = keys // n_cols
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n_rows), out=indptr[1:])
    index_dtype = np.int32 if max(n_cols, keys.shape[0]) < 2**31 else np.int64
    matrix = sparse.csr_array(
        (mi[first].astype(dtype), (keys % n_cols).astype(index_dtype), indptr.astype(index_dtype)),
        shape=(n_rows, n_cols),
    )
    return SparseMI(
        matrix,
        selection.summaries(),
        row_labels=None if row_labels is None else list(row_labels),
        col_labels=None if col_labels is None else list(col_labels),
        top_k=spec.top_k or None,
        threshold=spec.threshold,
        symmetric=spec.symmetric,
    )


def from_dense(M, spec, labels=None, size=256):
    """The streaming result of a dense (p, q) MI matrix (tiles of ``size``;
    a symmetric ``spec`` reads the upper triangle only): the same selection
    and summaries as a streaming run that computed these values."""
    M = np.asarray(M, dtype=np.float64)
    n_rows, n_cols = M.shape
    ids = np.arange(max(n_rows, n_cols), dtype=np.int64)
    selection = Selection(n_rows, n_cols, spec)
    for r0 in range(0, n_rows, size):
        r1 = min(r0 + size, n_rows)
        for c0 in range(r0 if spec.symmetric else 0, n_cols, size):
            c1 = min(c0 + size, n_cols)
            block = np.ascontiguousarray(M[r0:r1, c0:c1])
            diagonal = spec.symmetric and r0 == c0
            selection.merge(scan_block(block, ids[r0:r1], ids[c0:c1], diagonal, spec))
    return assemble(selection, M.dtype, labels, labels)
