"""ARACNE at small scale: the DPI on a TF block and on a full matrix, the MI
null threshold, bootstrap consensus, and infer_network with regulators.

Data: a seeded sparse random regulatory network (each target has 1-3
regulators among the TFs, saturating responses plus noise).  The genome-scale
end-to-end run is ``ci/grn_scale.py``.
"""

import timeit

import numpy as np

from .common import require, safe_import, warm_up

network = fm = reference = None
with safe_import():
    import fastmi as fm
    from fastmi import network, reference


def _expression(n_samples, n_genes, n_tfs, seed=0):
    rng = np.random.default_rng(seed)
    X = np.empty((n_samples, n_genes))
    X[:, :n_tfs] = rng.normal(size=(n_samples, n_tfs))
    for g in range(n_tfs, n_genes):
        regulators = rng.choice(n_tfs, size=rng.integers(1, 4), replace=False)
        signs = rng.choice([-1.0, 1.0], size=len(regulators))
        X[:, g] = np.tanh(X[:, regulators] * signs).sum(axis=1) + 0.5 * rng.normal(size=n_samples)
    return X


class Aracne:
    """DPI on copula MI of 2,000 genes x 100 samples: 200 TFs, or all genes."""

    timer = timeit.default_timer

    def setup(self):
        require(network, fm)
        self.X = _expression(100, 2000, 200)
        self.tfs = np.arange(200)
        self.mi = fm.pairwise_mi(self.X, method="copula", dtype=np.float32)
        self.block = self.mi[:200].copy()
        warm_up(network.aracne, self.mi[:50, :50].copy())

    def time_tf_block(self):
        network.aracne(network.TFBlock(self.block, self.tfs))

    def time_full_matrix(self):
        network.aracne(self.mi)

    def time_infer_network_tfs(self):
        network.infer_network(
            self.X,
            network="aracne",
            method="copula",
            tfs=self.tfs,
            mi_options={"dtype": np.float32},
        )

    def peakmem_infer_network_tfs(self):
        network.infer_network(
            self.X,
            network="aracne",
            method="copula",
            tfs=self.tfs,
            mi_options={"dtype": np.float32},
        )


class AracneReference:
    """The DPI against the triple loop (60 genes)."""

    timer = timeit.default_timer

    def setup(self):
        require(network, fm, reference)
        self.mi = np.maximum(fm.pairwise_mi(_expression(100, 60, 10), method="copula"), 0)
        warm_up(network.aracne, self.mi)

    def time_aracne(self):
        network.aracne(self.mi, tolerance=0.1)

    def time_reference(self):
        reference.aracne_scores(self.mi, 0.0, 0.1)


class NullAndBootstrap:
    """The permutation null (100,000 draws) and 10 bootstrap networks (300 genes)."""

    timer = timeit.default_timer

    def setup(self):
        require(network)
        self.X = _expression(100, 300, 30)
        warm_up(network.aracne_bootstrap, self.X[:, :20], bootstraps=2, random_state=0)

    def time_mi_threshold(self):
        network.mi_threshold(self.X, 1e-6, random_state=0)

    def time_bootstrap(self):
        network.aracne_bootstrap(self.X, bootstraps=10, tfs=np.arange(30), random_state=0)
