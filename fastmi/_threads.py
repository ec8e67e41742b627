"""Thread-count control and the one place fastmi runs work in parallel.

Parallel work is cut into a fixed number of contiguous chunks (a function of
the input size and the thread count only); each chunk is computed by a
``nogil`` kernel on a thread of a shared pool and writes its own output, and
results are merged by the caller in chunk order.  Hence results do not depend
on scheduling, and integer counts do not depend on the thread count at all.

Why plain threads and not Numba's ``parallel=True``: with Numba's default
threading layers fastmi would abort when called from several Python threads
at once (workqueue) or from a fork-started child (GNU OpenMP).  A Python
thread pool has neither failure; after a fork the child gets a fresh pool.
Nested calls (fastmi called from inside a fastmi task) run serially instead
of waiting on the pool they occupy.
"""

import os
import threading
from concurrent.futures import ThreadPoolExecutor

_lock = threading.Lock()
_pool = None
_pool_size = 0
_local = threading.local()


def available_cores():
    """Cores this process may run on (respects CPU affinity)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _default_threads():
    value = os.environ.get("FASTMI_NUM_THREADS", "")
    return int(value) if value.strip().isdigit() and int(value) > 0 else available_cores()


_num_threads = _default_threads()


def get_num_threads():
    """The thread count used when a function is called with ``n_jobs=None``."""
    return _num_threads


def set_num_threads(n):
    """Set the default thread count for calls with ``n_jobs=None``.

    ``n`` follows the ``n_jobs`` convention: a positive int, or -1 for all
    cores.  Returns the previous setting.
    """
    global _num_threads
    from fastmi._validation import check_n_jobs

    previous = _num_threads
    _num_threads = resolve_n_jobs(check_n_jobs(n, "set_num_threads", allow_none=False))
    return previous


def resolve_n_jobs(n_jobs):
    """Turn a validated ``n_jobs`` (None, -1 or a positive int) into a count."""
    if n_jobs is None:
        return _num_threads
    if n_jobs < 0:
        return max(1, available_cores() + 1 + n_jobs)
    return n_jobs


def _get_pool(size):
    global _pool, _pool_size
    with _lock:
        if _pool is None or _pool_size < size:
            old = _pool
            _pool = ThreadPoolExecutor(max_workers=size, thread_name_prefix="fastmi")
            _pool_size = size
            if old is not None:
                old.shutdown(wait=False)
        return _pool


def _forget_pool_after_fork():
    # The parent's worker threads do not exist in a forked child.
    global _pool, _pool_size, _lock
    _pool, _pool_size, _lock = None, 0, threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool_after_fork)


def chunk_bounds(n_items, n_chunks):
    """Split ``range(n_items)`` into ``n_chunks`` contiguous, balanced ranges."""
    n_chunks = max(1, min(n_chunks, n_items))
    edges = [(n_items * i) // n_chunks for i in range(n_chunks + 1)]
    return list(zip(edges[:-1], edges[1:]))


def _run_marked(func, item):
    _local.in_task = True
    try:
        return func(item)
    finally:
        _local.in_task = False


def parallel_map(func, items, n_threads):
    """``[func(item) for item in items]``, on up to ``n_threads`` threads.

    Results come back in the order of ``items``.  Runs in the calling thread
    when one thread suffices or when already inside a fastmi task.
    """
    items = list(items)
    if n_threads <= 1 or len(items) <= 1 or getattr(_local, "in_task", False):
        return [func(item) for item in items]
    pool = _get_pool(min(n_threads, len(items)))
    futures = [pool.submit(_run_marked, func, item) for item in items[1:]]
    # The caller computes the first item itself instead of idling.
    first = _run_marked(func, items[0])
    return [first] + [f.result() for f in futures]
