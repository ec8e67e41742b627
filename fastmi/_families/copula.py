"""Copula family: one matrix product of standardized normal scores.

Entries are -1/2 log(1 - r^2) of the normal scores' correlation (Ince et al.
2017), equal to ``copula_mi`` up to rounding.
"""

import math

import numpy as np

from fastmi import _engine, _threads
from fastmi import _validation as v
from fastmi._kernels import tiles

# Copula products are computed on a grid of cells that depends on the data's
# shape only (tiles are whole cells), so BLAS sums every entry in the same
# order whatever the tile size or thread count.  A cell is at most this many
# multiply-adds (a fraction of a second: Ctrl-C and progress wait for it).
_CELL_WORK = 1 << 32


def check_samples(n, options, func):
    v.check_enough_for_covariance(n, {"x": 1, "y": 1}, func)


def min_samples(options, continuous):
    return 4  # a 2 x 2 covariance and its bias correction


def _grid(n):
    """Features per side of a copula grid cell for n samples."""
    return int(np.clip(math.sqrt(_CELL_WORK / n), 64, 2048)) // 64 * 64


def tile_group(func, tables, columns, options, symmetric):
    """Normal scores of the selected columns of both tables; their tiles
    (one thread each: a copula tile is BLAS, which brings its own)."""
    from fastmi.gaussian import gaussian_bias

    a_table, b_table = tables
    idx_a, idx_b = columns
    n = a_table.n_samples
    names = options.names
    za, const_a = _scores(a_table, idx_a, options.n_threads, names[0], func)
    zb, const_b = (
        (za, const_a) if symmetric else _scores(b_table, idx_b, options.n_threads, names[1], func)
    )
    bias = gaussian_bias(n, 1, 1) if options.bias_correction else 0.0
    size = options.tile_size or int(math.sqrt(_engine.TILE_WORK / n))
    size = -(-size // _grid(n)) * _grid(n)  # whole grid cells
    run = _job(za, const_a, zb, const_b, bias, options.scale, options.n_threads)
    return _engine.TileGroup(_engine.make_tiles(run, idx_a, idx_b, size, symmetric), 1)


def _scores(table, columns, n_threads, name, func):
    """Standardized normal scores (m, n) of the selected columns, and a mask
    of the constant ones.

    The columns are checked here (or in ``pairwise_array``), so the rank pass
    of ``fastmi.gaussian`` runs on them directly (a transposed view: it
    copies cache-sized blocks itself).
    """
    from fastmi.gaussian import copula_columns

    if table.is_frame:
        values = table.values(columns, dtype=np.float64)
        v.check_finite(values, name, func)
    else:
        values = table.values(columns)
    if values.dtype.kind not in "biuf":
        raise v.not_numeric_error(name, values.dtype, func)
    return copula_columns(values, n_threads)


def _job(za, const_a, zb, const_b, bias, scale, n_threads):
    cell = _grid(za.shape[1])

    def run(rows, cols, out, out_rows, out_cols, symmetric):
        # Copula columns are all the columns (no discrete ones are allowed),
        # so a cell's rows and columns of the result are contiguous ranges.
        assert len(out_rows) == out_rows[-1] - out_rows[0] + 1
        assert len(out_cols) == out_cols[-1] - out_cols[0] + 1
        place = _placer(za, const_a, zb, const_b, bias, scale, n_threads, out, out_rows,
                        out_cols, symmetric)  # fmt: skip
        for r0 in range(rows[0], rows[1], cell):
            r1 = min(r0 + cell, rows[1])
            for c0 in range(cols[0], cols[1], cell):
                if not symmetric or c0 >= r0:
                    place(r0, r1, c0, min(c0 + cell, cols[1]))

    return run


def _placer(za, const_a, zb, const_b, bias, scale, n_threads, out, out_rows, out_cols,
            symmetric):  # fmt: skip
    """``place(r0, r1, c0, c1)``: one grid cell's product, turned into MI
    and written into ``out``."""
    from fastmi.gaussian import cross_products, gram_upper, resolution_cap

    def block(r0, r1, c0, c1):
        # A cell whose part of ``out`` is one C-contiguous float64 piece (a
        # streamed tile's block, rows of full width of a dense result) takes
        # the product itself, turned into MI in place: no product array
        # (its page faults) and no copy.
        row0, col0 = int(out_rows[r0]), int(out_cols[c0])
        target = out[row0 : row0 + r1 - r0, col0 : col0 + c1 - c0]
        in_place = out.dtype == np.float64 and target.flags.c_contiguous
        try:
            product_and_place(r0, r1, c0, c1, row0, col0, target if in_place else None)
        except BaseException:
            if in_place:  # interrupted: no raw products may be left behind
                target[...] = np.nan
            raise

    def product_and_place(r0, r1, c0, c1, row0, col0, target):
        # One matrix product per cell of a fixed grid, so each entry's sum is
        # the same whatever the tile size or thread count.  A diagonal cell
        # of a symmetric result needs one triangle only (BLAS syrk).
        diagonal_cell = symmetric and r0 == c0
        in_place = target is not None
        if diagonal_cell:
            values = gram_upper(za[r0:r1], out=target)
        else:
            values = cross_products(za[r0:r1], zb[c0:c1], out=target)
        args = (const_a[r0:r1], const_b[c0:c1], bias, resolution_cap(za.shape[1]), scale,
                diagonal_cell, out, row0, col0, symmetric, in_place)  # fmt: skip

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
