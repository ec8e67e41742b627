"""Permutation tests that reuse the fixed side, each beside the loop that
recomputes every draw from scratch (``mutual_info`` on ``y[perm]``), in the
same run; the p x n matrix form beside calls of ``pairwise_mi`` on permuted
data; bootstrap intervals.  Sizes are modest (the suite runs each once); the
issue-13 sizes are in ``ci/significance_ratios.py``.
"""

import timeit

import numpy as np

from .common import continuous_matrix, discrete_pair, gaussian_pair, require, safe_import, warm_up

fm = significance = None
with safe_import():
    import fastmi as fm
    from fastmi import significance


def _scratch(x, y, method, n_permutations, **options):
    seeds = np.random.default_rng(0).integers(2**63 - 1, size=n_permutations)
    for s in seeds:
        fm.mutual_info(x, y[np.random.default_rng(s).permutation(len(y))], method=method, **options)


class PermutationPair:
    """One pair, n = 2,000, 200 permutations: fastmi and the from-scratch loop."""

    timer = timeit.default_timer
    params = [["discrete", "ksg", "copula"]]
    param_names = ["method"]

    def setup(self, method):
        require(significance)
        require(getattr(significance, "permutation_test_matrix", None))  # the reusing version
        if method == "discrete":
            self.x, self.y = discrete_pair(2000, 4)
        else:
            x, y = gaussian_pair(2000, 0.2)
            self.x, self.y = x[:, 0], y[:, 0]
        self.options = {"random_state": 0} if method == "ksg" else {}
        warm_up(significance.permutation_test, self.x, self.y, method=method, n_permutations=2)

    def time_fastmi(self, method):
        significance.permutation_test(
            self.x, self.y, method=method, n_permutations=200, random_state=0
        )

    def time_scratch(self, method):
        _scratch(self.x, self.y, method, 200, **self.options)


class PermutationMatrix:
    """Copula, p = 50 features x n = 500, 20 shared permutations vs 20 pairwise_mi calls."""

    timer = timeit.default_timer

    def setup(self):
        require(significance)
        require(getattr(significance, "permutation_test_matrix", None))
        self.X = continuous_matrix(500, 50)
        warm_up(significance.permutation_test_matrix, self.X[:, :3], method="copula",
                n_permutations=2)  # fmt: skip

    def time_fastmi(self):
        significance.permutation_test_matrix(
            self.X, method="copula", n_permutations=20, random_state=0
        )

    def time_scratch(self):
        rng = np.random.default_rng(0)
        for _ in range(20):
            fm.pairwise_mi(rng.permuted(self.X, axis=0), method="copula")


class Bootstrap:
    """BCa interval of a copula estimate, n = 500, 200 resamples (and 500 jackknife)."""

    timer = timeit.default_timer

    def setup(self):
        require(significance)
        require(getattr(significance, "bootstrap_ci", None))
        x, y = gaussian_pair(500)
        self.x, self.y = x[:, 0], y[:, 0]
        warm_up(
            significance.bootstrap_ci, self.x[:50], self.y[:50], method="copula", n_resamples=20
        )

    def time_bca(self):
        significance.bootstrap_ci(self.x, self.y, method="copula", n_resamples=200, random_state=0)
