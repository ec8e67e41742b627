"""MRNET (Meyer et al. 2007) and MRNETB (Meyer et al. 2010): mRMR around every gene."""

import numpy as np

from fastmi import _threads
from fastmi import _validation as v
from fastmi.network._relevance import checked, labelled, regulator_rows, relevance

__all__ = ["mrnet", "mrnetb"]


def _prepare(mi, tfs, directed, n_jobs, func):
    """(work, rows, labels, candidates, threads) shared by MRNET and MRNETB."""
    v.check_bool(directed, "directed", func)
    values, labels, rows, threads = checked(mi, func, tfs, n_jobs)
    candidates = np.arange(values.shape[0]) if rows is None else np.sort(rows)
    return relevance(values).astype(np.float64, copy=False), rows, labels, candidates, threads


def _network(selected, rows, labels, directed):
    """Edge scores from ``selected[t, r]`` (score of r as a regulator of t):
    S[r, t] = selected[t, r] (directed) or the larger of both directions."""
    scores = selected.T if directed else np.maximum(selected, selected.T)
    scores = np.maximum(scores, 0.0)
    np.fill_diagonal(scores, 0.0)
    return labelled(regulator_rows(scores, rows), rows, labels)


def _by_target_chunks(run, p, threads):
    _threads.parallel_map(run, _threads.chunk_bounds(p, 4 * threads), threads)


def _select(targets, mi, tfs, directed, n_jobs, func):
    """The network whose column t the kernel ``targets`` fills with the
    scores of target t's selected regulators (targets in parallel chunks)."""
    work, rows, labels, candidates, threads = _prepare(mi, tfs, directed, n_jobs, func)
    p = work.shape[0]
    selected = np.zeros((p, p))
    _by_target_chunks(lambda b: targets(work, candidates, *b, selected), p, threads)
    return _network(selected, rows, labels, directed)


def mrnet(mi, *, tfs=None, directed=False, n_jobs=None):
    """MRNET: mRMR feature selection around every gene (Meyer et al. 2007).

    For each gene t as the target, mRMR (MID criterion) ranks the candidate
    regulators using M alone: relevance M_tk, redundancy the mean of M_kj
    over the genes j already selected for t.  With s_t(r) the score of gene r
    when it was selected for t, the edge score is max(s_t(r), s_r(t), 0);
    with ``directed=True`` it is max(s_t(r), 0): r judged among the
    candidate regulators of t, as GENIE3 decomposes the problem per target.
    Negative MI estimates count as 0.  O(p * n_candidates^2) work in a Numba
    kernel, threaded over the targets.

    Parameters
    ----------
    mi : array-like or DataFrame of shape (p, p)
        Symmetric MI matrix as :func:`fastmi.pairwise_mi` returns it.
    tfs : list of names or column indexes, or None, default=None
        Regulators: the only candidates of every target, and the rows returned.
    directed : bool, default=False
        S[r, t] from the selection for target t only (see above).
    n_jobs : int or None, default=None
        Threads over the targets (None: ``fastmi.get_num_threads()``).

    Returns
    -------
    ndarray or DataFrame of shape (p, p), or (len(tfs), p)
        Scores >= 0 in the unit of ``mi`` (float64), zero diagonal and
        self-edges; symmetric unless ``directed`` or ``tfs``.

    References
    ----------
    Meyer, P. E., Kontos, K., Lafitte, F. and Bontempi, G. (2007).
    EURASIP J. Bioinform. Syst. Biol. 2007, 79879.

    Examples
    --------
    >>> import numpy as np
    >>> from fastmi.network import mrnet
    >>> M = np.array([[0.0, 0.8, 0.3], [0.8, 0.0, 0.6], [0.3, 0.6, 0.0]])
    >>> mrnet(M)
    array([[0. , 0.8, 0. ],
           [0.8, 0. , 0.6],
           [0. , 0.6, 0. ]])
    """
    from fastmi._kernels.network_scores import mrnet_targets

    return _select(mrnet_targets, mi, tfs, directed, n_jobs, "mrnet")


def mrnetb(mi, *, tfs=None, directed=False, n_jobs=None):
    """MRNETB: MRNET with backward elimination and sequential replacement
    (Meyer, Marbach, Roy and Kellis 2010).

    For each target t, start from all candidate regulators and repeatedly
    drop the one with the lowest mRMR score s_S(k) = M_tk - mean_{j in S, j
    != k} M_kj while that score is negative; then swap a kept and a dropped
    gene while that raises the subset's total score sum_{k in S} s_S(k).
    Kept genes score s_S(k), the others 0; edges combine both directions as
    :func:`mrnet` does (or not, with ``directed=True``).  Unlike MRNET's
    forward pass, the search is not stuck with an early greedy choice.
    O(p^3) in the worst case, in a Numba kernel.

    Parameters
    ----------
    mi, tfs, directed, n_jobs
        As :func:`mrnet`.

    Returns
    -------
    ndarray or DataFrame of shape (p, p), or (len(tfs), p)
        As :func:`mrnet`.

    References
    ----------
    Meyer, P. E., Marbach, D., Roy, S. and Kellis, M. (2010).
    Information-theoretic inference of gene networks using backward
    elimination. Proc. BIOCOMP 2010, 700-705.

    Examples
    --------
    >>> import numpy as np
    >>> from fastmi.network import mrnetb
    >>> M = np.array([[0.0, 0.8, 0.3], [0.8, 0.0, 0.6], [0.3, 0.6, 0.0]])  # chain A-B-C
    >>> mrnetb(M)
    array([[0. , 0.8, 0. ],
           [0.8, 0. , 0.6],
           [0. , 0.6, 0. ]])
    """
    from fastmi._kernels.network_scores import mrnetb_targets

    return _select(mrnetb_targets, mi, tfs, directed, n_jobs, "mrnetb")
