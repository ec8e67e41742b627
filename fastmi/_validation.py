"""Checks of user input; every error message fastmi raises is written here.

Two templates (after scikit-learn's ``validate_params``):

* parameters: "The 'k' parameter of ksg_mi must be an int >= 1. Got 0."
* data: "x contains 3 NaN values; drop or impute them before estimating MI."
"""

import math
import numbers
import sys

import numpy as np


class InvalidParameterError(ValueError, TypeError):
    """A parameter has the wrong type or value (catch as ValueError or TypeError)."""


# ---------------------------------------------------------------- parameters
def _fail(func, name, requirement, value):
    raise InvalidParameterError(
        f"The '{name}' parameter of {func} must be {requirement}. Got {value!r}."
    )


def check_int(value, name, func, *, low=None, high=None):
    """``value`` as an int within [low, high]; bools are not ints here."""
    if not isinstance(value, numbers.Integral) or isinstance(value, bool):
        _fail(func, name, _int_requirement(low, high), value)
    if (low is not None and value < low) or (high is not None and value > high):
        _fail(func, name, _int_requirement(low, high), value)
    return int(value)


def _int_requirement(low, high):
    if low is not None and high is not None:
        return f"an int in [{low}, {high}]"
    if low is not None:
        return f"an int >= {low}"
    return "an int"


def check_real(value, name, func, *, low=None, high=None, low_open=False):
    """``value`` as a finite float within its bounds."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    ok = ok and math.isfinite(value)
    if ok and low is not None:
        ok = value > low if low_open else value >= low
    if ok and high is not None:
        ok = value <= high
    if not ok:
        bound = "" if low is None else (f" > {low}" if low_open else f" >= {low}")
        if high is not None:
            bound += f" and <= {high}"
        _fail(func, name, f"a finite real number{bound}", value)
    return float(value)


def check_options(value, name, func, options):
    """``value`` must be one of ``options`` (compared with ==)."""
    if isinstance(value, (str, numbers.Number)) and value in options:
        return value
    listed = ", ".join(repr(o) for o in options)
    _fail(func, name, f"one of {{{listed}}}", value)


def check_bool(value, name, func):
    if not isinstance(value, (bool, np.bool_)):
        _fail(func, name, "a bool", value)
    return bool(value)


def check_n_jobs(n_jobs, func, *, allow_none=True):
    """``n_jobs``: None (the global setting), -1 (all cores) or an int >= 1."""
    if n_jobs is None and allow_none:
        return None
    ok = isinstance(n_jobs, numbers.Integral) and not isinstance(n_jobs, bool)
    if not ok or n_jobs == 0 or n_jobs < -1:
        _fail(func, "n_jobs", "None, -1 or an int >= 1", n_jobs)
    return int(n_jobs)


_BASES = {"e": math.e, "nats": math.e, "bits": 2.0, "hartleys": 10.0, "bans": 10.0}


def log_base(base, func):
    """The natural log of the unit's base: divide a result in nats by it.

    Accepts 2, e, 10 (any real > 1) or "bits", "nats", "hartleys", "e".
    """
    if isinstance(base, str) and base in _BASES:
        return math.log(_BASES[base])
    if (
        isinstance(base, numbers.Real)
        and not isinstance(base, bool)
        and math.isfinite(base)
        and base > 1
    ):
        return math.log(base)
    _fail(func, "base", "a real number > 1 or one of 'bits', 'nats', 'hartleys', 'e'", base)


#: Entropy estimators, in the order of their kernel ids.
ESTIMATORS = ("plugin", "miller_madow", "chao_shen", "james_stein", "nsb", "grassberger")


def check_estimator(estimator, func):
    """The kernel id of an estimator name."""
    return ESTIMATORS.index(check_options(estimator, "estimator", func, ESTIMATORS))


# ---------------------------------------------------------------------- data
def pandas_type(obj, *names):
    """True when pandas is already imported and ``obj`` is one of its ``names``.

    Never imports pandas: if it is not loaded, the user cannot hold its objects.
    """
    pd = sys.modules.get("pandas")
    return pd is not None and any(isinstance(obj, getattr(pd, n)) for n in names)


def check_not_empty(n, name, func):
    if n == 0:
        raise ValueError(f"{name} is empty; {func} needs at least one sample.")


def check_same_length(lengths, func):
    """``lengths`` maps argument names to sample counts; they must agree."""
    if len(set(lengths.values())) > 1:
        listed = ", ".join(f"{k} has {v}" for k, v in lengths.items())
        raise ValueError(
            f"{func} needs the same number of samples in every argument: {listed}."
        )


def check_ndim(arr, name, func, allowed):
    if arr.ndim not in allowed:
        want = " or ".join(f"{d}-D" for d in allowed)
        raise ValueError(f"{name} must be {want} in {func}; got shape {arr.shape}.")


def check_finite(arr, name, func, what="estimating MI"):
    """Reject NaN and inf in a float array, counting each."""
    if arr.dtype.kind in "fc" and not np.isfinite(arr).all():
        n_nan = int(np.isnan(arr).sum())
        n_inf = int(np.isinf(arr).sum())
        parts = [f"{c} {w}" for c, w in ((n_nan, "NaN"), (n_inf, "infinite")) if c]
        raise ValueError(
            f"{name} contains {' and '.join(parts)} values; drop or impute them "
            f"before {what} ({func})."
        )


def missing_labels_error(name, func, count):
    return ValueError(
        f"{name} contains {count} missing labels (NaN or None); drop them or give "
        f"them a label of their own before calling {func}."
    )


def check_table(table, name, func, kind):
    """Validate a probability or count table (dense ndarray, any dimension).

    Returns ``(float64 array, is_counts)``.  ``kind`` is "auto" (integer dtype
    means counts, floats mean probabilities), "counts" or "probability".
    """
    kind = check_options(kind, "kind", func, ("auto", "counts", "probability"))
    arr = np.asarray(table)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be a numeric table in {func}; got dtype {arr.dtype}.")
    if arr.ndim == 0 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty table in {func}; got shape {arr.shape}.")
    values = arr.astype(np.float64, copy=False)
    check_finite(values, name, func, what="computing information measures")
    if (values < 0).any():
        raise ValueError(
            f"{name} has {int((values < 0).sum())} negative entries; probabilities "
            f"and counts must be >= 0 ({func})."
        )
    is_counts = kind == "counts" or (kind == "auto" and arr.dtype.kind in "biu")
    total = values.sum()
    if is_counts:
        if total <= 0:
            raise ValueError(f"{name} holds no counts (it sums to 0) in {func}.")
    elif abs(total - 1.0) > 1e-9 * max(1.0, math.sqrt(values.size)):
        raise ValueError(
            f"{name} sums to {total:.12g}, not 1; pass a probability table, or "
            f"kind='counts' to treat it as counts ({func})."
        )
    return values, is_counts


def needs_counts_error(estimator, name, func):
    return ValueError(
        f"The {estimator!r} estimator needs counts, but {name} holds probabilities; "
        f"pass integer counts (or kind='counts') or use estimator='plugin' ({func})."
    )


def scipy_sparse(obj):
    """True for a scipy.sparse matrix or array (without importing scipy.sparse)."""
    sp = sys.modules.get("scipy.sparse")
    return sp is not None and sp.issparse(obj)
