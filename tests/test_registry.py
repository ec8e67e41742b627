"""The method registry: one table every layer reads, and one "auto" rule."""

import importlib

import numpy as np
import pandas as pd
import pytest

import fastmi as fm
from fastmi import _registry
from fastmi._encoding import is_continuous, is_continuous_dtype


def test_every_tile_family_has_a_preparer_module():
    for name, family in _registry.FAMILIES.items():
        module = importlib.util.find_spec(f"fastmi._families.{name}")
        assert (module is not None) == family.tiles, name
        if family.tiles:
            assert callable(importlib.import_module(module.name).tile_group)
    assert set(_registry.TILE_METHODS) <= set(_registry.PAIR_METHODS)


@pytest.mark.parametrize(
    ("x", "continuous"),
    [
        (np.zeros(3), True),
        (np.zeros(3, dtype=np.float32), True),
        (np.zeros(3, dtype=int), False),
        (np.zeros(3, dtype=bool), False),
        (np.array(["a", "b"]), False),
        (pd.Series([1.5, None], dtype="Float64"), True),
        (pd.Series([1, None], dtype="Int64"), False),
        (pd.Series(["a", "b"], dtype="category"), False),
        ([1, 2], False),
        ([1.0, 2.0], True),
    ],
)
def test_the_dtype_rule(x, continuous):
    assert is_continuous(x) is continuous
    assert is_continuous_dtype(getattr(x, "dtype", np.asarray(x).dtype)) is continuous


@pytest.mark.parametrize(
    ("x_float", "y_float", "family"),
    [
        (False, False, "discrete"),
        (True, True, "ksg"),
        (True, False, "mixed"),
        (False, True, "mixed"),
    ],
)
def test_one_auto_rule_for_a_pair_and_for_tables(x_float, y_float, family):
    from fastmi.front import resolve_method
    from fastmi.selection import _resolve_method

    x = np.arange(6.0) if x_float else np.arange(6)
    y = np.arange(6.0) if y_float else np.arange(6)
    assert _registry.resolve_pair(x_float, y_float) == family
    assert resolve_method(x, y) == family
    masks = [np.array([not x_float]), np.array([not y_float])]
    table = _registry.resolve_columns("auto", masks)
    assert table == (family if family != "mixed" else "auto")  # "auto": per pair
    # one estimator for every value (feature selection's conditional MI)
    single = _registry.resolve_columns("auto", masks, one_family=True)
    assert single == (family if family != "mixed" else "binned")
    assert _resolve_method("auto", [x], y) == single
    assert _registry.resolve_columns("copula", masks) == "copula"


def test_pair_plan_of_auto_uses_the_pair_rule():
    continuous, mixed = _registry.pair_plan("auto")
    assert continuous.name == _registry.resolve_pair(True, True)
    assert mixed.name == _registry.resolve_pair(True, False)
    assert _registry.pair_plan("copula") == (_registry.FAMILIES["copula"], None)


def test_estimator_ids_come_from_one_map():
    from fastmi import _validation as v
    from fastmi._kernels import entropy

    for name, ident in v.ESTIMATOR_IDS.items():
        assert v.check_estimator(name, "f") == ident
        assert getattr(entropy, name.upper()) == ident
    assert v.ESTIMATORS == tuple(v.ESTIMATOR_IDS)


def test_lookups_do_not_rebuild_entries():
    family = _registry.family("copula")
    assert family is _registry.FAMILIES["copula"]
    assert family.pair_function is family.pair_function is fm.copula_mi


def test_package_exports_are_in_their_modules_all():
    """``fastmi.__init__`` and the modules' ``__all__`` tell the same story."""
    for module_name, names in fm._EXPORTS.items():
        module = importlib.import_module(f"fastmi.{module_name}")
        if not module_name.startswith("_"):
            assert set(names) <= set(module.__all__), module_name
    for module_name in fm._SUBMODULES - {"reference", "network"}:
        module = importlib.import_module(f"fastmi.{module_name}")
        # functions and classes, and constants (upper case, e.g. selection.CRITERIA)
        exported = [getattr(module, name) for name in module.__all__ if not name.isupper()]
        assert all(callable(obj) for obj in exported), module_name


def test_family_options_are_the_single_pair_functions_keywords():
    import inspect

    for name, family in _registry.FAMILIES.items():
        params = inspect.signature(family.pair_function).parameters.values()
        keywords = {p.name for p in params if p.kind is p.KEYWORD_ONLY}
        own = {"nan_policy", "method"}  # mutual_info's own keywords
        assert family.options == keywords - own, name
    assert _registry.OPTIONS == set().union(*(f.options for f in _registry.FAMILIES.values()))
