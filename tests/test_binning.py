"""Binned MI: parity with numpy histograms, bin edges and codes, estimators,
constant columns and every error."""

import math
import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fastmi as fm
import fastmi.reference as ref
from fastmi import _validation as v
from fastmi.binning import _uniform_codes, bin_edges, binned_mi, digitize
from fastmi.discrete import entropy

RULES = ["auto", "fd", "doane", "scott", "rice", "sturges", "sqrt"]


@pytest.fixture
def rng(request):
    return np.random.default_rng(zlib.crc32(request.node.name.encode()))


def noisy_pair(rng, n):
    x = rng.standard_normal(n)
    return x, x + rng.standard_normal(n)


def plugin_mi_of_counts(counts):
    p = counts / counts.sum()
    px, py = p.sum(axis=1, keepdims=True), p.sum(axis=0, keepdims=True)
    nz = p > 0
    return float(np.sum(p[nz] * np.log(p[nz] / (px * py)[nz])))


# ---------------------------------------------------------- parity with numpy
@pytest.mark.parametrize("bins", [*RULES, 1, 2, 7, 40])
def test_uniform_binned_mi_equals_numpy_histogram2d(bins, rng):
    x, y = noisy_pair(rng, 700)
    counts, _, _ = np.histogram2d(
        x, y, bins=[np.histogram_bin_edges(x, bins), np.histogram_bin_edges(y, bins)]
    )
    expected = plugin_mi_of_counts(counts)
    assert binned_mi(x, y, bins=bins) == pytest.approx(expected, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("bins", ["sturges", 4])
def test_multivariate_binned_mi_equals_reference_histogramdd(bins, rng):
    x = rng.standard_normal((400, 2))
    y = np.column_stack([x.sum(axis=1) + rng.standard_normal(400), rng.standard_normal(400)])
    expected = ref.histogram_mi(x, y, bins=bins)
    assert binned_mi(x, y, bins=bins) == pytest.approx(expected, rel=1e-12)


def test_values_on_edges_are_binned_as_numpy_does(rng):
    # Integer data puts many samples exactly on uniform edges, including the last.
    x = rng.integers(0, 9, 500).astype(float)
    y = (x + rng.integers(0, 3, 500)).astype(float)
    edges_xy = [np.histogram_bin_edges(x, 4), np.histogram_bin_edges(y, 4)]
    counts, _, _ = np.histogram2d(x, y, bins=edges_xy)
    assert binned_mi(x, y, bins=4) == pytest.approx(plugin_mi_of_counts(counts), rel=1e-12)
    edges = np.histogram_bin_edges(x, 4)
    np.testing.assert_array_equal(
        np.bincount(digitize(x, edges), minlength=4), np.histogram(x, edges)[0]
    )


# ---------------------------------------------------------- edges and codes
@pytest.mark.parametrize("bins", [*RULES, 3])
def test_uniform_edges_are_numpy_edges(bins, rng):
    x = rng.gamma(2.0, size=300)
    np.testing.assert_array_equal(bin_edges(x, bins=bins), np.histogram_bin_edges(x, bins))


@pytest.mark.parametrize("n, bins", [(1000, 10), (997, 7), (50, "sturges")])
def test_quantile_bins_hold_equal_counts(n, bins, rng):
    x = rng.lognormal(size=n)
    edges = bin_edges(x, bins=bins, strategy="quantile")
    k = len(np.histogram_bin_edges(x, bins)) - 1
    counts = np.bincount(digitize(x, edges), minlength=k)
    assert len(edges) == k + 1 and edges[0] == x.min() and edges[-1] == x.max()
    assert counts.max() - counts.min() <= 1


def test_quantile_edges_merge_on_ties(rng):
    x = np.concatenate([np.zeros(80), rng.standard_normal(20)])
    edges = bin_edges(x, bins=10, strategy="quantile")
    assert np.all(np.diff(edges) > 0) and len(edges) < 11
    codes = digitize(x, edges)
    assert codes.min() == 0 and codes.max() == len(edges) - 2


def test_constant_data_gets_one_bin_for_both_strategies():
    for strategy in ("uniform", "quantile"):
        edges = bin_edges(np.full(10, 2.0), bins=5, strategy=strategy)
        assert np.all(digitize(np.full(10, 2.0), edges) == digitize([2.0], edges)[0])


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 200),
    bins=st.one_of(st.integers(1, 30), st.sampled_from(RULES)),
    strategy=st.sampled_from(["uniform", "quantile"]),
)
def test_codes_are_in_range_and_monotone(seed, n, bins, strategy):
    x = np.round(np.random.default_rng(seed).standard_normal(n), 1)
    edges = bin_edges(x, bins=bins, strategy=strategy)
    codes = digitize(x, edges)
    assert codes.dtype == np.int64 and codes.min() >= 0 and codes.max() <= len(edges) - 2
    order = np.argsort(x, kind="stable")
    assert np.all(np.diff(codes[order]) >= 0)


# ---------------------------------------------------------- estimators and properties
def test_miller_madow_adds_the_occupied_bin_correction(rng):
    x, y = noisy_pair(rng, 300)
    bx = np.histogram_bin_edges(x, 6)
    by = np.histogram_bin_edges(y, 6)
    counts, _, _ = np.histogram2d(x, y, bins=[bx, by])
    occupied = lambda c: int(np.count_nonzero(c))
    correction = (occupied(counts.sum(1)) + occupied(counts.sum(0)) - occupied(counts) - 1) / (
        2 * 300
    )
    expected = plugin_mi_of_counts(counts) + correction
    got = binned_mi(x, y, bins=6, estimator="miller_madow")
    assert got == pytest.approx(expected, rel=1e-12)


def test_binned_mi_of_a_variable_with_itself_is_its_binned_entropy(rng):
    x = rng.standard_normal(500)
    for strategy in ("uniform", "quantile"):
        codes = digitize(x, bin_edges(x, bins=12, strategy=strategy))
        assert binned_mi(x, x, bins=12, strategy=strategy) == pytest.approx(entropy(codes))
    # 500 samples in 10 equal-frequency bins of 50: H = log 10.
    assert binned_mi(x, x, bins=10, strategy="quantile") == pytest.approx(math.log(10))


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    bins=st.one_of(st.integers(1, 20), st.sampled_from(RULES)),
    strategy=st.sampled_from(["uniform", "quantile"]),
)
def test_binned_mi_is_symmetric_and_in_bounds(seed, bins, strategy):
    x, y = noisy_pair(np.random.default_rng(seed), 150)
    mi = binned_mi(x, y, bins=bins, strategy=strategy)
    assert mi == pytest.approx(binned_mi(y, x, bins=bins, strategy=strategy), abs=1e-12)
    hx = binned_mi(x, x, bins=bins, strategy=strategy)
    assert -1e-12 <= mi <= hx + 1e-12


def test_quantile_strategy_is_invariant_to_increasing_maps_when_counts_split_evenly(rng):
    # n = 10 * k: every quantile edge falls between two samples, so the codes
    # are the rank deciles whatever the increasing map.
    x, y = noisy_pair(rng, 1000)
    expected = binned_mi(x, y, bins=10, strategy="quantile")
    got = binned_mi(np.exp(x), y**3, bins=10, strategy="quantile")
    assert got == pytest.approx(expected, rel=1e-12)


def test_base_converts_units(rng):
    x, y = noisy_pair(rng, 300)
    nats = binned_mi(x, y, bins=5)
    assert binned_mi(x, y, bins=5, base="bits") == pytest.approx(nats / math.log(2))


def test_constant_column_warns_and_gives_zero(rng):
    x = rng.standard_normal(100)
    with pytest.warns(v.ConstantColumnWarning, match=r"Constant columns of y .*: 0;.*binned_mi"):
        assert binned_mi(x, np.zeros(100)) == 0.0
    with pytest.warns(v.ConstantColumnWarning, match=r"of x carry no information: 1"):
        got = binned_mi(np.column_stack([x, np.ones(100)]), x, bins=5)
    assert got == pytest.approx(binned_mi(x, x, bins=5))


def test_front_door_binned(rng):
    x, y = noisy_pair(rng, 200)
    got = fm.mutual_info(x, y, method="binned", bins=7, strategy="quantile")
    assert got == binned_mi(x, y, bins=7, strategy="quantile")
    assert fm.binned_mi is binned_mi


# ---------------------------------------------------------- errors
@pytest.mark.parametrize("bins", ["foo", "stone", 0, -3, 2.5, True, None])
def test_bad_bins_are_rejected(bins, rng):
    x = rng.standard_normal(20)
    message = r"'bins' parameter of binned_mi must be (an int >= 1 or )?one of"
    with pytest.raises(v.InvalidParameterError, match=message):
        binned_mi(x, x, bins=bins)
    with pytest.raises(v.InvalidParameterError, match=r"'bins' parameter of bin_edges"):
        bin_edges(x, bins=bins)


def test_bad_parameters_are_rejected(rng):
    x = rng.standard_normal(20)
    with pytest.raises(v.InvalidParameterError, match=r"'strategy' parameter of binned_mi"):
        binned_mi(x, x, strategy="kmeans")
    with pytest.raises(v.InvalidParameterError, match=r"'strategy' parameter of bin_edges"):
        bin_edges(x, strategy="equal")
    with pytest.raises(v.InvalidParameterError, match=r"'base' parameter of binned_mi"):
        binned_mi(x, x, base=0.5)
    with pytest.raises(v.InvalidParameterError, match=r"'estimator' parameter of binned_mi"):
        binned_mi(x, x, estimator="ksg")
    with pytest.raises(v.InvalidParameterError, match=r"'n_jobs' parameter of binned_mi"):
        binned_mi(x, x, n_jobs=0)


def test_bad_data_is_rejected(rng):
    x = rng.standard_normal(20)
    bad = x.copy()
    bad[3] = -np.inf
    with pytest.raises(ValueError, match=r"y contains 1 infinite values;.*binned_mi"):
        binned_mi(x, bad)
    with pytest.raises(ValueError, match=r"binned_mi needs the same number .* x has 20, y has 10"):
        binned_mi(x, x[:10])
    with pytest.raises(ValueError, match=r"x must be 1-D or 2-D in binned_mi"):
        binned_mi(x[:, None, None], x)
    with pytest.raises(ValueError, match=r"x is empty; binned_mi"):
        binned_mi(x[:0], x[:0])
    with pytest.raises(ValueError, match=r"x must be 1-D in bin_edges; got shape \(10, 2\)"):
        bin_edges(x.reshape(10, 2))
    with pytest.raises(ValueError, match=r"x contains 1 infinite values;.*bin_edges"):
        bin_edges(bad)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 300),
    bins=st.one_of(st.integers(1, 50), st.sampled_from(RULES)),
    scale=st.sampled_from([1e-8, 1.0, 3.0, 1e6]),
)
def test_uniform_codes_by_arithmetic_equal_the_binary_search(seed, n, bins, scale):
    g = np.random.default_rng(seed)
    x = np.round(g.standard_normal(n) * 4) * scale + g.choice([0.0, 1e3 * scale])
    edges = np.histogram_bin_edges(x, bins)
    assert np.array_equal(_uniform_codes(x, edges), digitize(x, edges))


def test_bins_are_bounded_by_the_sample_count(rng):
    # bins=10**9 used to allocate gigabytes of edges; n samples fill at most n bins.
    x = rng.standard_normal(300)
    y = x + rng.standard_normal(300)
    with pytest.warns(UserWarning, match=r"bins=1000000000 gives more bins than samples \(300\)"):
        huge = binned_mi(x, y, bins=10**9)
    assert huge == pytest.approx(binned_mi(x, y, bins=300), rel=1e-12)
    with pytest.warns(UserWarning, match=r"bins=10000 gives more bins than samples.*pairwise_mi"):
        M = fm.pairwise_mi(np.c_[x, y], method="binned", bins=10_000)
    assert M[0, 1] == pytest.approx(huge, rel=1e-12)
    # A far outlier makes the "fd" width tiny against the range: capped too.
    outlier = np.r_[x[:-1], 1e12]
    with pytest.warns(UserWarning, match=r"bins='fd' gives more bins than samples"):
        assert math.isfinite(binned_mi(outlier, y))


def test_binning_works_at_any_magnitude(rng):
    x = rng.standard_normal(200)
    y = x + rng.standard_normal(200)
    expected = binned_mi(x, y)
    for exponent in (-1000, -600, 600, 1020):  # exact scalings, tiny to near max
        assert binned_mi(np.ldexp(x, exponent), y) == expected
        edges = bin_edges(np.ldexp(x, exponent))
        np.testing.assert_array_equal(edges, np.ldexp(bin_edges(x), exponent))
    most = np.finfo(float).max
    with pytest.warns(UserWarning, match="gives more bins than samples"):
        assert math.isfinite(binned_mi(np.r_[x[:-2], -most, most], y))
