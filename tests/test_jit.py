"""The kernel policy of fastmi._jit, checked on every kernel of the package.

Every fastmi module is imported (all must import: optional dependencies are
imported inside functions), which fills ``fastmi._jit.REGISTRY``.
"""

import importlib
import os
import pkgutil
import subprocess
import sys
import textwrap

import numba
import pytest
from numba.core.caching import FunctionCache
from numba.core.registry import CPUDispatcher

import fastmi
from fastmi import _config, _jit


def all_module_names():
    names = [
        info.name
        for info in pkgutil.walk_packages(fastmi.__path__, "fastmi.")
        if not info.name.endswith("__main__")  # runs the CLI when imported
    ]
    assert "fastmi._kernels.counting" in names
    return names


def import_all():
    return [importlib.import_module(name) for name in all_module_names()]


MODULES = import_all()
KERNELS = sorted(_jit.REGISTRY.items())


def test_registry_is_filled():
    assert "fastmi._kernels.counting.count_pairs" in _jit.REGISTRY
    assert len(KERNELS) >= 5


def test_every_numba_function_goes_through_the_kernel_decorator():
    registered = {id(k) for k in _jit.REGISTRY.values()}
    stray = [
        f"{module.__name__}.{name}"
        for module in MODULES
        for name, obj in vars(module).items()
        if isinstance(obj, CPUDispatcher) and id(obj) not in registered
    ]
    assert not stray, f"compiled without fastmi._jit.kernel: {stray}"


@pytest.mark.parametrize(("name", "kernel"), KERNELS, ids=[name for name, _ in KERNELS])
def test_kernel_policy(name, kernel):
    assert isinstance(kernel, CPUDispatcher), name
    options = kernel.targetoptions
    assert options.get("nogil") is True, f"{name} holds the GIL"
    assert not options.get("parallel"), f"{name} uses Numba's parallel layer"
    assert isinstance(kernel._cache, FunctionCache) == _config.CACHE, f"{name} cache setting"
    fastmath = options.get("fastmath") or set()
    assert fastmath is not True, f"{name}: fastmath=True includes nnan/ninf"
    assert not {"nnan", "ninf", "fast"} & set(fastmath), f"{name}: {fastmath}"


def test_fastmath_flag_set_excludes_nan_and_inf_assumptions():
    assert not {"nnan", "ninf", "fast"} & _config.FASTMATH


def test_kernel_decorator_applies_the_policy():
    def add_one(a):
        return a + 1.0

    plain = _jit.kernel(add_one)
    fast = _jit.kernel(fastmath=True)(add_one)
    try:
        assert plain.targetoptions["nogil"] is True
        assert "fastmath" not in plain.targetoptions
        assert set(fast.targetoptions["fastmath"]) == set(_config.FASTMATH)
        assert fast(1.0) == 2.0
        assert _jit.REGISTRY[f"{__name__}.{add_one.__qualname__}"] is fast
    finally:
        _jit.REGISTRY.pop(f"{__name__}.{add_one.__qualname__}", None)


def _fresh_python(script):
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_DISABLE_JIT"}
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_import_fastmi_loads_no_numba_and_no_kernel():
    out = _fresh_python(
        """
        import sys
        import fastmi
        dir(fastmi), fastmi.__all__, fastmi.__version__
        heavy = sorted(
            m for m in sys.modules
            if m.split(".")[0] in ("numba", "llvmlite")
            or m.startswith(("fastmi._kernels", "fastmi._jit"))
        )
        print(heavy)
        """
    )
    assert out.strip() == "[]"


def test_importing_every_module_compiles_nothing():
    out = _fresh_python(
        f"""
        import importlib
        for name in {all_module_names()!r}:
            importlib.import_module(name)
        from fastmi._jit import REGISTRY
        print(sorted(name for name, k in REGISTRY.items() if k.signatures))
        print("fastmi._kernels.counting.count_pairs" in REGISTRY, len(REGISTRY) >= 5)
        """
    )
    compiled, filled = out.split("\n")[:2]
    assert compiled == "[]"
    assert filled == "True True"


def test_no_module_imports_prange():
    # prange needs parallel=True; a stray use would also surface here.
    for module in MODULES:
        assert getattr(module, "prange", None) is not numba.prange, module.__name__
