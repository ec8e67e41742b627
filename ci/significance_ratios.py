"""Speed of the permutation tests against recomputing every draw from scratch.

    python ci/significance_ratios.py            # the issue-13 sizes
    python ci/significance_ratios.py --quick    # 10x fewer permutations

One pair: n = 10,000 samples, 1,000 permutations, for "discrete", "ksg" and
"copula": ``fastmi.significance.permutation_test`` against the loop it
replaced (``mutual_info(x, y[perm])`` per permutation, each permutation from
``numpy.random.default_rng(seed).permutation``).  Matrix: p = 200 features x
n = 1,000 samples, 1,000 shared permutations, "copula":
``permutation_test_matrix`` against 1,000 calls of ``pairwise_mi`` on data
whose columns are each permuted.  Both sides run in the same process, one
after the other, single run each (the work is seconds long); the ratio is
``from-scratch time / fastmi time`` (> 1: faster).  Report ``uptime``.
"""

import argparse
import os
import time

import numpy as np

import fastmi as fm
from fastmi.significance import permutation_test, permutation_test_matrix


def scratch_pair(x, y, method, n_permutations, seed):
    rng = np.random.default_rng(seed)
    seeds = rng.integers(2**63 - 1, size=n_permutations)
    options = {"random_state": 0} if method == "ksg" else {}
    observed = fm.mutual_info(x, y, method=method, **options)
    null = [
        fm.mutual_info(x, y[np.random.default_rng(s).permutation(len(y))], method=method, **options)
        for s in seeds
    ]
    return (1 + np.count_nonzero(np.array(null) >= observed)) / (1 + n_permutations)


def scratch_matrix(X, n_permutations, seed):
    rng = np.random.default_rng(seed)
    observed = fm.pairwise_mi(X, method="copula")
    reached = np.zeros_like(observed)
    for _ in range(n_permutations):
        shuffled = rng.permuted(X, axis=0)  # each column permuted on its own
        reached += fm.pairwise_mi(shuffled, method="copula") >= observed
    return (1 + reached) / (1 + n_permutations)


def timed(func, *args, **kwargs):
    start = time.perf_counter()
    func(*args, **kwargs)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10x fewer permutations")
    args = parser.parse_args()
    n_perm = 100 if args.quick else 1000
    print(f"load: {os.getloadavg()}  threads: {fm.get_num_threads()}  permutations: {n_perm}")
    rng = np.random.default_rng(0)
    n = 10_000
    x = rng.standard_normal(n)
    y = 0.1 * x + rng.standard_normal(n)
    xd = rng.integers(0, 4, n)
    yd = (xd + (rng.random(n) < 0.05)) % 4
    pairs = {"discrete": (xd, yd), "ksg": (x, y), "copula": (x, y)}
    for method, (a, b) in pairs.items():
        permutation_test(a[:100], b[:100], method=method, n_permutations=2)  # compile
        fast = timed(permutation_test, a, b, method=method, n_permutations=n_perm, random_state=1)
        slow = timed(scratch_pair, a, b, method, n_perm, 1)
        print(f"pair {method:9s} n={n}: fastmi {fast:8.3f} s  scratch {slow:8.3f} s  "
              f"ratio {slow / fast:6.1f}x")  # fmt: skip
    X = rng.standard_normal((1000, 200))
    X[:, 1] += X[:, 0]
    permutation_test_matrix(X[:50, :5], method="copula", n_permutations=2)
    fm.pairwise_mi(X, method="copula")
    fast = timed(permutation_test_matrix, X, method="copula", n_permutations=n_perm, random_state=1)
    slow = timed(scratch_matrix, X, n_perm, 1)
    print(f"matrix copula p=200 n=1000: fastmi {fast:8.3f} s  scratch {slow:8.3f} s  "
          f"ratio {slow / fast:6.1f}x")  # fmt: skip


if __name__ == "__main__":
    main()
