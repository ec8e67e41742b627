"""``MISelector``: a scikit-learn feature selector on ``fastmi.selection``.

Imported only when ``fastmi.selection.MISelector`` (or
``fastmi.MISelector``, ``fastmi.feature_selection.MISelector``) is first
used, so that fastmi itself does not need scikit-learn.
"""

import numpy as np

from fastmi import _validation as v

try:
    from sklearn.base import BaseEstimator
    from sklearn.feature_selection import SelectorMixin
    from sklearn.utils.validation import check_is_fitted, validate_data
except ImportError as err:  # pragma: no cover - exercised without scikit-learn
    raise v.sklearn_missing_error("fastmi.selection.MISelector") from err

from fastmi import selection


def _check_rows(X, y, func):
    """fastmi's checks where scikit-learn's would be unclear: dimensions, no
    samples, missing values (pandas NA is an ambiguous-truth TypeError
    there) and infinities; ``validate_data`` checks the rest with
    scikit-learn's messages, which ``check_estimator`` requires."""
    if y is None:  # the wording scikit-learn's check_requires_y_none expects
        raise ValueError(f"{func} requires y to be passed, but the target y is None.")
    for name, data, allowed in (("X", X, (2,)), ("y", y, (1, 2))):
        checked = (np.ndarray, np.generic, list, int, float, complex, str)
        if not (isinstance(data, checked) or v.pandas_type(data, "DataFrame", "Series")):
            continue  # None, array-likes: scikit-learn's checks and messages
        try:
            shape = np.shape(data)
        except ValueError:  # ragged nested lists: scikit-learn reports them
            continue
        v.check_shape(shape, name, func, allowed)
        if name == "y" and len(shape) == 2 and shape[1] != 1:
            v.check_shape(shape, name, func, (1,))
        v.check_not_empty(shape[0], name, func)
        missing = v.missing_entries(data)
        if missing is not None and missing.any():
            raise v.missing_values_error(name, int(missing.sum()), func)
        values = np.asarray(data)
        if values.dtype.kind in "fc":
            v.check_finite(values, name, func)


class MISelector(SelectorMixin, BaseEstimator):
    """Keep the features a greedy MI criterion selects (scikit-learn selector).

    A scikit-learn transformer (``SelectorMixin`` + ``BaseEstimator``): works in
    ``Pipeline``, ``GridSearchCV`` and ``clone``, and gives
    ``get_support``, ``get_feature_names_out``, ``inverse_transform`` and
    ``set_output(transform="pandas")``.  ``fit`` runs
    :func:`fastmi.selection.select_features`.

    Parameters
    ----------
    n_features_to_select : int or None, default=None
        Number of features kept (``1 <= n_features_to_select <= n_features_in_``);
        None keeps half of them (rounded down, at least one), as scikit-learn's
        ``RFE``.
    criterion : str, default="mrmr"
        One of ``fastmi.selection.CRITERIA`` (see :mod:`fastmi.selection`).
    method : {"auto", "discrete", "binned", "ksg", "copula"}, default="auto"
        How MI is estimated.
    beta, gamma : float or None, default=None
        Weights of ``criterion="beta_gamma"``.
    mi_options : dict or None, default=None
        Further keyword options of :func:`~fastmi.selection.select_features`
        (``base``, ``estimator``, ``bins``, ``strategy``, ``k``, ``jitter``,
        ``bias_correction``, ``n_jobs``).
    random_state : int, numpy Generator or None, default=None
        Seed of the KSG tie-breaking jitter (``method="ksg"``); pass an int
        for reproducible selections.

    Attributes
    ----------
    features_ : ndarray of int
        Selected columns in selection order.
    scores_ : ndarray of float
        Criterion score of each selected column when it was selected.
    n_features_in_ : int
        Number of columns of the X given to ``fit``.
    feature_names_in_ : ndarray of str
        Column names, when X was a DataFrame with string column names.

    Notes
    -----
    ``transform`` of a DataFrame returns the DataFrame's selected columns
    (any dtypes) unless ``set_output`` asks for another container.  X may
    hold labels of any dtype (strings, categories) for the discrete method;
    ``fit`` then checks only its shape and missing values, and the MI
    functions check the rest.

    Examples
    --------
    >>> import numpy as np
    >>> from fastmi.selection import MISelector
    >>> rng = np.random.default_rng(0)
    >>> a, b = rng.integers(0, 4, size=500), rng.integers(0, 2, size=500)
    >>> X = np.column_stack([a, a, b])
    >>> MISelector(n_features_to_select=2).fit(X, 2 * a + b).get_support()
    array([ True, False,  True])
    """

    def __init__(
        self,
        n_features_to_select=None,
        *,
        criterion="mrmr",
        method="auto",
        beta=None,
        gamma=None,
        mi_options=None,
        random_state=None,
    ):
        self.n_features_to_select = n_features_to_select
        self.criterion = criterion
        self.method = method
        self.beta = beta
        self.gamma = gamma
        self.mi_options = mi_options
        self.random_state = random_state

    def fit(self, X, y):
        """Select features of X by their MI with y.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
        y : array-like or Series of shape (n_samples,)

        Returns
        -------
        self
        """
        func = "MISelector"
        frame = v.pandas_type(X, "DataFrame")
        # scikit-learn's checks (shape, sample count, NaN, sparse, y) and
        # n_features_in_ / feature_names_in_; labels of any dtype are kept.
        _check_rows(X, y, func)
        with np.errstate(all="ignore"):  # its finiteness check sums the values
            X_checked, y_checked = validate_data(self, X, y, dtype=None, ensure_all_finite=True)
        if not frame and X_checked.dtype == object:
            # Numbers stored as objects are numbers (scikit-learn's rule); other
            # labels (strings) stay labels, and numpy's TypeError on anything
            # else (a dict) propagates.
            try:
                X_checked = X_checked.astype(np.float64)
            except ValueError:
                pass
        v.check_options(self.criterion, "criterion", func, selection.CRITERIA)
        n = self.n_features_to_select
        p = X_checked.shape[1]
        n = max(1, p // 2) if n is None else v.check_int(n, "n_features_to_select", func, low=1,
                                                            high=p)  # fmt: skip
        options = dict(self.mi_options or {})
        options.setdefault("random_state", self.random_state)
        result = selection.select_features(
            X if frame else X_checked,
            y if v.pandas_type(y, "Series") else y_checked,
            n_features=n,
            criterion=self.criterion,
            method=self.method,
            beta=self.beta,
            gamma=self.gamma,
            **options,
        )
        self.features_, self.scores_ = result
        return self

    def _get_support_mask(self):
        check_is_fitted(self, "features_")
        mask = np.zeros(self.n_features_in_, dtype=bool)
        mask[self.features_] = True
        return mask

    def transform(self, X):
        """The selected columns of X (a DataFrame keeps its columns' dtypes)."""
        if v.pandas_type(X, "DataFrame"):
            check_is_fitted(self, "features_")
            validate_data(self, X, dtype=None, ensure_all_finite=False, reset=False)
            return X.iloc[:, self.get_support(indices=True)]
        return super().transform(X)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.required = True
        tags.input_tags.allow_nan = False
        return tags
