"""fastmi.KDTree vs scipy.spatial.cKDTree: build + k-NN query on all cores.

``KSGSetting`` is the query KSG makes: every point's k + 1 nearest points
(itself included) in the max-norm, in two dimensions (a pair of variables).
"""

import timeit

import numpy as np

from .common import gaussian_pair, needs, points, require, safe_import, warm_up

KDTree = kdtree = None
with safe_import():
    from fastmi import kdtree
    from fastmi.kdtree import KDTree
cKDTree = None
with safe_import():
    from scipy.spatial import cKDTree


class BuildAndQuery:
    """5e5 uniform points in 3-D, 4 nearest neighbours of every point (a few
    seconds per quick run; the ratio to cKDTree is the same as at 1e6)."""

    timer = timeit.default_timer
    params = [["euclidean", "max"]]
    param_names = ["metric"]
    number = 1
    repeat = 3
    timeout = 300

    def setup(self, metric):
        require(KDTree)
        self.data = points(500_000, 3)
        self.p = 2 if metric == "euclidean" else np.inf
        warm_up(lambda: KDTree(self.data[:500]).query(self.data[:500], k=4, p=self.p))

    def time_fastmi(self, metric):
        KDTree(self.data).query(self.data, k=4, p=self.p, n_jobs=-1)

    @needs(cKDTree)
    def time_ckdtree(self, metric):
        cKDTree(self.data).query(self.data, k=4, p=self.p, workers=-1)


class KSGSetting:
    """Self k-NN (k = 4, max-norm) of a 2-D joint sample, as KSG needs it."""

    timer = timeit.default_timer
    params = [[100_000, 500_000]]
    param_names = ["n_samples"]
    number = 1
    repeat = 3
    timeout = 300

    def setup(self, n_samples):
        require(kdtree)
        x, y = gaussian_pair(n_samples)
        self.data = np.ascontiguousarray(np.hstack([x, y]))
        tree = kdtree.build(self.data[:500].copy())
        warm_up(kdtree.self_knn, tree, 3, kdtree.MAX_NORM)

    def time_fastmi(self, n_samples):
        kdtree.self_knn(kdtree.build(self.data, 8), 3, kdtree.MAX_NORM, n_jobs=-1)

    @needs(cKDTree)
    def time_ckdtree(self, n_samples):
        cKDTree(self.data).query(self.data, k=4, p=np.inf, workers=-1)
