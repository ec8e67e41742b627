"""Which network pipeline (MI estimator + algorithm) recovers regulatory networks best?

    python ci/grn_quality.py                 # 20 simulator seeds (about 2 minutes)
    python ci/grn_quality.py --seeds 5       # quicker
    python ci/grn_quality.py --csv out.csv   # every score, one row per data set
    python ci/grn_quality.py --scale 20000   # genome-scale CLR: time and memory

Every pipeline scores directed edges r -> t; the quality of a network is the
DREAM convention: average precision (AUPR) and AUROC over all p(p - 1)
ordered pairs against the directed gold standard (a symmetric network lists
each pair in both directions with one score).

Data set groups:

* ``dream4-mf``: the five DREAM4 size-10 multifactorial sets (10 samples;
  GeneNetWeaver, Marbach et al. 2010), ``/work/shared/data/dream4-size10``;
* ``dream4-ko``: the same five networks from their knockout and knockdown
  data (20 samples: another view, not the held-out kind of data);
* ``sim``: ``fastmi.network.simulate_expression`` at 100 genes x 100
  samples (the shape of the held-out DREAM4 100-gene sets), seeds 1000+;
* ``sim-hard``: the simulator with denser networks (3 regulators per gene)
  and twice the noise, so the choice does not hinge on one setting.

The principle that picks the default: rank the pipelines by AUPR on each
data set, average the ranks within each group, and take the pipeline with
the best mean of the group averages (every group weighs the same, whatever
its number of sets).  A pipeline that wins on one kind of data only does
not win.  Baselines: |Spearman| and |Pearson| relevance, and the old
default KSG (k=3) + CLR.
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

import fastmi as fm
from fastmi import network as net

DREAM4 = Path("/work/shared/data/dream4-size10")
METHODS = {
    "copula": {"method": "copula"},
    "ksg": {"method": "ksg", "k": 3},
    "binned": {"method": "binned"},
}
ALGORITHMS = {
    "relevance": net.relevance_network,
    "aracne": net.aracne,
    "clr": net.clr,
    "mrnet": net.mrnet,
    "mrnetb": net.mrnetb,
    "ensemble": net.ensemble,
}
DIRECTED = ("clr", "mrnet", "mrnetb", "ensemble")


# ------------------------------------------------------------------ scores
def directed_aupr(scores, gold):
    """Average precision over the ordered pairs r != t (ties: one threshold)."""
    s, y = _ordered_pairs(scores, gold)
    order = np.argsort(-s, kind="stable")
    s, y = s[order], y[order]
    last_of_tie = np.r_[s[1:] != s[:-1], True]
    tp = np.cumsum(y)[last_of_tie]
    precision = tp / (np.flatnonzero(last_of_tie) + 1)
    recall = tp / tp[-1]
    return float(np.sum(np.diff(recall, prepend=0.0) * precision))


def directed_auroc(scores, gold):
    from scipy.stats import rankdata

    s, y = _ordered_pairs(scores, gold)
    ranks = rankdata(s)
    n_pos = y.sum()
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * (y.size - n_pos)))


def _ordered_pairs(scores, gold):
    off = ~np.eye(gold.shape[0], dtype=bool)
    return np.asarray(scores, dtype=np.float64)[off], np.asarray(gold, dtype=bool)[off]


# ------------------------------------------------------------------ data
def dream4_sets(kind):
    for i in range(1, 6):
        if kind == "mf":
            X = pd.read_csv(DREAM4 / f"insilico_size10_{i}_multifactorial.tsv", sep="\t")
        else:
            X = pd.concat(
                pd.read_csv(DREAM4 / f"insilico_size10_{i}_{part}.tsv", sep="\t")
                for part in ("knockouts", "knockdowns")
            )
        gold_file = DREAM4 / "goldstandard" / f"DREAM4_GoldStandard_InSilico_Size10_{i}.tsv"
        edges = pd.read_csv(gold_file, sep="\t", header=None)
        position = {name: k for k, name in enumerate(X.columns)}
        gold = np.zeros((X.shape[1],) * 2, dtype=bool)
        for regulator, target, is_edge in edges.itertuples(index=False):
            gold[position[regulator], position[target]] = bool(is_edge)
        yield f"dream4-{kind}-{i}", X.to_numpy(np.float64), gold


def simulated_sets(n_seeds, **options):
    for seed in range(1000, 1000 + n_seeds):
        X, gold = net.simulate_expression(100, 100, random_state=seed, **options)
        yield f"seed-{seed}", X.to_numpy(), gold


def groups(n_seeds):
    return {
        "dream4-mf": dream4_sets("mf"),
        "dream4-ko": dream4_sets("ko"),
        "sim": simulated_sets(n_seeds),
        "sim-hard": simulated_sets(n_seeds, density=3.0, noise=0.1),
    }


# ------------------------------------------------------------------ pipelines
def mi_matrix(X, method):
    """``pairwise_mi`` as returned, negative estimates clipped to 0 (ARACNE
    still refuses them) and infinite values (a monotone pair under the copula
    estimator) set to the largest finite MI of the matrix."""
    M = np.array(fm.pairwise_mi(X, random_state=0, **METHODS[method]), dtype=np.float64)
    np.fill_diagonal(M, 0.0)
    np.maximum(M, 0.0, out=M)
    infinite = np.isinf(M)
    if infinite.any():
        M[infinite] = M[~infinite].max()
    return M


def correlation(X, kind):
    from scipy.stats import spearmanr

    r = spearmanr(X).statistic if kind == "spearman" else np.corrcoef(X, rowvar=False)
    S = np.abs(np.nan_to_num(np.asarray(r, dtype=np.float64)))
    np.fill_diagonal(S, 0.0)
    return S


def pipelines(X):
    """(name, score matrix) of every candidate pipeline on ``X``."""
    yield "|spearman| relevance", correlation(X, "spearman")
    yield "|pearson| relevance", correlation(X, "pearson")
    for method in METHODS:
        M = mi_matrix(X, method)
        for name, algorithm in ALGORITHMS.items():
            yield f"{method} {name}", algorithm(M)
            if name in DIRECTED:
                yield f"{method} {name} directed", algorithm(M, directed=True)


# ------------------------------------------------------------------ report
def evaluate(n_seeds):
    rows = []
    for group, sets in groups(n_seeds).items():
        for name, X, gold in sets:
            for pipeline, scores in pipelines(X):
                rows.append(
                    {
                        "group": group,
                        "set": name,
                        "pipeline": pipeline,
                        "aupr": directed_aupr(scores, gold),
                        "auroc": directed_auroc(scores, gold),
                    }
                )
    return pd.DataFrame(rows)


def summary(scores):
    """Mean AUPR/AUROC per group and the mean rank (by AUPR) that picks the default."""
    scores = scores.assign(
        rank=scores.groupby(["group", "set"])["aupr"].rank(ascending=False, method="average")
    )
    by_group = scores.pivot_table(index="pipeline", columns="group", values=["aupr", "rank"])
    table = pd.DataFrame(
        {f"aupr {g}": by_group[("aupr", g)] for g in scores["group"].unique()}
        | {"auroc sim": scores[scores.group == "sim"].groupby("pipeline")["auroc"].mean()}
        | {"mean rank": by_group["rank"].mean(axis=1)}
    )
    return table.sort_values("mean rank")


def check_aupr_against_sklearn():
    from sklearn.metrics import average_precision_score

    X, gold = next(simulated_sets(1))[1:]
    scores = np.round(net.clr(mi_matrix(X, "copula")), 1)  # ties on purpose
    s, y = _ordered_pairs(scores, gold)
    assert abs(directed_aupr(scores, gold) - average_precision_score(y, s)) < 1e-12


def measure_scale(p, n=200):
    """Copula MI of p genes x n samples (float32), then CLR on all pairs: the
    seconds of each step and the peak memory CLR allocates beyond the MI matrix."""
    import tracemalloc

    X = np.random.default_rng(0).normal(size=(n, p))
    start = time.perf_counter()
    M = fm.pairwise_mi(X, method="copula", dtype=np.float32)
    mi_seconds = time.perf_counter() - start
    net.clr(M[:100, :100])  # compile outside the measurement
    tracemalloc.start()
    start = time.perf_counter()
    S = net.clr(M)
    clr_seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(
        f"p={p} n={n}: copula MI {mi_seconds:.1f} s ({M.nbytes / 2**30:.2f} GiB float32); "
        f"CLR {clr_seconds:.1f} s = {clr_seconds / mi_seconds:.2f}x the MI step, peak "
        f"{peak / 2**30:.2f} GiB above the MI matrix (output {S.nbytes / 2**30:.2f} GiB "
        f"{S.dtype})"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20, help="simulator seeds per group")
    parser.add_argument("--csv", help="write every score to this CSV file")
    parser.add_argument("--scale", type=int, metavar="P", help="time CLR on P genes instead")
    args = parser.parse_args(argv)
    if args.scale:
        measure_scale(args.scale)
        return 0
    check_aupr_against_sklearn()
    start = time.perf_counter()
    scores = evaluate(args.seeds)
    if args.csv:
        scores.to_csv(args.csv, index=False)
    table = summary(scores)
    with pd.option_context("display.width", 200, "display.max_rows", 100):
        print(table.round(3).to_string())
    best = table.index[0]
    print(f"\nbest mean rank: {best}  ({time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
