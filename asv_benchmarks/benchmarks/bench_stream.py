"""Streaming all-pairs MI (``top_k=`` / ``threshold=``): the sparse result
next to the dense run of the same data, so their ratio comes from one run.

Sizes stay modest (the test suite runs every benchmark once); the issue-11
targets (p = 100,000 copula, p = 20,000 binary) are measured by
``ci/stream_targets.py``.
"""

import timeit

import numpy as np

from .common import continuous_matrix, discrete_matrix, require, safe_import, warm_up

pairwise_mi = None
with safe_import():
    from fastmi import pairwise_mi
SparseMI = None
with safe_import():
    from fastmi.sparse import SparseMI


class StreamCopula:
    """Copula MI, n = 200: dense matrix vs top_k=20 vs threshold."""

    timer = timeit.default_timer
    params = [[2_000]]
    param_names = ["n_features"]

    def setup(self, n_features):
        require(pairwise_mi, SparseMI)
        self.X = continuous_matrix(200, n_features)
        warm_up(pairwise_mi, self.X[:, :300], method="copula", top_k=5)
        warm_up(pairwise_mi, self.X[:, :300], method="copula", threshold=0.1)
        warm_up(pairwise_mi, self.X[:, :300], method="copula")

    def time_dense(self, n_features):
        pairwise_mi(self.X, method="copula", dtype=np.float32)

    def time_top_k(self, n_features):
        pairwise_mi(self.X, method="copula", top_k=20)

    def time_threshold(self, n_features):
        pairwise_mi(self.X, method="copula", threshold=0.02)

    def peakmem_top_k(self, n_features):
        pairwise_mi(self.X, method="copula", top_k=20)


class StreamBinary:
    """Binary features, n = 500: dense matrix vs top_k=20."""

    timer = timeit.default_timer
    params = [[1_000]]
    param_names = ["n_features"]

    def setup(self, n_features):
        require(pairwise_mi, SparseMI)
        self.X = discrete_matrix(500, n_features, 2)
        warm_up(pairwise_mi, self.X[:, :200], top_k=5)
        warm_up(pairwise_mi, self.X[:, :200])

    def time_dense(self, n_features):
        pairwise_mi(self.X)

    def time_top_k(self, n_features):
        pairwise_mi(self.X, top_k=20)


class StreamKSG:
    """KSG top_k on a small table (every method streams)."""

    timer = timeit.default_timer
    params = [[60]]
    param_names = ["n_features"]

    def setup(self, n_features):
        require(pairwise_mi, SparseMI)
        self.X = continuous_matrix(300, n_features)
        warm_up(pairwise_mi, self.X[:, :5], method="ksg", top_k=2)

    def time_top_k(self, n_features):
        pairwise_mi(self.X, method="ksg", top_k=5)
