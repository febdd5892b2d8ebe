"""The built course site (``make site``): every page loads in Chromium with its pictures, and
every link inside the site lands on a page (and on the element its #anchor names)."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest

from .conftest import ROOT

SITE = ROOT / "build" / "site"


@pytest.fixture(scope="module")
def site_url():
    if not (SITE / "index.html").is_file():
        pytest.fail("build/site is missing: run `make site` first (make test does)", pytrace=False)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(SITE))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def course_pages() -> list[str]:
    pages = [
        p.relative_to(SITE).as_posix()
        for p in SITE.glob("**/*.html")
        if p.parts[len(SITE.parts)] not in ("_static", "_sources")
    ]
    return sorted(p for p in pages if p not in ("genindex.html", "search.html"))


def test_the_site_has_the_course_in_order():
    pages = course_pages()
    for edition, index in (
        ("notebooks/", "site/index.html"),
        ("notebooks/en/", "site/en/index.html"),
    ):
        notebooks = [p for p in pages if p.startswith((edition + "0", edition + "1"))]
        sources = sorted((ROOT / "notebooks" / "src").glob("[0-9][0-9]_*.py"))
        assert len(sources) >= 12 and len(notebooks) == len(sources), (notebooks, sources)
        assert notebooks == sorted(notebooks), notebooks
        solved = [p for p in pages if p.startswith(edition + "solutions/")]
        on_disk = sorted(
            f"{edition}solutions/{nb.stem}.html"
            for nb in (ROOT / edition / "solutions").glob("*.ipynb")
        )
        assert len(on_disk) >= 10 and solved == on_disk, (solved, on_disk)
        text = (SITE / index).read_text(encoding="utf-8")
        order = [text.index(f'{Path(n).name}"') for n in notebooks]
        assert order == sorted(order), f"the navigation of {index} is not in course order"
    for page in (
        "site/index.html",
        "notebooks/glossary.html",
        "notebooks/README.html",
        "docs/classroom.html",
        "docs/architecture.html",
        "site/en/index.html",
        "notebooks/en/glossary.html",
        "notebooks/en/README.html",
        "notebooks/en/handouts.html",
    ):
        assert page in pages


def search_words(page) -> str:
    return page.locator(".search-button__default-text").first.text_content().strip()


def test_every_course_page_switches_to_the_same_page_in_the_other_language(page, site_url):
    """The switch at the top of a page opens its twin, which switches back to it."""
    twins = [
        p
        for p in course_pages()
        if (p.startswith("notebooks/") and not p.startswith("notebooks/en/"))
        or p in ("site/index.html", "docs/handouts.html")
    ]
    assert len(twins) >= 11 + 8 + 4
    for name in twins:
        page.goto(f"{site_url}/{name}")
        assert page.locator("html").get_attribute("lang") == "vi"
        assert search_words(page) == "Tìm Kiếm"  # the theme's own words follow the page
        switch = page.locator(".dvcedu-lang a")
        assert switch.inner_text() == "English", name
        switch.click()
        page.wait_for_load_state()
        english = page.url.removeprefix(site_url + "/")
        assert "/en/" in english and page.locator("html").get_attribute("lang") == "en"
        assert page.locator(".dvcedu-lang a").inner_text() == "Tiếng Việt", english
        assert search_words(page) == "Search"
        page.locator(".dvcedu-lang a").click()
        page.wait_for_load_state()
        assert page.url.removeprefix(site_url + "/") == name, f"{name} → {english} → {page.url}"


def test_every_page_loads_with_its_pictures_and_no_broken_link(page, site_url, shots):
    broken: list[str] = []
    pictures = 0
    for name in course_pages():
        # networkidle: the theme's scripts have finished (on a loaded machine, reading the
        # page at "load" once met a context still being replaced)
        response = page.goto(f"{site_url}/{name}", wait_until="networkidle")
        assert response is not None and response.ok, name
        images = page.locator("main img")
        for i in range(images.count()):
            images.nth(i).scroll_into_view_if_needed()
            assert images.nth(i).evaluate("i => i.complete && i.naturalWidth > 0"), (
                f"picture {i} of {name} did not load"
            )
        pictures += images.count()
        outputs = " ".join(page.locator(".cell_output").all_inner_texts())
        assert "<Figure size" not in outputs, f"a figure shown as text on {name}"
        for href in page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)"):
            url, anchor = urldefrag(href)
            if not url.startswith(site_url):
                continue
            target = SITE / unquote(urlparse(url).path).lstrip("/")
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{name} → {href}")
            elif anchor and f'id="{anchor}"' not in target.read_text(encoding="utf-8"):
                broken.append(f"{name} → {href} (no #{anchor})")
        if name.startswith("notebooks/04"):
            page.screenshot(path=str(shots / "site-04.png"), full_page=False)
    assert not broken, "\n".join(sorted(set(broken)))
    assert pictures >= 9, f"only {pictures} pictures on the whole site"
