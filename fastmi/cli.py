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

Missing values: the fields ``--na-values`` lists (default: empty, ``NA``,
``NaN``, ``nan``, ``null``, ``None``, ``N/A`` and ``.``), and nulls/NaN of
NPY and Parquet files, are missing, never labels.  ``--nan-policy raise``
(default) stops with the column and the first row that has one;
``--nan-policy omit`` measures each pair on the rows present in both
columns (``nan_policy="omit"`` of the API).

Column types follow the API's dtype rule: a column whose fields are all
integers is discrete (int), one with other numbers is continuous (float),
anything else is labels (discrete).  ``fastmi pairwise --discrete auto``
also treats floats that are all whole numbers as discrete.

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

__all__ = ["main"]


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


#: Fields read as missing values unless ``--na-values`` says otherwise.
NA_VALUES = ("", "NA", "NaN", "nan", "null", "None", "N/A", ".")


def _parse_column(values, na_values):
    """``(column, missing)``: the API dtype of a column of fields, with its
    missing entries (bool mask).  Integers give int64 (an object array with
    None where missing), other numbers float64 (NaN where missing), anything
    else labels (an object array with None where missing)."""
    found = v.missing_entries(values)  # NaN and nulls of NPY/Parquet columns
    missing = np.zeros(values.shape[0], dtype=bool) if found is None else found
    if values.dtype.kind in "biuf":
        return values, missing
    text = np.char.strip(values.astype(str))
    missing = missing | np.isin(text, list(na_values))
    present = text[~missing]
    for dtype in (np.int64, np.float64):
        try:
            numbers = present.astype(dtype)
        except (ValueError, OverflowError):
            continue
        return _with_missing(numbers, missing), missing
    return _with_missing(present, missing), missing


def _with_missing(present, missing):
    """The present values spread over all rows, missing ones as NaN/None."""
    if not missing.any():
        return present
    if present.dtype.kind == "f":
        column = np.full(missing.shape[0], np.nan)
    else:
        column = np.full(missing.shape[0], None, dtype=object)
    column[~missing] = present
    return column


def _check_missing(name, missing, nan_policy, what):
    """Under --nan-policy raise, a missing value is an error naming the
    column and the first data row (1-based) that has one."""
    if nan_policy == "raise" and missing.any():
        first = int(np.argmax(missing)) + 1
        raise UsageError(v.missing_in_column_message(name, int(missing.sum()), first, what))


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
    # Nulls stay None/NaN (never the text "nan"): _parse_column finds them.
    return {str(name): frame[name].to_numpy() for name in frame.columns}


def read_columns(path, sep=None):
    """Columns of a CSV/TSV/NPY/Parquet file, by its extension."""
    suffix = Path(str(path)).suffix.lower()
    if suffix == ".npy":
        return _read_npy(path)
    if suffix in (".parquet", ".pq"):
        return _read_parquet(path)
    return read_table(path, sep)


def _as_number_column(name, values, args):
    """(float64 column, is_discrete): numbers stay numbers (discrete when all
    present ones are whole numbers), labels become integer codes (discrete);
    missing values are NaN."""
    column, missing = _parse_column(values, args.na_values)
    _check_missing(name, missing, args.nan_policy, "use the rows present in each pair")
    if column.dtype.kind in "biuf":
        column = column.astype(np.float64)
    elif column[~missing].dtype.kind in "iu" or _all_ints(column[~missing]):
        column = np.where(missing, np.nan, column).astype(np.float64)
    else:  # labels
        _, codes = np.unique(column[~missing].astype(str), return_inverse=True)
        return _with_missing(codes.astype(np.float64), missing), True
    present = column[~missing]
    whole = np.all(np.isfinite(present)) and np.all(present == np.round(present))
    return column, bool(whole)


def _all_ints(values):
    return all(isinstance(item, int) for item in values.tolist())


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


def print_table(title, header, rows):
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


def _measure_column(table, name, path, args):
    column, missing = _parse_column(_column(table, name, path), args.na_values)
    _check_missing(name, missing, args.nan_policy, "drop the rows where either column has one")
    return column


def measures(args):
    import fastmi as fm
    from fastmi.front import is_continuous, resolve_method

    path = args.file or datasets.weather_path()
    table = read_table(path, args.sep)
    x = _measure_column(table, args.x, path, args)
    y = _measure_column(table, args.y, path, args)
    n_rows = len(x)
    x, y = v.drop_missing("fastmi measures", "omit", x=x, y=y)  # listwise: one table
    method = resolve_method(x, y)  # the API's dtype rule: float columns are continuous
    start = time.perf_counter()
    if method == "discrete":
        opts = {"base": args.base, "estimator": args.estimator}
        rows = [
            (f"H({args.x})", fm.entropy(x, **opts)),
            (f"H({args.y})", fm.entropy(y, **opts)),
            (f"H({args.x}, {args.y})", fm.joint_entropy(x, y, **opts)),
            (f"H({args.x} | {args.y})", fm.conditional_entropy(x, y, **opts)),
            (f"H({args.y} | {args.x})", fm.conditional_entropy(y, x, **opts)),
            (f"I({args.x}; {args.y})", fm.mutual_info_discrete(x, y, **opts)),
        ]
        estimator = f"{args.estimator} (both columns discrete)"
    else:
        mi = fm.mutual_info(x, y, base=args.base, random_state=0)  # the same jitter each run
        rows = [(f"I({args.x}; {args.y})", mi)]
        kinds = ", ".join(
            f"{name} {'continuous' if is_continuous(c) else 'discrete'}"
            for name, c in ((args.x, x), (args.y, y))
        )
        estimator = f"{_ESTIMATOR_NAMES[method]} ({kinds})"
    elapsed = time.perf_counter() - start
    dropped = n_rows - len(x)
    skipped = f" ({dropped} with a missing value skipped)" if dropped else ""
    print(f"{len(x)} rows of {path}{skipped}; unit: {args.base}; estimator: {estimator}")
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"  {name:<{width}}  {value:.6f}")
    print(f"computed in {elapsed * 1e3:.1f} ms")
    return 0


_ESTIMATOR_NAMES = {
    "ksg": "ksg_mi (Kraskov et al. 2004)",
    "mixed": "mixed_mi (Ross 2014)",
}


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
    parsed = [_as_number_column(name, columns[name], args) for name in names]
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


def _write_edges(path, edges, names):
    """The edge table of a streaming run: TSV/CSV (by suffix) or Parquet,
    columns column_1, column_2, mi, strongest first."""
    suffix = Path(path).suffix.lower()
    first = [names[i] for i in edges.i]
    second = [names[j] for j in edges.j]
    try:
        if suffix in (".parquet", ".pq"):
            try:
                import pandas as pd
            except ImportError:
                raise UsageError(v.missing_extra_message("fastmi pairwise", "parquet")) from None
            frame = pd.DataFrame({"column_1": first, "column_2": second, "mi": edges.mi})
            try:
                frame.to_parquet(path, index=False)
            except ImportError as err:  # no pyarrow / fastparquet
                raise UsageError(f"cannot write {path}: {err}") from None
            return
        with open(path, "w", newline="") as fh:
            writer = csv.writer(fh, delimiter="," if suffix == ".csv" else "\t")
            writer.writerow(["column_1", "column_2", "mi"])
            for a, b, value in zip(first, second, edges.mi, strict=True):
                writer.writerow([a, b, repr(float(value))])
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
        "discrete_x": mask,
        "estimator": args.estimator,
        "k": args.k,
        "algorithm": args.algorithm,
        "bins": int(args.bins) if args.bins.isdigit() else args.bins,
        "base": args.base,
        "n_jobs": args.n_jobs,
        "dtype": np.float32 if args.dtype == "float32" else np.float64,
        "nan_policy": args.nan_policy,
        "return_counts": True,
    }
    p = X.shape[1]
    n_pairs = p * (p - 1) // 2
    streaming = args.top_k is not None or args.threshold is not None
    if streaming:
        del options["return_counts"]
        options.update(top_k=args.top_k, threshold=args.threshold)
        if args.plot:
            raise UsageError(
                "--plot draws the dense matrix; it cannot be used with --top-k/--threshold"
            )
        if args.output and Path(args.output).suffix.lower() == ".npy":
            raise UsageError(
                "--top-k/--threshold write an edge table: give --output a .tsv, .csv or "
                ".parquet name"
            )
    if not args.dask:
        _compile_phase(X, options, args.quiet)
    bar = _progress(f"pairwise MI of {p} columns", not args.quiet)
    start = time.perf_counter()
    with _cluster(args.dask) as client:
        if client is not None:
            import fastmi.dask

            options["client"] = client
            pairwise_mi = fastmi.dask.pairwise_mi
        if bar is None:
            result = pairwise_mi(X, **options)
        else:
            with bar:
                result = pairwise_mi(X, progress=bar, **options)
    elapsed = time.perf_counter() - start
    where = f"the Dask cluster at {args.dask}" if args.dask else f"{args.n_jobs or 'all'} threads"
    n_top = args.top if args.top is not None else (len(planted) if planted else 10)
    if streaming:
        edges = result.edges()
        rows, cols, values = edges.i[:n_top], edges.j[:n_top], edges.mi[:n_top]
        matrix, counts = None, np.full(1, X.shape[0])
    else:
        matrix, counts = result
        rows, cols, values = top_pairs(matrix, n_top)
    print(f"input: {described}; discrete columns: {int(mask.sum())} of {p}")
    incomplete = int(np.isnan(X).any(axis=0).sum())
    if incomplete:
        print(
            f"missing values in {incomplete} of {p} columns: each pair used the rows present "
            f"in both ({int(counts.min())} to {int(counts.max())} rows)"
        )
    print(
        f"computed {n_pairs} pairs and the diagonal (method {args.method}, unit {args.base}) in "
        f"{elapsed:.3f} s on {where}"
    )
    table_rows = [
        (rank, names[i], names[j], f"{value:.4f}")
        for rank, (i, j, value) in enumerate(zip(rows, cols, values, strict=True), start=1)
    ]
    print_table(f"top {len(table_rows)} pairs", ("rank", "column 1", "column 2", "MI"), table_rows)
    if streaming:
        rule = f"top {args.top_k} per column" if args.top_k else f"MI > {args.threshold}"
        print(f"kept {len(edges.i)} pairs ({rule})")
    if args.output and streaming:
        _write_edges(args.output, edges, names)
        print(f"wrote the {len(edges.i)} kept pairs to {args.output}")
    elif args.output:
        _write_matrix(args.output, matrix, names)
        print(f"wrote the {p} x {p} matrix to {args.output}")
    if args.pairs:
        _write_pairs(args.pairs, rows, cols, values, names)
        print(f"wrote the top {len(table_rows)} pairs to {args.pairs}")
    if args.plot:
        from fastmi.plot import pairwise_summary

        save_plot(args.plot, lambda: pairwise_summary(matrix, names=names, top=n_top or 10))
        print(f"drew the matrix and the top pairs in {args.plot}")
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


# ------------------------------------------------------------- compiling
def _warm_up(X, options):
    """``pairwise_mi`` of a small slice, for the kernels it compiles (bad
    input is left for the real run to report)."""
    from fastmi.pairwise import pairwise_mi

    with contextlib.suppress(ValueError, TypeError):
        pairwise_mi(X, **options)


def _warm_up_slices(X, options):
    """Small slices of the job whose runs compile what the job needs: up to
    two continuous columns, up to two discrete ones, and one of each (the
    mixed kernels), on the first 64 rows.  The dense path of a slice
    compiles the kernels a streaming run shares."""
    skip = ("discrete_x", "top_k", "threshold")
    sample = {key: value for key, value in options.items() if key not in skip}
    rows = slice(0, min(X.shape[0], 64))
    mask = options.get("discrete_x")
    if mask is None or isinstance(mask, str):  # detected by pairwise_mi itself
        return [(X[rows, : min(X.shape[1], 3)], sample)]
    mask = np.asarray(mask, dtype=bool)
    kinds = [np.flatnonzero(~mask)[:2], np.flatnonzero(mask)[:2]]
    slices = [columns for columns in kinds if columns.shape[0]]
    if len(slices) == 2:
        slices.append(np.array([kinds[0][0], kinds[1][0]]))
    return [(X[rows][:, columns], {**sample, "discrete_x": mask[columns]}) for columns in slices]


def _compile_phase(X, options, quiet):
    """Compile what the job needs on small slices of it first, saying so
    when a kernel compiles (Numba's compile event fires on cache misses
    only): the first run otherwise looks stuck at 0 pairs.  When the first
    slice compiles, a second process compiles the second slice meanwhile
    (compilation is single-threaded; both write the one kernel cache)."""
    from numba.core import event

    slices = _warm_up_slices(X, options)
    start = time.perf_counter()
    state = {"announced": False, "helper": None, "first": True}

    class ColdCache(event.Listener):
        def on_start(self, ev):
            if state["announced"]:
                return
            state["announced"] = True
            if not quiet:
                print("compiling kernels (first run only; `fastmi compile` does it ahead of "
                      "time)...", file=sys.stderr, flush=True)  # fmt: skip
            if state["first"] and len(slices) > 1:
                import multiprocessing
                from concurrent.futures import ProcessPoolExecutor

                pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
                state["helper"] = pool, pool.submit(_warm_up, *slices[1])

        def on_end(self, ev):
            pass

    with event.install_listener("numba:compile", ColdCache()):
        _warm_up(*slices[0])
        state["first"] = False
        if state["helper"] is not None:
            pool, done = state["helper"]
            with pool, contextlib.suppress(Exception):  # a failed helper: compile here instead
                done.result()
        for piece in slices[1:]:  # loads what the helper compiled
            _warm_up(*piece)
    if state["announced"] and not quiet:
        print(f"compiled in {time.perf_counter() - start:.1f} s", file=sys.stderr)


def compile_kernels(args):
    """``fastmi compile``: build the kernel cache ahead of time."""
    from fastmi._compile import compile as build

    start = time.perf_counter()

    def progress(done, total, family):
        if not args.quiet:
            print(f"compiling kernels: {done}/{total} families ({family} done, "
                  f"{time.perf_counter() - start:.1f} s)", file=sys.stderr, flush=True)  # fmt: skip

    families = args.families.split(",") if args.families else None
    report = build(families, n_jobs=args.n_jobs, progress=progress)
    warm = report["kernels"] - len(report["cold"])
    print(f"compiled {len(report['families'])} families in {report['seconds']:.1f} s; "
          f"{warm} of {report['kernels']} kernels are cached")  # fmt: skip
    for family, error in report["errors"].items():
        print(f"fastmi: warning: the {family} workload failed: {error}", file=sys.stderr)
    return 1 if report["errors"] else 0


def _add_compile(sub):
    from fastmi._compile import FAMILIES

    c = sub.add_parser("compile", help="compile and cache every kernel ahead of time")
    c.add_argument(
        "--families",
        help="comma-separated families to compile (default: all): " + ", ".join(FAMILIES),
    )
    c.add_argument("--n-jobs", type=_n_jobs, default=None, help="worker processes (default: cores)")
    c.add_argument("--quiet", action="store_true", help="no progress lines")
    c.set_defaults(run=compile_kernels)


# -------------------------------------------------------------------- plots
def add_plot_option(command, what):
    command.add_argument("--plot", metavar="FILE.png",
                         help=f"draw {what} (PNG, SVG or PDF; needs fastmi[plot])")  # fmt: skip


def save_plot(path, draw):
    """Save the matplotlib figure ``draw()`` returns to ``path`` (``--plot``)."""
    try:
        fig = draw()
    except ImportError as err:  # matplotlib missing: the message names the extra
        raise UsageError(str(err)) from None
    try:
        fig.savefig(path, dpi=100)
    except OSError as err:
        raise UsageError(f"cannot write {path}: {err.strerror or err}") from None


# -------------------------------------------------------------------- main
def _n_jobs(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: {text!r}") from None
    return value


def _na_values(text):
    """--na-values: comma-separated fields that mean "missing" ("" for none)."""
    return tuple(t.strip() for t in text.split(",")) if text else ()


def _add_missing_value_options(command):
    command.add_argument("--na-values", type=_na_values, default=NA_VALUES, metavar="LIST",
                         help="comma-separated fields read as missing values (default: "
                         "empty,NA,NaN,nan,null,None,N/A,.)")  # fmt: skip
    command.add_argument("--nan-policy", choices=v.NAN_POLICIES, default="raise",
                         help="missing values: raise an error naming the first one (default), "
                         "or omit the rows where a pair's column is missing")  # fmt: skip


def _add_pairwise(sub):
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
    pw.add_argument("--output", "-o",
                    help="write the matrix (.npy, .tsv or .csv); with --top-k/--threshold the "
                    "edge table (.tsv, .csv or .parquet)")  # fmt: skip
    pw.add_argument("--top-k", type=int, default=None, metavar="K",
                    help="keep only the K strongest partners of each column (a sparse result, "
                    "never the p x p matrix)")  # fmt: skip
    pw.add_argument("--threshold", type=float, default=None, metavar="T",
                    help="keep only the pairs with MI > T (a sparse result)")  # fmt: skip
    pw.add_argument("--pairs", help="write the top pairs (TSV)")
    add_plot_option(pw, "the clustered MI heatmap and the top pairs")
    pw.add_argument("--top", type=int, default=None,
                    help="how many top pairs (default: 10, or the planted ones)")  # fmt: skip
    pw.add_argument("--sep", default=None, help="field separator (default: from the file)")
    pw.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    pw.add_argument("--samples", type=int, default=1000, help="demo: rows (default: 1000)")
    pw.add_argument("--features", type=int, default=100, help="demo: columns (default: 100)")
    pw.add_argument("--seed", type=int, default=0, help="demo: random seed (default: 0)")
    _add_missing_value_options(pw)
    pw.set_defaults(run=pairwise)


def _add_measures(sub):
    m = sub.add_parser("measures", help="information measures of two columns of a table")
    m.add_argument("file", nargs="?", help="CSV/TSV file (default: embedded weather table)")
    m.add_argument("--x", default="weather", help="first column (default: weather)")
    m.add_argument("--y", default="forecast", help="second column (default: forecast)")
    m.add_argument("--base", default="bits", help="unit: bits, nats, hartleys (default: bits)")
    m.add_argument("--estimator", default="plugin", help="entropy estimator (default: plugin)")
    m.add_argument("--sep", default=None, help="field separator (default: from the file)")
    _add_missing_value_options(m)
    m.set_defaults(run=measures)


def _add_network(sub):
    from fastmi._cli_network import add_parser

    add_parser(sub)


#: Each adds one sub-command to the parser (a new command: add its function here).
SUBCOMMANDS = [_add_pairwise, _add_measures, _add_network, _add_compile]


def build_parser():
    from fastmi import __version__

    parser = argparse.ArgumentParser(
        prog="fastmi", description="Fast mutual information from the command line."
    )
    parser.add_argument("--version", action="version", version=f"fastmi {__version__}")
    sub = parser.add_subparsers(dest="command")
    for add in SUBCOMMANDS:
        add(sub)
    return parser


def main(argv=None):
    """Entry point; returns the exit status (0 ok, 2 bad input, 130 interrupted)."""
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
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
