"""The course site: the committed, executed notebooks and the course's documents, rendered by
Sphinx with MyST-NB (the engine of Jupyter Book 1) into build/site/.

Built from the project root (``sphinx-build -c site . build/site``) so every relative link
between the notebooks, the glossary and the guides is the same path it is in the repository.
Notebooks are not re-executed: the site shows exactly what is committed and nbval-checked.
"""

from __future__ import annotations

import re
from pathlib import Path

project = "dvcedu — Đăng ký, đăng nhập Cổng Dịch vụ công Quốc gia bằng USB ký số"
author = "dvcedu"
language = "vi"
root_doc = "site/index"
extensions = ["myst_nb"]
include_patterns = ["site/index.md", "notebooks/[0-9][0-9]_*.ipynb",
                    "notebooks/solutions/[0-9][0-9]_*.ipynb", "notebooks/glossary.md",
                    "notebooks/README.md", "docs/*.md"]
exclude_patterns = ["build", ".venv", "**/.ipynb_checkpoints"]
nb_execution_mode = "off"
nb_output_stderr = "show"
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3
html_theme = "sphinx_book_theme"
html_title = "dvcedu"
html_theme_options = {"show_toc_level": 2, "use_download_button": False,
                      "home_page_in_toc": True}
html_last_updated_fmt = None
html_show_sourcelink = False
html_copy_source = False

GLOSSARY_LINK = re.compile(
    r"\[([^\[\]\n\"]+)\]\((?:\.\./)*(?:notebooks/)?glossary\.md#([a-z0-9-]+)\)")


def glossary_links(app, docname: str, source: list[str]) -> None:
    """The glossary marks its terms with ``<a id="…">`` inside a table (GitHub and JupyterLab
    follow those); MyST resolves ``glossary.md#id`` only against headings. Links to a term
    become plain HTML links to the built glossary page (single quotes: the text may be a
    notebook's JSON); the browser suite checks every one lands on an element with that id."""
    prefix = "../" * docname.count("/")
    target = f"{prefix}notebooks/glossary.html"
    source[0] = GLOSSARY_LINK.sub(
        lambda m: f"<a href='{target}#{m.group(2)}'>{m.group(1)}</a>", source[0])


def front_door(app, exception: Exception | None) -> None:
    """``build/site/index.html`` opens the course (the root document lives in site/)."""
    if exception is None and app.builder.format == "html":
        (Path(app.outdir) / "index.html").write_text(
            '<!doctype html><meta charset="utf-8"><title>dvcedu</title>'
            '<meta http-equiv="refresh" content="0; url=site/index.html">'
            '<a href="site/index.html">dvcedu</a>\n', encoding="utf-8")


def setup(app):
    app.connect("source-read", glossary_links)
    app.connect("build-finished", front_door)
