"""Relevance, CLR and ARACNE on a streaming result (:class:`fastmi.sparse.SparseMI`
from ``pairwise_mi(X, top_k=...)`` or ``threshold=...``): only the kept
edges are scored, and no p x p matrix is made.

* relevance: the kept MI, negative estimates as 0, below ``threshold`` cut;
* CLR: z-scores of the kept edges against each gene's background, the mean
  and standard deviation over *all* its partners that the streaming pass
  gathered (Faith et al. 2007), so a kept edge scores as in the dense CLR;
* ARACNE: the DPI over the triangles of kept edges (Margolin et al. 2006).
  When no edge that would witness a pruning was cut (e.g. ``threshold=t``
  and ARACNE's own threshold t: ARACNE never looks below it), the network
  is the dense one's.

Outputs are SparseMI with ``value_name="score"``: entries that are not
stored are 0 (explicit zeros are dropped).
"""

import numpy as np

from fastmi import _threads
from fastmi import _validation as v

#: Rows per task of the sparse DPI.
_ROWS_PER_TASK = 256


def is_sparse_result(mi):
    from fastmi.sparse import SparseMI

    return isinstance(mi, SparseMI)


def _check(result, func, tfs, symmetric_only=True):
    if tfs is not None:
        v.sparse_network_option_error("tfs", func)
    if symmetric_only and not result.symmetric:
        v.sparse_network_cross_error(func)


def _scores(result, values, func):
    """A SparseMI of ``values`` on the pattern of ``result.matrix``, zeros dropped."""
    from scipy import sparse

    m = result.matrix
    # Copies of the pattern: eliminate_zeros works in place, and the input
    # result must stay as it is.
    scores = sparse.csr_array((values.astype(m.dtype), m.indices.copy(), m.indptr.copy()),
                              shape=m.shape)  # fmt: skip
    scores.eliminate_zeros()
    return result.with_matrix(scores, "score")


def relevance(result, threshold, tfs, func="relevance_network"):
    """Relevance network of a SparseMI (see ``relevance_network``)."""
    _check(result, func, tfs, symmetric_only=False)
    values = np.maximum(result.matrix.data, 0)
    if threshold is not None:
        values[values < threshold] = 0
    return _scores(result, values, func)


def clr(result, directed, tfs, func="clr"):
    """CLR of a SparseMI's kept edges (see ``clr``): z_g = max(0, (M - mean_g)
    / std_g) with the streaming pass's mean and std of gene g's row."""
    _check(result, func, tfs)
    m = result.matrix.tocoo()
    rows, cols = m.row, m.col
    value = np.maximum(m.data.astype(np.float64), 0)
    with np.errstate(divide="ignore"):
        scale = np.where(result.std > 0, 1.0 / result.std, 0.0)
    z_target = np.maximum((value - result.mean[cols]) * scale[cols], 0)
    if directed:
        scores = z_target
    else:
        z_regulator = np.maximum((value - result.mean[rows]) * scale[rows], 0)
        scores = np.sqrt(z_regulator * z_regulator + z_target * z_target)
    # coo of a canonical csr keeps its order: the scores line up with its data.
    return _scores(result, scores, func)


def aracne(result, eps, tolerance, threshold, threads, tfs, func="aracne"):
    """ARACNE of a SparseMI (see ``aracne``): DPI over the kept edges' triangles."""
    from fastmi._kernels.network import aracne_sparse_mark

    _check(result, func, tfs)
    m = result.matrix
    m.sort_indices()
    data = np.maximum(m.data.astype(np.float64), 0)
    if threshold is not None:
        data[data < threshold] = 0
    indptr, indices = m.indptr.astype(np.int64), m.indices.astype(np.int64)
    pruned = np.zeros(data.shape[0], dtype=bool)
    p = m.shape[0]
    tasks = _threads.chunk_bounds(p, -(-p // _ROWS_PER_TASK))

    def mark(bounds):
        aracne_sparse_mark(indptr, indices, data, 1.0 - tolerance, eps, *bounds, pruned)

    _threads.parallel_map(mark, tasks, threads)
    data[pruned] = 0
    return _scores(result, data, func)
