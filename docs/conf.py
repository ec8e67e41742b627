"""Sphinx configuration of the fastmi documentation.

Build: ``python -m sphinx -W --keep-going -b html docs docs/_build/html``
(``pip install -e ".[docs]"``).  The API reference is autodoc over the
numpydoc docstrings of the public modules; the README is the overview page.
"""

import re

import fastmi

project = "fastmi"
author = "the fastmi developers"
copyright = "2026, the fastmi developers"  # noqa: A001 (Sphinx's name)
version = release = fastmi.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "numpydoc",
    "myst_parser",
    "matplotlib.sphinxext.plot_directive",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build"]

# autodoc / numpydoc: document what a module exports, in source order.
autodoc_default_options = {"members": True, "member-order": "bysource"}
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

# MyST: the README and the CHANGELOG are included as they are.
myst_heading_anchors = 3
myst_enable_extensions = ["dollarmath"]

# The gallery's figures are drawn at build time with the Agg backend.
plot_include_source = True
plot_html_show_source_link = False
plot_html_show_formats = False
plot_formats = [("png", 80)]
plot_rcparams = {"figure.figsize": (6.4, 4.0)}

intersphinx_mapping = {}  # no network at build time
html_theme = "alabaster"
html_title = f"fastmi {release}"

# fastmi's docstrings write |x| for an absolute value or a determinant, never
# a reStructuredText substitution: escape the bars in prose lines (doctest
# lines are literal and keep theirs).
_BARS = re.compile(r"(?<![\\|`])\|(?=[^\s|])([^|`\n]*?[^\s|\\])\|(?![|_])")


def _escape_bars(app, what, name, obj, options, lines):
    for i, line in enumerate(lines):
        stripped = line.lstrip()
        if not stripped.startswith((">>>", "...")):
            lines[i] = _BARS.sub(r"\\|\1\\|", line)


def setup(app):
    app.connect("autodoc-process-docstring", _escape_bars, priority=400)
