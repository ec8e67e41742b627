"""All-pairs, cross and vs-target MI: parity with the single-pair functions,
invariance to tiling and threads, out=/dtype/progress/interrupt, bad input."""

import warnings
import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fastmi as fm
from fastmi import reference as ref
from fastmi._validation import ESTIMATORS
from fastmi.pairwise import top_pairs


@pytest.fixture
def rng(request):
    return np.random.default_rng(zlib.crc32(request.node.name.encode()))


def _discrete_matrix(rng, n=200):
    X = rng.integers(0, 3, size=(n, 9))
    X[:, 1] = (X[:, 0] + (rng.random(n) < 0.2)) % 3  # dependent on column 0
    X[:, 2] = 7  # a single level
    X[:, 3] = rng.integers(0, 2, size=n)
    X[:, 4] = rng.integers(0, 12, size=n)  # 11 x 11 plane pairs per pair
    X[:, 5] = rng.integers(-40, 400, size=n) * 3  # many levels: per-pair counting
    X[:, 6] = rng.integers(0, 40, size=n)  # no planes: counted from codes
    return X


def _expected_upper(X, func, **options):
    """M[i, j] = func(X_i, X_j) for i <= j (upper triangle), mirrored."""
    p = X.shape[1]
    out = np.full((p, p), np.nan)
    for i in range(p):
        for j in range(i, p):
            out[i, j] = out[j, i] = func(X[:, i], X[:, j], **options)
    return out


# ------------------------------------------------------------------ discrete
@pytest.mark.parametrize("estimator", ESTIMATORS)
def test_discrete_entries_equal_single_pair_function(rng, estimator):
    X = _discrete_matrix(rng)
    M = fm.pairwise_mi(X, estimator=estimator, tile_size=4)
    expected = _expected_upper(X, fm.mutual_info_discrete, estimator=estimator)
    # Column 5 (many levels over a wide range) is counted per pair here and
    # over its value range by mutual_info_discrete's small-call kernel, which
    # sums the cells in another order: equal to rounding.
    exact = np.ones_like(M, dtype=bool)
    exact[5, :] = exact[:, 5] = False
    assert np.array_equal(M[exact], expected[exact])
    np.testing.assert_allclose(M[~exact], expected[~exact], rtol=1e-13, atol=1e-14)
    assert np.array_equal(M, M.T)


def test_discrete_diagonal_is_entropy(rng):
    X = _discrete_matrix(rng)
    M = fm.pairwise_mi(X, base=2)
    entropies = [fm.entropy(X[:, j], base=2) for j in range(X.shape[1])]
    np.testing.assert_allclose(np.diag(M), entropies, rtol=1e-13, atol=1e-15)
    assert M[2, 2] == 0.0 and (M[2] == 0.0).all()  # one level: H = 0, MI = 0


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 150),
    p=st.integers(2, 7),
    levels=st.integers(1, 6),
    tile=st.integers(1, 8),
)
def test_discrete_property_any_tile_and_threads(seed, n, p, levels, tile):
    X = np.random.default_rng(seed).integers(0, levels, size=(n, p))
    M1 = fm.pairwise_mi(X, tile_size=tile, n_jobs=1)
    M2 = fm.pairwise_mi(X, n_jobs=2)
    assert np.array_equal(M1, M2)
    assert np.array_equal(M1, _expected_upper(X, fm.mutual_info_discrete))


def test_discrete_labels_of_any_dtype(rng):
    X = rng.integers(0, 3, size=(120, 4))
    names = np.array(["a", "bb", "c"])[X]
    floats = X.astype(np.float64) / 2  # non-integer floats are labels too
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        M = fm.pairwise_mi(X)
        np.testing.assert_allclose(fm.pairwise_mi(names), M, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(fm.pairwise_mi(floats, method="discrete"), M, atol=1e-15)
    np.testing.assert_allclose(fm.pairwise_mi(X.astype(bool)), fm.pairwise_mi(X > 0))


def test_discrete_reference_double_loop_and_onehot(rng):
    X = _discrete_matrix(rng, n=150)
    M = fm.pairwise_mi(X, n_jobs=2)
    np.testing.assert_allclose(M, ref.pairwise_mi(X), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(M, ref.pairwise_mi_onehot(X), rtol=1e-12, atol=1e-14)


def test_dataframe_in_labelled_dataframe_out(rng):
    import pandas as pd

    frame = pd.DataFrame(
        {
            "weather": rng.choice(["rain", "dry"], 80),
            "count": rng.integers(0, 4, 80),
            "flag": rng.random(80) < 0.5,
        }
    )
    frame["cat"] = pd.Categorical(frame["weather"])
    M = fm.pairwise_mi(frame)
    assert list(M.index) == list(M.columns) == list(frame.columns)
    assert M.loc["weather", "cat"] == pytest.approx(fm.entropy(frame["weather"]))
    assert M.loc["count", "flag"] == fm.mutual_info_discrete(frame["count"], frame["flag"])
    target = fm.mi_with_target(frame, frame["weather"].rename("y"))
    assert list(target.index) == list(frame.columns) and target.name == "y"


def test_cross_and_target_equal_single_pair_function(rng):
    X = _discrete_matrix(rng, n=90)
    Y = rng.integers(0, 5, size=(90, 3))
    C = fm.cross_mi(X, Y, tile_size=2, n_jobs=2)
    assert C.shape == (9, 3)
    for i in range(9):
        for j in range(3):
            assert C[i, j] == fm.mutual_info_discrete(X[:, i], Y[:, j])
    t = fm.mi_with_target(X, Y[:, 0], base=2)
    assert t.shape == (9,)
    np.testing.assert_array_equal(t, [fm.mutual_info_discrete(x, Y[:, 0], base=2) for x in X.T])


# ------------------------------------------------------------------- copula
def test_copula_entries_and_grid_invariance(rng):
    n, p = 40, 300  # more columns than one product grid cell
    X = rng.standard_normal((n, p))
    X[:, 1] = np.exp(X[:, 0]) + 0.1 * X[:, 1]
    X[:, 2] = 3.0  # constant: MI 0, as copula_mi gives
    M = fm.pairwise_mi(X, method="copula", n_jobs=1)
    for tile, jobs in [(1, 2), (129, 1), (1000, 2)]:
        assert np.array_equal(M, fm.pairwise_mi(X, method="copula", tile_size=tile, n_jobs=jobs),
                              equal_nan=True)  # fmt: skip
    assert np.array_equal(M, M.T, equal_nan=True) and np.isnan(np.diag(M)).all()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # copula_mi warns about the constant column
        for i, j in [(0, 1), (0, 2), (5, 299), (130, 140), (3, 200)]:
            assert M[i, j] == pytest.approx(fm.copula_mi(X[:, i], X[:, j]), abs=1e-12)
    assert (M[2][np.arange(p) != 2] == 0.0).all()
    small = X[:, [0, 1, 3, 4, 5]]  # the reference has no rule for constant columns
    np.testing.assert_allclose(
        fm.pairwise_mi(small, method="copula", bias_correction=False),
        ref.pairwise_mi(small, "copula", bias_correction=False),
        atol=1e-12,
    )


def test_copula_cross_mi(rng):
    X = rng.standard_normal((50, 4))
    Y = X[:, :2] ** 3 + rng.standard_normal((50, 2))
    C = fm.cross_mi(X, Y, method="copula", base=2)
    for i in range(4):
        for j in range(2):
            assert C[i, j] == pytest.approx(fm.copula_mi(X[:, i], Y[:, j], base=2), abs=1e-12)


# ---------------------------------------------------------------------- KSG
@pytest.mark.parametrize("algorithm", [1, 2])
def test_ksg_entries_equal_ksg_mi(rng, algorithm):
    n = 150
    X = rng.standard_normal((n, 6))
    X[:, 1] = X[:, 0] ** 3 + 0.3 * rng.standard_normal(n)
    X[:, 2] = np.sin(3 * X[:, 0]) + 0.2 * rng.standard_normal(n)
    M = fm.pairwise_mi(X, method="ksg", k=4, algorithm=algorithm, jitter=0, tile_size=2)
    M2 = fm.pairwise_mi(X, method="ksg", k=4, algorithm=algorithm, jitter=0, n_jobs=2)
    assert np.array_equal(M, M2, equal_nan=True)
    for i in range(6):
        for j in range(i + 1, 6):
            expected = fm.ksg_mi(X[:, i], X[:, j], k=4, algorithm=algorithm, jitter=0)
            assert abs(M[i, j] - expected) < 1e-12
            assert M[j, i] == M[i, j]
    assert np.isnan(np.diag(M)).all()
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    np.testing.assert_allclose(M, ref.pairwise_mi(Z, "ksg", k=4, algorithm=algorithm), atol=1e-12)


def test_ksg_cross_mi_entries_equal_ksg_mi(rng):
    # Non-symmetric tiles, cut across both sets of columns.
    X = rng.standard_normal((120, 3))
    Y = np.column_stack([np.tanh(X[:, 0]) + 0.3 * rng.standard_normal(120), X[:, 1] ** 2])
    C = fm.cross_mi(X, Y, method="ksg", jitter=0, tile_size=2, n_jobs=2)
    for i in range(3):
        for j in range(2):
            assert abs(C[i, j] - fm.ksg_mi(X[:, i], Y[:, j], jitter=0)) < 1e-12


def test_ksg_is_the_auto_method_for_floats_and_jitter_is_seeded(rng):
    X = rng.standard_normal((80, 3))
    tied = np.round(X, 1)  # the jitter decides between tied neighbours
    a = fm.pairwise_mi(tied, random_state=3)
    assert np.array_equal(a, fm.pairwise_mi(tied, method="ksg", random_state=3), equal_nan=True)
    assert not np.array_equal(a, fm.pairwise_mi(tied, random_state=4), equal_nan=True)
    t = fm.mi_with_target(X[:, 1:], X[:, 0], jitter=0)
    for j in range(2):
        assert abs(t[j] - fm.ksg_mi(X[:, j + 1], X[:, 0], jitter=0)) < 1e-12


# ------------------------------------------------------------------- binned
def test_binned_and_mixed_columns(rng):
    n = 300
    X = rng.standard_normal((n, 4))
    X[:, 3] = (X[:, 0] > 0) + rng.integers(0, 2, n)  # discrete, depends on column 0
    mask = np.array([False, False, False, True])
    M = fm.pairwise_mi(X, discrete_x=mask, method="binned")
    assert np.array_equal(M, fm.pairwise_mi(X, discrete_x=[3], method="binned"))
    assert M[0, 1] == fm.binned_mi(X[:, 0], X[:, 1])
    from fastmi.binning import bin_codes

    codes = bin_codes(X[:, :1], "fd", "uniform")[:, 0]
    assert M[0, 3] == fm.mutual_info_discrete(codes, X[:, 3])
    assert M[3, 3] == fm.entropy(X[:, 3])
    Q = fm.pairwise_mi(X[:, :3], method="binned", bins=4, strategy="quantile", base=2)
    assert Q[0, 2] == fm.binned_mi(X[:, 0], X[:, 2], bins=4, strategy="quantile", base=2)


# ------------------------------------------------- out=, dtype, progress
def test_out_memmap_and_float32(rng, tmp_path):
    X = _discrete_matrix(rng, n=100)
    expected = fm.pairwise_mi(X)
    out = np.lib.format.open_memmap(tmp_path / "m.npy", mode="w+", dtype=np.float32, shape=(9, 9))
    result = fm.pairwise_mi(X, out=out)
    assert result is out
    out.flush()
    stored = np.load(tmp_path / "m.npy")
    assert np.array_equal(stored, expected.astype(np.float32))
    assert fm.pairwise_mi(X, dtype=np.float32).dtype == np.float32
    buffer = np.zeros((9, 3))
    assert fm.cross_mi(X, X[:, :3], out=buffer) is buffer
    # cross_mi computes f(X_i, X_j) below the diagonal too: equal to rounding.
    np.testing.assert_allclose(buffer, expected[:, :3], rtol=1e-13, atol=1e-13)


def test_progress_reports_every_pair(rng):
    X = rng.integers(0, 3, size=(50, 40))
    calls = []
    fm.pairwise_mi(X, tile_size=3, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (40 * 41 // 2, 40 * 41 // 2)
    assert [c[0] for c in calls] == sorted(c[0] for c in calls)


def test_interrupted_run_leaves_nan_not_a_complete_look(rng):
    X = rng.integers(0, 3, size=(50, 40))
    out = np.zeros((40, 40))

    def stop(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        fm.pairwise_mi(X, tile_size=2, n_jobs=1, out=out, progress=stop)
    assert np.isnan(out).any() and not np.isnan(out).all()


# --------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    "call, match",
    [
        (lambda X: fm.pairwise_mi(X[:, 0]), r"2-D array .* got shape \(30,\)\. Use X\.reshape"),
        (lambda X: fm.pairwise_mi(X[:, :1]), "needs at least two features; X has 1"),
        (lambda X: fm.pairwise_mi(X[:0]), "X is empty"),
        (lambda X: fm.pairwise_mi(np.where(X > 1, np.nan, X)), "contains .* NaN"),
        (lambda X: fm.pairwise_mi(X, discrete_x=[True, False]), "mask of length 2"),
        (lambda X: fm.pairwise_mi(X, out=np.zeros((3, 3))), r"shape \(4, 4\) and dtype float64"),
        (
            lambda X: fm.pairwise_mi(X, out=np.zeros((4, 4), np.float32), dtype=np.float64),
            "dtype float64; got shape",
        ),  # fmt: skip
        (lambda X: fm.pairwise_mi(X, out=[[0.0] * 4] * 4), "must be a numpy array"),
        (lambda X: fm.pairwise_mi(X, dtype=np.int64), "'dtype' parameter of pairwise_mi"),
        (lambda X: fm.pairwise_mi(X, method="magic"), "'method' parameter of pairwise_mi"),
        (lambda X: fm.pairwise_mi(X, tile_size=0), "'tile_size' parameter"),
        (lambda X: fm.pairwise_mi(X, progress=3), "'progress' parameter of pairwise_mi"),
        (lambda X: fm.pairwise_mi(X, k=30, method="ksg"), "at least k \\+ 1 = 31"),
        (lambda X: fm.pairwise_mi(X, method="copula", discrete_x=[0]), "treats every"),
        (lambda X: fm.pairwise_mi(X, method="ksg", discrete_x=[0]), "discrete-continuous"),
        (lambda X: fm.cross_mi(X, X[:10]), "same number of samples"),
        (lambda X: fm.mi_with_target(X, X), "y must be 1-D"),
    ],
)
def test_bad_input_is_rejected_before_work(rng, call, match):
    X = rng.standard_normal((30, 4))
    with pytest.raises((ValueError, TypeError), match=match):
        call(X)


def test_readonly_out_is_rejected(rng):
    out = np.zeros((3, 3))
    out.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        fm.pairwise_mi(rng.integers(0, 2, (10, 3)), out=out)


def test_missing_labels_are_rejected(rng):
    X = np.array([["a", "b"], [None, "c"], ["a", "c"]], dtype=object)
    with pytest.raises(ValueError, match="missing labels"):
        fm.pairwise_mi(X)


def test_top_pairs():
    M = np.array([[np.nan, 0.2, 0.5], [0.2, np.nan, np.nan], [0.5, np.nan, np.nan]])
    rows, cols, values = top_pairs(M, 5)
    assert rows.tolist() == [0, 0] and cols.tolist() == [2, 1]
    assert values.tolist() == [0.5, 0.2]


def test_out_is_untouched_when_the_data_is_bad(rng):
    X = np.array([["a", "b"], [None, "c"], ["a", "c"]], dtype=object)
    out = np.full((2, 2), 7.0)
    with pytest.raises(ValueError, match="missing labels"):
        fm.pairwise_mi(X, out=out)
    assert (out == 7.0).all()
    with pytest.raises(ValueError, match="at least k \\+ 1"):
        fm.pairwise_mi(rng.standard_normal((3, 2)), method="ksg", out=out)
    assert (out == 7.0).all()


def test_constant_continuous_column_gives_defined_entries(rng):
    X = rng.standard_normal((60, 3))
    X[:, 1] = 2.5
    with pytest.warns(UserWarning, match="constant"):
        M = fm.pairwise_mi(X, method="ksg", random_state=0)
    assert np.isfinite(M[~np.eye(3, dtype=bool)]).all()
    assert fm.pairwise_mi(X, method="copula")[0, 1] == 0.0
    with pytest.warns(UserWarning, match="Constant columns"):
        B = fm.pairwise_mi(X, method="binned")
    assert B[0, 1] == 0.0 and B[1, 1] == 0.0


def test_copula_rejects_labels(rng):
    X = np.array([["a", "b"], ["c", "d"], ["a", "b"], ["e", "f"], ["g", "h"]])
    with pytest.raises(TypeError, match="real numbers for a continuous method"):
        fm.pairwise_mi(X, method="copula")
    with pytest.raises(TypeError, match="must be numeric"):
        fm.pairwise_mi(X, method="ksg", discrete_x=False)


@pytest.mark.parametrize(
    "high",
    [2, 17, 30, 900, 10**12],  # one-pass planes, compact range, range with codes, hashed labels
)
def test_every_encoding_path_matches_single_pair_function(rng, high):
    n = 400
    X = rng.integers(0, high, size=(n, 5))
    X[:, 0] = rng.integers(0, 3, size=n)  # few levels next to many: planes and codes mix
    X[:, 1] = (X[:, 0] + (rng.random(n) < 0.3)) % 3
    M = fm.pairwise_mi(X, tile_size=2, n_jobs=2)
    expected = _expected_upper(X, fm.mutual_info_discrete)
    np.testing.assert_allclose(M, expected, rtol=1e-13, atol=1e-15)
    if high <= 30:  # dense tables in mutual_info_discrete: the same sum, bit for bit
        assert np.array_equal(M, expected)
    Y = rng.integers(0, 40, size=(n, 2))  # the other side needs codes
    C = fm.cross_mi(X[:, :2], Y)
    for i in range(2):
        for j in range(2):
            assert C[i, j] == fm.mutual_info_discrete(X[:, i], Y[:, j])


def test_out_prefill_runs_in_row_blocks_so_ctrl_c_stops_it(monkeypatch):
    """A large memmap's NaN pre-fill took 13 s in one uninterruptible call."""
    from fastmi import _engine

    monkeypatch.setattr(_engine, "_FILL_STEP", 8)  # one row of 8 per step

    class Recorder(np.ndarray):
        calls = 0

        def __setitem__(self, key, value):
            type(self).calls += 1
            if type(self).calls == 2:
                raise KeyboardInterrupt  # Ctrl-C while filling
            super().__setitem__(key, value)

    out = np.zeros((8, 8)).view(Recorder)
    X = np.arange(80).reshape(10, 8) % 3
    with pytest.raises(KeyboardInterrupt):
        fm.pairwise_mi(X, out=out, progress=pytest.fail)
    assert Recorder.calls == 2
    assert np.isnan(np.asarray(out)[0]).all() and (np.asarray(out)[1:] == 0).all()


# ------------------------------------------------------------- signatures
def test_shared_keywords_are_one_signature_with_each_functions_flags():
    import inspect

    shared = ["estimator", "k", "algorithm", "standardize", "jitter", "random_state", "bins",
              "strategy",
              "bias_correction", "base", "clip", "n_jobs", "tile_size", "dtype", "progress",
              "out", "nan_policy", "layer", "return_counts"]  # fmt: skip
    expected = {
        fm.pairwise_mi: ["X", "method", "discrete_x", *shared, "top_k", "threshold"],
        fm.cross_mi: [
            "X",
            "Y",
            "method",
            "discrete_x",
            "discrete_y",
            *shared,
            "top_k",
            "threshold",
        ],  # fmt: skip
        fm.mi_with_target: ["X", "y", "method", "discrete_x", "discrete_y", *shared],
    }
    for function, names in expected.items():
        params = inspect.signature(function).parameters
        assert list(params) == names
        assert params["k"].default == 3 and params["jitter"].default == 1e-10
        assert params["method"].default == params["discrete_x"].default == "auto"


def test_unknown_keyword_is_a_type_error_naming_the_function():
    X = np.zeros((5, 2), dtype=int)
    with pytest.raises(TypeError, match=r"pairwise_mi\(\) got an unexpected keyword argument 'kk'"):
        fm.pairwise_mi(X, kk=3)
    with pytest.raises(TypeError, match="cross_mi.*'n_neighbors'"):
        fm.cross_mi(X, X, n_neighbors=3)


def test_mi_with_target_out_and_clip(rng, tmp_path):
    X = rng.standard_normal((60, 5))
    y = X[:, 0] + rng.standard_normal(60)
    expected = fm.mi_with_target(X, y, random_state=0)
    assert (expected < 0).any()  # independent columns: KSG goes below 0
    out = np.lib.format.open_memmap(tmp_path / "t.npy", mode="w+", dtype=np.float32, shape=(5,))
    assert fm.mi_with_target(X, y, random_state=0, out=out) is out
    assert np.array_equal(out, expected.astype(np.float32))
    clipped = fm.mi_with_target(X, y, random_state=0, clip=True)
    assert np.array_equal(clipped, np.maximum(expected, 0))
    with pytest.raises(ValueError, match=r"shape \(5,\)"):
        fm.mi_with_target(X, y, out=np.zeros((5, 1)))
    with pytest.raises(TypeError, match="numpy array"):
        fm.mi_with_target(X, y, out=[0.0] * 5)
    with pytest.raises(TypeError, match="'clip'"):
        fm.pairwise_mi(X, clip="yes")


def test_clip_on_the_matrix_equals_single_pair_clip(rng):
    X = rng.standard_normal((50, 4))
    M = fm.pairwise_mi(X, jitter=0, clip=True)
    C = fm.cross_mi(X, X[:, :2], jitter=0, clip=True, base=2)
    for i in range(4):
        for j in range(i + 1, 4):
            expected = fm.ksg_mi(X[:, i], X[:, j], jitter=0, clip=True)
            assert M[i, j] == M[j, i] and abs(M[i, j] - expected) < 1e-12
            assert M[i, j] >= 0
    assert (C[~np.isnan(C)] >= 0).all()


# ------------------------------------------------------------------ sinks
@pytest.mark.parametrize("method", ["discrete", "ksg", "copula", "auto"])
def test_a_sink_fed_block_by_block_gets_the_same_result(rng, monkeypatch, method):
    """The engine's sink interface: a sink with ``direct=False`` receives
    every tile as a block (the path a streaming selection takes)."""
    from fastmi import _engine

    seen = []

    class BlockSink(_engine.DenseSink):
        def __init__(self, result):
            super().__init__(result)
            self.direct = False

        def add(self, tile, block):
            seen.append(block.shape)
            super().add(tile, block)

    if method == "discrete":
        X, Y = _discrete_matrix(rng, n=120), _discrete_matrix(rng, n=120)[:, :4]
    elif method == "auto":  # all three kinds of pair, mixed ones mirrored by the sink
        X = _mixed_frame(rng, n=120)
        Y = X[["s", "u", "c"]]
    else:
        X, Y = rng.standard_normal((120, 7)), rng.standard_normal((120, 3))
    options = {"method": method, "random_state": 0, "tile_size": 3}
    expected = (fm.pairwise_mi(X, **options), fm.cross_mi(X, Y, **options))
    monkeypatch.setattr(_engine, "DenseSink", BlockSink)
    got = (fm.pairwise_mi(X, **options), fm.cross_mi(X, Y, **options))
    assert seen  # every tile went through add()
    for e, g in zip(expected, got, strict=True):
        assert np.array_equal(np.asarray(e), np.asarray(g), equal_nan=True)


# ------------------------------------------------------- "auto", mixed kinds
def _mixed_frame(rng, n=150):
    import pandas as pd

    z = rng.standard_normal(n)
    return pd.DataFrame(
        {
            "x": z + 0.3 * rng.standard_normal(n),
            "c": (z > 0).astype(int) + rng.integers(0, 2, n),  # depends on x
            "u": rng.standard_normal(n),  # independent of everything
            "v": rng.standard_normal(n),
            "s": rng.choice(["a", "b"], n),
        }
    )


def test_auto_on_mixed_kinds_is_mutual_info_of_each_pair(rng):
    """One "auto" rule: each entry is ``fastmi.mutual_info`` of its pair by
    the dtypes (discrete: counting; continuous: KSG; one of each: Ross)."""
    X = _mixed_frame(rng)
    M = fm.pairwise_mi(X, jitter=0, k=4)
    floats = [X[c].dtype.kind == "f" for c in X]
    for i in range(5):
        for j in range(5):
            if i == j:
                continue
            ksg, mixed = floats[i] and floats[j], floats[i] != floats[j]
            options = {"jitter": 0, "k": 4} if ksg else {"k": 4} if mixed else {}
            a, b = min(i, j), max(i, j)  # M[j, i] is a copy of f(X_i, X_j), i < j
            expected = fm.mutual_info(X.iloc[:, a], X.iloc[:, b], **options)
            if floats[i] and floats[j]:
                assert abs(M.iloc[i, j] - expected) < 1e-12  # KSG: rounding only
            else:
                assert M.iloc[i, j] == expected, (i, j)
    C = fm.cross_mi(X[["x", "c"]], X[["u", "s", "c"]], jitter=0, k=4)
    assert np.array_equal(C.to_numpy(), M.iloc[:2, [2, 4, 1]].to_numpy())
    t = fm.mi_with_target(X[["x", "u", "s"]], X["c"], jitter=0, k=4)
    np.testing.assert_allclose(t.to_numpy(), M.iloc[[0, 2, 4], 1].to_numpy(), rtol=1e-12)


def test_auto_on_mixed_kinds_does_not_rank_independent_columns_up(rng):
    """Binning every column (the old "auto" for mixed tables) gave two
    independent normals about as much MI as a real continuous-discrete pair."""
    X = _mixed_frame(rng, n=300)
    M = fm.pairwise_mi(X, random_state=0).to_numpy()
    B = fm.pairwise_mi(X, method="binned").to_numpy()
    real, independent = (0, 1), (2, 3)
    assert B[independent] > 0.6 * B[real]  # the bias that motivated the rule
    assert M[independent] < 0.5 * M[real]


def test_auto_on_mixed_kinds_with_missing_values(rng):
    X = _mixed_frame(rng, n=80)
    X["c"] = X["c"].astype("Int64")  # an integer column with missing labels
    X.loc[[3, 7], "x"] = np.nan
    X.loc[[5], "c"] = None
    M, counts = fm.pairwise_mi(X, jitter=0, nan_policy="omit", return_counts=True)
    keep = X["x"].notna() & X["c"].notna()
    assert M.loc["x", "c"] == fm.mixed_mi(X.loc[keep, "x"], X.loc[keep, "c"].astype(int))
    assert counts.loc["x", "c"] == keep.sum()


def test_few_samples_with_many_levels_are_exact_and_repeatable():
    """A joint table larger than 4n + 64 cells is counted from codes: they
    must be kept (they were not, and uninitialised memory gave 2.40, 4.80 or
    4.04 for log 11 from call to call)."""
    x = np.arange(11)
    for _ in range(5):
        assert fm.mi_with_target(x[:, None], x)[0] == pytest.approx(np.log(11), rel=1e-12)
        M = fm.pairwise_mi(np.column_stack([x, x[::-1], x % 3]))
        np.testing.assert_allclose(M[0, :2], np.log(11), rtol=1e-12)
