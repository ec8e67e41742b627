"""Drop-in replacements for scikit-learn's ``mutual_info_regression`` and
``mutual_info_classif`` (no scikit-learn import needed).

Same signatures, same preprocessing and the same random draws as
``sklearn.feature_selection`` (1.x): continuous features (and a continuous
target) are scaled to unit variance without centring, then get
``1e-10 * max(1, mean|x|) * N(0, 1)`` noise from ``random_state``
(``numpy.random.RandomState``, as scikit-learn).  So with the same
``random_state`` the numbers equal scikit-learn's on tie-free data.

Estimators: KSG algorithm 1 (continuous-continuous), Ross (2014)
(continuous-discrete) and the plug-in MI (discrete-discrete), negative
estimates clipped to 0.  One deliberate difference: where distances tie
exactly (discrete-like or heavily rounded features), fastmi's Ross counts
the tied samples consistently (see ``fastmi.mixed_mi``) where scikit-learn
can return more than H(Y) (scikit-learn issue #30772).

Features are estimated in parallel (``n_jobs``); each feature's estimate
does not depend on the thread count.
"""

import numpy as np

from fastmi import _docs, _threads
from fastmi import _neighbours as nb
from fastmi import _validation as v
from fastmi import continuous as cont
from fastmi._encoding import encode

__all__ = ["mutual_info_regression", "mutual_info_classif"]


#: scikit-learn's threshold below which a column's std counts as 1.
_TINY_STD = 10 * np.finfo(np.float64).eps


def _unit_scale(a, tiny):
    """scikit-learn's ``scale(a, with_mean=False)``: divide by the std, where a
    std of 0 (1-D) or below ``tiny`` (columns) counts as 1."""
    std = _std(a)
    if np.ndim(std) == 0:
        return a / (std if std != 0.0 else 1.0)
    std[std < tiny] = 1.0
    return a / std


def _scale_free(statistic, a):
    """``statistic(a, axis=0)`` (std, or mean of |a|) without overflow or
    underflow: computed on ``a`` scaled by a power of two per column (exact),
    so it has numpy's bits wherever those are finite and not subnormal."""
    columns = a.reshape(a.shape[0], -1)
    exponents = cont.unit_exponents(columns)
    value = np.ldexp(statistic(np.ldexp(columns, -exponents), axis=0), exponents)
    return value.reshape(a.shape[1:])


def _std(a):
    return _scale_free(np.std, a)


def _jitter(a, rng):
    """Add scikit-learn's noise to ``a`` in place (same draws, same products)."""
    scale = 1e-10 * np.maximum(1, _scale_free(np.mean, np.abs(a)))
    noise = rng.standard_normal(size=a.shape)
    noise *= scale
    with np.errstate(over="ignore"):  # near the float maximum: refused by the caller
        a += noise
    return a


def _features(X, func):
    if v.scipy_sparse(X):
        X = X.toarray()
        is_sparse = True
    else:
        is_sparse = False
    arr = np.asarray(X)
    if arr.dtype.kind not in "biuf":
        arr = arr.astype(np.float64)
    v.check_ndim(arr, "X", func, (2,))
    v.check_not_empty(arr.shape[0], "X", func)
    if arr.shape[1] == 0:
        raise v.no_features_error(arr.shape, func)
    v.check_finite(arr, "X", func)
    return arr, is_sparse


def _estimate(
    X, y, discrete_features, discrete_target, n_neighbors, copy, random_state, n_jobs, func
):
    k = v.check_int(n_neighbors, "n_neighbors", func, low=1)
    v.check_bool(copy, "copy", func)
    v.check_n_jobs(n_jobs, func)
    rng = v.legacy_random_state(random_state, func)
    X, is_sparse = _features(X, func)
    n, p = X.shape
    mask = v.discrete_features_mask(discrete_features, p, is_sparse, func)
    if discrete_target:
        _check_classification_target(y, func)
        labels = encode(y, "y", func)
        v.check_same_length({"X": n, "y": labels.n_samples}, func)
        target = labels.values - labels.offset
    else:
        target = v.continuous_array(y, "y", func)
        if target.shape[1] != 1:
            raise v.target_not_1d_error(np.shape(y), func)
        target = target[:, 0]
        v.check_same_length({"X": n, "y": target.shape[0]}, func)
    if (~mask).any():
        v.check_enough_samples(n, k, func)
        cols = ~mask
        constant = np.flatnonzero(cols & (X == X[0]).all(axis=0))  # finite: ptp == 0
        if constant.size:
            v.warn(v.constant_warning("X", constant.tolist(), func), v.ConstantColumnWarning)
        continuous = np.asarray(X[:, cols] if (~cols).any() else X, dtype=np.float64)
        scaled = _jitter(_unit_scale(continuous, _TINY_STD), rng)  # a new array
        # Columns of std < 1e-15 keep their scale: near the float maximum the
        # noise can overflow them.
        cont.check_span(scaled, "X", func, remedy="rescale its near-constant columns")
        if cols.all():
            X = scaled
        else:
            X = X.astype(np.float64, copy=True)
            X[:, cols] = scaled
    if not discrete_target:
        v.check_enough_samples(n, k, func)
        target = _jitter(_unit_scale(target, None), rng)
        cont.check_span(target[:, None], "y", func, remedy="rescale it")
    plan = _Plan(target, discrete_target, k)
    threads = _threads.resolve_n_jobs(n_jobs)
    # Few features: parallelise inside each estimate instead of across features.
    inner = threads if p < threads else 1
    # Each worker copies its own column out of X (the copies run in parallel).
    tasks = list(zip(range(p), mask, strict=True))
    results = _threads.parallel_map(
        lambda t: plan.mi(np.ascontiguousarray(X[:, t[0]]), t[1], inner), tasks, threads // inner
    )
    _warn_residual_ties([tie for _, tie in results], func)
    return np.array([value for value, _ in results])


def _warn_residual_ties(fractions, func):
    """KSG needs distinct values; scikit-learn's tiny noise, rounded to the
    float spacing of large values, can leave exact ties (scikit-learn #30772)."""
    tied = [j for j, f in enumerate(fractions) if f > cont.TIE_WARNING_FRACTION]
    if tied:
        advice = v.residual_ties_advice(tied)
        fraction = max(fractions[j] for j in tied)
        v.warn(v.tie_warning("X", func, fraction, advice))


def _check_classification_target(y, func):
    arr = np.asarray(y)
    if arr.dtype.kind == "f" and not np.array_equal(arr, np.floor(arr)):
        raise v.continuous_target_error(func)


class _Plan:
    """The target's shared structures, computed once for all features."""

    def __init__(self, target, discrete, k):
        self.target = target
        self.discrete = discrete
        self.k = k
        if discrete:
            self.sizes = np.bincount(target)
            self.keep = self.sizes[target] > 1
        else:
            self.column = target.reshape(-1, 1)
            self.order, self.sorted = nb.sorted_column(target)
            self.rank = nb.column_rank(self.order)
            self.psi = nb.digamma_table(target.shape[0])
            self.index = nb.count_index(self.sorted)

    def mi(self, x, x_discrete, n_jobs):
        if x_discrete and self.discrete:
            from fastmi.discrete import mutual_info_discrete

            return mutual_info_discrete(x, self.target, n_jobs=1), 0.0
        if self.discrete:  # continuous feature, discrete target
            value = cont.mixed_raw(x.reshape(-1, 1), self.target, self.k, "ross", n_jobs)
        elif x_discrete:  # discrete feature, continuous target
            labels = encode(x, "X", "mutual_info_regression")
            value = cont.mixed_raw(
                self.column, labels.values - labels.offset, self.k, "ross", n_jobs
            )
        else:  # KSG; the sorted copy also shows the ties left after the jitter
            x_sorted = nb.sorted_column(x)
            target = (self.order, self.sorted)
            value = cont.ksg_pair(
                x_sorted, target, self.k, 1, n_jobs, self.psi, self.rank, self.index
            )
            return max(0.0, float(value)), cont.tie_fraction(x_sorted[1], is_sorted=True)
        return max(0.0, float(value)), 0.0


@_docs.fill
def mutual_info_regression(
    X,
    y,
    *,
    discrete_features="auto",
    n_neighbors=3,
    copy=True,
    random_state=None,
    n_jobs=None,
):
    """MI between each feature and a continuous target; scikit-learn's drop-in.

    The same signature, preprocessing, noise and numbers as
    ``sklearn.feature_selection.mutual_info_regression`` (see the module
    notes), faster.  Estimators: KSG algorithm 1 (Kraskov, Stoegbauer &
    Grassberger 2004) for continuous features, Ross (2014) for discrete
    ones; negative estimates are clipped to 0.  Usable as
    ``SelectKBest(score_func=mutual_info_regression)``.

    Parameters
    ----------
    X : array-like or scipy.sparse of shape (n_samples, n_features)
        Finite feature values.
    y : array-like of shape (n_samples,)
        Continuous target.
    %(sklearn_options_returns)s

    Examples
    --------
    >>> import numpy as np
    >>> from fastmi.feature_selection import mutual_info_regression
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(1000, 2))
    >>> y = X[:, 0] + 0.1 * rng.normal(size=1000)
    >>> mi = mutual_info_regression(X, y, random_state=0)
    >>> bool(mi[0] > 1.5 and mi[1] < 0.05)
    True
    """
    return _estimate(
        X,
        y,
        discrete_features,
        False,
        n_neighbors,
        copy,
        random_state,
        n_jobs,
        "mutual_info_regression",
    )


@_docs.fill
def mutual_info_classif(
    X,
    y,
    *,
    discrete_features="auto",
    n_neighbors=3,
    copy=True,
    random_state=None,
    n_jobs=None,
):
    """MI between each feature and a discrete target; scikit-learn's drop-in.

    The same signature, preprocessing, noise and numbers as
    ``sklearn.feature_selection.mutual_info_classif`` (see the module
    notes), faster.  Estimators: Ross (2014) for continuous features, the
    plug-in MI for discrete ones; negative estimates are clipped to 0.
    Usable as ``SelectKBest(score_func=mutual_info_classif)``.

    Parameters
    ----------
    X : array-like or scipy.sparse of shape (n_samples, n_features)
        Finite feature values.
    y : array-like of shape (n_samples,)
        Class labels (any dtype; floats must be whole numbers).
    %(sklearn_options_returns)s

    Examples
    --------
    >>> import numpy as np
    >>> from fastmi.feature_selection import mutual_info_classif
    >>> rng = np.random.default_rng(0)
    >>> y = rng.integers(0, 2, size=1000)
    >>> X = np.column_stack([y + 0.1 * rng.normal(size=1000), rng.normal(size=1000)])
    >>> mi = mutual_info_classif(X, y, random_state=0)
    >>> bool(abs(mi[0] - np.log(2)) < 0.05 and mi[1] < 0.05)
    True
    """
    return _estimate(
        X,
        y,
        discrete_features,
        True,
        n_neighbors,
        copy,
        random_state,
        n_jobs,
        "mutual_info_classif",
    )


def __getattr__(name):
    """``MISelector`` (greedy MI criteria, :mod:`fastmi.selection`) needs
    scikit-learn, imported on first access."""
    if name == "MISelector":
        from fastmi._selector import MISelector

        return MISelector
    raise AttributeError(f"module 'fastmi.feature_selection' has no attribute {name!r}")
