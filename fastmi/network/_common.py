"""Shared by the network modules: the validated MI matrix in, labelled scores out."""

from fastmi import _validation as v


def matrix(mi, func, name="mi"):
    """(values, labels): the validated float64 matrix and pandas labels (or None)."""
    labels = mi.index if v.pandas_type(mi, "DataFrame") else None
    return v.mi_matrix(mi, name, func), labels


def wrap(scores, labels):
    if labels is None:
        return scores
    import pandas as pd

    return pd.DataFrame(scores, index=labels, columns=labels)
