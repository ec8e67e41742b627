"""Streaming selection kernels against the plain-numpy reference: dense
matrices cut into tiles of any size, scanned and merged in any order."""

import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fastmi import _stream
from fastmi import reference as ref


@pytest.fixture
def rng(request):
    return np.random.default_rng(zlib.crc32(request.node.name.encode()))


def _tiles(n_rows, n_cols, size, symmetric):
    for r0 in range(0, n_rows, size):
        for c0 in range(r0 if symmetric else 0, n_cols, size):
            yield (r0, min(r0 + size, n_rows)), (c0, min(c0 + size, n_cols))


def _stream_dense(M, spec, size, order_seed, labels=None, strip=None):
    """Stream a dense matrix through tiles of ``size`` (scanned in strips of
    ``strip`` rows) merged in a shuffled order."""
    n_rows, n_cols = M.shape
    ids = np.arange(max(n_rows, n_cols), dtype=np.int64)
    parts = []
    for rows, cols in _tiles(n_rows, n_cols, size, spec.symmetric):
        diagonal = spec.symmetric and rows == cols
        block = M[rows[0] : rows[1], cols[0] : cols[1]].copy()
        if diagonal:  # the kernels never read the lower triangle of a diagonal tile
            block[np.tril_indices_from(block)] = -7.0
        step = strip or block.shape[0]
        for r in range(0, block.shape[0], step):
            row_ids = ids[rows[0] + r : min(rows[0] + r + step, rows[1])]
            parts.append(_stream.scan_block(block[r : r + step], row_ids, ids[cols[0] : cols[1]],
                                            diagonal, spec, shift=r))  # fmt: skip
    np.random.default_rng(order_seed).shuffle(parts)
    selection = _stream.Selection(n_rows, n_cols, spec)
    for part in parts:
        selection.merge(part)
    return _stream.assemble(selection, np.float64, labels, labels)


def _tied_matrix(rng, n_rows, n_cols, symmetric, nan_fraction=0.0):
    """Values from a few levels (many ties), some negative, some NaN."""
    M = rng.integers(-2, 6, size=(n_rows, n_cols)) / 4.0
    M[rng.random(M.shape) < nan_fraction] = np.nan
    if symmetric:
        M = np.triu(M, 1) + np.triu(M, 1).T
        np.fill_diagonal(M, np.nan)
    return M


def _entries(result):
    coo = result.matrix.tocoo()
    return set(zip(coo.row.tolist(), coo.col.tolist(), strict=True))


@settings(max_examples=40, deadline=None)
@given(
    p=st.integers(2, 23),
    q=st.integers(1, 9),
    k=st.integers(1, 6),
    size=st.integers(1, 9),
    symmetric=st.booleans(),
    seed=st.integers(0, 2**16),
)
def test_top_k_matches_reference_for_any_tiling(p, q, k, size, symmetric, seed):
    rng = np.random.default_rng(seed)
    n_cols = p if symmetric else q
    k = min(k, n_cols - 1) if symmetric else min(k, n_cols)
    if k < 1:
        return
    M = _tied_matrix(rng, p, n_cols, symmetric, nan_fraction=0.1)
    result = _stream_dense(M, _stream.Spec(k, None, symmetric), size, seed)
    assert _entries(result) == ref.top_k_entries(M, k, symmetric)
    dense = result.matrix.toarray()
    for i, j in _entries(result):
        assert dense[i, j] == M[i, j]  # the entries themselves, exactly
    count, mean, std, above = ref.row_summaries(M, symmetric)
    np.testing.assert_array_equal(result.count, count)
    np.testing.assert_allclose(result.mean, mean, rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(result.std, std, rtol=1e-9, atol=1e-12)
    np.testing.assert_array_equal(result.n_above, 0)
    # Another tiling and merge order: the same bits.
    other = _stream_dense(M, _stream.Spec(k, None, symmetric), size + 3, seed + 1, strip=2)
    assert (other.matrix != result.matrix).nnz == 0
    np.testing.assert_array_equal(other.mean, result.mean)
    np.testing.assert_array_equal(other.std, result.std)


@settings(max_examples=30, deadline=None)
@given(
    p=st.integers(2, 20),
    size=st.integers(1, 8),
    symmetric=st.booleans(),
    threshold=st.sampled_from([-1.0, 0.0, 0.5, 0.75, 2.0]),
    seed=st.integers(0, 2**16),
)
def test_threshold_matches_reference_for_any_tiling(p, size, symmetric, threshold, seed):
    rng = np.random.default_rng(seed)
    M = _tied_matrix(rng, p, p if symmetric else p + 2, symmetric, nan_fraction=0.1)
    result = _stream_dense(M, _stream.Spec(0, threshold, symmetric), size, seed, strip=3)
    assert _entries(result) == ref.threshold_entries(M, threshold, symmetric)
    dense = result.matrix.toarray()
    for i, j in _entries(result):
        assert dense[i, j] == M[i, j]
    count, mean, _, above = ref.row_summaries(M, symmetric, threshold)
    np.testing.assert_array_equal(result.n_above, above)
    np.testing.assert_array_equal(result.count, count)
    np.testing.assert_allclose(result.mean, mean, rtol=1e-14, atol=1e-15)


def test_summaries_are_exact_sums(rng):
    """The fixed-point sums are exact to 2^-65 per value: the mean is within
    a few roundings of the exact rational one."""
    from fractions import Fraction

    M = rng.exponential(size=(3, 400)) * 10.0 ** rng.integers(-12, 2, size=(3, 400))
    M = np.minimum(M, 60.0)
    result = _stream_dense(M, _stream.Spec(2, None, False), 7, 0)
    for i in range(3):
        exact = sum(Fraction(float(x)) for x in M[i]) / M.shape[1]
        error = abs(Fraction(float(result.mean[i])) - exact)
        assert error <= abs(exact) * Fraction(2**-50) + Fraction(2**-64)


def test_constant_rows_have_zero_spread(rng):
    M = np.full((3, 9), 0.1)
    M[1] = -0.5  # clipped to 0
    M[2, 4] = np.nan
    result = _stream_dense(M, _stream.Spec(2, None, False), 4, 0)
    np.testing.assert_array_equal(result.std, 0.0)
    np.testing.assert_array_equal(result.mean, [0.1, 0.0, 0.1])
    np.testing.assert_array_equal(result.count, [9, 9, 8])


def test_huge_and_infinite_entries(rng):
    M = rng.random((2, 6))
    M[0, 1] = np.inf
    M[1, 2] = 64.0  # the first value not summed
    result = _stream_dense(M, _stream.Spec(1, None, False), 4, 0)
    assert np.all(np.isinf(result.mean)) and np.all(np.isnan(result.std))
    np.testing.assert_array_equal(result.count, [6, 6])
    assert result.matrix[0, 1] == np.inf and result.matrix[1, 2] == 64.0


def test_edge_table_and_labels(rng):
    M = _tied_matrix(rng, 6, 6, True)
    result = _stream_dense(M, _stream.Spec(2, None, True), 4, 0, labels=list("abcdef"))
    table = result.edges()
    assert list(table.columns) == ["i", "j", "mi"]
    # Each pair once, strongest first, with names.
    names = list("abcdef")
    pairs = {(min(i, j), max(i, j)) for i, j in ref.top_k_entries(M, 2, True)}
    assert len(table) == len(pairs)
    assert set(zip(table["i"], table["j"], strict=True)) == {(names[i], names[j]) for i, j in pairs}
    assert np.all(np.diff(table["mi"].to_numpy()) <= 0)
    plain = _stream_dense(M, _stream.Spec(2, None, True), 4, 0).edges()
    np.testing.assert_array_equal(plain.mi, table["mi"].to_numpy())
    assert np.all(plain.i < plain.j)
    assert "top_k=2" in repr(result)


def _exact_parts(values):
    """Sum of the fixed-point parts of max(v, 0) (v < 64 finite), as exact
    Python integers in units of 2^-(bits + FINE_BITS): the kernels' split,
    written with numpy on whole arrays."""
    from fastmi._kernels import stream as sk

    totals = []
    for bits, squared in ((sk.SUM_BITS, False), (sk.SQ_BITS, True)):
        c = np.maximum(values, 0.0)
        c = c * c if squared else c
        units = np.rint(c * 2.0**bits)
        fine = np.rint((c - units / 2.0**bits) * 2.0 ** (bits + sk.FINE_BITS))
        totals.append(
            sum((int(u) << sk.FINE_BITS) + int(f) for u, f in zip(units, fine, strict=True))
        )
    return totals


def _kernel_totals(summary, col):
    """The exact sums of one column of a summary array, in the units of
    ``_exact_parts``."""
    from fastmi._kernels import stream as sk

    s = [int(x) for x in summary[:, col]]
    total = ((s[1] << sk.LIMB_BITS) + s[2] << sk.FINE_BITS) + s[7]
    squares = ((s[3] << sk.LIMB_BITS) + s[4] << sk.FINE_BITS) + s[8]
    return [total, squares]


def _check_scan(block, k, both, diagonal, shift, threshold):
    """scan_tile on one block against plain Python: exact sums, counts,
    extents and each heap's top k."""
    from fastmi._kernels import stream as sk

    a, b = block.shape
    spec = _stream.Spec(k, threshold, both)
    ids = np.arange(max(a + shift, b), dtype=np.int64) + 5
    part = _stream.scan_block(block, ids[shift : shift + a], ids[:b], diagonal, spec, shift=shift)
    lines = {}  # (side, index) -> the entries it sees as (value, partner)
    for i in range(a):
        for j in range(i + shift + 1 if diagonal else 0, b):
            lines.setdefault(("row", i), []).append((block[i, j], ids[j]))
            if both:
                lines.setdefault(("col", j), []).append((block[i, j], part.row_ids[i]))
    for side, n, summary, ext, vals, idx in (
        ("row", a, part.row_sum, part.row_ext, part.row_vals, part.row_idx),
        ("col", b if both else 0, part.col_sum, part.col_ext, part.col_vals, part.col_idx),
    ):
        for r in range(n):
            entries = lines.get((side, r), [])
            v = np.array([e[0] for e in entries], dtype=np.float64)
            seen = v[~np.isnan(v)]
            huge = seen >= 64.0
            assert summary[0, r] == seen.size
            assert summary[5, r] == huge.sum()
            assert summary[6, r] == (seen > spec.cut).sum()
            assert _kernel_totals(summary, r) == _exact_parts(seen[~huge])
            c = np.maximum(seen, 0.0)
            assert ext[0, r] == (c.min() if c.size else np.inf)
            assert ext[1, r] == (c.max() if c.size else -np.inf)
            if k:
                best = sorted((-x, j) for x, j in entries if x == x)[:k]
                slots = zip(vals[r], idx[r], strict=True)
                kept = sorted((-x, j) for x, j in slots if j != sk.EMPTY)
                assert kept == best


@settings(max_examples=40, deadline=None)
@given(
    a=st.integers(1, 4),
    b=st.integers(1, 300),
    k=st.integers(0, 4),
    both=st.booleans(),
    diagonal=st.booleans(),
    levels=st.booleans(),
    threshold=st.sampled_from([None, 0.0, 0.5]),
    seed=st.integers(0, 2**16),
)
def test_scan_tile_matches_plain_python(a, b, k, both, diagonal, levels, threshold, seed):
    """Rows longer than a chunk (CHUNK = 128), ties, NaN, negatives, values
    of every scale, huge and infinite ones."""
    rng = np.random.default_rng(seed)
    if levels:
        block = rng.integers(-2, 6, size=(a, b)) / 4.0
    else:
        block = rng.exponential(size=(a, b)) * 10.0 ** rng.integers(-15, 2, size=(a, b))
    block[rng.random((a, b)) < 0.05] = np.nan
    block[rng.random((a, b)) < 0.01] = np.inf
    block[rng.random((a, b)) < 0.01] = 64.0
    shift = int(rng.integers(0, 3)) if diagonal and b > a + 3 else 0
    both = both or diagonal
    _check_scan(block, k, both, diagonal and b >= a + shift, shift, threshold)


def test_scan_tile_long_runs(rng):
    """Rows and columns of many runs (RUN values between flushes of the int64
    sums), near the largest value summed: an int64 sum of them all would
    overflow."""
    from fastmi._kernels import stream as sk

    row = np.full((1, 5 * sk.RUN + 5), 63.99)
    row[0, ::7] = rng.random(row[0, ::7].shape)
    _check_scan(row, 2, False, False, 0, None)
    column = np.full((5 * sk.RUN + 9, 2), 63.99)
    column[::5, 1] = rng.random(column[::5, 1].shape)
    _check_scan(column, 3, True, False, 0, 1.0)
