"""``KDTree``: exact nearest neighbours and radius counts (max-norm or Euclidean).

A scipy-like front to the flat-array Numba tree in ``fastmi._kernels.kdtree``.
Queries run in parallel over chunks of query points (``n_jobs``); each chunk
writes its own rows, so results do not depend on the thread count.

The module-level helpers (``build``, ``self_knn``, ``self_count``) are what
the KSG estimators use: they query the tree's own points in tree order, which
keeps memory access local.
"""

import numpy as np

from fastmi import _threads
from fastmi import _validation as v
from fastmi._kernels import kdtree as kern

__all__ = ["KDTree"]

MAX_NORM = kern.MAX_NORM
EUCLIDEAN = kern.EUCLIDEAN

# Queries per parallel chunk: enough to amortise a task, few enough to balance.
_CHUNK = 2048
#: At most this many queries run in the calling thread: handing work to the
#: pool costs tens of microseconds, more than a few hundred queries take.
INLINE_QUERIES = 256


class _Tree:
    """The flat arrays of one built tree."""

    __slots__ = ("points", "perm", "start", "end", "lo", "hi", "n_internal")

    def __init__(self, data, leafsize):
        (self.points, self.perm, self.start, self.end, self.lo, self.hi, self.n_internal) = (
            kern.build(data, leafsize)
        )

    @property
    def arrays(self):
        return self.points, self.start, self.end, self.lo, self.hi, self.n_internal


def build(data, leafsize=16):
    """Build a tree on validated (n, d) float64 data."""
    return _Tree(data, leafsize)


def _over_queries(kernel_call, m, n_jobs):
    _threads.run_ranges(kernel_call, m, n_jobs, _CHUNK, INLINE_QUERIES)


def knn_raw(tree, queries, k, p, n_jobs=None):
    """(dist, pos): k nearest tree positions per query row, distances squared
    for Euclidean."""
    m = queries.shape[0]
    dist = np.empty((m, k))
    pos = np.empty((m, k), dtype=np.int64)
    _over_queries(lambda a, b: kern.knn(*tree.arrays, queries, k, p, dist, pos, a, b), m, n_jobs)
    return dist, pos


def count_raw(tree, queries, radii, p, strict, n_jobs=None):
    """Tree points within ``radii`` (squared for Euclidean) of each query row."""
    m = queries.shape[0]
    out = np.empty(m, dtype=np.int64)
    _over_queries(
        lambda a, b: kern.count_within(*tree.arrays, queries, radii, p, strict, out, a, b),
        m,
        n_jobs,
    )
    return out


def self_knn(tree, k, p=MAX_NORM, n_jobs=None):
    """Distance to the k-th neighbour of every tree point (itself excluded), and
    the tree positions of its k + 1 nearest points (itself included), both in
    tree order."""
    n = tree.points.shape[0]
    dist = np.empty((n, k + 1))
    pos = np.empty((n, k + 1), dtype=np.int64)
    _over_queries(
        lambda a, b: kern.self_knn(*tree.arrays, tree.perm, k + 1, p, dist, pos, a, b), n, n_jobs
    )
    return dist[:, k], pos


def self_count(tree, radii_tree_order, p, strict, n_jobs=None):
    """Points within the radius of every tree point (itself included), tree order."""
    return count_raw(tree, tree.points, radii_tree_order, p, strict, n_jobs)


class KDTree:
    """Exact k-nearest-neighbour and radius queries on a static point set.

    A KD-tree in flat arrays (median splits on the widest dimension), built in
    O(n log n).  ``p=2`` is Euclidean, ``p=numpy.inf`` the max-norm used by
    the KSG estimators.  Results match ``scipy.spatial.cKDTree`` (distance
    ties may be ordered differently).  Points of any finite magnitude work
    (the tree stores them scaled by an exact power of two); a distance
    beyond the largest float is returned as ``inf``, and query points so far
    from the data that their squared distances would overflow raise a
    ValueError.

    Parameters
    ----------
    data : array-like of shape (n, d)
        The points (1-D input is taken as n points in one dimension).
    leafsize : int, default 16
        Largest number of points in a leaf.

    >>> import numpy as np
    >>> from fastmi import KDTree
    >>> tree = KDTree(np.array([[0.0], [1.0], [3.0]]))
    >>> dist, idx = tree.query([[0.9]], k=2)
    >>> idx.tolist(), np.round(dist, 12).tolist()
    ([[1, 0]], [[0.1, 0.9]])
    >>> tree.query_ball_point([[0.9]], r=1.0, p=np.inf).tolist()
    [2]
    """

    def __init__(self, data, *, leafsize=16):
        self.data = v.continuous_array(data, "data", "KDTree")
        self.leafsize = v.check_leafsize(leafsize, "KDTree")
        self.n, self.m = self.data.shape
        # The tree holds the data scaled by one power of two into (-1, 1):
        # exact (distances keep their bits, times 2**-exponent), and squared
        # Euclidean distances then neither overflow (values near the float
        # maximum) nor underflow (subnormal values).
        self._exponent = int(np.frexp(np.abs(self.data).max())[1])
        self._tree = _Tree(np.ldexp(self.data, -self._exponent), self.leafsize)

    def _queries(self, x, p_flag, func):
        """The query rows in the tree's scale; refused when their distances
        to the tree could overflow (far beyond the data, relative to its scale)."""
        # As in scipy, a 1-D x is one point; results are always 2-D here.
        arr = v.continuous_array(np.atleast_2d(x) if not v.scipy_sparse(x) else x, "x", func)
        v.check_query_dim(arr.shape[1], self.m, func)
        with np.errstate(over="ignore"):  # refused just below
            scaled = np.ldexp(arr, -self._exponent)
        # Tree values are < 1: below 2**500, squared distances stay finite.
        limit = 2.0**500 if p_flag == EUCLIDEAN else np.finfo(np.float64).max / 2
        if not (np.abs(scaled) <= limit).all():
            raise v.query_overflow_error(func)
        return scaled

    def _radii(self, r, p_flag):
        """Radii ``r`` in the tree's scale (squared for Euclidean).

        A radius that overflows there (a ball far wider than the data, say
        ``r=1`` around points of magnitude 1e-170) becomes ``inf``: exact,
        because ``_queries`` keeps every scaled coordinate gap below 2**501,
        so (below 2**20 dimensions) such a ball holds every point either way.
        """
        with np.errstate(over="ignore"):
            radii = np.ldexp(r, -self._exponent)
            return radii * radii if p_flag == EUCLIDEAN else radii

    def _unscaled(self, dist):
        """Distances of the scaled tree back in the data's units (exact; inf
        beyond the largest float)."""
        with np.errstate(over="ignore"):
            return np.ldexp(dist, self._exponent, out=dist)

    def query(self, x, k=1, *, p=2, n_jobs=None):
        """The ``k`` nearest points of each row of ``x``, nearest first.

        Returns ``(dist, idx)`` of shape (m, k); ``idx`` indexes ``data``.
        """
        func = "KDTree.query"
        k = v.check_int(k, "k", func, low=1, high=self.n)
        p_flag = v.check_p(p, func)
        v.check_n_jobs(n_jobs, func)
        queries = self._queries(x, p_flag, func)
        dist, pos = knn_raw(self._tree, queries, k, p_flag, n_jobs)
        if p_flag == EUCLIDEAN:
            np.sqrt(dist, out=dist)
        return self._unscaled(dist), self._tree.perm[pos]

    def query_ball_point(self, x, r, *, p=2, return_length=True, strict=False, n_jobs=None):
        """Points within distance ``r`` of each row of ``x``.

        ``strict=False`` counts distances <= r (as scipy), ``strict=True``
        counts distances < r (as the KSG estimators).  Returns the counts
        (``return_length=True``) or a list of index arrays.
        """
        func = "KDTree.query_ball_point"
        p_flag = v.check_p(p, func)
        strict = v.check_bool(strict, "strict", func)
        return_length = v.check_bool(return_length, "return_length", func)
        v.check_n_jobs(n_jobs, func)
        queries = self._queries(x, p_flag, func)
        radii = self._radii(v.check_radius(r, queries.shape[0], func), p_flag)
        if return_length:
            return count_raw(self._tree, queries, radii, p_flag, strict, n_jobs)
        counts = count_raw(self._tree, queries, radii, p_flag, strict, n_jobs)
        # Listing: one exact k-NN query with k = count, then keep indices.
        result = []
        for i, c in enumerate(counts):
            if c == 0:
                result.append(np.empty(0, dtype=np.int64))
                continue
            _, pos = knn_raw(self._tree, queries[i : i + 1], int(c), p_flag, 1)
            result.append(np.sort(self._tree.perm[pos[0]]))
        return result

    def __repr__(self):
        return f"KDTree(n={self.n}, d={self.m}, leafsize={self.leafsize})"
