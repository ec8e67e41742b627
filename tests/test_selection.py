"""mRMR / JMI / CMIM and MISelector: parity with the naive reference, behaviour, errors."""

import numpy as np
import pytest

import fastmi as fm
from fastmi import reference as ref
from fastmi.selection import MISelector, _Sources, cmim, jmi, mrmr

SELECTORS = {"mrmr": mrmr, "jmi": jmi, "cmim": cmim}


@pytest.fixture
def rng():
    return np.random.default_rng(20261122)


def _redundant_data(rng, n=600):
    """x1 informative, a copy of x1, x2 informative (less), noise."""
    x1 = rng.integers(0, 4, size=n)
    x2 = rng.integers(0, 2, size=n)
    noise = rng.integers(0, 3, size=n)
    y = 2 * x1 + x2
    flip = rng.random(n) < 0.1
    y[flip] = rng.integers(0, 8, size=flip.sum())
    return np.column_stack([x1, x1.copy(), noise, x2]), y


@pytest.mark.parametrize("criterion", ["mrmr", "jmi", "cmim"])
def test_informative_feature_beats_a_copy(rng, criterion):
    X, y = _redundant_data(rng)
    picked = SELECTORS[criterion](X, y, n_features=2).features
    np.testing.assert_array_equal(picked, [0, 3])


@pytest.mark.parametrize("criterion", ["mrmr", "jmi", "cmim"])
@pytest.mark.parametrize("seed", range(4))
def test_matches_naive_reference(criterion, seed):
    r = np.random.default_rng(seed)
    n, p = 150, 6
    X = r.integers(0, 3, size=(n, p))
    X[:, 4] = (X[:, 0] + (r.random(n) < 0.3)) % 3  # a noisy copy: redundancy
    y = (X[:, 0] + X[:, 1] * (r.random(n) < 0.5) + X[:, 2] * (r.random(n) < 0.3)) % 4
    got = SELECTORS[criterion](X, y, n_features=5)
    want_idx, want_scores = ref.greedy_selection(X, y, 5, criterion)
    np.testing.assert_array_equal(got.features, want_idx)
    np.testing.assert_allclose(got.scores, want_scores, rtol=1e-10, atol=1e-12)


def test_conditional_mi_equals_conditional_mutual_info(rng):
    X = rng.integers(0, 3, size=(100, 4))
    y = rng.choice(["a", "b", "c"], size=100)
    sources = _Sources(X, y, "discrete", {}, "jmi")
    cond = sources.conditional(np.array([2]))[0]
    want = [fm.conditional_mutual_info(X[:, k], y, X[:, 2]) for k in range(4)]
    np.testing.assert_allclose(cond, want, atol=1e-12)


def test_binned_equals_discrete_on_binned_codes(rng):
    X = rng.normal(size=(200, 4))
    y = (X[:, 1] > 0).astype(int) + (X[:, 3] > 0.5)
    got = jmi(X, y, n_features=3, bins=4)  # auto: float X, int y -> binned
    codes = np.column_stack([fm.binning.digitize(c, fm.binning.bin_edges(c, bins=4)) for c in X.T])
    want = jmi(codes, y, n_features=3)
    np.testing.assert_array_equal(got.features, want.features)
    np.testing.assert_allclose(got.scores, want.scores)
    assert set(got.features[:2]) == {1, 3}


@pytest.mark.parametrize("criterion", ["mrmr", "jmi", "cmim"])
def test_ksg_continuous_picks_informative(rng, criterion):
    n = 200
    a, b, noise = rng.normal(size=(3, n))
    y = a + 0.7 * b + 0.1 * rng.normal(size=n)
    X = np.column_stack([a, a + 1e-3 * rng.normal(size=n), noise, b])
    got = SELECTORS[criterion](X, y, n_features=2, random_state=0)
    assert got.features[0] in (0, 1)
    assert got.features[1] == 3


def test_copula_mrmr(rng):
    a, b = rng.normal(size=(2, 300))
    X = np.column_stack([a, 2 * a + 0.01 * rng.normal(size=300), b])
    y = a + b
    assert list(mrmr(X, y, n_features=2, method="copula").features) in ([0, 2], [1, 2])


def test_pandas_input(rng):
    import pandas as pd

    X, y = _redundant_data(rng)
    frame = pd.DataFrame(X, columns=["a", "a_copy", "noise", "b"])
    got = mrmr(frame, pd.Series(y), n_features=2)
    np.testing.assert_array_equal(got.features, mrmr(X, y, n_features=2).features)
    sel = MISelector(2).fit(frame, y)
    assert list(sel.transform(frame).columns) == ["a", "b"]
    assert list(sel.feature_names_in_) == ["a", "a_copy", "noise", "b"]


def test_selector_api(rng):
    X, y = _redundant_data(rng)
    sel = MISelector(n_features_to_select=2, criterion="cmim")
    assert sel.get_params() == {
        "n_features_to_select": 2,
        "criterion": "cmim",
        "method": "auto",
        "mi_options": None,
    }
    out = sel.fit_transform(X, y)
    np.testing.assert_array_equal(out, X[:, [0, 3]])
    np.testing.assert_array_equal(sel.get_support(), [True, False, False, True])
    np.testing.assert_array_equal(sel.get_support(indices=True), [0, 3])
    np.testing.assert_array_equal(sel.features_, [0, 3])
    assert sel.set_params(criterion="jmi") is sel and sel.criterion == "jmi"
    assert repr(sel) == "MISelector(n_features_to_select=2, criterion='jmi')"
    base2 = MISelector(2, mi_options={"base": 2}).fit(X, y)
    np.testing.assert_allclose(base2.scores_, mrmr(X, y, n_features=2).scores / np.log(2))


def test_selector_in_sklearn_pipeline(rng):
    from sklearn.base import clone
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    X, y = _redundant_data(rng)
    pipe = make_pipeline(MISelector(2), LogisticRegression(max_iter=200))
    pipe.fit(X, y)
    assert pipe.predict(X).shape == (X.shape[0],)
    copy = clone(MISelector(3, criterion="jmi"))
    assert copy.get_params()["criterion"] == "jmi" and not hasattr(copy, "features_")


def test_selector_errors(rng):
    X, y = _redundant_data(rng, n=50)
    with pytest.raises(ValueError, match="not fitted yet"):
        MISelector().get_support()
    with pytest.raises(AttributeError, match="not fitted yet"):
        MISelector().transform(X)
    with pytest.raises(ValueError, match="'criterion' parameter of MISelector"):
        MISelector(criterion="mifs").fit(X, y)
    with pytest.raises(
        ValueError, match=r"'n_features_to_select' parameter of MISelector .* \[1, 4\]"
    ):
        MISelector().fit(X, y)  # the default 10 > 4 columns
    sel = MISelector(2).fit(X, y)
    with pytest.raises(ValueError, match="X has 3 features, but MISelector was fitted with 4"):
        sel.transform(X[:, :3])
    with pytest.raises(ValueError, match="'params' parameter of MISelector.set_params"):
        sel.set_params(alpha=1)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda X, y: mrmr(X, y, n_features=0), "'n_features' parameter of mrmr must be an int in"),
        (
            lambda X, y: jmi(X, y, n_features=5),
            r"'n_features' parameter of jmi must be an int in \[1, 4\]",
        ),
        (lambda X, y: cmim(X, y, n_features=1, method="nope"), "'method' parameter of cmim"),
        (lambda X, y: jmi(X, y, n_features=1, method="copula"), "jmi needs conditional MI"),
        (lambda X, y: mrmr(X[:, 0], y, n_features=1), "2-D array of shape"),
        (lambda X, y: mrmr(X[:, :0], y, n_features=1), "needs at least one feature"),
        (lambda X, y: mrmr(X, y[:-1], n_features=1), "same number of samples"),
        (lambda X, y: mrmr(X, y[:, None], n_features=1), "y must be 1-D"),
        (lambda X, y: mrmr(X * np.nan, y, n_features=1), "NaN"),
    ],
)
def test_selection_errors(rng, call, match):
    X, y = _redundant_data(rng, n=50)
    with pytest.raises(ValueError, match=match):
        call(X.astype(float) if "NaN" in match else X, y)
