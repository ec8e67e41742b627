"""Project hygiene: the version, the licence, the changelog, and the documentation
site (Sphinx, warnings as errors) with every public name in its API reference."""

import html
import importlib
import importlib.metadata
import inspect
import os
import re
import subprocess
import sys
import types
import zlib
from pathlib import Path

import pytest
import tomllib

import fastmi

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
#: Public modules whose ``__all__`` the API reference must document (with ``fastmi.__all__``).
PUBLIC_MODULES = (
    "network",
    "selection",
    "significance",
    "feature_selection",
    "dask",
    "plot",
    "tables",
    "datasets",
)
# PEP 440, without local versions.
VERSION = re.compile(r"^\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?$")


def _pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


# ----------------------------------------------------------------- version
def test_version_is_single_sourced_and_installed():
    assert VERSION.match(fastmi.__version__), fastmi.__version__
    project = _pyproject()
    assert "version" not in project["project"]  # no second copy to forget
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "fastmi.__version__"}
    # the installed distribution was built from this version
    assert importlib.metadata.version("fastmi") == fastmi.__version__


# ------------------------------------------------------ licence, changelog
def test_license_file_matches_pyproject():
    text = (ROOT / "LICENSE").read_text()
    assert _pyproject()["project"]["license"] == {"text": "BSD-3-Clause"}
    assert text.startswith("BSD 3-Clause License\n")
    assert "Copyright (c) " in text and "the fastmi developers" in text
    assert "Neither the name of the copyright holder" in text  # clause 3


def test_changelog_has_an_unreleased_section():
    text = (ROOT / "CHANGELOG.md").read_text()
    assert text.startswith("# Changelog\n")
    assert "\n## Unreleased\n" in text


# ------------------------------------------------------------ documentation
def _inventory(path):
    """Names of the objects in a Sphinx ``objects.inv`` (version 2)."""
    raw = path.read_bytes()
    header_end = 0
    for _ in range(4):  # four text lines, then zlib
        header_end = raw.index(b"\n", header_end) + 1
    assert raw.startswith(b"# Sphinx inventory version 2")
    lines = zlib.decompress(raw[header_end:]).decode().splitlines()
    return {line.split(" ", 1)[0] for line in lines if line}


def _public_names():
    """(name, defining module's public path) pairs the reference must list."""
    for name in fastmi.__all__:
        if not isinstance(getattr(fastmi, name), types.ModuleType):
            yield name
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(f"fastmi.{module_name}")
        yield from getattr(module, "__all__", ())


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("docs")
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    )
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
         "-d", str(out / "doctrees"), str(DOCS), str(out / "html")],
        capture_output=True, text=True, env=env, timeout=1200, cwd=ROOT,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out / "html"


@pytest.mark.slow
def test_docs_build_without_warnings_and_document_every_public_name(site):
    documented = _inventory(site / "objects.inv")
    tails = {name.rsplit(".", 1)[-1] for name in documented if name.startswith("fastmi.")}
    missing = sorted(set(_public_names()) - tails)
    assert not missing, f"public names missing from the API reference: {missing}"
    assert {"fastmi.discrete.entropy", "fastmi.plot.mi_heatmap"} <= documented


@pytest.mark.slow
def test_docs_show_the_readme_gallery_and_architecture(site):
    page = (site / "overview.html").read_text()
    text = html.unescape(re.sub(r"<[^>]+>", "", page))  # code without its highlighting
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```(?:python|bash)\n(.*?)```", readme, flags=re.S)
    assert len(blocks) >= 3
    for block in blocks:  # every README example, line by line
        for line in filter(None, block.splitlines()):
            assert line in text, line
    gallery = (site / "gallery.html").read_text()
    images = re.findall(r'<img [^>]*src="(_images/gallery-\d+\.png)"', gallery)
    assert len(images) == 3 and all((site / img).stat().st_size > 10_000 for img in images)
    assert (site / "changelog.html").exists()
    assert (site / "architecture.html").exists()
    assert "architecture.html" in (site / "index.html").read_text()
    # the README's link to the architecture page resolves on the site
    assert 'href="architecture.html' in (site / "overview.html").read_text()


# ---------------------------------------------------------------- docstrings
#: Modules whose public functions carry complete numpydoc docstrings (issue 12).
NUMPYDOC_MODULES = ("discrete", "tables", "feature_selection", "clustering", "plot")


def _public_functions(module):
    names = getattr(module, "__all__", None) or [
        name
        for name, obj in vars(module).items()
        if not name.startswith("_") and callable(obj) and obj.__module__ == module.__name__
    ]
    for name in names:
        obj = getattr(module, name)
        if inspect.isfunction(obj):
            yield name, obj


@pytest.mark.parametrize("module_name", NUMPYDOC_MODULES)
def test_public_functions_have_complete_numpydoc(module_name):
    from numpydoc.docscrape import FunctionDoc

    module = importlib.import_module(f"fastmi.{module_name}")
    problems = []
    functions = list(_public_functions(module))
    assert functions
    for name, func in functions:
        doc = FunctionDoc(func)
        documented = {
            part.strip().lstrip("*")
            for param in doc["Parameters"]
            for part in param.name.split(",")
        }
        wanted = [p.name for p in inspect.signature(func).parameters.values()]
        missing = [p for p in wanted if p not in documented]
        if missing:
            problems.append(f"{name}: parameters not documented: {missing}")
        undescribed = [p.name for p in doc["Parameters"] if not "".join(p.desc).strip()]
        if undescribed:
            problems.append(f"{name}: parameters without a description: {undescribed}")
        if not doc["Returns"]:
            problems.append(f"{name}: no Returns section")
        if ">>>" not in "\n".join(doc["Examples"]):
            problems.append(f"{name}: no Examples section")
    assert not problems, "\n".join(problems)
