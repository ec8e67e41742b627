"""fastmi.batch: every batch result equals the single-problem function's
(same bits), with the documented jitter rule; checks name the problem."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fastmi as fm
from fastmi import batch as fb
from fastmi._kernels.scaling import pairwise_sum
from fastmi._validation import ConstantColumnWarning


def _loop(single, *stacks, seed=None, **options):
    """The documented loop: one Generator from ``seed``, shared in order."""
    if seed is not None:
        options["random_state"] = np.random.default_rng(seed)
    return np.array([single(*problem, **options) for problem in zip(*stacks, strict=True)])


def _pairs(seed, B=12, n=40, d=1):
    rng = np.random.default_rng(seed)
    shape = (B, n) if d == 1 else (B, n, d)
    xs = rng.normal(size=shape) * rng.uniform(0.01, 100, size=(B,) + (1,) * (len(shape) - 1))
    ys = np.tanh(xs if d == 1 else xs.sum(axis=2)) + rng.normal(size=(B, n))
    return xs, ys, rng


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(4, 150), st.sampled_from([1, 2, 3, 5]))
def test_pairwise_sum_is_numpy_mean(seed, n, scale):
    a = np.random.default_rng(seed).normal(size=n) * 10.0**scale
    assert pairwise_sum(a, 0, n) / n == np.mean(a)


def test_pairwise_sum_above_numpy_block():
    a = np.random.default_rng(1).standard_exponential(1000)
    assert pairwise_sum(a, 0, 1000) / 1000 == np.mean(a)


@settings(max_examples=6, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(8, 70), st.integers(1, 4))
def test_ksg_mi_batch_equals_loop(seed, n, k):
    xs, ys, _ = _pairs(seed, B=6, n=n)
    got = fb.ksg_mi_batch(xs, ys, k=k, random_state=seed)
    assert np.array_equal(got, _loop(fm.ksg_mi, xs, ys, seed=seed, k=k))


@pytest.mark.parametrize(
    "options",
    [
        {"algorithm": 2},
        {"standardize": "robust"},
        {"standardize": False, "jitter": 0.0},
        {"clip": True, "base": 2},
    ],
)
def test_ksg_mi_batch_options_equal_loop(options):
    xs, ys, _ = _pairs(3)
    got = fb.ksg_mi_batch(xs, ys, random_state=7, **options)
    assert np.array_equal(got, _loop(fm.ksg_mi, xs, ys, seed=7, **options))


def test_ksg_mi_batch_multivariate_brute_and_tree_agree(monkeypatch):
    xs, ys, _ = _pairs(4, d=2)
    expected = _loop(fm.ksg_mi, xs, ys, seed=1)
    assert np.array_equal(fb.ksg_mi_batch(xs, ys, random_state=1), expected)
    monkeypatch.setattr(fb, "BRUTE_MAX", 0)  # the single function's path per problem,
    monkeypatch.setattr(fb.cont, "BRUTE_MAX", 0)  # by KD-trees
    assert np.array_equal(fb.ksg_mi_batch(xs, ys, random_state=1), expected)


def test_ksg_cmi_batch_continuous_and_discrete_z(monkeypatch):
    xs, ys, rng = _pairs(5)
    zs = xs + rng.normal(size=xs.shape)
    expected = _loop(fm.ksg_cmi, xs, ys, zs, seed=2)
    assert np.array_equal(fb.ksg_cmi_batch(xs, ys, zs, random_state=2), expected)
    monkeypatch.setattr(fb, "BRUTE_MAX", 0)
    monkeypatch.setattr(fb.cont, "BRUTE_MAX", 0)
    assert np.array_equal(fb.ksg_cmi_batch(xs, ys, zs, random_state=2), expected)
    zd = rng.integers(0, 2, size=xs.shape)
    got = fb.ksg_cmi_batch(xs, ys, zd, random_state=2, clip=True)
    assert np.array_equal(got, _loop(fm.ksg_cmi, xs, ys, zd, seed=2, clip=True))


@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.integers(4, 70),
    st.tuples(st.integers(1, 2), st.integers(1, 2), st.integers(1, 2)),
    st.integers(1, 4),
    st.sampled_from([None, 1, 0]),
)
def test_brute_force_neighbours_equal_the_kd_tree(seed, n, dims, k, decimals):
    """Same counts, so the same bits, with ties (rounded values) included."""
    rng = np.random.default_rng(seed)
    x, y, z = (rng.standard_normal((n, d)) for d in dims)
    y += x[:, :1]
    if decimals is not None:
        x, y, z = (np.round(a, decimals) for a in (x, y, z))
    k = min(k, n - 1)
    with pytest.MonkeyPatch.context() as patch:
        brute = fb.cont.ksg_raw(x, y, k, 1), fb.cont.cmi_raw(x, y, z, k)
        patch.setattr(fb.cont, "BRUTE_MAX", 0)
        tree = fb.cont.ksg_raw(x, y, k, 1), fb.cont.cmi_raw(x, y, z, k)
    np.testing.assert_array_equal(brute, tree)  # 1-D x and y: rank bands both times


def test_generator_random_state_is_used_in_order():
    xs, ys, _ = _pairs(6)
    got = fb.ksg_mi_batch(xs, ys, random_state=np.random.default_rng(11))
    assert np.array_equal(got, _loop(fm.ksg_mi, xs, ys, seed=11))
    # Different problems draw different jitter: repeated problems with tied
    # values then differ (a same-seed-per-problem rule would repeat them).
    tied = np.tile(np.repeat(np.arange(10.0), 4), (2, 1))
    other = np.tile(np.arange(40.0) % 3, (2, 1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        values = fb.ksg_mi_batch(tied, other, random_state=0)
    assert values[0] != values[1]


def test_results_do_not_depend_on_threads_or_input_form(monkeypatch):
    monkeypatch.setattr(fb, "CHUNK", 3)  # several chunks of problems
    xs, ys, _ = _pairs(8, B=20)
    one = fb.ksg_mi_batch(xs, ys, random_state=0, n_jobs=1)
    assert np.array_equal(one, fb.ksg_mi_batch(xs, ys, random_state=0, n_jobs=4))
    assert np.array_equal(one, fb.ksg_mi_batch(list(xs), tuple(ys), random_state=0))
    assert np.array_equal(one, fb.ksg_mi_batch(xs[:, :, None], ys, random_state=0))


def test_mutual_info_batch_equals_loop():
    rng = np.random.default_rng(9)
    xs = rng.integers(-3, 4, size=(15, 50))
    ys = (xs + rng.integers(0, 3, size=xs.shape)) % 5
    for est in ("plugin", "miller_madow", "grassberger"):
        got = fb.mutual_info_batch(xs, ys, estimator=est, base=2)
        assert np.array_equal(got, _loop(fm.mutual_info_discrete, xs, ys, estimator=est, base=2))
    wide = xs * 10**12  # too wide for a range table: the general path
    assert np.array_equal(fb.mutual_info_batch(wide, ys), _loop(fm.mutual_info_discrete, wide, ys))
    words = np.array(["a", "b", "c"])[np.abs(xs) % 3]
    expected = _loop(fm.mutual_info_discrete, words, ys)
    assert np.array_equal(fb.mutual_info_batch(words, ys), expected)


def test_copula_mi_batch_equals_loop_including_constant_problem():
    xs, ys, _ = _pairs(10)
    xs[4] = 2.5
    with pytest.warns(ConstantColumnWarning):
        got = fb.copula_mi_batch(xs, ys, base=10)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = _loop(fm.copula_mi, xs, ys, base=10)
    assert np.array_equal(got, expected)
    ints = np.round(xs * 3).astype(np.int32)  # integers take copula_mi's general path
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert np.array_equal(fb.copula_mi_batch(ints, ys), _loop(fm.copula_mi, ints, ys))


def test_errors_name_the_problem():
    xs, ys, _ = _pairs(12)
    bad = xs.copy()
    bad[3, 7] = np.nan
    with pytest.raises(ValueError, match=r"xs\[3\]"):
        fb.ksg_mi_batch(bad, ys)
    with pytest.raises(ValueError, match=r"ys\[2\]"):
        fb.ksg_mi_batch(list(xs), [ys[0], ys[1], ys[2][:-1]] + list(ys[3:]))
    with pytest.raises(ValueError, match="same number of problems"):
        fb.copula_mi_batch(xs, ys[:-1])
    with pytest.raises(ValueError, match="same number of samples"):
        fb.ksg_cmi_batch(xs, ys, xs[:, :-1])
    with pytest.raises(ValueError, match="2-D or 3-D"):
        fb.ksg_mi_batch(xs[0], ys[0])
    with pytest.raises(TypeError, match=r"xs\[0\] must be numeric"):
        fb.ksg_mi_batch(xs.astype(str), ys)
    with pytest.raises(ValueError, match="at least k"):
        fb.ksg_mi_batch(xs[:, :3], ys[:, :3])
    with pytest.raises(ValueError, match=r"zs\[0\]"):
        fb.ksg_cmi_batch(xs, ys, np.repeat([[0, 1]], 20, axis=1)[:, :40].repeat(12, 0), k=25)
    with pytest.raises(ValueError, match="empty"):
        fb.mutual_info_batch([], [])
    with pytest.raises(fm.InvalidParameterError):
        fb.ksg_mi_batch(xs, ys, k=0)


def test_warnings_are_given_once_naming_the_first_problem():
    xs, ys, _ = _pairs(13)
    xs[5] = 1.0
    xs[8] = 1.0
    with pytest.warns(ConstantColumnWarning, match=r"xs\[5\]") as record:
        fb.ksg_mi_batch(xs, ys, random_state=0)
    assert len([w for w in record if "xs[8]" in str(w.message)]) == 0
