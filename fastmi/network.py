"""Gene-regulatory-network inference from a mutual-information matrix.

Every algorithm takes a symmetric MI matrix M (p x p, e.g. from
:func:`fastmi.pairwise_mi`; finite and >= 0 off the diagonal, the diagonal is
ignored) and returns a symmetric (p, p) matrix of edge scores with a zero
diagonal (a DataFrame with the same labels when M is one):

* :func:`relevance_network`: M itself, optionally thresholded (Butte & Kohane 2000);
* :func:`clr`: context likelihood of relatedness (Faith et al. 2007);
* :func:`aracne`: data-processing-inequality pruning (Margolin et al. 2006);
* :func:`mrnet`: mRMR selection around each gene (Meyer et al. 2007).

:func:`infer_network` computes M from data first; :func:`edge_list` ranks
the edges; :func:`auroc` and :func:`aupr` score a network against a gold
standard.

References
----------
Butte, A. J. and Kohane, I. S. (2000). Mutual information relevance
networks. Pac. Symp. Biocomput. 5, 418-429.

Faith, J. J. et al. (2007). Large-scale mapping and validation of
Escherichia coli transcriptional regulation from a compendium of expression
profiles. PLoS Biol. 5(1), e8. https://doi.org/10.1371/journal.pbio.0050008

Margolin, A. A. et al. (2006). ARACNE: an algorithm for the reconstruction
of gene regulatory networks in a mammalian cellular context. BMC
Bioinformatics 7(Suppl 1), S7. https://doi.org/10.1186/1471-2105-7-S1-S7

Meyer, P. E., Kontos, K., Lafitte, F. and Bontempi, G. (2007).
Information-theoretic inference of large transcriptional regulatory
networks. EURASIP J. Bioinform. Syst. Biol. 2007, 79879.
https://doi.org/10.1155/2007/79879
"""

import numpy as np

from fastmi import _threads
from fastmi import _validation as v
from fastmi.selection import greedy_select

__all__ = [
    "relevance_network",
    "clr",
    "aracne",
    "mrnet",
    "infer_network",
    "edge_list",
    "auroc",
    "aupr",
]


def _matrix(mi, func, name="mi"):
    """(values, labels): the validated float64 matrix and pandas labels (or None)."""
    labels = mi.index if v.pandas_type(mi, "DataFrame") else None
    return v.mi_matrix(mi, name, func), labels


def _wrap(scores, labels):
    if labels is None:
        return scores
    import pandas as pd

    return pd.DataFrame(scores, index=labels, columns=labels)


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


def aracne(mi, *, eps=0.0, n_jobs=None):
    """ARACNE: prune indirect edges by the data processing inequality.

    In every triangle (i, j, k) the weakest edge is removed (set to 0) when
    it is weaker than both others by more than ``eps``:
    M_ij < min(M_ik, M_jk) - eps (Margolin et al. 2006, with an absolute
    tolerance).  All triangles are judged on the input matrix, so the result
    does not depend on the order of the genes; kept edges keep their MI.
    Each gene's partners are visited strongest first and the visit stops
    as soon as no weaker partner can prune the edge (exact; close to
    O(p^2 log p) on sparse-looking matrices instead of O(p^3)).

    Parameters
    ----------
    mi : array-like or DataFrame of shape (p, p)
        As :func:`relevance_network`.
    eps : float >= 0, default=0.0
        DPI tolerance in the unit of ``mi``; equal weights never prune.
    n_jobs : int or None, default=None
        Threads (None: ``fastmi.get_num_threads()``; -1: all cores).

    Returns
    -------
    ndarray or DataFrame of shape (p, p)
        ``mi`` with the pruned edges (and the diagonal) set to 0.

    >>> import numpy as np
    >>> from fastmi.network import aracne
    >>> M = np.array([[0.0, 0.8, 0.3], [0.8, 0.0, 0.6], [0.3, 0.6, 0.0]])  # chain A-B-C
    >>> aracne(M)
    array([[0. , 0.8, 0. ],
           [0.8, 0. , 0.6],
           [0. , 0.6, 0. ]])
    """
    from fastmi._kernels.network import aracne_keep

    func = "aracne"
    values, labels = _matrix(mi, func)
    eps = v.check_real(eps, "eps", func, low=0)
    threads = _threads.resolve_n_jobs(v.check_n_jobs(n_jobs, func))
    p = values.shape[0]
    keep = np.empty((p, p), dtype=bool)

    def run(rows):
        first, last = rows
        # Each chunk sorts its own rows: memory beyond M stays a few rows.
        order = np.argsort(-values[first:last], axis=1, kind="stable")
        aracne_keep(values, order, eps, keep, first, last)

    rows_per_chunk = max(1, _ORDER_ENTRIES // p)
    _threads.parallel_map(run, _threads.chunk_bounds(p, -(-p // rows_per_chunk)), threads)
    return _wrap(np.where(keep & keep.T, values, 0.0), labels)


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


#: Entries of a chunk's sorted partner lists in ``aracne`` (32 MiB of int64).
_ORDER_ENTRIES = 1 << 22


_ALGORITHMS = {"relevance": relevance_network, "clr": clr, "aracne": aracne, "mrnet": mrnet}


def infer_network(X, *, algorithm="clr", method="auto", eps=None, threshold=None, **mi_options):
    """Network of the columns of ``X`` (n_samples, n_genes): MI matrix, then ``algorithm``.

    The MI matrix is ``fastmi.pairwise_mi(X, method=method, **mi_options)``
    with negative estimates (KSG, bias-corrected estimators) clipped to 0.
    ``algorithm`` is "relevance", "clr", "aracne" or "mrnet"; ``eps`` is
    ARACNE's tolerance (default 0) and ``threshold`` the relevance network's
    (default None), each only for its algorithm.

    >>> import numpy as np
    >>> from fastmi.network import infer_network
    >>> rng = np.random.default_rng(0)
    >>> a = rng.integers(0, 3, size=400)
    >>> b = (a + (rng.random(400) < 0.2)) % 3  # chain a -> b -> c
    >>> c = (b + (rng.random(400) < 0.2)) % 3
    >>> S = infer_network(np.column_stack([a, b, c]), algorithm="aracne")
    >>> bool(S[0, 2] == 0 and S[0, 1] > 0 and S[1, 2] > 0)
    True
    """
    func = "infer_network"
    algorithm = v.check_options(algorithm, "algorithm", func, tuple(_ALGORITHMS))
    extra = {}
    if eps is not None:
        if algorithm != "aracne":
            v._fail(func, "eps", "None unless algorithm='aracne'", eps)
        extra["eps"] = eps
    if threshold is not None:
        if algorithm != "relevance":
            v._fail(func, "threshold", "None unless algorithm='relevance'", threshold)
        extra["threshold"] = threshold
    from fastmi.pairwise import pairwise_mi

    mi = pairwise_mi(X, method=method, **mi_options)
    labels = mi.index if v.pandas_type(mi, "DataFrame") else None
    values = np.asarray(mi, dtype=np.float64)
    values = np.maximum(np.where(np.eye(values.shape[0], dtype=bool), 0.0, values), 0.0)
    return _wrap(_ALGORITHMS[algorithm](values, **extra), labels)


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
