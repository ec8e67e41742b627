"""``mutual_info``: one front door that picks the estimator from the data.

``method="auto"`` looks at dtypes only, so the choice is predictable:
a variable is *discrete* when its dtype is not floating point (ints, bools,
strings, objects, pandas Categoricals) and *continuous* when it is float.

============================  ================================
x and y                       estimator
============================  ================================
both discrete                 ``"discrete"``: counting, any entropy estimator
both continuous               ``"ksg"``: Kraskov-Stoegbauer-Grassberger
one of each                   ``"mixed"``: Ross (2014) nearest neighbours
============================  ================================

Other methods: ``"gaussian"``, ``"copula"`` (Gaussian copula) and
``"binned"``.  Keyword ``options`` go to the chosen estimator; under "auto"
those it does not read are ignored (``mutual_info``'s docstring has the
table of which method reads which option; ``fastmi._registry`` holds it).

x and y may be numpy arrays, pandas Series, polars Series (converted to
pandas at the door: a polars float Series is continuous) or 1-D xarray
DataArrays.
"""

import numpy as np

from fastmi import _frames, _registry
from fastmi import _validation as v
from fastmi._encoding import is_continuous

__all__ = ["mutual_info", "resolve_method", "is_continuous", "METHODS"]

#: Every ``method`` the front door accepts.
METHODS = _registry.PAIR_METHODS


def resolve_method(x, y, method="auto"):
    """The estimator ``mutual_info`` uses for ``x`` and ``y`` (no "auto"):
    ``fastmi._registry.resolve_pair`` of their dtypes."""
    method = v.check_options(method, "method", "mutual_info", METHODS)
    if method != "auto":
        return method
    return _registry.resolve_pair(is_continuous(x), is_continuous(y))


def _integer_arrays(x, y):
    """True for two numpy arrays of integers or bools: "auto" picks the
    discrete estimator for them whatever else they hold."""
    return (
        type(x) is np.ndarray
        and type(y) is np.ndarray
        and x.dtype.kind in "iub"
        and y.dtype.kind in "iub"
    )


#: Keywords that ``mutual_info_discrete`` takes besides x, y and nan_policy.
_DISCRETE_OPTIONS = _registry.FAMILIES["discrete"].options


def _small_discrete(x, y, method, nan_policy, options):
    """The discrete estimator's result for integer arrays under "auto" or
    "discrete" with its own options only (the common small call, without the
    general dispatch), else None."""
    if (method == "auto" or method == "discrete") and type(method) is str and _integer_arrays(x, y):
        if not options.keys() <= _DISCRETE_OPTIONS:
            if method != "auto":
                return None  # the estimator refuses what it does not take
            options = _registry.options_for("discrete", options, "mutual_info")
        global _mutual_info_discrete
        if _mutual_info_discrete is None:  # imported once: an import statement costs µs
            from fastmi.discrete import mutual_info_discrete as _mutual_info_discrete
        return _mutual_info_discrete(x, y, nan_policy=nan_policy, **options)
    return None


_mutual_info_discrete = None


def mutual_info(x, y, *, method="auto", nan_policy="raise", **options):
    """Mutual information I(X; Y), in nats unless ``base`` is given.

    Parameters
    ----------
    x, y : array-like of shape (n_samples,) or (n_samples, d)
        The two variables; with ``method="auto"`` their dtypes pick the
        estimator (float: continuous, anything else: discrete; module doc).
    method : {"auto", "discrete", "ksg", "mixed", "gaussian", "copula", "binned"}, default="auto"
        The estimator family (``fastmi._registry``).
    nan_policy : {"raise", "omit"}, default="raise"
        "omit" drops the samples where x or y is missing (NaN, None, pandas
        NA, NaT) before the estimator is chosen and run, so the result
        equals the estimator on the filtered samples; "raise" rejects them.
    **options
        Options of the estimators.  Which option each method reads:

        ============  =====================================================
        method        options it reads
        ============  =====================================================
        "discrete"    ``base``, ``estimator``, ``n_jobs``, ``n_categories``
        "ksg"         ``k``, ``algorithm``, ``base``, ``standardize``,
                      ``jitter``, ``random_state``, ``clip``, ``n_jobs``
        "mixed"       ``k``, ``base``, ``standardize``, ``jitter``,
                      ``random_state``, ``clip``, ``n_jobs``
        "gaussian"    ``base``, ``bias_correction``, ``n_jobs``
        "copula"      ``base``, ``bias_correction``, ``n_jobs``
        "binned"      ``bins``, ``strategy``, ``base``, ``estimator``,
                      ``n_jobs``
        ============  =====================================================

        The rule: with ``method="auto"`` an option of the table that the
        picked method does not read is ignored, so one call can pass, say,
        ``k=5, random_state=0, estimator="miller_madow"`` whatever the dtypes
        turn out to be; with a named method it raises TypeError, as the
        estimator's own function does.  A name in no row raises TypeError
        either way.  Values are checked by the method that reads them.

    Returns
    -------
    float
        The estimate, in the unit of ``base`` (nats by default).

    Examples
    --------
    >>> import fastmi as fm
    >>> round(fm.mutual_info(["a", "a", "b", "b"], [1, 1, 0, 0], base=2), 12)
    1.0
    >>> fm.mutual_info([0, 0, 1, 1], [0, 1, 0, 1], k=5, random_state=0)  # counted: k unused
    0.0
    """
    small = _small_discrete(x, y, method, nan_policy, options)
    if small is not None:
        return small
    x, y = _frames.vector(x, "mutual_info"), _frames.vector(y, "mutual_info")
    x, y = v.drop_missing("mutual_info", nan_policy, x=x, y=y)
    auto = isinstance(method, str) and method == "auto"
    method = resolve_method(x, y, method)
    if auto:
        options = _registry.options_for(method, options, "mutual_info")
    if method == "mixed" and not is_continuous(x) and is_continuous(y):
        x, y = y, x  # the mixed estimator takes (continuous, discrete)
    return _registry.FAMILIES[method].pair_function(x, y, **options)
