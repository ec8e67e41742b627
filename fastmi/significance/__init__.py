"""Is an estimated mutual information larger than chance, and how sure is it?

* :func:`permutation_test`: for any estimator of :func:`fastmi.mutual_info`,
  the null distribution of I(X; Y) under independence is sampled by
  shuffling the rows of ``y`` (this keeps both marginals and breaks the
  pairing); the p-value is (1 + #{null >= observed}) / (1 + n_permutations),
  which is never 0 and is exact in the sense of Phipson & Smyth (2010).
  What a shuffle of ``y`` leaves unchanged (codes, scores, sorted copies,
  count indexes) is computed once (see ``_engines``).
* :func:`permutation_test_matrix`: the same for every pair of
  :func:`fastmi.pairwise_mi`, :func:`fastmi.cross_mi` or
  :func:`fastmi.mi_with_target`, with one shared set of permutations,
  per-pair p-values and the max-statistic family-wise p-values.
* :func:`adjust_pvalues`: Bonferroni, Holm, Benjamini-Hochberg and
  Benjamini-Yekutieli adjustments of any array of p-values.
* :func:`gaussian_test` (the Gaussian and Gaussian-copula MI null through
  the distribution of the correlation) and :func:`binned_g_test` (the
  chi-squared null of binned plug-in MI), beside :func:`g_test`.
* :func:`bootstrap_ci`: percentile and BCa bootstrap confidence intervals of
  any single-pair estimate.
* :func:`g_test`: the analytic test of plug-in discrete MI.  The
  log-likelihood-ratio (G) statistic of a contingency table is
  G = 2 N I(X; Y) in nats, asymptotically chi-squared with
  (k_x - 1)(k_y - 1) degrees of freedom under independence (Wilks 1938).

References
----------
Phipson, B. and Smyth, G. K. (2010). Permutation p-values should never be
zero. Stat. Appl. Genet. Mol. Biol. 9(1), 39.
https://doi.org/10.2202/1544-6115.1585

Wilks, S. S. (1938). The large-sample distribution of the likelihood ratio
for testing composite hypotheses. Ann. Math. Statist. 9(1), 60-62.
https://doi.org/10.1214/aoms/1177732360
"""

from typing import NamedTuple

import numpy as np

from fastmi import _docs, _registry, _threads
from fastmi import _validation as v
from fastmi.front import METHODS, mutual_info, resolve_method
from fastmi.significance._analytic import (
    AnalyticTestResult,
    binned_g_test,
    gaussian_test,
)
from fastmi.significance._bootstrap import BootstrapResult, bootstrap_ci
from fastmi.significance._draws import check_progress, draw_seeds, permutations, run_blocks
from fastmi.significance._engines import draws_jitter, null_engine
from fastmi.significance._engines import rows as _rows
from fastmi.significance._matrix import PermutationMatrixResult, permutation_test_matrix
from fastmi.significance._multiple import adjust_pvalues

__all__ = [
    "permutation_test",
    "permutation_test_matrix",
    "g_test",
    "gaussian_test",
    "binned_g_test",
    "adjust_pvalues",
    "bootstrap_ci",
    "permutations",
    "PermutationTestResult",
    "PermutationMatrixResult",
    "GTestResult",
    "AnalyticTestResult",
    "BootstrapResult",
]


class PermutationTestResult(NamedTuple):
    statistic: float  # the observed MI, in the estimator's unit
    pvalue: float  # (1 + #{null >= statistic}) / (1 + n_permutations)
    null_distribution: np.ndarray  # MI of each permutation, in drawing order

    @property
    def above_null(self):
        """Shuffle-bias subtraction: the statistic minus the mean of the null
        ("MI above the null mean"), which removes the estimator's bias under
        independence (it may be negative)."""
        return float(self.statistic - self.null_distribution.mean())


class GTestResult(NamedTuple):
    statistic: float  # G = 2 N I(X; Y), I in nats
    pvalue: float  # chi-squared survival function at G
    dof: int  # (k_x - 1)(k_y - 1), k = observed levels


@_docs.fill
def permutation_test(
    x,
    y,
    *,
    method="auto",
    n_permutations=1000,
    random_state=None,
    n_jobs=None,
    progress=None,
    mi_options=None,
    **options,
):
    """Permutation test of independence based on mutual information.

    The statistic is ``fastmi.mutual_info(x, y, method=method, **mi_options)``;
    each null draw is the same estimator on ``(x, y[perm])`` with a random
    permutation ``perm`` of the samples.  What the shuffle leaves unchanged
    is computed once: the codes and alphabets ("discrete", "binned"), the
    normal scores ("copula"), the prepared columns, sorted copies and count
    index ("ksg", 1-D pairs); see :mod:`fastmi.significance`.

    Parameters
    ----------
    x, y : array-like of shape (n_samples,) or (n_samples, d)
        As :func:`fastmi.mutual_info` takes them; the rows of ``y`` are shuffled.
    method : str, default="auto"
        Estimator of :func:`fastmi.mutual_info` ("auto", "discrete", "ksg",
        "mixed", "gaussian", "copula", "binned").
    n_permutations : int, default=1000
        Number of null draws (>= 1); the smallest attainable p-value is
        1 / (n_permutations + 1).
    random_state : None, int or numpy.random.Generator, default=None
        Source of the permutations and, for the nearest-neighbour estimators
        ("ksg", "mixed"), of their tie-breaking jitter (drawn once, for the
        data; the null shuffles the jittered y).
    n_jobs : int or None, default=None
        Threads over which the permutations are spread (None: the global
        setting).  The result does not depend on it: permutation i is drawn
        from its own seed, taken from ``random_state`` in order
        (:func:`permutations` reproduces them).
    progress : callable or None, default=None
        Called as ``progress(done_permutations, n_permutations)`` from the
        calling thread as blocks of permutations finish.
    mi_options : dict or None, default=None
        Options of the estimator, as :func:`fastmi.mutual_info` takes them
        (``k``, ``base``, ``estimator``, ``bins``, ``nan_policy``...); under
        ``method="auto"`` those the picked estimator does not read are
        ignored.
    %(deprecated_options)s

    Returns
    -------
    PermutationTestResult
        ``(statistic, pvalue, null_distribution)``; the null distribution has
        shape (n_permutations,) and the unit of the statistic.  Its
        ``above_null`` property is the statistic minus the null mean (the
        shuffle-bias-corrected MI).

    Notes
    -----
    The p-value counts the observed data as one of the permutations (Phipson
    & Smyth 2010), so it is a valid (slightly conservative) p-value for any
    number of permutations.  It tests independence, not the bias of the
    estimator: a biased estimator is biased under the null too.  The
    statistic and the null come from the same computation, so a null draw
    equal to the statistic counts as reaching it; the statistic equals
    ``mutual_info`` up to rounding (1e-12 relative).

    Examples
    --------
    >>> import numpy as np
    >>> from fastmi.significance import permutation_test
    >>> rng = np.random.default_rng(0)
    >>> x = rng.integers(0, 3, size=200)
    >>> y = (x + rng.integers(0, 2, size=200)) % 3
    >>> res = permutation_test(x, y, n_permutations=99, random_state=0)
    >>> res.pvalue  # no shuffle reaches the observed MI: 1 / (99 + 1)
    0.01
    """
    func = "permutation_test"
    options = v.merged_mi_options(mi_options, options, func)
    method = v.check_options(method, "method", func, METHODS)
    n_permutations = v.check_int(n_permutations, "n_permutations", func, low=1)
    n_threads = _threads.resolve_n_jobs(v.check_n_jobs(n_jobs, func))
    rng = v.check_random_state(random_state, func)
    progress = check_progress(progress, func)
    nan_policy = options.pop("nan_policy", "raise")
    x, y = v.drop_missing(func, nan_policy, x=x, y=y)
    if draws_jitter(method, x, y):
        options = {**options, "random_state": int(rng.integers(2**63 - 1))}
    mutual_info(x, y, method=method, **options)  # validates x, y, options; warns once
    resolved = resolve_method(x, y, method)
    if method == "auto":
        options = _registry.options_for(resolved, options, func)
    statistic, null = null_engine(resolved, x, y, options, func)
    n = _rows(y).shape[0]
    seeds = draw_seeds(rng, n_permutations)
    blocks = run_blocks(seeds, n, null, n_threads, progress)
    null_values = np.concatenate(blocks).astype(np.float64, copy=False)
    pvalue = (1.0 + np.count_nonzero(null_values >= statistic)) / (1.0 + n_permutations)
    return PermutationTestResult(float(statistic), float(pvalue), null_values)


def g_test(x, y):
    """G-test (log-likelihood-ratio test) of independence of discrete ``x`` and ``y``.

    G = 2 N I(X; Y), with I the plug-in MI in nats and N the number of
    samples, is asymptotically chi-squared with (k_x - 1)(k_y - 1) degrees of
    freedom under independence (Wilks 1938); k_x and k_y count the observed
    levels.  This is ``scipy.stats.chi2_contingency(table, correction=False,
    lambda_="log-likelihood")`` computed from labels.

    Parameters
    ----------
    x, y : array-like of shape (n_samples,) or (n_samples, d)
        Labels of any dtype (2-D: columns taken jointly).

    Returns
    -------
    GTestResult
        ``(statistic, pvalue, dof)``; with a single observed level in x or y
        the MI is 0, dof is 0 and the p-value is 1.

    Notes
    -----
    The chi-squared approximation needs expected cell counts of about 5 or
    more; with sparse tables use :func:`permutation_test` instead.

    Examples
    --------
    >>> from fastmi.significance import g_test
    >>> res = g_test([0, 0, 1, 1] * 25, [0, 1, 1, 1] * 25)
    >>> res.dof, round(res.statistic, 4), bool(res.pvalue < 1e-10)
    (1, 43.1523, True)
    """
    from scipy.stats import chi2

    from fastmi._encoding import dense_codes, encode
    from fastmi.discrete import mutual_info_discrete

    func = "g_test"
    mi = mutual_info_discrete(x, y)  # validates; plug-in, nats
    labels = [encode(a, name, func) for name, a in (("x", x), ("y", y))]
    k_x, k_y = (int(dense_codes(lab).max()) + 1 for lab in labels)
    dof = (k_x - 1) * (k_y - 1)
    statistic = 2.0 * labels[0].n_samples * mi
    pvalue = float(chi2.sf(statistic, dof)) if dof > 0 else 1.0
    return GTestResult(float(statistic), pvalue, dof)
