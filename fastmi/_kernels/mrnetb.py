"""MRNETB's per-target search (Meyer, Marbach, Roy and Kellis 2010).

For a target t and candidate set C, the mRMR score of a gene k in a kept
subset S is s_S(k) = M_tk - sum_{j in S, j != k} M_kj / (|S| - 1), and the
subset's objective is Q(S) = sum_{k in S} s_S(k).  Backward elimination
starts from S = C and drops the gene of lowest score while that score is
negative (it brings more redundancy than relevance); sequential replacement
then swaps a kept gene a for a dropped gene b while the best swap raises Q.
With R_x = sum_{j in S} M_xj, that swap changes Q by
(M_tb - M_ta) - 2 (R_b - M_ab - R_a) / (|S| - 1).
"""

import numpy as np

from fastmi._jit import kernel

#: Smallest gain that counts as an improvement (guards against float ties).
_GAIN = 1e-12


@kernel
def mrnetb_targets(mi, candidates, first, last, out):
    """``out[t, k]`` = s_S(k) for the genes k MRNETB keeps for target t
    (0 for the others), targets t in ``first:last``.  ``mi`` is the clipped
    MI matrix (zero diagonal); ``candidates`` the genes that may regulate
    (a target never regulates itself)."""
    n_all = candidates.shape[0]
    for t in range(first, last):
        cand = candidates[candidates != t]
        n = cand.shape[0]
        for k in range(n_all):
            out[t, candidates[k]] = 0.0
        if n == 0:
            continue
        kept = np.ones(n, dtype=np.bool_)
        sums = np.zeros(n)  # R_k over the kept set
        for a in range(n):
            for b in range(n):
                sums[a] += mi[cand[a], cand[b]]
        m = n
        while m > 1:  # backward elimination
            worst, worst_score = -1, 0.0
            for a in range(n):
                if kept[a]:
                    score = mi[t, cand[a]] - sums[a] / (m - 1)
                    if score < worst_score:
                        worst, worst_score = a, score
            if worst < 0:
                break
            kept[worst] = False
            m -= 1
            for a in range(n):
                sums[a] -= mi[cand[a], cand[worst]]
        for _ in range(n):  # sequential replacement, at most n swaps
            if m == n or m < 2:
                break
            best_gain, best_a, best_b = _GAIN, -1, -1
            for a in range(n):
                if not kept[a]:
                    continue
                for b in range(n):
                    if kept[b]:
                        continue
                    redundancy = sums[b] - mi[cand[a], cand[b]] - sums[a]
                    gain = mi[t, cand[b]] - mi[t, cand[a]] - 2.0 * redundancy / (m - 1)
                    if gain > best_gain:
                        best_gain, best_a, best_b = gain, a, b
            if best_a < 0:
                break
            kept[best_a], kept[best_b] = False, True
            for a in range(n):
                sums[a] += mi[cand[a], cand[best_b]] - mi[cand[a], cand[best_a]]
        for a in range(n):
            if kept[a]:
                out[t, cand[a]] = mi[t, cand[a]] - (sums[a] / (m - 1) if m > 1 else 0.0)
