"""Shared pieces of the asv suites: guarded imports, seeded datasets, warm-up, threads.

Datasets are cached per process and built from fixed seeds, so every commit is
timed on the same bytes.  **Append, never change**: editing a generator (or its
seed) silently changes the history of every benchmark that uses it; add a new
generator instead.  Callers must not modify the arrays they get (they are
shared through the cache).

A benchmark's ``setup`` builds its data, calls the function once through
:func:`warm_up` (so Numba compile time stays out of ``time_*`` numbers) and
raises ``NotImplementedError`` to skip a parameter combination or a feature
this commit does not have (see :func:`require`).  A peer (scikit-learn,
ennemi) may be missing too (it is only in the ``bench`` extra): a benchmark
that times one is skipped the same way, by ``setup`` or, in a suite that also
times fastmi, by :func:`needs` on the method.
"""

import os
from functools import lru_cache

import numpy as np


class safe_import:
    """``with safe_import(): from fastmi.x import f`` ignores a missing module or name.

    Benchmarks must still import on commits that predate a feature (scipy's
    helper of the same name).  Give the names a ``None`` default before the
    ``with`` block and call :func:`require` on them in ``setup``.
    """

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        return exc_type is not None and issubclass(exc_type, ImportError)


def require(*objects):
    """Skip the benchmark (asv reads NotImplementedError as 'n/a') if any is None."""
    if any(obj is None for obj in objects):
        raise NotImplementedError("feature not available in this commit")


def needs(*objects):
    """Decorate a benchmark method: skip it (not its suite) if any object is None.

    asv runs a benchmark's own ``setup`` attribute after the suite's ``setup``,
    with the parameters but without ``self``; raising there reads 'n/a', while
    raising inside the timed method would read 'failed'.
    """

    def mark(method):
        method.setup = lambda *params: require(*objects)
        return method

    return mark


def warm_up(func, *args, **kwargs):
    """Call ``func`` once (compiles or loads its kernels) and return the result."""
    return func(*args, **kwargs)


# ------------------------------------------------------------------ threads
def available_cores():
    """Cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def thread_counts(limit=4):
    """Thread counts worth a parameter: 1 and the machine's cores (at most ``limit``)."""
    return sorted({1, min(limit, available_cores())})


class threads:
    """``with threads(n): ...`` or ``t = threads(n).set()`` / ``t.restore()`` in setup/teardown.

    Sets fastmi's default thread count (``n_jobs=None`` calls) and restores it.
    """

    def __init__(self, n):
        self.n = n
        self.previous = None

    def set(self):
        import fastmi

        self.previous = fastmi.set_num_threads(self.n)
        return self

    def restore(self):
        import fastmi

        if self.previous is not None:
            fastmi.set_num_threads(self.previous)
            self.previous = None

    __enter__ = set

    def __exit__(self, *exc):
        self.restore()


# ----------------------------------------------------------------- datasets
# Each generator has its own seed; arguments are part of the cache key.
@lru_cache(maxsize=32)
def discrete_pair(n_samples, n_levels_x, n_levels_y=None, seed=0):
    """Two dependent int64 label arrays with ``n_levels_x`` and ``n_levels_y`` levels.

    ``y`` copies ``x`` (mod ``n_levels_y``) half of the time and is uniform
    otherwise, so I(X; Y) is clearly positive.
    """
    n_levels_y = n_levels_x if n_levels_y is None else n_levels_y
    rng = np.random.default_rng(1000 + seed)
    x = rng.integers(0, n_levels_x, n_samples)
    noise = rng.integers(0, n_levels_y, n_samples)
    y = np.where(rng.random(n_samples) < 0.5, x % n_levels_y, noise)
    return x, y


@lru_cache(maxsize=32)
def discrete_triple(n_samples, n_levels, seed=0):
    """x, y, z int64 labels with ``n_levels`` levels each; x and y both depend on z."""
    rng = np.random.default_rng(2000 + seed)
    z = rng.integers(0, n_levels, n_samples)
    x = np.where(rng.random(n_samples) < 0.5, z, rng.integers(0, n_levels, n_samples))
    y = np.where(rng.random(n_samples) < 0.5, z, rng.integers(0, n_levels, n_samples))
    return x, y, z


@lru_cache(maxsize=32)
def string_labels(n_samples, n_levels, seed=0):
    """Two dependent label arrays of dtype ``<U8`` (exercises the hashing encoder)."""
    x, y = discrete_pair(n_samples, n_levels, seed=seed)
    names = np.array([f"lvl{i:05d}" for i in range(n_levels)])
    return names[x], names[y]


@lru_cache(maxsize=32)
def gaussian_pair(n_samples, rho=0.6, dim=1, seed=0):
    """(x, y) float64 of shape (n_samples, dim), each coordinate pair correlated by ``rho``.

    I(X; Y) = -dim/2 * log(1 - rho**2) nats.
    """
    rng = np.random.default_rng(3000 + seed)
    x = rng.standard_normal((n_samples, dim))
    y = rho * x + np.sqrt(1.0 - rho**2) * rng.standard_normal((n_samples, dim))
    return x, y


@lru_cache(maxsize=32)
def points(n_samples, dim, seed=0):
    """Uniform float64 points in the unit cube, shape (n_samples, dim)."""
    return np.random.default_rng(4000 + seed).random((n_samples, dim))


@lru_cache(maxsize=32)
def continuous_matrix(n_samples, n_features, seed=0):
    """(n_samples, n_features) float64; feature j is correlated with feature j-1."""
    rng = np.random.default_rng(5000 + seed)
    noise = rng.standard_normal((n_samples, n_features))
    out = noise.copy()
    out[:, 1:] = 0.5 * noise[:, :-1] + noise[:, 1:]
    return out


@lru_cache(maxsize=32)
def discrete_matrix(n_samples, n_features, n_levels, seed=0):
    """(n_samples, n_features) int64 labels; feature j copies j-1 a third of the time."""
    rng = np.random.default_rng(6000 + seed)
    out = rng.integers(0, n_levels, (n_samples, n_features))
    copy = rng.random((n_samples, n_features)) < 1 / 3
    out[:, 1:] = np.where(copy[:, 1:], out[:, :-1], out[:, 1:])
    return out


@lru_cache(maxsize=32)
def clusterings(n_samples, n_clusters_a, n_clusters_b=None, seed=0):
    """Two int64 cluster labelings that agree on about half of the samples."""
    n_clusters_b = n_clusters_a if n_clusters_b is None else n_clusters_b
    return discrete_pair(n_samples, n_clusters_a, n_clusters_b, seed=7000 + seed)
