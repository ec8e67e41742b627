"""fastmi.KDTree against scipy.spatial.cKDTree and brute force."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial import cKDTree

from fastmi import InvalidParameterError, KDTree
from fastmi.reference import max_norm_distances


def _brute(data, queries, p):
    """Max-norm distances, or squared Euclidean distances."""
    diff = np.abs(queries[:, None, :] - data[None, :, :])
    return diff.max(axis=2) if p == np.inf else (diff * diff).sum(axis=2)


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(1, 300),
    d=st.integers(1, 5),
    leafsize=st.integers(1, 20),
    seed=st.integers(0, 2**32 - 1),
    p=st.sampled_from([2, np.inf]),
)
def test_query_matches_ckdtree(n, d, leafsize, seed, p):
    rng = np.random.default_rng(seed)
    data = rng.normal(size=(n, d)) * rng.uniform(0.1, 10, size=d)
    queries = rng.normal(size=(30, d))
    k = int(rng.integers(1, min(n, 8) + 1))
    dist, idx = KDTree(data, leafsize=leafsize).query(queries, k=k, p=p)
    ref_dist, ref_idx = cKDTree(data).query(queries, k=k, p=p)
    np.testing.assert_array_equal(idx, ref_idx.reshape(30, k))
    np.testing.assert_allclose(dist, ref_dist.reshape(30, k), rtol=1e-14, atol=0)


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(1, 300),
    d=st.integers(1, 4),
    leafsize=st.integers(1, 20),
    seed=st.integers(0, 2**32 - 1),
    p=st.sampled_from([2, np.inf]),
)
def test_ball_counts_match_brute_force_and_ckdtree(n, d, leafsize, seed, p):
    rng = np.random.default_rng(seed)
    data = rng.normal(size=(n, d))
    queries = np.vstack([rng.normal(size=(20, d)), data[:10]])
    dist = _brute(data, queries, p)
    dist = dist if p == np.inf else np.sqrt(dist)
    # Radii equal to actual distances exercise the strict/inclusive boundary.
    radii = np.concatenate(
        [rng.uniform(0, 2, size=20), [np.sort(row)[min(3, n - 1)] for row in dist[20:]]]
    )
    tree = KDTree(data, leafsize=leafsize)
    inclusive = tree.query_ball_point(queries, radii, p=p)
    strict = tree.query_ball_point(queries, radii, p=p, strict=True)
    # Euclidean distances are compared squared (as scipy does): r**2 vs sum of squares.
    cmp = _brute(data, queries, p)
    bound = radii[:, None] if p == np.inf else radii[:, None] ** 2
    np.testing.assert_array_equal(inclusive, (cmp <= bound).sum(axis=1))
    np.testing.assert_array_equal(strict, (cmp < bound).sum(axis=1))
    ref = cKDTree(data).query_ball_point(queries, radii, p=p, return_length=True)
    np.testing.assert_array_equal(inclusive, ref)


def test_ball_point_lists_and_max_norm_matches_reference():
    rng = np.random.default_rng(0)
    data = rng.normal(size=(200, 2))
    tree = KDTree(data)
    lists = tree.query_ball_point(data[:5], 0.3, p=np.inf, return_length=False)
    dist = max_norm_distances(data)[:5]
    for row, found in zip(dist, lists, strict=True):
        np.testing.assert_array_equal(found, np.flatnonzero(row <= 0.3))


def test_one_d_input_and_duplicates():
    tree = KDTree(np.array([0.0, 0.0, 1.0, 3.0]))
    dist, idx = tree.query([0.2], k=3, p=np.inf)
    assert sorted(idx[0][:2].tolist()) == [0, 1]
    np.testing.assert_allclose(dist[0], [0.2, 0.2, 0.8])
    assert tree.query_ball_point([0.0], 0.0, p=np.inf).tolist() == [2]
    assert tree.query_ball_point([0.0], 0.0, p=np.inf, strict=True).tolist() == [0]


def test_results_do_not_depend_on_threads():
    rng = np.random.default_rng(1)
    data = rng.normal(size=(5000, 3))
    tree = KDTree(data)
    one = tree.query(data, k=4, p=np.inf, n_jobs=1)
    two = tree.query(data, k=4, p=np.inf, n_jobs=2)
    np.testing.assert_array_equal(one[0], two[0])
    np.testing.assert_array_equal(one[1], two[1])
    radii = one[0][:, -1]
    np.testing.assert_array_equal(
        tree.query_ball_point(data, radii, p=np.inf, n_jobs=1),
        tree.query_ball_point(data, radii, p=np.inf, n_jobs=2),
    )


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: KDTree(np.array([[np.nan, 1.0]])), ValueError, "data contains 1 NaN"),
        (lambda: KDTree(np.zeros((2, 2, 2))), ValueError, "data must be 1-D or 2-D"),
        (lambda: KDTree(np.zeros((0, 2))), ValueError, "data is empty"),
        (lambda: KDTree(np.zeros((3, 1)), leafsize=0), InvalidParameterError, "'leafsize'"),
        (lambda: KDTree(np.array(["a", "b"])), TypeError, "data must be numeric"),
        (lambda: KDTree(np.zeros((3, 1))).query([[0.0]], k=0), InvalidParameterError, "'k'"),
        (lambda: KDTree(np.zeros((3, 1))).query([[0.0]], k=4), InvalidParameterError, r"\[1, 3\]"),
        (lambda: KDTree(np.zeros((3, 1))).query([[0.0]], p=1), InvalidParameterError, "'p'"),
        (lambda: KDTree(np.zeros((3, 2))).query([[0.0]]), ValueError, "the tree has 2"),
        (lambda: KDTree(np.zeros((3, 1))).query([[np.inf]]), ValueError, "x contains 1 infinite"),
        (
            lambda: KDTree(np.zeros((3, 1))).query_ball_point([[0.0]], -1.0),
            ValueError,
            "must be finite and >= 0",
        ),
        (
            lambda: KDTree(np.zeros((3, 1))).query_ball_point([[0.0], [1.0]], [1.0, 2.0, 3.0]),
            ValueError,
            "one radius per query",
        ),
        (
            lambda: KDTree(np.zeros((3, 1))).query_ball_point([[0.0]], 1.0, strict=1),
            InvalidParameterError,
            "'strict'",
        ),
        (
            lambda: KDTree(np.zeros((3, 1))).query([[0.0]], n_jobs=0),
            InvalidParameterError,
            "n_jobs",
        ),
    ],
)
def test_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()


@pytest.mark.parametrize("exponent", [-1000, -520, 0, 520, 1020])
def test_any_magnitude_gives_the_scaled_answers(exponent):
    # The tree stores its points scaled by a power of two: squared Euclidean
    # distances of values near 1e155 or 1e-170 used to overflow or underflow.
    rng = np.random.default_rng(exponent + 2000)
    data = rng.standard_normal((200, 3))
    scaled = np.ldexp(data, exponent)
    for p in (2, np.inf):
        dist, idx = KDTree(scaled).query(scaled[:20], k=4, p=p)
        dist_ref, idx_ref = KDTree(data).query(data[:20], k=4, p=p)
        np.testing.assert_array_equal(idx, idx_ref)
        np.testing.assert_array_equal(dist, np.ldexp(dist_ref, exponent))
        counts = KDTree(scaled).query_ball_point(scaled, r=np.ldexp(0.5, exponent), p=p)
        np.testing.assert_array_equal(counts, KDTree(data).query_ball_point(data, r=0.5, p=p))


def test_queries_whose_distances_overflow_are_refused():
    tree = KDTree(np.random.default_rng(0).standard_normal((50, 2)) * 1e-100)
    with pytest.raises(ValueError, match=r"query points of KDTree.query are so far"):
        tree.query([[1e100, 0.0]], k=1)
    with pytest.raises(ValueError, match=r"KDTree.query_ball_point .*squared distances overflow"):
        tree.query_ball_point([[1e100, 0.0]], r=1.0)
    # The max-norm has no squares: the same query is answered.
    dist, _ = tree.query([[1e100, 0.0]], k=1, p=np.inf)
    assert dist[0, 0] == pytest.approx(1e100)
