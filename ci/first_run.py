"""First-call times of fastmi with an empty and with a warm Numba cache (issue 14).

Each case runs in a fresh subprocess: ``import fastmi`` and one call on
small data, timed.  "cold" uses an empty NUMBA_CACHE_DIR (everything the
call needs is compiled), "warm" the cache the cold run left; "import numba"
is the baseline a warm first call is compared with (goal: warm import plus
first call at most 0.3 s beyond it; cold: single-pair functions <= 2 s,
``pairwise_mi`` <= 4 s for any method).

    PYTHONPATH=. python ci/first_run.py [--only ksg_mi,copula_mi]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

SETUP = """
import numpy as np
rng = np.random.default_rng(0)
x = rng.standard_normal(200); y = x + rng.standard_normal(200)
a = rng.integers(0, 4, 200); b = (a + rng.integers(0, 2, 200)) % 4
X = rng.standard_normal((200, 6)); D = rng.integers(0, 4, (200, 6))
"""

CASES = {
    "mutual_info": "fm.mutual_info(a, b)",
    "copula_mi": "fm.copula_mi(x, y)",
    "ksg_mi": "fm.ksg_mi(x, y, random_state=0)",
    "pairwise_mi[ksg]": "fm.pairwise_mi(X, method='ksg', random_state=0)",
    "pairwise_mi[copula]": "fm.pairwise_mi(X, method='copula')",
    "pairwise_mi[binned]": "fm.pairwise_mi(X, method='binned')",
    "pairwise_mi[discrete]": "fm.pairwise_mi(D, method='discrete')",
    "ksg_mi_batch": "fm.ksg_mi_batch(X.T[:, :100], X.T[:, 100:], random_state=0)",
}

#: The baseline: ``import numba`` after numpy (the cases import numpy first too).
NUMBA_IMPORT = """
import time
import numpy
t = time.perf_counter()
import numba
print(time.perf_counter() - t)
"""

SCRIPT = """
import time
t0 = time.perf_counter()
{setup}
t1 = time.perf_counter()
import fastmi as fm
{call}
print(time.perf_counter() - t1)
"""


def run(code, cache):
    env = dict(os.environ, NUMBA_CACHE_DIR=cache)
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="comma-separated case names")
    args = parser.parse_args()
    names = [n for n in args.only.split(",") if n] or list(CASES)
    with tempfile.TemporaryDirectory() as empty:
        numba_import = min(run(NUMBA_IMPORT, empty) for _ in range(3))
    print(f"load {os.getloadavg()[0]:.1f}; import numba {numba_import:.2f} s")
    print(f"{'call':<24}{'cold (s)':>10}{'warm (s)':>10}{'warm - numba':>14}")
    for name in names:
        code = SCRIPT.format(setup=SETUP, call=CASES[name])
        with tempfile.TemporaryDirectory() as cache:
            cold = run(code, cache)
            warm = min(run(code, cache) for _ in range(2))
        print(f"{name:<24}{cold:>10.2f}{warm:>10.2f}{warm - numba_import:>14.2f}")
        sys.stdout.flush()


if __name__ == "__main__":
    t = time.perf_counter()
    main()
    print(f"total {time.perf_counter() - t:.0f} s")
