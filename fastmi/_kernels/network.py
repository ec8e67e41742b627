"""ARACNE's data-processing-inequality test over every pair of genes.

The edge i-j is indirect when some third gene k has M_ij < min(M_ik, M_jk)
- eps (Margolin et al. 2006, with an absolute tolerance).  A triple loop is
O(p^3) whatever the data; here gene i's partners k are visited in order of
decreasing M_ik, and the visit stops at the first k with M_ij >= M_ik - eps,
after which no k can prune the edge.  For the sparse-looking MI matrices of
real expression data most edges end after a few partners, so the cost
approaches O(p^2 log p) (the sorts) instead of O(p^3).
"""

from fastmi._jit import kernel


@kernel
def aracne_keep(values, order, eps, keep, first, last):
    """``keep[i, j]`` for rows i in ``first:last``: True unless a third gene
    proves the edge i-j indirect.  ``values`` is the (p, p) MI matrix (zero
    diagonal, >= 0), ``order[i - first]`` row i's columns by decreasing
    value.  The diagonal and k = i or j never prune (they give min(., 0))."""
    p = values.shape[0]
    for i in range(first, last):
        partners = order[i - first]
        for j in range(p):
            m_ij = values[i, j]
            kept = True
            for t in range(p):
                k = partners[t]
                if not m_ij < values[i, k] - eps:
                    break  # every later partner is as weak: none can prune i-j
                if m_ij < values[j, k] - eps:
                    kept = False
                    break
            keep[i, j] = kept
