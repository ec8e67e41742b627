"""Bootstrap confidence intervals of a single-pair MI estimate.

Resample j draws n rows with replacement (the pairs (x_i, y_i) stay
together) from its own seed, so the resamples do not depend on the thread
count.  Two intervals (Efron & Tibshirani 1993):

* percentile: the alpha/2 and 1 - alpha/2 quantiles of the bootstrap
  estimates (linear interpolation, as ``numpy.percentile``);
* BCa (bias-corrected and accelerated, Efron 1987): the quantiles at
  Phi(z0 + (z0 + z_q) / (1 - a (z0 + z_q))) for q = alpha/2, 1 - alpha/2,
  with z0 = Phi^-1(share of bootstrap estimates below the estimate, ties
  counted half) and the acceleration a = sum d_i^3 / (6 (sum d_i^2)^1.5),
  d_i = mean jackknife estimate - leave-one-out estimate i (n more
  estimates).  This is the interval of ``scipy.stats.bootstrap(...,
  method="BCa")``.

References
----------
Efron, B. (1987). Better bootstrap confidence intervals. J. Amer. Statist.
Assoc. 82(397), 171-185. https://doi.org/10.1080/01621459.1987.10478410

Efron, B. and Tibshirani, R. J. (1993). An Introduction to the Bootstrap.
Chapman & Hall, ch. 13-14.
"""

from typing import NamedTuple

import numpy as np

from fastmi import _docs, _registry, _threads
from fastmi import _validation as v
from fastmi.front import METHODS, mutual_info, resolve_method
from fastmi.significance._draws import check_progress, draw_seeds, resamples, run_blocks
from fastmi.significance._engines import draws_jitter, rows

_CI_METHODS = ("bca", "percentile")


class BootstrapResult(NamedTuple):
    statistic: float  # the estimate on the data
    low: float  # lower end of the interval
    high: float  # upper end
    bootstrap_distribution: np.ndarray  # the estimate on each resample, in draw order
    standard_error: float  # standard deviation of the bootstrap estimates (ddof=1)


@_docs.fill
def bootstrap_ci(
    x,
    y,
    *,
    method="auto",
    n_resamples=1000,
    confidence_level=0.95,
    ci_method="bca",
    random_state=None,
    n_jobs=None,
    progress=None,
    mi_options=None,
    **options,
):
    """Bootstrap confidence interval of ``fastmi.mutual_info(x, y, method, **mi_options)``.

    Parameters
    ----------
    x, y : array-like of shape (n_samples,) or (n_samples, d)
        As :func:`fastmi.mutual_info` takes them; rows are resampled in pairs.
    method : str, default="auto"
        Estimator of :func:`fastmi.mutual_info`.
    n_resamples : int, default=1000
        Bootstrap resamples (>= 2).
    confidence_level : float in (0, 1), default=0.95
    ci_method : {"bca", "percentile"}, default="bca"
        BCa needs a jackknife: n more estimates on n - 1 samples each.
    random_state : None, int or numpy.random.Generator, default=None
        Source of the resamples and of the nearest-neighbour estimators'
        jitter (drawn once: the same jitter seed for every resample).
    n_jobs : int or None, default=None
        Threads over resamples (and jackknife estimates); the result does
        not depend on it.
    progress : callable or None, default=None
        ``progress(done, total)`` from the calling thread; ``total`` counts
        the resamples and, for BCa, the n jackknife estimates.
    mi_options : dict or None, default=None
        Options of the estimator, as :func:`fastmi.mutual_info` takes them
        (``base``, ``k``, ``bins``, ``nan_policy``...); under
        ``method="auto"`` those the picked estimator does not read are
        ignored.
    %(deprecated_options)s

    Returns
    -------
    BootstrapResult
        ``(statistic, low, high, bootstrap_distribution, standard_error)``
        in the unit of the estimate.

    Notes
    -----
    The interval covers the estimator's expectation at this sample size,
    not the true MI: an estimator biased at n is biased in the interval too.
    Resampling with replacement repeats rows, i.e. makes exact ties:
    nearest-neighbour estimators ("ksg", "mixed") see zero distances and are
    biased upwards on resamples (their jitter, 1e-10 of the scale, only
    breaks the ties), so prefer "copula", "gaussian", "binned" or "discrete"
    for bootstrap intervals.

    Examples
    --------
    >>> import numpy as np
    >>> from fastmi.significance import bootstrap_ci
    >>> rng = np.random.default_rng(0)
    >>> x = rng.standard_normal(500)
    >>> y = 0.6 * x + 0.8 * rng.standard_normal(500)   # true MI 0.223 nats
    >>> res = bootstrap_ci(x, y, method="gaussian", n_resamples=200, random_state=0)
    >>> bool(res.low < 0.223 < res.high)
    True
    """
    from scipy.special import ndtr, ndtri

    func = "bootstrap_ci"
    options = v.merged_mi_options(mi_options, options, func)
    method = v.check_options(method, "method", func, METHODS)
    n_resamples = v.check_int(n_resamples, "n_resamples", func, low=2)
    level = v.check_confidence_level(confidence_level, func)
    ci_method = v.check_options(ci_method, "ci_method", func, _CI_METHODS)
    n_threads = _threads.resolve_n_jobs(v.check_n_jobs(n_jobs, func))
    rng = v.check_random_state(random_state, func)
    progress = check_progress(progress, func)
    nan_policy = options.pop("nan_policy", "raise")
    x, y = v.drop_missing(func, nan_policy, x=x, y=y)
    resolved = resolve_method(x, y, method)
    if draws_jitter(resolved, x, y):
        options = {**options, "random_state": int(rng.integers(2**63 - 1))}
    statistic = float(mutual_info(x, y, method=method, **options))  # validates
    if method == "auto":
        options = _registry.options_for(resolved, options, func)
    x_rows, y_rows = rows(x), rows(y)
    n = x_rows.shape[0]
    if ci_method == "bca" and n < 3:
        raise v.jackknife_too_small_error(n, func)
    total = n_resamples + (n if ci_method == "bca" else 0)

    def estimate(index):
        return mutual_info(x_rows[index], y_rows[index], method=resolved, **options)

    def work(block_seeds):
        return np.array([estimate(i) for i in resamples(block_seeds, n)])

    seeds = draw_seeds(rng, n_resamples)
    shifted = None if progress is None else (lambda done, _: progress(done, total))
    boot = np.concatenate(run_blocks(seeds, n, work, n_threads, shifted))
    se = float(boot.std(ddof=1))
    alpha = (1.0 - level) / 2.0
    quantiles = np.array([alpha, 1.0 - alpha])
    if ci_method == "bca":
        jack = _jackknife(estimate, n, n_threads, progress, n_resamples, total)
        with np.errstate(divide="ignore", invalid="ignore"):
            z0 = ndtri((np.count_nonzero(boot < statistic) + np.count_nonzero(boot <= statistic))
                       / (2.0 * n_resamples))  # fmt: skip
            d = jack.mean() - jack
            acceleration = np.sum(d**3) / (6.0 * np.sum(d**2) ** 1.5)
            z = z0 + ndtri(quantiles)
            bca = ndtr(z0 + z / (1.0 - acceleration * z))
        if np.isfinite(bca).all():
            quantiles = bca
        else:
            v.warn(v.degenerate_bootstrap_warning(func))
    low, high = np.percentile(boot, 100.0 * quantiles)
    return BootstrapResult(statistic, float(low), float(high), boot, se)


def _jackknife(estimate, n, n_threads, progress, done_before, total):
    """Leave-one-out estimates (n of them), in chunks on the threads."""
    everyone = np.arange(n)
    chunks = _threads.chunk_bounds(n, max(1, -(-n // 64)))
    out = []
    batch = max(1, n_threads)
    for b in range(0, len(chunks), batch):
        part = chunks[b : b + batch]
        out.extend(
            _threads.parallel_map(
                lambda c: [estimate(np.delete(everyone, i)) for i in range(c[0], c[1])],
                part,
                n_threads,
            )
        )
        if progress is not None:
            progress(done_before + part[-1][1], total)
    return np.array([value for chunk in out for value in chunk], dtype=np.float64)
