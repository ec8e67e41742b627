"""The per-pair bookkeeping of the copula permutation null, in one pass.

``permutation_test_matrix`` multiplies the normal scores by a block of
permuted copies; this kernel turns that product of correlations into the
three running results of the test without temporaries: the count of draws
reaching the observed r^2 (MI is increasing in r^2), the sum of the null MI,
and the largest tested r^2 of each permutation.

The MI sum needs sum_k log1p(-x_k), x = r^2: a log1p per draw would cost
more than the rest of the pass.  Small terms are multiplied instead, as
d = prod(1 - x_k) - 1 carried by d <- d - x (1 + d): no cancellation (d <= 0,
x >= 0), so each step adds a few ulp of relative error to d; one log1p(d)
ends a run (and starts a new one once d < -1/2, where 1 + d would lose bits).
A term with x > 1/2 takes its own log1p (1 - x is exact there) and the cap.
"""

import math

from fastmi._jit import kernel


@kernel
def tally_correlations(r, i0, j0, triangle, observed_r2, mi_args, reached, null_sum, largest):
    """Add the draws ``r[a, c, k]`` (pair (i0 + a, j0 + c), permutation k) in.

    ``reached[i, j]`` counts r^2 >= ``observed_r2[i, j]``; ``null_sum[i, j]``
    adds the MI ``(min(-log1p(-r^2) / 2, cap) + shift) / scale`` (``mi_args``
    = (cap, shift, scale), cap >= log(2) / 2, as
    ``fastmi.gaussian.correlation_mi`` caps it) of the k draws, to a relative
    error of about k ulp; ``largest[k]`` becomes the max of r^2 over the
    tested pairs.  ``triangle``: only the pairs i < j are tests.
    """
    cap, shift, scale = mi_args
    n_rows, n_cols, n_perms = r.shape
    for a in range(n_rows):
        i = i0 + a
        for c in range(n_cols):
            j = j0 + c
            if triangle and j <= i:
                continue
            draws = r[a, c]
            bound = observed_r2[i, j]
            count = 0
            for k in range(n_perms):  # vectorizes: no calls, no branches
                r2 = draws[k] * draws[k]
                count += r2 >= bound
                largest[k] = max(largest[k], r2)
            reached[i, j] += count
            logs, large, d = 0.0, 0.0, 0.0
            for k in range(n_perms):
                x = min(draws[k] * draws[k], 1.0)
                if x > 0.5:
                    large += min(-0.5 * math.log1p(-x), cap)
                else:
                    d -= x * (1.0 + d)
                    if d < -0.5:
                        logs += math.log1p(d)
                        d = 0.0
            mi = large - 0.5 * (logs + math.log1p(d))
            null_sum[i, j] += (mi + n_perms * shift) / scale
