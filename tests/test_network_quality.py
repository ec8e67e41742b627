"""Network quality: CLR, MRNET(B), relevance, rank combination, directed scores, the simulator."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse.csgraph import connected_components
from sklearn.metrics import average_precision_score

import fastmi as fm
from fastmi import reference as ref
from fastmi.network import (
    clr,
    combine_rankings,
    ensemble,
    mrnet,
    mrnetb,
    relevance_network,
    simulate_expression,
)


# ------------------------------------------------------------------ simulator
def test_simulator_shape_names_and_determinism():
    X, gold = simulate_expression(30, 40, random_state=5)
    assert X.shape == (40, 30) and gold.shape == (30, 30) and gold.dtype == bool
    assert list(X.columns) == [f"G{j}" for j in range(1, 31)]
    X2, gold2 = simulate_expression(30, 40, random_state=5)
    np.testing.assert_array_equal(X.to_numpy(), X2.to_numpy())
    np.testing.assert_array_equal(gold, gold2)
    X3, _ = simulate_expression(30, 40, random_state=6)
    assert not np.array_equal(X.to_numpy(), X3.to_numpy())


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_simulator_network_is_sparse_acyclic_with_hubs(seed):
    X, gold = simulate_expression(100, 100, random_state=seed)
    assert not gold.diagonal().any()
    n_strong, _ = connected_components(gold, directed=True, connection="strong")
    assert n_strong == 100  # no cycle
    out_degree = gold.sum(axis=1)
    assert (out_degree > 0).sum() <= 25  # a quarter of the genes at most regulate
    assert out_degree.max() >= 4 * gold.sum() / (out_degree > 0).sum() / 2  # skewed
    assert 1.0 <= gold.sum() / 100 <= 3.0
    values = X.to_numpy()
    assert (values >= 0).all() and np.allclose(values.max(axis=0), 1.0)


def test_simulator_regulation_is_visible():
    # A regulated gene depends on its regulators more than on unrelated genes.
    X, gold = simulate_expression(50, 300, noise=0.0, random_state=0)
    rho = np.abs(np.corrcoef(X.to_numpy(), rowvar=False))
    np.fill_diagonal(rho, 0)
    assert rho[gold].mean() > 2 * rho[~gold & ~gold.T & ~np.eye(50, dtype=bool)].mean()


def test_simulator_parameter_errors():
    with pytest.raises(ValueError, match="n_genes"):
        simulate_expression(1)
    with pytest.raises(ValueError, match="density"):
        simulate_expression(10, density=0)
    with pytest.raises(ValueError, match="n_regulators"):
        simulate_expression(10, n_regulators=10)


# ------------------------------------------------------------------ helpers
def _random_mi(seed, p, dtype=np.float64):
    """A symmetric MI-like matrix with a few negative estimates and a NaN
    diagonal, as pairwise_mi(method="ksg") returns."""
    r = np.random.default_rng(seed)
    M = r.gamma(0.5, 0.2, (p, p)) - 0.02
    M = (M + M.T) / 2
    np.fill_diagonal(M, np.nan)
    return M.astype(dtype)


def _clean(M):
    """What the algorithms see: negatives clipped, zero diagonal."""
    C = np.maximum(np.nan_to_num(np.asarray(M, dtype=np.float64)), 0.0)
    np.fill_diagonal(C, 0.0)
    return C


SYMMETRIC_AND_DIRECTED = [clr, mrnet, mrnetb, ensemble]
ALL = [relevance_network, *SYMMETRIC_AND_DIRECTED]


# ------------------------------------------------------------------ CLR
@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("seed", range(3))
def test_clr_matches_double_loop(seed, directed):
    M = _random_mi(seed, 9)
    expected = ref.clr_scores(_clean(M), directed=directed)
    np.testing.assert_allclose(clr(M, directed=directed), expected, rtol=1e-12, atol=1e-12)


def test_clr_float32_in_float32_out_and_no_copy_of_the_input():
    M = _random_mi(4, 30, np.float32)
    before = M.copy()
    S = clr(M, n_jobs=2)
    assert S.dtype == np.float32
    np.testing.assert_array_equal(M, before)  # the input is read, never clipped in place
    np.testing.assert_allclose(S, ref.clr_scores(_clean(M)), rtol=2e-5, atol=2e-5)


def test_clr_threads_and_tiles_do_not_change_the_result(monkeypatch):
    from fastmi.network import _clr

    M = _random_mi(5, 40)
    one = clr(M, n_jobs=1)
    monkeypatch.setattr(_clr, "_TASK_ENTRIES", 50)  # many small tasks
    np.testing.assert_array_equal(clr(M, n_jobs=2), one)


def test_clr_accepts_pairwise_mi_output():
    X = np.random.default_rng(0).normal(size=(60, 6))
    for method in ("ksg", "copula"):
        M = fm.pairwise_mi(X, method=method, random_state=0)
        np.testing.assert_allclose(clr(M), ref.clr_scores(_clean(M)), rtol=1e-12, atol=1e-12)


# ------------------------------------------------------------------ MRNET, MRNETB
@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("seed", range(3))
def test_mrnet_matches_reference(seed, directed):
    M = _random_mi(seed, 8)
    expected = ref.mrnet_scores(_clean(M), directed=directed)
    np.testing.assert_allclose(mrnet(M, directed=directed), expected, rtol=1e-12, atol=1e-12)


def test_mrnetb_chain_by_hand():
    # A-B-C chain. Target A keeps B only (C: 0.3 - 0.6 < 0), target B keeps both
    # (A: 0.8 - 0.3, C: 0.6 - 0.3), target C keeps B only.
    M = np.array([[0.0, 0.8, 0.3], [0.8, 0.0, 0.6], [0.3, 0.6, 0.0]])
    np.testing.assert_allclose(
        mrnetb(M, directed=True), [[0, 0.5, 0], [0.8, 0, 0.6], [0, 0.3, 0]], atol=1e-15
    )
    np.testing.assert_allclose(mrnetb(M), [[0, 0.8, 0], [0.8, 0, 0.6], [0, 0.6, 0]], atol=1e-15)


def test_mrnetb_keeps_everything_without_redundancy():
    # independent candidates (no MI between them): nothing is eliminated
    M = np.zeros((4, 4))
    M[0, 1:] = M[1:, 0] = [0.5, 0.3, 0.1]
    np.testing.assert_allclose(mrnetb(M, directed=True)[1:, 0], [0.5, 0.3, 0.1])


def test_mrnetb_matches_brute_force_including_swaps():
    swaps = []
    for seed in range(6):
        M = _random_mi(seed, 8)
        for directed in (False, True):
            expected = ref.mrnetb_scores(_clean(M), directed=directed, swaps=swaps)
            got = mrnetb(M, directed=directed)
            np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-12)
    assert sum(swaps) > 0  # sequential replacement was exercised


@pytest.mark.parametrize("algorithm", [mrnet, mrnetb])
def test_regulator_restriction_limits_the_candidates(algorithm):
    M = _random_mi(7, 8)
    tfs = [5, 1, 3]
    reference = ref.mrnet_scores if algorithm is mrnet else ref.mrnetb_scores
    for directed in (False, True):
        full = reference(_clean(M), directed=directed, candidates=sorted(tfs))
        np.testing.assert_allclose(algorithm(M, tfs=tfs, directed=directed), full[tfs], atol=1e-12)


# ------------------------------------------------------------------ every algorithm
@pytest.mark.parametrize("algorithm", ALL)
def test_tfs_rows_names_and_self_edges(algorithm):
    import pandas as pd

    M = _random_mi(8, 6)
    names = list("abcdef")
    S = algorithm(pd.DataFrame(M, index=names, columns=names), tfs=["e", "b"])
    assert list(S.index) == ["e", "b"] and list(S.columns) == names
    assert S.loc["e", "e"] == 0 and S.loc["b", "b"] == 0
    np.testing.assert_array_equal(S.to_numpy(), algorithm(M, tfs=[4, 1]))
    if algorithm is clr or algorithm is relevance_network:  # rows of the full network
        np.testing.assert_array_equal(S.to_numpy(), algorithm(M)[[4, 1]] * (1 - np.eye(6)[[4, 1]]))


@pytest.mark.parametrize("algorithm", SYMMETRIC_AND_DIRECTED)
def test_symmetric_unless_directed(algorithm):
    M = _random_mi(9, 7)
    S = algorithm(M)
    np.testing.assert_array_equal(S, S.T)
    D = algorithm(M, directed=True)
    assert not np.array_equal(D, D.T)
    assert (np.diag(D) == 0).all() and (D >= 0).all()


def test_directed_scores_point_away_from_a_hub():
    # gene 0 regulates 1..5; each target also shares weak MI with the others
    M = np.full((6, 6), 0.05)
    M[0, 1:] = M[1:, 0] = [0.5, 0.45, 0.4, 0.35, 0.3]
    np.fill_diagonal(M, 0.0)
    for algorithm in (clr, ensemble):
        D = algorithm(M, directed=True)
        assert (D[0, 1:] > D[1:, 0]).all(), algorithm.__name__
    # MRNET: the hub and its strongest target pick each other first (a tie)
    D = mrnet(M, directed=True)
    assert (D[0, 2:] > D[2:, 0]).all() and D[0, 1] == D[1, 0]


@pytest.mark.parametrize("algorithm", ALL)
def test_bad_inputs_are_named(algorithm):
    M = _random_mi(1, 4)
    inf = M.copy()
    inf[1, 2] = inf[2, 1] = np.inf
    with pytest.raises(ValueError, match=r"infinite entries off the diagonal \(e.g. at \[1, 2\]\)"):
        algorithm(inf)
    skew = np.nan_to_num(M)
    skew[0, 3] += 0.1
    with pytest.raises(ValueError, match=r"not symmetric .*\[0, 3\]"):
        algorithm(skew)
    with pytest.raises(ValueError, match=r"TF column indexes must be in \[0, 3\] in .*; got \[4\]"):
        algorithm(M, tfs=[0, 4])
    with pytest.raises(ValueError, match=r"TF column indexes must be in \[0, 3\]"):
        algorithm(inf, tfs=[9])  # parameters are checked before the matrix
    with pytest.raises(ValueError, match="the data has no gene names"):
        algorithm(M, tfs=["a"])
    with pytest.raises(ValueError, match=r"must be distinct; repeated: 1"):
        algorithm(M, tfs=[1, 2, 1])
    with pytest.raises(ValueError, match="'tfs' parameter"):
        algorithm(M, tfs="G1")


def test_unknown_tf_names_are_listed():
    import pandas as pd

    M = pd.DataFrame(_random_mi(2, 3), index=list("abc"), columns=list("abc"))
    with pytest.raises(ValueError, match=r"2 TFs are not genes of the data in clr: 'x', 'y'"):
        clr(M, tfs=["a", "x", "y"])


# ------------------------------------------------------------------ combine_rankings
networks = st.integers(0, 2**32 - 1).map(
    lambda seed: np.random.default_rng(seed).integers(0, 4, (5, 5)).astype(float)
)


@settings(max_examples=40, deadline=None)
@given(st.lists(networks, min_size=1, max_size=4))
def test_combine_rankings_matches_plain_mean_rank(nets):
    np.testing.assert_allclose(combine_rankings(*nets), ref.mean_rank(*nets), atol=1e-15)


@settings(max_examples=40, deadline=None)
@given(st.lists(networks, min_size=2, max_size=4), st.randoms(use_true_random=False))
def test_combine_rankings_properties(nets, random):
    combined = combine_rankings(*nets)
    assert ((combined >= 0) & (combined <= 1)).all()
    shuffled = list(nets)
    random.shuffle(shuffled)
    np.testing.assert_allclose(combine_rankings(*shuffled), combined, atol=1e-15)
    # ranks only: a strictly increasing map of any network changes nothing
    np.testing.assert_allclose(
        combine_rankings(np.exp(nets[0]) - 1, *nets[1:]), combined, atol=1e-15
    )
    # one network: its order is kept
    single = combine_rankings(nets[0])
    flat, order = nets[0].ravel(), single.ravel()
    assert ((flat[:, None] < flat[None, :]) <= (order[:, None] < order[None, :])).all()


def test_combine_rankings_labels_and_errors():
    import pandas as pd

    A = pd.DataFrame(np.eye(2), index=["a", "b"], columns=["a", "b"])
    assert list(combine_rankings(A, A).index) == ["a", "b"]
    with pytest.raises(ValueError, match="other gene labels"):
        combine_rankings(A, A.rename(index={"a": "z"}))
    with pytest.raises(ValueError, match="share one shape"):
        combine_rankings(np.eye(2), np.eye(3))
    with pytest.raises(TypeError, match="at least one network"):
        combine_rankings()
    with pytest.raises(ValueError, match="'method' parameter"):
        combine_rankings(np.eye(2), method="median")
    with pytest.raises(ValueError, match="NaN"):
        combine_rankings(np.full((2, 2), np.nan))


def test_ensemble_is_the_mean_rank_of_its_algorithms():
    M = _random_mi(3, 7)
    for directed in (False, True):
        expected = combine_rankings(clr(M, directed=directed), mrnet(M, directed=directed))
        np.testing.assert_array_equal(ensemble(M, directed=directed), expected)
    with pytest.raises(ValueError, match="'algorithms' parameter"):
        ensemble(M, algorithms=("clr", "genie3"))


# ------------------------------------------------------------------ quality
def _directed_aupr(S, gold):
    off = ~np.eye(gold.shape[0], dtype=bool)
    return average_precision_score(gold[off], np.asarray(S)[off])


def test_default_pipeline_beats_spearman_relevance_on_simulated_networks():
    # the pipeline ci/grn_quality.py picks: copula MI, directed ensemble of CLR and MRNET
    from scipy.stats import spearmanr

    gains, directed_gains = [], []
    for seed in (11, 12, 13):
        X, gold = simulate_expression(60, 80, random_state=seed)
        M = fm.pairwise_mi(X.to_numpy(), method="copula")
        best = _directed_aupr(ensemble(M, directed=True), gold)
        gains.append(best / _directed_aupr(np.abs(spearmanr(X).statistic), gold))
        directed_gains.append(best / _directed_aupr(ensemble(M), gold))
    assert min(gains) > 1.4, gains
    assert min(directed_gains) > 1.1, directed_gains


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_matrix_check_finds_faults_in_any_block(n_jobs):
    # p spans several check blocks; faults sit below the diagonal, far from row 0
    M = np.nan_to_num(_random_mi(3, 150, np.float32))
    clr(M, n_jobs=n_jobs)  # float32 rounding is not asymmetry
    bad = M.copy()
    bad[140, 70] = np.nan
    with pytest.raises(ValueError, match=r"NaN entries off the diagonal \(e.g. at \[140, 70\]\)"):
        clr(bad, n_jobs=n_jobs)
    bad = M.copy()
    bad[149, 3] *= 1.01
    with pytest.raises(ValueError, match=r"not symmetric in clr \(entries \[3, 149\]"):
        clr(bad, n_jobs=n_jobs)
    diagonal = M.copy()
    diagonal[77, 77] = np.inf  # the diagonal is never read
    np.testing.assert_array_equal(clr(diagonal, n_jobs=n_jobs), clr(M, n_jobs=n_jobs))
