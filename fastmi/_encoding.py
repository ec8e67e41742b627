"""Labels of any dtype -> integer codes that the counting kernels take.

A discrete variable becomes ``Labels(values, offset, n_levels, n_bins)``: the
codes are ``values - offset`` in ``[0, n_levels)``.  Small-range integers keep
their own array (no copy, no sorting: a range is enough to count them); other
labels are hashed to dense codes in order of first appearance.  Several
columns taken jointly are combined into one code.  ``n_bins`` is the alphabet
size that the James-Stein and NSB estimators assume: the number of observed
levels, or for a joint variable the product over its parts (``None`` until
known: a range-encoded variable is not counted until someone needs it).
"""

import math
import sys
from typing import NamedTuple

import numpy as np

from fastmi import _validation as v
from fastmi._kernels import counting


class Labels(NamedTuple):
    values: np.ndarray  # int64
    offset: int
    n_levels: int
    n_bins: int
    # The alphabet size K when known beyond the data: the categories of a
    # pandas Categorical, or ``n_categories`` (James-Stein and NSB use it).
    categories: int = None

    @property
    def n_samples(self):
        return self.values.shape[0]


def is_continuous_dtype(dtype):
    """The dtype rule of every "auto" in fastmi: floating point is continuous,
    everything else (ints, bools, strings, objects, datetimes, pandas
    Categoricals and other extension dtypes) is discrete.

    pandas extension dtypes carry a ``kind`` too ("O" for category and
    string, "f" for the nullable floats); polars dtypes have no ``kind`` but
    say ``is_float()``; other objects without a ``kind`` are discrete.
    """
    kind = getattr(dtype, "kind", None)
    if kind is None:
        is_float = getattr(dtype, "is_float", None)
        return bool(is_float()) if callable(is_float) else False
    return kind == "f"


def is_continuous(x):
    """``is_continuous_dtype`` of ``x``'s dtype; a DataFrame is continuous
    when every column is."""
    if v.pandas_type(x, "DataFrame") or isinstance(getattr(x, "dtypes", None), list):
        return all(is_continuous_dtype(d) for d in x.dtypes)  # pandas or polars frames
    dtype = getattr(x, "dtype", None)
    if dtype is None:
        dtype = np.asarray(x).dtype
    return is_continuous_dtype(dtype)


def _range_limit(n):
    # A range table this size costs no more than a pass over the data.
    return max(2 * n, 1024)


def from_ints(values):
    """Labels of a non-empty int64 array: by range when compact, else hashed."""
    lo, hi = counting.value_range(values)
    span = int(hi) - int(lo) + 1
    if span <= _range_limit(values.shape[0]):
        return Labels(values, int(lo), span, None)
    return hashed(values)


def hashed(values):
    """Dense labels of an int64 array by hashing, whatever its range."""
    codes = np.empty_like(values)
    with np.errstate(over="ignore"):  # the hash multiplies modulo 2**64 (NUMBA_DISABLE_JIT)
        k = int(counting.hash_codes(values, codes))
    return Labels(codes, 0, k, k)


def dense_codes(labels):
    """Codes 0..k-1 with every level present (k = number of observed levels)."""
    if labels.offset == 0 and labels.n_levels == labels.n_bins:
        return labels.values  # already dense: hashed, or a gap-free range from 0
    counts = np.zeros(labels.n_levels, dtype=np.int64)
    counting.count_shifted(labels.values, labels.offset, counts)
    ranks = np.empty(labels.n_levels, dtype=np.int64)
    counting.rank_present(counts, ranks)
    codes = np.empty_like(labels.values)
    counting.remap_shifted(labels.values, labels.offset, ranks, codes)
    return codes


def combine(parts):
    """One variable whose levels are the observed combinations of ``parts``."""
    if len(parts) == 1:
        return parts[0]
    joint = dense_codes(parts[0])
    k = int(joint.max()) + 1
    n_bins = k
    for part in parts[1:]:
        codes = dense_codes(part)
        k_part = int(codes.max()) + 1
        joint = joint * k_part + codes  # < k * k_part <= n**2: no overflow
        joint = dense_codes(from_ints(joint))
        k = int(joint.max()) + 1
        n_bins *= k_part
    known = [p.categories for p in parts]
    categories = math.prod(known) if None not in known else None
    return Labels(joint, 0, k, n_bins, categories)


def observed_levels(labels):
    """The number of distinct labels present."""
    if labels.offset == 0 and labels.n_levels == labels.n_bins:
        return labels.n_levels  # dense codes
    counts = np.zeros(labels.n_levels, dtype=np.int64)
    counting.count_shifted(labels.values, labels.offset, counts)
    return int(np.count_nonzero(counts))


def with_categories(labels, n_categories, name, func):
    """``labels`` with alphabet size ``n_categories`` (None: unchanged), which
    must be at least the number of labels present."""
    if n_categories is None:
        return labels
    observed = observed_levels(labels)
    if n_categories < observed:
        raise v.too_few_categories_error(name, n_categories, observed, func)
    return labels._replace(categories=n_categories)


def plain_codes(variables, max_samples):
    """The variables as int64 arrays when every one is a non-empty 1-D numpy
    array of integers or bools, all of one length below ``max_samples``:
    labels that need no encoding and no check beyond these (nothing can be
    missing).  None otherwise (the general path then checks and encodes)."""
    n = -1
    out = []
    for x in variables:
        if type(x) is not np.ndarray or x.ndim != 1:
            return None
        if n < 0:
            n = x.shape[0]
            if n == 0 or n >= max_samples:
                return None
        elif x.shape[0] != n:
            return None
        if x.dtype is not _INT64 or x.strides[0] != 8:  # one kernel signature
            if x.dtype.kind not in "iub":
                return None
            x = np.ascontiguousarray(x, dtype=np.int64)
        out.append(x)
    return out


_INT64 = np.dtype(np.int64)


def encode(x, name, func):
    """Validate and encode one discrete variable (1-D labels or 2-D columns)."""
    if type(x) is np.ndarray and x.dtype == np.int64 and x.ndim == 1 and x.shape[0]:
        return from_ints(x)  # the common case, checked in a few hundred ns
    if v.pandas_type(x, "DataFrame"):
        columns = [x.iloc[:, j] for j in range(x.shape[1])]
        _check_columns(len(columns), len(x), name, func)
        return combine([_encode_1d(c, name, func) for c in columns])
    if v.pandas_type(x, "Series", "Index", "Categorical"):
        return _encode_1d(x, name, func)
    arr = np.asarray(x)
    v.check_label_ndim(arr, name, func)
    if arr.ndim == 2:
        _check_columns(arr.shape[1], arr.shape[0], name, func)
        return combine([_encode_1d(arr[:, j], name, func) for j in range(arr.shape[1])])
    return _encode_1d(arr, name, func)


def _check_columns(n_columns, n_rows, name, func):
    v.check_not_empty(n_rows, name, func)
    if n_columns == 0:
        raise v.no_columns_error(name, func)


def _encode_1d(x, name, func):
    if v.pandas_type(x, "Series", "Index", "Categorical"):
        dtype = getattr(x, "dtype", None)
        if str(dtype) == "category":
            codes = np.asarray(x.codes if hasattr(x, "codes") else x.cat.codes)
            labels = _from_codes(codes.astype(np.int64), name, func)
            return labels._replace(categories=max(len(dtype.categories), 1))
        x = x.to_numpy() if hasattr(x, "to_numpy") else np.asarray(x)
    arr = np.asarray(x)
    v.check_not_empty(arr.shape[0], name, func)
    kind = arr.dtype.kind
    if kind == "b":
        return from_ints(arr.astype(np.int64))
    if kind in "iu":
        return from_ints(arr.astype(np.int64, copy=False))
    if kind == "f":
        return _encode_floats(arr, name, func)
    if kind in "mM":
        ints = arr.view(np.int64)
        missing = int((ints == np.iinfo(np.int64).min).sum())  # NaT
        if missing:
            raise v.missing_labels_error(name, func, missing)
        return from_ints(ints.copy())
    if kind in "US":
        return _factorize(arr, name, func)
    if kind == "O":
        return _factorize(arr, name, func)
    raise v.label_dtype_error(name, arr.dtype, func)


def _from_codes(codes, name, func):
    missing = int((codes < 0).sum())
    if missing:
        raise v.missing_labels_error(name, func, missing)
    v.check_not_empty(codes.shape[0], name, func)
    return from_ints(codes)


def _encode_floats(arr, name, func):
    arr = arr.astype(np.float64, copy=False)
    missing = int(np.isnan(arr).sum())
    if missing:
        raise v.missing_labels_error(name, func, missing)
    finite = np.isfinite(arr).all()
    if finite and np.abs(arr).max() < 2**53 and (arr == np.round(arr)).all():
        return from_ints(arr.astype(np.int64))
    labels = hashed((arr + 0.0).view(np.int64))  # + 0.0 folds -0.0 into 0.0
    _warn_if_continuous(labels, name, func)
    return labels


def _warn_if_continuous(labels, name, func):
    n = labels.n_samples
    if n >= 20 and labels.n_bins > n // 2:
        v.warn(v.continuous_labels_warning(name, labels.n_bins, n, func))


def _fixed_width(arr):
    """Dense labels of a numpy str/bytes array: each string's bytes as a row
    of 64-bit words, hashed whole (no Python objects, no sorting)."""
    arr = np.ascontiguousarray(arr.ravel())
    n, size = arr.shape[0], arr.dtype.itemsize
    if size == 0:  # a zero-width dtype: every string is ""
        return Labels(np.zeros(n, dtype=np.int64), 0, 1, 1)
    width = -(-size // 8)
    raw = arr.view(np.uint8).reshape(n, size)
    if size == 8 * width:
        words = raw.view(np.uint64)
    else:  # zero-pad each row to whole words (numpy pads short strings with zeros too)
        padded = np.zeros((n, 8 * width), dtype=np.uint8)
        padded[:, :size] = raw
        words = padded.view(np.uint64)
    codes = np.empty(n, dtype=np.int64)
    with np.errstate(over="ignore"):  # the hash multiplies modulo 2**64 (NUMBA_DISABLE_JIT)
        k = int(counting.hash_rows(words, codes))
    return Labels(codes, 0, k, k)


def _factorize(arr, name, func):
    if arr.dtype.kind in "US":
        return _fixed_width(arr)
    pd = sys.modules.get("pandas")
    if pd is not None:
        codes, _ = pd.factorize(arr.ravel(), use_na_sentinel=True)
        return _from_codes(np.asarray(codes, dtype=np.int64), name, func)
    seen = {}
    codes = np.empty(arr.shape[0], dtype=np.int64)
    missing = 0
    for i, item in enumerate(arr.tolist()):
        if item is None or (isinstance(item, float) and math.isnan(item)):
            missing += 1
            continue
        codes[i] = seen.setdefault(item, len(seen))
    if missing:
        raise v.missing_labels_error(name, func, missing)
    return from_ints(codes)
