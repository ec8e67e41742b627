"""Context likelihood of relatedness (Faith et al. 2007)."""

import numpy as np

from fastmi.network._common import matrix as _matrix
from fastmi.network._common import wrap as _wrap

__all__ = ["clr"]


def clr(mi):
    """Context likelihood of relatedness (Faith et al. 2007).

    Each MI value is compared with the background of both genes: with
    z_i = max(0, (M_ij - mean_i) / std_i), where mean_i and std_i are over
    the p - 1 off-diagonal entries of row i (a constant row gives z = 0),
    the score is sqrt(z_i^2 + z_j^2).

    Parameters
    ----------
    mi : array-like or DataFrame of shape (p, p)
        As :func:`relevance_network`.

    Returns
    -------
    ndarray or DataFrame of shape (p, p)
        Symmetric, zero diagonal, >= 0 (unitless z-scores).

    >>> import numpy as np
    >>> from fastmi.network import clr
    >>> M = np.array([[0, 0.9, 0.1, 0.1], [0.9, 0, 0.1, 0.2],
    ...               [0.1, 0.1, 0, 0.2], [0.1, 0.2, 0.2, 0]])
    >>> S = clr(M)
    >>> np.unravel_index(np.argmax(S), S.shape)  # the strong pair stands out
    (np.int64(0), np.int64(1))
    """
    values, labels = _matrix(mi, "clr")
    p = values.shape[0]
    off = ~np.eye(p, dtype=bool)
    rows = values[off].reshape(p, p - 1)
    mean = rows.mean(axis=1)
    std = rows.std(axis=1)
    safe = np.where(std > 0, std, 1.0)
    z = np.where(std[:, None] > 0, (values - mean[:, None]) / safe[:, None], 0.0)
    np.maximum(z, 0.0, out=z)  # z[i, j]: M_ij against gene i's background
    scores = np.sqrt(z**2 + z.T**2)
    np.fill_diagonal(scores, 0.0)
    return _wrap(scores, labels)
