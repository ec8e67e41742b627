"""Plain-numpy clustering comparison scores, written for clarity (nats).

Labels: two 1-D sequences of equal length.  The expected mutual information
follows Vinh, Epps & Bailey (2010), eq. 24a, as a triple loop over rows,
columns and the hypergeometric support, with log-gamma from scipy.
"""

import math
from fractions import Fraction

import numpy as np
from scipy.special import gammaln

__all__ = [
    "contingency_table",
    "clustering_entropies",
    "expected_mutual_info",
    "expected_mutual_info_exact",
    "normalized_mutual_info",
    "adjusted_mutual_info",
    "variation_of_information",
    "homogeneity_completeness_v_measure",
]


def contingency_table(a, b):
    """Dense (clusters of a) x (clusters of b) table of counts."""
    _, codes_a = np.unique(np.asarray(a), return_inverse=True)
    _, codes_b = np.unique(np.asarray(b), return_inverse=True)
    table = np.zeros((codes_a.max() + 1, codes_b.max() + 1), dtype=np.int64)
    np.add.at(table, (codes_a.ravel(), codes_b.ravel()), 1)
    return table


def _entropy(counts):
    p = counts[counts > 0] / counts.sum()
    return float(-np.sum(p * np.log(p)))


def clustering_entropies(a, b):
    """(H(A), H(B), H(A, B), I(A; B)) in nats."""
    table = contingency_table(a, b)
    h_a = _entropy(table.sum(axis=1))
    h_b = _entropy(table.sum(axis=0))
    h_ab = _entropy(table.ravel())
    return h_a, h_b, h_ab, h_a + h_b - h_ab


def expected_mutual_info(a, b):
    """E[I(A; B)] under the permutation model, one term per (i, j, n_ij)."""
    table = contingency_table(a, b)
    rows, cols = table.sum(axis=1), table.sum(axis=0)
    n = int(table.sum())
    emi = 0.0
    for a_i in rows:
        for b_j in cols:
            for k in range(max(1, a_i + b_j - n), min(a_i, b_j) + 1):
                log_p = (
                    gammaln(a_i + 1)
                    + gammaln(b_j + 1)
                    + gammaln(n - a_i + 1)
                    + gammaln(n - b_j + 1)
                    - gammaln(n + 1)
                    - gammaln(k + 1)
                    - gammaln(a_i - k + 1)
                    - gammaln(b_j - k + 1)
                    - gammaln(n - a_i - b_j + k + 1)
                )
                emi += k / n * np.log(n * k / (a_i * b_j)) * np.exp(log_p)
    return float(emi)


def expected_mutual_info_exact(a, b):
    """The same sum with exact rational hypergeometric probabilities (math.comb).

    Only the logarithms and the final float sum are rounded, so this is the
    oracle for large N, where log-gamma differences lose digits.  Pairs of
    clusters with the same sizes give the same terms, so each is computed once.
    """
    table = contingency_table(a, b)
    n = int(table.sum())
    pair_terms = {}
    terms = []
    for a_i in table.sum(axis=1).tolist():
        for b_j in table.sum(axis=0).tolist():
            if (a_i, b_j) not in pair_terms:
                pair_terms[a_i, b_j] = _exact_pair_terms(a_i, b_j, n)
            terms.extend(pair_terms[a_i, b_j])
    return math.fsum(terms)


def _exact_pair_terms(a_i, b_j, n):
    total = math.comb(n, b_j)
    terms = []
    for k in range(max(1, a_i + b_j - n), min(a_i, b_j) + 1):
        p = Fraction(math.comb(a_i, k) * math.comb(n - a_i, b_j - k), total)
        terms.append(float(p * k / n) * math.log(Fraction(n * k, a_i * b_j)))
    return terms


def _mean(h_a, h_b, method):
    return {
        "arithmetic": (h_a + h_b) / 2,
        "geometric": math.sqrt(h_a * h_b),
        "min": min(h_a, h_b),
        "max": max(h_a, h_b),
    }[method]


def _normalised(a, b, average_method, score):
    """1 when both labelings are constant, 0 when one is, else
    ``score(mi, mean of H(A) and H(B))``."""
    h_a, h_b, _, mi = clustering_entropies(a, b)
    if h_a == 0 and h_b == 0:
        return 1.0
    if h_a == 0 or h_b == 0:
        return 0.0
    return score(mi, _mean(h_a, h_b, average_method))


def normalized_mutual_info(a, b, average_method="arithmetic"):
    return _normalised(a, b, average_method, lambda mi, mean: mi / mean)


def adjusted_mutual_info(a, b, average_method="arithmetic"):
    def ami(mi, mean):
        emi = expected_mutual_info(a, b)
        return (mi - emi) / (mean - emi)

    return _normalised(a, b, average_method, ami)


def variation_of_information(a, b, normalized=False):
    h_a, h_b, h_ab, mi = clustering_entropies(a, b)
    vi = h_a + h_b - 2 * mi
    if normalized:
        return vi / h_ab if h_ab > 0 else 0.0
    return vi


def homogeneity_completeness_v_measure(a, b, beta=1.0):
    h_a, h_b, _, mi = clustering_entropies(a, b)
    h = mi / h_a if h_a > 0 else 1.0
    c = mi / h_b if h_b > 0 else 1.0
    v = (1 + beta) * h * c / (beta * h + c) if beta * h + c > 0 else 0.0
    return h, c, v
