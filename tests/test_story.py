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


def _is_module(name):
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except ImportError:  # the parent is a module, not a package
        return False


def _private_reaches(path):
    """``module._name`` and ``from fastmi.module import _name`` uses in one
    source file where ``_name`` is a private name of another module (private
    *modules* such as ``fastmi._validation`` are the package's internals and
    may be imported)."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules = {}  # local name -> fastmi module it is bound to
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("fastmi"):
            for alias in node.names:
                target = f"{node.module}.{alias.name}"
                is_module = _is_module(target)
                if is_module:
                    modules[alias.asname or alias.name] = target
                elif alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.append(f"from {node.module} import {alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("fastmi") and alias.asname:
                    modules[alias.asname] = alias.name
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and not _is_module(f"{modules[node.value.id]}.{node.attr}")
        ):
            found.append(f"{modules[node.value.id]}.{node.attr}")
    return found


def test_no_module_reaches_into_another_modules_private_names():
    reaches = {
        str(path.relative_to(ROOT)): found
        for path in sorted((ROOT / "fastmi").rglob("*.py"))
        if (found := _private_reaches(path))
    }
    assert not reaches, f"private names used across modules: {reaches}"
