"""The seeded demo table with planted dependencies."""

import numpy as np
import pytest

import fastmi as fm
from fastmi import datasets


def test_planted_pairs_is_seeded_and_shaped():
    a = datasets.planted_pairs(300, 40, random_state=5)
    b = datasets.planted_pairs(300, 40, random_state=5)
    assert np.array_equal(a.X, b.X) and a.pairs == b.pairs and a.names == b.names
    assert not np.array_equal(a.X, datasets.planted_pairs(300, 40, random_state=6).X)
    assert a.X.shape == (300, 40) and len(a.names) == 40 == len(set(a.names))
    assert a.discrete.sum() == 8
    assert (a.X[:, a.discrete] == np.round(a.X[:, a.discrete])).all()
    for i, j, kind in a.pairs:
        assert i < j
        names = (a.names[i], a.names[j])
        both = a.discrete[i] and a.discrete[j]
        assert (kind == "discrete") == both, names
        assert (kind == "mixed") == (a.discrete[i] != a.discrete[j]), names


def test_planted_pairs_are_dependent_and_the_rest_is_not():
    data = datasets.planted_pairs(2000, 30, random_state=1)
    M = fm.pairwise_mi(data.X, discrete_x=data.discrete, method="binned", bins=8)
    planted = {(i, j) for i, j, _ in data.pairs}
    rows, cols = np.triu_indices(30, 1)
    values = M[rows, cols]
    is_planted = np.array([(i, j) in planted for i, j in zip(rows, cols, strict=True)])
    assert values[is_planted].min() > 2 * values[~is_planted].max()


@pytest.mark.parametrize(
    "kwargs, match",
    [({"n_samples": 5}, "'n_samples' parameter"), ({"n_features": 3}, "'n_features' parameter")],
)
def test_planted_pairs_rejects_bad_sizes(kwargs, match):
    with pytest.raises(ValueError, match=match):
        datasets.planted_pairs(**kwargs)


def test_weather_table_is_embedded():
    table = datasets.load_weather()
    assert set(table) == {"day", "weather", "forecast"} and len(table["day"]) == 100
