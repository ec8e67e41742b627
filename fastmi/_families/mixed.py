"""Mixed family: a continuous column with a discrete one (Ross 2014).

The pairs of "auto" whose columns are of different kinds: each entry equals
``mixed_mi(continuous, discrete)`` with its defaults (method "ross", the
columns standardized, no jitter) and the call's ``k`` and ``base``, as
``fastmi.mutual_info`` computes it.  Columns are prepared once; each pair
runs the estimator's neighbour counts (no shared tile kernel yet: the cost
per pair is that of ``mixed_mi`` without its validation).

Ross, B. C. (2014). Mutual information between discrete and continuous data
sets. PLoS ONE 9(2), e87357. https://doi.org/10.1371/journal.pone.0087357
"""

import numpy as np

from fastmi import _engine
from fastmi import _validation as v

# Pairs per tile: each pair is a few neighbour passes over n samples.
_TILE_PAIRS = 64


def check_samples(n, options, func):
    v.check_enough_samples(n, options.k, func)


def min_samples(options, continuous):
    return options.k + 1 if continuous else 1


def tile_group(func, tables, columns, options, symmetric, continuous_rows):
    """Tiles of the pairs (rows x cols) where the rows are the continuous
    columns when ``continuous_rows`` (else the discrete ones).  In a
    symmetric result the tiles are rectangles whose mirror image the sink
    places."""
    a_table, b_table = tables
    idx_a, idx_b = columns
    x_table, x_idx, x_name = (a_table, idx_a, 0) if continuous_rows else (b_table, idx_b, 1)
    c_table, c_idx, c_name = (b_table, idx_b, 1) if continuous_rows else (a_table, idx_a, 0)
    names = options.names * 2 if len(options.names) == 1 else options.names
    x = _continuous(x_table, x_idx, names[x_name], func)
    codes = _codes(c_table, c_idx, names[c_name], func)
    k, scale = options.k, options.scale

    def run(rows, cols, out, out_rows, out_cols, triangle):
        from fastmi.continuous import mixed_raw

        for i in range(rows[0], rows[1]):
            for j in range(cols[0], cols[1]):
                xi, cj = (i, j) if continuous_rows else (j, i)
                value = mixed_raw(x[xi][:, None], codes[cj], k, "ross", 1)
                out[out_rows[i], out_cols[j]] = float(value) / scale

    size = options.tile_size or max(1, int(np.sqrt(_TILE_PAIRS)))
    tiles = _engine.make_tiles(run, idx_a, idx_b, size, False, mirror=symmetric)
    return _engine.TileGroup(tiles, options.n_threads)


def _continuous(table, columns, name, func):
    """(m, n) columns standardized as ``mixed_mi`` prepares x (no jitter)."""
    from fastmi.continuous import ksg_column

    values = np.empty((len(columns), table.n_samples))
    for row, j in enumerate(columns):
        label = table.name(name, j)
        column = v.continuous_array(table.get(j), label, func)
        values[row] = ksg_column(column, label, func, 0.0, None)[:, 0]
    return values


def _codes(table, columns, name, func):
    """Integer class codes of the discrete columns, as ``mixed_mi`` reads y."""
    from fastmi._encoding import encode

    codes = []
    for j in columns:
        labels = encode(table.get(j), table.name(name, j), func)
        codes.append(labels.values - labels.offset)
    return codes
