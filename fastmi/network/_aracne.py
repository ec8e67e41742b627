"""ARACNE: data-processing-inequality pruning of an MI network.

References
----------
Margolin, A. A. et al. (2006). ARACNE: an algorithm for the reconstruction
of gene regulatory networks in a mammalian cellular context. BMC
Bioinformatics 7(Suppl 1), S7. https://doi.org/10.1186/1471-2105-7-S1-S7

Meyer, P. E., Lafitte, F. and Bontempi, G. (2008). minet: a R/Bioconductor
package for inferring large transcriptional networks using mutual
information. BMC Bioinformatics 9, 461.
https://doi.org/10.1186/1471-2105-9-461

Lachmann, A., Giorgi, F. M., Lopez, G. and Califano, A. (2016). ARACNe-AP:
gene network reverse engineering through adaptive partitioning inference of
mutual information. Bioinformatics 32(14), 2233-2235.
https://doi.org/10.1093/bioinformatics/btw216
"""

import numpy as np

from fastmi import _threads
from fastmi import _validation as v
from fastmi.network import _sparse
from fastmi.network._common import network_input, wrap_network

__all__ = ["aracne"]

#: Rows per task of the DPI pass: small, so that threads share uneven rows well.
_ROWS_PER_TASK = 8


def aracne(mi, *, tfs=None, eps=0.0, tolerance=0.0, threshold=None, n_jobs=None, copy=True):
    """ARACNE: prune indirect edges by the data processing inequality.

    In every triangle r, k, t the edge r - t is removed (set to 0) when it
    is the weakest by a margin:

        M(r, t) < (1 - tolerance) * min(M(r, k), M(k, t)) - eps.

    ``eps`` is minet's additive tolerance (Meyer et al. 2008), ``tolerance``
    the relative DPI tolerance of ARACNE and ARACNe-AP (Margolin et al. 2006;
    Lachmann et al. 2016: 0 prunes every weakest edge, 0.15 spares edges
    within 15% of the triangle's next edge).  With ``tfs``, only regulator ->
    target edges are scored and the third vertex k runs over the regulators
    (ARACNe-AP's DPI over regulator triplets): r -> t is removed when a TF k
    has both M(r, k) and M(k, t) stronger.  Entries below ``threshold`` (an
    MI significance threshold, e.g. from :func:`mi_threshold`) are removed
    first and take no part in the DPI, as in ARACNE.  All triangles are
    judged on the input, so the result does not depend on the gene order or
    thread count; kept edges keep their MI.

    Parameters
    ----------
    mi : array-like or DataFrame of shape (p, p), or TFBlock
        Symmetric MI matrix as :func:`fastmi.pairwise_mi` returns it
        (negative estimates count as 0, the diagonal is ignored), or the
        regulators' rows only (:class:`TFBlock`).  float32 stays float32.
    tfs : sequence of str or int, or None, default=None
        Regulators by name (labelled ``mi``) or column index; None: every gene.
    eps : float >= 0, default=0.0
        Additive DPI tolerance, in the unit of ``mi``.
    tolerance : float in [0, 1), default=0.0
        Relative DPI tolerance.
    threshold : float >= 0 or None, default=None
        MI below it is not an edge (in the unit of ``mi``).
    n_jobs : int or None, default=None
        Threads (None: ``fastmi.get_num_threads()``; -1: all cores).
    copy : bool, default=True
        False: work in place on ``mi`` (or the TFBlock's array) when it is a
        writable C-contiguous float32/float64 ndarray, which then holds the
        result (no second matrix at genome scale; ``tfs`` on a full matrix
        still gives a new array of the regulators' rows).

    Returns
    -------
    ndarray or DataFrame of shape (p, p) or (n_tfs, p)
        ``mi`` with the pruned edges, the diagonal and each TF's self-edge
        set to 0; rows are the regulators in the order of ``tfs``.

    >>> import numpy as np
    >>> from fastmi.network import aracne
    >>> M = np.array([[0.0, 0.8, 0.3], [0.8, 0.0, 0.6], [0.3, 0.6, 0.0]])  # chain A-B-C
    >>> aracne(M)
    array([[0. , 0.8, 0. ],
           [0.8, 0. , 0.6],
           [0. , 0.6, 0. ]])
    >>> aracne(M, tolerance=0.6)  # 0.3 is within 60% of 0.6: kept
    array([[0. , 0.8, 0.3],
           [0.8, 0. , 0.6],
           [0.3, 0.6, 0. ]])
    >>> aracne(M, tfs=[1])  # B regulates A and C; no other TF, nothing to prune
    array([[0.8, 0. , 0.6]])
    """
    func = "aracne"
    options = check_options(eps, tolerance, threshold, n_jobs, func)
    if _sparse.is_sparse_result(mi):  # a streaming result: DPI over its kept edges
        return _sparse.aracne(mi, *options, tfs)
    net = network_input(mi, tfs, func, copy=v.check_bool(copy, "copy", func))
    return wrap_network(prune(net, *options), net)


def check_options(eps, tolerance, threshold, n_jobs, func):
    """(eps, tolerance, threshold, threads), checked."""
    eps = v.check_real(eps, "eps", func, low=0)
    tolerance = v.check_real(tolerance, "tolerance", func, low=0, high=1)
    if tolerance == 1:
        v.fail_parameter(func, "tolerance", "a finite real number >= 0 and < 1", tolerance)
    if threshold is not None:
        threshold = v.check_real(threshold, "threshold", func, low=0)
    threads = _threads.resolve_n_jobs(v.check_n_jobs(n_jobs, func))
    return eps, tolerance, threshold, threads


def prune(net, eps, tolerance, threshold, threads):
    """ARACNE on a validated Network, in place on ``net.values`` (returned)."""
    from fastmi._kernels.network import aracne_mark

    values = net.values
    n_rows, p = values.shape
    rows = np.arange(p, dtype=np.int64) if net.rows is None else net.rows
    tasks = _threads.chunk_bounds(n_rows, -(-n_rows // _ROWS_PER_TASK))
    if threshold is not None and threshold > 0:

        def cut(bounds):
            block = values[bounds[0] : bounds[1]]
            block[block < threshold] = 0

        _threads.parallel_map(cut, tasks, threads)
    scale = 1.0 - tolerance
    _threads.parallel_map(
        lambda bounds: aracne_mark(values, rows, scale, eps, *bounds), tasks, threads
    )
    np.maximum(values, 0, out=values)  # the marks of pruned edges
    return values
