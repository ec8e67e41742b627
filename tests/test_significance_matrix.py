"""Permutation tests of whole MI matrices: the copula fast path equals a
plain numpy recompute, the generic path equals per-permutation calls of the
matrix functions, p-values and family-wise p-values follow their definitions."""

import zlib

import numpy as np
import pandas as pd
import pytest
from scipy.special import ndtri
from scipy.stats import rankdata

import fastmi as fm
from fastmi._kernels.null_tally import tally_correlations
from fastmi.significance import _copula_null, _matrix, permutation_test_matrix, permutations


@pytest.fixture
def rng(request):
    return np.random.default_rng(zlib.crc32(request.node.name.encode()))


def _seeds(random_state, n_permutations):
    gen = np.random.default_rng(random_state)
    gen.integers(2**63 - 1)  # the jitter seed comes first
    return gen.integers(2**63 - 1, size=n_permutations, dtype=np.int64)


def _copula_r(a, b):
    """Correlations of plain-numpy normal scores (rankdata + ndtri)."""
    n = a.shape[0]
    za, zb = (ndtri(rankdata(m, axis=0) / (n + 1)) for m in (a, b))
    za, zb = (z - z.mean(axis=0) for z in (za, zb))
    za, zb = (z / np.linalg.norm(z, axis=0) for z in (za, zb))
    return za.T @ zb


def _reference(X, second, n_permutations, random_state, mask):
    """Counts and maxima of a copula permutation test by plain numpy."""
    observed = _copula_r(X, second) ** 2
    reached = np.zeros(observed.shape)
    maxima = []
    for perm in permutations(_seeds(random_state, n_permutations), X.shape[0]):
        r2 = _copula_r(X, second[perm]) ** 2
        reached += r2 >= observed
        maxima.append(r2[mask].max())
    return reached, np.array(maxima)


def _to_mi(r2, n):
    return -0.5 * np.log1p(-r2) + fm.gaussian.gaussian_bias(n, 1, 1)


@pytest.mark.parametrize("kind", ["pairwise", "cross", "target"])
def test_copula_path_equals_plain_numpy(rng, kind):
    n, m = 80, 30
    X = rng.normal(size=(n, 4))
    X[:, 1] += X[:, 0]
    Y = {
        "pairwise": None,
        "cross": rng.normal(size=(n, 3)) + X[:, :1],
        "target": X[:, 2] + rng.normal(size=n),
    }[kind]
    res = permutation_test_matrix(X, Y, method="copula", n_permutations=m, random_state=4)
    second = X if Y is None else Y.reshape(n, -1)
    mask = (
        np.triu(np.ones((4, 4), bool), 1)
        if kind == "pairwise"
        else np.ones((4, second.shape[1]), bool)
    )
    reached, maxima = _reference(X, second, m, 4, mask)
    pvalue = (1 + reached) / (1 + m)
    if kind == "target":
        pvalue = pvalue[:, 0]
    np.testing.assert_array_equal(
        res.pvalue[mask.reshape(res.pvalue.shape)], pvalue[mask.reshape(pvalue.shape)]
    )
    np.testing.assert_allclose(res.null_max, _to_mi(maxima, n), rtol=1e-10)
    stat = np.asarray(res.statistic)
    want_fwer = (1 + (res.null_max[:, None] >= stat.ravel()[None]).sum(axis=0)) / (1 + m)
    np.testing.assert_allclose(
        res.pvalue_fwer[mask.reshape(res.pvalue.shape)],
        want_fwer.reshape(stat.shape)[mask.reshape(stat.shape)],
    )
    assert (res.pvalue_fwer[mask.reshape(stat.shape)] >= res.pvalue[mask.reshape(stat.shape)]).all()


def test_pairwise_layout_and_strong_pair(rng):
    X = rng.normal(size=(150, 5))
    X[:, 3] += 2 * X[:, 1]
    res = permutation_test_matrix(X, method="copula", n_permutations=19, random_state=0)
    for a in (res.pvalue, res.pvalue_fwer, res.null_mean):
        assert np.isnan(np.diag(a)).all()
        np.testing.assert_array_equal(a, a.T)
    assert res.pvalue[1, 3] == res.pvalue_fwer[1, 3] == 1 / 20
    np.testing.assert_allclose(res.statistic, fm.pairwise_mi(X, method="copula"))
    assert res.null_max.shape == (19,)


@pytest.mark.parametrize("kind", ["pairwise", "wide", "cross", "target"])
def test_fast_path_equals_generic_path(rng, kind, monkeypatch):
    # "wide": 70 columns, so the pairwise product is split in column blocks
    n = 60
    X = rng.normal(size=(n, 70 if kind == "wide" else 3))
    X[:, 2] += X[:, -1]
    Y = {"cross": rng.normal(size=(n, 2)), "target": rng.normal(size=n)}.get(kind)
    fast = permutation_test_matrix(X, Y, method="copula", n_permutations=12, random_state=9)
    monkeypatch.setattr(_matrix, "_copula_null", lambda *args: None)
    slow = permutation_test_matrix(X, Y, method="copula", n_permutations=12, random_state=9)
    np.testing.assert_array_equal(fast.pvalue, slow.pvalue)
    np.testing.assert_array_equal(fast.pvalue_fwer, slow.pvalue_fwer)
    np.testing.assert_allclose(fast.null_max, slow.null_max, rtol=1e-10)
    np.testing.assert_allclose(fast.null_mean, slow.null_mean, rtol=1e-10, atol=1e-15)


@pytest.mark.parametrize("kind", ["pairwise", "cross", "target"])
def test_copula_blocks_do_not_change_results(rng, kind, monkeypatch):
    # permutations per block and gathered values per column block: the
    # defaults (2 column blocks when pairwise), 13 and 30 column blocks
    n = 50
    X = rng.normal(size=(n, 30))
    X[:, 4] += X[:, 7]
    Y = {"cross": rng.normal(size=(n, 9)) + X[:, :1], "target": X[:, 3] + rng.normal(size=n)}
    Y = Y.get(kind)
    runs = []
    for size, values in ((32, 1 << 19), (5, 600), (1, 50)):
        monkeypatch.setattr(_copula_null, "_PERMUTATIONS", size)
        monkeypatch.setattr(_copula_null, "_GATHERED_VALUES", values)
        res = permutation_test_matrix(X, Y, method="copula", n_permutations=23, random_state=3)
        runs.append(res)
    for other in runs[1:]:
        np.testing.assert_array_equal(other.pvalue, runs[0].pvalue)
        np.testing.assert_array_equal(other.pvalue_fwer, runs[0].pvalue_fwer)
        np.testing.assert_allclose(other.null_max, runs[0].null_max, rtol=1e-13)
        np.testing.assert_allclose(other.null_mean, runs[0].null_mean, rtol=1e-12, atol=1e-16)


def test_tally_mi_sums_equal_a_log1p_per_draw(rng):
    # runs of small r^2 multiplied (some long enough to restart), large ones
    # (r^2 > 1/2) and capped ones (|r| = 1) summed one by one
    r = rng.uniform(-0.75, 0.75, size=(3, 4, 200))
    r[0, 0] = rng.normal(scale=0.01, size=200)
    r[1, 2, ::7] = 1.0
    r[2, 3, 5] = -1.0
    cap, shift, scale = np.log(40.0), -0.01, np.log(2.0)
    reached = np.zeros((3, 4), dtype=np.int64)
    null_sum, largest = np.zeros((3, 4)), np.full(200, -np.inf)
    observed_r2 = rng.uniform(0, 0.3, size=(3, 4))
    args = (0, 0, False, observed_r2, (cap, shift, scale), reached, null_sum, largest)
    tally_correlations(r, *args)
    with np.errstate(divide="ignore"):
        mi = np.minimum(-0.5 * np.log1p(-np.minimum(r * r, 1.0)), cap)
    np.testing.assert_allclose(null_sum, ((mi + shift) / scale).sum(axis=2), rtol=1e-13)
    np.testing.assert_array_equal(reached, (r * r >= observed_r2[..., None]).sum(axis=2))
    np.testing.assert_array_equal(largest, (r * r).max(axis=(0, 1)))


def test_generic_path_discrete_matches_per_permutation_calls(rng):
    n, m = 90, 10
    X = rng.integers(0, 3, size=(n, 3))
    X[:, 2] = (X[:, 0] + (rng.random(n) < 0.2)) % 3
    res = permutation_test_matrix(X, method="discrete", n_permutations=m, random_state=2)
    observed = fm.pairwise_mi(X, method="discrete")
    draws = np.array(
        [fm.cross_mi(X, X[p], method="discrete") for p in permutations(_seeds(2, m), n)]
    )
    iu = np.triu_indices(3, 1)
    want = (1 + (draws >= observed).sum(axis=0)) / (1 + m)
    np.testing.assert_array_equal(res.pvalue[iu], want[iu])
    np.testing.assert_allclose(res.null_mean[iu], draws.mean(axis=0)[iu])
    np.testing.assert_allclose(res.null_max, draws[:, iu[0], iu[1]].max(axis=1))


def test_pandas_in_labels_out_and_target_series(rng):
    n = 70
    frame = pd.DataFrame(rng.normal(size=(n, 3)), columns=["a", "b", "c"])
    target = pd.Series(frame["a"] + rng.normal(size=n), name="t")
    res = permutation_test_matrix(frame, target, method="copula", n_permutations=9, random_state=0)
    assert list(res.statistic.index) == ["a", "b", "c"]
    assert res.pvalue.shape == (3,)
    assert res.pvalue[0] == 0.1
    res = permutation_test_matrix(frame, method="copula", n_permutations=9, random_state=0)
    assert list(res.statistic.columns) == ["a", "b", "c"]


def test_thread_count_and_progress(rng):
    X = rng.normal(size=(100, 4))
    calls = []
    runs = [
        permutation_test_matrix(
            X,
            method=meth,
            n_permutations=8,
            random_state=1,
            n_jobs=j,
            progress=lambda d, t: calls.append((d, t)),
        )
        for meth in ("copula", "ksg")
        for j in (1, 2)
    ]
    for a, b in ((runs[0], runs[1]), (runs[2], runs[3])):
        np.testing.assert_array_equal(a.pvalue, b.pvalue)
        np.testing.assert_array_equal(a.null_max, b.null_max)
    assert calls[-1] == (8, 8)


def test_errors():
    X = np.zeros((10, 2))
    with pytest.raises(ValueError, match="'n_permutations' parameter of permutation_test_matrix"):
        permutation_test_matrix(X, n_permutations=0)
    with pytest.raises(ValueError, match="'progress' parameter of permutation_test_matrix"):
        permutation_test_matrix(X, progress="yes")
    with pytest.raises(ValueError, match="same number of samples"):
        permutation_test_matrix(np.ones((10, 2)), np.ones(9), method="copula")
