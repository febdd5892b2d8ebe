"""The printable handouts in the site are generated: the committed docs/handouts.md is what
tools/build_handouts.py writes from notebook 06's table and the glossary's terms."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_handouts_are_up_to_date(lang):
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from build_handouts import OUT, handouts
    finally:
        sys.path.pop(0)
    assert OUT[lang].read_text(encoding="utf-8") == handouts(lang), (
        "run: python tools/build_handouts.py"
    )


def test_the_english_sheet_is_the_english_notebooks_table():
    text = (ROOT / "notebooks" / "en" / "handouts.md").read_text(encoding="utf-8")
    for row in (
        "| Token locked | 2.3 |",
        "| The page cannot reach the plugin | 2.1 |",
        "### 06 — Common problems",
    ):
        assert row in text
    assert "Token bị khóa" not in text and "Ghi chú cho giảng viên" not in text


def test_the_helpdesk_sheet_has_every_row_of_notebook_06s_table():
    text = (ROOT / "docs" / "handouts.md").read_text(encoding="utf-8")
    for row in ("Token bị khóa", "Trang báo không kết nối được plugin", "CA không tin cậy"):
        assert row in text
