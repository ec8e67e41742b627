"""Discrete measures from labelled data: known values, identities, parity, errors."""

import math

import numpy as np
import pandas as pd
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import mutual_info_score

import fastmi as fm
from fastmi import reference
from fastmi._validation import ESTIMATORS


def binary_entropy_bits(p):
    return -(p * math.log2(p) + (1 - p) * math.log2(1 - p))


def labels_from_counts(table):
    """Samples (x, y) whose joint counts are exactly ``table``."""
    table = np.asarray(table)
    xs, ys = np.nonzero(np.ones_like(table))
    reps = table.ravel()
    return np.repeat(xs, reps), np.repeat(ys, reps)


labels = st.lists(st.integers(0, 4), min_size=1, max_size=40)


@st.composite
def label_pairs(draw, max_level=4):
    n = draw(st.integers(1, 40))
    x = draw(st.lists(st.integers(0, max_level), min_size=n, max_size=n))
    y = draw(st.lists(st.integers(0, max_level), min_size=n, max_size=n))
    return np.array(x), np.array(y)


# ---------------------------------------------------------------- known values
def test_weather_table_values():
    data = fm.datasets.load_weather()
    weather, forecast = data["weather"], data["forecast"]
    h = fm.entropy(weather, base=2)
    h_cond = fm.conditional_entropy(weather, forecast, base=2)
    mi = fm.mutual_info_discrete(weather, forecast, base=2)
    assert round(h, 3) == 0.971
    assert round(h_cond, 3) == 0.592
    assert round(mi, 3) == 0.379
    # The same numbers from the contingency table (levels in sorted order,
    # as the data path sees them).
    levels = ["dry", "rain"]
    table = np.array([[np.sum((weather == a) & (forecast == b)) for b in levels] for a in levels])
    assert fm.tables.entropy(table.sum(axis=1), base=2) == h
    assert fm.tables.conditional_entropy(table, base=2) == h_cond
    assert fm.tables.mutual_info(table, base=2) == mi


def test_independent_variables_give_zero():
    # Joint counts are the outer product of the marginals: I = 0 exactly.
    x, y = labels_from_counts(np.outer([1, 2, 3], [2, 1, 4, 1]))
    assert fm.mutual_info_discrete(x, y) == pytest.approx(0.0, abs=1e-14)
    assert fm.conditional_entropy(x, y) == pytest.approx(fm.entropy(x), abs=1e-14)


def test_copy_gives_entropy_exactly():
    x = np.array([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5])
    assert fm.mutual_info_discrete(x, x) == fm.entropy(x)
    assert fm.mutual_info_discrete(x, x.astype(str)) == fm.entropy(x)


def test_noisy_copy_of_a_fair_bit():
    # Y copies a fair bit X with probability 0.8: I = 1 - H(0.8) bits.
    x, y = labels_from_counts([[40, 10], [10, 40]])
    expected = 1 - binary_entropy_bits(0.8)
    assert fm.mutual_info_discrete(x, y, base=2) == pytest.approx(expected, abs=1e-14)
    assert fm.mutual_info_discrete(x, y, base="bits") == pytest.approx(expected, abs=1e-14)


@settings(max_examples=40, deadline=None)
@given(label_pairs(max_level=1))
def test_two_binary_variables_at_most_one_bit(pair):
    x, y = pair
    assert 0.0 <= fm.mutual_info_discrete(x, y, base=2) <= 1.0 + 1e-12


def test_entropy_matches_scipy():
    rng = np.random.default_rng(0)
    x = rng.integers(0, 7, 500)
    counts = np.bincount(x)
    assert fm.entropy(x) == pytest.approx(scipy.stats.entropy(counts), rel=1e-14)
    assert fm.entropy(x, base=2) == pytest.approx(scipy.stats.entropy(counts, base=2), rel=1e-14)


@pytest.mark.parametrize("n, levels", [(50, 3), (1000, 10), (5000, 40)])
def test_plugin_mi_matches_sklearn(n, levels):
    rng = np.random.default_rng(n)
    x = rng.integers(0, levels, n)
    y = (x + rng.integers(0, 3, n)) % levels
    assert fm.mutual_info_discrete(x, y) == pytest.approx(mutual_info_score(x, y), abs=1e-12)


@pytest.mark.parametrize(
    "base, scale",
    [
        (2, math.log(2)),
        (math.e, 1.0),
        (10, math.log(10)),
        ("bits", math.log(2)),
        ("nats", 1.0),
        ("e", 1.0),
        ("hartleys", math.log(10)),
    ],
)
def test_base_scales_the_result(base, scale):
    x = [0, 0, 1, 1, 2, 2, 2, 3]
    y = [0, 1, 1, 1, 2, 0, 2, 3]
    z = [1, 1, 1, 0, 0, 0, 1, 0]
    nats = {
        "entropy": fm.entropy(x),
        "joint": fm.joint_entropy(x, y),
        "cond": fm.conditional_entropy(x, y),
        "mi": fm.mutual_info_discrete(x, y),
        "gain": fm.information_gain(x, y),
        "cmi": fm.conditional_mutual_info(x, y, z),
    }
    scaled = {
        "entropy": fm.entropy(x, base=base),
        "joint": fm.joint_entropy(x, y, base=base),
        "cond": fm.conditional_entropy(x, y, base=base),
        "mi": fm.mutual_info_discrete(x, y, base=base),
        "gain": fm.information_gain(x, y, base=base),
        "cmi": fm.conditional_mutual_info(x, y, z, base=base),
    }
    for key, value in nats.items():
        assert scaled[key] == pytest.approx(value / scale, rel=1e-14), key


# ------------------------------------------------------------------ identities
def test_chain_rule_with_joint_columns():
    rng = np.random.default_rng(1)
    x = rng.integers(0, 4, 3000)
    y = (x + rng.integers(0, 2, 3000)) % 4
    z = (y * 2 + rng.integers(0, 3, 3000)) % 5
    joint = fm.mutual_info_discrete(x, np.column_stack([y, z]))
    parts = fm.mutual_info_discrete(x, y) + fm.conditional_mutual_info(x, z, y)
    assert joint == pytest.approx(parts, abs=1e-12)


def test_data_processing_inequality_on_a_markov_chain():
    rng = np.random.default_rng(2)
    n = 20000
    x = rng.integers(0, 6, n)
    y = np.where(rng.random(n) < 0.7, x // 2, rng.integers(0, 3, n))  # depends on x only
    z = np.where(rng.random(n) < 0.7, y, rng.integers(0, 3, n))  # depends on y only
    i_xy = fm.mutual_info_discrete(x, y)
    i_xz = fm.mutual_info_discrete(x, z)
    assert i_xz < i_xy
    assert fm.conditional_mutual_info(x, z, y) < 1e-3  # ~0 up to sampling


@settings(max_examples=40, deadline=None)
@given(label_pairs())
def test_textbook_forms_of_mi_agree(pair):
    x, y = pair
    h_x, h_y = fm.entropy(x), fm.entropy(y)
    forms = [
        fm.mutual_info_discrete(x, y),
        h_x - fm.conditional_entropy(x, y),
        h_y - fm.conditional_entropy(y, x),
        h_x + h_y - fm.joint_entropy(x, y),
        fm.information_gain(x, y),
    ]
    for value in forms[1:]:
        assert value == pytest.approx(forms[0], abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(label_pairs())
def test_mi_properties(pair):
    x, y = pair
    mi = fm.mutual_info_discrete(x, y)
    assert mi >= 0.0
    assert mi == pytest.approx(fm.mutual_info_discrete(y, x), abs=1e-12)
    assert fm.mutual_info_discrete(x, x) == pytest.approx(fm.entropy(x), abs=1e-12)
    assert mi <= min(fm.entropy(x), fm.entropy(y)) + 1e-12
    assert mi == pytest.approx(mutual_info_score(x, y), abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(label_pairs(), st.permutations(range(5)))
def test_relabelling_invariance(pair, perm):
    x, y = pair
    expected = fm.mutual_info_discrete(x, y)
    words = np.array(["zero", "one", "two", "three", "four"])
    variants = [
        (np.array(perm)[x], y),
        (words[x], y),
        (x.astype(np.int8), y.astype(np.uint16)),
        (x.astype(np.int32) - 2**30, y.astype(np.uint64) + np.uint64(2**63)),
        (x * 10**15, y),  # wide range: the hash path
        (x.astype(np.float32) + 0.5, y.astype(np.float64)),
        (words[x].astype(object), list(y)),
        (pd.Series(words[x]), pd.Categorical(y)),
        (pd.Series(x), pd.Series(words[y], dtype="category")),
    ]
    for a, b in variants:
        assert fm.mutual_info_discrete(a, b) == pytest.approx(expected, abs=1e-12)
    bx = x % 2 == 0
    assert fm.mutual_info_discrete(bx, y) == pytest.approx(
        fm.mutual_info_discrete(bx.astype(int), y), abs=1e-12
    )


def test_strided_read_only_and_big_endian_arrays():
    rng = np.random.default_rng(10)
    both = rng.integers(0, 6, (500, 2))
    x, y = both[:, 0], both[:, 1]  # strided views
    expected = mutual_info_score(x, y)
    frozen = x.copy()
    frozen.setflags(write=False)
    assert fm.mutual_info_discrete(x, y) == pytest.approx(expected, abs=1e-12)
    assert fm.mutual_info_discrete(frozen, y) == pytest.approx(expected, abs=1e-12)
    assert fm.mutual_info_discrete(x.astype(">i8"), y) == pytest.approx(expected, abs=1e-12)
    assert not x.flags.c_contiguous  # the data were not copied or changed
    assert np.array_equal(both[:, 0], x)


def test_object_labels_with_mixed_types():
    x = np.array([1, "a", 2.5, "a", 1, (1, 2)], dtype=object)
    y = [0, 1, 2, 1, 0, 3]
    assert fm.mutual_info_discrete(x, y) == pytest.approx(fm.entropy(y), abs=1e-14)


def test_dataframe_columns_are_taken_jointly():
    rng = np.random.default_rng(3)
    a, b = rng.integers(0, 3, 200), rng.choice(["u", "v"], 200)
    y = rng.integers(0, 4, 200)
    frame = pd.DataFrame({"a": a, "b": b})
    codes = a * 2 + (b == "v")
    assert fm.mutual_info_discrete(frame, y) == pytest.approx(
        fm.mutual_info_discrete(codes, y), abs=1e-14
    )
    assert fm.entropy(frame) == pytest.approx(fm.joint_entropy(a, b), abs=1e-14)


@pytest.mark.parametrize("estimator", ["plugin", "james_stein"])
def test_joint_entropy_of_many_variables_matches_reference(estimator):
    rng = np.random.default_rng(9)
    columns = [rng.integers(0, k, 200) for k in (2, 3, 4, 5)]
    expected = reference.joint_entropy(*columns, estimator=estimator)
    got = fm.joint_entropy(*columns, estimator=estimator)
    assert got == pytest.approx(expected, rel=1e-12)
    assert fm.entropy(np.column_stack(columns), estimator=estimator) == pytest.approx(
        expected, rel=1e-12
    )


def test_results_do_not_depend_on_n_jobs():
    rng = np.random.default_rng(4)
    n = 2**17 + 12345  # above the parallel threshold: chunked counting
    x = rng.integers(0, 10, n)
    y = (x + rng.integers(0, 5, n)) % 20
    z = rng.integers(0, 3, n)
    for func, args in [
        (fm.mutual_info_discrete, (x, y)),
        (fm.entropy, (x,)),
        (fm.conditional_mutual_info, (x, y, z)),
        (fm.conditional_entropy, (y, x)),
    ]:
        values = {func(*args, n_jobs=n_jobs) for n_jobs in (1, 2, 3, -1)}
        assert len(values) == 1, func.__name__


def test_many_levels_take_the_sparse_path():
    # 3000 x 3000 levels in 5000 samples: the joint table would have 9e6
    # cells, so it is counted sparsely; results equal the reference.
    rng = np.random.default_rng(5)
    x = rng.integers(0, 3000, 5000)
    y = (x + rng.integers(0, 2, 5000)) % 3000
    for estimator in [e for e in ESTIMATORS if e != "nsb"]:  # NSB: see test_estimators
        got = fm.mutual_info_discrete(x, y, estimator=estimator)
        assert got == pytest.approx(reference.mutual_info(x, y, estimator), rel=1e-9, abs=1e-9)
    assert fm.mutual_info_discrete(x, y) == pytest.approx(mutual_info_score(x, y), abs=1e-12)


# ------------------------------------------------------- estimators from data
@pytest.mark.parametrize("estimator", ESTIMATORS)
def test_estimators_match_reference_from_data(estimator):
    rng = np.random.default_rng(6)
    n = 60
    x = rng.integers(0, 4, n)
    y = (x + rng.integers(0, 3, n)) % 5
    z = rng.integers(0, 2, n)
    tol = {"rel": 1e-9, "abs": 1e-9}
    got = fm.entropy(x, estimator=estimator)
    assert got == pytest.approx(reference.entropy(x, estimator), **tol)
    got = fm.joint_entropy(x, y, estimator=estimator)
    assert got == pytest.approx(reference.joint_entropy(x, y, estimator=estimator), **tol)
    got = fm.mutual_info_discrete(x, y, estimator=estimator)
    assert got == pytest.approx(reference.mutual_info(x, y, estimator), **tol)
    got = fm.conditional_entropy(x, y, estimator=estimator)
    assert got == pytest.approx(reference.conditional_entropy(x, y, estimator), **tol)
    got = fm.conditional_mutual_info(x, y, z, estimator=estimator)
    assert got == pytest.approx(reference.conditional_mutual_info(x, y, z, estimator), **tol)


@pytest.mark.parametrize("estimator", ["james_stein", "nsb", "miller_madow"])
def test_joint_columns_have_the_product_alphabet(estimator):
    # K of a variable made of columns is the product of their numbers of
    # levels, here 3 x 2 = 6 although only 4 combinations occur.
    rng = np.random.default_rng(8)
    a = rng.integers(0, 3, 40)
    b = np.where(a == 0, rng.integers(0, 2, 40), 1)
    y = (a + rng.integers(0, 2, 40)) % 3
    ab = np.column_stack([a, b])
    tol = {"rel": 1e-9, "abs": 1e-9}
    assert fm.entropy(ab, estimator=estimator) == pytest.approx(
        reference.entropy(ab, estimator), **tol
    )
    assert fm.mutual_info_discrete(ab, y, estimator=estimator) == pytest.approx(
        reference.mutual_info(ab, y, estimator), **tol
    )
    assert fm.conditional_mutual_info(y, a, ab, estimator=estimator) == pytest.approx(
        reference.conditional_mutual_info(y, a, ab, estimator), **tol
    )


@settings(max_examples=25, deadline=None)
@given(label_pairs(), st.sampled_from([e for e in ESTIMATORS if e != "nsb"]))
def test_fast_estimators_match_reference_on_random_labels(pair, estimator):
    x, y = pair
    got = fm.mutual_info_discrete(x, y, estimator=estimator)
    assert got == pytest.approx(reference.mutual_info(x, y, estimator), rel=1e-10, abs=1e-10)


def test_corrected_mi_is_larger_than_plugin_bias_allows():
    # Independent variables, few samples: plug-in MI is biased up by about
    # (kx-1)(ky-1)/2N; Miller-Madow removes that first-order bias exactly.
    x, y = labels_from_counts(np.full((4, 4), 3))
    plugin = fm.mutual_info_discrete(x, y)
    mm = fm.mutual_info_discrete(x, y, estimator="miller_madow")
    assert plugin == pytest.approx(0.0, abs=1e-14)
    n = 48
    assert mm == pytest.approx((3 + 3 - 15) / (2 * n), abs=1e-14)


# ----------------------------------------------------- between distributions
@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0.01, 10), min_size=1, max_size=8), st.data())
def test_kl_and_cross_entropy_match_scipy(p, data):
    q = data.draw(st.lists(st.floats(0.01, 10), min_size=len(p), max_size=len(p)))
    p = np.array(p) / np.sum(p)
    q = np.array(q) / np.sum(q)
    kl = fm.kl_divergence(p, q, kind="probability")
    assert kl == pytest.approx(scipy.stats.entropy(p, q), rel=1e-12, abs=1e-14)
    assert fm.kl_divergence(p, q, base=2) == pytest.approx(
        scipy.stats.entropy(p, q, base=2), rel=1e-12, abs=1e-14
    )
    h_pq = fm.cross_entropy(p, q)
    assert h_pq == pytest.approx(scipy.stats.entropy(p) + kl, rel=1e-12, abs=1e-14)
    assert h_pq == pytest.approx(reference.cross_entropy(p, q), rel=1e-12, abs=1e-14)


def test_kl_of_counts_and_infinite_cases():
    assert fm.kl_divergence([2, 2], [1, 3]) == pytest.approx(scipy.stats.entropy([2, 2], [1, 3]))
    assert fm.kl_divergence([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert fm.cross_entropy([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert fm.kl_divergence([1.0, 0.0], [0.5, 0.5], base=2) == 1.0
    assert fm.kl_divergence(np.eye(2) / 2, np.full((2, 2), 0.25), base=2) == 1.0


# ---------------------------------------------------------------------- errors
@pytest.mark.parametrize(
    "call, error, match",
    [
        (
            lambda: fm.mutual_info_discrete([1, 2, 3], [1, 2]),
            ValueError,
            "same number of samples.*x has 3, y has 2",
        ),
        (lambda: fm.conditional_mutual_info([1, 2], [1, 2], [1]), ValueError, "z has 1"),
        (lambda: fm.entropy([]), ValueError, "x is empty; entropy needs at least one"),
        (
            lambda: fm.mutual_info_discrete(np.array([], dtype=np.int64), [1]),
            ValueError,
            "x is empty",
        ),
        (lambda: fm.entropy(np.zeros((0, 2))), ValueError, "x is empty"),
        (lambda: fm.entropy(np.zeros((3, 0))), ValueError, "x has no columns"),
        (
            lambda: fm.entropy([1.0, np.nan, np.nan]),
            ValueError,
            r"x contains 2 missing labels \(NaN or None\); drop them",
        ),
        (
            lambda: fm.mutual_info_discrete([1, 2], ["a", None]),
            ValueError,
            "y contains 1 missing labels",
        ),
        (lambda: fm.entropy(np.array([1, None], dtype=object)), ValueError, "1 missing labels"),
        (lambda: fm.entropy(pd.Series(["a", None, "b"])), ValueError, "1 missing labels"),
        (lambda: fm.entropy(pd.Categorical(["a", None])), ValueError, "1 missing labels"),
        (
            lambda: fm.entropy(np.array(["2020-01-01", "NaT"], dtype="datetime64[D]")),
            ValueError,
            "1 missing labels",
        ),
        (
            lambda: fm.entropy(np.zeros((2, 2, 2))),
            ValueError,
            r"x must be 1-D labels or a 2-D array .* got shape \(2, 2, 2\)",
        ),
        (lambda: fm.entropy(np.int64(3)), ValueError, r"x must be 1-D .* got shape \(\)"),
        (
            lambda: fm.entropy(np.array([1j, 2j])),
            TypeError,
            "x has dtype complex128, which fastmi cannot use as labels",
        ),
        (
            lambda: fm.entropy([1, 2], base=1),
            fm.InvalidParameterError,
            "The 'base' parameter of entropy must be a real number > 1",
        ),
        (
            lambda: fm.mutual_info_discrete([1], [2], base="furlongs"),
            ValueError,
            "'base' parameter of mutual_info_discrete",
        ),
        (lambda: fm.entropy([1, 2], base=True), TypeError, "'base' parameter"),
        (
            lambda: fm.entropy([1, 2], estimator="magic"),
            fm.InvalidParameterError,
            "The 'estimator' parameter of entropy must be one of .*'nsb'.* Got 'magic'",
        ),
        (
            lambda: fm.entropy([1, 2], n_jobs=0),
            fm.InvalidParameterError,
            r"The 'n_jobs' parameter of entropy must be None, -1 or an int >= 1. Got 0.",
        ),
        (lambda: fm.conditional_entropy([1, 2], [1, 2], n_jobs=-2), ValueError, "n_jobs"),
        (lambda: fm.joint_entropy(), TypeError, "joint_entropy needs at least one variable"),
        (
            lambda: fm.kl_divergence([0.5, 0.5], [1.0]),
            ValueError,
            r"p and q must have the same shape in kl_divergence; got \(2,\) and \(1,\)",
        ),
        (
            lambda: fm.cross_entropy([0.5, 0.5], [0.2, 0.2, 0.6]),
            ValueError,
            "p and q must have the same shape in cross_entropy",
        ),
        (
            lambda: fm.kl_divergence([0.5, 0.6], [0.5, 0.5]),
            ValueError,
            "p sums to 1.1, not 1; pass a probability table, or kind='counts'",
        ),
        (lambda: fm.kl_divergence([0.5, 0.5], [-0.5, 1.5]), ValueError, "q has 1 negative entries"),
        (
            lambda: fm.cross_entropy([0.5, 0.5], [0.5, 0.5], kind="odds"),
            ValueError,
            "The 'kind' parameter of cross_entropy",
        ),
        (lambda: fm.kl_divergence([0.5, np.nan], [0.5, 0.5]), ValueError, "p contains 1 NaN"),
    ],
)
def test_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_float_labels_that_look_continuous_warn():
    x = np.linspace(0, 1, 50) + 0.001
    with pytest.warns(UserWarning, match="looks continuous.*Bin it first"):
        fm.entropy(x)
