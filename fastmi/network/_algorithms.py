"""infer_network: the MI a network needs, then one algorithm of the table."""

import inspect

import numpy as np

from fastmi import _docs
from fastmi import _validation as v
from fastmi.network._aracne import aracne
from fastmi.network._clr import clr
from fastmi.network._combine import ensemble
from fastmi.network._common import TFBlock, resolve_tfs
from fastmi.network._common import wrap as _wrap
from fastmi.network._mrnet import mrnet, mrnetb
from fastmi.network._relevance import relevance_network

__all__ = ["infer_network"]


# ------------------------------------------------------------ infer_network
#: infer_network's algorithm and MI method when none is given (set from the
#: measured comparison of the algorithms; see the README's network section).
DEFAULT_ALGORITHM = "ensemble"
DEFAULT_METHOD = "copula"

#: Algorithms that need only the regulators' rows of the MI (a TFBlock):
#: the DPI compares an edge with the TF-TF and TF-target MI.  The others
#: take the full matrix with ``tfs``: CLR's background of a target and MRNET's
#: candidate set are defined over all genes' MI with it.
TF_BLOCK_ALGORITHMS = frozenset({"aracne"})

#: Algorithm name -> f(mi, *, tfs=None, n_jobs=None, **options), where mi is
#: the (p, p) MI matrix or a TFBlock of the regulators' rows.
ALGORITHMS = {
    "relevance": relevance_network,
    "clr": clr,
    "aracne": aracne,
    "mrnet": mrnet,
    "mrnetb": mrnetb,
    "ensemble": ensemble,
}

#: The options of infer_network that each algorithm takes (None: not given).
_ALGORITHM_OPTIONS = {
    "aracne": ("eps", "tolerance", "threshold", "pvalue", "bootstraps"),
    "relevance": ("threshold", "pvalue"),
    "clr": ("directed",),
    "mrnet": ("directed",),
    "mrnetb": ("directed",),
    "ensemble": ("directed",),
}

#: The phases infer_network reports to ``progress``, in order.
PHASES = ("threshold", "mi", "bootstrap", "network")


@_docs.fill
def infer_network(
    X,
    *,
    network=None,
    method=None,
    tfs=None,
    directed=None,
    eps=None,
    tolerance=None,
    threshold=None,
    pvalue=None,
    bootstraps=None,
    random_state=None,
    n_jobs=None,
    progress=None,
    mi_options=None,
    algorithm=v.UNSET,
    **options,
):
    """Network of the columns of ``X`` (n_samples, n_genes): MI, then ``network``.

    The MI is ``fastmi.pairwise_mi(X, method=method, **mi_options)``, or,
    for ARACNE with ``tfs``, only the regulators' rows
    ``fastmi.cross_mi(X[:, tfs], X)`` (n_tfs x p pairs instead of p x p).

    The default pipeline, Gaussian-copula MI scored by the directed ensemble
    (mean rank of directed CLR and directed MRNET), had the best mean rank of
    directed AUPR over 32 pipelines on DREAM4 and simulated networks
    (``ci/grn_quality.py``; the README's "Gene networks" section): copula MI
    is rank-based and low-variance at the ~100 samples of expression studies,
    CLR and MRNET err differently, and scoring r -> t in the target's context
    orients a hub's edges (a regulator stands out more among its target's
    partners than among its own).
    Negative estimates count as 0.  Then the algorithm scores the edges
    regulator -> target: ``S[r, t]``, rows are all genes or the ``tfs`` in
    their order.

    Parameters
    ----------
    X : array-like or DataFrame of shape (n_samples, n_genes)
        Expression data, genes as columns (DataFrame labels name them).
    network : str or None, default=None
        The network algorithm: a name of ``ALGORITHMS`` ("relevance", "clr",
        "aracne", "mrnet", ...); None: ``DEFAULT_ALGORITHM``.
    method : str or None, default=None
        MI method of :func:`fastmi.pairwise_mi`; None: ``DEFAULT_METHOD``.
    tfs : sequence of str or int, or None, default=None
        Regulators by name (DataFrame input) or column index; None: all genes.
    directed : bool or None, default=None
        Score r -> t in the context of target t ("clr", "mrnet", "mrnetb",
        "ensemble"); None: True for those algorithms.  The others are
        symmetric and take only None.
    eps, tolerance : float or None, default=None
        ARACNE's additive and relative DPI tolerances (see :func:`aracne`).
    threshold : float or None, default=None
        MI below it is no edge ("relevance" and "aracne").
    pvalue : float in (0, 1) or None, default=None
        Sets ``threshold`` from a permutation null of the MI at this sample
        size (:func:`mi_threshold`); "relevance" and "aracne".
    bootstraps : int >= 1 or None, default=None
        ARACNE only: the consensus of this many bootstrap networks
        (:func:`aracne_bootstrap`); the scores are the mean MI of the
        significant edges.
    random_state : None, int or numpy.random.Generator, default=None
        Seeds the KSG jitter, the permutation null and the bootstraps.
    n_jobs : int or None, default=None
        Threads (None: ``fastmi.get_num_threads()``; -1: all cores).
    progress : callable or None, default=None
        Called as ``progress(phase, done, total)`` with ``phase`` one of
        ``PHASES`` ("threshold", "mi", "bootstrap", "network"), from the
        calling thread.
    mi_options : dict or None, default=None
        Options of the MI functions (``k``, ``base``, ``dtype``, ...).
        ``mi_options={"dtype": numpy.float32}`` halves the memory of
        genome-scale runs.
    algorithm : str or None
        Deprecated spelling of ``network`` (a FutureWarning): ``algorithm``
        elsewhere in fastmi is KSG's algorithm 1 or 2.
    %(deprecated_options)s

    Returns
    -------
    ndarray or DataFrame of shape (p, p) or (n_tfs, p)
        Edge scores, labelled as ``X`` (index: regulators, columns: genes).

    >>> import numpy as np
    >>> from fastmi.network import infer_network
    >>> rng = np.random.default_rng(0)
    >>> a = rng.integers(0, 3, size=400)
    >>> b = (a + (rng.random(400) < 0.2)) % 3  # chain a -> b -> c
    >>> c = (b + (rng.random(400) < 0.2)) % 3
    >>> S = infer_network(np.column_stack([a, b, c]), network="aracne")
    >>> bool(S[0, 2] == 0 and S[0, 1] > 0 and S[1, 2] > 0)
    True
    >>> infer_network(np.column_stack([a, b, c]), network="aracne", tfs=[1]).shape
    (1, 3)
    """
    from fastmi.network._bootstrap import aracne_bootstrap
    from fastmi.network._null import mi_threshold

    func = "infer_network"
    mi_options = v.merged_mi_options(mi_options, options, func)
    if algorithm is not v.UNSET:
        given = v.UNSET if network is None else network
        network = v.renamed_keyword(func, "algorithm", "network", algorithm, given)
    algorithm = DEFAULT_ALGORITHM if network is None else network
    algorithm = v.check_options(algorithm, "network", func, tuple(ALGORITHMS))
    method = DEFAULT_METHOD if method is None else method
    given = {"eps": eps, "tolerance": tolerance, "threshold": threshold, "directed": directed}
    algorithm_options = _algorithm_options(algorithm, given, pvalue, bootstraps, func)
    if directed is None and "directed" in _ALGORITHM_OPTIONS[algorithm]:
        algorithm_options["directed"] = True
    if progress is not None and not callable(progress):
        v.not_callable_error("progress", progress, func)
    report = progress or (lambda phase, done, total: None)
    rng = v.check_random_state(random_state, func)
    if pvalue is not None:
        report("threshold", 0, 1)
        algorithm_options["threshold"] = mi_threshold(
            X, pvalue, method=method, random_state=rng, mi_options=dict(mi_options, n_jobs=n_jobs)
        )
        report("threshold", 1, 1)
    if bootstraps is not None:
        consensus = aracne_bootstrap(
            X, bootstraps=bootstraps, tfs=tfs, method=method, random_state=rng, n_jobs=n_jobs,
            progress=progress, mi_options=mi_options, **algorithm_options,
        )  # fmt: skip
        return consensus.scores
    block = algorithm in TF_BLOCK_ALGORITHMS
    mi_options = dict(mi_options, method=method, n_jobs=n_jobs)
    mi, labels, rows = compute_mi(X, tfs, func, rng, report, mi_options, block=block)
    report("network", 0, 1)
    scores = _run(ALGORITHMS[algorithm], mi, rows, block, n_jobs, algorithm_options)
    report("network", 1, 1)
    if labels is None:
        return scores
    return _wrap(scores, labels if rows is None else labels[rows], labels)


def compute_mi(X, tfs, func, rng, report, mi_options, *, block=True):
    """(mi, gene labels, TF rows or None): the MI that the network needs.

    ``mi`` is the (p, p) matrix, or, when ``tfs`` is given and ``block`` is
    True, the (n_tfs, p) block of the regulators' rows; an ndarray either way
    (labels apart)."""
    from fastmi.pairwise import cross_mi, pairwise_mi

    frame = v.pandas_type(X, "DataFrame")
    labels = X.columns if frame else None
    p = X.shape[1] if frame else np.shape(X)[1] if np.ndim(X) == 2 else 0
    rows = None if tfs is None else resolve_tfs(tfs, labels, p, func)

    # The result goes into an array of ours (a labelled result's values may
    # be read-only views), which the algorithm may then clean in place.
    out = mi_options.get("out")
    if out is None and p >= 2:
        shape = (p if rows is None or not block else len(rows), p)
        dtype = mi_options.get("dtype")
        out = np.empty(shape, dtype=v.check_result_dtype(dtype or np.float64, func))
    options = dict(mi_options, random_state=rng, out=out)
    if rows is None or not block:
        pairwise_mi(X, progress=lambda done, total: report("mi", done, total), **options)
        return out, labels, rows
    # The TF block, a slab of genes at a time: the MI engine's working memory
    # (copies and normal scores of the columns, products) then scales with the
    # slab, not the genome, and the block is the only large array.
    regulators = X.iloc[:, rows] if frame else np.asarray(X)[:, rows]
    for g0 in range(0, p, _GENES_PER_SLAB):
        g1 = min(g0 + _GENES_PER_SLAB, p)
        genes = X.iloc[:, g0:g1] if frame else np.asarray(X)[:, g0:g1]
        report("mi", g0 * len(rows), p * len(rows))
        cross_mi(regulators, genes, **dict(options, out=out[:, g0:g1]))
    report("mi", p * len(rows), p * len(rows))
    return out, labels, rows


#: Genes per cross_mi call of a TF block (bounds the MI engine's working memory).
_GENES_PER_SLAB = 1024


def _run(f, mi, rows, block, n_jobs, options):
    """``f`` on the MI we own: in place (copy=False) where ``f`` allows it;
    regulators as a TFBlock of their rows, or as ``tfs`` of the full matrix."""
    accepted = inspect.signature(f).parameters
    extra = {"n_jobs": n_jobs, "copy": False}
    extra = {name: value for name, value in extra.items() if name in accepted}
    if rows is not None and block:
        mi = TFBlock(mi, rows)
    elif rows is not None:
        extra["tfs"] = rows
    return f(mi, **options, **extra)


def _algorithm_options(algorithm, given, pvalue, bootstraps, func):
    """The algorithm's own options among those given; others must be None."""
    for name, value in [*given.items(), ("pvalue", pvalue), ("bootstraps", bootstraps)]:
        if value is not None and name not in _ALGORITHM_OPTIONS.get(algorithm, ()):
            users = [a for a, names in _ALGORITHM_OPTIONS.items() if name in names]
            v.option_for_other_algorithm_error(name, value, users, func)
    if pvalue is not None:
        if given["threshold"] is not None:
            v.threshold_and_pvalue_error(func)
        v.check_real(pvalue, "pvalue", func, low=0, low_open=True, high=1)
    if bootstraps is not None:
        v.check_int(bootstraps, "bootstraps", func, low=1)
    return {name: value for name, value in given.items() if value is not None}
