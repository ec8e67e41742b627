"""Multiple-testing adjustments (against scipy and the textbook definitions),
analytic nulls (against scipy.stats and canonical correlations) and
bootstrap intervals (against scipy.stats.bootstrap, and their coverage)."""

import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import fastmi as fm
from fastmi.significance import (
    adjust_pvalues,
    binned_g_test,
    bootstrap_ci,
    gaussian_test,
)
from fastmi.significance._draws import resamples


@pytest.fixture
def rng(request):
    return np.random.default_rng(zlib.crc32(request.node.name.encode()))


# ------------------------------------------------------------ adjustments
def _holm(p):
    """Holm (1979) step-down, written as the definition reads."""
    m = len(p)
    order = np.argsort(p, kind="stable")
    out = np.empty(m)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[i]))
        out[i] = running
    return out


pvalue_arrays = st.lists(
    st.one_of(st.floats(0, 1), st.sampled_from([0.0, 0.01, 0.05, 1.0])), min_size=1, max_size=40
).map(np.array)


@settings(max_examples=60, deadline=None)
@given(pvalue_arrays)
def test_fdr_equals_scipy(p):
    for method in ("bh", "by"):
        np.testing.assert_allclose(
            adjust_pvalues(p, method=method),
            stats.false_discovery_control(p, method=method),
            rtol=1e-12,
            atol=1e-15,
        )


@settings(max_examples=60, deadline=None)
@given(pvalue_arrays)
def test_fwer_adjustments_follow_definitions(p):
    np.testing.assert_allclose(adjust_pvalues(p, method="holm"), _holm(p), rtol=1e-12)
    np.testing.assert_allclose(
        adjust_pvalues(p, method="bonferroni"), np.minimum(1, len(p) * p), rtol=1e-12
    )
    for method in ("bh", "by", "holm", "bonferroni"):
        adjusted = adjust_pvalues(p, method=method)
        assert (adjusted >= p - 1e-15).all() and (adjusted <= 1).all()
        order = np.argsort(p, kind="stable")
        assert (np.diff(adjusted[order]) >= -1e-15).all()  # same order as p


def test_adjust_keeps_shape():
    p = np.array([[0.01, 0.2], [0.03, 0.04]])
    out = adjust_pvalues(p, method="holm")
    assert out.shape == (2, 2)
    np.testing.assert_allclose(out.ravel(), _holm(p.ravel()))


@pytest.mark.parametrize(
    ("pvalues", "error", "match"),
    [
        ([0.1, np.nan], ValueError, "NaN"),
        ([0.1, 1.5], ValueError, r"in \[0, 1\]"),
        ([-0.1], ValueError, r"in \[0, 1\]"),
        ([], ValueError, "empty"),
        (["a"], TypeError, "real numbers"),
    ],
)
def test_adjust_rejects_bad_pvalues(pvalues, error, match):
    with pytest.raises(error, match=match):
        adjust_pvalues(pvalues)


def test_adjust_rejects_bad_method():
    with pytest.raises(ValueError, match="'method' parameter of adjust_pvalues"):
        adjust_pvalues([0.1], method="fdr")


# --------------------------------------------------------- analytic nulls
def test_gaussian_test_is_pearsons_t_test(rng):
    x = rng.normal(size=60)
    y = 0.3 * x + rng.normal(size=60)
    res = gaussian_test(x, y)
    assert res.dof == 58
    assert res.pvalue == pytest.approx(stats.pearsonr(x, y).pvalue, rel=1e-9)
    assert res.statistic == pytest.approx(fm.gaussian_mi(x, y))
    bits = gaussian_test(x, y, base=2)
    assert bits.statistic == pytest.approx(res.statistic / np.log(2))
    assert bits.pvalue == res.pvalue


def test_copula_test_is_the_t_test_of_normal_scores(rng):
    x = np.exp(rng.normal(size=50))
    y = x + rng.normal(size=50)
    scores = [stats.norm.ppf(stats.rankdata(a) / 51) for a in (x, y)]
    res = gaussian_test(x, y, method="copula")
    assert res.pvalue == pytest.approx(stats.pearsonr(*scores).pvalue, rel=1e-9)


def test_multivariate_gaussian_test_is_bartletts_chi_squared(rng):
    n = 200
    x = rng.normal(size=(n, 2))
    y = np.column_stack([x[:, 0] * 0.2 + rng.normal(size=n), rng.normal(size=(n, 2))])
    # canonical correlations by plain numpy: singular values of Qx' Qy
    qx, qy = (np.linalg.qr(a - a.mean(axis=0))[0] for a in (x, y))
    rho = np.linalg.svd(qx.T @ qy, compute_uv=False)
    chi2 = -(n - 1 - (2 + 3 + 1) / 2) * np.log1p(-(rho**2)).sum()
    res = gaussian_test(x, y)
    assert res.dof == 6
    assert res.pvalue == pytest.approx(stats.chi2.sf(chi2, 6), rel=1e-8)


def test_gaussian_test_constant_side(rng):
    with pytest.warns(fm._validation.ConstantColumnWarning):
        res = gaussian_test(rng.normal(size=20), np.ones(20))
    assert res.pvalue == 1.0


@pytest.mark.slow
def test_gaussian_test_calibrated_under_the_null():
    pvalues = np.array(
        [gaussian_test(*np.random.default_rng(s).normal(size=(2, 25))).pvalue for s in range(400)]
    )
    assert 0.025 < np.mean(pvalues <= 0.05) < 0.085
    assert 0.42 < np.mean(pvalues <= 0.5) < 0.58


def test_binned_g_test_is_the_g_test_of_the_histogram(rng):
    x = rng.normal(size=400)
    y = x + 2 * rng.normal(size=400)
    res = binned_g_test(x, y, bins=5)
    table, _, _ = np.histogram2d(x, y, bins=5)
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    want = stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")
    assert res.dof == want.dof
    assert res.statistic == pytest.approx(want.statistic, rel=1e-9)
    assert res.pvalue == pytest.approx(want.pvalue, rel=1e-7)
    assert res.statistic / 800 == pytest.approx(fm.binned_mi(x, y, bins=5), rel=1e-9)


def test_analytic_errors():
    with pytest.raises(ValueError, match="'method' parameter of gaussian_test"):
        gaussian_test([0.0, 1.0, 2.0, 3.0], [1.0, 0.0, 2.0, 3.0], method="ksg")
    with pytest.raises(ValueError, match="same number of samples"):
        binned_g_test([0.0, 1.0, 2.0], [1.0, 0.0])


# -------------------------------------------------------------- bootstrap
def test_bootstrap_draws_are_the_estimator_on_resamples(rng):
    x = rng.normal(size=60)
    y = x + rng.normal(size=60)
    res = bootstrap_ci(
        x, y, method="copula", n_resamples=20, random_state=3, ci_method="percentile"
    )
    seeds = np.random.default_rng(3).integers(2**63 - 1, size=20, dtype=np.int64)
    want = [fm.copula_mi(x[i], y[i]) for i in resamples(seeds, 60)]
    np.testing.assert_allclose(res.bootstrap_distribution, want, rtol=1e-12)
    # copula_mi's small-call kernel may differ from the bootstrap's path in
    # the last bit.
    np.testing.assert_allclose((res.low, res.high), np.percentile(want, [2.5, 97.5]), rtol=1e-12)
    assert res.statistic == fm.copula_mi(x, y)
    assert res.standard_error == pytest.approx(np.std(want, ddof=1))


def test_bca_matches_scipy_bootstrap(rng):
    x = rng.normal(size=80)
    y = 0.7 * x + rng.normal(size=80)
    ours = bootstrap_ci(x, y, method="gaussian", n_resamples=2000, random_state=0)
    theirs = stats.bootstrap(
        (x, y), fm.gaussian_mi, paired=True, vectorized=False, n_resamples=2000,
        method="BCa", rng=np.random.default_rng(1),
    ).confidence_interval  # fmt: skip
    # the same interval up to Monte Carlo error (2000 resamples each)
    assert ours.low == pytest.approx(theirs.low, abs=0.02)
    assert ours.high == pytest.approx(theirs.high, abs=0.03)
    assert ours.low < ours.statistic < ours.high


def test_bootstrap_threads_progress_and_discrete(rng):
    x = rng.integers(0, 3, 100)
    y = (x + rng.integers(0, 2, 100)) % 3
    calls = []
    runs = [
        bootstrap_ci(
            x,
            y,
            n_resamples=50,
            random_state=1,
            n_jobs=j,
            progress=lambda d, t: calls.append((d, t)),
        )
        for j in (1, 2)
    ]
    np.testing.assert_array_equal(runs[0].bootstrap_distribution, runs[1].bootstrap_distribution)
    assert runs[0][:3] == runs[1][:3]
    assert calls[-1] == (150, 150)  # 50 resamples + 100 jackknife estimates


def test_bootstrap_degenerate_distribution_warns():
    x = np.zeros(10, dtype=int)
    with pytest.warns(UserWarning, match="BCa interval is undefined"):
        res = bootstrap_ci(x, x, n_resamples=10, random_state=0)
    assert res.low == res.high == 0.0


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"n_resamples": 1}, "'n_resamples' parameter of bootstrap_ci"),
        ({"confidence_level": 1.0}, "'confidence_level' parameter of bootstrap_ci"),
        ({"confidence_level": 0}, "'confidence_level' parameter of bootstrap_ci"),
        ({"ci_method": "basic"}, "'ci_method' parameter of bootstrap_ci"),
        ({"progress": 1}, "'progress' parameter of bootstrap_ci"),
    ],
)
def test_bootstrap_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        bootstrap_ci([0, 1, 0, 1], [0, 1, 1, 0], **kwargs)


def test_bca_needs_three_samples():
    with pytest.raises(ValueError, match="at least 3 samples"):
        bootstrap_ci([0, 1], [0, 1])


@pytest.mark.slow
def test_bca_coverage_on_a_gaussian_pair_with_known_mi():
    # rho = 0.6: I = -1/2 log(1 - 0.36) = 0.2231 nats; 60 data sets of n = 100
    truth = -0.5 * np.log(1 - 0.36)
    hits = 0
    for seed in range(60):
        r = np.random.default_rng(seed)
        x = r.normal(size=100)
        y = 0.6 * x + 0.8 * r.normal(size=100)
        res = bootstrap_ci(x, y, method="gaussian", n_resamples=150, random_state=seed)
        hits += res.low <= truth <= res.high
    assert 50 <= hits <= 60  # nominal 57 (binomial sd about 1.7)
