"""Equal-width bin codes of one column in one kernel call (small ``binned_mi``).

The same arithmetic as the general path (``fastmi.binning``): the column is
scaled by a power of two into (-1, 1), numpy's "fd" rule (``np.percentile``
with linear interpolation, ``np.histogram_bin_edges``, ``np.linspace``) or
an int number of bins gives the edges, and ``binning._uniform_codes``'s
guess-and-correct step gives the codes; the operations are the same IEEE
operations in the same order, so the codes are the same.  Columns the
general path would warn about (constant, or bins capped at n) and
non-finite values are left to it (``status``).  ``binned_pair_entropies``
bins a pair and measures it in the same call.
"""

import math

import numpy as np

from fastmi._jit import kernel
from fastmi._kernels.entropy import codes_pair_entropies
from fastmi._kernels.sorting import sort_in_place

OK, NOT_FINITE, CONSTANT, CAPPED = range(4)


@kernel
def _percentile(ordered, q):
    """``np.percentile(x, 100 q)`` (method "linear") of sorted ``ordered``, n >= 2."""
    virtual = (ordered.shape[0] - 1) * q
    below = math.floor(virtual)
    gamma = virtual - below
    a = ordered[int(below)]
    b = ordered[min(int(below) + 1, ordered.shape[0] - 1)]
    diff = b - a
    if gamma >= 0.5:
        return b - diff * (1.0 - gamma)
    return a + diff * gamma


@kernel
def _bin_count(column, lo, hi, bins):
    """(number of equal-width bins, capped): ``bins`` (> 0, at most n) or
    numpy's "fd" count (``bins`` <= 0), capped at n as ``binning._bin_count_limit``."""
    n = column.shape[0]
    if bins > 0:
        return min(bins, n), bins > n
    ordered = column.copy()
    sort_in_place(ordered)
    iqr = _percentile(ordered, 0.75) - _percentile(ordered, 0.25)
    width = 2.0 * iqr / n ** (1.0 / 3.0)  # binning._fd_bin_count
    if width > 0.0 and math.ceil(min((hi - lo) / width, 2.0**62)) > n:
        return n, True
    width = 2.0 * iqr * n ** (-1.0 / 3.0)  # numpy's _hist_bin_fd
    if width == 0.0:
        return 1, False
    return int(math.ceil((hi - lo) / width)), False


@kernel
def uniform_bin_codes(x, bins):
    """(status, int64 codes) of one 1-D float64 column: ``bins`` equal-width
    bins over its range, or numpy's "fd" rule when ``bins`` <= 0."""
    n = x.shape[0]
    codes = np.zeros(n, dtype=np.int64)
    peak = 0.0
    finite = True
    varies = False
    for i in range(n):
        finite &= math.isfinite(x[i])
        varies |= x[i] != x[0]
        peak = max(peak, abs(x[i]))
    if not finite:
        return NOT_FINITE, codes
    if not varies:
        return CONSTANT, codes
    e = math.frexp(peak)[1]
    column = np.empty(n)
    for i in range(n):
        column[i] = math.ldexp(x[i], -e)
    lo = column.min()
    hi = column.max()
    count, capped = _bin_count(column, lo, hi, bins)
    if capped:
        return CAPPED, codes
    # np.linspace(lo, hi, count + 1)
    edges = np.empty(count + 1)
    delta = hi - lo
    step = delta / count
    for i in range(count + 1):
        edges[i] = (i / count * delta if step == 0.0 else i * step) + lo
    edges[count] = hi
    # binning._uniform_codes
    scale = count / (edges[count] - edges[0])
    for i in range(n):
        c = min(max(np.int64((column[i] - edges[0]) * scale), 0), count - 1)
        if column[i] < edges[c]:
            c -= 1
        if column[i] >= edges[c + 1] and c != count - 1:
            c += 1
        codes[i] = c
    return OK, codes


@kernel(plugin_twin=True)
def binned_pair_entropies(x, y, bins, estimator, max_cells):
    """(ok, H(X), H(Y), H(X, Y)) in nats of the ``uniform_bin_codes`` of two
    1-D float64 columns (``entropy.codes_pair_entropies`` of the codes); ok
    is False when a column is not ``OK`` or the table would exceed
    ``max_cells`` (the caller takes the general path)."""
    status, codes_x = uniform_bin_codes(x, bins)
    if status != OK:
        return False, 0.0, 0.0, 0.0
    status, codes_y = uniform_bin_codes(y, bins)
    if status != OK:
        return False, 0.0, 0.0, 0.0
    return codes_pair_entropies(codes_x, codes_y, 0.0, 0.0, estimator, max_cells)
