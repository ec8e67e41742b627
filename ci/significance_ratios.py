"""Speed of the permutation tests against recomputing every draw from scratch.

    python ci/significance_ratios.py            # the issue-13 sizes
    python ci/significance_ratios.py --quick    # 10x fewer permutations
    python ci/significance_ratios.py --matrix   # the matrix row only

One pair: n = 10,000 samples, 1,000 permutations, for "discrete", "ksg" and
"copula": ``fastmi.significance.permutation_test`` against the loop it
replaced (``mutual_info(x, y[perm])`` per permutation, each permutation from
``numpy.random.default_rng(seed).permutation``).  Matrix: p = 200 features x
n = 1,000 samples, 1,000 shared permutations, "copula":
``permutation_test_matrix`` against 1,000 calls of ``pairwise_mi`` on data
whose columns are each permuted.  Both sides run in the same process in
alternating rounds (``--rounds``, the permutations split among them), so a
change of machine load hits both; the ratios are ``from-scratch time /
fastmi time`` (> 1: faster) in wall time and in CPU time (all threads, from
``time.process_time``: the work done, which a busy shared machine distorts
less).  Report the load printed first.
"""

import argparse
import os
import time
from functools import partial

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


def alternate(rounds, fast, slow):
    """Wall and CPU seconds of ``fast()`` and ``slow()``, run alternately."""
    totals = np.zeros(4)
    for _ in range(rounds):
        for offset, func in ((0, fast), (2, slow)):
            wall, cpu = time.perf_counter(), time.process_time()
            func()
            totals[offset : offset + 2] += time.perf_counter() - wall, time.process_time() - cpu
    return totals


def report(label, totals):
    fast_wall, fast_cpu, slow_wall, slow_cpu = totals
    print(
        f"{label}: fastmi {fast_wall:7.2f} s ({fast_cpu:7.2f} s CPU)  scratch {slow_wall:7.2f} s "
        f"({slow_cpu:7.2f} s CPU)  ratio {slow_wall / fast_wall:5.1f}x wall, "
        f"{slow_cpu / fast_cpu:5.1f}x CPU"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10x fewer permutations")
    parser.add_argument("--rounds", type=int, default=4, help="alternating rounds (default 4)")
    parser.add_argument("--matrix", action="store_true", help="the matrix row only")
    args = parser.parse_args()
    n_perm = 100 if args.quick else 1000
    per_round = n_perm // args.rounds
    print(f"load: {os.getloadavg()}  threads: {fm.get_num_threads()}  permutations: {n_perm}")
    rng = np.random.default_rng(0)
    n = 10_000
    x = rng.standard_normal(n)
    y = 0.1 * x + rng.standard_normal(n)
    xd = rng.integers(0, 4, n)
    yd = (xd + (rng.random(n) < 0.05)) % 4
    pairs = {} if args.matrix else {"discrete": (xd, yd), "ksg": (x, y), "copula": (x, y)}
    for method, (a, b) in pairs.items():
        permutation_test(a[:100], b[:100], method=method, n_permutations=2)  # compile
        fast = partial(permutation_test, a, b, method=method, n_permutations=per_round)
        totals = alternate(
            args.rounds,
            partial(fast, random_state=1),
            partial(scratch_pair, a, b, method, per_round, 1),
        )
        report(f"pair {method:8s} n={n}, {n_perm} permutations", totals)
    X = rng.standard_normal((1000, 200))
    X[:, 1] += X[:, 0]
    permutation_test_matrix(X[:50, :5], method="copula", n_permutations=2)
    fm.pairwise_mi(X, method="copula")
    totals = alternate(
        args.rounds,
        lambda: permutation_test_matrix(
            X, method="copula", n_permutations=per_round, random_state=1
        ),
        lambda: scratch_matrix(X, per_round, 1),
    )
    report(f"matrix copula p=200 x n=1000, {n_perm} permutations", totals)


if __name__ == "__main__":
    main()
