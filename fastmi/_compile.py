"""Build fastmi's Numba kernel cache ahead of time (``fastmi compile``).

fastmi's kernels compile on first use and are cached on disk (Numba's
cache, ``NUMBA_CACHE_DIR`` or next to the sources); the first call of a
function on a fresh machine therefore waits for its kernels to compile.
:func:`compile` pays that cost once, e.g. while a Docker image is built or
before a cluster's workers start: each *family* of estimators runs small
*warm-up workloads* that call its public functions on tiny data of every
input kind they specialise on (int and float labels, strings, 1-D and 2-D,
each entropy estimator, each method of the all-pairs engine...), so that the
kernels are compiled for the types real calls use and written to the cache.
Families run in parallel processes (compilation is single-threaded).

Whether the cache is cold is told cheaply by :func:`cold_kernels`: the
kernels whose cache index file does not exist yet (no compilation, no import
of the cached code).
"""

import os
import sys
import time
import warnings

import numpy as np

# ----------------------------------------------------------- the workloads
# Each workload takes a numpy Generator and calls public functions on tiny
# data; its return value is ignored.  Families group them by module so that
# a process compiles related kernels (shared callees) once.


def _labels(rng, n=40):
    return rng.integers(0, 4, n), rng.integers(0, 3, n), rng.integers(0, 2, n)


def _discrete(rng):
    import fastmi as fm

    x, y, z = _labels(rng)
    for estimator in ("plugin", "miller_madow", "chao_shen", "james_stein", "nsb", "grassberger"):
        fm.mutual_info_discrete(x, y, estimator=estimator)
        fm.entropy(x, estimator=estimator)
        fm.conditional_mutual_info(x, y, z, estimator=estimator)
    fm.mutual_info(x, y)
    fm.mutual_info_discrete(x * 10**9, y)  # wide range: hashed codes
    fm.mutual_info_discrete(x.astype(str), y.astype(float))  # strings, float labels
    fm.mutual_info_discrete(np.column_stack([x, y]), z)  # joint columns
    fm.joint_entropy(x, y, z)
    fm.tables.mutual_info(np.ones((2, 3)))
    fm.tables.conditional_mutual_info(np.ones((2, 2, 2)), estimator="nsb")


def _clustering(rng):
    import fastmi as fm

    a, b, _ = _labels(rng)
    fm.normalized_mutual_info(a, b)
    fm.adjusted_mutual_info(a, b)
    fm.adjusted_mutual_info(np.repeat(np.arange(300), 2), np.tile(np.arange(300), 2), n_jobs=2)
    fm.variation_of_information(a, b)
    fm.homogeneity_completeness_v_measure(a.astype(str), b)


def _gaussian(rng):
    import fastmi as fm

    x = rng.standard_normal((40, 2))
    labels = rng.integers(0, 2, 40)
    fm.gaussian_mi(x[:, 0], x[:, 1])
    fm.gaussian_mi(x, x[:, 0] + x[:, 1] ** 2)
    fm.copula_mi(x[:, 0], x[:, 1])
    fm.copula_mi(x, x[:, 0] ** 3)
    fm.copula_mi(np.round(x[:, 0]), x[:, 1])  # ties
    fm.copula_mi_discrete(x, labels)
    fm.gaussian.normal_scores(x, standardize=True)


def _binned(rng):
    import fastmi as fm

    x = rng.standard_normal((60, 2))
    fm.binned_mi(x[:, 0], x[:, 1])
    fm.binned_mi(x[:, 0], x[:, 1], bins=5, strategy="quantile")
    fm.binned_mi(x, x[:, 0], bins="sturges")


def _ksg(rng):
    import fastmi as fm

    x = rng.standard_normal((60, 2))
    labels = rng.integers(0, 3, 60)
    for algorithm in (1, 2):
        fm.ksg_mi(x[:, 0], x[:, 1], algorithm=algorithm)
        fm.ksg_mi(x, x[:, 0] + x[:, 1], algorithm=algorithm)
    fm.ksg_cmi(x[:, 0], x[:, 1], rng.standard_normal(60))
    fm.ksg_cmi(x[:, 0], x[:, 1], labels)
    fm.kl_entropy(x)
    fm.kl_entropy(x[:, 0])
    fm.mixed_mi(x[:, 0], labels)
    fm.mutual_info(x[:, 0], labels)
    fm.KDTree(x).query(x, k=2)


def _pairwise(rng):
    import fastmi as fm

    labels = rng.integers(0, 4, (50, 4))
    values = rng.standard_normal((50, 4))
    for method in ("copula", "ksg", "binned"):
        fm.pairwise_mi(values, method=method)
        fm.cross_mi(values, values[:, :2], method=method)
        fm.mi_with_target(values, values[:, 0], method=method)
    fm.pairwise_mi(labels)
    fm.pairwise_mi(labels * 1000)  # beyond the packed range
    fm.cross_mi(labels, labels[:, :2])
    fm.mi_with_target(labels, labels[:, 0])
    fm.pairwise_mi(labels, estimator="miller_madow")


def _applications(rng):
    import fastmi as fm

    values = rng.standard_normal((60, 6))
    mi = fm.pairwise_mi(values, method="copula")
    for algorithm in (fm.clr, fm.aracne, fm.mrnet):
        algorithm(mi)
    fm.infer_network(values)
    labels = rng.integers(0, 3, (60, 6))
    fm.mrmr(labels, labels[:, 0], n_features=2)
    fm.jmi(labels, labels[:, 0], n_features=2)
    fm.cmim(labels, labels[:, 0], n_features=2)
    fm.permutation_test(labels[:, 0], labels[:, 1], n_permutations=5, random_state=0)
    fm.g_test(labels[:, 0], labels[:, 1])


def _batch(rng):
    import fastmi as fm

    xs = rng.standard_normal((4, 30))
    ys = xs + rng.standard_normal((4, 30))
    fm.ksg_mi_batch(xs, ys, random_state=0)
    fm.ksg_mi_batch(xs[:, :, None].repeat(2, axis=2), ys, random_state=0)
    fm.ksg_cmi_batch(xs, ys, ys[::-1], random_state=0)
    fm.copula_mi_batch(xs, ys)
    fm.mutual_info_batch(rng.integers(0, 3, (4, 30)), rng.integers(0, 2, (4, 30)))


def _smoke(rng):
    """A quick check that the cache works: one small kernel (used by the tests)."""
    import fastmi as fm

    x = rng.standard_normal(20)
    fm.gaussian_mi(x, x + rng.standard_normal(20))


#: Family name -> workload ("smoke" is a tiny check, not part of the default set).
FAMILIES = {
    "smoke": _smoke,
    "discrete": _discrete,
    "clustering": _clustering,
    "gaussian": _gaussian,
    "binned": _binned,
    "ksg": _ksg,
    "pairwise": _pairwise,
    "applications": _applications,
    "batch": _batch,
}


def run_family(name):
    """Run one family's workload in this process; returns (name, seconds, error or None).

    Warnings of the tiny data (ties, constant columns) are silenced; an error
    is returned as text so that one broken workload does not hide the others.
    """
    start = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            FAMILIES[name](np.random.default_rng(0))
    except Exception as err:  # reported by compile(), not raised in the worker
        return name, time.perf_counter() - start, f"{type(err).__name__}: {err}"
    return name, time.perf_counter() - start, None


# ------------------------------------------------------------- cold cache
def _kernels():
    """Every fastmi kernel (imports the kernel modules; compiles nothing)."""
    import importlib
    import pkgutil

    import fastmi._kernels as package
    from fastmi._jit import REGISTRY

    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")
    return REGISTRY


def _index_path(dispatcher):
    """The kernel's cache index file (Numba's layout), or None when caching is off."""
    cache_file = getattr(getattr(dispatcher, "_cache", None), "_cache_file", None)
    return getattr(cache_file, "_index_path", None)  # None: off, or an unknown layout


def cold_kernels(loaded_only=False):
    """Qualified names of the kernels that have no on-disk cache entry yet:
    their first use compiles.  ``loaded_only``: only the kernels of the kernel
    modules imported so far (imports nothing).  Costs one ``stat`` per
    kernel; an empty list when caching is off."""
    from fastmi._jit import REGISTRY

    registry = dict(REGISTRY) if loaded_only else _kernels()
    cold = []
    for name, dispatcher in registry.items():
        path = _index_path(dispatcher)
        if path is not None and not os.path.exists(path):
            cold.append(name)
    return cold


# ------------------------------------------------------------- the driver
def compile(families=None, *, n_jobs=None, progress=None):  # noqa: A001 - fastmi.compile
    """Compile and cache fastmi's Numba kernels ahead of time.

    Parameters
    ----------
    families : sequence of str, optional
        Which families of :data:`FAMILIES` to compile (default: all but
        the tiny "smoke" check): "discrete", "clustering", "gaussian",
        "binned", "ksg", "pairwise", "applications".
    n_jobs : int, optional
        Worker processes (default: the available cores, at most one per
        family); 1 compiles in this process instead.
    progress : callable, optional
        Called as ``progress(done, total, family)`` after each family.

    Returns
    -------
    dict
        ``seconds`` (wall time), ``families`` ({family: seconds}),
        ``errors`` ({family: message} of workloads that failed),
        ``kernels`` (number of fastmi kernels) and ``cold`` (qualified names
        of kernels still without a cache entry: helpers that real calls do
        not reach, or kernels that only compile for inputs the workloads do
        not cover).

    Notes
    -----
    The cache goes where Numba puts it: ``NUMBA_CACHE_DIR`` when set (use
    the same value at run time), else a ``__pycache__`` next to fastmi's
    sources (which must be writable).  Compiling again is cheap: cached
    kernels load instead of compiling.  With ``FASTMI_CACHE=0`` nothing is
    cached and this only warms the calling process.

    Examples
    --------
    >>> import fastmi as fm
    >>> report = fm.compile(["gaussian"], n_jobs=1)  # doctest: +SKIP
    >>> sorted(report)  # doctest: +SKIP
    ['cold', 'errors', 'families', 'kernels', 'seconds']
    """
    from fastmi import _threads
    from fastmi import _validation as v

    names = [f for f in FAMILIES if f != "smoke"] if families is None else list(families)
    for name in names:
        v.check_options(name, "families", "compile", tuple(FAMILIES))
    n_jobs = _threads.resolve_n_jobs(v.check_n_jobs(n_jobs, "compile"))
    n_workers = max(1, min(n_jobs, len(names)))
    start = time.perf_counter()
    timings, errors = {}, {}

    def record(result, done):
        name, seconds, error = result
        timings[name] = seconds
        if error is not None:
            errors[name] = error
        if progress is not None:
            progress(done, len(names), name)

    if n_jobs == 1:
        for done, name in enumerate(names, start=1):
            record(run_family(name), done)
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        # spawn: a clean interpreter per worker (no inherited threads or locks).
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(n_workers, mp_context=context) as pool:
            futures = [pool.submit(run_family, name) for name in names]
            for done, future in enumerate(as_completed(futures), start=1):
                record(future.result(), done)
    return {
        "seconds": time.perf_counter() - start,
        "families": timings,
        "errors": errors,
        "kernels": len(_kernels()),
        "cold": cold_kernels(),
    }


if __name__ == "__main__":  # pragma: no cover - python -m fastmi._compile
    report = compile(sys.argv[1:] or None)
    print(report)
