"""The issue-14 figures: small-call cost, first call with an empty cache, warm start.

    python ci/small_calls.py                # all three tables
    python ci/small_calls.py --only warm    # or cold / start

* ``warm``: per-call time of each single-pair function on small inputs
  (n = 10, 100, 1,000), kernels already loaded; best of ``--repeat`` timeit
  repeats (each ~1 ms long), in microseconds per call.
* ``cold``: the first call in a fresh interpreter with an empty
  ``NUMBA_CACHE_DIR`` (a new temporary directory per row), in seconds (wall,
  and the process's CPU time, which a loaded machine distorts less); the
  time of ``import fastmi`` is printed beside it and is not included.
* ``start``: with the cache warm, ``import fastmi`` + the first call, minus
  ``import numba`` alone (each in fresh interpreters, best of 3); the first
  row is Numba's own floor, the first call of a trivial cached kernel.

The machine is shared: report the load printed first and last.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import timeit

import numpy as np

SAMPLES = (10, 100, 1000)


def small_data(n, seed=0):
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 4, n)
    b = np.where(rng.random(n) < 0.5, a * 2 % 8, rng.integers(0, 8, n))
    c = rng.integers(0, 3, n)
    x = rng.standard_normal(n)
    y = 0.6 * x + 0.8 * rng.standard_normal(n)
    z = rng.standard_normal(n)
    return a, b, c, x, y, z


def calls(fm, n):
    """(label, zero-argument callable) of the issue-14 table at sample size n."""
    a, b, c, x, y, z = small_data(n)
    xz, zx = np.column_stack([x, z]), np.column_stack([z, x])
    return [
        ("mutual_info (discrete)", lambda: fm.mutual_info(a, b)),
        ("entropy", lambda: fm.entropy(a)),
        ("normalized_mutual_info", lambda: fm.normalized_mutual_info(a, b)),
        ("gaussian_mi", lambda: fm.gaussian_mi(x, y)),
        ("copula_mi", lambda: fm.copula_mi(x, y)),
        ("ksg_mi (k=3)", lambda: fm.ksg_mi(x, y)),
        ("mixed_mi", lambda: fm.mixed_mi(x, b)),
        ("binned_mi", lambda: fm.binned_mi(x, y)),
        ("ksg_cmi (k=3)", lambda: fm.ksg_cmi(x, y, z)),
        ("ksg_mi, 2-column x", lambda: fm.ksg_mi(xz, y)),
        ("ksg_cmi, 2-column z", lambda: fm.ksg_cmi(x, y, zx)),
        ("kl_entropy (k=3)", lambda: fm.kl_entropy(x)),
        ("conditional_mutual_info", lambda: fm.conditional_mutual_info(a, b, c)),
        ("adjusted_mutual_info", lambda: fm.adjusted_mutual_info(a, b)),
    ]


def per_call(func, repeat):
    """Best seconds per call over ``repeat`` timeit repeats of ~1 ms each.

    Short repeats and the minimum: on a loaded machine some repeats run
    undisturbed, and the best of many is the cost of the call itself.
    """
    timer = timeit.Timer(func)
    number, _ = timer.autorange()  # at least 0.2 s
    number = max(1, number // 200)
    return min(timer.repeat(repeat=repeat, number=number)) / number


def warm(repeat):
    import fastmi as fm

    table = {}
    for n in SAMPLES:
        for label, func in calls(fm, n):
            func()  # compile / load
            table.setdefault(label, {})[n] = per_call(func, repeat)
    print(
        f"{'call (warm, best of ' + str(repeat) + ')':32} "
        + " ".join(f"{f'n={n}':>10}" for n in SAMPLES)
    )
    for label, row in table.items():
        print(f"{label:32} " + " ".join(f"{row[n] * 1e6:8.1f}us" for n in SAMPLES))


FIRST = {
    "mutual_info (discrete)": "x = rng.integers(0, 7, 1000); y = (x + rng.integers(0, 2, 1000)) % 5",  # noqa: E501
    "copula_mi": "x = rng.standard_normal(1000); y = x + rng.standard_normal(1000)",
    "ksg_mi": "x = rng.standard_normal(1000); y = x + rng.standard_normal(1000)",
    "pairwise_mi discrete": "X = rng.integers(0, 4, (1000, 6))",
    "pairwise_mi copula": "X = rng.standard_normal((1000, 6))",
    "pairwise_mi ksg": "X = rng.standard_normal((1000, 6))",
    "pairwise_mi binned": "X = rng.standard_normal((1000, 6))",
}
CALL = {
    "mutual_info (discrete)": "fastmi.mutual_info(x, y)",
    "copula_mi": "fastmi.copula_mi(x, y)",
    "ksg_mi": "fastmi.ksg_mi(x, y)",
    "pairwise_mi discrete": "fastmi.pairwise_mi(X, method='discrete')",
    "pairwise_mi copula": "fastmi.pairwise_mi(X, method='copula')",
    "pairwise_mi ksg": "fastmi.pairwise_mi(X, method='ksg')",
    "pairwise_mi binned": "fastmi.pairwise_mi(X, method='binned')",
}
SCRIPT = """
import time
t0, c0 = time.perf_counter(), time.process_time()
import numpy as np
import fastmi
t1 = time.perf_counter()
rng = np.random.default_rng(0)
{data}
t2, c2 = time.perf_counter(), time.process_time()
{call}
t3, c3 = time.perf_counter(), time.process_time()
print(t1 - t0, t3 - t2, (t1 - t0) + (t3 - t2), c3 - c2, c3 - c0)
"""
NUMBA = (
    "import time; t0, c0 = time.perf_counter(), time.process_time(); import numpy, numba; "
    "print(time.perf_counter() - t0, time.process_time() - c0)"
)


#: Numba's own first use: a trivial cached kernel's first call (Numba loads
#: its typing registries, which import scipy.linalg to look for BLAS) -- a
#: floor that no Numba library's first call can go below.
TRIVIAL = """
import time
t0, c0 = time.perf_counter(), time.process_time()
import numpy as np
import numba
t1 = time.perf_counter()

@numba.njit(cache=True)
def one_more(x):
    return x[0] + 1

t2, c2 = time.perf_counter(), time.process_time()
one_more(np.zeros(3))
t3, c3 = time.perf_counter(), time.process_time()
print(t1 - t0, t3 - t2, (t1 - t0) + (t3 - t2), c3 - c2, c3 - c0)
"""


def fresh(script, cache_dir):
    """Run ``script`` (code, or a list of interpreter arguments) in a fresh
    interpreter; returns the numbers it prints."""
    args = ["-c", script] if isinstance(script, str) else script
    env = dict(os.environ, NUMBA_CACHE_DIR=cache_dir)
    done = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, timeout=900
    )
    if done.returncode:
        raise RuntimeError(done.stderr)
    return [float(v) for v in done.stdout.split()]


def cold():
    print(f"{'first call, empty cache':32} {'call s':>8} {'CPU s':>8} {'import s':>9}")
    for label in FIRST:
        with tempfile.TemporaryDirectory(prefix="nc_cold_") as cache_dir:
            script = SCRIPT.format(data=FIRST[label], call=CALL[label])
            imp, first, _, cpu, _ = fresh(script, cache_dir)
        print(f"{label:32} {first:8.2f} {cpu:8.2f} {imp:9.2f}", flush=True)


def start(cache_dir):
    runs = [fresh(NUMBA, cache_dir) for _ in range(3)]
    numba_s, numba_cpu = min(r[0] for r in runs), min(r[1] for r in runs)
    print(f"import numpy+numba alone: {numba_s:.3f} s wall, {numba_cpu:.3f} s CPU (best of 3)")
    columns = ("wall s", "- numba", "CPU s", "- numba")
    print(f"{'warm cache: import + first call':32} " + " ".join(f"{c:>8}" for c in columns))
    trivial = os.path.join(cache_dir, "numba_trivial_kernel.py")  # cache=True needs a file
    with open(trivial, "w") as fh:
        fh.write(TRIVIAL)
    rows = [("numba alone: a trivial kernel", [trivial])]
    for label in ("mutual_info (discrete)", "copula_mi", "ksg_mi", "pairwise_mi discrete"):
        rows.append((label, ["-c", SCRIPT.format(data=FIRST[label], call=CALL[label])]))
    for label, args in rows:
        fresh(args, cache_dir)  # fill the cache
        runs = [fresh(args, cache_dir) for _ in range(3)]
        wall, cpu = min(r[2] for r in runs), min(r[4] for r in runs)
        print(
            f"{label:32} {wall:8.3f} {wall - numba_s:8.3f} {cpu:8.3f} {cpu - numba_cpu:8.3f}",
            flush=True,
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=["warm", "cold", "start"])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args(argv)
    parts = args.only or ["warm", "cold", "start"]
    print(f"load: {os.getloadavg()}")
    if "warm" in parts:
        warm(args.repeat)
    if "cold" in parts:
        cold()
    if "start" in parts:
        start(os.environ.get("NUMBA_CACHE_DIR") or tempfile.mkdtemp(prefix="nc_start_"))
    print(f"load after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
