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
    "mrnetb_scores",
    "mean_rank",
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


def clr_scores(M, directed=False):
    """CLR by a double loop: background of gene i = its p - 1 off-diagonal MI
    values; ``directed``: the edge i -> j by the z-score in j's background only."""
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
            out[i, j] = z[1] if directed else math.sqrt(z[0] ** 2 + z[1] ** 2)
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


def mrnet_scores(M, directed=False, candidates=None):
    """MRNET: one mRMR run per target gene over the candidates, scores from M only.

    s[t, r] is the score of r when selected for t; the edge r -> t scores
    s[t, r] (``directed``) or max(s[t, r], s[r, t]), clipped at 0."""
    M = np.asarray(M, dtype=np.float64)
    p = M.shape[0]
    candidates = list(range(p)) if candidates is None else list(candidates)
    s = np.zeros((p, p))
    for target in range(p):
        pool = [k for k in candidates if k != target]
        selected = []
        while len(selected) < len(pool):
            best, best_score = None, -math.inf
            for k in pool:
                if k in selected:
                    continue
                score = M[target, k]
                if selected:
                    score -= np.mean([M[k, j] for j in selected])
                if score > best_score:
                    best, best_score = k, score
            selected.append(best)
            s[target, best] = best_score
    return _edge_scores(s, directed)


def _edge_scores(s, directed):
    out = np.maximum(s.T if directed else np.maximum(s, s.T), 0.0)
    np.fill_diagonal(out, 0.0)
    return out


def mrnetb_scores(M, directed=False, candidates=None, swaps=None):
    """MRNETB by brute force: every subset score recomputed from its definition.

    Target t, kept set S: s_S(k) = M_tk - sum_{j in S, j != k} M_kj / (|S| - 1)
    (M_tk alone when |S| = 1).  Backward elimination drops the lowest-scoring
    gene while its score is < 0; sequential replacement then applies the swap
    (kept a out, dropped b in) that most raises sum_{k in S} s_S(k), while one
    raises it by more than 1e-12.  ``swaps`` (a list) collects how many swaps
    each target made."""
    M = np.asarray(M, dtype=np.float64)
    p = M.shape[0]
    candidates = list(range(p)) if candidates is None else list(candidates)

    def score(t, S, k):
        others = [j for j in S if j != k]
        return M[t, k] - (sum(M[k, j] for j in others) / len(others) if others else 0.0)

    def objective(t, S):
        return sum(score(t, S, k) for k in S)

    s = np.zeros((p, p))
    for t in range(p):
        pool = [k for k in candidates if k != t]
        S = list(pool)
        while len(S) > 1:
            worst = min(S, key=lambda k: (score(t, S, k), S.index(k)))
            if score(t, S, worst) >= 0:
                break
            S.remove(worst)
        n_swaps = 0
        while 1 < len(S) < len(pool) and n_swaps < len(pool):
            best_gain, best = 1e-12, None
            for a in S:
                for b in pool:
                    if b in S:
                        continue
                    gain = objective(t, [b if k == a else k for k in S]) - objective(t, S)
                    if gain > best_gain:
                        best_gain, best = gain, (a, b)
            if best is None:
                break
            S = [best[1] if k == best[0] else k for k in S]
            n_swaps += 1
        if swaps is not None:
            swaps.append(n_swaps)
        for k in S:
            s[t, k] = score(t, S, k)
    return _edge_scores(s, directed)


def mean_rank(*networks):
    """Mean over the networks of (rank of the entry among all entries, ties
    averaged) / number of entries; 0 where every network is 0."""
    total, evidence = 0.0, False
    for net in networks:
        net = np.asarray(net, dtype=np.float64)
        flat = net.ravel()
        ranks = np.array([np.sum(flat < x) + (np.sum(flat == x) + 1) / 2 for x in flat]).reshape(
            net.shape
        )
        total = total + ranks / net.size
        evidence = evidence | (net != 0)
    return np.where(evidence, total / len(networks), 0.0)


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
