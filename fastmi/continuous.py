"""Nearest-neighbour estimators for continuous and mixed data (results in nats).

* ``ksg_mi``: Kraskov, Stoegbauer & Grassberger (2004), algorithms 1 and 2.
* ``ksg_cmi``: conditional MI; Frenzel & Pompe (2007) for continuous Z, a
  class-size-weighted average of per-class KSG for discrete Z.
* ``kl_entropy``: Kozachenko & Leonenko (1987) differential entropy.
* ``mixed_mi``: continuous X vs discrete Y; Ross (2014) or Gao, Kannan, Oh &
  Viswanath (2017).

Preprocessing policy of ``ksg_mi``/``ksg_cmi`` (the drop-ins in
``fastmi.feature_selection`` follow scikit-learn's instead):

1. ``standardize=True`` centres each column and scales it to unit variance:
   the joint max-norm mixes the columns, so their scales must be comparable
   (Kraskov et al., sec. II).  Centring matters too: noise added to a
   column far from 0 is rounded to the column's float spacing and leaves
   exact ties (the cause of scikit-learn issue #30772).  The mean and
   standard deviation are computed after scaling each column by a power of
   two into (-1, 1) (exact), so any finite magnitude works, from subnormal
   values to the float maximum, and the estimate on ``c * x`` equals the
   one on ``x`` for any c > 0 (to rounding; exactly for powers of two).
   With ``standardize=False`` the values are used as given; a column whose
   range exceeds the largest float (its distances overflow) raises a
   ValueError.
2. ``jitter`` (default 1e-10) adds ``jitter * N(0, 1)`` noise, i.e. relative
   to each column's (unit) standard deviation, drawn from ``random_state``
   (None, an int or a ``numpy.random.Generator``) in the order x, y, z.  It
   breaks ties that would otherwise make neighbour counts ambiguous;
   ``jitter=0`` turns it off.  A constant column gets the same noise (it
   then carries no information) and a warning.

Counting is exact: "within eps" is ``distance < eps`` compared in floating
point (no epsilon fudge), with distances computed as ``|a - b|``.

Sign: the estimates scatter around the true value (within KSG's small
bias), so when the true MI is near 0 they can be negative.  They are
returned as they are by default, so that averages over repetitions or
permutations are not pushed upwards; ``clip=True`` returns
``max(estimate, 0)`` instead, as scikit-learn does.

Threads: work is split into fixed chunks of points and counts are integers,
so the result does not depend on ``n_jobs``.

Neighbour searches (all exact, all max-norm unless said otherwise):

* a pair of 1-D variables (the common case: feature vs target, all pairs):
  the joint k-NN comes from bands of consecutive y-ranks (algorithm 1:
  ``band_eps``) or a grid of marginal-rank cells (algorithm 2, which needs
  the neighbours' ids: ``pair_knn``), built from the two sorted copies (no
  tree, see ``fastmi._kernels.ksg``), and
  the marginal counts from the same sorted copies through a bucket index
  that puts each end of a count within a few slots (``count_index``,
  ``count_sorted``).  ``sorted_column`` and ``count_index`` are the
  per-feature structures to share across pairs.
* multivariate X, Y or Z: a KD-tree in flat arrays (``fastmi.kdtree``) for
  the joint k-NN and for the counts in spaces of 2 or more dimensions;
  1-D marginals still use the sorted copies.
"""

import math
import warnings

import numpy as np
from scipy.special import digamma, gammaln

from fastmi import _threads
from fastmi import _validation as v
from fastmi import kdtree as kdt
from fastmi._encoding import encode
from fastmi._kernels import ksg as kern

#: Tie fraction above which the k-NN estimators warn.
TIE_WARNING_FRACTION = 0.01
_LEAFSIZE = 8
_CHUNK = 8192


# ------------------------------------------------------------- shared steps
def _chunked(kernel_call, n, n_jobs):
    """Run ``kernel_call(first, last)`` over fixed chunks of ``range(n)``."""
    threads = _threads.resolve_n_jobs(n_jobs)
    chunks = [(0, n)] if threads <= 1 else _threads.chunk_bounds(n, -(-n // _CHUNK))
    _threads.parallel_map(lambda c: kernel_call(c[0], c[1]), chunks, threads)


def sorted_column(values):
    """(order, sorted values) of a 1-D column: the marginal structure that the
    1-D counts take (share it across every pair the column is in)."""
    order = np.argsort(values)
    return order, np.ascontiguousarray(values[order])


def count_sorted(order, sorted_vals, radii, strict, n_jobs=None):
    """Neighbours of every point (itself excluded) within its radius, in a 1-D
    column given as ``sorted_column``; ``radii`` and the result in sample order."""
    return _to_samples(order, count_ranked(sorted_vals, radii[order], strict, n_jobs))


def count_index(sorted_vals):
    """The bucket index that ``count_ranked`` searches (share it across
    every count in the same column)."""
    return kern.new_count_index(sorted_vals)


def count_ranked(sorted_vals, sorted_radii, strict, n_jobs=None, index=None):
    """``count_indexed`` of every rank of a sorted column: neighbours within
    each radius, the point itself included; radii and counts in sorted order
    (``index``: the column's ``count_index``, made here if None)."""
    n = sorted_vals.shape[0]
    rad = np.ascontiguousarray(sorted_radii)
    out = np.empty(n, dtype=np.int64)
    index = count_index(sorted_vals) if index is None else index
    _chunked(lambda a, b: kern.count_indexed(*index, rad, strict, out, a, b), n, n_jobs)
    return out


def _to_samples(order, ranked_counts):
    """Counts in sorted order (self included) -> sample order, self excluded."""
    counts = np.empty_like(ranked_counts)
    counts[order] = ranked_counts
    return np.maximum(counts - 1, 0)


def neighbour_counts(data, radii, strict, n_jobs=None):
    """Max-norm neighbours of every row within its radius (itself excluded).

    One column: binary search in a sorted copy (O(log count) per point, no
    tree to build).  Several columns: a KD-tree radius count.
    """
    if data.shape[1] == 1:
        order, vals = sorted_column(data[:, 0])
        return count_sorted(order, vals, radii, strict, n_jobs)
    tree = kdt.build(data, _LEAFSIZE)
    tree_counts = kdt.self_count(
        tree, np.ascontiguousarray(radii[tree.perm]), kdt.MAX_NORM, strict, n_jobs
    )
    counts = np.empty_like(tree_counts)
    counts[tree.perm] = tree_counts
    return np.maximum(counts - 1, 0)


def joint_knn(data, k, n_jobs=None):
    """(tree, eps, pos): max-norm distance from every row to its k-th nearest
    other row (sample order), and the tree positions of the k + 1 nearest rows
    of each tree point (tree order)."""
    tree = kdt.build(data, _LEAFSIZE)
    eps_tree, pos = kdt.self_knn(tree, k, kdt.MAX_NORM, n_jobs)
    eps = np.empty_like(eps_tree)
    eps[tree.perm] = eps_tree
    return tree, eps, pos


def digamma_table(n):
    """``psi[m] = digamma(m)`` for m = 0..n + 1 (psi[0] = -inf): look-ups give
    the same bits as calling scipy's digamma on the counts."""
    psi = np.empty(n + 2)
    psi[0] = -np.inf
    psi[1:] = digamma(np.arange(1, n + 2, dtype=np.float64))
    return psi


def ksg_from_counts(n, k, nx, ny, algorithm, psi=None):
    """KSG estimate (nats) from the marginal counts (self excluded); ``psi``
    is an optional ``digamma_table(n)`` shared by many calls."""
    if algorithm == 1:
        if psi is None:
            return digamma(n) + digamma(k) - np.mean(digamma(nx + 1.0)) - np.mean(digamma(ny + 1.0))
        return digamma(n) + digamma(k) - np.mean(psi[nx + 1]) - np.mean(psi[ny + 1])
    if psi is None:
        return digamma(k) - 1.0 / k + digamma(n) - np.mean(digamma(nx)) - np.mean(digamma(ny))
    return digamma(k) - 1.0 / k + digamma(n) - np.mean(psi[nx]) - np.mean(psi[ny])


#: Average points per cell of the rank grid (tuned on Gaussian and curved pairs).
_GRID_FILL = 8


def column_rank(order):
    """Inverse permutation of a ``sorted_column`` order: rank of each sample."""
    rank = np.empty_like(order)
    rank[order] = np.arange(order.shape[0], dtype=order.dtype)
    return rank


def band_eps(x_sorted, y_sorted, k, n_jobs=None, y_rank=None):
    """Max-norm distance from each sample to its k-th nearest other sample,
    as ``(by x-rank, by y-rank)``, from the y-rank bands of
    ``fastmi._kernels.ksg`` (``y_rank``: optional ``column_rank`` of y)."""
    x_order, xs = x_sorted
    y_order, ys = y_sorted
    if y_rank is None:
        y_rank = column_rank(y_order)
    n = xs.shape[0]
    nb = kern.band_count(n)
    size = kern.band_size(n, nb)
    start = np.empty(nb + 3, dtype=np.int64)
    bx, by, byr = np.empty(size), np.empty(size), np.empty(size, dtype=np.int64)
    row_lo, row_hi = np.empty(nb + 2), np.empty(nb + 2)
    slot = np.empty((2, n), dtype=np.int64)
    kern.band_build(xs, x_order, ys, y_rank, nb, start, bx, by, byr, row_lo, row_hi, slot)
    eps_x, eps_y = np.empty(n), np.empty(n)
    bands = (nb, start, bx, by, byr, row_lo, row_hi, slot, k, eps_x, eps_y)
    _chunked(lambda a, b: kern.band_knn(*bands, a, b), n, n_jobs)
    return eps_x, eps_y


def pair_knn(x_sorted, y_sorted, k, n_jobs=None, want_ids=False):
    """Joint k-NN of two 1-D variables given as ``sorted_column`` pairs.

    Returns ``(eps, ids)``: the max-norm distance from each sample to its
    k-th nearest other sample and, if ``want_ids``, the ids of its k + 1
    nearest samples (itself included; else ``ids`` has 0 columns).  Distances
    only: the y-rank bands (``band_eps``); with ids: the rank grid of
    ``fastmi._kernels.ksg`` (no tree to build: see there).
    """
    x_order, xs = x_sorted
    y_order, ys = y_sorted
    n = xs.shape[0]
    if not want_ids:
        eps = np.empty(n)
        eps[x_order] = band_eps(x_sorted, y_sorted, k, n_jobs)[0]
        return eps, np.empty((n, 0), dtype=np.int64)
    g = max(1, min(n, int(math.sqrt(n / _GRID_FILL))))
    cell_start = np.empty(g * g + 1, dtype=np.int64)
    px, py = np.empty(n), np.empty(n)
    pid = np.empty(n, dtype=np.int64)
    pcell = np.empty(n, dtype=np.int64)
    col_lo, col_hi, row_lo, row_hi = (np.empty(g) for _ in range(4))
    kern.grid_build(
        xs, x_order, ys, y_order, g, cell_start, px, py, pid, pcell, col_lo, col_hi, row_lo, row_hi
    )
    eps = np.empty(n)
    ids = np.empty((n, k + 1), dtype=np.int64)
    grid = (g, cell_start, px, py, pid, pcell, col_lo, col_hi, row_lo, row_hi, k + 1, eps, ids)
    _chunked(lambda a, b: kern.grid_knn(*grid, a, b), n, n_jobs)
    return eps, ids


def ksg_pair(x_sorted, y_sorted, k, algorithm, n_jobs=None, psi=None, y_rank=None, y_index=None):
    """KSG MI (nats, unclipped) of two 1-D variables given as ``sorted_column``
    pairs (share them, ``psi = digamma_table(n)``, ``y_rank =
    column_rank(y order)`` and ``y_index = count_index(y sorted)`` across
    every pair)."""
    n = x_sorted[1].shape[0]
    if algorithm == 1:
        eps_x, eps_y = band_eps(x_sorted, y_sorted, k, n_jobs, y_rank)
        # The means over samples do not need the counts back in sample order.
        nx = count_ranked(x_sorted[1], eps_x, True, n_jobs) - 1
        ny = count_ranked(y_sorted[1], eps_y, True, n_jobs, y_index) - 1
        return ksg_from_counts(n, k, np.maximum(nx, 0), np.maximum(ny, 0), algorithm, psi)
    _, ids = pair_knn(x_sorted, y_sorted, k, n_jobs, want_ids=True)
    xy = np.empty((n, 2))
    xy[x_sorted[0], 0] = x_sorted[1]
    xy[y_sorted[0], 1] = y_sorted[1]
    ex, ey = np.empty(n), np.empty(n)
    kern.marginal_radii(xy, ids, 1, ex, ey)
    nx = count_sorted(*x_sorted, ex, False, n_jobs)
    ny = count_sorted(*y_sorted, ey, False, n_jobs)
    return ksg_from_counts(n, k, nx, ny, algorithm, psi)


def ksg_raw(x, y, k, algorithm, n_jobs=None):
    """KSG MI (nats, unclipped) of prepared (n, dx) and (n, dy) arrays."""
    n, dx = x.shape
    if dx == 1 and y.shape[1] == 1:
        return ksg_pair(sorted_column(x[:, 0]), sorted_column(y[:, 0]), k, algorithm, n_jobs)
    tree, eps, pos = joint_knn(np.hstack([x, y]), k, n_jobs)
    if algorithm == 1:
        nx = neighbour_counts(x, eps, True, n_jobs)
        ny = neighbour_counts(y, eps, True, n_jobs)
    else:
        ex_tree, ey_tree = np.empty(n), np.empty(n)
        kern.marginal_radii(tree.points, pos, dx, ex_tree, ey_tree)
        ex, ey = np.empty(n), np.empty(n)
        ex[tree.perm], ey[tree.perm] = ex_tree, ey_tree
        nx = neighbour_counts(x, ex, False, n_jobs)
        ny = neighbour_counts(y, ey, False, n_jobs)
    return ksg_from_counts(n, k, nx, ny, algorithm)


def tie_fraction(column, is_sorted=False):
    """Fraction of samples equal to at least one other sample."""
    s = column if is_sorted else np.sort(column)
    same = s[1:] == s[:-1]
    tied = np.zeros(s.shape[0], dtype=bool)
    tied[1:] |= same
    tied[:-1] |= same
    return float(tied.mean())


def unit_exponents(values):
    """Per column of (n, d) ``values``, the power-of-two exponent e with
    max |column| in [2**(e - 1), 2**e) (0 for an all-zero column): scaling
    by ``2**-e`` is exact and brings every value into (-1, 1), where squares
    and sums neither overflow nor underflow."""
    return np.frexp(np.abs(values).max(axis=0))[1]


def check_span(values, name, func, remedy="pass standardize=True or rescale it"):
    """Max-norm distances within each column of ``values`` must be finite."""
    with np.errstate(over="ignore", invalid="ignore"):  # the overflow is the answer
        spans = np.ptp(values, axis=0)
    if not np.isfinite(spans).all():
        raise v.span_overflow_error(name, func, remedy)


def column_ties(column):
    """Tied fraction of one column for the tie warning (0 for a constant
    column: that one gets the constant-column warning instead)."""
    return 0.0 if column.min() == column.max() else tie_fraction(column)


def warn_ties(fractions, name, func, advice, columns=None):
    """The tie warning of the k-NN estimators, shared by every path (one
    pair, all pairs, vs-target): warn once when any of the ``fractions``
    (``column_ties`` of each column) exceeds TIE_WARNING_FRACTION; with
    ``columns`` (labels of the columns of a table), the tied ones are named."""
    tied = [j for j, f in enumerate(fractions) if f > TIE_WARNING_FRACTION]
    if not tied:
        return
    worst = max(fractions)
    if columns is None:
        v.warn(v.tie_warning(name, func, worst, advice))
    else:
        labels = [columns[j] for j in tied]
        v.warn(v.ties_in_columns_warning(name, labels, worst, func, advice))


def _prepare(arr, name, func, standardize, jitter, rng, tie_advice=None):
    """Apply the documented policy (centre and scale, then jitter); warn about
    constant columns, and about ties unless ``tie_advice`` is None (the
    estimator handles them).

    Overflow-safe at any magnitude: each column is first scaled by a power of
    two (exact) into (-1, 1), so its mean and standard deviation are computed
    without overflow (values near the float maximum) or underflow (subnormal
    values); the standardized values are then at most sqrt(n) in magnitude.
    Without ``standardize`` the values are kept, and a column whose range
    exceeds the largest float raises a ValueError (its distances overflow).
    """
    constant = arr.min(axis=0) == arr.max(axis=0)
    if constant.any():
        columns = np.flatnonzero(constant).tolist()
        v.warn(v.constant_warning(name, columns, func), v.ConstantColumnWarning)
    if tie_advice is not None:
        fractions = [column_ties(arr[:, j]) for j in range(arr.shape[1])]
        warn_ties(fractions, name, func, tie_advice)
    exponents = unit_exponents(arr)
    unit = np.ldexp(arr, -exponents)
    std = np.where(constant, 1.0, unit.std(axis=0))
    if standardize:
        out = unit - unit.mean(axis=0)
        out /= std
        scale = np.ones_like(std)
    else:
        out = arr.copy()
        # The column's own std (at most its max |value|: finite); 1 if constant.
        scale = np.where(constant, 1.0, np.ldexp(std, exponents))
    if jitter:
        with np.errstate(over="ignore"):  # refused below (not standardized)
            out += jitter * scale * rng.standard_normal(out.shape)
    if not standardize:
        check_span(out, name, func)
    return out


def prepare_pair(x, y, func, *, standardize=True, jitter=1e-10, random_state=None):
    """The preprocessing of ``ksg_mi`` on validated (n, dx) and (n, dy)
    float64 arrays (centre and scale, then jitter drawn from ``random_state``
    for x then y), without its warnings: for callers that already ran
    ``ksg_mi`` on the same data (e.g. ``fastmi.significance``) and reuse the
    prepared columns.  ``ksg_mi(x, y, random_state=s)`` equals ``ksg_raw`` of
    ``prepare_pair(x, y, ..., random_state=s)`` (nats)."""
    rng = v.check_random_state(random_state, func)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return (
            _prepare(x, "x", func, standardize, jitter, rng),
            _prepare(y, "y", func, standardize, jitter, rng),
        )

def _in_base(value, base, func, clip):
    if clip:
        value = max(value, 0.0)
    return float(value) / v.log_base(base, func)


def _common_checks(func, k, base, jitter, standardize, clip, n_jobs, random_state):
    k = v.check_int(k, "k", func, low=1)
    v.log_base(base, func)
    jitter = v.check_real(jitter, "jitter", func, low=0)
    v.check_bool(standardize, "standardize", func)
    v.check_bool(clip, "clip", func)
    v.check_n_jobs(n_jobs, func)
    rng = v.check_random_state(random_state, func)
    return k, jitter, rng


# ---------------------------------------------------------------- public
def ksg_mi(
    x,
    y,
    *,
    k=3,
    algorithm=1,
    base="e",
    standardize=True,
    jitter=1e-10,
    random_state=None,
    clip=False,
    n_jobs=None,
    nan_policy="raise",
):
    """Mutual information I(X; Y) of continuous variables by the KSG estimator.

    Kraskov, Stoegbauer & Grassberger, "Estimating mutual information",
    Phys. Rev. E 69, 066138 (2004).  ``x`` and ``y`` are (n,) or (n, d)
    arrays (multivariate X and Y are taken jointly).  With ``eps_i`` the
    max-norm distance to the k-th neighbour in the joint space:

    * ``algorithm=1``: ``psi(k) + psi(n) - <psi(n_x + 1) + psi(n_y + 1)>``,
      with n_x the points strictly within ``eps_i`` in X;
    * ``algorithm=2``: ``psi(k) - 1/k + psi(n) - <psi(n_x) + psi(n_y)>``,
      with n_x the points within the X-extent of the k neighbours (inclusive).
      When several points tie at the k-th distance, the k neighbours are
      those of lowest sample index (as ``fastmi.reference.ksg_mi``), so the
      estimate does not depend on the order of the arguments.

    Preprocessing (``standardize``, ``jitter``, ``random_state``) and the
    sign convention (``clip``) are described in the module docstring.
    Result in nats unless ``base`` is given.  ``nan_policy="omit"`` drops the
    rows where x or y has a NaN ("raise", the default, rejects them).

    >>> import numpy as np
    >>> from fastmi import ksg_mi
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=2000)
    >>> y = x + rng.normal(size=2000)
    >>> truth = 0.5 * np.log(2)  # -log(1 - rho^2) / 2 with rho^2 = 1/2
    >>> bool(abs(ksg_mi(x, y, random_state=0) - truth) < 0.05)
    True
    """
    func = "ksg_mi"
    x, y = v.drop_missing(func, nan_policy, x=x, y=y)
    k, jitter, rng = _common_checks(func, k, base, jitter, standardize, clip, n_jobs, random_state)
    algorithm = v.check_options(algorithm, "algorithm", func, (1, 2))
    x = v.continuous_array(x, "x", func)
    y = v.continuous_array(y, "y", func)
    v.check_same_length({"x": x.shape[0], "y": y.shape[0]}, func)
    v.check_enough_samples(x.shape[0], k, func)
    x = _prepare(x, "x", func, standardize, jitter, rng, v.KSG_TIE_ADVICE)
    y = _prepare(y, "y", func, standardize, jitter, rng, v.KSG_TIE_ADVICE)
    return _in_base(ksg_raw(x, y, k, algorithm, n_jobs), base, func, clip)


def _is_discrete(z, z_discrete, func):
    if isinstance(z_discrete, str) and z_discrete == "auto":
        from fastmi.front import is_continuous

        return not is_continuous(z)
    return v.check_bool(z_discrete, "z_discrete", func)


def ksg_cmi(
    x,
    y,
    z,
    *,
    k=3,
    z_discrete="auto",
    base="e",
    standardize=True,
    jitter=1e-10,
    random_state=None,
    clip=False,
    n_jobs=None,
    nan_policy="raise",
):
    """Conditional mutual information I(X; Y | Z) by nearest neighbours.

    * Continuous Z: Frenzel & Pompe, "Partial mutual information for coupling
      analysis of multivariate time series", Phys. Rev. Lett. 99, 204101
      (2007): ``psi(k) - <psi(n_xz + 1) + psi(n_yz + 1) - psi(n_z + 1)>``, with
      eps the max-norm distance to the k-th neighbour in (X, Y, Z) and strict
      counts in the (X, Z), (Y, Z) and Z spaces.
    * Discrete Z (``z_discrete=True``, or "auto" and a non-float dtype): the
      definition ``sum_z p(z) I(X; Y | Z = z)``, each term by KSG algorithm 1
      on that class's samples, weighted by class size.  Every class needs at
      least k + 1 samples.

    Preprocessing and ``clip`` as in ``ksg_mi`` (Z is jittered only when
    continuous).  Result in nats unless ``base`` is given.
    ``nan_policy="omit"`` drops the rows where x, y or z is missing.

    >>> import numpy as np
    >>> from fastmi import ksg_cmi
    >>> rng = np.random.default_rng(0)
    >>> z = rng.normal(size=3000)
    >>> x, y = z + rng.normal(size=3000), z + rng.normal(size=3000)
    >>> bool(abs(ksg_cmi(x, y, z, random_state=0)) < 0.05)  # independent given Z
    True
    """
    func = "ksg_cmi"
    x, y, z = v.drop_missing(func, nan_policy, x=x, y=y, z=z)
    k, jitter, rng = _common_checks(func, k, base, jitter, standardize, clip, n_jobs, random_state)
    discrete = _is_discrete(z, z_discrete, func)
    x = v.continuous_array(x, "x", func)
    y = v.continuous_array(y, "y", func)
    if discrete:
        labels = encode(z, "z", func)
        codes = labels.values - labels.offset
        n_z = labels.n_samples
    else:
        z = v.continuous_array(z, "z", func)
        n_z = z.shape[0]
    v.check_same_length({"x": x.shape[0], "y": y.shape[0], "z": n_z}, func)
    n = x.shape[0]
    v.check_enough_samples(n, k, func)
    if discrete:
        sizes = np.bincount(codes)
        smallest = int(sizes[sizes > 0].min())
        v.check_enough_samples(smallest, k, func, what="samples in every class of z")
    x = _prepare(x, "x", func, standardize, jitter, rng, v.KSG_TIE_ADVICE)
    y = _prepare(y, "y", func, standardize, jitter, rng, v.KSG_TIE_ADVICE)
    if discrete:
        total = 0.0
        for c in np.flatnonzero(sizes):
            mask = codes == c
            total += sizes[c] / n * ksg_raw(x[mask], y[mask], k, 1, n_jobs)
        return _in_base(total, base, func, clip)
    z = _prepare(z, "z", func, standardize, jitter, rng, v.KSG_TIE_ADVICE)
    _, eps, _ = joint_knn(np.hstack([x, y, z]), k, n_jobs)
    n_xz = neighbour_counts(np.hstack([x, z]), eps, True, n_jobs)
    n_yz = neighbour_counts(np.hstack([y, z]), eps, True, n_jobs)
    n_z = neighbour_counts(z, eps, True, n_jobs)
    value = (
        digamma(k)
        - np.mean(digamma(n_xz + 1.0))
        - np.mean(digamma(n_yz + 1.0))
        + np.mean(digamma(n_z + 1.0))
    )
    return _in_base(value, base, func, clip)


def _kth_gaps(sorted_vals, k, n_jobs):
    """Distance from every rank of a sorted column to its k-th nearest other
    value (by rank)."""
    out = np.empty(sorted_vals.shape[0])
    _chunked(lambda a, b: kern.kth_gap(sorted_vals, k, out, a, b), out.shape[0], n_jobs)
    return out


def kth_neighbour_distance(data, k, p, n_jobs=None):
    """Distance from every row to its k-th nearest other row (sample order).

    One column: a two-pointer walk in a sorted copy; several: a KD-tree.
    """
    n = data.shape[0]
    if data.shape[1] == 1:
        order, vals = sorted_column(data[:, 0])
        eps = np.empty(n)
        eps[order] = _kth_gaps(vals, k, n_jobs)
        return eps
    tree = kdt.build(data, _LEAFSIZE)
    eps_tree, _ = kdt.self_knn(tree, k, p, n_jobs)
    if p == kdt.EUCLIDEAN:
        eps_tree = np.sqrt(eps_tree)
    eps = np.empty(n)
    eps[tree.perm] = eps_tree
    return eps


def kl_entropy(x, *, k=3, p=math.inf, base="e", n_jobs=None, nan_policy="raise"):
    """Differential entropy h(X) by the Kozachenko-Leonenko estimator.

    Kozachenko & Leonenko, "Sample estimate of the entropy of a random
    vector", Probl. Inf. Transm. 23, 95-101 (1987), in the form of Kraskov et
    al. (2004), eq. 20: ``psi(n) - psi(k) + log(V_d) + d * <log eps_i>``, with
    eps_i the distance to the k-th neighbour and V_d the volume of the unit
    ball of the norm: ``2**d`` for the max-norm (``p=numpy.inf``, default),
    ``pi**(d/2) / Gamma(d/2 + 1)`` for Euclidean (``p=2``).  Both estimate the
    same quantity.  ``x`` is (n,) or (n, d); no rescaling or jitter (entropy
    is not scale invariant).  Duplicate points make some eps_i = 0: the
    result is then -inf (the distribution has an atom), with a warning.
    Distances are computed on ``x`` scaled by one power of two (exact; its
    log is added back), so no magnitude overflows or underflows.
    ``nan_policy="omit"`` drops the rows with a NaN.

    >>> import numpy as np
    >>> from fastmi import kl_entropy
    >>> x = np.random.default_rng(0).normal(size=5000)
    >>> bool(abs(kl_entropy(x) - 0.5 * np.log(2 * np.pi * np.e)) < 0.05)
    True
    """
    func = "kl_entropy"
    (x,) = v.drop_missing(func, nan_policy, x=x)
    k = v.check_int(k, "k", func, low=1)
    p_flag = v.check_p(p, func)
    v.log_base(base, func)
    v.check_n_jobs(n_jobs, func)
    x = v.continuous_array(x, "x", func)
    n, d = x.shape
    v.check_enough_samples(n, k, func)
    # One power of two for all columns (the norm mixes them): exact, and it
    # keeps distances and their squares clear of overflow and underflow;
    # its log is added back below.
    exponent = int(unit_exponents(x.reshape(-1, 1))[0])
    eps = kth_neighbour_distance(np.ldexp(x, -exponent), k, p_flag, n_jobs)
    if (eps == 0).any():
        fraction = max(tie_fraction(x[:, j]) for j in range(d))
        v.warn(v.tie_warning("x", func, fraction, v.KL_TIE_ADVICE))
        return -math.inf
    if p_flag == kdt.MAX_NORM:
        log_volume = d * math.log(2.0)
    else:
        log_volume = 0.5 * d * math.log(math.pi) - gammaln(0.5 * d + 1.0)
    log_eps = np.mean(np.log(eps)) + exponent * math.log(2.0)
    value = digamma(n) - digamma(k) + log_volume + d * log_eps
    return _in_base(value, base, func, False)


# ------------------------------------------------------------------ mixed
def class_neighbour_counts(x, codes, sizes, k, n_jobs=None):
    """The neighbour structure of the mixed estimators.

    For every sample i of class c (classes of one sample removed by the
    caller), with k_i = min(k, n_c - 1) and rho_i the distance to its k_i-th
    nearest neighbour within its class (max-norm): returns ``(rho, k_i,
    k_in, m_in)`` where k_in / m_in count the samples of its class / of all
    classes within rho_i, inclusive, itself excluded.  Without ties k_in =
    k_i and m_in is Ross's m_i; with ties both grow together, so the local
    class proportion k_in / m_in stays consistent.
    """
    n, d = x.shape
    k_i = np.minimum(k, sizes[codes] - 1)
    if d == 1:
        rho, k_in, m_in = _class_counts_1d(x[:, 0], codes, sizes, k, n_jobs)
        return rho, k_i, k_in, m_in
    rho = np.empty(n)
    k_in = np.empty(n, dtype=np.int64)
    by_class = np.argsort(codes, kind="stable")
    ends = np.cumsum(sizes)
    for c in np.flatnonzero(sizes):
        members = by_class[ends[c] - sizes[c] : ends[c]]
        part = x[members]
        kc = int(min(k, members.shape[0] - 1))
        rho_c = kth_neighbour_distance(part, kc, kdt.MAX_NORM, n_jobs)
        rho[members] = rho_c
        k_in[members] = neighbour_counts(part, rho_c, False, n_jobs)
    m_in = neighbour_counts(x, rho, False, n_jobs)
    return rho, k_i, k_in, m_in


def _class_counts_1d(column, codes, sizes, k, n_jobs):
    """``class_neighbour_counts`` of one column from a single sort: a stable
    sort of the classes in value order leaves every class's values sorted.
    Returns ``(rho, k_in, m_in)`` in sample order."""
    n = column.shape[0]
    order, vals = sorted_column(column)
    by_class = np.argsort(codes[order], kind="stable")  # ranks, class by class
    ends = np.cumsum(sizes)
    rho_ranked = np.empty(n)
    k_in_ranked = np.empty(n, dtype=np.int64)
    for c in np.flatnonzero(sizes):
        ranks = by_class[ends[c] - sizes[c] : ends[c]]
        part = vals[ranks]  # sorted
        gaps = _kth_gaps(part, int(min(k, part.shape[0] - 1)), n_jobs)
        rho_ranked[ranks] = gaps
        k_in_ranked[ranks] = count_ranked(part, gaps, False, n_jobs)
    m_in_ranked = count_ranked(vals, rho_ranked, False, n_jobs)
    rho = np.empty(n)
    rho[order] = rho_ranked
    return rho, _to_samples(order, k_in_ranked), _to_samples(order, m_in_ranked)


def mixed_raw(x, codes, k, method, n_jobs=None):
    """Mixed MI (nats, unclipped) of prepared (n, d) ``x`` and int codes."""
    sizes = np.bincount(codes)
    keep = sizes[codes] > 1
    if not keep.all():
        x, codes = x[keep], codes[keep]
        sizes = np.bincount(codes, minlength=sizes.shape[0])
    n = x.shape[0]
    if n == 0:
        return 0.0
    rho, k_i, k_in, m_in = class_neighbour_counts(x, codes, sizes, k, n_jobs)
    psi = digamma_table(n)  # counts are integers in 0..n + 1: look-ups, same bits
    if method == "ross":
        return psi[n] + np.mean(psi[k_in]) - np.mean(psi[sizes[codes]]) - np.mean(psi[m_in])
    # Gao et al.: strict counts (the point itself included) when rho > 0, the
    # samples tied with the point (itself included) when rho = 0.
    tied = rho == 0
    inside = neighbour_counts(x, rho, True, n_jobs) + 1
    k_tilde = np.where(tied, k_in + 1, k_i)
    n_x = np.where(tied, m_in + 1, inside)
    return np.mean(psi[k_tilde] + math.log(n) - psi[n_x] - psi[sizes[codes]])


def mixed_mi(
    x_continuous,
    y_discrete,
    *,
    k=3,
    method="ross",
    base="e",
    standardize=True,
    jitter=0.0,
    random_state=None,
    clip=False,
    n_jobs=None,
    nan_policy="raise",
):
    """Mutual information between a continuous X and a discrete Y (nats).

    * ``method="ross"``: Ross, "Mutual information between discrete and
      continuous data sets", PLoS ONE 9(2), e87357 (2014), as in
      scikit-learn's ``mutual_info_classif``:
      ``psi(n) + <psi(k)> - <psi(n_c)> - <psi(m_i)>``, with m_i the samples
      of any class within the distance to the k-th same-class neighbour.
    * ``method="gao"``: Gao, Kannan, Oh & Viswanath, "Estimating mutual
      information for discrete-continuous mixtures", NeurIPS 2017, with Y
      under the 0/inf metric (different classes are never neighbours):
      ``< psi(k~_i) + log n - psi(n_x,i) - psi(n_c) >``.  When rho_i (the
      k-th same-class neighbour distance) is > 0: k~_i = k and n_x,i counts
      the samples strictly within rho_i; when rho_i = 0 (an atom): k~_i and
      n_x,i count the samples tied with i in (X, Y) and in X.  Counts include
      sample i itself, so that on atoms the terms are the plug-in
      log(n n_xy / (n_x n_y)) up to digamma-vs-log.  Built for X with atoms
      (discrete-continuous mixtures).

    Ties: "ross" counts within the radius inclusively, so tied samples enter
    the same-class and the all-class counts together (on tie-free data this
    is exactly Ross's estimate) and X may have atoms.  Classes of one sample
    are dropped (no neighbour), and k is capped at n_c - 1 per class, as in
    scikit-learn; if every class has one sample the estimate is 0.
    Multivariate X uses the max-norm.  ``standardize``, ``jitter`` (default 0
    here: the counts handle ties) and ``clip`` as in ``ksg_mi``.
    ``nan_policy="omit"`` drops the rows where x is NaN or y's label is missing.

    >>> import numpy as np
    >>> from fastmi import mixed_mi
    >>> rng = np.random.default_rng(0)
    >>> y = rng.integers(0, 2, size=4000)
    >>> x = rng.normal(size=4000) + 10 * y  # classes separate: MI = log 2 = H(Y)
    >>> bool(abs(mixed_mi(x, y) - np.log(2)) < 0.05)
    True
    """
    func = "mixed_mi"
    x_continuous, y_discrete = v.drop_missing(
        func, nan_policy, x_continuous=x_continuous, y_discrete=y_discrete
    )
    k, jitter, rng = _common_checks(func, k, base, jitter, standardize, clip, n_jobs, random_state)
    method = v.check_options(method, "method", func, ("ross", "gao"))
    x = v.continuous_array(x_continuous, "x_continuous", func)
    labels = encode(y_discrete, "y_discrete", func)
    v.check_same_length({"x_continuous": x.shape[0], "y_discrete": labels.n_samples}, func)
    v.check_enough_samples(x.shape[0], k, func)
    if standardize or jitter:
        x = _prepare(x, "x_continuous", func, standardize, jitter, rng)
    else:
        check_span(x, "x_continuous", func)
    codes = labels.values - labels.offset
    return _in_base(mixed_raw(x, codes, k, method, n_jobs), base, func, clip)
