"""``fastmi compile`` / ``fastmi.compile()``: after it, a first call loads its
kernels from the cache instead of compiling them.

Each check runs in subprocesses with a fresh ``NUMBA_CACHE_DIR`` and the tiny
"smoke" family (one small kernel), so it costs a few seconds of compilation.
"""

import os
import subprocess
import sys
import textwrap

import pytest

import fastmi as fm
from fastmi import _compile

# Prints (cache misses, cache hits, cold kernels of gaussian_mi's kernel) of
# the first gaussian_mi call of a fresh process.
FIRST_CALL = textwrap.dedent(
    """
    import numpy as np, fastmi as fm
    from fastmi import _compile
    from fastmi._jit import REGISTRY
    import fastmi._kernels.moments
    cold = [k for k in _compile.cold_kernels(loaded_only=True) if k.endswith("checked_pearson")]
    x = np.random.default_rng(0).standard_normal(30)
    fm.gaussian_mi(x, x[::-1].copy())
    misses = sum(sum(d._cache_misses.values()) for d in REGISTRY.values())
    hits = sum(sum(d._cache_hits.values()) for d in REGISTRY.values())
    print(misses, hits, len(cold))
    """
)


def _run(code_or_args, cache_dir):
    env = dict(os.environ, NUMBA_CACHE_DIR=str(cache_dir), FASTMI_CACHE="1")
    env["PYTHONPATH"] = os.pathsep.join([os.path.dirname(os.path.dirname(fm.__file__))] + sys.path)
    args = ["-c", code_or_args] if isinstance(code_or_args, str) else code_or_args
    run = subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return run


@pytest.mark.slow
def test_cli_compile_then_first_call_compiles_nothing(tmp_path):
    before = _run(FIRST_CALL, tmp_path / "fresh").stdout.split()
    assert int(before[0]) > 0 and int(before[2]) == 1  # a fresh cache compiles
    run = _run(["-m", "fastmi", "compile", "--families", "smoke", "--n-jobs", "2"], tmp_path / "c")
    assert "compiled 1 families" in run.stdout
    assert "compiling kernels: 1/1 families" in run.stderr
    misses, hits, cold = _run(FIRST_CALL, tmp_path / "c").stdout.split()
    assert (int(misses), int(cold)) == (0, 0) and int(hits) >= 1


def test_compile_in_process_reports_and_checks_families(tmp_path):
    seen = []
    report = fm.compile(["smoke"], n_jobs=1, progress=lambda *a: seen.append(a))
    assert seen == [(1, 1, "smoke")]
    assert report["errors"] == {} and set(report["families"]) == {"smoke"}
    assert report["kernels"] == len(_compile._kernels()) and report["kernels"] > 50
    with pytest.raises(ValueError, match="families"):
        fm.compile(["no such family"])


def test_cold_kernels_sees_a_missing_cache_entry(tmp_path):
    code = "from fastmi import _compile; print(len(_compile.cold_kernels()))"
    n_cold = int(_run(code, tmp_path / "empty").stdout)
    assert n_cold == len(_compile._kernels())  # nothing cached in an empty directory
