"""Contingency tables and the entropies of their marginals.

Every discrete measure is a signed sum of entropies of marginals of one count
table (e.g. I(X;Y) = H(X) + H(Y) - H(X,Y)), so labelled data and user tables
share one path: data is counted into a table, then measured like a table.

A table is dense (an ndarray of counts or probabilities) when its cells fit
in memory; otherwise it is sparse: coordinates of non-empty cells (or of
samples, repeats allowed) with weights, as from scipy.sparse or from
labelled data with very many levels.
"""

import math

import numpy as np

from fastmi import _threads
from fastmi._encoding import combine, dense_codes, from_ints, plain_codes
from fastmi._kernels import counting
from fastmi._kernels import entropy as kernels
from fastmi._kernels.entropy import PLUGIN, entropy_counts, for_estimator, pair_entropies

# Below this many samples one thread counts faster than a pool can start.
PARALLEL_MIN_SAMPLES = 1 << 17


class Table:
    """A count (or probability) table over ``ndim`` variables.

    Exactly one of ``dense`` (ndarray) or ``coords`` ((m, ndim) int64 codes,
    with ``weights`` of length m or None for ones) is set; ``shape`` gives the
    number of levels of each variable and ``alphabet`` the alphabet size K
    that James-Stein and NSB assume for it (default: ``shape``; larger for a
    variable made of several columns, whose K is the product of theirs).
    """

    __slots__ = ("dense", "coords", "weights", "shape", "alphabet")

    def __init__(self, dense=None, coords=None, weights=None, shape=None, alphabet=None):
        self.dense = dense
        self.coords = coords
        self.weights = weights
        self.shape = tuple(dense.shape if dense is not None else shape)
        self.alphabet = self.shape if alphabet is None else tuple(alphabet)

    def marginal(self, axes):
        """(float64 counts over the cells of ``axes``, alphabet size K)."""
        axes = tuple(sorted(axes))
        n_bins = math.prod(float(self.alphabet[a]) for a in axes)
        if self.dense is not None:
            others = tuple(a for a in range(len(self.shape)) if a not in axes)
            counts = self.dense.sum(axis=others) if others else self.dense
            return np.ascontiguousarray(counts, dtype=np.float64).ravel(), n_bins
        columns = [np.ascontiguousarray(self.coords[:, a]) for a in axes]
        codes = dense_codes(combine([from_ints(c) for c in columns]))
        counts = np.bincount(codes, weights=self.weights).astype(np.float64, copy=False)
        return counts, n_bins

    def entropy(self, axes, estimator):
        """Entropy in nats of the marginal over ``axes``."""
        counts, n_bins = self.marginal(axes)
        return float(for_estimator(entropy_counts, estimator)(counts, n_bins, estimator))


# --------------------------------------------------------- measures (nats)
def entropy(table, a, estimator):
    return table.entropy(a, estimator)


def conditional_entropy(table, a, b, estimator):
    """H(A | B)."""
    return table.entropy(a + b, estimator) - table.entropy(b, estimator)


def mutual_info(table, a, b, estimator):
    """I(A; B) = H(A) + H(B) - H(A, B)."""
    return combine_mutual_info(
        table.entropy(a, estimator),
        table.entropy(b, estimator),
        table.entropy(a + b, estimator),
        estimator,
    )


def combine_mutual_info(h_a, h_b, h_ab, estimator):
    """H(A) + H(B) - H(A, B); plug-in values are clipped at 0 (they are >= 0
    exactly, and only rounding could make them negative)."""
    value = h_a + h_b - h_ab
    return max(value, 0.0) if estimator == PLUGIN else value


def conditional_mutual_info(table, a, b, c, estimator):
    """I(A; B | C) = H(A,C) + H(B,C) - H(A,B,C) - H(C); plug-in clipped at 0."""
    return combine_cmi(
        table.entropy(a + c, estimator),
        table.entropy(b + c, estimator),
        table.entropy(a + b + c, estimator),
        table.entropy(c, estimator),
        estimator,
    )


def combine_cmi(h_ac, h_bc, h_abc, h_c, estimator):
    """H(A,C) + H(B,C) - H(A,B,C) - H(C); plug-in values clipped at 0."""
    value = h_ac + h_bc - (h_abc + h_c)
    return max(value, 0.0) if estimator == PLUGIN else value


# ------------------------------------------------------- counting of data
def dense_cell_limit(n):
    return max(n, 1 << 16)


# ------------------------------------------------ small problems, one kernel
# Plain integer labels below the size where counting goes parallel are
# counted and measured by one kernel call on the calling thread (no
# encoding, no thread pool); each function returns None when its inputs are
# not that simple, and the caller takes the general path.


def small_codes(variables, nan_policy):
    """``plain_codes`` of the variables for the one-call path, or None.
    ``nan_policy`` must be a valid policy: plain integers have nothing to drop."""
    if nan_policy != "raise" and nan_policy != "omit":
        return None  # the general path reports the bad policy
    return plain_codes(variables, PARALLEL_MIN_SAMPLES)


def small_entropy(x, estimator, k=0.0):
    """H(X) in nats of int64 codes, or None when the value range is too wide."""
    codes_entropy = for_estimator(kernels.codes_entropy, estimator)
    ok, h = codes_entropy(x, float(k), estimator, float(dense_cell_limit(x.shape[0])))
    return h if ok else None


def small_pair_entropies(x, y, estimator, k_x=0.0, k_y=0.0):
    """(H(X), H(Y), H(X, Y)) in nats of int64 codes, or None (see above)."""
    limit = float(dense_cell_limit(x.shape[0]))
    codes_pair_entropies = for_estimator(kernels.codes_pair_entropies, estimator)
    ok, h_x, h_y, h_xy = codes_pair_entropies(x, y, k_x, k_y, estimator, limit)
    return (h_x, h_y, h_xy) if ok else None


def small_conditional_mutual_info(x, y, z, estimator, k=(0.0, 0.0, 0.0)):
    """I(X; Y | Z) in nats of int64 codes (plug-in clipped at 0), or None."""
    limit = float(dense_cell_limit(x.shape[0]))
    codes_cmi_entropies = for_estimator(kernels.codes_cmi_entropies, estimator)
    ok, h_xz, h_yz, h_xyz, h_z = codes_cmi_entropies(x, y, z, *k, estimator, limit)
    return combine_cmi(h_xz, h_yz, h_xyz, h_z, estimator) if ok else None


def small_contingency(a, b):
    """``entropy.codes_contingency`` of int64 codes without its ``ok`` flag, or None."""
    result = kernels.codes_contingency(a, b, float(dense_cell_limit(a.shape[0])))
    return result[1:] if result[0] else None


def labels_pair_entropies(x, y, estimator, n_threads):
    """(H(X), H(Y), H(X, Y)) in nats of two encoded variables (``Labels``).

    The common two-variable case: one dense count table measured by one
    kernel, without building a ``Table``; very large alphabets go through the
    sparse ``Table``.
    """
    sizes = [x.n_levels, y.n_levels]
    if float(sizes[0]) * float(sizes[1]) > dense_cell_limit(x.n_samples):
        table = from_labels([x, y], n_threads)
        return tuple(table.entropy(axes, estimator) for axes in ((0,), (1,), (0, 1)))
    counts = _count_dense([x, y], sizes, n_threads).reshape(sizes)
    return for_estimator(pair_entropies, estimator)(counts, _alphabet(x), _alphabet(y), estimator)


def _alphabet(labels, n_observed=0):
    """K of an encoded variable: its ``categories`` when known (a pandas
    Categorical, ``n_categories=``), else its ``n_bins`` when known (hashed, or
    made of several columns), else ``n_observed`` (0 asks ``pair_entropies``
    to count the non-empty levels itself)."""
    if labels.categories is not None:
        return float(labels.categories)
    return float(labels.n_bins) if labels.n_bins is not None else float(n_observed)


def from_labels(variables, n_threads):
    """Count encoded variables (``Labels``) into a Table with no empty levels."""
    n = variables[0].n_samples
    sizes = [lab.n_levels for lab in variables]
    if float(np.prod(sizes, dtype=np.float64)) > dense_cell_limit(n):
        codes = [dense_codes(lab) for lab in variables]
        shape = tuple(int(c.max()) + 1 for c in codes)
        table = Table(coords=np.column_stack(codes), shape=shape)
    else:
        counts = _count_dense(variables, sizes, n_threads).reshape(sizes)
        table = Table(dense=_drop_empty_levels(counts))
    table.alphabet = tuple(_alphabet(lab, k) for lab, k in zip(variables, table.shape, strict=True))
    return table


def _count_dense(variables, sizes, n_threads):
    """Flat int64 counts of the joint levels (row-major over ``sizes``)."""
    size = math.prod(sizes)
    if len(variables) == 1:
        (a,) = variables

        def count(lo, hi, out):
            counting.count_shifted(a.values[lo:hi], a.offset, out)

    elif len(variables) == 2:
        a, b = variables

        def count(lo, hi, out):
            counting.count_pairs(
                a.values[lo:hi], a.offset, b.values[lo:hi], b.offset, b.n_levels, out
            )

    elif len(variables) == 3:
        a, b, c = variables

        def count(lo, hi, out):
            counting.count_triples(
                a.values[lo:hi], a.offset, b.values[lo:hi], b.offset, b.n_levels,
                c.values[lo:hi], c.offset, c.n_levels, out,
            )  # fmt: skip

    else:
        flat = np.zeros(variables[0].n_samples, dtype=np.int64)
        for lab, k in zip(variables, sizes, strict=True):
            flat *= k
            flat += lab.values - lab.offset

        def count(lo, hi, out):
            counting.count_shifted(flat[lo:hi], 0, out)

    n = variables[0].n_samples
    n_chunks = n_threads if n >= PARALLEL_MIN_SAMPLES and size <= n // 8 else 1
    if n_chunks == 1:
        counts = np.zeros(size, dtype=np.int64)
        count(0, n, counts)
        return counts
    bounds = _threads.chunk_bounds(n, n_chunks)
    partial = np.zeros((len(bounds), size), dtype=np.int64)

    def task(i):
        count(bounds[i][0], bounds[i][1], partial[i])

    _threads.parallel_map(task, range(len(bounds)), n_threads)
    return partial[0] if len(bounds) == 1 else partial.sum(axis=0)


def _drop_empty_levels(counts):
    index = []
    for axis in range(counts.ndim):
        others = tuple(a for a in range(counts.ndim) if a != axis)
        index.append(np.flatnonzero(counts.sum(axis=others) > 0))
    if all(len(i) == s for i, s in zip(index, counts.shape, strict=True)):
        return counts
    return counts[np.ix_(*index)]
