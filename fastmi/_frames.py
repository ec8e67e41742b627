"""Tables of other libraries, converted at the edge of the public functions.

fastmi's engine reads numpy arrays, pandas objects and (``pairwise_mi``,
``cross_mi``, ``mi_with_target``) scipy.sparse matrices.  This module turns
the other containers users hold into those, keeping their names:

* a polars DataFrame becomes a pandas DataFrame column by column (numpy
  columns, no pyarrow needed), a polars Series a pandas Series; dtypes keep
  their meaning under ``method="auto"`` (floats continuous, everything else
  discrete; an integer column with nulls becomes pandas' nullable Int64, an
  Enum a Categorical with all its categories);
* an xarray DataArray of 2 dimensions (samples, features) gives its values
  and the feature dimension's coordinate as labels (an index named after
  the dimension); a 1-D DataArray its values, named like the DataArray;
* an AnnData object gives ``X`` (or ``layers[layer]``), dense or sparse,
  with ``var_names`` as labels; a target given as a string names a column of
  ``obs``.

Each library is recognised by the module of the object's type, so none of
them is imported unless the caller already holds one of its objects.
"""

import numpy as np

from fastmi import _validation as v


def _library(obj):
    return type(obj).__module__.partition(".")[0]


def is_anndata(obj):
    return _library(obj) == "anndata" and hasattr(obj, "var_names")


def _is_polars(obj, kind):
    return _library(obj) == "polars" and type(obj).__name__ == kind


def _is_dataarray(obj):
    return _library(obj) == "xarray" and type(obj).__name__ == "DataArray"


def _pandas(func, extra):
    try:
        import pandas as pd
    except ImportError:
        raise ImportError(v.missing_extra_message(f"{func} on {extra} input", "pandas")) from None
    return pd


def polars_series(s, func):
    """A polars Series as a pandas Series of the same name and dtype rule."""
    pd = _pandas(func, "polars")
    dtype = s.dtype
    nulls = s.null_count() > 0
    if dtype.is_float() or (dtype.is_numeric() and not nulls):
        values = s.to_numpy()
    elif dtype.is_integer():  # with nulls: pandas' nullable integers keep it discrete
        values = pd.array(s.to_list(), dtype="Int64")
    elif type(dtype).__name__ == "Enum":  # the alphabet is known: a Categorical of it
        values = pd.Categorical(s.to_list(), categories=list(dtype.categories))
    elif type(dtype).__name__ == "Categorical":
        values = pd.Categorical(s.to_list())
    elif type(dtype).__name__ == "Boolean":
        values = pd.array(s.to_list(), dtype="boolean") if nulls else s.to_numpy()
    else:  # strings, dates, ...: numpy's own reading
        values = s.to_numpy()
    return pd.Series(values, name=s.name)


def polars_frame(df, func):
    """A polars DataFrame as a pandas DataFrame with the same column names."""
    pd = _pandas(func, "polars")
    columns = {s.name: polars_series(s, func) for s in df.iter_columns()}
    return pd.DataFrame(columns, index=pd.RangeIndex(df.height))


def _feature_labels(da, func):
    """The coordinate of a 2-D DataArray's second (feature) dimension as a
    pandas Index named after the dimension (positions when it has none)."""
    pd = _pandas(func, "xarray")
    dim = da.dims[1]
    if dim in da.coords:
        return pd.Index(np.asarray(da.coords[dim].values), name=dim)
    return pd.RangeIndex(da.shape[1], name=dim)


def table(X, name, func, layer=None):
    """``(data, labels)``: ``X`` as a numpy array, pandas object or scipy.sparse
    matrix, and its column labels when they come from another library (a
    pandas Index; None otherwise: pandas input keeps its own)."""
    if is_anndata(X):
        return anndata_matrix(X, layer, name, func), _pandas(func, "AnnData").Index(
            [str(g) for g in X.var_names]
        )
    if _is_polars(X, "DataFrame"):
        return polars_frame(X, func), None
    if _is_polars(X, "Series"):
        return polars_series(X, func), None
    if _is_dataarray(X):
        if X.ndim == 2:
            return np.asarray(X.values), _feature_labels(X, func)
        if X.ndim == 1:
            return vector(X, func), None
        raise v.dataarray_ndim_error(name, X.dims, func)
    return X, None


def check_layer(layer, func, *tables):
    """``layer=`` needs an AnnData argument to read it from."""
    if layer is not None and not any(is_anndata(t) for t in tables):
        raise v.layer_without_anndata_error(func)


def anndata_matrix(adata, layer, name, func):
    """``adata.X`` or ``adata.layers[layer]`` (dense or scipy.sparse)."""
    if layer is None:
        matrix = adata.X
    elif layer in adata.layers:
        matrix = adata.layers[layer]
    else:
        raise v.unknown_layer_error(layer, list(adata.layers.keys()), name, func)
    if matrix is None:
        raise v.no_matrix_error(name, func)
    if v.scipy_sparse(matrix):
        return matrix
    return np.asarray(matrix)  # a numpy array, or a dense array-like (h5py dataset)


def vector(x, func):
    """A 1-D value from another library as numpy/pandas (others unchanged)."""
    if _is_polars(x, "Series"):
        return polars_series(x, func)
    if _is_dataarray(x):
        if x.ndim != 1 or x.name is None:
            return np.asarray(x.values)
        pd = _pandas(func, "xarray")
        return pd.Series(np.asarray(x.values), name=x.name)
    return x


def target(y, X, func):
    """A target: a string names a column of ``X.obs`` when X is AnnData."""
    if isinstance(y, str) and is_anndata(X):
        if y not in X.obs.columns:
            raise v.unknown_obs_error(y, list(X.obs.columns), func)
        return X.obs[y].reset_index(drop=True)
    return vector(y, func)
