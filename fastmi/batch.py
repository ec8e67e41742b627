"""Batch forms: many small independent MI problems in one call.

Embedding code often loops over thousands of small problems (a
conditional-independence test per edge, MI per window of a time series).
Each function here takes a stack of problems, checks the whole stack once,
and solves the problems in one kernel call per chunk of problems, with the
chunks spread over threads (``n_jobs``).  Result ``b`` is the one of the
single-problem function on problem ``b``, to the last bit:

========================  ==============================================
batch function            equals, for every problem b
========================  ==============================================
``ksg_mi_batch``          ``fastmi.ksg_mi(xs[b], ys[b], ...)``
``ksg_cmi_batch``         ``fastmi.ksg_cmi(xs[b], ys[b], zs[b], ...)``
``mutual_info_batch``     ``fastmi.mutual_info_discrete(xs[b], ys[b], ...)``
``copula_mi_batch``       ``fastmi.copula_mi(xs[b], ys[b], ...)``
========================  ==============================================

Input: a stacked array of shape (B, n) (B problems of n samples of one
variable) or (B, n, d) (d columns taken jointly), or a sequence of B arrays
of one shape.  Every problem of a stack has the same n.  Missing values are
an error (there is no ``nan_policy``): clean the problems first.

Random jitter (``ksg_mi_batch``, ``ksg_cmi_batch``): ``random_state`` is
turned into one ``numpy.random.Generator`` (an int seeds it, a Generator is
used as it is) and the problems draw their jitter from it in order, each as
the single function draws (x, then y, then a continuous z).  So the batch
equals the loop::

    rng = numpy.random.default_rng(seed)
    [ksg_mi(x, y, random_state=rng) for x, y in zip(xs, ys)]

Warnings (constant columns, ties, scale) are given once per kind, naming the
first problem that has it, e.g. ``xs[17]``; errors name the problem too.

Fast paths: KSG algorithm 1 on 1-D x and y (the rank-band kernels of
``ksg_mi``), brute-force neighbour search for multivariate KSG and for CMI
with continuous z at n <= ``BRUTE_MAX`` (the same counts as the KD-tree),
small integer labels, and the copula's one-kernel path.  Other problems
(KSG algorithm 2, ``standardize`` other than True for multivariate input,
larger n, discrete z, wide label ranges, constant columns) take the single
function's own path per problem, after the batch's checks: the same
results, without the speed-up.
"""

import warnings

import numpy as np

from fastmi import _docs, _threads
from fastmi import _neighbours as nb
from fastmi import _validation as v
from fastmi import continuous as cont
from fastmi._encoding import is_continuous_dtype
from fastmi._kernels import scaling

__all__ = ["ksg_mi_batch", "ksg_cmi_batch", "mutual_info_batch", "copula_mi_batch"]

#: Problems per chunk of work handed to a thread.
CHUNK = 128
#: Largest n solved by brute-force neighbour search (O(n^2) per problem):
#: the single-problem functions' threshold.
BRUTE_MAX = cont.BRUTE_MAX


# ------------------------------------------------------------------ helpers
def _run(kernel_call, n_problems, n_jobs):
    """``kernel_call(first, last)`` over fixed chunks of the problems, on up
    to ``n_jobs`` threads (problems are independent: results do not depend
    on the thread count)."""
    _threads.run_ranges(kernel_call, n_problems, n_jobs, CHUNK, CHUNK)


def _as_stack(values, name, func):
    """``values`` as one numpy array of problems (B, n[, ...]); a sequence's
    problems must agree in length (the first one that does not is named)."""
    if isinstance(values, np.ndarray):
        arr = values
    else:
        if v.scipy_sparse(values) or isinstance(values, (str, bytes)):
            v.continuous_array(values, name, func)  # raises its message
        problems = [np.asarray(p) for p in values]
        if not problems:
            v.check_not_empty(0, name, func)
        first = problems[0]
        for b, p in enumerate(problems):
            v.check_shape(p.shape, f"{name}[{b}]", func, (first.ndim,))
            if p.shape != first.shape:
                lengths = {f"{name}[0]": first.shape[0] if first.ndim else 0}
                lengths[f"{name}[{b}]"] = p.shape[0] if p.ndim else 0
                v.check_same_length(lengths, func)
                v.check_shape(p.shape, f"{name}[{b}]", func, ())  # columns differ
        arr = np.stack(problems) if first.ndim else np.asarray(problems)
    v.check_shape(arr.shape, name, func, (2, 3))
    v.check_not_empty(arr.shape[0], name, func)
    return arr


def _float_stack(values, name, func):
    """(B, n, d) C-contiguous float64 stack, every problem checked as
    ``fastmi.ksg_mi`` checks x (errors name the problem: ``xs[b]``)."""
    arr = _as_stack(values, name, func)
    if arr.dtype.kind not in "biuf" or arr.shape[1] == 0 or arr.ndim == 3 and arr.shape[2] == 0:
        v.continuous_array(arr[0], f"{name}[0]", func)
    if arr.dtype.kind == "f":
        finite = np.isfinite(arr.reshape(arr.shape[0], -1)).all(axis=1)
        for b in np.flatnonzero(~finite)[:1]:
            v.continuous_array(arr[b], f"{name}[{b}]", func)
    arr = arr.reshape(arr.shape[0], arr.shape[1], -1)
    return np.ascontiguousarray(arr, dtype=np.float64)


def _check_counts(func, **stacks):
    """The stacks agree in problem count and sample count."""
    v.check_same_problem_count({k: s.shape[0] for k, s in stacks.items()}, func)
    v.check_same_length({k: s.shape[1] for k, s in stacks.items()}, func)
    return stacks


def _reemit(caught):
    """Re-issue the first recorded warning of each category."""
    seen = set()
    for w in caught:
        if w.category not in seen:
            seen.add(w.category)
            warnings.warn(w.message, w.category, stacklevel=4)


def _first_warned_rows(stats, n, jitter):
    """The first row of each kind whose preparation warns (constant, ties
    above ``continuous.TIE_WARNING_FRACTION``, collapsed bulk), from the
    ``stats`` of ``scaling.standardize_rows``."""
    constant = stats[:, 0] != 0
    iqr, std = stats[:, 2], stats[:, 3]
    ties = ~constant & (stats[:, 1] > cont.TIE_WARNING_FRACTION)
    collapsed = ~constant & (iqr > 0) & (iqr < cont.collapse_floor(n, jitter) * std)
    return sorted({int(np.argmax(m)) for m in (constant, ties, collapsed) if m.any()})


def _prepare_stack(arr, name, func, standardize, jitter, rng, noise=None):
    """Every problem of (B, n, d) ``arr`` prepared as ``ksg_mi`` prepares x
    (``noise``: its jitter draws, (B, n), for the one-column fast path)."""
    if arr.shape[2] == 1 and standardize is True:
        raw = np.ascontiguousarray(arr[:, :, 0])
        out = np.empty(raw.shape)
        stats = np.empty((raw.shape[0], 4))
        noise = np.ascontiguousarray(noise) if jitter else cont.NO_NOISE
        scaling.standardize_rows(raw, np.sort(raw, axis=1), noise, float(jitter), out, stats)
        rows = _first_warned_rows(stats, raw.shape[1], jitter)
        if rows:  # the single function's own warnings, naming the problem
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                for b in rows:
                    cont.ksg_column(arr[b], f"{name}[{b}]", func, 0.0, None, True, v.KSG_TIE_ADVICE)
            _reemit(caught)
        return out[:, :, None]
    raise AssertionError("only the fast path prepares a whole stack")  # pragma: no cover


def _prepare_each(stacks, func, standardize, jitter, rng):
    """The problems prepared one by one, each variable in turn from the
    shared ``rng`` (x, y[, z] of problem 0, then of problem 1, ...)."""
    out = [np.empty_like(s) for s in stacks.values()]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for b in range(out[0].shape[0]):
            for t, (name, s) in enumerate(stacks.items()):
                out[t][b] = cont.ksg_column(
                    s[b], f"{name}[{b}]", func, jitter, rng, standardize, v.KSG_TIE_ADVICE
                )
    _reemit(caught)
    return out


def _prepared(stacks, func, standardize, jitter, rng):
    """Prepared copies of the (B, n, d) ``stacks`` (dict name -> array), with
    the jitter drawn from ``rng`` in the loop's order."""
    B, n = next(iter(stacks.values())).shape[:2]
    if standardize is True and all(s.shape[2] == 1 for s in stacks.values()):
        # One draw for the whole loop: a Generator's normal stream does not
        # depend on how it is cut into calls.
        noise = rng.standard_normal((B, len(stacks), n)) if jitter else None
        return [
            _prepare_stack(s, name, func, True, jitter, rng, None if noise is None else noise[:, t])
            for t, (name, s) in enumerate(stacks.items())
        ]
    return _prepare_each(stacks, func, standardize, jitter, rng)


def _in_base(values, base, func, clip):
    """Clip (``clip``) and convert nats to ``base``, as the single functions."""
    if clip:
        values = np.maximum(values, 0.0)
    return values / v.log_base(base, func)


# ------------------------------------------------------------------ public
def ksg_mi_batch(
    xs,
    ys,
    *,
    k=3,
    algorithm=1,
    base="e",
    standardize=True,
    jitter=1e-10,
    random_state=None,
    clip=False,
    n_jobs=None,
):
    """KSG mutual information of many small problems at once.

    Result ``b`` equals ``fastmi.ksg_mi(xs[b], ys[b], ...)`` with the same
    options (Kraskov, Stoegbauer & Grassberger 2004; see
    :func:`fastmi.ksg_mi`), with the jitter drawn as described in
    :mod:`fastmi.batch`.

    Parameters
    ----------
    xs, ys : array-like of shape (B, n) or (B, n, d), or sequences of B arrays
        B problems of n samples each; 3-D stacks are multivariate variables.
    k, algorithm, base, standardize, jitter, clip
        As in :func:`fastmi.ksg_mi`.
    random_state : None, int or numpy.random.Generator
        One Generator for the whole batch, drawn from problem by problem.
    n_jobs : int or None, default=None
        Threads over problems (None: ``fastmi.get_num_threads()``); the
        result does not depend on it.

    Returns
    -------
    numpy.ndarray of shape (B,)
        The estimates in the unit of ``base`` (nats by default).

    Examples
    --------
    >>> import numpy as np
    >>> from fastmi import ksg_mi, ksg_mi_batch
    >>> rng = np.random.default_rng(0)
    >>> xs = rng.normal(size=(1000, 100))
    >>> ys = xs + rng.normal(size=(1000, 100))
    >>> mi = ksg_mi_batch(xs, ys, random_state=0)
    >>> mi.shape
    (1000,)
    >>> bool(abs(mi.mean() - 0.5 * np.log(2)) < 0.05)
    True
    >>> loop = np.random.default_rng(0)  # the same numbers as the loop
    >>> [ksg_mi(x, y, random_state=loop) for x, y in zip(xs[:2], ys[:2])] == list(mi[:2])
    True
    """
    func = "ksg_mi_batch"
    k, jitter, rng = cont.knn_checks(func, k, base, jitter, standardize, clip, n_jobs, random_state)
    algorithm = v.check_options(algorithm, "algorithm", func, (1, 2))
    stacks = _check_counts(func, xs=_float_stack(xs, "xs", func), ys=_float_stack(ys, "ys", func))
    B, n = stacks["xs"].shape[:2]
    v.check_enough_samples(n, k, func)
    x, y = _prepared(stacks, func, standardize, jitter, rng)
    out = np.empty(B)
    psi = nb.digamma_table(n)
    dx = x.shape[2]
    if algorithm == 1 and dx == 1 and y.shape[2] == 1:
        from fastmi._kernels.batch import ksg1_pairs

        x, y = x[:, :, 0], y[:, :, 0]

        def pairs(a, b):  # numpy's argsort releases the GIL: sort in the threads too
            order_x, order_y = x[a:b].argsort(axis=1), y[a:b].argsort(axis=1)
            ksg1_pairs(order_x, x[a:b], order_y, y[a:b], k, psi, out[a:b], 0, b - a)

        _run(pairs, B, n_jobs)
    elif algorithm == 1 and n <= BRUTE_MAX:
        from fastmi._kernels.batch import brute_ksg1

        points = np.ascontiguousarray(np.concatenate([x, y], axis=2))
        _run(lambda a, b: brute_ksg1(points, dx, k, psi, out, a, b), B, n_jobs)
    else:
        out[:] = [cont.ksg_raw(x[b], y[b], k, algorithm, 1) for b in range(B)]
    return _in_base(out, base, func, clip)


@_docs.fill
def ksg_cmi_batch(
    xs,
    ys,
    zs,
    *,
    k=3,
    discrete_z="auto",
    base="e",
    standardize=True,
    jitter=1e-10,
    random_state=None,
    clip=False,
    n_jobs=None,
):
    """Conditional mutual information I(X; Y | Z) of many small problems.

    Result ``b`` equals ``fastmi.ksg_cmi(xs[b], ys[b], zs[b], ...)`` with the
    same options (Frenzel & Pompe 2007 for continuous Z; see
    :func:`fastmi.ksg_cmi`), with the jitter drawn as described in
    :mod:`fastmi.batch`.

    Parameters
    ----------
    xs, ys, zs : array-like of shape (B, n) or (B, n, d), or sequences of B arrays
        B problems of n samples each.
    k, base, standardize, jitter, clip
        As in :func:`fastmi.ksg_cmi`.
    discrete_z : bool or "auto", default="auto"
        Whether every zs[b] is discrete; "auto": discrete unless ``zs`` has
        a float dtype (the whole stack is one kind).
    random_state : None, int or numpy.random.Generator
        One Generator for the whole batch, drawn from problem by problem.
    %(batch_n_jobs_returns)s
        The estimates in the unit of ``base`` (nats by default).

    Examples
    --------
    >>> import numpy as np
    >>> from fastmi import ksg_cmi_batch
    >>> rng = np.random.default_rng(0)
    >>> zs = rng.normal(size=(500, 100))
    >>> xs, ys = zs + rng.normal(size=zs.shape), zs + rng.normal(size=zs.shape)
    >>> cmi = ksg_cmi_batch(xs, ys, zs, random_state=0)
    >>> bool(abs(cmi.mean()) < 0.03)  # independent given Z
    True
    """
    func = "ksg_cmi_batch"
    k, jitter, rng = cont.knn_checks(func, k, base, jitter, standardize, clip, n_jobs, random_state)
    x = _float_stack(xs, "xs", func)
    y = _float_stack(ys, "ys", func)
    if isinstance(discrete_z, str) and discrete_z == "auto":
        z_arr = _as_stack(zs, "zs", func)
        discrete = not is_continuous_dtype(z_arr.dtype)
    else:
        discrete = v.check_bool(discrete_z, "discrete_z", func)
        z_arr = _as_stack(zs, "zs", func)
    if discrete:
        return _cmi_discrete_z(x, y, z_arr, k, base, jitter, standardize, rng, clip, func)
    stacks = _check_counts(func, xs=x, ys=y, zs=_float_stack(z_arr, "zs", func))
    B, n = x.shape[:2]
    v.check_enough_samples(n, k, func)
    xp, yp, zp = _prepared(stacks, func, standardize, jitter, rng)
    out = np.empty(B)
    if n <= BRUTE_MAX:
        from fastmi._kernels.batch import brute_fp

        points = np.ascontiguousarray(np.concatenate([xp, yp, zp], axis=2))
        psi = nb.digamma_table(n)
        dx, dy = xp.shape[2], yp.shape[2]
        _run(lambda a, b: brute_fp(points, dx, dy, k, psi, out, a, b), B, n_jobs)
    else:
        out[:] = [cont.cmi_raw(xp[b], yp[b], zp[b], k, 1) for b in range(B)]
    return _in_base(out, base, func, clip)


def _cmi_discrete_z(x, y, z_arr, k, base, jitter, standardize, rng, clip, func):
    """``ksg_cmi_batch`` with discrete Z: per problem, the class-weighted KSG
    of ``ksg_cmi`` (checked as one stack first, then solved one by one)."""
    from fastmi._encoding import encode

    B, n = x.shape[:2]
    _check_counts(func, xs=x, ys=y, zs=z_arr)
    v.check_enough_samples(n, k, func)
    codes = []
    for b in range(B):
        labels = encode(z_arr[b], f"zs[{b}]", func)
        c = labels.values - labels.offset
        sizes = np.bincount(c)
        v.check_enough_samples(int(sizes[sizes > 0].min()), k, func,
                               what=f"samples in every class of zs[{b}]")  # fmt: skip
        codes.append((c, sizes))
    xp, yp = _prepared({"xs": x, "ys": y}, func, standardize, jitter, rng)
    out = np.array([cont.cmi_discrete_raw(xp[b], yp[b], *codes[b], k, 1) for b in range(B)])
    return _in_base(out, base, func, clip)


def _int_stack(values, name, func):
    """(B, n) int64 codes of a stack of integer labels, or None (other
    labels: the single function encodes them problem by problem)."""
    arr = _as_stack(values, name, func)
    if arr.ndim != 2 or arr.dtype.kind not in "iub" or arr.shape[1] == 0:
        return None
    return np.ascontiguousarray(arr, dtype=np.int64)


@_docs.fill
def mutual_info_batch(xs, ys, *, base="e", estimator="plugin", n_jobs=None):
    """Mutual information of discrete labels for many small problems.

    Result ``b`` equals ``fastmi.mutual_info_discrete(xs[b], ys[b], ...)``
    (in nats unless ``base`` is given), H(X) + H(Y) - H(X, Y) with the
    entropy ``estimator`` (plug-in values clipped at 0).

    Parameters
    ----------
    xs, ys : array-like of shape (B, n), or sequences of B label arrays
        B problems of n labels each.  Integer or bool stacks take the
        one-kernel path; other labels (strings, ...) are encoded problem by
        problem.
    base, estimator
        As in :func:`fastmi.mutual_info_discrete`.
    %(batch_n_jobs_returns)s

    Examples
    --------
    >>> import numpy as np
    >>> from fastmi import mutual_info_batch
    >>> xs = np.array([[0, 0, 1, 1], [0, 1, 0, 1]])
    >>> ys = np.array([[5, 5, 7, 7], [5, 5, 7, 7]])
    >>> mutual_info_batch(xs, ys, base=2).round(12)
    array([1., 0.])
    """
    from fastmi import _table
    from fastmi.discrete import mutual_info_discrete

    func = "mutual_info_batch"
    scale = v.log_base(base, func)
    est = v.check_estimator(estimator, func)
    v.check_n_jobs(n_jobs, func)
    x, y = _int_stack(xs, "xs", func), _int_stack(ys, "ys", func)
    if x is None or y is None:
        x, y = _as_stack(xs, "xs", func), _as_stack(ys, "ys", func)
    _check_counts(func, xs=x, ys=y)
    B, n = x.shape[:2]
    # The single function's one-kernel path is for n below this (private to
    # _table: the batch must take the same path to give the same bits).
    if x.dtype != np.int64 or y.dtype != np.int64 or n >= _table.PARALLEL_MIN_SAMPLES:
        single = mutual_info_discrete
        return np.array(
            [single(x[b], y[b], base=base, estimator=estimator, n_jobs=1) for b in range(B)]
        )
    from fastmi._kernels.batch import code_pairs
    from fastmi._kernels.entropy import for_estimator

    code_pairs = for_estimator(code_pairs, est)

    ok = np.empty(B, dtype=np.bool_)
    h = np.empty((B, 3))
    cells = float(_table.dense_cell_limit(n))
    _run(lambda a, b: code_pairs(x, y, est, cells, ok, h, a, b), B, n_jobs)
    # _table.combine_mutual_info on every row at once (same operations).
    out = h[:, 0] + h[:, 1] - h[:, 2]
    if est == _table.PLUGIN:
        out = np.where(out < 0.0, 0.0, out)
    for b in np.flatnonzero(~ok):  # a wide range of labels: the general path
        out[b] = mutual_info_discrete(x[b], y[b], estimator=estimator, n_jobs=1)
    return out / scale


@_docs.fill
def copula_mi_batch(xs, ys, *, base="e", bias_correction=True, n_jobs=None):
    """Gaussian-copula mutual information of many small problems.

    Result ``b`` equals ``fastmi.copula_mi(xs[b], ys[b], ...)`` (Ince et al.
    2017; see :func:`fastmi.copula_mi`), in nats unless ``base`` is given.

    Parameters
    ----------
    xs, ys : array-like of shape (B, n) or (B, n, d), or sequences of B arrays
        B problems of n samples each.
    base, bias_correction
        As in :func:`fastmi.copula_mi`.
    %(batch_n_jobs_returns)s

    Examples
    --------
    >>> import numpy as np
    >>> from fastmi import copula_mi, copula_mi_batch
    >>> rng = np.random.default_rng(0)
    >>> xs = rng.normal(size=(200, 50))
    >>> ys = np.exp(xs + rng.normal(size=xs.shape))
    >>> mi = copula_mi_batch(xs, ys)
    >>> bool(mi[3] == copula_mi(xs[3], ys[3]))
    True
    """
    from fastmi import gaussian
    from fastmi._copula_core import SMALL_COPULA, cached_bias, score_tables

    func = "copula_mi_batch"
    scale = v.log_base(base, func)
    bias = v.check_bool(bias_correction, "bias_correction", func)
    v.check_n_jobs(n_jobs, func)
    xs, ys = _as_stack(xs, "xs", func), _as_stack(ys, "ys", func)
    floats = xs.dtype.kind == "f" and ys.dtype.kind == "f"  # copula_mi's one-kernel path
    x = _float_stack(xs, "xs", func)
    y = _float_stack(ys, "ys", func)
    _check_counts(func, xs=x, ys=y)
    B, n = x.shape[:2]
    v.check_enough_for_covariance(n, {"xs": x.shape[2], "ys": y.shape[2]}, func)
    out = np.full(B, np.nan)
    # copula_mi's one-kernel path and its helpers (the batch takes the same
    # path, so it gives the same bits).
    if floats and x.shape[2] == 1 and y.shape[2] == 1 and n < SMALL_COPULA:
        from fastmi._kernels.batch import copula_pairs

        xr, yr = np.ascontiguousarray(x[:, :, 0]), np.ascontiguousarray(y[:, :, 0])
        untied, table = score_tables(n)
        shift = cached_bias(n, 1, 1) if bias else 0.0
        _run(lambda a, b: copula_pairs(xr, yr, untied, table, shift, scale, out, a, b), B, n_jobs)
    for b in np.flatnonzero(np.isnan(out)):  # constant columns, multivariate, large n
        out[b] = gaussian.copula_mi(x[b], y[b], base=base, bias_correction=bias, n_jobs=1)
    return out
