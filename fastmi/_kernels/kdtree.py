"""A KD-tree stored as flat arrays: build, k-nearest neighbours, radius counts.

Layout (all plain arrays, so kernels cache on disk; no jitclass):

* ``points``: the data rows reordered so that every node owns a contiguous
  slice ``points[start[node]:end[node]]``; ``perm[i]`` is the original row of
  ``points[i]``.
* Nodes are numbered in heap order (children of ``v`` are ``2v+1``, ``2v+2``)
  and every split is at the median, so the tree is complete: nodes
  ``>= n_internal`` are the leaves and no child pointers are stored.
* ``lo``/``hi``: the bounding box of each node's points, used to prune.

Distances: ``p = 0`` is the max-norm (Chebyshev; the KSG metric), ``p = 2``
is Euclidean.  Euclidean distances are compared squared and rooted only on
output.  Pruning is exact: rounding is monotone, so a box bound computed in
floating point never excludes a point whose own computed distance qualifies.

Every distance is ``|a - b|`` computed in that order, as in
``fastmi.reference``, so counts agree bit for bit with brute force.
"""

import numpy as np

from fastmi._jit import kernel

MAX_NORM = 0
EUCLIDEAN = 2


@kernel
def n_levels(n, leafsize):
    """Levels of the complete tree whose leaves hold at most ``leafsize`` points."""
    levels = 1
    cap = leafsize
    while cap < n:
        cap *= 2
        levels += 1
    return levels


@kernel(inline=True)
def _swap_rows(points, perm, i, j):
    for c in range(points.shape[1]):
        points[i, c], points[j, c] = points[j, c], points[i, c]
    perm[i], perm[j] = perm[j], perm[i]


@kernel
def _select(points, perm, dim, lo, hi, nth):
    """Reorder rows ``lo:hi`` of ``points`` (and ``perm``) so that row ``nth``
    has the nth smallest value in column ``dim``, smaller-or-equal rows before
    it and larger-or-equal after (Hoare quickselect, median-of-three pivot).
    Whole rows move, so the partition scans memory sequentially."""
    hi -= 1
    while hi > lo:
        mid = (lo + hi) // 2
        a, b, c = points[lo, dim], points[mid, dim], points[hi, dim]
        if a < b:
            pivot = b if b < c else (c if a < c else a)
        else:
            pivot = a if a < c else (c if b < c else b)
        i, j = lo, hi
        while i <= j:
            while points[i, dim] < pivot:
                i += 1
            while points[j, dim] > pivot:
                j -= 1
            if i <= j:
                _swap_rows(points, perm, i, j)
                i += 1
                j -= 1
        if nth <= j:
            hi = j
        elif nth >= i:
            lo = i
        else:
            return


@kernel
def build(data, leafsize):
    """Build the tree on ``data`` (n, d), n >= 1.

    Returns ``(points, perm, start, end, lo, hi, n_internal)``.  O(n log n):
    each level does one quickselect per node, splitting at the median of the
    dimension of largest spread.
    """
    n, d = data.shape
    levels = n_levels(n, leafsize)
    n_nodes = 2**levels - 1
    n_internal = 2 ** (levels - 1) - 1
    points = data.copy()
    perm = np.arange(n)
    start = np.zeros(n_nodes, dtype=np.int64)
    end = np.zeros(n_nodes, dtype=np.int64)
    lo = np.zeros((n_nodes, d))
    hi = np.zeros((n_nodes, d))
    end[0] = n
    for node in range(n_nodes):
        s, e = start[node], end[node]
        if e > s:
            for j in range(d):
                lo[node, j] = points[s, j]
                hi[node, j] = points[s, j]
            for i in range(s + 1, e):
                for j in range(d):
                    value = points[i, j]
                    if value < lo[node, j]:
                        lo[node, j] = value
                    elif value > hi[node, j]:
                        hi[node, j] = value
        if node >= n_internal:
            continue
        mid = (s + e) // 2
        left, right = 2 * node + 1, 2 * node + 2
        start[left], end[left] = s, mid
        start[right], end[right] = mid, e
        if e - s < 2:
            continue
        dim = 0
        spread = hi[node, 0] - lo[node, 0]
        for j in range(1, d):
            if hi[node, j] - lo[node, j] > spread:
                spread = hi[node, j] - lo[node, j]
                dim = j
        _select(points, perm, dim, s, e, mid)
    return points, perm, start, end, lo, hi, n_internal


@kernel(inline=True)
def _fold(acc, gap, p):
    """Fold one coordinate's gap into a distance: max for the max-norm, sum of
    squares for Euclidean."""
    if p == MAX_NORM:
        return gap if gap > acc else acc
    return acc + gap * gap


@kernel(inline=True)
def _box_min(q, lo, hi, node, p):
    """Smallest distance (squared for Euclidean) from ``q`` to the node's box."""
    acc = 0.0
    for j in range(q.shape[0]):
        gap = lo[node, j] - q[j]
        if gap < 0.0:
            gap = q[j] - hi[node, j]
            if gap < 0.0:
                gap = 0.0
        acc = _fold(acc, gap, p)
    return acc


@kernel(inline=True)
def _box_max(q, lo, hi, node, p):
    """Largest distance (squared for Euclidean) from ``q`` to the node's box."""
    acc = 0.0
    for j in range(q.shape[0]):
        a = q[j] - lo[node, j]
        b = hi[node, j] - q[j]
        acc = _fold(acc, a if a > b else b, p)
    return acc


@kernel(inline=True)
def _dist(q, points, i, p):
    """Distance (squared for Euclidean) from ``q`` to ``points[i]``."""
    acc = 0.0
    for j in range(q.shape[0]):
        acc = _fold(acc, abs(q[j] - points[i, j]), p)
    return acc


@kernel(inline=True)
def _insert(best_d, best_i, dist, i):
    """Insert (dist, i) into the sorted k-best lists if it beats the k-th."""
    k = best_d.shape[0]
    pos = k - 1
    while pos > 0 and best_d[pos - 1] > dist:
        best_d[pos] = best_d[pos - 1]
        best_i[pos] = best_i[pos - 1]
        pos -= 1
    best_d[pos] = dist
    best_i[pos] = i


@kernel(inline=True)
def beats(dist, j, best_d, best_i, pid):
    """True when point j at ``dist`` precedes the k-th of the k-best lists in
    the order (distance, sample id): ties go to the lower id, as the stable
    sort of ``fastmi.reference``."""
    k = best_d.shape[0]
    kth = best_d[k - 1]
    return dist < kth or (dist == kth and best_i[k - 1] >= 0 and pid[j] < pid[best_i[k - 1]])


@kernel(inline=True)
def insert_by_id(best_d, best_i, dist, j, pid):
    """Insert (dist, j) into the k-best lists sorted by (distance, sample id);
    ``pid[j]`` is the sample id of position j (the lists hold positions)."""
    pos = best_d.shape[0] - 1
    while pos > 0 and (
        best_d[pos - 1] > dist or (best_d[pos - 1] == dist and pid[best_i[pos - 1]] > pid[j])
    ):
        best_d[pos] = best_d[pos - 1]
        best_i[pos] = best_i[pos - 1]
        pos -= 1
    best_d[pos] = dist
    best_i[pos] = j


@kernel
def knn(points, start, end, lo, hi, n_internal, queries, k, p, out_dist, out_idx, first, last):
    """The k nearest tree points of ``queries[first:last]``, nearest first.

    Writes rows ``first:last`` of ``out_dist`` (distances; squared for
    Euclidean) and ``out_idx`` (positions in ``points``).  Needs k <= n.
    Depth-first search, nearer child first, pruning boxes that cannot beat
    the current k-th distance.
    """
    stack = np.empty(128, dtype=np.int64)
    bound = np.empty(128)
    best_d = np.empty(k)
    best_i = np.empty(k, dtype=np.int64)
    for qi in range(first, last):
        q = queries[qi]
        best_d[:] = np.inf
        best_i[:] = -1
        top = 0
        stack[0] = 0
        bound[0] = 0.0
        while top >= 0:
            node = stack[top]
            if bound[top] >= best_d[k - 1]:
                top -= 1
                continue
            top -= 1
            if node >= n_internal:
                for i in range(start[node], end[node]):
                    dist = _dist(q, points, i, p)
                    if dist < best_d[k - 1]:
                        _insert(best_d, best_i, dist, i)
                continue
            left, right = 2 * node + 1, 2 * node + 2
            d_left = _box_min(q, lo, hi, left, p) if end[left] > start[left] else np.inf
            d_right = _box_min(q, lo, hi, right, p) if end[right] > start[right] else np.inf
            # Push the farther child first so the nearer one is searched first.
            if d_left <= d_right:
                top += 1
                stack[top], bound[top] = right, d_right
                top += 1
                stack[top], bound[top] = left, d_left
            else:
                top += 1
                stack[top], bound[top] = left, d_left
                top += 1
                stack[top], bound[top] = right, d_right
        for j in range(k):
            out_dist[qi, j] = best_d[j]
            out_idx[qi, j] = best_i[j]


@kernel
def count_within(
    points, start, end, lo, hi, n_internal, queries, radii, p, strict, out, first, last
):
    """``out[i]`` = number of tree points within ``radii[i]`` of ``queries[i]``,
    for i in ``first:last``: distance < r when ``strict``, else <= r.

    ``radii`` are squared for Euclidean.  Whole boxes inside the ball are
    counted without visiting their points.
    """
    stack = np.empty(64, dtype=np.int64)
    for qi in range(first, last):
        q = queries[qi]
        r = radii[qi]
        total = 0
        top = 0
        stack[0] = 0
        while top >= 0:
            node = stack[top]
            top -= 1
            if end[node] == start[node]:
                continue
            near = _box_min(q, lo, hi, node, p)
            if near > r or (strict and near == r):
                continue
            far = _box_max(q, lo, hi, node, p)
            if far < r or (not strict and far == r):
                total += end[node] - start[node]
                continue
            if node >= n_internal:
                for i in range(start[node], end[node]):
                    dist = _dist(q, points, i, p)
                    if dist < r or (not strict and dist == r):
                        total += 1
                continue
            top += 1
            stack[top] = 2 * node + 1
            top += 1
            stack[top] = 2 * node + 2
        out[qi] = total


@kernel
def self_knn(points, start, end, lo, hi, n_internal, perm, k, p, out_dist, out_idx, first,
             last):  # fmt: skip
    """``knn`` for the tree's own points ``first:last`` (tree order).

    Equal distances are ordered by sample id ``perm`` (lower first), as the
    stable sort of ``fastmi.reference``: KSG algorithm 2 depends on which of
    several tied points are the k nearest, and this choice does not depend
    on the tree (nor on the order of the variables).  Boxes at exactly the
    k-th distance are therefore searched too.

    Starts in the point's own leaf and climbs towards the root, searching
    each sibling subtree only if its box can beat the current k-th distance:
    the first bound is already tight, so little of the tree is visited
    (cheaper than a descent from the root for every point).
    """
    stack = np.empty(128, dtype=np.int64)
    best_d = np.empty(k)
    best_i = np.empty(k, dtype=np.int64)
    for qi in range(first, last):
        q = points[qi]
        best_d[:] = np.inf
        best_i[:] = -1
        leaf = 0
        while leaf < n_internal:
            left = 2 * leaf + 1
            leaf = left if qi < end[left] else left + 1
        for i in range(start[leaf], end[leaf]):
            dist = _dist(q, points, i, p)
            if beats(dist, i, best_d, best_i, perm):
                insert_by_id(best_d, best_i, dist, i, perm)
        node = leaf
        while node > 0:
            sibling = node + 1 if node % 2 == 1 else node - 1
            node = (node - 1) // 2
            if end[sibling] == start[sibling]:
                continue
            if _box_min(q, lo, hi, sibling, p) > best_d[k - 1]:
                continue
            top = 0
            stack[0] = sibling
            while top >= 0:
                v = stack[top]
                top -= 1
                if end[v] == start[v] or _box_min(q, lo, hi, v, p) > best_d[k - 1]:
                    continue
                if v >= n_internal:
                    for i in range(start[v], end[v]):
                        dist = _dist(q, points, i, p)
                        if beats(dist, i, best_d, best_i, perm):
                            insert_by_id(best_d, best_i, dist, i, perm)
                    continue
                left, right = 2 * v + 1, 2 * v + 2
                # Nearer child on top of the stack.
                if _box_min(q, lo, hi, left, p) <= _box_min(q, lo, hi, right, p):
                    top += 1
                    stack[top] = right
                    top += 1
                    stack[top] = left
                else:
                    top += 1
                    stack[top] = left
                    top += 1
                    stack[top] = right
        for j in range(k):
            out_dist[qi, j] = best_d[j]
            out_idx[qi, j] = best_i[j]
