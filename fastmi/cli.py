"""The ``fastmi`` command line: argument parsing and file I/O only.

``fastmi measures [FILE] --x COL --y COL`` prints the information measures
of two columns of a CSV/TSV file (default: the embedded weather table).
With no sub-command, ``fastmi`` runs ``measures`` on the embedded table.
"""

import argparse
import csv
import sys
import time

import numpy as np

from fastmi import datasets


class UsageError(Exception):
    """A problem with the command line or an input file (exit status 2)."""


def read_table(path, sep=None):
    """Columns of a CSV/TSV file as a dict of numpy string arrays."""
    try:
        handle = open(path, newline="") if isinstance(path, str) else path.open(newline="")
    except OSError as err:
        raise UsageError(f"cannot read {path}: {err.strerror}") from None
    with handle:
        text = handle.read()
    if sep is None:
        sep = "\t" if str(path).endswith((".tsv", ".tab")) or "\t" in text.split("\n", 1)[0] else ","
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


def build_parser():
    parser = argparse.ArgumentParser(
        prog="fastmi", description="Fast mutual information from the command line."
    )
    sub = parser.add_subparsers(dest="command")
    m = sub.add_parser("measures", help="information measures of two columns of a table")
    m.add_argument("file", nargs="?", help="CSV/TSV file (default: embedded weather table)")
    m.add_argument("--x", default="weather", help="first column (default: weather)")
    m.add_argument("--y", default="forecast", help="second column (default: forecast)")
    m.add_argument("--base", default="bits", help="unit: bits, nats, hartleys (default: bits)")
    m.add_argument("--estimator", default="plugin", help="entropy estimator (default: plugin)")
    m.add_argument("--sep", default=None, help="field separator (default: from the file)")
    m.set_defaults(run=measures)
    return parser


def main(argv=None):
    """Entry point; returns the exit status (0 ok, 2 bad input)."""
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv = ["measures", *argv]
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["measures", *argv])
    try:
        return args.run(args)
    except (UsageError, ValueError, TypeError) as err:
        print(f"fastmi: error: {err}", file=sys.stderr)
        return 2
