"""Greedy feature selection by mutual information: mRMR, JMI, CMIM.

Each criterion adds, one at a time, the feature X_k (k not yet in the
selected set S) with the best score:

==========  ===============================================  ===========================
criterion   score of X_k                                     paper
==========  ===============================================  ===========================
mrmr        I(X_k; y) - mean_{j in S} I(X_k; X_j)            Peng, Long & Ding (2005), MID
jmi         sum_{j in S} I(X_k, X_j; y)                      Yang & Moody (1999)
cmim        min(I(X_k; y), min_{j in S} I(X_k; y | X_j))     Fleuret (2004)
==========  ===============================================  ===========================

The first feature is the most relevant one, max I(X_k; y), for all three;
ties go to the lowest index.  Brown et al. (2012) compare them (JMI is the
best trade-off in their study).  All MI values come from
:func:`fastmi.mi_with_target` and :func:`fastmi.cross_mi` (one column per
step), so any ``method`` of those functions applies; JMI uses the chain rule
I(X_k, X_j; y) = I(X_j; y) + I(X_k; y | X_j).

Conditional MI I(X_k; y | X_j) (JMI, CMIM) depends on ``method``:

* "discrete" (and "binned", after binning the continuous columns): the
  plug-in identity I(X_k; y | X_j) = I(X_k; (y, X_j)) - I(X_k; X_j), with
  the pair (y, X_j) encoded as one label; equal to
  :func:`fastmi.conditional_mutual_info` for every estimator that is a sum of
  entropies ("plugin", "miller_madow", ...; the alphabet size James-Stein and
  NSB assume is the observed levels of the pair).
* "ksg": :func:`fastmi.ksg_cmi` (Frenzel & Pompe 2007) for each candidate.
* "copula": no conditional MI; only ``criterion="mrmr"``.

``method="auto"`` is "discrete" when X and y are all discrete by dtype (not
float), "ksg" when all are float, "binned" otherwise.

References
----------
Peng, H., Long, F. and Ding, C. (2005). Feature selection based on mutual
information: criteria of max-dependency, max-relevance, and min-redundancy.
IEEE TPAMI 27(8), 1226-1238. https://doi.org/10.1109/TPAMI.2005.159

Yang, H. H. and Moody, J. (1999). Data visualization and feature selection:
new algorithms for nongaussian data. NIPS 12, 687-693.

Fleuret, F. (2004). Fast binary feature selection with conditional mutual
information. JMLR 5, 1531-1555.

Brown, G., Pocock, A., Zhao, M.-J. and Lujan, M. (2012). Conditional
likelihood maximisation: a unifying framework for information theoretic
feature selection. JMLR 13, 27-66.
"""

from typing import NamedTuple

import numpy as np

from fastmi import _registry
from fastmi import _validation as v

__all__ = ["mrmr", "jmi", "cmim", "MISelector", "Selection"]

CRITERIA = ("mrmr", "jmi", "cmim")
_METHODS = _registry.TILE_METHODS


class Selection(NamedTuple):
    features: np.ndarray  # column indices, in the order they were selected
    scores: np.ndarray  # the criterion's score of each when it was selected


# ------------------------------------------------------------ greedy core
def greedy_select(relevance, n_select, criterion, redundancy=None, conditional=None, excluded=None):
    """Run ``criterion`` on m selection problems over the same p features at once.

    ``relevance`` (m, p) holds I(X_k; y_r).  ``redundancy(chosen)`` returns
    (m, p) with row r = I(X_k; X_chosen[r]) (mRMR); ``conditional(chosen)``
    returns row r = I(X_k; y_r | X_chosen[r]) (JMI, CMIM).  ``excluded``
    (m, p) bool marks features never selected.  Returns (order, scores), both
    (m, n_select); ties go to the lowest index.
    """
    relevance = np.asarray(relevance, dtype=np.float64)
    m, p = relevance.shape
    available = np.ones((m, p), dtype=bool) if excluded is None else ~excluded
    rows = np.arange(m)
    order = np.empty((m, n_select), dtype=np.intp)
    scores = np.empty((m, n_select))
    accumulated = np.zeros((m, p)) if criterion != "cmim" else relevance.copy()
    for t in range(n_select):
        if t == 0:
            score = relevance
        elif criterion == "mrmr":
            score = relevance - accumulated / t
        else:  # jmi: sum of I(X_k, X_j; y); cmim: running minimum
            score = accumulated
        chosen = np.argmax(np.where(available, score, -np.inf), axis=1)
        order[:, t] = chosen
        scores[:, t] = score[rows, chosen]
        available[rows, chosen] = False
        if t + 1 == n_select:
            break
        if criterion == "mrmr":
            accumulated += redundancy(chosen)
        elif criterion == "jmi":  # chain rule: I(X_k, X_j; y) = I(X_j; y) + I(X_k; y | X_j)
            accumulated += relevance[rows, chosen][:, None] + conditional(chosen)
        else:
            np.minimum(accumulated, conditional(chosen), out=accumulated)
    return order, scores


# ------------------------------------------------------------- MI sources
def _table(X, func):
    """``X`` as a list of its columns (pandas columns as numpy arrays)."""
    if v.pandas_type(X, "DataFrame"):
        v.check_pairwise_shape(X.shape[0], X.shape[1], "X", func, min_features=1)
        return [X.iloc[:, j].to_numpy() for j in range(X.shape[1])]
    arr = v.pairwise_array(X, "X", func)
    v.check_pairwise_shape(arr.shape[0], arr.shape[1], "X", func, min_features=1)
    return [arr[:, j] for j in range(arr.shape[1])]


def _resolve_method(method, columns, y):
    """The one family for every MI value of a selection: ``resolve_columns``
    of ``fastmi._registry`` (conditional MI needs a single family)."""
    from fastmi._encoding import is_continuous

    masks = [np.array([not is_continuous(c) for c in columns] + [not is_continuous(y)])]
    return _registry.resolve_columns(method, masks)


def _binned(column, options, func):
    """Bin codes of a float column (``bins``, ``strategy`` as in ``binned_mi``)."""
    from fastmi.binning import bin_edges, digitize
    from fastmi.front import is_continuous

    if not is_continuous(column):
        return column
    v.check_finite(np.asarray(column, dtype=np.float64), "X", func)
    edges = bin_edges(
        column, bins=options.get("bins", "fd"), strategy=options.get("strategy", "uniform")
    )
    return digitize(column, edges)


class _Sources:
    """The MI values a criterion asks for, computed by fastmi's public functions."""

    def __init__(self, X, y, method, options, func):
        from fastmi import pairwise

        self.func = func
        columns = _table(X, func)
        target = v.target_column(y, func)[:, 0] if not v.pandas_type(y, "Series") else y
        v.check_same_length({"X": columns[0].shape[0], "y": len(target)}, func)
        self.method = _resolve_method(method, columns, target)
        if self.method == "binned":
            columns = [_binned(c, options, func) for c in columns]
            target = _binned(np.asarray(target), options, func)
            options = {k: val for k, val in options.items() if k not in ("bins", "strategy")}
        kind = "discrete" if self.method == "binned" else self.method
        if kind == "discrete":
            self.X = _as_codes(columns, func)
        else:
            self.X = np.column_stack(columns)
        self.y = np.asarray(target)
        self.kind = kind
        self.options = {"method": kind, **options}
        self._pairwise = pairwise
        self._last = None  # (j, I(X_k; X_j)): JMI and CMIM reuse it

    def relevance(self):
        values = self._pairwise.mi_with_target(self.X, self.y, **self.options)
        return np.asarray(values, dtype=np.float64)[None, :]

    def redundancy(self, chosen):
        j = int(chosen[0])
        if self._last is None or self._last[0] != j:
            column = self._pairwise.cross_mi(self.X, self.X[:, [j]], **self.options)[:, 0]
            self._last = (j, np.asarray(column, dtype=np.float64))
        return self._last[1][None, :]

    def conditional(self, chosen):
        j = int(chosen[0])
        if self.kind == "discrete":
            from fastmi._encoding import combine, dense_codes, encode

            pair = combine([encode(self.y, "y", self.func), encode(self.X[:, j], "X", self.func)])
            joint = self._pairwise.mi_with_target(self.X, dense_codes(pair), **self.options)
            return np.asarray(joint, dtype=np.float64)[None, :] - self.redundancy(chosen)
        if self.kind == "ksg":
            from fastmi.continuous import ksg_cmi

            keep = ("k", "base", "jitter", "random_state", "n_jobs")
            cmi_options = {k: val for k, val in self.options.items() if k in keep}
            values = [
                ksg_cmi(self.X[:, k], self.y, self.X[:, j], **cmi_options)
                for k in range(self.X.shape[1])
            ]
            return np.asarray(values)[None, :]
        raise v.cmi_method_error(self.kind, self.func)


def _as_codes(columns, func):
    """Labels columns (any dtype) as an (n, p) int64 table of dense codes."""
    from fastmi._encoding import dense_codes, encode

    return np.column_stack([dense_codes(encode(c, "X", func)) for c in columns])


def _select(func, criterion, X, y, n_features, method, options):
    method = v.check_options(method, "method", func, _METHODS)
    if criterion != "mrmr" and method == "copula":
        raise v.cmi_method_error(method, func)
    sources = _Sources(X, y, method, options, func)
    p = sources.X.shape[1]
    n_features = v.check_int(n_features, "n_features", func, low=1, high=p)
    order, scores = greedy_select(
        sources.relevance(), n_features, criterion, sources.redundancy, sources.conditional
    )
    return Selection(order[0], scores[0])


_PARAMS_DOC = """
    Parameters
    ----------
    X : array-like or DataFrame of shape (n_samples, n_features)
    y : array-like or Series of shape (n_samples,)
    n_features : int
        How many features to select (1 <= n_features <= X.shape[1]).
    method : {"auto", "discrete", "binned", "ksg", "copula"}, default="auto"
        How MI is estimated (see the module docstring).
    **options
        For the MI functions: ``base``, ``estimator`` (discrete, binned),
        ``bins``, ``strategy`` (binned), ``k``, ``jitter``, ``random_state``
        (ksg; pass an int for reproducible jitter), ``n_jobs``.

    Returns
    -------
    Selection
        ``(features, scores)``: int indices in selection order and each
        one's score when it was selected (in the unit of ``base``).
"""


def mrmr(X, y, *, n_features, method="auto", **options):
    return _select("mrmr", "mrmr", X, y, n_features, method, options)


def jmi(X, y, *, n_features, method="auto", **options):
    return _select("jmi", "jmi", X, y, n_features, method, options)


def cmim(X, y, *, n_features, method="auto", **options):
    return _select("cmim", "cmim", X, y, n_features, method, options)


mrmr.__doc__ = f"""Minimum-redundancy maximum-relevance selection (MID criterion).

    Score of X_k: I(X_k; y) - mean over selected X_j of I(X_k; X_j)
    (Peng, Long & Ding 2005).
{_PARAMS_DOC}
    Examples
    --------
    >>> import numpy as np
    >>> from fastmi.selection import mrmr
    >>> rng = np.random.default_rng(0)
    >>> a, b = rng.integers(0, 4, size=500), rng.integers(0, 2, size=500)
    >>> X = np.column_stack([a, a, b])  # column 1 copies column 0
    >>> mrmr(X, 2 * a + b, n_features=2).features
    array([0, 2])
    """

jmi.__doc__ = f"""Joint mutual information selection.

    Score of X_k: sum over selected X_j of I(X_k, X_j; y) (Yang & Moody
    1999; Brown et al. 2012).
{_PARAMS_DOC}
    Examples
    --------
    >>> import numpy as np
    >>> from fastmi.selection import jmi
    >>> rng = np.random.default_rng(0)
    >>> a, b, c = rng.integers(0, 2, size=(3, 500))
    >>> np.sort(jmi(np.column_stack([c, a, b]), a ^ b, n_features=2).features)  # XOR
    array([1, 2])
    """

cmim.__doc__ = f"""Conditional mutual information maximisation.

    Score of X_k: min(I(X_k; y), min over selected X_j of I(X_k; y | X_j))
    (Fleuret 2004).
{_PARAMS_DOC}
    Examples
    --------
    >>> import numpy as np
    >>> from fastmi.selection import cmim
    >>> rng = np.random.default_rng(0)
    >>> a, b = rng.integers(0, 4, size=500), rng.integers(0, 2, size=500)
    >>> cmim(np.column_stack([a, a, b]), 2 * a + b, n_features=2).features
    array([0, 2])
    """

_SELECTORS = {"mrmr": mrmr, "jmi": jmi, "cmim": cmim}


# ------------------------------------------------------- the transformer
class MISelector:
    """scikit-learn-compatible transformer keeping the features chosen by a criterion.

    Works in scikit-learn pipelines (``fit``, ``transform``,
    ``fit_transform``, ``get_support``, ``get_params``, ``set_params``)
    without importing scikit-learn.

    Parameters
    ----------
    n_features_to_select : int, default=10
        Number of features kept (at most the number of columns of X).
    criterion : {"mrmr", "jmi", "cmim"}, default="mrmr"
    method : str, default="auto"
        As in :func:`mrmr`.
    mi_options : dict or None, default=None
        Keyword options of the MI functions (``base``, ``k``, ``bins``...).

    Attributes
    ----------
    features_ : ndarray of int
        Selected columns in selection order.
    scores_ : ndarray of float
        Criterion score of each selected column.
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from fastmi.selection import MISelector
    >>> rng = np.random.default_rng(0)
    >>> a, b = rng.integers(0, 4, size=500), rng.integers(0, 2, size=500)
    >>> X = np.column_stack([a, a, b])
    >>> MISelector(n_features_to_select=2).fit(X, 2 * a + b).get_support()
    array([ True, False,  True])
    """

    _PARAMS = ("n_features_to_select", "criterion", "method", "mi_options")

    def __init__(
        self, n_features_to_select=10, *, criterion="mrmr", method="auto", mi_options=None
    ):
        self.n_features_to_select = n_features_to_select
        self.criterion = criterion
        self.method = method
        self.mi_options = mi_options

    def get_params(self, deep=True):
        return {name: getattr(self, name) for name in self._PARAMS}

    def set_params(self, **params):
        for name, value in params.items():
            if name not in self._PARAMS:
                v._fail("MISelector.set_params", "params", f"among {self._PARAMS}", name)
            setattr(self, name, value)
        return self

    def fit(self, X, y):
        func = "MISelector"
        criterion = v.check_options(self.criterion, "criterion", func, CRITERIA)
        select = _SELECTORS[criterion]
        options = dict(self.mi_options or {})
        if np.ndim(X) == 2:  # other shapes get the selector's own message
            v.check_int(
                self.n_features_to_select, "n_features_to_select", func, low=1, high=np.shape(X)[1]
            )
        result = select(X, y, n_features=self.n_features_to_select, method=self.method, **options)
        self.features_, self.scores_ = result
        self.n_features_in_ = int(np.shape(X)[1])
        if v.pandas_type(X, "DataFrame"):
            self.feature_names_in_ = np.asarray(X.columns, dtype=object)
        return self

    def get_support(self, indices=False):
        if not hasattr(self, "features_"):
            raise v.not_fitted_error("MISelector")
        if indices:
            return np.sort(self.features_)
        mask = np.zeros(self.n_features_in_, dtype=bool)
        mask[self.features_] = True
        return mask

    def transform(self, X):
        columns = self.get_support(indices=True)
        if np.shape(X)[1] != self.n_features_in_:
            raise v.feature_count_error(self.n_features_in_, np.shape(X)[1], "MISelector")
        if v.pandas_type(X, "DataFrame"):
            return X.iloc[:, columns]
        return np.asarray(X)[:, columns]

    def fit_transform(self, X, y):
        return self.fit(X, y).transform(X)

    def __repr__(self):
        changed = [
            f"{k}={getattr(self, k)!r}" for k in self._PARAMS if getattr(self, k) != _DEFAULTS[k]
        ]
        return f"MISelector({', '.join(changed)})"


_DEFAULTS = {"n_features_to_select": 10, "criterion": "mrmr", "method": "auto", "mi_options": None}
