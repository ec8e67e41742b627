"""Plain-numpy Gaussian, Gaussian-copula and histogram MI, written for clarity (nats).

x and y: 1-D arrays or 2-D arrays of shape (n_samples, n_columns).
"""

import numpy as np
from scipy import special, stats

__all__ = [
    "normal_scores",
    "gaussian_entropy",
    "gaussian_mi",
    "copula_mi",
    "copula_mi_discrete",
    "histogram_mi",
]


def _columns(x):
    arr = np.asarray(x, dtype=np.float64)
    return arr.reshape(len(arr), -1)


def normal_scores(X):
    """Φ⁻¹(rank / (n + 1)) per column, ties given their average rank."""
    arr = np.asarray(X, dtype=np.float64)
    ranks = stats.rankdata(arr, method="average", axis=0)
    return special.ndtri(ranks / (arr.shape[0] + 1))


def gaussian_entropy(x, bias_correction=False):
    """Differential entropy ½ log det(2πe Σ) of a Gaussian with the sample
    covariance of ``x``; with ``bias_correction`` minus the Wishart bias
    d/2 log(2/(n-1)) + ½ Σ_{i=1..d} ψ((n-i)/2) (Ince et al. 2017)."""
    arr = _columns(x)
    n, d = arr.shape
    cov = np.atleast_2d(np.cov(arr, rowvar=False))
    h = 0.5 * np.log(np.linalg.det(2 * np.pi * np.e * cov))
    if bias_correction:
        bias = 0.5 * d * np.log(2.0 / (n - 1))
        for i in range(1, d + 1):
            bias += 0.5 * special.psi((n - i) / 2.0)
        h -= bias
    return h


def gaussian_mi(x, y, bias_correction=False):
    """H(X) + H(Y) - H(X, Y) of Gaussians with the sample covariances."""
    xa, ya = _columns(x), _columns(y)
    joint = np.hstack([xa, ya])
    return (
        gaussian_entropy(xa, bias_correction)
        + gaussian_entropy(ya, bias_correction)
        - gaussian_entropy(joint, bias_correction)
    )


def copula_mi(x, y, bias_correction=True):
    """Gaussian MI of the normal scores of every column (Ince et al. 2017)."""
    return gaussian_mi(normal_scores(_columns(x)), normal_scores(_columns(y)), bias_correction)


def copula_mi_discrete(x, y, bias_correction=True):
    """H(X) - sum_c p(c) H(X | Y = c) of the normal scores of x, each class a
    Gaussian (Ince et al. 2017); y: 1-D labels."""
    scores = normal_scores(_columns(x))
    labels = np.asarray(y)
    h = gaussian_entropy(scores, bias_correction)
    for c in np.unique(labels):
        in_class = labels == c
        h -= in_class.mean() * gaussian_entropy(scores[in_class], bias_correction)
    return h


def histogram_mi(x, y, bins=10):
    """Plug-in MI of the equal-width histogram of (x, y) (numpy.histogramdd).

    ``bins`` is an int or a numpy rule name, applied to each column alone.
    """
    xa, ya = _columns(x), _columns(y)
    joint = np.hstack([xa, ya])
    edges = [np.histogram_bin_edges(joint[:, j], bins=bins) for j in range(joint.shape[1])]
    counts, _ = np.histogramdd(joint, bins=edges)
    p_xy = counts / counts.sum()
    dx = xa.shape[1]
    p_x = p_xy.sum(axis=tuple(range(dx, joint.shape[1])), keepdims=True)
    p_y = p_xy.sum(axis=tuple(range(dx)), keepdims=True)
    expected = p_x * p_y
    nonzero = p_xy > 0
    return float(np.sum(p_xy[nonzero] * np.log(p_xy[nonzero] / expected[nonzero])))
