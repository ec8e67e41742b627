"""Information measures of discrete variables, from labelled data.

Labels may be of any dtype (ints of any width, bools, strings, objects,
floats, pandas Series and Categoricals); a 2-D array or DataFrame is one
variable whose levels are the rows' combinations of its columns, so
``mutual_info_discrete(x, np.column_stack([y, z]))`` is I(X; (Y, Z)).

Every function returns a float in the unit ``base`` (default nats, as in
scipy and scikit-learn; "bits" or 2, "hartleys" or 10) and takes an entropy
``estimator``:

``"plugin"``
    maximum likelihood, -sum p log p.  Biased low by about (m-1)/2N
    (m observed levels, N samples); the right choice when N >> m.
``"miller_madow"``
    plug-in + (m-1)/2N (Miller 1955): removes the first-order bias at no cost;
    enough when N is a few times m.
``"chao_shen"``
    coverage-adjusted Horvitz-Thompson estimator (Chao & Shen 2003,
    Environ. Ecol. Stat. 10:429): for samples with many singletons, i.e.
    many unseen levels.
``"james_stein"``
    plug-in entropy of frequencies shrunk towards uniform (Hausser &
    Strimmer 2009, JMLR 10:1469): low mean squared error when N is of the
    order of the alphabet size or smaller.
``"nsb"``
    Nemenman, Shafee & Bialek (2002, NIPS 14) Bayesian estimator, a mixture
    of Dirichlet priors that is nearly flat in H: for N << K; the slowest.
``"grassberger"``
    Grassberger (2003, arXiv:physics/0307138; 2008) digamma-based
    correction: small bias at moderate N.

The alphabet size K that James-Stein and NSB assume is ``n_categories=``
when given (one int, or one per variable), else the number of categories of
a pandas Categorical, else the number of observed levels of a variable (for
columns taken jointly, the product of their numbers of levels).  The other
estimators do not use K (Miller-Madow's correction counts the observed
levels, as defined).  An ``n_categories`` smaller than the labels observed
is an error.

Missing labels (NaN, None, pandas NA, NaT) are an error by default
(``nan_policy="raise"``); ``nan_policy="omit"`` drops every sample where
any of the variables is missing before counting, so the result equals the
function on the filtered samples.  A missing label is never a level.

A combined quantity (MI, CMI, conditional entropy) is the same signed sum of
entropies for every estimator; only plug-in MI is guaranteed >= 0 (and is
clipped at 0 against rounding), corrected estimates may be slightly negative
for independent variables.
"""

from typing import NamedTuple

import numpy as np

from fastmi import _docs, _table, _threads
from fastmi import _validation as v
from fastmi._encoding import encode, with_categories

__all__ = [
    "entropy",
    "joint_entropy",
    "conditional_entropy",
    "mutual_info_discrete",
    "conditional_mutual_info",
    "information_gain",
    "kl_divergence",
    "cross_entropy",
]


class _Options(NamedTuple):
    """The keyword arguments every labelled-data function takes."""

    base: object
    estimator: object
    n_jobs: object
    nan_policy: object
    n_categories: object


def _check(func, o):
    """(log of the unit's base, estimator id, validated n_jobs)."""
    return (
        v.log_base(o.base, func),
        v.check_estimator(o.estimator, func),
        v.check_n_jobs(o.n_jobs, func),
    )


def _small(func, variables, o):
    """(int64 codes, estimator id, scale) for the one-kernel path of small
    plain integer labels (after the same parameter checks), or None."""
    if o.n_categories is not None:
        return None  # checked against the data on the general path
    codes = _table.small_codes(variables, o.nan_policy)
    if codes is None:
        return None
    scale, est, _ = _check(func, o)
    return codes, est, scale


def _encode(func, named, o):
    """Check the parameters, then encode the named variables (same length),
    dropping the rows where any is missing under ``nan_policy="omit"``; each
    variable's alphabet size is ``n_categories`` when given."""
    if o.nan_policy != "raise":  # the default costs nothing (checked by drop_missing)
        named = dict(zip(named, v.drop_missing(func, o.nan_policy, **named), strict=True))
    scale, est, n_jobs = _check(func, o)
    n_threads = _threads.resolve_n_jobs(n_jobs)
    sizes = v.check_n_categories(o.n_categories, list(named), func)
    labels = [encode(x, name, func) for name, x in named.items()]
    if len(labels) > 1:
        v.check_same_length(
            {name: lab.n_samples for name, lab in zip(named, labels, strict=True)}, func
        )
    labels = [
        with_categories(lab, k, name, func)
        for lab, k, name in zip(labels, sizes, named, strict=True)
    ]
    return labels, est, scale, n_threads


def _prepare(func, named, o):
    """Encode the named variables and count them into one table."""
    labels, est, scale, n_threads = _encode(func, named, o)
    return _table.from_labels(labels, n_threads), est, scale


def _pair(func, x, y, o):
    """(H(X), H(Y), H(X, Y)) in nats, the estimator id and the unit's log base."""
    small = _small(func, (x, y), o)
    if small is not None:
        (cx, cy), est, scale = small
        entropies = _table.small_pair_entropies(cx, cy, est)
        if entropies is not None:
            return entropies, est, scale
    labels, est, scale, n_threads = _encode(func, {"x": x, "y": y}, o)
    return _table.labels_pair_entropies(labels[0], labels[1], est, n_threads), est, scale


def _mutual_info(func, x, y, o):
    """I(X; Y) = H(X) + H(Y) - H(X, Y) in the unit (clipped at 0 for plug-in)."""
    entropies, est, scale = _pair(func, x, y, o)
    return _table.combine_mutual_info(*entropies, est) / scale


@_docs.fill
def entropy(x, *, base="e", estimator="plugin", n_jobs=None, nan_policy="raise", n_categories=None):
    """Shannon entropy H(X) of discrete labels.

    H(X) = -sum_x p(x) log p(x) over the observed levels, with the plug-in
    estimator; the bias-corrected estimators are listed in the module notes.
    A 2-D ``x`` gives the joint entropy of its columns.

    Parameters
    ----------
    %(labelled_x)s

    Returns
    -------
    float
        H(X) >= 0 in the unit ``base`` (nats by default); 0 for a constant.

    See Also
    --------
    joint_entropy, conditional_entropy, fastmi.tables.entropy

    Examples
    --------
    >>> import fastmi as fm
    >>> round(fm.entropy(["a", "b", "a", "b"], base=2), 12)
    1.0
    >>> round(fm.entropy([0, 0, 1, 2], estimator="miller_madow"), 4)  # + (3 - 1) / (2 * 4)
    1.2897
    """
    o = _Options(base, estimator, n_jobs, nan_policy, n_categories)
    small = _small("entropy", (x,), o)
    if small is not None:
        (codes,), est, scale = small
        h = _table.small_entropy(codes, est)
        if h is not None:
            return h / scale
    table, est, scale = _prepare("entropy", {"x": x}, o)
    return _table.entropy(table, (0,), est) / scale


@_docs.fill
def joint_entropy(
    *variables, base="e", estimator="plugin", n_jobs=None, nan_policy="raise", n_categories=None
):
    """Joint entropy H(X1, ..., Xk) of several label arrays.

    The entropy of the tuples (x1[i], ..., xk[i]), i.e. of the variables
    taken jointly.

    Parameters
    ----------
    *variables : array-like, each of shape (n_samples,) or (n_samples, n_columns)
        At least one; labels of any dtype, all with the same number of
        samples.
    %(discrete_options)s

    Returns
    -------
    float
        H(X1, ..., Xk) >= 0 in the unit ``base`` (nats by default).

    Examples
    --------
    >>> import fastmi as fm
    >>> round(fm.joint_entropy([0, 0, 1, 1], [0, 1, 0, 1], base=2), 12)
    2.0
    """
    if not variables:
        raise v.no_variables_error("joint_entropy")
    named = {f"variables[{i}]": x for i, x in enumerate(variables)}
    o = _Options(base, estimator, n_jobs, nan_policy, n_categories)
    table, est, scale = _prepare("joint_entropy", named, o)
    return _table.entropy(table, tuple(range(len(variables))), est) / scale


@_docs.fill
def conditional_entropy(
    x, y, *, base="e", estimator="plugin", n_jobs=None, nan_policy="raise", n_categories=None
):
    """Conditional entropy H(X | Y) = H(X, Y) - H(Y) of discrete labels.

    What remains unknown about ``x`` once ``y`` is known.

    Parameters
    ----------
    %(labelled_xy)s

    Returns
    -------
    float
        H(X | Y) in the unit ``base`` (nats by default); between 0 and H(X)
        with the plug-in estimator.

    Examples
    --------
    >>> import fastmi as fm
    >>> fm.conditional_entropy([0, 1, 0, 1], [0, 1, 0, 1])
    0.0
    >>> round(fm.conditional_entropy([0, 1, 0, 1], [0, 0, 1, 1], base=2), 12)
    1.0
    """
    o = _Options(base, estimator, n_jobs, nan_policy, n_categories)
    (_, h_y, h_xy), _, scale = _pair("conditional_entropy", x, y, o)
    return (h_xy - h_y) / scale


@_docs.fill
def mutual_info_discrete(
    x, y, *, base="e", estimator="plugin", n_jobs=None, nan_policy="raise", n_categories=None
):
    """Mutual information I(X; Y) = H(X) + H(Y) - H(X, Y) of discrete labels.

    With the plug-in estimator this equals
    ``sklearn.metrics.mutual_info_score`` (in nats) and is clipped at 0
    against rounding; bias-corrected estimates may be slightly negative for
    independent variables.

    Parameters
    ----------
    %(labelled_xy)s

    Returns
    -------
    float
        I(X; Y) in the unit ``base`` (nats by default).

    See Also
    --------
    fastmi.mutual_info : picks the estimator from the dtypes.
    fastmi.tables.mutual_info : the same from a contingency table.

    Examples
    --------
    >>> import fastmi as fm
    >>> round(fm.mutual_info_discrete([0, 0, 1, 1], [5, 5, 7, 7], base=2), 12)
    1.0
    >>> fm.mutual_info_discrete(["a", "b", "a", "b"], [1, 1, 2, 2])
    0.0
    """
    return _mutual_info(
        "mutual_info_discrete", x, y, _Options(base, estimator, n_jobs, nan_policy, n_categories)
    )


@_docs.fill
def information_gain(
    x, y, *, base="e", estimator="plugin", n_jobs=None, nan_policy="raise", n_categories=None
):
    """Information gain H(X) - H(X | Y) about ``x`` from knowing ``y``.

    The same quantity as the mutual information I(X; Y) (the name used for
    decision-tree splits).

    Parameters
    ----------
    %(labelled_xy)s

    Returns
    -------
    float
        The gain in the unit ``base`` (nats by default).

    Examples
    --------
    >>> import fastmi as fm
    >>> fm.information_gain([0, 1, 0, 1], [1, 1, 1, 1])
    0.0
    >>> round(fm.information_gain([0, 1, 0, 1], [0, 1, 0, 1], base=2), 12)
    1.0
    """
    return _mutual_info(
        "information_gain", x, y, _Options(base, estimator, n_jobs, nan_policy, n_categories)
    )


@_docs.fill
def conditional_mutual_info(
    x, y, z, *, base="e", estimator="plugin", n_jobs=None, nan_policy="raise", n_categories=None
):
    """Conditional mutual information I(X; Y | Z) of discrete labels.

    I(X; Y | Z) = H(X, Z) + H(Y, Z) - H(X, Y, Z) - H(Z): what ``x`` and
    ``y`` share beyond what ``z`` explains.

    Parameters
    ----------
    %(labelled_xyz)s

    Returns
    -------
    float
        I(X; Y | Z) in the unit ``base`` (nats by default); >= 0 up to
        rounding with the plug-in estimator.

    Examples
    --------
    >>> import fastmi as fm
    >>> x = [0, 1, 0, 1]; z = [0, 0, 1, 1]
    >>> round(fm.conditional_mutual_info(x, x, z, base=2), 12)  # = H(X|Z)
    1.0
    """
    o = _Options(base, estimator, n_jobs, nan_policy, n_categories)
    small = _small("conditional_mutual_info", (x, y, z), o)
    if small is not None:
        (cx, cy, cz), est, scale = small
        cmi = _table.small_conditional_mutual_info(cx, cy, cz, est)
        if cmi is not None:
            return cmi / scale
    named = {"x": x, "y": y, "z": z}
    table, est, scale = _prepare("conditional_mutual_info", named, o)
    return _table.conditional_mutual_info(table, (0,), (1,), (2,), est) / scale


# ------------------------------------------------- between distributions
def _on_support(p, q, func, kind):
    """p and q as normalised flat arrays, restricted to the cells where p > 0."""
    p_arr, p_counts = v.check_table(p, "p", func, kind)
    q_arr, q_counts = v.check_table(q, "q", func, kind)
    if p_arr.shape != q_arr.shape:
        raise v.shape_mismatch_error(p_arr.shape, q_arr.shape, func)
    if p_counts:
        p_arr = p_arr / p_arr.sum()
    if q_counts:
        q_arr = q_arr / q_arr.sum()
    support = p_arr > 0
    return p_arr[support], q_arr[support]


def _between(p, q, base, kind, func, measure):
    """``measure(p, q)`` (nats) on the support of p, in the unit; infinite when
    q = 0 somewhere p > 0."""
    scale = v.log_base(base, func)
    ps, qs = _on_support(p, q, func, kind)
    if (qs == 0).any():
        return float("inf")
    return measure(ps, qs) / scale


@_docs.fill
def cross_entropy(p, q, *, base="e", kind="auto"):
    """Cross-entropy H(p, q) = -sum p log q between two distributions.

    Parameters
    ----------
    p, q : array-like of the same shape
        Probability tables (summing to 1), or counts (integer dtype, float
        whole numbers not summing to 1, or ``kind="counts"``), which are
        normalised.  Any number of axes; the cells are paired by position.
    %(distribution_options)s

    Returns
    -------
    float
        H(p, q) = H(p) + D(p || q) in the unit ``base`` (nats by default);
        infinite when q = 0 somewhere p > 0.

    Examples
    --------
    >>> import fastmi as fm
    >>> fm.cross_entropy([0.5, 0.5], [0.5, 0.5], base=2)
    1.0
    >>> fm.cross_entropy([1, 0], [0, 1])
    inf
    """
    measure = lambda ps, qs: float(-(ps * np.log(qs)).sum())
    return _between(p, q, base, kind, "cross_entropy", measure)


@_docs.fill
def kl_divergence(p, q, *, base="e", kind="auto"):
    """Kullback-Leibler divergence D(p || q) = sum p log(p / q) >= 0.

    Equals ``scipy.stats.entropy(p, q)`` in nats.

    Parameters
    ----------
    p, q : array-like of the same shape
        Probability tables (summing to 1), or counts (integer dtype, float
        whole numbers not summing to 1, or ``kind="counts"``), which are
        normalised.
    %(distribution_options)s

    Returns
    -------
    float
        D(p || q) >= 0 in the unit ``base`` (nats by default); infinite when
        q = 0 somewhere p > 0.

    Examples
    --------
    >>> import fastmi as fm
    >>> fm.kl_divergence([1, 0], [0.5, 0.5], base=2)
    1.0
    >>> fm.kl_divergence([3, 1], [3, 1])  # counts, normalised
    0.0
    """
    measure = lambda ps, qs: max(float((ps * np.log(ps / qs)).sum()), 0.0)
    return _between(p, q, base, kind, "kl_divergence", measure)
