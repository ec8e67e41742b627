"""Ranked edge lists of a score matrix."""

from fastmi import _validation as v
from fastmi.network._common import matrix as _matrix

__all__ = ["edge_list"]


def edge_list(scores, *, names=None, top=None):
    """Edges (i < j) of a score matrix, strongest first, without zero scores.

    Returns a list of ``(name_i, name_j, score)``; names default to the
    DataFrame labels or the column indices.  ``top`` keeps the first edges.
    Ties keep row-major order.

    >>> import numpy as np
    >>> from fastmi.network import edge_list
    >>> S = np.array([[0.0, 0.8, 0.0], [0.8, 0.0, 0.6], [0.0, 0.6, 0.0]])
    >>> edge_list(S, names=["a", "b", "c"])
    [('a', 'b', 0.8), ('b', 'c', 0.6)]
    """
    from fastmi.pairwise import top_pairs

    func = "edge_list"
    values, labels = _matrix(scores, func, "scores")
    p = values.shape[0]
    if names is None and labels is not None:
        names = labels
    names = v.check_names(names, p, func)
    n_top = p * (p - 1) // 2 if top is None else v.check_int(top, "top", func, low=0)
    rows, cols, weights = top_pairs(values, n_top)
    return [
        (names[i], names[j], float(w)) for i, j, w in zip(rows, cols, weights, strict=True) if w > 0
    ]
