"""Greedy feature selection by mutual information: the criteria of Brown et al. (2012).

Each criterion adds, one at a time, the feature X_k (k not yet in the
selected set S) with the best score J(X_k).  The first feature is the most
relevant one, max I(X_k; y), for every criterion; ties go to the lowest
index.  Sums and minima run over the selected X_j, j in S:

==============  =====================================================  =============================
criterion       score J(X_k)                                           paper
==============  =====================================================  =============================
mim             I(X_k; y)                                              Lewis (1992)
mrmr            I(X_k; y) - mean I(X_k; X_j)                           Peng, Long & Ding (2005), MID
mrmr_quotient   I(X_k; y) / mean I(X_k; X_j)                           Ding & Peng (2005), MIQ
jmi             sum I(X_k, X_j; y)                                     Yang & Moody (1999)
jmim            min I(X_k, X_j; y)                                     Bennasar et al. (2015)
cmim            min(I(X_k; y), min I(X_k; y | X_j))                    Fleuret (2004)
disr            sum I(X_k, X_j; y) / H(X_k, X_j, y)                    Meyer & Bontempi (2006)
icap            I(X_k; y) - sum max(0, I(X_k; X_j) - I(X_k; X_j | y))  Jakulin (2005)
cife            I(X_k; y) - sum I(X_k; X_j) + sum I(X_k; X_j | y)      Lin & Tang (2006)
beta_gamma      I(X_k; y) - beta sum I(X_k; X_j) + gamma sum           Brown et al. (2012), eq. 13
                I(X_k; X_j | y)
==============  =====================================================  =============================

``beta_gamma`` is the linear family of Brown et al. (2012): MIM is
beta = gamma = 0, MIFS (Battiti 1994) gamma = 0, mRMR beta = 1/|S| and
gamma = 0, JMI beta = gamma = 1/|S|, CIFE beta = gamma = 1.  The quotient
of ``mrmr_quotient`` is +inf when the mean redundancy is 0 (0 when the
relevance is 0 too); ``disr`` counts a term with H(X_k, X_j, y) = 0 as 0.
Scores are in the unit of ``base``, except the ratios of ``mrmr_quotient``
and ``disr`` (no unit).

**Incremental redundancy.**  Each criterion is a running sum, mean or
minimum over S, so a step needs only the terms of the newly selected
feature X_j with every candidate: I(X_k; X_j), and from the joint variable
(y, X_j) the chain rule gives the two conditional terms,
I(X_k; X_j | y) = I(X_k; (y, X_j)) - I(X_k; y) and
I(X_k; y | X_j) = I(X_k; (y, X_j)) - I(X_k; X_j)
(Cover & Thomas 2006, Theorem 2.5.2).  A step costs two MI computations per
candidate, whatever |S|; the relevance is computed once.

How each term is estimated depends on ``method``:

* "discrete" (and "binned", after binning the float columns): entropies of
  count tables by ``estimator`` (any of ``fastmi.discrete``'s), counted for
  all candidates at once on ``n_jobs`` threads.  I(X_k; X_j) and
  I(X_k; (y, X_j)) are H(X_k) + H(V) - H(X_k, V) with the alphabet sizes
  James-Stein and NSB assume taken as the observed levels (of the pair, for
  (y, X_j)); for the plug-in estimator the terms equal
  :func:`fastmi.mutual_info_discrete` and
  :func:`fastmi.conditional_mutual_info`.
* "copula": Gaussian-copula MI (Ince et al. 2017): normal scores of every
  column once, then per step one matrix-vector product gives the
  correlations with X_j; I(X_k; (y, X_j)) is the Gaussian MI of the 3 x 3
  correlation matrix, capped at log(n) nats like ``copula_mi``, with the
  analytic bias correction of ``copula_mi`` (``bias_correction``).  Every
  criterion but ``disr`` (a differential entropy can be negative).
* "ksg": :func:`fastmi.cross_mi` for I(X_k; X_j) and
  :func:`fastmi.ksg_cmi` (Frenzel & Pompe 2007) for each candidate's
  conditional term.  Every criterion but ``disr``.

``method="auto"`` is "discrete" when X and y are all discrete by dtype (not
float), "ksg" when all are float, "binned" otherwise.

References
----------
Brown, G., Pocock, A., Zhao, M.-J. and Lujan, M. (2012). Conditional
likelihood maximisation: a unifying framework for information theoretic
feature selection. JMLR 13, 27-66. https://jmlr.org/papers/v13/brown12a.html

Lewis, D. D. (1992). Feature selection and feature extraction for text
categorization. Proc. Workshop on Speech and Natural Language, 212-217.

Battiti, R. (1994). Using mutual information for selecting features in
supervised neural net learning. IEEE TNN 5(4), 537-550.
https://doi.org/10.1109/72.298224

Peng, H., Long, F. and Ding, C. (2005). Feature selection based on mutual
information: criteria of max-dependency, max-relevance, and min-redundancy.
IEEE TPAMI 27(8), 1226-1238. https://doi.org/10.1109/TPAMI.2005.159

Ding, C. and Peng, H. (2005). Minimum redundancy feature selection from
microarray gene expression data. J. Bioinform. Comput. Biol. 3(2), 185-205.
https://doi.org/10.1142/S0219720005001004

Yang, H. H. and Moody, J. (1999). Data visualization and feature selection:
new algorithms for nongaussian data. NIPS 12, 687-693.

Bennasar, M., Hicks, Y. and Setchi, R. (2015). Feature selection using joint
mutual information maximisation. Expert Systems with Applications 42(22),
8520-8532. https://doi.org/10.1016/j.eswa.2015.07.007

Fleuret, F. (2004). Fast binary feature selection with conditional mutual
information. JMLR 5, 1531-1555.

Meyer, P. E. and Bontempi, G. (2006). On the use of variable complementarity
for feature selection in cancer classification. EvoWorkshops, LNCS 3907,
91-102. https://doi.org/10.1007/11732242_9

Jakulin, A. (2005). Machine learning based on attribute interactions. PhD
thesis, University of Ljubljana.

Lin, D. and Tang, X. (2006). Conditional infomax learning: an integrated
framework for feature extraction and fusion. ECCV, LNCS 3951, 68-82.
https://doi.org/10.1007/11744023_6
"""

import math
from typing import NamedTuple

import numpy as np

from fastmi import _docs, _registry, _threads
from fastmi import _validation as v

# MISelector: built on scikit-learn, imported by the module __getattr__ at the end.
__all__ = ["select_features", "mrmr", "jmi", "cmim", "MISelector", "Selection", "CRITERIA"]  # noqa: F822

CRITERIA = (
    "mim",
    "mrmr",
    "mrmr_quotient",
    "jmi",
    "jmim",
    "cmim",
    "disr",
    "icap",
    "cife",
    "beta_gamma",
)
_METHODS = _registry.TILE_METHODS

# The per-step terms each criterion reads, for the newly selected X_j:
# "r" I(X_k; X_j), "c" I(X_k; X_j | y), "d" I(X_k; y | X_j), "h" H(X_k, X_j, y).
_NEEDS = {
    "mim": (),
    "mrmr": ("r",),
    "mrmr_quotient": ("r",),
    "jmi": ("d",),
    "jmim": ("d",),
    "cmim": ("d",),
    "disr": ("d", "h"),
    "icap": ("r", "c"),
    "cife": ("r", "c"),
    "beta_gamma": ("r", "c"),
}
_RATIOS = ("mrmr_quotient", "disr")  # scores without a unit


class Selection(NamedTuple):
    features: np.ndarray  # column indices, in the order they were selected
    scores: np.ndarray  # the criterion's score of each when it was selected


# ------------------------------------------------------------ greedy core
class _Scorer:
    """The running sums and minima of one criterion over the selected set."""

    def __init__(self, criterion, relevance, beta, gamma):
        self.criterion = criterion
        self.relevance = relevance
        self.beta, self.gamma = beta, gamma
        self.t = 0
        p = relevance.shape[0]
        self.sum_r = np.zeros(p)
        self.sum_c = np.zeros(p)
        self.acc = relevance.copy() if criterion == "cmim" else np.zeros(p)
        if criterion == "jmim":
            self.acc[:] = np.inf

    def scores(self):
        rel, t, name = self.relevance, self.t, self.criterion
        if t == 0 or name == "mim":
            return rel
        if name == "mrmr":
            return rel - self.sum_r / t
        if name == "mrmr_quotient":
            mean = self.sum_r / t
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = rel / mean
            return np.where(mean > 0, ratio, np.where(rel > 0, np.inf, 0.0))
        if name in ("cife", "beta_gamma"):
            return rel - self.beta * self.sum_r + self.gamma * self.sum_c
        if name == "icap":
            return rel - self.acc
        return self.acc  # jmi, jmim, cmim, disr

    def add(self, j, terms):
        """Fold in the terms of the newly selected feature ``j``."""
        self.t += 1
        name = self.criterion
        if "r" in terms:
            self.sum_r += terms["r"]
        if "c" in terms:
            self.sum_c += terms["c"]
        if name == "icap":
            self.acc += np.maximum(0.0, terms["r"] - terms["c"])
        elif name in ("jmi", "jmim", "disr"):
            # chain rule: I(X_k, X_j; y) = I(X_j; y) + I(X_k; y | X_j)
            joint = self.relevance[j] + terms["d"]
            if name == "jmi":
                self.acc += joint
            elif name == "jmim":
                np.minimum(self.acc, joint, out=self.acc)
            else:
                h = terms["h"]
                with np.errstate(divide="ignore", invalid="ignore"):
                    self.acc += np.where(h > 0, joint / h, 0.0)
        elif name == "cmim":
            np.minimum(self.acc, terms["d"], out=self.acc)


def _greedy(source, criterion, n_select, beta, gamma):
    """Forward selection: (order, scores in nats or unitless), both (n_select,)."""
    relevance = source.relevance()
    scorer = _Scorer(criterion, relevance, beta, gamma)
    available = np.ones(relevance.shape[0], dtype=bool)
    order = np.empty(n_select, dtype=np.intp)
    scores = np.empty(n_select)
    for t in range(n_select):
        score = scorer.scores()
        chosen = int(np.argmax(np.where(available, score, -np.inf)))
        order[t], scores[t] = chosen, score[chosen]
        available[chosen] = False
        if t + 1 < n_select and criterion != "mim":
            scorer.add(chosen, source.terms(chosen, _NEEDS[criterion], available))
    return order, scores


# ------------------------------------------------------------ data intake
def _table(X, func):
    """``X`` as a list of its columns (pandas columns as numpy arrays), and as
    the (n, p) array itself when it is one (else None)."""
    if v.pandas_type(X, "DataFrame"):
        v.check_pairwise_shape(X.shape[0], X.shape[1], "X", func, min_features=1)
        return [X.iloc[:, j].to_numpy() for j in range(X.shape[1])], None
    arr = v.pairwise_array(X, "X", func)
    v.check_pairwise_shape(arr.shape[0], arr.shape[1], "X", func, min_features=1)
    return [arr[:, j] for j in range(arr.shape[1])], arr


def _matrix(columns, matrix):
    """The (n, p) table: ``matrix``, or a (column-major) stack of the columns."""
    return matrix if matrix is not None else np.stack(columns).T


def _resolve_method(method, columns, y):
    """The one family for every MI value of a selection: ``resolve_columns``
    of ``fastmi._registry`` (conditional MI needs a single family)."""
    from fastmi._encoding import is_continuous

    masks = [np.array([not is_continuous(c) for c in columns] + [not is_continuous(y)])]
    return _registry.resolve_columns(method, masks, one_family=True)


def _binned(column, options, func):
    """Bin codes of a float column (``bins``, ``strategy`` as in ``binned_mi``)."""
    from fastmi._encoding import is_continuous
    from fastmi.binning import bin_codes

    if not is_continuous(column):
        return column
    values = np.asarray(column, dtype=np.float64).reshape(-1, 1)
    v.check_finite(values, "X", func)
    return bin_codes(values, options["bins"], options["strategy"], func)[:, 0]


def _dense(values):
    """Dense int32 codes 0..L-1 of an int array (every level present), and L."""
    levels, codes = np.unique(values, return_inverse=True)
    return codes.reshape(-1).astype(np.int32), len(levels)


def _codes(column, name, func):
    """Dense int32 codes of a labels column (any dtype), and its number of levels."""
    from fastmi._encoding import dense_codes, encode

    codes = dense_codes(encode(column, name, func)).astype(np.int32)
    return codes, int(codes.max()) + 1


# ------------------------------------------------------------ MI sources
class _Discrete:
    """Count-table entropies: every candidate's terms with X_j per step.

    Features are held as one (p, n) int32 table of dense codes; a step is two
    passes of ``_kernels.selection.mi_with_other`` (with X_j, and with the
    joint (y, X_j)), split over ``n_threads``.
    """

    def __init__(self, columns, matrix, target, options, func):
        from fastmi._kernels import selection as ks
        from fastmi._kernels.entropy import for_estimator

        self._ks = ks
        self.estimator = options["estimator"]
        self._feature_entropies = for_estimator(ks.feature_entropies, self.estimator)
        self._mi_with_other = for_estimator(ks.mi_with_other, self.estimator)
        self.n_threads = options["n_threads"]
        self.codes, self.levels = self._encode(columns, matrix, func)  # (p, n) int32, (p,)
        self.xlogx = ks.xlogx_table(self.codes.shape[1])
        self.entropy = self._entropies(self.codes, self.levels)
        self.y, self.ky = _codes(target, "y", func)
        self._rel = None

    def _encode(self, columns, matrix, func):
        """Integer columns in one threaded kernel pass; other labels one by one."""
        p, n = len(columns), columns[0].shape[0]
        codes = np.empty((p, n), dtype=np.int32)
        levels = np.empty(p, dtype=np.int64)
        if all(isinstance(c, np.ndarray) and c.dtype.kind in "biu" for c in columns):
            X = _matrix(columns, matrix).astype(np.int64, copy=False)
            chunks = _threads.chunk_bounds(p, 4 * self.n_threads if self.n_threads > 1 else 1)
            _threads.parallel_map(
                lambda b: self._ks.dense_int_columns(X, b[0], b[1], codes, levels),
                chunks,
                self.n_threads,
            )
            return codes, levels
        for j, column in enumerate(columns):
            codes[j], levels[j] = _codes(column, "X", func)
        return codes, levels

    def _entropies(self, codes, levels):
        out = np.empty(codes.shape[0])
        self._feature_entropies(codes, levels, self.estimator, self.xlogx, out)
        return out

    def _with(self, other, n_other):
        """(I(X_k; other), H(X_k, other)) for every k, in nats."""
        h_other = self._entropies(other[None, :], np.array([n_other], dtype=np.int64))[0]
        p = self.codes.shape[0]
        mi, joint = np.empty(p), np.empty(p)
        chunks = _threads.chunk_bounds(p, 4 * self.n_threads if self.n_threads > 1 else 1)
        args = (self.codes, self.levels, self.entropy, other, n_other, h_other, self.estimator)
        _threads.parallel_map(
            lambda b: self._mi_with_other(*args, self.xlogx, b[0], b[1], mi, joint),
            chunks,
            self.n_threads,
        )
        return mi, joint

    def relevance(self):
        self._rel = self._with(self.y, self.ky)[0]
        return self._rel

    def terms(self, j, needs, available):
        out = {}
        if "r" in needs or "d" in needs:
            out["r"] = self._with(self.codes[j], int(self.levels[j]))[0]
        if needs != ("r",):
            pair, n_pair = _dense(self.y.astype(np.int64) * self.levels[j] + self.codes[j])
            joint_mi, out["h"] = self._with(pair, n_pair)  # I(X_k; (y, X_j)), H(X_k, X_j, y)
            out["c"] = joint_mi - self._rel
            if "r" in out:
                out["d"] = joint_mi - out["r"]
        return out


class _Copula:
    """Gaussian-copula terms from the correlations of normal scores.

    Scores are computed once (standardized: a dot product is a correlation);
    a step is one matrix-vector product.  Constant columns have all-zero
    scores and MI 0 with everything, as in ``fastmi.pairwise``.
    """

    def __init__(self, columns, matrix, target, options, func):
        from fastmi.gaussian import gaussian_bias, normal_scores, resolution_cap

        values = _matrix(columns, matrix)
        if values.dtype.kind not in "biuf":
            raise v.not_numeric_error("X", values.dtype, func)
        v.check_finite(values, "X", func)
        y = v.continuous_array(target, "y", func)
        n = values.shape[0]
        v.check_enough_for_covariance(n, {"X_k": 1, "y": 1, "X_j": 1}, func)
        jobs = options["n_jobs"]
        self.Z = np.ascontiguousarray(normal_scores(values, standardize=True, n_jobs=jobs).T)
        self.zy = normal_scores(y[:, 0], standardize=True, n_jobs=jobs)
        self.constant = ~self.Z.any(axis=1)
        self.y_constant = not self.zy.any()
        self.cap = resolution_cap(n)
        self.min_residual = 1.0 / float(n) ** 2  # 1 - r² below this: |r| = 1 (the cap)
        correct = options["bias_correction"]
        self.bias11 = gaussian_bias(n, 1, 1) if correct else 0.0
        self.bias12 = gaussian_bias(n, 1, 2) if correct else 0.0

    def _mi(self, rho, constant_other):
        """Copula MI of correlations ``rho``: -½ log(1 - r²) capped, plus the bias."""
        if constant_other:
            return np.zeros_like(rho)
        with np.errstate(divide="ignore"):  # |r| = 1: inf, then the cap
            value = -0.5 * np.log1p(-np.minimum(rho * rho, 1.0))
        value = np.minimum(value, self.cap) + self.bias11
        return np.where(self.constant, 0.0, value)

    def relevance(self):
        self.rho_y = self.Z @ self.zy
        self._rel = self._mi(self.rho_y, self.y_constant)
        return self._rel

    def terms(self, j, needs, available):
        rho_j = self.Z @ self.Z[j]
        j_constant = bool(self.constant[j])
        r = self._mi(rho_j, j_constant)
        rho_yj = float(self.zy @ self.Z[j])
        residual = 1.0 - min(rho_yj * rho_yj, 1.0)  # 1 - r²(y, X_j)
        if j_constant or residual < self.min_residual:
            joint = self._rel  # (y, X_j) carries what y carries
        elif self.y_constant:
            joint = r
        else:
            ry = self.rho_y
            det = residual - ry * ry - rho_j * rho_j + 2.0 * ry * rho_j * rho_yj
            det = np.maximum(det, residual * self.min_residual)  # the log(n) cap
            joint = 0.5 * (math.log(residual) - np.log(det)) + self.bias12
            joint = np.where(self.constant, 0.0, joint)
        return {"r": r, "c": joint - self._rel, "d": joint - r}


class _KSG:
    """k-NN terms from fastmi's public functions (one ``ksg_cmi`` per candidate)."""

    def __init__(self, columns, matrix, target, options, func):
        self.X = _matrix(columns, matrix)
        self.y = np.asarray(target)
        self.mi = {"method": "ksg", **{k: options[k] for k in ("k", "jitter", "n_jobs")}}
        self.mi["random_state"] = options["random_state"]
        self.cmi = {k: self.mi[k] for k in ("k", "jitter", "random_state", "n_jobs")}

    def relevance(self):
        from fastmi import pairwise

        return np.asarray(pairwise.mi_with_target(self.X, self.y, **self.mi), dtype=np.float64)

    def terms(self, j, needs, available):
        from fastmi import pairwise
        from fastmi.continuous import ksg_cmi

        out = {}
        xj = self.X[:, j]
        if "r" in needs:
            out["r"] = np.asarray(pairwise.cross_mi(self.X, self.X[:, [j]], **self.mi)[:, 0])
        for term, (a, b) in (("c", (xj, self.y)), ("d", (self.y, xj))):
            if term in needs:  # c: I(X_k; X_j | y), d: I(X_k; y | X_j)
                values = np.zeros(self.X.shape[1])
                for k in np.flatnonzero(available):
                    values[k] = ksg_cmi(self.X[:, k], a, b, **self.cmi)
                out[term] = values
        return out


_SOURCES = {"discrete": _Discrete, "binned": _Discrete, "copula": _Copula, "ksg": _KSG}


# ------------------------------------------------------------ the driver
def _check_options(func, options):
    return {
        "estimator": v.check_estimator(options["estimator"], func),
        "scale": v.log_base(options["base"], func),
        "bins": v.check_bins(options["bins"], func),
        "strategy": v.check_options(options["strategy"], "strategy", func, v.BIN_STRATEGIES),
        "k": v.check_int(options["k"], "k", func, low=1),
        "jitter": v.check_real(options["jitter"], "jitter", func, low=0),
        "random_state": _checked(v.check_random_state, options["random_state"], func),
        "bias_correction": v.check_bool(options["bias_correction"], "bias_correction", func),
        "n_jobs": v.check_n_jobs(options["n_jobs"], func),
        "n_threads": _threads.resolve_n_jobs(v.check_n_jobs(options["n_jobs"], func)),
    }


def _checked(check, value, func):
    """``value`` itself once ``check`` accepts it (an int seed stays an int)."""
    check(value, func)
    return value


def _check_weights(criterion, beta, gamma, func):
    if criterion != "beta_gamma":
        if beta is not None or gamma is not None:
            raise v.selection_weights_error(criterion, func)
        return (1.0, 1.0) if criterion == "cife" else (None, None)
    if beta is None or gamma is None:
        raise v.selection_weights_error(criterion, func)
    return v.check_real(beta, "beta", func), v.check_real(gamma, "gamma", func)


def _select(func, criterion, X, y, n_features, method, beta=None, gamma=None, **options):
    criterion = v.check_options(criterion, "criterion", func, CRITERIA)
    method = v.check_options(method, "method", func, _METHODS)
    beta, gamma = _check_weights(criterion, beta, gamma, func)
    options = _check_options(func, options)
    columns, matrix = _table(X, func)
    target = v.target_column(y, func)[:, 0] if not v.pandas_type(y, "Series") else y
    v.check_same_length({"X": columns[0].shape[0], "y": len(target)}, func)
    n_features = v.check_int(n_features, "n_features", func, low=1, high=len(columns))
    method = _resolve_method(method, columns, target)
    if criterion == "disr" and method in ("ksg", "copula"):
        raise v.entropy_method_error(criterion, method, func)
    if method == "binned":
        columns, matrix = [_binned(c, options, func) for c in columns], None
        target = _binned(np.asarray(target), options, func)
    source = _SOURCES[method](columns, matrix, target, options, func)
    order, scores = _greedy(source, criterion, n_features, beta, gamma)
    if criterion not in _RATIOS:
        scores = scores / options["scale"]
    return Selection(order, scores)


@_docs.fill
def select_features(
    X,
    y,
    *,
    n_features,
    criterion="mrmr",
    method="auto",
    beta=None,
    gamma=None,
    estimator="plugin",
    bins="fd",
    strategy="uniform",
    k=3,
    jitter=1e-10,
    random_state=None,
    bias_correction=True,
    base="e",
    n_jobs=None,
):
    """Greedy forward selection of ``n_features`` columns of X by an MI criterion.

    Every criterion of the module docstring's table (Brown et al. 2012's
    framework) on every estimator of ``method``; each step computes only the
    terms of the newly selected feature with every candidate (see the
    module docstring).

    Parameters
    ----------
    %(selection_data)s
    criterion : str, default="mrmr"
        One of ``fastmi.selection.CRITERIA``: "mim", "mrmr", "mrmr_quotient",
        "jmi", "jmim", "cmim", "disr", "icap", "cife", "beta_gamma".
    method : {"auto", "discrete", "binned", "ksg", "copula"}, default="auto"
        How MI is estimated (see the module docstring).
    beta, gamma : float or None, default=None
        The weights of ``criterion="beta_gamma"`` (both required there, and
        not accepted by the other criteria).
    estimator : str, default="plugin"
        Entropy estimator of the discrete and binned methods (as
        :func:`fastmi.entropy`).
    bins, strategy : default="fd", "uniform"
        Binning of float columns under "binned" (as :func:`fastmi.binned_mi`).
    k, jitter, random_state : default=3, 1e-10, None
        KSG neighbours and tie-breaking noise (pass an int for reproducible
        jitter); ignored by the other methods.
    bias_correction : bool, default=True
        Copula: the analytic bias correction of :func:`fastmi.copula_mi`.
    base : {"e", "nats", 2, "bits", 10, "hartleys"} or float > 1, default="e"
        Unit of the scores.
    n_jobs : int or None, default=None
        Threads (None: ``fastmi.get_num_threads()``).  The result does not
        depend on it.

    Returns
    -------
    Selection
        ``(features, scores)``: int indices in selection order and each
        one's score when it was selected (in the unit of ``base``; no unit
        for "mrmr_quotient" and "disr").

    Raises
    ------
    ValueError
        Bad parameters or data (before any MI is computed), ``beta``/``gamma``
        missing for "beta_gamma" or given for another criterion, "disr" with
        method "ksg" or "copula".

    Notes
    -----
    Deterministic for a given input (and ``random_state`` with "ksg"); ties
    go to the lowest column index.  Discrete and copula selection of 20 out
    of 1,000 features at n = 2,000 takes a fraction of a second; "ksg" runs
    one conditional k-NN estimate per candidate and step (much slower).

    Examples
    --------
    >>> import numpy as np
    >>> from fastmi.selection import select_features
    >>> rng = np.random.default_rng(0)
    >>> a, b, c = rng.integers(0, 2, size=(3, 500))
    >>> X = np.column_stack([c, a, a, b])  # column 2 copies column 1
    >>> # y = a XOR b: neither alone says anything; JMI finds the pair
    >>> # (ICAP and CMIM, which only subtract redundancy, cannot)
    >>> select_features(X, a ^ b, n_features=2, criterion="jmi").features
    array([3, 1])
    """
    options = dict(locals())
    for name in ("X", "y", "n_features", "criterion", "method", "beta", "gamma"):
        del options[name]
    return _select("select_features", criterion, X, y, n_features, method, beta, gamma, **options)


_OPTIONS = ("estimator", "bins", "strategy", "k", "jitter", "random_state", "bias_correction",
            "base", "n_jobs")  # fmt: skip


def _named(func, criterion, X, y, n_features, method, options):
    unknown = sorted(set(options) - set(_OPTIONS))
    if unknown:
        raise TypeError(f"{func}() got an unexpected keyword argument {unknown[0]!r}")
    defaults = {"estimator": "plugin", "bins": "fd", "strategy": "uniform", "k": 3,
                "jitter": 1e-10, "random_state": None, "bias_correction": True, "base": "e",
                "n_jobs": None}  # fmt: skip
    return _select(func, criterion, X, y, n_features, method, **{**defaults, **options})


def mrmr(X, y, *, n_features, method="auto", **options):
    return _named("mrmr", "mrmr", X, y, n_features, method, options)


def jmi(X, y, *, n_features, method="auto", **options):
    return _named("jmi", "jmi", X, y, n_features, method, options)


def cmim(X, y, *, n_features, method="auto", **options):
    return _named("cmim", "cmim", X, y, n_features, method, options)


mrmr.__doc__ = """Minimum-redundancy maximum-relevance selection (MID criterion).

    Score of X_k: I(X_k; y) - mean over selected X_j of I(X_k; X_j)
    (Peng, Long & Ding 2005); ``select_features(criterion="mrmr")``.

    %(selection_parameters)s

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

jmi.__doc__ = """Joint mutual information selection.

    Score of X_k: sum over selected X_j of I(X_k, X_j; y) (Yang & Moody
    1999; Brown et al. 2012); ``select_features(criterion="jmi")``.

    %(selection_parameters)s

    Examples
    --------
    >>> import numpy as np
    >>> from fastmi.selection import jmi
    >>> rng = np.random.default_rng(0)
    >>> a, b, c = rng.integers(0, 2, size=(3, 500))
    >>> np.sort(jmi(np.column_stack([c, a, b]), a ^ b, n_features=2).features)  # XOR
    array([1, 2])
    """

cmim.__doc__ = """Conditional mutual information maximisation.

    Score of X_k: min(I(X_k; y), min over selected X_j of I(X_k; y | X_j))
    (Fleuret 2004); ``select_features(criterion="cmim")``.

    %(selection_parameters)s

    Examples
    --------
    >>> import numpy as np
    >>> from fastmi.selection import cmim
    >>> rng = np.random.default_rng(0)
    >>> a, b = rng.integers(0, 4, size=500), rng.integers(0, 2, size=500)
    >>> cmim(np.column_stack([a, a, b]), 2 * a + b, n_features=2).features
    array([0, 2])
    """

for _f in (mrmr, jmi, cmim):
    _docs.fill(_f)
del _f


# ------------------------------------------------------- the transformer
def __getattr__(name):
    """``MISelector`` is built on scikit-learn, imported on first access."""
    if name == "MISelector":
        from fastmi._selector import MISelector

        return MISelector
    raise AttributeError(f"module 'fastmi.selection' has no attribute {name!r}")
