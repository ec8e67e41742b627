"""The network workflow around the algorithms: the top-N edge list of a
genome-scale score matrix (a partial selection), and DREAM scoring."""

import timeit

import numpy as np

from .common import require, safe_import, warm_up

network = None
with safe_import():
    from fastmi import network


def _scores(p, dtype):
    rng = np.random.default_rng(0)
    m = rng.random((p, p), dtype=np.float64).astype(dtype)
    m += m.T
    np.fill_diagonal(m, 0.0)
    return m


class EdgeList:
    """``edge_list(S, top=N)`` on a symmetric p x p matrix (the issue's case:
    p = 5,000, N = 37,845 took 65 s through a full sort)."""

    timer = timeit.default_timer
    params = [[5000], ["float32", "float64"]]
    param_names = ["n_genes", "dtype"]

    def setup(self, n_genes, dtype):
        require(getattr(network, "write_edge_list", None))
        self.scores = _scores(n_genes, np.dtype(dtype))
        warm_up(network.edge_list, self.scores[:10, :10], top=3)

    def time_top_undirected(self, n_genes, dtype):
        network.edge_list(self.scores, top=37845)

    def time_top_directed(self, n_genes, dtype):
        network.edge_list(self.scores, top=37845, directed=True)


class Scoring:
    """AUPR over the p (p - 1) ordered pairs against a directed gold standard."""

    timer = timeit.default_timer
    params = [[1000]]
    param_names = ["n_genes"]

    def setup(self, n_genes):
        require(getattr(network, "score_network", None))
        self.scores = _scores(n_genes, np.float64)
        self.gold = np.random.default_rng(1).random((n_genes, n_genes)) < 0.01

    def time_score_network(self, n_genes):
        network.score_network(self.scores, self.gold)
