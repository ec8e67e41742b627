"""Nearest-neighbour kernels for KSG-type estimators on sorted 1-D columns:
radius counts, k-th neighbour gaps, and the joint k-NN of a pair of columns.

In one dimension a sorted copy beats a tree: the neighbours of a point are
its neighbours in sorted order, so the k-th neighbour distance is a k-step
two-pointer walk and a radius count is the distance between two ends of a
run, found from a bucket index of the column (``count_index``).  Queries
run in sorted order, so consecutive ones touch the same cache lines.  The
multi-dimensional cases use ``fastmi._kernels.kdtree``.

Distances are ``|a - b|`` computed as ``a - b`` with the larger value first,
exactly as the brute-force reference computes them: rounding is monotone, so
``vals[j] - v`` is non-decreasing in j and the binary searches are exact.
"""

from typing import NamedTuple

import numpy as np

from fastmi._jit import kernel
from fastmi._kernels.kdtree import beats, insert_by_id
from fastmi._kernels.scaling import pairwise_sum


@kernel
def ksg_estimate(psi, n, k, algorithm, mean_x, mean_y):
    """The KSG estimate (nats) of Kraskov, Stoegbauer & Grassberger (2004):
    algorithm 1 (eq. 8) ``psi(n) + psi(k) - <psi(n_x + 1)> - <psi(n_y + 1)>``,
    algorithm 2 (eq. 9) ``psi(k) - 1/k + psi(n) - <psi(n_x)> - <psi(n_y)>``,
    given the two means; ``psi[m]`` = digamma(m).  The one place the formula
    is written."""
    if algorithm == 1:
        return psi[n] + psi[k] - mean_x - mean_y
    return psi[k] - 1.0 / k + psi[n] - mean_x - mean_y


@kernel
def fp_estimate(psi, k, mean_xz, mean_yz, mean_z):
    """The conditional MI estimate (nats) of Frenzel & Pompe (2007):
    ``psi(k) - <psi(n_xz + 1)> - <psi(n_yz + 1)> + <psi(n_z + 1)>`` given
    the three means; ``psi[m]`` = digamma(m).  The one place it is written."""
    return psi[k] - mean_xz - mean_yz + mean_z


@kernel(inline=True)
def _inside(gap, rad, strict):
    return gap < rad or (not strict and gap == rad)


@kernel(inline=True)
def _left_end(vals, v, rad, strict, guess, r):
    """First j <= r with ``v - vals[j]`` inside the bound (true at j = r),
    galloping from ``guess`` in whichever direction it is wrong."""
    if _inside(v - vals[guess], rad, strict):
        inside, step, probe = guess, 1, guess - 1
        while probe >= 0 and _inside(v - vals[probe], rad, strict):
            inside = probe
            probe = guess - 2 * step
            step *= 2
        lo, hi = max(probe, -1), inside  # lo outside (or before the array)
    else:
        outside, step, probe = guess, 1, guess + 1
        while probe < r and not _inside(v - vals[probe], rad, strict):
            outside = probe
            probe = guess + 2 * step
            step *= 2
        lo, hi = outside, min(probe, r)
    while hi - lo > 1:
        mid = (lo + hi) >> 1
        if _inside(v - vals[mid], rad, strict):
            hi = mid
        else:
            lo = mid
    return hi


@kernel(inline=True)
def _right_end(vals, v, rad, strict, guess, r):
    """Last j >= r with ``vals[j] - v`` inside the bound (true at j = r)."""
    n = vals.shape[0]
    if _inside(vals[guess] - v, rad, strict):
        inside, step, probe = guess, 1, guess + 1
        while probe < n and _inside(vals[probe] - v, rad, strict):
            inside = probe
            probe = guess + 2 * step
            step *= 2
        lo, hi = inside, min(probe, n)  # hi outside (or past the array)
    else:
        outside, step, probe = guess, 1, guess - 1
        while probe > r and not _inside(vals[probe] - v, rad, strict):
            outside = probe
            probe = guess - 2 * step
            step *= 2
        lo, hi = max(probe, r), outside
    while hi - lo > 1:
        mid = (lo + hi) >> 1
        if _inside(vals[mid] - v, rad, strict):
            lo = mid
        else:
            hi = mid
    return lo


# Radius counts guessed from a bucket index of the sorted column.  A binary
# or galloping search costs a few branch mispredictions per end; a table of
# where equal-width value buckets start puts each end within a window of
# COUNT_WINDOW slots, counted without a data-dependent branch and verified
# exact by one comparison on each side (else a galloping search runs from
# there).  Measured 2.5-4x faster per count than galloping from the
# previous rank's reach (n = 1e3-1e5).

#: Slots counted around each guessed end; also the sentinels on each side
#: of the padded copy, so a window never tests an index.
COUNT_WINDOW = 4


@kernel
def count_table_size(n):
    """Length of the bucket table for n values: 3 buckets per value keep
    three neighbouring buckets within one window for smooth densities
    (tuned with COUNT_WINDOW on Gaussian columns, n = 1e3-1e5)."""
    return 3 * n + 1


@kernel
def count_index(vals, padded, table):
    """Bucket index of sorted ``vals`` for ``count_indexed``.

    Writes ``padded`` (n + 2 * COUNT_WINDOW): ``vals`` between -inf and +inf
    sentinels, and ``table[b]`` (b = 0..m, m = len(table) - 1): the first
    slot of ``padded`` holding a value >= lo + b * (hi - lo) / m.  Returns
    (lo, m / (hi - lo)), the second 0 when that is not finite (a constant
    column: every guess then starts at the first value and is verified).
    """
    n = vals.shape[0]
    w = COUNT_WINDOW
    m = table.shape[0] - 1
    # Element loops, not slice assignments: those compile a shape-mismatch
    # error path (string formatting) that costs seconds of first-run time.
    for t in range(w):
        padded[t] = -np.inf
        padded[w + n + t] = np.inf
    for t in range(n):
        padded[w + t] = vals[t]
    lo = vals[0]
    width = (vals[n - 1] - lo) / m
    j = w
    for b in range(m + 1):
        edge = lo + b * width
        while j < w + n and padded[j] < edge:
            j += 1
        table[b] = j
    inv = 1.0 / width if width > 0.0 else 0.0
    return lo, inv if np.isfinite(inv) else 0.0


@kernel(inline=True)
def _bucket_start(table, lo, inv, t):
    """First slot of the bucket before the one holding value t (clamped,
    NaN-safe, so the index is always inside the table)."""
    top = table.shape[0] - 2.0
    f = (t - lo) * inv
    f = f if f < top else top
    f = f if f > 1.0 else 1.0
    return table[int(f) - 1]


@kernel
def _search_end(vals, v, rad, strict, guess, r, right):
    """Gallop, then bisect, from ``guess`` to one end of point r's range
    (not inlined: the rare path stays out of the hot loop)."""
    if right:
        return _right_end(vals, v, rad, strict, guess, r)
    return _left_end(vals, v, rad, strict, guess, r)


@kernel
def count_indexed(padded, table, lo, inv, radii, strict, out, first, last):
    """For ranks r in ``first:last`` of the sorted values indexed by
    ``count_index``: ``out[r]`` = number of j with ``|vals[j] - vals[r]| <
    radii[r]`` (``strict``) or ``<=``; the point itself is counted (its
    distance is 0) unless the bound is a strict 0."""
    w = COUNT_WINDOW
    n = padded.shape[0] - 2 * w
    vals = padded[w : w + n]
    for r in range(first, last):
        v = vals[r]
        rad = radii[r]
        if strict and rad <= 0.0:
            out[r] = 0
            continue
        # Inside means gap < lim: for floats, gap <= rad iff gap < nextafter(rad).
        lim = rad if strict else np.nextafter(rad, np.inf)
        # Right end: the inside slots of the window follow every slot before it.
        s = _bucket_start(table, lo, inv, v + rad)
        c = 0
        for t in range(w):
            c += padded[s + t] - v < lim
        right = s + c - 1 - w
        if c == w or not padded[s - 1] - v < lim:
            right = _search_end(vals, v, rad, strict, min(max(right, r), n - 1), r, True)
        # Left end: the outside slots of the window follow every slot before it.
        s = _bucket_start(table, lo, inv, v - rad)
        c = 0
        for t in range(w):
            c += v - padded[s + t] >= lim
        left = s + c - w
        if c == w or v - padded[s - 1] < lim:
            left = _search_end(vals, v, rad, strict, min(max(left, 0), r), r, False)
        out[r] = right - left + 1


@kernel
def psi_sum_indexed(padded, table, lo, inv, radii, strict, counts, psi, shift):
    """Sum over ranks r of ``psi[max(n_r - 1, 0) + shift]``, n_r the
    ``count_indexed`` (self included) written to ``counts``; ``psi[m]`` =
    digamma(m), ``shift`` 1 for KSG algorithm 1, 0 for 2."""
    n = counts.shape[0]
    count_indexed(padded, table, lo, inv, radii, strict, counts, 0, n)
    total = 0.0
    for t in range(n):
        total += psi[max(counts[t] - 1, 0) + shift]
    return total


@kernel
def new_count_index(vals):
    """``(padded, table, lo, inv)``: the ``count_index`` of sorted ``vals``
    in arrays allocated here (the arguments ``count_indexed`` starts with)."""
    padded = np.empty(vals.shape[0] + 2 * COUNT_WINDOW)
    table = np.empty(count_table_size(vals.shape[0]), dtype=np.int32)
    lo, inv = count_index(vals, padded, table)
    return padded, table, lo, inv


@kernel
def class_gaps(vals, ranked_codes, sizes, k, rho, k_in):
    """The within-class half of the mixed estimators' neighbour structure of
    one sorted column ``vals``, every class at once: ``ranked_codes`` is the
    class of each rank, ``sizes`` the class sizes (the counts of
    ``ranked_codes``; a size is 0 or at least 2).  For each rank r of a class
    of n_c samples: ``rho[r]`` = distance to its min(k, n_c - 1)-th nearest
    value of its class, ``k_in[r]`` = its class's values within ``rho[r]``
    inclusive (itself included)."""
    n = vals.shape[0]
    # A stable counting sort of the ranks by class (numpy's stable argsort of
    # ``ranked_codes``) leaves each class's values sorted, in one array.
    ends = np.empty(sizes.shape[0], dtype=np.int64)
    total = 0
    for c in range(sizes.shape[0]):
        ends[c] = total  # the class's next free slot until the loop below
        total += sizes[c]
    grouped = np.empty(n)
    rank_of = np.empty(n, dtype=np.int64)
    for r in range(n):
        p = ends[ranked_codes[r]]
        grouped[p] = vals[r]
        rank_of[p] = r
        ends[ranked_codes[r]] = p + 1
    gaps = np.empty(n)
    start = 0
    for c in range(sizes.shape[0]):
        size = ends[c] - start
        if size > 1:
            part = grouped[start : ends[c]]
            kth_gap(part, min(k, size - 1), gaps[start : ends[c]], 0, size)
            # The count within the gap: the k-th neighbour is a few ranks away,
            # so gallop from the point's own rank (no index to build per class).
            for t in range(size):
                v = part[t]
                rad = gaps[start + t]
                left = _left_end(part, v, rad, False, t, t)
                right = _right_end(part, v, rad, False, t, t)
                r = rank_of[start + t]
                rho[r] = rad
                k_in[r] = right - left + 1
        start = ends[c]


@kernel
def ross_estimate(column, order, codes, k, psi):
    """Ross's estimate (``fastmi.continuous.mixed_raw``, method "ross") of
    one column in one call, with the same bits: classes of one sample are
    dropped as ``mixed_raw`` drops them (0.0 if none is left), and the means
    of psi(k_in), psi(n_c) and psi(m_in) are summed as numpy's ``mean``
    sums them (pairwise, sample order).  ``order``: the sample at each rank
    of ``column``; ``codes``: each sample's class (0 or more); ``psi[m]`` =
    digamma(m) for m up to len(column) + 1."""
    n = column.shape[0]
    n_classes = 0
    for i in range(n):
        n_classes = max(n_classes, codes[i] + 1)
    sizes = np.zeros(n_classes, dtype=np.int64)
    for i in range(n):
        sizes[codes[i]] += 1
    # Classes of one sample have no neighbour: dropped, the kept samples
    # numbered in sample order (the order of mixed_raw's ``x[keep]``).
    kept = np.empty(n, dtype=np.int64)
    m = 0
    for i in range(n):
        if sizes[codes[i]] > 1:
            kept[i] = m
            m += 1
    if m == 0:
        return 0.0
    vals = np.empty(m)  # the kept samples' values, sorted
    sample = np.empty(m, dtype=np.int64)  # the kept sample at each rank
    ranked_codes = np.empty(m, dtype=np.int64)
    r = 0
    for j in range(n):
        i = order[j]
        if sizes[codes[i]] > 1:
            vals[r] = column[i]
            sample[r] = kept[i]
            ranked_codes[r] = codes[i]
            r += 1
    for c in range(n_classes):  # the kept classes' sizes, as class_gaps takes them
        if sizes[c] == 1:
            sizes[c] = 0
    rho = np.empty(m)
    k_in = np.empty(m, dtype=np.int64)
    class_gaps(vals, ranked_codes, sizes, k, rho, k_in)
    m_in = np.empty(m, dtype=np.int64)
    for r in range(m):  # gallops: at these sizes cheaper than a bucket index
        left = _left_end(vals, vals[r], rho[r], False, r, r)
        right = _right_end(vals, vals[r], rho[r], False, r, r)
        m_in[r] = right - left + 1
    terms = np.empty(m)
    for r in range(m):  # counts include the sample itself
        terms[sample[r]] = psi[max(k_in[r] - 1, 0)]
    mean_k = pairwise_sum(terms, 0, m) / m
    for i in range(n):
        if sizes[codes[i]] > 1:
            terms[kept[i]] = psi[sizes[codes[i]]]
    mean_size = pairwise_sum(terms, 0, m) / m
    for r in range(m):
        terms[sample[r]] = psi[max(m_in[r] - 1, 0)]
    mean_m = pairwise_sum(terms, 0, m) / m
    return psi[m] + mean_k - mean_size - mean_m


@kernel
def psi_sum_around(vals, radii, strict, counts, psi, shift):
    """``psi_sum_indexed`` of sorted ``vals`` through an index made here."""
    padded, table, lo, inv = new_count_index(vals)
    return psi_sum_indexed(padded, table, lo, inv, radii, strict, counts, psi, shift)


@kernel
def kth_gap(vals, k, out, first, last):
    """For ranks r in ``first:last`` of sorted ``vals`` (n > k): ``out[r]`` =
    distance from ``vals[r]`` to its k-th nearest other value."""
    n = vals.shape[0]
    for r in range(first, last):
        v = vals[r]
        left = r - 1
        right = r + 1
        dist = 0.0
        for _ in range(k):
            if left < 0:
                dist = vals[right] - v
                right += 1
            elif right >= n:
                dist = v - vals[left]
                left -= 1
            else:
                d_left = v - vals[left]
                d_right = vals[right] - v
                if d_left <= d_right:
                    dist = d_left
                    left -= 1
                else:
                    dist = d_right
                    right += 1
        out[r] = dist


@kernel
def marginal_radii(points, pos, n_x, eps_x, eps_y):
    """KSG algorithm 2: for every tree point i, the largest x- and y-distance
    (max-norm over columns ``:n_x`` and ``n_x:``) to its k nearest joint
    neighbours ``pos[i]`` (k + 1 positions, i itself among them)."""
    n, d = points.shape
    m = pos.shape[1]
    for i in range(n):
        skip = m - 1  # drop i itself, or the farthest if i is not listed (duplicates)
        for t in range(m):
            if pos[i, t] == i:
                skip = t
                break
        ex = 0.0
        ey = 0.0
        for t in range(m):
            if t == skip:
                continue
            j = pos[i, t]
            for c in range(d):
                diff = abs(points[i, c] - points[j, c])
                if c < n_x:
                    if diff > ex:
                        ex = diff
                elif diff > ey:
                    ey = diff
        eps_x[i] = ex
        eps_y[i] = ey


# ------------------------------------------------------------------------
# Joint k-NN of a pair of 1-D variables (the 2-D max-norm space of KSG).
#
# Why a grid on ranks and not a tree: the sorted orders of x and y are needed
# anyway for the marginal counts, so cells of equal marginal *rank* width
# cost one counting-sort pass (no O(n log n) build), adapt to any marginal
# distribution, and a cell's points, bucketed in x order, stay sorted by x.
# When x and y are strongly dependent, points crowd into few cells; a binary
# search for the query's x inside each cell then keeps the scan to the
# points whose x is within the current k-th distance.  Cells are scanned in
# rings of growing Chebyshev index distance until the nearest side of the
# next ring is farther than the current k-th neighbour, which is exact.
# Measured 2-3x faster than building and querying the KD-tree on 1e4-1e6
# pairs (independent, curved and nearly identical x and y alike).


class Grid(NamedTuple):
    """A g x g grid of marginal-rank cells over n points (``grid_build``)."""

    g: int
    cell_start: np.ndarray  # (g * g + 1,) int64
    px: np.ndarray  # (n,) x of the points, cell by cell
    py: np.ndarray  # (n,) y
    pid: np.ndarray  # (n,) int64 sample ids
    pcell: np.ndarray  # (n,) int64 cell ids
    col_lo: np.ndarray  # (g,) smallest x of each column
    col_hi: np.ndarray  # (g,) largest x
    row_lo: np.ndarray  # (g,) smallest y of each row
    row_hi: np.ndarray  # (g,) largest y


@kernel
def new_grid(n, g):
    """The arrays of a ``Grid`` of side g for n points (filled by ``grid_build``)."""
    pid = np.empty(n, dtype=np.int64)
    pcell = np.empty(n, dtype=np.int64)
    cell_start = np.empty(g * g + 1, dtype=np.int64)
    return Grid(g, cell_start, np.empty(n), np.empty(n), pid, pcell,
                np.empty(g), np.empty(g), np.empty(g), np.empty(g))  # fmt: skip


@kernel
def grid_build(x_sorted, x_order, y_sorted, y_order, grid):
    """Bucket n points into a g x g grid of marginal-rank cells.

    Cell (a, b) holds the points whose x-rank r satisfies r * g // n == a and
    whose y-rank s satisfies s * g // n == b; they are stored contiguously
    (``cell_start``) in x order in ``px``, ``py`` with sample ids ``pid`` and
    cell ids ``pcell``.  ``col_lo``/``col_hi`` (``row_lo``/``row_hi``) are the
    smallest and largest x (y) of each column (row).  Needs 1 <= g <= n.
    """
    g, cell_start, px, py, pid, pcell, col_lo, col_hi, row_lo, row_hi = grid
    n = x_sorted.shape[0]
    rank_y = np.empty(n, dtype=np.int64)
    for s in range(n):
        rank_y[y_order[s]] = s
        b = s * g // n
        if s == 0 or (s - 1) * g // n != b:
            row_lo[b] = y_sorted[s]
        row_hi[b] = y_sorted[s]
    cell_start[:] = 0
    for r in range(n):
        a = r * g // n
        if r == 0 or (r - 1) * g // n != a:
            col_lo[a] = x_sorted[r]
        col_hi[a] = x_sorted[r]
        cell_start[a * g + rank_y[x_order[r]] * g // n + 1] += 1
    for c in range(g * g):
        cell_start[c + 1] += cell_start[c]
    fill = cell_start[:-1].copy()
    for r in range(n):
        i = x_order[r]
        c = (r * g // n) * g + rank_y[i] * g // n
        pos = fill[c]
        fill[c] += 1
        px[pos] = x_sorted[r]
        py[pos] = y_sorted[rank_y[i]]
        pid[pos] = i
        pcell[pos] = c


@kernel(inline=True)
def _lower_bound(px, lo, hi, qx):
    """First position in px[lo:hi] (sorted) with px >= qx."""
    a, b = lo, hi
    while a < b:
        mid = (a + b) // 2
        if px[mid] < qx:
            a = mid + 1
        else:
            b = mid
    return a


@kernel(inline=True)
def _scan_cell(qx, qy, px, py, pid, lo, hi, a, best_d, best_i):
    """Offer the points of one cell (px[lo:hi] sorted) to the k-best lists,
    walking out from position ``a`` (where qx would sit) in both directions
    while |dx| can still reach the k-th (equal distances compete by id)."""
    k = best_d.shape[0]
    j = a
    while j < hi:
        dx = abs(qx - px[j])
        if dx > best_d[k - 1]:
            break
        dy = abs(qy - py[j])
        dist = dx if dx > dy else dy
        if beats(dist, j, best_d, best_i, pid):
            insert_by_id(best_d, best_i, dist, j, pid)
        j += 1
    j = a - 1
    while j >= lo:
        dx = abs(qx - px[j])
        if dx > best_d[k - 1]:
            break
        dy = abs(qy - py[j])
        dist = dx if dx > dy else dy
        if beats(dist, j, best_d, best_i, pid):
            insert_by_id(best_d, best_i, dist, j, pid)
        j -= 1


@kernel(inline=True)
def _gap(q, lo, hi):
    """Distance from q to the interval [lo, hi] (0 inside)."""
    if q < lo:
        return lo - q
    if q > hi:
        return q - hi
    return 0.0


@kernel
def grid_knn(grid, m, out_dist, out_idx, first, last):
    """The m nearest points (max-norm; the point itself included) of grid
    positions ``first:last``: ``out_dist[pid[p]]`` is the m-th distance and
    ``out_idx[pid[p], :]`` the sample ids, nearest first (``out_idx`` may
    have 0 columns when ids are not needed).

    Equal distances are ordered by sample id (lower first), so the set of
    neighbours is that of ``fastmi.reference`` (a stable sort) whatever the
    order of the arguments: KSG algorithm 2 depends on which of several
    tied points are the k nearest.  Cells at exactly the k-th distance are
    therefore searched too (slower on heavily tied data without jitter)."""
    g, cell_start, px, py, pid, pcell, col_lo, col_hi, row_lo, row_hi = grid
    best_d = np.empty(m)
    best_i = np.empty(m, dtype=np.int64)
    want_ids = out_idx.shape[1] > 0
    for p in range(first, last):
        qx = px[p]
        qy = py[p]
        own = pcell[p]
        cx = own // g
        cy = own - cx * g
        for j in range(m):
            best_d[j] = np.inf
            best_i[j] = -1
        # Ring 0, the query's own cell: the query sits at position p of it.
        _scan_cell(qx, qy, px, py, pid, cell_start[own], cell_start[own + 1], p, best_d, best_i)
        t = 1
        while True:
            # Nearest possible point of ring t: beyond one of its four sides.
            bound = np.inf
            if cx - t >= 0:
                bound = min(bound, qx - col_hi[cx - t])
            if cx + t < g:
                bound = min(bound, col_lo[cx + t] - qx)
            if cy - t >= 0:
                bound = min(bound, qy - row_hi[cy - t])
            if cy + t < g:
                bound = min(bound, row_lo[cy + t] - qy)
            # bound = inf: no ring left (the k-th is finite by then, as n > k).
            if bound > best_d[m - 1] or bound == np.inf:
                break
            b_hi = min(cy + t, g - 1)
            for a in range(max(cx - t, 0), min(cx + t, g - 1) + 1):
                if _gap(qx, col_lo[a], col_hi[a]) > best_d[m - 1]:
                    continue
                if a == cx - t or a == cx + t:  # a side column: every row of the ring
                    b, step = max(cy - t, 0), 1
                else:  # an inner column: only the top and bottom rows
                    b, step = cy - t, 2 * t
                while b <= b_hi:
                    if b >= 0:
                        c = a * g + b
                        lo, hi = cell_start[c], cell_start[c + 1]
                        if hi > lo and _gap(qy, row_lo[b], row_hi[b]) <= best_d[m - 1]:
                            start = _lower_bound(px, lo, hi, qx)
                            _scan_cell(qx, qy, px, py, pid, lo, hi, start, best_d, best_i)
                    b += step
            t += 1
        i = pid[p]
        out_dist[i] = best_d[m - 1]
        if want_ids:
            for j in range(m):
                out_idx[i, j] = pid[best_i[j]]


# ------------------------------------------------------------------------
# Joint k-NN distances of a pair of 1-D variables in y-rank bands (KSG
# algorithm 1: distances only, no neighbour ids).
#
# Why bands and not the rank grid above: a band is a run of consecutive
# y-ranks stored in x order, so a query's candidates in a band are a run
# around where its x would sit, and queries taken in x order know that
# position in every band from a running count (no search).  The cost of a
# search is branch mispredictions, not arithmetic, so each query first
# offers a fixed window of BAND_WINDOW points on each side in its own band
# and in the bands above and below, without a data-dependent branch, into
# three k-best registers (k <= 3, KSG's usual k); it is exact when every
# point outside the windows is provably no nearer than the k-th distance
# found (the x gap at each window's ends, the y gap to the bands two away),
# which holds for ~83% of queries at 0.7 * sqrt(n) bands.  The other
# queries resume from the windows with their k best, and k > 3 starts from
# nothing: walks outwards band by band until the y gap to the next band is
# at least the k-th distance.  Measured 2.4-2.9x faster than walking every
# query (n = 1e3-1e5, independent, curved and nearly identical x and y).
# The k-th distance is a function of the multiset of distances only, so it
# is the same, bit for bit, as the grid's and the brute-force reference's.

#: Points offered on each side of a query in each of its three bands.
BAND_WINDOW = 4
#: Sentinels (x = -inf before, +inf after) around every band, so windows
#: and walks never test an index.
BAND_PAD = BAND_WINDOW + 1


@kernel
def band_count(n):
    """Number of y-rank bands used for n points (1 <= bands <= n)."""
    return max(1, min(n, int(0.7 * np.sqrt(n))))


@kernel
def band_size(n, nb):
    """Length of the band arrays ``bx``, ``by``, ``byr`` for n points in nb
    bands (two empty bands of sentinels bracket the nb real ones)."""
    return n + (nb + 2) * 2 * BAND_PAD


class Bands(NamedTuple):
    """Bands of consecutive y-ranks of n points, x-sorted inside (``band_build``)."""

    nb: int
    start: np.ndarray  # (nb + 3,) int64 first slot of each band
    bx: np.ndarray  # (band_size,) x of the points, band by band, with sentinels
    by: np.ndarray  # (band_size,) y
    byr: np.ndarray  # (band_size,) int64 y-rank
    row_lo: np.ndarray  # (nb + 2,) smallest y of each band
    row_hi: np.ndarray  # (nb + 2,) largest y
    slot: np.ndarray  # (2, n) int64 slot and band of the point of each x-rank


@kernel
def new_bands(n):
    """The arrays of the ``Bands`` of n points (filled by ``band_build``)."""
    nb = band_count(n)
    size = band_size(n, nb)
    start = np.empty(nb + 3, dtype=np.int64)
    byr = np.empty(size, dtype=np.int64)
    slot = np.empty((2, n), dtype=np.int64)
    return Bands(nb, start, np.empty(size), np.empty(size), byr,
                 np.empty(nb + 2), np.empty(nb + 2), slot)  # fmt: skip


@kernel
def band_build(x_sorted, x_order, y_sorted, y_rank, bands):
    """Bucket n points into ``nb`` bands of consecutive y-ranks, x-sorted inside.

    Band b (1..nb; 0 and nb + 1 are empty) holds the points of y-rank s with
    s * nb // n == b - 1 at ``start[b] + BAND_PAD`` up to
    ``start[b + 1] - BAND_PAD``, in x order: values ``bx``, ``by`` and y-rank
    ``byr``; the ``BAND_PAD`` slots at each end are sentinels.  ``row_lo`` /
    ``row_hi`` are each band's y range (-inf / +inf for the empty bands);
    ``slot[0, r]`` is where the point of x-rank r is stored, ``slot[1, r]``
    its band.  ``y_rank`` is the inverse permutation of the y order.  Needs
    1 <= nb <= n (``new_bands`` allocates them).
    """
    nb, start, bx, by, byr, row_lo, row_hi, slot = bands
    n = x_sorted.shape[0]
    fill = np.empty(nb + 2, dtype=np.int64)
    fill[0] = fill[nb + 1] = 0
    rank_band = np.empty(n, dtype=np.int64)
    for c in range(nb):  # y-ranks ceil(c n / nb) .. ceil((c + 1) n / nb) - 1
        first = (c * n + nb - 1) // nb
        end = ((c + 1) * n + nb - 1) // nb
        rank_band[first:end] = c + 1
        fill[c + 1] = end - first
        row_lo[c + 1] = y_sorted[first]
        row_hi[c + 1] = y_sorted[end - 1]
    row_lo[0] = row_hi[0] = -np.inf
    row_lo[nb + 1] = row_hi[nb + 1] = np.inf
    start[0] = 0
    for b in range(nb + 2):
        start[b + 1] = start[b] + fill[b] + 2 * BAND_PAD
        for t in range(BAND_PAD):
            bx[start[b] + t] = -np.inf
            bx[start[b + 1] - 1 - t] = np.inf
            by[start[b] + t] = 0.0
            by[start[b + 1] - 1 - t] = 0.0
        fill[b] = start[b] + BAND_PAD
    for r in range(n):
        s = y_rank[x_order[r]]
        b = rank_band[s]
        pos = fill[b]
        fill[b] = pos + 1
        bx[pos] = x_sorted[r]
        by[pos] = y_sorted[s]
        byr[pos] = s
        slot[0, r] = pos
        slot[1, r] = b


@kernel(inline=True)
def insert_sorted(best, d):
    """Insert ``d`` into the sorted k-best distances ``best`` (d beats the
    k-th).  Returns the new k-th distance."""
    k = best.shape[0]
    t = k - 1
    while t > 0 and best[t - 1] > d:
        best[t] = best[t - 1]
        t -= 1
    best[t] = d
    return best[k - 1]


@kernel(inline=True)
def _offer_walk(bx, by, right, left, qx, qy, best, kth):
    """Offer band points to the k-best distances ``best``: rightwards from
    ``right`` and leftwards from ``left`` while |dx| can still beat the k-th
    (the sentinels end every walk, NaN included: ``not dx < kth``, so that
    no value can walk out of the arrays).  Returns the new k-th distance.

    One loop for both sides (``sign`` flips bx - qx to qx - bx exactly): each
    inlined copy of the insertion costs compile time, not speed."""
    for side in range(2):
        j = right if side == 0 else left
        step = 1 if side == 0 else -1
        sign = 1.0 if side == 0 else -1.0
        while True:
            dx = sign * (bx[j] - qx)
            if not dx < kth:
                break
            dy = abs(by[j] - qy)
            d = dx if dx > dy else dy
            if d < kth:
                kth = insert_sorted(best, d)
            j += step
    return kth


@kernel(inline=True)
def _offer3(d, b0, b1, b2):
    """Insert ``d`` into the sorted registers b0 <= b1 <= b2, branch-free."""
    lo = min(b0, d)
    d = max(b0, d)
    b0 = lo
    lo = min(b1, d)
    d = max(b1, d)
    return b0, lo, min(b2, d)


@kernel(inline=True)
def _merge3(a0, a1, a2, c0, c1, c2):
    """The three smallest of two sorted triples, sorted: they are
    min(a0, c2), min(a1, c1), min(a2, c0) (a bitonic half-cleaner)."""
    x = min(a0, c2)
    y = min(a1, c1)
    z = min(a2, c0)
    x, y = min(x, y), max(x, y)
    y, z = min(y, z), max(y, z)
    return min(x, y), max(x, y), z


@kernel(inline=True)
def _offer_run(bx, by, right, left, qx, qy, b0, b1, b2):
    """Offer the BAND_WINDOW points from ``right`` rightwards and from
    ``left`` leftwards to three k-best registers."""
    for t in range(BAND_WINDOW):
        d = max(bx[right + t] - qx, abs(by[right + t] - qy))
        b0, b1, b2 = _offer3(d, b0, b1, b2)
        d = max(qx - bx[left - t], abs(by[left - t] - qy))
        b0, b1, b2 = _offer3(d, b0, b1, b2)
    return b0, b1, b2


@kernel(inline=True)
def _window_kth(bx, by, row_lo, row_hi, b, q, nxt, qx, qy, best):
    """The k-th distance (k = len(best) <= 3) of the point at slot q of band
    b, from the windows around q and around where its x falls in bands
    b + 1 and b - 1 (``nxt``), else resuming from them (``_walk_kth``)."""
    up = nxt[b + 1]
    down = nxt[b - 1]
    inf = np.inf
    a0, a1, a2 = _offer_run(bx, by, q + 1, q - 1, qx, qy, inf, inf, inf)
    c0, c1, c2 = _offer_run(bx, by, up, up - 1, qx, qy, inf, inf, inf)
    e0, e1, e2 = _offer_run(bx, by, down, down - 1, qx, qy, inf, inf, inf)
    a0, a1, a2 = _merge3(a0, a1, a2, c0, c1, c2)  # the three chains were independent
    a0, a1, a2 = _merge3(a0, a1, a2, e0, e1, e2)
    k = best.shape[0]
    kth = a0 if k == 1 else a1 if k == 2 else a2
    w = BAND_WINDOW
    gap = min(bx[q + w + 1] - qx, qx - bx[q - w - 1])
    gap = min(gap, min(bx[up + w] - qx, qx - bx[up - w - 1]))
    gap = min(gap, min(bx[down + w] - qx, qx - bx[down - w - 1]))
    if b + 2 < row_lo.shape[0]:
        gap = min(gap, row_lo[b + 2] - qy)
    if b >= 2:
        gap = min(gap, qy - row_hi[b - 2])
    if gap >= kth:  # nothing outside the windows can be nearer
        return kth
    for t, d in enumerate((a0, a1, a2)):
        if t < k:
            best[t] = d
    return _walk_kth(bx, by, row_lo, row_hi, b, q, nxt, qx, qy, best, w)


@kernel(inline=True)
def _walk_kth(bx, by, row_lo, row_hi, b, q, nxt, qx, qy, best, skip):
    """The k-th distance (k = len(best)) of the point at slot q of band b.

    ``nxt[c]`` is where q's x falls in band c.  ``best`` holds the k smallest
    distances to the ``skip`` slots on each side of q and of ``nxt[b + 1]``
    and ``nxt[b - 1]`` (all inf when ``skip`` is 0); the walks go on from
    there: q's band, then rounds of one band up and one band down, outwards,
    each while the y gap to it is below the k-th distance at the round's
    start (exact).  One call site of the walk (a band per iteration): the
    inlined copies were most of this kernel's compile time."""
    kth = best[best.shape[0] - 1]
    right, left = q + 1 + skip, q - 1 - skip
    up = b + 1
    down = b - 1
    down_due = False  # the round's downward band comes next
    while True:
        kth = _offer_walk(bx, by, right, left, qx, qy, best, kth)
        if down_due:
            c = down
            down -= 1
            down_due = False
        else:
            go_up = row_lo[up] - qy < kth  # the empty band nb + 1 has row_lo = inf
            go_down = qy - row_hi[down] < kth  # the empty band 0 has row_hi = -inf
            if go_up:
                c = up
                up += 1
                down_due = go_down
            elif go_down:
                c = down
                down -= 1
            else:
                return kth
        s = skip if c == b + 1 or c == b - 1 else 0
        right, left = nxt[c] + s, nxt[c] - 1 - s


@kernel
def band_knn(bands, k, eps_x, eps_y, first, last):
    """For the points of x-ranks ``first:last`` of ``bands`` (``band_build``):
    the max-norm distance to the k-th nearest other point, written by x-rank
    into ``eps_x`` and by y-rank into ``eps_y``."""
    nb, start, bx, by, byr, row_lo, row_hi, slot = bands
    best = np.empty(k)
    # Insertion point of the next query's x in every band: the slot after
    # the band's points of lower x-rank.
    nxt = np.empty(nb + 2, dtype=np.int64)
    for b in range(nb + 2):
        nxt[b] = start[b] + BAND_PAD
    for r in range(first):
        nxt[slot[1, r]] += 1
    for r in range(first, last):
        q = slot[0, r]
        b = slot[1, r]
        qx = bx[q]
        qy = by[q]
        # Two inlined copies of the walk: one call site (a flag from the windows)
        # compiles in half the time but costs 25% per pair (measured).
        if k <= 3:
            kth = _window_kth(bx, by, row_lo, row_hi, b, q, nxt, qx, qy, best)
        else:
            best[:] = np.inf
            kth = _walk_kth(bx, by, row_lo, row_hi, b, q, nxt, qx, qy, best, 0)
        nxt[b] = q + 1
        eps_x[r] = kth
        eps_y[byr[q]] = kth


@kernel
def _index_rows(sorted_rows, span):
    """``count_index`` of rows ``span[0]:span[1]`` of (p, n) sorted columns."""
    n = sorted_rows.shape[1]
    m = span[1] - span[0]
    padded = np.empty((m, n + 2 * COUNT_WINDOW))
    table = np.empty((m, count_table_size(n)), dtype=np.int32)
    lo = np.empty(m)
    inv = np.empty(m)
    for t in range(m):
        lo[t], inv[t] = count_index(sorted_rows[span[0] + t], padded[t], table[t])
    return padded, table, lo, inv


@kernel
def ksg1_block(a, b, b_rank, rows, cols, symmetric, k, psi, scale, out, out_rows, out_cols):
    """KSG algorithm 1 (nats / ``scale``) of columns a[i], b[j] for i in
    [rows), j in [cols) into out[out_rows[i], out_cols[j]]; when
    ``symmetric`` only j > i, mirrored, and the diagonal is NaN.

    a, b : ``tiles.ContinuousFeatures`` (the stable sort order and sorted
    values of each column, one per row); ``b_rank`` (p_b, n) the rank of
    each sample of b's columns.  The tile arguments are those of every tile
    kernel (``tiles.ksg_block``, ``bitplane.discrete_block``).  Per pair: ``band_build``,
    ``band_knn``, ``count_indexed`` in both sorted columns (indexed once
    per block), and
    ``psi[n] + psi[k] - <psi(n_x + 1)> - <psi(n_y + 1)>`` with ``psi[m]`` =
    digamma(m); all buffers are allocated once per block.
    """
    a_order, a_sorted, b_sorted = a.order, a.sorted_values, b.sorted_values
    n = a_sorted.shape[1]
    bands = new_bands(n)
    eps_x = np.empty(n)
    eps_y = np.empty(n)
    counts = np.empty(n, dtype=np.int64)
    a_pad, a_table, a_lo, a_inv = _index_rows(a_sorted, rows)
    b_pad, b_table, b_lo, b_inv = _index_rows(b_sorted, cols)
    for i in range(rows[0], rows[1]):
        if symmetric and cols[0] <= i < cols[1]:
            out[out_rows[i], out_cols[i]] = np.nan  # a continuous self-MI is infinite
        j_first = max(cols[0], i + 1) if symmetric else cols[0]
        ia = i - rows[0]
        for j in range(j_first, cols[1]):
            jb = j - cols[0]
            band_build(a_sorted[i], a_order[i], b_sorted[j], b_rank[j], bands)
            band_knn(bands, k, eps_x, eps_y, 0, n)
            sum_x = psi_sum_indexed(a_pad[ia], a_table[ia], a_lo[ia], a_inv[ia], eps_x, True,
                                    counts, psi, 1)  # fmt: skip
            sum_y = psi_sum_indexed(b_pad[jb], b_table[jb], b_lo[jb], b_inv[jb], eps_y, True,
                                    counts, psi, 1)  # fmt: skip
            value = ksg_estimate(psi, n, k, 1, sum_x / n, sum_y / n) / scale
            out[out_rows[i], out_cols[j]] = value
            if symmetric:
                out[out_cols[j], out_rows[i]] = value
