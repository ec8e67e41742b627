"""``fastmi network``: expression table in, DREAM edge list out.

``fastmi network FILE`` reads an expression table (CSV/TSV/Parquet; genes
as columns, or ``--genes-in-rows``), infers a network with
:func:`fastmi.network.infer_network` and writes the ranked directed edge
list ``regulator<TAB>target<TAB>score`` (stdout, or ``--output``).  With
``--gold FILE`` it prints AUPR, AUROC and the precision at k against a DREAM
gold standard.  ``fastmi network --demo`` runs on a seeded synthetic data set
with a known network and compares the result with ``|Spearman|`` relevance.

Argument parsing and file I/O only: the arithmetic is in ``fastmi.network``.
Messages go to stderr when the edge list goes to stdout, so it can be piped.
"""

import contextlib
import inspect
import sys
import time
import warnings

import numpy as np

from fastmi.cli import UsageError, add_plot_option, save_plot

#: DREAM5 took at most 100,000 predictions a network (Marbach et al. 2012).
DEFAULT_TOP = 100_000
#: --plot draws at most this many edges.
PLOT_EDGES = 50

_PHASES = ("read", "MI + network", "score", "write")

_DESCRIPTION = (
    "Reads an expression table (CSV/TSV/Parquet; genes as columns, or --genes-in-rows), "
    "infers a network with fastmi.network.infer_network and writes the ranked directed "
    "edge list regulator<TAB>target<TAB>score. --gold prints AUPR, AUROC and the precision "
    "at k against a DREAM gold standard; --demo runs on a seeded synthetic data set with a "
    "known network next to |Spearman| relevance."
)


def add_parser(sub):
    """Register ``fastmi network`` on the sub-command parsers ``sub``."""
    nw = sub.add_parser(
        "network",
        help="gene-regulatory network of an expression table (DREAM edge list out)",
        description=_DESCRIPTION,
    )
    nw.add_argument("file", nargs="?", help="expression table: CSV, TSV or Parquet")
    nw.add_argument("--demo", action="store_true",
                    help="run on a seeded synthetic data set with a known network")  # fmt: skip
    nw.add_argument("--genes-in-rows", action="store_true",
                    help="one row per gene (default: one column per gene)")  # fmt: skip
    nw.add_argument("--sep", default=None, help="field separator (default: from the file)")
    nw.add_argument("--tfs", metavar="FILE", help="regulators, one name a line")
    nw.add_argument("--algorithm", help="relevance, clr, aracne, mrnet, ... (default: the "
                    "library's)")  # fmt: skip
    nw.add_argument("--method", help="MI estimator: copula, ksg, binned, ... (default: the "
                    "library's)")  # fmt: skip
    nw.add_argument("--eps", type=float, metavar="EPS", help="ARACNE's DPI tolerance")
    nw.add_argument("--top", type=int, metavar="N", default=None,
                    help=f"write the N strongest edges (default: {DEFAULT_TOP}, or all above "
                    "--threshold)")  # fmt: skip
    nw.add_argument("--threshold", type=float, metavar="X",
                    help="write the edges scoring at least this much")  # fmt: skip
    nw.add_argument("--pvalue", type=float, metavar="P",
                    help="keep MI values significant at this level")  # fmt: skip
    nw.add_argument("--bootstraps", type=int, metavar="B",
                    help="bootstrap networks for a consensus")  # fmt: skip
    nw.add_argument("--seed", type=int, metavar="SEED",
                    help="random seed (bootstraps, KSG noise)")  # fmt: skip
    nw.add_argument("--gold", metavar="FILE",
                    help="DREAM gold standard (G1<TAB>G2<TAB>1|0): print AUPR, AUROC, "
                    "precision at k")  # fmt: skip
    nw.add_argument("--output", "-o", metavar="FILE",
                    help="write the edge list here (default: stdout)")  # fmt: skip
    add_plot_option(
        nw, f"the top edges (at most {PLOT_EDGES}) and, with --gold, the PR and ROC curves"
    )
    nw.add_argument("--n-jobs", type=int, metavar="N", default=None, help="threads (default: all)")
    nw.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    nw.set_defaults(run=run)
    return nw


# ----------------------------------------------------------------- progress
class _Phases:
    """One progress line over the phases (rich when installed, else plain
    lines on stderr); ``update(done, total)`` shows the work of a phase."""

    def __init__(self, enabled):
        self.enabled, self.bar, self.task, self.index = enabled, None, None, 0
        if not enabled:
            return
        try:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TimeElapsedColumn
        except ImportError:
            return
        self.bar = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            "{task.percentage:>3.0f}%",
            TimeElapsedColumn(),
            console=Console(stderr=True),
        )

    def __enter__(self):
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()
        return False

    def start(self, phase, detail=""):
        self.index += 1
        label = f"[{self.index}/{len(_PHASES)}] {phase}{': ' + detail if detail else ''}"
        if self.bar is not None:
            if self.task is not None:
                self.bar.update(self.task, completed=1, total=1)
            self.task = self.bar.add_task(label, total=None)
        elif self.enabled:
            print(f"fastmi network {label}", file=sys.stderr)

    def update(self, phase, done, total):
        """infer_network's ``progress(phase, done, total)``: the bar shows the
        work of the running phase (the phase's name is on the line already)."""
        if self.bar is not None and self.task is not None:
            self.bar.update(self.task, completed=done, total=total)

    def finish(self):
        if self.bar is not None and self.task is not None:
            self.bar.update(self.task, completed=1, total=1)


# ------------------------------------------------------------------ helpers
def _accepts(func, name):
    """True when ``func`` has a parameter ``name`` of its own (not **kwargs)."""
    return name in inspect.signature(func).parameters


@contextlib.contextmanager
def _reported_warnings(say):
    """fastmi's warnings as one line each, ``fastmi: warning: ...``, once."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    seen = set()
    for w in caught:
        text = " ".join(str(w.message).split())
        if text not in seen:
            seen.add(text)
            say(f"fastmi: warning: {text}")


def _network_options(args):
    """Keyword arguments of ``infer_network``: only the ones the user gave."""
    from fastmi.network import infer_network

    options = {}
    for name in ("algorithm", "method", "eps", "pvalue", "bootstraps", "n_jobs"):
        value = getattr(args, name)
        if value is not None:
            options[name] = value
    if "algorithm" in options and _accepts(infer_network, "network"):
        options["network"] = options.pop("algorithm")  # --algorithm: the network algorithm
    if args.seed is not None:
        options["random_state"] = args.seed
    for name in ("pvalue", "bootstraps"):
        if name in options and not _accepts(infer_network, name):
            flag = "--" + name
            raise UsageError(f"{flag} needs a newer fastmi.network.infer_network")
    return options


def _infer(X, tfs, options, phases):
    """The score matrix (DataFrame); rows are the ``tfs`` when given."""
    from fastmi.network import infer_network

    if _accepts(infer_network, "progress"):
        options = {**options, "progress": phases.update}
    if tfs is None:
        return infer_network(X, **options)
    if _accepts(infer_network, "tfs"):
        return infer_network(X, tfs=tfs, **options)
    return infer_network(X, **options).loc[tfs]  # older library: all pairs, then TF rows


def _zero_constant_genes(S, X):
    """Every edge of a constant gene scores 0, as read_expression's warning
    promises (an estimator's round-off, ~1e-15, must not become a CLR z-score)."""
    constant = X.columns[(X.to_numpy() == X.to_numpy()[:1]).all(axis=0)]
    if len(constant):
        S = S.copy()
        S.loc[S.index.isin(constant)] = 0.0
        S.loc[:, constant] = 0.0
    return S


def _read_inputs(args, say):
    """(X, tfs or None, gold or None, description)."""
    from fastmi import _validation as v
    from fastmi.network import read_expression, read_gold_standard, read_tfs

    if args.demo:
        from fastmi.network._simulate import simulate_expression

        X, gold = simulate_expression(n_genes=100, n_samples=100, random_state=0)
        gold = gold if args.gold is None else read_gold_standard(args.gold, list(X.columns))
        text = f"demo data ({X.shape[0]} samples x {X.shape[1]} genes, {int(gold.sum())} edges)"
        return X, None, gold, text
    if args.file is None:
        raise UsageError("give an expression file, or --demo")
    with _reported_warnings(say):
        X = read_expression(args.file, genes_in_rows=args.genes_in_rows, sep=args.sep)
    genes = list(X.columns)
    tfs = None
    if args.tfs:
        tfs = read_tfs(args.tfs)
        v.check_tf_rows(tfs, genes, None, len(genes), "fastmi network --tfs")
    gold = read_gold_standard(args.gold, genes) if args.gold else None
    return X, tfs, gold, f"{args.file} ({X.shape[0]} samples x {X.shape[1]} genes)"


def _score_rows(results):
    return [
        (name, f"{s.aupr:.3f}", f"{s.auroc:.3f}", f"{s.precision_at_k:.3f}", s.k)
        for name, s in results
    ]


def _spearman_network(X):
    """|Spearman| relevance: the baseline the demo compares with."""
    from scipy.stats import spearmanr

    S = np.abs(np.atleast_2d(spearmanr(X.to_numpy()).statistic))
    np.fill_diagonal(S, 0.0)
    return S


# ------------------------------------------------------------------- command
def _plot(args, S, gold):
    from fastmi.plot import network_summary

    top = min(args.top, PLOT_EDGES) if args.top else PLOT_EDGES
    save_plot(args.plot, lambda: network_summary(S, gold, top=top))


def run(args):
    from fastmi.cli import print_table
    from fastmi.network import score_network, write_edge_list

    to_stdout = args.output is None and not args.demo
    stream = sys.stderr if to_stdout else sys.stdout

    def say(text):
        print(text, file=stream)

    if args.top is not None and args.top < 0:
        raise UsageError(f"--top must be >= 0; got {args.top}")
    try:
        import pandas  # noqa: F401
    except ImportError:
        raise UsageError("fastmi network needs pandas: pip install 'fastmi[pandas]'") from None
    options = _network_options(args)
    start = time.perf_counter()
    with _Phases(not args.quiet) as phases:
        phases.start("read", args.file or "demo data")
        X, tfs, gold, described = _read_inputs(args, say)
        phases.start("MI + network", ", ".join(f"{k}={v}" for k, v in options.items()))
        with _reported_warnings(say):
            S = _zero_constant_genes(_infer(X, tfs, options, phases), X)
        phases.start("score" if gold is not None else "score (no gold standard)")
        results = []
        if gold is not None:
            results.append(("fastmi network", score_network(S, gold)))
            if args.demo:
                baseline = score_network(_spearman_network(X), gold)
                results.append(("|Spearman| relevance", baseline))
        writes = args.output or not args.demo
        phases.start("write", args.output or ("stdout" if writes else "skipped (no --output)"))
        n_written = 0
        if writes:
            top = args.top if args.top is not None or args.threshold is not None else DEFAULT_TOP
            target = args.output or sys.stdout
            try:
                n_written = write_edge_list(target, S, top=top, threshold=args.threshold)
            except OSError as err:
                raise UsageError(f"cannot write {args.output}: {err.strerror}") from None
        phases.finish()
    elapsed = time.perf_counter() - start
    if args.plot:
        _plot(args, S, gold)
        say(
            f"drew the network{' and its PR/ROC curves' if gold is not None else ''} in {args.plot}"
        )
    say(f"input: {described}" + (f"; {len(tfs)} regulators" if tfs else ""))
    say(f"network: {S.shape[0]} x {S.shape[1]} scores in {elapsed:.2f} s")
    if n_written or args.output:
        say(f"wrote {n_written} directed edges to {args.output or 'stdout'}")
    if results:
        header = ("network", "AUPR", "AUROC", "precision at k", "k")
        title = f"against the gold standard ({results[0][1].n_true_edges} directed edges)"
        if to_stdout:
            with contextlib.redirect_stdout(sys.stderr):
                print_table(title, header, _score_rows(results))
        else:
            print_table(title, header, _score_rows(results))
    return 0
