"""ARACNE as users know it: tolerances, regulators, the MI null, bootstrap consensus."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fastmi as fm
from fastmi import reference as ref
from fastmi.network import (
    TFBlock,
    aracne,
    aracne_bootstrap,
    infer_network,
    mi_threshold,
)


def _mi_like(rng, p, levels=0, zeros=0.0):
    """A symmetric matrix with a NaN diagonal and some negative entries, as
    pairwise_mi(method="ksg") gives; ``levels`` rounds it to force ties."""
    M = rng.random((p, p)) - 0.05
    if levels:
        M = np.round(M * levels) / levels
    M[rng.random((p, p)) < zeros] = 0.0
    M = np.maximum(M, M.T)
    np.fill_diagonal(M, np.nan)
    return M


def _clean(M):
    C = np.maximum(np.nan_to_num(M, nan=0.0), 0.0)
    np.fill_diagonal(C, 0.0)
    return C


# ------------------------------------------------------------- the DPI itself
@settings(max_examples=40, deadline=None)
@given(
    p=st.integers(2, 20),
    levels=st.sampled_from([0, 3, 10]),
    zeros=st.floats(0.0, 0.8),
    eps=st.sampled_from([0.0, 0.05]),
    tolerance=st.sampled_from([0.0, 0.1, 0.5]),
    n_tfs=st.integers(0, 20),
    float32=st.booleans(),
    n_jobs=st.sampled_from([1, 2]),
    seed=st.integers(0, 2**32 - 1),
)
def test_matches_the_triple_loop(p, levels, zeros, eps, tolerance, n_tfs, float32, n_jobs, seed):
    # all genes (n_tfs = 0) or a random regulator subset, in a random order
    r = np.random.default_rng(seed)
    M = _mi_like(r, p, levels, zeros)
    if float32:
        M = M.astype(np.float32)
    tfs = None if n_tfs == 0 else r.permutation(p)[: min(n_tfs, p)]
    S = aracne(M, tfs=tfs, eps=eps, tolerance=tolerance, n_jobs=n_jobs)
    expected = ref.aracne_scores(_clean(M), eps, tolerance, tfs)
    assert S.dtype == M.dtype
    np.testing.assert_array_equal(S, expected.astype(M.dtype))


def test_tolerance_and_eps_by_hand():
    # chain A-B-C: the edge A-C (0.3) is 50% of the next weakest (0.6)
    M = np.array([[0.0, 0.8, 0.3], [0.8, 0.0, 0.6], [0.3, 0.6, 0.0]])
    assert aracne(M, tolerance=0.49)[0, 2] == 0.0
    assert aracne(M, tolerance=0.51)[0, 2] == 0.3
    assert aracne(M, eps=0.29)[0, 2] == 0.0
    assert aracne(M, eps=0.31)[0, 2] == 0.3
    # both: pruned when 0.3 < 0.9 * 0.6 - 0.2 = 0.34
    assert aracne(M, tolerance=0.1, eps=0.2)[0, 2] == 0.0
    assert aracne(M, tolerance=0.1, eps=0.25)[0, 2] == 0.3


def test_regulator_triplets_only():
    # TF 0 -> gene 2 is weaker than 0 -> 1 and 1 -> 2, but gene 1 is no TF:
    # with tfs=[0] nothing can prune it; with tfs=[0, 1] TF 1 does.
    M = np.array([[0.0, 0.8, 0.3], [0.8, 0.0, 0.6], [0.3, 0.6, 0.0]])
    np.testing.assert_array_equal(aracne(M, tfs=[0]), [[0.0, 0.8, 0.3]])
    np.testing.assert_array_equal(aracne(M, tfs=[1, 0]), [[0.8, 0.0, 0.6], [0.0, 0.8, 0.0]])


def test_threshold_removes_edges_before_the_dpi():
    # below the threshold, 0.6 cannot prune 0.3 any more: 0.3 is kept only
    # if it passes the threshold itself, so with 0.65 only 0.8 remains
    M = np.array([[0.0, 0.8, 0.3], [0.8, 0.0, 0.6], [0.3, 0.6, 0.0]])
    np.testing.assert_array_equal(aracne(M, threshold=0.65), [[0, 0.8, 0], [0.8, 0, 0], [0, 0, 0]])
    # 0.2 < 0.3: threshold has no effect on the DPI here
    np.testing.assert_array_equal(aracne(M, threshold=0.2), aracne(M))
    K = np.array([[0.0, 0.8, 0.3], [0.8, 0.0, 0.25], [0.3, 0.25, 0.0]])
    # 0.25 is pruned by the DPI; below the threshold 0.28 it cannot prune 0.3
    assert aracne(K)[0, 2] == 0.3 and aracne(K, threshold=0.28)[0, 2] == 0.3


def test_tfblock_equals_the_matrix_with_tfs():
    r = np.random.default_rng(3)
    M = _mi_like(r, 12)
    tfs = np.array([7, 2, 9])
    block = M[tfs].copy()
    np.testing.assert_array_equal(aracne(TFBlock(block, tfs)), aracne(M, tfs=tfs))


def test_works_in_place_on_float32_when_handed_over():
    r = np.random.default_rng(4)
    M = _clean(_mi_like(r, 30)).astype(np.float32)
    expected = aracne(M)
    assert not np.array_equal(M, expected)  # copy=True left M alone
    S = aracne(M, copy=False)
    assert np.shares_memory(S, M) and S.dtype == np.float32
    np.testing.assert_array_equal(S, expected)
    block = M[[3, 5]].copy()
    S = aracne(TFBlock(block, [3, 5]), copy=False)
    assert np.shares_memory(S, block)


def test_labelled_input_and_tf_names():
    import pandas as pd

    names = ["a", "b", "c", "d"]
    M = pd.DataFrame(_mi_like(np.random.default_rng(5), 4), index=names, columns=names)
    S = aracne(M, tfs=["c", "a"])
    assert list(S.index) == ["c", "a"] and list(S.columns) == names
    np.testing.assert_array_equal(S.to_numpy(), aracne(M.to_numpy(), tfs=[2, 0]))
    # integer indexes work on labelled data too
    np.testing.assert_array_equal(aracne(M, tfs=[2, 0]).to_numpy(), S.to_numpy())


# ---------------------------------------------------------------- bad input
BAD = [
    (dict(mi=np.array([[0, np.inf], [np.inf, 0]])), ValueError, "2 infinite.*cap it"),
    (dict(mi=np.array([[0, 1, np.nan], [1, 0, 1], [np.nan, 1, 0]])), ValueError, "2 NaN"),
    (dict(mi=np.zeros((2, 3))), ValueError, "square matrix"),
    (dict(mi=np.zeros((3, 3)), tfs=[0, 5]), ValueError, r"in \[0, 2\].*\[5\]"),
    (dict(mi=np.zeros((3, 3)), tfs=[0, 1, 0]), ValueError, "distinct; repeated: 0"),
    (dict(mi=np.zeros((3, 3)), tfs=["x"]), ValueError, "no gene names"),
    (dict(mi=np.zeros((3, 3)), tfs=[]), ValueError, "non-empty"),
    (dict(mi=TFBlock(np.zeros((2, 3)), [0, 1]), tfs=[0]), ValueError, "must be None"),
    (dict(mi=TFBlock(np.zeros((2, 3)), [0])), ValueError, "one integer column index per row"),
    (dict(mi=TFBlock(np.zeros((2, 3)), [0, 3])), ValueError, r"in \[0, 2\]"),
    (dict(mi=TFBlock(np.array([[0, np.inf, 0.1]]), [0])), ValueError, "1 infinite"),
    (dict(mi=np.zeros((3, 3)), tolerance=1.0), ValueError, "'tolerance' parameter of aracne"),
    (dict(mi=np.zeros((3, 3)), threshold=-1), ValueError, "'threshold' parameter of aracne"),
    (dict(mi=np.zeros((3, 3)), copy="no"), ValueError, "'copy' parameter of aracne"),
]


@pytest.mark.parametrize(("kwargs", "error", "match"), BAD)
def test_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        aracne(**kwargs)


def test_unknown_and_duplicate_tf_names():
    import pandas as pd

    M = pd.DataFrame(np.zeros((3, 3)), index=list("abc"), columns=list("abc"))
    with pytest.raises(ValueError, match="2 TFs are not genes of the data in aracne: 'x', 'y'"):
        aracne(M, tfs=["a", "x", "y"])
    with pytest.raises(ValueError, match="distinct; repeated: 'b'"):
        aracne(M, tfs=["b", "c", "b"])


def test_negative_estimates_are_clipped_and_the_diagonal_ignored():
    M = np.array([[np.nan, -0.1, 0.5], [-0.1, 7.0, 0.4], [0.5, 0.4, np.nan]])
    np.testing.assert_array_equal(aracne(M), [[0, 0, 0.5], [0, 0, 0.4], [0.5, 0.4, 0]])


# ------------------------------------------------------------ infer_network
def _chain(rng, n=300):
    a = rng.integers(0, 3, size=n)
    b = (a + (rng.random(n) < 0.2)) % 3
    c = (b + (rng.random(n) < 0.2)) % 3
    return np.column_stack([a, b, c, rng.integers(0, 3, size=n)])


def test_infer_network_with_tfs_computes_only_the_tf_rows():
    X = _chain(np.random.default_rng(6))
    S = infer_network(X, network="aracne", method="auto", tfs=[2, 1])
    assert S.shape == (2, 4)
    # counting MI is exact, so the TF rows equal those of the full matrix
    np.testing.assert_array_equal(S, aracne(fm.pairwise_mi(X), tfs=[2, 1]))


def test_infer_network_labelled_with_tf_names_and_progress():
    import pandas as pd

    X = pd.DataFrame(_chain(np.random.default_rng(7)), columns=list("wxyz"))
    seen = []
    S = infer_network(X, network="aracne", tfs=["y"], progress=lambda *a: seen.append(a), n_jobs=2)
    assert list(S.index) == ["y"] and list(S.columns) == list("wxyz")
    phases = [phase for phase, _, _ in seen]
    assert phases[0] == "mi" and phases[-1] == "network" and seen[-1] == ("network", 1, 1)


def test_infer_network_pvalue_sets_the_threshold():
    rng = np.random.default_rng(8)
    X = rng.normal(size=(100, 6))
    S = infer_network(X, network="aracne", method="copula", pvalue=0.001, random_state=1)
    threshold = mi_threshold(X, 0.001, random_state=np.random.default_rng(1))
    expected = aracne(fm.pairwise_mi(X, method="copula"), threshold=threshold)
    np.testing.assert_array_equal(S, expected)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (dict(network="clr", tolerance=0.1), "'tolerance' parameter of infer_network"),
        (dict(network="clr", bootstraps=3), "None unless network is 'aracne'"),
        (dict(network="mrnet", pvalue=0.01), "'aracne' or 'relevance'"),
        (dict(network="aracne", pvalue=0.0), "'pvalue' parameter of infer_network"),
        (dict(network="aracne", pvalue=0.1, threshold=0.1), "either 'threshold' or"),
        (dict(network="aracne", bootstraps=0), "'bootstraps' parameter of infer_network"),
        (dict(network="aracne", progress=3), "progress"),
    ],
)
def test_infer_network_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        infer_network(np.zeros((10, 3)), **kwargs)


# ------------------------------------------------------------- the MI null
def test_threshold_false_positive_rate_on_independent_data():
    # independent genes: about pvalue of the pairs pass the threshold
    rng = np.random.default_rng(9)
    X = rng.normal(size=(100, 80))
    t = mi_threshold(X, 0.05, n_permutations=20_000, random_state=0)
    M = fm.pairwise_mi(X, method="copula")
    rate = np.mean(M[np.triu_indices(80, 1)] > t)
    assert 0.03 < rate < 0.07  # 3160 pairs: sd 0.004 around 0.05


@pytest.mark.slow
def test_tail_extrapolation_false_positive_rate():
    # pvalue 1e-3 from 1e4 draws lies beyond the 1% tail: extrapolated
    rng = np.random.default_rng(10)
    X = rng.normal(size=(60, 400))
    t = mi_threshold(X, 1e-3, n_permutations=10_000, random_state=0)
    M = fm.pairwise_mi(X, method="copula")
    passed = np.sum(M[np.triu_indices(400, 1)] > t)
    assert 40 <= passed <= 180  # 79,800 pairs: 80 expected (Poisson sd 9; fit error)


def test_threshold_is_seeded_and_grows_as_pvalue_falls():
    X = np.random.default_rng(11).normal(size=(50, 10))
    a = mi_threshold(X, 0.01, n_permutations=2000, random_state=3)
    assert a == mi_threshold(X, 0.01, n_permutations=2000, random_state=3)
    assert a < mi_threshold(X, 1e-4, n_permutations=2000, random_state=3)
    with pytest.raises(ValueError, match="'n_permutations' parameter of mi_threshold"):
        mi_threshold(X, 0.01, n_permutations=10)


# ---------------------------------------------------------- bootstrap consensus
def _hub_data(seed, n=120):
    rng = np.random.default_rng(seed)
    hub = rng.normal(size=n)
    targets = np.tanh(hub[:, None] * [1.0, 2.0, -1.5]) + 0.4 * rng.normal(size=(n, 3))
    return np.column_stack([hub, targets, rng.normal(size=(n, 4))])


def test_bootstrap_is_seeded_and_thread_count_independent():
    X = _hub_data(12)
    one = aracne_bootstrap(X, bootstraps=8, tfs=[0, 4], random_state=5, n_jobs=1)
    two = aracne_bootstrap(X, bootstraps=8, tfs=[0, 4], random_state=5, n_jobs=2)
    for a, b in zip(one, two, strict=True):
        np.testing.assert_array_equal(a, b)
    other = aracne_bootstrap(X, bootstraps=8, tfs=[0, 4], random_state=6, n_jobs=1)
    assert not np.array_equal(one.scores, other.scores)


def test_bootstrap_keeps_the_recurrent_edges():
    X = _hub_data(13)
    result = aracne_bootstrap(X, bootstraps=20, random_state=0)
    assert result.counts.shape == (8, 8) and (result.counts <= 20).all()
    np.testing.assert_array_equal(result.counts, result.counts.T)
    kept = result.scores > 0
    assert kept[0, 1:4].all() and kept[1:4, 0].all()  # the hub's targets
    # an edge is kept only when it is frequent, and p-values fall as counts grow
    assert result.counts[kept].min() > result.counts[~kept].max() or not kept[4:, 4:].any()
    order = np.argsort(result.counts, axis=None)
    assert np.all(np.diff(result.pvalues.ravel()[order]) <= 0)


def test_infer_network_bootstraps_equal_aracne_bootstrap():
    X = _hub_data(14)
    S = infer_network(X, network="aracne", method="copula", bootstraps=4, random_state=2)
    expected = aracne_bootstrap(X, bootstraps=4, random_state=np.random.default_rng(2))
    np.testing.assert_array_equal(S, expected.scores)


def test_the_two_estimates_of_a_tf_pair_are_averaged():
    # TFs 0 and 2: M(0, 2) = 0.4 as row 0, 0.6 as row 2 (as KSG's jitter may give)
    block = np.array([[0.0, 0.1, 0.4], [0.6, 0.2, 0.0]])
    S = aracne(TFBlock(block, [0, 2]))
    assert S[0, 2] == S[1, 0] == 0.5


def test_tf_names_need_distinct_gene_names():
    import pandas as pd

    X = pd.DataFrame(np.random.default_rng(15).normal(size=(30, 3)), columns=["a", "b", "a"])
    with pytest.raises(ValueError, match="distinct names to pick TFs by name.*'a'"):
        infer_network(X, network="aracne", method="copula", tfs=["b"])
