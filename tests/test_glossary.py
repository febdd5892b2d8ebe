"""The glossary covers every term the notebooks link to, and speaks three vocabularies."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

import dvcedu
from dvcedu.glossary import TERMS, glossary, markdown, slug

ROOT = Path(__file__).resolve().parents[1]


def test_at_least_forty_terms_with_unique_anchors_in_nfc():
    assert len(TERMS) >= 40
    anchors = [t.anchor for t in TERMS]
    assert len(anchors) == len(set(anchors))
    for term in TERMS:
        for text in (term.vi, term.definition):
            assert unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize(("query", "vi"), [
    ("chứng thư số", "chứng thư số"), ("CRL", "danh sách thu hồi"),
    ("private key", "khóa bí mật"), ("SO PIN, CKU_SO", "mã PIN quản trị"),
    ("mã PIN", "mã PIN")])
def test_lookup_in_any_language(query, vi):
    assert glossary(query).vi == vi


def test_callable_from_the_package():
    assert dvcedu.glossary("OCSP").en == "Online Certificate Status Protocol"
    with pytest.raises(KeyError):
        glossary("không có từ này")


def test_generated_markdown_is_up_to_date():
    assert (ROOT / "notebooks" / "glossary.md").read_text(encoding="utf-8") == markdown()


def test_every_term_the_notebooks_link_to_is_defined():
    anchors = {t.anchor for t in TERMS}
    linked = set()
    for src in (ROOT / "notebooks" / "src").glob("*.py"):
        linked |= set(re.findall(r"glossary\.md#([a-z0-9-]+)", src.read_text(encoding="utf-8")))
    assert len(linked) >= 40
    assert linked <= anchors, linked - anchors


def test_slug():
    assert slug("Đăng ký chứng thư") == "dang-ky-chung-thu"
