"""Mutual information of continuous variables after binning them.

Each column is cut into bins, either of equal width (``strategy="uniform"``,
the edges of ``numpy.histogram_bin_edges``) or of equal frequency
(``strategy="quantile"``), with the number of bins given as an int or by one
of numpy's rules ("fd", "sturges", "sqrt", "rice", "scott", "doane",
"auto").  The bin codes are then handed to fastmi's discrete
estimators (:func:`fastmi.discrete.mutual_info_discrete`), so every entropy
estimator of fastmi (plug-in, Miller-Madow, ...) applies.
"""

import math

import numpy as np

from fastmi import _table
from fastmi import _validation as v
from fastmi.continuous import unit_exponents
from fastmi.discrete import mutual_info_discrete

__all__ = ["binned_mi", "bin_edges", "digitize"]


def bin_edges(x, *, bins="fd", strategy="uniform"):
    """Bin edges of the 1-D real array ``x`` (increasing, at least two).

    ``strategy="uniform"``: ``numpy.histogram_bin_edges(x, bins)``, equal
    widths over [min, max] (a constant ``x`` gets bins over [x - 0.5, x + 0.5],
    as in numpy; beyond 2**52 in magnitude, where those edges round to x, one
    bin from x's neighbouring float towards zero to x).
    ``strategy="quantile"``: as many bins as the uniform rule gives, with
    edges at the empirical quantiles (linear interpolation) so that bins
    hold about equally many samples; edges that coincide (ties) are merged,
    so heavily tied data gets fewer bins.

    >>> import fastmi.binning as fb
    >>> fb.bin_edges([0.0, 1.0, 2.0, 4.0], bins=2)
    array([0., 2., 4.])
    >>> fb.bin_edges([0.0, 1.0, 2.0, 4.0], bins=2, strategy="quantile")
    array([0. , 1.5, 4. ])
    """
    func = "bin_edges"
    bins = v.check_bins(bins, func)
    strategy = v.check_options(strategy, "strategy", func, v.BIN_STRATEGIES)
    values = v.continuous_array(x, "x", func)
    if values.shape[1] != 1:
        raise v.not_1d_error("x", np.shape(x), func)
    column = values[:, 0]
    exponent = _unit_exponent(column)
    return np.ldexp(_edges(np.ldexp(column, -exponent), bins, strategy), exponent)


def _unit_exponent(column):
    """The power of two that scales a non-constant column into (-1, 1).

    Binning commutes with this exact scaling (numpy's edges and rules are
    ratios of spreads), and in (-1, 1) the range and bin widths of values
    near the float maximum cannot overflow, nor those of subnormal values
    underflow.  A constant column keeps its scale (its one bin is x +- 0.5).
    """
    if column.min() == column.max():
        return 0
    return int(unit_exponents(column.reshape(-1, 1))[0])


def _huge_constant_edges(value):
    """One bin around a constant ``value`` of magnitude >= 2**52, where
    numpy's [x - 0.5, x + 0.5] rounds to x (and numpy raises): the bin from
    x's neighbouring float towards zero to x (finite even at the maximum)."""
    neighbour = np.nextafter(value, 0.0)
    return np.array([neighbour, value] if value > 0 else [value, neighbour])


def _edges(column, bins, strategy):
    lo, hi = column.min(), column.max()
    if lo == hi and not lo - 0.5 < lo < lo + 0.5:
        return _huge_constant_edges(lo)
    uniform = np.histogram_bin_edges(column, bins=bins)
    if strategy == "uniform" or lo == hi:
        return uniform  # a constant: bins around it, as numpy does
    quantiles = np.quantile(column, np.linspace(0.0, 1.0, len(uniform)))
    # Ends pinned to the data range so every sample falls in a bin.
    quantiles[0], quantiles[-1] = lo, hi
    return np.unique(quantiles)


def digitize(x, edges):
    """Bin codes 0..len(edges)-2 of the values ``x`` (int64, shape of ``x``).

    Bins are half-open [e_i, e_{i+1}) except the last, which is closed, as in
    ``numpy.histogram``; values outside [edges[0], edges[-1]] go to the
    first or last bin.

    >>> import fastmi.binning as fb
    >>> fb.digitize([0.0, 1.0, 2.0, 4.0], [0.0, 2.0, 4.0])
    array([0, 0, 1, 1])
    """
    edges = np.asarray(edges, dtype=np.float64)
    codes = np.searchsorted(edges, np.asarray(x, dtype=np.float64), side="right") - 1
    return np.clip(codes, 0, len(edges) - 2).astype(np.int64, copy=False)


def _uniform_codes(column, edges):
    """``digitize(column, edges)`` for equal-width edges over the column's range.

    The bin is guessed by arithmetic, then moved by one where rounding put a
    value on the wrong side of an edge (the method of ``numpy.histogram``):
    about four times faster than a binary search per value.
    """
    n_bins = len(edges) - 1
    codes = ((column - edges[0]) * (n_bins / (edges[-1] - edges[0]))).astype(np.int64)
    np.clip(codes, 0, n_bins - 1, out=codes)
    codes -= column < edges[codes]
    codes += (column >= edges[codes + 1]) & (codes != n_bins - 1)
    return codes


def _fd_bin_count(column):
    """Bins that the Freedman-Diaconis width 2 IQR n^(-1/3) gives (what
    numpy's "fd" and "auto" rules allocate at most); 0 when the IQR is 0."""
    n = column.shape[0]
    q75, q25 = np.percentile(column, [75.0, 25.0])
    width = 2.0 * (q75 - q25) / n ** (1.0 / 3.0)
    if width <= 0.0:
        return 0
    with np.errstate(over="ignore"):
        return math.ceil(min(np.ptp(column) / width, 2.0**62))


def _bin_count_limit(column, bins):
    """``bins``, or n if it would make more than n bins: at most n bins can
    be occupied, and a rule on data of tiny spread but wide range (one far
    outlier) would otherwise allocate range / width edges."""
    n = column.shape[0]
    if isinstance(bins, int):
        return min(bins, n)
    if bins in ("fd", "auto") and _fd_bin_count(column) > n:
        return n
    return bins


def bin_codes(values, bins, strategy, func="binned_mi"):
    """(n, d) int64 bin codes of the columns of ``values``, each binned alone
    (after exact power-of-two scaling, see ``_unit_exponent``), with at most
    n bins per column (a warning says so when that cuts ``bins``)."""
    to_codes = _uniform_codes if strategy == "uniform" else digitize
    codes = np.empty(values.shape, dtype=np.int64)
    capped = False
    for j in range(values.shape[1]):
        column = np.ldexp(values[:, j], -_unit_exponent(values[:, j]))
        count = _bin_count_limit(column, bins)
        capped |= count != bins
        codes[:, j] = to_codes(column, _edges(column, count, strategy))
    if capped:
        v.warn(v.bins_capped_warning(bins, values.shape[0], func))
    return codes


# Pairs of columns with fewer samples than this, binned by "fd" or an int
# into equal widths, are binned by one kernel per column (it sorts where
# numpy partitions: faster for small columns only).
_SMALL = 1 << 12


def _small_entropies(x, y, bins, strategy, nan_policy, estimator, base, n_jobs):
    """((H(X), H(Y), H(X, Y)) in nats, estimator id, log of the base) of a
    small pair of float columns, binned as the general path bins them and
    measured as ``mutual_info_discrete`` measures the codes, in one kernel
    call after the general path's checks; or None (other inputs or options,
    values the general path warns about or rejects)."""
    if strategy != "uniform" or (nan_policy != "raise" and nan_policy != "omit"):
        return None
    if type(bins) is int:
        if bins < 1:
            return None
    elif bins != "fd":
        return None
    pair = v.plain_float_pair(x, y, 1, _SMALL)
    if pair is None:
        return None
    from fastmi._kernels.binning import binned_pair_entropies
    from fastmi._kernels.entropy import for_estimator

    func = "binned_mi"
    scale = v.log_base(base, func)
    est = v.check_estimator(estimator, func)
    v.check_n_jobs(n_jobs, func)
    n_bins = bins if type(bins) is int else 0
    limit = float(_table.dense_cell_limit(pair[0].shape[0]))
    measure = for_estimator(binned_pair_entropies, est)
    ok, h_x, h_y, h_xy = measure(pair[0], pair[1], n_bins, est, limit)
    return ((h_x, h_y, h_xy), est, scale) if ok else None


def binned_mi(
    x,
    y,
    *,
    bins="fd",
    strategy="uniform",
    base="e",
    estimator="plugin",
    n_jobs=None,
    nan_policy="raise",
):
    """Mutual information I(X; Y) of binned continuous variables.

    Every column of ``x`` and ``y`` is binned on its own (see
    :func:`bin_edges`); the columns of a multivariate variable are then
    taken jointly, and the MI of the bin codes is computed by
    :func:`fastmi.discrete.mutual_info_discrete`.

    Parameters
    ----------
    x : array-like of shape (n_samples,) or (n_samples, dx)
    y : array-like of shape (n_samples,) or (n_samples, dy)
        Real values (no NaN or inf).
    bins : int >= 1 or {"fd", "sturges", "sqrt", "rice", "scott", "doane", "auto"}, \
default="fd"
        Number of bins per column, or the ``numpy.histogram_bin_edges`` rule
        that picks it from each column's data.
    strategy : {"uniform", "quantile"}, default="uniform"
        Equal-width or equal-frequency bins.
    base : {"e", "nats", 2, "bits", 10, "hartleys"} or float > 1, default="e"
        Unit of the result.
    estimator : str, default="plugin"
        Entropy estimator of :mod:`fastmi.discrete` applied to the bin codes.
    n_jobs : int or None, default=None
        Threads for the counting.
    nan_policy : {"raise", "omit"}, default="raise"
        "omit" drops the rows where x or y is missing (NaN).

    Returns
    -------
    float
        I(X; Y) of the bin codes in the unit of ``base`` (nats by default).

    Notes
    -----
    The result depends on the binning: too few bins bias the MI down, too
    many bias the plug-in estimate up (roughly (Bx By - Bx - By + 1) / 2n
    nats for Bx x By occupied bins).  With ``strategy="uniform"`` and the
    plug-in estimator the result equals the plug-in MI of
    ``numpy.histogram2d(x, y, bins=[edges_x, edges_y])``.  The alphabet size
    assumed by "james_stein" and "nsb" is the number of occupied bins.  A
    constant column falls in one bin (MI 0) and raises a
    ``ConstantColumnWarning``.

    At most n bins per column are used (n samples occupy at most n bins):
    a larger int ``bins``, or a "fd"/"auto" rule that would give more (data
    of tiny interquartile range but wide range), is cut to n with a
    warning.  Columns are binned after an exact power-of-two scaling, so
    values of any finite magnitude work.

    References
    ----------
    Freedman, D. and Diaconis, P. (1981). On the histogram as a density
    estimator: L2 theory. Z. Wahrscheinlichkeitstheorie verw. Gebiete 57,
    453-476. https://doi.org/10.1007/BF01025868

    Examples
    --------
    >>> import numpy as np, fastmi.binning as fb
    >>> rng = np.random.default_rng(0)
    >>> x = rng.standard_normal(10_000)
    >>> y = x + rng.standard_normal(10_000)
    >>> round(fb.binned_mi(x, y, bins=20, base=2), 2)   # exact MI: 0.5 bits
    0.49
    """
    func = "binned_mi"
    small = _small_entropies(x, y, bins, strategy, nan_policy, estimator, base, n_jobs)
    if small is not None:
        entropies, est, scale = small
        return _table.combine_mutual_info(*entropies, est) / scale
    x, y = v.drop_missing(func, nan_policy, x=x, y=y)
    bins = v.check_bins(bins, func)
    strategy = v.check_options(strategy, "strategy", func, v.BIN_STRATEGIES)
    v.log_base(base, func)
    v.check_estimator(estimator, func)
    v.check_n_jobs(n_jobs, func)
    xa = v.continuous_array(x, "x", func)
    ya = v.continuous_array(y, "y", func)
    v.check_same_length({"x": xa.shape[0], "y": ya.shape[0]}, func)
    v.drop_constant_columns(xa, "x", func)  # they fall in one bin: warn only
    v.drop_constant_columns(ya, "y", func)
    return mutual_info_discrete(
        bin_codes(xa, bins, strategy, func),
        bin_codes(ya, bins, strategy, func),
        base=base,
        estimator=estimator,
        n_jobs=n_jobs,
    )
