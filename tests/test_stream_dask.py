"""fastmi.dask with top_k / threshold: tile selections made on worker
processes and merged on the client give the local result, bit for bit."""

import numpy as np
import pytest

import fastmi as fm
import fastmi.dask as fmd

distributed = pytest.importorskip("distributed")  # the test extra installs it


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:  # fmt: skip
        with distributed.Client(cluster) as c:
            yield c


def _same(a, b):
    assert a.matrix.shape == b.matrix.shape and (a.matrix != b.matrix).nnz == 0
    for name in ("count", "mean", "std", "n_above"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))


@pytest.mark.parametrize(
    "options",
    [
        {"method": "copula", "top_k": 3},
        {"method": "ksg", "top_k": 2, "random_state": 0},
        {"method": "copula", "threshold": 0.01},
        {"method": "discrete", "top_k": 4},
        {"method": "binned", "bins": 4, "threshold": 0.02},
    ],
)
def test_streaming_on_worker_processes_equals_local(client, options):
    rng = np.random.default_rng(21)
    X = rng.normal(size=(120, 17))
    X[:, 1] += X[:, 0]
    if options["method"] == "discrete":
        X = np.round(X)
    local = fm.pairwise_mi(X, **options)
    for tile_size in (4, 64):
        _same(fmd.pairwise_mi(X, client=client, tile_size=tile_size, **options), local)
    cross = fm.cross_mi(X[:, :5], X, **options)
    _same(fmd.cross_mi(X[:, :5], X, client=client, tile_size=3, **options), cross)


def test_labels_and_errors_on_the_cluster(client):
    pd = pytest.importorskip("pandas")
    X = pd.DataFrame(np.random.default_rng(22).normal(size=(80, 6)), columns=list("abcdef"))
    result = fmd.pairwise_mi(X, client=client, method="copula", top_k=2)
    assert set(result.edges()["i"]) <= set("abcdef")
    with pytest.raises(ValueError, match="takes top_k or threshold, not both"):
        fmd.pairwise_mi(X, client=client, top_k=2, threshold=0.1)
