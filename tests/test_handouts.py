"""The printable handouts in the site are generated: the committed docs/handouts.md is what
tools/build_handouts.py writes from notebook 06's table and the glossary's terms."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_handouts_are_up_to_date():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from build_handouts import OUT, handouts
    finally:
        sys.path.pop(0)
    assert OUT.read_text(encoding="utf-8") == handouts(), "run: python tools/build_handouts.py"


def test_the_helpdesk_sheet_has_every_row_of_notebook_06s_table():
    text = (ROOT / "docs" / "handouts.md").read_text(encoding="utf-8")
    for row in ("Token bị khóa", "Trang báo không kết nối được plugin", "CA không tin cậy"):
        assert row in text
