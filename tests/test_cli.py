"""The command line, in-process (cli.main) and as a subprocess, on files the
tests write themselves."""

import re
import subprocess
import sys
import zlib

import numpy as np
import pytest

import fastmi as fm
from fastmi import cli


@pytest.fixture
def rng(request):
    return np.random.default_rng(zlib.crc32(request.node.name.encode()))


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
        ("a,b\n1,\n2,3\n", "column 'b' has 1 missing values (the first in data row 1)"),
        ("a,b\n1,2\nnan,1\n2,3\n", "column 'a' has 1 missing values (the first in data row 2)"),
        ("a,b\n1,2\n2,inf\n", "infinite"),
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


# ------------------------------------------------------------ missing values
def test_na_tokens_are_missing_not_labels(rng, tmp_path, capsys):
    """A numeric column holding "NA" was read as labels and ranked at 3 nats."""
    n = 60
    x = rng.standard_normal(n)
    y = x + 0.3 * rng.standard_normal(n)
    fields = [repr(float(a)) for a in x]
    for i, token in zip((3, 10, 20, 30, 40, 50), ("NA", "", "null", "N/A", ".", "None"),
                        strict=True):  # fmt: skip
        fields[i] = token
    _write_csv(tmp_path / "t.csv", ["x", "y"], [fields, y])
    args = ["pairwise", str(tmp_path / "t.csv"), "-q", "-o", str(tmp_path / "m.npy")]
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert "column 'x' has 6 missing values (the first in data row 4)" in err
    assert "--nan-policy omit" in err
    assert cli.main([*args, "--nan-policy", "omit"]) == 0
    out = capsys.readouterr().out
    assert "discrete columns: 0 of 2" in out  # still numbers, not labels
    assert "missing values in 1 of 2 columns" in out and "(54 to 60 rows)" in out
    keep = np.ones(n, dtype=bool)
    keep[[3, 10, 20, 30, 40, 50]] = False
    parsed = np.array([float(f) for f in np.array(fields)[keep]])
    expected = fm.pairwise_mi(np.column_stack([parsed, np.array([repr(float(b)) for b in y[keep]],
                                                               dtype=float)]))  # fmt: skip
    assert np.load(tmp_path / "m.npy")[0, 1] == expected[0, 1]


def test_na_values_option_and_labels_with_missing(tmp_path, capsys):
    path = tmp_path / "t.csv"
    path.write_text("a,b\nu,1\nv,2\n-,2\nu,1\nNA,3\nv,2\n")
    args = ["pairwise", str(path), "-q", "-o", str(tmp_path / "m.npy"), "--nan-policy", "omit"]
    assert cli.main([*args, "--na-values", "-"]) == 0  # "NA" is a label here, "-" is missing
    assert "discrete columns: 2 of 2" in capsys.readouterr().out
    kept = fm.mutual_info_discrete(["u", "v", "u", "NA", "v"], [1, 2, 1, 3, 2])
    assert np.load(tmp_path / "m.npy")[0, 1] == kept
    assert cli.main(args) == 0  # default tokens: "NA" is missing, "-" a label
    kept = fm.mutual_info_discrete(["u", "v", "-", "u", "v"], [1, 2, 2, 1, 2])
    assert np.load(tmp_path / "m.npy")[0, 1] == kept


def test_parquet_missing_string_is_missing_not_nan(tmp_path, capsys):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    frame = pd.DataFrame({"a": ["x", None, "y", "x", "y"], "b": [1, 2, None, 1, 2]})
    frame.to_parquet(tmp_path / "t.parquet")
    args = ["pairwise", str(tmp_path / "t.parquet"), "-q", "-o", str(tmp_path / "m.npy")]
    assert cli.main(args) == 2
    assert "column 'a' has 1 missing values (the first in data row 2)" in capsys.readouterr().err
    assert cli.main([*args, "--nan-policy", "omit"]) == 0
    expected = fm.mutual_info_discrete(["x", "x", "y"], [1, 1, 2])
    assert np.load(tmp_path / "m.npy")[0, 1] == expected


def test_measures_uses_the_api_dtype_rule_and_names_the_estimator(rng, tmp_path, capsys):
    n = 200
    x = rng.standard_normal(n)
    y = x + 0.5 * rng.standard_normal(n)
    labels = (x > 0).astype(int)
    _write_csv(tmp_path / "t.csv", ["x", "y", "c"], [x, y, labels])
    path = str(tmp_path / "t.csv")
    assert cli.main(["measures", path, "--x", "x", "--y", "y", "--base", "nats"]) == 0
    out = capsys.readouterr().out
    assert "estimator: ksg_mi (Kraskov et al. 2004) (x continuous, y continuous)" in out
    parsed = [np.array([repr(float(a)) for a in c], dtype=float) for c in (x, y)]
    expected = fm.ksg_mi(*parsed, random_state=0)
    assert f"{expected:.6f}" in out
    assert cli.main(["measures", path, "--x", "x", "--y", "c"]) == 0
    assert "mixed_mi (Ross 2014) (x continuous, c discrete)" in capsys.readouterr().out
    assert cli.main(["measures", path, "--x", "c", "--y", "c"]) == 0
    assert "estimator: plugin (both columns discrete)" in capsys.readouterr().out


def test_measures_missing_values(tmp_path, capsys):
    path = tmp_path / "t.csv"
    path.write_text("a,b\nu,1\nv,2\nNA,2\nu,1\nv,\n")
    assert cli.main(["measures", str(path), "--x", "a", "--y", "b"]) == 2
    assert "column 'a' has 1 missing values (the first in data row 3)" in capsys.readouterr().err
    assert cli.main(["measures", str(path), "--x", "a", "--y", "b", "--nan-policy", "omit"]) == 0
    out = capsys.readouterr().out
    assert "3 rows of" in out and "(2 with a missing value skipped)" in out
    expected = fm.mutual_info_discrete(["u", "v", "u"], [1, 2, 1], base=2)
    assert re.search(rf"I\(a; b\) +{expected:.6f}\n", out)


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"fastmi {fm.__version__}"


def test_subcommands_are_registered_from_one_list():
    parser = cli.build_parser()
    names = set(parser._subparsers._group_actions[0].choices)
    assert {"pairwise", "measures"} <= names
    assert len(cli.SUBCOMMANDS) == len(names)
