"""Discrete measures (fastmi.discrete): one pair of label arrays, end to end.

``n_samples=100`` measures per-call overhead (validation, encoding, kernel
dispatch); ``n_samples=1e6`` measures counting throughput.  ``VersusReference``
times fastmi.reference on the same data and ``VersusSklearn`` times
scikit-learn's ``mutual_info_score``, each in its own suite so that the
ratios are measured in one run.
"""

import timeit

from .common import discrete_pair, discrete_triple, require, safe_import, warm_up

fm = None
with safe_import():
    import fastmi as fm
reference = None
with safe_import():
    import fastmi.reference as reference
mutual_info_score = None
with safe_import():
    from sklearn.metrics import mutual_info_score

SAMPLES = [100, 1_000_000]
# (levels of x, levels of y): the 10 and 20 levels.
LEVELS = [10, 20]


class DiscretePair:
    """fastmi on two int64 label arrays with ``levels`` and 2 x ``levels`` levels."""

    timer = timeit.default_timer
    params = [SAMPLES, LEVELS]
    param_names = ["n_samples", "levels"]

    def setup(self, n_samples, levels):
        require(fm)
        self.x, self.y = discrete_pair(n_samples, levels, 2 * levels)
        self.z = discrete_triple(n_samples, levels)[2]
        warm_up(fm.mutual_info_discrete, self.x, self.y)
        warm_up(fm.conditional_entropy, self.x, self.y)
        warm_up(fm.entropy, self.x)
        warm_up(fm.conditional_mutual_info, self.x, self.y, self.z)

    def time_mutual_info_discrete(self, n_samples, levels):
        fm.mutual_info_discrete(self.x, self.y)

    def time_conditional_entropy(self, n_samples, levels):
        fm.conditional_entropy(self.x, self.y)

    def time_entropy(self, n_samples, levels):
        fm.entropy(self.x)

    def time_conditional_mutual_info(self, n_samples, levels):
        fm.conditional_mutual_info(self.x, self.y, self.z)


class DiscreteEstimators:
    """Bias-corrected estimators of I(X; Y): counting plus the entropy kernels."""

    timer = timeit.default_timer
    params = [["miller_madow", "chao_shen", "james_stein", "nsb", "grassberger"]]
    param_names = ["estimator"]

    def setup(self, estimator):
        require(fm)
        self.x, self.y = discrete_pair(10_000, 20, 40)
        warm_up(fm.mutual_info_discrete, self.x, self.y, estimator=estimator)

    def time_mutual_info_discrete(self, estimator):
        fm.mutual_info_discrete(self.x, self.y, estimator=estimator)


class VersusReference:
    """fastmi.reference (plain numpy) on the data of ``DiscretePair``."""

    timer = timeit.default_timer
    params = [SAMPLES, LEVELS]
    param_names = ["n_samples", "levels"]
    timeout = 120

    def setup(self, n_samples, levels):
        require(reference)
        self.x, self.y = discrete_pair(n_samples, levels, 2 * levels)
        warm_up(reference.mutual_info, self.x, self.y)

    def time_mutual_info(self, n_samples, levels):
        reference.mutual_info(self.x, self.y)


class VersusSklearn:
    """scikit-learn's ``mutual_info_score`` on the data of ``DiscretePair``."""

    timer = timeit.default_timer
    params = [SAMPLES, LEVELS]
    param_names = ["n_samples", "levels"]

    def setup(self, n_samples, levels):
        require(mutual_info_score)
        self.x, self.y = discrete_pair(n_samples, levels, 2 * levels)
        warm_up(mutual_info_score, self.x, self.y)

    def time_mutual_info_score(self, n_samples, levels):
        mutual_info_score(self.x, self.y)
