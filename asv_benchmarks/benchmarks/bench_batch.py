"""Batch forms against the loop of the single-pair function (issue 14).

1,000 problems of n = 10, 100 and 1,000 samples: ``time_*_batch`` is one
call of ``fastmi.batch``, ``time_*_loop`` the Python loop it replaces
(same results, bit for bit).  The goal is >= 10x at n = 100.
"""

import timeit

import numpy as np

from .common import require, safe_import, warm_up

fm = None
with safe_import():
    import fastmi as fm

PROBLEMS = 1000


class Batch:
    timer = timeit.default_timer
    params = [[10, 100, 1000]]
    param_names = ["n_samples"]

    def setup(self, n_samples):
        require(fm, getattr(fm, "ksg_mi_batch", None) if fm else None)
        rng = np.random.default_rng(14)
        shape = (PROBLEMS, n_samples)
        self.xs = rng.standard_normal(shape)
        self.ys = 0.6 * self.xs + 0.8 * rng.standard_normal(shape)
        self.zs = rng.standard_normal(shape)
        self.xd = rng.integers(0, 4, shape)
        self.yd = (self.xd + rng.integers(0, 2, shape)) % 4
        warm_up(fm.ksg_mi_batch, self.xs[:2], self.ys[:2], random_state=0)
        warm_up(fm.ksg_cmi_batch, self.xs[:2], self.ys[:2], self.zs[:2], random_state=0)
        warm_up(fm.mutual_info_batch, self.xd[:2], self.yd[:2])
        warm_up(fm.copula_mi_batch, self.xs[:2], self.ys[:2])
        warm_up(fm.ksg_mi, self.xs[0], self.ys[0])
        warm_up(fm.ksg_cmi, self.xs[0], self.ys[0], self.zs[0])

    def time_ksg_mi_batch(self, n_samples):
        fm.ksg_mi_batch(self.xs, self.ys, random_state=0)

    def time_ksg_mi_loop(self, n_samples):
        rng = np.random.default_rng(0)
        for x, y in zip(self.xs, self.ys, strict=True):
            fm.ksg_mi(x, y, random_state=rng)

    def time_ksg_cmi_batch(self, n_samples):
        fm.ksg_cmi_batch(self.xs, self.ys, self.zs, random_state=0)

    def time_mutual_info_batch(self, n_samples):
        fm.mutual_info_batch(self.xd, self.yd)

    def time_mutual_info_loop(self, n_samples):
        for x, y in zip(self.xd, self.yd, strict=True):
            fm.mutual_info_discrete(x, y)

    def time_copula_mi_batch(self, n_samples):
        fm.copula_mi_batch(self.xs, self.ys)

    def time_copula_mi_loop(self, n_samples):
        for x, y in zip(self.xs, self.ys, strict=True):
            fm.copula_mi(x, y)
