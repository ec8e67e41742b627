"""Network kernels: MI-matrix cleaning and ARACNE's data processing inequality.

ARACNE (Margolin et al. 2006) removes the edge r -> t when some regulator k
(k != r, t) has M(r, t) < (1 - tolerance) * min(M(r, k), M(k, t)) - eps.
A triple loop is O(n_tfs^2 p) whatever the data.  Here regulator r's
partners k are visited in order of decreasing M(r, k); a target t is settled
(kept) at the first k with M(r, t) >= (1 - tolerance) * M(r, k) - eps, since
no weaker partner can prune it any more.  The targets still open are kept in
a compacted list, so each partner's step streams one row M(k, .) of the
block.  For the sparse-looking MI matrices of expression data most targets
settle within a few partners.

The kernel works in place on the (n_tfs, p) block, float32 or float64: a
pruned entry is marked by negating it, and every read of another row goes
through ``abs``, so each decision is made on the input values whatever the
thread schedule.  The caller clips the marks to 0 afterwards.
"""

import numpy as np

from fastmi._jit import kernel

#: Side of the square tiles of the symmetric cleaning pass (cache-sized).
_TILE = 64


@kernel
def clean_square(values, rtol):
    """Clean a square MI matrix in place; returns (n_nan, n_inf, n_asymmetric).

    Off the diagonal each pair (i, j) becomes the mean of its two entries,
    clipped to >= 0; the diagonal becomes 0.  NaN/inf entries are counted
    (and left alone), as are pairs whose two entries differ by more than
    ``rtol`` relative (plus 1e-12 absolute)."""
    p = values.shape[0]
    n_nan = 0
    n_inf = 0
    n_asym = 0
    for i0 in range(0, p, _TILE):
        i1 = min(i0 + _TILE, p)
        for j0 in range(i0, p, _TILE):
            j1 = min(j0 + _TILE, p)
            for i in range(i0, i1):
                for j in range(max(j0, i + 1), j1):
                    a = np.float64(values[i, j])
                    b = np.float64(values[j, i])
                    if np.isnan(a) or np.isnan(b):
                        n_nan += np.isnan(a) + np.isnan(b)
                        continue
                    if np.isinf(a) or np.isinf(b):
                        n_inf += np.isinf(a) + np.isinf(b)
                        continue
                    if abs(a - b) > rtol * max(abs(a), abs(b)) + 1e-12:
                        n_asym += 1
                    m = max(0.5 * (a + b), 0.0)
                    values[i, j] = m
                    values[j, i] = m
        for i in range(i0, i1):
            values[i, i] = 0.0
    return n_nan, n_inf, n_asym


@kernel
def clean_block(values, rows):
    """Clean a TF x gene MI block in place; returns (n_nan, n_inf, 0).

    ``values[a, rows[a]]`` (a TF with itself) becomes 0, negatives become 0,
    NaN/inf entries are counted and left alone.  The two estimates of each
    TF pair, ``values[a, rows[b]]`` and ``values[b, rows[a]]``, become their
    mean, so that the edges r -> k and k -> r agree."""
    n_nan = 0
    n_inf = 0
    for a in range(values.shape[0]):
        values[a, rows[a]] = 0.0
        for g in range(values.shape[1]):
            x = values[a, g]
            if np.isnan(x):
                n_nan += 1
            elif np.isinf(x):
                n_inf += 1
            elif x < 0:
                values[a, g] = 0.0
    if n_nan == 0 and n_inf == 0:
        for a in range(values.shape[0]):
            for b in range(a + 1, values.shape[0]):
                m = 0.5 * (np.float64(values[a, rows[b]]) + np.float64(values[b, rows[a]]))
                values[a, rows[b]] = m
                values[b, rows[a]] = m
    return n_nan, n_inf, 0


@kernel
def aracne_mark(values, rows, scale, eps, first, last):
    """Negate the entries of rows ``first:last`` that the DPI prunes.

    ``values`` (n_tfs, p) holds M(rows[a], g) >= 0 with zero self-entries
    (entries of other rows may be negated already: they are read by
    ``abs``); ``rows`` the regulators' column indexes.  The edge
    rows[a] -> t is pruned when some b has
    M(rows[a], t) < scale * min(M(rows[a], rows[b]), M(rows[b], t)) - eps,
    with scale = 1 - tolerance in (0, 1]."""
    n_tfs, p = values.shape
    partner = np.empty(n_tfs)
    open_targets = np.empty(p, dtype=np.int64)
    for a in range(first, last):
        for b in range(n_tfs):
            partner[b] = abs(values[a, rows[b]])
        order = np.argsort(-partner)
        n_open = 0
        for t in range(p):
            if values[a, t] > 0:  # a zero edge stays zero either way
                open_targets[n_open] = t
                n_open += 1
        for s in range(n_tfs):
            b = order[s]
            bound = scale * partner[b] - eps  # prune M(r, t) < bound
            if n_open == 0 or not bound > 0:
                break  # weaker partners give smaller bounds: every target is settled
            still_open = 0
            for u in range(n_open):
                t = open_targets[u]
                m = values[a, t]
                if not m < bound:
                    continue  # settled: kept
                if m < scale * abs(values[b, t]) - eps:
                    values[a, t] = -m  # pruned (M(k, k) = 0 never prunes)
                else:
                    open_targets[still_open] = t
                    still_open += 1
            n_open = still_open


@kernel
def aracne_sparse_mark(indptr, indices, data, scale, eps, first, last, pruned):
    """ARACNE's DPI over the triangles of a symmetric sparse network (CSR
    with sorted column indices, values >= 0): ``pruned[e]`` is set for the
    stored entries e = (r, t) of rows ``first:last`` with some k stored in
    both rows r and t such that M(r, t) < scale * min(M(r, k), M(k, t)) - eps
    (the rule of ``aracne_mark``; an edge that is not stored is 0 and never
    prunes).  Rows of r and t are intersected by a merge of their indices."""
    for r in range(first, last):
        for e in range(indptr[r], indptr[r + 1]):
            t = indices[e]
            m = data[e]
            if t == r or not m > 0:
                continue
            a, a_end = indptr[r], indptr[r + 1]
            b, b_end = indptr[t], indptr[t + 1]
            while a < a_end and b < b_end:
                ka, kb = indices[a], indices[b]
                if ka < kb:
                    a += 1
                elif kb < ka:
                    b += 1
                else:
                    if ka != r and ka != t:
                        if m < scale * data[a] - eps and m < scale * data[b] - eps:
                            pruned[e] = True
                            break
                    a += 1
                    b += 1
