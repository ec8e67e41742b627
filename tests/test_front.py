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
