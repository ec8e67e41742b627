"""Clustering comparison: parity with scikit-learn and the reference, edge cases, errors."""

import math
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn import metrics as skm

import fastmi as fm
from fastmi import _table, clustering
from fastmi import reference as ref
from fastmi._encoding import encode

METHODS = ("arithmetic", "geometric", "min", "max")


@pytest.fixture
def rng():
    return np.random.default_rng(20261122)


@st.composite
def labelings(draw, max_n=60):
    """Two labelings of the same n samples, with between 1 and n clusters each."""
    n = draw(st.integers(1, max_n))
    k_a = draw(st.integers(1, n))
    k_b = draw(st.integers(1, n))
    a = draw(st.lists(st.integers(0, k_a - 1), min_size=n, max_size=n))
    b = draw(st.lists(st.integers(0, k_b - 1), min_size=n, max_size=n))
    return np.array(a), np.array(b)


def _min_is_degenerate(a, b):
    """AMI with the min mean is 0/0 when one labeling is all singletons."""
    n = len(a)
    return len(np.unique(a)) == n or len(np.unique(b)) == n


def close(x, y, tol=1e-10):
    return abs(x - y) <= tol * max(1.0, abs(y))


# ------------------------------------------------------- scikit-learn parity
@settings(max_examples=150, deadline=None)
@given(labelings())
def test_matches_sklearn_on_small_labelings(pair):
    a, b = pair
    for method in METHODS:
        nmi = fm.normalized_mutual_info(a, b, average_method=method)
        assert close(nmi, skm.normalized_mutual_info_score(a, b, average_method=method))
        assert 0.0 <= nmi <= 1.0
        if method == "min" and _min_is_degenerate(a, b) and len(set(a)) != len(set(b)):
            continue  # 0/0, where scikit-learn returns +-eps/eps; see the test below
        ami = fm.adjusted_mutual_info(a, b, average_method=method)
        assert close(ami, skm.adjusted_mutual_info_score(a, b, average_method=method))
    for beta in (0.5, 1.0, 3.0):
        ours = fm.homogeneity_completeness_v_measure(a, b, beta=beta)
        theirs = skm.homogeneity_completeness_v_measure(a, b, beta=beta)
        assert all(close(x, y) for x, y in zip(ours, theirs, strict=True))


@pytest.mark.parametrize(
    "n, k_a, k_b",
    [(50, 2, 3), (500, 10, 40), (2000, 50, 50), (3000, 1500, 1500), (5000, 300, 7)],
)
def test_matches_sklearn_on_random_labelings(rng, n, k_a, k_b):
    a = rng.integers(0, k_a, n)
    b = rng.integers(0, k_b, n)
    for method in METHODS:
        assert close(
            fm.normalized_mutual_info(a, b, average_method=method),
            skm.normalized_mutual_info_score(a, b, average_method=method),
        )
        assert close(
            fm.adjusted_mutual_info(a, b, average_method=method),
            skm.adjusted_mutual_info_score(a, b, average_method=method),
        )
    ours = fm.homogeneity_completeness_v_measure(a, b)
    assert all(
        close(x, y) for x, y in zip(ours, skm.homogeneity_completeness_v_measure(a, b), strict=True)
    )


def test_matches_sklearn_on_dependent_labelings(rng):
    a = rng.integers(0, 30, 4000)
    b = np.where(rng.random(4000) < 0.7, a // 2, rng.integers(0, 15, 4000))
    for method in METHODS:
        ami = fm.adjusted_mutual_info(a, b, average_method=method)
        assert 0.3 < ami < 1.0
        assert close(ami, skm.adjusted_mutual_info_score(a, b, average_method=method))


def test_sparse_contingency_path_matches(rng):
    # 1500 x 1500 clusters in 3000 samples: far more cells than samples.
    a = rng.integers(0, 1500, 3000)
    b = rng.integers(0, 1500, 3000)
    func = "adjusted_mutual_info"
    table = _table.from_labels([encode(a, "a", func), encode(b, "b", func)], 1)
    assert table.dense is None
    h_a, h_b, h_ab, mi = ref.clustering_entropies(a, b)
    assert close(fm.variation_of_information(a, b), h_a + h_b - 2 * mi, 1e-12)
    assert close(fm.expected_mutual_info(a, b), ref.expected_mutual_info_exact(a, b), 1e-13)


# ------------------------------------------------------------- expected MI
@settings(max_examples=100, deadline=None)
@given(labelings(max_n=40))
def test_expected_mi_matches_reference(pair):
    a, b = pair
    expected = ref.expected_mutual_info(a, b)
    assert abs(fm.expected_mutual_info(a, b) - expected) <= 1e-12 * max(expected, 1e-300)


@pytest.mark.parametrize(
    "sizes_a, sizes_b",
    [
        ([300, 300, 400], [100] * 10),  # large clusters
        (list(range(1, 41)), list(range(1, 41))),  # many distinct sizes
        ([1] * 500, [250, 250]),  # singletons
        ([999, 1], [500, 499, 1]),  # one dominant cluster
    ],
)
def test_expected_mi_exact_where_log_gamma_loses_digits(rng, sizes_a, sizes_b):
    a = rng.permutation(np.repeat(np.arange(len(sizes_a)), sizes_a))
    b = np.repeat(np.arange(len(sizes_b)), sizes_b)
    exact = ref.expected_mutual_info_exact(a, b)
    assert abs(fm.expected_mutual_info(a, b) - exact) <= 1e-13 * exact


def test_expected_mi_closed_forms():
    # All-singleton a: every relabeling has MI = H(b).
    b = np.repeat([0, 1, 2], [5, 3, 2])
    assert math.isclose(fm.expected_mutual_info(np.arange(10), b), ref.entropy(b), rel_tol=1e-14)
    # A single cluster on either side: EMI = 0 exactly.
    assert fm.expected_mutual_info(np.zeros(10), b) == 0.0
    assert fm.expected_mutual_info(b, np.zeros(10)) == 0.0
    # n = 2, two singletons each: MI is log 2 for both pairings.
    assert math.isclose(fm.expected_mutual_info([0, 1], [0, 1], base=2), 1.0, rel_tol=1e-15)


def test_expected_mi_units_and_symmetry(rng):
    a = rng.integers(0, 7, 300)
    b = rng.integers(0, 11, 300)
    nats = fm.expected_mutual_info(a, b)
    assert math.isclose(fm.expected_mutual_info(a, b, base=2), nats / math.log(2), rel_tol=1e-15)
    assert math.isclose(fm.expected_mutual_info(b, a), nats, rel_tol=1e-14)


def test_results_do_not_depend_on_n_jobs(rng):
    # Enough distinct size pairs that the work is split into chunks.
    a = rng.integers(0, 1000, 100_000)
    b = rng.integers(0, 800, 100_000)
    emi = [fm.expected_mutual_info(a, b, n_jobs=j) for j in (1, 2, 3, 4)]
    assert emi[0] > 0 and len(set(emi)) == 1
    ami = {fm.adjusted_mutual_info(a, b, n_jobs=j) for j in (1, 2, 4)}
    assert len(ami) == 1


def test_balanced_bounds_cover_all_rows():
    costs = np.array([1.0, 100.0, 1.0, 1.0, 50.0, 50.0, 1.0])
    for n_chunks in range(1, 12):
        bounds = clustering._balanced_bounds(costs, n_chunks)
        assert bounds[0][0] == 0 and bounds[-1][1] == len(costs)
        assert all(lo < hi for lo, hi in bounds)
        assert all(x[1] == y[0] for x, y in pairwise(bounds))


# -------------------------------------------------------------- edge cases
@settings(max_examples=60, deadline=None)
@given(labelings(max_n=200), st.randoms(use_true_random=False))
def test_identical_partitions_score_exactly_one(pair, random):
    a, _ = pair
    ids = list(set(a.tolist()))
    names = [f"c{i}" for i in range(len(ids))]
    random.shuffle(names)
    b = np.array([names[ids.index(x)] for x in a.tolist()])  # same partition, new ids
    for method in METHODS:
        assert fm.normalized_mutual_info(a, b, average_method=method) == 1.0
        assert fm.adjusted_mutual_info(a, b, average_method=method) == 1.0
    assert fm.homogeneity_completeness_v_measure(a, b) == (1.0, 1.0, 1.0)
    assert fm.variation_of_information(a, b) == 0.0


def test_identical_large_labelings_ami_is_one(rng):
    # scikit-learn returned nan (#8067) or +-eps/eps (#30950) on such inputs.
    a = rng.integers(0, 3000, 10_000)
    assert fm.adjusted_mutual_info(a, a) == 1.0
    assert fm.adjusted_mutual_info(np.arange(1000), np.arange(1000)[::-1]) == 1.0
    assert fm.adjusted_mutual_info([1, 2, 3], [1, 2, 3]) == 1.0


def test_single_cluster_and_constant_labelings():
    n = 12
    const = np.zeros(n, dtype=int)
    other = np.arange(n) % 3
    assert fm.normalized_mutual_info(const, const + 5) == 1.0
    assert fm.adjusted_mutual_info(const, const) == 1.0
    for method in METHODS:
        assert fm.normalized_mutual_info(const, other, average_method=method) == 0.0
        assert fm.adjusted_mutual_info(other, const, average_method=method) == 0.0
    assert fm.homogeneity_completeness_v_measure(const, other) == (1.0, 0.0, 0.0)
    assert fm.homogeneity_completeness_v_measure(other, const) == (0.0, 1.0, 0.0)
    assert fm.variation_of_information(const, other) == pytest.approx(math.log(3), rel=1e-14)
    assert fm.normalized_mutual_info([7], ["x"]) == 1.0


def test_all_singletons():
    n = 50
    singletons = np.arange(n)
    halves = np.arange(n) // 25
    assert fm.normalized_mutual_info(singletons, singletons[::-1]) == 1.0
    assert close(
        fm.normalized_mutual_info(singletons, halves),
        skm.normalized_mutual_info_score(singletons, halves),
    )
    # Every relabeling of all-singleton labels reaches MI = H(halves): AMI = 0
    # with the arithmetic mean, 0/0 (returned as 1) with the min mean.
    assert abs(fm.adjusted_mutual_info(singletons, halves)) < 1e-14
    assert fm.adjusted_mutual_info(singletons, halves, average_method="min") == 1.0


# --------------------------------------------------------------- properties
@settings(max_examples=100, deadline=None)
@given(labelings(max_n=80))
def test_scores_are_symmetric_and_bounded(pair):
    a, b = pair
    for method in METHODS:
        nmi = fm.normalized_mutual_info(a, b, average_method=method)
        assert 0.0 <= nmi <= 1.0
        assert close(nmi, fm.normalized_mutual_info(b, a, average_method=method), 1e-13)
    assert close(fm.adjusted_mutual_info(a, b), fm.adjusted_mutual_info(b, a), 1e-12)
    assert fm.adjusted_mutual_info(a, b) <= 1.0
    h, c, v = fm.homogeneity_completeness_v_measure(a, b)
    assert 0.0 <= min(h, c, v) and max(h, c, v) <= 1.0
    assert close(v, fm.normalized_mutual_info(a, b), 1e-12) or min(h, c) == 1.0
    c2, h2, v2 = fm.homogeneity_completeness_v_measure(b, a)
    assert close(h, h2, 1e-13) and close(c, c2, 1e-13) and close(v, v2, 1e-13)


@settings(max_examples=100, deadline=None)
@given(labelings(max_n=80), st.integers(0, 2**32 - 1))
def test_variation_of_information_is_a_metric(pair, seed):
    a, b = pair
    c = np.random.default_rng(seed).integers(0, 4, len(a))
    vi = fm.variation_of_information
    h_a, h_b, h_ab, mi = ref.clustering_entropies(a, b)
    assert abs(vi(a, b) - (h_a + h_b - 2 * mi)) <= 1e-12
    assert abs(vi(a, b, normalized=True) - ref.variation_of_information(a, b, True)) <= 1e-12
    assert 0.0 <= vi(a, b, normalized=True) <= 1.0
    assert vi(a, b) <= math.log(len(a)) + 1e-12
    assert abs(vi(a, b) - vi(b, a)) <= 1e-12
    assert vi(a, c) <= vi(a, b) + vi(b, c) + 1e-12


def test_variation_of_information_units():
    a, b = [0, 0, 1, 1, 2, 2], [0, 1, 0, 1, 0, 0]
    nats = fm.variation_of_information(a, b)
    assert math.isclose(fm.variation_of_information(a, b, base=2), nats / math.log(2))
    assert math.isclose(fm.variation_of_information(a, b, base="hartleys"), nats / math.log(10))
    h_a, h_b, h_ab, _ = ref.clustering_entropies(a, b)
    assert math.isclose(fm.variation_of_information(a, b, normalized=True), nats / h_ab)


def test_reference_scores_agree_with_sklearn(rng):
    a = rng.integers(0, 6, 200)
    b = rng.integers(0, 4, 200)
    for method in METHODS:
        assert close(
            ref.adjusted_mutual_info(a, b, method),
            skm.adjusted_mutual_info_score(a, b, average_method=method),
        )
        assert close(
            ref.normalized_mutual_info(a, b, method),
            skm.normalized_mutual_info_score(a, b, average_method=method),
        )
    ours = ref.homogeneity_completeness_v_measure(a, b)
    assert all(
        close(x, y) for x, y in zip(ours, skm.homogeneity_completeness_v_measure(a, b), strict=True)
    )


# ------------------------------------------------------------ label dtypes
def test_any_label_dtype(rng):
    import pandas as pd

    a = rng.integers(0, 5, 300)
    b = rng.integers(0, 4, 300)
    expected = fm.adjusted_mutual_info(a, b)
    names = np.array(["ant", "bee", "cat", "dog", "eel"])
    variants = [
        (names[a], b),
        (a.astype(np.float32), b.astype(np.uint8)),
        (a * 1_000_003 - 7, b),  # wide range: hashed codes
        (names[a].astype(object), b.astype(str)),
        (pd.Series(names[a]), pd.Categorical(b)),
        (a.tolist(), tuple(b.tolist())),
    ]
    for x, y in variants:
        got = fm.adjusted_mutual_info(x, y)
        assert close(got, expected, 1e-14)
    assert fm.adjusted_mutual_info(a, b == 1) == pytest.approx(
        skm.adjusted_mutual_info_score(a, b == 1), rel=1e-10
    )


def test_continuous_float_labels_warn(rng):
    x = rng.normal(size=100)
    y = rng.normal(size=100)
    with pytest.warns(UserWarning, match="looks continuous"):
        fm.normalized_mutual_info(x, y)


# ------------------------------------------------------------------ errors
ALL = [
    fm.normalized_mutual_info,
    fm.adjusted_mutual_info,
    fm.expected_mutual_info,
    fm.variation_of_information,
    fm.homogeneity_completeness_v_measure,
]


@pytest.mark.parametrize("func", ALL)
def test_bad_labels_raise(func):
    import pandas as pd

    name = func.__name__
    with pytest.raises(ValueError, match="same number of samples.*a has 3, b has 2"):
        func([0, 1, 0], [0, 1])
    with pytest.raises(ValueError, match=f"a must be a 1-D array of cluster labels in {name}"):
        func(np.zeros((4, 2)), [0, 1, 0, 1])
    with pytest.raises(ValueError, match=r"b must be a 1-D array.*got shape \(4, 1\)"):
        func([0, 1, 0, 1], pd.DataFrame({"c": [0, 1, 1, 0]}))
    with pytest.raises(ValueError, match=r"b must be a 1-D array.*got shape \(\)"):
        func([0, 1], 3)
    with pytest.raises(ValueError, match="b contains 1 missing labels"):
        func([0, 1, 1], [0.5, np.nan, 1.5])
    with pytest.raises(ValueError, match=f"a is empty; {name} needs at least one sample"):
        func([], [])
    with pytest.raises(ValueError, match=f"'n_jobs' parameter of {name}"):
        func([0, 1], [0, 1], n_jobs=0)


def test_bad_parameters_raise():
    a, b = [0, 1, 1], [0, 0, 1]
    for func in (fm.normalized_mutual_info, fm.adjusted_mutual_info):
        with pytest.raises(
            ValueError, match=f"The 'average_method' parameter of {func.__name__} must be one of"
        ):
            func(a, b, average_method="harmonic")
    with pytest.raises(ValueError, match="'beta' parameter of homogeneity_completeness_v_measure"):
        fm.homogeneity_completeness_v_measure(a, b, beta=-1.0)
    with pytest.raises(ValueError, match="'base' parameter of variation_of_information"):
        fm.variation_of_information(a, b, base=1)
    with pytest.raises(ValueError, match="'base' parameter of expected_mutual_info"):
        fm.expected_mutual_info(a, b, base="decibels")
    with pytest.raises(TypeError, match="'normalized' parameter of variation_of_information"):
        fm.variation_of_information(a, b, normalized="yes")
