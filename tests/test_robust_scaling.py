"""standardize="robust" for the KSG family, and the ScaleWarning of the
default unit-variance scaling when a few huge outliers squeeze the bulk of a
column below the resolution of the estimate (issue 9: one 1e200 among 199
normals)."""

import math
import warnings
import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fastmi as fm
from fastmi import _validation as v


@pytest.fixture
def rng(request):
    return np.random.default_rng(zlib.crc32(request.node.name.encode()))


def correlated(rng, n):
    x = rng.standard_normal(n)
    return x, x + rng.standard_normal(n)


def no_scale_warning(call):
    with warnings.catch_warnings():
        warnings.simplefilter("error", fm.ScaleWarning)
        return call()


def test_one_huge_outlier_warns_with_std_and_is_harmless_when_robust(rng):
    x, y = correlated(rng, 200)
    outlier = np.r_[x[:199], 1e200]
    without = fm.ksg_mi(x[:199], y[:199], random_state=0)
    assert without > 0.1
    with pytest.warns(fm.ScaleWarning, match=r"^x: the interquartile range is only .*'robust'"):
        squeezed = fm.ksg_mi(outlier, y, random_state=0)
    assert abs(squeezed) < 0.02  # the bulk collapsed: the issue's ~0
    robust = no_scale_warning(lambda: fm.ksg_mi(outlier, y, standardize="robust", random_state=0))
    assert robust == pytest.approx(without, abs=0.02)  # one sample of 200 moved
    for k in (1, 5):
        mixed = fm.mixed_mi(outlier, y > 0, k=k, standardize="robust")
        assert mixed == pytest.approx(fm.mixed_mi(x[:199], y[:199] > 0, k=k), abs=0.02)
    z = rng.standard_normal(200)
    cmi = fm.ksg_cmi(outlier, y, z, standardize="robust", random_state=0)
    assert cmi == pytest.approx(fm.ksg_cmi(x[:199], y[:199], z[:199], random_state=0), abs=0.03)


def test_outliers_beyond_the_float_range_of_spreads_are_clipped(rng):
    # Spread ~1e-300, outliers at +-1e300: 1e600 spreads away, clipped to
    # 2**1020 (finite distances, no overflow warning); the bulk is intact.
    x, y = correlated(rng, 300)
    far = np.r_[x[:298] * 1e-300, 1e300, -1e300]
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        robust = fm.ksg_mi(far, y, standardize="robust", random_state=0)
    assert robust == pytest.approx(fm.ksg_mi(x[:298], y[:298], random_state=0), abs=0.02)


def test_heavy_tails_do_not_warn(rng):
    x = rng.standard_cauchy(10_000)
    y = x + rng.standard_cauchy(10_000)
    no_scale_warning(lambda: fm.ksg_mi(x, y, random_state=0))
    no_scale_warning(lambda: fm.ksg_mi(rng.standard_normal(100), rng.standard_normal(100)))


def test_robust_is_close_to_std_on_normal_data(rng):
    x, y = correlated(rng, 2000)
    std = fm.ksg_mi(x, y, random_state=0)
    robust = fm.ksg_mi(x, y, standardize="robust", random_state=0)
    assert robust == pytest.approx(std, abs=0.01)
    assert robust == pytest.approx(0.5 * math.log(2), abs=0.05)


def test_robust_falls_back_to_the_std_when_most_values_tie(rng):
    # IQR = MAD = 0 (60% zeros): the spread is the std, so the neighbour
    # structure is that of unit-variance scaling (centring apart: rounding;
    # no jitter, whose differences within the tied cluster would round apart).
    x, y = correlated(rng, 200)
    x[:120] = 0.0
    y[60:180] = 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # ties
        robust = fm.ksg_mi(x, y, standardize="robust", jitter=0)
        std = fm.ksg_mi(x, y, jitter=0)
        assert robust == pytest.approx(std, abs=1e-9)
        x[:50] = rng.standard_normal(50)  # 35% zeros: x scaled by its IQR
        assert fm.ksg_mi(x, y, standardize="robust", jitter=0) != pytest.approx(
            fm.ksg_mi(x, y, jitter=0), abs=1e-3
        )


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    exponent=st.integers(-1000, 1000),
    factor=st.floats(1.0, 2.0, exclude_max=True),
)
def test_robust_is_scale_invariant(seed, exponent, factor):
    rng = np.random.default_rng(seed)
    x, y = correlated(rng, 60)
    x[0] = 1e6  # an outlier
    expected = fm.ksg_mi(x, y, standardize="robust", random_state=1)
    exact = fm.ksg_mi(np.ldexp(x, exponent), y, standardize="robust", random_state=1)
    assert exact == expected  # a power of two: the same bits
    scaled = np.ldexp(x * factor, min(exponent, 1000 - 20))
    got = fm.ksg_mi(scaled, y, standardize="robust", random_state=1)
    assert got == pytest.approx(expected, abs=1e-9)


def test_wide_functions_take_standardize(rng):
    x, y = correlated(rng, 200)
    outlier = np.r_[x[:199], 1e200]
    X = np.c_[y, outlier, x]
    with pytest.warns(fm.ScaleWarning, match=r"^X\[:, 1\]: the interquartile range"):
        squeezed = fm.pairwise_mi(X, method="ksg", jitter=0)
    assert abs(squeezed[0, 1]) < 0.02
    options = dict(method="ksg", standardize="robust", jitter=0)
    robust = no_scale_warning(lambda: fm.pairwise_mi(X, **options))
    single = fm.ksg_mi(y, outlier, standardize="robust", jitter=0)
    same = pytest.approx(single, rel=1e-12)  # sums in another order
    assert robust[0, 1] == robust[1, 0] == same
    assert fm.cross_mi(X[:, :1], X[:, 1:], **options)[0, 0] == same
    assert fm.mi_with_target(X[:, 1:], y, **options)[0] == same
    assert fm.mutual_info(outlier, y, standardize="robust", jitter=0) == same
    unscaled = fm.pairwise_mi(X, method="ksg", standardize=False, jitter=0)
    assert unscaled[0, 2] == pytest.approx(fm.ksg_mi(y, x, standardize=False, jitter=0))


@pytest.mark.parametrize("bad", ["Robust", "iqr", 1, None])
def test_standardize_must_be_a_bool_or_robust(bad, rng):
    x, y = correlated(rng, 20)
    for call in (
        lambda: fm.ksg_mi(x, y, standardize=bad),
        lambda: fm.ksg_cmi(x, y, x, standardize=bad),
        lambda: fm.mixed_mi(x, y > 0, standardize=bad),
        lambda: fm.pairwise_mi(np.c_[x, y], method="ksg", standardize=bad),
    ):
        with pytest.raises(v.InvalidParameterError, match=r"'standardize' parameter .*'robust'"):
            call()
