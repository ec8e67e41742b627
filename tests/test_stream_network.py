"""fastmi.network on a streaming (sparse) result: relevance, CLR and ARACNE
score the kept edges as the dense path does."""

import zlib

import numpy as np
import pytest

from fastmi import _stream
from fastmi import reference as ref
from fastmi.network import aracne, clr, relevance_network


@pytest.fixture
def rng(request):
    return np.random.default_rng(zlib.crc32(request.node.name.encode()))


def _mi_matrix(rng, p=30, n=60):
    """A symmetric MI-like matrix with structure (a chain plus noise), some
    negative estimates, NaN diagonal."""
    X = rng.normal(size=(n, p))
    X[:, 1:] += 0.8 * X[:, :-1]
    R = np.corrcoef(X, rowvar=False)
    M = -0.5 * np.log1p(-np.minimum(R * R, 0.999)) - 0.01
    M = np.triu(M, 1) + np.triu(M, 1).T  # exactly symmetric
    np.fill_diagonal(M, np.nan)
    return M


def _sparse(M, top_k=None, threshold=None, size=7):
    return _stream.from_dense(M, _stream.Spec(top_k or 0, threshold, True), size=size)


def _dense(result):
    return result.matrix.toarray()


def test_relevance_keeps_the_kept_entries(rng):
    M = _mi_matrix(rng)
    result = _sparse(M, top_k=4)
    scores = relevance_network(result, threshold=0.05)
    dense = relevance_network(np.nan_to_num(M), threshold=0.05)
    S = _dense(scores)
    kept = _dense(result) != 0
    np.testing.assert_array_equal(S[kept], dense[kept])
    assert not S[~kept].any()
    assert scores.value_name == "score" and (scores.matrix.data > 0).all()


@pytest.mark.parametrize("directed", [False, True])
def test_clr_scores_kept_edges_as_dense(rng, directed):
    M = _mi_matrix(rng)
    result = _sparse(M, top_k=5)
    S = _dense(clr(result, directed=directed))
    dense = clr(np.nan_to_num(M), directed=directed)
    kept = _dense(result) != 0
    np.testing.assert_allclose(S[kept], dense[kept], rtol=1e-9, atol=1e-12)
    assert not S[~kept].any()
    np.testing.assert_allclose(dense, ref.clr_scores(np.nan_to_num(np.maximum(M, 0)), directed),
                               rtol=1e-9, atol=1e-12)  # fmt: skip
    # The strongest CLR edges of the dense network are kept by top_k.
    top = np.argsort(-dense, axis=None)[:10]
    assert kept.ravel()[top].all()


@pytest.mark.parametrize("tolerance", [0.0, 0.1])
def test_aracne_over_threshold_edges_equals_dense(rng, tolerance):
    """threshold=t cuts nothing ARACNE with threshold t would look at: same network."""
    M = _mi_matrix(rng, p=40)
    t = float(np.nanquantile(M, 0.7))
    result = _sparse(M, threshold=t)
    before = _dense(result)
    S = _dense(aracne(result, tolerance=tolerance, threshold=t))
    np.testing.assert_array_equal(_dense(result), before)  # the input is left alone
    dense = aracne(np.nan_to_num(M), tolerance=tolerance, threshold=t)
    np.testing.assert_array_equal(S, dense)
    assert 0 < np.count_nonzero(S) < np.count_nonzero(_dense(result))  # something was pruned


def test_aracne_over_top_k_edges_is_a_subset(rng):
    M = _mi_matrix(rng)
    result = _sparse(M, top_k=6)
    S = _dense(aracne(result))
    kept = _dense(result) != 0
    assert not S[~kept].any()
    # An edge the dense ARACNE keeps and top_k kept survives: fewer witnesses.
    dense = aracne(np.nan_to_num(M))
    assert (S[(dense > 0) & kept] > 0).all()


def test_sparse_network_errors(rng):
    M = _mi_matrix(rng, p=6)
    result = _sparse(M, top_k=2)
    with pytest.raises(ValueError, match="'tfs' parameter of clr is not supported"):
        clr(result, tfs=[0])
    cross = _stream.from_dense(M[:3], _stream.Spec(2, None, False))
    with pytest.raises(ValueError, match="aracne needs a symmetric sparse result"):
        aracne(cross)
