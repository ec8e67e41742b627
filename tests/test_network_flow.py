"""The network workflow: DREAM scoring, edge lists in and out, readers."""

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import average_precision_score, roc_auc_score

from fastmi import _validation as v
from fastmi.network import (
    aupr,
    auroc,
    edge_list,
    infer_network,
    precision_at_k,
    read_edge_list,
    read_expression,
    read_gold_standard,
    read_tfs,
    score_network,
    write_edge_list,
)

DREAM = Path("/work/shared/data/dream4-size10")
if not DREAM.exists():  # CI: shared/ sits beside the clone
    DREAM = Path(__file__).resolve().parents[2] / "shared" / "data" / "dream4-size10"
GOLD_1 = DREAM / "goldstandard" / "DREAM4_GoldStandard_InSilico_Size10_1.tsv"
DATA_1 = DREAM / "insilico_size10_1_multifactorial.tsv"


@pytest.fixture
def rng():
    return np.random.default_rng(20261204)


def _ordered(S, G):
    off = ~np.eye(S.shape[0], dtype=bool)
    return S[off], G[off]


def _slow_edges(S, regulators=None, directed=True, floor=None):
    """Every edge by brute force, sorted by (-score, row, column)."""
    rows = []
    for r in range(S.shape[0]):
        for t in range(S.shape[1]):
            own = r if regulators is None else regulators[r]
            if t == own or (not directed and t < r):
                continue
            w = float(S[r, t])
            if w > 0 and (floor is None or w >= floor):
                rows.append((-w, r, t))
    rows.sort()
    reg = (lambda r: r) if regulators is None else (lambda r: int(regulators[r]))
    return [(reg(r), t, -w) for w, r, t in rows]


# ------------------------------------------------------------------ scoring
@pytest.mark.parametrize("seed", range(4))
def test_directed_scores_match_sklearn(seed):
    r = np.random.default_rng(seed)
    p = 9
    S = r.random((p, p))
    if seed % 2:
        S = np.round(S, 1)  # ties
    G = r.random((p, p)) < 0.25
    s, g = _ordered(S, G)
    assert auroc(S, G) == pytest.approx(roc_auc_score(g, s), rel=1e-12)
    assert aupr(S, G) == pytest.approx(average_precision_score(g, s), rel=1e-12)
    summary = score_network(S, G)
    assert summary.aupr == aupr(S, G) and summary.auroc == auroc(S, G)
    assert summary.n_true_edges == g.sum() and summary.n_pairs == p * (p - 1)


@settings(max_examples=25, deadline=None)
@given(p=st.integers(3, 9), seed=st.integers(0, 2**32 - 1), levels=st.sampled_from([3, 0]))
def test_symmetric_network_scores_the_same_both_ways(p, seed, levels):
    # every item and tie group doubles: AUROC and AP do not change
    r = np.random.default_rng(seed)
    S = r.random((p, p))
    S = np.round(S, 1) if levels else S
    S = S + S.T
    G = np.triu(r.random((p, p)) < 0.4, 1)
    G = G | G.T
    if G[~np.eye(p, dtype=bool)].all() or not G.any():
        return
    for metric in (auroc, aupr):
        assert metric(S, G, directed=True) == pytest.approx(metric(S, G, directed=False))


def test_directed_gold_with_symmetric_scores_warns_then_directed_is_dream():
    S = np.array([[0.0, 0.8, 0.1], [0.8, 0.0, 0.6], [0.1, 0.6, 0.0]])
    G = np.array([[0, 1, 0], [0, 0, 0], [0, 1, 0]])  # 0 -> 1, 2 -> 1
    with pytest.warns(FutureWarning, match="directed=True"):
        assert auroc(S, G) == 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert auroc(S, G, directed=False) == 1.0
        s, g = _ordered(S, G.astype(bool))
        assert aupr(S, G, directed=True) == pytest.approx(average_precision_score(g, s))
        assert aupr(S, G, directed=True) == 0.5


def test_regulator_rows_rank_unscored_pairs_last(rng):
    p, tfs = 8, [5, 1, 6]
    S = rng.random((len(tfs), p))
    S[np.arange(3), tfs] = np.nan  # a TF's own column is ignored
    G = rng.random((p, p)) < 0.3
    G[1, 2] = G[0, 3] = True  # a TF edge, and an edge no TF row can score
    full = np.full((p, p), -1.0)  # below every score: unscored, all tied
    full[tfs] = np.nan_to_num(S)
    s, g = _ordered(full, G)
    assert aupr(S, G, tfs=tfs) == pytest.approx(average_precision_score(g, s), rel=1e-12)
    assert auroc(S, G, tfs=tfs) == pytest.approx(roc_auc_score(g, s), rel=1e-12)
    names = [f"g{j}" for j in range(p)]
    frame = pd.DataFrame(S, index=[names[t] for t in tfs], columns=names)
    assert aupr(frame, G) == aupr(S, G, tfs=tfs)


def test_precision_at_k_breaks_ties_by_pair_order():
    S = np.array([[0.0, 0.5, 0.5], [0.5, 0.0, 0.2], [0.1, 0.0, 0.0]])
    G = np.array([[0, 0, 1], [1, 0, 0], [0, 0, 0]])
    # ordered pairs by score then row-major: (0,1) F, (0,2) T, (1,0) T, (1,2) F
    assert precision_at_k(S, G, k=1) == 0.0
    assert precision_at_k(S, G, k=2) == 0.5
    assert precision_at_k(S, G, k=3) == pytest.approx(2 / 3)
    assert precision_at_k(S, G) == 0.5  # k = number of true edges
    assert score_network(S, G, k=3).precision_at_k == pytest.approx(2 / 3)
    assert score_network(S, G).n_predicted_edges == 5


def test_dream_files_score_as_matrices(tmp_path, rng):
    genes = [f"G{j}" for j in range(1, 11)]
    gold = read_gold_standard(GOLD_1, genes=genes)
    assert int(gold.to_numpy().sum()) == 15 and sorted(
        read_gold_standard(GOLD_1).columns
    ) == sorted(genes)
    assert gold.loc["G1", "G2"] and not gold.loc["G2", "G1"]
    S = rng.random((10, 10))
    S = S + S.T  # a symmetric network against a directed gold standard
    out = tmp_path / "prediction.tsv"
    assert write_edge_list(out, pd.DataFrame(S, index=genes, columns=genes)) == 90
    expected = aupr(S, gold.to_numpy(), directed=True)
    assert aupr(S, GOLD_1, names=genes) == expected
    assert aupr(out, GOLD_1) == pytest.approx(expected, rel=1e-12)
    assert aupr(read_edge_list(out), gold) == pytest.approx(expected, rel=1e-12)
    assert auroc(out, GOLD_1) == pytest.approx(auroc(S, gold.to_numpy(), directed=True))
    # a partial prediction: the missing pairs rank last, tied
    top = tmp_path / "top.tsv"
    write_edge_list(top, S, names=genes, top=20)
    low = np.where(S >= np.sort(S[np.triu_indices(10, 1)])[-10], S, 0.0)
    assert aupr(top, GOLD_1) == pytest.approx(aupr(low, gold.to_numpy(), directed=True))


def test_scoring_errors(rng):
    S = rng.random((4, 4))
    with pytest.raises(ValueError, match=r"G9.*|unknown"):
        aupr(S, [("G1", "G9", 1.0), ("G2", "G1", 0.0)], names=["G1", "G2", "G3", "G4"])
    with pytest.raises(ValueError, match="needs gene names"):
        aupr([("a", "b", 1.0)], np.eye(4))
    with pytest.raises(ValueError, match="not a square matrix: 2 rows for 4 genes"):
        aupr(S[:2], np.eye(4))
    with pytest.raises(ValueError, match="tfs names 3 regulators but the scores"):
        aupr(S[:2], np.eye(4), tfs=[0, 1, 2])
    bad = S.copy()
    bad[0, 1] = np.inf
    with pytest.raises(ValueError, match="1 infinite values off the diagonal"):
        auroc(bad, np.eye(4))
    with pytest.raises(ValueError, match="'k' parameter of precision_at_k"):
        precision_at_k(S, np.triu(np.ones((4, 4)), 1), k=0)
    frame = pd.DataFrame(np.eye(2), index=["a", "b"], columns=["a", "c"])
    with pytest.raises(ValueError, match="same genes in its index"):
        aupr(np.ones((2, 2)), frame)


# --------------------------------------------------------------- edge lists
@settings(max_examples=40, deadline=None)
@given(
    p=st.integers(2, 12),
    n_rows=st.integers(1, 12),
    levels=st.sampled_from([0, 2, 5]),
    top=st.integers(0, 60),
    floor=st.sampled_from([None, 0.3]),
    directed=st.booleans(),
    tfs=st.booleans(),
    dtype=st.sampled_from([np.float64, np.float32]),
    seed=st.integers(0, 2**32 - 1),
)
def test_edge_list_is_the_sorted_list_cut(p, n_rows, levels, top, floor, directed, tfs, dtype,
                                          seed):  # fmt: skip
    import fastmi.network._edges as edges

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(edges, "_BLOCK_ENTRIES", 7)  # many blocks: the running cut is used
        _check_edge_list(p, n_rows, levels, top, floor, directed, tfs, dtype, seed)


def _check_edge_list(p, n_rows, levels, top, floor, directed, tfs, dtype, seed):
    r = np.random.default_rng(seed)
    S = r.random((p, p))
    S = np.round(S * levels) / max(levels, 1) if levels else S  # ties, zeros
    regulators = None
    if tfs:
        regulators = r.permutation(p)[: min(n_rows, p)]
        S = S[: len(regulators)]
    else:
        S = S if directed else S + S.T
    S = S.astype(dtype)
    expected = _slow_edges(S, regulators, directed or tfs, floor)[:top]
    got = edge_list(S, top=top, threshold=floor, directed=directed,
                    tfs=None if regulators is None else regulators.tolist())  # fmt: skip
    assert [(a, b) for a, b, _ in got] == [(a, b) for a, b, _ in expected]
    np.testing.assert_array_equal([w for *_, w in got], [w for *_, w in expected])


def test_edge_list_names_and_directions():
    S = np.array([[0.0, 0.8, 0.0], [0.8, 0.0, 0.6], [0.0, 0.6, 0.0]])
    genes = ["a", "b", "c"]
    assert edge_list(S, names=genes, directed=True) == [
        ("a", "b", 0.8), ("b", "a", 0.8), ("b", "c", 0.6), ("c", "b", 0.6)
    ]  # fmt: skip
    frame = pd.DataFrame([[0.0, 0.9, 0.2]], index=["b"], columns=genes)  # TF b's row
    assert edge_list(frame) == [("b", "c", 0.2)]  # b's own column is no edge
    assert edge_list(frame.to_numpy(), tfs=["b"], names=genes) == [("b", "c", 0.2)]
    assert edge_list(frame.to_numpy(), tfs=[1]) == [(1, 2, 0.2)]


def test_edge_list_errors():
    S = np.array([[0.0, 0.8], [0.5, 0.0]])
    with pytest.raises(ValueError, match="pass directed=True"):
        edge_list(S)
    assert edge_list(S, directed=True) == [(0, 1, 0.8), (1, 0, 0.5)]
    with pytest.raises(ValueError, match="1 TFs are not genes of the data in edge_list: 'x'"):
        edge_list(S[:1], tfs=["x"], names=["a", "b"])
    with pytest.raises(ValueError, match="must be distinct; repeated"):
        edge_list(S, tfs=[1, 1], directed=True)
    with pytest.raises(ValueError, match=r"TF column indexes must be in \[0, 1\]"):
        edge_list(S[:1], tfs=[2])
    with pytest.raises(ValueError, match="has no gene names"):
        edge_list(S[:1], tfs=["a"])


def test_read_edge_list_errors(tmp_path):
    path = tmp_path / "edges.tsv"
    path.write_text('"G1"\t"G2"\t0.5\n\nG2\tG3\n')
    with pytest.raises(ValueError, match=r"edges.tsv, line 3: 2 fields, not 3"):
        read_edge_list(path)
    with pytest.raises(ValueError, match="line 1: the score is not a number"):
        read_edge_list(["a\tb\thigh"])
    assert read_edge_list(path.read_text().splitlines()[:1]) == [("G1", "G2", 0.5)]
    with pytest.raises(ValueError, match="cannot read"):
        read_edge_list(tmp_path / "missing.tsv")


# ------------------------------------------------------------------ readers
def test_read_expression_files_agree(tmp_path):
    table = read_expression(DATA_1)
    assert table.shape == (10, 10) and list(table.columns)[:2] == ["G1", "G2"]
    assert table.iloc[0, 0] == 0.7472648
    table.to_csv(tmp_path / "x.csv")  # with a sample column
    table.T.to_csv(tmp_path / "t.tsv", sep="\t")  # genes in rows
    table.to_parquet(tmp_path / "x.parquet")
    table.T.reset_index(names="gene").to_parquet(tmp_path / "t.parquet", index=False)
    lines = (tmp_path / "t.tsv").read_text().splitlines()
    (tmp_path / "r.tsv").write_text("\n".join([lines[0].lstrip("\t"), *lines[1:]]))  # R style
    for got in (
        read_expression(tmp_path / "r.tsv", genes_in_rows=True),
        read_expression(tmp_path / "x.csv"),
        read_expression(tmp_path / "t.tsv", genes_in_rows=True),
        read_expression(tmp_path / "x.parquet"),
        read_expression(tmp_path / "t.parquet", genes_in_rows=True),
    ):
        np.testing.assert_array_equal(got.to_numpy(), table.to_numpy())
        assert list(got.columns) == list(table.columns)


def test_read_expression_frames_and_anndata():
    import polars as pl
    import scipy.sparse as sp

    values = np.arange(12.0).reshape(4, 3) ** 1.5
    genes = ["a", "b", "c"]
    frame = pd.DataFrame(values, columns=genes)
    np.testing.assert_array_equal(read_expression(frame).to_numpy(), values)
    polars_frame = pl.DataFrame({g: values[:, j] for j, g in enumerate(genes)})
    assert list(read_expression(polars_frame).columns) == genes
    by_gene = pl.DataFrame({"gene": genes, **{f"s{i}": values[i] for i in range(4)}})
    got = read_expression(by_gene, genes_in_rows=True)  # a first column of names: row labels
    np.testing.assert_array_equal(got.to_numpy(), values)
    assert list(got.columns) == genes and list(got.index) == ["s0", "s1", "s2", "s3"]

    class AnnDataLike:  # the attributes the reader uses, as anndata.AnnData has them
        def __init__(self, X):
            self.X, self.var_names, self.obs_names = X, pd.Index(genes), pd.Index(list("wxyz"))

    for X in (values, sp.csr_matrix(values)):
        got = read_expression(AnnDataLike(X))
        np.testing.assert_array_equal(got.to_numpy(), values)
        assert list(got.columns) == genes and list(got.index) == list("wxyz")


def test_read_expression_with_real_anndata():
    anndata = pytest.importorskip("anndata")  # the optional extra
    import scipy.sparse as sp

    adata = anndata.AnnData(sp.csr_matrix(np.eye(3) + 1), var=pd.DataFrame(index=list("abc")))
    assert list(read_expression(adata).columns) == ["a", "b", "c"]


def test_read_expression_errors(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("G1\tG2\tG3\n1\t2\t3\n4\tfive\t6\n7\t8\t9\n")
    with pytest.raises(ValueError, match=r"'five' at row 2, column 'G2'"):
        read_expression(bad)
    missing = tmp_path / "missing.csv"
    missing.write_text("G1,G2\n1,2\n,4\n")
    with pytest.raises(ValueError, match=r"1 missing expression values \(the first at row 2, "):
        read_expression(missing)
    duplicated = tmp_path / "dup.csv"
    duplicated.write_text("G1,G2,G1\n1,2,3\n4,5,6\n")
    with pytest.raises(ValueError, match=r"names 1 genes more than once: G1"):
        read_expression(duplicated)
    with pytest.raises(ValueError, match="at least 2 samples"):
        read_expression(pd.DataFrame({"a": [1.0], "b": [2.0]}))
    with pytest.raises(TypeError, match="got list"):
        read_expression([[1, 2], [3, 4]])
    with pytest.raises(ValueError, match="cannot read"):
        read_expression(tmp_path / "nothing.csv")
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("G1,G2,G3,G4\n1,2\n3,4\n")
    with pytest.raises(ValueError, match="a header of 4 fields over rows of 2"):
        read_expression(ragged)


def test_constant_gene_warns_and_scores_zero(rng):
    X = pd.DataFrame(rng.normal(size=(60, 4)), columns=list("abcd"))
    X["c"] = 1.5
    with pytest.warns(v.ConstantGeneWarning, match="1 genes of the DataFrame are constant: c"):
        X = read_expression(X)
    for algorithm in ("relevance", "clr", "aracne", "mrnet"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the MI step warns about the constant column too
            S = infer_network(X, network=algorithm, method="copula")
        assert (S.loc["c"] == 0).all() and (S["c"] == 0).all()


def test_read_tfs_and_gold_errors(tmp_path):
    tfs = tmp_path / "tfs.txt"
    tfs.write_text("G1\n\nG5\n# comment\nG1\n")
    with pytest.raises(ValueError, match="names 1 genes more than once: G1"):
        read_tfs(tfs)
    assert read_tfs(["G1", " G5 "]) == ["G1", "G5"]
    with pytest.raises(ValueError, match="The gold standard names 1 genes unknown .*: G10"):
        read_gold_standard(GOLD_1, genes=[f"G{j}" for j in range(1, 10)])
    gold = read_gold_standard(GOLD_1, genes=[f"G{j}" for j in range(10, 0, -1)])
    assert gold.loc["G1", "G2"] and gold.columns[0] == "G10"


def test_labelled_gold_is_aligned_by_name(rng):
    genes = list("abcdef")
    S = pd.DataFrame(rng.random((6, 6)), index=genes, columns=genes)
    G = rng.random((6, 6)) < 0.3
    G[0, 1] = True
    shuffled = pd.DataFrame(G, index=genes, columns=genes).iloc[::-1, [2, 0, 5, 1, 4, 3]]
    assert aupr(S, shuffled) == aupr(S.to_numpy(), G)
    with pytest.raises(ValueError, match="The gold standard names 6 genes unknown to aupr"):
        aupr(S.to_numpy(), shuffled)  # unlabelled scores: pass names=
    assert aupr(S.to_numpy(), shuffled, names=genes) == aupr(S.to_numpy(), G)
