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
   ValueError.  ``standardize="robust"`` centres on the median and scales by
   the interquartile range / 1.349 (the median absolute deviation / 0.6745,
   then the std, when that is 0), which equals the std for Gaussian data:
   use it when a few extreme outliers dominate the standard deviation (one
   1e200 among normals squeezes the others together below the float
   resolution); unit-variance scaling then warns (``fastmi.ScaleWarning``).
   The default stays the std, as in scikit-learn and ennemi.
2. ``jitter`` (default 1e-10) adds ``jitter * N(0, 1)`` noise, i.e. relative
   to each column's (unit) standard deviation (robust spread), drawn from ``random_state``
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

Neighbour searches (all exact, max-norm unless said otherwise) are in
``fastmi._neighbours``: sorted copies and rank bands/grids for a pair of 1-D
variables, a KD-tree for multivariate ones.
"""

import math
import warnings

import numpy as np
from scipy.special import gammaln

from fastmi import _neighbours as nb
from fastmi import _validation as v
from fastmi import kdtree as kdt
from fastmi._encoding import encode
from fastmi._kernels import batch as kb
from fastmi._kernels import ksg as kern
from fastmi._kernels import scaling

__all__ = ["ksg_mi", "ksg_cmi", "kl_entropy", "mixed_mi"]

#: The jitter draws of ``jitter=0`` (never read).
NO_NOISE = np.empty((1, 0))
_EPS = float(np.finfo(np.float64).eps)

#: Tie fraction above which the k-NN estimators warn.
TIE_WARNING_FRACTION = 0.01


# ------------------------------------------------------------- shared steps
def ksg_from_counts(n, k, nx, ny, algorithm, psi=None):
    """KSG estimate (nats) from the marginal counts (self excluded, sample or
    sorted order: only their means enter); ``psi`` is ``digamma_table(n)``
    (the shared table if None)."""
    psi = nb.digamma_table(n) if psi is None else psi
    shift = 1 if algorithm == 1 else 0
    return kern.ksg_estimate(
        psi, n, k, algorithm, np.mean(psi[nx + shift]), np.mean(psi[ny + shift])
    )


def ksg_pair(x_sorted, y_sorted, k, algorithm, n_jobs=None, psi=None, y_rank=None, y_index=None):
    """KSG MI (nats, unclipped) of two 1-D variables given as ``sorted_column``
    pairs (share them, ``psi = digamma_table(n)``, ``y_rank =
    column_rank(y order)`` and ``y_index = count_index(y sorted)`` across
    every pair)."""
    n = x_sorted[1].shape[0]
    if algorithm == 1:
        eps_x, eps_y = nb.band_eps(x_sorted, y_sorted, k, n_jobs, y_rank)
        # The means over samples do not need the counts back in sample order.
        nx = nb.count_ranked(x_sorted[1], eps_x, True, n_jobs) - 1
        ny = nb.count_ranked(y_sorted[1], eps_y, True, n_jobs, y_index) - 1
        return ksg_from_counts(n, k, np.maximum(nx, 0), np.maximum(ny, 0), algorithm, psi)
    _, ids = nb.pair_knn(x_sorted, y_sorted, k, n_jobs, want_ids=True)
    xy = np.empty((n, 2))
    xy[x_sorted[0], 0] = x_sorted[1]
    xy[y_sorted[0], 1] = y_sorted[1]
    ex, ey = np.empty(n), np.empty(n)
    kern.marginal_radii(xy, ids, 1, ex, ey)
    nx = nb.count_sorted(*x_sorted, ex, False, n_jobs)
    ny = nb.count_sorted(*y_sorted, ey, False, n_jobs)
    return ksg_from_counts(n, k, nx, ny, algorithm, psi)


#: Largest n whose multivariate KSG (algorithm 1) and CMI neighbours are
#: found by brute force, O(n^2) on one thread: up to about 500 samples that
#: beats building and querying KD-trees on two (measured at d = 2 and 3).
BRUTE_MAX = 256


def ksg_raw(x, y, k, algorithm, n_jobs=None):
    """KSG MI (nats, unclipped) of prepared (n, dx) and (n, dy) arrays."""
    n, dx = x.shape
    if dx == 1 and y.shape[1] == 1:
        if algorithm == 1 and n <= nb.CHUNK:  # one thread anyway: one kernel call
            return _ksg1_small(np.concatenate((x.T, y.T)), k)
        return ksg_pair(nb.sorted_column(x[:, 0]), nb.sorted_column(y[:, 0]), k, algorithm, n_jobs)
    if algorithm == 1 and n <= BRUTE_MAX:
        return _brute_estimate((x, y), k)
    tree, eps, pos = nb.joint_knn(np.hstack([x, y]), k, n_jobs)
    if algorithm == 1:
        nx = nb.neighbour_counts(x, eps, True, n_jobs)
        ny = nb.neighbour_counts(y, eps, True, n_jobs)
    else:
        ex_tree, ey_tree = np.empty(n), np.empty(n)
        kern.marginal_radii(tree.points, pos, dx, ex_tree, ey_tree)
        ex, ey = np.empty(n), np.empty(n)
        ex[tree.perm], ey[tree.perm] = ex_tree, ey_tree
        nx = nb.neighbour_counts(x, ex, False, n_jobs)
        ny = nb.neighbour_counts(y, ey, False, n_jobs)
    return ksg_from_counts(n, k, nx, ny, algorithm)


def _brute_estimate(blocks, k):
    """KSG algorithm 1 of prepared (n, d) blocks (x, y), or Frenzel-Pompe CMI
    of (x, y, z), by the brute-force kernels of ``fastmi.batch``: the same
    neighbour counts as the KD-tree, so the same bits."""
    points = np.hstack(blocks)[None]  # one problem: (1, n, D)
    psi = nb.digamma_table(points.shape[1])
    out = np.empty(1)
    if len(blocks) == 2:
        kb.brute_ksg1(points, blocks[0].shape[1], k, psi, out, 0, 1)
    else:
        kb.brute_fp(points, blocks[0].shape[1], blocks[1].shape[1], k, psi, out, 0, 1)
    return out[0]


def _ready_rows(rows, names, func, jitter, rng, tie_advice=v.KSG_TIE_ADVICE):
    """The variables of ``finite_float_rows`` prepared as ``_prepare``
    prepares each (standardized, jittered; the tie warning unless
    ``tie_advice`` is None): the (m, n) prepared rows and the widths."""
    raw, ranked, widths = rows
    ready = _standardize_rows(raw, ranked, names, func, jitter, rng, tie_advice, widths)
    return ready, widths


def _blocks(ready, widths):
    """The (n, d) variables of prepared rows (``widths`` None: one row each)."""
    blocks, start = [], 0
    for d in widths or [1] * ready.shape[0]:
        blocks.append(ready[start : start + d].T)
        start += d
    return tuple(blocks)


def _ksg1_small(ready, k):
    """``ksg_pair`` (algorithm 1) of the prepared rows x, y of (2, n)
    ``ready`` in one call of the batch kernel, which runs the same kernels
    with the same bits."""
    order = ready.argsort()  # numpy's kind, as nb.sorted_column
    out = np.empty(1)
    psi = nb.digamma_table(ready.shape[1])
    kb.ksg1_pairs(order, ready, order[1:], ready[1:], k, psi, out, 0, 1)
    return out[0]


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


# Robust spreads as standard deviations of a normal: IQR = 1.3490 sigma,
# MAD = 0.67449 sigma (so "robust" scales Gaussian data as the std does).
_IQR_PER_SIGMA = 2 * 0.6744897501960817
_MAD_PER_SIGMA = 0.6744897501960817
# Robust-scaled values are clipped to +-2**1020: distances stay finite.  Only
# a column whose range exceeds about 2**1020 robust spreads is touched (its
# farthest outliers become tied with each other, still far from the rest).
_ROBUST_LIMIT = 2.0**1020


def _robust_standardize(arr, unit, constant, std):
    """Each column of ``arr`` centred on its median and divided by its robust
    spread (``standardize="robust"``); ``unit``, ``std``: the max-abs scaled
    columns and their standard deviations.

    The spread is the interquartile range / 1.349; if that is 0 (over half
    the samples tied), the median absolute deviation / 0.6745; if that is 0
    too, the standard deviation (positive for every non-constant column).
    Constant columns become 0.  Overflow-safe and exact at any magnitude: each
    column is first scaled by the power of two that brings its quartiles into
    (-1, 1) (not by its largest value, which could push the bulk into
    subnormals); outliers beyond ``_ROBUST_LIMIT`` spreads are clipped.
    """
    picks = [np.percentile(arr, (25, 50, 75), axis=0, method=m) for m in ("lower", "higher")]
    bulk = unit_exponents(np.vstack(picks))  # interpolation then stays in (-1, 1)
    with np.errstate(over="ignore"):  # outliers 2**1024 times the quartiles: inf, clipped
        scaled = np.ldexp(arr, -bulk)
        q25, centre, q75 = np.percentile(scaled, (25.0, 50.0, 75.0), axis=0)
        spread = (q75 - q25) / _IQR_PER_SIGMA
        out = scaled - centre
        for j in np.flatnonzero((spread == 0) & ~constant):
            mad = np.median(np.abs(out[:, j])) / _MAD_PER_SIGMA
            if 0 < mad < np.inf:
                spread[j] = mad
            else:  # the std, in the max-abs scale where it is finite
                spread[j] = std[j]
                out[:, j] = unit[:, j] - np.median(unit[:, j])
        spread[constant] = 1.0
        out[:, constant] = 0.0
        out /= spread
    return np.clip(out, -_ROBUST_LIMIT, _ROBUST_LIMIT, out=out)


def collapse_floor(n, jitter):
    """IQR / std below which a bulk of n samples has collapsed."""
    return n * max(jitter, _EPS)


def _warn_constant(constant, name, func):
    if constant.any():
        columns = np.flatnonzero(constant).tolist()
        v.warn(v.constant_warning(name, columns, func), v.ConstantColumnWarning)


def _standardize_columns(arr, name, func, jitter, rng, tie_advice):
    """``_prepare(standardize=True)`` of (n, d) ``arr``, by the fused kernel."""
    raw = np.ascontiguousarray(arr.T, dtype=np.float64)
    widths = (arr.shape[1],)
    return _standardize_rows(raw, np.sort(raw), (name,), func, jitter, rng, tie_advice, widths).T


def _standardize_rows(raw, ranked, names, func, jitter, rng, tie_advice, widths=None):
    """``_prepare(standardize=True)`` of the variables named ``names``, whose
    columns are the rows of (m, n) ``raw`` (``widths[v]`` rows for variable
    v, default one each; ``ranked``: ``raw`` sorted along rows), by the fused
    kernel ``fastmi._kernels.scaling.standardize_rows``: one pass per column
    instead of a dozen numpy passes (the cost of a small call).  Each
    variable's jitter is the stream of one (n, d) draw, variable after
    variable; one draw when every variable is a single column."""
    m, n = raw.shape
    if not jitter:
        noise = NO_NOISE
    elif widths is None:
        noise = rng.standard_normal((m, n))
    else:
        noise = np.concatenate([rng.standard_normal((n, d)).T for d in widths])
    out = np.empty((m, n))
    stats = np.empty((m, 4))
    scaling.standardize_rows(raw, ranked, noise, float(jitter), out, stats)
    rows = stats.tolist()
    floor = collapse_floor(n, jitter)
    for flat, tied, iqr, std in rows:  # the common case: nothing to say
        if flat or tied > TIE_WARNING_FRACTION or 0 < iqr < floor * std:
            break
    else:
        return out
    start = 0
    for name, d in zip(names, widths or [1] * m, strict=True):
        _warn_prepared(rows[start : start + d], name, func, n, jitter, tie_advice)
        start += d
    return out


def _warn_prepared(rows, name, func, n, jitter, tie_advice):
    """The warnings of one standardized variable of n samples from its
    columns' ``standardize_rows`` statistics (constant, tied fraction, IQR,
    std), in the order constant, ties (unless ``tie_advice`` is None),
    collapsed bulk.

    Collapsed bulk: the gap between neighbouring samples of the bulk is
    about IQR / n; once that is below the jitter (``jitter`` standard
    deviations) or the float resolution at unit scale (2**-52), the bulk's
    neighbour counts measure noise.  Warn when IQR < n * max(jitter, 2**-52)
    * std: a single 1e200 among 199 normals gives 1e-199, ordinary heavy
    tails (Cauchy, n = 10,000: about 1e-2) are far above the threshold
    (1e-6 with the default jitter).
    """
    constant = [c for c, row in enumerate(rows) if row[0]]
    if constant:
        v.warn(v.constant_warning(name, constant, func), v.ConstantColumnWarning)
    if tie_advice is not None:
        warn_ties([row[1] for row in rows], name, func, tie_advice)
    floor = collapse_floor(n, jitter)
    collapsed = [
        c for c, (flat, _, iqr, std) in enumerate(rows) if not flat and 0 < iqr < floor * std
    ]
    if collapsed:
        ratio = min(rows[c][2] / rows[c][3] for c in collapsed)
        columns = collapsed if len(rows) > 1 else None
        v.warn(v.scale_warning(name, columns, ratio, func), v.ScaleWarning)


def _prepare(arr, name, func, standardize, jitter, rng, tie_advice=None):
    """Apply the documented policy (centre and scale, then jitter); warn about
    constant columns, and about ties unless ``tie_advice`` is None (the
    estimator handles them).

    Overflow-safe at any magnitude: each column is first scaled by a power of
    two (exact) into (-1, 1), so its mean and standard deviation are computed
    without overflow (values near the float maximum) or underflow (subnormal
    values); the standardized values are then at most sqrt(n) in magnitude.
    ``standardize=True`` runs the fused kernel (``_standardize_columns``),
    and a column whose bulk the standard deviation squeezes below the jitter
    gets a ``ScaleWarning``; ``standardize="robust"`` centres on the median
    and divides by the robust spread instead (``_robust_standardize``).
    Without ``standardize`` the values are kept, and a column whose range
    exceeds the largest float raises a ValueError (its distances overflow).
    """
    if standardize and not isinstance(standardize, str):
        return _standardize_columns(arr, name, func, jitter, rng, tie_advice)
    constant = arr.min(axis=0) == arr.max(axis=0)
    _warn_constant(constant, name, func)
    if tie_advice is not None:
        fractions = [column_ties(arr[:, j]) for j in range(arr.shape[1])]
        warn_ties(fractions, name, func, tie_advice)
    exponents = unit_exponents(arr)
    unit = np.ldexp(arr, -exponents)
    std = np.where(constant, 1.0, unit.std(axis=0))
    if standardize:  # "robust"
        out = _robust_standardize(arr, unit, constant, std)
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


def ksg_column(column, name, func, jitter, rng, standardize=True, tie_advice=None):
    """The KSG family's column preparer (the tile engine's): an (n, d)
    column standardized as ``standardize`` says, then jittered from ``rng``,
    as ``ksg_mi`` prepares x and y (with its tie warning when
    ``tie_advice`` is given)."""
    return _prepare(column, name, func, standardize, jitter, rng, tie_advice)


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


def knn_checks(func, k, base, jitter, standardize, clip, n_jobs, random_state):
    """The parameter checks of the k-NN estimators; returns (k, jitter, rng)."""
    k = v.check_int(k, "k", func, low=1)
    v.log_base(base, func)
    jitter = v.check_real(jitter, "jitter", func, low=0)
    v.check_standardize(standardize, func)
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
    k, jitter, rng = knn_checks(func, k, base, jitter, standardize, clip, n_jobs, random_state)
    algorithm = v.check_options(algorithm, "algorithm", func, (1, 2))
    if standardize is True:
        rows = v.finite_float_rows((x, y), k + 1, nb.CHUNK + 1)
        if rows is not None:  # the common small call: the checks are done
            ready, widths = _ready_rows(rows, ("x", "y"), func, jitter, rng)
            if widths is None and algorithm == 1:
                return _in_base(_ksg1_small(ready, k), base, func, clip)
            x, y = _blocks(ready, widths)
            return _in_base(ksg_raw(x, y, k, algorithm, n_jobs), base, func, clip)
    x = v.continuous_array(x, "x", func)
    y = v.continuous_array(y, "y", func)
    v.check_same_length({"x": x.shape[0], "y": y.shape[0]}, func)
    v.check_enough_samples(x.shape[0], k, func)
    x = _prepare(x, "x", func, standardize, jitter, rng, v.KSG_TIE_ADVICE)
    y = _prepare(y, "y", func, standardize, jitter, rng, v.KSG_TIE_ADVICE)
    return _in_base(ksg_raw(x, y, k, algorithm, n_jobs), base, func, clip)


def _is_discrete(z, discrete_z, func):
    if isinstance(discrete_z, str) and discrete_z == "auto":
        from fastmi.front import is_continuous

        return not is_continuous(z)
    return v.check_bool(discrete_z, "discrete_z", func)


def ksg_cmi(
    x,
    y,
    z,
    *,
    k=3,
    discrete_z="auto",
    base="e",
    standardize=True,
    jitter=1e-10,
    random_state=None,
    clip=False,
    n_jobs=None,
    nan_policy="raise",
    z_discrete=v.UNSET,
):
    """Conditional mutual information I(X; Y | Z) by nearest neighbours.

    * Continuous Z: Frenzel & Pompe, "Partial mutual information for coupling
      analysis of multivariate time series", Phys. Rev. Lett. 99, 204101
      (2007): ``psi(k) - <psi(n_xz + 1) + psi(n_yz + 1) - psi(n_z + 1)>``, with
      eps the max-norm distance to the k-th neighbour in (X, Y, Z) and strict
      counts in the (X, Z), (Y, Z) and Z spaces.
    * Discrete Z (``discrete_z=True``, or "auto" and a non-float dtype): the
      definition ``sum_z p(z) I(X; Y | Z = z)``, each term by KSG algorithm 1
      on that class's samples, weighted by class size.  Every class needs at
      least k + 1 samples.

    Preprocessing and ``clip`` as in ``ksg_mi`` (Z is jittered only when
    continuous).  Result in nats unless ``base`` is given.
    ``nan_policy="omit"`` drops the rows where x, y or z is missing.
    ``z_discrete`` is the deprecated spelling of ``discrete_z`` (a
    FutureWarning; same meaning).

    >>> import numpy as np
    >>> from fastmi import ksg_cmi
    >>> rng = np.random.default_rng(0)
    >>> z = rng.normal(size=3000)
    >>> x, y = z + rng.normal(size=3000), z + rng.normal(size=3000)
    >>> bool(abs(ksg_cmi(x, y, z, random_state=0)) < 0.05)  # independent given Z
    True
    """
    func = "ksg_cmi"
    if z_discrete is not v.UNSET:
        given = v.UNSET if isinstance(discrete_z, str) and discrete_z == "auto" else discrete_z
        discrete_z = v.renamed_keyword(func, "z_discrete", "discrete_z", z_discrete, given)
    x, y, z = v.drop_missing(func, nan_policy, x=x, y=y, z=z)
    k, jitter, rng = knn_checks(func, k, base, jitter, standardize, clip, n_jobs, random_state)
    discrete = _is_discrete(z, discrete_z, func)
    if not discrete and standardize is True:
        rows = v.finite_float_rows((x, y, z), k + 1, BRUTE_MAX + 1)
        if rows is not None:  # the common small call: the checks are done
            ready, widths = _ready_rows(rows, ("x", "y", "z"), func, jitter, rng)
            return _in_base(_brute_estimate(_blocks(ready, widths), k), base, func, clip)
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
        return _in_base(cmi_discrete_raw(x, y, codes, sizes, k, n_jobs), base, func, clip)
    z = _prepare(z, "z", func, standardize, jitter, rng, v.KSG_TIE_ADVICE)
    return _in_base(cmi_raw(x, y, z, k, n_jobs), base, func, clip)


def cmi_raw(x, y, z, k, n_jobs=None):
    """Frenzel-Pompe CMI (nats, unclipped) of prepared (n, d) x, y, z."""
    if x.shape[0] <= BRUTE_MAX:
        return _brute_estimate((x, y, z), k)
    _, eps, _ = nb.joint_knn(np.hstack([x, y, z]), k, n_jobs)
    n_xz = nb.neighbour_counts(np.hstack([x, z]), eps, True, n_jobs)
    n_yz = nb.neighbour_counts(np.hstack([y, z]), eps, True, n_jobs)
    n_z = nb.neighbour_counts(z, eps, True, n_jobs)
    psi = nb.digamma_table(x.shape[0])
    means = [np.mean(psi[counts + 1]) for counts in (n_xz, n_yz, n_z)]
    return kern.fp_estimate(psi, k, *means)


def cmi_discrete_raw(x, y, codes, sizes, k, n_jobs=None):
    """Class-size-weighted KSG (nats, unclipped) of prepared x, y given
    int codes of a discrete Z (``sizes``: their bincount)."""
    n = x.shape[0]
    total = 0.0
    for c in np.flatnonzero(sizes):
        mask = codes == c
        total += sizes[c] / n * ksg_raw(x[mask], y[mask], k, 1, n_jobs)
    return total


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
    eps = nb.kth_neighbour_distance(np.ldexp(x, -exponent), k, p_flag, n_jobs)
    if (eps == 0).any():
        fraction = max(tie_fraction(x[:, j]) for j in range(d))
        v.warn(v.tie_warning("x", func, fraction, v.KL_TIE_ADVICE))
        return -math.inf
    if p_flag == kdt.MAX_NORM:
        log_volume = d * math.log(2.0)
    else:
        log_volume = 0.5 * d * math.log(math.pi) - gammaln(0.5 * d + 1.0)
    log_eps = np.mean(np.log(eps)) + exponent * math.log(2.0)
    psi = nb.digamma_table(n)
    value = psi[n] - psi[k] + log_volume + d * log_eps
    return _in_base(value, base, func, False)


# ------------------------------------------------------------------ mixed
def mixed_raw(x, codes, k, method, n_jobs=None):
    """Mixed MI (nats, unclipped) of prepared (n, d) ``x`` and int codes."""
    if method == "ross" and x.shape[1] == 1 and x.shape[0] <= nb.ROSS_ONE_CALL:
        return nb.ross_estimate(x[:, 0], codes, k)
    sizes = np.bincount(codes)
    keep = sizes[codes] > 1
    if not keep.all():
        x, codes = x[keep], codes[keep]
        sizes = np.bincount(codes, minlength=sizes.shape[0])
    n = x.shape[0]
    if n == 0:
        return 0.0
    psi = nb.digamma_table(n)  # counts are integers in 0..n + 1: look-ups, same bits
    rho, k_i, k_in, m_in = nb.class_neighbour_counts(x, codes, sizes, k, n_jobs)
    if method == "ross":
        return psi[n] + np.mean(psi[k_in]) - np.mean(psi[sizes[codes]]) - np.mean(psi[m_in])
    # Gao et al.: strict counts (the point itself included) when rho > 0, the
    # samples tied with the point (itself included) when rho = 0.
    tied = rho == 0
    inside = nb.neighbour_counts(x, rho, True, n_jobs) + 1
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
    k, jitter, rng = knn_checks(func, k, base, jitter, standardize, clip, n_jobs, random_state)
    method = v.check_options(method, "method", func, ("ross", "gao"))
    # A plain float column to standardize is checked for NaN/inf from the ends
    # of the sort that standardizing needs anyway (``finite_float_rows``; any
    # other input takes the checks below, which say what is wrong).
    rows = v.finite_float_rows((x_continuous,), k + 1, math.inf) if standardize is True else None
    x = v.continuous_array(x_continuous, "x_continuous", func) if rows is None else rows[0].T
    labels = encode(y_discrete, "y_discrete", func)
    v.check_same_length({"x_continuous": x.shape[0], "y_discrete": labels.n_samples}, func)
    v.check_enough_samples(x.shape[0], k, func)
    if rows is not None:  # _prepare's standardization, from the sort made above
        x = _blocks(*_ready_rows(rows, ("x_continuous",), func, jitter, rng, None))[0]
    elif standardize or jitter:
        x = _prepare(x, "x_continuous", func, standardize, jitter, rng)
    else:
        check_span(x, "x_continuous", func)
    codes = labels.values - labels.offset
    return _in_base(mixed_raw(x, codes, k, method, n_jobs), base, func, clip)


#: Neighbour-search helpers that lived here before ``fastmi._neighbours``.
_MOVED = frozenset(
    {
        "sorted_column",
        "column_rank",
        "count_index",
        "count_ranked",
        "count_sorted",
        "neighbour_counts",
        "joint_knn",
        "band_eps",
        "pair_knn",
        "kth_neighbour_distance",
        "class_neighbour_counts",
        "digamma_table",
    }
)


def __getattr__(name):
    # Deprecation shim: internal helpers moved to fastmi._neighbours.
    if name in _MOVED:
        v.warn(v.moved_helper_warning(f"fastmi.continuous.{name}"), DeprecationWarning)
        return getattr(nb, name)
    raise AttributeError(f"module 'fastmi.continuous' has no attribute {name!r}")
