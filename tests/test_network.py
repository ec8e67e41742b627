"""Network inference: hand-made MI matrices, parity with the reference and sklearn, errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import average_precision_score, roc_auc_score

import fastmi as fm
from fastmi import reference as ref
from fastmi.network import (
    aracne,
    aupr,
    auroc,
    clr,
    edge_list,
    infer_network,
    mrnet,
    relevance_network,
)

ALGORITHMS = [relevance_network, clr, aracne, mrnet]


@pytest.fixture
def rng():
    return np.random.default_rng(20261122)


def _random_mi(rng, p, ties=False):
    M = rng.random((p, p))
    if ties:
        M = np.round(M, 1)
    M = (M + M.T) / 2
    np.fill_diagonal(M, np.nan)  # as pairwise_mi gives for KSG: ignored
    return M


def test_aracne_chain_removes_indirect_edge():
    # A-B-C chain: I(A;C) is the weakest edge of the only triangle
    M = np.array([[1.0, 0.8, 0.3], [0.8, 1.0, 0.6], [0.3, 0.6, 1.0]])
    S = aracne(M)
    assert S[0, 2] == S[2, 0] == 0.0
    assert S[0, 1] == 0.8 and S[1, 2] == 0.6
    # with a tolerance larger than the gap the edge survives
    assert aracne(M, eps=0.31)[0, 2] == 0.3
    # equal weights: no edge is the weakest, nothing is removed
    E = np.full((3, 3), 0.5)
    np.testing.assert_array_equal(aracne(E), 0.5 * (1 - np.eye(3)))


def test_aracne_two_chains_and_a_hub():
    # hub 0 connected to 1, 2, 3; leaves weakly related only through the hub
    M = np.zeros((4, 4))
    M[0, 1:] = M[1:, 0] = [0.9, 0.8, 0.7]
    M[1, 2] = M[2, 1] = 0.2
    M[2, 3] = M[3, 2] = 0.1
    S = aracne(M)
    assert np.count_nonzero(np.triu(S)) == 3 and (S[0, 1:] > 0).all()


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("ties", [False, True])
def test_parity_with_reference(seed, ties):
    r = np.random.default_rng(seed)
    M = _random_mi(r, 7, ties)
    clean = np.where(np.isnan(M), 0.0, M)
    np.testing.assert_allclose(clr(M), ref.clr_scores(clean), rtol=1e-12, atol=1e-12)
    for eps in (0.0, 0.05):
        np.testing.assert_array_equal(aracne(M, eps=eps), ref.aracne_scores(clean, eps))
    np.testing.assert_allclose(mrnet(M), ref.mrnet_scores(clean), rtol=1e-12, atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(
    p=st.integers(2, 24),
    zeros=st.floats(0.0, 0.9),
    levels=st.sampled_from([0, 3, 10]),
    eps=st.sampled_from([0.0, 0.05, 0.3]),
    n_jobs=st.sampled_from([1, 2]),
    seed=st.integers(0, 2**32 - 1),
)
def test_aracne_matches_the_triple_loop(p, zeros, levels, eps, n_jobs, seed):
    # Sparse-looking and tied matrices: the strongest-first visit with its
    # early stop prunes exactly the edges the triple loop prunes.
    r = np.random.default_rng(seed)
    M = r.random((p, p))
    if levels:
        M = np.round(M * levels) / levels
    M[r.random((p, p)) < zeros] = 0.0
    M = np.maximum(M, M.T)
    np.fill_diagonal(M, 0.0)
    np.testing.assert_array_equal(aracne(M, eps=eps, n_jobs=n_jobs), ref.aracne_scores(M, eps))


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_outputs_symmetric_zero_diagonal_nonnegative(rng, algorithm):
    S = algorithm(_random_mi(rng, 9))
    np.testing.assert_array_equal(S, S.T)
    np.testing.assert_array_equal(np.diag(S), 0.0)
    assert (S >= 0).all()


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), p=st.integers(2, 9), data=st.data())
def test_relabelling_genes_relabels_the_network(seed, p, data):
    # every algorithm is equivariant: permuting the genes permutes the scores
    M = _random_mi(np.random.default_rng(seed), p)
    perm = np.array(data.draw(st.permutations(range(p))))
    MP = M[np.ix_(perm, perm)]
    for algorithm in ALGORITHMS:
        np.testing.assert_allclose(
            algorithm(MP), algorithm(M)[np.ix_(perm, perm)], rtol=1e-12, atol=1e-15
        )


def test_relevance_network_threshold(rng):
    M = _random_mi(rng, 5)
    S = relevance_network(M, threshold=0.5)
    off = ~np.eye(5, dtype=bool)
    np.testing.assert_array_equal(S[off], np.where(M[off] >= 0.5, M[off], 0.0))
    np.testing.assert_array_equal(relevance_network(M)[off], M[off])


def test_clr_constant_background():
    # every gene has the same MI with all others: no pair stands out
    M = np.full((4, 4), 0.3)
    np.testing.assert_array_equal(clr(M), 0.0)


def test_mrnet_drops_redundant_edge():
    M = np.array([[0.0, 0.8, 0.3], [0.8, 0.0, 0.6], [0.3, 0.6, 0.0]])
    S = mrnet(M)
    assert S[0, 2] == 0.0 and S[0, 1] == 0.8 and S[1, 2] == 0.6


def test_dataframe_in_dataframe_out(rng):
    import pandas as pd

    names = list("abcde")
    M = pd.DataFrame(_random_mi(rng, 5), index=names, columns=names)
    for algorithm in ALGORITHMS:
        S = algorithm(M)
        assert list(S.index) == names and list(S.columns) == names
    assert edge_list(clr(M), top=1)[0][0] in names
    X = pd.DataFrame(np.random.default_rng(1).integers(0, 3, size=(50, 5)), columns=names)
    S = infer_network(X, network="aracne", method="auto")
    assert list(S.columns) == names
    np.testing.assert_array_equal(S.to_numpy(), aracne(fm.pairwise_mi(X.to_numpy())))


def test_edge_list_order_names_top():
    S = np.array(
        [[0.0, 0.5, 0.9, 0.0], [0.5, 0.0, 0.5, 0.1], [0.9, 0.5, 0.0, 0.0], [0.0, 0.1, 0.0, 0.0]]
    )
    assert edge_list(S) == [(0, 2, 0.9), (0, 1, 0.5), (1, 2, 0.5), (1, 3, 0.1)]
    assert edge_list(S, names="wxyz", top=2) == [("w", "y", 0.9), ("w", "x", 0.5)]
    assert edge_list(S, top=0) == []


def _pairs(S, G):
    iu = np.triu_indices(S.shape[0], k=1)
    return S[iu], G[iu]


@pytest.mark.parametrize("seed", range(5))
def test_auroc_aupr_match_sklearn(seed):
    r = np.random.default_rng(seed)
    p = 12
    S = _random_mi(r, p, ties=seed % 2 == 1)
    G = np.triu(r.random((p, p)) < 0.3, 1)
    G = G | G.T
    s, g = _pairs(np.nan_to_num(S), G)
    assert auroc(S, G) == pytest.approx(roc_auc_score(g, s), rel=1e-12)
    assert aupr(S, G) == pytest.approx(average_precision_score(g, s), rel=1e-12)
    assert auroc(S, G) == pytest.approx(ref.roc_auc(s, g), rel=1e-12)
    assert aupr(S, G) == pytest.approx(ref.average_precision(s, g), rel=1e-12)


def test_directed_gold_standard_is_symmetrised():
    S = np.array([[0.0, 0.8, 0.1], [0.8, 0.0, 0.6], [0.1, 0.6, 0.0]])
    directed = np.array([[0, 1, 0], [0, 0, 0], [0, 1, 0]])  # 0 -> 1, 2 -> 1
    assert auroc(S, directed) == 1.0 and aupr(S, directed.astype(bool)) == 1.0


def test_infer_network_matches_two_steps(rng):
    a = rng.integers(0, 3, size=300)
    b = (a + (rng.random(300) < 0.2)) % 3
    c = (b + (rng.random(300) < 0.2)) % 3
    X = np.column_stack([a, b, c, rng.integers(0, 3, size=300)])
    M = fm.pairwise_mi(X)
    np.testing.assert_array_equal(
        infer_network(X, network="relevance", method="auto"), relevance_network(M)
    )
    for name, algorithm in [("clr", clr), ("mrnet", mrnet)]:
        for directed in (False, True):
            S = infer_network(X, network=name, method="auto", directed=directed)
            np.testing.assert_array_equal(S, algorithm(M, directed=directed))
        # directed by default: r -> t is scored in the target's context
        S = infer_network(X, network=name, method="auto")
        np.testing.assert_array_equal(S, algorithm(M, directed=True))
    with pytest.raises(ValueError, match="directed"):
        infer_network(X, network="aracne", directed=True)
    S = infer_network(X, network="aracne", method="auto", eps=0.0)
    assert S[0, 2] == 0.0 and S[0, 1] > 0 and S[1, 2] > 0
    T = infer_network(X, network="relevance", method="auto", threshold=0.1, mi_options={"base": 2})
    np.testing.assert_array_equal(T, relevance_network(fm.pairwise_mi(X, base=2), threshold=0.1))


def test_infer_network_ksg_clips_negatives(rng):
    X = rng.normal(size=(100, 5))  # independent: some KSG estimates are < 0
    S = infer_network(X, network="relevance", method="ksg", random_state=0)
    M = fm.pairwise_mi(X, method="ksg", random_state=0)
    off = ~np.eye(5, dtype=bool)
    assert (M[off] < 0).any()
    np.testing.assert_array_equal(S[off], np.maximum(M[off], 0.0))


BAD_MATRICES = [
    (np.zeros((3, 4)), "square matrix"),
    (np.zeros(3), "square matrix"),
    (np.zeros((1, 1)), "square matrix"),
    (np.array([[0, 1, 2], [1, 0, 1], [3, 1, 0.0]]), "not symmetric"),
    (np.array([[0, np.nan], [np.nan, 0]]), "NaN"),
    (np.array([[0, np.inf], [np.inf, 0]]), "infinite"),
    (np.array([["a", "b"], ["b", "a"]]), "numeric matrix"),
]


@pytest.mark.parametrize("algorithm", [*ALGORITHMS, edge_list])
@pytest.mark.parametrize(("M", "match"), BAD_MATRICES)
def test_bad_matrices(algorithm, M, match):
    with pytest.raises((ValueError, TypeError), match=match):
        algorithm(M)


def test_negative_scores_refused_by_edge_list():
    with pytest.raises(ValueError, match="2 negative entries"):
        edge_list(np.array([[0, -0.1], [-0.1, 0]]))


def test_aracne_clips_negative_estimates():
    # KSG and bias-corrected estimates dip below 0: no information, no edge
    M = np.array([[0, -0.1, 0.5], [-0.1, 0, 0.4], [0.5, 0.4, 0]])
    np.testing.assert_array_equal(aracne(M), np.maximum(M, 0))


def test_parameter_errors(rng):
    M = _random_mi(rng, 4)
    with pytest.raises(ValueError, match="'eps' parameter of aracne"):
        aracne(M, eps=-1)
    with pytest.raises(ValueError, match="'threshold' parameter of relevance_network"):
        relevance_network(M, threshold=np.nan)
    with pytest.raises(ValueError, match="'names' parameter of edge_list needs 4 names"):
        edge_list(M, names="ab")
    with pytest.raises(ValueError, match="'top' parameter of edge_list"):
        edge_list(M, top=-1)
    X = rng.integers(0, 2, size=(20, 3))
    with pytest.raises(ValueError, match="'network' parameter of infer_network"):
        infer_network(X, network="genie3")
    with pytest.raises(ValueError, match="'eps' parameter of infer_network"):
        infer_network(X, network="clr", eps=0.1)
    with pytest.raises(ValueError, match="'threshold' parameter of infer_network"):
        infer_network(X, network="clr", threshold=0.1)


def test_gold_standard_errors(rng):
    M = _random_mi(rng, 4)
    with pytest.raises(ValueError, match=r"gold standard of auroc must have the shape"):
        auroc(M, np.zeros((3, 3)))
    with pytest.raises(ValueError, match="only 0/1"):
        aupr(M, np.full((4, 4), 2))
    with pytest.raises(ValueError, match="only one class"):
        auroc(M, np.zeros((4, 4)))
    with pytest.raises(ValueError, match="only one class"):
        aupr(M, np.ones((4, 4)))
