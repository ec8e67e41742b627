"""1-D nearest-neighbour kernels for KSG-type estimators, on sorted values.

In one dimension a sorted copy beats a tree: the neighbours of a point are
its neighbours in sorted order, so the k-th neighbour distance is a k-step
two-pointer walk and a radius count is two binary searches.  Queries run in
sorted order, so consecutive searches touch the same cache lines, and the
searches gallop outward from the point's own rank: O(log count) steps rather
than O(log n).  The multi-dimensional cases use ``fastmi._kernels.kdtree``.

Distances are ``|a - b|`` computed as ``a - b`` with the larger value first,
exactly as the brute-force reference computes them: rounding is monotone, so
``vals[j] - v`` is non-decreasing in j and the binary searches are exact.
"""

from fastmi._jit import kernel


@kernel
def count_around(vals, radii, strict, out, first, last):
    """For ranks r in ``first:last`` of sorted ``vals``: ``out[r]`` = number
    of j with ``|vals[j] - vals[r]| < radii[r]`` (``strict``) or ``<=``.

    The point itself is counted (its distance is 0) unless the bound is a
    strict 0.
    """
    n = vals.shape[0]
    for r in range(first, last):
        v = vals[r]
        rad = radii[r]
        if strict and rad <= 0.0:
            out[r] = 0
            continue
        # Left end: first j with v - vals[j] inside the bound (true at j = r).
        step = 1
        inside = r
        probe = r - 1
        while probe >= 0:
            gap = v - vals[probe]
            if gap < rad or (not strict and gap == rad):
                inside = probe
                probe = r - 2 * step
                step *= 2
            else:
                break
        lo = probe if probe >= 0 else -1  # outside (or before the array)
        hi = inside  # inside
        while hi - lo > 1:
            mid = (lo + hi) // 2
            gap = v - vals[mid]
            if gap < rad or (not strict and gap == rad):
                hi = mid
            else:
                lo = mid
        left = hi
        # Right end: last j with vals[j] - v inside the bound.
        step = 1
        inside = r
        probe = r + 1
        while probe < n:
            gap = vals[probe] - v
            if gap < rad or (not strict and gap == rad):
                inside = probe
                probe = r + 2 * step
                step *= 2
            else:
                break
        lo = inside
        hi = probe if probe < n else n
        while hi - lo > 1:
            mid = (lo + hi) // 2
            gap = vals[mid] - v
            if gap < rad or (not strict and gap == rad):
                lo = mid
            else:
                hi = mid
        out[r] = lo - left + 1


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
