"""Measures of probability and count tables (fastmi.tables)."""

import math

import numpy as np
import pytest
import scipy.sparse
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import fastmi as fm
from fastmi import reference
from fastmi._validation import ESTIMATORS

count_tables = arrays(
    np.int64,
    st.tuples(st.integers(1, 4), st.integers(1, 4), st.integers(1, 3)),
    elements=st.integers(0, 20),
).filter(lambda t: t.sum() > 0)


def samples_of(table):
    """One label column per axis whose joint counts are ``table``."""
    cells = np.argwhere(np.ones(table.shape, dtype=bool))
    rows = np.repeat(cells, table.ravel(), axis=0)
    return [rows[:, a] for a in range(table.ndim)]


def plugin_entropy(p):
    p = np.asarray(p, dtype=float).ravel()
    p = p[p > 0] / p.sum()
    return -np.sum(p * np.log(p))


def test_known_values():
    assert fm.tables.entropy([0.5, 0.25, 0.25], base=2) == 1.5
    assert fm.tables.mutual_info(np.eye(4) / 4, base=2) == pytest.approx(2.0, abs=1e-15)
    assert fm.tables.conditional_entropy(np.eye(4) / 4) == pytest.approx(0.0, abs=1e-15)
    assert fm.tables.mutual_info(np.outer([0.2, 0.8], [0.5, 0.3, 0.2])) == pytest.approx(
        0.0, abs=1e-15
    )
    p = np.array([[0.4, 0.1], [0.1, 0.4]])
    assert fm.tables.mutual_info(p, base=2) == pytest.approx(
        1 + 0.8 * math.log2(0.8) + 0.2 * math.log2(0.2), abs=1e-14
    )


@settings(max_examples=40, deadline=None)
@given(count_tables)
def test_counts_equal_probabilities_and_data(table):
    probs = table / table.sum()
    x, y, z = samples_of(table)
    h = fm.tables.entropy(table)
    assert h == pytest.approx(fm.tables.entropy(probs), abs=1e-12)
    assert h == pytest.approx(fm.joint_entropy(x, y, z), abs=1e-12)
    assert h == pytest.approx(scipy.stats.entropy(table.ravel()), abs=1e-12)
    mi = fm.tables.mutual_info(table)  # I(X; (Y, Z))
    assert mi == pytest.approx(fm.tables.mutual_info(probs), abs=1e-12)
    assert mi == pytest.approx(fm.mutual_info_discrete(x, np.column_stack([y, z])), abs=1e-12)
    ce = fm.tables.conditional_entropy(table)
    assert ce == pytest.approx(fm.tables.conditional_entropy(probs), abs=1e-12)
    assert ce == pytest.approx(plugin_entropy(table) - plugin_entropy(table.sum(axis=0)), abs=1e-12)
    cmi = fm.tables.conditional_mutual_info(table)
    assert cmi == pytest.approx(fm.tables.conditional_mutual_info(probs), abs=1e-12)
    assert cmi == pytest.approx(fm.conditional_mutual_info(x, y, z), abs=1e-12)
    assert cmi >= 0.0


@settings(max_examples=30, deadline=None)
@given(count_tables, st.sampled_from([e for e in ESTIMATORS if e != "nsb"]))
def test_estimators_on_count_tables_match_reference(table, estimator):
    # For tables, an estimator's alphabet is every cell of the marginal, empty or not.
    def h(axes):
        others = tuple(a for a in range(3) if a not in axes)
        marginal = table.sum(axis=others) if others else table
        return reference.entropy_from_counts(marginal, marginal.size, estimator)

    got = fm.tables.mutual_info(table, estimator=estimator)
    expected = h((0,)) + h((1, 2)) - h((0, 1, 2))
    if estimator == "plugin":
        expected = max(expected, 0.0)
    assert got == pytest.approx(expected, rel=1e-10, abs=1e-10)
    got = fm.tables.conditional_mutual_info(table, estimator=estimator)
    expected = h((0, 2)) + h((1, 2)) - h((0, 1, 2)) - h((2,))
    if estimator == "plugin":
        expected = max(expected, 0.0)
    assert got == pytest.approx(expected, rel=1e-10, abs=1e-10)


def test_nsb_on_a_count_table_matches_reference():
    table = np.array([[3, 0, 1], [2, 2, 0]])
    got = fm.tables.entropy(table, estimator="nsb")
    assert got == pytest.approx(reference.entropy_from_counts(table, 6, "nsb"), rel=1e-9)


@pytest.mark.parametrize("fmt", ["csr", "csc", "coo"])
def test_sparse_equals_dense(fmt):
    rng = np.random.default_rng(0)
    dense = rng.integers(0, 5, (7, 9)) * (rng.random((7, 9)) < 0.4)
    dense[0, 0] = 3  # never all zero
    sparse = scipy.sparse.coo_array(dense).asformat(fmt)
    probs = dense / dense.sum()
    sparse_probs = scipy.sparse.coo_array(probs).asformat(fmt)
    for func in (fm.tables.entropy, fm.tables.mutual_info, fm.tables.conditional_entropy):
        assert func(sparse) == pytest.approx(func(dense), abs=1e-13)
        assert func(sparse_probs) == pytest.approx(func(probs), abs=1e-13)
        for estimator in ("miller_madow", "james_stein", "grassberger"):
            assert func(sparse, estimator=estimator) == pytest.approx(
                func(dense, estimator=estimator), abs=1e-12
            )


def test_large_sparse_table_matches_its_samples():
    rng = np.random.default_rng(1)
    rows = rng.integers(0, 100000, 3000)
    cols = (rows * 7 + rng.integers(0, 3, 3000)) % 50000
    table = scipy.sparse.coo_array(
        (np.ones(3000, dtype=np.int64), (rows, cols)), shape=(100000, 50000)
    ).tocsr()
    assert fm.tables.mutual_info(table) == pytest.approx(
        fm.mutual_info_discrete(rows, cols), abs=1e-12
    )


def test_float_counts_with_kind_counts():
    table = np.array([[2.0, 1.0], [1.0, 4.0]])
    assert fm.tables.mutual_info(table, kind="counts") == pytest.approx(
        fm.tables.mutual_info(table.astype(int)), abs=1e-15
    )
    assert fm.tables.mutual_info(np.array([[2, 1], [1, 4]]) / 8, kind="probability") == (
        pytest.approx(fm.tables.mutual_info(table, kind="counts"), abs=1e-15)
    )


def test_auto_reads_whole_number_floats_not_summing_to_one_as_counts():
    # scikit-learn's contingency tables may be floats; issue 9, item 6.
    from sklearn.metrics import mutual_info_score

    table = np.array([[2.0, 0.0], [0.0, 1.0]])
    assert fm.tables.mutual_info(table) == pytest.approx(
        mutual_info_score(None, None, contingency=table), abs=1e-15
    )
    assert fm.tables.mutual_info(table) == fm.tables.mutual_info(table.astype(int))
    assert fm.tables.entropy([3.0, 1.0], estimator="miller_madow") == (
        fm.tables.entropy([3, 1], estimator="miller_madow")
    )
    sparse = scipy.sparse.csr_array(table)
    assert fm.tables.mutual_info(sparse) == fm.tables.mutual_info(table)


def test_auto_keeps_floats_that_sum_to_one_or_are_fractional_as_probabilities():
    assert fm.tables.entropy([1.0, 0.0]) == 0.0  # whole numbers summing to 1
    with pytest.raises(ValueError, match="needs counts, but the table holds probabilities"):
        fm.tables.entropy([1.0, 0.0], estimator="miller_madow")
    with pytest.raises(ValueError, match="sums to 3.5, not 1"):
        fm.tables.entropy([2.5, 1.0])


@pytest.mark.parametrize("scale", [1e20, 1e300, 1e307])
def test_plugin_on_huge_counts_is_scale_invariant(scale):
    # Found by tests/test_fuzz.py: n log n overflowed to NaN (or a RuntimeWarning).
    table = np.array([[[2.0, 1.0], [1.0, 4.0]], [[3.0, 1.0], [2.0, 2.0]]])
    for func in (fm.tables.entropy, fm.tables.mutual_info, fm.tables.conditional_mutual_info):
        assert func(table * scale) == pytest.approx(func(table), rel=1e-12, abs=1e-15)
    sparse = scipy.sparse.csr_array(table[0] * scale)
    assert fm.tables.mutual_info(sparse) == pytest.approx(fm.tables.mutual_info(table[0]))


def test_bias_corrected_estimators_refuse_counts_past_2_to_53():
    with pytest.raises(ValueError, match=r"sums to 1e\+20 \(> 2\*\*53\); use estimator='plugin'"):
        fm.tables.entropy(np.array([5e19, 5e19]), estimator="miller_madow")


# ---------------------------------------------------------------------- errors
@pytest.mark.parametrize(
    "call, error, match",
    [
        (
            lambda: fm.tables.entropy([0.5, -0.5, 1.0]),
            ValueError,
            r"table has 1 negative entries; probabilities and counts must be >= 0",
        ),
        (
            lambda: fm.tables.mutual_info(np.array([[1, -1], [0, 2]])),
            ValueError,
            "1 negative entries",
        ),
        (
            lambda: fm.tables.mutual_info(scipy.sparse.csr_array(np.array([[1, -1], [0, 2]]))),
            ValueError,
            "1 negative entries",
        ),
        (
            lambda: fm.tables.entropy([0.5, 0.6]),
            ValueError,
            "table sums to 1.1, not 1; pass a probability table, or kind='counts'",
        ),
        (
            lambda: fm.tables.entropy([1, 3], kind="probability"),
            ValueError,
            "table sums to 4, not 1",
        ),
        (
            lambda: fm.tables.entropy([0.5, 0.5], estimator="nsb"),
            ValueError,
            "The 'nsb' estimator needs counts, but the table holds probabilities; pass integer",
        ),
        (
            lambda: fm.tables.mutual_info(
                [[0.1, 0.2], [0.3, 0.4]], kind="probability", estimator="miller_madow"
            ),
            ValueError,
            "needs counts",
        ),
        (
            lambda: fm.tables.entropy([1.5, 2.0], kind="counts", estimator="grassberger"),
            ValueError,
            "The 'grassberger' estimator needs whole-number counts.*1 fractional",
        ),
        (lambda: fm.tables.entropy([0, 0]), ValueError, "table holds no counts"),
        (
            lambda: fm.tables.mutual_info(scipy.sparse.csr_array((2, 2))),
            ValueError,
            "table holds no counts",
        ),
        (lambda: fm.tables.entropy([np.nan, 1.0]), ValueError, "table contains 1 NaN values"),
        (lambda: fm.tables.entropy([np.inf, 1.0]), ValueError, "table contains 1 infinite"),
        (lambda: fm.tables.entropy(["a", "b"]), TypeError, "table must be a numeric table"),
        (
            lambda: fm.tables.entropy(1.0),
            ValueError,
            r"table must be a non-empty table in tables.entropy; got shape \(\)",
        ),
        (lambda: fm.tables.entropy(np.zeros((0, 3))), ValueError, "non-empty table"),
        (
            lambda: fm.tables.mutual_info([0.5, 0.5]),
            ValueError,
            r"tables.mutual_info needs a table with at least 2 axes .* got shape \(2,\)",
        ),
        (lambda: fm.tables.conditional_entropy([1, 2]), ValueError, "at least 2 axes"),
        (
            lambda: fm.tables.conditional_mutual_info(np.full((2, 2), 0.25)),
            ValueError,
            "at least 3 axes",
        ),
        (
            lambda: fm.tables.entropy([1, 2], kind="odds"),
            fm.InvalidParameterError,
            "The 'kind' parameter of tables.entropy must be one of",
        ),
        (lambda: fm.tables.entropy([1, 2], base=0.5), ValueError, "The 'base' parameter"),
        (
            lambda: fm.tables.entropy([1, 2], estimator="ml"),
            ValueError,
            "The 'estimator' parameter of tables.entropy",
        ),
    ],
)
def test_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()
