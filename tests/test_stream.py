"""Streaming all-pairs MI (top_k= / threshold=): every method gives the
dense result's entries exactly, the reference selection and summaries, the
same bits for any tile size and thread count; errors, labels, progress,
interrupts, the CLI and fastmi.network end to end."""

import zlib

import numpy as np
import pytest

import fastmi as fm
from fastmi import cli
from fastmi import reference as ref


@pytest.fixture
def rng(request):
    return np.random.default_rng(zlib.crc32(request.node.name.encode()))


def _continuous(rng, n=120, p=23):
    X = rng.normal(size=(n, p))
    X[:, 1] += X[:, 0]
    if p > 5:
        X[:, 5] = np.tanh(X[:, 4]) + 0.2 * X[:, 5]
    return X


def _discrete(rng, n=150, p=21):
    X = rng.integers(0, 3, size=(n, p))
    X[:, 1] = (X[:, 0] + (rng.random(n) < 0.2)) % 3
    X[:, 2] = X[:, 3]  # exact ties in MI between rows
    return X


_CASES = [
    ("discrete", {}),
    ("discrete", {"estimator": "miller_madow"}),
    ("binned", {"bins": 4}),
    ("copula", {}),
    ("ksg", {"jitter": 0.0}),
]


def _entries(result):
    coo = result.matrix.tocoo()
    return set(zip(coo.row.tolist(), coo.col.tolist(), strict=True))


def _same(a, b):
    assert _entries(a) == _entries(b)
    assert (a.matrix != b.matrix).nnz == 0
    for name in ("count", "mean", "std", "n_above"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))


@pytest.mark.parametrize(("method", "options"), _CASES)
def test_top_k_equals_dense_entries_and_reference(rng, method, options):
    X = _discrete(rng) if method == "discrete" else _continuous(rng)
    dense = fm.pairwise_mi(X, method=method, **options)
    result = fm.pairwise_mi(X, method=method, top_k=3, **options)
    M = dense.copy()
    np.fill_diagonal(M, np.nan)  # partners only
    assert _entries(result) == ref.top_k_entries(M, 3, True)
    S = result.matrix.toarray()
    for i, j in _entries(result):
        assert S[i, j] == dense[i, j]  # bit for bit
    count, mean, std, _ = ref.row_summaries(M, True)
    np.testing.assert_array_equal(result.count, count)
    np.testing.assert_allclose(result.mean, mean, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(result.std, std, rtol=1e-10, atol=1e-15)
    # Another tiling and thread count: the same bits.
    _same(fm.pairwise_mi(X, method=method, top_k=3, tile_size=5, n_jobs=2, **options), result)


@pytest.mark.parametrize(("method", "options"), _CASES[::2])
def test_threshold_and_cross_equal_dense(rng, method, options):
    X = _discrete(rng) if method == "discrete" else _continuous(rng)
    dense = fm.pairwise_mi(X, method=method, **options)
    t = float(np.quantile(dense[np.triu_indices_from(dense, 1)], 0.8))
    result = fm.pairwise_mi(X, method=method, threshold=t, tile_size=4, **options)
    M = dense.copy()
    np.fill_diagonal(M, np.nan)
    assert _entries(result) == ref.threshold_entries(M, t, True)
    np.testing.assert_array_equal(result.matrix.toarray()[M > t], M[M > t])
    np.testing.assert_array_equal(result.n_above, (M > t).sum(axis=1))
    # cross_mi: rows of X[:, :6] against all columns.
    cross_dense = fm.cross_mi(X[:, :6], X, method=method, **options)
    cross = fm.cross_mi(X[:, :6], X, method=method, top_k=2, tile_size=3, **options)
    assert _entries(cross) == ref.top_k_entries(cross_dense, 2, False)
    kept = cross.matrix.toarray() != 0
    np.testing.assert_array_equal(cross.matrix.toarray()[kept], cross_dense[kept])
    above = fm.cross_mi(X[:, :6], X, method=method, threshold=t, **options)
    assert _entries(above) == ref.threshold_entries(cross_dense, t, False)


def test_float32_labels_and_edge_table(rng):
    pd = pytest.importorskip("pandas")
    X = pd.DataFrame(_continuous(rng, p=8), columns=[f"g{j}" for j in range(8)])
    dense = fm.pairwise_mi(X, method="copula", dtype=np.float32)
    result = fm.pairwise_mi(X, method="copula", top_k=2, dtype=np.float32)
    assert result.matrix.dtype == np.float32
    table = result.edges()
    assert list(table.columns) == ["i", "j", "mi"]
    for a, b, value in table.itertuples(index=False):
        assert value == dense.loc[a, b]
    assert ("g0", "g1") in set(zip(table["i"], table["j"], strict=True))
    assert result.row_labels == list(X.columns)


def test_bad_input_is_refused_before_any_work(rng):
    X = _continuous(rng, p=5)
    calls = []

    def progress(done, total):
        calls.append(done)

    cases = [
        ({"top_k": 0}, "'top_k' parameter of pairwise_mi must be an int in \\[1, 4\\]"),
        ({"top_k": 5}, "must be an int in \\[1, 4\\]"),
        ({"top_k": 2.0}, "'top_k' parameter"),
        ({"threshold": float("nan")}, "'threshold' parameter of pairwise_mi must be a real"),
        ({"threshold": "0.1"}, "'threshold' parameter"),
        ({"top_k": 2, "threshold": 0.1}, "takes top_k or threshold, not both"),
        ({"top_k": 2, "out": np.empty((5, 5))}, "out= together with top_k or threshold"),
        ({"threshold": 0.1, "return_counts": True}, "'return_counts' parameter"),
        ({"top_k": 1, "nan_policy": "omit"}, "'nan_policy' parameter"),
    ]
    for options, message in cases:
        with pytest.raises(ValueError, match=message):
            fm.pairwise_mi(X, method="copula", progress=progress, **options)
    with pytest.raises(ValueError, match="needs a result with at least 2 columns"):
        fm.cross_mi(X, X[:, :1], method="copula", top_k=1)
    with pytest.raises(TypeError, match="unexpected keyword argument 'top_k'"):
        fm.mi_with_target(X, X[:, 0], top_k=1)
    assert not calls


def test_progress_and_interrupt(rng):
    X = _discrete(rng, p=40)
    seen = []
    fm.pairwise_mi(X, top_k=2, tile_size=8, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1][0] == seen[-1][1] == 40 * 41 // 2
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)

    def stop(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        fm.pairwise_mi(X, top_k=2, tile_size=8, progress=stop)


def test_network_on_the_streaming_result(rng):
    from fastmi.network import aracne, clr

    X = _continuous(rng, n=200, p=30)
    dense = fm.pairwise_mi(X, method="copula")
    result = fm.pairwise_mi(X, method="copula", top_k=4)
    kept = result.matrix.toarray() != 0
    S = clr(result).matrix.toarray()
    D = clr(np.nan_to_num(dense))
    np.testing.assert_allclose(S[kept], D[kept], rtol=1e-9, atol=1e-12)
    t = float(np.quantile(dense[np.triu_indices_from(dense, 1)], 0.9))
    above = fm.pairwise_mi(X, method="copula", threshold=t)
    np.testing.assert_array_equal(
        aracne(above, threshold=t).matrix.toarray(), aracne(np.nan_to_num(dense), threshold=t)
    )


@pytest.mark.parametrize("suffix", [".tsv", ".parquet"])
def test_cli_writes_the_edge_table(rng, tmp_path, capsys, suffix):
    pd = pytest.importorskip("pandas")
    X = _continuous(rng, p=6)
    names = ["a", "b", "c", "d", "e", "f"]
    pd.DataFrame(X, columns=names).to_csv(tmp_path / "t.csv", index=False)
    out = tmp_path / f"edges{suffix}"
    status = cli.main(["pairwise", str(tmp_path / "t.csv"), "--method", "copula", "--top-k", "2",
                       "-o", str(out), "-q"])  # fmt: skip
    assert status == 0
    assert "kept" in capsys.readouterr().out
    table = (
        pd.read_csv(out, sep="\t", float_precision="round_trip")
        if suffix == ".tsv"
        else pd.read_parquet(out)
    )
    expected = fm.pairwise_mi(pd.DataFrame(X, columns=names), method="copula", top_k=2).edges()
    assert list(table["column_1"]) == list(expected["i"])
    assert list(table["column_2"]) == list(expected["j"])
    np.testing.assert_array_equal(table["mi"].to_numpy(), expected["mi"].to_numpy())
    assert cli.main(["pairwise", str(tmp_path / "t.csv"), "--threshold", "nan", "-q"]) == 2
    assert "'threshold' parameter" in capsys.readouterr().err
    assert (
        cli.main(
            ["pairwise", str(tmp_path / "t.csv"), "--top-k", "2", "-o", str(tmp_path / "m.npy")]
        )
        == 2
    )
    plot = ["pairwise", str(tmp_path / "t.csv"), "--top-k", "2", "--plot", str(tmp_path / "p.png")]
    assert cli.main(plot) == 2
    assert "--plot draws the dense matrix" in capsys.readouterr().err


def test_copula_tiles_smaller_than_the_table(rng, monkeypatch):
    """A first diagonal tile as large as a grid cell (a block of the tile's
    shape, not the table's) streams like the rest."""
    from fastmi._families import copula

    monkeypatch.setattr(copula, "_CELL_WORK", 64 * 64 * 120)  # 64-feature cells at n = 120
    X = _continuous(rng, p=150)
    dense = fm.pairwise_mi(X, method="copula")
    result = fm.pairwise_mi(X, method="copula", top_k=3, tile_size=64)
    S = result.matrix.toarray()
    kept = S != 0
    np.testing.assert_array_equal(S[kept], dense[kept])
    M = dense.copy()
    np.fill_diagonal(M, np.nan)
    assert _entries(result) == ref.top_k_entries(M, 3, True)
