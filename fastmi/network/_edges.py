"""Ranked edge lists of a score matrix, and DREAM-format edge-list files.

A DREAM edge list (Marbach et al. 2010; Stolovitzky et al. 2009) has one
directed edge a line, ``regulator<TAB>target<TAB>score``, strongest first;
a symmetric (undirected) network lists each edge in both directions.
"""

import os

import numpy as np

from fastmi import _validation as v

__all__ = ["edge_list", "read_edge_list", "write_edge_list"]

#: Entries of the score matrix looked at in one step (memory beyond the
#: matrix stays a few MiB whatever its size; a memmap is fine).
_BLOCK_ENTRIES = 1 << 20


def score_table(scores, tfs, names, func):
    """(values, genes, regulators) of a score matrix.

    ``values`` is the 2-D float array (a view of the caller's float matrix,
    never a float64 copy of a float32 one), ``genes`` the column names (a
    list, or None when unlabelled) and ``regulators`` the column index of
    each row's regulator, or None for a square matrix over all genes.
    """
    genes = row_names = None
    if v.pandas_type(scores, "DataFrame"):
        genes, row_names = list(scores.columns), list(scores.index)
    values = v.score_matrix(scores, "scores", func)
    if names is not None:
        genes = v.check_names(names, values.shape[1], func)
    n_rows, p = values.shape
    if tfs is not None:
        return values, genes, v.check_tf_rows(tfs, genes, n_rows, p, func)
    if row_names is not None and row_names != genes:
        return values, genes, v.check_tf_rows(row_names, genes, n_rows, p, func)
    if n_rows != p:
        raise v.regulator_rows_error(n_rows, p, func)
    return values, genes, None


def _check_block(block, first, regulators, func):
    """Refuse NaN/inf off the diagonal and negative scores in the rows
    ``first:first + len(block)``; O(block) memory."""
    rows = np.arange(block.shape[0])
    self_cols = first + rows if regulators is None else regulators[first : first + len(block)]
    own = block[rows, self_cols]  # the diagonal is ignored: take its share out of the counts
    n_nan = int(np.isnan(block).sum() - np.isnan(own).sum())
    n_inf = int(np.isinf(block).sum() - np.isinf(own).sum())
    if n_nan or n_inf:
        raise v.not_finite_scores_error("scores", func, n_nan, n_inf)
    n_negative = int((block < 0).sum() - (own < 0).sum())
    if n_negative:
        raise v.negative_scores_error("scores", func, n_negative)


#: Side of the square tiles compared with their mirror image (fits in cache).
_TILE = 512


def _check_symmetric(values, func):
    """Refuse an asymmetric square matrix (the diagonal is ignored), tile
    against mirrored tile: one cache-friendly pass, O(tile^2) memory."""
    p = values.shape[0]
    for i in range(0, p, _TILE):
        for j in range(i, p, _TILE):
            same = values[i : i + _TILE, j : j + _TILE] == values[j : j + _TILE, i : i + _TILE].T
            if i == j:
                np.fill_diagonal(same, True)
            if not same.all():
                raise v.not_symmetric_scores_error("scores", func)


def _keep_top(vals, index, m):
    """The m largest of ``vals`` (ties: smallest ``index`` first); arrays in
    increasing ``index`` order stay so."""
    if vals.shape[0] <= m:
        return vals, index
    kth = np.partition(vals, vals.shape[0] - m)[vals.shape[0] - m]
    keep = vals > kth
    tied = np.flatnonzero(vals == kth)[: m - int(keep.sum())]
    keep[tied] = True
    return vals[keep], index[keep]


def top_edges(values, regulators, *, top, floor, upper, strict=False):
    """(rows, cols, scores) of the ``top`` strongest entries >= ``floor``
    (> ``floor`` when ``strict``).

    Self-edges are skipped, and with ``upper`` the entries below the
    diagonal too.  Order: score decreasing, ties by (row, col).  One pass
    over row blocks keeps the best ``top`` so far: a block contributes only
    entries above the current ``top``-th score, so beyond the first blocks
    the pass runs at the speed of a comparison (a partial selection; no
    sort of the whole matrix).
    """
    n_rows, p = values.shape
    step = max(1, _BLOCK_ENTRIES // p)
    kept_vals, kept_index = np.zeros(0, dtype=values.dtype), np.zeros(0, dtype=np.int64)
    bound = floor
    for first in range(0, n_rows, step):
        block = values[first : first + step]
        rows = np.arange(block.shape[0])
        mask = block > bound if strict else block >= bound
        mask[rows, first + rows if regulators is None else regulators[first : first + step]] = False
        if upper:
            mask &= np.arange(p)[None, :] > (first + rows)[:, None]
        index = np.flatnonzero(mask) + np.int64(first) * p  # row-major: increasing
        vals = block[mask]
        if top is not None:
            vals, index = _keep_top(np.concatenate([kept_vals, vals]),
                                    np.concatenate([kept_index, index]), top)  # fmt: skip
            if vals.shape[0] == top:  # later entries must beat the weakest kept
                bound, strict = max(bound, vals.min()), True
        else:
            vals, index = np.concatenate([kept_vals, vals]), np.concatenate([kept_index, index])
        kept_vals, kept_index = vals, index
    order = np.lexsort((kept_index, -kept_vals))
    return kept_index[order] // p, kept_index[order] % p, kept_vals[order]


def edge_list(scores, *, names=None, top=None, threshold=None, tfs=None, directed=False):
    """Edges of a score matrix, strongest first, without self-edges or zero scores.

    Parameters
    ----------
    scores : array-like or DataFrame of shape (p, p), or (n_tfs, p) with ``tfs``
        ``scores[r, t]``: score of the edge regulator r -> target t, finite
        and >= 0 off the diagonal (the diagonal, or a TF's own column, is
        ignored).  A DataFrame's columns name the genes and its index the
        regulators.
    names : sequence of p names, optional
        Gene names (default: the DataFrame's columns, else column indexes).
    top : int >= 0 or None, default=None
        Keep the ``top`` strongest edges (None: all).
    threshold : float or None, default=None
        Keep edges scoring >= ``threshold`` (None: every score > 0).
    tfs : sequence of names or column indexes, optional
        The regulator of each row of an (n_tfs, p) matrix, in row order.
    directed : bool, default=False
        False: a symmetric matrix gives each undirected edge once, as
        ``(i, j)`` with i < j (an asymmetric one is refused).  True: the
        ordered pairs ``(regulator, target)``, so a symmetric network lists
        each edge in both directions as DREAM expects.  Matrices of
        regulator rows (``tfs``) are always directed.

    Returns
    -------
    list of (name, name, float)
        Strongest first; ties in (row, column) order.  Selecting the ``top``
        edges is a partial selection: about a comparison per matrix entry.

    >>> import numpy as np
    >>> from fastmi.network import edge_list
    >>> S = np.array([[0.0, 0.8, 0.0], [0.8, 0.0, 0.6], [0.0, 0.6, 0.0]])
    >>> edge_list(S, names=["a", "b", "c"])
    [('a', 'b', 0.8), ('b', 'c', 0.6)]
    >>> edge_list(S, names=["a", "b", "c"], directed=True, top=3)
    [('a', 'b', 0.8), ('b', 'a', 0.8), ('b', 'c', 0.6)]
    """
    func = "edge_list"
    values, genes, regulators = score_table(scores, tfs, names, func)
    directed = v.check_bool(directed, "directed", func) or regulators is not None
    n_top = None if top is None else v.check_int(top, "top", func, low=0)
    floor = 0.0 if threshold is None else v.check_real(threshold, "threshold", func)
    step = max(1, _BLOCK_ENTRIES // values.shape[1])
    for first in range(0, values.shape[0], step):
        block = values[first : first + step]
        _check_block(block, first, regulators, func)
    if not directed:
        _check_symmetric(values, func)
    if n_top == 0:
        return []
    rows, cols, weights = top_edges(
        values, regulators, top=n_top, floor=floor, upper=not directed, strict=threshold is None
    )
    keep = weights > 0
    rows = rows[keep] if regulators is None else regulators[rows[keep]]
    genes = list(range(values.shape[1])) if genes is None else genes
    return [
        (genes[i], genes[j], float(w))
        for i, j, w in zip(rows.tolist(), cols[keep].tolist(), weights[keep], strict=True)
    ]


def write_edge_list(path, scores, *, names=None, top=None, threshold=None, tfs=None):
    """Write the DREAM edge list of ``scores`` (``regulator<TAB>target<TAB>score``).

    Directed: a symmetric network lists each edge in both directions.
    ``path`` is a file name or an open text file (e.g. ``sys.stdout``).
    Returns the number of edges written.  Parameters as :func:`edge_list`.

    >>> import io
    >>> import numpy as np
    >>> from fastmi.network import write_edge_list
    >>> out = io.StringIO()
    >>> write_edge_list(out, np.array([[0.0, 0.5], [0.5, 0.0]]), names=["G1", "G2"])
    2
    >>> out.getvalue()
    'G1\\tG2\\t0.5\\nG2\\tG1\\t0.5\\n'
    """
    edges = edge_list(scores, names=names, top=top, threshold=threshold, tfs=tfs, directed=True)
    text = "".join(f"{a}\t{b}\t{w!r}\n" for a, b, w in edges)
    if hasattr(path, "write"):
        path.write(text)
    else:
        with open(path, "w") as handle:
            handle.write(text)
    return len(edges)


def read_edge_list(source):
    """The edges of a DREAM-format file: a list of ``(regulator, target, score)``.

    Lines are ``regulator<TAB>target<TAB>score`` (a gold standard's score is
    1 for an edge, 0 for none); blank lines are skipped and quotes around
    names removed.  ``source`` is a path, an open text file, or an iterable
    of lines.  Errors name the line.

    >>> from fastmi.network import read_edge_list
    >>> read_edge_list(["G1\\tG2\\t1", "G2\\tG1\\t0"])
    [('G1', 'G2', 1.0), ('G2', 'G1', 0.0)]
    """
    if isinstance(source, (str, os.PathLike)):
        try:
            with open(source) as handle:
                return _parse_edges(handle, str(source))
        except OSError as err:
            raise v.unreadable_source_error(source, "an edge list", err.strerror) from None
    return _parse_edges(source, "the edge list")


def _parse_edges(lines, where):
    edges = []
    for number, line in enumerate(lines, start=1):
        text = line.rstrip("\r\n")
        if not text.strip():
            continue
        fields = text.split("\t") if "\t" in text else text.split()
        if len(fields) != 3:
            raise v.edge_list_line_error(where, number, text, f"{len(fields)} fields, not 3")
        regulator, target = (f.strip().strip('"') for f in fields[:2])
        try:
            score = float(fields[2])
        except ValueError:
            raise v.edge_list_line_error(where, number, text, "the score is not a number") from None
        if not np.isfinite(score):
            raise v.edge_list_line_error(where, number, text, "the score is not finite")
        edges.append((regulator, target, score))
    return edges
