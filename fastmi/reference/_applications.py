"""Plain-numpy oracles for feature selection, network inference and tests:
loops straight from the papers' formulas (results in nats).
"""

import math

import numpy as np

from fastmi.reference._discrete import conditional_mutual_info, mutual_info

__all__ = [
    "greedy_selection",
    "clr_scores",
    "aracne_scores",
    "mrnet_scores",
    "average_precision",
    "roc_auc",
    "g_statistic",
]


def greedy_selection(X, y, n_features, criterion):
    """mRMR / JMI / CMIM on discrete columns by direct evaluation of each score.

    mrmr: I(X_k;y) - mean_j I(X_k;X_j); jmi: sum_j I((X_k, X_j); y) with the
    pair as a joint variable; cmim: min(I(X_k;y), min_j I(X_k;y|X_j)).
    Returns (indices, scores); ties go to the lowest index.
    """
    X = np.asarray(X)
    p = X.shape[1]
    selected, scores = [], []
    for _ in range(n_features):
        best, best_score = None, -math.inf
        for k in range(p):
            if k in selected:
                continue
            relevance = mutual_info(X[:, k], y)
            if not selected:
                score = relevance
            elif criterion == "mrmr":
                score = relevance - np.mean([mutual_info(X[:, k], X[:, j]) for j in selected])
            elif criterion == "jmi":
                score = sum(mutual_info(X[:, [k, j]], y) for j in selected)
            else:
                score = min(
                    [relevance] + [conditional_mutual_info(X[:, k], y, X[:, j]) for j in selected]
                )
            if score > best_score:
                best, best_score = k, score
        selected.append(best)
        scores.append(best_score)
    return np.array(selected), np.array(scores)


def clr_scores(M):
    """CLR by a double loop: background of gene i = its p - 1 off-diagonal MI values."""
    M = np.asarray(M, dtype=np.float64)
    p = M.shape[0]
    out = np.zeros((p, p))
    for i in range(p):
        for j in range(p):
            if i == j:
                continue
            z = []
            for g, value in ((i, M[i, j]), (j, M[i, j])):
                background = [M[g, h] for h in range(p) if h != g]
                sd = np.std(background)
                z.append(max(0.0, (value - np.mean(background)) / sd) if sd > 0 else 0.0)
            out[i, j] = math.sqrt(z[0] ** 2 + z[1] ** 2)
    return out


def aracne_scores(M, eps=0.0, tolerance=0.0, tfs=None):
    """ARACNE by a triple loop over triangles, judged on the input matrix.

    The edge r - t goes when some k (a regulator, when ``tfs`` is given) has
    M[r, t] < (1 - tolerance) * min(M[r, k], M[k, t]) - eps.  Returns the
    (p, p) matrix, or the regulators' rows (n_tfs, p) with zero self-edges.
    """
    M = np.asarray(M, dtype=np.float64)
    p = M.shape[0]
    regulators = list(range(p)) if tfs is None else list(tfs)
    out = M[regulators].copy()
    for a, r in enumerate(regulators):
        out[a, r] = 0.0
        for t in range(p):
            for k in regulators:
                if len({r, t, k}) == 3 and M[r, t] < (1 - tolerance) * min(M[r, k], M[k, t]) - eps:
                    out[a, t] = 0.0
    return out


def mrnet_scores(M):
    """MRNET: one mRMR run per target gene over the others, scores from M only."""
    M = np.asarray(M, dtype=np.float64)
    p = M.shape[0]
    s = np.zeros((p, p))
    for target in range(p):
        selected = []
        while len(selected) < p - 1:
            best, best_score = None, -math.inf
            for k in range(p):
                if k == target or k in selected:
                    continue
                score = M[target, k]
                if selected:
                    score -= np.mean([M[k, j] for j in selected])
                if score > best_score:
                    best, best_score = k, score
            selected.append(best)
            s[target, best] = best_score
    out = np.maximum(np.maximum(s, s.T), 0.0)
    np.fill_diagonal(out, 0.0)
    return out


def average_precision(scores, labels):
    """AP = sum over distinct thresholds t (descending) of (R_t - R_prev) * P_t."""
    scores, labels = np.asarray(scores, dtype=np.float64), np.asarray(labels, dtype=bool)
    ap, previous_recall = 0.0, 0.0
    for t in sorted(set(scores.tolist()), reverse=True):
        predicted = scores >= t
        tp = np.sum(predicted & labels)
        recall = tp / labels.sum()
        ap += (recall - previous_recall) * tp / predicted.sum()
        previous_recall = recall
    return ap


def roc_auc(scores, labels):
    """P(score of a positive > score of a negative) + P(tie) / 2, over all pairs."""
    scores, labels = np.asarray(scores, dtype=np.float64), np.asarray(labels, dtype=bool)
    pos, neg = scores[labels], scores[~labels]
    wins = sum((a > b) + 0.5 * (a == b) for a in pos for b in neg)
    return wins / (len(pos) * len(neg))


def g_statistic(x, y):
    """G = 2 sum O log(O / E) of the contingency table, and its dof."""
    xs, x_codes = np.unique(np.asarray(x), return_inverse=True)
    ys, y_codes = np.unique(np.asarray(y), return_inverse=True)
    table = np.zeros((len(xs), len(ys)))
    np.add.at(table, (x_codes, y_codes), 1)
    expected = table.sum(1, keepdims=True) * table.sum(0, keepdims=True) / table.sum()
    nz = table > 0
    g = 2.0 * np.sum(table[nz] * np.log(table[nz] / expected[nz]))
    return g, (len(xs) - 1) * (len(ys) - 1)
