"""Permutation tests of every pair of a pairwise, cross or vs-target MI matrix.

One set of permutations is shared by all pairs: permutation ``perm``
shuffles the rows of the second side (``X`` itself for ``pairwise_mi``, ``Y``
for ``cross_mi``, ``y`` for ``mi_with_target``), and pair (i, j) gets the
null draw I(X_i; Y_j[perm]).  Per pair, the p-value is (1 + #{draws >=
observed}) / (1 + n_permutations); the family-wise p-value of a pair counts
the permutations whose *largest* null MI over all pairs reaches the pair's
observed MI (the max-statistic method of Westfall & Young 1993), which
controls the family-wise error rate under any dependence between pairs.

"copula" (all columns continuous): the standardized normal scores Z of
every column are computed once; a block of B permutations is BLAS products
of Z (p x n) with the B permuted copies of the second side's scores, about
one GEMM per permutation (for pairwise_mi about half of one: the upper
triangle), and one fused pass compares the correlations with the observed
ones (MI is increasing in r^2); see ``_copula_null``.  Other methods call
the matrix function on the permuted data once per permutation.

References
----------
Westfall, P. H. and Young, S. S. (1993). Resampling-Based Multiple Testing.
Wiley, ch. 2.
"""

import math
from typing import NamedTuple

import numpy as np

from fastmi import _docs
from fastmi import _validation as v
from fastmi.significance._copula_null import CopulaNull as _CopulaNull
from fastmi.significance._draws import check_progress, draw_permutations, draw_seeds, run_blocks


class PermutationMatrixResult(NamedTuple):
    statistic: object  # the MI matrix (or vector) as the matrix function returns it
    pvalue: np.ndarray  # per-pair permutation p-values (NaN on a pairwise diagonal)
    pvalue_fwer: np.ndarray  # max-statistic family-wise p-values
    null_max: np.ndarray  # (n_permutations,) the largest null MI over the pairs
    null_mean: np.ndarray  # per-pair mean of the null MI (shuffle-bias estimate)


@_docs.fill
def permutation_test_matrix(
    X,
    Y=None,
    *,
    method="auto",
    n_permutations=1000,
    random_state=None,
    n_jobs=None,
    progress=None,
    mi_options=None,
    **options,
):
    """Permutation tests of all pairs of an MI matrix, with shared permutations.

    Parameters
    ----------
    X : array-like or DataFrame of shape (n_samples, p)
    Y : None, array-like of shape (n_samples,) or (n_samples, q), default=None
        None: the pairs of ``fastmi.pairwise_mi(X)``; 1-D (or a pandas
        Series): ``fastmi.mi_with_target(X, Y)``; 2-D: ``fastmi.cross_mi(X, Y)``.
    method : str, default="auto"
        As the matrix function takes it.  "copula" with continuous columns
        takes the fast path (normal scores once, one GEMM per permutation).
    n_permutations : int, default=1000
    random_state : None, int or numpy.random.Generator, default=None
        Source of the permutations (and of the KSG jitter seed, drawn first).
    n_jobs : int or None, default=None
        Threads; the result does not depend on it.
    progress : callable or None, default=None
        ``progress(done_permutations, n_permutations)`` from the calling thread.
    mi_options : dict or None, default=None
        Options of the matrix function (``base``, ``bias_correction``, ``k``,
        ``bins``, ``discrete_x``...).
    %(deprecated_options)s

    Returns
    -------
    PermutationMatrixResult
        ``statistic`` as the matrix function returns it; ``pvalue``,
        ``pvalue_fwer`` and ``null_mean`` of its shape (numpy arrays; the
        diagonal of a pairwise result is NaN: not a test); ``null_max`` of
        shape (n_permutations,).  ``statistic - null_mean`` is the
        shuffle-bias-corrected MI.

    Notes
    -----
    The permutations are those of :func:`fastmi.significance.permutations`
    for the seeds drawn from ``random_state``, so they do not depend on
    ``n_jobs``.  For ``pairwise_mi`` the draw of pair (i, j), i < j, is
    I(X_i; X_j[perm]).  Adjust the per-pair p-values for the false discovery
    rate with :func:`adjust_pvalues` (on the upper triangle for pairwise).

    Examples
    --------
    >>> import numpy as np
    >>> from fastmi.significance import permutation_test_matrix
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((300, 4))
    >>> X[:, 1] += X[:, 0]
    >>> res = permutation_test_matrix(X, method="copula", n_permutations=99, random_state=0)
    >>> float(res.pvalue_fwer[0, 1]), bool(res.pvalue_fwer[2, 3] > 0.05)
    (0.01, True)
    """
    from fastmi.pairwise import cross_mi, mi_with_target, pairwise_mi

    func = "permutation_test_matrix"
    options = v.merged_mi_options(mi_options, options, func)
    n_permutations = v.check_int(n_permutations, "n_permutations", func, low=1)
    v.check_n_jobs(n_jobs, func)
    rng = v.check_random_state(random_state, func)
    progress = check_progress(progress, func)
    options = {**options, "random_state": int(rng.integers(2**63 - 1))}
    if Y is None:
        kind, matrix = "pairwise", (lambda A, B, **o: cross_mi(A, B, **o))
        statistic = pairwise_mi(X, method=method, n_jobs=n_jobs, **options)
        second = X
    elif v.pandas_type(Y, "Series") or np.ndim(Y) == 1:
        kind, matrix = "target", mi_with_target
        statistic = mi_with_target(X, Y, method=method, n_jobs=n_jobs, **options)
        second = Y
    else:
        kind, matrix = "cross", cross_mi
        statistic = cross_mi(X, Y, method=method, n_jobs=n_jobs, **options)
        second = Y
    observed = np.asarray(statistic, dtype=np.float64)
    seeds = draw_seeds(rng, n_permutations)
    n = _n_rows(X)
    fast = _copula_null(X, second, kind, method, options, n_jobs, func)
    if fast is not None:
        reached, null_sum, null_max = fast(seeds, progress)
    else:

        def generic(block_seeds):
            draws = [
                np.asarray(matrix(X, _take(second, p), method=method, n_jobs=n_jobs, **options))
                for p in draw_permutations(block_seeds, n)
            ]
            return _tally(np.array(draws), observed, kind)

        blocks = run_blocks(seeds, n, generic, 1, progress, size=1)
        reached = sum(b[0] for b in blocks)
        null_sum = sum(b[1] for b in blocks)
        null_max = np.concatenate([b[2] for b in blocks])
    pvalue = (1.0 + reached) / (1.0 + n_permutations)
    fwer = 1.0 + np.count_nonzero(null_max[:, None] >= observed.ravel()[None, :], axis=0)
    fwer = (fwer / (1.0 + n_permutations)).reshape(observed.shape)
    null_mean = null_sum / n_permutations
    if kind == "pairwise":
        for a in (pvalue, fwer, null_mean):
            _symmetrize(a)
    return PermutationMatrixResult(statistic, pvalue, fwer, null_max, null_mean)


def _n_rows(X):
    return np.shape(X)[0]


def _take(data, perm):
    """Rows ``perm`` of an array, Series or DataFrame (dtypes kept)."""
    if v.pandas_type(data, "Series", "DataFrame"):
        return data.iloc[perm].reset_index(drop=True)
    return np.asarray(data)[perm]


def _pairs_mask(shape, kind):
    """The entries that are tests: the strict upper triangle for pairwise."""
    if kind == "pairwise":
        return np.triu(np.ones(shape, dtype=bool), 1)
    return np.ones(shape, dtype=bool)


def _tally(draws, observed, kind):
    """(count of draws >= observed, sum of draws, max over pairs of each draw)."""
    mask = _pairs_mask(observed.shape, kind)
    reached = np.count_nonzero(draws >= observed[None], axis=0).astype(np.float64)
    maxima = np.where(mask[None], draws, -np.inf).reshape(draws.shape[0], -1).max(axis=1)
    return reached, draws.sum(axis=0), maxima


def _symmetrize(a):
    """Copy the strict upper triangle to the lower one; NaN on the diagonal."""
    lower = np.tril_indices(a.shape[0], -1)
    a[lower] = a.T[lower]
    np.fill_diagonal(a, np.nan)


# -------------------------------------------------------------- copula path
def _continuous_values(data, func):
    """Float64 (n, d) values when every column is real-valued, else None."""
    if v.pandas_type(data, "DataFrame"):
        if not all(getattr(d, "kind", "O") == "f" for d in data.dtypes):
            return None
        data = data.to_numpy(dtype=np.float64)
    elif v.pandas_type(data, "Series"):
        if getattr(data.dtype, "kind", "O") != "f":
            return None
        data = data.to_numpy(dtype=np.float64)
    arr = np.asarray(data)
    if arr.dtype.kind != "f":
        return None
    return v.continuous_array(arr, "X", func)


def _copula_null(X, second, kind, method, options, n_jobs, func):
    """``run(seeds, progress) -> (reached, null_sum, null_max)`` of the copula
    fast path, or None when it does not apply."""
    from fastmi.gaussian import correlation_mi, cross_products, gaussian_bias, normal_scores

    if method != "copula" or options.get("nan_policy", "raise") != "raise":
        return None
    for key in (
        "discrete_x",
        "discrete_y",
        "discrete_features",
        "discrete_features_y",
        "discrete_target",
    ):  # with the deprecated spellings
        if options.get(key, "auto") not in ("auto", False):
            return None
    xa = _continuous_values(X, func)
    ya = xa if kind == "pairwise" else _continuous_values(second, func)
    if xa is None or ya is None:
        return None
    n = xa.shape[0]
    za = np.ascontiguousarray(normal_scores(xa, standardize=True, n_jobs=n_jobs).T)  # (p, n)
    zb = (
        za
        if kind == "pairwise"
        else np.ascontiguousarray(normal_scores(ya, standardize=True, n_jobs=n_jobs).T)
    )
    scale = v.log_base(options.get("base", "e"), func)
    shift = gaussian_bias(n, 1, 1) if options.get("bias_correction", True) else 0.0
    observed_r2 = cross_products(za, zb) ** 2
    mi_args = (math.log(n), shift, scale)  # correlation_mi's cap: resolution_cap(n)
    null = _CopulaNull(za, zb, observed_r2, kind == "pairwise", mi_args, n_jobs)

    def to_mi(r):
        return (correlation_mi(r, n_samples=n, n_jobs=1) + shift) / scale

    def run(seeds, progress):
        # one thread: null.add takes the blocks in order (it threads inside)
        blocks = run_blocks(seeds, n, null.add, 1, progress, size=null.size)
        largest = np.concatenate(blocks)
        null_max = to_mi(np.sqrt(np.minimum(largest, 1.0)))
        reached, null_sum = null.reached.astype(np.float64), null.null_sum
        if kind == "target":
            return reached[:, 0], null_sum[:, 0], null_max
        return reached, null_sum, null_max

    return run
