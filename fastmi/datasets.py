"""Datasets with known answers: an embedded table and seeded generators."""

from importlib import resources
from typing import NamedTuple

__all__ = ["load_weather", "weather_path", "planted_pairs", "PlantedPairs"]


def weather_path():
    """Path of the embedded weather/forecast table (100 days, CSV).

    Columns ``day``, ``weather`` (rain/dry) and ``forecast`` (rain/dry).  It
    rains on 40 days, so H(weather) = 0.971 bits; the forecast leaves
    H(weather | forecast) = 0.592 bits, so I(weather; forecast) = 0.379 bits.
    """
    return resources.files("fastmi").joinpath("data", "weather.csv")


def load_weather():
    """The weather table as a dict of numpy string columns."""
    import numpy as np

    with weather_path().open() as fh:
        header = fh.readline().strip().split(",")
        rows = [line.strip().split(",") for line in fh if line.strip()]
    return {name: np.array([r[j] for r in rows]) for j, name in enumerate(header)}


class PlantedPairs(NamedTuple):
    """A wide table with planted dependencies (see :func:`planted_pairs`).

    Attributes
    ----------
    X : ndarray of shape (n_samples, n_features), float64
        The table; discrete columns hold small integers.
    names : list of str
        Column names.
    discrete : ndarray of shape (n_features,), bool
        Mask of the discrete columns.
    pairs : list of (i, j, kind)
        The planted dependent pairs, i < j, kind one of "linear",
        "nonlinear", "discrete", "mixed".
    """

    X: object
    names: list
    discrete: object
    pairs: list


def planted_pairs(n_samples=1000, n_features=100, *, random_state=0):
    """A seeded wide table in which a few pairs of columns are dependent.

    Every column is independent noise except the planted pairs: ``c1`` is
    linear in ``c0``, ``c3 = sin(2 c2)`` plus noise, ``c5 = c4²`` plus noise
    (not monotone: a rank correlation misses it), the discrete ``d1`` copies
    ``d0`` 80% of the time, ``d3`` is a shifted copy of ``d2`` on 70% of the
    samples, and the discrete ``d4`` is the sign of the continuous ``c6``
    plus noise.  Continuous columns are standard-normal based; discrete ones
    take 2 to 4 integer levels.  Columns are in a shuffled order (by the same
    seed); ``pairs`` gives their positions.

    Parameters
    ----------
    n_samples : int, default=1000
    n_features : int, default=100
        At least 12; a fifth of the columns (at least 5) are discrete.
    random_state : int, default=0
        Seed: the same arguments give the same table.

    Returns
    -------
    PlantedPairs

    Examples
    --------
    >>> import fastmi.datasets as fd
    >>> data = fd.planted_pairs(200, 20)
    >>> data.X.shape, len(data.pairs)
    ((200, 20), 6)
    """
    import numpy as np

    from fastmi import _validation as v

    func = "planted_pairs"
    n = v.check_int(n_samples, "n_samples", func, low=10)
    p = v.check_int(n_features, "n_features", func, low=12)
    seed = v.check_int(random_state, "random_state", func, low=0)
    rng = np.random.default_rng(seed)
    n_discrete = max(5, p // 5)
    n_continuous = p - n_discrete
    cont = rng.standard_normal((n, n_continuous))
    disc = rng.integers(0, 3, size=(n, n_discrete)).astype(np.float64)
    noise = rng.standard_normal((n, 4))
    cont[:, 1] = 0.8 * cont[:, 0] + 0.6 * noise[:, 0]
    cont[:, 3] = np.sin(2.0 * cont[:, 2]) + 0.3 * noise[:, 1]
    cont[:, 5] = cont[:, 4] ** 2 + 0.3 * noise[:, 2]
    keep = rng.random(n) < 0.8
    disc[:, 1] = np.where(keep, disc[:, 0], rng.integers(0, 3, size=n))
    shift = rng.random(n) < 0.7
    disc[:, 3] = np.where(shift, (disc[:, 2] + 1) % 3, rng.integers(0, 3, size=n))
    disc[:, 4] = (cont[:, 6] + 0.5 * noise[:, 3] > 0).astype(np.float64)
    names = [f"c{j}" for j in range(n_continuous)] + [f"d{j}" for j in range(n_discrete)]
    columns = np.column_stack([cont, disc])
    discrete = np.arange(p) >= n_continuous
    position = rng.permutation(p)  # column j of the unshuffled table goes to position[j]
    X = np.empty_like(columns)
    X[:, position] = columns
    ordered_names = [""] * p
    for j, name in enumerate(names):
        ordered_names[position[j]] = name
    d = n_continuous
    planted = [
        (0, 1, "linear"),
        (2, 3, "nonlinear"),
        (4, 5, "nonlinear"),
        (d + 0, d + 1, "discrete"),
        (d + 2, d + 3, "discrete"),
        (6, d + 4, "mixed"),
    ]
    pairs = [
        (min(position[a], position[b]), max(position[a], position[b]), kind)
        for a, b, kind in planted
    ]
    return PlantedPairs(X, ordered_names, discrete[np.argsort(position)], pairs)
