"""Greedy MI selection (every criterion) and MISelector: parity with the plain
reference, behaviour, scikit-learn compatibility, errors."""

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fastmi as fm
from fastmi import reference as ref
from fastmi.selection import CRITERIA, MISelector, cmim, jmi, mrmr, select_features

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


def test_discrete_terms_equal_the_public_functions(rng):
    """Each step's terms against fastmi's single-pair functions (an independent path)."""
    from fastmi.selection import _check_options, _Discrete

    X = rng.integers(0, 3, size=(100, 4))
    y = rng.choice(["a", "b", "c"], size=100)
    options = _check_options("t", dict(_OPTION_DEFAULTS))
    source = _Discrete(list(X.T), X, y, options, "t")
    rel = source.relevance()
    terms = source.terms(2, ("r", "c", "d", "h"), np.ones(4, dtype=bool))
    for k in range(4):
        assert rel[k] == pytest.approx(fm.mutual_info_discrete(X[:, k], y), abs=1e-12)
        assert terms["r"][k] == pytest.approx(fm.mutual_info_discrete(X[:, k], X[:, 2]), abs=1e-12)
        d = fm.conditional_mutual_info(X[:, k], y, X[:, 2])
        c = fm.conditional_mutual_info(X[:, k], X[:, 2], y)
        assert terms["d"][k] == pytest.approx(d, abs=1e-12)
        assert terms["c"][k] == pytest.approx(c, abs=1e-12)
        h = fm.joint_entropy(np.column_stack([X[:, k], X[:, 2], y]))
        assert terms["h"][k] == pytest.approx(h, abs=1e-12)


_OPTION_DEFAULTS = {
    "estimator": "plugin",
    "bins": "fd",
    "strategy": "uniform",
    "k": 3,
    "jitter": 1e-10,
    "random_state": None,
    "bias_correction": True,
    "base": "e",
    "n_jobs": None,
}


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
        "beta": None,
        "gamma": None,
        "mi_options": None,
        "random_state": None,
    }
    out = sel.fit_transform(X, y)
    np.testing.assert_array_equal(out, X[:, [0, 3]])
    np.testing.assert_array_equal(sel.get_support(), [True, False, False, True])
    np.testing.assert_array_equal(sel.get_support(indices=True), [0, 3])
    np.testing.assert_array_equal(sel.features_, [0, 3])
    np.testing.assert_array_equal(sel.get_feature_names_out(), ["x0", "x3"])
    np.testing.assert_array_equal(sel.inverse_transform(out)[:, [0, 3]], out)
    assert sel.set_params(criterion="jmi") is sel and sel.criterion == "jmi"
    assert repr(sel) == "MISelector(criterion='jmi', n_features_to_select=2)"
    base2 = MISelector(2, mi_options={"base": 2}).fit(X, y)
    np.testing.assert_allclose(base2.scores_, mrmr(X, y, n_features=2).scores / np.log(2))
    assert MISelector().fit(X, y).features_.shape == (2,)  # default: half of 4 columns


def test_selector_passes_check_estimator():
    from sklearn.utils.estimator_checks import check_estimator

    results = check_estimator(MISelector(), on_fail=None)
    failed = [(r["check_name"], r["exception"]) for r in results if r["status"] == "failed"]
    assert len(results) > 30 and not failed


def test_selector_pandas_output_pipeline_and_grid_search(rng):
    import pandas as pd
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import Pipeline
    from sklearn.tree import DecisionTreeClassifier

    X, y = _redundant_data(rng, n=400)
    X = np.column_stack([X, rng.integers(0, 3, size=(400, 2))])
    names = ["a", "a_copy", "noise", "b", "n1", "n2"]
    frame = pd.DataFrame(X, columns=names)
    sel = MISelector(2).set_output(transform="pandas").fit(X, y)
    out = sel.transform(X)
    assert isinstance(out, pd.DataFrame) and list(out.columns) == ["x0", "x3"]
    out = MISelector(2).set_output(transform="pandas").fit(frame, y).transform(frame)
    assert list(out.columns) == ["a", "b"]
    pipe = Pipeline([("select", MISelector()), ("model", DecisionTreeClassifier(random_state=0))])
    grid = {"select__n_features_to_select": [1, 2, 3], "select__criterion": ["mim", "jmi"]}
    search = GridSearchCV(pipe, grid, cv=3).fit(frame, y)
    best = search.best_estimator_.named_steps["select"]
    assert best.n_features_to_select in (2, 3)  # y = 2a + b: one feature is not enough
    assert {"a", "b"} <= set(best.get_feature_names_out())


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
        MISelector(10).fit(X, y)
    with pytest.raises(ValueError, match="criterion='beta_gamma'"):
        MISelector(2, criterion="beta_gamma").fit(X, y)
    sel = MISelector(2).fit(X, y)
    with pytest.raises(ValueError, match="X has 3 features, but MISelector is expecting 4"):
        sel.transform(X[:, :3])
    with pytest.raises(ValueError, match="Invalid parameter 'alpha' for estimator"):
        sel.set_params(alpha=1)


def test_selector_needs_sklearn_only_when_used():
    code = (
        "import sys, numpy as np\n"
        "import fastmi, fastmi.selection as s, fastmi.feature_selection\n"
        "X = np.arange(40).reshape(20, 2) % 3\n"
        "s.select_features(X, X[:, 0], n_features=1)\n"
        "assert 'sklearn' not in sys.modules\n"
        "sys.modules['sklearn'] = None\n"
        "try:\n"
        "    fastmi.MISelector\n"
        "except ImportError as err:\n"
        "    print(err)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "MISelector is a scikit-learn estimator; install scikit-learn" in out.stdout


def test_drop_in_module_exports_the_selector():
    from fastmi import feature_selection

    assert feature_selection.MISelector is MISelector is fm.MISelector


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda X, y: mrmr(X, y, n_features=0), "'n_features' parameter of mrmr must be an int in"),
        (
            lambda X, y: jmi(X, y, n_features=5),
            r"'n_features' parameter of jmi must be an int in \[1, 4\]",
        ),
        (lambda X, y: cmim(X, y, n_features=1, method="nope"), "'method' parameter of cmim"),
        (
            lambda X, y: select_features(X, y, n_features=1, criterion="disr", method="copula"),
            "criterion='disr' needs the joint entropy",
        ),
        (
            lambda X, y: select_features(X, y, n_features=1, criterion="beta_gamma", beta=1),
            "'beta' and 'gamma' parameters of select_features",
        ),
        (
            lambda X, y: select_features(X, y, n_features=1, criterion="jmi", gamma=0.5),
            "criterion='jmi' takes neither",
        ),
        (
            lambda X, y: select_features(X, y, n_features=1, criterion="mifs"),
            "'criterion' parameter of select_features",
        ),
        (lambda X, y: mrmr(X, y, n_features=1, estimator="ml"), "'estimator' parameter of mrmr"),
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


# ---------------------------------------------------------- every criterion
def _weights(criterion):
    return {"beta": 0.7, "gamma": 0.4} if criterion == "beta_gamma" else {}


def _discrete_problem(seed, n=150, p=8):
    r = np.random.default_rng(seed)
    X = r.integers(0, 3, size=(n, p))
    X[:, 4] = (X[:, 0] + (r.random(n) < 0.3)) % 3  # a noisy copy: redundancy
    X[:, 6] = X[:, 2]  # an exact copy: ties go to the lowest index
    y = (X[:, 0] + X[:, 1] * (r.random(n) < 0.5) + X[:, 2] * (r.random(n) < 0.3)) % 4
    return X, y


def _assert_same(got, want):
    np.testing.assert_array_equal(got.features, want[0])
    np.testing.assert_allclose(got.scores, want[1], rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("criterion", CRITERIA)
@pytest.mark.parametrize("seed", range(2))
def test_every_criterion_matches_the_reference_discrete(criterion, seed):
    X, y = _discrete_problem(seed)
    got = select_features(X, y, n_features=6, criterion=criterion, **_weights(criterion))
    _assert_same(got, ref.select_features_reference(X, y, 6, criterion, **_weights(criterion)))


# James-Stein shrinks I(X_k, X_j; y) of jmi/jmim/disr toward another alphabet
# than the reference's chain rule does: those pairs are not the same quantity.
_ESTIMATOR_CASES = [
    (criterion, estimator)
    for criterion in CRITERIA
    for estimator in ("miller_madow", "chao_shen", "grassberger", "james_stein")
    if not (estimator == "james_stein" and criterion in ("jmi", "jmim", "disr"))
]


@pytest.mark.parametrize(("criterion", "estimator"), _ESTIMATOR_CASES)
def test_every_criterion_matches_the_reference_estimators(criterion, estimator):
    X, y = _discrete_problem(7, n=100, p=7)
    options = {"estimator": estimator, **_weights(criterion)}
    got = select_features(X, y, n_features=4, criterion=criterion, **options)
    _assert_same(got, ref.select_features_reference(X, y, 4, criterion, **options))


@pytest.mark.parametrize("criterion", [c for c in CRITERIA if c != "disr"])
@pytest.mark.parametrize("seed", range(2))
def test_every_criterion_matches_the_reference_copula(criterion, seed):
    r = np.random.default_rng(seed)
    n, p = 150, 8
    X = r.normal(size=(n, p))
    X[:, 4] = X[:, 0] + 0.5 * r.normal(size=n)
    y = X[:, 0] + np.sin(X[:, 1]) + 0.5 * r.normal(size=n)
    options = {"method": "copula", **_weights(criterion)}
    got = select_features(np.exp(X), y, n_features=6, criterion=criterion, **options)
    _assert_same(got, ref.select_features_reference(X, y, 6, criterion, **options))


def test_existing_functions_are_their_criteria(rng):
    X, y = _redundant_data(rng)
    for func in (mrmr, jmi, cmim):
        got = func(X, y, n_features=3, base=2)
        want = select_features(X, y, n_features=3, criterion=func.__name__, base=2)
        np.testing.assert_array_equal(got.features, want.features)
        np.testing.assert_array_equal(got.scores, want.scores)


def test_complementary_features_found_by_joint_criteria(rng):
    """y = a XOR b (a alone slightly relevant): once a is in, the criteria with
    a conditional-relevance term pick b, which alone says nothing about y."""
    a, b, c, d = rng.integers(0, 2, size=(4, 800))
    y = np.where(rng.random(800) < 0.1, a, a ^ b)
    X = np.column_stack([a, c, d, b])
    for criterion in ("jmi", "jmim", "cife", "disr", "beta_gamma"):
        options = {"beta": 0.0, "gamma": 1.0} if criterion == "beta_gamma" else {}
        picked = select_features(X, y, n_features=2, criterion=criterion, **options).features
        np.testing.assert_array_equal(picked, [0, 3], err_msg=criterion)
    assert select_features(X, y, n_features=1, criterion="mim").features[0] == 0


def test_units_and_ratios(rng):
    X, y = _redundant_data(rng)
    for criterion in CRITERIA:
        nats = select_features(X, y, n_features=3, criterion=criterion, **_weights(criterion))
        bits = select_features(
            X, y, n_features=3, criterion=criterion, base=2, **_weights(criterion)
        )
        np.testing.assert_array_equal(bits.features, nats.features)
        scale = 1.0 if criterion in ("mrmr_quotient", "disr") else np.log(2)
        np.testing.assert_allclose(bits.scores[1:], nats.scores[1:] / scale, rtol=1e-12)


def test_beta_gamma_spans_the_family(rng):
    """beta = gamma = 0 is MIM; gamma = 0, beta = 1 scores like CIFE without the
    conditional term; beta = gamma = 1 is CIFE."""
    X, y = _discrete_problem(3)
    bg = lambda b, g: select_features(X, y, n_features=5, criterion="beta_gamma", beta=b, gamma=g)
    _assert_same(bg(0, 0), tuple(select_features(X, y, n_features=5, criterion="mim")))
    _assert_same(bg(1, 1), tuple(select_features(X, y, n_features=5, criterion="cife")))


def test_ksg_terms_equal_the_public_functions(rng):
    """CIFE's second score on KSG: I(X_k; y) - I(X_k; X_j) + I(X_k; X_j | y)."""
    n = 150
    a, b, noise = rng.normal(size=(3, n))
    X = np.column_stack([a, a + 0.3 * rng.normal(size=n), noise])
    y = a + 0.5 * b
    got = select_features(X, y, n_features=2, criterion="cife", method="ksg", jitter=0)
    j, k = got.features
    rel = fm.ksg_mi(X[:, k], y, jitter=0)
    want = rel - fm.ksg_mi(X[:, k], X[:, j], jitter=0) + fm.ksg_cmi(X[:, k], X[:, j], y, jitter=0)
    assert got.scores[1] == pytest.approx(want, abs=1e-10)


@settings(max_examples=10, deadline=None)
@given(
    seed=st.integers(0, 2**16),
    criterion=st.sampled_from(CRITERIA),
    method=st.sampled_from(["discrete", "copula"]),
)
def test_relabelling_and_threads_change_nothing(seed, criterion, method):
    """Discrete: relabelling every column's levels; copula: a monotone map of each
    column; either way, and with 1 or 2 threads, the selection is the same."""
    if method == "copula" and criterion == "disr":
        return
    r = np.random.default_rng(seed)
    n, p = 80, 6
    if method == "discrete":
        X = r.integers(0, 4, size=(n, p))
        y = (X[:, 0] + r.integers(0, 2, size=n)) % 3
        other = r.permutation(4)[X] * 7 - 3
    else:
        X = r.normal(size=(n, p))
        y = X[:, 0] + r.normal(size=n)
        other = np.exp(X) + np.arange(p)
    options = {"n_features": 4, "criterion": criterion, "method": method, **_weights(criterion)}
    base = select_features(X, y, n_jobs=1, **options)
    for data, jobs in ((X, 2), (other, 1)):
        again = select_features(data, y, n_jobs=jobs, **options)
        np.testing.assert_array_equal(again.features, base.features)
        np.testing.assert_allclose(again.scores, base.scores, rtol=1e-12, atol=1e-14)


def test_wide_labels_and_strings(rng):
    """Columns with many levels (sorted counting path) and string labels."""
    n = 300
    ids = rng.permutation(n) * 1000  # one level per sample, a huge span
    x = rng.integers(0, 3, size=n)
    y = np.array(["u", "v", "w"])[(x + (rng.random(n) < 0.2)) % 3]
    X = np.column_stack([ids, x, rng.integers(0, 5, size=n)])
    got = select_features(X, y, n_features=3, criterion="jmi")
    want = ref.select_features_reference(X, y, 3, "jmi")
    _assert_same(got, want)
    labels = np.array(["p", "q", "r"], dtype=object)[X[:, 1]]
    frame_like = np.column_stack([X[:, 0], labels, X[:, 2]]).astype(object)
    np.testing.assert_array_equal(
        select_features(frame_like, y, n_features=3, criterion="jmi").features, got.features
    )
