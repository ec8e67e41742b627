"""The shared-permutation copula null of ``permutation_test_matrix``.

Draw k of pair (i, j) is the correlation of the normal scores ``za[i]`` and
``zb[j, perm_k]``.  A block of permutations is processed one column block J
of ``zb`` at a time: gather the permuted scores of J (``|J| x b`` rows), one
BLAS product with the rows of ``za`` that pair with J, then one fused pass
(``tally_correlations``) that counts, sums and takes maxima.  Column blocks
keep the gathered scores in cache and give BLAS products with many rows (row
blocks of ``za`` make thin, slower products); for a pairwise matrix the
product of J needs the rows i < max(J) only, so the blocks together do
little more than the upper triangle's multiply-adds.

Gathering and tallying are split over fastmi's threads by columns and rows:
every pair's count and sum is computed by one thread in permutation order
and maxima are exact, so results do not depend on the thread count.  Block
sizes depend on the sample size only; the counts and maxima do not depend on
them (beyond BLAS's rounding, which may vary with the product's shape), the
MI sums only by rounding.
"""

import numpy as np

from fastmi import _threads
from fastmi.significance._draws import draw_permutations

# Permutations per block: wider products amortize the per-call overhead.
_PERMUTATIONS = 32
# Gathered score values per column block (4 MB): stays in the L2/L3 cache.
_GATHERED_VALUES = 1 << 19
# A pairwise matrix is cut into at least this many column blocks (of >= 12
# columns): with B blocks the products do (1 + 1/B) / 2 of the full product.
_TRIANGLE_BLOCKS = 16


class CopulaNull:
    """Running counts of one permutation test over all pairs of ``za x zb``.

    ``za`` (p, n) and ``zb`` (q, n): C-contiguous standardized normal scores;
    ``observed_r2`` (p, q): the observed squared correlations; ``triangle``:
    only pairs i < j are tests (``zb is za``); ``mi_args`` = (cap, shift,
    scale) of the MI of a correlation (see ``tally_correlations``).
    """

    def __init__(self, za, zb, observed_r2, triangle, mi_args, n_jobs):
        self.za, self.zb, self.observed_r2 = za, zb, observed_r2
        self.triangle, self.mi_args = triangle, mi_args
        self.n_threads = _threads.resolve_n_jobs(n_jobs)
        p, q, n = za.shape[0], zb.shape[0], za.shape[1]
        self.size = max(1, min(_PERMUTATIONS, _GATHERED_VALUES // n))
        n_blocks = -(-q * self.size * n // _GATHERED_VALUES)
        if triangle:
            n_blocks = max(n_blocks, min(_TRIANGLE_BLOCKS, q // 12))
        self.columns = _threads.chunk_bounds(q, n_blocks)
        # Buffers reused by every block: fresh MB-sized arrays page-fault.
        width = max(j1 - j0 for j0, j1 in self.columns)
        self._gathered = np.empty(width * self.size * n)
        self._products = np.empty(p * width * self.size)
        self.reached = np.zeros((p, q), dtype=np.int64)
        self.null_sum = np.zeros((p, q))

    def add(self, seeds):
        """Tally the permutations of ``seeds``; returns their largest tested r^2.

        Blocks must be added in permutation order (the sums run in it).
        """
        from fastmi.gaussian import cross_products

        b, n = len(seeds), self.za.shape[1]
        perms = draw_permutations(seeds, n)
        largest = np.full(b, -np.inf)
        for j0, j1 in self.columns:
            rows = j1 - 1 if self.triangle else self.za.shape[0]  # pairs i < j only
            if rows <= 0:
                continue
            gathered = self._gather(perms, j0, j1)
            r = self._products[: rows * (j1 - j0) * b].reshape(rows, (j1 - j0) * b)
            cross_products(self.za[:rows], gathered.reshape(-1, n), out=r)
            for top in self._tally(r.reshape(rows, j1 - j0, b), j0):
                np.maximum(largest, top, out=largest)
        return largest

    def _gather(self, perms, j0, j1):
        """(j1 - j0, b, n): [c, k] holds column j0 + c of zb under permutation k."""
        from fastmi._kernels.permute import permuted_rows

        b, n = perms.shape
        out = self._gathered[: (j1 - j0) * b * n].reshape(j1 - j0, b, n)

        def gather(c):
            permuted_rows(self.zb[j0 + c[0] : j0 + c[1]], perms, out[c[0] : c[1]])

        self._map(gather, j1 - j0)
        return out

    def _tally(self, r, j0):
        """Tally the draws r[i, c, k] of pairs (i, j0 + c); per-thread maxima."""
        from fastmi._kernels.null_tally import tally_correlations

        def tally(a):
            top = np.full(r.shape[2], -np.inf)
            tally_correlations(
                r[a[0] : a[1]],
                a[0],
                j0,
                self.triangle,
                self.observed_r2,
                self.mi_args,
                self.reached,
                self.null_sum,
                top,
            )
            return top

        return self._map(tally, r.shape[0])

    def _map(self, func, n_items):
        """``func((start, stop))`` over contiguous chunks of range(n_items)."""
        chunks = _threads.chunk_bounds(n_items, self.n_threads)
        return _threads.parallel_map(func, chunks, self.n_threads)
