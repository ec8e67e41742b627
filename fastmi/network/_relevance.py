"""Relevance network: edges weighted by MI (Butte & Kohane 2000)."""

from fastmi import _validation as v
from fastmi.network._common import matrix as _matrix
from fastmi.network._common import wrap as _wrap

__all__ = ["relevance_network"]


def relevance_network(mi, *, threshold=None):
    """Relevance network: edges weighted by MI, optionally those >= ``threshold``.

    Butte & Kohane (2000).

    Parameters
    ----------
    mi : array-like or DataFrame of shape (p, p)
        Symmetric MI matrix, finite and >= 0 off the diagonal (ignored).
    threshold : float >= 0 or None, default=None
        Scores below it become 0; None keeps every pair.

    Returns
    -------
    ndarray or DataFrame of shape (p, p)
        Symmetric, zero diagonal, in the unit of ``mi``.

    Raises
    ------
    ValueError
        ``mi`` not square, not symmetric, NaN/inf or negative off the diagonal.

    >>> import numpy as np
    >>> from fastmi.network import relevance_network
    >>> M = np.array([[0.0, 0.5, 0.1], [0.5, 0.0, 0.3], [0.1, 0.3, 0.0]])
    >>> relevance_network(M, threshold=0.2)
    array([[0. , 0.5, 0. ],
           [0.5, 0. , 0.3],
           [0. , 0.3, 0. ]])
    """
    func = "relevance_network"
    values, labels = _matrix(mi, func)
    if threshold is not None:
        threshold = v.check_real(threshold, "threshold", func, low=0)
        values[values < threshold] = 0.0
    return _wrap(values, labels)
