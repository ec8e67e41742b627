"""The fused preparation of the k-NN estimators
(``fastmi._kernels.scaling.standardize_rows``), column by column, against
the numpy steps it replaces: the same values to the last bit and the same
warnings."""

import warnings

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from fastmi import _validation as v
from fastmi import continuous as cont


def numpy_prepare(col, jitter, noise):
    """The unit-variance preparation of one column, step by step in numpy,
    and the warnings it calls for (constant, tied fraction, collapsed bulk)."""
    n = col.shape[0]
    unit = np.ldexp(col, -np.frexp(np.abs(col).max())[1])[:, None]
    constant = col.min() == col.max()
    std = 1.0 if constant else unit.std(axis=0)[0]
    out = unit - unit.mean(axis=0)
    out /= std
    if jitter:
        out += jitter * noise[:, None]
    s = np.sort(col)
    same = s[1:] == s[:-1]
    tied = np.zeros(n, dtype=bool)
    tied[1:] |= same
    tied[:-1] |= same
    ties = not constant and tied.mean() > cont.TIE_WARNING_FRACTION
    q = np.sort(unit[:, 0])
    iqr = q[-(-3 * (n - 1) // 4)] - q[(n - 1) // 4]
    collapsed = not constant and 0 < iqr < n * max(jitter, np.finfo(float).eps) * std
    return out, {"constant": constant, "ties": ties, "collapsed": collapsed}


def prepared(col, jitter, seed):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rng = np.random.default_rng(seed)
        out = cont._prepare(col[:, None], "x", "f", True, jitter, rng, v.KSG_TIE_ADVICE)
    kinds = {
        "constant": any(w.category is v.ConstantColumnWarning for w in caught),
        "ties": any("tied values" in str(w.message) for w in caught),
        "collapsed": any(w.category is v.ScaleWarning for w in caught),
    }
    return out, kinds


def column(draw_seed, n, kind, exponent):
    rng = np.random.default_rng(draw_seed)
    col = rng.normal(size=n) * 2.0**exponent
    if kind == "rounded":
        col = np.round(col / 2.0**exponent * 2) * 2.0**exponent
    elif kind == "outlier":
        col[rng.integers(n)] = 1e200
    elif kind == "constant":
        col[:] = col[0]
    elif kind == "signed zeros":
        col = np.where(rng.random(n) < 0.5, 0.0, -0.0)
    elif kind == "subnormal":
        col = rng.integers(-3, 4, n) * 5e-324
    return col


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.integers(2, 300),
    st.sampled_from(["normal", "rounded", "outlier", "constant", "signed zeros", "subnormal"]),
    st.integers(-1000, 1000),
    st.sampled_from([1e-10, 0.0, 1e-3]),
)
def test_fused_preparation_has_numpy_bits_and_warnings(seed, n, kind, exponent, jitter):
    col = column(seed, n, kind, exponent)
    if not np.isfinite(col).all():
        col = np.nan_to_num(col, posinf=1e300, neginf=-1e300)
    got, warned = prepared(col, jitter, seed)
    noise = np.random.default_rng(seed).standard_normal((1, n))[0]
    want, expected = numpy_prepare(col, jitter, noise)
    assert got.shape == (n, 1)
    assert np.array_equal(got, want), np.flatnonzero(got != want)[:5]
    assert warned == expected


def test_strided_columns_match_contiguous_ones():
    rng = np.random.default_rng(3)
    table = rng.normal(size=(50, 3))
    a = cont._prepare(table[:, 1:2], "x", "f", True, 1e-10, np.random.default_rng(0))
    b = cont._prepare(table[:, 1:2].copy(), "x", "f", True, 1e-10, np.random.default_rng(0))
    assert np.array_equal(a, b)


@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.integers(2, 120),
    st.lists(
        st.sampled_from(["normal", "rounded", "outlier", "constant", "subnormal"]),
        min_size=2,
        max_size=4,
    ),
    st.integers(-1000, 1000),
    st.sampled_from([1e-10, 0.0]),
)
def test_several_columns_are_prepared_column_by_column(seed, n, kinds, exponent, jitter):
    """An (n, d) variable: each column as the numpy steps prepare it alone,
    the jitter one (n, d) draw, and one warning of each kind naming the
    columns it concerns."""
    table = np.column_stack([column(seed + c, n, kind, exponent) for c, kind in enumerate(kinds)])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = cont._prepare(table, "x", "f", True, jitter, np.random.default_rng(seed), "advice")
    noise = np.random.default_rng(seed).standard_normal(table.shape)
    flags = {"constant": [], "ties": [], "collapsed": []}
    for c in range(table.shape[1]):
        want, expected = numpy_prepare(table[:, c], jitter, noise[:, c])
        assert np.array_equal(got[:, [c]], want), c
        for kind, flagged in expected.items():
            if flagged:
                flags[kind].append(c)
    messages = [str(w.message) for w in caught]
    constant = [m for m in messages if "constant column(s)" in m]
    expected = [v.constant_warning("x", flags["constant"], "f")] if flags["constant"] else []
    assert constant == expected
    assert sum("tied values" in m for m in messages) == (1 if flags["ties"] else 0)
    scale = [w for w in caught if w.category is v.ScaleWarning]
    assert len(scale) == (1 if flags["collapsed"] else 0)
    if flags["collapsed"]:
        listed = ", ".join(str(c) for c in flags["collapsed"])
        assert str(scale[0].message).startswith(f"x column(s) {listed}: the interquartile range")
