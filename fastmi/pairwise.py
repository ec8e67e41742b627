"""Mutual information between many variables at once: all pairs, two sets, a target.

``pairwise_mi(X)`` is the symmetric p x p matrix of I(X_i; X_j) over the
columns of X (n_samples, n_features); ``cross_mi(X, Y)`` the p x q matrix
between the columns of two tables; ``mi_with_target(X, y)`` the p values
I(X_i; y).  Every entry equals the single-pair function on that pair:

==========  ===================================  ================================
method      pairs of ...                          single-pair function
==========  ===================================  ================================
discrete    discrete columns (any labels)         ``mutual_info_discrete``
copula      continuous columns                    ``copula_mi``
ksg         continuous columns                    ``ksg_mi``
binned      continuous columns, binned            ``binned_mi``
auto        each pair by its columns' kinds       ``fastmi.mutual_info``
==========  ===================================  ================================

"auto" is the rule of ``fastmi.mutual_info`` applied to every pair: two
discrete columns are counted, two continuous ones get KSG, and a continuous
column with a discrete one gets ``mixed_mi`` (Ross 2014).  A column is
continuous when its dtype is floating point (``discrete_x`` and
``discrete_y``, the flags of the tables ``X`` and ``Y``/``y``, can say
otherwise).

How the work is done
--------------------
Columns are prepared once (encoded to dense codes and packed into bit-planes,
or ranked into normal scores, ...), then the pair space is cut into square
tiles of ``tile_size`` x ``tile_size`` features (the upper triangle only for
``pairwise_mi``).  Tiles run on ``n_jobs`` threads of fastmi's pool and each
writes its own block of the result, so the result does not depend on the
thread count or the tile size, and memory beyond the result is bounded by the
tile size.  Tiles are handed out from Python in short batches: ``progress``
is called after each batch, and Ctrl-C stops a long run within about a
second.  ``fastmi.dask`` runs the same tiles as tasks on a Dask cluster.

Interrupted runs
----------------
When a run is interrupted (KeyboardInterrupt, or an exception raised by
``progress``) the exception propagates, so a result allocated by fastmi is
never seen half-written.  An ``out`` array passed by the caller (e.g. a
memory-mapped file) is filled with NaN before any tile runs (in row blocks,
so Ctrl-C is not held up by a large file), so after an
interruption it holds NaN wherever no tile wrote: a complete result has NaN
at most on the diagonal (continuous columns); check
``np.isnan(M[~np.eye(p, dtype=bool)]).any()`` to tell them apart.
"""

import inspect
from dataclasses import replace

import numpy as np

from fastmi import _docs, _engine, _frames
from fastmi import _validation as v

__all__ = ["pairwise_mi", "cross_mi", "mi_with_target", "top_pairs"]


# ------------------------------------------------------------- public API


def _with_keywords(*leading, flags, exclude=()):
    """Give a public function the shared keyword signature (``_engine.Keywords``,
    written once) with its own discrete-column ``flags`` after ``method``."""
    kinds = inspect.Parameter

    def decorate(function):
        params = [inspect.Parameter(name, kinds.POSITIONAL_OR_KEYWORD) for name in leading]
        shared = [
            inspect.Parameter(name, kinds.KEYWORD_ONLY, default=getattr(_engine.Keywords, name))
            for name in _engine.KEYWORDS
            if name not in exclude
        ]
        params += shared[:1]  # method
        params += [inspect.Parameter(f, kinds.KEYWORD_ONLY, default="auto") for f in flags]
        params += shared[1:]
        function.__signature__ = inspect.Signature(params)
        return function

    return decorate


def _flag(func, options, old, new, value):
    """The value of discrete-column flag ``new``, or of its deprecated
    spelling ``old`` (popped from ``options``) with a FutureWarning."""
    legacy = options.pop(old, v.UNSET)
    if legacy is v.UNSET:
        return value
    given = v.UNSET if isinstance(value, str) and value == "auto" else value
    return v.renamed_keyword(func, old, new, legacy, given)


@_with_keywords("X", flags=("discrete_x",))
def pairwise_mi(X, *, discrete_x="auto", **options):
    func = "pairwise_mi"
    discrete_x = _flag(func, options, "discrete_features", "discrete_x", discrete_x)
    kw = _engine.keywords(func, options)
    _frames.check_layer(kw.layer, func, X)
    table = _engine.as_columns(X, "X", func, 2, kw.nan_policy, kw.layer)
    result, counts = _engine.compute(func, ("X",), [table], [discrete_x], kw, symmetric=True)
    return _finish(result, counts, table.labels, table.labels, kw.return_counts)


@_with_keywords("X", "Y", flags=("discrete_x", "discrete_y"))
def cross_mi(X, Y, *, discrete_x="auto", discrete_y="auto", **options):
    func = "cross_mi"
    discrete_x = _flag(func, options, "discrete_features", "discrete_x", discrete_x)
    discrete_y = _flag(func, options, "discrete_features_y", "discrete_y", discrete_y)
    kw = _engine.keywords(func, options)
    _frames.check_layer(kw.layer, func, X, Y)
    x_table = _engine.as_columns(X, "X", func, 1, kw.nan_policy, kw.layer)
    y_table = _engine.as_columns(Y, "Y", func, 1, kw.nan_policy, kw.layer)
    v.check_same_length({"X": x_table.n_samples, "Y": y_table.n_samples}, func)
    features = [discrete_x, discrete_y]
    tables = [x_table, y_table]
    result, counts = _engine.compute(func, ("X", "Y"), tables, features, kw, symmetric=False)
    return _finish(result, counts, x_table.labels, y_table.labels, kw.return_counts)


_TARGET_EXCLUDES = ("top_k", "threshold")


@_with_keywords("X", "y", flags=("discrete_x", "discrete_y"), exclude=_TARGET_EXCLUDES)
def mi_with_target(X, y, *, discrete_x="auto", discrete_y="auto", **options):
    func = "mi_with_target"
    discrete_x = _flag(func, options, "discrete_features", "discrete_x", discrete_x)
    discrete_y = _flag(func, options, "discrete_target", "discrete_y", discrete_y)
    kw = _engine.keywords(func, options, exclude=_TARGET_EXCLUDES)
    _frames.check_layer(kw.layer, func, X)
    y = _frames.target(y, X, func)
    x_table = _engine.as_columns(X, "X", func, 1, kw.nan_policy, kw.layer)
    y_table = _engine.as_columns(v.target_column(y, func), "y", func, 1, nan_policy=kw.nan_policy)
    v.check_same_length({"X": x_table.n_samples, "y": y_table.n_samples}, func)
    out = kw.out
    if out is not None:  # the engine fills its (p, 1) column view
        v.check_target_out(out, x_table.n_features, func)
        kw = replace(kw, out=out[:, None])
    features = [discrete_x, discrete_y]
    tables = [x_table, y_table]
    result, counts = _engine.compute(func, ("X", "y"), tables, features, kw, symmetric=False)
    values, counts = (result[:, 0] if out is None else out), counts[:, 0]
    if x_table.labels is not None:
        import pandas as pd

        name = getattr(y, "name", None)
        values = pd.Series(values, index=x_table.labels, name=name)
        counts = pd.Series(counts, index=x_table.labels, name=name)
    return (values, counts) if kw.return_counts else values


def _finish(result, counts, row_labels, col_labels, return_counts):
    if counts is None:  # a streaming (top_k / threshold) result
        return result.labelled(row_labels, col_labels)
    result = _wrap(result, row_labels, col_labels)
    return (result, _wrap(counts, row_labels, col_labels)) if return_counts else result


def _wrap(result, row_labels, col_labels):
    if (row_labels is None and col_labels is None) or not isinstance(result, np.ndarray):
        return result  # an out= Zarr array stays as it is (labels cannot ride on it)
    import pandas as pd

    return pd.DataFrame(result, index=row_labels, columns=col_labels, copy=False)


pairwise_mi.__doc__ = """Mutual information between every pair of columns of ``X``.

    Returns the symmetric matrix M with M[i, j] = I(X_i; X_j) in the unit of
    ``base`` (nats by default), each entry equal to the single-pair function
    of its method on columns i and j (see the module docstring).

    Parameters
    ----------
    X : array-like or DataFrame of shape (n_samples, n_features)
        At least two features; no NaN in continuous columns, no missing
        labels in discrete ones.
    %(pairwise_inputs)s
    %(pairwise_parameters)s
    %(pairwise_out)s

    Returns
    -------
    ndarray of shape (n_features, n_features), or DataFrame
        Symmetric; a DataFrame labelled by the column names when X is one
        (wrapping ``out`` if given).  The diagonal holds I(X_i; X_i): H(X_i)
        by ``estimator`` for discrete and binned columns (exactly H(X_i) for
        plug-in), NaN for ksg and copula columns (the self-information of a
        continuous variable is infinite).

    Raises
    ------
    ValueError
        X not 2-D, fewer than two features, NaN/inf, a ``discrete_x``
        mask of the wrong length, ``out`` of the wrong shape or dtype, a
        discrete-continuous pair under "ksg" or "copula"; all before any
        work starts.

    Notes
    -----
    Only the upper triangle is computed: M[i, j] for i <= j is the
    single-pair function called as f(X_i, X_j), and M[j, i] is a copy.
    Discrete pairs are counted exactly (integers), so those entries equal
    ``mutual_info_discrete`` to the last bit, whatever ``n_jobs`` and
    ``tile_size``.  Each (column, level) is packed into a bit-plane of n
    bits; the joint count of two levels is popcount(a & b), and the last row
    and column of each table follow from the marginals.  Pairs with many
    levels are counted from their codes instead; the choice is made per pair
    from the numbers of levels.  Copula entries come from one matrix product
    of standardized normal scores, -½ log(1 - r²) (Ince et al. 2017), equal
    to ``copula_mi`` up to rounding; |r| = 1 gives inf.  KSG shares each
    column's sorted order among all its pairs.  The module docstring says
    how an interrupted run looks (NaN marks entries not computed).

    Missing values with ``nan_policy="omit"``: columns without missing
    values are measured together by the usual engine on all rows; the other
    columns are grouped by the rows they miss, and each group is measured
    against every other group on the rows both have (one engine run per pair
    of groups).  Entry (i, j) therefore equals this function on the two
    columns with the incomplete rows removed (same method and options).  For
    ksg the jitter is drawn per run from ``random_state`` (a pair's noise
    differs from a call on the filtered pair), so the equality is exact with
    ``jitter=0``.  Binned columns are binned on each run's rows.  A pair with
    fewer common samples than its estimator needs (k + 1 for ksg and
    mixed pairs, 4 for copula, 1 otherwise) is NaN; ``return_counts=True`` shows the counts.

    References
    ----------
    Kraskov, A., Stoegbauer, H. and Grassberger, P. (2004). Estimating mutual
    information. Phys. Rev. E 69, 066138.
    https://doi.org/10.1103/PhysRevE.69.066138

    Ross, B. C. (2014). Mutual information between discrete and continuous
    data sets. PLoS ONE 9(2), e87357.
    https://doi.org/10.1371/journal.pone.0087357

    %(ince2017)s

    Examples
    --------
    >>> import numpy as np, fastmi as fm
    >>> X = np.array([[0, 0, 1], [0, 0, 0], [1, 1, 1], [1, 1, 0]])
    >>> fm.pairwise_mi(X, base=2)
    array([[1., 1., 0.],
           [1., 1., 0.],
           [0., 0., 1.]])
    """

cross_mi.__doc__ = """Mutual information between every column of ``X`` and every column of ``Y``.

    Returns M with M[i, j] = I(X_i; Y_j) in the unit of ``base``, each entry
    equal to the single-pair function of its method called as f(X_i, Y_j).

    Parameters
    ----------
    X : array-like or DataFrame of shape (n_samples, p)
    Y : array-like or DataFrame of shape (n_samples, q)
        The same samples in the same order.
    %(pairwise_inputs)s
    %(pairwise_parameters)s
    %(pairwise_out)s
    discrete_y : "auto", bool, array-like of bool or int, default="auto"
        ``discrete_x`` for the columns of ``Y`` (formerly
        ``discrete_features_y``, deprecated).

    Returns
    -------
    ndarray of shape (p, q), or DataFrame
        Labelled when X or Y is a DataFrame.

    Raises
    ------
    ValueError
        As :func:`pairwise_mi`, and X and Y of different lengths.

    Examples
    --------
    >>> import numpy as np, fastmi as fm
    >>> X = np.array([[0, 1], [0, 0], [1, 1], [1, 0]])
    >>> fm.cross_mi(X, X[:, :1], base=2)
    array([[1.],
           [0.]])
    """

mi_with_target.__doc__ = """Mutual information I(X_i; y) of every column of ``X`` with a target.

    Parameters
    ----------
    X : array-like or DataFrame of shape (n_samples, n_features)
    y : array-like or Series of shape (n_samples,), or str
        The target (a pandas or polars Series, a 1-D DataArray; with an
        AnnData X, a string names a column of ``X.obs``).
    %(pairwise_inputs)s
    %(pairwise_parameters)s
    out : ndarray of shape (n_features,) or None, default=None
        Preallocated result (e.g. a memmap), filled with NaN first, then
        tile by tile; returned (wrapped in a Series when X is labelled).
    discrete_y : "auto" or bool, default="auto"
        Whether ``y`` is discrete ("auto": unless its dtype is float;
        formerly ``discrete_target``, deprecated).

    Returns
    -------
    ndarray of shape (n_features,), or Series
        In the unit of ``base``; a Series indexed by the columns of a
        DataFrame X.

    Raises
    ------
    ValueError
        As :func:`pairwise_mi`, a 2-D ``y``, and X and y of different lengths.

    Examples
    --------
    >>> import numpy as np, fastmi as fm
    >>> X = np.array([[0, 1], [0, 0], [1, 1], [1, 0]])
    >>> fm.mi_with_target(X, [5, 5, 7, 7], base=2)
    array([1., 0.])
    """

for _f in (pairwise_mi, cross_mi, mi_with_target):
    _docs.fill(_f)
del _f


def top_pairs(matrix, n_top):
    """The ``n_top`` largest off-diagonal entries of a symmetric MI matrix.

    Returns ``(rows, cols, values)``: int arrays with rows < cols and the
    values in decreasing order (ties in row-major order); NaN entries are
    skipped.  Works through the upper triangle in row blocks, so memory stays
    small for any matrix size (a memmap is fine).

    >>> import numpy as np
    >>> from fastmi.pairwise import top_pairs
    >>> M = np.array([[0.0, 0.2, 0.5], [0.2, 0.0, 0.1], [0.5, 0.1, 0.0]])
    >>> top_pairs(M, 2)
    (array([0, 0]), array([2, 1]), array([0.5, 0.2]))
    """
    values = np.asarray(matrix)
    p = values.shape[0]
    n_top = max(int(n_top), 0)
    step = max(1, (1 << 20) // max(p, 1))
    found = []
    for r0 in range(0, p, step):
        r1 = min(r0 + step, p)
        block = values[r0:r1].astype(np.float64)
        upper = np.arange(p)[None, :] > np.arange(r0, r1)[:, None]
        flat = np.where(upper & ~np.isnan(block), block, -np.inf).ravel()
        m = min(n_top, flat.shape[0])
        if m == 0:
            continue
        pick = np.argpartition(-flat, m - 1)[:m] if m < flat.shape[0] else np.arange(m)
        pick = pick[flat[pick] > -np.inf]  # drop the masked entries
        found.append((flat[pick], r0 + pick // p, pick % p))
    if not found:
        empty = np.zeros(0, dtype=np.intp)
        return empty, empty, np.zeros(0)
    vals, rows, cols = (np.concatenate(parts) for parts in zip(*found, strict=True))
    order = np.lexsort((cols, rows, -vals))[:n_top]
    return rows[order], cols[order], vals[order]
