"""CLR z-scores (Faith et al. 2007) straight from the MI matrix, row by row.

Both kernels read ``mi`` as ``pairwise_mi`` returns it: the diagonal is
skipped (it may be NaN) and negative estimates count as 0, so no clipped copy
of a genome-scale matrix is ever made.  Sums run in float64 whatever the
input precision.
"""

import math

from fastmi._jit import kernel


@kernel
def clr_background(mi, mean, std, first, last):
    """Mean and standard deviation (ddof=0) of the p - 1 clipped off-diagonal
    entries of rows ``first:last`` (two passes over a row that stays in cache)."""
    p = mi.shape[1]
    for i in range(first, last):
        total = 0.0
        for j in range(p):
            if j != i:
                total += max(mi[i, j], 0.0)
        mu = total / (p - 1)
        spread = 0.0
        for j in range(p):
            if j != i:
                d = max(mi[i, j], 0.0) - mu
                spread += d * d
        mean[i] = mu
        std[i] = math.sqrt(spread / (p - 1))


@kernel(inline=True)
def _z(value, mean, std):
    """max(0, (value - mean) / std), 0 for a constant background."""
    if std > 0.0:
        return max((value - mean) / std, 0.0)
    return 0.0


@kernel
def clr_rows(mi, mean, std, rows, directed, out, first, last):
    """``out[k, t]`` for k in ``first:last``, regulator r = ``rows[k]``:
    sqrt(z_r^2 + z_t^2) of M_rt against the backgrounds of r and t, or with
    ``directed`` z_t alone (r judged among target t's candidates).  The
    self-edge t = r is 0."""
    p = mi.shape[1]
    for k in range(first, last):
        r = rows[k]
        for t in range(p):
            if t == r:
                out[k, t] = 0.0
                continue
            value = max(mi[r, t], 0.0)
            z_target = _z(value, mean[t], std[t])
            if directed:
                out[k, t] = z_target
            else:
                z_regulator = _z(value, mean[r], std[r])
                out[k, t] = math.sqrt(z_regulator * z_regulator + z_target * z_target)
