"""MRNET: mRMR feature selection around every gene (Meyer et al. 2007)."""

import numpy as np

from fastmi.network._common import matrix as _matrix
from fastmi.network._common import wrap as _wrap
from fastmi.selection import greedy_select

__all__ = ["mrnet"]


def mrnet(mi):
    """MRNET: mRMR feature selection around every gene (Meyer et al. 2007).

    For each gene i as the target, mRMR (MID criterion) ranks all other
    genes using M alone: relevance M_ik, redundancy the mean of M_kj over
    the genes j already selected for i.  With s_i(j) the score of gene j when
    it was selected for i, the edge score is max(s_i(j), s_j(i), 0).
    All p targets are run together, one vectorised step per selected gene.

    Parameters
    ----------
    mi : array-like or DataFrame of shape (p, p)
        As :func:`relevance_network`.

    Returns
    -------
    ndarray or DataFrame of shape (p, p)
        Symmetric, zero diagonal, >= 0, in the unit of ``mi``.

    >>> import numpy as np
    >>> from fastmi.network import mrnet
    >>> M = np.array([[0.0, 0.8, 0.3], [0.8, 0.0, 0.6], [0.3, 0.6, 0.0]])
    >>> mrnet(M)
    array([[0. , 0.8, 0. ],
           [0.8, 0. , 0.6],
           [0. , 0.6, 0. ]])
    """
    values, labels = _matrix(mi, "mrnet")
    p = values.shape[0]
    order, selected_scores = greedy_select(
        values,
        p - 1,
        "mrmr",
        redundancy=lambda chosen: values[chosen],
        excluded=np.eye(p, dtype=bool),
    )
    scores = np.zeros((p, p))
    scores[np.arange(p)[:, None], order] = selected_scores
    scores = np.maximum(np.maximum(scores, scores.T), 0.0)
    np.fill_diagonal(scores, 0.0)
    return _wrap(scores, labels)
