"""Plain-numpy nearest-neighbour estimators, O(n^2) with explicit distance
matrices (results in nats, no preprocessing, no clipping).

Each follows its paper's definition literally; fastmi's kernels must agree
with them on tie-free data.
"""

import math

import numpy as np
from scipy.special import digamma, gammaln

__all__ = [
    "max_norm_distances",
    "kth_distances",
    "ksg_mi",
    "ksg_cmi",
    "kl_entropy",
    "ross_mi",
    "gao_mi",
]


def _columns(x):
    x = np.asarray(x, dtype=np.float64)
    return x.reshape(x.shape[0], -1)


def max_norm_distances(x):
    """``D[i, j] = max_c |x[i, c] - x[j, c]|``."""
    x = _columns(x)
    return np.abs(x[:, None, :] - x[None, :, :]).max(axis=2)


def kth_distances(dist, k):
    """Distance from each point to its k-th nearest other point."""
    others = dist.copy()
    np.fill_diagonal(others, np.inf)
    return np.sort(others, axis=1)[:, k - 1]


def _count_others(dist, radius, strict):
    inside = dist < radius[:, None] if strict else dist <= radius[:, None]
    np.fill_diagonal(inside, False)
    return inside.sum(axis=1)


def ksg_mi(x, y, k=3, algorithm=1):
    """Kraskov, Stoegbauer & Grassberger (2004), algorithm 1 or 2."""
    x, y = _columns(x), _columns(y)
    n = x.shape[0]
    dx, dy = max_norm_distances(x), max_norm_distances(y)
    joint = np.maximum(dx, dy)
    if algorithm == 1:
        eps = kth_distances(joint, k)
        nx = _count_others(dx, eps, strict=True)
        ny = _count_others(dy, eps, strict=True)
        return digamma(k) + digamma(n) - np.mean(digamma(nx + 1) + digamma(ny + 1))
    others = joint.copy()
    np.fill_diagonal(others, np.inf)
    neighbours = np.argsort(others, axis=1, kind="stable")[:, :k]
    rows = np.arange(n)[:, None]
    eps_x = dx[rows, neighbours].max(axis=1)
    eps_y = dy[rows, neighbours].max(axis=1)
    nx = _count_others(dx, eps_x, strict=False)
    ny = _count_others(dy, eps_y, strict=False)
    return digamma(k) - 1.0 / k + digamma(n) - np.mean(digamma(nx) + digamma(ny))


def ksg_cmi(x, y, z, k=3):
    """Frenzel & Pompe (2007) conditional MI I(X; Y | Z)."""
    dx, dy, dz = (max_norm_distances(a) for a in (x, y, z))
    eps = kth_distances(np.maximum(np.maximum(dx, dy), dz), k)
    n_xz = _count_others(np.maximum(dx, dz), eps, strict=True)
    n_yz = _count_others(np.maximum(dy, dz), eps, strict=True)
    n_z = _count_others(dz, eps, strict=True)
    return digamma(k) - np.mean(digamma(n_xz + 1) + digamma(n_yz + 1) - digamma(n_z + 1))


def kl_entropy(x, k=3, p=np.inf):
    """Kozachenko-Leonenko entropy with the max-norm (p=inf) or Euclidean (p=2) ball."""
    x = _columns(x)
    n, d = x.shape
    if p == np.inf:
        dist = max_norm_distances(x)
        log_volume = d * math.log(2.0)
    else:
        dist = np.sqrt(((x[:, None, :] - x[None, :, :]) ** 2).sum(axis=2))
        log_volume = 0.5 * d * math.log(math.pi) - gammaln(0.5 * d + 1.0)
    eps = kth_distances(dist, k)
    return digamma(n) - digamma(k) + log_volume + d * np.mean(np.log(eps))


def _class_radii(dist, labels, k):
    """Per point: k_i = min(k, n_c - 1) and the distance to its k_i-th
    same-class neighbour; points of one-sample classes are dropped."""
    values, counts = np.unique(labels, return_counts=True)
    size = counts[np.searchsorted(values, labels)]
    keep = size > 1
    dist, labels, size = dist[np.ix_(keep, keep)], labels[keep], size[keep]
    k_i = np.minimum(k, size - 1)
    rho = np.empty(labels.shape[0])
    for i in range(labels.shape[0]):
        same = dist[i, labels == labels[i]]
        rho[i] = np.sort(same)[k_i[i]]  # index 0 is the point itself
    return dist, labels, size, k_i, rho


def ross_mi(c, d, k=3):
    """Ross (2014): continuous c (max-norm if multivariate) vs discrete d, in
    the form scikit-learn computes: m_i counts the points (itself included)
    strictly closer than the k-th same-class neighbour."""
    dist, labels, size, k_i, rho = _class_radii(max_norm_distances(c), np.asarray(d), k)
    n = labels.shape[0]
    if n == 0:  # every class has one sample: nothing to estimate from
        return 0.0
    m = (dist < rho[:, None]).sum(axis=1)
    return digamma(n) + np.mean(digamma(k_i)) - np.mean(digamma(size)) - np.mean(digamma(m))


def gao_mi(c, d, k=3):
    """Gao, Kannan, Oh & Viswanath (2017) with d under the 0/inf metric."""
    dist, labels, size, k_i, rho = _class_radii(max_norm_distances(c), np.asarray(d), k)
    n = labels.shape[0]
    if n == 0:  # every class has one sample: nothing to estimate from
        return 0.0
    same = labels[:, None] == labels[None, :]
    tied = rho == 0
    k_tilde = np.where(tied, ((dist == 0) & same).sum(axis=1), k_i)
    n_x = np.where(tied, (dist == 0).sum(axis=1), (dist < rho[:, None]).sum(axis=1))
    return np.mean(digamma(k_tilde) + math.log(n) - digamma(n_x) - digamma(size))
