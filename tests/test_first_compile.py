"""What keeps a first call's compilation short, checked against the plain
versions it replaces: the written-out sorts (``_kernels.sorting``) against
numpy's, and the plug-in twins of the entropy kernels (``_jit.kernel``'s
``plugin_twin``) against the general kernels."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numba.core.registry import CPUDispatcher

from fastmi import _jit
from fastmi._kernels import binning, bitplane, entropy, selection, sorting
from fastmi._kernels.entropy import PLUGIN, for_estimator

DTYPES = (np.int64, np.uint64, np.float64)


def arrays(dtype):
    """Short and long arrays, with runs of duplicates, sorted and reversed runs."""
    values = (
        st.integers(0, 2**62)
        if dtype != np.float64
        else st.floats(allow_nan=False, allow_infinity=True)
    )
    return st.tuples(
        st.lists(values, max_size=300),
        st.sampled_from(["as drawn", "few values", "sorted", "reversed"]),
    )


def shaped(drawn, dtype):
    values, shape = drawn
    a = np.array(values, dtype=dtype)
    if shape == "few values" and a.size:
        a = a[np.arange(a.size) % 3]
    elif shape == "sorted":
        a = np.sort(a)
    elif shape == "reversed":
        a = np.sort(a)[::-1].copy()
    return a


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_sort_in_place_equals_numpy_sort(dtype, data):
    a = shaped(data.draw(arrays(dtype)), dtype)
    expected = np.sort(a)
    sorting.sort_in_place(a)
    np.testing.assert_array_equal(a, expected)


@settings(max_examples=60, deadline=None)
@given(drawn=arrays(np.float64))
def test_sort_positions_by_orders_positions_by_value(drawn):
    values = shaped(drawn, np.float64)
    positions = np.random.default_rng(values.size).permutation(values.size)
    sorting.sort_positions_by(positions, values)
    np.testing.assert_array_equal(values[positions], np.sort(values))
    np.testing.assert_array_equal(np.sort(positions), np.arange(values.size))


def test_sort_in_place_has_no_quadratic_case():
    """Sorted, reversed and constant inputs of 10^6 keys end (the median of
    three and the Hoare partition keep the stack at log2(n))."""
    for a in (np.arange(10**6), np.arange(10**6)[::-1].copy(), np.zeros(10**6, np.int64)):
        expected = np.sort(a)
        sorting.sort_in_place(a)
        np.testing.assert_array_equal(a, expected)


TWINNED = [
    entropy.pair_entropies,
    entropy.codes_entropy,
    entropy.codes_pair_entropies,
    entropy.codes_cmi_entropies,
    bitplane.discrete_block,
    bitplane.wide_block,
    bitplane.feature_entropies,
    selection.feature_entropies,
    selection.mi_with_other,
    binning.binned_pair_entropies,
]


@pytest.mark.parametrize("general", TWINNED, ids=lambda k: k.py_func.__name__)
def test_plugin_twins_call_no_general_entropy_kernel(general):
    """A twin's code calls twins only: none of the bias-corrected estimators
    is compiled into it."""
    twin = for_estimator(general, PLUGIN)
    assert twin is not general
    assert twin.py_func.__code__ is general.py_func.__code__
    assert twin.py_func.__qualname__ == general.py_func.__qualname__ + "_plugin"
    names = general.py_func.__code__.co_names
    for name in names:
        value = general.py_func.__globals__.get(name)
        if isinstance(value, CPUDispatcher) and value in _jit.PLUGIN_TWINS:
            assert twin.py_func.__globals__[name] is _jit.PLUGIN_TWINS[value], name
    assert entropy.entropy_counts not in [twin.py_func.__globals__.get(n) for n in names]
    assert for_estimator(general, PLUGIN + 1) is general


@settings(max_examples=40, deadline=None)
@given(
    x=st.lists(st.integers(0, 6), min_size=1, max_size=60),
    seed=st.integers(0, 2**16),
    k=st.sampled_from([0.0, 9.0]),
)
def test_plugin_twins_give_the_general_kernels_bits(x, seed, k):
    rng = np.random.default_rng(seed)
    x = np.array(x, dtype=np.int64)
    y = rng.integers(0, 4, x.size)
    z = rng.integers(0, 3, x.size)
    limit = 1e6
    for general, args in (
        (entropy.codes_entropy, (x, k, PLUGIN, limit)),
        (entropy.codes_pair_entropies, (x, y, k, k, PLUGIN, limit)),
        (entropy.codes_cmi_entropies, (x, y, z, k, k, k, PLUGIN, limit)),
    ):
        assert for_estimator(general, PLUGIN)(*args) == general(*args)
    table = np.bincount(x * 4 + y, minlength=28).reshape(7, 4)
    assert entropy.plugin_entropy_counts(table.ravel().astype(float), 28.0, PLUGIN) == (
        entropy.entropy_counts(table.ravel().astype(float), 28.0, PLUGIN)
    )


def test_a_kernel_marked_for_a_twin_must_call_one():
    def lonely(a):
        return a + 1.0

    with pytest.raises(ValueError, match="no kernel that has a plug-in twin"):
        _jit.kernel(plugin_twin=True)(lonely)
