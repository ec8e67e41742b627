"""Plain-numpy greedy feature selection: every criterion of ``fastmi.selection``
evaluated from its formula at every step, each MI and conditional MI
recomputed from the data (nats).  The oracle of the tests and the baseline of
``ci/selection_speed.py``.

Each step scores every remaining candidate X_k against every selected X_j
(Brown et al. 2012, JMLR 13, Table 1 and eq. 13), so a run costs
O(p |S|^2) MI evaluations where ``fastmi.selection`` needs O(p |S|).

Discrete entropies come from the counts of the observed joint levels
(``np.bincount`` of a mixed-radix key) with ``entropy_from_counts``; the
alphabet size of a joint variable is the product of the observed levels of
its parts.  Copula terms are Gaussian entropies ½ log det(2πe Σ) of the
normal scores (Ince et al. 2017), with the Wishart bias correction.
"""

import math

import numpy as np
from scipy import special, stats

from fastmi.reference._discrete import entropy_from_counts

__all__ = ["select_features_reference"]


def _dense(values):
    return np.unique(values, return_inverse=True)[1].ravel()


def _entropy_of(variables, estimator):
    """Entropy of the joint variable of dense code arrays ``variables``; its
    alphabet is the product of their numbers of levels."""
    code = np.zeros(len(variables[0]), dtype=np.int64)
    n_bins = 1
    for values in variables:
        levels = int(values.max()) + 1
        code = code * levels + values
        n_bins *= levels
    if code.max() < 4 * len(code) + 64:
        counts = np.bincount(code)
        counts = counts[counts > 0]
    else:
        counts = np.unique(code, return_counts=True)[1]
    return entropy_from_counts(counts, n_bins, estimator)


class _DiscreteTerms:
    """Entropies of columns ("y" for the target), recomputed on every call."""

    def __init__(self, X, y, estimator):
        X = np.asarray(X)
        self.columns = [_dense(X[:, j]) for j in range(X.shape[1])]
        self.y = _dense(np.asarray(y))
        self.estimator = estimator

    def h(self, *keys):
        variables = [self.y if key == "y" else self.columns[key] for key in keys]
        return _entropy_of(variables, self.estimator)

    def _pair(self, j):
        """(y, X_j) as one variable whose levels are its observed combinations."""
        return _dense(self.y * (int(self.columns[j].max()) + 1) + self.columns[j])

    def _h_pair(self, k, j):
        """H(pair) and H(X_k, pair) for the pair (y, X_j)."""
        pair = self._pair(j)
        return (
            _entropy_of([pair], self.estimator),
            _entropy_of([self.columns[k], pair], self.estimator),
        )

    def mi(self, a, b):
        return self.h(a) + self.h(b) - self.h(a, b)

    def cmi_y_given(self, k, j):
        """I(X_k; y | X_j) = H(X_k, X_j) + H(y, X_j) - H(X_k, y, X_j) - H(X_j)."""
        h_pair, h_all = self._h_pair(k, j)
        return self.h(k, j) + h_pair - h_all - self.h(j)

    def cmi_given_y(self, k, j):
        """I(X_k; X_j | y) = H(X_k, y) + H(X_j, y) - H(X_k, X_j, y) - H(y)."""
        h_pair, h_all = self._h_pair(k, j)
        return self.h(k, "y") + h_pair - h_all - self.h("y")

    def joint_mi(self, k, j):
        """I(X_k, X_j; y) = H(X_k, X_j) + H(y) - H(X_k, X_j, y)."""
        return self.h(k, j) + self.h("y") - self.h(k, j, "y")

    def joint_entropy(self, k, j):
        return self.h(k, j, "y")


class _CopulaTerms:
    def __init__(self, X, y, bias_correction):
        data = np.column_stack([np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)])
        ranks = stats.rankdata(data, method="average", axis=0)
        self.scores = special.ndtri(ranks / (data.shape[0] + 1))
        self.y = data.shape[1] - 1
        self.bias_correction = bias_correction

    def h(self, *keys):
        """Gaussian entropy ½ log det(2πe Σ) of the normal scores of ``keys``."""
        cols = [self.y if key == "y" else key for key in keys]
        z = self.scores[:, cols]
        n, d = z.shape
        cov = np.atleast_2d(np.cov(z, rowvar=False))
        h = 0.5 * np.linalg.slogdet(2 * np.pi * np.e * cov)[1]
        if self.bias_correction:
            h -= 0.5 * d * math.log(2.0 / (n - 1))
            h -= 0.5 * sum(special.psi((n - i) / 2.0) for i in range(1, d + 1))
        return h

    def mi(self, a, b):
        return self.h(a) + self.h(b) - self.h(a, b)

    def cmi_y_given(self, k, j):
        return self.h(k, j) + self.h("y", j) - self.h(k, "y", j) - self.h(j)

    def cmi_given_y(self, k, j):
        return self.h(k, "y") + self.h(j, "y") - self.h(k, j, "y") - self.h("y")

    def joint_mi(self, k, j):
        return self.h(k, j) + self.h("y") - self.h(k, j, "y")


def _score(criterion, terms, k, selected, beta, gamma):
    rel = terms.mi(k, "y")
    if not selected or criterion == "mim":
        return rel
    S = selected
    if criterion == "mrmr":
        return rel - np.mean([terms.mi(k, j) for j in S])
    if criterion == "mrmr_quotient":
        mean = np.mean([terms.mi(k, j) for j in S])
        if mean > 0:
            return rel / mean
        return math.inf if rel > 0 else 0.0
    if criterion == "jmi":
        return sum(terms.joint_mi(k, j) for j in S)
    if criterion == "jmim":
        return min(terms.joint_mi(k, j) for j in S)
    if criterion == "cmim":
        return min([rel] + [terms.cmi_y_given(k, j) for j in S])
    if criterion == "disr":
        total = 0.0
        for j in S:
            h = terms.joint_entropy(k, j)
            total += terms.joint_mi(k, j) / h if h > 0 else 0.0
        return total
    if criterion == "icap":
        return rel - sum(max(0.0, terms.mi(k, j) - terms.cmi_given_y(k, j)) for j in S)
    if criterion == "cife":
        beta, gamma = 1.0, 1.0
    redundancy = sum(terms.mi(k, j) for j in S)
    conditional = sum(terms.cmi_given_y(k, j) for j in S)
    return rel - beta * redundancy + gamma * conditional  # cife, beta_gamma


def select_features_reference(
    X,
    y,
    n_features,
    criterion,
    method="discrete",
    *,
    beta=None,
    gamma=None,
    estimator="plugin",
    bias_correction=True,
):
    """Greedy selection by ``criterion`` (names of ``fastmi.selection.CRITERIA``).

    ``method``: "discrete" (labels; ``estimator`` as ``entropy_from_counts``)
    or "copula" (real values).  Returns (indices, scores) in nats (no unit for
    "mrmr_quotient" and "disr"); ties go to the lowest index.
    """
    if method == "discrete":
        terms = _DiscreteTerms(X, y, estimator)
    else:
        terms = _CopulaTerms(X, y, bias_correction)
    p = np.shape(X)[1]
    selected, scores = [], []
    for _ in range(n_features):
        best, best_score = None, -math.inf
        for k in range(p):
            if k in selected:
                continue
            score = _score(criterion, terms, k, selected, beta, gamma)
            if best is None or score > best_score:
                best, best_score = k, score
        selected.append(best)
        scores.append(best_score)
    return np.array(selected), np.array(scores)
