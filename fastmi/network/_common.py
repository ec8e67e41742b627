"""Shared by the network modules: the validated MI matrix in, labelled scores out.

Two forms of input reach an algorithm ``f(mi, *, tfs=None, n_jobs=None, ...)``:

* a symmetric (p, p) MI matrix, as :func:`fastmi.pairwise_mi` returns it,
  with ``tfs`` None (every gene may regulate) or the regulators (names when
  the matrix is labelled, else column indexes);
* a :class:`TFBlock`: the MI of the regulators with every gene only (what
  :func:`fastmi.cross_mi` returns for ``cross_mi(X[:, tfs], X)``), with the
  regulators' column indexes; then ``tfs`` stays None.

:func:`network_input` turns either into a :class:`Network`: the rows to
score (n_rows, p) and their column indexes, float32 kept as float32.
Negative estimates are clipped to 0 (MI is >= 0; KSG and bias-corrected
estimators dip below it), the diagonal and a TF's own entry are ignored (they
hold H(X) or NaN), and NaN/inf elsewhere is an error.
"""

from typing import NamedTuple

import numpy as np

from fastmi import _validation as v


class TFBlock(NamedTuple):
    """The MI of the regulators (TFs) with every gene.

    Attributes
    ----------
    mi : array-like or DataFrame of shape (n_tfs, p)
        ``mi[a, g]`` is the MI of regulator ``tfs[a]`` with gene ``g``; the
        entries ``mi[a, tfs[a]]`` (a TF with itself) are ignored.  A
        DataFrame's columns name the genes.
    tfs : sequence of int of shape (n_tfs,)
        The regulators' column indexes among the p genes, distinct.

    >>> import numpy as np
    >>> from fastmi.network import TFBlock, aracne
    >>> block = TFBlock(np.array([[0.0, 0.8, 0.3], [0.8, 0.0, 0.6]]), tfs=[0, 1])
    >>> aracne(block)  # rows: the TFs 0 and 1; columns: the three genes
    array([[0. , 0.8, 0. ],
           [0.8, 0. , 0.6]])
    """

    mi: object
    tfs: object


class Network(NamedTuple):
    """A validated algorithm input: ``values[a, g]`` scores ``rows[a]`` -> ``g``."""

    values: np.ndarray  # (n_rows, p) float32/float64, >= 0, self-entries 0
    rows: np.ndarray | None  # (n_rows,) column index of each row; None: all p genes
    row_labels: object  # pandas Index or None
    col_labels: object


def matrix(mi, func, name="mi", *, copy=True):
    """(values, labels): the validated square matrix and its pandas labels (or None).

    ``values`` is float32 for float32 input, else float64; a copy unless
    ``copy=False`` and ``mi`` is already a writable C-contiguous float
    ndarray (then it is cleaned in place: the caller hands it over).
    """
    labels = mi.index if v.pandas_type(mi, "DataFrame") else None
    values = _float_array(mi, name, func, copy)
    v.check_square_mi(values, name, func)
    v.report_mi_problems(_clean_square(values), name, func)
    return values, labels


def network_input(mi, tfs, func, name="mi", *, copy=True):
    """The :class:`Network` an algorithm works on, from a matrix or a TFBlock."""
    if isinstance(mi, TFBlock):
        if tfs is not None:
            v.tfs_given_twice_error(func)
        return _block_input(mi, func, name, copy)
    values, labels = matrix(mi, func, name, copy=copy)
    if tfs is None:
        return Network(values, None, labels, labels)
    rows = resolve_tfs(tfs, labels, values.shape[0], func)
    row_labels = None if labels is None else labels[rows]
    return Network(np.ascontiguousarray(values[rows]), rows, row_labels, labels)


def resolve_tfs(tfs, labels, p, func):
    """Column indexes (int64) of the regulators given by name or index."""
    return v.check_tfs(tfs, labels, p, func)


def wrap(scores, labels, col_labels=None):
    """``scores`` as a DataFrame when the input was labelled (rows, then columns)."""
    if labels is None:
        return scores
    import pandas as pd

    columns = labels if col_labels is None else col_labels
    return pd.DataFrame(scores, index=labels, columns=columns, copy=False)


def wrap_network(scores, net):
    """Scores of a :class:`Network`'s shape, labelled as its input was."""
    return wrap(scores, net.row_labels, net.col_labels)


# ------------------------------------------------------------------ helpers
def _float_array(mi, name, func, copy):
    """A float32/float64 C-contiguous ndarray of ``mi``: a copy unless allowed not."""
    if v.scipy_sparse(mi):
        v.sparse_mi_error(name, func)
    if v.pandas_type(mi, "DataFrame"):
        mi = mi.to_numpy()
    arr = np.asarray(mi)
    if arr.dtype.kind not in "biuf":
        v.not_numeric_mi_error(name, arr.dtype, func)
    dtype = np.float32 if arr.dtype == np.float32 else np.float64
    owned = not copy and arr.dtype == dtype and arr.flags.c_contiguous and arr.flags.writeable
    return arr if owned else np.array(arr, dtype=dtype, order="C")


def _clean_square(values):
    from fastmi._kernels.network import clean_square

    rtol = 1e-5 if values.dtype == np.float32 else 1e-10
    return clean_square(values, rtol)


def _block_input(block, func, name, copy):
    labels = block.mi.columns if v.pandas_type(block.mi, "DataFrame") else None
    row_labels = block.mi.index if labels is not None else None
    values = _float_array(block.mi, name, func, copy)
    v.check_block_shape(values, name, func)
    rows = np.asarray(block.tfs)
    if rows.dtype.kind not in "iu" or rows.shape != (values.shape[0],):
        v.bad_block_tfs_error(rows.shape, values.shape, func)
    rows = rows.astype(np.int64)
    v.check_tf_range(rows, values.shape[1], func)
    v.check_unique_tfs(rows, rows, func)
    from fastmi._kernels.network import clean_block

    # (Two estimates of each TF pair, as row and as column, may differ: KSG's
    # jitter differs between them; the kernel takes their mean.)
    v.report_mi_problems(clean_block(values, rows), name, func)
    if labels is not None and row_labels is None:
        row_labels = labels[rows]
    return Network(values, rows, row_labels, labels)
