"""The ``fastmi`` command line: argument parsing and file I/O only.

``fastmi pairwise [FILE]`` (the main job, and what ``fastmi`` alone runs)
computes the mutual information of every pair of columns of a table (CSV,
TSV, NPY, or Parquet when pandas and pyarrow are installed), shows a
progress bar on stderr, writes the matrix (``--output``, NPY or TSV) and
the top pairs (``--pairs``), and prints what it did and how long it took.
Without FILE it runs on a generated demo table with planted dependencies
(``fastmi.datasets.planted_pairs``) and reports whether it recovered them.

``fastmi measures [FILE] --x COL --y COL`` prints the information measures
of two columns of a CSV/TSV file (default: the embedded weather table).

Terminal output uses ``rich`` when it is installed (``pip install
fastmi[cli]``) and plain text otherwise.  Bad input (a malformed file, a
bad option value) prints one line ``fastmi: error: ...`` and exits with
status 2.
"""

import argparse
import contextlib
import csv
import sys
import time
from pathlib import Path

import numpy as np

from fastmi import _validation as v
from fastmi import datasets


class UsageError(Exception):
    """A problem with the command line or an input file (exit status 2)."""


# ------------------------------------------------------------------ reading
def read_table(path, sep=None):
    """Columns of a CSV/TSV file as a dict of numpy string arrays."""
    try:
        handle = open(path, newline="") if isinstance(path, str) else path.open(newline="")
    except OSError as err:
        raise UsageError(f"cannot read {path}: {err.strerror}") from None
    with handle:
        try:
            text = handle.read()
        except UnicodeDecodeError:
            raise UsageError(f"{path} is not a text (CSV/TSV) file") from None
    if sep is None:
        first = text.split("\n", 1)[0]
        sep = "\t" if str(path).endswith((".tsv", ".tab")) or "\t" in first else ","
    rows = [r for r in csv.reader(text.splitlines(), delimiter=sep) if r]
    if len(rows) < 2:
        raise UsageError(f"{path} has no data rows (a header line and at least one row)")
    header, body = rows[0], rows[1:]
    for line, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise UsageError(
                f"{path}, line {line}: {len(row)} fields where the header has {len(header)}"
            )
    return {name: np.array([r[j] for r in body]) for j, name in enumerate(header)}


def _read_npy(path):
    try:
        arr = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as err:
        raise UsageError(f"cannot read {path} as NPY: {err}") from None
    if arr.ndim != 2 or arr.dtype.kind not in "biuf":
        raise UsageError(
            f"{path} must hold a 2-D numeric array (rows x columns); got shape "
            f"{arr.shape} and dtype {arr.dtype}"
        )
    return {f"col{j}": arr[:, j] for j in range(arr.shape[1])}


def _read_parquet(path):
    try:
        import pandas as pd

        frame = pd.read_parquet(path)
    except ImportError:
        raise UsageError(
            "reading Parquet needs pandas and pyarrow: pip install pandas pyarrow"
        ) from None
    except (OSError, ValueError) as err:
        raise UsageError(f"cannot read {path} as Parquet: {err}") from None
    return {str(name): frame[name].to_numpy() for name in frame.columns}


def read_columns(path, sep=None):
    """Columns of a CSV/TSV/NPY/Parquet file, by its extension."""
    suffix = Path(str(path)).suffix.lower()
    if suffix == ".npy":
        return _read_npy(path)
    if suffix in (".parquet", ".pq"):
        return _read_parquet(path)
    return read_table(path, sep)


def _as_number_column(name, values):
    """(float64 column, is_discrete): numbers stay numbers (discrete when all
    are whole numbers), other labels become integer codes (discrete)."""
    if values.dtype.kind in "biuf":
        column = values.astype(np.float64)
        return column, bool(np.all(np.isfinite(column)) and np.all(column == np.round(column)))
    text = np.char.strip(values.astype(str))
    empty = int((text == "").sum())
    if empty:
        raise UsageError(f"column {name!r} has {empty} empty fields; fill or drop them first")
    try:
        column = text.astype(np.float64)
    except ValueError:
        _, codes = np.unique(text, return_inverse=True)
        return codes.astype(np.float64), True
    return column, bool(np.all(np.isfinite(column)) and np.all(column == np.round(column)))


def _discrete_choice(spec, names, detected):
    if spec == "auto":
        return detected
    if spec == "all":
        return np.ones(len(names), dtype=bool)
    if spec == "none":
        return np.zeros(len(names), dtype=bool)
    chosen = [s.strip() for s in spec.split(",") if s.strip()]
    unknown = [s for s in chosen if s not in names]
    if unknown:
        raise UsageError(f"--discrete names unknown columns: {', '.join(unknown)}")
    return np.isin(np.array(names), chosen)


# ----------------------------------------------------------------- progress
class _PlainProgress:
    """Progress lines on stderr, about every 10%."""

    def __init__(self, total_label):
        self.label = total_label
        self.shown = -1

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def __call__(self, done, total):
        tenth = (10 * done) // max(total, 1)
        if tenth != self.shown:
            self.shown = tenth
            print(f"{self.label}: {done}/{total} pairs ({100 * done // max(total, 1)}%)",
                  file=sys.stderr)  # fmt: skip


class _RichProgress:
    def __init__(self, total_label):
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TimeElapsedColumn, TimeRemainingColumn

        self.progress = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            "{task.completed}/{task.total} pairs",
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self.task = self.progress.add_task(total_label, total=None)

    def __enter__(self):
        self.progress.start()
        return self

    def __exit__(self, *exc):
        self.progress.stop()
        return False

    def __call__(self, done, total):
        self.progress.update(self.task, completed=done, total=total)


def _progress(label, enabled):
    if not enabled:
        return None
    try:
        return _RichProgress(label)
    except ImportError:
        return _PlainProgress(label)


def _print_table(title, header, rows):
    """A small table on stdout (rich when available)."""
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:
        print(title)
        widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]
        for row in (header, *rows):
            print("  " + "  ".join(f"{str(x):<{w}}" for x, w in zip(row, widths, strict=True)))
        return
    table = Table(title=title, title_justify="left")
    for name in header:
        table.add_column(name, justify="right" if name in ("MI", "rank") else "left")
    for row in rows:
        table.add_row(*(str(x) for x in row))
    Console().print(table)


# -------------------------------------------------------------- sub-commands
def _column(table, name, path):
    if name not in table:
        raise UsageError(f"{path} has no column {name!r}; columns: {', '.join(table)}")
    return table[name]


def measures(args):
    import fastmi as fm

    path = args.file or datasets.weather_path()
    table = read_table(path, args.sep)
    x = _column(table, args.x, path)
    y = _column(table, args.y, path)
    opts = {"base": args.base, "estimator": args.estimator}
    start = time.perf_counter()
    rows = [
        (f"H({args.x})", fm.entropy(x, **opts)),
        (f"H({args.y})", fm.entropy(y, **opts)),
        (f"H({args.x}, {args.y})", fm.joint_entropy(x, y, **opts)),
        (f"H({args.x} | {args.y})", fm.conditional_entropy(x, y, **opts)),
        (f"H({args.y} | {args.x})", fm.conditional_entropy(y, x, **opts)),
        (f"I({args.x}; {args.y})", fm.mutual_info_discrete(x, y, **opts)),
    ]
    elapsed = time.perf_counter() - start
    print(f"{len(x)} rows of {path}; unit: {args.base}; estimator: {args.estimator}")
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"  {name:<{width}}  {value:.6f}")
    print(f"computed in {elapsed * 1e3:.1f} ms")
    return 0


def _load_pairwise_input(args):
    """(X, names, discrete mask, planted pairs or None, description)."""
    if args.file is None:
        demo = datasets.planted_pairs(args.samples, args.features, random_state=args.seed)
        mask = _discrete_choice(args.discrete, demo.names, demo.discrete)
        text = (
            f"demo table ({demo.X.shape[0]} rows x {demo.X.shape[1]} columns, "
            f"{len(demo.pairs)} planted dependent pairs)"
        )
        return demo.X, demo.names, mask, demo.pairs, text
    columns = read_columns(args.file, args.sep)
    names = list(columns)
    parsed = [_as_number_column(name, columns[name]) for name in names]
    X = np.column_stack([c for c, _ in parsed])
    detected = np.array([d for _, d in parsed], dtype=bool)
    mask = _discrete_choice(args.discrete, names, detected)
    return X, names, mask, None, f"{args.file} ({X.shape[0]} rows x {X.shape[1]} columns)"


def _write_matrix(path, matrix, names):
    suffix = Path(path).suffix.lower()
    try:
        if suffix == ".npy":
            np.save(path, matrix)
            return
        sep = "," if suffix == ".csv" else "\t"
        with open(path, "w", newline="") as fh:
            writer = csv.writer(fh, delimiter=sep)
            writer.writerow(["", *names])
            for name, row in zip(names, matrix, strict=True):
                writer.writerow([name, *(repr(float(x)) for x in row)])
    except OSError as err:
        raise UsageError(f"cannot write {path}: {err.strerror}") from None


def _write_pairs(path, rows, cols, values, names):
    try:
        with open(path, "w", newline="") as fh:
            writer = csv.writer(fh, delimiter="\t")
            writer.writerow(["rank", "column_1", "column_2", "mi"])
            for rank, (i, j, value) in enumerate(zip(rows, cols, values, strict=True), start=1):
                writer.writerow([rank, names[i], names[j], repr(float(value))])
    except OSError as err:
        raise UsageError(f"cannot write {path}: {err.strerror}") from None


@contextlib.contextmanager
def _cluster(address):
    """A dask.distributed Client for ``--dask`` (None without it): "local"
    starts a local cluster of worker processes, anything else is the
    address of a running scheduler."""
    if not address:
        yield None
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError(v.missing_extra_message("fastmi pairwise --dask", "dask")) from None
    if address == "local":
        with LocalCluster(dashboard_address=":0") as cluster, Client(cluster) as client:
            yield client
    else:
        try:
            client = Client(address, timeout=10)
        except OSError as err:  # includes timeouts
            raise UsageError(f"cannot reach the Dask scheduler at {address}: {err}") from None
        with client:
            yield client


def pairwise(args):
    from fastmi.pairwise import pairwise_mi, top_pairs

    X, names, mask, planted, described = _load_pairwise_input(args)
    options = {
        "method": args.method,
        "discrete_features": mask,
        "estimator": args.estimator,
        "k": args.k,
        "algorithm": args.algorithm,
        "bins": int(args.bins) if args.bins.isdigit() else args.bins,
        "base": args.base,
        "n_jobs": args.n_jobs,
        "dtype": np.float32 if args.dtype == "float32" else np.float64,
    }
    p = X.shape[1]
    n_pairs = p * (p - 1) // 2
    bar = _progress(f"pairwise MI of {p} columns", not args.quiet)
    start = time.perf_counter()
    with _cluster(args.dask) as client:
        if client is not None:
            import fastmi.dask

            options["client"] = client
            pairwise_mi = fastmi.dask.pairwise_mi
        if bar is None:
            matrix = pairwise_mi(X, **options)
        else:
            with bar:
                matrix = pairwise_mi(X, progress=bar, **options)
    elapsed = time.perf_counter() - start
    where = f"the Dask cluster at {args.dask}" if args.dask else f"{args.n_jobs or 'all'} threads"
    n_top = args.top if args.top is not None else (len(planted) if planted else 10)
    rows, cols, values = top_pairs(matrix, n_top)
    print(f"input: {described}; discrete columns: {int(mask.sum())} of {p}")
    print(
        f"computed {n_pairs} pairs and the diagonal (method {args.method}, unit {args.base}) in "
        f"{elapsed:.3f} s on {where}"
    )
    table_rows = [
        (rank, names[i], names[j], f"{value:.4f}")
        for rank, (i, j, value) in enumerate(zip(rows, cols, values, strict=True), start=1)
    ]
    _print_table(f"top {len(table_rows)} pairs", ("rank", "column 1", "column 2", "MI"), table_rows)
    if args.output:
        _write_matrix(args.output, matrix, names)
        print(f"wrote the {p} x {p} matrix to {args.output}")
    if args.pairs:
        _write_pairs(args.pairs, rows, cols, values, names)
        print(f"wrote the top {len(table_rows)} pairs to {args.pairs}")
    if planted:
        wanted = {(i, j): kind for i, j, kind in planted}
        found = [
            (int(i), int(j)) for i, j in zip(rows, cols, strict=True) if (int(i), int(j)) in wanted
        ]
        print(
            f"recovered {len(found)} of {len(planted)} planted pairs among the top "
            f"{len(table_rows)}: "
            + ", ".join(f"{names[i]}-{names[j]} ({wanted[(i, j)]})" for i, j in found)
        )
    return 0


# -------------------------------------------------------------------- main
def _n_jobs(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: {text!r}") from None
    return value


def build_parser():
    parser = argparse.ArgumentParser(
        prog="fastmi", description="Fast mutual information from the command line."
    )
    sub = parser.add_subparsers(dest="command")
    pw = sub.add_parser("pairwise", help="MI of every pair of columns of a table (default command)")
    pw.add_argument("file", nargs="?", help="CSV/TSV/NPY/Parquet file (default: a demo table)")
    pw.add_argument("--method", default="auto",
                    help="auto, discrete, ksg, copula or binned (default: auto)")  # fmt: skip
    pw.add_argument("--discrete", default="auto",
                    help="discrete columns: auto (whole numbers and labels), all, none, or "
                    "comma-separated names (default: auto)")  # fmt: skip
    pw.add_argument("--estimator", default="plugin", help="entropy estimator (default: plugin)")
    pw.add_argument("--k", type=int, default=3, help="KSG neighbours (default: 3)")
    pw.add_argument("--algorithm", type=int, default=1, help="KSG algorithm 1 or 2 (default: 1)")
    pw.add_argument("--bins", default="fd", help="binned method: bins or rule (default: fd)")
    pw.add_argument("--base", default="nats", help="unit: nats, bits, hartleys (default: nats)")
    pw.add_argument("--n-jobs", type=_n_jobs, default=None, help="threads (default: all)")
    pw.add_argument("--dask", metavar="ADDRESS",
                    help="run the tiles on a Dask cluster: a scheduler address, or 'local' "
                         "(needs the dask extra)")  # fmt: skip
    pw.add_argument("--dtype", choices=("float64", "float32"), default="float64")
    pw.add_argument("--output", "-o", help="write the matrix (.npy, .tsv or .csv)")
    pw.add_argument("--pairs", help="write the top pairs (TSV)")
    pw.add_argument("--top", type=int, default=None,
                    help="how many top pairs (default: 10, or the planted ones)")  # fmt: skip
    pw.add_argument("--sep", default=None, help="field separator (default: from the file)")
    pw.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    pw.add_argument("--samples", type=int, default=1000, help="demo: rows (default: 1000)")
    pw.add_argument("--features", type=int, default=100, help="demo: columns (default: 100)")
    pw.add_argument("--seed", type=int, default=0, help="demo: random seed (default: 0)")
    pw.set_defaults(run=pairwise)
    m = sub.add_parser("measures", help="information measures of two columns of a table")
    m.add_argument("file", nargs="?", help="CSV/TSV file (default: embedded weather table)")
    m.add_argument("--x", default="weather", help="first column (default: weather)")
    m.add_argument("--y", default="forecast", help="second column (default: forecast)")
    m.add_argument("--base", default="bits", help="unit: bits, nats, hartleys (default: bits)")
    m.add_argument("--estimator", default="plugin", help="entropy estimator (default: plugin)")
    m.add_argument("--sep", default=None, help="field separator (default: from the file)")
    m.set_defaults(run=measures)
    from fastmi._cli_network import add_parser as add_network_parser

    add_network_parser(sub)
    return parser


def main(argv=None):
    """Entry point; returns the exit status (0 ok, 2 bad input, 130 interrupted)."""
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv = ["pairwise", *argv]
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["pairwise", *argv])
    try:
        return args.run(args)
    except (UsageError, ValueError, TypeError) as err:
        message = " ".join(str(err).split())  # one line
        print(f"fastmi: error: {message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("fastmi: interrupted", file=sys.stderr)
        return 130
