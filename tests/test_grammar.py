"""One API grammar (issue 12): renamed keywords keep working, with a
FutureWarning that names the new spelling, and give the same result."""

import numpy as np
import pytest

import fastmi as fm
from fastmi.network import aracne_bootstrap, infer_network, mi_threshold
from fastmi.significance import bootstrap_ci, permutation_test, permutation_test_matrix


@pytest.fixture
def pair():
    rng = np.random.default_rng(0)
    x = rng.integers(0, 3, size=60)
    return x, (x + rng.integers(0, 2, size=60)) % 3


@pytest.fixture
def genes():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(40, 4))
    X[:, 1] += X[:, 0]
    return X


_SIGNIFICANCE = [
    (permutation_test, {"n_permutations": 9}),
    (bootstrap_ci, {"n_resamples": 5, "ci_method": "percentile"}),
]


def _same(a, b):
    for u, w in zip(a, b, strict=True):
        np.testing.assert_array_equal(np.asarray(u), np.asarray(w))


@pytest.mark.parametrize(("func", "own"), _SIGNIFICANCE)
def test_mi_options_of_the_pair_tests_and_their_shim(pair, func, own):
    x, y = pair
    new = func(x, y, random_state=0, mi_options={"base": 2}, **own)
    with pytest.warns(FutureWarning, match=rf"{func.__name__} as keywords \(base\).*mi_options="):
        old = func(x, y, random_state=0, base=2, **own)
    _same(new, old)
    default = func(x, y, random_state=0, **own)
    assert new.statistic == pytest.approx(default.statistic / np.log(2))
    with (
        pytest.warns(FutureWarning),
        pytest.raises(TypeError, match="'base' both as a keyword and in mi_options"),
    ):
        func(x, y, mi_options={"base": 2}, base=2, **own)
    with pytest.raises(
        fm.InvalidParameterError, match=f"'mi_options' parameter of {func.__name__}"
    ):
        func(x, y, mi_options=[("base", 2)], **own)


@pytest.mark.parametrize(("func", "own"), _SIGNIFICANCE)
def test_auto_tests_ignore_options_of_other_estimators(pair, func, own):
    x, y = pair  # integers: counted; k and algorithm belong to KSG
    got = func(x, y, random_state=0, mi_options={"k": 5, "algorithm": 2}, **own)
    _same(got, func(x, y, random_state=0, **own))
    with pytest.raises(TypeError, match="unexpected keyword argument 'kk'"):
        func(x, y, random_state=0, mi_options={"kk": 5}, **own)


def test_mi_options_of_the_matrix_test_and_its_shim(genes):
    new = permutation_test_matrix(
        genes, method="copula", n_permutations=5, random_state=0, mi_options={"base": 2}
    )
    with pytest.warns(FutureWarning, match="permutation_test_matrix as keywords"):
        old = permutation_test_matrix(genes, method="copula", n_permutations=5, random_state=0,
                                      base=2)  # fmt: skip
    _same(new, old)


def test_mi_options_of_the_network_functions_and_their_shims(genes):
    new = infer_network(genes, algorithm="relevance", mi_options={"base": 2})
    with pytest.warns(FutureWarning, match="infer_network as keywords"):
        old = infer_network(genes, algorithm="relevance", base=2)
    np.testing.assert_array_equal(new, old)
    mi = np.nan_to_num(fm.pairwise_mi(genes, method="copula", base=2))
    np.testing.assert_array_equal(new, np.maximum(mi, 0))  # negative estimates count as 0

    new = mi_threshold(genes, 0.05, n_permutations=1000, random_state=0, mi_options={"base": 2})
    with pytest.warns(FutureWarning, match="mi_threshold as keywords"):
        old = mi_threshold(genes, 0.05, n_permutations=1000, random_state=0, base=2)
    assert new == old
    assert new == pytest.approx(mi_threshold(genes, 0.05, n_permutations=1000, random_state=0)
                                / np.log(2))  # fmt: skip

    new = aracne_bootstrap(genes, bootstraps=3, random_state=0, mi_options={"base": 2})
    with pytest.warns(FutureWarning, match="aracne_bootstrap as keywords"):
        old = aracne_bootstrap(genes, bootstraps=3, random_state=0, base=2)
    _same(new, old)
