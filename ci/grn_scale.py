"""Genome-scale ARACNE end to end: expression TSV in, DREAM edge list out.

    python ci/grn_scale.py                        # 20,000 genes x 200 samples, 1,800 TFs
    python ci/grn_scale.py --genes 2000 --tfs 200 # a quick check

The data come from a seeded sparse random regulatory network (each target
has 1-3 regulators among the TFs, saturating responses plus noise) and are
written once as a TSV (genes in rows, as expression files usually are).
Then a fresh interpreter runs the pipeline a user would: read the TSV with
pandas, ``infer_network(network="aracne", method="copula", tfs=...,
mi_options={"dtype": float32})`` (TF x gene copula MI, DPI over regulator triplets), the top
edges by a partial selection, the edge list written.  It prints the time of
each phase, the peak RSS, and the budget of the issue's target: 1.5 x the
float32 TF x gene MI block plus the input, above the interpreter's RSS
before the file is read.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

import numpy as np


def simulate(n_genes, n_samples, n_tfs, seed=0):
    """(expression (n_samples, n_genes), gene names, TF names): a sparse random network."""
    rng = np.random.default_rng(seed)
    X = np.empty((n_samples, n_genes))
    X[:, :n_tfs] = rng.normal(size=(n_samples, n_tfs))
    for g in range(n_tfs, n_genes):
        regulators = rng.choice(n_tfs, size=rng.integers(1, 4), replace=False)
        weights = rng.choice([-1.0, 1.0], size=len(regulators)) * rng.uniform(
            0.5, 2.0, len(regulators)
        )
        X[:, g] = np.tanh(X[:, regulators] * weights).sum(axis=1) + 0.5 * rng.normal(size=n_samples)
    names = np.array([f"G{g:05d}" for g in range(n_genes)])
    return X, names, names[:n_tfs]


def write_data(path, n_genes, n_samples, n_tfs):
    import pandas as pd

    X, names, tf_names = simulate(n_genes, n_samples, n_tfs)
    frame = pd.DataFrame(X.T, index=pd.Index(names, name="gene"))
    frame.columns = [f"S{s:03d}" for s in range(n_samples)]
    frame.to_csv(path, sep="\t", float_format="%.6g")
    with open(path + ".tfs", "w") as f:
        f.write("\n".join(tf_names) + "\n")


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def current_rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def run_pipeline(path, top, n_jobs):
    """The user's pipeline in this process; prints one line per phase."""
    import pandas as pd

    from fastmi.network import infer_network

    # Load everything the pipeline uses (modules, cached kernels, threads)
    # on a tiny problem, so the baseline RSS is the loaded interpreter's.
    tiny = pd.DataFrame(np.random.default_rng(0).normal(size=(50, 8)), columns=list("abcdefgh"))
    infer_network(
        tiny, network="aracne", method="copula", tfs=["a", "b"], mi_options={"dtype": np.float32}
    )
    baseline = current_rss_mb()
    marks = [("start", time.perf_counter(), peak_rss_mb())]
    frame = pd.read_csv(path, sep="\t", index_col=0)  # genes x samples
    # samples x genes without a copy: the transposed view of the frame's values
    # (frame.T would copy them, holding the input twice).
    X = pd.DataFrame(frame.to_numpy().T, index=frame.columns, columns=frame.index, copy=False)
    del frame
    tfs = open(path + ".tfs").read().split()
    marks.append(("read TSV", time.perf_counter(), peak_rss_mb()))

    def progress(phase, done, total):
        if phase == "network" and done == 0:
            marks.append(("copula MI (TF x gene)", time.perf_counter(), peak_rss_mb()))

    S = infer_network(
        X, network="aracne", method="copula", tfs=tfs, n_jobs=n_jobs, progress=progress,
        mi_options={"dtype": np.float32},
    )  # fmt: skip
    marks.append(("ARACNE (DPI)", time.perf_counter(), peak_rss_mb()))
    values = S.to_numpy()
    flat = values.ravel()
    pick = np.flatnonzero(flat)  # the edges ARACNE kept: a small fraction
    n_edges, k = len(pick), min(top, len(pick))
    if k < n_edges:
        pick = pick[np.argpartition(-flat[pick], k - 1)[:k]]
    pick = pick[np.argsort(-flat[pick], kind="stable")]
    rows, cols = np.divmod(pick, values.shape[1])
    out = path + ".edges.tsv"
    edges = pd.DataFrame(
        {"regulator": S.index[rows], "target": S.columns[cols], "score": flat[pick]}
    )
    edges.to_csv(out, sep="\t", header=False, index=False, float_format="%.6g")
    marks.append((f"edge list ({k} of {n_edges} edges)", time.perf_counter(), peak_rss_mb()))
    print(f"{'phase':<40} {'time':>8}   peak RSS above the loaded interpreter")
    for (_, t0, _), (name, t1, rss) in zip(marks, marks[1:], strict=False):
        print(f"{name:<40} {t1 - t0:8.2f} s {rss - baseline:6.0f} MB")
    print(f"{'total':<40} {marks[-1][1] - marks[0][1]:8.2f} s")
    block = values.nbytes / 2**20
    data = X.to_numpy().nbytes / 2**20
    peak = peak_rss_mb()
    above, budget = peak - baseline, 1.5 * block + data
    print(
        f"peak RSS {peak:.0f} MB; {above:.0f} MB above the loaded interpreter's {baseline:.0f} MB"
    )
    print(f"budget 1.5 x block ({block:.0f} MB) + input ({data:.0f} MB) = {budget:.0f} MB")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--genes", type=int, default=20_000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--tfs", type=int, default=1_800)
    parser.add_argument("--top", type=int, default=100_000, help="edges written")
    parser.add_argument("--n-jobs", type=int, default=None)
    parser.add_argument("--dir", default=tempfile.gettempdir())
    parser.add_argument("--run", help=argparse.SUPPRESS)  # the measured child
    args = parser.parse_args()
    if args.run:
        run_pipeline(args.run, args.top, args.n_jobs)
        return
    path = _data(args.dir, args.genes, args.samples, args.tfs)
    child = [sys.executable, __file__, "--top", str(args.top)]
    if args.n_jobs is not None:
        child += ["--n-jobs", str(args.n_jobs)]
    # A small run first fills the Numba cache: the measured run times the work.
    small = _data(args.dir, 300, args.samples, 30)
    subprocess.run([*child, "--run", small], check=True, capture_output=True)
    subprocess.run([*child, "--run", path], check=True)


def _data(directory, genes, samples, tfs):
    path = os.path.join(directory, f"grn_scale_{genes}x{samples}_{tfs}.tsv")
    if not os.path.exists(path + ".tfs"):
        t0 = time.perf_counter()
        write_data(path, genes, samples, tfs)
        print(f"wrote {path} in {time.perf_counter() - t0:.1f} s")
    return path


if __name__ == "__main__":
    main()
