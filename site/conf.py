"""The course site: the committed, executed notebooks and the course's documents, rendered by
Sphinx with MyST-NB (the engine of Jupyter Book 1) into build/site/.

Built from the project root (``sphinx-build -c site . build/site``) so every relative link
between the notebooks, the glossary and the guides is the same path it is in the repository.
Notebooks are not re-executed: the site shows exactly what is committed and nbval-checked.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from build_notebooks import ENGLISH_NAMES  # noqa: E402

project = "dvcedu — Đăng ký, đăng nhập Cổng Dịch vụ công Quốc gia bằng USB ký số"
author = "dvcedu"
language = "vi"
root_doc = "site/index"
extensions = ["myst_nb"]
include_patterns = ["site/index.md", "notebooks/[0-9][0-9]_*.ipynb",
                    "notebooks/solutions/[0-9][0-9]_*.ipynb", "notebooks/glossary.md",
                    "notebooks/README.md", "docs/*.md",
                    "site/en/index.md", "notebooks/en/[0-9][0-9]_*.ipynb",
                    "notebooks/en/solutions/[0-9][0-9]_*.ipynb", "notebooks/en/glossary.md",
                    "notebooks/en/README.md", "notebooks/en/handouts.md"]
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
    edition = "notebooks/en/" if english(docname) else "notebooks/"
    target = f"{prefix}{edition}glossary.html"
    source[0] = GLOSSARY_LINK.sub(
        lambda m: f"<a href='{target}#{m.group(2)}'>{m.group(1)}</a>", source[0])


def english(docname: str) -> bool:
    """Whether a page belongs to the English edition."""
    return docname.startswith(("notebooks/en/", "site/en/"))


SIBLINGS = {"site/index": "site/en/index", "notebooks/glossary": "notebooks/en/glossary",
            "notebooks/README": "notebooks/en/README", "docs/handouts": "notebooks/en/handouts"}
for _vi, _en in ENGLISH_NAMES.items():
    SIBLINGS[f"notebooks/{_vi}"] = f"notebooks/en/{_en}"
    SIBLINGS[f"notebooks/solutions/{_vi}"] = f"notebooks/en/solutions/{_en}"
SIBLINGS.update({en: vi for vi, en in list(SIBLINGS.items())})
"""Each page of one edition and the same page of the other: the language switch."""


def _theme_words(app, context: dict, pagename: str) -> None:
    """The theme's own words ("Search", "Contents") in the page's language: the site is built
    once, in Vietnamese, so for an English page the templates' gettext is switched to no
    translation (the themes' English) and back for the next Vietnamese page; and
    ``<html lang="en">``, so the page is read aloud as English."""
    templates = app.builder.templates.environment
    if english(pagename):
        context["language"] = "en"
        context["translate"] = str
        context["theme_search_bar_text"] = "Search..."
        templates.install_null_translations()
    else:
        templates.install_gettext_translations(app.translator)


def language_switch(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """At the top of every page that has a twin: a link to it, "English" on a Vietnamese page
    and "Tiếng Việt" on an English one (the browser suite follows every such link)."""
    _theme_words(app, context, pagename)
    other = SIBLINGS.get(pagename)
    if other is None or "body" not in context or other not in app.env.found_docs:
        return
    words = ("English", "en") if english(other) else ("Tiếng Việt", "vi")
    href = app.builder.get_relative_uri(pagename, other)
    context["body"] = (f'<p class="dvcedu-lang"><a href="{href}" hreflang="{words[1]}" '
                       f'lang="{words[1]}">{words[0]}</a></p>\n' + context["body"])


def front_door(app, exception: Exception | None) -> None:
    """``build/site/index.html`` opens the course (the root document lives in site/)."""
    if exception is None and app.builder.format == "html":
        (Path(app.outdir) / "index.html").write_text(
            '<!doctype html><meta charset="utf-8"><title>dvcedu</title>'
            '<meta http-equiv="refresh" content="0; url=site/index.html">'
            '<a href="site/index.html">dvcedu</a>\n', encoding="utf-8")


def setup(app):
    app.connect("source-read", glossary_links)
    app.connect("html-page-context", language_switch, priority=900)  # after the theme's
    app.connect("build-finished", front_door)
