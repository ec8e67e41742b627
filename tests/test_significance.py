"""Permutation and G tests: parity with scipy and the reference, determinism, errors."""

import numpy as np
import pytest
from scipy.stats import chi2_contingency

import fastmi as fm
from fastmi import reference as ref
from fastmi.significance import g_test, permutation_test


@pytest.fixture
def rng():
    return np.random.default_rng(20261122)


def _table(x, y):
    xs, xc = np.unique(x, return_inverse=True)
    ys, yc = np.unique(y, return_inverse=True)
    t = np.zeros((len(xs), len(ys)))
    np.add.at(t, (xc, yc), 1)
    return t


@pytest.mark.parametrize("levels", [(2, 2), (3, 4), (5, 2)])
def test_g_test_matches_scipy_log_likelihood(rng, levels):
    x = rng.integers(0, levels[0], size=300)
    y = (x + rng.integers(0, levels[1], size=300)) % levels[1]
    res = g_test(x, y)
    want = chi2_contingency(_table(x, y), correction=False, lambda_="log-likelihood")
    assert res.dof == want.dof
    assert res.statistic == pytest.approx(want.statistic, rel=1e-10)
    assert res.pvalue == pytest.approx(want.pvalue, rel=1e-8, abs=1e-300)
    g, dof = ref.g_statistic(x, y)
    assert (res.statistic, res.dof) == (pytest.approx(g, rel=1e-10), dof)


def test_g_test_string_labels_and_constant(rng):
    x = rng.choice(["a", "b", "c"], size=100)
    y = rng.choice(["u", "v"], size=100)
    assert g_test(x, y).statistic == pytest.approx(ref.g_statistic(x, y)[0], rel=1e-10)
    const = g_test(x, np.zeros(100, dtype=int))
    assert (const.statistic, const.pvalue, const.dof) == (0.0, 1.0, 0)


def test_g_test_errors():
    with pytest.raises(ValueError, match="same number of samples"):
        g_test([0, 1, 0], [0, 1])


def test_permutation_pvalue_dependent_and_independent(rng):
    x = rng.integers(0, 3, size=300)
    dependent = (x + (rng.random(300) < 0.3)) % 3
    res = permutation_test(x, dependent, n_permutations=49, random_state=1)
    assert res.statistic == pytest.approx(fm.mutual_info_discrete(x, dependent), rel=1e-12)
    assert res.pvalue == 1 / 50
    assert res.null_distribution.shape == (49,)
    independent = rng.integers(0, 3, size=300)
    res = permutation_test(x, independent, n_permutations=49, random_state=1)
    count = np.count_nonzero(res.null_distribution >= res.statistic)
    assert res.pvalue == (1 + count) / 50
    assert res.pvalue > 0.05
    # every null draw is the MI of a shuffle: same marginals, so at most H(x)
    assert (res.null_distribution >= 0).all()
    assert (res.null_distribution <= fm.entropy(x) + 1e-12).all()


def test_permutation_deterministic_and_thread_independent(rng):
    x = rng.normal(size=120)
    y = x + rng.normal(size=120)
    runs = [
        permutation_test(
            x, y, n_permutations=20, random_state=7, n_jobs=n_jobs, mi_options={"k": 3}
        )
        for n_jobs in (1, 2, 1)
    ]
    for other in runs[1:]:
        assert other.statistic == runs[0].statistic
        np.testing.assert_array_equal(other.null_distribution, runs[0].null_distribution)
    different = permutation_test(x, y, n_permutations=20, random_state=8)
    assert not np.array_equal(different.null_distribution, runs[0].null_distribution)


def test_permutation_options_reach_the_estimator(rng):
    x = rng.integers(0, 2, size=80)
    bits = permutation_test(
        x, x, method="discrete", n_permutations=5, random_state=0, mi_options={"base": 2}
    )
    assert bits.statistic == pytest.approx(fm.entropy(x, base=2))


def test_permutation_pvalues_roughly_uniform_under_null():
    # 40 independent data sets: p-values of a valid test are ~uniform
    pvalues = []
    for seed in range(40):
        r = np.random.default_rng(seed)
        x, y = r.integers(0, 3, size=(2, 60))
        pvalues.append(permutation_test(x, y, n_permutations=39, random_state=seed).pvalue)
    pvalues = np.array(pvalues)
    assert 0.1 < np.mean(pvalues <= 0.5) < 0.9
    assert np.mean(pvalues <= 0.05) < 0.25


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"n_permutations": 0}, "'n_permutations' parameter of permutation_test"),
        ({"n_permutations": 2.5}, "'n_permutations' parameter of permutation_test"),
        ({"method": "nope"}, "'method' parameter of permutation_test"),
        ({"random_state": -1}, "'random_state' parameter of permutation_test"),
        ({"n_jobs": 0}, "'n_jobs' parameter of permutation_test"),
    ],
)
def test_permutation_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        permutation_test([0, 1, 0, 1], [0, 1, 1, 0], **kwargs)


def test_permutation_bad_data_fails_before_permuting():
    with pytest.raises(ValueError, match="same number of samples"):
        permutation_test([0, 1, 0, 1], [0, 1, 1], n_permutations=3)
