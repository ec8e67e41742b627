"""The front door fm.mutual_info: dispatch by dtype (discrete cases)."""

import numpy as np
import pandas as pd
import pytest

import fastmi as fm
from fastmi.front import is_continuous


@pytest.mark.parametrize(
    "x, continuous",
    [
        (np.array([1, 2]), False),
        (np.array([True, False]), False),
        (np.array(["a", "b"]), False),
        (["a", "b"], False),
        ([1, 2], False),
        (pd.Categorical([1.5, 2.5]), False),
        (pd.Series([1.5, 2.5], dtype="category"), False),
        (pd.DataFrame({"a": [1, 2], "b": ["u", "v"]}), False),
        (np.array([1.5, 2.5]), True),
        ([1.5, 2.5], True),
        (pd.Series([1.5, 2.5]), True),
        (pd.DataFrame({"a": [1.5, 2.5], "b": [0.5, 1.0]}), True),
    ],
)
def test_is_continuous_looks_at_dtype(x, continuous):
    assert is_continuous(x) is continuous


def test_discrete_inputs_go_to_the_discrete_estimator():
    rng = np.random.default_rng(0)
    x = rng.integers(0, 5, 300)
    y = (x + rng.integers(0, 2, 300)) % 5
    expected = fm.mutual_info_discrete(x, y)
    assert fm.mutual_info(x, y) == expected
    assert fm.mutual_info(x.astype(str), pd.Categorical(y)) == pytest.approx(expected, abs=1e-14)
    assert fm.mutual_info(x, y, method="discrete", base=2) == pytest.approx(
        expected / np.log(2), rel=1e-14
    )
    assert fm.mutual_info(x, y, estimator="miller_madow") == fm.mutual_info_discrete(
        x, y, estimator="miller_madow"
    )


def test_method_discrete_takes_float_labels():
    x = np.array([0.5, 0.5, 1.5, 1.5])
    assert fm.mutual_info(x, x, method="discrete", base=2) == pytest.approx(1.0, abs=1e-15)


def test_errors():
    with pytest.raises(fm.InvalidParameterError, match="The 'method' parameter of mutual_info"):
        fm.mutual_info([1, 2], [1, 2], method="magic")
    with pytest.raises(TypeError, match="estimator"):
        fm.mutual_info([1, 2], [1, 2], estimator="magic")
    with pytest.raises(TypeError, match="unexpected keyword argument 'k'"):
        fm.mutual_info([1, 2], [1, 2], method="discrete", k=3)


def test_every_method_names_an_existing_estimator():
    from fastmi._registry import FAMILIES

    for name, family in FAMILIES.items():
        assert callable(family.pair_function), name


# Options of several families at once: under "auto" each estimator reads its own.
_COMMON = {"k": 4, "random_state": 0, "estimator": "miller_madow", "base": 2, "n_jobs": 1}


@pytest.mark.parametrize(
    ("x", "y", "family", "reads"),
    [
        (np.arange(40) % 3, np.arange(40) % 4, "discrete", {"estimator", "base", "n_jobs"}),
        (np.linspace(0, 1, 40) ** 2, np.sin(np.arange(40.0)), "ksg",
         {"k", "random_state", "base", "n_jobs"}),
        (np.sin(np.arange(40.0)), np.arange(40) % 3, "mixed",
         {"k", "random_state", "base", "n_jobs"}),
    ],
)  # fmt: skip
def test_auto_reads_the_options_of_the_method_it_picks(x, y, family, reads):
    from fastmi._registry import FAMILIES

    got = fm.mutual_info(x, y, **_COMMON)
    options = {key: _COMMON[key] for key in reads}
    assert got == FAMILIES[family].pair_function(x, y, **options)
    # the ignored ones really are ignored, the read ones really are read
    assert got != fm.mutual_info(x, y, **{**_COMMON, "base": "e"})
    for key in _COMMON.keys() - reads:
        rest = {name: value for name, value in _COMMON.items() if name != key}
        assert fm.mutual_info(x, y, **rest) == got, key


def test_auto_ignores_only_known_options():
    with pytest.raises(TypeError, match=r"mutual_info\(\) got an unexpected keyword argument 'kk'"):
        fm.mutual_info(np.arange(10.0), np.arange(10) % 2, kk=3)
    with pytest.raises(TypeError, match="unexpected keyword argument 'kk'"):
        fm.mutual_info([1, 2], [1, 2], kk=3)  # the small discrete path too
    # a named method is strict: its estimator refuses what it does not read
    with pytest.raises(TypeError, match="unexpected keyword argument 'estimator'"):
        fm.mutual_info(np.arange(10.0), np.arange(10.0), method="ksg", estimator="plugin")
    # and a value is still checked by the estimator that reads it
    with pytest.raises(fm.InvalidParameterError, match="'k' parameter"):
        fm.mutual_info(np.arange(10.0), np.arange(10.0), k=0)
