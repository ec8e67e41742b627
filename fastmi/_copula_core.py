"""Normal-score tables and the scalar Gaussian MI of ``fastmi.gaussian``, and
its one-kernel path for a small pair of float columns, which
``fastmi.batch.copula_mi_batch`` takes too (the same path, so the same bits).

``fastmi.gaussian`` re-exports ``resolution_cap`` and ``gaussian_bias``.
"""

import functools
import math

import numpy as np


def score_table(n):
    """``table[h] = Φ⁻¹(h / (2n + 2))``: the normal score of rank ``h / 2``.

    Ranks of n samples are 1..n, or half-integers for averaged ties, so the
    doubled rank ``h`` indexes this table (entries 0 and 2n + 2 are unused).
    The upper half mirrors the lower one with its sign flipped, so the scores
    of a column without ties sum to 0 up to rounding, as the exact ones do.
    """
    from scipy import special

    lower = special.ndtri(np.arange(1, n + 2) / (2.0 * n + 2.0))  # h = 1..n+1
    table = np.zeros(2 * n + 3)
    table[1 : n + 2] = lower
    table[n + 2 : 2 * n + 2] = -lower[n - 1 :: -1]
    return table


def standardize_rows(scores):
    """Centre each row and scale it to unit Euclidean norm (zero rows stay 0)."""
    scores -= scores.mean(axis=1, keepdims=True)
    norms = np.sqrt(np.einsum("ij,ij->i", scores, scores))
    scores /= np.where(norms > 0, norms, 1.0)[:, None]
    return scores


def untied_scores(table, n, standardize):
    """The scores of ranks 1..n in order (a row without ties, sorted)."""
    untied = table[2 : 2 * n + 1 : 2].copy()
    return standardize_rows(untied[None, :])[0] if standardize else untied


def resolution_cap(n):
    """The largest MI (nats) that ``n`` samples can resolve: log(n).

    n paired samples hold at most n distinct values, whose entropy is log(n),
    and I(X; Y) <= H(X).  Capping -½ log(1 - r²) at log(n) is clipping
    1 - r² at 1/n²: a perfect (|r| = 1, e.g. identical ranks) or collinear
    pair then gets this finite value instead of ``inf``.
    """
    return math.log(n)


def gaussian_bias(n, dx, dy):
    """Analytic bias correction (nats) to add to a plug-in Gaussian MI estimate.

    For a Gaussian sample of size n the unbiased covariance S of d variables
    is Wishart with n - 1 degrees of freedom, so
    E[log det S] = log det Σ + d log(2 / (n - 1)) + Σ_{i=1..d} ψ((n - i) / 2).
    Subtracting this bias from each of the three entropies of
    I = H(X) + H(Y) - H(X, Y) (Ince et al. 2017, eq. for the bias-corrected
    Gaussian entropy) leaves
    ½ [Σ_{i<=dx+dy} ψ((n-i)/2) - Σ_{i<=dx} ψ((n-i)/2) - Σ_{i<=dy} ψ((n-i)/2)],
    which is negative.  Needs n >= dx + dy + 1.

    >>> import fastmi.gaussian as fg
    >>> fg.gaussian_bias(100, 1, 1) < 0
    True
    """
    from scipy import special

    half_psi = special.psi((n - np.arange(1, dx + dy + 1)) / 2.0) / 2.0
    return float(half_psi.sum() - half_psi[:dx].sum() - half_psi[:dy].sum())


def scalar_mi(r, n):
    """-½ log(1 - r²) in nats of one correlation, capped at ``resolution_cap(n)``
    (what ``correlation_mi(r, n_samples=n)`` gives, without array overhead)."""
    r2 = r * r
    if r2 >= 1.0:
        return resolution_cap(n)
    return min(-0.5 * math.log1p(-r2), resolution_cap(n))


# The bias depends on (n, dx, dy) only; small calls repeat the same few.
cached_bias = functools.lru_cache(maxsize=256)(gaussian_bias)

# Pairs of scalars with fewer samples than this are ranked on the calling
# thread by one kernel (larger ones sort x and y on two threads).
SMALL_COPULA = 1 << 14


@functools.lru_cache(maxsize=32)
def score_tables(n):
    """(untied scores, score table) of n samples for the small copula path
    (shared: callers must not write to them)."""
    table = score_table(n)
    return untied_scores(table, n, False), table


def small_result(status, r, n, bias_correction, scale):
    """The MI of a small pair from its kernel's (status, r), or None when the
    kernel found missing, infinite or constant values (the general path
    reports them, or drops them under nan_policy="omit")."""
    from fastmi._kernels.moments import OK

    if status != OK:
        return None
    mi = scalar_mi(r, n)
    return (mi + cached_bias(n, 1, 1) if bias_correction else mi) / scale
