"""Shared machinery of the resampling tests: seeds, blocks, threads, progress.

A run of ``n_draws`` draws (permutations or bootstrap resamples) takes one
64-bit seed per draw from ``random_state``, in order, so draw ``j`` depends
on ``seeds[j]`` only.  Draws are made in fixed blocks (sizes depend on the
sample size, never on the thread count); blocks go to fastmi's threads in
batches and ``progress(done, total)`` is called from the calling thread
after each batch.  The result is therefore the same for any ``n_jobs``.
"""

import numpy as np

from fastmi import _threads
from fastmi import _validation as v
from fastmi._kernels.permute import fill_permutations, fill_resamples

# Permutation indices per block: about 4 MB of int64 whatever the sample size.
_BLOCK_VALUES = 1 << 19


def draw_seeds(rng, n_draws):
    """One seed per draw, taken from the Generator ``rng`` in order."""
    return rng.integers(2**63 - 1, size=n_draws, dtype=np.int64)


def permutations(seeds, n):
    """The permutations that the tests of :mod:`fastmi.significance` draw.

    Row j of the (len(seeds), n) int64 result is the permutation of
    0..n-1 drawn from ``seeds[j]`` (SplitMix64 and Fisher-Yates, see
    ``fastmi._kernels.permute``); a seed gives the same permutation in any
    block.  A test with ``random_state=s`` uses the seeds
    ``numpy.random.default_rng(s).integers(2**63 - 1, size=n_permutations)``
    (for "ksg" and "mixed", and for every ``permutation_test_matrix``, after
    one first draw: the jitter seed).

    >>> from fastmi.significance import permutations
    >>> permutations([7, 7], 5)[0].tolist() == permutations([7], 5)[0].tolist()
    True
    """
    func = "permutations"
    n = v.check_int(n, "n", func, low=1)
    seeds = np.asarray(seeds)
    if seeds.ndim != 1 or seeds.dtype.kind not in "iu" or (seeds.size and seeds.min() < 0):
        raise ValueError(f"seeds must be a 1-D array of ints >= 0 in {func}; got {seeds!r}.")
    if seeds.size and seeds.max() > 2**63 - 1:
        raise ValueError(f"seeds must be below 2**63 in {func}.")
    return draw_permutations(seeds.astype(np.int64), n)


def draw_permutations(seeds, n):
    """``permutations`` without the checks (int64 seeds >= 0, n >= 1)."""
    out = np.empty((len(seeds), n), dtype=np.int64)
    with np.errstate(over="ignore"):  # SplitMix64 multiplies modulo 2**64 (no JIT)
        fill_permutations(np.asarray(seeds, dtype=np.int64), out)
    return out


def resamples(seeds, n):
    """(len(seeds), n) int64: row j holds the n row indices of bootstrap
    resample j (uniform, with replacement), drawn from seeds[j]."""
    out = np.empty((len(seeds), n), dtype=np.int64)
    with np.errstate(over="ignore"):
        fill_resamples(np.asarray(seeds, dtype=np.int64), out)
    return out


def block_size(n):
    """Draws per block for samples of size ``n``."""
    return max(1, min(256, _BLOCK_VALUES // max(n, 1)))


def check_progress(progress, func):
    if progress is not None and not callable(progress):
        v.not_callable_error("progress", progress, func)
    return progress


def run_blocks(seeds, n, work, n_threads, progress=None, size=None):
    """``work(block_seeds)`` over consecutive blocks of the seeds (``size``
    draws each, default :func:`block_size` ``(n)``); the callers turn the
    seeds into draws (:func:`permutations`, :func:`resamples`).

    Returns the list of the blocks' results in draw order.  Blocks are run
    ``n_threads`` at a time; ``progress(done_draws, total_draws)`` follows
    every batch.
    """
    total = len(seeds)
    size = block_size(n) if size is None else size
    starts = list(range(0, total, size))
    results = []
    batch = max(1, n_threads)
    for b in range(0, len(starts), batch):
        chunk = starts[b : b + batch]
        results.extend(_threads.parallel_map(lambda s: work(seeds[s : s + size]), chunk, n_threads))
        if progress is not None:
            progress(min(total, chunk[-1] + size), total)
    return results
