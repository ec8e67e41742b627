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


def _labelled(names):
    """The parameters of a labelled-data function of the variables ``names``."""
    head = f"{names} : array-like of shape (n_samples,) or (n_samples, n_columns)\n"
    return head + textwrap.indent(_LABELS, "    ") + "\n" + _DISCRETE_OPTIONS


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
    "gaussian_xy_base": _GAUSSIAN_XY_BASE,
}


def fill(func):
    """Put the named fragments into ``func.__doc__`` (returns ``func``)."""
    if func.__doc__:  # None under python -OO

        def fragment(match):
            return textwrap.indent(FRAGMENTS[match[2]], match[1])

        func.__doc__ = _PLACEHOLDER.sub(fragment, func.__doc__)
    return func
