"""An MI significance threshold from a permutation null shared by all pairs.

Permuting the samples of a gene keeps its distribution and breaks every
dependence, so the MI of two independently permuted genes is a draw from
the null at this sample size.  As ARACNe-AP (Lachmann et al. 2016) does,
one null serves every pair: for rank-based estimators (the copula) it
depends on the sample size only, for others it mixes the genes' marginals.
The far tail, beyond what the draws resolve, is extrapolated by an
exponential fitted to the top of the null (Margolin et al. 2006 and
ARACNe-AP fit the tail of the null MI distribution likewise).
"""

import math

import numpy as np

from fastmi import _docs
from fastmi import _validation as v

__all__ = ["mi_threshold"]

#: Fraction of the null draws that the exponential tail is fitted to.
_TAIL = 0.01


@_docs.fill
def mi_threshold(X, pvalue, *, method="copula", n_permutations=100_000, random_state=None,
                 mi_options=None, **options):  # fmt: skip
    """MI value that a pair of independent genes exceeds with probability ``pvalue``.

    Random genes of ``X`` are permuted independently (each its own random
    order of the samples) and the MI of every pair of them is computed with
    ``method``: about ``n_permutations`` null draws.  For ``pvalue`` at least
    1% the threshold is the empirical (1 - pvalue) quantile; below it, the
    tail beyond the 99% quantile x0 is fitted by an exponential (maximum
    likelihood: scale = mean excess over x0) and
    threshold = x0 + scale * log(0.01 / pvalue).

    Parameters
    ----------
    X : array-like or DataFrame of shape (n_samples, n_genes)
        Expression data (genes as columns), as given to the network.
    pvalue : float in (0, 1)
        The false-positive rate per pair.
    method : str, default="copula"
        MI method of :func:`fastmi.pairwise_mi`: the one the network uses.
    n_permutations : int >= 1000, default=100_000
        Null draws (pairs of permuted genes).
    random_state : None, int or numpy.random.Generator, default=None
        Seeds the choice of genes and their permutations.
    mi_options : dict or None, default=None
        Options of :func:`fastmi.pairwise_mi` (same ``base``, ``k``, ...
        as the network's MI).
    %(deprecated_options)s

    Returns
    -------
    float
        The threshold, in the unit of the MI.

    References
    ----------
    Lachmann, A., Giorgi, F. M., Lopez, G. and Califano, A. (2016).
    ARACNe-AP: gene network reverse engineering through adaptive
    partitioning inference of mutual information. Bioinformatics 32(14),
    2233-2235. https://doi.org/10.1093/bioinformatics/btw216

    >>> import numpy as np
    >>> from fastmi.network import mi_threshold
    >>> X = np.random.default_rng(0).normal(size=(100, 20))
    >>> t = mi_threshold(X, 0.01, random_state=0)
    >>> bool(0.01 < t < 0.1)  # about chi2_1(0.99) / (2 n) nats
    True
    """
    func = "mi_threshold"
    mi_options = v.merged_mi_options(mi_options, options, func)
    pvalue = v.check_real(pvalue, "pvalue", func, low=0, low_open=True, high=1)
    n_permutations = v.check_int(n_permutations, "n_permutations", func, low=1000)
    rng = v.check_random_state(random_state, func)
    null = np.sort(null_mi(X, n_permutations, rng, method, mi_options))
    if pvalue >= _TAIL:
        return float(null[min(len(null) - 1, math.ceil(len(null) * (1 - pvalue)))])
    start = math.ceil(len(null) * (1 - _TAIL))
    x0, tail = null[start], null[start:]
    scale = float(np.mean(tail - x0))
    return float(x0 + scale * math.log(_TAIL / pvalue))


def null_mi(X, n_draws, rng, method, mi_options):
    """At least ``n_draws`` MI values of pairs of independently permuted genes."""
    from fastmi.pairwise import pairwise_mi

    frame = v.pandas_type(X, "DataFrame")
    values = X.to_numpy() if frame else np.asarray(X)
    v.check_ndim(values, "X", func="mi_threshold", allowed=(2,))
    n, p = values.shape
    m = math.ceil((1 + math.sqrt(1 + 8 * n_draws)) / 2)  # m genes give m (m - 1) / 2 pairs
    genes = rng.integers(0, p, size=m)  # with replacement: each is permuted anew
    permuted = np.empty((n, m), dtype=values.dtype)
    for column, g in enumerate(genes):
        permuted[:, column] = values[rng.permutation(n), g]
    mi = np.asarray(pairwise_mi(permuted, method=method, random_state=rng, **mi_options))
    return mi[np.triu_indices(m, k=1)]
