"""The one decorator every Numba kernel goes through.

Kernels are compiled lazily (nothing compiles at import), cached on disk
(``fastmi._config.CACHE``), and release the GIL so that ``fastmi._threads``
can run them on several Python threads at once.  fastmi never uses Numba's
``parallel=True``: Numba's threading layers abort on concurrent calls
(workqueue) or in forked children (GNU OpenMP), while plain threads calling
``nogil`` kernels are safe in both cases (see ``fastmi._threads``).
"""

import types

import numba
from numba.core import types as nbtypes
from numba.core.dispatcher import Dispatcher

from fastmi import _config

#: Every kernel, by qualified name, so tests and tools can list them.
REGISTRY = {}


def kernel(func=None, *, fastmath=False, inline=False):
    """Compile ``func`` with fastmi's policy and record it in ``REGISTRY``.

    ``fastmath=True`` applies the named flag set ``_config.FASTMATH`` (never
    ``nnan``/``ninf``); integer counting kernels need no fastmath at all.
    ``inline=True`` marks small helpers that Numba should inline at call sites.
    """

    def wrap(f):
        options = {"cache": _config.CACHE, "nogil": True, "error_model": "numpy"}
        if fastmath:
            options["fastmath"] = set(_config.FASTMATH)
        if inline:
            options["inline"] = "always"
        compiled = numba.njit(**options)(f)
        if isinstance(compiled, Dispatcher) and not inline:
            compiled.get_call_template = types.MethodType(_unliteral_call_template, compiled)
        REGISTRY[f"{f.__module__}.{f.__qualname__}"] = compiled
        return compiled

    return wrap if func is None else wrap(func)


def _unliteral_call_template(dispatcher, args, kws):
    """``Dispatcher.get_call_template`` for calls from other kernels, with
    literal argument types made plain: ``f(a, 0)`` or ``f(a, True)`` inside a
    kernel would otherwise compile a specialization of ``f`` per constant
    (Literal[int](0), ...) on top of the one Python calls use, each costing
    the full compile time of ``f`` (seconds for the KSG kernels)."""
    args = tuple(nbtypes.unliteral(a) for a in args)
    kws = {name: nbtypes.unliteral(t) for name, t in kws.items()}
    return Dispatcher.get_call_template(dispatcher, args, kws)
