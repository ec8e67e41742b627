"""KSG family: Kraskov-Stoegbauer-Grassberger k-NN MI of continuous pairs.

Each column is standardized and jittered once (as ``ksg_mi`` prepares x and
y) and sorted once; every pair then shares those sorted orders.
"""

import math

import numpy as np

from fastmi import _engine
from fastmi import _validation as v
from fastmi._kernels import tiles


def check_samples(n, options, func):
    v.check_enough_samples(n, options.k, func)


def min_samples(options, continuous):
    return options.k + 1 if continuous else 1


def tile_group(func, tables, columns, options, symmetric):
    """Prepare the continuous columns of both tables; their tiles."""
    from fastmi._kernels import ksg as ksg_kernels
    from fastmi._neighbours import digamma_table, grid_cells

    a_table, b_table = tables
    idx_a, idx_b = columns
    n = a_table.n_samples
    fa = _features(a_table, idx_a, options, options.names[0], func)
    fb = fa if symmetric else _features(b_table, idx_b, options, options.names[1], func)
    psi = digamma_table(n)
    k, algorithm, scale = options.k, options.algorithm, options.scale
    grid = grid_cells(n)

    # About 50 n word operations' worth of time per KSG pair: tiles of ~10 ms
    # (small tiles balance the threads; the per-tile column indexes stay cheap).
    size = options.tile_size or int(np.clip(math.sqrt(_engine.TILE_WORK / (50.0 * n)), 4, 256))
    if algorithm == 1:  # distances only: the y-rank bands (see fastmi._kernels.ksg)
        b_rank = np.empty_like(fb.order)
        np.put_along_axis(b_rank, fb.order, np.arange(n, dtype=fb.order.dtype)[None, :], axis=1)

    def run(rows, cols, out, out_rows, out_cols, symmetric):
        if algorithm == 1:
            ksg_kernels.ksg1_block(fa, fb, b_rank, rows, cols, symmetric, k, psi, scale, out,
                                   out_rows, out_cols)  # fmt: skip
        else:
            tiles.ksg_block(fa, fb, rows, cols, symmetric, k, algorithm, grid, psi, scale, out,
                            out_rows, out_cols)  # fmt: skip

    tile_list = _engine.make_tiles(run, idx_a, idx_b, size, symmetric)
    return _engine.TileGroup(tile_list, options.n_threads)


def _features(table, columns, options, name, func):
    """``tiles.ContinuousFeatures`` of the selected columns, prepared as
    ``ksg_mi`` prepares x and y (standardized, then jittered column by column
    in column order from ``random_state``)."""
    from fastmi.continuous import column_ties, ksg_column, warn_ties

    n = table.n_samples
    values = np.empty((len(columns), n))
    ties = []
    for row, j in enumerate(columns):
        column = v.continuous_array(table.get(j), f"{name}[:, {j}]", func)
        ties.append(column_ties(column[:, 0]))
        values[row] = ksg_column(
            column, f"{name}[:, {j}]", func, options.jitter, options.rng, options.standardize
        )[:, 0]
    warn_ties(ties, name, func, v.KSG_TIE_ADVICE, columns=list(columns))
    order = np.argsort(values, axis=1, kind="stable")
    sorted_values = np.take_along_axis(values, order, axis=1)
    return tiles.ContinuousFeatures(values, order, sorted_values)
