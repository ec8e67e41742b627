"""Quick comparison of fastmi with its reference and its peers, measured in one run.

    python ci/compare.py            # best of 7 (a few minutes)
    python ci/compare.py --quick    # best of 3
    python ci/compare.py --only ksg --only import

Each row times fastmi and a set of alternatives on the same data in the
same process (cold-start rows: in fresh interpreters) and prints the ratio
``alternative time / fastmi time`` (> 1: fastmi is faster) and the largest
difference between the values they return (a sanity check that they compute
the same quantity; blank for timings).  Absolute times on a shared machine
are noise; ratios measured together are the signal.

Adding a comparison: write a function ``build(quick) -> Comparison`` that
imports what it needs with :func:`optional` (a missing fastmi feature or
peer skips the row, or drops that peer) and decorate it with ``@comparison``.
"""

import argparse
import math
import subprocess
import sys
import timeit
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from importlib import import_module

import numpy as np


class Missing(Exception):
    """A fastmi feature or a peer is not installed: skip it."""


def optional(module, attr=None):
    """``module`` (or ``module.attr``) if importable, else raise Missing."""
    try:
        obj = import_module(module)
        return obj if attr is None else getattr(obj, attr)
    except (ImportError, AttributeError) as err:
        raise Missing(f"{module}{'.' + attr if attr else ''}: {err}") from None


def bound(module, attr, *args, **kwargs):
    """A peer maker: ``module.attr`` with its arguments bound, imported when made."""
    return lambda: partial(optional(module, attr), *args, **kwargs)


def peers(**makers):
    """{name: callable} of the peers whose maker does not raise Missing."""
    out = {}
    for name, make in makers.items():
        try:
            out[name] = make()
        except Missing:
            pass
    return out


@dataclass
class Comparison:
    """``fastmi`` and each of ``others`` are zero-argument callables.

    With ``cold=True`` they return seconds measured in a fresh interpreter
    (best of the repeats is kept) instead of being timed here, and their
    values are not compared.
    """

    name: str
    fastmi: Callable
    others: dict = field(default_factory=dict)
    cold: bool = False


COMPARISONS = []  # (name, builder): registered with @comparison


def comparison(name):
    def register(build):
        COMPARISONS.append((name, build))
        return build

    return register


# ------------------------------------------------------------------ data
def discrete_pair(n, levels_x, levels_y, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.integers(0, levels_x, n)
    y = np.where(rng.random(n) < 0.5, x % levels_y, rng.integers(0, levels_y, n))
    return x, y


def gaussian_pair(n, rho=0.6, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(n)
    return x, rho * x + math.sqrt(1 - rho**2) * rng.standard_normal(n)


# ------------------------------------------------------- the comparisons
def _discrete(n, levels_x, levels_y, name):
    fm = optional("fastmi")
    mi = optional("fastmi", "mutual_info_discrete")
    x, y = discrete_pair(n, levels_x, levels_y)
    others = {"fastmi n_jobs=1": lambda: mi(x, y, n_jobs=1)}
    others |= peers(
        reference=bound("fastmi.reference", "mutual_info", x, y),
        sklearn=bound("sklearn.metrics", "mutual_info_score", x, y),
    )
    name = f"{name} ({fm.get_num_threads()} threads)"
    return Comparison(name, lambda: mi(x, y), others)


@comparison("discrete")
def discrete_large(quick):
    return _discrete(10**6, 10, 20, "discrete MI n=1e6, 10x20 levels")


@comparison("discrete")
def discrete_small(quick):
    return _discrete(100, 10, 20, "discrete MI n=100 (per-call overhead)")


@comparison("discrete")
def discrete_strings(quick):
    mi = optional("fastmi", "mutual_info_discrete")
    x, y = discrete_pair(10**5, 50, 50)
    names = np.array([f"level-{i:03d}" for i in range(50)])
    xs, ys = names[x], names[y]
    others = peers(sklearn=bound("sklearn.metrics", "mutual_info_score", xs, ys))
    return Comparison("discrete MI n=1e5, 50 string levels", lambda: mi(xs, ys), others)


@comparison("ksg")
def ksg(quick):
    ksg_mi = optional("fastmi", "ksg_mi")
    x, y = gaussian_pair(5000)

    # sklearn's private KSG core: mutual_info_regression adds noise and rescales.
    sklearn = bound("sklearn.feature_selection._mutual_info", "_compute_mi_cc", x, y, 3)

    def ennemi():
        estimate = optional("ennemi", "estimate_mi")
        return lambda: float(np.asarray(estimate(y, x, k=3, preprocess=False)).ravel()[0])

    fast = lambda: ksg_mi(x, y, k=3, standardize=False, jitter=0)  # noqa: E731
    return Comparison(
        "KSG MI n=5000, k=3 (no rescaling, no jitter)",
        fast,
        peers(sklearn=sklearn, ennemi=ennemi),
    )


def _regression_data(n, p):
    """Gaussian features; a target non-linear in the first two (as bench_ksg)."""
    rng = np.random.default_rng(8000 + p)
    X = rng.standard_normal((n, p))
    return X, np.sin(3 * X[:, 0]) + X[:, 1] ** 2 + 0.3 * rng.standard_normal(n)


def _regression(n, p):
    mir = optional("fastmi.feature_selection", "mutual_info_regression")
    X, y = _regression_data(n, p)

    def ennemi(threads):
        def make():
            estimate = optional("ennemi", "estimate_mi")
            return lambda: np.asarray(estimate(y, X, k=3, max_threads=threads)).ravel()

        return make

    others = peers(
        sklearn=bound("sklearn.feature_selection", "mutual_info_regression", X, y,
                      random_state=0, n_jobs=-1),
        **{"ennemi 1 thread": ennemi(1), "ennemi all threads": ennemi(None)},
    )  # fmt: skip
    return Comparison(
        f"mutual_info_regression n={n:.0e}, {p} features, all cores (KSG, k=3)",
        lambda: mir(X, y, random_state=0, n_jobs=-1),
        others,
    )


@comparison("ksg")
def regression_1e4x100(quick):
    return _regression(10_000, 100)


@comparison("ksg")
def regression_1e5x10(quick):
    return _regression(100_000, 10)


@comparison("ksg")
def classification_1e5x5(quick):
    """The classification drop-in (Ross 2014 per feature) against scikit-learn."""
    mic = optional("fastmi.feature_selection", "mutual_info_classif")
    rng = np.random.default_rng(5)
    X = rng.standard_normal((100_000, 5))
    y = (X[:, 0] + X[:, 1] ** 2 + rng.standard_normal(100_000) > 1).astype(int) + (X[:, 2] > 0)
    others = peers(
        sklearn=bound("sklearn.feature_selection", "mutual_info_classif", X, y,
                      random_state=0, n_jobs=-1),
    )  # fmt: skip
    return Comparison(
        "mutual_info_classif n=1e5, 5 features, 3 classes, all cores (Ross, k=3)",
        lambda: mic(X, y, random_state=0, n_jobs=-1),
        others,
    )


@comparison("pairwise")
def pairwise_ksg(quick):
    """All pairs by KSG at n = 1000: the issue's p = 200 (quick: p = 64, 2016
    pairs; the cost per pair does not depend on p).  Standardized data, so
    that ennemi without its preprocessing computes the same numbers."""
    pairwise_mi = optional("fastmi", "pairwise_mi")
    p = 64 if quick else 200
    rng = np.random.default_rng(0)
    X = rng.standard_normal((1000, p))
    X[:, 1::2] = np.tanh(X[:, 0::2]) + 0.5 * X[:, 1::2]
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    upper = np.triu_indices(p, 1)

    def ennemi(threads):
        def make():
            pairwise = optional("ennemi", "pairwise_mi")

            def run():
                return np.asarray(pairwise(X, k=3, preprocess=False, max_threads=threads))[upper]

            return run

        return make

    return Comparison(
        f"pairwise KSG MI, n=1000, {p} features ({p * (p - 1) // 2} pairs), k=3",
        lambda: np.asarray(pairwise_mi(X, method="ksg", jitter=0))[upper],
        peers(**{"ennemi 1 thread": ennemi(1), "ennemi all threads": ennemi(None)}),
    )


@comparison("clustering")
def ami(quick):
    ami_fn = optional("fastmi", "adjusted_mutual_info")
    a, b = discrete_pair(20000, 100, 100)
    others = peers(sklearn=bound("sklearn.metrics", "adjusted_mutual_info_score", a, b))
    if not quick:  # the exact reference takes tens of seconds here
        others |= peers(reference=bound("fastmi.reference", "adjusted_mutual_info", a, b))
    return Comparison("AMI n=2e4, 100x100 clusters", lambda: ami_fn(a, b), others)


@comparison("clustering")
def ami_1e5(quick):
    """The issue's AMI case: n = 1e5, two labelings of 1,000 clusters each."""
    ami_fn = optional("fastmi", "adjusted_mutual_info")
    a, b = discrete_pair(100_000, 1000, 1000)
    others = peers(sklearn=bound("sklearn.metrics", "adjusted_mutual_info_score", a, b))
    return Comparison("AMI n=1e5, 1000x1000 clusters", lambda: ami_fn(a, b), others)


@comparison("clustering")
def ami_1e6(quick):
    """n = 1e6 with 1e4 clusters each (target: under 2 s; no peer finishes soon)."""
    ami_fn = optional("fastmi", "adjusted_mutual_info")
    a, b = discrete_pair(1_000_000, 10_000, 10_000)
    return Comparison("AMI n=1e6, 1e4x1e4 clusters", lambda: ami_fn(a, b), {})


def _aracne_by_rows(M):
    """Yardstick: ARACNE vectorised one gene at a time (O(p^3), numpy)."""
    keep = np.ones(M.shape, dtype=bool)
    for i in range(M.shape[0]):
        keep[i] = ~(M[i] < np.minimum(M[i][None, :], M).max(axis=1))
    return np.where(keep & keep.T, M, 0.0)


@comparison("network")
def aracne(quick):
    """ARACNE on the copula MI matrix of a sparse chain-structured network."""
    fm = optional("fastmi")
    p = 500 if quick else 1500
    rng = np.random.default_rng(0)
    X = rng.standard_normal((300, p))
    X[:, 1::3] += X[:, 0::3][:, : X[:, 1::3].shape[1]]
    M = np.maximum(np.nan_to_num(np.asarray(fm.pairwise_mi(X, method="copula"))), 0.0)
    np.fill_diagonal(M, 0.0)
    return Comparison(
        f"ARACNE, p={p} genes",
        lambda: fm.network.aracne(M),
        {"numpy by rows": lambda: _aracne_by_rows(M)},
    )


def _aracne_tfs_by_rows(block, tfs):
    """Yardstick: ARACNe-AP's DPI over TF triplets, one TF at a time (numpy)."""
    out = block.copy()
    for a, r in enumerate(tfs):
        strongest = np.minimum(block[a, tfs][:, None], block).max(axis=0)
        out[a, block[a] < strongest] = 0.0
        out[a, r] = 0.0
    return out


@comparison("network")
def aracne_tfs(quick):
    """ARACNE with regulators: the DPI over TF triplets on a TF x gene block."""
    fm = optional("fastmi")
    block_type = optional("fastmi.network", "TFBlock")
    p, n_tfs = (2000, 200) if quick else (8000, 800)
    rng = np.random.default_rng(0)
    X = rng.standard_normal((200, p))
    X[:, n_tfs:] += X[:, rng.integers(0, n_tfs, p - n_tfs)]
    tfs = np.arange(n_tfs)
    block = np.maximum(np.asarray(fm.cross_mi(X[:, tfs], X, method="copula")), 0.0)
    block[tfs, tfs] = 0.0
    return Comparison(
        f"ARACNE with {n_tfs} TFs, p={p} genes",
        lambda: fm.network.aracne(block_type(block, tfs)),
        {"numpy by rows": lambda: _aracne_tfs_by_rows(block, tfs)},
    )


@comparison("network")
def edge_list_top(quick):
    """The 37,845 strongest edges of a 5,000-gene score matrix (issue 10: 65 s by a full sort)."""
    edge_list = optional("fastmi.network", "edge_list")
    p, top = (2000, 37845) if quick else (5000, 37845)
    S = np.random.default_rng(0).random((p, p))
    S += S.T
    upper = np.triu_indices(p, k=1)

    def full_sort():
        w = S[upper]
        return w[np.argsort(-w, kind="stable")[:top]]

    return Comparison(
        f"edge_list top {top}, p={p}",
        lambda: np.array([w for *_, w in edge_list(S, top=top)]),
        {"numpy full sort": full_sort},
    )


@comparison("ksg")
def ksg_pair_1e6(quick):
    """One pair of 1-D variables, n = 1e6, through the drop-in (as sklearn)."""
    mir = optional("fastmi.feature_selection", "mutual_info_regression")
    x, y = gaussian_pair(1_000_000)
    X, y = np.reshape(x, (-1, 1)), np.ravel(y)
    others = peers(
        sklearn=bound("sklearn.feature_selection", "mutual_info_regression", X, y,
                      random_state=0),
    )  # fmt: skip
    return Comparison(
        "mutual_info_regression, one pair n=1e6 (KSG, k=3)",
        lambda: mir(X, y, random_state=0),
        others,
    )


@comparison("pairwise")
def pairwise_discrete(quick):
    pairwise_mi = optional("fastmi", "pairwise_mi")
    rng = np.random.default_rng(0)
    X = rng.integers(0, 4, (5000, 50))

    def sklearn_loop():
        mi = optional("sklearn.metrics", "mutual_info_score")

        def run():
            p = X.shape[1]
            out = np.zeros((p, p))
            for i in range(p):
                for j in range(i, p):
                    out[i, j] = out[j, i] = mi(X[:, i], X[:, j])
            return out[np.triu_indices(p, 1)]

        return run

    upper = np.triu_indices(X.shape[1], 1)
    return Comparison(
        "pairwise discrete MI, 50 features, n=5000, 4 levels",
        lambda: np.asarray(pairwise_mi(X))[upper],
        peers(**{"sklearn loop": sklearn_loop}),
    )


@comparison("pairwise")
def pairwise_discrete_500(quick):
    """The issue's discrete case: 500 features of 3 levels, n = 5000 (124,750
    pairs), against the one-hot reference.  (A loop of sklearn calls costs
    about the same per pair as in ``pairwise_discrete``: minutes here.)"""
    pairwise_mi = optional("fastmi", "pairwise_mi")
    onehot = optional("fastmi.reference", "pairwise_mi_onehot")
    X = np.random.default_rng(0).integers(0, 3, (5000, 500))
    upper = np.triu_indices(X.shape[1], 1)
    return Comparison(
        "pairwise discrete MI, 500 features, n=5000, 3 levels",
        lambda: np.asarray(pairwise_mi(X))[upper],
        {"one-hot reference": lambda: np.asarray(onehot(X))[upper]},
    )


@comparison("pairwise")
def pairwise_copula(quick):
    """Gaussian copula over all pairs, n = 1000, p = 2000, against the
    yardstick of one float64 product X.T @ X of the same shape (target: a
    ratio above 0.5; no values to compare)."""
    pairwise_mi = optional("fastmi", "pairwise_mi")
    X = np.random.default_rng(0).standard_normal((1000, 2000))
    return Comparison(
        "pairwise copula MI, n=1000, 2000 features",
        lambda: pairwise_mi(X, method="copula"),
        {"X.T @ X (yardstick)": partial(_product_only, X)},
    )


def _product_only(X):
    """The yardstick X.T @ X; None, since it is not an MI matrix to compare."""
    X.T @ X


# ------------------------------------------------------- cold starts
IMPORT = "import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
FIRST_CALL = (
    "import time; t = time.perf_counter(); import numpy as np; {setup}; "
    "x = np.arange(1000) % 7; y = np.arange(1000) % 5; {call}; print(time.perf_counter() - t)"
)


def _fresh(script):
    def run():
        proc = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True
        )
        return float(proc.stdout.split()[-1])

    return run


@comparison("import")
def import_time(quick):
    optional("fastmi")
    makers = {"sklearn.metrics": "sklearn.metrics", "ennemi": "ennemi", "numba": "numba"}
    others = {
        name: _fresh(IMPORT.format(module=module))
        for name, module in makers.items()
        if _importable(module)
    }
    return Comparison("import time", _fresh(IMPORT.format(module="fastmi")), others, cold=True)


@comparison("import")
def first_call(quick):
    optional("fastmi", "mutual_info_discrete")
    fast = FIRST_CALL.format(setup="import fastmi", call="fastmi.mutual_info_discrete(x, y)")
    _fresh(fast)()  # fill the on-disk kernel cache
    sklearn = FIRST_CALL.format(
        setup="from sklearn.metrics import mutual_info_score", call="mutual_info_score(x, y)"
    )
    others = {"sklearn": _fresh(sklearn)} if _importable("sklearn") else {}
    return Comparison(
        "import + first discrete MI call (warm cache)", _fresh(fast), others, cold=True
    )


def _importable(module):
    try:
        optional(module)
        return True
    except Missing:
        return False


# ------------------------------------------------------------ running
def best_time(func, repeat, first=None):
    """Best seconds per call: timeit with an automatic loop count.

    ``first`` is the duration of a call already made; beyond a second it is
    the answer (slow baselines would otherwise take minutes).
    """
    if first is not None and first > 1.0:
        return first
    timer = timeit.Timer(func)
    number, _ = timer.autorange()
    number = max(1, number // 4)  # autorange aims at 0.2 s per repeat; 0.05 s is enough
    return min(timer.repeat(repeat=repeat, number=number)) / number


def difference(a, b):
    """Largest absolute difference of two results (scalars or arrays)."""
    try:
        return float(np.max(np.abs(np.asarray(a, dtype=float) - np.asarray(b, dtype=float))))
    except (TypeError, ValueError):
        return math.nan


def measure(comp, repeat):
    """Rows (label, seconds, ratio, difference) of one comparison, fastmi first."""
    if comp.cold:
        fast = min(comp.fastmi() for _ in range(repeat))
        rows = [("fastmi", fast, None, None)]
        for label, func in comp.others.items():
            t = min(func() for _ in range(repeat))
            rows.append((label, t, t / fast, None))
        return rows
    value = comp.fastmi()  # compiles or loads kernels
    fast = best_time(comp.fastmi, repeat)
    rows = [("fastmi", fast, None, None)]
    for label, func in comp.others.items():
        try:
            start = timeit.default_timer()
            other = func()
            first = timeit.default_timer() - start
        except Exception as err:  # a peer's API changed: report, keep going
            rows.append((f"{label}: {type(err).__name__}: {err}"[:70], math.nan, None, None))
            continue
        t = best_time(func, repeat, first)
        rows.append((label, t, t / fast, difference(other, value)))
    return rows


def format_seconds(t):
    if math.isnan(t):
        return ""
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if t >= scale:
            return f"{t / scale:7.2f} {unit}"
    return f"{t / 1e-9:7.1f} ns"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="best of 3 instead of 7")
    parser.add_argument(
        "--only", action="append", metavar="AREA", help="run only these areas (repeatable)"
    )
    args = parser.parse_args(argv)
    repeat = 3 if args.quick else 7

    print(f"python {sys.version.split()[0]}, numpy {np.__version__}; best of {repeat}")
    print("ratio = time / fastmi time (> 1: fastmi faster); diff = max |value - fastmi value|")
    header = f"{'':<26}{'time':>11}{'ratio':>10}{'diff':>10}"
    for area, build in COMPARISONS:
        if args.only and area not in args.only:
            continue
        try:
            comp = build(args.quick)
        except Missing as err:
            print(f"\n[{area}] {build.__name__}: skipped ({err})")
            continue
        print(f"\n[{area}] {comp.name}\n{header}")
        for label, t, ratio, diff in measure(comp, repeat):
            ratio_text = "" if ratio is None else f"{ratio:9.2f}x"
            diff_text = "" if diff is None else f"{diff:10.1e}"
            print(f"  {label:<24}{format_seconds(t):>11}{ratio_text:>10}{diff_text:>10}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
