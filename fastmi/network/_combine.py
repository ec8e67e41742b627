"""Rank combination of networks ("wisdom of crowds", Marbach et al. 2012) and
the ensemble algorithm built on it."""

import numpy as np

from fastmi import _validation as v

__all__ = ["combine_rankings", "ensemble"]


def combine_rankings(*networks, method="mean_rank"):
    """Average of the edge ranks of several networks of the same genes.

    Each network's entries are ranked (ties share their average rank) and
    scaled to (0, 1] by the number of entries; the combined score of an edge
    is the mean of its scaled ranks.  An edge that every network scores 0
    (no evidence, self-edges) stays 0.  Rank averaging needs no common scale
    between the networks (CLR z-scores, MI in nats, ...) and was the most
    robust combination in the DREAM5 network challenge (Marbach et al. 2012).

    Parameters
    ----------
    *networks : array-like or DataFrame, all of one shape
        Score matrices (higher = more likely an edge), e.g. from :func:`clr`
        and :func:`mrnet`; DataFrames must share their labels.
    method : {"mean_rank"}, default="mean_rank"
        How ranks combine (the only one so far).

    Returns
    -------
    ndarray or DataFrame of the networks' shape
        Combined scores in [0, 1] (float64), labelled as the inputs.

    References
    ----------
    Marbach, D. et al. (2012). Wisdom of crowds for robust gene network
    inference. Nat. Methods 9(8), 796-804. https://doi.org/10.1038/nmeth.2016

    Examples
    --------
    >>> import numpy as np
    >>> from fastmi.network import combine_rankings
    >>> A = np.array([[0, 3, 1], [3, 0, 2], [1, 2, 0]])
    >>> B = np.array([[0, 1, 3], [1, 0, 2], [3, 2, 0]])
    >>> combine_rankings(A, B).round(3)  # A and B disagree on 0-1 vs 0-2: tie
    array([[0.   , 0.722, 0.722],
           [0.722, 0.   , 0.722],
           [0.722, 0.722, 0.   ]])
    """
    from scipy.stats import rankdata

    func = "combine_rankings"
    v.check_options(method, "method", func, ("mean_rank",))
    arrays, labels = v.check_networks(networks, func)
    total = np.zeros(arrays[0].shape)
    evidence = np.zeros(arrays[0].shape, dtype=bool)
    for arr in arrays:
        total += rankdata(arr, axis=None).reshape(arr.shape)
        evidence |= arr != 0
    combined = np.where(evidence, total / (len(arrays) * total.size), 0.0)
    if labels is None:
        return combined
    import pandas as pd

    return pd.DataFrame(combined, index=labels[0], columns=labels[1])


def ensemble(mi, *, tfs=None, directed=False, algorithms=("clr", "mrnet"), n_jobs=None):
    """Rank average (:func:`combine_rankings`) of several algorithms on one MI matrix.

    CLR judges an MI value against the backgrounds of its genes, MRNET
    against the redundancy among the candidate regulators: different
    errors, so their average rank is more reliable than either alone.

    Parameters
    ----------
    mi, tfs, directed, n_jobs
        As :func:`clr` (``directed`` goes to every algorithm).
    algorithms : sequence of str, default=("clr", "mrnet")
        Any of "relevance", "clr", "mrnet", "mrnetb".

    Returns
    -------
    ndarray or DataFrame of shape (p, p), or (len(tfs), p)
        Combined scores in [0, 1], zero diagonal and self-edges.

    Examples
    --------
    >>> import numpy as np
    >>> from fastmi.network import ensemble
    >>> M = np.array([[0.0, 0.8, 0.3], [0.8, 0.0, 0.6], [0.3, 0.6, 0.0]])
    >>> S = ensemble(M)
    >>> bool(S[0, 1] > S[1, 2] > S[0, 2])
    True
    """
    from fastmi.network._clr import clr
    from fastmi.network._mrnet import mrnet, mrnetb
    from fastmi.network._relevance import relevance_network

    func = "ensemble"
    table = {"relevance": relevance_network, "clr": clr, "mrnet": mrnet, "mrnetb": mrnetb}
    if isinstance(algorithms, str) or not algorithms:
        v.fail_parameter(func, "algorithms", f"a non-empty sequence of {sorted(table)}", algorithms)
    names = [v.check_options(a, "algorithms", func, tuple(table)) for a in algorithms]
    v.check_bool(directed, "directed", func)
    networks = []
    for name in names:
        options = {} if name == "relevance" else {"directed": directed}
        networks.append(table[name](mi, tfs=tfs, n_jobs=n_jobs, **options))
    return combine_rankings(*networks)
