"""Plain-numpy discrete measures, written for clarity (results in nats).

Labels: 1-D sequences (or 2-D arrays whose rows are the joint labels).
"""

import numpy as np
from scipy.integrate import quad
from scipy.optimize import brentq
from scipy.special import digamma, gammaln

__all__ = [
    "counts_of",
    "entropy_from_counts",
    "entropy",
    "joint_entropy",
    "conditional_entropy",
    "mutual_info",
    "conditional_mutual_info",
    "kl_divergence",
    "cross_entropy",
]


def counts_of(*variables):
    """Counts of the observed joint levels of equal-length label arrays."""
    columns = []
    for x in variables:
        arr = np.asarray(x)
        arr = arr.reshape(len(arr), -1)
        for j in range(arr.shape[1]):
            columns.append(np.unique(arr[:, j], return_inverse=True)[1].ravel())
    rows = np.stack(columns, axis=1)
    _, counts = np.unique(rows, axis=0, return_counts=True)
    return counts.astype(np.float64)


def _levels(x):
    arr = np.asarray(x)
    arr = arr.reshape(len(arr), -1)
    return int(np.prod([len(np.unique(arr[:, j])) for j in range(arr.shape[1])]))


_ESTIMATORS = ("miller_madow", "chao_shen", "james_stein", "nsb", "grassberger")


def entropy_from_counts(counts, n_bins=None, estimator="plugin"):
    """Entropy in nats of a count vector by the named estimator.

    ``n_bins`` is the alphabet size K (observed cells or not) that
    James-Stein and NSB assume; with K <= 1 every estimator gives 0.
    """
    c = np.asarray(counts, dtype=np.float64).ravel()
    c = c[c > 0]
    n = c.sum()
    p = c / n
    h = -np.sum(p * np.log(p))
    if estimator == "plugin":
        return h
    if n_bins is not None and n_bins <= 1 and estimator in _ESTIMATORS:
        return 0.0  # one possible outcome: nothing to correct
    if estimator == "miller_madow":
        return h + (len(c) - 1) / (2 * n)
    if estimator == "chao_shen":
        return _chao_shen(c)
    if estimator == "james_stein":
        return _james_stein(c, n_bins)
    if estimator == "nsb":
        return _nsb(c, n_bins)
    if estimator == "grassberger":
        return _grassberger(c)
    raise ValueError(f"unknown estimator {estimator!r}")


def _chao_shen(c):
    """Chao & Shen (2003): coverage-adjusted Horvitz-Thompson estimator."""
    n = c.sum()
    f1 = np.sum(c == 1)
    if f1 == n:
        f1 = n - 1
    pa = (1 - f1 / n) * c / n
    return float(-np.sum(pa * np.log(pa) / (1 - (1 - pa) ** n)))


def _james_stein(c, n_bins):
    """Hausser & Strimmer (2009): shrink frequencies towards 1/K, then plug in."""
    u = np.zeros(int(n_bins))
    u[: len(c)] = c / c.sum()
    n = c.sum()
    target = 1 / n_bins
    if n <= 1 or np.sum((u - target) ** 2) == 0:
        lam = 1.0
    else:
        lam = np.sum(u * (1 - u) / (n - 1)) / np.sum((u - target) ** 2)
        lam = min(1.0, max(0.0, lam))
    shrunk = lam * target + (1 - lam) * u
    shrunk = shrunk[shrunk > 0]
    return float(-np.sum(shrunk * np.log(shrunk)))


def _grassberger(c):
    """Grassberger (2003): H = log N - (1/N) sum n G(n)."""
    sign = np.where(c % 2 == 0, 1.0, -1.0)
    g = digamma(c) + 0.5 * sign * (digamma((c + 1) / 2) - digamma(c / 2))
    n = c.sum()
    return float(np.log(n) - np.sum(c * g) / n)


def _nsb(c, n_bins):
    """Nemenman, Shafee & Bialek (2002) as they state it: a uniform prior on
    xi = E[H | beta] over [0, log K], the Dirichlet(beta) posterior mean of H
    at beta(xi) (inverted by root finding), integrated over xi by quad."""
    k, n = float(n_bins), c.sum()

    def xi(beta):
        return digamma(k * beta + 1) - digamma(beta + 1)

    def beta_of(x):
        lo, hi = -69.0, 69.0  # log beta in [1e-30, 1e30]
        if xi(np.exp(hi)) <= x:  # within rounding of log K
            return np.exp(hi)
        return np.exp(brentq(lambda u: xi(np.exp(u)) - x, lo, hi, xtol=1e-14))

    def log_likelihood(beta):
        value = gammaln(k * beta) - gammaln(n + k * beta)
        return value + np.sum(gammaln(c + beta) - gammaln(beta))

    def mean_entropy(beta):
        a = n + k * beta
        seen = np.sum((c + beta) * digamma(c + beta + 1))
        unseen = (k - len(c)) * beta * digamma(beta + 1)
        return digamma(a + 1) - (seen + unseen) / a

    top_xi = np.log(k)
    grid = np.linspace(0, top_xi, 2001)[1:-1]
    logs = [log_likelihood(beta_of(x)) for x in grid]
    peak, top = grid[int(np.argmax(logs))], max(logs)

    def weight(x):
        return np.exp(log_likelihood(beta_of(x)) - top)

    options = {"points": [peak], "limit": 1000, "epsabs": 0, "epsrel": 1e-12}
    norm = quad(weight, 0, top_xi, **options)[0]
    total = quad(lambda x: weight(x) * mean_entropy(beta_of(x)), 0, top_xi, **options)[0]
    return float(total / norm)


def _h(variables, estimator):
    n_bins = int(np.prod([_levels(x) for x in variables]))
    return entropy_from_counts(counts_of(*variables), n_bins, estimator)


def entropy(x, estimator="plugin"):
    return _h([x], estimator)


def joint_entropy(*variables, estimator="plugin"):
    return _h(list(variables), estimator)


def conditional_entropy(x, y, estimator="plugin"):
    return _h([x, y], estimator) - _h([y], estimator)


def mutual_info(x, y, estimator="plugin"):
    return _h([x], estimator) + _h([y], estimator) - _h([x, y], estimator)


def conditional_mutual_info(x, y, z, estimator="plugin"):
    return (
        _h([x, z], estimator)
        + _h([y, z], estimator)
        - _h([x, y, z], estimator)
        - _h([z], estimator)
    )


def kl_divergence(p, q):
    p = np.asarray(p, float).ravel()
    q = np.asarray(q, float).ravel()
    p, q = p / p.sum(), q / q.sum()
    s = p > 0
    return float(np.sum(p[s] * np.log(p[s] / q[s])))


def cross_entropy(p, q):
    p = np.asarray(p, float).ravel()
    q = np.asarray(q, float).ravel()
    p, q = p / p.sum(), q / q.sum()
    s = p > 0
    return float(-np.sum(p[s] * np.log(q[s])))
