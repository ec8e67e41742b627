"""The scikit-learn drop-ins: same numbers, same signature, no sklearn needed."""

import math
import subprocess
import sys

import numpy as np
import pytest
from sklearn import feature_selection as skfs

from fastmi import InvalidParameterError
from fastmi.feature_selection import mutual_info_classif, mutual_info_regression


def _data(n=400, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 5)) * [1, 10, 0.1, 1, 1] + [0, 5, -3, 0, 0]
    X[:, 3] = rng.integers(0, 4, size=n)
    X[:, 4] = rng.integers(0, 3, size=n)
    y = X[:, 0] + np.sin(X[:, 1]) + X[:, 3] + rng.normal(size=n)
    labels = np.digitize(y, [-1, 0.5, 2])
    return X, y, labels


MASKS = ["auto", [False, False, False, True, True], np.array([3, 4]), False]


@pytest.mark.parametrize("discrete_features", MASKS)
@pytest.mark.parametrize("random_state", [0, 7])
def test_regression_equals_sklearn(discrete_features, random_state):
    X, y, _ = _data()
    expected = skfs.mutual_info_regression(
        X, y, discrete_features=discrete_features, random_state=random_state
    )
    got = mutual_info_regression(
        X, y, discrete_features=discrete_features, random_state=random_state
    )
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-10)


@pytest.mark.parametrize("discrete_features", [*MASKS, True])
@pytest.mark.parametrize("n_neighbors", [1, 3, 6])
def test_classif_equals_sklearn(discrete_features, n_neighbors):
    X, _, labels = _data(seed=1)
    if discrete_features is True:
        X = X[:, 3:]
    expected = skfs.mutual_info_classif(
        X, labels, discrete_features=discrete_features, n_neighbors=n_neighbors, random_state=3
    )
    got = mutual_info_classif(
        X, labels, discrete_features=discrete_features, n_neighbors=n_neighbors, random_state=3
    )
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-10)


def test_random_state_instance_and_string_labels():
    X, _, labels = _data(seed=2)
    names = np.array(["low", "mid", "high", "top"])[labels]
    expected = skfs.mutual_info_classif(X, names, random_state=np.random.RandomState(5))
    got = mutual_info_classif(X, names, random_state=np.random.RandomState(5))
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-10)


def test_many_features_threads_and_select_k_best():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(300, 40))
    y = X[:, 5] ** 2 + X[:, 17] + 0.1 * rng.normal(size=300)
    one = mutual_info_regression(X, y, random_state=0, n_jobs=1)
    two = mutual_info_regression(X, y, random_state=0, n_jobs=2)
    np.testing.assert_array_equal(one, two)
    expected = skfs.mutual_info_regression(X, y, random_state=0)
    np.testing.assert_allclose(one, expected, rtol=0, atol=1e-10)
    score = lambda X, y: mutual_info_regression(X, y, random_state=0)  # noqa: E731
    selector = skfs.SelectKBest(score_func=score, k=2).fit(X, y)
    assert sorted(selector.get_support(indices=True).tolist()) == [5, 17]
    direct = skfs.SelectKBest(score_func=mutual_info_classif, k=1).fit(X, (y > 1).astype(int))
    assert direct.get_support(indices=True).tolist() in ([5], [17])


def test_works_without_sklearn():
    code = (
        "import sys; sys.modules['sklearn'] = None\n"
        "import numpy as np\n"
        "from fastmi.feature_selection import mutual_info_classif\n"
        "X = np.random.default_rng(0).normal(size=(50, 2)); y = (X[:, 0] > 0).astype(int)\n"
        "print(mutual_info_classif(X, y, random_state=0)[0] > 0.2)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


@pytest.mark.slow
def test_issue_30772_stays_within_class_entropy():
    # sklearn returns 0.21 nats here, 210 times H(Y) (scikit-learn #30772).
    n = 10**6
    y = np.zeros(n, dtype=np.int64)
    y[:100] = 1
    h_y = -(1e-4 * math.log(1e-4) + (1 - 1e-4) * math.log(1 - 1e-4))
    with pytest.warns(UserWarning, match="constant column"):
        mi = mutual_info_classif(np.ones((n, 1)), y, random_state=0)
    assert 0 <= mi[0] <= h_y


_X = np.random.default_rng(0).normal(size=(20, 3))
_Y = np.arange(20.0)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (
            lambda: mutual_info_regression(_X, _Y, discrete_features=[True, False]),
            ValueError,
            "'discrete_features' parameter of mutual_info_regression is a boolean mask of "
            "length 2, but X has 3",
        ),
        (
            lambda: mutual_info_classif(_X, _Y, discrete_features="yes"),
            InvalidParameterError,
            "'discrete_features'",
        ),
        (
            lambda: mutual_info_regression(_X, _Y, discrete_features=[5]),
            ValueError,
            "indices out of range",
        ),
        (
            lambda: mutual_info_regression(_X, _Y, n_neighbors=0),
            InvalidParameterError,
            "n_neighbors",
        ),
        (lambda: mutual_info_regression(_X, _Y[:5]), ValueError, "X has 20, y has 5"),
        (lambda: mutual_info_regression(_X[:, 0], _Y), ValueError, "X must be 2-D"),
        (lambda: mutual_info_regression(_X, _Y + np.nan), ValueError, "y contains 20 NaN"),
        (
            lambda: mutual_info_regression(np.where(_X > 1, np.inf, _X), _Y),
            ValueError,
            "X contains",
        ),
        (lambda: mutual_info_classif(_X, _Y + 0.5), ValueError, "needs class labels"),
        (
            lambda: mutual_info_regression(_X, _Y, random_state="a"),
            InvalidParameterError,
            "'random_state'",
        ),
        (lambda: mutual_info_regression(_X[:3], _Y[:3]), ValueError, r"at least k \+ 1 = 4"),
    ],
)
def test_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_constant_and_tied_features_warn():
    # A constant column gets noise of 1e-10 relative to its value, rounded to
    # the value's float spacing: exact ties remain (scikit-learn #30772).
    rng = np.random.default_rng(0)
    X = np.column_stack([np.ones(50000), rng.normal(size=50000)])
    y = rng.normal(size=50000)
    with pytest.warns(UserWarning) as record:
        mi = mutual_info_regression(X, y, random_state=0)
    messages = " ".join(str(w.message) for w in record)
    assert "X has constant column(s) 0" in messages
    assert "tied values" in messages and "feature(s) 0;" in messages
    assert np.isfinite(mi).all()
    np.testing.assert_allclose(mi, skfs.mutual_info_regression(X, y, random_state=0), atol=1e-10)


def test_sparse_and_integer_inputs_equal_sklearn():
    from scipy import sparse

    rng = np.random.default_rng(6)
    X = rng.integers(0, 3, size=(300, 4)) * (rng.random((300, 4)) < 0.3)
    y = X[:, 0] + rng.normal(size=300)
    labels = (y > 0.5).astype(int)
    for matrix in (sparse.csr_matrix(X), X):
        np.testing.assert_allclose(
            mutual_info_regression(matrix, y, random_state=1),
            skfs.mutual_info_regression(matrix, y, random_state=1),
            rtol=0,
            atol=1e-10,
        )
        np.testing.assert_allclose(
            mutual_info_classif(matrix, labels, discrete_features=True, random_state=1),
            skfs.mutual_info_classif(matrix, labels, discrete_features=True, random_state=1),
            rtol=0,
            atol=1e-10,
        )


@pytest.mark.parametrize("dtype", [np.float32, np.int64, np.float64])
def test_other_dtypes_are_scaled_in_float64_and_left_untouched(dtype):
    # scikit-learn casts continuous features to float64 before scaling and
    # adding its noise (which float32 could not hold: these values tie);
    # neither implementation writes into the caller's X.
    rng = np.random.default_rng(9)
    X = np.round(rng.normal(size=(400, 3)) * 5).astype(dtype)
    y = X[:, 0].astype(np.float64) ** 2 + rng.normal(size=400)
    before = X.copy()
    got = mutual_info_regression(X, y, discrete_features=False, random_state=2)
    want = skfs.mutual_info_regression(X, y, discrete_features=False, random_state=2)
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-10)
    assert np.array_equal(X, before)


def test_extreme_magnitudes_keep_scikit_learns_scaling():
    # A std that overflowed (values near 1e155 and up) used to turn the
    # feature into zeros; computed in a safe order it gives the same answer.
    rng = np.random.default_rng(0)
    x = rng.normal(size=300)
    y = x + rng.normal(size=300)
    expected = mutual_info_regression(x[:, None], y, random_state=0)
    for scale in (1e155, 1e300):
        got = mutual_info_regression(scale * x[:, None], y, random_state=0)
        np.testing.assert_allclose(got, expected, rtol=1e-9)
        got = mutual_info_regression(x[:, None], scale * y, random_state=0)
        np.testing.assert_allclose(got, expected, rtol=1e-9)
    # A constant column at the float maximum keeps its scale (std 0 counts
    # as 1, as in scikit-learn): its noise would overflow.
    top = np.full((256, 1), np.finfo(float).max)
    with pytest.raises(ValueError, match=r"X spans more than the largest float.*near-constant"):
        mutual_info_regression(top, y[:256], random_state=0)
    with pytest.raises(ValueError, match=r"y spans more than the largest float.*rescale it"):
        mutual_info_regression(x[:256, None], top[:, 0], random_state=0)
