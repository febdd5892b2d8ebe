"""The glossary covers every term the notebooks link to, and speaks three vocabularies."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

import dvcedu
from dvcedu.glossary import EDITIONS, TERMS, glossary, markdown, slug

ROOT = Path(__file__).resolve().parents[1]


def test_at_least_forty_terms_with_unique_anchors_in_nfc():
    assert len(TERMS) >= 40
    anchors = [t.anchor for t in TERMS]
    assert len(anchors) == len(set(anchors))
    for term in TERMS:
        for text in (term.vi, term.definition, term.definition_en):
            assert unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize(
    ("query", "vi"),
    [
        ("chứng thư số", "chứng thư số"),
        ("CRL", "danh sách thu hồi"),
        ("private key", "khóa bí mật"),
        ("SO PIN, CKU_SO", "mã PIN quản trị"),
        ("mã PIN", "mã PIN"),
    ],
)
def test_lookup_in_any_language(query, vi):
    assert glossary(query).vi == vi


def test_callable_from_the_package():
    assert dvcedu.glossary("OCSP").en == "Online Certificate Status Protocol"
    with pytest.raises(KeyError):
        glossary("không có từ này")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_generated_markdown_is_up_to_date(lang):
    page = ROOT / EDITIONS[lang]
    assert page.read_text(encoding="utf-8") == markdown(lang), "python -m dvcedu.glossary"


def test_each_edition_puts_its_own_language_first():
    term = glossary("khóa bí mật")
    assert '| <a id="khoa-bi-mat"></a>**private key** | khóa bí mật |' in markdown("en")
    assert term.definition_en in markdown("en") and term.definition not in markdown("en")
    assert '| <a id="khoa-bi-mat"></a>**khóa bí mật** | private key |' in markdown("vi")


def test_a_term_in_a_kernel_speaks_the_kernel_language():
    from dvcedu import i18n

    term = glossary("private key")
    try:
        i18n.set_lang("en")
        assert term._repr_markdown_().startswith("**private key** (*khóa bí mật*")
        i18n.set_lang("vi")
        assert term._repr_markdown_().startswith("**khóa bí mật** (*private key*")
    finally:
        i18n.set_lang(None)


def test_every_term_the_notebooks_link_to_is_defined():
    anchors = {t.anchor for t in TERMS}
    linked = set()
    for src in (ROOT / "notebooks" / "src").glob("*.py"):
        linked |= set(re.findall(r"glossary\.md#([a-z0-9-]+)", src.read_text(encoding="utf-8")))
    assert len(linked) >= 40
    assert linked <= anchors, linked - anchors


def test_slug():
    assert slug("Đăng ký chứng thư") == "dang-ky-chung-thu"
