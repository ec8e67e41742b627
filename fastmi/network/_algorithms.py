"""Network algorithms on an MI matrix: relevance, CLR, ARACNE, MRNET, and infer_network."""

import numpy as np

from fastmi import _threads
from fastmi import _validation as v
from fastmi.network._common import matrix as _matrix
from fastmi.network._common import wrap as _wrap
from fastmi.selection import greedy_select

__all__ = ["relevance_network", "clr", "aracne", "mrnet", "infer_network"]


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
