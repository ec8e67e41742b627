"""A small, seeded simulator of steady-state expression with a known network.

Built to resemble the DREAM4 in-silico multifactorial data (GeneNetWeaver,
Schaffter et al. 2011; Marbach et al. 2010) in the features that matter to
network inference, without its cost:

* a sparse directed acyclic graph: a few regulators, out-degrees skewed
  (regulators are drawn with Zipf-like weights, so a few hubs regulate many
  genes, as in the E. coli and yeast modules GeneNetWeaver extracts);
* saturating, nonlinear regulation: each input is a Hill function with a
  random threshold and cooperativity, activating or repressing; a gene with
  several inputs combines them as AND (product) or OR (1 - product of
  complements), as GeneNetWeaver's independent and synergistic modules;
* multifactorial perturbations: every sample perturbs the basal rate of
  every gene by a random amount (DREAM4's multifactorial design);
* measurement noise, then each gene scaled to a maximum of 1 (as DREAM4's
  published expression values).

Expression is the steady state of dx_t/dt = rate_t(regulators) - x_t with
unit degradation, computed exactly by visiting the genes in topological
order (the graph has no cycle).
"""

import numpy as np

from fastmi import _validation as v

__all__ = ["simulate_expression"]

#: Share of a gene's rate set by its per-sample basal perturbation (the rest by
#: its regulators).  Large enough that roots vary, small enough that
#: regulation dominates, as in DREAM4 multifactorial data.
_BASAL_SHARE = 0.3


def simulate_expression(
    n_genes=100,
    n_samples=100,
    *,
    n_regulators=None,
    density=2.0,
    noise=0.05,
    random_state=0,
):
    """Expression data (n_samples, n_genes) and the directed network behind it.

    Parameters
    ----------
    n_genes : int >= 2, default=100
        Genes, named "G1" .. "Gp".
    n_samples : int >= 2, default=100
        Samples: independent multifactorial perturbations of the basal rates.
    n_regulators : int or None, default=None
        Genes that regulate at least one other gene may be drawn among this
        many (None: a quarter of the genes, at least 1).
    density : float > 0, default=2.0
        Mean number of regulators of a non-root gene (DREAM4's 100-gene
        networks have 1.8-2.5 edges per gene).
    noise : float >= 0, default=0.05
        Standard deviation of the Gaussian measurement noise, relative to the
        gene's range (expression is scaled to a maximum of 1 afterwards).
    random_state : int, numpy Generator or None, default=0
        Seed; the same seed gives the same data and network.

    Returns
    -------
    X : pandas.DataFrame of shape (n_samples, n_genes)
        Expression (>= 0, each column's maximum is 1), columns "G1" .. "Gp".
    gold : ndarray of bool, shape (n_genes, n_genes)
        ``gold[r, t]`` is True when gene r regulates gene t (no self-edges,
        no cycles).

    Examples
    --------
    >>> from fastmi.network import simulate_expression
    >>> X, gold = simulate_expression(20, 50, random_state=1)
    >>> X.shape, gold.shape, bool(gold.any()), bool(gold.diagonal().any())
    ((50, 20), (20, 20), True, False)
    """
    import pandas as pd

    func = "simulate_expression"
    p = v.check_int(n_genes, "n_genes", func, low=2)
    n = v.check_int(n_samples, "n_samples", func, low=2)
    if n_regulators is None:
        n_regulators = max(1, p // 4)
    n_regulators = v.check_int(n_regulators, "n_regulators", func, low=1, high=p - 1)
    density = v.check_real(density, "density", func, low=0, low_open=True)
    noise = v.check_real(noise, "noise", func, low=0)
    rng = np.random.default_rng(random_state)

    order = rng.permutation(p)  # order[k]: the gene at topological position k
    gold = np.zeros((p, p), dtype=bool)
    gold[np.ix_(order, order)] = _random_dag(p, n_regulators, density, rng)
    X = _steady_state(gold, order, n, rng)
    X += rng.normal(0.0, noise, X.shape) * np.ptp(X, axis=0)
    np.maximum(X, 0.0, out=X)
    X /= np.where(X.max(axis=0) > 0, X.max(axis=0), 1.0)
    return pd.DataFrame(X, columns=[f"G{j + 1}" for j in range(p)]), gold


def _random_dag(p, n_regulators, density, rng):
    """Adjacency in topological order (edges go from lower to higher index).

    Regulators are a random subset of the genes before the last; each other
    gene draws 1 + Poisson(density - 1) regulators among the earlier ones,
    with Zipf-like weights 1 / rank that make a few hubs."""
    gold = np.zeros((p, p), dtype=bool)
    regulators = np.sort(rng.choice(p - 1, size=n_regulators, replace=False))
    weights = 1.0 / rng.permutation(np.arange(1, n_regulators + 1))
    for t in range(1, p):
        earlier = regulators < t
        if not earlier.any():
            continue
        k = min(int(earlier.sum()), 1 + rng.poisson(max(density - 1.0, 0.0)))
        w = weights[earlier] / weights[earlier].sum()
        gold[rng.choice(regulators[earlier], size=k, replace=False, p=w), t] = True
    return gold


def _steady_state(gold, order, n, rng):
    """Steady-state expression (n, p) of the genes, visited in topological order."""
    p = gold.shape[0]
    X = np.empty((n, p))
    basal = rng.uniform(0.0, 1.0, (n, p))  # multifactorial: every sample, every gene
    for t in order:
        inputs = np.flatnonzero(gold[:, t])
        if inputs.size == 0:
            X[:, t] = basal[:, t]
            continue
        hill = []
        for r in inputs:
            x = X[:, r] / X[:, r].max()
            threshold = rng.uniform(0.2, 0.8) * np.median(x) * 2
            cooperativity = rng.uniform(1.0, 4.0)
            h = x**cooperativity / (x**cooperativity + threshold**cooperativity)
            hill.append(h if rng.random() < 0.6 else 1.0 - h)  # activation or repression
        hill = np.array(hill)
        if rng.random() < 0.5:
            regulated = hill.prod(axis=0)  # AND: every input needed
        else:
            regulated = 1.0 - (1.0 - hill).prod(axis=0)  # OR: any input suffices
        X[:, t] = (1.0 - _BASAL_SHARE) * regulated + _BASAL_SHARE * basal[:, t]
    return X
