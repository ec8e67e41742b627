"""Entropy estimators from counts: kernels vs the plain-numpy reference, known values."""

import math

import numpy as np
import pytest
import scipy.special
from hypothesis import given, settings
from hypothesis import strategies as st

from fastmi import reference
from fastmi._kernels.entropy import entropy_counts, pair_entropies
from fastmi._kernels.special import digamma, trigamma
from fastmi._validation import ESTIMATORS

FAST = [e for e in ESTIMATORS if e != "nsb"]

count_vectors = st.lists(st.integers(0, 60), min_size=1, max_size=25).filter(lambda c: sum(c) > 0)


def kernel_entropy(counts, n_bins, estimator):
    counts = np.asarray(counts, dtype=np.float64)
    return entropy_counts(counts, n_bins, ESTIMATORS.index(estimator))


# ----------------------------------------------------------- special functions
@pytest.mark.parametrize("x", [1e-8, 1e-3, 0.5, 1.0, 2.5, 5.999, 6.0, 17.3, 1e3, 1e8])
def test_digamma_matches_scipy(x):
    assert digamma(x) == pytest.approx(scipy.special.digamma(x), rel=1e-11, abs=1e-11)


@pytest.mark.parametrize("x", [1e-8, 1e-3, 0.5, 1.0, 2.5, 5.999, 6.0, 17.3, 1e3, 1e8])
def test_trigamma_matches_scipy(x):
    assert trigamma(x) == pytest.approx(scipy.special.polygamma(1, x), rel=1e-11)


# ------------------------------------------------------------ vs the reference
@settings(max_examples=60, deadline=None)
@given(count_vectors, st.integers(0, 10), st.sampled_from(FAST))
def test_estimators_match_reference(counts, unseen, estimator):
    n_bins = len(counts) + unseen
    expected = reference.entropy_from_counts(counts, n_bins, estimator)
    got = kernel_entropy(counts, n_bins, estimator)
    assert got == pytest.approx(expected, rel=1e-10, abs=1e-10)


@settings(max_examples=12, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=1, max_size=12).filter(lambda c: sum(c) > 0))
def test_nsb_matches_reference(counts):
    # The reference integrates over xi with a uniform prior (NSB's own
    # statement); the kernel integrates over log(beta) with d xi / d beta.
    n_bins = len(counts) + 3
    expected = reference.entropy_from_counts(counts, n_bins, "nsb")
    assert kernel_entropy(counts, n_bins, "nsb") == pytest.approx(expected, rel=1e-10, abs=1e-10)


def test_nsb_matches_high_precision_value():
    # mpmath at 30 digits, same integral over log(beta) (computed once by hand).
    counts = [4, 2, 3, 0, 2, 4, 0, 0, 2, 1, 1]
    assert kernel_entropy(counts, 14, "nsb") == pytest.approx(2.264864241691047, abs=1e-9)


# ------------------------------------------------------------- known values
def test_miller_madow_formula():
    counts = [5, 3, 0, 2]
    p = np.array([5, 3, 2]) / 10
    expected = -np.sum(p * np.log(p)) + (3 - 1) / (2 * 10)
    assert kernel_entropy(counts, 4, "miller_madow") == pytest.approx(expected, rel=1e-14)


def test_chao_shen_hand_computed():
    # counts 2, 1, 1: N = 4, f1 = 2, C = 1/2, pa = (1/4, 1/8, 1/8).
    pa = np.array([0.25, 0.125, 0.125])
    expected = -np.sum(pa * np.log(pa) / (1 - (1 - pa) ** 4))
    assert kernel_entropy([2, 1, 1], 3, "chao_shen") == pytest.approx(expected, rel=1e-14)


def test_chao_shen_all_singletons_uses_n_minus_one():
    # f1 = N = 3 is replaced by N - 1 = 2, so C = 1/3 and pa = 1/9 each.
    pa = 1 / 9
    expected = -3 * pa * math.log(pa) / (1 - (1 - pa) ** 3)
    assert kernel_entropy([1, 1, 1], 3, "chao_shen") == pytest.approx(expected, rel=1e-14)


def test_james_stein_hand_computed():
    # counts (3, 1) over K = 4 cells: u = (3/4, 1/4, 0, 0), target 1/4.
    u = np.array([0.75, 0.25, 0.0, 0.0])
    lam = np.sum(u * (1 - u) / 3) / np.sum((u - 0.25) ** 2)
    shrunk = lam * 0.25 + (1 - lam) * u
    expected = -np.sum(shrunk * np.log(shrunk))
    assert 0 < lam < 1
    assert kernel_entropy([3, 1], 4, "james_stein") == pytest.approx(expected, rel=1e-14)


def test_james_stein_uniform_counts_give_log_k():
    assert kernel_entropy([7, 7, 7], 3, "james_stein") == pytest.approx(math.log(3), rel=1e-14)


def test_james_stein_single_sample_is_uniform():
    # N = 1: lambda = 1, the estimate is the target's entropy log K.
    assert kernel_entropy([1], 5, "james_stein") == pytest.approx(math.log(5), rel=1e-14)


def test_grassberger_g_of_one_and_two():
    # G(1) = psi(1) - (psi(1) - psi(1/2)) / 2 = -gamma - log 2, as psi(1/2) =
    # -gamma - 2 log 2; G(2) = psi(2) + (psi(3/2) - psi(1)) / 2, psi(3/2) = psi(1/2) + 2.
    gamma = 0.5772156649015329
    g1 = -gamma - math.log(2)
    g2 = (1 - gamma) + 0.5 * (2 - 2 * math.log(2))
    expected = math.log(3) - (1 * g1 + 2 * g2) / 3
    assert kernel_entropy([1, 2], 2, "grassberger") == pytest.approx(expected, rel=1e-11)


@pytest.mark.parametrize("estimator", ESTIMATORS)
def test_single_cell_with_k_one_is_zero(estimator):
    assert kernel_entropy([9], 1, estimator) == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("estimator", ESTIMATORS)
def test_all_estimators_agree_with_plugin_for_huge_n(estimator):
    p = np.array([0.4, 0.3, 0.2, 0.1])
    counts = np.round(p * 1e8)
    truth = -np.sum(p * np.log(p))
    assert kernel_entropy(counts, 4, estimator) == pytest.approx(truth, abs=1e-6)


@pytest.mark.parametrize("estimator", ["chao_shen", "james_stein", "nsb"])
def test_undersampled_uniform_beats_plugin(estimator):
    # K = 1000 equiprobable cells, N = 200 samples: plug-in is far too low.
    rng = np.random.default_rng(7)
    counts = np.bincount(rng.integers(0, 1000, 200), minlength=1000).astype(np.float64)
    truth = math.log(1000)
    plugin = kernel_entropy(counts, 1000, "plugin")
    corrected = kernel_entropy(counts, 1000, estimator)
    assert abs(corrected - truth) < 0.5 * abs(plugin - truth)


def test_bias_corrections_move_plugin_up():
    counts = [5, 3, 1, 1, 1]
    plugin = kernel_entropy(counts, 5, "plugin")
    for estimator in ("miller_madow", "chao_shen", "grassberger", "nsb"):
        assert kernel_entropy(counts, 8, estimator) > plugin


def test_zero_cells_do_not_matter_except_through_k():
    counts = [4, 0, 2, 0, 1]
    dense = [4, 2, 1]
    for estimator in ("plugin", "miller_madow", "chao_shen", "grassberger"):
        assert kernel_entropy(counts, 5, estimator) == kernel_entropy(dense, 3, estimator)
    assert kernel_entropy(counts, 5, "james_stein") == kernel_entropy(dense, 5, "james_stein")


@pytest.mark.parametrize("estimator", ESTIMATORS)
def test_pair_entropies_are_the_marginal_entropies(estimator):
    table = np.array([[3, 0, 1], [0, 0, 0], [2, 5, 0]], dtype=np.int64)
    est = ESTIMATORS.index(estimator)
    h_rows, h_cols, h_cells = pair_entropies(table, 0.0, 0.0, est)
    # Empty rows/columns are not part of the alphabet: 2 rows x 3 columns.
    assert h_rows == pytest.approx(kernel_entropy([4, 7], 2, estimator), rel=1e-13)
    assert h_cols == pytest.approx(kernel_entropy([5, 5, 1], 3, estimator), rel=1e-13)
    assert h_cells == pytest.approx(kernel_entropy([3, 1, 2, 5], 6, estimator), rel=1e-13)

    # Given alphabet sizes replace the counts of non-empty rows and columns.
    h_rows, h_cols, h_cells = pair_entropies(table, 5.0, 4.0, est)
    assert h_rows == pytest.approx(kernel_entropy([4, 7], 5, estimator), rel=1e-13)
    assert h_cols == pytest.approx(kernel_entropy([5, 5, 1], 4, estimator), rel=1e-13)
    assert h_cells == pytest.approx(kernel_entropy([3, 1, 2, 5], 20, estimator), rel=1e-13)
