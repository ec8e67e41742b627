"""Datasets with known answers: an embedded table and seeded generators."""

from importlib import resources


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
