"""What people build on MI: network inference, greedy feature selection and
permutation tests, each against its plain-numpy reference in the same run.

The MI matrix is computed once in ``setup``: these benchmarks time the
orchestration on top of it (pruning, z-scores, greedy loops), not the MI.
"""

import timeit

import numpy as np

from .common import continuous_matrix, discrete_matrix, require, safe_import, warm_up

network = selection = significance = reference = None
with safe_import():
    from fastmi import network, reference, selection, significance


def _mi_matrix(n_features):
    rng = np.random.default_rng(0)
    m = rng.random((n_features, n_features))
    m = (m + m.T) / 2
    np.fill_diagonal(m, 0.0)
    return m


class Network:
    """CLR, ARACNE and MRNET on a p x p MI matrix."""

    timer = timeit.default_timer
    params = [[100]]
    param_names = ["n_features"]

    def setup(self, n_features):
        require(network, reference)
        self.mi = _mi_matrix(n_features)
        for algorithm in (network.clr, network.aracne, network.mrnet):
            warm_up(algorithm, self.mi)

    def time_clr(self, n_features):
        network.clr(self.mi)

    def time_aracne(self, n_features):
        network.aracne(self.mi)

    def time_mrnet(self, n_features):
        network.mrnet(self.mi)

    def time_reference_clr(self, n_features):
        reference.clr_scores(self.mi)

    def time_reference_aracne(self, n_features):
        reference.aracne_scores(self.mi)


class Selection:
    """Greedy mRMR and JMI on discrete data (300 samples, 30 features)."""

    timer = timeit.default_timer

    def setup(self):
        require(selection, reference)
        self.X = discrete_matrix(300, 30, 3)
        self.y = (self.X[:, 0] + self.X[:, 1]) % 3
        warm_up(selection.mrmr, self.X, self.y, n_features=5)
        warm_up(selection.jmi, self.X, self.y, n_features=5)

    def time_mrmr(self):
        selection.mrmr(self.X, self.y, n_features=5)

    def time_jmi(self):
        selection.jmi(self.X, self.y, n_features=5)

    def time_reference_mrmr(self):
        reference.greedy_selection(self.X, self.y, 5, "mrmr")


class PermutationTest:
    """1,000 permutations of a discrete pair and 100 of a continuous one."""

    timer = timeit.default_timer

    def setup(self):
        require(significance)
        self.x_d = discrete_matrix(1000, 2, 4)
        self.x_c = continuous_matrix(500, 2)
        warm_up(significance.permutation_test, self.x_d[:, 0], self.x_d[:, 1], n_permutations=5)
        warm_up(significance.permutation_test, self.x_c[:, 0], self.x_c[:, 1], n_permutations=5)

    def time_discrete(self):
        significance.permutation_test(self.x_d[:, 0], self.x_d[:, 1], random_state=0)

    def time_ksg(self):
        significance.permutation_test(
            self.x_c[:, 0], self.x_c[:, 1], n_permutations=100, random_state=0
        )
