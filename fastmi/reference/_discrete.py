"""Plain-numpy discrete measures, written for clarity (results in nats).

Labels: 1-D sequences (or 2-D arrays whose rows are the joint labels).
"""

import numpy as np

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


def entropy_from_counts(counts, n_bins=None, estimator="plugin"):
    """Entropy in nats of a count vector by the named estimator."""
    c = np.asarray(counts, dtype=np.float64).ravel()
    c = c[c > 0]
    n = c.sum()
    p = c / n
    h = -np.sum(p * np.log(p))
    if estimator == "plugin":
        return h
    if estimator == "miller_madow":
        return h + (len(c) - 1) / (2 * n)
    raise ValueError(f"unknown estimator {estimator!r}")


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
