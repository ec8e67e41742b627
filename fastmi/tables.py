"""Information measures of a joint probability or count table.

A table is an ndarray with one axis per variable (any number of axes), or a
2-D ``scipy.sparse`` contingency table.  Integer tables are counts, and so
are float tables of whole numbers that do not sum to 1; other float tables
are probabilities and must sum to 1.  ``kind="counts"`` or
``kind="probability"`` says so explicitly.  Bias-corrected ``estimator``\\ s
(see :mod:`fastmi.discrete`) need whole-number counts; plug-in works with both.  For these
estimators the alphabet size K of a marginal is its number of cells, empty or
not.  Results are in the unit ``base`` (default nats).

Axis roles: ``mutual_info`` is I(axis 0; all other axes),
``conditional_entropy`` is H(axis 0 | other axes) and
``conditional_mutual_info`` is I(axis 0; axis 1 | other axes).
"""

import numpy as np

from fastmi import _docs, _table
from fastmi import _validation as v

__all__ = ["entropy", "conditional_entropy", "mutual_info", "conditional_mutual_info"]


def _prepare(p, func, base, estimator, kind, min_ndim):
    scale = v.log_base(base, func)
    est = v.check_estimator(estimator, func)
    if v.scipy_sparse(p):
        table, is_counts = _sparse_table(p, func, kind)
    else:
        values, is_counts = v.check_table(p, "table", func, kind)
        table = _table.Table(dense=values)
    if len(table.shape) < min_ndim:
        raise v.table_axes_error(min_ndim, table.shape, func)
    weights = table.dense if table.dense is not None else table.weights
    if est != 0:
        if not is_counts:
            raise v.needs_counts_error(estimator, "the table", func)
        v.check_whole_counts(weights, estimator, "the table", func)
        v.check_exact_counts(weights, estimator, "the table", func)
    elif v.safe_sum(weights) > v.MAX_EXACT_COUNT:
        # Plug-in needs only proportions; huge counts would overflow n log n.
        peak = weights.max()
        scaled = weights / peak
        scaled /= scaled.sum()
        if table.dense is not None:
            table.dense = scaled
        else:
            table.weights = scaled
    return table, est, scale


def _sparse_table(p, func, kind):
    coo = p.tocoo()
    if coo.ndim != 2:
        raise v.sparse_table_ndim_error(coo.ndim, func)
    if coo.data.size == 0:  # no stored entries: a table of zeros, not an empty one
        v.check_table(np.zeros(1), "table", func, "counts")
    values, is_counts = v.check_table(coo.data, "table", func, kind)
    coords = np.column_stack([coo.row, coo.col]).astype(np.int64)
    return _table.Table(coords=coords, weights=values, shape=coo.shape), is_counts


def _axis_0_and_rest(measure, pxy, func, base, estimator, kind):
    """``measure`` of axis 0 against the other axes taken jointly, in the unit."""
    table, est, scale = _prepare(pxy, func, base, estimator, kind, 2)
    rest = tuple(range(1, len(table.shape)))
    return measure(table, (0,), rest, est) / scale


@_docs.fill
def entropy(p, *, base="e", estimator="plugin", kind="auto"):
    """Joint entropy of all the axes of a probability or count table.

    H = -sum p log p over the cells (plug-in), or the chosen estimator on the
    counts.

    Parameters
    ----------
    p : array-like with one axis per variable, or 2-D scipy.sparse
        Probabilities or counts (see ``kind``), >= 0.
    %(table_options)s

    Returns
    -------
    float
        The entropy in the unit ``base`` (nats by default).

    Examples
    --------
    >>> import fastmi as fm
    >>> fm.tables.entropy([0.5, 0.25, 0.25], base=2)
    1.5
    >>> fm.tables.entropy([[1, 1], [1, 1]], base=2)  # counts, two axes
    2.0
    """
    table, est, scale = _prepare(p, "tables.entropy", base, estimator, kind, 1)
    return _table.entropy(table, tuple(range(len(table.shape))), est) / scale


@_docs.fill
def conditional_entropy(pxy, *, base="e", estimator="plugin", kind="auto"):
    """Conditional entropy H(X | Y) of a joint table.

    X is axis 0 and Y the other axes taken jointly: H(X | Y) = H(X, Y) - H(Y).

    Parameters
    ----------
    pxy : array-like with at least 2 axes, or 2-D scipy.sparse
        Joint probabilities or counts (see ``kind``), >= 0.
    %(table_options)s

    Returns
    -------
    float
        H(X | Y) in the unit ``base`` (nats by default).

    Examples
    --------
    >>> import fastmi as fm
    >>> fm.tables.conditional_entropy([[0.25, 0.25], [0.25, 0.25]], base=2)
    1.0
    >>> fm.tables.conditional_entropy([[5, 0], [0, 5]])  # X determined by Y
    0.0
    """
    return _axis_0_and_rest(
        _table.conditional_entropy, pxy, "tables.conditional_entropy", base, estimator, kind
    )


@_docs.fill
def mutual_info(pxy, *, base="e", estimator="plugin", kind="auto"):
    """Mutual information I(X; Y) of a joint table.

    X is axis 0 and Y the other axes taken jointly:
    I(X; Y) = H(X) + H(Y) - H(X, Y).  With the plug-in estimator on a
    count table this equals ``sklearn.metrics.mutual_info_score(None, None,
    contingency=table)`` (nats).

    Parameters
    ----------
    pxy : array-like with at least 2 axes, or 2-D scipy.sparse
        Joint probabilities or counts (see ``kind``), >= 0; a sparse
        contingency table is never densified.
    %(table_options)s

    Returns
    -------
    float
        I(X; Y) in the unit ``base`` (nats by default).

    Examples
    --------
    >>> import fastmi as fm
    >>> fm.tables.mutual_info([[0.5, 0.0], [0.0, 0.5]], base=2)
    1.0
    >>> round(fm.tables.mutual_info([[38, 2], [16, 44]], base=2), 3)  # counts
    0.379
    """
    return _axis_0_and_rest(_table.mutual_info, pxy, "tables.mutual_info", base, estimator, kind)


@_docs.fill
def conditional_mutual_info(pxyz, *, base="e", estimator="plugin", kind="auto"):
    """Conditional mutual information I(X; Y | Z) of a joint table.

    X is axis 0, Y axis 1 and Z the other axes taken jointly:
    I(X; Y | Z) = H(X, Z) + H(Y, Z) - H(X, Y, Z) - H(Z).

    Parameters
    ----------
    pxyz : array-like with at least 3 axes
        Joint probabilities or counts (see ``kind``), >= 0.
    %(table_options)s

    Returns
    -------
    float
        I(X; Y | Z) in the unit ``base`` (nats by default).

    Examples
    --------
    >>> import fastmi as fm
    >>> import numpy as np
    >>> fm.tables.conditional_mutual_info(np.full((2, 2, 2), 0.125))
    0.0
    >>> t = np.zeros((2, 2, 2)); t[0, 0, :] = t[1, 1, :] = 0.25  # X = Y, Z independent
    >>> round(fm.tables.conditional_mutual_info(t, base=2), 12)
    1.0
    """
    func = "tables.conditional_mutual_info"
    table, est, scale = _prepare(pxyz, func, base, estimator, kind, 3)
    rest = tuple(range(2, len(table.shape)))
    return _table.conditional_mutual_info(table, (0,), (1,), rest, est) / scale
