"""Labels of any dtype -> integer codes (fastmi._encoding)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fastmi._encoding import combine, dense_codes, encode, from_ints, hashed


def same_partition(a, b):
    """True when two label arrays group the samples identically."""
    a, b = np.asarray(a), np.asarray(b)
    pairs = {(x, y) for x, y in zip(a.tolist(), b.tolist(), strict=True)}
    return len(pairs) == len(set(a.tolist())) == len(set(b.tolist()))


def codes_of(x):
    return dense_codes(encode(x, "x", "test"))


def test_small_range_ints_keep_their_array():
    x = np.array([7, 5, 9, 5], dtype=np.int64)
    labels = encode(x, "x", "test")
    assert labels.values is x  # no copy, no sorting
    assert (labels.offset, labels.n_levels) == (5, 5)
    assert dense_codes(labels).tolist() == [1, 0, 2, 0]  # ranks of present values


def test_wide_range_ints_are_hashed_in_order_of_appearance():
    x = np.array([10**15, -(10**15), 10**15, 3], dtype=np.int64)
    labels = encode(x, "x", "test")
    assert labels.values.tolist() == [0, 1, 0, 2]
    assert (labels.offset, labels.n_levels, labels.n_bins) == (0, 3, 3)


def test_extreme_int64_values_do_not_overflow():
    x = np.array([np.iinfo(np.int64).min, np.iinfo(np.int64).max, 0, np.iinfo(np.int64).min])
    assert codes_of(x).tolist() == [0, 1, 2, 0]
    big = np.array([2**64 - 1, 0, 2**63, 2**64 - 1], dtype=np.uint64)
    assert same_partition(codes_of(big), [0, 1, 2, 0])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-(2**62), 2**62), min_size=1, max_size=60), st.integers(0, 40))
def test_hash_codes_are_a_dense_relabelling(values, shift):
    x = np.array(values, dtype=np.int64) << np.int64(min(shift, 1))
    codes = hashed(x).values
    assert same_partition(codes, x)
    assert sorted(set(codes.tolist())) == list(range(len(set(x.tolist()))))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text(max_size=11), min_size=1, max_size=50),
    st.sampled_from(["U", "S"]),
)
def test_fixed_width_strings_hash_to_their_partition(texts, kind):
    # numpy str and bytes arrays of every item size (padded to whole words or
    # not), empty strings and non-ASCII text: the same groups as the strings.
    arr = np.array(texts) if kind == "U" else np.array([t.encode("utf-8") for t in texts])
    labels = encode(arr, "x", "test")
    assert same_partition(labels.values, arr.tolist())
    assert labels.n_levels == labels.n_bins == len(set(arr.tolist()))
    assert sorted(set(labels.values.tolist())) == list(range(labels.n_levels))


def test_zero_width_and_strided_string_arrays():
    assert encode(np.empty(3, dtype="U0"), "x", "test").values.tolist() == [0, 0, 0]
    arr = np.array(["ab", "cd", "ab", "ef", "cd", "ab"])[::2]  # non-contiguous view
    assert encode(arr, "x", "test").values.tolist() == [0, 0, 1]
    big_endian = np.array(["x", "yy", "x"], dtype=">U2")
    assert encode(big_endian, "x", "test").values.tolist() == [0, 1, 0]


def test_colliding_hash_keys_are_kept_apart():
    # Multiples of a large power of two share their low bits.
    x = (np.arange(2000, dtype=np.int64) % 500) << np.int64(40)
    codes = hashed(x).values
    assert same_partition(codes, x)
    assert codes.max() == 499


@pytest.mark.parametrize(
    "x",
    [
        np.array([True, False, True]),
        np.array([3, 1, 3], dtype=np.uint8),
        np.array([2.0, -1.5, 2.0]),
        np.array([2.0, 7.0, 2.0]),
        np.array(["b", "a", "b"]),
        np.array([b"b", b"a", b"b"]),
        np.array(["b", 1, "b"], dtype=object),
        np.array(["2021-01-02", "2020-05-01", "2021-01-02"], dtype="datetime64[D]"),
        pd.Series(["b", "a", "b"]),
        pd.Categorical(["b", "a", "b"], categories=["a", "b", "unused"]),
        pd.Series(["b", "a", "b"], dtype="category"),
        pd.Index([4, 9, 4]),
        [("t", 1), ("u", 2), ("t", 1)],
    ],
)
def test_every_dtype_encodes_to_the_same_partition(x):
    if isinstance(x, list):
        x = np.empty(3, dtype=object)
        x[:] = [("t", 1), ("u", 2), ("t", 1)]
    assert codes_of(x).tolist() in ([0, 1, 0], [1, 0, 1])


def test_negative_zero_equals_zero_and_inf_is_a_label():
    x = np.array([0.0, -0.0, np.inf, -np.inf, 0.5, 0.5])
    assert same_partition(codes_of(x), [0, 0, 1, 2, 3, 3])


def test_combine_gives_observed_combinations():
    a = from_ints(np.array([0, 0, 1, 1, 0], dtype=np.int64))
    b = from_ints(np.array([5, 6, 5, 5, 5], dtype=np.int64))
    joint = combine([a, b])
    assert same_partition(joint.values, [0, 1, 2, 2, 0])
    assert joint.n_levels == 3
    assert joint.n_bins == 4  # 2 levels x 2 levels


def test_two_dimensional_input_is_joint():
    x = np.array([[0, "a"], [0, "b"], [1, "a"], [0, "a"]], dtype=object)
    assert same_partition(codes_of(x), [0, 1, 2, 0])
    frame = pd.DataFrame({"u": [0, 0, 1, 0], "v": ["a", "b", "a", "a"]})
    assert same_partition(codes_of(frame), [0, 1, 2, 0])


def test_continuous_floats_warn_and_integral_floats_do_not(recwarn):
    encode(np.arange(100.0), "x", "test")
    assert not recwarn.list
    with pytest.warns(UserWarning, match="x holds 100 distinct float values in 100 samples"):
        encode(np.arange(100.0) + 0.5, "x", "test")


def test_missing_labels_are_rejected():
    with pytest.raises(ValueError, match="x contains 2 missing labels"):
        encode(np.array([1.0, np.nan, np.nan]), "x", "f")
    with pytest.raises(ValueError, match="x contains 1 missing labels"):
        encode(np.array(["a", None], dtype=object), "x", "f")
    with pytest.raises(ValueError, match="x contains 1 missing labels"):
        encode(pd.DataFrame({"u": [1, 2], "v": ["a", None]}), "x", "f")


def test_empty_and_badly_shaped_input_is_rejected():
    with pytest.raises(ValueError, match="x is empty; f needs at least one sample"):
        encode(np.array([], dtype=np.int64), "x", "f")
    with pytest.raises(ValueError, match="x is empty"):
        encode(pd.DataFrame({"u": []}), "x", "f")
    with pytest.raises(ValueError, match="x has no columns in f"):
        encode(pd.DataFrame(index=[0, 1]), "x", "f")
    with pytest.raises(ValueError, match=r"x must be 1-D labels .* got shape \(1, 1, 1\)"):
        encode(np.zeros((1, 1, 1)), "x", "f")
    with pytest.raises(TypeError, match="x has dtype complex128"):
        encode(np.array([1j]), "x", "f")
