"""The command line, in-process (cli.main) and as a subprocess, on files the
tests write themselves."""

import subprocess
import sys

import numpy as np
import pytest

import fastmi as fm
from fastmi import cli


@pytest.fixture
def rng(request):
    return np.random.default_rng(abs(hash(request.node.name)) % 2**32)


def _write_csv(path, names, columns, sep=","):
    lines = [sep.join(names)]
    lines += [sep.join(str(c[i]) for c in columns) for i in range(len(columns[0]))]
    path.write_text("\n".join(lines) + "\n")


def test_pairwise_csv_matches_api_and_writes_outputs(rng, tmp_path, capsys):
    n = 120
    a = rng.integers(0, 3, n)
    b = (a + (rng.random(n) < 0.1)) % 3
    c = rng.choice(["x", "y"], n)
    _write_csv(tmp_path / "t.csv", ["a", "b", "c"], [a, b, c])
    status = cli.main(
        [
            "pairwise",
            str(tmp_path / "t.csv"),
            "--quiet",
            "--output",
            str(tmp_path / "m.npy"),
            "--pairs",
            str(tmp_path / "top.tsv"),
            "--top",
            "2",
        ]
    )
    assert status == 0
    out = capsys.readouterr().out
    assert "computed 3 pairs" in out and "discrete columns: 3 of 3" in out
    M = np.load(tmp_path / "m.npy")
    codes_c = np.unique(c, return_inverse=True)[1]
    expected = fm.pairwise_mi(np.column_stack([a, b, codes_c]))
    assert np.array_equal(M, expected)
    top = (tmp_path / "top.tsv").read_text().splitlines()
    assert top[0] == "rank\tcolumn_1\tcolumn_2\tmi"
    assert top[1].split("\t")[1:3] == ["a", "b"] and len(top) == 3


def test_pairwise_tsv_floats_ksg_and_tsv_output(rng, tmp_path, capsys):
    x = rng.standard_normal(80)
    cols = [x, x + 0.5 * rng.standard_normal(80), rng.standard_normal(80)]
    _write_csv(tmp_path / "t.tsv", ["u", "v", "w"], cols, sep="\t")
    status = cli.main(["pairwise", str(tmp_path / "t.tsv"), "-q", "-o", str(tmp_path / "m.tsv")])
    assert status == 0
    lines = (tmp_path / "m.tsv").read_text().splitlines()
    assert lines[0].split("\t") == ["", "u", "v", "w"]
    M = np.array([[float(v) for v in line.split("\t")[1:]] for line in lines[1:]])
    parsed = np.column_stack([np.array([str(v) for v in c], dtype=float) for c in cols])
    np.testing.assert_array_equal(M, fm.pairwise_mi(parsed, method="ksg"))
    assert "u" in capsys.readouterr().out


def test_npy_input_and_float32(rng, tmp_path, capsys):
    X = rng.integers(0, 4, size=(60, 5))
    np.save(tmp_path / "x.npy", X)
    out = tmp_path / "m.npy"
    assert (
        cli.main(["pairwise", str(tmp_path / "x.npy"), "-q", "--dtype", "float32", "-o", str(out)])
        == 0
    )
    M = np.load(out)
    assert M.dtype == np.float32
    assert np.array_equal(M, fm.pairwise_mi(X, dtype=np.float32))


def test_demo_recovers_planted_pairs(capsys):
    assert cli.main(["--quiet"]) == 0  # an option alone means "pairwise"
    out = capsys.readouterr().out
    assert "recovered 6 of 6 planted pairs" in out


def test_plain_progress_without_rich(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "rich", None)
    monkeypatch.setitem(sys.modules, "rich.console", None)
    assert cli.main(["pairwise", "--samples", "200", "--features", "20"]) == 0
    captured = capsys.readouterr()
    assert "pairs (100%)" in captured.err
    assert "top 6 pairs" in captured.out


@pytest.mark.parametrize(
    "content, match",
    [
        ("a,b\n1,2\n3\n", "line 3: 1 fields where the header has 2"),
        ("a,b\n", "no data rows"),
        ("a,b\n1,\n2,3\n", "column 'b' has 1 empty fields"),
        ("a,b\nnan,1\n2,3\n", "NaN"),
    ],
)
def test_malformed_file_one_line_error_status_2(tmp_path, capsys, content, match):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    assert cli.main(["pairwise", str(path), "-q"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("fastmi: error: ") and err.count("\n") == 1
    assert match in err


def test_bad_npy_parquet_and_options(tmp_path, capsys):
    np.save(tmp_path / "v.npy", np.arange(5))
    assert cli.main(["pairwise", str(tmp_path / "v.npy")]) == 2
    assert "2-D numeric array" in capsys.readouterr().err
    (tmp_path / "x.parquet").write_bytes(b"not parquet")
    assert cli.main(["pairwise", str(tmp_path / "x.parquet")]) == 2
    assert "Parquet" in capsys.readouterr().err
    assert cli.main(["pairwise", str(tmp_path / "missing.csv")]) == 2
    assert "cannot read" in capsys.readouterr().err
    assert cli.main(["pairwise", "--features", "12", "--method", "magic", "-q"]) == 2
    assert "'method' parameter of pairwise_mi" in capsys.readouterr().err
    assert cli.main(["pairwise", "--discrete", "nope", "-q"]) == 2
    assert "unknown columns: nope" in capsys.readouterr().err


def test_measures_still_works(capsys):
    assert cli.main(["measures"]) == 0
    assert "I(weather; forecast)" in capsys.readouterr().out


def test_subprocess_run_and_malformed_file(tmp_path):
    good = tmp_path / "g.csv"
    _write_csv(good, ["p", "q"], [[0, 1, 0, 1, 1], [0, 1, 0, 1, 0]])
    run = subprocess.run(
        [sys.executable, "-m", "fastmi", "pairwise", str(good), "-q"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert "computed 1 pairs" in run.stdout
    bad = tmp_path / "b.csv"
    bad.write_text("p,q\n1,2,3\n")
    run = subprocess.run(
        [sys.executable, "-m", "fastmi", "pairwise", str(bad)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 2
    assert run.stderr.strip().count("\n") == 0 and "line 2" in run.stderr


def test_unwritable_outputs_and_binary_input(tmp_path, capsys):
    args = ["pairwise", "--features", "12", "--samples", "50", "-q"]
    assert cli.main([*args, "--output", str(tmp_path)]) == 2  # a directory
    assert "cannot write" in capsys.readouterr().err
    assert cli.main([*args, "--pairs", str(tmp_path)]) == 2
    assert "cannot write" in capsys.readouterr().err
    (tmp_path / "b.csv").write_bytes(b"\xff\xfe\x00\x81binary")
    assert cli.main(["pairwise", str(tmp_path / "b.csv")]) == 2
    assert "not a text" in capsys.readouterr().err


def test_pairwise_on_a_dask_cluster(rng, tmp_path, capsys):
    distributed = pytest.importorskip("distributed")  # the test extra installs it
    X = rng.integers(0, 3, size=(90, 6))
    np.save(tmp_path / "x.npy", X)
    out = tmp_path / "m.npy"
    with distributed.LocalCluster(
        processes=False, n_workers=1, threads_per_worker=2, dashboard_address=":0"
    ) as cluster:
        args = ["pairwise", str(tmp_path / "x.npy"), "-q", "-o", str(out)]
        assert cli.main([*args, "--dask", cluster.scheduler_address]) == 0
    assert f"on the Dask cluster at {cluster.scheduler_address}" in capsys.readouterr().out
    assert np.array_equal(np.load(out), fm.pairwise_mi(X))
    assert cli.main([*args, "--dask", "nowhere://x"]) == 2
    assert "unknown address scheme" in capsys.readouterr().err


def test_dask_option_errors_are_one_line(rng, tmp_path, capsys, monkeypatch):
    distributed = pytest.importorskip("distributed")
    np.save(tmp_path / "x.npy", rng.integers(0, 3, size=(20, 3)))
    args = ["pairwise", str(tmp_path / "x.npy"), "-q", "--dask"]

    def unreachable(address, timeout):
        raise OSError(f"Timed out trying to connect to {address} after {timeout} s")

    monkeypatch.setattr(distributed, "Client", unreachable)
    assert cli.main([*args, "tcp://10.0.0.1:8786"]) == 2
    assert "cannot reach the Dask scheduler at tcp://10.0.0.1:8786" in capsys.readouterr().err
    monkeypatch.setitem(sys.modules, "distributed", None)  # the extra is missing
    assert cli.main([*args, "local"]) == 2
    assert "pip install 'fastmi[dask]'" in capsys.readouterr().err
