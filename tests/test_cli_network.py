"""``fastmi network`` end to end, in-process, on the DREAM4 size-10 files."""

import sys
import types
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from fastmi import cli
from fastmi.network import (
    edge_list,
    infer_network,
    read_edge_list,
    read_expression,
    read_gold_standard,
    score_network,
)

DREAM = Path("/work/shared/data/dream4-size10")
if not DREAM.exists():  # CI: shared/ sits beside the clone
    DREAM = Path(__file__).resolve().parents[2] / "shared" / "data" / "dream4-size10"
DATA = DREAM / "insilico_size10_2_multifactorial.tsv"
GOLD = DREAM / "goldstandard" / "DREAM4_GoldStandard_InSilico_Size10_2.tsv"


def _run(capsys, *argv):
    status = cli.main(["network", *map(str, argv)])
    out, err = capsys.readouterr()
    return status, out, err


def test_dream4_end_to_end_matches_the_api(tmp_path, capsys):
    out_file = tmp_path / "net.tsv"
    argv = (DATA, "--algorithm", "clr", "--method", "copula", "--gold", GOLD, "-o", out_file)
    status, out, err = _run(capsys, *argv, "--quiet")
    assert status == 0, err
    X = read_expression(DATA)
    S = infer_network(X, network="clr", method="copula")
    edges = edge_list(S, directed=True)  # ordered pairs, no self-edges
    assert read_edge_list(out_file) == edges and 0 < len(edges) <= 10 * 9
    summary = score_network(S, read_gold_standard(GOLD, list(X.columns)))
    assert f"{summary.aupr:.3f}" in out and f"{summary.auroc:.3f}" in out
    assert f"wrote {len(edges)} directed edges" in out and "AUPR" in out and "precision at k" in out


def test_edge_list_on_stdout_and_messages_on_stderr(capsys):
    status, out, err = _run(capsys, DATA, "--algorithm", "aracne", "--top", "7")
    assert status == 0, err
    lines = out.splitlines()
    assert len(lines) == 7 and all(len(line.split("\t")) == 3 for line in lines)
    scores = [float(line.split("\t")[2]) for line in lines]
    assert scores == sorted(scores, reverse=True)
    assert "[1/4] read" in err and "wrote 7 directed edges to stdout" in err


def test_genes_in_rows_tfs_and_threshold(tmp_path, capsys):
    X = read_expression(DATA)
    X.T.to_csv(tmp_path / "rows.csv")
    (tmp_path / "tfs.txt").write_text("G3\nG1\n")
    status, out, err = _run(capsys, tmp_path / "rows.csv", "--genes-in-rows", "--tfs",
                            tmp_path / "tfs.txt", "--threshold", "0.0", "-q")  # fmt: skip
    assert status == 0, err
    edges = [line.split("\t") for line in out.splitlines()]
    assert {a for a, _, _ in edges} <= {"G1", "G3"} and all(a != b for a, b, _ in edges)
    S = infer_network(X, tfs=["G3", "G1"])
    expected = edge_list(S, threshold=0.0)
    assert [(a, b) for a, b, _ in edges] == [(a, b) for a, b, _ in expected]


@pytest.mark.parametrize(
    ("make", "extra", "message"),
    [
        (lambda p: p.write_text("G1\tG2\n1\t2\n3\tx\n4\t5\n"), (), "'x' at row 2, column 'G2'"),
        (lambda p: p.write_text("G1\tG1\n1\t2\n3\t4\n"), (), "genes more than once: G1"),
        (None, ("--tfs", "TFS"), "1 TFs are not genes of the data in fastmi network --tfs: 'G99'"),
        (None, ("--gold", "GOLD"), "The gold standard names 1 genes unknown"),
        (None, ("--top", "-1"), "--top must be >= 0"),
    ],
)
def test_bad_input_is_one_line_and_status_2(tmp_path, capsys, make, extra, message):
    data = tmp_path / "x.tsv"
    if make is None:
        read_expression(DATA).iloc[:, :9].to_csv(data, sep="\t", index=False)  # no G10
    else:
        make(data)
    (tmp_path / "tfs.txt").write_text("G1\nG99\n")
    files = {"TFS": tmp_path / "tfs.txt", "GOLD": GOLD}
    status, out, err = _run(capsys, data, *(files.get(e, e) for e in extra), "-q")
    assert status == 2 and out == ""
    assert err.startswith("fastmi: error:") and message in err and err.count("\n") == 1


def test_constant_gene_is_a_warning_line_and_scores_zero(tmp_path, capsys):
    X = pd.DataFrame(np.random.default_rng(0).normal(size=(60, 5)), columns=list("abcde"))
    X["c"] = 1.5
    X.to_csv(tmp_path / "c.csv", index=False)
    # KSG gives this constant gene MI ~ +2e-15 (round-off), which CLR would turn
    # into z-scores: the command zeroes its edges, as the warning says
    status, out, err = _run(capsys, tmp_path / "c.csv", "-q", "--algorithm", "clr",
                            "--method", "ksg", "--threshold", "0")  # fmt: skip
    assert status == 0 and "fastmi: warning: 1 genes of" in err and "constant: c" in err
    assert out and all("c" not in line.split("\t")[:2] for line in out.splitlines())


def test_demo_compares_with_spearman(monkeypatch, capsys, tmp_path):
    # the command's plumbing, on a tiny stand-in for the simulator
    def simulate_expression(n_genes, n_samples, random_state):
        rng = np.random.default_rng(random_state)
        X = rng.normal(size=(60, 6))
        X[:, 1] = np.tanh(X[:, 0]) + 0.3 * rng.normal(size=60)
        gold = np.zeros((6, 6), dtype=bool)
        gold[0, 1] = True
        return pd.DataFrame(X, columns=[f"G{j}" for j in range(1, 7)]), gold

    fake = types.ModuleType("fastmi.network._simulate")
    fake.simulate_expression = simulate_expression
    monkeypatch.setitem(sys.modules, "fastmi.network._simulate", fake)
    status, out, err = _run(capsys, "--demo", "-q", "-o", tmp_path / "demo.tsv")
    assert status == 0, err
    assert "fastmi network" in out and "|Spearman| relevance" in out and "AUPR" in out
    assert read_edge_list(tmp_path / "demo.tsv")[0][:2] in (("G1", "G2"), ("G2", "G1"))


def test_no_file_is_a_usage_error(capsys):
    status, _, err = _run(capsys)
    assert status == 2 and "give an expression file, or --demo" in err
