"""Permutation nulls that reuse the fixed side: every draw equals the
estimator recomputed from scratch on the permuted data, the permutations are
uniform, reproducible from their seeds and independent of the thread count."""

import zlib

import numpy as np
import pytest

import fastmi as fm
from fastmi.significance import permutation_test, permutations

_JITTERED = ("ksg", "mixed")


@pytest.fixture
def rng(request):
    return np.random.default_rng(zlib.crc32(request.node.name.encode()))


def _seeds(random_state, n_permutations, method):
    """The seeds permutation_test draws: after the jitter seed for KSG/mixed."""
    gen = np.random.default_rng(random_state)
    jitter = int(gen.integers(2**63 - 1)) if method in _JITTERED else None
    return jitter, gen.integers(2**63 - 1, size=n_permutations, dtype=np.int64)


def _data(rng, method, n=120):
    x = rng.normal(size=n)
    y = 0.5 * x + rng.normal(size=n)
    if method == "discrete":
        return rng.integers(0, 3, n), rng.integers(0, 4, n)
    if method == "mixed":
        return x, (x > 0).astype(int) + rng.integers(0, 2, n)
    return x, y


CASES = [
    ("discrete", {}),
    ("discrete", {"estimator": "miller_madow", "base": 2}),
    ("discrete", {"estimator": "nsb"}),
    ("binned", {"bins": 4}),
    ("binned", {"bins": 3, "strategy": "quantile", "estimator": "grassberger"}),
    ("copula", {}),
    ("copula", {"bias_correction": False, "base": "bits"}),
    ("gaussian", {}),
    ("ksg", {"k": 4}),
    ("ksg", {"algorithm": 2, "clip": True}),
    ("mixed", {}),  # the generic path
]


@pytest.mark.parametrize(("method", "options"), CASES)
def test_null_equals_recompute_on_permuted_data(rng, method, options):
    x, y = _data(rng, method)
    res = permutation_test(
        x, y, method=method, n_permutations=15, random_state=5, mi_options=options
    )
    jitter, seeds = _seeds(5, 15, method)
    extra = {} if jitter is None else {"random_state": jitter}
    want_stat = fm.mutual_info(x, y, method=method, **options, **extra)
    assert res.statistic == pytest.approx(want_stat, rel=1e-12, abs=1e-14)
    want = [
        fm.mutual_info(x, y[p], method=method, **options, **extra)
        for p in permutations(seeds, len(y))
    ]
    np.testing.assert_allclose(res.null_distribution, want, rtol=1e-10, atol=1e-13)
    count = np.count_nonzero(res.null_distribution >= res.statistic)
    assert res.pvalue == (1 + count) / 16
    assert res.above_null == pytest.approx(res.statistic - np.mean(want))


def test_multivariate_sides_fall_back_to_the_estimator(rng):
    x = rng.normal(size=(80, 2))
    y = x[:, :1] + rng.normal(size=(80, 1))
    res = permutation_test(x, y, method="copula", n_permutations=5, random_state=0)
    _, seeds = _seeds(0, 5, "copula")
    want = [fm.copula_mi(x, y[p]) for p in permutations(seeds, 80)]
    np.testing.assert_allclose(res.null_distribution, want, rtol=1e-12)


@pytest.mark.parametrize("method", ["discrete", "binned", "copula", "ksg"])
def test_same_result_for_any_thread_count(rng, method):
    x, y = _data(rng, method, n=300)
    runs = [
        permutation_test(x, y, method=method, n_permutations=40, random_state=3, n_jobs=j)
        for j in (1, 2)
    ]
    np.testing.assert_array_equal(runs[0].null_distribution, runs[1].null_distribution)
    assert runs[0].statistic == runs[1].statistic


def test_permutations_are_permutations_reproducible_and_uniform():
    seeds = np.arange(6000, dtype=np.int64)
    perms = permutations(seeds, 4)
    assert (np.sort(perms, axis=1) == np.arange(4)).all()
    # a seed gives the same permutation in any block
    np.testing.assert_array_equal(permutations(seeds[17:19], 4), perms[17:19])
    # all 24 orders, about equally often (chi-squared, 23 dof: 99.9% point 49.7)
    codes = perms @ np.array([64, 16, 4, 1])
    _, counts = np.unique(codes, return_counts=True)
    assert len(counts) == 24
    expected = len(seeds) / 24
    assert ((counts - expected) ** 2 / expected).sum() < 49.7


def test_progress_reports_every_batch(rng):
    x, y = _data(rng, "discrete", n=5000)
    calls = []
    res = permutation_test(
        x, y, n_permutations=300, random_state=0, progress=lambda d, t: calls.append((d, t))
    )
    assert len(calls) > 1
    assert calls[-1] == (300, 300)
    assert all(t == 300 for _, t in calls)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert res.null_distribution.shape == (300,)


def test_nan_policy_omit_reaches_the_null(rng):
    x = rng.normal(size=100)
    y = x + rng.normal(size=100)
    x[[3, 50]] = np.nan
    res = permutation_test(
        x, y, method="copula", n_permutations=5, random_state=0, mi_options={"nan_policy": "omit"}
    )
    keep = ~np.isnan(x)
    clean = permutation_test(x[keep], y[keep], method="copula", n_permutations=5, random_state=0)
    np.testing.assert_array_equal(res.null_distribution, clean.null_distribution)


def test_progress_must_be_callable():
    with pytest.raises(ValueError, match="'progress' parameter of permutation_test"):
        permutation_test([0, 1, 0, 1], [0, 1, 1, 0], progress=3)


@pytest.mark.parametrize("method", ["discrete", "copula"])
def test_calibrated_under_the_null(method):
    # 300 independent data sets: the p-values of a valid test are ~uniform
    pvalues = []
    for seed in range(300):
        r = np.random.default_rng(seed)
        x, y = r.integers(0, 3, size=(2, 40)) if method == "discrete" else r.normal(size=(2, 40))
        pvalues.append(
            permutation_test(x, y, method=method, n_permutations=49, random_state=seed).pvalue
        )
    pvalues = np.array(pvalues)
    assert 0.01 < np.mean(pvalues <= 0.05) < 0.10
    assert 0.40 < np.mean(pvalues <= 0.5) < 0.60
