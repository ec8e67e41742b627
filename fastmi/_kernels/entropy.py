"""Entropy of a vector of counts, in nats, by each estimator.

Estimator ids come from ``fastmi._validation.ESTIMATOR_IDS``.  Counts are float64
(zeros allowed, they are skipped; the bias-corrected estimators assume whole
numbers); ``n_bins`` is the alphabet size K, observed or not, that
James-Stein and NSB assume (a float: products of level counts can be huge).
"""

import math

import numpy as np

from fastmi._jit import PLUGIN_TWINS, declare_plugin_twin, kernel
from fastmi._kernels.counting import range_counts, range_table, range_table3
from fastmi._kernels.sorting import sort_in_place
from fastmi._kernels.special import digamma, trigamma
from fastmi._validation import ESTIMATOR_IDS

PLUGIN = ESTIMATOR_IDS["plugin"]
MILLER_MADOW = ESTIMATOR_IDS["miller_madow"]
CHAO_SHEN = ESTIMATOR_IDS["chao_shen"]
JAMES_STEIN = ESTIMATOR_IDS["james_stein"]
NSB = ESTIMATOR_IDS["nsb"]
GRASSBERGER = ESTIMATOR_IDS["grassberger"]


@kernel
def xlogx_sum(counts):
    """(sum c, sum c log c, number of non-zero c)."""
    total = 0.0
    acc = 0.0
    nonzero = 0
    for c in counts:
        if c > 0:
            total += c
            acc += c * math.log(c)
            nonzero += 1
    return total, acc, nonzero


@kernel
def plugin(counts):
    """Maximum-likelihood entropy -sum p log p."""
    total, acc, _ = xlogx_sum(counts)
    return math.log(total) - acc / total


@kernel
def miller_madow(counts):
    """Plug-in plus (m - 1) / 2N, m = non-empty bins (Miller 1955)."""
    total, acc, nonzero = xlogx_sum(counts)
    return math.log(total) - acc / total + (nonzero - 1) / (2.0 * total)


@kernel
def chao_shen(counts):
    """Coverage-adjusted Horvitz-Thompson entropy (Chao & Shen 2003, eq. 2.3).

    Good-Turing coverage C = 1 - f1/N (f1 = singletons) shrinks the observed
    frequencies, and each term is divided by the probability 1 - (1 - C p)^N
    that its cell was seen at all.  When every count is a singleton, f1 is
    taken as N - 1 (the convention of the R package ``entropy``).
    """
    total = 0.0
    singletons = 0.0
    for c in counts:
        if c > 0:
            total += c
            if c == 1.0:
                singletons += 1.0
    if singletons == total:
        singletons = total - 1.0
    coverage = 1.0 - singletons / total
    h = 0.0
    for c in counts:
        if c > 0:
            pa = coverage * c / total
            seen = -math.expm1(total * math.log1p(-pa))  # 1 - (1 - pa)^N
            h -= pa * math.log(pa) / seen
    return h


@kernel
def james_stein(counts, n_bins):
    """Plug-in entropy of James-Stein shrunk frequencies (Hausser & Strimmer 2009).

    Frequencies are shrunk towards the uniform target 1/K over ``n_bins`` = K
    cells (unobserved cells included) with the estimated optimal intensity
    lambda = sum var(u_k) / sum (t - u_k)^2 (their eq. 8), clipped to [0, 1].
    """
    total, _, nonzero = xlogx_sum(counts)
    target = 1.0 / n_bins
    unseen = n_bins - nonzero
    if total <= 1.0:
        lam = 1.0
    else:
        sq_dev = unseen * target * target
        var_sum = 0.0
        for c in counts:
            if c > 0:
                u = c / total
                sq_dev += (u - target) ** 2
                var_sum += u * (1.0 - u) / (total - 1.0)
        lam = 1.0 if sq_dev == 0.0 else min(1.0, max(0.0, var_sum / sq_dev))
    h = 0.0
    for c in counts:
        if c > 0:
            u = lam * target + (1.0 - lam) * c / total
            h -= u * math.log(u)
    if lam > 0.0 and unseen > 0:
        u = lam * target
        h -= unseen * u * math.log(u)
    return h


@kernel
def grassberger_g(n):
    """G(n) = psi(n) + (-1)^n (psi((n+1)/2) - psi(n/2)) / 2 (Grassberger 2003, eq. 35)."""
    sign = 1.0 if int(n) % 2 == 0 else -1.0
    return digamma(n) + 0.5 * sign * (digamma(0.5 * (n + 1.0)) - digamma(0.5 * n))


@kernel
def grassberger(counts):
    """H = log N - (1/N) sum n_i G(n_i) (Grassberger 2003, eq. 35; 2008)."""
    total = 0.0
    acc = 0.0
    for c in counts:
        if c > 0:
            total += c
            acc += c * grassberger_g(c)
    return math.log(total) - acc / total


# ------------------------------------------------------------------- NSB
# Stirling-series coefficients B_2k / (2k (2k - 1)) and the Bernoulli numbers
# B_2k used by the large-argument forms below.
_STIRLING = (1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188)
_BERNOULLI = (1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66)
# Above this argument the asymptotic series are accurate to ~1e-15.
_LARGE = 20.0


@kernel
def _stirling_tail(x):
    inv2 = 1.0 / (x * x)
    acc = 0.0
    for j in range(len(_STIRLING) - 1, -1, -1):
        acc = acc * inv2 + _STIRLING[j]
    return acc / x


@kernel
def log_rising(x, n):
    """log Gamma(x + n) - log Gamma(x) for x > 0, n >= 0, stable for x >> n."""
    if n == 0.0:
        return 0.0
    if x < _LARGE:
        return math.lgamma(x + n) - math.lgamma(x)
    # Stirling: (x - 1/2) log1p(n/x) + n log(x + n) - n + tail(x + n) - tail(x)
    return (
        (x - 0.5) * math.log1p(n / x)
        + n * math.log(x + n)
        - n
        + _stirling_tail(x + n)
        - _stirling_tail(x)
    )


@kernel
def nsb_prior(beta, n_bins):
    """d xi / d beta = K psi1(K beta + 1) - psi1(beta + 1), xi = E[H | beta] (NSB eq. 8).

    For large beta both terms are ~1/beta and cancel; there the asymptotic
    series of psi1 gives the difference directly.
    """
    if beta < _LARGE:
        return n_bins * trigamma(n_bins * beta + 1.0) - trigamma(beta + 1.0)
    inv = 1.0 / beta
    acc = 0.5 * (1.0 - 1.0 / n_bins) * inv * inv
    power = inv * inv * inv
    for j in range(len(_BERNOULLI)):
        acc -= _BERNOULLI[j] * (1.0 - n_bins ** (-2.0 * (j + 1))) * power
        power *= inv * inv
    return acc


@kernel
def count_multiplicities(counts):
    """(distinct non-zero counts, how many cells hold each, N, m): NSB's sums
    depend on a cell only through its count, so each distinct count is
    evaluated once."""
    nonzero = counts[counts > 0]
    sort_in_place(nonzero)
    values = np.empty(nonzero.shape[0])
    mult = np.empty(nonzero.shape[0])
    k = 0
    for c in nonzero:
        if k > 0 and values[k - 1] == c:
            mult[k - 1] += 1.0
        else:
            values[k] = c
            mult[k] = 1.0
            k += 1
    return values[:k], mult[:k], nonzero.sum(), nonzero.shape[0]


@kernel
def nsb_log_weight(t, values, mult, total, n_bins):
    """log of the posterior density of t = log beta, up to a constant:
    prior d xi/d beta * Gamma(kappa)/Gamma(N+kappa) * prod Gamma(n_i+beta)/Gamma(beta)
    * beta (the Jacobian of beta = e^t), kappa = K beta (NSB eqs. 8-10)."""
    beta = math.exp(t)
    acc = math.log(nsb_prior(beta, n_bins)) + t - log_rising(n_bins * beta, total)
    for j in range(values.shape[0]):
        acc += mult[j] * log_rising(beta, values[j])
    return acc


@kernel
def nsb_mean_entropy(t, values, mult, total, n_bins, n_observed):
    """E[H | counts, beta] = psi(N+kappa+1) - sum (n_i+beta)/(N+kappa) psi(n_i+beta+1)
    over all K cells (Wolpert & Wolf 1995), beta = e^t."""
    beta = math.exp(t)
    norm = total + n_bins * beta
    acc = 0.0
    for j in range(values.shape[0]):
        acc += mult[j] * (values[j] + beta) * digamma(values[j] + beta + 1.0)
    acc += (n_bins - n_observed) * beta * digamma(beta + 1.0)
    return digamma(norm + 1.0) - acc / norm


# Search range of log beta, steps, and the log-weight drop that ends the window.
_T_MIN, _T_MAX, _T_STEP = -45.0, 45.0, 0.5
_TAIL = 50.0
_N_NODES = 1024


@kernel
def _nsb_edge(inside, outside, peak_weight, values, mult, total, n_bins):
    """Bisect for the t between ``inside`` and ``outside`` where the log weight
    falls to peak - _TAIL."""
    for _ in range(60):
        mid = 0.5 * (inside + outside)
        if nsb_log_weight(mid, values, mult, total, n_bins) > peak_weight - _TAIL:
            inside = mid
        else:
            outside = mid
    return outside


@kernel
def nsb(counts, n_bins):
    """Nemenman-Shafee-Bialek (2002) Bayesian entropy estimate.

    A mixture of symmetric Dirichlet priors with concentration beta, weighted
    so that the prior on the entropy is nearly flat; the posterior mean of H
    is integrated over t = log beta.  The log posterior is scanned on a grid,
    its peak refined (golden section), the window where it lies within e^-50
    of the peak found by bisection, and both integrals taken by the
    trapezoidal rule on 1024 nodes (spectrally accurate for a smooth
    integrand that vanishes at both ends), with log-sum-exp weights.
    """
    values, mult, total, n_observed = count_multiplicities(counts)
    # Coarse scan for the peak of the log weight.
    n_scan = int((_T_MAX - _T_MIN) / _T_STEP) + 1
    best = 0
    best_weight = -np.inf
    for i in range(n_scan):
        w = nsb_log_weight(_T_MIN + i * _T_STEP, values, mult, total, n_bins)
        if w > best_weight:
            best, best_weight = i, w
    # Golden-section refinement inside the neighbouring grid cells.
    lo = _T_MIN + max(best - 1, 0) * _T_STEP
    hi = _T_MIN + min(best + 1, n_scan - 1) * _T_STEP
    ratio = 0.5 * (math.sqrt(5.0) - 1.0)
    for _ in range(80):
        a = hi - ratio * (hi - lo)
        b = lo + ratio * (hi - lo)
        if nsb_log_weight(a, values, mult, total, n_bins) >= nsb_log_weight(
            b, values, mult, total, n_bins
        ):
            hi = b
        else:
            lo = a
    peak = 0.5 * (lo + hi)
    peak_weight = max(best_weight, nsb_log_weight(peak, values, mult, total, n_bins))
    left = _nsb_edge(peak, _T_MIN - _TAIL, peak_weight, values, mult, total, n_bins)
    right = _nsb_edge(peak, _T_MAX + _TAIL, peak_weight, values, mult, total, n_bins)
    # Trapezoidal rule; the end nodes carry weight < e^-50 of the peak.
    step = (right - left) / (_N_NODES - 1)
    weight_sum = 0.0
    entropy_sum = 0.0
    for i in range(_N_NODES):
        t = left + i * step
        w = math.exp(nsb_log_weight(t, values, mult, total, n_bins) - peak_weight)
        if i == 0 or i == _N_NODES - 1:
            w *= 0.5
        weight_sum += w
        entropy_sum += w * nsb_mean_entropy(t, values, mult, total, n_bins, n_observed)
    return entropy_sum / weight_sum


@kernel
def entropy_counts(counts, n_bins, estimator):
    """Entropy in nats of ``counts`` by estimator id ``estimator``.

    An alphabet of one cell (``n_bins`` <= 1) has entropy 0 under every
    estimator: there is nothing to correct for.
    """
    if n_bins <= 1:
        return 0.0
    if estimator == MILLER_MADOW:
        return miller_madow(counts)
    if estimator == CHAO_SHEN:
        return chao_shen(counts)
    if estimator == JAMES_STEIN:
        return james_stein(counts, float(n_bins))
    if estimator == NSB:
        return nsb(counts, float(n_bins))
    if estimator == GRASSBERGER:
        return grassberger(counts)
    return plugin(counts)


@kernel
def plugin_entropy_counts(counts, n_bins, estimator):
    """``entropy_counts`` for the plug-in estimator only (its twin: kernels
    that call it compile none of the bias-corrected estimators)."""
    if n_bins <= 1:
        return 0.0
    return plugin(counts)


declare_plugin_twin(entropy_counts, plugin_entropy_counts)


def for_estimator(general, estimator):
    """The kernel to call for estimator id ``estimator``: ``general``'s
    plug-in twin for the plug-in estimator (see ``fastmi._jit.kernel``)."""
    return PLUGIN_TWINS.get(general, general) if estimator == PLUGIN else general


@kernel
def count_nonzero(values):
    """The number of non-zero entries (a loop: ``np.count_nonzero`` costs
    almost a second of compilation)."""
    m = 0
    for v in values:
        if v != 0:
            m += 1
    return m


@kernel
def table_marginals(table):
    """(row sums, column sums, cells in row-major order) of a 2-D int64 count
    table, as float64."""
    n_rows, n_cols = table.shape
    rows = np.zeros(n_rows)
    cols = np.zeros(n_cols)
    cells = np.empty(n_rows * n_cols)
    for i in range(n_rows):
        for j in range(n_cols):
            c = float(table[i, j])
            rows[i] += c
            cols[j] += c
            cells[i * n_cols + j] = c
    return rows, cols, cells


@kernel(plugin_twin=True)
def pair_entropies(table, k_rows, k_cols, estimator):
    """(H(rows), H(columns), H(cells)) of a 2-D int64 count table, in nats.

    ``k_rows`` and ``k_cols`` are the alphabet sizes that James-Stein and NSB
    assume (the joint one is their product); 0 means "the number of
    non-empty rows (columns)", as for labelled data whose empty levels do
    not count.
    """
    rows, cols, cells = table_marginals(table)
    if k_rows <= 0:
        k_rows = float(count_nonzero(rows))
    if k_cols <= 0:
        k_cols = float(count_nonzero(cols))
    return (
        entropy_counts(rows, k_rows, estimator),
        entropy_counts(cols, k_cols, estimator),
        entropy_counts(cells, k_rows * k_cols, estimator),
    )


# ------------------------------------------------ small problems in one call
# Code arrays counted over their value ranges (``counting.range_*``) and
# measured in the same kernel call.  Empty levels inside a range are zeros,
# which every estimator skips, and the non-empty cells come in the same order
# as in the general path's table (levels in increasing code order), so the
# results are the same bits.  ``ok`` is False when the range table would be
# larger than ``max_cells``: the caller takes the general path.  Alphabet
# sizes ``k_*`` <= 0 mean "the number of observed levels".


@kernel
def _observed(counts, k):
    """K: ``k`` when given (> 0), else the number of non-empty cells."""
    return k if k > 0 else float(count_nonzero(counts))


@kernel(plugin_twin=True)
def codes_entropy(x, k, estimator, max_cells):
    """(ok, H(X)) in nats of one int64 code array."""
    counts = range_counts(x, max_cells)
    if counts.shape[0] == 0:
        return False, 0.0
    cells = counts.astype(np.float64)
    return True, entropy_counts(cells, _observed(cells, k), estimator)


@kernel(plugin_twin=True)
def codes_pair_entropies(x, y, k_x, k_y, estimator, max_cells):
    """(ok, H(X), H(Y), H(X, Y)) in nats of two int64 code arrays of equal length."""
    table = range_table(x, y, max_cells)
    if table.size == 0:
        return False, 0.0, 0.0, 0.0
    h_x, h_y, h_xy = pair_entropies(table, k_x, k_y, estimator)
    return True, h_x, h_y, h_xy


@kernel(plugin_twin=True)
def codes_cmi_entropies(x, y, z, k_x, k_y, k_z, estimator, max_cells):
    """(ok, H(X,Z), H(Y,Z), H(X,Y,Z), H(Z)) in nats of three int64 code arrays."""
    table = range_table3(x, y, z, max_cells)
    if table.size == 0:
        return False, 0.0, 0.0, 0.0, 0.0
    n_x, n_y, n_z = table.shape
    xz = np.zeros(n_x * n_z)
    yz = np.zeros(n_y * n_z)
    zs = np.zeros(n_z)
    xyz = np.empty(n_x * n_y * n_z)
    for i in range(n_x):
        for j in range(n_y):
            for m in range(n_z):
                c = float(table[i, j, m])
                xz[i * n_z + m] += c
                yz[j * n_z + m] += c
                zs[m] += c
                xyz[(i * n_y + j) * n_z + m] = c
    k_z = _observed(zs, k_z)
    if k_x <= 0:
        k_x = float(count_nonzero(xz.reshape(n_x, n_z).sum(axis=1)))
    if k_y <= 0:
        k_y = float(count_nonzero(yz.reshape(n_y, n_z).sum(axis=1)))
    return (
        True,
        entropy_counts(xz, k_x * k_z, estimator),
        entropy_counts(yz, k_y * k_z, estimator),
        entropy_counts(xyz, k_x * k_y * k_z, estimator),
        entropy_counts(zs, k_z, estimator),
    )


@kernel
def _present(counts):
    """The non-zero entries of ``counts``, in order."""
    return counts[counts > 0]


@kernel
def codes_contingency(a, b, max_cells):
    """What a comparison of two clusterings needs from two int64 code arrays:
    (ok, sizes_a, sizes_b, N, sum n log n over a's clusters, their number,
    the same for b, the same for the non-empty cells of the joint table).
    Cluster sizes are float64, non-empty only, in increasing code order."""
    table = range_table(a, b, max_cells)
    if table.size == 0:
        empty = np.zeros(0)
        return False, empty, empty, 0.0, 0.0, 0, 0.0, 0, 0.0, 0
    rows, cols, cells = table_marginals(table)
    sizes_a = _present(rows)
    sizes_b = _present(cols)
    n, s_a, k_a = xlogx_sum(sizes_a)
    _, s_b, k_b = xlogx_sum(sizes_b)
    _, s_ab, k_ab = xlogx_sum(cells)
    return True, sizes_a, sizes_b, n, s_a, k_a, s_b, k_b, s_ab, k_ab
