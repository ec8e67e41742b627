"""The sparse result of a streaming all-pairs run (``top_k=`` or
``threshold=`` of :func:`fastmi.pairwise_mi` and :func:`fastmi.cross_mi`)."""

from typing import NamedTuple

import numpy as np

__all__ = ["SparseMI", "Edges", "ScoredEdges"]


class Edges(NamedTuple):
    """An edge table of unlabelled input: row ``i``, column ``j``, ``mi``."""

    i: np.ndarray
    j: np.ndarray
    mi: np.ndarray


class ScoredEdges(NamedTuple):
    """An edge table of network scores (``fastmi.network`` on a SparseMI)."""

    i: np.ndarray
    j: np.ndarray
    score: np.ndarray


class SparseMI:
    """MI of the kept pairs and per-row summaries over all pairs.

    Attributes
    ----------
    matrix : scipy.sparse.csr_array of shape (p, p) or (p, q)
        The kept entries, in the unit of the call's ``base`` (an entry that
        is not stored was not kept, it is not 0).  ``pairwise_mi``: with
        ``top_k`` row i holds its K best partners (largest MI, ties to the
        smaller column index) and also every row that kept i, so the matrix
        is symmetric and a row has K or more entries; with ``threshold``
        every pair with MI > threshold, both ways.  ``cross_mi``: row i
        holds its K best columns of Y, or its columns with MI > threshold.
    count : ndarray of int64, shape (p,)
        Per row of the result: number of partners with a finite MI, over all
        partners (not only the kept ones; NaN entries are left out).
    mean, std : ndarray of float64, shape (p,)
        Mean and standard deviation (ddof=0) of max(MI, 0) over those
        partners (negative estimates count as 0, as in ``fastmi.network``):
        the background of CLR.  Sums are exact (fixed point at 2^-64), so
        they do not depend on tiling, threads or cluster; NaN for a row
        without finite partners, mean inf (std NaN) if an entry is inf or
        >= 2^15.
    n_above : ndarray of int64, shape (p,)
        Partners with MI > ``threshold`` (0 when selecting by ``top_k``).
    row_labels, col_labels : list or None
        Column names of a labelled (pandas) input.
    top_k : int or None
    threshold : float or None
    symmetric : bool
        True for ``pairwise_mi`` (row and column i are the same feature).
    value_name : str
        "mi", or "score" for the output of a ``fastmi.network`` algorithm
        (``matrix`` then holds its scores; the summaries stay those of MI).
    """

    def __init__(self, matrix, summaries, *, row_labels=None, col_labels=None, top_k=None,
                 threshold=None, symmetric=False, value_name="mi"):  # fmt: skip
        self.matrix = matrix
        self.count, self.mean, self.std, self.n_above = summaries
        self.row_labels = row_labels
        self.col_labels = col_labels
        self.top_k = top_k
        self.threshold = threshold
        self.symmetric = symmetric
        self.value_name = value_name

    def labelled(self, row_labels, col_labels):
        """This result with the column names of a labelled input (in place)."""
        self.row_labels = None if row_labels is None else list(row_labels)
        self.col_labels = None if col_labels is None else list(col_labels)
        return self

    def with_matrix(self, matrix, value_name):
        """The same result (labels, summaries) with other values (network scores)."""
        summaries = (self.count, self.mean, self.std, self.n_above)
        return SparseMI(matrix, summaries, row_labels=self.row_labels,
                        col_labels=self.col_labels, top_k=self.top_k, threshold=self.threshold,
                        symmetric=self.symmetric, value_name=value_name)  # fmt: skip

    @property
    def shape(self):
        return self.matrix.shape

    @property
    def nnz(self):
        """Stored entries of ``matrix`` (both directions when symmetric)."""
        return self.matrix.nnz

    def __repr__(self):
        kept = f"top_k={self.top_k}" if self.top_k else f"threshold={self.threshold}"
        return f"SparseMI(shape={self.shape}, nnz={self.nnz}, {kept})"

    def edges(self):
        """The kept pairs as a tidy table, strongest first (ties in (i, j)
        order).  A symmetric result lists each pair once, with i < j.

        Returns an :class:`Edges` of arrays ``(i, j, mi)`` for unlabelled
        input, or a pandas DataFrame with columns ``i``, ``j`` (the labels)
        and ``mi`` when the input was labelled (``score`` in place of ``mi``
        for network scores: :class:`ScoredEdges`).
        """
        coo = self.matrix.tocoo()
        i, j, mi = coo.row.astype(np.int64), coo.col.astype(np.int64), coo.data
        if self.symmetric:
            upper = i < j
            i, j, mi = i[upper], j[upper], mi[upper]
        order = np.lexsort((j, i, -mi))
        i, j, mi = i[order], j[order], mi[order]
        if self.row_labels is None and self.col_labels is None:
            return (Edges if self.value_name == "mi" else ScoredEdges)(i, j, mi)
        import pandas as pd

        table = {"i": i, "j": j, self.value_name: mi}
        if self.row_labels is not None:
            table["i"] = np.asarray(self.row_labels, dtype=object)[i]
        if self.col_labels is not None:
            table["j"] = np.asarray(self.col_labels, dtype=object)[j]
        return pd.DataFrame(table)
