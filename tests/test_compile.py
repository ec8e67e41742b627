"""``fastmi compile`` / ``fastmi.compile()``: after it, a first call loads its
kernels from the cache instead of compiling them.

Each check runs in subprocesses with a fresh ``NUMBA_CACHE_DIR`` and the tiny
"smoke" family (one small kernel), so it costs a few seconds of compilation.
"""

import os
import subprocess
import sys
import textwrap

import numpy as np
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


@pytest.mark.slow
def test_pairwise_cli_announces_compilation_on_a_cold_cache_only(tmp_path):
    """A cold cache: the phase is announced (with continuous and discrete
    columns, a second process compiles the discrete slice meanwhile).  A
    warm cache: silent, and the same result."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((80, 2))
    labels = rng.integers(0, 3, (80, 2))
    table = tmp_path / "mixed.csv"
    rows = ["a,b,c,d"] + [f"{u},{v},{s},{t}" for (u, v), (s, t) in zip(x, labels, strict=True)]
    table.write_text("\n".join(rows) + "\n")
    job = ["-m", "fastmi", "pairwise", str(table), "--method", "binned"]
    cold = _run(job, tmp_path / "cache")
    assert "compiling kernels (first run only" in cold.stderr
    assert "compiled in" in cold.stderr
    warm = _run(job, tmp_path / "cache")
    assert "compiling" not in warm.stderr and "compiled in" not in warm.stderr
    assert warm.stdout.splitlines()[-3:] == cold.stdout.splitlines()[-3:]


def test_warm_up_slices_cover_each_kind_of_column():
    from fastmi.cli import _warm_up_slices

    X = np.arange(200 * 5, dtype=float).reshape(200, 5)
    mask = np.array([False, True, False, True, True])
    slices = _warm_up_slices(X, {"method": "auto", "discrete_x": mask, "top_k": 3})
    assert [piece.shape for piece, _ in slices] == [(64, 2), (64, 2), (64, 2)]
    assert [options["discrete_x"].tolist() for _, options in slices] == [
        [False, False],
        [True, True],
        [False, True],
    ]
    assert all("top_k" not in options for _, options in slices)
    assert slices[2][0][:, 1].tolist() == X[:64, 1].tolist()
    only_continuous = _warm_up_slices(X, {"discrete_x": np.zeros(5, dtype=bool)})
    assert len(only_continuous) == 1
