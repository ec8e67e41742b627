"""nan_policy: "raise" keeps today's errors; "omit" equals the function on the
manually filtered samples (single pair: listwise; wide functions: per pair)."""

import zlib

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fastmi as fm
from fastmi import _validation as v
from fastmi.binning import binned_mi
from fastmi.gaussian import copula_mi, copula_mi_discrete, gaussian_mi


@pytest.fixture
def rng(request):
    return np.random.default_rng(zlib.crc32(request.node.name.encode()))


def _pair(rng, n=120, missing=(3, 17, 50)):
    x = rng.normal(size=n)
    y = x + rng.normal(size=n)
    x[list(missing)] = np.nan
    y[[5, 17]] = np.nan
    return x, y


# ------------------------------------------------------ the shared helper
@pytest.mark.parametrize(
    "values, expected",
    [
        (np.array([1.0, np.nan, 2.0]), [False, True, False]),
        (np.array(["a", None, "b", np.nan], dtype=object), [False, True, False, True]),
        (np.array([1, pd.NA, 3], dtype=object), [False, True, False]),
        (np.array(["2020-01-01", "NaT"], dtype="datetime64[D]"), [False, True]),
        (pd.Series([1, None, 3], dtype="Int64"), [False, True, False]),
        (pd.Series(["a", None, "b"], dtype="category"), [False, True, False]),
        (pd.Series(["a", None], dtype="string"), [False, True]),
        (np.array([1.0, np.inf, -np.inf]), [False, False, False]),  # inf is a value
        (np.array([[1.0, 2.0], [3.0, np.nan]]), [False, True]),  # 2-D: any column
        (np.array(["nan", "NA"]), [False, False]),  # strings are labels
        (np.array([1, 2]), [False, False]),
    ],
)
def test_missing_mask(values, expected):
    assert v.missing_mask(values).tolist() == expected


def test_missing_mask_without_pandas_logic(monkeypatch):
    import sys

    monkeypatch.delitem(sys.modules, "pandas")
    arr = np.array([None, 1.0, float("nan"), np.datetime64("NaT"), "x"], dtype=object)
    assert v.missing_mask(arr).tolist() == [True, False, True, True, False]


def test_drop_missing_is_listwise_and_keeps_types():
    x = pd.Series([1.0, np.nan, 3.0, 4.0], name="x")
    y = np.array(["a", "b", None, "d"], dtype=object)
    fx, fy = v.drop_missing("f", "omit", x=x, y=y)
    assert isinstance(fx, pd.Series) and fx.tolist() == [1.0, 4.0]
    assert fy.tolist() == ["a", "d"]
    same = v.drop_missing("f", "raise", x=x, y=y)
    assert same[0] is x and same[1] is y


def test_bad_nan_policy_is_refused_before_any_work():
    with pytest.raises(ValueError, match=r"'nan_policy' parameter of ksg_mi must be one of"):
        fm.ksg_mi([1.0, 2.0], [1.0, 2.0], nan_policy="drop")
    with pytest.raises(ValueError, match=r"'nan_policy' parameter of entropy"):
        fm.entropy([1, 2], nan_policy="ignore")


# ----------------------------------------------- single-pair functions
CONTINUOUS = [
    (fm.ksg_mi, {"jitter": 0.0}),
    (fm.ksg_mi, {"algorithm": 2, "jitter": 0.0}),
    (gaussian_mi, {}),
    (copula_mi, {}),
    (binned_mi, {"bins": 5}),
    (fm.mutual_info, {}),
]


@pytest.mark.parametrize("func, options", CONTINUOUS)
def test_continuous_omit_equals_filtered(rng, func, options):
    x, y = _pair(rng)
    keep = ~(np.isnan(x) | np.isnan(y))
    expected = func(x[keep], y[keep], **options)
    assert func(x, y, nan_policy="omit", **options) == expected
    with pytest.raises(ValueError, match="NaN values; drop or impute"):
        func(x, y, **options)  # "raise" is the default: today's message


def test_ksg_cmi_kl_entropy_and_mixed_omit(rng):
    x, y = _pair(rng)
    z = rng.normal(size=x.shape[0])
    z[9] = np.nan
    keep = ~(np.isnan(x) | np.isnan(y) | np.isnan(z))
    got = fm.ksg_cmi(x, y, z, jitter=0.0, nan_policy="omit")
    assert got == fm.ksg_cmi(x[keep], y[keep], z[keep], jitter=0.0)
    keep_x = ~np.isnan(x)
    assert fm.kl_entropy(x, nan_policy="omit") == fm.kl_entropy(x[keep_x])
    labels = np.array(["a", "b", None] * 40, dtype=object)
    keep_l = keep_x & (labels != None)  # noqa: E711 (elementwise)
    expected = fm.mixed_mi(x[keep_l], labels[keep_l].astype(str))
    assert fm.mixed_mi(x, labels, nan_policy="omit") == pytest.approx(expected, abs=1e-15)
    assert copula_mi_discrete(x, labels, nan_policy="omit") == pytest.approx(
        copula_mi_discrete(x[keep_l], labels[keep_l].astype(str)), abs=1e-12
    )


def test_discrete_missing_label_is_missing_not_a_level():
    x = pd.Series(["a", "a", None, "b", "b", np.nan, "a"], dtype=object)
    y = pd.Series([1, 1, 2, 2, 2, 3, pd.NA], dtype="Int64")
    keep = [0, 1, 3, 4]
    for func in (fm.mutual_info_discrete, fm.conditional_entropy, fm.information_gain):
        got = func(x, y, nan_policy="omit")
        assert got == func(x.iloc[keep].to_numpy(), y.iloc[keep].to_numpy())
    assert fm.entropy(x, nan_policy="omit") == fm.entropy(["a", "a", "b", "b", "a"])
    assert fm.joint_entropy(x, y, nan_policy="omit") == fm.joint_entropy(
        x.iloc[keep].to_numpy(), y.iloc[keep].to_numpy()
    )
    z = pd.Categorical(["u", "v", "u", None, "v", "u", "v"])
    got = fm.conditional_mutual_info(x, y, z, nan_policy="omit")
    assert got == fm.conditional_mutual_info(x.iloc[[0, 1, 4]], y.iloc[[0, 1, 4]], z[[0, 1, 4]])
    with pytest.raises(ValueError, match="missing labels"):
        fm.mutual_info_discrete(x, y)


def test_front_door_picks_the_estimator_after_dropping(rng):
    x, _ = _pair(rng)
    labels = rng.integers(0, 3, size=x.shape[0])
    keep = ~np.isnan(x)
    got = fm.mutual_info(x, labels, nan_policy="omit")
    assert got == fm.mixed_mi(x[keep], labels[keep])


def test_inf_stays_an_error_under_omit(rng):
    x, y = _pair(rng)
    x[0] = np.inf
    with pytest.raises(ValueError, match="1 infinite values"):
        fm.ksg_mi(x, y, nan_policy="omit")


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.sampled_from([0, 1, 2, None]), min_size=2, max_size=30),
    st.lists(st.sampled_from(["a", "b", None]), min_size=2, max_size=30),
)
def test_discrete_omit_property(xs, ys):
    n = min(len(xs), len(ys))
    x = np.array(xs[:n], dtype=object)
    y = np.array(ys[:n], dtype=object)
    keep = np.array([a is not None and b is not None for a, b in zip(x, y, strict=True)])
    if not keep.any():
        with pytest.raises(ValueError, match="is empty"):
            fm.mutual_info_discrete(x, y, nan_policy="omit")
        return
    got = fm.mutual_info_discrete(x, y, nan_policy="omit")
    assert got == fm.mutual_info_discrete(x[keep], y[keep])


# ------------------------------------------------------- wide functions
def _holey(rng, n=160, p=6):
    """Continuous columns: 0-2 complete, 3 and 5 share a missing pattern, 4 has its own."""
    X = rng.normal(size=(n, p))
    X[:, 1] += X[:, 0]
    X[:, 4] += X[:, 3]
    holes = rng.random(n) < 0.1
    X[holes, 3] = np.nan
    X[holes, 5] = np.nan
    X[rng.random(n) < 0.15, 4] = np.nan
    return X


def _filtered_entry(func, X, i, j, **options):
    keep = ~(np.isnan(X[:, i]) | np.isnan(X[:, j]))
    M = func(X[keep][:, [i, j]], **options)
    return (M[0, 0] if i == j else M[0, 1]), int(keep.sum())


@pytest.mark.parametrize(
    "options",
    [
        {"method": "ksg", "jitter": 0.0},
        {"method": "ksg", "jitter": 0.0, "algorithm": 2},
        {"method": "binned", "bins": 4},
        {"method": "discrete", "estimator": "miller_madow"},
    ],
)
def test_pairwise_omit_equals_the_filtered_pair(rng, options):
    X = _holey(rng)
    if options["method"] == "discrete":
        X = np.round(X)
    M, counts = fm.pairwise_mi(X, nan_policy="omit", return_counts=True, tile_size=2, **options)
    p = X.shape[1]
    for i in range(p):
        for j in range(i, p):
            expected, n = _filtered_entry(fm.pairwise_mi, X, i, j, **options)
            assert np.array_equal([M[i, j], M[j, i]], [expected] * 2, equal_nan=True), (i, j)
            assert counts[i, j] == counts[j, i] == n


def test_pairwise_omit_copula_to_rounding(rng):
    X = _holey(rng)
    M = fm.pairwise_mi(X, method="copula", nan_policy="omit")
    for i, j in [(0, 1), (0, 3), (3, 4), (3, 5), (4, 5), (1, 4)]:
        expected, _ = _filtered_entry(fm.pairwise_mi, X, i, j, method="copula")
        assert M[i, j] == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_pairwise_omit_without_missing_values_is_the_fast_path(rng):
    X = rng.normal(size=(100, 4))
    plain = fm.pairwise_mi(X, random_state=0)
    M, counts = fm.pairwise_mi(X, random_state=0, nan_policy="omit", return_counts=True)
    assert np.array_equal(plain, M, equal_nan=True)
    assert (counts == 100).all() and counts.dtype == np.int64
    with pytest.raises(ValueError, match=r"X contains 2 NaN values; drop or impute"):
        fm.pairwise_mi(np.where(np.arange(100)[:, None] == 7, np.nan, X)[:, :2])


def test_cross_and_target_omit_pandas(rng):
    X = pd.DataFrame(_holey(rng), columns=list("abcdef"))
    Y = pd.DataFrame({"u": pd.array(rng.integers(0, 3, 160), dtype="Int64")})
    Y.loc[[4, 9], "u"] = pd.NA
    Xd = X.round().astype("Float64")  # nullable floats: NaN became NA
    M, counts = fm.cross_mi(Xd, Y, method="binned", bins=3, nan_policy="omit",
                            return_counts=True)  # fmt: skip
    assert list(M.index) == list("abcdef") and list(counts.columns) == ["u"]
    t, t_counts = fm.mi_with_target(Xd, Y["u"], method="binned", bins=3, nan_policy="omit",
                                    return_counts=True)  # fmt: skip
    for name in "abcdef":
        keep = Xd[name].notna() & Y["u"].notna()
        expected = fm.cross_mi(
            Xd.loc[keep, [name]].astype(float), Y.loc[keep, ["u"]].astype(int),
            method="binned", bins=3,
        ).iloc[0, 0]  # fmt: skip
        assert M.loc[name, "u"] == t[name] == expected
        assert counts.loc[name, "u"] == t_counts[name] == keep.sum()


def test_omit_pairs_without_enough_samples_are_nan(rng):
    X = rng.normal(size=(40, 3))
    X[:20, 0] = np.nan
    X[np.r_[:20, 22:40], 1] = np.nan  # column 1: two samples, shared with column 0
    seen = []
    M, counts = fm.pairwise_mi(X, method="ksg", nan_policy="omit", return_counts=True,
                               progress=lambda d, t: seen.append((d, t)))  # fmt: skip
    assert np.isnan(M[0, 1]) and counts[0, 1] == 2
    assert np.isnan(M[1, 2]) and counts[1, 2] == 2
    assert seen[-1] == (6, 6)  # the skipped pairs (the last run too) count as done
    assert np.isfinite(M[0, 2]) and counts[0, 2] == 20


def test_omit_discrete_labels_missing_not_a_level():
    X = np.array([["a", 1], [None, 1], ["b", 2], [np.nan, 2], ["a", 1], ["b", 3]], dtype=object)
    M = fm.pairwise_mi(X, nan_policy="omit")
    keep = [0, 2, 4, 5]
    assert M[0, 1] == fm.pairwise_mi(X[keep].astype(str))[0, 1]
    with pytest.raises(ValueError, match=r"X\[0\] contains 2 missing labels"):
        fm.pairwise_mi(X)  # message names the column as X[0], not X[np.int64(0)]


def test_omit_writes_out_and_reports_progress(rng, tmp_path):
    X = _holey(rng)
    out = np.lib.format.open_memmap(tmp_path / "m.npy", mode="w+", dtype=np.float32,
                                    shape=(6, 6))  # fmt: skip
    seen = []
    got = fm.pairwise_mi(X, method="ksg", jitter=0.0, nan_policy="omit", out=out,
                         progress=lambda d, t: seen.append((d, t)))  # fmt: skip
    assert got is out
    expected = fm.pairwise_mi(X, method="ksg", jitter=0.0, nan_policy="omit")
    assert np.array_equal(out, expected.astype(np.float32), equal_nan=True)
    assert seen[-1][0] == seen[-1][1] == 21 and all(t == 21 for _, t in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_omit_refuses_mixed_pairs_before_any_work(rng):
    X = pd.DataFrame({"a": [1.0, np.nan, 2.0, 3.0, 4.0], "b": [1, 2, 1, 2, 1]})
    with pytest.raises(ValueError, match="no estimator for a discrete-continuous pair"):
        fm.pairwise_mi(X, method="ksg", nan_policy="omit", progress=pytest.fail)


@settings(max_examples=40, deadline=None)
@given(
    st.integers(2, 4).flatmap(
        lambda p: st.lists(
            st.lists(st.sampled_from([0.0, 1.0, 2.0, np.nan]), min_size=p, max_size=p),
            min_size=1,
            max_size=25,
        )
    ),
    st.sampled_from(["plugin", "grassberger"]),
)
def test_pairwise_omit_property(rows, estimator):
    """Any pattern of holes: every entry is the function on its filtered pair."""
    X = np.array(rows)
    M, counts = fm.pairwise_mi(
        X, method="discrete", estimator=estimator, nan_policy="omit", return_counts=True
    )
    p = X.shape[1]
    for i in range(p):
        for j in range(i, p):
            keep = ~(np.isnan(X[:, i]) | np.isnan(X[:, j]))
            assert counts[i, j] == counts[j, i] == keep.sum()
            if not keep.any():
                assert np.isnan(M[i, j]) and np.isnan(M[j, i])
                continue
            E = fm.pairwise_mi(X[keep][:, [i, j]], method="discrete", estimator=estimator)
            assert M[i, j] == M[j, i] == (E[0, 0] if i == j else E[0, 1])
