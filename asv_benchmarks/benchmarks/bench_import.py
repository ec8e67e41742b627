"""Cold start: ``import fastmi`` and the first call of a public function.

Both are measured in fresh interpreters (subprocesses), the only place in
the suite where start-up cost is timed on purpose.  The scripts also check
the promises behind the numbers and fail the benchmark when one is broken:

* ``import fastmi`` loads neither Numba nor any kernel module, so nothing
  can compile at import;
* with a warm on-disk cache, a first call loads its kernels from the cache
  and compiles nothing.
"""

import importlib
import subprocess
import sys

IMPORT_SCRIPT = """
import sys, time
start = time.perf_counter()
import fastmi
elapsed = time.perf_counter() - start
loaded = sorted(
    m for m in sys.modules
    if m == "numba" or m.startswith(("numba.", "llvmlite", "fastmi._kernels"))
)
if loaded:
    sys.exit("import fastmi loaded " + ", ".join(loaded[:8]))
print(elapsed)
"""

# {data} builds the inputs, {call} is the timed first call.
FIRST_CALL_SCRIPT = """
import sys, time
import numpy as np
import fastmi
rng = np.random.default_rng(0)
{data}
start = time.perf_counter()
{call}
elapsed = time.perf_counter() - start
if sys.argv[1] == "check":
    from fastmi import _config
    from fastmi._jit import REGISTRY
    compiled = sorted(
        name for name, kernel in REGISTRY.items()
        if sum(getattr(getattr(kernel, "stats", None), "cache_misses", {{}}).values())
    )
    if _config.CACHE and compiled:
        sys.exit(
            "compiled despite a warm cache (uncachable kernel, or its source changed "
            "since the warm-up run): " + ", ".join(compiled)
        )
print(elapsed)
"""

# Public name -> (module, data snippet, call snippet).  One entry per area.
FIRST_CALLS = {
    "mutual_info_discrete": (
        "discrete",
        "x = rng.integers(0, 7, 1000); y = (x + rng.integers(0, 2, 1000)) % 5",
        "fastmi.mutual_info_discrete(x, y)",
    ),
    "ksg_mi": (
        "continuous",
        "x = rng.standard_normal(1000); y = x + rng.standard_normal(1000)",
        "fastmi.ksg_mi(x, y)",
    ),
    "adjusted_mutual_info": (
        "clustering",
        "a = rng.integers(0, 10, 1000); b = (a + rng.integers(0, 3, 1000)) % 10",
        "fastmi.adjusted_mutual_info(a, b)",
    ),
    "pairwise_mi": (
        "pairwise",
        "X = rng.integers(0, 4, (1000, 6))",
        "fastmi.pairwise_mi(X)",
    ),
}


def _run(script, *args):
    """Seconds printed by ``script`` run in a fresh interpreter."""
    proc = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=600
    )
    if proc.returncode != 0:
        raise RuntimeError(f"subprocess failed ({proc.returncode}):\n{proc.stderr}")
    return float(proc.stdout.strip().splitlines()[-1])


class ImportTime:
    """Wall time of ``import fastmi`` in a fresh interpreter (best of 3)."""

    timeout = 300

    def track_import_fastmi(self):
        return min(_run(IMPORT_SCRIPT) for _ in range(3))

    track_import_fastmi.unit = "seconds"


class FirstCall:
    """Wall time of the first call of a public function, on-disk kernel cache warm.

    Includes loading Numba and the cached kernels: what a user pays once per
    process.  ``setup`` fills the cache in another interpreter.
    """

    params = list(FIRST_CALLS)
    param_names = ["function"]
    timeout = 600

    def setup(self, name):
        module, data, call = FIRST_CALLS[name]
        try:
            importlib.import_module(f"fastmi.{module}")
        except ImportError:
            raise NotImplementedError(f"fastmi.{module} not available") from None
        self.script = FIRST_CALL_SCRIPT.format(data=data, call=call)
        _run(self.script, "warm")

    def track_first_call(self, name):
        return _run(self.script, "check")

    track_first_call.unit = "seconds"
