"""Bootstrap consensus of ARACNE networks (ARACNe-AP's consolidation).

Each of B bootstrap resamples of the samples gives one ARACNE network (MI
threshold, then DPI).  Were the edges of each network placed at random, an
edge's count over the B networks would be Binomial(B, q), q the mean edge
density of the networks; an edge is kept when its count is significantly
higher (Bonferroni over all candidate edges).  ARACNe-AP (Lachmann et al.
2016) uses the Poisson limit of the same count model.
"""

from typing import NamedTuple

import numpy as np

from fastmi import _docs
from fastmi import _validation as v

__all__ = ["aracne_bootstrap", "Consensus"]


class Consensus(NamedTuple):
    """The result of :func:`aracne_bootstrap` (arrays of the network's shape).

    Attributes
    ----------
    scores : ndarray or DataFrame
        Mean MI of each kept edge over the networks that have it; 0 for the
        others.  Labelled as the data.
    counts : ndarray of int
        Number of bootstrap networks that have each edge.
    pvalues : ndarray of float
        P(Binomial(B, q) >= count) for each edge, uncorrected.
    """

    scores: object
    counts: np.ndarray
    pvalues: np.ndarray


@_docs.fill
def aracne_bootstrap(X, *, bootstraps=100, tfs=None, method="copula", eps=0.0, tolerance=0.0,
                     threshold=None, alpha=0.05, random_state=None, n_jobs=None, progress=None,
                     mi_options=None, **options):  # fmt: skip
    """Consensus of ``bootstraps`` ARACNE networks of resampled data (ARACNe-AP).

    Each network is :func:`aracne` (with ``tfs``, ``eps``, ``tolerance``,
    ``threshold``) of the MI of a bootstrap resample of the samples (n drawn
    with replacement).  An edge is kept when it appears in more networks
    than chance predicts: with q the mean edge density of the networks, its
    p-value is P(Binomial(B, q) >= count), and it is kept when the p-value
    times the number of candidate edges is below ``alpha``.  The resamples
    come from ``random_state`` alone, and each network does not depend on
    the thread count, so neither does the result.

    Parameters
    ----------
    X : array-like or DataFrame of shape (n_samples, n_genes)
        Expression data, genes as columns.
    bootstraps : int >= 1, default=100
        Number of bootstrap networks B.
    tfs, eps, tolerance, threshold
        As :func:`aracne`; ``threshold`` (e.g. :func:`mi_threshold` of ``X``)
        applies to every bootstrap network, as in ARACNe-AP.
    method : str, default="copula"
        MI method of :func:`fastmi.pairwise_mi`.
    alpha : float in (0, 1], default=0.05
        Family-wise error rate of the consensus (Bonferroni).
    random_state : None, int or numpy.random.Generator, default=None
        Seeds the resamples (and KSG's jitter).
    n_jobs : int or None, default=None
        Threads of each network (None: ``fastmi.get_num_threads()``).
    progress : callable or None, default=None
        Called as ``progress("bootstrap", done, bootstraps)``.
    mi_options : dict or None, default=None
        Options of the MI functions (``k``, ``base``, ``dtype``, ...).
    %(deprecated_options)s

    Returns
    -------
    Consensus
        ``scores``, ``counts``, ``pvalues`` of shape (p, p) or (n_tfs, p).

    >>> import numpy as np
    >>> from fastmi.network import aracne_bootstrap
    >>> rng = np.random.default_rng(0)
    >>> a = rng.normal(size=200)
    >>> X = np.column_stack([a, a + 0.3 * rng.normal(size=200), rng.normal(size=(200, 3))])
    >>> result = aracne_bootstrap(X, bootstraps=20, random_state=0)
    >>> bool(result.scores[0, 1] > 0), int(result.counts[0, 1])
    (True, 20)
    """
    from fastmi.network._algorithms import compute_mi
    from fastmi.network._aracne import check_options, prune
    from fastmi.network._common import TFBlock, network_input

    func = "aracne_bootstrap"
    mi_options = v.merged_mi_options(mi_options, options, func)
    bootstraps = v.check_int(bootstraps, "bootstraps", func, low=1)
    alpha = v.check_real(alpha, "alpha", func, low=0, low_open=True, high=1)
    options = check_options(eps, tolerance, threshold, n_jobs, func)
    if progress is not None and not callable(progress):
        v.not_callable_error("progress", progress, func)
    rng = v.check_random_state(random_state, func)
    frame = v.pandas_type(X, "DataFrame")
    if not frame:
        v.check_ndim(np.asarray(X), "X", func, allowed=(2,))  # before X's rows are drawn
    n = len(X) if frame else np.shape(X)[0]
    resamples = rng.integers(0, n, size=(bootstraps, n))
    mi_options = dict(mi_options, method=method, n_jobs=n_jobs)
    counts = total = labels = rows = None
    for b, samples in enumerate(resamples):
        if progress is not None:
            progress("bootstrap", b, bootstraps)
        data = X.iloc[samples] if frame else np.asarray(X)[samples]
        mi, labels, rows = compute_mi(data, tfs, func, rng, _silent, mi_options)
        mi = TFBlock(mi, rows) if rows is not None else mi
        values = prune(network_input(mi, None, func, copy=False), *options)
        if counts is None:
            counts = np.zeros(values.shape, dtype=np.int32)
            total = np.zeros(values.shape)
        counts += values > 0
        total += values
    if progress is not None:
        progress("bootstrap", bootstraps, bootstraps)
    pvalues = _count_pvalues(counts, bootstraps)
    n_tests = counts.size - counts.shape[0]
    if rows is None:
        n_tests //= 2  # each pair twice
    kept = (counts > 0) & (pvalues * n_tests < alpha)
    scores = np.where(kept, total / np.maximum(counts, 1), 0.0)
    if labels is not None:
        from fastmi.network._common import wrap

        scores = wrap(scores, labels if rows is None else labels[rows], labels)
    return Consensus(scores, counts, pvalues)


def _count_pvalues(counts, bootstraps):
    """P(Binomial(B, q) >= count), q the mean density off the self-edges."""
    from scipy.stats import binom

    candidates = counts.size - counts.shape[0]
    q = counts.sum(dtype=np.int64) / (bootstraps * candidates)
    survival = binom.sf(np.arange(bootstraps + 1) - 1, bootstraps, q)  # P(count >= c)
    return survival[counts]


def _silent(phase, done, total):
    """No progress report from within a bootstrap."""
