"""Slow, obvious plain-numpy implementations: the oracle for tests and the
baseline for asv.  Nothing here uses Numba or fastmi's kernels.
"""

from fastmi.reference._discrete import *  # noqa: F403
from fastmi.reference._discrete import __all__ as _discrete_all

__all__ = list(_discrete_all)
from fastmi.reference._clustering import *  # noqa: F403, E402
from fastmi.reference._clustering import __all__ as _clustering_all  # noqa: E402

__all__ += list(_clustering_all)
from fastmi.reference._parametric import *  # noqa: F403, E402
from fastmi.reference._parametric import __all__ as _parametric_all  # noqa: E402

__all__ += list(_parametric_all)
from fastmi.reference._continuous import *  # noqa: F403, E402
from fastmi.reference._continuous import __all__ as _continuous_all  # noqa: E402

__all__ += list(_continuous_all)
from fastmi.reference._pairwise import *  # noqa: F403, E402
from fastmi.reference._pairwise import __all__ as _pairwise_all  # noqa: E402

__all__ += list(_pairwise_all)
from fastmi.reference._applications import *  # noqa: F403, E402
from fastmi.reference._applications import __all__ as _applications_all  # noqa: E402

__all__ += list(_applications_all)
from fastmi.reference._stream import *  # noqa: F403, E402
from fastmi.reference._stream import __all__ as _stream_all  # noqa: E402

__all__ += list(_stream_all)
from fastmi.reference._selection import *  # noqa: F403, E402
from fastmi.reference._selection import __all__ as _selection_all  # noqa: E402

__all__ += list(_selection_all)
