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
    dtype_rule : ``discrete_features="auto"`` applies the dtype rule; False
        for "copula", which reads every numeric column as continuous (its
        ranks) and takes no discrete columns at all
    """

    name: str
    function: tuple
    kinds: tuple
    tiles: bool = False
    bins: bool = False
    jitter: bool = False
    cmi: bool = False
    dtype_rule: bool = True

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
    def tile_group(self, func, tables, columns, options, symmetric):
        """Prepare the selected columns; returns an ``_engine.TileGroup``."""
        return self._tile_module.tile_group(func, tables, columns, options, symmetric)

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


FAMILIES = {
    family.name: family
    for family in (
        Family("discrete", ("fastmi.discrete", "mutual_info_discrete"), ("discrete",),
               tiles=True, cmi=True),
        Family("ksg", ("fastmi.continuous", "ksg_mi"), ("continuous",),
               tiles=True, jitter=True, cmi=True),
        Family("mixed", ("fastmi.continuous", "mixed_mi"), ("continuous", "discrete"),
               jitter=True),
        Family("gaussian", ("fastmi.gaussian", "gaussian_mi"), ("continuous",)),
        Family("copula", ("fastmi.gaussian", "copula_mi"), ("continuous",), tiles=True,
               dtype_rule=False),
        Family("binned", ("fastmi.binning", "binned_mi"), ("discrete", "continuous"),
               tiles=True, bins=True, cmi=True),
    )
}  # fmt: skip

#: ``method`` values of ``fastmi.mutual_info`` (single pairs).
PAIR_METHODS = ("auto", *FAMILIES)
#: ``method`` values of the tile engine (``pairwise_mi``, ``cross_mi``, ...).
TILE_METHODS = ("auto", *(name for name, f in FAMILIES.items() if f.tiles))


def family(name):
    """The entry of ``name`` (a resolved method, not "auto")."""
    return FAMILIES[name]


def resolve_pair(x_continuous, y_continuous):
    """The "auto" family of one pair, from whether each side is continuous:
    counting for two discrete variables, KSG for two continuous ones, and
    Ross's nearest-neighbour estimator for one of each."""
    if x_continuous and y_continuous:
        return "ksg"
    return "mixed" if x_continuous or y_continuous else "discrete"


def resolve_columns(method, masks):
    """The "auto" family of a table run, from its discrete-column masks:
    "discrete" when every column is discrete, "ksg" when none is, "binned"
    when they are mixed."""
    if method != "auto":
        return method
    if all(m.all() for m in masks):
        return "discrete"
    return "ksg" if not any(m.any() for m in masks) else "binned"
