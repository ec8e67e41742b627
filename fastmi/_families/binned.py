"""Binned family: continuous columns become bin codes, then are counted."""

import numpy as np

from fastmi import _validation as v
from fastmi._families import discrete


def as_discrete(table, mask, options, name, func):
    """The table with its continuous columns replaced by their bin codes
    (``fastmi.binning`` rules: each column binned on its own)."""
    from fastmi.binning import bin_codes

    continuous = np.flatnonzero(~mask)
    values = table.values(continuous, dtype=np.float64)
    v.drop_constant_columns(values, name, func)  # one bin each: warn only
    codes = bin_codes(values, options.bins, options.strategy, func)
    if len(continuous) == table.n_features:
        return table._replace(data=codes, is_frame=False)
    columns = [table.get(j) for j in range(table.n_features)]
    for position, j in enumerate(continuous):
        columns[j] = codes[:, position]
    return table._replace(data=columns, is_frame=False)


tile_group = discrete.tile_group  # after as_discrete every column is discrete
