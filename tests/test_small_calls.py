"""Small calls take a one-kernel path (plain integer or float arrays): it
must give what the general path gives (lists take the general path), keep
every check and message, and never touch the thread pool."""

import warnings
import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fastmi as fm
from fastmi import _neighbours, _threads, reference

ESTIMATORS = ["plugin", "miller_madow", "chao_shen", "james_stein", "nsb", "grassberger"]


@pytest.fixture
def rng(request):
    return np.random.default_rng(zlib.crc32(request.node.name.encode()))


@pytest.fixture
def no_pool(monkeypatch):
    """Any use of fastmi's thread pool fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("a small call used the thread pool")

    monkeypatch.setattr(_threads, "parallel_map", refuse)
    monkeypatch.setattr(_threads, "_get_pool", refuse)


LABEL = st.integers(-3, 4) | st.sampled_from([10**6, -(10**9)])
labels = st.integers(1, 60).flatmap(
    lambda n: st.tuples(
        *[st.lists(LABEL, min_size=n, max_size=n) for _ in range(3)],
        st.sampled_from([np.int64, np.int32, np.uint8, np.int8]),
        st.sampled_from(ESTIMATORS),
    )
)


def _arrays(x, y, z, dtype):
    if dtype in (np.uint8, np.int8):
        x, y, z = (np.asarray(a) % 100 for a in (x, y, z))
    return [np.asarray(a).astype(dtype) for a in (x, y, z)]


@settings(max_examples=60, deadline=None)
@given(labels)
def test_discrete_fast_path_equals_general_path(case):
    *data, dtype, est = case
    x, y, z = _arrays(*data, dtype)
    lists = [a.tolist() for a in (x, y, z)]  # lists take the general path
    assert fm.mutual_info_discrete(x, y, estimator=est) == pytest.approx(
        fm.mutual_info_discrete(lists[0], lists[1], estimator=est), rel=1e-12, abs=1e-14
    )
    assert fm.mutual_info(x, y, estimator=est) == fm.mutual_info_discrete(x, y, estimator=est)
    assert fm.entropy(x, estimator=est) == pytest.approx(
        fm.entropy(lists[0], estimator=est), rel=1e-12, abs=1e-14
    )
    assert fm.conditional_mutual_info(x, y, z, estimator=est) == pytest.approx(
        fm.conditional_mutual_info(*lists, estimator=est), rel=1e-12, abs=1e-14
    )
    if est == "plugin":
        assert fm.normalized_mutual_info(x, y) == pytest.approx(
            reference.normalized_mutual_info(x, y), rel=1e-10, abs=1e-12
        )
        assert fm.adjusted_mutual_info(x, y) == pytest.approx(
            fm.adjusted_mutual_info(*lists[:2]), rel=1e-12, abs=1e-12
        )


def float_pairs(max_n):
    """Two float lists of one length (4..max_n), the first with ties."""
    return st.integers(4, max_n).flatmap(
        lambda n: st.tuples(
            st.lists(st.floats(-1e3, 1e3) | st.sampled_from([0.0, 1.0]), min_size=n, max_size=n),
            st.lists(st.floats(-1e3, 1e3), min_size=n, max_size=n),
        )
    )


SCALES = st.sampled_from([1.0, 2.0**-1060, 2.0**1000])  # subnormal and huge values


@settings(max_examples=40, deadline=None)
@given(float_pairs(80), SCALES)
def test_continuous_fast_paths_equal_general_paths(pair, scale):
    x, y = (np.asarray(a) * scale for a in pair)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # constant columns warn on both paths
        for func in (fm.gaussian_mi, fm.copula_mi):
            fast, general = func(x, y), func(x.tolist(), y.tolist())
            assert fast == pytest.approx(general, rel=1e-12, abs=1e-14)
        if scale == 1.0:
            for bins, estimator in (("fd", "plugin"), (3, "plugin"), (3, "miller_madow")):
                fast = fm.binned_mi(x, y, bins=bins, estimator=estimator)
                general = fm.binned_mi(list(x), list(y), bins=bins, estimator=estimator)
                assert fast == pytest.approx(general, rel=1e-12, abs=1e-14)


@settings(max_examples=40, deadline=None)
@given(float_pairs(60), SCALES, st.sampled_from([0.0, 1e-10]))
def test_knn_fast_paths_equal_general_paths(pair, scale, jitter):
    """Bit for bit, with the same warnings: the jitter of both columns drawn
    in one call is the stream of one draw per column, and of a multivariate
    variable's columns the stream of its one (n, d) draw."""
    x, y = (np.asarray(a) * scale for a in pair)
    z = np.sin(x) + y[::-1]
    xz, zyx = np.column_stack([x, z]), np.column_stack([z, y, x[::-1]])
    cases = [
        (fm.ksg_mi, (x, y), {}),
        (fm.ksg_cmi, (x, y, z), {}),
        (fm.ksg_mi, (xz, y), {}),
        (fm.ksg_mi, (xz, zyx), {"algorithm": 2}),
        (fm.ksg_cmi, (y, xz, zyx), {}),
        (fm.ksg_cmi, (x, y, z[:, None]), {}),
        (fm.mixed_mi, (xz, (y > 0).astype(int)), {}),
        (fm.mixed_mi, (x, (y > 0).astype(int)), {"method": "gao"}),
    ]
    for func, args, options in cases:
        results, messages = [], []
        for form in (args, [a.tolist() for a in args]):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                results.append(func(*form, k=2, jitter=jitter, random_state=7, **options))
            messages.append([str(w.message) for w in caught])
        np.testing.assert_array_equal(results[0], results[1])
        assert messages[0] == messages[1]


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.integers(4, 80),
    st.integers(1, 12),
    st.integers(1, 6),
    st.sampled_from([None, 1, 0]),
)
def test_mixed_one_kernel_path_equals_the_general_path(seed, n, n_classes, k, decimals):
    """Ross's estimate of a small column in one kernel call: the same bits as
    the chunked counts and numpy means (classes of one and two samples,
    unused codes, k above the class sizes, ties and atoms included)."""
    rng = np.random.default_rng(seed)
    labels = 2 * rng.integers(0, n_classes, n)  # odd codes unused
    x = rng.standard_normal(n) + labels
    k = min(k, n - 1)
    if decimals is not None:
        x = np.round(x, decimals)
    _assert_mixed_paths_agree(x, labels, k)


def test_mixed_one_kernel_path_at_its_largest_size(rng):
    n = _neighbours.ROSS_ONE_CALL
    labels = rng.integers(0, 3, n)
    labels[0] = 3  # a class of one sample
    _assert_mixed_paths_agree(np.round(rng.standard_normal(n), 2), labels, 3)


def _assert_mixed_paths_agree(x, labels, k):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ties, constant columns
        small = fm.mixed_mi(x, labels, k=k)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_neighbours, "ROSS_ONE_CALL", 0)  # every n takes the general path,
            patch.setattr(_neighbours, "CHUNK", 2)  # in chunks
            general = fm.mixed_mi(x, labels, k=k)
    np.testing.assert_array_equal(small, general)


def test_knn_fast_path_rejects_what_the_general_path_rejects(rng):
    u = rng.standard_normal(30)
    for value, what in ((np.nan, "1 NaN"), (np.inf, "1 infinite"), (-np.inf, "1 infinite")):
        for position in (0, 29):
            bad = u.copy()
            bad[position] = value
            with pytest.raises(ValueError, match=f"x contains {what}"):
                fm.ksg_mi(bad, u)
            with pytest.raises(ValueError, match=f"y contains {what}"):
                fm.ksg_mi(u, bad)
            with pytest.raises(ValueError, match=f"z contains {what}"):
                fm.ksg_cmi(u, u, bad)
            with pytest.raises(ValueError, match=f"x contains {what}"):
                fm.ksg_mi(np.column_stack([u, bad]), u)
            with pytest.raises(ValueError, match=f"z contains {what}"):
                fm.ksg_cmi(u, u, np.column_stack([bad, u]))
    with pytest.raises(ValueError, match=r"at least k \+ 1 = 4 samples"):
        fm.ksg_mi(u[:3], u[:3])
    with pytest.raises(ValueError, match="x has no columns"):
        fm.ksg_mi(np.empty((30, 0)), u)
    with pytest.raises(ValueError, match="same number of samples"):
        fm.ksg_cmi(u, u, np.column_stack([u, u])[:-1])


def test_copula_fast_path_against_reference(rng):
    x = rng.standard_normal(50)
    y = np.exp(x + rng.standard_normal(50))
    y[:5] = y[5]  # ties
    assert fm.copula_mi(x, y) == pytest.approx(reference.copula_mi(x, y), rel=1e-10)
    assert fm.gaussian_mi(x, y) == pytest.approx(reference.gaussian_mi(x, y), rel=1e-10)


def test_small_calls_do_not_touch_the_thread_pool(rng, no_pool):
    x, y, z = rng.integers(0, 4, (3, 200))
    u, w = rng.standard_normal((2, 200))
    fm.mutual_info(x, y)
    fm.entropy(x, estimator="nsb")
    fm.conditional_mutual_info(x, y, z)
    fm.normalized_mutual_info(x, y)
    fm.adjusted_mutual_info(x, y)
    fm.gaussian_mi(u, w)
    fm.copula_mi(u, w)
    fm.binned_mi(u, w)
    fm.ksg_mi(u, w)
    fm.mixed_mi(u, x)
    fm.kl_entropy(np.column_stack([u, w]))
    fm.ksg_mi(np.column_stack([u, w]), x.astype(float))
    fm.ksg_cmi(u, w, z.astype(float))


def test_bad_input_keeps_its_messages(rng):
    x = rng.integers(0, 3, 20)
    u = rng.standard_normal(20)
    with pytest.raises(ValueError, match="same number of samples"):
        fm.mutual_info_discrete(x, x[:-1])
    with pytest.raises(ValueError, match="is empty"):
        fm.entropy(np.array([], dtype=np.int64))
    with pytest.raises(ValueError, match="'estimator' parameter"):
        fm.mutual_info(x, x, estimator="nope")
    with pytest.raises(ValueError, match="'n_jobs' parameter"):
        fm.normalized_mutual_info(x, x, n_jobs=0)
    bad = u.copy()
    bad[3] = np.nan
    for func in (fm.gaussian_mi, fm.copula_mi, fm.binned_mi):
        with pytest.raises(ValueError, match="x contains 1 NaN"):
            func(bad, u)
        assert func(bad, u, nan_policy="omit") == func(np.delete(u, 3), np.delete(u, 3))
        with pytest.warns(UserWarning, match="Constant columns"):
            func(np.ones(20), u)
    with pytest.raises(ValueError, match="needs at least d \\+ 2 = 4 samples"):
        fm.gaussian_mi(u[:3], u[:3])
    with pytest.raises(ValueError, match="'bins' parameter"):
        fm.binned_mi(u, u, bins=0)
