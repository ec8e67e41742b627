"""Per-call cost of the single-pair functions on small problems (issue 14).

``n_samples`` = 10 and 100 measure overhead (checks, dispatch, kernel call),
1,000 the start of the arithmetic: the goals are tens of microseconds at
n = 100.  Labels have 4 and 8 levels; continuous pairs are correlated normals.
"""

import timeit

from .common import discrete_pair, discrete_triple, gaussian_pair, require, safe_import, warm_up

fm = None
with safe_import():
    import fastmi as fm

SAMPLES = [10, 100, 1000]


class SmallDiscrete:
    timer = timeit.default_timer
    params = [SAMPLES]
    param_names = ["n_samples"]

    def setup(self, n_samples):
        require(fm)
        self.x, self.y = discrete_pair(n_samples, 4, 8)
        self.z = discrete_triple(n_samples, 3)[2]
        for func, args in (
            (fm.mutual_info, (self.x, self.y)),
            (fm.entropy, (self.x,)),
            (fm.normalized_mutual_info, (self.x, self.y)),
            (fm.adjusted_mutual_info, (self.x, self.y)),
            (fm.conditional_mutual_info, (self.x, self.y, self.z)),
        ):
            warm_up(func, *args)

    def time_mutual_info(self, n_samples):
        fm.mutual_info(self.x, self.y)

    def time_entropy(self, n_samples):
        fm.entropy(self.x)

    def time_normalized_mutual_info(self, n_samples):
        fm.normalized_mutual_info(self.x, self.y)

    def time_adjusted_mutual_info(self, n_samples):
        fm.adjusted_mutual_info(self.x, self.y)

    def time_conditional_mutual_info(self, n_samples):
        fm.conditional_mutual_info(self.x, self.y, self.z)


class SmallContinuous:
    timer = timeit.default_timer
    params = [SAMPLES]
    param_names = ["n_samples"]

    def setup(self, n_samples):
        require(fm)
        x, y = gaussian_pair(n_samples)
        self.x, self.y = x[:, 0].copy(), y[:, 0].copy()
        for func in (fm.gaussian_mi, fm.copula_mi, fm.binned_mi):
            warm_up(func, self.x, self.y)

    def time_gaussian_mi(self, n_samples):
        fm.gaussian_mi(self.x, self.y)

    def time_copula_mi(self, n_samples):
        fm.copula_mi(self.x, self.y)

    def time_binned_mi(self, n_samples):
        fm.binned_mi(self.x, self.y)
