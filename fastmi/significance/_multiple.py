"""Adjusted p-values for many tests (family-wise error or false discovery rate).

For m p-values p_(1) <= ... <= p_(m) (sorted), the adjusted p-values are:

* Bonferroni: min(1, m p_i).  Family-wise error rate (FWER) control under
  any dependence.
* Holm (1979): the running maximum over i of min(1, (m - i + 1) p_(i)).
  FWER control under any dependence, uniformly more powerful than Bonferroni.
* Benjamini & Hochberg (1995): the running minimum, from the largest down,
  of min(1, m p_(i) / i).  False discovery rate (FDR) control for
  independent or positively dependent tests (PRDS).
* Benjamini & Yekutieli (2001): BH times c(m) = sum_{i<=m} 1/i.  FDR control
  under any dependence.

Reject the hypotheses whose adjusted p-value is <= alpha.  BH and BY equal
``scipy.stats.false_discovery_control(p, method="bh" / "by")``.

References
----------
Holm, S. (1979). A simple sequentially rejective multiple test procedure.
Scand. J. Statist. 6(2), 65-70.

Benjamini, Y. and Hochberg, Y. (1995). Controlling the false discovery rate:
a practical and powerful approach to multiple testing. J. R. Statist. Soc. B
57(1), 289-300. https://doi.org/10.1111/j.2517-6161.1995.tb02031.x

Benjamini, Y. and Yekutieli, D. (2001). The control of the false discovery
rate in multiple testing under dependency. Ann. Statist. 29(4), 1165-1188.
https://doi.org/10.1214/aos/1013699998
"""

import numpy as np

from fastmi import _validation as v

#: The adjustments of :func:`adjust_pvalues`.
ADJUSTMENTS = ("bh", "by", "bonferroni", "holm")


def adjust_pvalues(pvalues, *, method="bh"):
    """Adjusted p-values of a family of tests (every entry of ``pvalues``).

    Parameters
    ----------
    pvalues : array-like of any shape
        Real numbers in [0, 1], no NaN (take e.g. the upper triangle of a
        pairwise p-value matrix first).  All entries form one family.
    method : {"bh", "by", "bonferroni", "holm"}, default="bh"
        Benjamini-Hochberg or Benjamini-Yekutieli FDR, Bonferroni or Holm
        FWER (formulas in :mod:`fastmi.significance._multiple`).

    Returns
    -------
    ndarray of float64, the shape of ``pvalues``
        Adjusted p-values in [0, 1], each >= its p-value and ordered as the
        p-values are; reject where ``adjusted <= alpha``.

    Examples
    --------
    >>> from fastmi.significance import adjust_pvalues
    >>> adjust_pvalues([0.01, 0.04, 0.03, 0.2], method="holm").round(4).tolist()
    [0.04, 0.09, 0.09, 0.2]
    >>> adjust_pvalues([0.01, 0.04, 0.03, 0.2], method="bh").round(4).tolist()
    [0.04, 0.0533, 0.0533, 0.2]
    """
    func = "adjust_pvalues"
    method = v.check_options(method, "method", func, ADJUSTMENTS)
    p = v.check_pvalues(pvalues, func)
    flat = p.ravel()
    m = flat.shape[0]
    if method == "bonferroni":
        return np.minimum(p * m, 1.0)
    order = np.argsort(flat, kind="stable")
    ranked = flat[order]
    i = np.arange(1, m + 1, dtype=np.float64)
    if method == "holm":
        adjusted = np.maximum.accumulate(np.minimum((m - i + 1) * ranked, 1.0))
    else:
        factor = m / i
        if method == "by":
            factor *= np.sum(1.0 / i)
        adjusted = np.minimum.accumulate((factor * ranked)[::-1])[::-1]
        adjusted = np.minimum(adjusted, 1.0)
    out = np.empty(m)
    out[order] = adjusted
    return out.reshape(p.shape)
