"""ARACNE and infer_network (relevance, CLR and MRNET live in their own modules)."""

import numpy as np

from fastmi import _threads
from fastmi import _validation as v
from fastmi.network._clr import clr
from fastmi.network._common import matrix as _matrix
from fastmi.network._common import wrap as _wrap
from fastmi.network._mrnet import mrnet
from fastmi.network._relevance import relevance_network

__all__ = ["aracne", "infer_network"]


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
