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
"""

from fastmi import _registry
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
    x, y = v.drop_missing("mutual_info", nan_policy, x=x, y=y)
    method = resolve_method(x, y, method)
    if method == "mixed" and not is_continuous(x) and is_continuous(y):
        x, y = y, x  # the mixed estimator takes (continuous, discrete)
    return _registry.FAMILIES[method].pair_function(x, y, **options)
