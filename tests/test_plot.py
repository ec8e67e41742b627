"""fastmi.plot: each figure renders (Agg) and shows what it claims; bad input is refused."""

import subprocess
import sys
import zlib

import matplotlib
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from sklearn.metrics import average_precision_score, roc_auc_score  # noqa: E402

import fastmi as fm  # noqa: E402
from fastmi import cli  # noqa: E402
from fastmi import plot as fp  # noqa: E402
from fastmi.network import aupr, auroc, score_curves  # noqa: E402
from fastmi.pairwise import top_pairs  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def rng(request):
    return np.random.default_rng(zlib.crc32(request.node.name.encode()))


def _symmetric(rng, p):
    A = rng.random((p, p))
    M = (A + A.T) / 2
    np.fill_diagonal(M, np.nan)
    return M


def _blocks(rng, sizes):
    """A symmetric MI matrix of groups (high MI inside a group), features shuffled."""
    group = np.repeat(np.arange(len(sizes)), sizes)
    M = np.where(group[:, None] == group[None, :], 1.0, 0.1) + 0.01 * rng.random((group.size,) * 2)
    M = (M + M.T) / 2
    perm = rng.permutation(group.size)
    return M[np.ix_(perm, perm)], group[perm]


def _trapezoid(y, x):
    return float(np.sum(np.diff(x) * (y[1:] + y[:-1]) / 2))


def _edges_drawn(ax):
    return [p for p in ax.patches if p.get_gid() == "fastmi-edge"]


# ------------------------------------------------------------------ heatmap
def test_heatmap_draws_every_cell_with_labels_and_unit(rng):
    M = _symmetric(rng, 6)
    names = [f"g{i}" for i in range(6)]
    ax = fp.mi_heatmap(M, names=names, unit="bits", diagonal=True)
    shown = ax.images[0].get_array()
    assert shown.shape == (6, 6)
    np.testing.assert_array_equal(shown.filled(np.nan), M)  # NaN diagonal stays blank
    assert shown.mask.sum() == 6
    assert [t.get_text() for t in ax.get_xticklabels()] == names
    assert [t.get_text() for t in ax.get_yticklabels()] == names
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("feature", "feature")
    assert ax.figure.axes[-1].get_ylabel() == "MI (bits)"  # the colour bar
    ax.figure.canvas.draw()


def test_heatmap_hides_the_diagonal_by_default(rng):
    M = rng.random((4, 4))
    shown = fp.mi_heatmap(M, colorbar=False).images[0].get_array()
    assert shown.mask.tolist() == np.eye(4, dtype=bool).tolist()
    np.testing.assert_array_equal(shown[~np.eye(4, dtype=bool)], M[~np.eye(4, dtype=bool)])


def test_heatmap_of_a_dataframe_and_a_rectangular_matrix(rng):
    C = pd.DataFrame(rng.random((3, 5)), index=list("abc"), columns=list("vwxyz"))
    ax = fp.mi_heatmap(C)
    assert ax.images[0].get_array().shape == (3, 5)
    assert [t.get_text() for t in ax.get_xticklabels()] == list("vwxyz")
    assert [t.get_text() for t in ax.get_yticklabels()] == list("abc")
    with pytest.raises(ValueError, match="square"):
        fp.mi_heatmap(C, cluster=True)


def test_clustered_heatmap_puts_each_group_together(rng):
    M, group = _blocks(rng, [4, 5, 3])
    order = fp.cluster_order(M)
    runs = np.count_nonzero(np.diff(group[order])) + 1
    assert runs == 3  # each group is one contiguous run
    names = [f"f{i}" for i in range(M.shape[0])]
    ax = fp.mi_heatmap(M, names=names, cluster=True, diagonal=True)
    np.testing.assert_array_equal(ax.images[0].get_array(), M[np.ix_(order, order)])
    assert [t.get_text() for t in ax.get_xticklabels()] == [names[i] for i in order]


@settings(max_examples=25, deadline=None)
@given(p=st.integers(1, 12), seed=st.integers(0, 2**32 - 1), nan_pairs=st.integers(0, 5))
def test_cluster_order_is_a_permutation(p, seed, nan_pairs):
    rng = np.random.default_rng(seed)
    M = _symmetric(rng, p)
    for _ in range(nan_pairs):  # pairs left NaN (too few common samples)
        i, j = rng.integers(0, p, 2)
        M[i, j] = M[j, i] = np.nan
    assert sorted(fp.cluster_order(M).tolist()) == list(range(p))


def test_large_heatmap_is_block_maxima(rng):
    M = rng.random((1500, 1500)) * 0.1
    M[1234, 17] = 5.0  # one strong pair must stay visible
    names = [f"f{i}" for i in range(1500)]
    ax = fp.mi_heatmap(M, names=names, max_pixels=500, diagonal=True)
    shown = ax.images[0].get_array()
    assert shown.shape == (500, 500)
    assert shown.max() == 5.0
    assert shown[1234 * 500 // 1500, 17 * 500 // 1500] == 5.0
    assert not ax.get_xticklabels()  # too many names to write
    ax.figure.canvas.draw()


# --------------------------------------------------------------- top pairs
def test_top_pairs_bar_draws_the_top_pairs(rng):
    M = _symmetric(rng, 8)
    names = list("abcdefgh")
    ax = fp.top_pairs_bar(M, names=names, top=5, unit="bits")
    rows, cols, values = top_pairs(M, 5)
    assert len(ax.patches) == 5
    np.testing.assert_allclose([bar.get_width() for bar in ax.patches], values)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == [f"{names[i]} - {names[j]}" for i, j in zip(rows, cols, strict=True)]
    assert ax.get_xlabel() == "MI (bits)" and ax.get_ylabel() == "pair"
    assert ax.yaxis_inverted()  # strongest on top
    # fewer pairs than asked: all of them
    assert len(fp.top_pairs_bar(M[:3, :3], top=10).patches) == 3


# -------------------------------------------------------------------- null
def test_null_histogram_counts_permutations_and_marks_the_observed_value(rng):
    x = rng.integers(0, 3, 300)
    y = (x + rng.integers(0, 2, 300)) % 3
    result = fm.permutation_test(x, y, n_permutations=99, random_state=0)
    ax = fp.null_histogram(result, bins=15)
    assert len(ax.patches) == 15
    assert sum(bar.get_height() for bar in ax.patches) == 99
    assert ax.lines[0].get_xdata()[0] == result.statistic
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[0] == "null (99 permutations)"
    assert f"p = {result.pvalue:.3g}" in legend[1]
    assert ax.get_xlabel() == "MI (nats)" and ax.get_ylabel() == "permutations"
    # a plain array, no observed value: no line
    assert not fp.null_histogram(result.null_distribution).lines


# ------------------------------------------------------------ PR and ROC
def _network(rng, p=12):
    truth = rng.random((p, p)) < 0.2
    np.fill_diagonal(truth, False)
    truth[0, 1] = True
    S = np.round(rng.random((p, p)) + truth, 1)  # rounding makes ties
    np.fill_diagonal(S, 0.0)
    return S, truth


def test_score_curves_match_sklearn_and_the_scalar_scores(rng):
    S, truth = _network(rng)
    c = score_curves(S, truth)
    off = ~np.eye(S.shape[0], dtype=bool)
    assert c.aupr == pytest.approx(average_precision_score(truth[off], S[off]), abs=1e-12)
    assert c.auroc == pytest.approx(roc_auc_score(truth[off], S[off]), abs=1e-12)
    assert c.aupr == aupr(S, truth) and c.auroc == auroc(S, truth, directed=True)
    assert np.sum(np.diff(c.recall, prepend=0.0) * c.precision) == pytest.approx(c.aupr)
    assert _trapezoid(c.tpr, c.fpr) == pytest.approx(c.auroc)
    assert (c.fpr[0], c.tpr[0], c.fpr[-1], c.tpr[-1]) == (0.0, 0.0, 1.0, 1.0)
    assert c.positive_fraction == truth[off].mean()


@pytest.mark.parametrize("curve", ["pr", "roc"])
def test_network_curve_encloses_the_score(rng, curve):
    S, truth = _network(rng)
    ax = fp.network_curve(S, truth, curve=curve, label="mine")
    line = ax.lines[0]
    x, y = line.get_xdata(), line.get_ydata()
    if curve == "pr":
        assert line.get_drawstyle() == "steps-pre"
        assert np.sum(np.diff(x) * y[1:]) == pytest.approx(aupr(S, truth))
        assert ax.get_xlabel() == "recall" and ax.get_ylabel() == "precision"
        assert ax.lines[1].get_ydata()[0] == pytest.approx(truth.sum() / (12 * 11))
        area = f"AUPR {aupr(S, truth):.3f}"
    else:
        assert _trapezoid(y, x) == pytest.approx(auroc(S, truth, directed=True))
        assert ax.get_xlabel() == "false positive rate"
        area = f"AUROC {auroc(S, truth, directed=True):.3f}"
    assert ax.get_legend().get_texts()[0].get_text() == f"mine ({area})"
    ax.figure.canvas.draw()


# ----------------------------------------------------------------- network
@pytest.mark.parametrize("layout", ["circular", "spring"])
def test_network_graph_draws_the_top_edges(rng, layout):
    S, _ = _network(rng, p=10)
    names = [f"G{i}" for i in range(10)]
    ax = fp.network_graph(S, names=names, top=7, layout=layout)
    edges = fm.network.edge_list(S, names=names, top=7, directed=True)
    drawn = _edges_drawn(ax)
    assert len(drawn) == 7
    assert all(p.get_arrowstyle().__class__.__name__ == "CurveFilledB" for p in drawn)
    genes = {g for a, b, _ in edges for g in (a, b)}
    assert len(ax.collections[0].get_offsets()) == len(genes)
    assert {t.get_text() for t in ax.texts} == genes
    ax.figure.canvas.draw()


def test_network_graph_of_a_symmetric_matrix_is_undirected(rng):
    M = np.nan_to_num(_symmetric(rng, 6))
    ax = fp.network_graph(M, top=4, layout="circular")
    drawn = _edges_drawn(ax)
    assert len(drawn) == 4
    assert all(p.get_arrowstyle().__class__.__name__ == "Curve" for p in drawn)
    assert ax.get_title().startswith("top 4 edges")


def test_network_graph_of_regulator_rows(rng):
    genes = [f"G{i}" for i in range(6)]
    S = pd.DataFrame(rng.random((2, 6)), index=["G0", "G3"], columns=genes)
    ax = fp.network_graph(S, top=3, layout="circular")
    assert len(_edges_drawn(ax)) == 3


# ---------------------------------------------------------------- summaries
def test_summaries_have_their_panels(rng):
    M = _symmetric(rng, 5)
    fig = fp.pairwise_summary(M, top=3)
    assert [ax.get_title() for ax in fig.axes[:2]] == [
        "mutual information (clustered)",
        "top 3 pairs",
    ]
    S, truth = _network(rng)
    fig = fp.network_summary(S, truth, top=5, layout="circular")
    assert [ax.get_title() for ax in fig.axes] == [
        "top 5 directed edges, " + fig.axes[0].get_title().split(", ")[1],
        "precision-recall",
        "ROC",
    ]
    assert len(fp.network_summary(S).axes) == 1


# --------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: fp.mi_heatmap(np.empty((0, 0))), ValueError, "nothing to draw"),
        (lambda: fp.mi_heatmap(np.zeros(3)), ValueError, "2-D"),
        (lambda: fp.mi_heatmap(np.array([[0, np.inf], [1, 0]])), ValueError, "infinite"),
        (lambda: fp.mi_heatmap(np.array([["a"]])), TypeError, "numeric"),
        (lambda: fp.mi_heatmap(np.zeros((2, 2)), names=["a"]), ValueError, "2 names"),
        (lambda: fp.mi_heatmap(np.zeros((2, 3)), names=["a", "b"]), ValueError, "square"),
        (lambda: fp.mi_heatmap(np.zeros((2, 2)), cluster="yes"), ValueError, "cluster"),
        (lambda: fp.top_pairs_bar(np.zeros((2, 3))), ValueError, "square"),
        (lambda: fp.top_pairs_bar(np.zeros((2, 2)), top=0), ValueError, "top"),
        (lambda: fp.null_histogram([]), ValueError, "empty"),
        (lambda: fp.null_histogram([0.1, np.nan]), ValueError, "NaN"),
        (lambda: fp.null_histogram([0.1], pvalue=2.0), ValueError, "pvalue"),
        (lambda: fp.network_curve(np.eye(3), np.eye(3), curve="auc"), ValueError, "curve"),
        (lambda: fp.network_graph(np.zeros((3, 3)), layout="tree"), ValueError, "layout"),
        (lambda: fp.cluster_order(np.zeros((2, 2)), method="ward"), ValueError, "method"),
    ],
)
def test_bad_input_is_refused_before_drawing(call, error, match):
    with pytest.raises(error, match=match):
        call()
    assert not plt.get_fignums()  # refused before a figure was made


def test_import_does_not_load_matplotlib():
    code = "import sys, fastmi.plot; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_missing_matplotlib_names_the_extra():
    code = (
        "import sys; sys.modules['matplotlib'] = None\n"
        "import numpy as np, fastmi.plot as fp\n"
        "try:\n    fp.mi_heatmap(np.eye(2))\n"
        "except ImportError as err:\n    print(err)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "pip install 'fastmi[plot]'" in out.stdout


# --------------------------------------------------------------------- CLI
def _png_size(path):
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")


def test_cli_pairwise_plot(tmp_path, capsys):
    out = tmp_path / "pw.png"
    assert (
        cli.main(["pairwise", "--samples", "200", "--features", "12", "-q", "--plot", str(out)])
        == 0
    )
    assert f"drew the matrix and the top pairs in {out}" in capsys.readouterr().out
    assert _png_size(out) == (1200, 550)  # two panels of 6 x 5.5 inches at 100 dpi
    assert not plt.get_fignums()  # the CLI leaves no pyplot figure open


def test_cli_network_plot(tmp_path, capsys):
    rng = np.random.default_rng(0)
    tf = rng.normal(size=60)
    table = pd.DataFrame({"TF": tf, "A": tf + 0.3 * rng.normal(size=60), "B": rng.normal(size=60)})
    expr, gold, out = tmp_path / "e.tsv", tmp_path / "g.tsv", tmp_path / "n.png"
    table.to_csv(expr, sep="\t", index=False)
    gold.write_text("TF\tA\t1\nTF\tB\t0\nA\tB\t0\n")
    argv = ["network", str(expr), "--gold", str(gold), "-o", str(tmp_path / "n.tsv"), "-q"]
    assert cli.main([*argv, "--plot", str(out)]) == 0
    assert "drew the network and its PR/ROC curves" in capsys.readouterr().out
    assert _png_size(out) == (1800, 550)  # graph, PR, ROC
    assert cli.main([*argv, "--plot", str(tmp_path / "missing" / "n.png")]) == 2
    assert "cannot write" in capsys.readouterr().err
