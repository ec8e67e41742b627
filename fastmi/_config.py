"""Process-wide settings read once from the environment.

``FASTMI_CACHE=0`` turns off Numba's on-disk kernel cache (useful when a
cached kernel looks stale after editing another module it calls).
``FASTMI_NUM_THREADS`` sets the default thread count (``n_jobs=None``).
"""

import os

CACHE = os.environ.get("FASTMI_CACHE", "1") != "0"

# A named flag set instead of fastmath=True: never 'nnan'/'ninf', so kernels
# may test for NaN/inf and use inf as a sentinel (numba #2919, STUMPY #708).
FASTMATH = frozenset({"nsz", "arcp", "contract", "afn", "reassoc"})
