"""The issue-11 targets of the streaming all-pairs output, measured in one run.

    python ci/stream_targets.py              # the issue's sizes (several minutes)
    python ci/stream_targets.py --quick      # p / 5: a smoke run
    python ci/stream_targets.py --no-dask    # skip the LocalCluster row

Every row runs in a fresh interpreter (so its peak RSS is its own) on the
same seeded data, and prints wall time and peak resident memory:

* ``gemm32``: the float32 product X.T @ X of the copula job (p x p from
  n x p), computed in row blocks because the p x p result does not fit;
* ``copula_top_k``: ``pairwise_mi(X, method="copula", top_k=20)``, the
  same X (target: time <= 3 x gemm32, peak <= 3 GB);
* ``binary_dense`` / ``binary_top_k``: p binary columns, n = 500, the dense
  matrix and top_k=20 (target: top_k time <= 1.5 x dense, peak < 1 GB);
* ``dask_copula_top_k``: the copula job on a LocalCluster of 2 worker
  processes, 1 thread each (target: <= 1.5 x copula_top_k; the memory is
  the client's only).

The machine is shared: report ``uptime`` with the figures; the ratios come
from one run.
"""

import argparse
import json
import os
import subprocess
import sys

PRELUDE = """
import json, resource, time
import numpy as np

def copula_data(p, n=200):
    rng = np.random.default_rng(11)
    X = rng.standard_normal((n, p))
    X[:, 1::2] += 0.7 * X[:, 0::2][:, : X[:, 1::2].shape[1]]  # dependent pairs
    return X

def binary_data(p, n=500):
    rng = np.random.default_rng(12)
    X = rng.integers(0, 2, size=(n, p), dtype=np.int8)
    flip = rng.random((n, p // 2)) < 0.2
    X[:, 1::2] = np.where(flip, 1 - X[:, 0::2][:, : p // 2], X[:, 0::2][:, : p // 2])
    return X

def report(seconds, **extra):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    cpu = time.process_time() - cpu0  # this process's CPU seconds (all threads) since start
    print("RESULT " + json.dumps(dict(seconds=seconds, cpu=cpu, peak=peak, **extra)))
"""

JOBS = {
    "gemm32": """
X = copula_data({p}).astype(np.float32)
Xt = np.ascontiguousarray(X.T)
block = 1024
start, cpu0 = time.perf_counter(), time.process_time()
for r0 in range(0, Xt.shape[0], block):
    Xt[r0 : r0 + block] @ X
report(time.perf_counter() - start)
""",
    "copula_top_k": """
import fastmi
X = copula_data({p})
fastmi.pairwise_mi(X[:, :300], method="copula", top_k=20)  # compile outside the timing
start, cpu0 = time.perf_counter(), time.process_time()
result = fastmi.pairwise_mi(X, method="copula", top_k=20)
report(time.perf_counter() - start, nnz=int(result.nnz))
""",
    "binary_dense": """
import fastmi
X = binary_data({q})
fastmi.pairwise_mi(X[:, :300])
start, cpu0 = time.perf_counter(), time.process_time()
M = fastmi.pairwise_mi(X)
report(time.perf_counter() - start)
""",
    "binary_top_k": """
import fastmi
X = binary_data({q})
fastmi.pairwise_mi(X[:, :300], top_k=20)
start, cpu0 = time.perf_counter(), time.process_time()
result = fastmi.pairwise_mi(X, top_k=20)
report(time.perf_counter() - start, nnz=int(result.nnz))
""",
    "dask_copula_top_k": """
import fastmi, fastmi.dask
from distributed import Client, LocalCluster
X = copula_data({p})
with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                  dashboard_address=None) as cluster, Client(cluster) as client:
    fastmi.dask.pairwise_mi(X[:, :300], method="copula", top_k=20, client=client)  # warm up
    start, cpu0 = time.perf_counter(), time.process_time()
    result = fastmi.dask.pairwise_mi(X, method="copula", top_k=20, client=client)
    report(time.perf_counter() - start, nnz=int(result.nnz))
""",
}


def run(name, p, q):
    code = PRELUDE + JOBS[name].format(p=p, q=q)
    env = dict(os.environ)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    raise RuntimeError(f"{name} failed:\n{done.stdout}\n{done.stderr}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="p / 5")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask row")
    parser.add_argument("--only", action="append", choices=sorted(JOBS), help="run these rows")
    args = parser.parse_args(argv)
    p, q = (20_000, 4_000) if args.quick else (100_000, 20_000)
    names = args.only or [n for n in JOBS if not (args.no_dask and n.startswith("dask"))]
    print(f"load: {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} (1, 5 min); "
          f"copula p = {p:,} x n = 200; binary p = {q:,} x n = 500")  # fmt: skip
    results = {}
    for name in names:
        results[name] = r = run(name, p, q)
        extra = f"  nnz {r['nnz']:,}" if "nnz" in r else ""
        times = f"{r['seconds']:8.2f} s  cpu {r['cpu']:8.2f} s"
        print(f"{name:>18}: {times}  peak {r['peak'] / 2**30:6.2f} GiB{extra}", flush=True)
    ratios = [("copula_top_k", "gemm32", 3.0), ("binary_top_k", "binary_dense", 1.5),
              ("dask_copula_top_k", "copula_top_k", 1.5)]  # fmt: skip
    for a, b, target in ratios:
        if a in results and b in results:
            ratio = results[a]["seconds"] / results[b]["seconds"]
            cpu = results[a]["cpu"] / results[b]["cpu"]
            print(f"{a} / {b}: {ratio:.2f} wall, {cpu:.2f} CPU (target <= {target})")
    print(f"load after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
