"""Clustering comparison (fastmi.clustering): NMI, AMI and the expected MI.

AMI is dominated by the expected MI, whose cost depends on the distinct
cluster sizes; NMI and VI only count the contingency table (sparse when there
are many clusters).  ``VersusSklearn`` times scikit-learn on the same data in
a separate suite, so that the ratio is measured in one run.
"""

import timeit

import numpy as np

from .common import clusterings, require, safe_import, thread_counts, threads, warm_up

adjusted_mutual_info = normalized_mutual_info = expected_mutual_info = None
variation_of_information = None
with safe_import():
    from fastmi.clustering import (
        adjusted_mutual_info,
        expected_mutual_info,
        normalized_mutual_info,
        variation_of_information,
    )
sk_ami = sk_nmi = None
with safe_import():
    from sklearn.metrics import adjusted_mutual_info_score as sk_ami
    from sklearn.metrics import normalized_mutual_info_score as sk_nmi

# (n_samples, clusters per labeling): the two sizes named in the issue.
SIZES = ["1e5x1e3", "1e6x1e4"]
_SHAPES = {"1e5x1e3": (100_000, 1_000), "1e6x1e4": (1_000_000, 10_000)}


class ClusteringScores:
    """Two labelings with many clusters each (sparse contingency table)."""

    timer = timeit.default_timer
    params = [SIZES, thread_counts()]
    param_names = ["size", "n_threads"]
    timeout = 120

    def setup(self, size, n_threads):
        require(adjusted_mutual_info)
        self.a, self.b = clusterings(*_SHAPES[size])
        self.threads = threads(n_threads).set()
        warm_up(adjusted_mutual_info, self.a, self.b)

    def teardown(self, size, n_threads):
        self.threads.restore()

    def time_adjusted_mutual_info(self, size, n_threads):
        adjusted_mutual_info(self.a, self.b)

    def time_expected_mutual_info(self, size, n_threads):
        expected_mutual_info(self.a, self.b)

    def time_normalized_mutual_info(self, size, n_threads):
        normalized_mutual_info(self.a, self.b)

    def time_variation_of_information(self, size, n_threads):
        variation_of_information(self.a, self.b)

    def peakmem_adjusted_mutual_info(self, size, n_threads):
        adjusted_mutual_info(self.a, self.b)


class ExpectedMIManySizes:
    """Worst case for the size grouping: every cluster size 1..k occurs once."""

    timer = timeit.default_timer
    params = [[300, 1000], thread_counts()]
    param_names = ["n_sizes", "n_threads"]
    timeout = 120

    def setup(self, n_sizes, n_threads):
        require(expected_mutual_info)
        sizes = np.arange(1, n_sizes + 1)
        self.a = np.repeat(np.arange(n_sizes), sizes)
        self.b = np.random.default_rng(8000).permutation(self.a)
        self.threads = threads(n_threads).set()
        warm_up(expected_mutual_info, self.a, self.b)

    def teardown(self, n_sizes, n_threads):
        self.threads.restore()

    def time_expected_mutual_info(self, n_sizes, n_threads):
        expected_mutual_info(self.a, self.b)


class VersusSklearn:
    """fastmi and scikit-learn on n = 10^5 samples, 1000 clusters each."""

    timer = timeit.default_timer
    number = 1
    repeat = 3
    timeout = 300

    def setup(self):
        require(adjusted_mutual_info, sk_ami)
        self.a, self.b = clusterings(100_000, 1_000)
        warm_up(adjusted_mutual_info, self.a, self.b)

    def time_fastmi_adjusted_mutual_info(self):
        adjusted_mutual_info(self.a, self.b)

    def time_sklearn_adjusted_mutual_info(self):
        sk_ami(self.a, self.b)

    def time_fastmi_normalized_mutual_info(self):
        normalized_mutual_info(self.a, self.b)

    def time_sklearn_normalized_mutual_info(self):
        sk_nmi(self.a, self.b)
