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
    new = infer_network(genes, network="relevance", mi_options={"base": 2})
    with pytest.warns(FutureWarning, match="infer_network as keywords"):
        old = infer_network(genes, network="relevance", base=2)
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


# ------------------------------------------------------------ discrete flags
def _table():
    rng = np.random.default_rng(2)
    X = rng.integers(0, 3, size=(50, 3)).astype(float)
    X[:, 2] = rng.normal(size=50)
    return X


@pytest.mark.parametrize(
    ("call", "flags"),
    [
        (lambda X, **kw: fm.pairwise_mi(X, method="binned", **kw),
         [("discrete_features", "discrete_x", [0, 1])]),
        (lambda X, **kw: fm.cross_mi(X, X[:, :2], method="binned", **kw),
         [("discrete_features", "discrete_x", [0, 1]),
          ("discrete_features_y", "discrete_y", True)]),
        (lambda X, **kw: fm.mi_with_target(X, X[:, 0], method="binned", **kw),
         [("discrete_features", "discrete_x", [0, 1]), ("discrete_target", "discrete_y", True)]),
    ],
)  # fmt: skip
def test_discrete_flags_renamed_with_shims(call, flags):
    X = _table()
    new = {name: value for _, name, value in flags}
    want = np.asarray(call(X, **new))
    assert not np.array_equal(want, np.asarray(call(X)), equal_nan=True)  # the flags matter
    for old, name, value in flags:
        given = {**{k: w for k, w in new.items() if k != name}, old: value}
        with pytest.warns(FutureWarning, match=f"'{old}' parameter of .* deprecated.*{name}="):
            got = call(X, **given)
        np.testing.assert_array_equal(np.asarray(got), want)
        with pytest.raises(TypeError, match=f"both '{old}' .* and '{name}'"):
            call(X, **new, **{old: value})


def test_discrete_flag_messages_name_the_new_keyword():
    X = _table()
    with pytest.raises(ValueError, match="'discrete_y' parameter of cross_mi is a boolean mask"):
        fm.cross_mi(X, X, discrete_y=[True])
    with pytest.raises(ValueError, match="discrete_x marks 1 column"):
        fm.pairwise_mi(X, method="copula", discrete_x=[0])


def test_ksg_cmi_discrete_z_and_its_shim():
    rng = np.random.default_rng(3)
    z = rng.integers(0, 2, size=200)
    x, y = z + rng.normal(size=200), z + rng.normal(size=200)
    zf = z.astype(float)
    want = fm.ksg_cmi(x, y, zf, discrete_z=True, random_state=0)
    with pytest.warns(FutureWarning, match="'z_discrete' parameter of ksg_cmi.*discrete_z="):
        assert fm.ksg_cmi(x, y, zf, z_discrete=True, random_state=0) == want
    assert want == fm.ksg_cmi(x, y, z, random_state=0)  # "auto" on integers: discrete
    with pytest.warns(UserWarning, match="tied values"):  # float z: continuous
        assert want != fm.ksg_cmi(x, y, zf, random_state=0)
    with pytest.raises(TypeError, match="both 'z_discrete'"):
        fm.ksg_cmi(x, y, zf, z_discrete=True, discrete_z=True)


def test_infer_network_network_keyword_and_its_shim(genes):
    new = infer_network(genes, network="clr")
    with pytest.warns(FutureWarning, match="'algorithm' parameter of infer_network.*network="):
        old = infer_network(genes, algorithm="clr")
    np.testing.assert_array_equal(new, old)
    assert not np.array_equal(new, infer_network(genes, network="relevance"))
    with pytest.raises(TypeError, match="both 'algorithm'"):
        infer_network(genes, algorithm="clr", network="clr")
    with pytest.raises(ValueError, match="'network' parameter of infer_network"):
        infer_network(genes, network="genie3")
    assert_default = infer_network(genes)  # no network: the default algorithm
    np.testing.assert_array_equal(assert_default, infer_network(genes, network="ensemble"))
