"""Fuzz every public function: never a crash, never a stray exception (issue 9).

Each public function is called on hypothesis-drawn inputs of five families:
``dtypes`` (float16/32/64, ints, bool, object, str, pandas nullable Int64,
boolean and string, categoricals), ``nonfinite`` (NaN, ±inf), ``extreme``
(subnormal to near DBL_MAX, one huge outlier, all-equal, ±0.0), ``ties``
(few distinct values, constant columns) and ``shapes`` (empty, single row,
wrong dimensions, mismatched lengths).  Every call must return a finite value
(or a documented infinity), or raise a ValueError/TypeError from fastmi's own
code (a message written for the user, not one from numpy or pandas
internals).  numpy's RuntimeWarnings (overflow, invalid value) count as
failures, as in the rest of the suite.

The calls run in subprocesses (this file is also the worker script), so a
segfault fails one case instead of killing the suite; the worker resumes
after the crashing case.  Examples are derandomized: CI is reproducible.
``test_every_public_function_is_fuzzed`` fails when a new public function
has no entry in ``CALLS``.
"""

import dataclasses
import importlib
import inspect
import json
import math
import os
import signal
import subprocess
import sys
import time
import traceback
import types
import warnings
from pathlib import Path

import numpy as np
import pytest

#: Examples drawn per (function, family); about 5,600 calls in all (~30 s of CPU).
EXAMPLES = 25
FAMILIES = ("dtypes", "nonfinite", "extreme", "ties", "shapes")
#: Modules whose public functions are fuzzed (with ``fastmi.__all__``).
PUBLIC_MODULES = (
    "tables",
    "clustering",
    "network",
    "selection",
    "significance",
    "feature_selection",
    "datasets",
)
DBL_MAX = float(np.finfo(np.float64).max)
TINY = float(np.finfo(np.float64).smallest_subnormal)


# ====================================================================
# The public surface
# ====================================================================
def public_functions():
    """Qualified names of every public function (and class) to fuzz.

    ``fastmi.__all__`` gives functions and classes (exceptions and modules
    left out); each module of ``PUBLIC_MODULES`` adds its functions (its
    ``__all__``, or the public names it defines).  Result containers
    (dataclasses, named tuples) are values, not functions.
    """
    import fastmi

    names = {}
    for name in fastmi.__all__:
        obj = getattr(fastmi, name)
        if isinstance(obj, types.ModuleType):
            continue
        if isinstance(obj, type) and issubclass(obj, BaseException):
            continue
        names.setdefault(obj, f"fastmi.{name}")
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(f"fastmi.{module_name}")
        listed = getattr(module, "__all__", None)
        if listed is None:
            listed = [
                n
                for n, obj in vars(module).items()
                if not n.startswith("_") and getattr(obj, "__module__", None) == module.__name__
            ]
        for name in listed:
            obj = getattr(module, name)
            if inspect.isfunction(obj):
                names.setdefault(obj, f"fastmi.{module_name}.{name}")
    return sorted(names.values())


# ====================================================================
# How each function is called: its argument roles and a call
# ====================================================================
# Roles: "V" a variable (1-D, same length n), "M" a matrix (n, p), "T" a
# probability/count table, "S" a square score matrix, "A" a 0/1 adjacency of
# the same size, "I" an integer-like scalar.
@dataclasses.dataclass(frozen=True)
class Call:
    roles: tuple
    call: object
    min_table_ndim: int = 1


def _attr(path):
    import fastmi

    obj = fastmi
    for part in path.split(".")[1:]:
        obj = getattr(obj, part)
    return obj


def _plain(path, roles, **kwargs):
    return Call(tuple(roles), lambda *args: _attr(path)(*args, **kwargs))


def _kdtree(X):
    from fastmi import KDTree

    tree = KDTree(X)
    return tree.query(X, k=1), tree.query_ball_point(X, r=1.0)


def _selector(X, y):
    from fastmi import MISelector

    return MISelector(n_features_to_select=1).fit(X, y).transform(X)


def _write_edge_list(S):
    import io

    return _attr("fastmi.network.write_edge_list")(io.StringIO(), S)


def _edge_list_round_trip(S):
    import io

    from fastmi.network import read_edge_list, write_edge_list

    text = io.StringIO()
    write_edge_list(text, S)
    return read_edge_list(text.getvalue().splitlines())


def _read_expression(X):
    """The reader on a DataFrame of the drawn matrix (a 1-D draw: one column)."""
    import pandas as pd

    from fastmi.network import read_expression

    values = np.atleast_1d(np.asarray(X))
    table = pd.DataFrame(values.reshape(len(values), -1) if values.ndim < 2 else values)
    table.columns = [f"G{j}" for j in range(table.shape[1])]
    return read_expression(table)


def _read_gold_standard(A):
    """The gold-standard reader on the drawn adjacency as DREAM lines."""
    from fastmi.network import read_gold_standard

    adjacency = np.asarray(A)
    p = int(round(math.sqrt(adjacency.size)))
    lines = [
        f"G{r}\tG{t}\t{int(adjacency.ravel()[r * p + t] != 0)}"
        for r in range(p)
        for t in range(p)
        if r != t
    ]
    return read_gold_standard(lines, [f"G{j}" for j in range(p)])


def _compile(n_jobs):
    """``fastmi.compile`` of its tiny "smoke" family (the others compile the
    whole library: minutes, not a fuzz case)."""
    import fastmi

    return fastmi.compile(["smoke"], n_jobs=n_jobs)


def _set_num_threads(n):
    import fastmi

    previous = fastmi.get_num_threads()
    try:
        return fastmi.set_num_threads(n)
    finally:
        fastmi.set_num_threads(previous)


def _permutation_matrix_off_diagonal(X):
    """The pairwise permutation test's results without their (documented NaN) diagonal."""
    res = _attr("fastmi.significance.permutation_test_matrix")(X, n_permutations=3, random_state=0)
    off = ~np.eye(res.pvalue.shape[0], dtype=bool)
    values = (np.asarray(res.statistic), res.pvalue, res.pvalue_fwer, res.null_mean)
    return [a[off] for a in values] + [res.null_max]


def _calls():
    pair = ("V", "V")
    calls = {
        "fastmi.KDTree": Call(("M",), _kdtree),
        "fastmi.MISelector": Call(("M", "V"), _selector),
        "fastmi.set_num_threads": Call(("I",), _set_num_threads),
        "fastmi.compile": Call(("I",), _compile),
        "fastmi.get_num_threads": _plain("fastmi.get_num_threads", ()),
        "fastmi.permutation_test": _plain(
            "fastmi.permutation_test", pair, n_permutations=3, random_state=0
        ),
        "fastmi.datasets.planted_pairs": _plain("fastmi.datasets.planted_pairs", ("I", "I")),
        "fastmi.datasets.load_weather": _plain("fastmi.datasets.load_weather", ()),
        "fastmi.datasets.weather_path": _plain("fastmi.datasets.weather_path", ()),
    }
    for name in (
        "adjusted_mutual_info",
        "normalized_mutual_info",
        "variation_of_information",
        "expected_mutual_info",
        "homogeneity_completeness_v_measure",
        "binned_mi",
        "copula_mi",
        "copula_mi_discrete",
        "gaussian_mi",
        "mixed_mi",
        "mutual_info",
        "mutual_info_discrete",
        "conditional_entropy",
        "information_gain",
        "g_test",
        "joint_entropy",
    ):
        calls[f"fastmi.{name}"] = _plain(f"fastmi.{name}", pair)
    calls["fastmi.ksg_mi"] = _plain("fastmi.ksg_mi", pair, random_state=0)
    calls["fastmi.ksg_cmi"] = _plain("fastmi.ksg_cmi", ("V",) * 3, random_state=0)
    calls["fastmi.conditional_mutual_info"] = _plain("fastmi.conditional_mutual_info", ("V",) * 3)
    for name in ("copula_mi_batch", "mutual_info_batch"):
        calls[f"fastmi.{name}"] = _plain(f"fastmi.{name}", ("M", "M"))
    calls["fastmi.ksg_mi_batch"] = _plain("fastmi.ksg_mi_batch", ("M", "M"), random_state=0)
    calls["fastmi.ksg_cmi_batch"] = _plain("fastmi.ksg_cmi_batch", ("M",) * 3, random_state=0)
    for name in ("entropy", "kl_entropy"):
        calls[f"fastmi.{name}"] = _plain(f"fastmi.{name}", ("V",))
    for name in ("cross_entropy", "kl_divergence"):
        calls[f"fastmi.{name}"] = _plain(f"fastmi.{name}", ("T", "T"))
    for name in ("aracne", "clr", "mrnet", "relevance_network", "edge_list"):
        calls[f"fastmi.{name}"] = _plain(f"fastmi.{name}", ("S",))
    for name in ("auroc", "aupr"):
        calls[f"fastmi.{name}"] = _plain(f"fastmi.{name}", ("S", "A"))
    net = "fastmi.network"
    for name in ("mrnetb", "ensemble"):
        calls[f"{net}.{name}"] = _plain(f"{net}.{name}", ("S",))
    for name in ("precision_at_k", "score_network", "score_curves"):
        calls[f"{net}.{name}"] = _plain(f"{net}.{name}", ("S", "A"))
    calls[f"{net}.combine_rankings"] = Call(
        ("S",), lambda S: _attr(f"{net}.combine_rankings")(S, S)
    )
    calls[f"{net}.write_edge_list"] = Call(("S",), _write_edge_list)
    calls[f"{net}.read_edge_list"] = Call(("S",), _edge_list_round_trip)
    calls[f"{net}.read_expression"] = Call(("M",), _read_expression)
    calls[f"{net}.read_tfs"] = Call(("I",), lambda n: _attr(f"{net}.read_tfs")([f"G{n}"]))
    calls[f"{net}.read_gold_standard"] = Call(("A",), _read_gold_standard)
    calls[f"{net}.simulate_expression"] = _plain(f"{net}.simulate_expression", ("I", "I"))
    calls[f"{net}.mi_threshold"] = Call(
        ("M",), lambda X: _attr(f"{net}.mi_threshold")(X, 0.05, n_permutations=20, random_state=0)
    )
    calls[f"{net}.aracne_bootstrap"] = Call(
        ("M",), lambda X: _attr(f"{net}.aracne_bootstrap")(X, bootstraps=2, random_state=0)
    )
    sig = "fastmi.significance"
    calls[f"{sig}.permutation_test_matrix"] = Call(("M",), _permutation_matrix_off_diagonal)
    calls[f"{sig}.bootstrap_ci"] = _plain(
        f"{sig}.bootstrap_ci", pair, n_resamples=3, random_state=0
    )
    for name in ("gaussian_test", "binned_g_test"):
        calls[f"{sig}.{name}"] = _plain(f"{sig}.{name}", pair)
    calls[f"{sig}.adjust_pvalues"] = _plain(f"{sig}.adjust_pvalues", ("V",))
    calls[f"{sig}.permutations"] = Call(("I",), lambda n: _attr(f"{sig}.permutations")([0, 1], n))
    calls["fastmi.pairwise_mi"] = _plain("fastmi.pairwise_mi", ("M",), random_state=0)
    calls["fastmi.cross_mi"] = _plain("fastmi.cross_mi", ("M", "M"), random_state=0)
    calls["fastmi.mi_with_target"] = _plain("fastmi.mi_with_target", ("M", "V"), random_state=0)
    calls["fastmi.infer_network"] = _plain("fastmi.infer_network", ("M",), random_state=0)
    for name in ("mrmr", "jmi", "cmim", "select_features"):
        calls[f"fastmi.{name}"] = _plain(f"fastmi.{name}", ("M", "V"), n_features=1)
    for name in ("mutual_info_regression", "mutual_info_classif"):
        path = f"fastmi.feature_selection.{name}"
        calls[path] = _plain(path, ("M", "V"), random_state=0)
    for name, ndim in (
        ("entropy", 1),
        ("conditional_entropy", 2),
        ("mutual_info", 2),
        ("conditional_mutual_info", 3),
    ):
        path = f"fastmi.tables.{name}"
        calls[path] = dataclasses.replace(_plain(path, ("T",)), min_table_ndim=ndim)
    return calls


CALLS = _calls()
#: Documented infinite results (each docstring says when).
MAY_BE_INFINITE = {
    "fastmi.cross_entropy": "q = 0 where p > 0",
    "fastmi.kl_divergence": "q = 0 where p > 0",
    "fastmi.kl_entropy": "-inf for duplicate points (an atom)",
}
#: Documented NaN entries: pairwise_mi's diagonal for continuous columns.
NAN_ON_DIAGONAL = {"fastmi.pairwise_mi"}


def families_of(name):
    """Functions of scalars only (or of nothing) have one family."""
    roles = CALLS[name].roles
    return FAMILIES if set(roles) - {"I"} else ("scalars",)


#: (function, family) cases that fail today, with the reason: strict xfails,
#: so a fixed case fails the suite until its entry is removed.
KNOWN_FAILURES = {}


def case_ids():
    return [f"{name}[{family}]" for name in sorted(CALLS) for family in families_of(name)]


# ====================================================================
# Input strategies
# ====================================================================
def _strategies():
    """Built lazily: the worker needs them, pytest's collection does not."""
    from hypothesis import strategies as st

    def small_ints(n):
        return st.lists(st.integers(0, 3), min_size=n, max_size=n)

    def floats(n, elements):
        return st.lists(elements, min_size=n, max_size=n)

    normal = st.floats(-10, 10, allow_nan=False, allow_infinity=False)
    nonfinite = st.one_of(normal, st.sampled_from([math.nan, math.inf, -math.inf]))
    magnitudes = [TINY, 1e-310, 1e-300, 1e-170, 1e-20, 1e20, 1e155, 1e200, 1e307, DBL_MAX]

    @st.composite
    def extreme(draw, n):
        pattern = draw(st.sampled_from(["scaled", "outlier", "mixed", "equal", "signed zeros"]))
        base = draw(floats(n, normal))
        huge = draw(st.sampled_from(magnitudes)) * draw(st.sampled_from([1.0, -1.0]))
        if pattern == "scaled":  # a whole column at one extreme scale
            return [v * huge / 10 for v in base]
        if pattern == "outlier" and n:  # one huge (or tiny) value among normals
            base[draw(st.integers(0, n - 1))] = huge
            return base
        if pattern == "mixed":  # every magnitude at once
            return draw(floats(n, st.sampled_from(magnitudes + [-m for m in magnitudes] + [0.0])))
        if pattern == "signed zeros":
            return draw(floats(n, st.sampled_from([0.0, -0.0, TINY, -TINY])))
        return [huge] * n  # all equal

    @st.composite
    def ties(draw, n):
        if draw(st.booleans()):
            return [draw(st.sampled_from([0.0, 1.0, -0.0, 2.5]))] * n  # constant
        common = draw(st.sampled_from([0.0, 1.0, 3.5]))
        values = [common] * n
        for i in draw(st.lists(st.integers(0, max(n - 1, 0)), max_size=2)) if n else []:
            values[i] = draw(normal)  # one or two values apart
        return values

    dtypes = [
        "float64",
        "float32",
        "float16",
        "int8",
        "int64",
        "uint8",
        "bool",
        "object",
        "str",
        "Int64",
        "boolean",
        "string",
        "category",
        "list",
    ]

    @st.composite
    def typed(draw, n):
        """(values, dtype): one column of a random dtype."""
        dtype = draw(st.sampled_from(dtypes))
        if dtype in ("float64", "float32", "float16", "object", "list") and draw(st.booleans()):
            values = draw(floats(n, normal))
        else:
            values = draw(small_ints(n))
        return values, dtype

    def column(values, dtype, missing=()):
        """A numpy array (or pandas Series) of ``dtype`` from python values."""
        import pandas as pd

        if dtype == "list":
            return list(values)
        if dtype in ("Int64", "boolean", "string", "category"):
            if dtype == "boolean":
                values = [bool(v) for v in values]
            elif dtype == "string":
                values = [str(v) for v in values]
            elif dtype == "Int64":
                values = [int(v) for v in values]
            series = pd.Series(values, dtype=dtype)
            if len(missing):
                series[list(missing)] = pd.NA if dtype != "category" else None
            return series
        if dtype == "str":
            return np.array([str(v) for v in values])
        if dtype == "object":
            return np.array(values, dtype=object)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # float16 overflow is the point
            return np.array(values, dtype=np.float64).astype(dtype)

    @st.composite
    def variable(draw, family, n):
        if family == "dtypes":
            values, dtype = draw(typed(n))
            missing = ()
            if dtype in ("Int64", "boolean", "string", "category") and n and draw(st.booleans()):
                missing = [draw(st.integers(0, n - 1))]
            return column(values, dtype, missing)
        if family == "nonfinite":
            return np.array(draw(floats(n, nonfinite)), dtype=draw(st.sampled_from(["f8", "f4"])))
        if family == "extreme":
            return np.array(draw(extreme(n)), dtype=np.float64)
        if family == "ties":
            return np.array(draw(ties(n)), dtype=np.float64)
        raise AssertionError(family)

    @st.composite
    def matrix(draw, family, n):
        p = draw(st.integers(1, 4))
        columns = [draw(variable(family, n)) for _ in range(p)]
        if family == "dtypes" and draw(st.booleans()):
            import pandas as pd

            return pd.DataFrame({f"c{j}": col for j, col in enumerate(columns)})
        if family == "dtypes":
            return np.column_stack([np.asarray(col, dtype=object) for col in columns])
        return np.column_stack(columns)

    @st.composite
    def table(draw, family, ndim, shape=None):
        if shape is None:
            shape = tuple(draw(st.lists(st.integers(1, 3), min_size=ndim, max_size=ndim + 1)))
        size = int(np.prod(shape))
        if family == "dtypes":
            values, dtype = draw(typed(size))
            if dtype in ("str", "string", "category", "list", "Int64", "boolean"):
                arr = np.asarray(column(values, dtype), dtype=object)
            else:
                arr = column(values, dtype)
            return np.asarray(arr).reshape(shape), shape
        flat = draw(variable(family, size))
        if family != "nonfinite" and draw(st.booleans()):
            flat = np.abs(flat)  # mostly valid tables, some with negative entries
        return flat.reshape(shape), shape

    @st.composite
    def scores(draw, family, p):
        flat = np.asarray(draw(variable(family, p * p)), dtype=np.float64).reshape(p, p)
        if draw(st.booleans()):
            flat = (flat + flat.T) / 2  # the usual symmetric input
        return flat

    @st.composite
    def scalar(draw):
        return draw(
            st.one_of(
                st.integers(-3, 300),
                st.sampled_from([0, -1, True, 2.5, np.int8(3), np.float64(20.0), "10", None]),
            )
        )

    @st.composite
    def wrong_shape(draw, role, n):
        """Arguments of the wrong shape, size or type."""
        kind = draw(st.sampled_from(["empty", "scalar", "2d", "3d", "length", "none", "string"]))
        if kind == "empty":
            return np.array([]) if role != "M" else np.empty((0, 2))
        if kind == "scalar":
            return 1.5
        if kind == "2d":
            return np.zeros((n, draw(st.integers(0, 2)))) + 1.0
        if kind == "3d":
            return np.ones((2, 2, 2))
        if kind == "length":
            return np.arange(n + draw(st.integers(1, 3)), dtype=np.float64)
        if kind == "none":
            return None
        return "abc"

    @st.composite
    def arguments(draw, roles, family, min_table_ndim):
        n = draw(st.integers(0, 3) if family == "shapes" else st.integers(1, 30))
        p = draw(st.integers(1, 5))
        table_shape = None
        args = []
        broken = draw(st.integers(0, len(roles) - 1)) if family == "shapes" else -1
        for i, role in enumerate(roles):
            if role == "I":
                args.append(draw(scalar()))
            elif i == broken:
                args.append(draw(wrong_shape(role, n)))
            elif family == "shapes":  # the other arguments: small but valid
                args.append(_valid(role, n, p, min_table_ndim))
            elif role == "V":
                args.append(draw(variable(family, n)))
            elif role == "M":
                args.append(draw(matrix(family, n)))
            elif role == "T":
                arr, table_shape = draw(table(family, min_table_ndim, table_shape))
                args.append(arr)
            elif role == "S":
                args.append(draw(scores(family, p)))
            elif role == "A":
                args.append(draw(st.lists(st.integers(0, 1), min_size=p * p, max_size=p * p)))
                args[-1] = np.array(args[-1]).reshape(p, p)
        return args

    return arguments


def _valid(role, n, p, min_table_ndim):
    rng = np.random.default_rng(n)
    if role == "V":
        return rng.integers(0, 2, n).astype(np.float64)
    if role == "M":
        return rng.integers(0, 2, (n, 2)).astype(np.float64)
    if role == "T":
        return np.full((2,) * min_table_ndim, 1.0 / 2**min_table_ndim)
    if role == "S":
        return np.eye(p)
    return np.eye(p, dtype=int)


# ====================================================================
# What a call may do
# ====================================================================
FASTMI_DIR = Path(__file__).resolve().parents[1] / "fastmi"


def _where(err):
    """The innermost frame of fastmi's code in ``err``'s traceback, as path:line."""
    frames = traceback.extract_tb(err.__traceback__)
    ours = [f for f in frames if "/fastmi/" in f.filename.replace(os.sep, "/")]
    frame = (ours or frames)[-1]
    return f"{Path(frame.filename).name}:{frame.lineno} in {frame.name}"


def _raised_by_fastmi(err):
    """True if the innermost frame that raised ``err`` is fastmi's code."""
    import fastmi

    frames = traceback.extract_tb(err.__traceback__)
    package = Path(fastmi.__file__).resolve().parent
    return bool(frames) and Path(frames[-1].filename).resolve().is_relative_to(package)


def _non_finite(value, allow_inf):
    """Describe the first non-finite number in a (nested) result, or None."""
    if isinstance(value, (str, bytes, bool, type(None), os.PathLike)):
        return None
    if isinstance(value, dict):
        value = list(value.values())
    if dataclasses.is_dataclass(value):
        value = [getattr(value, f.name) for f in dataclasses.fields(value)]
    if isinstance(value, (list, tuple)):
        for item in value:
            found = _non_finite(item, allow_inf)
            if found:
                return found
        return None
    if hasattr(value, "to_numpy"):  # pandas
        value = value.to_numpy()
    arr = np.asarray(value)
    if arr.dtype.kind not in "fc":
        return None
    bad = np.isnan(arr) if allow_inf else ~np.isfinite(arr)
    if bad.any():
        return f"non-finite result {arr.ravel()[np.flatnonzero(bad)[:3]]}"
    return None


def _short(args):
    with np.printoptions(threshold=12, precision=4), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text = ", ".join(f"{type(a).__name__}({a!r})" for a in args)
    return " ".join(text.split())[:600]


def check_call(name, args):
    """Call ``name`` on ``args``; raise AssertionError if the outcome is not allowed."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            warnings.simplefilter("ignore", UserWarning)  # fastmi's own, documented warnings
            result = CALLS[name].call(*args)
    except (ValueError, TypeError) as err:
        if not str(err) or not _raised_by_fastmi(err):
            where = traceback.extract_tb(err.__traceback__)[-1]
            raise AssertionError(
                f"unclear {type(err).__name__} ({err}) from {where.filename}:{where.lineno} "
                f"on {_short(args)}"
            ) from None
        return
    except Exception as err:  # noqa: BLE001 - any other type is the failure we look for
        raise AssertionError(
            f"{type(err).__name__}: {err} (at {_where(err)}) on {_short(args)}"
        ) from None
    if name in NAN_ON_DIAGONAL and np.ndim(result) == 2:
        result = np.asarray(result)[~np.eye(len(result), dtype=bool)]
    found = _non_finite(result, name in MAY_BE_INFINITE)
    if found:
        raise AssertionError(f"{found} on {_short(args)}")


def run_case(case, examples, shrink=False):
    """Fuzz one case; returns {"case", "status": ok|fail, "examples", "seconds", "error"}.

    Without ``shrink`` a failure reports the first failing example as drawn
    (shrinking can take minutes; run the worker with shrinking to minimise).
    """
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    name, family = case[:-1].split("[")
    spec = CALLS[name]
    arguments = _strategies()
    count = 0

    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
        phases=[Phase.explicit, Phase.generate] + ([Phase.shrink] if shrink else []),
    )
    @given(st.data())
    def fuzz(data):
        nonlocal count
        count += 1
        args = data.draw(arguments(spec.roles, family, spec.min_table_ndim))
        check_call(name, args)

    start = time.perf_counter()
    status, error = "ok", ""
    try:
        fuzz()
    except AssertionError as err:
        status, error = "fail", str(err)
    except Exception as err:  # noqa: BLE001 - hypothesis or strategy errors are failures too
        status, error = "fail", "".join(traceback.format_exception(err))[-3000:]
    seconds = round(time.perf_counter() - start, 3)
    return {"case": case, "status": status, "examples": count, "seconds": seconds, "error": error}


def _import_everything():
    """Import every fastmi module (and pandas) before the first case.

    Hypothesis mixes constants found in the loaded modules into its draws, so
    a case's examples would otherwise depend on the cases run before it.
    """
    import pkgutil

    import pandas  # noqa: F401

    import fastmi

    for info in pkgutil.walk_packages(fastmi.__path__, "fastmi."):
        if not info.name.endswith("__main__"):
            importlib.import_module(info.name)


def worker(results_path, cases, examples, shrink=False):
    """Run cases in order, appending one JSON line per case (flushed: a crash loses none)."""
    import resource

    _import_everything()

    limit = 6 * 2**30  # a runaway allocation fails the case instead of the machine
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crash leaves no core file
    with open(results_path, "a") as out:
        for case in cases:
            out.write(json.dumps({"case": case, "status": "start"}) + "\n")
            out.flush()
            out.write(json.dumps(run_case(case, examples, shrink)) + "\n")
            out.flush()


# ====================================================================
# The parent: batched subprocesses that survive crashes
# ====================================================================
def _read(path):
    lines = path.read_text().splitlines() if path.exists() else []
    return [json.loads(line) for line in lines if line.strip()]


def run_in_subprocesses(cases, workdir, examples=EXAMPLES, n_procs=2, timeout=900, shrink=False):
    """Results of every case; a case whose worker died is a failure naming the signal."""
    workdir = Path(workdir)
    results = {}
    queues = [cases[i::n_procs] for i in range(n_procs)]
    round_ = 0
    while any(queues):
        procs = []
        for i, queue in enumerate(queues):
            if not queue:
                continue
            path = workdir / f"fuzz-{i}-{round_}.jsonl"
            cmd = [sys.executable, __file__, str(path), str(examples), str(int(shrink)), *queue]
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            procs.append((i, path, proc))
        for i, path, proc in procs:
            try:
                _, stderr = proc.communicate(timeout=timeout)
                how = f"worker died (exit code {proc.returncode})"
            except subprocess.TimeoutExpired:
                proc.kill()
                _, stderr = proc.communicate()
                how = f"worker hung for {timeout} s"
            started, finished = None, 0
            for record in _read(path):
                if record["status"] == "start":
                    started = record["case"]
                else:
                    results[record["case"]] = record
                    started, finished = None, finished + 1
            queues[i] = queues[i][finished:]
            if started is not None:  # crashed in this case: record it, resume after it
                results[started] = {
                    "case": started,
                    "status": "fail",
                    "examples": 0,
                    "error": f"{how}: {stderr[-2000:]}",
                }
                queues[i] = queues[i][1:]
            elif queues[i]:  # died before starting the next case
                raise RuntimeError(f"fuzz worker failed to start: {stderr[-3000:]}")
        round_ += 1
    return results


# ====================================================================
# The tests
# ====================================================================
def test_every_public_function_is_fuzzed():
    assert sorted(CALLS) == public_functions()


def _selected_cases(session):
    """The cases this session runs (all of them unless ``-k`` picks some)."""
    picked = [
        item.callspec.params["case"]
        for item in session.items
        if getattr(item, "originalname", None) == "test_fuzz"
    ]
    return picked or case_ids()


@pytest.fixture(scope="session")
def fuzz_results(request, tmp_path_factory):
    """The results of the selected cases, computed once per session (shared by xdist workers)."""
    cases = _selected_cases(request.session)
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return run_in_subprocesses(cases, tmp_path_factory.mktemp("fuzz"))
    from filelock import FileLock

    shared = tmp_path_factory.getbasetemp().parent
    cache = shared / "fuzz-results.json"
    with FileLock(str(cache) + ".lock"):
        if not cache.exists():
            workdir = shared / "fuzz"
            workdir.mkdir(exist_ok=True)
            cache.write_text(json.dumps(run_in_subprocesses(cases, workdir)))
        return json.loads(cache.read_text())


def _case_params():
    for case in case_ids():
        reason = KNOWN_FAILURES.get(case)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        yield pytest.param(case, id=case, marks=marks)


@pytest.mark.slow
@pytest.mark.parametrize("case", list(_case_params()))
def test_fuzz(fuzz_results, case):
    result = fuzz_results[case]
    assert result["status"] == "ok", result["error"]


@pytest.mark.slow
def test_fuzz_draws_the_examples(fuzz_results):
    # Guards against a strategy that silently draws nothing.
    counts = {case: r["examples"] for case, r in fuzz_results.items() if r["status"] == "ok"}
    assert all(count >= 1 for count in counts.values()), counts
    print(f"fuzz: {sum(counts.values())} examples over {len(fuzz_results)} cases")


#: A case that kills its worker, for ``test_fuzz_worker_survives_a_crash``.
CRASH = "segfault[scalars]"


def test_fuzz_worker_survives_a_crash(tmp_path):
    # A case whose worker dies is a failure, and the cases after it still run.
    after = "fastmi.datasets.weather_path[scalars]"
    results = run_in_subprocesses(
        ["fastmi.get_num_threads[scalars]", CRASH, after], tmp_path, examples=1, n_procs=1
    )
    assert results[CRASH]["status"] == "fail"
    assert "worker died (exit code -11)" in results[CRASH]["error"]
    assert results["fastmi.get_num_threads[scalars]"]["status"] == "ok"
    assert results[after]["status"] == "ok"


if __name__ == "__main__":
    path, examples, shrink, *todo = sys.argv[1:]
    if CRASH in todo:
        CALLS["segfault"] = Call((), lambda: os.kill(os.getpid(), signal.SIGSEGV))
    worker(path, todo, int(examples), shrink == "1")
