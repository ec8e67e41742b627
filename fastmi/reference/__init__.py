"""Slow, obvious plain-numpy implementations: the oracle for tests and the
baseline for asv.  Nothing here uses Numba or fastmi's kernels.
"""

from fastmi.reference._discrete import *  # noqa: F403
from fastmi.reference._discrete import __all__ as _discrete_all

__all__ = list(_discrete_all)
