"""Project health: lint and format, doctest collection, and one quick pass of every asv benchmark.

These keep the parts of the repository that no unit test imports from rotting.
"""

import doctest
import importlib
import os
import pkgutil
import re
import site
import subprocess
import sys
from pathlib import Path

import pytest

import fastmi

ROOT = Path(__file__).resolve().parents[1]
ASV_DIR = ROOT / "asv_benchmarks"


def run(args, cwd=ROOT, env=None, timeout=600):
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


# ----------------------------------------------------------------- ruff
def test_ruff_check_is_clean():
    proc = run(["ruff", "check", "--no-cache", "."])
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_format_is_clean():
    proc = run(["ruff", "format", "--check", "--no-cache", "."])
    assert proc.returncode == 0, proc.stdout + proc.stderr


# -------------------------------------------------------------- doctests
def test_pytest_runs_doctests_of_the_package(pytestconfig):
    assert pytestconfig.getini("addopts")  # read from pyproject.toml
    assert "--doctest-modules" in pytestconfig.getini("addopts")
    assert {"tests", "fastmi"} <= set(pytestconfig.getini("testpaths"))


def modules_with_examples():
    """Paths (relative to the root) of fastmi modules whose docstrings have examples."""
    finder = doctest.DocTestFinder()
    paths = set()
    for info in pkgutil.walk_packages(fastmi.__path__, "fastmi."):
        if info.name.endswith("__main__"):
            continue  # runs the CLI when imported; pytest never collects it
        module = importlib.import_module(info.name)
        if any(test.examples for test in finder.find(module)):
            paths.add(Path(module.__file__).resolve().relative_to(ROOT).as_posix())
    return paths


def test_every_module_with_examples_is_collected():
    proc = run(["pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "fastmi"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    collected = {line.split("::")[0] for line in proc.stdout.splitlines() if "::" in line}
    expected = modules_with_examples()
    assert {"fastmi/discrete.py", "fastmi/_threads.py"} <= expected
    assert expected <= collected, f"not collected: {sorted(expected - collected)}"


def public_objects():
    """Every public name of ``fastmi`` whose module exists (areas still to come are left out)."""
    for name in fastmi.__all__:
        try:
            obj = getattr(fastmi, name)
        except ModuleNotFoundError as err:
            if err.name and err.name.startswith("fastmi."):
                continue  # the area's module is not written yet
            raise
        yield name, obj


def test_public_functions_have_examples():
    missing = [
        name
        for name, obj in public_objects()
        if callable(obj)
        and not (isinstance(obj, type) and issubclass(obj, BaseException))
        and ">>>" not in (obj.__doc__ or "")
    ]
    assert not missing, f"public functions without a doctest example: {missing}"


# ------------------------------------------------------------------- asv
# A result line of `asv run`: "[ 50.00%] ··· bench_x.Class.time_y   <value | failed | 1/2 failed>".
RESULT_LINE = re.compile(r"^\[\s*[\d.]+%\] ··· (?P<name>\S+)\s+(?P<status>.*)$")


def failed_benchmarks(output):
    failed = []
    for line in output.splitlines():
        match = RESULT_LINE.match(line.rstrip())
        if match and re.search(r"\bfailed\b|\btimeout\b", match["status"]):
            failed.append(f"{match['name']}: {match['status'].strip()}")
    return failed


def test_failed_benchmarks_parser():
    output = "\n".join(
        [
            "[16.67%] ··· bench_x.A.time_fail                                failed",
            "[33.33%] ··· bench_x.A.time_ok                             1/2 failed",
            "[50.00%] ··· bench_x.track_x                                       1.0",
            "[66.67%] ··· bench_x.B.time_y                                  timeout",
            "[ 0.00%] ·· Benchmarking existing-py",
        ]
    )
    assert failed_benchmarks(output) == [
        "bench_x.A.time_fail: failed",
        "bench_x.A.time_ok: 1/2 failed",
        "bench_x.B.time_y: timeout",
    ]


@pytest.mark.slow
def test_every_asv_benchmark_runs_once(tmp_path):
    # asv keeps machine descriptions in ~/.asv-machine.json: give it a
    # throwaway home (keeping the user's site-packages visible) so that CI
    # needs no set-up and a developer's file is left alone.
    env = dict(os.environ, HOME=str(tmp_path), PYTHONUSERBASE=site.getuserbase())
    machine = run(["asv", "machine", "--yes", "--machine", "ci"], cwd=ASV_DIR, env=env)
    assert machine.returncode == 0, machine.stdout + machine.stderr
    proc = run(
        [
            "asv",
            "run",
            "--python=same",
            "--quick",
            "--dry-run",
            "--show-stderr",
            "--no-pull",
            "--machine",
            "ci",
        ],
        cwd=ASV_DIR,
        env=env,
        timeout=3600,  # a hang guard: the quick pass takes minutes, more on a loaded machine
    )
    output = proc.stdout + proc.stderr
    failed = failed_benchmarks(output)
    assert not failed, "benchmarks failed:\n" + "\n".join(failed) + "\n\n" + output
    assert proc.returncode == 0, output
    assert "bench_import.ImportTime.track_import_fastmi" in output, output


# Benchmarks whose peer is missing must skip in setup ('n/a'), not fail: the
# peers (scikit-learn, ennemi) are optional (ennemi is only in the bench extra).
PEER_BENCHMARKS_SKIP = r"""
import sys
for peer in ("ennemi", "sklearn"):
    sys.modules[peer] = None  # import raises ImportError, as if not installed
sys.path.insert(0, sys.argv[1])
from asv_runner.discovery import disc_benchmarks

checked = 0
for bench in disc_benchmarks(sys.argv[2]):
    method = bench.name.rsplit(".", 1)[-1]  # time_sklearn, time_ennemi_pairwise_mi, ...
    if "sklearn" in method or "ennemi" in method:
        bench.set_param_idx(0)
        assert bench.do_setup() is True, f"{bench.name} ran without its peer"
        checked += 1
print(checked)
"""


@pytest.mark.slow
def test_benchmarks_of_missing_peers_skip_in_setup():
    bench_dir = ASV_DIR / "benchmarks"
    proc = subprocess.run(
        [sys.executable, "-c", PEER_BENCHMARKS_SKIP, str(ASV_DIR), str(bench_dir)],
        cwd=ASV_DIR,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert int(proc.stdout.split()[-1]) >= 8, proc.stdout
