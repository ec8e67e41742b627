"""The concurrency contract (DESIGN.md): threads, forked workers, per-call n_jobs.

Each case runs in a fresh interpreter, so that an abort (the failure mode of
Numba's workqueue and GNU OpenMP layers) fails the test instead of killing
pytest.  The inputs have 2**18 + 7 samples, enough for fastmi/_table.py to
count in parallel chunks; a spy on ``_threads.parallel_map`` proves that the
threaded path ran.  Every script ends by checking that Numba's own threading
layer was never started and that the thread settings are unchanged.
"""

import os
import subprocess
import sys
import textwrap

PRELUDE = """
import sys
import numpy as np
import numba
import fastmi
from fastmi import _threads
from fastmi.reference import mutual_info as reference_mi

N = 2**18 + 7
rng = np.random.default_rng(12345)
x = rng.integers(0, 10, N)
y = (x + rng.integers(0, 4, N)) % 12

threaded_calls = []
_parallel_map = _threads.parallel_map

def spy(func, items, n_threads):
    items = list(items)
    if n_threads > 1 and len(items) > 1:
        threaded_calls.append(len(items))
    return _parallel_map(func, items, n_threads)

_threads.parallel_map = spy
fastmi_threads_before = fastmi.get_num_threads()
expected = fastmi.mutual_info_discrete(x, y, n_jobs=1)
assert abs(expected - reference_mi(x, y)) < 1e-12, (expected, reference_mi(x, y))
"""

EPILOGUE = """
assert threaded_calls, "the threaded counting path never ran"
try:
    numba.threading_layer()
except ValueError as err:
    assert "not initialized" in str(err), err
else:
    raise AssertionError("Numba's threading layer was started")
assert fastmi.get_num_threads() == fastmi_threads_before
# Asked only now: numba.get_num_threads() itself starts Numba's layer.
assert numba.get_num_threads() == numba.config.NUMBA_NUM_THREADS
print("contract kept")
"""


def run_case(body):
    """Run PRELUDE + body + EPILOGUE in a fresh interpreter; return its stdout."""
    script = PRELUDE + textwrap.dedent(body) + EPILOGUE
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FASTMI_", "NUMBA_THREAD"))}
    env.update(FASTMI_NUM_THREADS="4", PYTHONFAULTHANDLER="1")
    if "NUMBA_CACHE_DIR" in os.environ:
        env["NUMBA_CACHE_DIR"] = os.environ["NUMBA_CACHE_DIR"]
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300
    )
    assert proc.returncode == 0, f"exit status {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    assert proc.stdout.rstrip().endswith("contract kept"), proc.stdout
    return proc.stdout


def test_calls_from_eight_threads_at_once():
    run_case(
        """
        import threading

        barrier = threading.Barrier(8)
        results = {}

        def caller(c):
            barrier.wait()
            results[c] = [
                fastmi.mutual_info_discrete(x, y, n_jobs=n_jobs)
                for n_jobs in (None, 2, 4, 1, 3)
            ]

        threads = [threading.Thread(target=caller, args=(c,)) for c in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=240)
        assert not any(t.is_alive() for t in threads), "a caller hung"
        assert sorted(results) == list(range(8)), results
        for values in results.values():
            assert values == [expected] * 5, (values, expected)
        """
    )


def test_forked_workers_after_the_parent_used_fastmi():
    run_case(
        """
        import multiprocessing

        # The parent has used fastmi on several threads: its pool is running.
        assert fastmi.mutual_info_discrete(x, y, n_jobs=4) == expected
        assert _threads._pool is not None

        def worker(n_jobs):
            return fastmi.mutual_info_discrete(x, y, n_jobs=n_jobs), fastmi.get_num_threads()

        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(2) as pool:
            out = pool.map_async(worker, [None, 1, 2, 4, None, 3]).get(timeout=240)
        assert out == [(expected, 4)] * 6, (out, expected)
        assert fastmi.mutual_info_discrete(x, y) == expected  # the parent still works
        """
    )


def test_forked_workers_draw_their_own_jitter():
    # random_state=None uses one generator per process (seeding one per call
    # costs more than a small KSG estimate); a forked child must not replay
    # the parent's stream, or every worker would jitter identically.
    run_case(
        """
        import multiprocessing
        from fastmi import _validation

        parent = _validation.check_random_state(None, "t")
        assert _validation.check_random_state(None, "t") is parent  # cached

        def draw(_):
            return float(_validation.check_random_state(None, "t").standard_normal())

        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(2) as pool:
            draws = pool.map(draw, range(4), chunksize=1)
        mine = draw(0)
        assert mine not in draws, (mine, draws)
        assert len(set(draws)) == len(draws), draws
        assert fastmi.mutual_info_discrete(x, y, n_jobs=4) == expected  # still threaded
        """
    )


def test_n_jobs_per_call_leaves_the_settings_alone():
    run_case(
        """
        from fastmi._validation import InvalidParameterError

        for n_jobs in (1, 2, 3, 4, 8, -1, None):
            assert fastmi.mutual_info_discrete(x, y, n_jobs=n_jobs) == expected, n_jobs
            assert fastmi.get_num_threads() == fastmi_threads_before == 4
        for estimator in ("miller_madow", "grassberger"):
            one = fastmi.mutual_info_discrete(x, y, estimator=estimator, n_jobs=1)
            assert fastmi.mutual_info_discrete(x, y, estimator=estimator, n_jobs=4) == one

        # A failing call restores nothing because it changed nothing.
        try:
            fastmi.mutual_info_discrete(x, y[:-1], n_jobs=2)
        except ValueError:
            pass
        else:
            raise AssertionError("mismatched lengths were accepted")

        # The global default: set, used, restored.
        previous = fastmi.set_num_threads(2)
        assert fastmi.mutual_info_discrete(x, y) == expected
        assert fastmi.set_num_threads(previous) == 2
        """
    )
