"""Unit tests of fastmi._threads: chunking, the thread pool, the thread-count setting."""

import os
import subprocess
import sys
import textwrap
import threading
import time
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

import fastmi
from fastmi import _threads
from fastmi._validation import InvalidParameterError


@given(st.integers(0, 10**6), st.integers(1, 64))
def test_chunk_bounds_are_contiguous_balanced_and_cover(n_items, n_chunks):
    bounds = _threads.chunk_bounds(n_items, n_chunks)
    assert len(bounds) == max(1, min(n_chunks, n_items))
    assert bounds[0][0] == 0 and bounds[-1][1] == n_items
    for (_, hi), (lo, _) in pairwise(bounds):
        assert hi == lo
    sizes = [hi - lo for lo, hi in bounds]
    assert max(sizes) - min(sizes) <= 1
    assert min(sizes) >= (1 if n_items else 0)


def test_parallel_map_keeps_item_order_and_uses_pool_threads():
    def slow_square(i):
        time.sleep(0.001 * ((7 * i) % 5))  # finish out of order
        return i * i, threading.current_thread().name

    out = _threads.parallel_map(slow_square, range(40), 4)
    assert [value for value, _ in out] == [i * i for i in range(40)]
    names = {name for _, name in out}
    assert threading.current_thread().name in names  # the caller works too
    assert any(name.startswith("fastmi") for name in names)
    assert len(names) <= 4


@pytest.mark.parametrize("n_threads", [0, 1])
def test_parallel_map_with_one_thread_runs_in_the_caller(n_threads):
    out = _threads.parallel_map(lambda i: threading.get_ident(), range(5), n_threads)
    assert out == [threading.get_ident()] * 5


def test_parallel_map_of_no_items():
    assert _threads.parallel_map(lambda i: i, [], 4) == []


def test_nested_calls_run_serially_in_the_task_thread():
    def outer(i):
        inner = _threads.parallel_map(lambda j: threading.get_ident(), range(6), 4)
        assert inner == [threading.get_ident()] * 6
        return i

    result = []
    # Eight outer items on a pool far smaller than the nested demand: a
    # design that waits on the pool from inside a task would hang here.
    runner = threading.Thread(
        target=lambda: result.append(_threads.parallel_map(outer, range(8), 2))
    )
    runner.start()
    runner.join(timeout=60)
    assert not runner.is_alive(), "nested parallel_map deadlocked"
    assert result == [list(range(8))]


def test_concurrent_callers_all_get_their_own_results():
    outputs = {}

    def caller(c):
        outputs[c] = _threads.parallel_map(lambda i: (c, i), range(30), 3)

    threads = [threading.Thread(target=caller, args=(c,)) for c in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert outputs == {c: [(c, i) for i in range(30)] for c in range(8)}


def test_parallel_map_raises_the_first_error_after_all_tasks_finish():
    finished = []

    def task(i):
        if i in (3, 5):
            raise ValueError(f"item {i}")
        time.sleep(0.002)
        finished.append(i)
        return i

    with pytest.raises(ValueError, match="item 3"):
        _threads.parallel_map(task, range(20), 4)
    snapshot = list(finished)
    time.sleep(0.05)
    assert finished == snapshot  # nothing still running after the raise


@pytest.mark.parametrize("bad", [0, -2, 1.5, True, None, "2"])
def test_set_num_threads_rejects_bad_values(bad):
    before = fastmi.get_num_threads()
    with pytest.raises(
        InvalidParameterError,
        match=r"The 'n' parameter of set_num_threads must be -1 or an int >= 1\. Got ",
    ):
        fastmi.set_num_threads(bad)
    assert fastmi.get_num_threads() == before


def test_set_num_threads_returns_the_previous_value_for_restoring():
    original = fastmi.get_num_threads()
    try:
        assert fastmi.set_num_threads(3) == original
        assert fastmi.get_num_threads() == 3
        assert _threads.resolve_n_jobs(None) == 3
        assert fastmi.set_num_threads(-1) == 3
        assert fastmi.get_num_threads() == _threads.available_cores()
    finally:
        fastmi.set_num_threads(original)
    assert fastmi.get_num_threads() == original


def test_resolve_n_jobs():
    cores = _threads.available_cores()
    assert _threads.resolve_n_jobs(5) == 5
    assert _threads.resolve_n_jobs(-1) == cores
    assert _threads.resolve_n_jobs(None) == fastmi.get_num_threads()


def _python(script, **env):
    full_env = {k: val for k, val in os.environ.items() if k != "FASTMI_NUM_THREADS"}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("value", "expected"), [("3", "3"), (" 7 ", "7"), ("", "cores"), (None, "cores")]
)
def test_fastmi_num_threads_environment_variable(value, expected):
    env = {} if value is None else {"FASTMI_NUM_THREADS": value}
    proc = _python(
        "import fastmi, fastmi._threads as t;print(fastmi.get_num_threads(), t.available_cores())",
        **env,
    )
    assert proc.returncode == 0, proc.stderr
    got, cores = proc.stdout.split()
    assert got == (cores if expected == "cores" else expected)
    assert "FASTMI_NUM_THREADS" not in proc.stderr


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5"])
def test_invalid_fastmi_num_threads_warns_and_uses_all_cores(value):
    proc = _python(
        "import fastmi, fastmi._threads as t;print(fastmi.get_num_threads(), t.available_cores())",
        FASTMI_NUM_THREADS=value,
    )
    assert proc.returncode == 0, proc.stderr
    got, cores = proc.stdout.split()
    assert got == cores
    assert f"FASTMI_NUM_THREADS={value!r} is not an int >= 1" in proc.stderr


def test_fork_gives_the_child_a_fresh_pool():
    proc = _python(
        """
        import multiprocessing, threading
        from fastmi import _threads

        def names(_):
            return threading.current_thread().name

        def child(queue):
            fresh = _threads._pool is None
            out = _threads.parallel_map(names, range(16), 4)
            queue.put((fresh, any(n.startswith("fastmi") for n in out)))

        _threads.parallel_map(names, range(16), 4)  # the parent's pool is running
        assert _threads._pool is not None
        ctx = multiprocessing.get_context("fork")
        queue = ctx.Queue()
        p = ctx.Process(target=child, args=(queue,))
        p.start()
        print(queue.get(timeout=60))
        p.join(timeout=60)
        print(p.exitcode)
        """
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[:2] == ["(True, True)", "0"]
