"""Gaussian, Gaussian-copula and binned MI (fastmi.gaussian, fastmi.binning).

The yardstick of the all-pairs copula is one float64 product ``X.T @ X`` of
the same shape (numpy computes it with BLAS syrk), timed in the same suite:
the rank pass (``normal_scores``) should cost less than the product, and
scores + product + ``correlation_mi`` within about twice the product.
``gram_upper`` is the syrk the all-pairs engine runs on the scores.
"""

import timeit

import numpy as np

from .common import continuous_matrix, gaussian_pair, require, safe_import, threads, warm_up

copula_mi = gaussian_mi = normal_scores = correlation_mi = binned_mi = reference = None
gram_upper = None
with safe_import():
    from fastmi.gaussian import copula_mi, correlation_mi, gaussian_mi, normal_scores
with safe_import():
    from fastmi.gaussian import gram_upper
with safe_import():
    from fastmi.binning import binned_mi
with safe_import():
    import fastmi.reference as reference


class SinglePair:
    """One pair of scalars, n samples: copula, Gaussian and binned MI."""

    timer = timeit.default_timer
    params = [10_000, 100_000]
    param_names = ["n_samples"]

    def setup(self, n_samples):
        require(copula_mi, binned_mi)
        x, y = gaussian_pair(n_samples)
        self.x, self.y = x[:, 0], y[:, 0]
        warm_up(copula_mi, self.x, self.y)
        warm_up(binned_mi, self.x, self.y)

    def time_copula_mi(self, n_samples):
        copula_mi(self.x, self.y)

    def time_gaussian_mi(self, n_samples):
        gaussian_mi(self.x, self.y)

    def time_binned_mi_fd(self, n_samples):
        binned_mi(self.x, self.y, bins="fd")

    def time_binned_mi_quantile(self, n_samples):
        binned_mi(self.x, self.y, bins=32, strategy="quantile")


class SinglePairReference:
    """The plain-numpy oracle on the same data (baseline for the ratios)."""

    timer = timeit.default_timer
    params = [100_000]
    param_names = ["n_samples"]

    def setup(self, n_samples):
        require(reference)
        if not hasattr(reference, "copula_mi"):
            raise NotImplementedError("no parametric reference in this commit")
        x, y = gaussian_pair(n_samples)
        self.x, self.y = x[:, 0], y[:, 0]

    def time_reference_copula_mi(self, n_samples):
        reference.copula_mi(self.x, self.y)

    def time_reference_histogram_mi_fd(self, n_samples):
        reference.histogram_mi(self.x, self.y, bins="fd")


class NormalScores:
    """The rank pass of the all-pairs copula, against one matrix product."""

    timer = timeit.default_timer
    params = [[(1000, 2000)], [1, 2]]
    param_names = ["n_samples, n_features", "n_threads"]

    def setup(self, shape, n_threads):
        require(normal_scores, correlation_mi)
        self.threads = threads(n_threads).set()
        self.X = continuous_matrix(*shape)
        self.scores_t = warm_up(normal_scores, self.X, standardize=True).T  # C-ordered rows
        if gram_upper is not None:
            warm_up(gram_upper, self.scores_t)

    def teardown(self, shape, n_threads):
        self.threads.restore()

    def time_normal_scores(self, shape, n_threads):
        normal_scores(self.X)

    def time_normal_scores_standardized(self, shape, n_threads):
        normal_scores(self.X, standardize=True)

    def time_matrix_product_yardstick(self, shape, n_threads):
        self.X.T @ self.X

    def time_all_pairs_copula(self, shape, n_threads):
        scores = normal_scores(self.X, standardize=True)
        r = scores.T @ scores
        correlation_mi(r, out=r)

    def time_gram_upper(self, shape, n_threads):
        require(gram_upper)
        gram_upper(self.scores_t)

    def time_reference_normal_scores(self, shape, n_threads):
        reference.normal_scores(self.X)


class NormalScoresTies:
    """Heavily tied columns (20 levels): the average-rank path."""

    timer = timeit.default_timer
    params = [[(1000, 2000)]]
    param_names = ["n_samples, n_features"]

    def setup(self, shape):
        require(normal_scores)
        self.X = np.round(continuous_matrix(*shape) * 4)
        warm_up(normal_scores, self.X)

    def time_normal_scores_ties(self, shape):
        normal_scores(self.X)
