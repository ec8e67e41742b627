"""Permutation nulls of one pair that reuse the work of the fixed side.

``null_engine(method, x, y, options, func)`` returns ``(observed, null)``:
the observed statistic and ``null(seeds)``, the statistic of ``(x,
y[perm])`` for the permutation ``perm`` that ``_draws.permutations`` draws
from each seed of a block.  Everything that
a permutation of ``y`` leaves unchanged is computed once:

* "discrete" (and "binned", on the bin codes): codes of both sides and
  their alphabets; each permutation shuffles y's codes and recounts only
  the joint table, in one pass (``_kernels.permute.shuffle_count``).
* "copula" / "gaussian" (1-D pairs): the (normal) scores of both sides,
  centred and scaled to unit norm; each permutation shuffles y's scores
  and takes the dot product in the same pass
  (``_kernels.permute.correlation_null``).
* "ksg" (1-D pairs): the prepared (scaled, jittered) columns, their sorted
  copies, the rank of each y sample, the count index of y and the digamma
  table; each permutation relabels y's sorted order (O(n)) and runs only
  the joint neighbour search and the counts.

Any other case (multivariate continuous sides, "mixed", very large
alphabets) gets the generic null: the estimator of ``fastmi.mutual_info``
on the permuted data.
"""

import numpy as np

from fastmi import _registry
from fastmi import _validation as v
from fastmi.front import mutual_info, resolve_method
from fastmi.significance._draws import draw_permutations

# Joint tables of the discrete null above max(this, 4 n) cells (zeroed for
# every permutation) use the generic path.
_MIN_CELL_LIMIT = 1 << 16


def rows(y):
    """``y`` as an array whose first axis is the samples (pandas kept as values)."""
    if v.pandas_type(y, "Series", "DataFrame"):
        return y.to_numpy()
    return np.asarray(y)


def draws_jitter(method, x, y):
    """Whether the estimator ``method`` picks for (x, y) takes a jitter seed."""
    return _registry.family(resolve_method(x, y, method)).jitter


def null_engine(method, x, y, options, func):
    """(observed, null function) for the resolved ``method`` (see module doc)."""
    engine = {
        "discrete": _discrete,
        "binned": _binned,
        "copula": _correlation,
        "gaussian": _correlation,
        "ksg": _ksg,
    }.get(method)
    found = engine(method, x, y, options, func) if engine is not None else None
    return found if found is not None else _generic(method, x, y, options)


def _generic(method, x, y, options):
    y_rows = rows(y)

    def null(seeds):
        perms = draw_permutations(seeds, y_rows.shape[0])
        return np.array([mutual_info(x, y_rows[p], method=method, **options) for p in perms])

    return mutual_info(x, y, method=method, **options), null


# ---------------------------------------------------------------- discrete
def _discrete(method, x, y, options, func, labels=None):
    from fastmi._encoding import dense_codes, encode
    from fastmi._kernels.entropy import for_estimator, pair_entropies
    from fastmi._kernels.permute import shuffle_count
    from fastmi._table import combine_mutual_info

    scale = v.log_base(options.get("base", "e"), func)
    estimator = v.check_estimator(options.get("estimator", "plugin"), func)
    if labels is None:
        labels = (encode(x, "x", func), encode(y, "y", func))
    codes = [np.ascontiguousarray(dense_codes(lab)) for lab in labels]
    sizes = [int(c.max()) + 1 for c in codes]
    if sizes[0] * sizes[1] > max(_MIN_CELL_LIMIT, 4 * codes[0].shape[0]):
        return None
    # The alphabet that James-Stein and NSB assume, as mutual_info_discrete
    # takes it: the variable's own when known, else its observed levels.
    alphabets = [
        float(k if lab.n_bins is None else lab.n_bins) for lab, k in zip(labels, sizes, strict=True)
    ]

    rows = codes[0] * sizes[1]
    shape = tuple(sizes)

    pair_entropies = for_estimator(pair_entropies, estimator)

    def measure(table):
        entropies = pair_entropies(table.reshape(shape), *alphabets, estimator)
        return combine_mutual_info(*entropies, estimator) / scale

    def null(seeds):
        flat = np.empty(shape[0] * shape[1], dtype=np.int64)
        shuffled = np.empty_like(codes[1])
        out = np.empty(len(seeds))
        for j, seed in enumerate(seeds):
            flat[:] = 0
            with np.errstate(over="ignore"):  # SplitMix64 multiplies modulo 2**64 (no JIT)
                shuffle_count(rows, codes[1], seed, shuffled, flat)
            out[j] = measure(flat)
        return out

    observed = np.zeros(shape[0] * shape[1], dtype=np.int64)
    np.add.at(observed, rows + codes[1], 1)
    return measure(observed), null


def _binned(method, x, y, options, func):
    from fastmi._encoding import encode
    from fastmi.binning import bin_codes

    bins = options.get("bins", "fd")
    strategy = options.get("strategy", "uniform")
    labels = [
        encode(bin_codes(v.continuous_array(a, name, func), bins, strategy, func), name, func)
        for name, a in (("x", x), ("y", y))
    ]
    return _discrete(method, x, y, options, func, labels)


# ------------------------------------------------------- copula / gaussian
def _correlation(method, x, y, options, func):
    from fastmi._kernels.permute import correlation_null, descending_dot
    from fastmi.continuous import unit_exponents
    from fastmi.gaussian import correlation_mi, gaussian_bias, normal_scores

    xa = v.continuous_array(x, "x", func)
    ya = v.continuous_array(y, "y", func)
    if xa.shape[1] != 1 or ya.shape[1] != 1:
        return None
    if xa.min() == xa.max() or ya.min() == ya.max():
        return None  # a constant side: MI 0 (with its warning) by the generic path
    n = xa.shape[0]
    scale = v.log_base(options.get("base", "e"), func)
    bias = options.get("bias_correction", method == "copula")
    sides = []
    for a in (xa, ya):
        if method == "copula":
            z = normal_scores(a[:, 0], n_jobs=1)
        else:  # exact power-of-two scaling into (-1, 1), as gaussian_mi does
            z = np.ldexp(a[:, 0], -unit_exponents(a)[0])
        z = z - z.mean()
        sides.append(z / np.sqrt(np.einsum("i,i->", z, z)))
    zx, zy = sides
    shift = gaussian_bias(n, 1, 1) if bias else 0.0

    def mi(r):
        return (correlation_mi(r, n_samples=n, n_jobs=1) + shift) / scale

    def null(seeds):
        r = np.empty(len(seeds))
        with np.errstate(over="ignore"):  # SplitMix64 multiplies modulo 2**64 (no JIT)
            correlation_null(zx, zy, np.asarray(seeds, dtype=np.int64), r)
        return mi(r)

    return float(mi(descending_dot(zx, zy))), null


# --------------------------------------------------------------------- KSG
def _ksg(method, x, y, options, func):
    from fastmi import _neighbours as nb
    from fastmi import continuous as c

    xa = v.continuous_array(x, "x", func)
    ya = v.continuous_array(y, "y", func)
    if xa.shape[1] != 1 or ya.shape[1] != 1:
        return None
    k = options.get("k", 3)
    algorithm = options.get("algorithm", 1)
    scale = v.log_base(options.get("base", "e"), func)
    clip = options.get("clip", False)
    xp, yp = c.prepare_pair(
        xa,
        ya,
        func,
        standardize=options.get("standardize", True),
        jitter=options.get("jitter", 1e-10),
        random_state=options.get("random_state"),
    )
    n = xp.shape[0]
    x_sorted = nb.sorted_column(xp[:, 0])
    y_order, y_vals = nb.sorted_column(yp[:, 0])
    y_rank = nb.column_rank(y_order)
    y_index = nb.count_index(y_vals)
    psi = nb.digamma_table(n)

    def one(perm):
        # y[perm] has the same sorted values; sample perm^-1[y_order[r]] holds rank r.
        inverse = np.empty_like(perm)
        inverse[perm] = np.arange(n)
        raw = c.ksg_pair(
            x_sorted, (inverse[y_order], y_vals), k, algorithm, 1, psi, y_rank[perm], y_index
        )
        return (max(raw, 0.0) if clip else float(raw)) / scale

    def null(seeds):
        return np.array([one(p) for p in draw_permutations(seeds, n)])

    return one(np.arange(n)), null
