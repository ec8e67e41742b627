"""All-pairs MI (fastmi.pairwise): discrete bit-planes, KSG, Gaussian copula.

``Pairwise*`` time fastmi; the ``*Baseline`` suites time what fastmi is
compared with on the same data (the plain-numpy one-hot reference, a loop of
scikit-learn's ``mutual_info_score`` and ennemi's ``pairwise_mi`` on a sample
of the pairs, one float64 matrix product), so ratios come from one run.
``peakmem_*`` keeps the memory check small (p = 2,000); the p = 20,000 check
is a script (see the issue report).
"""

import timeit

import numpy as np

from .common import (
    continuous_matrix,
    discrete_matrix,
    require,
    safe_import,
    thread_counts,
    threads,
    warm_up,
)

pairwise_mi = None
with safe_import():
    from fastmi import pairwise_mi
reference = None
with safe_import():
    import fastmi.reference as reference
mutual_info_score = None
with safe_import():
    from sklearn.metrics import mutual_info_score
ennemi = None
with safe_import():
    import ennemi


class PairwiseDiscrete:
    """3-level features, n = 5,000 (the issue's case is p = 500)."""

    timer = timeit.default_timer
    params = [[100, 500], thread_counts()]
    param_names = ["n_features", "n_threads"]

    def setup(self, n_features, n_threads):
        require(pairwise_mi)
        self.X = discrete_matrix(5_000, n_features, 3)
        self.threads = threads(n_threads).set()
        warm_up(pairwise_mi, self.X)

    def teardown(self, n_features, n_threads):
        self.threads.restore()

    def time_pairwise_mi(self, n_features, n_threads):
        pairwise_mi(self.X)

    def time_pairwise_mi_float32(self, n_features, n_threads):
        pairwise_mi(self.X, dtype=np.float32)


class PairwiseDiscreteBaseline:
    """The same data through the one-hot reference and a sample of sklearn pairs."""

    timer = timeit.default_timer
    params = [[500]]
    param_names = ["n_features"]

    def setup(self, n_features):
        require(reference, mutual_info_score)
        self.X = discrete_matrix(5_000, n_features, 3)
        rng = np.random.default_rng(0)
        self.sample = rng.integers(0, n_features, size=(100, 2))

    def time_onehot_reference(self, n_features):
        reference.pairwise_mi_onehot(self.X)

    def time_sklearn_100_pairs(self, n_features):
        # x (n_pairs / 100) for the whole matrix: 1,247.5 for p = 500.
        for i, j in self.sample:
            mutual_info_score(self.X[:, i], self.X[:, j])


class PairwiseKSG:
    """KSG (k = 3) on n = 1,000 samples; the issue's case is p = 200 (19,900
    pairs, x 4.02 the pairs of p = 100; the cost per pair does not depend on
    p).  ``ci/compare.py`` ("pairwise") times p = 200 against ennemi."""

    timer = timeit.default_timer
    params = [[20, 100], [1, 2]]
    param_names = ["n_features", "algorithm"]

    def setup(self, n_features, algorithm):
        require(pairwise_mi)
        self.X = continuous_matrix(1_000, n_features)
        warm_up(pairwise_mi, self.X[:, :3], method="ksg", algorithm=algorithm)

    def time_pairwise_mi(self, n_features, algorithm):
        pairwise_mi(self.X, method="ksg", algorithm=algorithm, random_state=0)


class PairwiseKSGBaseline:
    """ennemi.pairwise_mi on 20 features (190 pairs; x 104.7 for p = 200, x 26.1
    for p = 100), the data of ``PairwiseKSG``."""

    timer = timeit.default_timer
    params = [[1, 2]]
    param_names = ["max_threads"]

    def setup(self, max_threads):
        require(ennemi)
        self.X = continuous_matrix(1_000, 20)

    def time_ennemi_pairwise_mi(self, max_threads):
        ennemi.pairwise_mi(self.X, k=3, max_threads=max_threads)


class PairwiseCopula:
    """Gaussian copula on n = 1,000, p = 2,000, against one float64 product."""

    timer = timeit.default_timer
    params = [[2_000]]
    param_names = ["n_features"]

    def setup(self, n_features):
        require(pairwise_mi)
        self.X = continuous_matrix(1_000, n_features)
        self.Z = np.ascontiguousarray(self.X.T)
        warm_up(pairwise_mi, self.X[:, :5], method="copula")

    def time_pairwise_mi(self, n_features):
        pairwise_mi(self.X, method="copula")

    def time_one_matrix_product(self, n_features):
        self.Z @ self.Z.T


class PairwiseMemory:
    """Peak memory of a float32 result for 2,000 binary features (16 MB)."""

    params = [[2_000]]
    param_names = ["n_features"]

    def setup(self, n_features):
        require(pairwise_mi)
        rng = np.random.default_rng(8000)
        self.X = rng.integers(0, 2, size=(1_000, n_features), dtype=np.int8)
        warm_up(pairwise_mi, self.X[:, :4], dtype=np.float32)

    def peakmem_pairwise_mi_float32(self, n_features):
        pairwise_mi(self.X, dtype=np.float32)
