"""The one decorator every Numba kernel goes through.

Kernels are compiled lazily (nothing compiles at import), cached on disk
(``fastmi._config.CACHE``), and release the GIL so that ``fastmi._threads``
can run them on several Python threads at once.  fastmi never uses Numba's
``parallel=True``: Numba's threading layers abort on concurrent calls
(workqueue) or in forked children (GNU OpenMP), while plain threads calling
``nogil`` kernels are safe in both cases (see ``fastmi._threads``).
"""

import numba

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
        REGISTRY[f"{f.__module__}.{f.__qualname__}"] = compiled
        return compiled

    return wrap if func is None else wrap(func)
