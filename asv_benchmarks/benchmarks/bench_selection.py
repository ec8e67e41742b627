"""Greedy MI feature selection (``fastmi.selection``), every criterion, against
the plain-numpy reference that recomputes every MI at every step.

Modest sizes (asv runs each many times); ``ci/selection_speed.py`` measures
the issue's 20 of 1,000 features at n = 2,000.
"""

import timeit

from .common import continuous_matrix, discrete_matrix, require, safe_import, warm_up

selection = select_features_reference = None
with safe_import():
    from fastmi import selection
    from fastmi.reference import select_features_reference

CRITERIA = ["mim", "mrmr", "mrmr_quotient", "jmi", "jmim", "cmim", "disr", "icap", "cife",
            "beta_gamma"]  # fmt: skip


def _weights(criterion):
    return {"beta": 0.5, "gamma": 0.5} if criterion == "beta_gamma" else {}


def _data(method, n_samples, n_features):
    if method == "discrete":
        X = discrete_matrix(n_samples, n_features, 4)
        return X, (X[:, 0] + X[:, 1] // 2) % 4
    X = continuous_matrix(n_samples, n_features)
    return X, X[:, 0] + X[:, 3] ** 2


class Select:
    """10 of 200 features, n = 1,000."""

    timer = timeit.default_timer
    params = [["discrete", "copula"], CRITERIA]
    param_names = ["method", "criterion"]

    def setup(self, method, criterion):
        require(selection)
        if method == "copula" and criterion == "disr":
            raise NotImplementedError("disr needs discrete entropies")
        self.X, self.y = _data(method, 1000, 200)
        self.options = {"method": method, "criterion": criterion, **_weights(criterion)}
        warm_up(selection.select_features, self.X, self.y, n_features=10, **self.options)

    def time_select(self, method, criterion):
        selection.select_features(self.X, self.y, n_features=10, **self.options)


class SelectReference:
    """The plain reference on 5 of 40 features, n = 500 (fastmi alongside)."""

    timer = timeit.default_timer
    params = [["discrete", "copula"], ["mrmr", "jmi", "cmim"]]
    param_names = ["method", "criterion"]

    def setup(self, method, criterion):
        require(selection, select_features_reference)
        self.X, self.y = _data(method, 500, 40)
        warm_up(selection.select_features, self.X, self.y, n_features=5, method=method,
                criterion=criterion)  # fmt: skip

    def time_fastmi(self, method, criterion):
        selection.select_features(self.X, self.y, n_features=5, method=method,
                                  criterion=criterion)  # fmt: skip

    def time_reference(self, method, criterion):
        select_features_reference(self.X, self.y, 5, criterion, method)
