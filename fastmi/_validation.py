"""Checks of user input; every error message fastmi raises is written here.

Two templates (after scikit-learn's ``validate_params``):

* parameters: "The 'k' parameter of ksg_mi must be an int >= 1. Got 0."
* data: "x contains 3 NaN values; drop or impute them before estimating MI."
"""

import math
import numbers
import os
import sys
import warnings

import numpy as np


class InvalidParameterError(ValueError, TypeError):
    """A parameter has the wrong type or value (catch as ValueError or TypeError)."""


# ---------------------------------------------------------------- parameters
def _fail(func, name, requirement, value):
    raise InvalidParameterError(
        f"The '{name}' parameter of {func} must be {requirement}. Got {value!r}."
    )


def fail_parameter(func, name, requirement, value):
    """Raise the parameter template, "The 'name' parameter of func must be
    requirement. Got value.", for a check written outside this module."""
    _fail(func, name, requirement, value)


def unexpected_keyword_error(func, name):
    """The TypeError Python raises for a misspelt keyword argument."""
    return TypeError(f"{func}() got an unexpected keyword argument {name!r}")


# ------------------------------------------ messages of discrete/tables/encoding
def no_variables_error(func):
    return TypeError(f"{func} needs at least one variable.")


def shape_mismatch_error(p_shape, q_shape, func):
    return ValueError(f"p and q must have the same shape in {func}; got {p_shape} and {q_shape}.")


def table_axes_error(min_ndim, shape, func):
    return ValueError(
        f"{func} needs a table with at least {min_ndim} axes (one per variable); got shape {shape}."
    )


def sparse_table_ndim_error(ndim, func):
    return ValueError(f"{func} takes 2-D sparse tables only; got {ndim} axes.")


def not_1d_error(name, shape, func):
    return ValueError(f"{name} must be 1-D in {func}; got shape {shape}.")


def no_columns_error(name, func):
    return ValueError(f"{name} has no columns in {func}; pass at least one.")


def label_dtype_error(name, dtype, func):
    return TypeError(
        f"{name} has dtype {dtype}, which fastmi cannot use as labels in {func}; "
        "pass integers, bools, strings, floats or a pandas Categorical."
    )


def continuous_labels_warning(name, n_distinct, n, func):
    return (
        f"{name} holds {n_distinct} distinct float values in {n} samples, so it "
        f"looks continuous; {func} treats every distinct value as a label. Bin it "
        "first, or use an estimator for continuous data."
    )


def check_int(value, name, func, *, low=None, high=None):
    """``value`` as an int within [low, high]; bools are not ints here."""
    # A plain int first: the ABC checks cost ~0.3 us, on every small call.
    if type(value) is not int and (
        not isinstance(value, numbers.Integral) or isinstance(value, bool)
    ):
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
    plain = type(value) is float or type(value) is int  # skips the ABC checks
    ok = plain or (isinstance(value, numbers.Real) and not isinstance(value, bool))
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
_LOG_BASES = {name: math.log(b) for name, b in _BASES.items()}


def log_base(base, func):
    """The natural log of the unit's base: divide a result in nats by it.

    Accepts 2, e, 10 (any real > 1) or "bits", "nats", "hartleys", "e".
    """
    if isinstance(base, str) and base in _LOG_BASES:
        return _LOG_BASES[base]
    if (
        isinstance(base, numbers.Real)
        and not isinstance(base, bool)
        and math.isfinite(base)
        and base > 1
    ):
        return math.log(base)
    _fail(func, "base", "a real number > 1 or one of 'bits', 'nats', 'hartleys', 'e'", base)


#: Entropy estimators, in the order of their kernel ids.
#: Entropy estimator name -> the id the kernels take (``fastmi._kernels.entropy``
#: names its constants from this map: the one place the pairing is written).
ESTIMATOR_IDS = {
    "plugin": 0,
    "miller_madow": 1,
    "chao_shen": 2,
    "james_stein": 3,
    "nsb": 4,
    "grassberger": 5,
}
ESTIMATORS = tuple(ESTIMATOR_IDS)


def check_estimator(estimator, func):
    """The kernel id of an estimator name."""
    if isinstance(estimator, str) and estimator in ESTIMATOR_IDS:  # the common case, fast
        return ESTIMATOR_IDS[estimator]
    return ESTIMATOR_IDS[check_options(estimator, "estimator", func, ESTIMATORS)]


def warn(message, category=UserWarning):
    """``warnings.warn`` attributed to the first caller outside fastmi."""
    frame, level = sys._getframe(1), 2
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level)


_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


# ------------------------------------------------------------ renamed names
class _Unset:
    """The default of a deprecated keyword: tells "not passed" from None."""

    def __repr__(self):
        return "<unset>"


UNSET = _Unset()


def renamed_keyword(func, old, new, old_value, new_value):
    """The value of keyword ``new`` of ``func``: ``new_value``, or, when the
    caller used the deprecated spelling ``old``, ``old_value`` with a
    FutureWarning naming ``new``.  ``old_value`` is ``UNSET`` when not given
    (so is ``new_value`` when the new keyword's own default is ``UNSET``)."""
    if old_value is UNSET:
        return new_value
    if new_value is not UNSET:
        raise TypeError(f"{func}() got both {old!r} (deprecated) and {new!r}; pass only {new}=.")
    warn(
        f"The {old!r} parameter of {func} is deprecated and will be removed; "
        f"use {new}= instead (same meaning).",
        FutureWarning,
    )
    return old_value


def merged_mi_options(mi_options, keywords, func):
    """One dict of estimator options: ``mi_options`` (None or a mapping) and
    the options given as keywords, the deprecated spelling, with a
    FutureWarning naming ``mi_options=``."""
    if mi_options is None:
        merged = {}
    elif isinstance(mi_options, dict) or hasattr(mi_options, "keys"):
        merged = dict(mi_options)
    else:
        _fail(func, "mi_options", "a dict of estimator options or None", mi_options)
    if keywords:
        names = ", ".join(sorted(keywords))
        warn(
            f"Passing estimator options to {func} as keywords ({names}) is deprecated; "
            f"pass them as mi_options={{...}} instead (same meaning).",
            FutureWarning,
        )
        for name in keywords:
            if name in merged:
                raise TypeError(f"{func}() got {name!r} both as a keyword and in mi_options.")
        merged.update(keywords)
    return merged


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
        raise ValueError(f"{func} needs the same number of samples in every argument: {listed}.")


def check_ndim(arr, name, func, allowed):
    check_shape(arr.shape, name, func, allowed)


def check_shape(shape, name, func, allowed):
    """``shape`` has one of the ``allowed`` numbers of dimensions."""
    if len(shape) not in allowed:
        want = " or ".join(f"{d}-D" for d in allowed)
        raise ValueError(f"{name} must be {want} in {func}; got shape {shape}.")


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


def missing_values_error(name, count, func):
    return ValueError(
        f"{name} contains {count} missing values (NaN, None or NA); drop or impute "
        f"them before calling {func}."
    )


def missing_labels_error(name, func, count):
    return ValueError(
        f"{name} contains {count} missing labels (NaN or None); drop them or give "
        f"them a label of their own before calling {func}."
    )


def check_table(table, name, func, kind):
    """Validate a probability or count table (dense ndarray, any dimension).

    Returns ``(float64 array, is_counts)``.  ``kind`` is "auto", "counts" or
    "probability".  "auto" reads integer (and bool) tables as counts, and float
    tables as probabilities unless they hold whole numbers that do not sum to 1
    (a count table stored as floats, which scikit-learn's contingency tables
    accept too).
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
    total = safe_sum(values)
    sums_to_one = abs(total - 1.0) <= 1e-9 * max(1.0, math.sqrt(values.size))
    float_counts = not sums_to_one and bool(np.all(values == np.round(values)))
    is_counts = kind == "counts" or (kind == "auto" and (arr.dtype.kind in "biu" or float_counts))
    if is_counts:
        if total <= 0:
            raise ValueError(f"{name} holds no counts (it sums to 0) in {func}.")
    elif not sums_to_one:
        raise ValueError(
            f"{name} sums to {total:.12g}, not 1; pass a probability table, or "
            f"kind='counts' to treat it as counts ({func})."
        )
    return values, is_counts


def safe_sum(values):
    """Sum of non-negative values, inf (without a RuntimeWarning) if it overflows."""
    with np.errstate(over="ignore"):
        return float(values.sum())


#: Counts above this total are not exact in float64 (nor are their n log n).
MAX_EXACT_COUNT = 2.0**53


def check_exact_counts(values, estimator, name, func):
    """Bias-corrections need the counts themselves; past 2**53 float64 loses them."""
    total = safe_sum(values)
    if total > MAX_EXACT_COUNT:
        raise ValueError(
            f"The {estimator!r} estimator needs counts that float64 holds exactly, but "
            f"{name} sums to {total:.3g} (> 2**53); use estimator='plugin', which "
            f"only needs proportions ({func})."
        )


def needs_counts_error(estimator, name, func):
    return ValueError(
        f"The {estimator!r} estimator needs counts, but {name} holds probabilities; "
        f"pass integer counts (or kind='counts') or use estimator='plugin' ({func})."
    )


def scipy_sparse(obj):
    """True for a scipy.sparse matrix or array (without importing scipy.sparse)."""
    sp = sys.modules.get("scipy.sparse")
    return sp is not None and sp.issparse(obj)


# ====================================================================
# Parametric and binning estimators (fastmi.gaussian, fastmi.binning)
# ====================================================================
class ConstantColumnWarning(UserWarning):
    """A continuous column is constant: it carries no information."""


def check_enough_for_covariance(n, dims, func):
    """A (d x d) sample covariance needs n >= d + 2 samples (d + 1 to be
    non-singular, one more for the bias correction's digamma terms)."""
    d = sum(dims.values())
    if n < d + 2:
        listed = " + ".join(f"{k} ({c})" for k, c in dims.items())
        raise ValueError(
            f"{func} needs at least d + 2 = {d + 2} samples for the covariance of "
            f"{d} columns ({listed}); got {n}."
        )


def warn_constant_columns(columns, name, func):
    """Warn that the listed columns of ``name`` are constant (no information)."""
    if len(columns) == 0:
        return
    listed = ", ".join(str(int(c)) for c in columns)
    warn(
        f"Constant columns of {name} carry no information: {listed}; {func} leaves "
        "them out (the MI is 0 when every column of a variable is constant). Drop "
        "them to silence this warning.",
        ConstantColumnWarning,
    )


def dependent_columns_error(name, func):
    return ValueError(
        f"{name} has linearly dependent columns (its sample covariance is singular), "
        f"so {func} is undefined; drop the redundant columns."
    )


#: Bin-count rules of ``numpy.histogram_bin_edges``, by name ("stone" is left
#: out: it warns whenever its search hits the end of its range).
BIN_RULES = ("auto", "fd", "doane", "scott", "rice", "sturges", "sqrt")
BIN_STRATEGIES = ("uniform", "quantile")


def check_bins(bins, func):
    """``bins``: a rule name of numpy.histogram_bin_edges, or an int >= 1."""
    if isinstance(bins, str):
        return check_options(bins, "bins", func, BIN_RULES)
    if isinstance(bins, numbers.Integral) and not isinstance(bins, bool) and bins >= 1:
        return int(bins)
    rules = ", ".join(repr(r) for r in BIN_RULES)
    _fail(func, "bins", f"an int >= 1 or one of {{{rules}}}", bins)


def check_class_sizes(class_sizes, dx, func):
    """Every class of a discrete y needs dx + 2 samples for its own covariance."""
    small = np.flatnonzero(class_sizes < dx + 2)
    if small.size:
        raise ValueError(
            f"{func} fits a covariance per class of y and needs at least dx + 2 = "
            f"{dx + 2} samples in each; {small.size} of {class_sizes.size} classes have "
            f"fewer (the smallest has {int(class_sizes.min())}). Merge rare classes."
        )


def drop_constant_columns(values, name, func):
    """The columns of a 2-D float array that are not constant; warns about the others."""
    constant = np.flatnonzero(values.min(axis=0) == values.max(axis=0))
    warn_constant_columns(constant, name, func)
    return np.delete(values, constant, axis=1) if constant.size else values


# ------------------------------------------ thread settings (fastmi._threads)
def check_num_threads(n, func):
    """``n``: a thread count, -1 (all cores) or an int >= 1; None is not a count."""
    if not isinstance(n, numbers.Integral) or isinstance(n, bool) or not (n >= 1 or n == -1):
        _fail(func, "n", "-1 or an int >= 1", n)
    return int(n)


def bad_num_threads_env_warning(value, fallback):
    """FASTMI_NUM_THREADS is set but is not a positive int."""
    import warnings

    warnings.warn(
        f"FASTMI_NUM_THREADS={value!r} is not an int >= 1; fastmi uses {fallback} threads "
        "(all available cores). Set it to a positive int or unset it to silence this warning.",
        UserWarning,
        stacklevel=3,
    )


# ------------------------------------------- nearest neighbours (continuous.py)
# Checks for the KD-tree, KSG, Kozachenko-Leonenko, mixed estimators and the
# scikit-learn drop-ins in feature_selection.py.


def moved_helper_warning(qualname):
    """A neighbour-search helper of fastmi.continuous was used (deprecated)."""
    return (
        f"{qualname} is an internal helper; it moved to fastmi._neighbours and will be "
        "removed from fastmi.continuous. Use ksg_mi, ksg_cmi, kl_entropy or mixed_mi."
    )


def continuous_array(x, name, func):
    """``x`` as a C-contiguous float64 array of shape (n, d): 1-D becomes (n, 1)."""
    if scipy_sparse(x):
        raise TypeError(f"{name} must be a dense array in {func}; got a sparse matrix.")
    arr = np.asarray(x)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be numeric in {func}; got dtype {arr.dtype}.")
    check_ndim(arr, name, func, (1, 2))
    check_not_empty(arr.shape[0], name, func)
    arr = np.ascontiguousarray(arr.reshape(arr.shape[0], -1), dtype=np.float64)
    if arr.shape[1] == 0:
        raise ValueError(f"{name} has no columns in {func}; got shape {arr.shape}.")
    check_finite(arr, name, func)
    return arr


def plain_float_pair(x, y, min_samples, max_samples):
    """(x, y) as C-contiguous 1-D float64 arrays when both are 1-D numpy
    float arrays of one length n with min_samples <= n < max_samples (the
    common small call, which needs no conversion); None otherwise.  Their
    values are not checked here."""
    if type(x) is not np.ndarray or type(y) is not np.ndarray or x.ndim != 1 or y.ndim != 1:
        return None
    n = x.shape[0]
    if y.shape[0] != n or n < min_samples or n >= max_samples:
        return None
    if x.dtype.kind != "f" or y.dtype.kind != "f":
        return None
    return np.ascontiguousarray(x, dtype=np.float64), np.ascontiguousarray(y, dtype=np.float64)


def finite_float_rows(columns, min_samples, max_samples):
    """``(raw, ranked)``: the 1-D numpy float arrays ``columns``, of one
    length n with min_samples <= n < max_samples, as the rows of an (m, n)
    float64 array, and that array sorted along rows, when every value is
    finite (after the sort, NaN and +inf come last and -inf first: two
    comparisons per row check them); None otherwise, and the general path's
    checks then say what is wrong.  The common small call of the k-NN
    estimators: no conversion, one sort."""
    for column in columns:
        if type(column) is not np.ndarray or column.ndim != 1 or column.dtype.kind != "f":
            return None
    n = columns[0].shape[0]
    if n < min_samples or n >= max_samples or any(c.shape[0] != n for c in columns):
        return None
    raw = np.empty((len(columns), n))
    for row, column in enumerate(columns):
        raw[row] = column
    ranked = np.sort(raw)
    for row in range(len(columns)):
        if not (-math.inf < ranked[row, 0] and ranked[row, -1] < math.inf):
            return None
    return raw, ranked


def check_enough_samples(n, k, func, what="samples"):
    """k-NN estimators need at least k + 1 points (k neighbours besides each point)."""
    if n < k + 1:
        raise ValueError(
            f"{func} needs at least k + 1 = {k + 1} {what} for k={k} neighbours; got {n}."
        )


def check_leafsize(leafsize, func):
    return check_int(leafsize, "leafsize", func, low=1)


def check_p(p, func):
    """Minkowski exponent of the KD-tree: 2 (Euclidean) or inf (max-norm)."""
    if isinstance(p, numbers.Real) and not isinstance(p, bool) and p in (2, math.inf):
        return 0 if p == math.inf else 2
    _fail(func, "p", "2 or numpy.inf", p)


def check_radius(r, n_queries, func):
    """Radii for a ball query: a scalar or one per query, finite and >= 0."""
    arr = np.asarray(r, dtype=np.float64)
    if arr.ndim > 1 or (arr.ndim == 1 and arr.shape[0] != n_queries):
        raise ValueError(
            f"The 'r' parameter of {func} must be a scalar or have one radius per "
            f"query ({n_queries}); got shape {arr.shape}."
        )
    if not np.isfinite(arr).all() or (arr < 0).any():
        raise ValueError(f"The 'r' parameter of {func} must be finite and >= 0.")
    return np.ascontiguousarray(np.broadcast_to(arr, (n_queries,)), dtype=np.float64)


def check_query_dim(d_query, d_tree, func):
    if d_query != d_tree:
        raise ValueError(
            f"The query points of {func} have {d_query} dimensions but the tree has {d_tree}."
        )


_stream = None


def _fresh_stream():
    """The generator of ``random_state=None``: one per process, seeded from OS
    entropy on first use (seeding costs ~50 µs, more than a small KSG call)
    and again in a forked child, so forked workers do not repeat the
    parent's draws.  numpy's Generator locks its bit generator: safe from
    several threads."""
    global _stream
    if _stream is None:
        _stream = np.random.default_rng()
    return _stream


def _forget_stream():
    global _stream
    _stream = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_stream)


def check_random_state(random_state, func):
    """None, an int >= 0 or a numpy Generator -> a numpy Generator."""
    if isinstance(random_state, np.random.Generator):
        return random_state
    if random_state is None:
        return _fresh_stream()
    if (
        isinstance(random_state, numbers.Integral)
        and not isinstance(random_state, bool)
        and random_state >= 0
    ):
        return np.random.default_rng(random_state)
    _fail(func, "random_state", "None, an int >= 0 or a numpy.random.Generator", random_state)


def check_standardize(value, func):
    """``standardize`` of the k-NN estimators: True, False or "robust"."""
    if isinstance(value, str) and value == "robust":
        return value
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    _fail(func, "standardize", "True, False or 'robust'", value)


class ScaleWarning(UserWarning):
    """Standardizing squeezed a column's bulk below the resolution of the
    estimate (a few huge outliers dominate its standard deviation)."""


def scale_warning(name, columns, ratio, func):
    """``columns``: indices of the collapsed columns of ``name``, or None when
    ``name`` is a single column."""
    if columns is not None:
        listed = ", ".join(str(c) for c in columns[:10]) + (", ..." if len(columns) > 10 else "")
        name = f"{name} column(s) {listed}"
    return (
        f"{name}: the interquartile range is only {ratio:.3g} "
        f"standard deviations (a few extreme outliers dominate the standard "
        f"deviation), so after unit-variance scaling the bulk of the samples is "
        f"closer together than the jitter or float resolution and {func} sees "
        f"mostly noise there. Pass standardize='robust' to scale by the "
        f"interquartile range instead."
    )


def tie_warning(name, func, fraction, advice):
    """Message for data with tied values, which k-NN estimators assume away."""
    return (
        f"{name} has {100 * fraction:.1f}% tied values (samples equal to another "
        f"sample); {func} assumes continuous data, so the estimate may be biased. {advice}"
    )


KSG_TIE_ADVICE = (
    "For discrete or mixed variables use fastmi.mutual_info (discrete) or "
    "mixed_mi(..., method='gao')."
)
KL_TIE_ADVICE = "Duplicate points have zero volume: h = -inf."


def residual_ties_advice(columns):
    """Advice of the drop-ins when exact ties survive scikit-learn's jitter."""
    listed = ", ".join(str(c) for c in columns[:10]) + (", ..." if len(columns) > 10 else "")
    return (
        f"Exact ties remain after the jitter in continuous feature(s) {listed}; "
        "mark them in discrete_features, or use fastmi.mixed_mi(..., method='gao')."
    )


def constant_warning(name, columns, func):
    listed = ", ".join(str(c) for c in columns[:10]) + (", ..." if len(columns) > 10 else "")
    return (
        f"{name} has constant column(s) {listed}; they carry no information, so "
        f"{func} returns an estimate near 0 (noise) for them."
    )


def legacy_random_state(random_state, func):
    """scikit-learn's ``check_random_state`` (the drop-ins must draw the same
    noise): None -> numpy's global RandomState, int -> a new RandomState, a
    RandomState or Generator -> itself."""
    if random_state is None or random_state is np.random:
        return np.random.mtrand._rand
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool):
        return np.random.RandomState(random_state)
    if isinstance(random_state, (np.random.RandomState, np.random.Generator)):
        return random_state
    _fail(func, "random_state", "None, an int or a numpy.random.RandomState", random_state)


def no_features_error(shape, func):
    return ValueError(f"X has no features in {func}; got shape {shape}.")


def target_not_1d_error(shape, func):
    return not_1d_error("y", shape, func)


def continuous_target_error(func):
    return ValueError(
        f"y holds continuous values, but {func} needs class labels; use "
        "mutual_info_regression for a continuous target."
    )


def discrete_features_mask(
    discrete_features, n_features, is_sparse, func, param="discrete_features", table="X"
):
    """scikit-learn's ``discrete_features`` ('auto', bool, bool mask or indices)
    as a boolean mask of length ``n_features``; ``param`` is the keyword's name
    in ``func`` (``discrete_x``, ``discrete_y`` in fastmi's own functions) and
    ``table`` the name of the table it describes."""
    if isinstance(discrete_features, str):
        if discrete_features != "auto":
            _fail(func, param, "'auto', a bool or an array-like", discrete_features)
        return np.full(n_features, is_sparse)
    if isinstance(discrete_features, (bool, np.bool_)):
        return np.full(n_features, bool(discrete_features))
    arr = np.asarray(discrete_features)
    if arr.ndim != 1:
        raise ValueError(f"The '{param}' parameter of {func} must be 1-D; got shape {arr.shape}.")
    if arr.dtype == bool:
        if arr.shape[0] != n_features:
            raise ValueError(
                f"The '{param}' parameter of {func} is a boolean mask of length "
                f"{arr.shape[0]}, but {table} has {n_features} features."
            )
        return arr.copy()
    if arr.size and arr.dtype.kind not in "iu":
        raise ValueError(
            f"The '{param}' parameter of {func} must be a boolean mask or "
            f"integer indices; got dtype {arr.dtype}."
        )
    if arr.size and (arr.min() < -n_features or arr.max() >= n_features):
        raise ValueError(
            f"The '{param}' parameter of {func} has indices out of range for {n_features} features."
        )
    mask = np.zeros(n_features, dtype=bool)
    mask[arr.astype(np.intp)] = True
    return mask


# ------------------------------------------------- clustering comparison
def check_cluster_labels(labels, name, func):
    """One labeling: 1-D, one cluster label per sample (any dtype).

    Returns an object ``fastmi._encoding.encode`` accepts, and its length.
    """
    if pandas_type(labels, "Series", "Index", "Categorical"):
        return labels, len(labels)
    arr = np.asarray(labels)
    if arr.ndim != 1:
        raise ValueError(
            f"{name} must be a 1-D array of cluster labels in {func}; got shape "
            f"{arr.shape}. Pass one label per sample (to compare joint labelings, "
            "combine the columns into one label first)."
        )
    return arr, arr.shape[0]


#: Means of the two entropies that normalise NMI and AMI (Vinh et al. 2010).
AVERAGE_METHODS = ("arithmetic", "geometric", "min", "max")


# ====================================================================
# All-pairs engine and CLI (fastmi.pairwise, fastmi.cli)
# ====================================================================
def pairwise_array(X, name, func, allow_nan=False):
    """A data table (n_samples, n_features) as an ndarray, without copying
    (NaN is allowed for nan_policy="omit", infinities never)."""
    if scipy_sparse(X):
        raise TypeError(f"{name} must be a dense array in {func}; got a sparse matrix.")
    arr = np.asarray(X)
    if arr.ndim != 2:
        hint = " Use X.reshape(-1, 1) for a single feature." if arr.ndim == 1 else ""
        raise ValueError(
            f"{func} expects {name} as a 2-D array of shape (n_samples, n_features); "
            f"got shape {arr.shape}.{hint}"
        )
    if arr.dtype.kind == "f":
        (check_no_infinite if allow_nan else check_finite)(arr, name, func)
    return arr


def check_pairwise_shape(n_samples, n_features, name, func, min_features):
    check_not_empty(n_samples, name, func)
    if n_features < min_features:
        need = "two features" if min_features == 2 else "one feature"
        raise ValueError(f"{func} needs at least {need}; {name} has {n_features}.")


def target_column(y, func):
    """A 1-D target as a one-column table (Series stay pandas)."""
    if pandas_type(y, "Series"):
        return y.to_frame()
    arr = np.asarray(y)
    if arr.ndim != 1:
        raise ValueError(
            f"y must be 1-D in {func} (one target value per sample); got shape {arr.shape}."
        )
    return arr[:, None]


def check_result_dtype(dtype, func):
    try:
        dt = np.dtype(dtype)
    except TypeError:
        dt = None
    if dt not in (np.dtype(np.float64), np.dtype(np.float32)):
        _fail(func, "dtype", "numpy.float64 or numpy.float32", dtype)
    return dt


def check_target_out(out, p, func):
    """``mi_with_target``'s ``out``: a writable 1-D ndarray of p entries (its
    dtype is checked with the result's)."""
    if not isinstance(out, np.ndarray):
        raise TypeError(
            f"The 'out' parameter of {func} must be a numpy array (or memmap) of shape "
            f"({p},); got {type(out).__name__}."
        )
    if out.shape != (p,):
        raise ValueError(
            f"The 'out' parameter of {func} must have shape ({p},) (one entry per "
            f"column of X); got shape {out.shape}."
        )


def check_out_array(out, shape, dtype, func, array_like=False):
    """``out`` must be a writable ndarray (memmaps welcome) of the result's
    shape and dtype; with ``array_like``, any array with numpy-style slice
    assignment (a Zarr array, say) will do."""
    if array_like:
        if not (hasattr(out, "shape") and hasattr(out, "dtype") and hasattr(out, "__setitem__")):
            raise TypeError(
                f"The 'out' parameter of {func} must be an array (numpy, memmap or Zarr) of "
                f"shape {shape} and dtype {dtype}; got {type(out).__name__}."
            )
        if tuple(out.shape) != shape or np.dtype(out.dtype) != dtype:
            raise ValueError(
                f"The 'out' parameter of {func} must have shape {shape} and dtype {dtype}; "
                f"got shape {tuple(out.shape)} and dtype {out.dtype}."
            )
        return
    if not isinstance(out, np.ndarray):
        raise TypeError(
            f"The 'out' parameter of {func} must be a numpy array (or memmap) of shape "
            f"{shape} and dtype {dtype}; got {type(out).__name__} (Zarr arrays are "
            "written by fastmi.dask)."
        )
    if out.shape != shape or out.dtype != dtype:
        raise ValueError(
            f"The 'out' parameter of {func} must have shape {shape} and dtype {dtype}; "
            f"got shape {out.shape} and dtype {out.dtype}."
        )
    if not out.flags.writeable:
        raise ValueError(f"The 'out' parameter of {func} is read-only; pass a writable array.")


def discrete_flag(table):
    """The keyword that marks the discrete columns of ``table`` ("X", "Y", "y")."""
    return f"discrete_{table.lower()}"


def copula_discrete_error(count, name, func):
    flag = discrete_flag(name)
    return ValueError(
        f"method='copula' treats every column as continuous, but {flag} marks "
        f"{count} column(s) of {name} as discrete ({func}); use method='discrete' or "
        f"'binned', or pass {flag}=False."
    )


def mixed_pairs_error(method, func):
    return ValueError(
        f"{func} has both discrete and continuous columns, and method={method!r} has no "
        "estimator for a discrete-continuous pair; bin the continuous columns "
        "(method='binned') or treat all columns alike (discrete_x, discrete_y: True or False)."
    )


def not_callable_error(name, value, func):
    _fail(func, name, "None or a callable", value)


def not_numeric_error(name, dtype, func):
    return TypeError(
        f"{name} must hold real numbers for a continuous method in {func}; got dtype "
        f"{dtype}. Use method='discrete' for labels."
    )


# ------------------------------------------------------ fastmi.dask
def missing_extra_message(func, extra):
    return f"{func} needs the optional {extra!r} extra: pip install 'fastmi[{extra}]'."


# ------------------------------------------- other libraries' tables (_frames)
def layer_without_anndata_error(func):
    return TypeError(f"layer= selects a layer of an AnnData input in {func}; none was passed.")


def unknown_layer_error(layer, layers, name, func):
    return ValueError(
        f"{name} (AnnData) has no layer {layer!r} in {func}; its layers are {layers} "
        "(layer=None reads X)."
    )


def no_matrix_error(name, func):
    return ValueError(f"{name} (AnnData) has no X in {func}; pass layer= to read a layer.")


def unknown_obs_error(key, columns, func):
    return ValueError(f"y={key!r} is not a column of X.obs in {func}; its columns are {columns}.")


def dataarray_ndim_error(name, dims, func):
    return ValueError(
        f"{func} expects {name} as a DataArray with dimensions (samples, features) or "
        f"(samples,); got dimensions {tuple(dims)}. Select or stack dimensions first."
    )


def sparse_table(X, name, func):
    """A scipy.sparse table as CSC (columns are read one at a time), numeric,
    finite: sparse input holds no missing values (nan_policy has nothing to omit)."""
    if X.ndim != 2:
        raise ValueError(f"{func} expects {name} as a 2-D sparse matrix; got shape {X.shape}.")
    if X.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be numeric in {func}; got a sparse matrix of {X.dtype}.")
    X = X.tocsc()
    if X.dtype.kind == "f" and not np.isfinite(X.data).all():
        n_nan = int(np.isnan(X.data).sum())
        n_inf = int(np.isinf(X.data).sum())
        parts = [f"{c} {w}" for c, w in ((n_nan, "NaN"), (n_inf, "infinite")) if c]
        raise ValueError(
            f"{name} (sparse) contains {' and '.join(parts)} stored values; sparse input "
            f"cannot hold missing values in {func} (drop or impute them, or pass a dense "
            "array with nan_policy='omit')."
        )
    return X


# ------------------------------------------------------ fastmi.plot
def plot_matrix(M, func, *, square):
    """A non-empty 2-D real matrix to draw (NaN allowed: a blank cell)."""
    if scipy_sparse(M):
        raise TypeError(f"{func} draws a dense matrix; got a sparse one (use .toarray()).")
    arr = np.asarray(M)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{func} needs a numeric MI matrix; got dtype {arr.dtype}.")
    if arr.ndim != 2:
        raise ValueError(f"{func} needs a 2-D MI matrix; got shape {arr.shape}.")
    if arr.size == 0:
        raise ValueError(f"{func} has nothing to draw: the matrix is empty (shape {arr.shape}).")
    if square and arr.shape[0] != arr.shape[1]:
        raise plot_square_error(arr.shape, "this figure", func)
    arr = arr if arr.dtype.kind == "f" else arr.astype(np.float64)
    n_inf = int(np.isinf(arr).sum())
    if n_inf:
        raise ValueError(f"the matrix has {n_inf} infinite values; {func} draws finite MI only.")
    return arr


def plot_square_error(shape, what, func):
    return ValueError(f"{what} needs a square (p, p) MI matrix in {func}; got shape {shape}.")


def plot_names_error(func):
    return ValueError(
        f"names= labels a square matrix in {func}; label a rectangular one with a DataFrame."
    )


def plot_null(null, func):
    """A non-empty 1-D array of finite null values."""
    arr = np.asarray(null)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{func} needs numeric null values; got dtype {arr.dtype}.")
    arr = arr.astype(np.float64).ravel()
    if arr.size == 0:
        raise ValueError(f"{func} has nothing to draw: the null distribution is empty.")
    check_finite(arr, "the null distribution", func, what="drawing it")
    return arr


def missing_networkx_message(func):
    return f"{func}(layout='spring') needs networkx: pip install networkx (or layout='circular')."


def no_dask_client_message(func):
    return (
        f"fastmi.dask.{func} needs a dask.distributed Client: pass client=..., or create "
        "one first (e.g. distributed.Client() for a local cluster)."
    )


def not_a_client_error(client, func):
    _fail(func, "client", "None or a dask.distributed.Client", client)


# ====================================================================
# Discrete measures (fastmi.discrete, fastmi.tables)
# ====================================================================
def check_label_ndim(arr, name, func):
    """Labels are 1-D, or 2-D with one column per variable taken jointly."""
    if arr.ndim not in (1, 2):
        raise ValueError(
            f"{name} must be 1-D labels or a 2-D array (n_samples, n_columns) whose "
            f"rows are joint labels in {func}; got shape {arr.shape}."
        )


def check_n_categories(n_categories, names, func):
    """``n_categories``: None, one int >= 1 for every variable, or one int (or
    None) per variable; returns a tuple with one entry per name."""
    if n_categories is None:
        return (None,) * len(names)
    if isinstance(n_categories, (list, tuple)):
        if len(n_categories) != len(names):
            raise ValueError(
                f"n_categories has {len(n_categories)} entries in {func}; give one int "
                f"for all variables or one per variable ({', '.join(names)})."
            )
        return tuple(
            None if k is None else check_int(k, "n_categories", func, low=1) for k in n_categories
        )
    k = check_int(n_categories, "n_categories", func, low=1)
    return (k,) * len(names)


def too_few_categories_error(name, n_categories, observed, func):
    return ValueError(
        f"n_categories={n_categories} for {name} in {func}, but {name} holds {observed} "
        "distinct labels; n_categories is the alphabet size, at least the number of "
        "labels observed."
    )


def check_whole_counts(values, estimator, name, func):
    """Bias-corrected estimators count singletons and parities: whole counts only."""
    fractional = int((values != np.round(values)).sum())
    if fractional:
        raise ValueError(
            f"The {estimator!r} estimator needs whole-number counts, but {name} has "
            f"{fractional} fractional entries; pass integer counts or use "
            f"estimator='plugin' ({func})."
        )


# ====================================================================
# Applications: feature selection, networks, tests (fastmi.selection,
# fastmi.network, fastmi.significance)
# ====================================================================
def check_gold_standard(truth, shape, func):
    """A 0/1 (or bool) adjacency matrix of the scores' shape, with both classes
    present off the diagonal."""
    arr = np.asarray(truth)
    if arr.shape != shape:
        raise ValueError(
            f"The gold standard of {func} must have the shape of the scores {shape}; "
            f"got {arr.shape}."
        )
    if arr.dtype.kind not in "biuf" or not np.isin(arr, (0, 1)).all():
        raise ValueError(
            f"The gold standard of {func} must hold only 0/1 (or bool) entries: 1 for an edge."
        )
    return arr.astype(bool)


def one_class_error(func):
    return ValueError(
        f"{func} needs both true edges and non-edges among the scored pairs; the gold "
        "standard has only one class, so the score is undefined."
    )


def check_names(names, p, func):
    if names is None:
        return list(range(p))
    names = list(names)
    if len(names) != p:
        raise ValueError(f"The 'names' parameter of {func} needs {p} names; got {len(names)}.")
    return names


def cmi_method_error(method, func):
    return ValueError(
        f"{func} needs conditional MI I(X_k; y | X_j), which method={method!r} does not "
        "provide; use method='discrete', 'binned' or 'ksg' (or criterion='mrmr')."
    )


class NotFittedError(ValueError, AttributeError):
    """An estimator was used before ``fit`` (as scikit-learn's NotFittedError)."""


def not_fitted_error(cls):
    return NotFittedError(
        f"This {cls} instance is not fitted yet; call 'fit' with appropriate arguments "
        "before using this estimator."
    )


def feature_count_error(n_seen, n_got, func):
    return ValueError(f"X has {n_got} features, but {func} was fitted with {n_seen} features.")


# ====================================================================
# Numeric range of continuous data (fastmi.continuous, fastmi.gaussian,
# fastmi.binning, fastmi.kdtree): values near the float limits
# ====================================================================
def span_overflow_error(name, func, remedy="pass standardize=True or rescale it"):
    """Distances between the values of ``name`` exceed the largest float."""
    return ValueError(
        f"{name} spans more than the largest float ({np.finfo(np.float64).max:.4g}), so "
        f"distances between its values overflow in {func}; {remedy}."
    )


def query_overflow_error(func):
    return ValueError(
        f"The query points of {func} are so far from the tree's data (relative to its "
        "scale) that their squared distances overflow; rescale both or use p=numpy.inf."
    )


def bins_capped_warning(bins, n, func):
    return (
        f"bins={bins!r} gives more bins than samples ({n}) in {func}; at most {n} bins can "
        f"be occupied, so {n} bins are used. Pass an int bins <= {n} to silence this warning."
    )


def ties_in_columns_warning(name, columns, fraction, func, advice):
    """Tied values in several columns of a table (the all-pairs KSG path)."""
    listed = ", ".join(str(c) for c in columns[:10]) + (", ..." if len(columns) > 10 else "")
    return (
        f"{name} has tied values in column(s) {listed} (up to {100 * fraction:.1f}% of "
        f"samples equal to another sample); {func} assumes continuous data, so the "
        f"estimates may be biased. {advice}"
    )


# ====================================================================
# Missing values: nan_policy (fastmi.front, discrete, continuous,
# gaussian, binning, pairwise, dask, cli)
# ====================================================================
#: ``"raise"``: missing values are an error (the checks above say so);
#: ``"omit"``: the rows where a variable of the pair is missing are dropped.
NAN_POLICIES = ("raise", "omit")


def check_nan_policy(nan_policy, func):
    return check_options(nan_policy, "nan_policy", func, NAN_POLICIES)


def _missing_objects(arr):
    """Missing entries of an object array: None, float NaN, pd.NA, NaT."""
    pd = sys.modules.get("pandas")
    if pd is not None:
        return np.asarray(pd.isna(arr), dtype=bool)
    flat = [
        item is None
        or (isinstance(item, float) and math.isnan(item))
        or (isinstance(item, (np.datetime64, np.timedelta64)) and bool(np.isnat(item)))
        for item in arr.ravel().tolist()
    ]
    return np.array(flat, dtype=bool).reshape(arr.shape)


def missing_entries(x):
    """The missing entries of ``x`` as a bool array of its shape, or None
    when it has none that can be missing (ints, bools, strings).

    Missing: float NaN, None, pandas NA (nullable dtypes, categoricals), NaT,
    and NaN in object arrays.  Infinities are values (the checks reject them).
    """
    if pandas_type(x, "DataFrame", "Series", "Index", "Categorical"):
        return np.asarray(x.isna(), dtype=bool)
    if scipy_sparse(x):
        return None  # sparse tables are checked finite (sparse_table)
    arr = x if isinstance(x, np.ndarray) else np.asarray(x)
    kind = arr.dtype.kind
    if kind in "fc":
        return np.isnan(arr)
    if kind in "mM":
        return np.isnat(arr)
    if kind == "O":
        return _missing_objects(arr)
    return None


def missing_mask(x):
    """Rows of ``x`` (1-D, or 2-D taken jointly) with a missing value, as a
    bool array of shape (n,), or None when ``x`` is not 1-D or 2-D (the
    function's own checks then reject it)."""
    shape = np.shape(x) if not pandas_type(x, "Categorical") else (len(x),)
    if len(shape) not in (1, 2):
        return None
    missing = missing_entries(x)
    if missing is None:
        return np.zeros(shape[0], dtype=bool)
    return missing if missing.ndim == 1 else missing.any(axis=1)


def _take_rows(x, keep):
    if pandas_type(x, "DataFrame", "Series"):
        return x.iloc[keep]
    if pandas_type(x, "Index", "Categorical"):
        return x[keep]
    return np.asarray(x)[keep]


def drop_missing(func, nan_policy, **named):
    """The named variables, in order, after the NaN policy.

    "raise" returns them untouched (the estimator's checks reject missing
    values with their usual messages); "omit" drops every row where any of
    them is missing (listwise, so the variables stay aligned).  Variables of
    different lengths are returned untouched for the length check to report.
    """
    if check_nan_policy(nan_policy, func) == "raise":
        return tuple(named.values())
    masks = [missing_mask(x) for x in named.values()]
    if any(m is None for m in masks) or len({m.shape[0] for m in masks}) > 1:
        return tuple(named.values())
    missing = np.logical_or.reduce(masks)
    if not missing.any():
        return tuple(named.values())
    keep = ~missing
    return tuple(_take_rows(x, keep) for x in named.values())


def column_name(name, label):
    """``X[0]`` or ``X['age']`` for messages (numpy integers print as ints)."""
    if isinstance(label, numbers.Integral):
        return f"{name}[{int(label)}]"
    if isinstance(label, np.generic):
        label = label.item()
    return f"{name}[{label!r}]"


def check_no_infinite(arr, name, func):
    """NaN may be omitted (nan_policy="omit"); inf is always an error."""
    if arr.dtype.kind in "fc":
        count = int(np.isinf(arr).sum())
        if count:
            raise ValueError(
                f"{name} contains {count} infinite values; drop or impute them "
                f"before estimating MI ({func})."
            )


def missing_in_column_message(column, count, first_row, remedy):
    """The CLI under --nan-policy raise: the column, its count, the first data row (1-based)."""
    return (
        f"column {column!r} has {count} missing values (the first in data row {first_row}); "
        f"drop or impute them, or pass --nan-policy omit to {remedy}"
    )


# ------------------------------------------- network inputs (fastmi.network._common)
# MI matrices and TF blocks as the wide functions return them, and the
# regulator (TF) lists that restrict a network to regulator -> target edges.
def sparse_mi_error(name, func):
    raise TypeError(f"{name} must be a dense array in {func}; got a sparse matrix.")


def not_numeric_mi_error(name, dtype, func):
    raise TypeError(f"{name} must be a numeric matrix in {func}; got dtype {dtype}.")


def check_square_mi(values, name, func):
    if values.ndim != 2 or values.shape[0] != values.shape[1] or values.shape[0] < 2:
        raise ValueError(
            f"{name} must be a square matrix (n_features, n_features) with at least two "
            f"features in {func}; got shape {values.shape}. Compute one with "
            "fastmi.pairwise_mi(X), or pass fastmi.network.TFBlock(cross_mi(X[:, tfs], X), "
            "tfs) for the regulators' rows only."
        )


def check_block_shape(values, name, func):
    if values.ndim != 2 or values.shape[0] < 1 or values.shape[1] < 2:
        raise ValueError(
            f"The TFBlock's {name} must be a matrix (n_tfs, n_genes) with at least one TF "
            f"and two genes in {func}; got shape {values.shape}."
        )


def bad_block_tfs_error(tfs_shape, shape, func):
    raise ValueError(
        f"The TFBlock's tfs must be one integer column index per row of its MI block "
        f"{shape} in {func}; got tfs of shape {tfs_shape}."
    )


def report_mi_problems(counts, name, func):
    """Raise for the (NaN, inf, asymmetric) counts of a cleaned MI matrix."""
    n_nan, n_inf, n_asym = (int(c) for c in counts)
    if n_nan or n_inf:
        parts = [f"{c} {w}" for c, w in ((n_nan, "NaN"), (n_inf, "infinite")) if c]
        hint = (
            " An infinite MI is a perfect dependence at this sample size; cap it "
            "(e.g. numpy.minimum(mi, cap)) or use an estimator with a finite ceiling."
            if n_inf
            else ""
        )
        raise ValueError(
            f"{name} (off the diagonal) contains {' and '.join(parts)} values; drop or "
            f"impute them before inferring a network ({func}).{hint}"
        )
    if n_asym:
        raise ValueError(
            f"{name} is not symmetric in {func}: {n_asym} pairs differ; MI matrices are "
            "(use (M + M.T) / 2 to average the two estimates of each pair)."
        )


def tfs_given_twice_error(func):
    raise ValueError(
        f"The 'tfs' parameter of {func} must be None when mi is a TFBlock (the block "
        "carries its regulators)."
    )


def bad_tfs_error(tfs, func):
    raise ValueError(
        f"The 'tfs' parameter of {func} must be a non-empty 1-D list of gene names or "
        f"column indexes. Got {tfs!r}."
    )


def tf_names_without_labels_error(func):
    raise ValueError(
        f"The 'tfs' parameter of {func} names genes, but the data has no gene names; "
        "pass a DataFrame (or AnnData) or give column indexes."
    )


def check_known_tfs(unknown, func):
    if len(unknown):
        shown = ", ".join(repr(t) for t in list(unknown)[:10])
        more = f" and {len(unknown) - 10} more" if len(unknown) > 10 else ""
        raise ValueError(f"{len(unknown)} TFs are not genes of the data in {func}: {shown}{more}.")


def check_tf_range(rows, p, func):
    bad = rows[(rows < 0) | (rows >= p)]
    if len(bad):
        raise ValueError(
            f"TF column indexes must be in [0, {p - 1}] in {func}; got {bad[:10].tolist()}."
        )


def check_unique_gene_names(labels, func):
    seen, repeated = set(), []
    for name in labels:
        if name in seen and name not in repeated:
            repeated.append(name)
        seen.add(name)
    if repeated:
        repeated = repeated[:10]
        raise ValueError(
            f"Genes must have distinct names to pick TFs by name in {func}; repeated: "
            f"{', '.join(repr(g) for g in repeated)}."
        )


def check_unique_tfs(items, rows, func):
    values, counts = np.unique(rows, return_counts=True)
    if (counts > 1).any():
        first = np.flatnonzero(np.isin(rows, values[counts > 1]))
        shown = sorted({repr(items[i]) for i in first[:20]})
        raise ValueError(f"The TFs of {func} must be distinct; repeated: {', '.join(shown)}.")


def check_tfs(tfs, labels, p, func):
    """Column indexes (int64, in the order given) of the regulators ``tfs``
    among p genes: gene names (``labels``: the genes' names, or None for
    unlabelled data) or integer column indexes.  Empty, unknown, out-of-range
    or repeated regulators are errors naming them."""
    if isinstance(tfs, (str, bytes)) or not hasattr(tfs, "__iter__"):
        bad_tfs_error(tfs, func)
    items = list(tfs)
    if not items or np.ndim(np.asarray(items, dtype=object)) != 1:
        bad_tfs_error(tfs, func)
    as_index = all(isinstance(t, numbers.Integral) and not isinstance(t, bool) for t in items)
    if as_index:
        rows = np.asarray([int(t) for t in items], dtype=np.int64)
        check_tf_range(rows, p, func)
    else:
        if labels is None:
            tf_names_without_labels_error(func)
        labels = list(labels)
        position = {name: k for k, name in enumerate(labels)}
        if len(position) != len(labels):
            check_unique_gene_names(labels, func)
        check_known_tfs([t for t in items if t not in position], func)
        rows = np.asarray([position[t] for t in items], dtype=np.int64)
    check_unique_tfs(items, rows, func)
    return rows


# ------------------------------------------ infer_network, ARACNE's null and bootstraps
def option_for_other_algorithm_error(name, value, algorithms, func):
    listed = " or ".join(repr(a) for a in algorithms)
    _fail(func, name, f"None unless network is {listed}", value)


def threshold_and_pvalue_error(func):
    raise ValueError(
        f"Give either 'threshold' or 'pvalue' to {func}, not both: the p-value sets the threshold."
    )


# ------------------------------------------ network scores from an MI matrix
# (CLR, MRNET, MRNETB, relevance, combine_rankings: fastmi.network)


def network_mi(mi, name, func):
    """``mi`` as a (p, p) float ndarray, without a copy when it is float32 or
    float64 (other numbers become float64).  Its entries are checked by a
    kernel (``fastmi.network._relevance.checked``) whose finding
    :func:`network_mi_fault` words; negative estimates and the diagonal (H(X)
    or NaN in ``pairwise_mi`` output) are left to the algorithms, which clip
    or ignore them."""
    if scipy_sparse(mi):
        raise TypeError(f"{name} must be a dense array in {func}; got a sparse matrix.")
    arr = np.asarray(mi)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be a numeric matrix in {func}; got dtype {arr.dtype}.")
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1] or arr.shape[0] < 2:
        raise ValueError(
            f"{name} must be a square matrix (n_features, n_features) with at least two "
            f"features in {func}; got shape {arr.shape}. Compute one with "
            "fastmi.pairwise_mi(X)."
        )
    return arr if arr.dtype in (np.float32, np.float64) else arr.astype(np.float64)


def network_mi_fault(kind, i, j, name, func):
    """The error for a fault the MI-matrix check found at [i, j]: kind 1 NaN,
    2 infinite, 3 not symmetric."""
    if kind == 3:
        return ValueError(
            f"{name} is not symmetric in {func} (entries [{i}, {j}] and [{j}, {i}] differ); "
            "MI matrices are (use (M + M.T) / 2 to average the two estimates of each pair)."
        )
    what = "NaN" if kind == 1 else "infinite"
    return ValueError(
        f"{name} has {what} entries off the diagonal (e.g. at [{i}, {j}]) in {func}. An "
        "infinite MI is a perfect dependence the estimator could not resolve: cap it "
        "(numpy.nan_to_num(mi, posinf=cap)) or use an estimator that gives a finite value; "
        "NaN comes from constant or missing data: drop those features first."
    )


def check_networks(networks, func):
    """Score matrices of one shape (at least one) as float arrays, and their
    labels (index, columns) when DataFrames, which must then agree."""
    if not networks:
        raise TypeError(f"{func} needs at least one network.")
    arrays, labels = [], None
    for k, net in enumerate(networks):
        if pandas_type(net, "DataFrame"):
            these = (list(net.index), list(net.columns))
            if labels is not None and these != labels:
                raise ValueError(f"Network {k} of {func} has other gene labels than network 0.")
            labels = these
        arr = np.asarray(net)
        if arr.dtype.kind not in "biuf" or arr.ndim != 2:
            raise TypeError(f"Network {k} of {func} must be a 2-d numeric matrix; got {arr!r:.60}")
        if arrays and arr.shape != arrays[0].shape:
            raise ValueError(
                f"The networks of {func} must share one shape; network {k} has {arr.shape}, "
                f"network 0 {arrays[0].shape}."
            )
        check_finite(arr, f"Network {k}", func, what="combining rankings")
        arrays.append(arr)
    return arrays, labels


# ====================================================================
# Network workflow: scores, edge lists, gold standards, expression files
# (fastmi.network._scoring, _edges, _io; fastmi network)
# ====================================================================
class ConstantGeneWarning(UserWarning):
    """Constant genes carry no information: every edge of theirs scores 0."""


def score_matrix(scores, name, func):
    """A 2-D real array (a float view when possible: no copy of a big float32 matrix)."""
    if scipy_sparse(scores):
        raise TypeError(f"{name} must be a dense array in {func}; got a sparse matrix.")
    arr = np.asarray(scores)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be a numeric matrix in {func}; got dtype {arr.dtype}.")
    if arr.ndim != 2 or arr.shape[0] < 1 or arr.shape[1] < 2:
        raise ValueError(
            f"{name} must be a square matrix (n_genes, n_genes), or (n_regulators, n_genes) "
            f"with tfs=, with at least two genes in {func}; got shape {arr.shape}."
        )
    return arr if arr.dtype.kind == "f" else arr.astype(np.float64)


def not_finite_scores_error(name, func, n_nan, n_inf):
    what = " and ".join(
        f"{count} {kind} values" for count, kind in ((n_nan, "NaN"), (n_inf, "infinite")) if count
    )
    return ValueError(
        f"{name} contains {what} off the diagonal in {func}; edge scores must be finite."
    )


def negative_scores_error(name, func, count):
    return ValueError(
        f"{name} has {count} negative entries off the diagonal; MI is >= 0, so clip the "
        f"estimates first (numpy.maximum({name}, 0)) ({func})."
    )


def not_symmetric_scores_error(name, func):
    return ValueError(
        f"{name} is not symmetric in {func}; pass directed=True to list the ordered pairs "
        "regulator -> target, or average the two estimates ((S + S.T) / 2)."
    )


def regulator_rows_error(n_rows, n_genes, func):
    return ValueError(
        f"The scores of {func} are not a square matrix: {n_rows} rows for {n_genes} genes. "
        "A non-square score matrix holds one row per regulator, so pass tfs= (their names "
        "or column indexes) or a DataFrame whose index names them."
    )


def check_tf_rows(tfs, genes, n_rows, p, func):
    """:func:`check_tfs`, and ``n_rows`` (or None) regulators expected."""
    index = check_tfs(tfs, genes, p, func)
    if n_rows is not None and len(index) != n_rows:
        raise ValueError(
            f"tfs names {len(index)} regulators but the scores of {func} have {n_rows} rows."
        )
    return index


def unknown_genes_error(what, unknown, func):
    listed = ", ".join(map(str, unknown[:10])) + (" ..." if len(unknown) > 10 else "")
    return ValueError(f"{what} names {len(unknown)} genes unknown to {func}: {listed}.")


def gold_labels_error(func):
    return ValueError(
        f"A gold-standard DataFrame in {func} must name the same genes in its index "
        "(regulators) and its columns (targets)."
    )


def unnamed_edge_list_error(func):
    return ValueError(
        f"An edge-list prediction in {func} needs gene names to place its edges: give the "
        "gold standard as a file, an edge list or a labelled DataFrame, or pass names=."
    )


def directed_gold_warning(func):
    warn(
        f"{func} symmetrises this directed gold standard and scores the pairs i < j (the "
        "old behaviour). Pass directed=True to score the ordered pairs regulator -> target "
        "as the DREAM challenges do (the default from fastmi 0.2 on), or directed=False to "
        "keep the symmetrised score and silence this warning.",
        FutureWarning,
    )


def edge_list_line_error(source, line, text, why):
    return ValueError(
        f"{source}, line {line}: {why}; an edge list has lines "
        f"'regulator<TAB>target<TAB>score'. Got {text!r}."
    )


def duplicate_genes_error(source, duplicated):
    listed = ", ".join(map(str, duplicated[:10])) + (" ..." if len(duplicated) > 10 else "")
    return ValueError(f"{source} names {len(duplicated)} genes more than once: {listed}.")


def non_numeric_cell_error(source, row, column, value):
    """``row``: the row's label (unlabelled rows are numbered from 1)."""
    return ValueError(
        f"{source} has a non-numeric expression value {value!r} at row {row!r}, column "
        f"{column!r}; expression values must be numbers."
    )


def missing_cells_error(source, count, row, column):
    return ValueError(
        f"{source} has {count} missing expression values (the first at row {row!r}, column "
        f"{column!r}); impute or drop them first."
    )


def too_small_expression_error(source, shape):
    return ValueError(
        f"{source} must hold at least 2 samples and 2 genes; got {shape[0]} samples x "
        f"{shape[1]} genes (genes as columns; use genes_in_rows=True for the transpose)."
    )


def constant_genes_warning(source, genes):
    listed = ", ".join(map(str, genes[:10])) + (" ..." if len(genes) > 10 else "")
    warn(
        f"{len(genes)} genes of {source} are constant: {listed}. They carry no "
        "information, so every edge of theirs scores 0.",
        ConstantGeneWarning,
    )


def unreadable_source_error(source, what, detail):
    return ValueError(f"cannot read {source} as {what}: {detail}")


def expression_type_error(obj, func):
    return TypeError(
        f"{func} reads a CSV/TSV/Parquet path, a pandas or polars DataFrame or an AnnData "
        f"object; got {type(obj).__name__}."
    )


# ====================================================================
# Streaming all-pairs output (top_k= / threshold=, fastmi.sparse)
# ====================================================================
def check_stream_options(top_k, threshold, n_partners, func):
    """``(top_k, threshold)`` checked: at most one given; top_k an int in
    [1, n_partners - 1] (n_partners: columns of the result); threshold a
    real number (not NaN; -inf keeps every finite pair)."""
    if top_k is not None and threshold is not None:
        raise InvalidParameterError(
            f"{func} takes top_k or threshold, not both; got top_k={top_k!r} and "
            f"threshold={threshold!r}."
        )
    if top_k is not None:
        if n_partners < 2:
            raise InvalidParameterError(
                f"The 'top_k' parameter of {func} needs a result with at least 2 columns; "
                f"this one has {n_partners}: compute the dense result instead."
            )
        top_k = check_int(top_k, "top_k", func, low=1, high=n_partners - 1)
    if threshold is not None:
        ok = isinstance(threshold, numbers.Real) and not isinstance(threshold, bool)
        if not ok or math.isnan(threshold) or threshold == math.inf:
            _fail(func, "threshold", "a real number (not NaN or inf)", threshold)
        threshold = float(threshold)
    return top_k, threshold


def stream_with_out_error(func):
    raise InvalidParameterError(
        f"{func} got out= together with top_k or threshold: a streaming result is "
        "sparse and never fills a dense array; drop out= (or top_k/threshold)."
    )


def stream_option_error(name, func, why):
    raise InvalidParameterError(
        f"The '{name}' parameter of {func} cannot be used with top_k or threshold: {why}."
    )


def sparse_network_option_error(name, func):
    raise InvalidParameterError(
        f"The '{name}' parameter of {func} is not supported for a sparse (streaming) "
        "result; pass the dense pairwise_mi matrix, or cross_mi of the regulators."
    )


def sparse_network_cross_error(func):
    raise InvalidParameterError(
        f"{func} needs a symmetric sparse result (pairwise_mi with top_k or threshold); "
        "got one of cross_mi, whose columns have no background of their own."
    )


# -------------------------------------------------------------- significance
def check_pvalues(pvalues, func):
    """Real p-values in [0, 1], no NaN, as a float64 array (any shape, not empty)."""
    arr = np.asarray(pvalues)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"pvalues must be real numbers in {func}; got dtype {arr.dtype}.")
    arr = arr.astype(np.float64)
    if arr.size == 0:
        raise ValueError(f"pvalues is empty in {func}; pass at least one p-value.")
    nan = np.isnan(arr)
    if nan.any():
        raise ValueError(
            f"pvalues has {int(nan.sum())} NaN values in {func} (the first at flat index "
            f"{int(np.flatnonzero(nan)[0])}); drop them first (e.g. the diagonal of a "
            "pairwise p-value matrix)."
        )
    outside = (arr < 0) | (arr > 1)
    if outside.any():
        first = int(np.flatnonzero(outside)[0])
        raise ValueError(
            f"pvalues must lie in [0, 1] in {func}; got {arr.ravel()[first]!r} at flat "
            f"index {first}."
        )
    return arr


def check_confidence_level(level, func):
    ok = isinstance(level, numbers.Real) and not isinstance(level, bool)
    if not (ok and 0 < level < 1):
        _fail(func, "confidence_level", "a real number in (0, 1)", level)
    return float(level)


def jackknife_too_small_error(n, func):
    return ValueError(
        f"BCa intervals need at least 3 samples in {func} (a jackknife over the "
        f"samples); got {n}. Use ci_method='percentile'."
    )


def degenerate_bootstrap_warning(func):
    return (
        f"the BCa interval is undefined in {func} (the bootstrap estimates are all equal, "
        "or all on one side of the estimate): returning the percentile interval."
    )


def selection_weights_error(criterion, func):
    return InvalidParameterError(
        f"The 'beta' and 'gamma' parameters of {func} are the weights of "
        f"criterion='beta_gamma' (both required there, e.g. beta=0.5, gamma=0 for MIFS); "
        f"criterion={criterion!r} takes neither."
    )


def entropy_method_error(criterion, method, func):
    return ValueError(
        f"{func} with criterion={criterion!r} needs the joint entropy H(X_k, X_j, y), "
        f"which method={method!r} does not provide (a differential entropy can be "
        "negative); use method='discrete' or 'binned'."
    )


def sklearn_missing_error(name):
    return ImportError(
        f"{name} is a scikit-learn estimator; install scikit-learn (pip install 'fastmi[sklearn]')."
    )


def check_same_problem_count(counts, func):
    """``counts`` maps the stacks of a batch function (``fastmi.batch``) to
    their numbers of problems; they must agree."""
    if len(set(counts.values())) > 1:
        listed = ", ".join(f"{k} has {c}" for k, c in counts.items())
        raise ValueError(f"{func} needs the same number of problems in every stack: {listed}.")
