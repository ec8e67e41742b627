"""Special functions for kernels (Numba has math.lgamma but no digamma)."""

import math

from fastmi._jit import kernel


@kernel(inline=True)
def digamma(x):
    """psi(x) for x > 0: recurrence up to x >= 12, then the asymptotic series."""
    result = 0.0
    while x < 12.0:
        result -= 1.0 / x
        x += 1.0
    inv = 1.0 / x
    inv2 = inv * inv
    series = inv2 * (
        1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 * (1.0 / 240 - inv2 / 132)))
    )
    return result + math.log(x) - 0.5 * inv - series


@kernel(inline=True)
def trigamma(x):
    """psi'(x) for x > 0: recurrence up to x >= 12, then the asymptotic series."""
    result = 0.0
    while x < 12.0:
        result += 1.0 / (x * x)
        x += 1.0
    inv = 1.0 / x
    inv2 = inv * inv
    series = 1.0 + inv * (0.5 + inv * (1.0 / 6 - inv2 * (1.0 / 30 - inv2 * (1.0 / 42 - inv2 / 30))))
    return result + inv * series
