"""fastmi.dask: the local tiles as Dask tasks give the local results, bit for
bit, on an in-process cluster and on worker processes."""

import sys

import numpy as np
import pytest

import fastmi as fm
import fastmi.dask as fmd

distributed = pytest.importorskip("distributed")  # the test extra installs it


@pytest.fixture(scope="module")
def client():
    with distributed.Client(
        processes=False, n_workers=1, threads_per_worker=2, dashboard_address=":0"
    ) as c:
        yield c


def _mixed_table(rng, n=150, p=11):
    X = rng.normal(size=(n, p))
    X[:, 1] = np.tanh(X[:, 0]) + 0.3 * X[:, 1]
    X[:, 4] = rng.integers(0, 3, size=n)  # discrete columns among the floats
    X[:, 7] = rng.integers(0, 5, size=n)
    return X


@pytest.mark.parametrize(
    "options",
    [
        {"method": "ksg"},
        {"method": "ksg", "algorithm": 2, "k": 4},
        {"method": "copula"},
        {"method": "binned", "bins": 5},
        {"method": "discrete", "estimator": "miller_madow"},
    ],
)
def test_pairwise_equals_local_run(client, options):
    rng = np.random.default_rng(3)
    X = _mixed_table(rng)
    X[:, [4, 7]] = rng.normal(size=(150, 2))
    if options["method"] == "discrete":
        X = np.round(X)
    local = fm.pairwise_mi(X, random_state=0, **options)
    for tile_size in (3, 4, 100):
        on_cluster = fmd.pairwise_mi(X, client=client, random_state=0, tile_size=tile_size,
                                     **options)  # fmt: skip
        np.testing.assert_array_equal(on_cluster, local)


def test_mixed_columns_cross_and_target(client):
    rng = np.random.default_rng(4)
    X = _mixed_table(rng)
    mask = np.zeros(11, dtype=bool)
    mask[[4, 7]] = True
    options = {"method": "binned", "discrete_x": mask, "tile_size": 2}
    np.testing.assert_array_equal(
        fmd.pairwise_mi(X, client=client, **options), fm.pairwise_mi(X, **options)
    )
    Y = X[:, 2:5].copy()
    np.testing.assert_array_equal(
        fmd.cross_mi(X, Y, client=client, method="ksg", random_state=1, tile_size=4),
        fm.cross_mi(X, Y, method="ksg", random_state=1, tile_size=4),
    )
    y = X[:, 0] ** 2 + rng.normal(size=150)
    np.testing.assert_array_equal(
        fmd.mi_with_target(X, y, client=client, method="ksg", random_state=2),
        fm.mi_with_target(X, y, method="ksg", random_state=2),
    )


def test_out_memmap_float32_progress_and_labels(client, tmp_path):
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(5)
    X = rng.integers(0, 4, size=(80, 30))
    expected = fm.pairwise_mi(X, dtype=np.float32)
    out = np.lib.format.open_memmap(tmp_path / "m.npy", mode="w+", dtype=np.float32,
                                    shape=(30, 30))  # fmt: skip
    calls = []
    result = fmd.pairwise_mi(X, client=client, out=out, tile_size=4, max_in_flight=3,
                             progress=lambda done, total: calls.append((done, total)))  # fmt: skip
    assert result is out
    out.flush()
    assert np.array_equal(np.load(tmp_path / "m.npy"), expected)
    assert calls[-1] == (30 * 31 // 2, 30 * 31 // 2)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    frame = pd.DataFrame(X, columns=[f"g{j}" for j in range(30)])
    labelled = fmd.pairwise_mi(frame, client=client)
    assert list(labelled.columns) == list(frame.columns)
    assert np.array_equal(labelled.to_numpy(), fm.pairwise_mi(X))


def test_interrupted_run_leaves_nan_and_cancels(client):
    rng = np.random.default_rng(6)
    X = rng.integers(0, 3, size=(50, 40))
    out = np.zeros((40, 40))

    def stop(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        fmd.pairwise_mi(X, client=client, tile_size=2, max_in_flight=2, out=out, progress=stop)
    assert np.isnan(out).any() and not np.isnan(out).all()
    # The cluster is left usable: a later call completes.
    assert np.array_equal(fmd.pairwise_mi(X, client=client), fm.pairwise_mi(X))


def test_worker_processes_and_the_default_client():
    # Tasks pickled to separate worker processes (what a real cluster does),
    # and client=None picking up the current client.
    rng = np.random.default_rng(7)
    X = rng.normal(size=(120, 8))
    with distributed.Client(
        processes=True, n_workers=2, threads_per_worker=1, dashboard_address=":0"
    ):
        on_cluster = fmd.pairwise_mi(X, method="ksg", random_state=0, tile_size=3)
    np.testing.assert_array_equal(on_cluster, fm.pairwise_mi(X, method="ksg", random_state=0))


def test_errors(client, monkeypatch):
    X = np.random.default_rng(8).normal(size=(30, 4))

    def no_client():
        raise ValueError("No clients found")  # what distributed raises without a client

    with monkeypatch.context() as patch:
        patch.setattr(distributed, "get_client", no_client)
        with pytest.raises(ValueError, match="needs a dask.distributed Client"):
            fmd.pairwise_mi(X)
    with pytest.raises(TypeError, match="'client' parameter of pairwise_mi"):
        fmd.pairwise_mi(X, client="tcp://nowhere")
    with pytest.raises(ValueError, match="'max_in_flight' parameter"):
        fmd.pairwise_mi(X, client=client, max_in_flight=0)
    # Data errors surface before any task is sent, with the local message.
    with pytest.raises(ValueError, match="needs at least two features"):
        fmd.pairwise_mi(X[:, :1], client=client)
    assert fm._engine.RUNNER.get() is fm._engine.run_tiles  # restored after errors


def test_default_tiles_bound_the_number_of_tasks(client, monkeypatch):
    # Without tile_size, tiles grow with p so that a wide matrix is about a
    # thousand tasks, not millions of small ones; the result is unchanged.
    X = np.random.default_rng(9).integers(0, 3, size=(40, 200))
    seen = []
    original = fmd._run_on_cluster

    def counting(client, max_in_flight, groups, sink, progress):
        seen.append(sum(len(group) for group, _ in groups))
        return original(client, max_in_flight, groups, sink, progress)

    monkeypatch.setattr(fmd, "_run_on_cluster", counting)
    assert np.array_equal(fmd.pairwise_mi(X, client=client), fm.pairwise_mi(X))
    monkeypatch.setattr(fmd, "TILES_PER_SIDE", 4)  # as if p were 45 / 4 times wider
    monkeypatch.setattr(fmd, "MIN_TILE", 1)
    assert np.array_equal(fmd.pairwise_mi(X, client=client), fm.pairwise_mi(X))
    assert seen == [7 * 8 // 2, 4 * 5 // 2]  # 200 / 32 -> 7 tile rows; 200 / 50 -> 4


def test_zarr_out_on_the_cluster_and_refused_locally(client):
    zarr = pytest.importorskip("zarr")  # the test extra installs it
    rng = np.random.default_rng(10)
    X = rng.integers(0, 3, size=(60, 12)).astype(float)
    X[:, 5] = rng.normal(size=60)  # a continuous column among discrete ones
    mask = np.ones(12, dtype=bool)
    mask[5] = False
    options = {"method": "binned", "discrete_x": mask, "tile_size": 4}
    out = zarr.zeros(shape=(12, 12), chunks=(5, 5), dtype="float32")
    result = fmd.pairwise_mi(X, client=client, out=out, **options)
    assert result is out
    expected = fm.pairwise_mi(X, dtype=np.float32, **options)
    assert np.array_equal(out[...], expected)
    Y = X[:, [5, 0, 1]]
    out = zarr.zeros(shape=(12, 3), chunks=(4, 2), dtype="float64")
    fmd.cross_mi(X, Y, client=client, out=out, **options)
    np.testing.assert_array_equal(out[...], fm.cross_mi(X, Y, **options))
    with pytest.raises(TypeError, match="Zarr arrays are written by fastmi.dask"):
        fm.pairwise_mi(X, out=zarr.zeros(shape=(12, 12), dtype="float64"))
    with pytest.raises(ValueError, match=r"shape \(12, 12\) and dtype float64"):
        fmd.pairwise_mi(X, client=client, out=zarr.zeros(shape=(3, 3), dtype="float64"))


def test_missing_extra_and_out_that_is_not_an_array(client, monkeypatch):
    X = np.random.default_rng(11).integers(0, 3, size=(30, 4))
    with pytest.raises(TypeError, match=r"must be an array \(numpy, memmap or Zarr\)"):
        fmd.pairwise_mi(X, client=client, out=[[0.0] * 4] * 4)
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the extra were missing
    with pytest.raises(ImportError, match=r"pip install 'fastmi\[dask\]'"):
        fmd.pairwise_mi(X, client=client)


@pytest.mark.parametrize("method", ["ksg", "binned"])
def test_nan_policy_omit_equals_local_run(client, method):
    rng = np.random.default_rng(5)
    X = rng.normal(size=(120, 7))
    X[rng.random(120) < 0.1, 2] = np.nan
    X[rng.random(120) < 0.1, 5] = np.nan
    options = {"method": method, "jitter": 0.0, "nan_policy": "omit", "return_counts": True}
    local, local_counts = fm.pairwise_mi(X, **options)
    on_cluster, counts = fmd.pairwise_mi(X, client=client, tile_size=2, **options)
    np.testing.assert_array_equal(on_cluster, local)
    np.testing.assert_array_equal(counts, local_counts)
    y = np.where(rng.random(120) < 0.1, np.nan, X[:, 0])
    local = fm.mi_with_target(X, y, **options)
    np.testing.assert_array_equal(fmd.mi_with_target(X, y, client=client, **options)[0], local[0])
    with pytest.raises(ValueError, match="X contains [0-9]+ NaN values"):
        fmd.cross_mi(X, X[:, :2], client=client, method=method)  # "raise": today's message
