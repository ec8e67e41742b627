"""The estimator families: one entry each, read by every layer.

A *family* is one way of measuring the MI of a pair of variables: its
single-pair function (what ``fastmi.mutual_info(method=...)`` calls), the
kinds of column it takes, and, when the tile engine can run it over many
pairs, the module of ``fastmi._families`` that prepares columns and builds
its tile job.  ``fastmi.front``, ``fastmi.pairwise`` (through
``fastmi._engine``), ``fastmi.selection`` and ``fastmi.significance`` all
read this table, so adding an estimator is one entry here, one family
module (preparer + tile job), one kernel, and tests.

The "auto" rule (one rule, every entry point): a variable is *continuous*
when its dtype is floating point and *discrete* otherwise
(``fastmi._encoding.is_continuous_dtype``); see ``resolve_pair`` and
``resolve_columns``.

Lookups are plain dict reads of entries built once at import (no per-call
construction): ``family(name)``, ``FAMILIES[name]``.
"""

import importlib
from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class Family:
    """One estimator family.

    name : the ``method`` string
    function : ``(module, name)`` of the single-pair function
    kinds : the column kinds it measures, "discrete" and/or "continuous"
        (a family taking both kinds, such as "binned", bins the continuous
        ones and counts)
    tiles : whether the tile engine runs it (``pairwise_mi`` and friends;
        also the streaming top-k/threshold output built on the engine)
    bins : continuous columns are binned first, then counted as discrete
    jitter : the single-pair function takes ``jitter`` and ``random_state``
        (tie-breaking noise), so callers that repeat it (permutation tests)
        pass each call a seed
    cmi : conditional MI is available (feature selection's JMI and CMIM)
    dtype_rule : ``discrete_x="auto"`` applies the dtype rule; False
        for "copula", which reads every numeric column as continuous (its
        ranks) and takes no discrete columns at all
    options : the keyword options of the single-pair function that
        ``fastmi.mutual_info(x, y, **options)`` forwards to it (every keyword
        but ``nan_policy``, which ``mutual_info`` applies itself, and
        ``mixed_mi``'s own ``method``); ``tests/test_registry.py`` checks
        them against the function's signature
    """

    name: str
    function: tuple
    kinds: tuple
    tiles: bool = False
    bins: bool = False
    jitter: bool = False
    cmi: bool = False
    dtype_rule: bool = True
    options: frozenset = frozenset()

    @cached_property
    def pair_function(self):
        """The single-pair function (imported on first use)."""
        module, name = self.function
        return getattr(importlib.import_module(module), name)

    @cached_property
    def _tile_module(self):
        if not self.tiles:
            raise ValueError(f"method={self.name!r} has no tile engine")
        return importlib.import_module(f"fastmi._families.{self.name}")

    # -- the tile engine's view (``fastmi._families.<name>``)
    def tile_group(self, func, tables, columns, options, symmetric, **extra):
        """Prepare the selected columns; returns an ``_engine.TileGroup``."""
        return self._tile_module.tile_group(func, tables, columns, options, symmetric, **extra)

    def as_discrete(self, table, mask, options, name, func):
        """A binning family's table with continuous columns turned into codes."""
        return self._tile_module.as_discrete(table, mask, options, name, func)

    def check_samples(self, n, options, func):
        """Raise before any work when n samples are too few for continuous pairs."""
        check = getattr(self._tile_module, "check_samples", None)
        if check is not None:
            check(n, options, func)

    def min_samples(self, options, continuous):
        """Fewest common samples an omit-plan run can estimate from (fewer:
        NaN, as the single-pair function would raise)."""
        least = getattr(self._tile_module, "min_samples", None)
        return 1 if least is None else least(options, continuous)


_COUNTING = ("base", "estimator", "n_jobs", "n_categories")
_NEIGHBOURS = ("k", "base", "standardize", "jitter", "random_state", "clip", "n_jobs")

FAMILIES = {
    family.name: family
    for family in (
        Family("discrete", ("fastmi.discrete", "mutual_info_discrete"), ("discrete",),
               tiles=True, cmi=True, options=frozenset(_COUNTING)),
        Family("ksg", ("fastmi.continuous", "ksg_mi"), ("continuous",),
               tiles=True, jitter=True, cmi=True,
               options=frozenset((*_NEIGHBOURS, "algorithm"))),
        Family("mixed", ("fastmi.continuous", "mixed_mi"), ("continuous", "discrete"),
               tiles=True, jitter=True, options=frozenset(_NEIGHBOURS)),
        Family("gaussian", ("fastmi.gaussian", "gaussian_mi"), ("continuous",),
               options=frozenset(("base", "bias_correction", "n_jobs"))),
        Family("copula", ("fastmi.gaussian", "copula_mi"), ("continuous",), tiles=True,
               dtype_rule=False, options=frozenset(("base", "bias_correction", "n_jobs"))),
        Family("binned", ("fastmi.binning", "binned_mi"), ("discrete", "continuous"),
               tiles=True, bins=True, cmi=True,
               options=frozenset(("bins", "strategy", "base", "estimator", "n_jobs"))),
    )
}  # fmt: skip

#: Every estimator option ``fastmi.mutual_info`` accepts: the union of the
#: families' ``options``.
OPTIONS = frozenset().union(*(f.options for f in FAMILIES.values()))

#: ``method`` values of ``fastmi.mutual_info`` (single pairs).
PAIR_METHODS = ("auto", *FAMILIES)
#: ``method`` values of the tile engine (``pairwise_mi``, ``cross_mi``, ...);
#: "mixed" runs only inside "auto", for the pairs of a column of each kind.
TILE_METHODS = ("auto", *(name for name, f in FAMILIES.items() if f.tiles and name != "mixed"))


def family(name):
    """The entry of ``name`` (a resolved method, not "auto")."""
    return FAMILIES[name]


def options_for(name, options, func):
    """The part of ``options`` that family ``name`` reads, for a family that
    ``method="auto"`` picked from the data.

    Options of other families are left out: the rule that lets one call pass
    ``k=5, random_state=0, estimator="miller_madow"`` whatever the dtypes
    turn out to be.  A name that no family reads still raises TypeError (a
    misspelt keyword).  A caller that names its method passes its options
    unchanged, so the estimator refuses one it does not take.
    """
    accepted = FAMILIES[name].options
    if options.keys() <= accepted:
        return options
    from fastmi import _validation as v

    for key in options:
        if key not in OPTIONS:
            raise v.unexpected_keyword_error(func, key)
    return {key: value for key, value in options.items() if key in accepted}


def resolve_pair(x_continuous, y_continuous):
    """The "auto" family of one pair, from whether each side is continuous:
    counting for two discrete variables, KSG for two continuous ones, and
    Ross's nearest-neighbour estimator for one of each."""
    if x_continuous and y_continuous:
        return "ksg"
    return "mixed" if x_continuous or y_continuous else "discrete"


def resolve_columns(method, masks, one_family=False):
    """The method of a table run, from its discrete-column masks.

    "auto" becomes "discrete" when every column is discrete and "ksg" when
    none is; a table of both kinds stays "auto": each pair gets
    ``resolve_pair`` of its two columns (see ``pair_plan``), so every entry
    equals ``fastmi.mutual_info`` on that pair.  With ``one_family`` (a
    caller that needs one estimator for every value, such as feature
    selection's conditional MI, which no family computes for mixed kinds) a
    table of both kinds is "binned" instead.
    """
    if method != "auto":
        return method
    if all(m.all() for m in masks):
        return resolve_pair(False, False)
    if not any(m.any() for m in masks):
        return resolve_pair(True, True)
    return "binned" if one_family else "auto"


def pair_plan(method):
    """``(continuous, mixed)``: the families of a run's continuous pairs and
    of its discrete-continuous pairs (None: such pairs are refused).
    Discrete pairs are always counted ("discrete")."""
    if method == "auto":
        return FAMILIES[resolve_pair(True, True)], FAMILIES[resolve_pair(True, False)]
    return FAMILIES[method], None
