"""Relevance network (Butte & Kohane 2000), and the input/output steps that
CLR, MRNET, MRNETB and the ensemble share: the MI matrix as ``pairwise_mi``
returns it in, regulator rows and labels out."""

import numpy as np

from fastmi import _threads
from fastmi import _validation as v
from fastmi.network import _sparse

__all__ = ["relevance_network"]


def checked(mi, func, tfs=None, n_jobs=None):
    """(values, labels, rows, threads): ``mi`` without a copy (float32 stays
    float32) and its pandas labels (or None), the regulators' row indexes
    (None: all genes) and the thread count.  Parameters are checked first;
    then the matrix, by a kernel at memory speed: finite and symmetric off
    the diagonal."""
    from fastmi._kernels.network_scores import CHECK_BLOCK, mi_matrix_fault

    labels = list(mi.index) if v.pandas_type(mi, "DataFrame") else None
    values = v.network_mi(mi, "mi", func)
    rows = None if tfs is None else v.check_tfs(tfs, labels, values.shape[0], func)
    threads = _threads.resolve_n_jobs(v.check_n_jobs(n_jobs, func))
    rtol = 1e-5 if values.dtype == np.float32 else 1e-10
    n_blocks = -(-values.shape[0] // CHECK_BLOCK)
    chunks = _threads.chunk_bounds(n_blocks, 8 * threads)  # early blocks hold more pairs

    def scan(bounds):
        fault = np.zeros(3, dtype=np.int64)
        mi_matrix_fault(values, rtol, *bounds, fault)
        return fault

    for kind, i, j in _threads.parallel_map(scan, chunks, threads):
        if kind:
            raise v.network_mi_fault(kind, i, j, "mi", func)
    return values, labels, rows, threads


def relevance(values):
    """A working copy of the checked MI matrix: negative estimates clipped to 0
    (MI is >= 0; KSG and bias-corrected estimates dip below), zero diagonal."""
    work = np.maximum(values, 0)  # NaN diagonals stay NaN until the next line
    np.fill_diagonal(work, 0)
    return work


def regulator_rows(scores, rows):
    """The regulators' rows of a (p, p) score matrix, self-edges 0 (all of it
    when ``rows`` is None)."""
    if rows is None:
        return scores
    scores = scores[rows]
    scores[np.arange(rows.size), rows] = 0
    return scores


def labelled(scores, rows, labels):
    """Scores labelled like the input: index = regulator names, columns = genes."""
    if labels is None:
        return scores
    import pandas as pd

    index = labels if rows is None else [labels[r] for r in rows]
    return pd.DataFrame(scores, index=index, columns=labels)


def relevance_network(mi, *, threshold=None, tfs=None, n_jobs=None):
    """Relevance network: edges weighted by MI, optionally those >= ``threshold``.

    Butte & Kohane (2000).

    Parameters
    ----------
    mi : array-like or DataFrame of shape (p, p)
        Symmetric MI matrix as :func:`fastmi.pairwise_mi` returns it: finite
        off the diagonal (ignored); negative estimates count as 0.  float32
        stays float32.
    threshold : float >= 0 or None, default=None
        Scores below it become 0; None keeps every pair.
    tfs : list of names or column indexes, or None, default=None
        Regulators: only their rows (edges regulator -> gene) are returned.
    n_jobs : int or None, default=None
        Threads of the input check (None: ``fastmi.get_num_threads()``).

    Returns
    -------
    ndarray or DataFrame of shape (p, p), or (len(tfs), p)
        ``S[r, t]`` = MI of r and t (symmetric without ``tfs``), zero
        diagonal and self-edges, in the unit of ``mi``.

    Raises
    ------
    ValueError
        ``mi`` not square, not symmetric, NaN/inf off the diagonal; unknown
        or repeated ``tfs``.

    Examples
    --------
    >>> import numpy as np
    >>> from fastmi.network import relevance_network
    >>> M = np.array([[0.0, 0.5, 0.1], [0.5, 0.0, 0.3], [0.1, 0.3, 0.0]])
    >>> relevance_network(M, threshold=0.2)
    array([[0. , 0.5, 0. ],
           [0.5, 0. , 0.3],
           [0. , 0.3, 0. ]])
    >>> relevance_network(M, tfs=[1])
    array([[0.5, 0. , 0.3]])
    """
    func = "relevance_network"
    if threshold is not None:
        threshold = v.check_real(threshold, "threshold", func, low=0)
    if _sparse.is_sparse_result(mi):  # a streaming result: its kept edges only
        return _sparse.relevance(mi, threshold, tfs)
    values, labels, rows, _ = checked(mi, func, tfs, n_jobs)
    scores = relevance(values)
    if threshold is not None:
        scores[scores < threshold] = 0
    return labelled(regulator_rows(scores, rows), rows, labels)
