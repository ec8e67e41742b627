"""Analytic null distributions of MI estimates (no resampling).

* :func:`gaussian_test`: under independence of jointly Gaussian x and y the
  plug-in Gaussian MI I = -1/2 log(1 - r^2) is a function of Pearson's r,
  and t = r sqrt((n - 2) / (1 - r^2)) = sign(r) sqrt((n - 2)(e^(2I) - 1))
  has Student's t distribution with n - 2 degrees of freedom (Fisher 1915;
  the p-value of ``scipy.stats.pearsonr``).  For multivariate x (dx
  columns) and y (dy), Wilks' Lambda = e^(-2I) and Bartlett's approximation
  (2n - dx - dy - 3) I ~ chi-squared with dx dy degrees of freedom
  (Bartlett 1938; Anderson 2003, sec. 8.5).  With ``method="copula"`` the
  same null is applied to the normal scores (approximate: the scores'
  correlation has nearly the null law of a Gaussian correlation).
* :func:`binned_g_test`: binned plug-in MI I (nats) of N samples in Bx x By
  occupied bins gives G = 2 N I, asymptotically chi-squared with
  (Bx - 1)(By - 1) degrees of freedom (Wilks 1938), given the bins.

References
----------
Fisher, R. A. (1915). Frequency distribution of the values of the
correlation coefficient in samples from an indefinitely large population.
Biometrika 10(4), 507-521. https://doi.org/10.2307/2331838

Bartlett, M. S. (1938). Further aspects of the theory of multiple
regression. Proc. Camb. Phil. Soc. 34(1), 33-40.
https://doi.org/10.1017/S0305004100019897

Anderson, T. W. (2003). An Introduction to Multivariate Statistical
Analysis, 3rd ed., Wiley.
"""

import math
from typing import NamedTuple

import numpy as np

from fastmi import _validation as v


class AnalyticTestResult(NamedTuple):
    statistic: float  # the plug-in MI, in the unit of ``base``
    pvalue: float  # P(MI >= statistic) under independence, analytic
    dof: int  # degrees of freedom: n - 2 (t, 1-D pair) or dx * dy (chi-squared)


def gaussian_test(x, y, *, method="gaussian", base="e", nan_policy="raise"):
    """Test of independence through the analytic null of Gaussian (copula) MI.

    Parameters
    ----------
    x : array-like of shape (n_samples,) or (n_samples, dx)
    y : array-like of shape (n_samples,) or (n_samples, dy)
        Real values.
    method : {"gaussian", "copula"}, default="gaussian"
        The MI of :func:`fastmi.gaussian_mi` (values) or of
        :func:`fastmi.copula_mi` (normal scores), both without bias
        correction (the plug-in value the null refers to).
    base : {"e", "nats", 2, "bits", 10, "hartleys"} or float > 1, default="e"
        Unit of the reported statistic (the p-value does not depend on it).
    nan_policy : {"raise", "omit"}, default="raise"

    Returns
    -------
    AnalyticTestResult
        ``(statistic, pvalue, dof)``.  A 1-D pair uses the exact t null
        (dof = n - 2), which equals ``scipy.stats.pearsonr(x, y).pvalue``
        for "gaussian"; a multivariate pair Bartlett's chi-squared
        (dof = dx dy, constant columns left out).  MI 0 (e.g. a constant
        side) gives p = 1.

    Notes
    -----
    Exact for Gaussian data ("gaussian", 1-D); a large-sample approximation
    otherwise.  The test looks for linear ("gaussian") or monotone
    ("copula") dependence only.

    Examples
    --------
    >>> import numpy as np
    >>> from fastmi.significance import gaussian_test
    >>> rng = np.random.default_rng(0)
    >>> x = rng.standard_normal(200)
    >>> res = gaussian_test(x, 0.5 * x + rng.standard_normal(200))
    >>> res.dof, bool(res.pvalue < 1e-3)
    (198, True)
    """
    from scipy import stats

    from fastmi.gaussian import copula_mi, gaussian_mi

    func = "gaussian_test"
    method = v.check_options(method, "method", func, ("gaussian", "copula"))
    scale = v.log_base(base, func)
    x, y = v.drop_missing(func, nan_policy, x=x, y=y)
    estimate = gaussian_mi if method == "gaussian" else copula_mi
    mi = float(estimate(x, y, bias_correction=False))  # validates, nats
    xa, ya = (v.continuous_array(a, name, func) for name, a in (("x", x), ("y", y)))
    n = xa.shape[0]
    dx, dy = (int(np.count_nonzero(a.min(axis=0) < a.max(axis=0))) for a in (xa, ya))
    if dx == 1 and dy == 1:
        dof = n - 2
        t = math.sqrt(dof * math.expm1(2.0 * mi)) if mi > 0 else 0.0
        pvalue = float(2.0 * stats.t.sf(t, dof)) if mi > 0 else 1.0
    else:
        dof = dx * dy
        chi2 = max(2.0 * n - dx - dy - 3.0, 0.0) * mi
        pvalue = float(stats.chi2.sf(chi2, dof)) if mi > 0 and dof > 0 else 1.0
    return AnalyticTestResult(mi / scale, min(pvalue, 1.0), dof)


def binned_g_test(x, y, *, bins="fd", strategy="uniform", nan_policy="raise"):
    """G-test (chi-squared null) of the binned plug-in MI of continuous x and y.

    The columns are binned as :func:`fastmi.binned_mi` bins them; the G
    statistic of the bin codes, G = 2 N I (I the binned plug-in MI in nats),
    is asymptotically chi-squared with (Bx - 1)(By - 1) degrees of freedom,
    Bx and By the occupied bins (of the joint bins for multivariate sides).

    Parameters
    ----------
    x, y : array-like of shape (n_samples,) or (n_samples, d)
        Real values.
    bins, strategy
        As in :func:`fastmi.binned_mi`.
    nan_policy : {"raise", "omit"}, default="raise"

    Returns
    -------
    GTestResult
        ``(statistic, pvalue, dof)``: G, its chi-squared survival function,
        and (Bx - 1)(By - 1).  ``statistic / (2 N)`` is ``binned_mi(x, y,
        bins=bins, strategy=strategy)``.

    Notes
    -----
    Bins are chosen from the data, and the chi-squared approximation needs
    about 5 or more expected samples per cell: with many sparse bins use
    :func:`permutation_test` with ``method="binned"``.

    Examples
    --------
    >>> import numpy as np
    >>> from fastmi.significance import binned_g_test
    >>> rng = np.random.default_rng(0)
    >>> x = rng.standard_normal(500)
    >>> res = binned_g_test(x, rng.standard_normal(500), bins=4)
    >>> res.dof, bool(res.pvalue > 0.01)
    (9, True)
    """
    from fastmi.binning import bin_codes, binned_mi
    from fastmi.significance import g_test

    func = "binned_g_test"
    x, y = v.drop_missing(func, nan_policy, x=x, y=y)
    binned_mi(x, y, bins=bins, strategy=strategy)  # validates; warns once
    codes = [
        bin_codes(v.continuous_array(a, name, func), bins, strategy, func)
        for name, a in (("x", x), ("y", y))
    ]
    return g_test(*codes)
