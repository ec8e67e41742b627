"""Scoring a network against a gold standard: AUROC and AUPR."""

import numpy as np

from fastmi import _validation as v
from fastmi.network._common import matrix as _matrix

__all__ = ["auroc", "aupr"]


def _scored_pairs(scores, truth, func):
    """Scores and 0/1 labels of the pairs i < j (the gold standard symmetrised by OR)."""
    values, _ = _matrix(scores, func, "scores")
    gold = v.check_gold_standard(truth, values.shape, func)
    gold = gold | gold.T
    upper = np.triu_indices(values.shape[0], k=1)
    s, y = values[upper], gold[upper]
    if y.all() or not y.any():
        raise v.one_class_error(func)
    return s, y


def auroc(scores, truth):
    """Area under the ROC curve of edge scores against a gold-standard adjacency.

    Pairs i < j are the items (an undirected network; a directed gold
    standard is symmetrised).  Tied scores count one half (as
    ``sklearn.metrics.roc_auc_score``): the Mann-Whitney statistic.

    >>> import numpy as np
    >>> from fastmi.network import auroc
    >>> S = np.array([[0.0, 0.8, 0.1], [0.8, 0.0, 0.6], [0.1, 0.6, 0.0]])
    >>> auroc(S, [[0, 1, 0], [1, 0, 1], [0, 1, 0]])
    1.0
    """
    from scipy.stats import rankdata

    s, y = _scored_pairs(scores, truth, "auroc")
    ranks = rankdata(s)  # ties get their average rank
    n_pos = int(y.sum())
    n_neg = y.shape[0] - n_pos
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def aupr(scores, truth):
    """Area under the precision-recall curve, as average precision.

    AP = sum_n (R_n - R_{n-1}) P_n over the distinct score thresholds,
    strongest first (``sklearn.metrics.average_precision_score``), over the
    pairs i < j as in :func:`auroc`.

    >>> import numpy as np
    >>> from fastmi.network import aupr
    >>> S = np.array([[0.0, 0.8, 0.1], [0.8, 0.0, 0.6], [0.1, 0.6, 0.0]])
    >>> aupr(S, [[0, 1, 1], [1, 0, 0], [1, 0, 0]])  # hits at ranks 1 and 3
    0.8333333333333333
    """
    s, y = _scored_pairs(scores, truth, "aupr")
    order = np.argsort(-s, kind="stable")
    s, y = s[order], y[order]
    last_of_tie = np.r_[s[1:] != s[:-1], True]  # one threshold per distinct score
    tp = np.cumsum(y)[last_of_tie]
    ranked = (np.flatnonzero(last_of_tie) + 1).astype(np.float64)
    precision = tp / ranked
    recall = tp / tp[-1]
    return float(np.sum(np.diff(recall, prepend=0.0) * precision))
