"""``n_categories=``: the alphabet size K that James-Stein and NSB shrink
toward, given explicitly or by the categories of a pandas Categorical,
checked against the plain-numpy reference estimators."""

import warnings
import zlib

import numpy as np
import pandas as pd
import pytest

import fastmi as fm
from fastmi import reference


@pytest.fixture
def rng(request):
    return np.random.default_rng(zlib.crc32(request.node.name.encode()))


def _ref(counts, k, estimator):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scipy quad's round-off notes in the NSB reference
        return reference.entropy_from_counts(counts, k, estimator)


@pytest.mark.parametrize("estimator", ["james_stein", "nsb"])
def test_entropy_with_the_alphabet_size_matches_the_reference(rng, estimator):
    x = rng.integers(0, 100, 100)  # K = 100, about 63 labels seen
    h = fm.entropy(x, estimator=estimator, n_categories=100)
    assert h == pytest.approx(_ref(np.bincount(x), 100, estimator), rel=1e-8)
    observed = fm.entropy(x, estimator=estimator)
    assert observed == pytest.approx(_ref(np.bincount(x), len(np.unique(x)), estimator), rel=1e-8)
    # The issue-13 case: the true K brings the estimate near log 100.
    assert abs(h - np.log(100)) < abs(observed - np.log(100))


def test_categorical_categories_are_the_default_alphabet(rng):
    x = rng.integers(0, 50, 60)
    cat = pd.Categorical(x, categories=range(80))
    for estimator in ("james_stein", "nsb"):
        explicit = fm.entropy(x, estimator=estimator, n_categories=80)
        assert fm.entropy(cat, estimator=estimator) == pytest.approx(explicit, rel=1e-12)
        assert fm.entropy(pd.Series(cat), estimator=estimator) == pytest.approx(explicit, rel=1e-12)
    # estimators that do not use K are unchanged
    for estimator in ("plugin", "miller_madow", "chao_shen", "grassberger"):
        assert fm.entropy(x, estimator=estimator, n_categories=80) == pytest.approx(
            fm.entropy(x, estimator=estimator), rel=1e-12
        )


def test_mutual_info_and_cmi_use_one_alphabet_per_variable(rng):
    x, y, z = rng.integers(0, 6, 40), rng.integers(0, 3, 40), rng.integers(0, 2, 40)
    k = (10, 4, 3)
    c = reference.counts_of
    est = "james_stein"
    want = _ref(c(x), 10, est) + _ref(c(y), 4, est) - _ref(c(x, y), 40, est)
    assert fm.mutual_info_discrete(x, y, estimator=est, n_categories=k[:2]) == pytest.approx(want)
    assert fm.mutual_info(x, y, estimator=est, n_categories=k[:2]) == pytest.approx(want)
    want = _ref(c(x, z), 30, est) + _ref(c(y, z), 12, est)
    want -= _ref(c(x, y, z), 120, est) + _ref(c(z), 3, est)
    got = fm.conditional_mutual_info(x, y, z, estimator=est, n_categories=k)
    assert got == pytest.approx(want)
    same = fm.mutual_info_discrete(x, y, estimator=est, n_categories=10)
    pair = fm.mutual_info_discrete(x, y, estimator=est, n_categories=(10, 10))
    assert same == pytest.approx(pair)


def test_bad_n_categories_get_clear_errors(rng):
    x = rng.integers(0, 5, 30)
    with pytest.raises(ValueError, match="n_categories=3 for x in entropy, but x holds 5"):
        fm.entropy(x, estimator="nsb", n_categories=3)
    with pytest.raises(ValueError, match="'n_categories' parameter of mutual_info_discrete"):
        fm.mutual_info_discrete(x, x, n_categories=0)
    with pytest.raises(ValueError, match="n_categories has 3 entries"):
        fm.mutual_info_discrete(x, x, n_categories=(5, 5, 5))
    with pytest.raises(ValueError, match="'n_categories' parameter"):
        fm.entropy(x, n_categories=2.5)
