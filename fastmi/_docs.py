"""Shared docstring fragments: text that several public functions document alike.

A docstring names a fragment on a line of its own, ``%(name)s``, indented as
the text should stand; :func:`fill` (a decorator, or a call on a function
whose ``__doc__`` is set later) puts the fragment there, every line indented
as the placeholder.  So ``help()`` and the doctests see the whole text, and
each description is written once.  Fragments are written flush left; an
unknown name is an error at import.
"""

import re
import textwrap

_PLACEHOLDER = re.compile(r"^([ \t]*)%\((\w+)\)s[ \t]*$", re.MULTILINE)

# ---------------------------------------------------------------- units
_BASE = """\
base : {"e", "nats", 2, "bits", 10, "hartleys"} or real > 1, default="e"
    Unit of the result, as the logarithm base; the default is nats."""

# ------------------------------------------------- labelled data (discrete)
_LABELS = """\
Labels of any dtype (ints, bools, strings, objects, floats, pandas
Series or Categorical); a 2-D array is one variable whose levels are
the rows' combinations of its columns."""

_DISCRETE_OPTIONS = (
    _BASE
    + """
estimator : str, default="plugin"
    Entropy estimator: "plugin", "miller_madow", "chao_shen",
    "james_stein", "nsb" or "grassberger" (see the module notes).  A
    combined quantity (MI, conditional entropy, CMI) is the same signed
    sum of entropies for every estimator.
n_jobs : int or None, default=None
    Threads for counting (None: ``fastmi.get_num_threads()``, -1: all
    cores); the result does not depend on it.
nan_policy : {"raise", "omit"}, default="raise"
    A missing label (NaN, None, pandas NA, NaT) is an error, or
    ``"omit"`` drops every sample where any of the variables is missing.
n_categories : int, sequence of int or None, default=None
    The alphabet size K (possible labels, seen or not) that "james_stein"
    and "nsb" shrink toward: one int for every variable or one per
    variable (a joint alphabet is the product).  None: the categories of
    a pandas Categorical, else the labels seen."""
)


def _labelled(names):
    """The parameters of a labelled-data function of the variables ``names``."""
    head = f"{names} : array-like of shape (n_samples,) or (n_samples, n_columns)\n"
    return head + textwrap.indent(_LABELS, "    ") + "\n" + _DISCRETE_OPTIONS


_DISTRIBUTION_OPTIONS = """\
base : {"e", "nats", 2, "bits", 10, "hartleys"} or real > 1, default="e"
    Unit of the result.
kind : {"auto", "probability", "counts"}, default="auto"
    How to read ``p`` and ``q`` (see :mod:`fastmi.tables`)."""

# ------------------------------------------------------------------ tables
_TABLE_OPTIONS = (
    _BASE
    + """
estimator : str, default="plugin"
    Entropy estimator: "plugin", "miller_madow", "chao_shen",
    "james_stein", "nsb" or "grassberger" (see :mod:`fastmi.discrete`).
    The bias-corrected ones need whole-number counts; they take the
    alphabet size K of a marginal as its number of cells.
kind : {"auto", "probability", "counts"}, default="auto"
    How to read the table: "auto" takes integer tables, and float tables
    of whole numbers that do not sum to 1, as counts; other float tables
    as probabilities summing to 1."""
)

# ------------------------------------------- scikit-learn drop-ins (feature_selection)
_SKLEARN_OPTIONS_RETURNS = """\
discrete_features : {"auto"} or bool or array-like, default="auto"
    Which features are discrete: "auto" (True for a sparse X, else
    False, as scikit-learn), one bool for all, a boolean mask of shape
    (n_features,) or the indexes of the discrete features.
n_neighbors : int >= 1, default=3
    k of the KSG and Ross estimators (scikit-learn's default).
copy : bool, default=True
    Accepted for compatibility; X is never modified.
random_state : int, RandomState instance or None, default=None
    Seeds the tiny noise added to continuous variables
    (``numpy.random.RandomState``, the draws scikit-learn makes); pass an
    int for reproducible results.
n_jobs : int or None, default=None
    Threads over features (None: ``fastmi.get_num_threads()``, -1: all
    cores); each feature's estimate does not depend on it.

Returns
-------
ndarray of shape (n_features,), float64
    I(X_j; y) >= 0 of each feature, in nats."""

# -------------------------------------------------------------------- plot
_AX = """\
ax : matplotlib Axes, optional
    Where to draw (default: a new figure)."""

_AX_UNIT = (
    _AX
    + """
unit : str, default="nats"
    Label of the MI axis."""
)

# ------------------------------------------------------------------- batch
_BATCH_N_JOBS_RETURNS = """\
n_jobs : int or None, default=None
    Threads over problems; the result does not depend on it.

Returns
-------
numpy.ndarray of shape (B,)"""

# ---------------------------------------------------------------- gaussian
_GAUSSIAN_XY_BASE = """\
x : array-like of shape (n_samples,) or (n_samples, dx)
y : array-like of shape (n_samples,) or (n_samples, dy)
    Real values; 2-D arrays are multivariate variables.  Needs
    n_samples >= dx + dy + 2.
base : {"e", "nats", 2, "bits", 10, "hartleys"} or float > 1, default="e"
    Unit of the result."""

# -------------------------------------------------------------- clustering
_CLUSTERINGS_AVERAGE = """\
a, b : array-like of shape (n_samples,)
    Cluster labels of any dtype; ids need not match between ``a`` and ``b``.
average_method : {"arithmetic", "geometric", "min", "max"}, default="arithmetic"
    The mean of H(A) and H(B) that normalises the MI."""

# -------------------------------------------------------------- references
_INCE2017 = """\
Ince, R. A. A. et al. (2017). A statistical framework for neuroimaging
data analysis based on mutual information estimated via a Gaussian
copula. Human Brain Mapping 38(3), 1541-1573.
https://doi.org/10.1002/hbm.23471"""

# -------------------------------------------------------------- selection
_SELECTION_DATA = """\
X : array-like or DataFrame of shape (n_samples, n_features)
y : array-like or Series of shape (n_samples,)
n_features : int
    How many features to select (1 <= n_features <= X.shape[1])."""

_SELECTION_PARAMETERS = (
    """\
Parameters
----------
"""
    + _SELECTION_DATA
    + """
method : {"auto", "discrete", "binned", "ksg", "copula"}, default="auto"
    How MI is estimated (see the module docstring).
**options
    As :func:`select_features`: ``base``, ``estimator`` (discrete,
    binned), ``bins``, ``strategy`` (binned), ``k``, ``jitter``,
    ``random_state`` (ksg; pass an int for reproducible jitter),
    ``bias_correction`` (copula), ``n_jobs``.

Returns
-------
Selection
    ``(features, scores)``: int indices in selection order and each
    one's score when it was selected (in the unit of ``base``)."""
)

# -------------------------------------------------------- network scoring
_NETWORK_SCORES_PARAMETERS = """\
Parameters
----------
scores : array-like or DataFrame (p, p) or (n_tfs, p), or an edge list
    ``scores[r, t]``: score of the edge regulator r -> target t; or a
    list of ``(regulator, target, score)`` or a DREAM edge-list file.
truth : array-like or DataFrame (p, p), or an edge list
    0/1 adjacency ``truth[r, t]`` = 1 when r regulates t; or a DREAM
    gold-standard file/list (``G1<TAB>G2<TAB>1|0``).  A gold standard
    naming genes the scores do not have is an error.
tfs : sequence of names or column indexes, optional
    The regulator of each row of an (n_tfs, p) score matrix.
names : sequence of p names, optional
    Gene names of an unlabelled score matrix (to match a named gold
    standard), or the genes of an edge-list prediction.
directed : bool or None, default=None
    True: ordered pairs (DREAM).  False: pairs i < j, symmetrised.
    None: True, except for a symmetric square score matrix with an
    asymmetric gold-standard matrix, which keeps the old symmetrised
    score with a FutureWarning (the default becomes True in 0.2)."""

# --------------------------------------------------------------- pairwise
_PAIRWISE_PARAMETERS = """\
method : {"auto", "discrete", "ksg", "copula", "binned"}, default="auto"
    How a pair of continuous columns is measured: "ksg" (``ksg_mi``),
    "copula" (``copula_mi``) or "binned" (``binned_mi``).  Pairs of
    discrete columns are always counted (``mutual_info_discrete`` with
    ``estimator``).  "discrete" treats every column as discrete (labels
    of any dtype).  "auto" decides per pair, as ``fastmi.mutual_info``:
    counting for two discrete columns, "ksg" for two continuous ones,
    and ``mixed_mi`` (Ross 2014: method "ross", standardized, no jitter,
    this ``k``) for a continuous column with a discrete one.
discrete_x : "auto", bool, array-like of bool or int, default="auto"
    Which columns of ``X`` are discrete, as scikit-learn's
    ``discrete_features`` (the old name here, deprecated: it still works,
    with a FutureWarning): a mask of length n_features or column indices.
    "auto" decides from the dtypes: float columns are continuous,
    everything else (ints, bools, strings, categoricals) is discrete;
    with method="copula" "auto" means none.
    Ignored by method="discrete".  Methods "ksg" and "copula" take no
    discrete-continuous pairs: use "auto" (``mixed_mi`` for those
    pairs) or bin them (method="binned").
estimator : str, default="plugin"
    Entropy estimator for discrete pairs (see ``fastmi.discrete``).
k : int, default=3
    KSG and mixed pairs: number of neighbours.
algorithm : {1, 2}, default=1
    KSG: algorithm 1 or 2 of Kraskov et al. (2004).
standardize : bool or "robust", default=True
    KSG: scale each column to unit variance (True), by its robust spread
    ("robust": median and interquartile range, for columns with extreme
    outliers), or not at all (False), as in ``ksg_mi``.
jitter : float, default=1e-10
    KSG: after standardizing, each column gets ``jitter * N(0, 1)``
    noise, drawn once per column from ``random_state`` in column order.
random_state : None, int or numpy.random.Generator, default=None
    KSG: the source of the jitter (unused when ``jitter=0``).
bins : int or str, default="fd"
    Binned: bins per column, or a ``numpy.histogram_bin_edges`` rule.
strategy : {"uniform", "quantile"}, default="uniform"
    Binned: equal-width or equal-frequency bins.
bias_correction : bool, default=True
    Copula: subtract the analytic small-sample bias, as ``copula_mi``
    does by default.
base : {"e", "nats", 2, "bits", 10, "hartleys"} or float > 1, default="e"
    Unit of the result.
clip : bool, default=False
    Negative estimates (KSG and mixed pairs, or bias-corrected discrete
    estimators, can go below 0) become 0, as ``clip=True`` of the
    single-pair functions.
n_jobs : int or None, default=None
    Threads (None: ``fastmi.get_num_threads()``; -1: all cores).
tile_size : int or None, default=None
    Features per side of a tile (None: chosen from the work per pair).
    Does not change the result.
dtype : {numpy.float64, numpy.float32} or None, default=None
    Result dtype (None: ``out.dtype`` if given, else float64).  Entries
    are computed in float64 and rounded once when stored.
progress : callable or None, default=None
    Called as ``progress(done_pairs, total_pairs)`` from the calling
    thread after each batch of tiles (about every 0.2 s).
nan_policy : {"raise", "omit"}, default="raise"
    Missing values (NaN, None, pandas NA, NaT): "raise" rejects them;
    "omit" measures each pair on the rows where both its columns are
    present (pairwise-complete), so every entry equals the single-pair
    function on that pair's filtered rows (see Notes on missing values).
layer : str or None, default=None
    AnnData input: read ``adata.layers[layer]`` instead of ``adata.X``.
return_counts : bool, default=False
    Also return the number of samples behind each entry (n everywhere
    unless ``nan_policy="omit"`` dropped rows): ``(mi, counts)``, counts
    as int64 of the result's shape (labelled like it)."""

_PAIRWISE_OUT = """\
out : ndarray or None, default=None
    Preallocated result (e.g. ``numpy.lib.format.open_memmap``) of the
    result's shape and dtype; filled with NaN first, then tile by tile."""

_PAIRWISE_INPUTS = """\
Tables may be numpy arrays, pandas DataFrames, scipy.sparse matrices
(read one column at a time; no missing values), polars DataFrames
(converted to pandas column by column: a float column is continuous
under "auto", anything else discrete), 2-D xarray DataArrays of
(samples, features) (the feature coordinate gives the labels) and
AnnData objects (``X`` or ``layers[layer]``, dense or sparse, labelled
by ``var_names``).  Labelled input gives a pandas result labelled by
the column names (index and columns named after an xarray feature
dimension)."""

# ------------------------------- significance, network: the old **options
_DEPRECATED_OPTIONS = """\
**options
    Deprecated spelling of ``mi_options`` (a FutureWarning)."""


FRAGMENTS = {
    "labelled_x": _labelled("x"),
    "labelled_xy": _labelled("x, y"),
    "labelled_xyz": _labelled("x, y, z"),
    "discrete_options": _DISCRETE_OPTIONS,
    "distribution_options": _DISTRIBUTION_OPTIONS,
    "table_options": _TABLE_OPTIONS,
    "sklearn_options_returns": _SKLEARN_OPTIONS_RETURNS,
    "ax": _AX,
    "ax_unit": _AX_UNIT,
    "batch_n_jobs_returns": _BATCH_N_JOBS_RETURNS,
    "clusterings_average": _CLUSTERINGS_AVERAGE,
    "ince2017": _INCE2017,
    "references_ince2017": "References\n----------\n" + _INCE2017,
    "gaussian_xy_base": _GAUSSIAN_XY_BASE,
    "selection_data": _SELECTION_DATA,
    "selection_parameters": _SELECTION_PARAMETERS,
    "network_scores_parameters": _NETWORK_SCORES_PARAMETERS,
    "pairwise_parameters": _PAIRWISE_PARAMETERS,
    "pairwise_out": _PAIRWISE_OUT,
    "pairwise_inputs": _PAIRWISE_INPUTS,
    "deprecated_options": _DEPRECATED_OPTIONS,
}


def fill(func):
    """Put the named fragments into ``func.__doc__`` (returns ``func``)."""
    if func.__doc__:  # None under python -OO

        def fragment(match):
            return textwrap.indent(FRAGMENTS[match[2]], match[1])

        func.__doc__ = _PLACEHOLDER.sub(fragment, func.__doc__)
    return func
