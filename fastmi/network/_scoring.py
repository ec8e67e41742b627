"""Scoring a network against a gold standard in the DREAM convention.

The items are the ordered pairs (regulator r, target t), r != t, of the p
genes: p (p - 1) of them, each scored by ``S[r, t]`` and labelled by the
directed gold standard (Stolovitzky et al. 2009; Prill et al. 2010; Marbach
et al. 2010).  Pairs the prediction does not score (rows of genes that are
not regulators, edges missing from an edge list) rank below every scored
pair, all tied.  ``directed=False`` scores the unordered pairs i < j
instead, with max(S[i, j], S[j, i]) against the gold standard symmetrised
by OR.  For a symmetric score matrix and a symmetric gold standard both give
the same AUROC and AUPR (every item and every tie group is doubled).

References
----------
Stolovitzky, G., Prill, R. J. and Califano, A. (2009). Lessons from the
DREAM2 challenges. Ann. N. Y. Acad. Sci. 1158, 159-195.
https://doi.org/10.1111/j.1749-6632.2009.04497.x

Marbach, D. et al. (2010). Revealing strengths and weaknesses of methods
for gene network inference. PNAS 107(14), 6286-6291.
https://doi.org/10.1073/pnas.0913357107
"""

import os
from typing import NamedTuple

import numpy as np

from fastmi import _docs
from fastmi import _validation as v
from fastmi.network._edges import read_edge_list, score_table

__all__ = [
    "auroc",
    "aupr",
    "precision_at_k",
    "score_network",
    "NetworkScore",
    "score_curves",
    "ScoreCurves",
]


# ------------------------------------------------------------ gold standards
def _is_edge_list(obj):
    return isinstance(obj, (str, os.PathLike)) or (
        isinstance(obj, list) and len(obj) > 0 and isinstance(obj[0], tuple)
    )


def _gold(truth, func):
    """(matrix or None, genes or None, edges or None): a gold standard as a
    matrix (not yet checked; with its labels when a DataFrame), or as named edges."""
    if _is_edge_list(truth):
        edges = read_edge_list(truth) if not isinstance(truth, list) else truth
        return None, None, [(a, b, w) for a, b, w in edges]
    genes = None
    if v.pandas_type(truth, "DataFrame"):
        genes = list(truth.columns)
        if list(truth.index) != genes:
            if set(truth.index) != set(genes):
                raise v.gold_labels_error(func)
            truth = truth.loc[genes]  # rows in the order of the columns
    return np.asarray(truth), genes, None


def _place(edges, genes, what, func, fill):
    """A p x p matrix holding the ``edges`` (name, name, value) over ``genes``."""
    position = {g: i for i, g in enumerate(genes)}
    unknown = sorted({g for a, b, _ in edges for g in (a, b) if g not in position}, key=str)
    if unknown:
        raise v.unknown_genes_error(what, unknown, func)
    out = np.full((len(genes), len(genes)), fill, dtype=np.float64)
    if edges:
        r = np.array([position[a] for a, _, _ in edges])
        t = np.array([position[b] for _, b, _ in edges])
        np.maximum.at(out, (r, t), np.array([w for _, _, w in edges], dtype=np.float64))
    return out


def _full_scores(values, regulators, func):
    """(S, symmetric): the p x p float64 scores with -inf for the rows of
    genes that are not regulators; NaN/inf off the diagonal is refused."""
    n_rows, p = values.shape
    own = (np.arange(n_rows), np.arange(n_rows) if regulators is None else regulators)
    given = np.array(values, dtype=np.float64)
    given[own] = 0.0  # the diagonal is ignored
    if not np.isfinite(given).all():
        n_nan = int(np.isnan(given).sum())
        raise v.not_finite_scores_error("scores", func, n_nan, int(np.isinf(given).sum()))
    if regulators is None:
        return given, bool(np.array_equal(given, given.T))
    S = np.full((p, p), -np.inf)
    S[regulators] = given
    return S, False


def _aligned(scores, truth, tfs, names, func):
    """(S, G, square_symmetric): p x p scores (-inf where the prediction
    says nothing) and the p x p boolean gold standard over the same genes."""
    gold, gold_genes, gold_edges = _gold(truth, func)
    if _is_edge_list(scores):
        genes = gold_genes if names is None else list(names)
        if genes is None and gold_edges is not None:
            genes = list(dict.fromkeys(g for a, b, _ in gold_edges for g in (a, b)))
        if genes is None:
            raise v.unnamed_edge_list_error(func)
        edges = read_edge_list(scores) if not isinstance(scores, list) else scores
        S = _place(edges, genes, "The predicted edge list", func, -np.inf)
        symmetric = False
    else:
        values, genes, regulators = score_table(scores, tfs, names, func)
        S, symmetric = _full_scores(values, regulators, func)
        p = S.shape[0]
        if genes is None:
            genes = list(range(p))
    if gold is None:
        gold = _place(gold_edges, genes, "The gold standard", func, 0.0) != 0
    else:
        gold = v.check_gold_standard(gold, S.shape, func)
    if gold_genes is not None and gold_genes != list(genes):
        known = set(genes)
        missing = [g for g in gold_genes if g not in known]
        if missing:
            raise v.unknown_genes_error("The gold standard", missing, func)
        position = {g: i for i, g in enumerate(gold_genes)}
        order = [position[g] for g in genes]
        gold = gold[np.ix_(order, order)]
    legacy = symmetric and gold_edges is None and not _is_edge_list(scores)
    return S, gold, legacy


def _items(scores, truth, tfs, names, directed, func):
    """(scores, labels) of the scored pairs, as 1-D arrays."""
    if directed is not None:
        directed = v.check_bool(directed, "directed", func)
    S, G, legacy = _aligned(scores, truth, tfs, names, func)
    if directed is None:
        directed = True
        if legacy and not np.array_equal(G, G.T):
            v.directed_gold_warning(func)
            directed = False
    p = S.shape[0]
    if directed:
        off = ~np.eye(p, dtype=bool)
        s, y = S[off], G[off]
    else:
        upper = np.triu_indices(p, k=1)
        s = np.maximum(S, S.T)[upper]
        y = (G | G.T)[upper]
    if y.all() or not y.any():
        raise v.one_class_error(func)
    return s, y


# ------------------------------------------------------------------- metrics
def _ranking(s):
    """Pairs strongest first, ties in pair order (one stable sort for every metric)."""
    return np.argsort(-s, kind="stable")


def _auroc(s, y, order):
    """The Mann-Whitney statistic; tied scores share their average rank."""
    ranked = s[order]
    n = ranked.shape[0]
    starts = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]])
    ends = np.r_[starts[1:], n]  # a tie group holds the positions starts .. ends - 1
    ranks = np.empty(n)  # ascending ranks 1..n: position i (descending) has rank n - i
    ranks[order] = np.repeat(n - (starts + ends - 1) / 2, ends - starts)
    n_pos = int(y.sum())
    n_neg = n - n_pos
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def _thresholds(s, y, order):
    """(tp, ranked) at each distinct score, strongest first: the true pairs
    and all the pairs scoring at least that much."""
    s, y = s[order], y[order]
    last_of_tie = np.r_[s[1:] != s[:-1], True]  # one threshold per distinct score
    tp = np.cumsum(y)[last_of_tie]
    ranked = (np.flatnonzero(last_of_tie) + 1).astype(np.float64)
    return tp, ranked


def _aupr(s, y, order):
    tp, ranked = _thresholds(s, y, order)
    precision = tp / ranked
    recall = tp / tp[-1]
    return float(np.sum(np.diff(recall, prepend=0.0) * precision))


def _precision_at(y, order, k):
    return float(y[order[:k]].sum() / k)


@_docs.fill
def auroc(scores, truth, *, tfs=None, names=None, directed=None):
    """Area under the ROC curve of edge scores against a gold standard.

    The Mann-Whitney statistic over the ordered pairs r != t (see the
    module notes); tied scores count one half, as
    ``sklearn.metrics.roc_auc_score``.

    %(network_scores_parameters)s

    Returns
    -------
    float in [0, 1]

    >>> import numpy as np
    >>> from fastmi.network import auroc
    >>> S = np.array([[0.0, 0.8, 0.1], [0.8, 0.0, 0.6], [0.1, 0.6, 0.0]])
    >>> auroc(S, [[0, 1, 0], [1, 0, 1], [0, 1, 0]])
    1.0
    """
    s, y = _items(scores, truth, tfs, names, directed, "auroc")
    return _auroc(s, y, _ranking(s))


@_docs.fill
def aupr(scores, truth, *, tfs=None, names=None, directed=None):
    """Area under the precision-recall curve, as average precision.

    AP = sum_n (R_n - R_{n-1}) P_n over the distinct score thresholds,
    strongest first (``sklearn.metrics.average_precision_score``), over the
    ordered pairs r != t (see the module notes).

    %(network_scores_parameters)s

    Returns
    -------
    float in [0, 1]

    >>> import numpy as np
    >>> from fastmi.network import aupr
    >>> S = np.array([[0.0, 0.8, 0.1], [0.8, 0.0, 0.6], [0.1, 0.6, 0.0]])
    >>> aupr(S, [[0, 1, 1], [1, 0, 0], [1, 0, 0]])  # hits at ranks 1-2 and 5-6
    0.8333333333333333
    """
    s, y = _items(scores, truth, tfs, names, directed, "aupr")
    return _aupr(s, y, _ranking(s))


@_docs.fill
def precision_at_k(scores, truth, k=None, *, tfs=None, names=None, directed=None):
    """Fraction of true edges among the ``k`` best-scored pairs.

    Ties at the cut are broken by pair order (row-major), so the value is
    deterministic.  ``k`` defaults to the number of true edges (then the
    precision equals the recall: the "R-precision").

    %(network_scores_parameters)s

    Returns
    -------
    float in [0, 1]

    >>> import numpy as np
    >>> from fastmi.network import precision_at_k
    >>> S = np.array([[0.0, 0.8, 0.1], [0.0, 0.0, 0.6], [0.0, 0.0, 0.0]])
    >>> precision_at_k(S, [[0, 1, 0], [0, 0, 0], [0, 1, 0]], k=2)
    0.5
    """
    s, y = _items(scores, truth, tfs, names, directed, "precision_at_k")
    k = int(y.sum()) if k is None else v.check_int(k, "k", "precision_at_k", low=1)
    return _precision_at(y, _ranking(s), k)


class NetworkScore(NamedTuple):
    """What :func:`score_network` measures."""

    aupr: float
    auroc: float
    precision_at_k: float
    k: int
    n_true_edges: int
    n_predicted_edges: int
    n_pairs: int


def score_network(scores, truth, *, k=None, tfs=None, names=None, directed=True):
    """AUPR, AUROC, precision at k and edge counts in one pass (DREAM convention).

    ``n_predicted_edges`` counts the scored pairs with a score > 0 and
    ``n_pairs`` the pairs scored (p (p - 1) when directed); ``k`` defaults
    to the number of true edges.  Other parameters as :func:`aupr`.

    >>> import numpy as np
    >>> from fastmi.network import score_network
    >>> S = np.array([[0.0, 0.8, 0.1], [0.8, 0.0, 0.6], [0.1, 0.6, 0.0]])
    >>> score_network(S, [[0, 1, 0], [0, 0, 0], [0, 1, 0]]).aupr
    0.5
    """
    func = "score_network"
    s, y = _items(scores, truth, tfs, names, directed, func)
    n_true = int(y.sum())
    k = n_true if k is None else v.check_int(k, "k", func, low=1)
    order = _ranking(s)
    return NetworkScore(
        aupr=_aupr(s, y, order),
        auroc=_auroc(s, y, order),
        precision_at_k=_precision_at(y, order, k),
        k=k,
        n_true_edges=n_true,
        n_predicted_edges=int((s > 0).sum()),
        n_pairs=int(s.shape[0]),
    )


class ScoreCurves(NamedTuple):
    """The precision-recall and ROC curves :func:`score_curves` returns."""

    recall: np.ndarray
    precision: np.ndarray
    fpr: np.ndarray
    tpr: np.ndarray
    aupr: float
    auroc: float
    positive_fraction: float


def score_curves(scores, truth, *, tfs=None, names=None, directed=True):
    """Precision-recall and ROC curves of edge scores against a gold standard.

    One point per distinct score, strongest first (the thresholds of
    :func:`aupr` and :func:`auroc`).  ``recall`` and ``precision`` are the
    points (R_n, P_n), so ``aupr == sum((R_n - R_{{n-1}}) P_n)`` with
    R_0 = 0: a step curve.  ``fpr`` and ``tpr`` start at (0, 0) and end at
    (1, 1); the trapezoids under them add up to ``auroc`` (tied scores count
    one half).  ``positive_fraction`` is the share of true pairs, the
    precision of a random ranking.  Other parameters as :func:`aupr`.

    Returns
    -------
    ScoreCurves
        ``(recall, precision, fpr, tpr, aupr, auroc, positive_fraction)``;
        the curves are float64 arrays.

    >>> import numpy as np
    >>> from fastmi.network import score_curves
    >>> S = np.array([[0.0, 0.8, 0.1], [0.8, 0.0, 0.6], [0.1, 0.6, 0.0]])
    >>> c = score_curves(S, [[0, 1, 1], [1, 0, 0], [1, 0, 0]])
    >>> c.recall.tolist(), c.precision.round(3).tolist()
    ([0.5, 0.5, 1.0], [1.0, 0.5, 0.667])
    >>> c.aupr, c.auroc
    (0.8333333333333333, 0.5)
    """
    func = "score_curves"
    s, y = _items(scores, truth, tfs, names, directed, func)
    order = _ranking(s)
    tp, ranked = _thresholds(s, y, order)
    n_pos = float(tp[-1])
    n_neg = float(s.shape[0]) - n_pos
    return ScoreCurves(
        recall=tp / n_pos,
        precision=tp / ranked,
        fpr=np.r_[0.0, (ranked - tp) / n_neg],
        tpr=np.r_[0.0, tp / n_pos],
        aupr=_aupr(s, y, order),
        auroc=_auroc(s, y, order),
        positive_fraction=n_pos / float(s.shape[0]),
    )
