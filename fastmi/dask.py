"""All-pairs MI on a Dask cluster: the tiles of ``fastmi.pairwise`` as tasks.

``pairwise_mi``, ``cross_mi`` and ``mi_with_target`` here take the same
arguments as their ``fastmi`` namesakes, plus ``client`` (a
``dask.distributed.Client``; default: the current one), and return the same
numbers, bit for bit (``nan_policy="omit"`` and ``return_counts`` too: each
engine run of the omit plan becomes its own set of tasks).  The columns are
validated and prepared on the calling machine exactly as for a local run;
the prepared columns are then sent once to every worker, and each tile of
the pair space becomes one task that runs the local tile kernel into a block
of its own.  The caller places blocks into the result as they arrive (a
memory-mapped or Zarr ``out`` keeps the result on disk), with at most
``max_in_flight`` tasks queued, so memory on the calling machine stays the
result plus that many blocks.

This module schedules and places; it never computes (the kernels are the ones
of a local run).  It needs the optional extra: ``pip install fastmi[dask]``.

Example (a local cluster; a real one only changes the ``Client`` line)::

    from distributed import Client
    import fastmi.dask
    with Client(processes=False) as client:
        M = fastmi.dask.pairwise_mi(X, method="ksg", client=client)
"""

import functools

from fastmi import _engine
from fastmi import _validation as v
from fastmi import pairwise as _local

__all__ = ["pairwise_mi", "cross_mi", "mi_with_target"]


def pairwise_mi(X, *, client=None, max_in_flight=None, **options):
    """``fastmi.pairwise_mi`` with its tiles run as tasks on ``client``'s
    cluster.  ``max_in_flight``: tasks queued at once (default: twice the
    cluster's threads); ``options``: those of ``fastmi.pairwise_mi``
    (``n_jobs`` only affects the preparation on the calling machine;
    ``tile_size`` defaults to max(32, p / 45) features, about a thousand
    tasks at most, and never changes the result).

    >>> import numpy as np, fastmi, fastmi.dask
    >>> from distributed import Client
    >>> X = np.random.default_rng(0).integers(0, 3, size=(200, 6))
    >>> with Client(processes=False, dashboard_address=":0") as client:
    ...     M = fastmi.dask.pairwise_mi(X, client=client, tile_size=2)
    >>> bool(np.array_equal(M, fastmi.pairwise_mi(X)))
    True
    """
    return _on_cluster("pairwise_mi", client, max_in_flight, _local.pairwise_mi, X, **options)


def cross_mi(X, Y, *, client=None, max_in_flight=None, **options):
    """``fastmi.cross_mi`` with its tiles run as tasks on ``client``'s cluster
    (see ``pairwise_mi``)."""
    return _on_cluster("cross_mi", client, max_in_flight, _local.cross_mi, X, Y, **options)


def mi_with_target(X, y, *, client=None, max_in_flight=None, **options):
    """``fastmi.mi_with_target`` with its tiles run as tasks on ``client``'s
    cluster (see ``pairwise_mi``)."""
    return _on_cluster(
        "mi_with_target", client, max_in_flight, _local.mi_with_target, X, y, **options
    )


#: Default tiles: at least this many features per side, and at most about
#: (TILES_PER_SIDE^2) / 2 tasks, so the scheduler's per-task cost (around a
#: millisecond) stays small next to the work (p = 50,000: ~1,000 tasks).
MIN_TILE = 32
TILES_PER_SIDE = 45


def _on_cluster(func, client, max_in_flight, local_function, *args, **options):
    client = _client(client, func)
    if max_in_flight is not None:
        max_in_flight = v.check_int(max_in_flight, "max_in_flight", func, low=1)
    if options.get("tile_size") is None:
        # Validation comes later, in the local function: only read a shape.
        shapes = [getattr(a, "shape", ()) for a in args]
        widest = max([shape[1] for shape in shapes if len(shape) == 2] or [1])
        options["tile_size"] = max(MIN_TILE, -(-widest // TILES_PER_SIDE))
    runner = functools.partial(_run_on_cluster, client, max_in_flight)
    token = _engine.RUNNER.set(runner)
    try:
        return local_function(*args, **options)
    finally:
        _engine.RUNNER.reset(token)


def _client(client, func):
    try:
        import distributed
    except ImportError:
        raise ImportError(v.missing_extra_message(func, "dask")) from None
    if client is None:
        try:
            return distributed.get_client()
        except ValueError:
            raise ValueError(v.no_dask_client_message(func)) from None
    if not isinstance(client, distributed.Client):
        v.not_a_client_error(client, func)
    return client


def _run_on_cluster(client, max_in_flight, groups, sink, progress):
    """A runner for ``fastmi._engine.RUNNER``: every tile a task, whose block
    goes to ``sink`` (the dense result: numpy, memmap or Zarr) as it completes.
    A streaming sink (``top_k``/``threshold``) has a ``reducer``: the task
    then returns the tile's selection, not its block, and the client merges
    the selections (in any order: the result is the same)."""
    from distributed import as_completed

    jobs = []
    for group, _ in groups:
        if group:  # the tiles of a group share one prepared job: send it once
            run = client.scatter(group[0].run, broadcast=True, hash=False)
            jobs.extend((tile, run) for tile in group)
    total = sum(tile.pairs for tile, _ in jobs)
    limit = max_in_flight or 2 * max(1, sum(client.nthreads().values()))
    pending = iter(jobs)
    running = {}
    completed = as_completed()

    def submit_next():
        tile, run = next(pending, (None, None))
        if tile is not None:
            future = client.submit(
                _engine.tile_result,
                run,
                tile.rows,
                tile.cols,
                tile.diagonal,
                sink.reducer,
                *_engine.tile_ids(tile),
                pure=False,
            )
            running[future] = tile
            completed.add(future)

    done = 0
    try:
        for _ in range(limit):
            submit_next()
        for future in completed:
            tile = running.pop(future)
            sink.add(tile, future.result())
            future.release()
            done += tile.pairs
            if progress is not None:
                progress(done, total)
            submit_next()
    finally:
        client.cancel(list(running))  # interrupted: drop what is still queued
