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
``"binned"``.  Keyword ``options`` go to the chosen estimator.

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


#: Keywords that ``mutual_info_discrete`` takes besides x and y.
_DISCRETE_OPTIONS = frozenset({"base", "estimator", "n_jobs", "nan_policy", "n_categories"})


def _small_discrete(x, y, method, nan_policy, options):
    """The discrete estimator's result for integer arrays under "auto" or
    "discrete" with its own options only (the common small call, without the
    general dispatch), else None."""
    if (
        (method == "auto" or method == "discrete")
        and type(method) is str
        and _integer_arrays(x, y)
        and options.keys() <= _DISCRETE_OPTIONS
    ):
        global _mutual_info_discrete
        if _mutual_info_discrete is None:  # imported once: an import statement costs µs
            from fastmi.discrete import mutual_info_discrete as _mutual_info_discrete
        return _mutual_info_discrete(x, y, nan_policy=nan_policy, **options)
    return None


_mutual_info_discrete = None


def mutual_info(x, y, *, method="auto", nan_policy="raise", **options):
    """Mutual information I(X; Y), in nats unless ``base`` is given.

    ``nan_policy="omit"`` drops the samples where x or y is missing (NaN,
    None, pandas NA, NaT) before the estimator is chosen and run, so the
    result equals the estimator on the filtered samples; "raise" (default)
    rejects them.

    >>> import fastmi as fm
    >>> round(fm.mutual_info(["a", "a", "b", "b"], [1, 1, 0, 0], base=2), 12)
    1.0
    """
    small = _small_discrete(x, y, method, nan_policy, options)
    if small is not None:
        return small
    x, y = _frames.vector(x, "mutual_info"), _frames.vector(y, "mutual_info")
    x, y = v.drop_missing("mutual_info", nan_policy, x=x, y=y)
    method = resolve_method(x, y, method)
    if method == "mixed" and not is_continuous(x) and is_continuous(y):
        x, y = y, x  # the mixed estimator takes (continuous, discrete)
    return _registry.FAMILIES[method].pair_function(x, y, **options)
