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


def warn(message, category=UserWarning):
    """``warnings.warn`` attributed to the first caller outside fastmi."""
    frame, level = sys._getframe(1), 2
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level)


_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


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


def check_random_state(random_state, func):
    """None, an int >= 0 or a numpy Generator -> a numpy Generator."""
    if isinstance(random_state, np.random.Generator):
        return random_state
    if random_state is None or (
        isinstance(random_state, numbers.Integral)
        and not isinstance(random_state, bool)
        and random_state >= 0
    ):
        return np.random.default_rng(random_state)
    _fail(func, "random_state", "None, an int >= 0 or a numpy.random.Generator", random_state)


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
    return ValueError(f"y must be 1-D in {func}; got shape {shape}.")


def continuous_target_error(func):
    return ValueError(
        f"y holds continuous values, but {func} needs class labels; use "
        "mutual_info_regression for a continuous target."
    )


def discrete_features_mask(discrete_features, n_features, is_sparse, func):
    """scikit-learn's ``discrete_features`` ('auto', bool, bool mask or indices)
    as a boolean mask of length ``n_features``."""
    if isinstance(discrete_features, str):
        if discrete_features != "auto":
            _fail(func, "discrete_features", "'auto', a bool or an array-like", discrete_features)
        return np.full(n_features, is_sparse)
    if isinstance(discrete_features, (bool, np.bool_)):
        return np.full(n_features, bool(discrete_features))
    arr = np.asarray(discrete_features)
    if arr.ndim != 1:
        raise ValueError(
            f"The 'discrete_features' parameter of {func} must be 1-D; got shape {arr.shape}."
        )
    if arr.dtype == bool:
        if arr.shape[0] != n_features:
            raise ValueError(
                f"The 'discrete_features' parameter of {func} is a boolean mask of length "
                f"{arr.shape[0]}, but X has {n_features} features."
            )
        return arr.copy()
    if arr.size and arr.dtype.kind not in "iu":
        raise ValueError(
            f"The 'discrete_features' parameter of {func} must be a boolean mask or "
            f"integer indices; got dtype {arr.dtype}."
        )
    if arr.size and (arr.min() < -n_features or arr.max() >= n_features):
        raise ValueError(
            f"The 'discrete_features' parameter of {func} has indices out of range "
            f"for {n_features} features."
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
def pairwise_array(X, name, func):
    """A data table (n_samples, n_features) as an ndarray, without copying."""
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
        check_finite(arr, name, func)
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


def copula_discrete_error(count, name, func):
    return ValueError(
        f"method='copula' treats every column as continuous, but discrete_features marks "
        f"{count} column(s) of {name} as discrete ({func}); use method='discrete' or "
        "'binned', or pass discrete_features=False."
    )


def mixed_pairs_error(method, func):
    return ValueError(
        f"{func} has both discrete and continuous columns, and method={method!r} has no "
        "estimator for a discrete-continuous pair; bin the continuous columns "
        "(method='binned') or treat all columns alike (discrete_features=True or False)."
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
    if not labels.is_unique:
        repeated = labels[labels.duplicated()].unique()[:10]
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


# ------------------------------------------ infer_network, ARACNE's null and bootstraps
def option_for_other_algorithm_error(name, value, algorithms, func):
    listed = " or ".join(repr(a) for a in algorithms)
    _fail(func, name, f"None unless algorithm is {listed}", value)


def threshold_and_pvalue_error(func):
    raise ValueError(
        f"Give either 'threshold' or 'pvalue' to {func}, not both: the p-value sets the threshold."
    )
