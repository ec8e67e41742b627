"""Gaussian and Gaussian-copula MI: parity with fastmi.reference, closed forms,
invariances, the bias correction, the all-pairs helpers and every error."""

import math
import warnings
import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special, stats

import fastmi as fm
import fastmi.reference as ref
from fastmi import _validation as v
from fastmi.gaussian import (
    copula_mi,
    copula_mi_discrete,
    correlation_mi,
    covariance_mi,
    cross_products,
    gaussian_bias,
    gaussian_mi,
    gram_upper,
    normal_scores,
)


@pytest.fixture
def rng(request):
    return np.random.default_rng(zlib.crc32(request.node.name.encode()))


def correlated(rng, n, rho):
    x = rng.standard_normal(n)
    return x, rho * x + math.sqrt(1 - rho * rho) * rng.standard_normal(n)


def block_gaussian(rng, n, dx, dy):
    """A sample of a random (dx + dy)-dim Gaussian, and its exact MI between blocks."""
    a = rng.standard_normal((dx + dy, dx + dy))
    cov = a @ a.T + 0.5 * np.eye(dx + dy)
    exact = 0.5 * (
        np.linalg.slogdet(cov[:dx, :dx])[1]
        + np.linalg.slogdet(cov[dx:, dx:])[1]
        - np.linalg.slogdet(cov)[1]
    )
    sample = rng.multivariate_normal(np.zeros(dx + dy), cov, size=n)
    return sample[:, :dx], sample[:, dx:], exact


# ------------------------------------------------------------ normal scores
def test_normal_scores_match_reference_with_ties_and_constant_column(rng):
    X = rng.standard_normal((60, 5))
    X[:, 1] = np.round(X[:, 1])  # heavy ties
    X[:, 2] = 7.0  # constant: every sample has the average rank
    X[:, 3] = rng.integers(0, 3, 60)
    got = normal_scores(X)
    assert got.shape == X.shape and got.flags.f_contiguous
    np.testing.assert_allclose(got, ref.normal_scores(X), rtol=0, atol=1e-12)
    assert np.all(got[:, 2] == 0.0)


@pytest.mark.parametrize("n", [1, 2, 3, 10])
def test_normal_scores_tiny_samples_and_1d_input(n, rng):
    x = rng.standard_normal(n)
    got = normal_scores(x)
    assert got.shape == (n,)
    np.testing.assert_allclose(got, ref.normal_scores(x[:, None])[:, 0], atol=1e-12)


def test_normal_scores_without_ties_are_a_permutation_of_one_symmetric_row(rng):
    X = rng.standard_normal((101, 4))
    Z = normal_scores(X)
    expected = special.ndtri(np.arange(1, 102) / 102.0)
    for j in range(4):
        np.testing.assert_allclose(np.sort(Z[:, j]), expected, atol=1e-12)
        assert np.array_equal(np.argsort(Z[:, j]), np.argsort(X[:, j]))
    assert abs(Z.sum()) < 1e-12


def test_normal_scores_standardized_give_the_correlation_matrix(rng):
    X = rng.standard_normal((80, 6))
    X[:, 1] = np.round(X[:, 0] * 2)
    X[:, 4] = -3.0
    Z = normal_scores(X, standardize=True)
    raw = ref.normal_scores(X)
    keep = [0, 1, 2, 3, 5]
    np.testing.assert_allclose(
        (Z.T @ Z)[np.ix_(keep, keep)], np.corrcoef(raw[:, keep], rowvar=False), atol=1e-12
    )
    assert np.all(Z[:, 4] == 0.0)


def test_normal_scores_identical_for_any_thread_count(rng):
    # 300 features of 500 samples: several blocks, spread over threads.
    X = rng.integers(0, 50, (500, 300)).astype(float)
    X[:, ::2] += rng.standard_normal((500, 150))
    one = normal_scores(X, n_jobs=1)
    assert np.array_equal(one, normal_scores(X, n_jobs=2))
    assert np.array_equal(one, normal_scores(X, n_jobs=3))


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(2, 2100),
    n_base=st.integers(1, 6),
    max_steps=st.sampled_from([0, 3, 5000]),
)
def test_normal_scores_of_values_a_few_ulps_apart(seed, n, n_base, max_steps):
    # The rank pass sorts integer keys holding a value's high bits and its
    # position in the low ones: values agreeing in the high bits (a few ulps
    # apart, both zeros, or tied) must still be ranked by value.
    rng = np.random.default_rng(seed)
    base = rng.choice([0.0, -0.0, 1.0, -1.0, 1e-300, -3.5e12, 5e-324], size=n_base)
    x = rng.choice(base, size=n)
    steps = rng.integers(-max_steps, max_steps + 1, size=n)
    x = np.array([v + s * np.spacing(v) for v, s in zip(x, steps, strict=True)])
    X = np.column_stack([x, rng.permutation(x)])
    np.testing.assert_allclose(normal_scores(X), ref.normal_scores(X), rtol=0, atol=1e-12)
    Z = normal_scores(X, standardize=True)
    constant = np.ptp(X, axis=0) == 0
    np.testing.assert_allclose(Z.sum(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose((Z * Z).sum(axis=0), np.where(constant, 0.0, 1.0), atol=1e-12)


def test_normal_scores_accept_pandas_and_ints(rng):
    import pandas as pd

    X = rng.integers(0, 9, (40, 3))
    expected = ref.normal_scores(X)
    np.testing.assert_allclose(normal_scores(pd.DataFrame(X)), expected, atol=1e-12)
    np.testing.assert_allclose(normal_scores(X), expected, atol=1e-12)


# ------------------------------------------------------ parity with reference
@pytest.mark.parametrize("dx, dy", [(1, 1), (1, 3), (2, 2), (3, 5)])
@pytest.mark.parametrize("bias_correction", [False, True])
def test_gaussian_mi_matches_reference(dx, dy, bias_correction, rng):
    x, y, _ = block_gaussian(rng, 200, dx, dy)
    got = gaussian_mi(x, y, bias_correction=bias_correction)
    assert got == pytest.approx(ref.gaussian_mi(x, y, bias_correction), rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("dx, dy", [(1, 1), (2, 3)])
@pytest.mark.parametrize("bias_correction", [False, True])
def test_copula_mi_matches_reference_with_ties(dx, dy, bias_correction, rng):
    x, y, _ = block_gaussian(rng, 150, dx, dy)
    x = np.round(x * 3)  # ties
    got = copula_mi(x, y, bias_correction=bias_correction)
    assert got == pytest.approx(ref.copula_mi(x, y, bias_correction), rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("dx, dy", [(1, 1), (2, 1), (3, 4)])
def test_gaussian_bias_is_the_wishart_correction_of_the_reference(dx, dy, rng):
    x, y, _ = block_gaussian(rng, 30, dx, dy)
    difference = ref.gaussian_mi(x, y, True) - ref.gaussian_mi(x, y, False)
    assert gaussian_bias(30, dx, dy) == pytest.approx(difference, rel=1e-9)
    assert gaussian_bias(30, dx, dy) < 0


def test_one_dimensional_closed_form_equals_the_covariance_path(rng):
    x, y = correlated(rng, 500, 0.7)
    r = np.corrcoef(x, y)[0, 1]
    assert gaussian_mi(x, y) == pytest.approx(-0.5 * math.log(1 - r * r), rel=1e-12)
    assert gaussian_mi(x, y) == pytest.approx(covariance_mi(np.cov(x, y), 1), rel=1e-10)
    assert gaussian_mi(x, y) == pytest.approx(gaussian_mi(x[:, None], y), rel=1e-12)


# ------------------------------------------------------ known values
@pytest.mark.slow
@pytest.mark.parametrize("rho", [0.0, 0.3, 0.9, -0.6])
def test_gaussian_mi_converges_to_the_closed_form(rho):
    exact = -0.5 * math.log(1 - rho * rho)
    errors = []
    for n in (1_000, 30_000, 1_000_000):
        runs = [gaussian_mi(*correlated(np.random.default_rng(s), n, rho)) for s in range(8)]
        errors.append(abs(np.mean(runs) - exact) + np.std(runs))
    assert errors[2] < errors[1] < errors[0]
    assert errors[2] < 0.002


@pytest.mark.slow
@pytest.mark.parametrize("dx, dy", [(1, 1), (2, 2), (5, 5), (1, 5), (2, 5)])
def test_gaussian_mi_of_blocks_converges_to_the_log_det_formula(dx, dy, rng):
    errors = []
    for n in (500, 200_000):
        x, y, exact = block_gaussian(rng, n, dx, dy)
        errors.append(abs(gaussian_mi(x, y, bias_correction=True) - exact))
    assert errors[1] < 0.02 * max(1.0, exact)
    assert errors[1] < errors[0] or errors[0] < 1e-3


@pytest.mark.slow
@pytest.mark.parametrize("rho", [0.0, 0.5, 0.95])
def test_copula_mi_equals_gaussian_mi_on_gaussian_data_asymptotically(rho, rng):
    x, y = correlated(rng, 300_000, rho)
    exact = -0.5 * math.log(1 - rho * rho)
    assert copula_mi(np.exp(x), y**3) == pytest.approx(exact, abs=0.01)
    assert copula_mi(x, y) == pytest.approx(gaussian_mi(x, y), abs=0.01)


@pytest.mark.slow
@pytest.mark.parametrize(
    "func, dx, dy, rho",
    [
        (gaussian_mi, 1, 1, 0.0),
        (gaussian_mi, 1, 1, 0.6),
        (gaussian_mi, 1, 1, 0.9),
        (gaussian_mi, 2, 3, 0.5),
        # The copula's rank transform biases strong dependence down at small n,
        # which the correction does not address (see copula_mi Notes).
        (copula_mi, 1, 1, 0.0),
        (copula_mi, 1, 1, 0.3),
        (copula_mi, 2, 3, 0.5),
    ],
)
def test_bias_correction_reduces_the_mean_error_at_small_n(func, dx, dy, rho):
    n, exact = 20, -0.5 * min(dx, dy) * math.log(1 - rho * rho)
    plain, corrected = [], []
    for seed in range(3000):
        g = np.random.default_rng(seed)
        x = g.standard_normal((n, dx))
        y = g.standard_normal((n, dy))
        k = min(dx, dy)
        y[:, :k] = rho * x[:, :k] + math.sqrt(1 - rho * rho) * y[:, :k]
        plain.append(func(x, y, bias_correction=False))
        corrected.append(func(x, y, bias_correction=True))
    bias_plain = np.mean(plain) - exact
    bias_corrected = np.mean(corrected) - exact
    assert bias_plain > 0
    assert abs(bias_corrected) < 0.5 * bias_plain


# ------------------------------------------------------ properties
monotone = st.sampled_from(
    [np.exp, lambda t: t**3, lambda t: t + 0.3 * t**3, lambda t: np.arctan(t) * 5 + 2]
)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(5, 300),
    rho=st.floats(-0.95, 0.95),
    f=monotone,
    g=monotone,
    decreasing=st.booleans(),
)
def test_copula_mi_is_invariant_to_monotone_transforms(seed, n, rho, f, g, decreasing):
    x, y = correlated(np.random.default_rng(seed), n, rho)
    sign = -1.0 if decreasing else 1.0
    expected = copula_mi(x, y)
    assert copula_mi(f(x), sign * g(y)) == pytest.approx(expected, rel=1e-9, abs=1e-12)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), dx=st.integers(1, 3), dy=st.integers(1, 3))
def test_gaussian_and_copula_mi_are_symmetric(seed, dx, dy):
    x, y, _ = block_gaussian(np.random.default_rng(seed), 40, dx, dy)
    for func in (gaussian_mi, copula_mi):
        assert func(x, y) == pytest.approx(func(y, x), rel=1e-9, abs=1e-12)


def test_base_converts_units(rng):
    x, y = correlated(rng, 300, 0.8)
    nats = gaussian_mi(x, y)
    assert gaussian_mi(x, y, base=2) == pytest.approx(nats / math.log(2), rel=1e-12)
    assert copula_mi(x, y, base="bits") == pytest.approx(copula_mi(x, y) / math.log(2))


def test_exact_dependence_gives_the_resolution_cap_log_n(rng):
    # n samples cannot resolve more than log(n) nats: 1 - r^2 is clipped at 1/n^2.
    x = rng.standard_normal(50)
    cap = math.log(50)
    assert gaussian_mi(x, x) == pytest.approx(cap, rel=1e-12)
    assert gaussian_mi(x, -3 * x + 1) == pytest.approx(cap, rel=1e-12)
    assert gaussian_mi(np.c_[x, rng.standard_normal(50)], 2 * x) == pytest.approx(cap)
    assert copula_mi(x, np.exp(x), bias_correction=False) == pytest.approx(cap, rel=1e-12)
    assert copula_mi(x, -(x**3), bias_correction=False) == pytest.approx(cap, rel=1e-12)
    assert copula_mi(x, np.exp(x)) == pytest.approx(cap + gaussian_bias(50, 1, 1))
    # The all-pairs copula path caps the same pairs alike (its fused strips).
    X = np.c_[x, np.exp(x), rng.standard_normal(50)]
    M = fm.pairwise_mi(X, method="copula", bias_correction=False)
    assert M[0, 1] == M[1, 0] == pytest.approx(cap, rel=1e-12)
    assert np.isfinite(M[~np.eye(3, dtype=bool)]).all()
    assert correlation_mi(1.0) == math.inf  # no n: no cap
    assert correlation_mi(np.array([1.0, -1.0, 0.0]), n_samples=50) == pytest.approx(
        [cap, cap, 0.0]
    )


def test_gaussian_mi_is_scale_free_at_extreme_magnitudes(rng):
    x, y = correlated(rng, 200, 0.6)
    expected = gaussian_mi(x, y)
    for c in (1e-170, 1e-300, 5e-324 * 2**40, 1e155, 1e300):
        assert gaussian_mi(c * x, y) == pytest.approx(expected, rel=1e-9), c
        assert gaussian_mi(np.c_[c * x, y], c * (x + y)) == pytest.approx(
            gaussian_mi(np.c_[x, y], x + y), rel=1e-9
        )
    big = np.finfo(float).max * (0.2 + 0.1 * np.tanh(x))
    assert math.isfinite(gaussian_mi(big, y))


# ------------------------------------------------------ all-pairs helpers
def test_correlation_mi_elementwise_in_place_and_in_blocks(rng):
    r = np.tanh(rng.standard_normal((300, 400)))  # > one block of values
    r[0, 0], r[1, 1], r[2, 2] = 1.0, -1.0, 1.0 + 1e-15
    with np.errstate(divide="ignore"):
        expected = -0.5 * np.log(1 - np.minimum(r * r, 1.0))
    got = correlation_mi(r)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)
    assert np.array_equal(correlation_mi(r.T), got.T)
    assert np.array_equal(correlation_mi(r, n_jobs=1), correlation_mi(r, n_jobs=2))
    same = r.copy()
    assert correlation_mi(same, out=same) is same
    assert np.array_equal(same, got)
    assert correlation_mi(0.0) == 0.0 and isinstance(correlation_mi(0.5), float)


def test_blas_products_of_the_all_pairs_engine(rng):
    z = rng.standard_normal((70, 40))
    gram = gram_upper(z)
    np.testing.assert_allclose(np.triu(gram), np.triu(z @ z.T), rtol=1e-12, atol=1e-12)
    assert np.all(np.tril(gram, -1) == 0.0) and gram.flags.c_contiguous
    out = np.full((70, 70), np.nan)  # written in place; NaN must not leak in
    assert gram_upper(z, out=out) is out
    assert np.array_equal(np.triu(out), np.triu(gram))
    assert np.isnan(out[np.tril_indices(70, -1)]).all()
    w = rng.standard_normal((25, 40))
    product = cross_products(z, w)
    np.testing.assert_allclose(product, z @ w.T, rtol=1e-12, atol=1e-12)
    assert product.shape == (70, 25) and product.flags.c_contiguous


def test_all_pairs_copula_from_helpers_equals_scalar_copula_mi(rng):
    X = rng.standard_normal((120, 5))
    X[:, 1] += X[:, 0]
    X[:, 3] = np.round(np.exp(X[:, 2]))
    Z = normal_scores(X, standardize=True)
    matrix = correlation_mi(Z.T @ Z)
    for i in range(5):
        for j in range(i + 1, 5):
            scalar = copula_mi(X[:, i], X[:, j], bias_correction=False)
            assert matrix[i, j] == pytest.approx(scalar, rel=1e-9, abs=1e-14)


def test_all_pairs_copula_over_several_grid_cells_and_in_float32(rng):
    # n = 30 gives cells of 2048 features: 2100 features take a diagonal
    # cell, an off-diagonal one and a small diagonal one (separate products);
    # a single cell in float64 is computed in the result itself.
    X = rng.standard_normal((30, 2100))
    X[:, 2050] = X[:, 7] ** 3  # a monotone copy across cells: the largest MI
    M = fm.pairwise_mi(X, method="copula", bias_correction=False)
    assert np.array_equal(M, M.T, equal_nan=True) and np.isnan(np.diag(M)).all()
    for i, j in [(0, 1), (2049, 2099), (5, 2047), (2048, 3)]:
        scalar = copula_mi(X[:, i], X[:, j], bias_correction=False)
        assert M[i, j] == pytest.approx(scalar, rel=1e-9, abs=1e-14)
    assert M[7, 2050] == np.nanmax(M)
    small = X[:, :300]
    M32 = fm.pairwise_mi(small, method="copula", dtype=np.float32)
    assert M32.dtype == np.float32
    np.testing.assert_array_equal(M32, fm.pairwise_mi(small, method="copula").astype(np.float32))


def test_covariance_mi_singular_blocks(rng):
    cov = np.cov(rng.standard_normal((50, 3)), rowvar=False)
    assert covariance_mi(cov, 1) > 0
    singular_x = np.ones((3, 3)) + np.diag([0, 0, 1.0])  # x block [[1,1],[1,1]]
    assert math.isnan(covariance_mi(singular_x, 2))
    assert covariance_mi(np.ones((2, 2)), 1) == math.inf
    assert covariance_mi(np.ones((2, 2)), 1, n_samples=50) == math.log(50)  # resolution_cap
    assert covariance_mi(cov, 1, n_samples=50) == covariance_mi(cov, 1)  # below the cap


@pytest.mark.parametrize("bias_correction", [False, True])
def test_copula_mi_discrete_is_capped_when_x_is_constant_in_a_class(bias_correction, rng):
    # H(X | Y = 0) = -inf: the plug-in MI is log(n) (resolution_cap), then the
    # bias correction, as in copula_mi; never inf.
    y = np.repeat([0, 1], 20)
    x = np.where(y == 0, 0.0, rng.standard_normal(40))
    got = copula_mi_discrete(x, y, bias_correction=bias_correction)
    plain = copula_mi_discrete(x, y, bias_correction=False)
    assert plain == math.log(40)
    assert math.isfinite(got) and (got < plain) == bias_correction
    with pytest.raises(ValueError, match="linearly dependent columns"):
        copula_mi_discrete(np.c_[x, x], y)


# ------------------------------------------------------ constant columns
@pytest.mark.parametrize("func", [gaussian_mi, copula_mi])
def test_constant_columns_are_left_out_with_a_warning(func, rng):
    x, y, _ = block_gaussian(rng, 100, 2, 2)
    with_constant = np.column_stack([x[:, 0], np.full(100, 3.0), x[:, 1]])
    with pytest.warns(v.ConstantColumnWarning, match=r"Constant columns of x .*: 1;"):
        got = func(with_constant, y)
    assert got == pytest.approx(func(x, y), rel=1e-12)
    with pytest.warns(v.ConstantColumnWarning, match=r"of y carry no information: 0, 1"):
        assert func(x, np.ones((100, 2))) == 0.0


# ------------------------------------------------------ front door
@pytest.mark.parametrize("method, func", [("gaussian", gaussian_mi), ("copula", copula_mi)])
def test_front_door_methods(method, func, rng):
    x, y = correlated(rng, 200, 0.5)
    assert fm.mutual_info(x, y, method=method, base=2) == func(x, y, base=2)
    assert fm.gaussian_mi is gaussian_mi and fm.copula_mi is copula_mi


# ------------------------------------------------------ errors
@pytest.mark.parametrize("func", [gaussian_mi, copula_mi])
def test_bad_data_is_rejected(func, rng):
    x = rng.standard_normal(20)
    bad = x.copy()
    bad[[2, 5]] = np.nan
    bad[7] = np.inf
    with pytest.raises(ValueError, match=r"x contains 2 NaN and 1 infinite values"):
        func(bad, x)
    with pytest.raises(ValueError, match=r"x has 20, y has 19"):
        func(x, x[:-1])
    with pytest.raises(ValueError, match=r"y must be 1-D or 2-D .* got shape \(20, 1, 1\)"):
        func(x, x[:, None, None])
    with pytest.raises(ValueError, match=r"x is empty"):
        func(x[:0], x[:0])
    with pytest.raises(ValueError, match=r"y has no columns"):
        func(x, np.empty((20, 0)))
    with pytest.raises(TypeError, match=r"x must be numeric in .*; got dtype <U1"):
        func(np.array(list("ab" * 10)), x)
    too_few = r"at least d \+ 2 = 6 samples .*x \(1\) \+ y \(3\)\); got 5"
    with pytest.raises(ValueError, match=too_few):
        func(x[:5], rng.standard_normal((5, 3)))


@pytest.mark.parametrize("func", [gaussian_mi, copula_mi])
def test_bad_parameters_are_rejected(func, rng):
    x = rng.standard_normal(20)
    name = func.__name__
    with pytest.raises(v.InvalidParameterError, match=rf"'base' parameter of {name}"):
        func(x, x, base=1)
    not_bool = rf"'bias_correction' parameter of {name} must be a bool"
    with pytest.raises(v.InvalidParameterError, match=not_bool):
        func(x, x, bias_correction="yes")


def test_bad_parameters_of_copula_and_normal_scores(rng):
    x = rng.standard_normal(20)
    with pytest.raises(v.InvalidParameterError, match=r"'n_jobs' parameter of copula_mi"):
        copula_mi(x, x, n_jobs=0)
    with pytest.raises(v.InvalidParameterError, match=r"'n_jobs' parameter of normal_scores"):
        normal_scores(x, n_jobs=-2)
    with pytest.raises(v.InvalidParameterError, match=r"'standardize' parameter of normal_scores"):
        normal_scores(x, standardize=1)
    with pytest.raises(ValueError, match=r"X contains 1 NaN values;.*normal_scores"):
        normal_scores(np.array([1.0, np.nan]))
    with pytest.raises(ValueError, match=r"X must be 1-D or 2-D in normal_scores"):
        normal_scores(np.float64(1.0))


def test_linearly_dependent_columns_are_rejected(rng):
    x = rng.standard_normal((30, 2))
    dependent = np.column_stack([x[:, 0], 2 * x[:, 0] + 1])
    with pytest.raises(ValueError, match=r"x has linearly dependent columns .* gaussian_mi"):
        gaussian_mi(dependent, x[:, 1])
    with pytest.raises(ValueError, match=r"y has linearly dependent columns .* copula_mi"):
        copula_mi(x[:, 1], np.column_stack([x[:, 0], np.exp(x[:, 0])]))


def test_no_warning_on_clean_input(rng):
    x, y = correlated(rng, 100, 0.2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gaussian_mi(x, y)
        copula_mi(x, y)
        normal_scores(np.column_stack([x, np.ones(100)]))


def test_reference_normal_scores_agree_with_scipy_rankdata(rng):
    # The oracle itself, against an independent formula: (rank) / (n + 1) per column.
    x = rng.integers(0, 5, 30).astype(float)
    ranks = np.array([np.sum(x < t) + (np.sum(x == t) + 1) / 2 for t in x])
    np.testing.assert_allclose(ref.normal_scores(x[:, None])[:, 0], special.ndtri(ranks / 31))
    assert stats.rankdata(x).tolist() == ranks.tolist()


# ------------------------------------------------------ continuous-discrete copula
def classes_and_signal(rng, n, n_classes, dx, shift=1.0):
    y = rng.integers(0, n_classes, n)
    x = rng.standard_normal((n, dx))
    x[:, 0] += shift * y
    return x, y


@pytest.mark.parametrize("n_classes, dx", [(2, 1), (3, 2), (5, 3)])
@pytest.mark.parametrize("bias_correction", [False, True])
def test_copula_mi_discrete_matches_reference(n_classes, dx, bias_correction, rng):
    x, y = classes_and_signal(rng, 300, n_classes, dx)
    x[:, -1] = np.round(x[:, -1])  # ties
    got = copula_mi_discrete(x, y, bias_correction=bias_correction)
    expected = ref.copula_mi_discrete(x, y, bias_correction)
    assert got == pytest.approx(expected, rel=1e-9, abs=1e-12)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), f=monotone, n_classes=st.integers(2, 4))
def test_copula_mi_discrete_invariant_to_monotone_maps_and_relabelling(seed, f, n_classes):
    x, y = classes_and_signal(np.random.default_rng(seed), 80, n_classes, 1)
    names = np.array(["cat", "dog", "eel", "fox"])[::-1]
    expected = copula_mi_discrete(x, y)
    got = copula_mi_discrete(f(x), names[y])
    assert got == pytest.approx(expected, rel=1e-9, abs=1e-12)


@pytest.mark.slow
def test_copula_mi_discrete_bias_correction_centres_independent_data():
    plain, corrected = [], []
    for seed in range(1500):
        g = np.random.default_rng(seed)
        x, y = g.standard_normal(40), g.integers(0, 3, 40)
        if np.bincount(y, minlength=3).min() < 3:
            continue
        plain.append(copula_mi_discrete(x, y, bias_correction=False))
        corrected.append(copula_mi_discrete(x, y))
    assert np.mean(plain) > 0.02
    assert abs(np.mean(corrected)) < 0.5 * np.mean(plain)


@pytest.mark.slow
def test_copula_mi_discrete_converges_to_the_gaussian_class_model(rng):
    # x | y ~ N(mu_y, 1): the copula of x is not Gaussian within classes, but
    # for a small shift the model MI approaches ½ log(var(x) / 1).
    n, shift = 400_000, 0.3
    x, y = classes_and_signal(rng, n, 2, 1, shift)
    model = 0.5 * math.log(1 + shift**2 / 4)
    assert copula_mi_discrete(x, y) == pytest.approx(model, rel=0.05)


def test_copula_mi_discrete_degenerate_cases(rng):
    y = np.repeat([0, 1], 10)  # x constant within a class: see the test above
    with pytest.warns(v.ConstantColumnWarning, match=r"of x carry no information: 0;"):
        assert copula_mi_discrete(np.ones(20), y) == 0.0


def test_copula_mi_discrete_errors(rng):
    x = rng.standard_normal(20)
    y = np.repeat([0, 1, 2], [9, 9, 2])
    with pytest.raises(ValueError, match=r"at least dx \+ 2 = 3 samples in each; 1 of 3 classes"):
        copula_mi_discrete(x, y)
    with pytest.raises(ValueError, match=r"x has 20, y has 19"):
        copula_mi_discrete(x, y[:19])
    with pytest.raises(ValueError, match=r"y contains 1 missing labels"):
        copula_mi_discrete(x, np.where(np.arange(20) == 3, np.nan, 1.0))
    with pytest.raises(ValueError, match=r"x contains 1 NaN values;.*copula_mi_discrete"):
        copula_mi_discrete(np.where(np.arange(20) == 3, np.nan, x), np.zeros(20))
    with pytest.raises(v.InvalidParameterError, match=r"'base' parameter of copula_mi_discrete"):
        copula_mi_discrete(x, np.zeros(20), base="furlongs")
    not_bool = r"'bias_correction' parameter of copula_mi_discrete"
    with pytest.raises(v.InvalidParameterError, match=not_bool):
        copula_mi_discrete(x, np.zeros(20), bias_correction=None)
    with pytest.raises(v.InvalidParameterError, match=r"'n_jobs' parameter of copula_mi_discrete"):
        copula_mi_discrete(x, np.zeros(20), n_jobs=1.5)


def test_gaussian_mi_takes_n_jobs_like_its_siblings():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((50, 2))
    y = x[:, :1] + rng.standard_normal((50, 1))
    assert fm.gaussian_mi(x, y, n_jobs=2) == fm.gaussian_mi(x, y)
    assert fm.gaussian_mi(x[:, 0], y[:, 0], n_jobs=-1) == fm.gaussian_mi(x[:, 0], y[:, 0])
    with pytest.raises(fm.InvalidParameterError, match="'n_jobs' parameter of gaussian_mi"):
        fm.gaussian_mi(x, y, n_jobs=0)


@settings(max_examples=30, deadline=None)
@given(
    rows=st.integers(1, 130),
    cols=st.integers(1, 150),
    upper=st.booleans(),
    seed=st.integers(0, 2**16),
)
def test_copula_tile_kernels_match_numpy(rows, cols, upper, seed):
    """negated_squares, numpy's log1p and place_block (in place) against the
    same arithmetic in numpy, with |r| = 1 entries and constant columns."""
    from fastmi._kernels import tiles

    rng = np.random.default_rng(seed)
    cols = max(cols, rows) if upper else cols
    r = rng.uniform(-1.0, 1.0, size=(rows, cols))
    r[rng.random(r.shape) < 0.05] = 1.0
    const_a, const_b = rng.random(rows) < 0.1, rng.random(cols) < 0.1
    cap, bias, scale = 4.0, 0.01, 0.7
    values = r.copy()
    for block in range(-(-rows // 64)):
        i0 = 64 * block
        tiles.negated_squares(values, block, upper)
        with np.errstate(divide="ignore"):
            np.log1p(
                values[i0 : i0 + 64, i0 if upper else 0 :],
                out=values[i0 : i0 + 64, i0 if upper else 0 :],
            )
        tiles.place_block(
            values, block, const_a, const_b, bias, cap, scale, upper, values, 0, 0, False, True
        )
    with np.errstate(divide="ignore"):
        expected = (np.minimum(np.log1p(-np.minimum(r * r, 1.0)) * -0.5, cap) + bias) / scale
    expected[const_a[:, None] | const_b[None, :]] = 0.0
    keep = np.triu(np.ones(r.shape, dtype=bool), 1) if upper else np.ones(r.shape, dtype=bool)
    np.testing.assert_array_equal(values[keep], expected[keep])
    if upper:
        assert np.isnan(np.diagonal(values)).all()
