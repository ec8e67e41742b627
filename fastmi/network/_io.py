"""Readers for the network workflow: expression tables, TF lists, gold standards.

An expression table is returned as a pandas DataFrame of float64 with one
row per sample and one column per gene (named by the gene), ready for
:func:`fastmi.network.infer_network`.  pandas is needed (``pip install
fastmi[pandas]``); Parquet needs pyarrow, AnnData input the ``anndata``
extra, polars input polars; each is imported only when used.
"""

import csv
import os
from collections import Counter
from pathlib import Path

import numpy as np

from fastmi import _validation as v

__all__ = ["read_expression", "read_tfs", "read_gold_standard"]


def _pandas(func):
    try:
        import pandas as pd
    except ImportError:
        raise ImportError(v.missing_extra_message(func, "pandas")) from None
    return pd


def _is_anndata(obj):
    return hasattr(obj, "X") and hasattr(obj, "var_names") and hasattr(obj, "obs_names")


def _from_anndata(adata, pd):
    """``adata.X`` (dense or scipy sparse) with ``var_names`` as the genes."""
    X = adata.X
    dense = X.toarray() if hasattr(X, "toarray") else np.asarray(X)
    return pd.DataFrame(
        dense, index=[str(s) for s in adata.obs_names], columns=[str(g) for g in adata.var_names]
    )


def _read_file(path, sep, pd):
    """The table of a CSV/TSV/Parquet file: numbers parsed by pandas' C reader,
    a column with any other text left as text (for the error to name it)."""
    suffix = Path(path).suffix.lower()
    try:
        if suffix in (".parquet", ".pq"):
            try:
                return pd.read_parquet(path)
            except ImportError:
                raise ImportError(v.missing_extra_message("reading Parquet", "pyarrow")) from None
        with open(path, newline="") as handle:
            first = handle.readline()
        if sep is None:
            sep = "\t" if suffix in (".tsv", ".tab") or "\t" in first else ","
        # The header is read apart: duplicate gene names reach the check unmangled.
        header = [h.strip() for h in next(csv.reader([first], delimiter=sep), [])]
        table = pd.read_csv(path, sep=sep, header=None, skiprows=1)
    except (OSError, UnicodeDecodeError) as err:
        detail = getattr(err, "strerror", None) or str(err)
        raise v.unreadable_source_error(path, "an expression table", detail) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise v.unreadable_source_error(path, "an expression table", str(err)) from None
    if len(header) == table.shape[1] - 1:  # R's write.table: no corner cell
        header = ["", *header]
    if len(header) != table.shape[1]:
        detail = f"a header of {len(header)} fields over rows of {table.shape[1]}"
        raise v.unreadable_source_error(path, "an expression table", detail)
    table.columns = header
    return table


def _row_labels(table):
    """``table`` with its first column as row labels when that column's
    header is empty or it holds no numbers (sample names, or gene names
    with genes_in_rows)."""
    first = table.iloc[:, 0]
    if str(table.columns[0]).strip() != "" and _any_number(first):
        return table
    table = table.iloc[:, 1:].set_axis([str(x) for x in first], axis=0)
    return table


def _any_number(column):
    if column.dtype.kind in "biuf":
        return bool(column.notna().any())
    return bool(np.isfinite(_to_numbers(column.astype(str).str.strip())).any())


def _to_numbers(text):
    """float64 values of a text column; NaN where a cell is not a number."""
    import pandas as pd

    return pd.to_numeric(text, errors="coerce").to_numpy(dtype=np.float64)


def _numeric(table, source, pd):
    """float64 values of ``table``; names the first non-numeric or missing cell."""
    try:  # the fast path: numbers, or text that numpy parses as numbers
        values = np.asarray(table.to_numpy(), dtype=np.float64)
    except (TypeError, ValueError):
        values = None
    if values is None:  # find the culprit, column by column
        values = np.column_stack(
            [_numeric_column(table, j, source, pd) for j in range(table.shape[1])]
        )
    missing = np.isnan(values)
    if missing.any():
        row, col = np.argwhere(missing)[0]
        raise v.missing_cells_error(source, int(missing.sum()), _row_name(table, row),
                                    table.columns[col])  # fmt: skip
    if np.isinf(values).any():
        row, col = np.argwhere(np.isinf(values))[0]
        raise v.non_numeric_cell_error(source, _row_name(table, row), table.columns[col],
                                       float(values[row, col]))  # fmt: skip
    return values


def _row_name(table, row):
    """The row's label; unlabelled rows are numbered from 1."""
    import pandas as pd

    return int(row) + 1 if isinstance(table.index, pd.RangeIndex) else table.index[row]


def _numeric_column(table, j, source, pd):
    column = table.iloc[:, j]
    if column.dtype.kind in "biuf":
        return column.to_numpy(dtype=np.float64)
    text = column.astype(str).str.strip()
    numbers = _to_numbers(text)
    empty = text.isin(("", "NA", "NaN", "nan", "None")).to_numpy()
    bad = np.flatnonzero(np.isnan(numbers) & ~empty)
    if bad.shape[0]:
        row = bad[0]
        raise v.non_numeric_cell_error(source, _row_name(table, row), table.columns[j],
                                       text.iloc[row])  # fmt: skip
    return numbers


def read_expression(source, *, genes_in_rows=False, sep=None):
    """An expression table as a DataFrame (samples x genes, float64, named genes).

    Parameters
    ----------
    source : path, pandas or polars DataFrame, or AnnData
        A CSV/TSV file (separator from the extension or the first line) or
        a Parquet file, with a header line of gene names.  In files and
        frames, a first column with an empty header or without any number
        names the rows (samples; genes with ``genes_in_rows``).  An AnnData
        object gives ``adata.X`` (dense or sparse) with
        ``var_names`` as the genes.
    genes_in_rows : bool, default=False
        The table has one row per gene (a first column of gene names) and
        one column per sample, as many expression files do; it is
        transposed.  Not used for AnnData (genes are ``var_names``).
    sep : str, optional
        Field separator of a text file.

    Returns
    -------
    pandas.DataFrame of shape (n_samples, n_genes)

    Raises
    ------
    ValueError
        A non-numeric or missing cell (naming its row and column), duplicate
        gene names, fewer than 2 samples or genes.

    Warns
    -----
    ConstantGeneWarning
        Constant genes (named): they carry no information, so the MI, and
        every network score, of their edges is 0.

    >>> import pandas as pd
    >>> from fastmi.network import read_expression
    >>> table = pd.DataFrame({"G1": [1, 2, 3], "G2": [0.5, 0.1, 0.9]})
    >>> read_expression(table).dtypes.tolist()
    [dtype('float64'), dtype('float64')]
    """
    func = "read_expression"
    pd = _pandas(func)
    genes_in_rows = v.check_bool(genes_in_rows, "genes_in_rows", func)
    if isinstance(source, (str, os.PathLike)):
        name, table = str(source), _read_file(source, sep, pd)
    elif _is_anndata(source):
        name, table, genes_in_rows = "the AnnData object", _from_anndata(source, pd), False
    elif v.pandas_type(source, "DataFrame"):
        name, table = "the DataFrame", source
    elif type(source).__module__.split(".")[0] == "polars":
        name, table = "the polars DataFrame", pd.DataFrame(source.to_dict(as_series=False))
    else:
        raise v.expression_type_error(source, func)
    if not _is_anndata(source) and table.shape[1] > 1:
        table = _row_labels(table)
    if genes_in_rows:
        table = table.T
    genes = [str(g).strip().strip('"') for g in table.columns]
    duplicated = _duplicates(genes)
    if duplicated:
        raise v.duplicate_genes_error(name, duplicated)
    values = _numeric(table, name, pd)
    if values.shape[0] < 2 or values.shape[1] < 2:
        raise v.too_small_expression_error(name, values.shape)
    constant = np.flatnonzero((values == values[:1]).all(axis=0))
    if constant.shape[0]:
        v.constant_genes_warning(name, [genes[j] for j in constant])
    return pd.DataFrame(values, index=table.index, columns=genes)


def _duplicates(names):
    return sorted(name for name, count in Counter(names).items() if count > 1)


def read_tfs(source):
    """Regulator names from a file (one a line) or an iterable of lines.

    Blank lines and lines starting with ``#`` are skipped, quotes removed;
    a name listed twice is an error.

    >>> from fastmi.network import read_tfs
    >>> read_tfs(["G1", "", "# a comment", "G7"])
    ['G1', 'G7']
    """
    if isinstance(source, (str, os.PathLike)):
        try:
            with open(source) as handle:
                lines = handle.read().splitlines()
        except OSError as err:
            raise v.unreadable_source_error(source, "a TF list", err.strerror) from None
        where = str(source)
    else:
        lines, where = list(source), "the TF list"
    names = [n.strip().strip('"') for n in lines]
    names = [n for n in names if n and not n.startswith("#")]
    duplicated = _duplicates(names)
    if duplicated:
        raise v.duplicate_genes_error(where, duplicated)
    return names


def read_gold_standard(source, genes=None):
    """A DREAM gold standard (``G1<TAB>G2<TAB>1|0``) as a boolean DataFrame.

    ``G[r, t]`` is True when the file lists the edge r -> t with a nonzero
    value.  ``genes`` (e.g. the columns of the expression table) fixes the
    rows and columns; a gold standard naming a gene not among them is an
    error.  By default the genes are those of the file, in order of
    appearance.

    >>> from fastmi.network import read_gold_standard
    >>> G = read_gold_standard(["G1\\tG2\\t1", "G2\\tG1\\t0"])
    >>> G.to_numpy().tolist()
    [[False, True], [False, False]]
    """
    from fastmi.network._edges import read_edge_list

    pd = _pandas("read_gold_standard")
    edges = read_edge_list(source)
    named = list(dict.fromkeys(g for a, b, _ in edges for g in (a, b)))
    if genes is None:
        genes = named
    genes = [str(g) for g in genes]
    position = {g: i for i, g in enumerate(genes)}
    unknown = [g for g in named if g not in position]
    if unknown:
        raise v.unknown_genes_error("The gold standard", unknown, "the expression data")
    gold = np.zeros((len(genes), len(genes)), dtype=bool)
    for a, b, w in edges:
        if w != 0:
            gold[position[a], position[b]] = True
    return pd.DataFrame(gold, index=genes, columns=genes)
