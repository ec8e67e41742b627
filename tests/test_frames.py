"""Other libraries' tables in, names out: polars, xarray, AnnData, scipy.sparse.

Each is checked against the numpy / pandas result of the same data (equal
values, labels kept) and for its bad input."""

import subprocess
import sys

import anndata as ad
import numpy as np
import pandas as pd
import polars as pl
import pytest
import scipy.sparse as sp
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st

import fastmi as fm
from fastmi.front import is_continuous, resolve_method

N = 120


@pytest.fixture(scope="module")
def mixed():
    rng = np.random.default_rng(1)
    a = rng.normal(size=N)
    return pd.DataFrame(
        {
            "a": a,
            "b": a + rng.normal(size=N),
            "k": rng.integers(0, 3, N),
            "s": rng.choice(["x", "y", "z"], N),
        }
    )


# ------------------------------------------------------------------ polars
def test_polars_frame_equals_pandas_with_labels(mixed):
    got = fm.pairwise_mi(pl.from_pandas(mixed), jitter=0)
    want = fm.pairwise_mi(mixed, jitter=0)
    assert isinstance(got, pd.DataFrame)
    assert list(got.columns) == list(got.index) == ["a", "b", "k", "s"]
    pd.testing.assert_frame_equal(got, want)


def test_polars_target_and_cross(mixed):
    frame = pl.from_pandas(mixed)
    got = fm.mi_with_target(frame.select("a", "b"), frame["k"], jitter=0)
    want = fm.mi_with_target(mixed[["a", "b"]], mixed["k"], jitter=0)
    pd.testing.assert_series_equal(got, want)
    assert got.name == "k"
    got = fm.cross_mi(frame.select("k", "s"), frame.select("s"), method="discrete")
    pd.testing.assert_frame_equal(got, fm.cross_mi(mixed[["k", "s"]], mixed[["s"]]))


def test_polars_float_series_is_continuous(mixed):
    x, y = pl.Series("a", mixed["a"].to_numpy()), pl.Series("b", mixed["b"].to_numpy())
    assert is_continuous(x) and is_continuous(pl.from_pandas(mixed[["a", "b"]]))
    assert not is_continuous(pl.Series([1, 2, 3])) and not is_continuous(pl.Series(["u"]))
    assert resolve_method(x, y) == "ksg"
    assert resolve_method(x, pl.Series([0, 1] * (N // 2))) == "mixed"
    want = fm.mutual_info(mixed["a"].to_numpy(), mixed["b"].to_numpy(), jitter=0)
    assert fm.mutual_info(x, y, jitter=0) == want


def test_polars_nulls_are_missing_values():
    x = pl.Series("x", [1, None, 2, 2, 1, 3])
    y = [0, 1, 1, 1, 0, 0]
    assert not is_continuous(x)
    with pytest.raises(ValueError, match="missing"):
        fm.mutual_info(x, y)
    got = fm.mutual_info(x, y, nan_policy="omit")
    assert got == fm.mutual_info(np.array([1, 2, 2, 1, 3]), np.array([0, 1, 1, 0, 0]))
    frame = pl.DataFrame({"x": x, "y": y})
    with pytest.raises(ValueError, match=r"X\['x'\]"):
        fm.pairwise_mi(frame)


def test_polars_enum_gives_the_alphabet():
    labels = ["a", "b", "a", "b", "a", "a"]
    y = [0, 1, 0, 1, 1, 0]
    enum = pl.Series("e", labels, dtype=pl.Enum(["a", "b", "c", "d"]))
    cat = pd.Series(pd.Categorical(labels, categories=["a", "b", "c", "d"]))
    got = fm.mutual_info(enum, y, estimator="nsb")
    assert got == fm.mutual_info(cat, y, estimator="nsb")
    assert got != fm.mutual_info(labels, y, estimator="nsb")  # K=4, not the 2 observed


def test_polars_text_column_for_continuous_method():
    frame = pl.DataFrame({"a": [0.1, 0.5, 0.2, 0.9], "name": ["u", "v", "u", "w"]})
    for method in ("copula", "ksg"):
        with pytest.raises(TypeError, match=r"X\['name'\] must hold real numbers"):
            fm.pairwise_mi(frame, method=method, discrete_x=False)


# ------------------------------------------------------------------ xarray
def test_dataarray_keeps_feature_coordinates(mixed):
    values = mixed[["a", "b"]].to_numpy()
    da = xr.DataArray(values, dims=("cell", "gene"), coords={"gene": ["g1", "g2"]})
    got = fm.pairwise_mi(da, method="copula")
    np.testing.assert_array_equal(got.to_numpy(), fm.pairwise_mi(values, method="copula"))
    assert list(got.columns) == ["g1", "g2"] and got.columns.name == got.index.name == "gene"
    target = xr.DataArray(mixed["k"].to_numpy(), dims="cell", name="k")
    got = fm.mi_with_target(da, target, jitter=0)
    np.testing.assert_array_equal(got.to_numpy(), fm.mi_with_target(values, mixed["k"], jitter=0))
    assert got.name == "k" and list(got.index) == ["g1", "g2"]


def test_dataarray_without_coordinates_and_1d(mixed):
    values = mixed[["a", "b"]].to_numpy()
    got = fm.pairwise_mi(xr.DataArray(values, dims=("t", "channel")), method="copula")
    assert list(got.columns) == [0, 1] and got.columns.name == "channel"
    x, y = xr.DataArray(values[:, 0], dims="t"), xr.DataArray(values[:, 1], dims="t")
    assert fm.mutual_info(x, y, jitter=0) == fm.mutual_info(values[:, 0], values[:, 1], jitter=0)
    assert fm.ksg_mi(x, y, jitter=0) == fm.ksg_mi(values[:, 0], values[:, 1], jitter=0)
    with pytest.raises(ValueError, match="dimensions"):
        fm.pairwise_mi(xr.DataArray(np.zeros((3, 2, 2)), dims=("a", "b", "c")))


# ----------------------------------------------------------------- AnnData
@pytest.fixture(scope="module")
def counts():
    rng = np.random.default_rng(2)
    dense = rng.poisson(0.4, size=(N, 6)).astype(np.float32)
    obs = pd.DataFrame({"type": rng.choice(["T", "B"], N)}, index=[f"c{i}" for i in range(N)])
    var = pd.DataFrame(index=[f"g{j}" for j in range(6)])
    adata = ad.AnnData(sp.csr_matrix(dense), obs=obs, var=var)
    adata.layers["log"] = np.log1p(dense)
    return adata, dense


def test_anndata_sparse_x_and_layers(counts):
    adata, dense = counts
    got = fm.pairwise_mi(adata, method="discrete")  # float32 counts: labels when asked
    want = fm.pairwise_mi(pd.DataFrame(dense, columns=list(adata.var_names)), method="discrete")
    pd.testing.assert_frame_equal(got, want)
    got = fm.pairwise_mi(adata, layer="log", method="copula")
    np.testing.assert_allclose(got.to_numpy(), fm.pairwise_mi(np.log1p(dense), method="copula"))
    assert list(got.index) == list(adata.var_names)
    got = fm.mi_with_target(adata, "type", method="discrete")
    want = fm.mi_with_target(dense, adata.obs["type"].to_numpy(), method="discrete")
    np.testing.assert_array_equal(got.to_numpy(), want)
    assert got.name == "type" and list(got.index) == list(adata.var_names)


def test_anndata_bad_input(counts):
    adata, dense = counts
    with pytest.raises(ValueError, match="no layer 'raw'.*'log'"):
        fm.pairwise_mi(adata, layer="raw")
    with pytest.raises(ValueError, match="not a column of X.obs"):
        fm.mi_with_target(adata, "batch")
    with pytest.raises(TypeError, match="layer= selects a layer of an AnnData"):
        fm.pairwise_mi(dense, layer="log")


# ------------------------------------------------------------ scipy.sparse
@st.composite
def sparse_counts(draw):
    n = draw(st.integers(1, 40))
    p = draw(st.integers(2, 6))
    density = draw(st.sampled_from([0.0, 0.1, 0.5, 1.0]))
    seed = draw(st.integers(0, 2**16))
    high = draw(st.sampled_from([1, 2, 5, 300]))
    rng = np.random.default_rng(seed)
    dense = rng.integers(-high, high, size=(n, p)) * (rng.random((n, p)) < density)
    fmt = draw(st.sampled_from(["csr", "csc", "coo"]))
    return sp.csr_matrix(dense).asformat(fmt), dense


@settings(max_examples=30, deadline=None)
@given(sparse_counts())
def test_sparse_discrete_equals_dense(case):
    matrix, dense = case
    np.testing.assert_array_equal(fm.pairwise_mi(matrix), fm.pairwise_mi(dense))
    y = dense[:, 0]
    np.testing.assert_array_equal(fm.mi_with_target(matrix, y), fm.mi_with_target(dense, y))
    y = np.arange(dense.shape[0]) % 23  # many levels: the sparse side needs codes too
    np.testing.assert_array_equal(fm.mi_with_target(matrix, y), fm.mi_with_target(dense, y))
    got = fm.cross_mi(matrix, matrix.tocsc()[:, :1], estimator="miller_madow")
    np.testing.assert_array_equal(got, fm.cross_mi(dense, dense[:, :1], estimator="miller_madow"))


@pytest.mark.filterwarnings("ignore:.*looks continuous")
def test_sparse_float_and_bad_input():
    dense = np.array([[0.0, 1.5, 0.0], [2.0, 0.0, 0.5], [0.0, 0.0, 3.0], [1.0, 2.0, 0.0]] * 5)
    dense = dense + np.arange(20)[:, None] * 1e-3 * (dense != 0)
    matrix = sp.csc_array(dense)
    for method in ("copula", "binned", "discrete"):
        np.testing.assert_array_equal(
            fm.pairwise_mi(matrix, method=method), fm.pairwise_mi(dense, method=method)
        )
    bad = sp.csr_matrix(dense)
    bad.data[0] = np.nan
    for policy in ("raise", "omit"):
        with pytest.raises(ValueError, match="sparse input cannot hold missing values"):
            fm.pairwise_mi(bad, nan_policy=policy)


def test_optional_libraries_not_imported():
    code = (
        "import sys, numpy as np, fastmi as fm; fm.pairwise_mi(np.eye(4, dtype=int));"
        "print(sorted({'polars', 'xarray', 'anndata'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_few_samples_many_levels_use_codes():
    # A pair whose joint table exceeds 4 n + 64 cells is counted from sorted
    # codes even when both features fit in bit-planes (codes must be kept;
    # they were not, and such entries read uninitialised memory).
    x = np.arange(13)
    X = np.c_[x, x[::-1], x % 5]
    want = [[fm.mutual_info_discrete(X[:, i], X[:, j]) for j in range(3)] for i in range(3)]
    np.testing.assert_allclose(fm.pairwise_mi(X), want, rtol=1e-12)
    np.testing.assert_allclose(fm.mi_with_target(X, x), np.array(want)[:, 0], rtol=1e-12)
    np.testing.assert_allclose(fm.pairwise_mi(sp.csc_matrix(X)), want, rtol=1e-12)
