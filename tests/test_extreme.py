"""Continuous estimators on finite floats of extreme magnitude (issue 9).

Every public continuous entry point gets values from subnormal to near the
float maximum, a single huge outlier, all-equal columns and +/-0.0.  Each
call must return a finite value equal (to rounding) to the same call on the
data rescaled by an exact power of two into (-1, 1), or raise a ValueError;
never crash, hang or return NaN.  The examples run in one subprocess, so a
segfault in a kernel fails this test instead of killing the suite:
``python tests/test_extreme.py N`` runs N hypothesis examples directly.
"""

import math
import os
import subprocess
import sys
import warnings

import numpy as np

HERE = os.path.abspath(__file__)
ROOT = os.path.dirname(os.path.dirname(HERE))
MAX = np.finfo(np.float64).max
KINDS = ("normal", "rounded", "outlier", "equal", "signed_zero", "two_max")
#: Hypothesis examples run by the suite (about 10 s once kernels are cached).
EXAMPLES = 60


# ------------------------------------------------------------------ the data
def unit(values):
    """``values`` scaled by the power of two that brings its largest |value|
    into [0.5, 1): exact, except for values more than 2**1000 times smaller
    than the largest (they lose bits, as in any float rescaling)."""
    peak = np.abs(values).max()
    return values if peak == 0 else np.ldexp(values, -int(np.frexp(peak)[1]))


def make_column(kind, base, exponent, rng):
    """One column of the example, its largest |value| about 2**exponent."""
    if kind == "equal":
        return np.full(base.shape, np.ldexp(0.75, exponent))
    if kind == "signed_zero":
        values = np.where(rng.random(base.shape) < 0.5, -0.0, 0.0)
        values[: max(1, base.shape[0] // 4)] = np.ldexp(np.sign(base[0]) or 1.0, exponent - 1)
        return values
    values = unit(base)
    if kind == "rounded":
        values = np.round(values, 1)
    values = np.ldexp(values, exponent)
    if kind == "outlier":  # up to 2**900 times the others, or the float maximum
        top = min(exponent + int(rng.integers(20, 900)), 1024)
        values[int(rng.integers(base.shape[0]))] = MAX if top == 1024 else np.ldexp(0.9, top)
    if kind == "two_max":
        values[:2] = MAX, -MAX if rng.random() < 0.5 else MAX
    return values


# ----------------------------------------------------------- the entry points
def entry_points():
    """name -> (call(x, y, z, labels), scale_rule).  scale_rule says how the
    result on the data compares with the result on the rescaled data:
    "same" (scale invariant), "entropy" (h shifts by log 2 per power of
    two) or "finite" (scikit-learn's preprocessing is not scale invariant:
    finite and >= 0 only)."""
    import fastmi as fm
    from fastmi.feature_selection import mutual_info_classif, mutual_info_regression

    return {
        "ksg_mi": (lambda x, y, z, c: fm.ksg_mi(x, y, random_state=0), "same"),
        "ksg_mi_alg2_raw_jitter": (
            lambda x, y, z, c: fm.ksg_mi(x, y, algorithm=2, jitter=0, random_state=0),
            "same",
        ),
        "ksg_mi_2d": (lambda x, y, z, c: fm.ksg_mi(np.c_[x, z], y, random_state=0), "same"),
        "ksg_mi_robust": (
            lambda x, y, z, c: fm.ksg_mi(np.c_[x, z], y, standardize="robust", random_state=0),
            "same",
        ),
        "mixed_mi_robust": (lambda x, y, z, c: fm.mixed_mi(x, c, standardize="robust"), "same"),
        "ksg_cmi": (lambda x, y, z, c: fm.ksg_cmi(x, y, z, random_state=0), "same"),
        "ksg_cmi_discrete_z": (lambda x, y, z, c: fm.ksg_cmi(x, y, c, random_state=0), "same"),
        "mutual_info": (lambda x, y, z, c: fm.mutual_info(x, y, random_state=0), "same"),
        "mixed_mi": (lambda x, y, z, c: fm.mixed_mi(x, c), "same"),
        "mixed_mi_gao": (lambda x, y, z, c: fm.mixed_mi(x, c, method="gao"), "same"),
        "gaussian_mi": (lambda x, y, z, c: fm.gaussian_mi(x, y), "same"),
        "gaussian_mi_2d": (lambda x, y, z, c: fm.gaussian_mi(np.c_[x, z], y), "same"),
        "copula_mi": (lambda x, y, z, c: fm.copula_mi(x, y), "same"),
        "binned_mi": (lambda x, y, z, c: fm.binned_mi(x, y), "same"),
        "binned_mi_quantile": (
            lambda x, y, z, c: fm.binned_mi(x, y, bins=8, strategy="quantile"),
            "same",
        ),
        "kl_entropy": (lambda x, y, z, c: fm.kl_entropy(x), "entropy"),
        "kl_entropy_2d_euclid": (lambda x, y, z, c: fm.kl_entropy(np.c_[x, x], p=2), "entropy"),
        "pairwise_ksg": (
            lambda x, y, z, c: fm.pairwise_mi(np.c_[x, y, z], method="ksg", random_state=0),
            "same",
        ),
        "pairwise_ksg_robust": (
            lambda x, y, z, c: fm.pairwise_mi(
                np.c_[x, y, z], method="ksg", standardize="robust", random_state=0
            ),
            "same",
        ),
        "pairwise_ksg_alg2": (
            lambda x, y, z, c: fm.pairwise_mi(np.c_[x, y], method="ksg", algorithm=2, jitter=0),
            "same",
        ),
        "pairwise_copula": (
            lambda x, y, z, c: fm.pairwise_mi(np.c_[x, y, z], method="copula"),
            "same",
        ),
        "pairwise_binned": (
            lambda x, y, z, c: fm.pairwise_mi(np.c_[x, y], method="binned"),
            "same",
        ),
        "mi_with_target": (
            lambda x, y, z, c: fm.mi_with_target(np.c_[x, z], y, method="ksg", random_state=0),
            "same",
        ),
        "cross_mi": (
            lambda x, y, z, c: fm.cross_mi(np.c_[x], np.c_[y, z], method="ksg", random_state=0),
            "same",
        ),
        "mutual_info_regression": (
            lambda x, y, z, c: mutual_info_regression(np.c_[x, z], y, random_state=0),
            "finite",
        ),
        "mutual_info_classif": (
            lambda x, y, z, c: mutual_info_classif(np.c_[x, z], c, random_state=0),
            "finite",
        ),
    }


def _outcome(call, args):
    """The result as a float array, or the ValueError raised."""
    try:
        return np.asarray(call(*args), dtype=np.float64)
    except ValueError as error:
        return error


def _off_diagonal(values):
    if values.ndim == 2 and values.shape[0] == values.shape[1] and values.shape[0] > 1:
        return values[~np.eye(values.shape[0], dtype=bool)]
    return values.ravel()


def check_entry_point(name, call, rule, data, rescaled, shift):
    """One entry point on the data and on its rescaled copy (``shift``: the
    power of two between their x columns; ``rescaled`` None when rescaling
    would lose bits, e.g. values 2**-1100 times the largest: then the result
    must be finite only)."""
    got = _outcome(call, data)
    if isinstance(got, ValueError):
        assert str(got), name  # a clear message, never an empty one
        return
    values = _off_diagonal(got)
    if rule == "entropy":  # -inf: duplicate points (documented, warned)
        assert not np.isnan(values).any() and (values < np.inf).all(), (name, values)
    else:
        assert np.isfinite(values).all(), (name, values)
    if rule == "finite":
        assert (values >= 0).all(), (name, values)
    if rule == "finite" or rescaled is None:
        return
    expected = _outcome(call, rescaled)
    assert not isinstance(expected, ValueError), (name, expected)
    expected = _off_diagonal(expected)
    if rule == "entropy":
        expected = expected + shift * math.log(2.0) * (2 if name.endswith("2d_euclid") else 1)
    np.testing.assert_allclose(values, expected, rtol=1e-9, atol=1e-9, err_msg=name)


def check_raw_ksg(x, y):
    """Without standardizing, KSG equals the brute-force oracle on the data
    itself, or refuses data whose distances overflow."""
    import fastmi as fm
    from fastmi import reference as ref

    with np.errstate(over="ignore"):
        spans_overflow = not (np.isfinite(np.ptp(x)) and np.isfinite(np.ptp(y)))
    try:
        got = fm.ksg_mi(x, y, standardize=False, jitter=0)
    except ValueError as error:
        assert spans_overflow and "overflow" in str(error), error
        return
    assert not spans_overflow
    with np.errstate(all="ignore"):
        expected = ref.ksg_mi(x, y)
    assert got == expected or abs(got - expected) < 1e-9, (got, expected)


def check_kdtree(points):
    """KDTree answers on the data are those on the rescaled data, scaled back."""
    from fastmi import KDTree

    scaled = unit(points)
    shift = int(np.frexp(np.abs(points).max())[1]) if np.abs(points).max() > 0 else 0
    k = min(3, points.shape[0])
    for p in (2, np.inf):
        dist, idx = KDTree(points).query(points, k=k, p=p)
        dist_ref, idx_ref = KDTree(scaled).query(scaled, k=k, p=p)
        with np.errstate(over="ignore"):  # a distance beyond the float maximum is inf
            np.testing.assert_array_equal(np.sort(dist, axis=1), np.ldexp(dist_ref, shift))
        counts = KDTree(points).query_ball_point(points, r=np.ldexp(0.25, shift), p=p)
        counts_ref = KDTree(scaled).query_ball_point(scaled, r=0.25, p=p)
        np.testing.assert_array_equal(counts, counts_ref)
        # A ball far wider than the data (its radius overflows in the tree's
        # scale, or is the float maximum) holds every point.
        for r in (np.ldexp(1.0, min(shift + 600, 1023)), MAX):
            counts = KDTree(points).query_ball_point(points, r=r, p=p, strict=True)
            np.testing.assert_array_equal(counts, points.shape[0])
        assert idx.min() >= 0 and idx.max() < points.shape[0]
        assert idx_ref.min() >= 0


def check_example(kind_x, kind_y, n, ex, ey, seed):
    """All entry points on one example (x of ``kind_x`` at about 2**ex, y of
    ``kind_y`` at about 2**ey, z a normal column)."""
    rng = np.random.default_rng(seed)
    base = rng.normal(size=n)
    x = make_column(kind_x, base, ex, rng)
    y = make_column(kind_y, base + rng.normal(size=n), ey, rng)
    z = rng.normal(size=n)
    labels = (base > 0).astype(int)
    labels[:2] = 0, 1
    data = (x, y, z, labels)
    shift = int(np.frexp(np.abs(x).max())[1]) if np.abs(x).max() > 0 else 0
    y_shift = int(np.frexp(np.abs(y).max())[1]) if np.abs(y).max() > 0 else 0
    exact = np.array_equal(np.ldexp(unit(x), shift), x)
    exact &= np.array_equal(np.ldexp(unit(y), y_shift), y)
    rescaled = (unit(x), unit(y), z, labels) if exact else None
    for name, (call, rule) in entry_points().items():
        check_entry_point(name, call, rule, data, rescaled, shift)
    check_raw_ksg(x, y)
    check_kdtree(np.c_[x, np.ldexp(unit(z), shift)])  # z at the scale of x


def check_issue_examples():
    """The failures reported in issue 9 (x, y: 200 correlated normals)."""
    import fastmi as fm

    rng = np.random.default_rng(0)
    x = rng.normal(size=200)
    y = x + rng.normal(size=200)
    big = 1e307 * (2 + np.abs(x))
    assert fm.ksg_mi(big, y, random_state=0) == fm.ksg_mi(2 + np.abs(x), y, random_state=0)
    two_max = np.r_[x[:198], MAX, MAX]
    assert math.isfinite(fm.ksg_mi(two_max, y, random_state=0))
    assert np.isfinite(_off_diagonal(fm.pairwise_mi(np.c_[big, y], method="ksg"))).all()
    assert math.isfinite(fm.mutual_info(big, y, random_state=0))
    tiny = fm.ksg_mi(x * 1e-170, y * 1e-170, random_state=0)
    assert tiny == fm.ksg_mi(x, y, random_state=0) and tiny > 0.15
    assert math.isfinite(fm.mixed_mi(big, (y > 0).astype(int)))
    assert fm.gaussian_mi(x * 1e-170, y) == fm.gaussian_mi(x, y) or math.isclose(
        fm.gaussian_mi(x * 1e-170, y), fm.gaussian_mi(x, y), rel_tol=1e-12
    )
    assert math.isfinite(fm.gaussian_mi(big, y))
    for value in (1e307, -MAX, 2.0**60):  # numpy's constant bin x +- 0.5 rounds to x
        assert fm.binned_mi(np.full(200, value), y) == 0.0
        assert fm.binned_mi(np.full(200, value), y, bins=4, strategy="quantile") == 0.0
    outlier = np.r_[x[:199], 1e200]
    assert fm.ksg_mi(outlier, y, random_state=0) == fm.ksg_mi(unit(outlier), y, random_state=0)
    try:
        fm.ksg_mi(np.r_[x[:199], MAX] - np.r_[MAX, 0 * x[:199]], y, standardize=False)
    except ValueError as error:
        assert "overflow" in str(error)
    else:
        raise AssertionError("a span beyond the float maximum must raise")


def run(max_examples):
    """Run the issue's examples and ``max_examples`` hypothesis examples here."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    warnings.simplefilter("ignore", UserWarning)  # ties, constant columns: expected
    warnings.simplefilter("error", RuntimeWarning)  # fastmi's numpy must not over/underflow
    check_issue_examples()

    @settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        kind_x=st.sampled_from(KINDS),
        kind_y=st.sampled_from(("normal", "rounded", "equal", "outlier")),
        n=st.integers(8, 48),
        ex=st.integers(-1070, 1023),
        ey=st.integers(-1070, 1023),
        seed=st.integers(0, 2**32 - 1),
    )
    def property_holds(kind_x, kind_y, n, ex, ey, seed):
        check_example(kind_x, kind_y, n, ex, ey, seed)

    property_holds()
    print(f"examples: {max_examples} passed")


def test_extreme_magnitudes_never_crash_and_are_scale_free():
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (ROOT, env.get("PYTHONPATH")) if p)
    proc = subprocess.run(
        [sys.executable, HERE, str(EXAMPLES)],
        capture_output=True,
        text=True,
        timeout=900,
        env=env,
        cwd=ROOT,
    )
    report = f"exit code {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-6000:]}"
    assert proc.returncode == 0, report
    assert f"examples: {EXAMPLES} passed" in proc.stdout, report


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else EXAMPLES)
