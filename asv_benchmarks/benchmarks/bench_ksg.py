"""Nearest-neighbour MI (fastmi.continuous, fastmi.feature_selection) vs peers.

Peers (scikit-learn's ``mutual_info_regression``/``mutual_info_classif`` and
ennemi's ``estimate_mi``) are timed in the same suites on the same data, so
ratios come from one run.  Every ``time_*`` computes the same quantity (KSG
with k = 3, or Ross's estimator for a discrete target).

To keep a quick asv pass short (a few seconds per benchmark), peers run on
the first ``_PEER_FEATURES`` features only, next to ``time_fastmi_peer_subset``
on the same subset (the ratio); their cost is linear in the number of
features.  The full-size peer comparisons are in ``ci/compare.py`` ("ksg").
"""

import timeit

import numpy as np

from .common import gaussian_pair, needs, require, safe_import, warm_up

ksg_mi = ksg_cmi = kl_entropy = mixed_mi = None
fm_regression = fm_classif = None
with safe_import():
    from fastmi.continuous import kl_entropy, ksg_cmi, ksg_mi, mixed_mi
with safe_import():
    from fastmi.feature_selection import mutual_info_classif as fm_classif
    from fastmi.feature_selection import mutual_info_regression as fm_regression
sk_regression = sk_classif = None
with safe_import():
    from sklearn.feature_selection import mutual_info_classif as sk_classif
    from sklearn.feature_selection import mutual_info_regression as sk_regression
ennemi = None
with safe_import():
    import ennemi

_SHAPES = {"1e4x100": (10_000, 100), "1e5x10": (100_000, 10)}
#: Features the peers get (their cost is linear in it): about 1 s each.
_PEER_FEATURES = {"1e4x100": 25, "1e5x10": 3}


def _features_and_target(n_samples, n_features):
    """Gaussian features; the target depends non-linearly on the first two."""
    rng = np.random.default_rng(8000 + n_features)
    X = rng.standard_normal((n_samples, n_features))
    y = np.sin(3 * X[:, 0]) + X[:, 1] ** 2 + 0.3 * rng.standard_normal(n_samples)
    return X, y


class RegressionVersusPeers:
    """mutual_info_regression on all cores: fastmi vs scikit-learn vs ennemi
    (peers on a subset of the features, see the module docstring)."""

    timer = timeit.default_timer
    params = [list(_SHAPES)]
    param_names = ["shape"]
    number = 1
    repeat = 3
    timeout = 600

    def setup(self, shape):
        require(fm_regression)
        self.X, self.y = _features_and_target(*_SHAPES[shape])
        warm_up(fm_regression, self.X[:200], self.y[:200], random_state=0)

        self.X_peer = np.ascontiguousarray(self.X[:, : _PEER_FEATURES[shape]])

    def time_fastmi(self, shape):
        fm_regression(self.X, self.y, random_state=0, n_jobs=-1)

    def time_fastmi_peer_subset(self, shape):
        fm_regression(self.X_peer, self.y, random_state=0, n_jobs=-1)

    @needs(sk_regression)
    def time_sklearn(self, shape):
        sk_regression(self.X_peer, self.y, random_state=0, n_jobs=-1)

    @needs(ennemi)
    def time_ennemi(self, shape):
        ennemi.estimate_mi(self.y, self.X_peer, k=3)


class ClassifVersusSklearn:
    """mutual_info_classif (Ross's estimator), 1e5 samples x 10 features
    (scikit-learn on the first 2, next to fastmi on the same 2)."""

    timer = timeit.default_timer
    number = 1
    repeat = 3
    timeout = 600

    def setup(self):
        require(fm_classif)
        self.X, y = _features_and_target(100_000, 10)
        self.labels = np.digitize(y, [0.0, 1.0, 2.0])
        warm_up(fm_classif, self.X[:200], self.labels[:200], random_state=0)
        self.X_peer = np.ascontiguousarray(self.X[:, :2])

    def time_fastmi(self):
        fm_classif(self.X, self.labels, random_state=0, n_jobs=-1)

    def time_fastmi_peer_subset(self):
        fm_classif(self.X_peer, self.labels, random_state=0, n_jobs=-1)

    @needs(sk_classif)
    def time_sklearn(self):
        sk_classif(self.X_peer, self.labels, random_state=0, n_jobs=-1)


def _one_pair(n_samples):
    x, y = gaussian_pair(n_samples)
    return x[:, 0], np.sin(3 * x[:, 0]) + y[:, 0]


class OnePair:
    """One continuous pair: ksg_mi and the drop-in (scikit-learn: ``OnePairSklearn``)."""

    timer = timeit.default_timer
    params = [[10_000, 100_000, 1_000_000]]
    param_names = ["n_samples"]
    number = 1
    repeat = 3
    timeout = 600

    def setup(self, n_samples):
        require(ksg_mi)
        self.x, self.y = _one_pair(n_samples)
        warm_up(ksg_mi, self.x[:200], self.y[:200])
        warm_up(fm_regression, self.x[:200, None], self.y[:200], random_state=0)

    def time_ksg_mi(self, n_samples):
        ksg_mi(self.x, self.y, random_state=0)

    def time_ksg_mi_algorithm_2(self, n_samples):
        ksg_mi(self.x, self.y, algorithm=2, random_state=0)

    def time_dropin(self, n_samples):
        fm_regression(self.x[:, None], self.y, random_state=0)


class OnePairSklearn:
    """scikit-learn on ``OnePair``'s data, up to 1e5 (about 10 s at 1e6)."""

    timer = timeit.default_timer
    params = [[10_000, 100_000]]
    param_names = ["n_samples"]
    number = 1
    repeat = 3
    timeout = 600

    def setup(self, n_samples):
        require(sk_regression)
        self.x, self.y = _one_pair(n_samples)

    def time_sklearn(self, n_samples):
        sk_regression(self.x[:, None], self.y, random_state=0, n_jobs=-1)


class OtherEstimators:
    """Conditional MI, entropy and mixed MI at 1e5 samples."""

    timer = timeit.default_timer
    number = 1
    repeat = 3

    def setup(self):
        require(ksg_cmi, kl_entropy, mixed_mi)
        x, y = gaussian_pair(100_000, dim=2)
        self.x, self.y, self.z = x[:, 0], y[:, 0], x[:, 1] + y[:, 1]
        self.labels = (self.y > 0).astype(np.int64) + (self.y > 1)
        warm_up(ksg_cmi, self.x[:200], self.y[:200], self.z[:200])
        warm_up(kl_entropy, x[:200])
        warm_up(mixed_mi, self.x[:200], self.labels[:200])
        warm_up(mixed_mi, self.x[:200], self.labels[:200], method="gao")
        self.x2 = x

    def time_ksg_cmi(self):
        ksg_cmi(self.x, self.y, self.z, random_state=0)

    def time_kl_entropy_2d(self):
        kl_entropy(self.x2)

    def time_mixed_ross(self):
        mixed_mi(self.x, self.labels)

    def time_mixed_gao(self):
        mixed_mi(self.x, self.labels, method="gao")
