"""The README's "What is in it" table, the architecture page and the package
front tell the same story (issue 12): every public name and public module is
in the table, and every public module is in the architecture page's layers."""

import pathlib
import re

import fastmi

ROOT = pathlib.Path(__file__).resolve().parents[1]


def section(text, heading):
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start : end if end > 0 else None]


TABLE = section((ROOT / "README.md").read_text(encoding="utf-8"), "## What is in it")
LAYERS = section((ROOT / "docs" / "architecture.md").read_text(encoding="utf-8"), "## Layers")


def public_modules():
    """Public modules and packages of fastmi, by file (no leading underscore)."""
    package = ROOT / "fastmi"
    files = [p.stem for p in package.glob("*.py") if not p.stem.startswith("_")]
    packages = [
        p.name for p in package.iterdir() if (p / "__init__.py").exists() and p.name[0] != "_"
    ]
    return sorted(files), sorted(packages)


def test_every_exported_name_is_in_the_readme_table():
    missing = [name for name in fastmi.__all__ if not re.search(rf"\b{name}\b", TABLE)]
    assert not missing, f"in fastmi.__all__ but not in the README table: {missing}"


def test_every_public_module_is_in_the_readme_table():
    files, packages = public_modules()
    modules = [m for m in files + packages if m != "front"]  # `mutual_info`'s home
    missing = [m for m in modules if f"fastmi.{m}" not in TABLE]
    assert not missing, f"public modules missing from the README table: {missing}"
    assert set(packages) <= fastmi._SUBMODULES


def test_every_public_module_is_in_the_architecture_layers():
    files, packages = public_modules()
    missing = [f"{m}.py" for m in files if f"`{m}.py`" not in LAYERS]
    missing += [f"{p}/" for p in packages if f"`{p}/`" not in LAYERS and p != "reference"]
    assert not missing, f"public modules missing from docs/architecture.md's layers: {missing}"
    assert "`reference/`" in LAYERS
