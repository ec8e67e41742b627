"""Thread-count control and the one place fastmi runs work in parallel.

Parallel work is cut into a fixed number of contiguous chunks (a function of
the input size and the thread count only); each chunk is computed by a
``nogil`` kernel on some thread and writes its own output, and the caller
merges results in chunk order.  Hence results do not depend on scheduling,
and integer counts do not depend on the thread count at all.

Why plain threads and not Numba's ``parallel=True``: with Numba's default
threading layers fastmi would abort when called from several Python threads
at once (workqueue) or from a fork-started child (GNU OpenMP).  A Python
thread pool has neither failure; after a fork the child gets a fresh pool.

How a call runs: ``parallel_map`` submits ``n_threads - 1`` helpers to a
shared pool and works itself; the caller and the helpers take items from a
shared counter until none are left.  The caller alone can finish every item,
so a call never waits for a pool thread that is busy elsewhere: calls from
many threads at once cannot deadlock, and nested calls (fastmi called from
inside a fastmi task) simply run serially in the task's thread.
"""

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from itertools import pairwise

from fastmi import _validation as v

_pool_lock = threading.Lock()
_pool = None
_local = threading.local()


def available_cores():
    """Cores this process may run on (respects CPU affinity)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _default_threads():
    value = os.environ.get("FASTMI_NUM_THREADS")
    if value is None or value.strip() == "":
        return available_cores()
    if value.strip().isdigit() and int(value) >= 1:
        return int(value)
    v.bad_num_threads_env_warning(value, available_cores())
    return available_cores()


_num_threads = _default_threads()


def get_num_threads():
    """The thread count used when a function is called with ``n_jobs=None``.

    It starts as ``FASTMI_NUM_THREADS`` when that is set, else the number of
    cores available to the process.

    Examples
    --------
    >>> import fastmi as fm
    >>> fm.get_num_threads() >= 1
    True
    """
    return _num_threads


def set_num_threads(n):
    """Set the default thread count for calls with ``n_jobs=None``.

    ``n`` is a positive int, or -1 for all available cores.  Returns the
    previous setting, so that a caller can restore it.  Calls that pass
    ``n_jobs`` use their own count and leave this setting alone.

    Examples
    --------
    >>> import fastmi as fm
    >>> previous = fm.set_num_threads(1)
    >>> fm.get_num_threads()
    1
    >>> _ = fm.set_num_threads(previous)
    """
    global _num_threads
    n = v.check_num_threads(n, "set_num_threads")
    previous = _num_threads
    _num_threads = resolve_n_jobs(n)
    return previous


def resolve_n_jobs(n_jobs):
    """Turn a validated ``n_jobs`` (None, -1 or a positive int) into a count."""
    if n_jobs is None:
        return _num_threads
    if n_jobs < 0:
        return max(1, available_cores() + 1 + n_jobs)
    return n_jobs


def _get_pool():
    # Threads are started on demand, up to max_workers; a saturated pool only
    # delays helpers, since callers finish their own items.
    global _pool
    with _pool_lock:
        if _pool is None:
            size = max(64, 4 * available_cores())
            _pool = ThreadPoolExecutor(max_workers=size, thread_name_prefix="fastmi")
        return _pool


def _forget_pool_after_fork():
    # The parent's worker threads do not exist in a forked child, and a lock
    # held by one of them at fork time would never be released.
    global _pool, _pool_lock
    _pool, _pool_lock = None, threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool_after_fork)


def chunk_bounds(n_items, n_chunks):
    """Split ``range(n_items)`` into ``n_chunks`` contiguous, balanced ranges.

    Chunk sizes differ by at most one; fewer chunks are returned when there
    are fewer items (and one empty chunk for ``n_items == 0``).

    >>> chunk_bounds(10, 3)
    [(0, 3), (3, 6), (6, 10)]
    """
    n_chunks = max(1, min(n_chunks, n_items))
    edges = [(n_items * i) // n_chunks for i in range(n_chunks + 1)]
    return list(pairwise(edges))


def run_ranges(kernel_call, n_items, n_jobs, chunk, inline_up_to):
    """Run ``kernel_call(first, last)`` over ``range(n_items)``: in one call
    on the calling thread when ``n_items <= inline_up_to`` or one thread is
    asked for (handing work to the pool costs tens of microseconds), else in
    chunks of about ``chunk`` items (at least one per thread) on the pool."""
    threads = 1 if n_items <= inline_up_to else resolve_n_jobs(n_jobs)
    if threads <= 1:
        kernel_call(0, n_items)
        return
    chunks = chunk_bounds(n_items, max(threads, -(-n_items // chunk)))
    parallel_map(lambda c: kernel_call(c[0], c[1]), chunks, threads)


def in_task():
    """Whether the calling thread runs a task (an item of a ``parallel_map``,
    or ``as_task``): parallel maps inside it run serially."""
    return getattr(_local, "in_task", False)


def as_task(func, *args):
    """``func(*args)`` on the calling thread as a task (parallel maps inside
    it run serially)."""
    outer = in_task()
    _local.in_task = True
    try:
        return func(*args)
    finally:
        _local.in_task = outer


def parallel_map(func, items, n_threads):
    """``[func(item) for item in items]``, on up to ``n_threads`` threads.

    Results come back in the order of ``items``.  Runs in the calling thread
    when one thread suffices or when already inside a fastmi task.  If calls
    raise, the exception of the lowest item among those that ran is raised
    after every started call has finished.
    """
    items = list(items)
    n_workers = min(n_threads, len(items))
    if n_workers <= 1 or in_task():
        return [func(item) for item in items]

    results = [None] * len(items)
    errors = {}
    claim_lock = threading.Lock()
    next_item = [0]

    def work():
        _local.in_task = True
        try:
            while True:
                with claim_lock:
                    i = next_item[0]
                    next_item[0] += 1
                if i >= len(items):
                    return
                try:
                    results[i] = func(items[i])
                except BaseException as err:
                    errors[i] = err
                    with claim_lock:  # stop handing out work
                        next_item[0] = len(items)
        finally:
            _local.in_task = False

    pool = _get_pool()
    helpers = [pool.submit(work) for _ in range(n_workers - 1)]
    work()
    for helper in helpers:
        # A helper still queued has nothing left to do; one that started is
        # waited for, so no task outlives the call.
        if not helper.cancel():
            helper.result()
    if errors:
        raise errors[min(errors)]
    return results
