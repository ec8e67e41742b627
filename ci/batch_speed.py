"""Batch forms vs the Python loop of the single-pair function (issue 14).

Times ``fastmi.batch.*_batch`` and the equivalent loop on the same problems
in one run (warm: every kernel is compiled first) and prints the ratio.
Goal: >= 10x for 10,000 problems of n = 100.

    PYTHONPATH=. python ci/batch_speed.py [--problems 10000] [--n 100]
"""

import argparse
import os
import time

import numpy as np

import fastmi as fm


def best(func, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        func()
        times.append(time.perf_counter() - t)
    return min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--problems", type=int, default=10_000)
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    B, n = args.problems, args.n
    rng = np.random.default_rng(0)
    xs = rng.normal(size=(B, n))
    ys = xs + rng.normal(size=(B, n))
    zs = rng.normal(size=(B, n))
    xd = rng.integers(0, 4, size=(B, n))
    yd = (xd + rng.integers(0, 2, size=(B, n))) % 4

    def loop_ksg():
        g = np.random.default_rng(0)
        return [fm.ksg_mi(x, y, random_state=g) for x, y in zip(xs, ys, strict=True)]

    def loop_cmi():
        g = np.random.default_rng(0)
        return [fm.ksg_cmi(x, y, z, random_state=g) for x, y, z in zip(xs, ys, zs, strict=True)]

    cases = {
        "ksg_mi": (lambda: fm.ksg_mi_batch(xs, ys, random_state=0), loop_ksg),
        "ksg_cmi": (lambda: fm.ksg_cmi_batch(xs, ys, zs, random_state=0), loop_cmi),
        "mutual_info": (
            lambda: fm.mutual_info_batch(xd, yd),
            lambda: [fm.mutual_info_discrete(x, y) for x, y in zip(xd, yd, strict=True)],
        ),
        "copula_mi": (
            lambda: fm.copula_mi_batch(xs, ys),
            lambda: [fm.copula_mi(x, y) for x, y in zip(xs, ys, strict=True)],
        ),
    }
    print(f"{B} problems of n = {n}; threads {fm.get_num_threads()}; load {os.getloadavg()[0]:.1f}")
    print(f"{'function':<14}{'batch (s)':>11}{'loop (s)':>11}{'ratio':>8}  identical")
    for name, (batch, loop) in cases.items():
        same = np.array_equal(batch(), np.array(loop()))  # also compiles everything
        t_batch = best(batch, args.repeat)
        t_loop = best(loop, max(1, args.repeat - 2))
        print(f"{name:<14}{t_batch:>11.4f}{t_loop:>11.3f}{t_loop / t_batch:>8.1f}  {same}")


if __name__ == "__main__":
    main()
