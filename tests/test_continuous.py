"""KSG, Frenzel-Pompe, Kozachenko-Leonenko and mixed estimators."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import digamma

import fastmi as fm
from fastmi import InvalidParameterError
from fastmi import reference as ref

RAW = {"standardize": False, "jitter": 0.0}  # no preprocessing: compare with the oracle


def _gaussian_pair(n, d, rho, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, d))
    y = rho * x + math.sqrt(1 - rho**2) * rng.normal(size=(n, d))
    return x, y, -0.5 * d * math.log(1 - rho**2)


# ------------------------------------------------------- oracle parity (1e-12)
@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(5, 120),
    dx=st.integers(1, 3),
    dy=st.integers(1, 2),
    k=st.integers(1, 4),
    algorithm=st.sampled_from([1, 2]),
    seed=st.integers(0, 2**32 - 1),
)
def test_ksg_matches_reference(n, dx, dy, k, algorithm, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, dx))
    y = x[:, :1] ** 2 + rng.normal(size=(n, dy))
    got = fm.ksg_mi(x, y, k=k, algorithm=algorithm, **RAW)
    assert got == pytest.approx(ref.ksg_mi(x, y, k=k, algorithm=algorithm), abs=1e-12)


@settings(max_examples=80, deadline=None)
@given(
    n=st.integers(1, 300),
    strict=st.booleans(),
    levels=st.integers(1, 1000),
    offset=st.sampled_from([0.0, -3e3, 1e12]),
    seed=st.integers(0, 2**32 - 1),
)
def test_sorted_counts_are_exact(n, strict, levels, offset, seed):
    # Radii jump by orders of magnitude between neighbouring ranks, some are
    # exact distances or 0, and values tie: every branch of the guessed
    # search.  The bucket index gets any number of buckets (few buckets or
    # a large offset make its guesses miss and fall back to the search).
    from fastmi._kernels.ksg import COUNT_WINDOW, count_index, count_indexed

    rng = np.random.default_rng(seed)
    vals = np.sort(rng.integers(0, levels, size=n) * rng.uniform(0.5, 2.0)) + offset
    radii = 10.0 ** rng.uniform(-4, 3, size=n)
    pick = rng.random(n)
    radii[pick < 0.2] = 0.0
    exact = pick > 0.8
    radii[exact] = np.abs(vals[exact] - vals[rng.integers(0, n, size=exact.sum())])
    dist = np.abs(vals[:, None] - vals[None, :])
    inside = dist < radii[:, None] if strict else dist <= radii[:, None]
    cut = int(rng.integers(0, n + 1))
    padded = np.empty(n + 2 * COUNT_WINDOW)
    table = np.empty(int(rng.integers(2, 3 * n + 3)), dtype=np.int32)
    index = (padded, table, *count_index(vals, padded, table))
    out = np.empty(n, dtype=np.int64)
    count_indexed(*index, radii, strict, out, 0, cut)
    count_indexed(*index, radii, strict, out, cut, n)
    np.testing.assert_array_equal(out, inside.sum(axis=1))


@pytest.mark.filterwarnings("ignore:.*tied values:UserWarning")
@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(2, 400),
    k=st.integers(1, 6),
    shape=st.sampled_from(["independent", "identical", "curve", "rounded", "heavy", "levels"]),
    seed=st.integers(0, 2**32 - 1),
)
def test_pair_grid_knn_is_exact(n, k, shape, seed):
    # The rank grid and the y-rank bands used for 1-D pairs must give the
    # brute-force k-th distance bit for bit, ties and crowded cells included.
    from fastmi._neighbours import pair_knn, sorted_column

    k = min(k, n - 1)
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    y = {
        "independent": rng.normal(size=n),
        "identical": x.copy(),
        "curve": np.sin(3 * x) + 0.01 * rng.normal(size=n),
        "rounded": np.round(rng.normal(size=n), 1),
        "heavy": rng.standard_cauchy(size=n) * 1e3,
        "levels": rng.integers(0, 3, size=n).astype(float),  # mostly ties
    }[shape]
    if shape == "rounded":
        x = np.round(x, 1)
    if shape == "levels":
        x = rng.integers(0, 4, size=n).astype(float)
    eps, ids = pair_knn(sorted_column(x), sorted_column(y), k, want_ids=True)
    joint = ref.max_norm_distances(np.column_stack([x, y]))
    expected = ref.kth_distances(joint, k)
    np.testing.assert_array_equal(eps, expected)
    rows = np.arange(n)[:, None]
    np.testing.assert_array_equal(joint[rows, ids].max(axis=1), eps)
    # Distances only (KSG algorithm 1): the y-rank bands, any split of the bands.
    np.testing.assert_array_equal(pair_knn(sorted_column(x), sorted_column(y), k)[0], expected)
    _check_bands(x, y, k, expected, rng)
    # Both algorithms match the oracle and are symmetric in their arguments,
    # ties included (algorithm 2 depends on which tied points are the k
    # nearest: the lower sample ids, as the oracle's stable sort), on every
    # path: one pair, all pairs and vs-target.
    for algorithm in (1, 2):
        expected_mi = ref.ksg_mi(x, y, k=k, algorithm=algorithm)
        for a, b in ((x, y), (y, x)):
            got = fm.ksg_mi(a, b, k=k, algorithm=algorithm, **RAW)
            assert got == pytest.approx(expected_mi, abs=1e-12)
        if n > k + 1:
            prepared = fm.ksg_mi(x, y, k=k, algorithm=algorithm, jitter=0)
            both = fm.pairwise_mi(
                np.c_[x, y], method="ksg", k=k, algorithm=algorithm, jitter=0, n_jobs=1
            )
            assert both[0, 1] == pytest.approx(prepared, abs=1e-12)
            target = fm.mi_with_target(
                np.c_[y], x, method="ksg", k=k, algorithm=algorithm, jitter=0, n_jobs=1
            )
            assert np.ravel(target)[0] == pytest.approx(prepared, abs=1e-12)


def _check_bands(x, y, k, expected, rng):
    from fastmi._kernels import ksg as kern
    from fastmi._neighbours import column_rank, sorted_column

    n = x.shape[0]
    (x_order, xs), (y_order, ys) = sorted_column(x), sorted_column(y)
    nb = int(rng.integers(1, n + 1))  # any band count works, not only the tuned one
    size = kern.band_size(n, nb)
    start = np.empty(nb + 3, dtype=np.int64)
    bx, by, byr = np.empty(size), np.empty(size), np.empty(size, dtype=np.int64)
    row_lo, row_hi = np.empty(nb + 2), np.empty(nb + 2)
    slot = np.empty((2, n), dtype=np.int64)
    bands = kern.Bands(nb, start, bx, by, byr, row_lo, row_hi, slot)
    kern.band_build(xs, x_order, ys, column_rank(y_order), bands)
    eps_x, eps_y = np.full(n, np.nan), np.full(n, np.nan)
    cut = int(rng.integers(0, n + 1))
    for first, last in ((0, cut), (cut, n)):
        kern.band_knn(bands, k, eps_x, eps_y, first, last)
    np.testing.assert_array_equal(eps_x, expected[x_order])
    np.testing.assert_array_equal(eps_y, expected[y_order])


@settings(max_examples=15, deadline=None)
@given(n=st.integers(5, 100), dz=st.integers(1, 2), k=st.integers(1, 4), seed=st.integers(0, 99))
def test_cmi_matches_reference(n, dz, k, seed):
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(n, dz))
    x = z[:, 0] + rng.normal(size=n)
    y = z[:, -1] + rng.normal(size=n)
    got = fm.ksg_cmi(x, y, z, k=k, **RAW)
    assert got == pytest.approx(ref.ksg_cmi(x, y, z, k=k), abs=1e-12)


@pytest.mark.parametrize("d", [1, 3])
@pytest.mark.parametrize("p", [2, np.inf])
def test_kl_entropy_matches_reference(d, p):
    x = np.random.default_rng(d).normal(size=(150, d))
    for k in (1, 4):
        assert fm.kl_entropy(x, k=k, p=p) == pytest.approx(ref.kl_entropy(x, k=k, p=p), abs=1e-12)


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(4, 150),
    d=st.integers(1, 2),
    n_classes=st.integers(1, 5),
    k=st.integers(1, 5),
    seed=st.integers(0, 2**32 - 1),
)
def test_mixed_matches_reference(n, d, n_classes, k, seed):
    rng = np.random.default_rng(seed)
    k = min(k, n - 1)
    labels = rng.integers(0, n_classes, size=n)
    x = labels[:, None] + rng.normal(size=(n, d))
    ross = fm.mixed_mi(x, labels, k=k, **RAW)
    gao = fm.mixed_mi(x, labels, k=k, method="gao", **RAW)
    assert ross == pytest.approx(ref.ross_mi(x, labels, k=k), abs=1e-12)
    assert gao == pytest.approx(ref.gao_mi(x, labels, k=k), abs=1e-12)


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(4, 120),
    n_classes=st.integers(1, 8),
    k=st.integers(1, 5),
    decimals=st.integers(0, 1),
    seed=st.integers(0, 2**32 - 1),
)
def test_ross_with_ties_matches_brute_force(n, n_classes, k, decimals, seed):
    # Ties and atoms: the counts within rho are inclusive (the reference,
    # sklearn's form, is strict), so check them against a brute-force count.
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, n_classes, size=n)
    x = np.round(labels + rng.normal(size=n), decimals)
    k = min(k, n - 1)
    got = fm.mixed_mi(x, labels, k=k, **RAW)
    keep = np.bincount(labels)[labels] > 1  # classes of one sample are dropped
    x, labels = x[keep], labels[keep]
    if x.shape[0] == 0:
        assert got == 0.0
        return
    dist = np.abs(x[:, None] - x[None, :])
    same = labels[:, None] == labels[None, :]
    size = same.sum(axis=1)
    k_i = np.minimum(k, size - 1)
    rho = np.sort(np.where(same, dist, np.inf), axis=1)[np.arange(x.shape[0]), k_i]
    k_in = (same & (dist <= rho[:, None])).sum(axis=1) - 1  # itself excluded
    m_in = (dist <= rho[:, None]).sum(axis=1) - 1
    expected = (
        digamma(x.shape[0])
        + np.mean(digamma(k_in))
        - np.mean(digamma(size))
        - np.mean(digamma(m_in))
    )
    assert got == pytest.approx(expected, abs=1e-12)


def test_gao_matches_reference_with_atoms():
    # Half the samples sit on three atoms: Gao et al.'s tie rule kicks in.
    rng = np.random.default_rng(3)
    labels = rng.integers(0, 3, size=300)
    x = np.where(rng.random(300) < 0.5, labels.astype(float), rng.normal(size=300))
    got = fm.mixed_mi(x, labels, method="gao", **RAW)
    assert got == pytest.approx(ref.gao_mi(x, labels), abs=1e-12)


# ------------------------------------------------------------- known values
@pytest.mark.parametrize("algorithm", [1, 2])
def test_bivariate_gaussian_converges(algorithm):
    errors = []
    for n in (500, 4000, 30000):
        x, y, truth = _gaussian_pair(n, 1, 0.6, seed=n)
        errors.append(abs(fm.ksg_mi(x, y, algorithm=algorithm, random_state=0) - truth))
    # KSG is nearly unbiased for a Gaussian pair; sampling error ~ 1/sqrt(n).
    assert errors[-1] < 0.01
    assert errors[-1] < max(errors[0], 0.02)


def _gaussian_blocks(d):
    """Covariance of (X, Y), X and Y of dimension d, with correlated
    components inside each block and between blocks; and its MI
    -1/2 log(det S / (det Sx det Sy))."""
    rng = np.random.default_rng(100 + d)
    a = rng.normal(size=(d, d)) / math.sqrt(d)
    sx = a @ a.T + np.eye(d)
    b = 0.4 * rng.normal(size=(d, d)) / math.sqrt(d)
    cov = np.block([[sx, sx @ b.T], [b @ sx, b @ sx @ b.T + np.eye(d)]])
    logdet = np.linalg.slogdet
    truth = -0.5 * (logdet(cov)[1] - logdet(cov[:d, :d])[1] - logdet(cov[d:, d:])[1])
    return cov, truth


@pytest.mark.slow
@pytest.mark.parametrize(("d", "tolerance"), [(1, 0.02), (2, 0.03), (5, 0.1)])
def test_gaussian_blocks_error_shrinks(d, tolerance):
    # KSG underestimates in higher dimensions (Kraskov et al. 2004, fig. 4)
    # by a bias that shrinks with n.
    cov, truth = _gaussian_blocks(d)
    errors = []
    for n in (1000, 16000):
        est = []
        for seed in range(3):
            xy = np.random.default_rng(seed).multivariate_normal(np.zeros(2 * d), cov, size=n)
            est.append(fm.ksg_mi(xy[:, :d], xy[:, d:], random_state=seed) - truth)
        errors.append(abs(np.mean(est)))
    assert errors[1] < tolerance
    assert errors[1] <= errors[0] + 0.01


def test_cmi_gaussian_closed_form():
    # X = Z + e1, Y = X/2 + Z + e2: partial correlation given Z is known.
    rng = np.random.default_rng(0)
    n = 20000
    z = rng.normal(size=n)
    x = z + rng.normal(size=n)
    y = 0.5 * x + z + rng.normal(size=n)
    # Given Z: x = e1 (var 1), y = e1/2 + e2 (var 1.25), cov 0.5.
    r2 = 0.25 / 1.25
    truth = -0.5 * math.log(1 - r2)
    assert fm.ksg_cmi(x, y, z, random_state=0) == pytest.approx(truth, abs=0.015)


def test_cmi_discrete_z_is_class_weighted_ksg():
    rng = np.random.default_rng(1)
    z = rng.integers(0, 2, size=4000)
    x = rng.normal(size=4000)
    y = np.where(z == 1, x, 0.0) + rng.normal(size=4000)
    truth = 0.5 * (0.5 * math.log(2))  # MI log(2)/2 in class 1, 0 in class 0
    got = fm.ksg_cmi(x, y, z, random_state=0)
    assert got == pytest.approx(truth, abs=0.02)
    parts = [fm.ksg_mi(x[z == c], y[z == c], **RAW) for c in (0, 1)]
    weights = np.bincount(z) / z.size
    assert fm.ksg_cmi(x, y, z, **RAW) == pytest.approx(weights @ parts, abs=1e-12)


@pytest.mark.parametrize("p", [2, np.inf])
def test_kl_entropy_closed_forms(p):
    rng = np.random.default_rng(0)
    cov = np.array([[2.0, 0.5], [0.5, 1.0]])
    x = rng.multivariate_normal([0, 0], cov, size=20000)
    gaussian = 0.5 * math.log((2 * math.pi * math.e) ** 2 * np.linalg.det(cov))
    assert fm.kl_entropy(x, p=p) == pytest.approx(gaussian, abs=0.03)
    u = rng.uniform(0, 3, size=20000)
    assert fm.kl_entropy(u, p=p) == pytest.approx(math.log(3), abs=0.02)
    assert fm.kl_entropy(u, p=p, base=2) == pytest.approx(fm.kl_entropy(u, p=p) / math.log(2))


@pytest.mark.parametrize("method", ["ross", "gao"])
def test_mixed_known_values(method):
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, size=5000)
    separated = rng.normal(size=5000) * 0.1 + 5 * y
    assert fm.mixed_mi(separated, y, method=method) == pytest.approx(math.log(2), abs=0.02)
    independent = rng.normal(size=5000)
    assert abs(fm.mixed_mi(independent, y, method=method)) < 0.02


@pytest.mark.slow
def test_issue_30772_constant_feature_stays_below_class_entropy():
    # scikit-learn returns 0.21 nats here, 210 times H(Y) (scikit-learn #30772).
    n = 10**6
    y = np.zeros(n, dtype=np.int64)
    y[:100] = 1
    h_y = -(1e-4 * math.log(1e-4) + (1 - 1e-4) * math.log(1 - 1e-4))
    x = np.ones(n)
    with pytest.warns(fm._validation.ConstantColumnWarning, match="constant column"):
        for method in ("ross", "gao"):
            assert 0 <= fm.mixed_mi(x, y, method=method, clip=True) <= h_y


# ------------------------------------------------------- policies and options
def test_random_state_threads_clip_base():
    x, y, _ = _gaussian_pair(3000, 1, 0.0, seed=5)
    a = fm.ksg_mi(x, y, random_state=1, n_jobs=1)
    assert a == fm.ksg_mi(x, y, random_state=1, n_jobs=2)
    assert a == fm.ksg_mi(x, y, random_state=np.random.default_rng(1))
    assert fm.ksg_mi(x, y, random_state=1, clip=True) == max(a, 0.0)
    assert fm.ksg_mi(x, y, random_state=1, base=2) == pytest.approx(a / math.log(2))
    # Raw estimates of independent data scatter around 0, below it too.
    raw = [fm.ksg_mi(*_gaussian_pair(3000, 1, 0.0, seed=s)[:2], random_state=0) for s in range(8)]
    assert min(raw) < 0 < max(raw)


def test_standardize_makes_scale_irrelevant():
    x, y, _ = _gaussian_pair(2000, 1, 0.6, seed=2)
    a = fm.ksg_mi(x, y, random_state=0)
    b = fm.ksg_mi(1000 * x + 7, y, random_state=0)
    assert a == pytest.approx(b, abs=1e-6)


def test_constant_column_warns_and_is_defined():
    x = np.ones(500)
    y = np.random.default_rng(0).normal(size=500)
    with pytest.warns(fm._validation.ConstantColumnWarning, match="x has constant column"):
        value = fm.ksg_mi(x, y, random_state=0)
    assert math.isfinite(value) and abs(value) < 0.1
    with pytest.warns(UserWarning, match=r"100.0% tied values"):
        assert fm.kl_entropy(np.zeros(10)) == -math.inf


def test_ties_warn_with_fraction():
    x = np.round(np.random.default_rng(0).normal(size=1000), 1)
    y = np.random.default_rng(1).normal(size=1000)
    with pytest.warns(UserWarning, match=r"x has \d+\.\d% tied values.*method='gao'"):
        fm.ksg_mi(x, y, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fm.mixed_mi(x, np.arange(1000) % 2)  # ties are handled there, no warning


def test_front_door_routes_here():
    x, y, _ = _gaussian_pair(1000, 1, 0.6, seed=1)
    assert fm.mutual_info(x[:, 0], y[:, 0], random_state=0) == fm.ksg_mi(x, y, random_state=0)
    labels = (y[:, 0] > 0).astype(int)
    assert fm.mutual_info(x[:, 0], labels) == fm.mixed_mi(x, labels)


# ---------------------------------------------------------------- errors
_X = np.arange(10.0)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: fm.ksg_mi(_X, _X, k=0), InvalidParameterError, "'k' parameter of ksg_mi"),
        (lambda: fm.ksg_mi(_X, _X, algorithm=3), InvalidParameterError, "'algorithm'"),
        (lambda: fm.ksg_mi(_X, _X, jitter=-1), InvalidParameterError, "'jitter'"),
        (lambda: fm.ksg_mi(_X, _X, base=1), InvalidParameterError, "'base'"),
        (lambda: fm.ksg_mi(_X, _X, random_state=-1), InvalidParameterError, "'random_state'"),
        (lambda: fm.ksg_mi(_X, _X, clip="yes"), InvalidParameterError, "'clip'"),
        (lambda: fm.ksg_mi(_X, _X, n_jobs=0), InvalidParameterError, "'n_jobs'"),
        (lambda: fm.ksg_mi(_X, _X[:9]), ValueError, "x has 10, y has 9"),
        (lambda: fm.ksg_mi(_X[:3], _X[:3], k=3), ValueError, r"at least k \+ 1 = 4 samples"),
        (lambda: fm.ksg_mi(np.r_[_X[:9], np.nan], _X), ValueError, "x contains 1 NaN"),
        (lambda: fm.ksg_mi(_X, np.r_[_X[:9], np.inf]), ValueError, "y contains 1 infinite"),
        (lambda: fm.ksg_mi(np.zeros((10, 1, 1)), _X), ValueError, "x must be 1-D or 2-D"),
        (lambda: fm.ksg_mi(np.array([]), np.array([])), ValueError, "x is empty"),
        (lambda: fm.ksg_cmi(_X, _X, _X[:5]), ValueError, "z has 5"),
        (
            lambda: fm.ksg_cmi(_X, _X, np.r_[np.zeros(8, int), 1, 1]),
            ValueError,
            "samples in every class of z",
        ),
        (lambda: fm.ksg_cmi(_X, _X, _X, discrete_z="no"), InvalidParameterError, "'discrete_z'"),
        (lambda: fm.kl_entropy(_X, k=0), InvalidParameterError, "'k' parameter of kl_entropy"),
        (lambda: fm.kl_entropy(_X, p=1), InvalidParameterError, "'p'"),
        (lambda: fm.kl_entropy(_X[:2], k=2), ValueError, "kl_entropy needs at least"),
        (lambda: fm.mixed_mi(_X, _X, method="x"), InvalidParameterError, "'method'"),
        (lambda: fm.mixed_mi(_X, _X[:4]), ValueError, "y_discrete has 4"),
        (lambda: fm.mixed_mi(_X[:, None, None], _X), ValueError, "x_continuous must be"),
        (lambda: fm.mixed_mi(np.array(["a"] * 10), _X), TypeError, "must be numeric"),
    ],
)
def test_errors_before_any_kernel(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_distances_beyond_the_float_maximum_are_refused_without_standardize():
    x = np.random.default_rng(0).normal(size=50)
    wide = np.r_[x[:-2], -np.finfo(float).max, np.finfo(float).max]
    with pytest.raises(ValueError, match=r"x spans more than the largest float.*ksg_mi"):
        fm.ksg_mi(wide, x, standardize=False, jitter=0)
    with pytest.raises(ValueError, match=r"x_continuous spans more than the largest float"):
        fm.mixed_mi(wide, (x > 0).astype(int), standardize=False)
    # Standardized, the same data is fine (scaled by a power of two first).
    assert math.isfinite(fm.ksg_mi(wide, x, random_state=0))


def test_standardize_is_exactly_scale_free_at_any_magnitude():
    x, y, _ = _gaussian_pair(300, 1, 0.6, seed=4)
    expected = fm.ksg_mi(x, y, random_state=0)
    for exponent in (-1000, -565, 515, 1020):  # tiny, squares underflow/overflow, near max
        assert fm.ksg_mi(np.ldexp(x, exponent), y, random_state=0) == expected
        assert fm.ksg_mi(x, np.ldexp(y, exponent), algorithm=2, random_state=0) == fm.ksg_mi(
            x, y, algorithm=2, random_state=0
        )
    assert fm.kl_entropy(np.ldexp(x, 1020)) == pytest.approx(
        fm.kl_entropy(x) + 1020 * math.log(2), rel=1e-12
    )


def test_all_pairs_ksg_warns_about_ties_like_the_single_pair():
    rng = np.random.default_rng(0)
    x = np.round(rng.normal(size=500), 1)
    y = rng.normal(size=500)
    with pytest.warns(UserWarning, match=r"x has \d+\.\d% tied values"):
        fm.ksg_mi(x, y, random_state=0)
    with pytest.warns(UserWarning, match=r"X has tied values in column\(s\) 0, 2 .*pairwise_mi"):
        fm.pairwise_mi(np.c_[x, y, x], method="ksg", random_state=0)
    with pytest.warns(UserWarning, match=r"X has tied values in column\(s\) 1 .*mi_with_target"):
        fm.mi_with_target(np.c_[y, x], y, method="ksg", random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # untied columns: no warning
        fm.pairwise_mi(np.c_[y, rng.normal(size=500)], method="ksg", random_state=0)


@pytest.mark.filterwarnings("ignore:.*tied values:UserWarning")
@settings(max_examples=30, deadline=None)
@given(
    n=st.integers(4, 60),
    dx=st.integers(1, 2),
    dy=st.integers(1, 2),
    k=st.integers(1, 4),
    levels=st.integers(1, 4),
    seed=st.integers(0, 2**32 - 1),
)
def test_ksg_algorithm_2_with_ties_matches_the_reference_in_any_dimension(
    n, dx, dy, k, levels, seed
):
    # The KD-tree path (multivariate X or Y) orders tied neighbours by sample
    # id too, so algorithm 2 is the oracle's and symmetric in X and Y.
    k = min(k, n - 1)
    rng = np.random.default_rng(seed)
    x = rng.integers(0, levels + 1, size=(n, dx)).astype(float)
    y = rng.integers(0, levels + 1, size=(n, dy)).astype(float)
    expected = ref.ksg_mi(x, y, k=k, algorithm=2)
    assert fm.ksg_mi(x, y, k=k, algorithm=2, **RAW) == pytest.approx(expected, abs=1e-12)
    assert fm.ksg_mi(y, x, k=k, algorithm=2, **RAW) == pytest.approx(expected, abs=1e-12)
