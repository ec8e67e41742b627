"""Reference for the streaming all-pairs output: top-k and threshold
selection and per-row summaries read off a dense MI matrix."""

import numpy as np

__all__ = ["top_k_entries", "threshold_entries", "row_summaries"]


def _partners(M, symmetric):
    """(rows, cols, values) of every entry that is a partner (off the
    diagonal when symmetric), NaN left out."""
    rows, cols = np.indices(M.shape)
    keep = ~np.isnan(M)
    if symmetric:
        keep &= rows != cols
    return rows[keep], cols[keep], M[keep]


def top_k_entries(M, k, symmetric):
    """Set of (i, j) kept by row i's top k (largest value, ties to the
    smaller j), plus (j, i) for each when ``symmetric``."""
    kept = set()
    for i in range(M.shape[0]):
        candidates = [(-M[i, j], j) for j in range(M.shape[1])
                      if not np.isnan(M[i, j]) and not (symmetric and i == j)]  # fmt: skip
        for _, j in sorted(candidates)[:k]:
            kept.add((i, j))
            if symmetric:
                kept.add((j, i))
    return kept


def threshold_entries(M, threshold, symmetric):
    """Set of (i, j) with M[i, j] > threshold (off the diagonal when symmetric)."""
    rows, cols, values = _partners(M, symmetric)
    above = values > threshold
    return set(zip(rows[above].tolist(), cols[above].tolist(), strict=True))


def row_summaries(M, symmetric, threshold=None):
    """(count, mean, std, n_above) of each row over its partners: count of
    finite entries, mean and std (ddof=0) of max(M, 0), count > threshold."""
    count, mean, std, above = [], [], [], []
    for i in range(M.shape[0]):
        row = np.delete(M[i], i) if symmetric else M[i]
        row = row[~np.isnan(row)]
        clipped = np.maximum(row, 0)
        count.append(row.size)
        mean.append(clipped.mean() if row.size else np.nan)
        std.append(clipped.std() if row.size else np.nan)
        above.append(0 if threshold is None else int((row > threshold).sum()))
    return np.array(count), np.array(mean), np.array(std), np.array(above)
