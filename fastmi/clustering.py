"""Comparing two clusterings of the same samples: NMI, AMI, expected MI, VI, V-measure.

Each function takes two 1-D labelings ``a`` and ``b`` of equal length (labels
of any dtype: ints, strings, bools, floats, pandas Categoricals; cluster ids
need not match between the two) and works from their contingency table.  The
table is dense when it is small and sparse otherwise (one entry per non-empty
cell, see ``fastmi._table``), so 10^5 clusters on each side cost memory in
proportion to the samples and the non-empty cells, never to the full table.

Entropies and mutual information are plug-in values in nats (``base`` changes
the unit where the result has one); normalised scores are unitless.  Identical
partitions (the same clusters, whatever their ids) score exactly 1 (VI: 0).

References
----------
Vinh, Epps & Bailey (2010), Information theoretic measures for clusterings
comparison, JMLR 11:2837-2854.  Strehl & Ghosh (2002), Cluster ensembles,
JMLR 3:583-617.  Meila (2007), Comparing clusterings - an information based
distance, J. Multivariate Anal. 98:873-895, doi:10.1016/j.jmva.2006.11.013.
Rosenberg & Hirschberg (2007), V-measure, EMNLP-CoNLL 410-420.
"""

import math
from itertools import pairwise
from typing import NamedTuple

import numpy as np

from fastmi import _docs, _table, _threads
from fastmi import _validation as v
from fastmi._encoding import encode
from fastmi._kernels import emi as emi_kernels
from fastmi._kernels.entropy import xlogx_sum

__all__ = [
    "normalized_mutual_info",
    "adjusted_mutual_info",
    "expected_mutual_info",
    "variation_of_information",
    "homogeneity_completeness_v_measure",
]

# Below this many hypergeometric terms (an upper bound) one thread is fastest.
_PARALLEL_MIN_TERMS = 200_000

# |normaliser - EMI| below this fraction of the normaliser is rounding noise:
# the adjustment is then 0/0 (every relabeling reaches the maximum MI).
_DEGENERATE = 1e-12


class _Contingency(NamedTuple):
    """What every score needs from the contingency table of (a, b)."""

    n: int
    sizes_a: np.ndarray  # float64 cluster sizes of a (all > 0)
    sizes_b: np.ndarray
    h_a: float  # entropies in nats
    h_b: float
    h_ab: float
    vi: float  # variation of information, nats
    mi: float
    identical: bool  # the same partition (possibly relabeled)


def _table_sums(a, b, func, n_jobs):
    """(sizes_a, sizes_b, N, s_a, k_a, s_b, k_b, s_ab, k_ab), n_threads: the
    non-empty cluster sizes (float64), and for a, b and the joint table the
    sum of c log c over non-empty cells and their number."""
    codes = _table.small_codes((a, b), "raise")
    if codes is not None:  # plain integer labels: one kernel call
        n_threads = _threads.resolve_n_jobs(v.check_n_jobs(n_jobs, func))
        sums = _table.small_contingency(*codes)
        if sums is not None:
            return sums, n_threads
    a, n_a = v.check_cluster_labels(a, "a", func)
    b, n_b = v.check_cluster_labels(b, "b", func)
    v.check_same_length({"a": n_a, "b": n_b}, func)
    n_threads = _threads.resolve_n_jobs(v.check_n_jobs(n_jobs, func))
    labels = [encode(a, "a", func), encode(b, "b", func)]
    table = _table.from_labels(labels, n_threads)
    sizes_a = table.marginal((0,))[0]
    sizes_b = table.marginal((1,))[0]
    n, s_a, k_a = xlogx_sum(sizes_a)  # s = sum c log c over non-empty cells
    _, s_b, k_b = xlogx_sum(sizes_b)
    _, s_ab, k_ab = xlogx_sum(table.marginal((0, 1))[0])
    return (sizes_a, sizes_b, n, s_a, k_a, s_b, k_b, s_ab, k_ab), n_threads


def _contingency(a, b, func, n_jobs):
    sums, n_threads = _table_sums(a, b, func, n_jobs)
    sizes_a, sizes_b, n, s_a, k_a, s_b, k_b, s_ab, k_ab = sums
    log_n = math.log(n)
    # H = log N - s / N; a single cluster has H = 0 exactly.
    h_a = 0.0 if k_a == 1 else log_n - s_a / n
    h_b = 0.0 if k_b == 1 else log_n - s_b / n
    h_ab = log_n - s_ab / n if k_ab > 1 else 0.0
    # One non-empty cell per row and per column: a bijection between clusters.
    identical = k_ab == k_a == k_b
    if identical:
        mi = h_a
    elif k_a == 1 or k_b == 1:
        mi = 0.0
    else:  # I = H(A) + H(B) - H(A,B); >= 0 up to rounding
        mi = max(log_n + (s_ab - s_a - s_b) / n, 0.0)
    # VI = 2 H(A,B) - H(A) - H(B), without the log N terms that cancel.
    vi = 0.0 if identical else max((s_a + s_b - 2.0 * s_ab) / n, 0.0)
    return _Contingency(int(n), sizes_a, sizes_b, h_a, h_b, h_ab, vi, mi, identical), n_threads


def _normalised(a, b, average_method, n_jobs, func):
    """(average method, contingency, threads) for a score normalised by a
    mean of H(A) and H(B): the method is checked before the labels."""
    method = v.check_options(average_method, "average_method", func, v.AVERAGE_METHODS)
    c, n_threads = _contingency(a, b, func, n_jobs)
    return method, c, n_threads


def _average(h_a, h_b, method):
    if method == "arithmetic":
        return 0.5 * (h_a + h_b)
    if method == "geometric":
        return math.sqrt(h_a * h_b)
    if method == "min":
        return min(h_a, h_b)
    return max(h_a, h_b)


def _expected_mi(sizes_a, sizes_b, n, n_threads):
    """EMI in nats from the cluster sizes of the two labelings."""
    if sizes_a.shape[0] == 1 or sizes_b.shape[0] == 1:
        return 0.0  # one labeling is constant: every relabeling has MI = 0
    # fsum: correctly rounded, so the same bits for every chunking.
    if n_threads == 1 or sizes_a.shape[0] * sizes_b.shape[0] * (n + 1.0) < _PARALLEL_MIN_TERMS:
        return math.fsum(emi_kernels.expected_mi_terms(sizes_a, sizes_b, n).tolist()) / n
    rows, row_mult, cols, col_mult = emi_kernels.larger_first(sizes_a, sizes_b)
    costs = _row_costs(rows, cols)
    if costs.sum() < _PARALLEL_MIN_TERMS:
        n_threads = 1
    bounds = _balanced_bounds(costs, 4 * n_threads if n_threads > 1 else 1)
    out = np.empty(rows.shape[0], dtype=np.float64)

    def task(bound):
        emi_kernels.expected_mi_rows(rows, cols, col_mult, n, bound[0], bound[1], out)

    _threads.parallel_map(task, bounds, n_threads)
    return math.fsum((row_mult * out).tolist()) / n


def _row_costs(rows, cols):
    """Upper bound on the terms of each row: sum_q (min(rows[p], cols[q]) + 1)."""
    below = np.searchsorted(cols, rows)  # cols[q] < rows[p] for q < below
    prefix = np.concatenate(([0.0], np.cumsum(cols, dtype=np.float64)))
    n_cols = cols.shape[0]
    return prefix[below] + rows * (n_cols - below).astype(np.float64) + n_cols


def _balanced_bounds(costs, n_chunks):
    """Contiguous row ranges of about equal total cost."""
    cumulative = np.cumsum(costs)
    targets = cumulative[-1] * np.arange(1, n_chunks) / n_chunks
    cuts = np.searchsorted(cumulative, targets) + 1
    edges = np.unique(np.concatenate(([0], np.minimum(cuts, costs.shape[0]), [costs.shape[0]])))
    return [(int(lo), int(hi)) for lo, hi in pairwise(edges)]


# ------------------------------------------------------------------ public
@_docs.fill
def normalized_mutual_info(a, b, *, average_method="arithmetic", n_jobs=None):
    """Normalised mutual information NMI = I(A; B) / mean(H(A), H(B)), in [0, 1].

    The mean is ``average_method``: "arithmetic" (Kvalseth 1987; scikit-learn's
    default), "geometric" (Strehl & Ghosh 2002), "min" or "max" (Vinh et al.
    2010).  Equals ``sklearn.metrics.normalized_mutual_info_score``.

    Parameters
    ----------
    %(clusterings_average)s
    n_jobs : int or None, default=None
        Threads for counting (None: ``fastmi.get_num_threads()``, -1: all cores).

    Returns
    -------
    float
        1 for identical partitions (including two single clusters), 0 when one
        labeling is a single cluster and the other is not.  Clipped to [0, 1]
        against rounding.

    Notes
    -----
    NMI is not adjusted for chance: random labelings with many clusters score
    well above 0 (see :func:`adjusted_mutual_info`).  Float labels that look
    continuous get a warning: every distinct value is one cluster, which makes
    NMI close to 1 for any two continuous variables (scikit-learn #17892).

    Examples
    --------
    >>> import fastmi as fm
    >>> fm.normalized_mutual_info([0, 0, 1, 1], ["x", "x", "y", "y"])
    1.0
    >>> round(fm.normalized_mutual_info([0, 0, 1, 1], [0, 0, 0, 1]), 6)
    0.343711
    """
    func = "normalized_mutual_info"
    method, c, _ = _normalised(a, b, average_method, n_jobs, func)
    if c.identical:
        return 1.0
    if c.mi == 0.0:  # includes one labeling constant
        return 0.0
    return min(max(c.mi / _average(c.h_a, c.h_b, method), 0.0), 1.0)


def expected_mutual_info(a, b, *, base="e", n_jobs=None):
    """Expected mutual information E[I(A; B)] of two labelings under random relabeling.

    The expectation is over all labelings with the cluster sizes of ``a`` and
    ``b`` (the permutation model: cell counts are hypergeometric), as in
    Vinh, Epps & Bailey (2010), eq. 24a.  The quantity scikit-learn's
    ``expected_mutual_information`` computes, more accurately (see Notes).

    Parameters
    ----------
    a, b : array-like of shape (n_samples,)
        Cluster labels of any dtype.
    base : {2, e, 10, "bits", "nats", "hartleys"} or float > 1, default="e"
        Unit of the result, as the logarithm base; the default is nats.
    n_jobs : int or None, default=None
        Threads (None: ``fastmi.get_num_threads()``, -1: all cores).

    Returns
    -------
    float
        EMI in the unit of ``base`` (nats by default); 0 when one labeling is a
        single cluster.

    Notes
    -----
    EMI depends on the two multisets of cluster sizes only, so it is summed
    once per pair of distinct sizes (there are at most about sqrt(2N) distinct
    sizes per labeling).  Each pair sums its whole hypergeometric support,
    with weights from the ratio of successive probabilities rather than
    log-gamma differences, so the result is accurate to a few ulps for any N
    (the log-gamma form loses about log10(N log N) digits).  Rows of pairs are
    split across threads and reduced with ``math.fsum``: the result is the
    same for every ``n_jobs``.

    Examples
    --------
    >>> import fastmi as fm
    >>> round(fm.expected_mutual_info([0, 0, 1, 1], [0, 1, 0, 1]), 6)
    0.231049
    """
    func = "expected_mutual_info"
    scale = v.log_base(base, func)
    c, n_threads = _contingency(a, b, func, n_jobs)
    return _expected_mi(c.sizes_a, c.sizes_b, c.n, n_threads) / scale


@_docs.fill
def adjusted_mutual_info(a, b, *, average_method="arithmetic", n_jobs=None):
    """Adjusted mutual information AMI = (I - E[I]) / (mean(H(A), H(B)) - E[I]).

    Mutual information corrected for chance with the exact expected MI of
    :func:`expected_mutual_info` (Vinh, Epps & Bailey 2010, eq. 24a).  Equals
    ``sklearn.metrics.adjusted_mutual_info_score``.

    Parameters
    ----------
    %(clusterings_average)s
    n_jobs : int or None, default=None
        Threads (None: ``fastmi.get_num_threads()``, -1: all cores).

    Returns
    -------
    float
        About 0 for independent labelings (negative values are possible),
        exactly 1 for identical partitions, 0 when exactly one labeling is a
        single cluster.

    Notes
    -----
    When the normaliser equals the expected MI (every relabeling reaches it,
    e.g. all-singleton ``a`` with ``average_method="min"``), the adjustment is
    0/0; fastmi returns 1 then, since MI reaches its maximum (scikit-learn
    returns +-eps/eps there, #30950).  The result does not depend on
    ``n_jobs``.

    Examples
    --------
    >>> import fastmi as fm
    >>> fm.adjusted_mutual_info([0, 0, 1, 1], [1, 1, 0, 0])
    1.0
    >>> fm.adjusted_mutual_info([0, 0, 0, 0], [0, 1, 2, 3])
    0.0
    """
    func = "adjusted_mutual_info"
    method, c, n_threads = _normalised(a, b, average_method, n_jobs, func)
    if c.identical:
        return 1.0
    if c.sizes_a.shape[0] == 1 or c.sizes_b.shape[0] == 1:
        return 0.0
    emi = _expected_mi(c.sizes_a, c.sizes_b, c.n, n_threads)
    normalizer = _average(c.h_a, c.h_b, method)
    denominator = normalizer - emi
    if abs(denominator) <= _DEGENERATE * normalizer:
        return 1.0
    return (c.mi - emi) / denominator


def variation_of_information(a, b, *, base="e", normalized=False, n_jobs=None):
    """Variation of information VI = H(A|B) + H(B|A) = H(A) + H(B) - 2 I(A; B).

    A metric on partitions (Meila 2007): 0 exactly for identical partitions,
    at most log N.  With ``normalized=True`` it is divided by H(A, B), which
    gives the normalised metric 1 - I(A; B) / H(A, B) in [0, 1] (Vinh, Epps &
    Bailey 2010, "NVI"; unitless).

    Parameters
    ----------
    a, b : array-like of shape (n_samples,)
        Cluster labels of any dtype.
    base : {2, e, 10, "bits", "nats", "hartleys"} or float > 1, default="e"
        Unit of the unnormalised VI (ignored when ``normalized=True``).
    normalized : bool, default=False
        Divide by H(A, B): the unitless NVI in [0, 1].
    n_jobs : int or None, default=None
        Threads for counting.

    Returns
    -------
    float
        VI in the unit of ``base``, or NVI in [0, 1]; never negative.

    Examples
    --------
    >>> import fastmi as fm
    >>> fm.variation_of_information([0, 0, 1, 1], [0, 1, 0, 1], base=2)
    2.0
    >>> fm.variation_of_information([0, 0, 1, 1], [0, 1, 0, 1], normalized=True)
    1.0
    """
    func = "variation_of_information"
    scale = v.log_base(base, func)
    normalized = v.check_bool(normalized, "normalized", func)
    c, _ = _contingency(a, b, func, n_jobs)
    if c.identical:
        return 0.0
    if normalized:
        return min(c.vi / c.h_ab, 1.0)  # h_ab > 0: the partitions differ
    return c.vi / scale


def homogeneity_completeness_v_measure(a, b, *, beta=1.0, n_jobs=None):
    """Homogeneity, completeness and V-measure of clusters ``b`` against classes ``a``.

    Homogeneity h = I(A; B) / H(A) = 1 - H(A|B) / H(A) (each cluster holds one
    class), completeness c = I(A; B) / H(B) (each class lies in one cluster),
    and V = (1 + beta) h c / (beta h + c) (Rosenberg & Hirschberg 2007).  With
    ``beta=1`` V equals NMI with the arithmetic mean.  Equals
    ``sklearn.metrics.homogeneity_completeness_v_measure``.

    Parameters
    ----------
    a : array-like of shape (n_samples,)
        Ground-truth class labels (any dtype).
    b : array-like of shape (n_samples,)
        Cluster labels to evaluate.
    beta : float >= 0, default=1.0
        Weight of completeness against homogeneity in V (> 1 favours completeness).
    n_jobs : int or None, default=None
        Threads for counting.

    Returns
    -------
    (float, float, float)
        (h, c, V), each in [0, 1].  A labeling that is a single cluster has
        zero entropy; its score is taken as 1 (h when ``a`` is constant, c when
        ``b`` is).

    Examples
    --------
    >>> import fastmi as fm
    >>> fm.homogeneity_completeness_v_measure([0, 0, 1, 1], [0, 1, 2, 3])[:2]
    (1.0, 0.5)
    """
    func = "homogeneity_completeness_v_measure"
    beta = v.check_real(beta, "beta", func, low=0.0)
    c, _ = _contingency(a, b, func, n_jobs)
    if c.identical:
        return 1.0, 1.0, 1.0
    homogeneity = min(c.mi / c.h_a, 1.0) if c.h_a > 0 else 1.0
    completeness = min(c.mi / c.h_b, 1.0) if c.h_b > 0 else 1.0
    weighted = beta * homogeneity + completeness
    v_measure = (1 + beta) * homogeneity * completeness / weighted if weighted > 0 else 0.0
    return homogeneity, completeness, v_measure
