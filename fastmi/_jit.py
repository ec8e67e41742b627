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

#: kernel -> its plug-in twin (see ``kernel(plugin_twin=True)``).
PLUGIN_TWINS = {}


def kernel(func=None, *, fastmath=False, inline=False, plugin_twin=False):
    """Compile ``func`` with fastmi's policy and record it in ``REGISTRY``.

    ``fastmath=True`` applies the named flag set ``_config.FASTMATH`` (never
    ``nnan``/``ninf``); integer counting kernels need no fastmath at all.
    ``inline=True`` marks small helpers that Numba should inline at call sites.

    ``plugin_twin=True`` also compiles a *plug-in twin*: the same code with
    every kernel it calls that has a twin replaced by that twin, recorded in
    ``PLUGIN_TWINS`` (``entropy.for_estimator`` picks it).  A kernel that takes an entropy
    estimator id as a run-time argument otherwise compiles every estimator
    into itself (NSB's integration and a sort: ~9 s of a ~13 s first call),
    while nearly every call asks for the plug-in one.  The leaf of a chain of
    twins is declared with ``declare_plugin_twin``.  A twin's globals are those
    of the module when it is defined: it may call only what is defined above it.
    """

    def wrap(f):
        options = {"cache": _config.CACHE, "nogil": True, "error_model": "numpy"}
        if fastmath:
            options["fastmath"] = set(_config.FASTMATH)
        if inline:
            options["inline"] = "always"
        twin = _rebound_to_twins(f) if plugin_twin else None  # raises before compiling
        compiled = _compile(f, options, inline)
        if twin is not None:
            declare_plugin_twin(compiled, _compile(twin, options, inline))
        return compiled

    return wrap if func is None else wrap(func)


def _compile(f, options, inline):
    compiled = numba.njit(**options)(f)
    if isinstance(compiled, Dispatcher) and not inline:
        compiled.get_call_template = types.MethodType(_unliteral_call_template, compiled)
    REGISTRY[f"{f.__module__}.{f.__qualname__}"] = compiled
    return compiled


def declare_plugin_twin(general, twin):
    """Record ``twin`` as the kernel that stands for ``general`` when the
    estimator is the plug-in one (same arguments, same results for it)."""
    PLUGIN_TWINS[general] = twin


def _rebound_to_twins(f):
    """A copy of the Python function ``f`` whose calls to kernels with a twin
    go to the twin, under the qualified name ``<f>_plugin`` (Numba's disk
    cache is keyed by qualified name, so the copy caches apart)."""
    rebound = {
        name: PLUGIN_TWINS[value]
        for name in f.__code__.co_names
        if isinstance(value := f.__globals__.get(name), Dispatcher) and value in PLUGIN_TWINS
    }
    if not rebound:
        raise ValueError(f"{f.__qualname__} calls no kernel that has a plug-in twin")
    copy = types.FunctionType(
        f.__code__, {**f.__globals__, **rebound}, f.__name__, f.__defaults__, f.__closure__
    )
    copy.__qualname__ = f"{f.__qualname__}_plugin"
    copy.__module__ = f.__module__
    copy.__doc__ = f.__doc__
    return copy


def _unliteral_call_template(dispatcher, args, kws):
    """``Dispatcher.get_call_template`` for calls from other kernels, with
    literal argument types made plain: ``f(a, 0)`` or ``f(a, True)`` inside a
    kernel would otherwise compile a specialization of ``f`` per constant
    (Literal[int](0), ...) on top of the one Python calls use, each costing
    the full compile time of ``f`` (seconds for the KSG kernels)."""
    args = tuple(nbtypes.unliteral(a) for a in args)
    kws = {name: nbtypes.unliteral(t) for name, t in kws.items()}
    return Dispatcher.get_call_template(dispatcher, args, kws)
