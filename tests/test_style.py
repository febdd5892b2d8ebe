"""The Vietnamese style sheet (docs/style.md) is kept: no retired form of a term appears in a
notebook source, the course's Markdown, or the message catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def retired() -> list[str]:
    rows = re.findall(
        r"^\| ([^|]+) \| ([^|]*) \| ([^|]+) \|",
        (ROOT / "docs" / "style.md").read_text(encoding="utf-8"),
        re.MULTILINE,
    )
    terms = [t.strip() for _, column, _ in rows[1:] for t in column.split(",")]
    return [t for t in terms if t and not t.startswith("-")]


def sources() -> list[Path]:
    return sorted(
        [
            *(ROOT / "notebooks" / "src").glob("*.py"),
            *(ROOT / "notebooks").glob("*.md"),
            *(ROOT / "dvcedu" / "messages").glob("*.py"),
            ROOT / "README.md",
            ROOT / "docs" / "classroom.md",
        ]
    )


def test_the_style_sheet_names_retired_forms():
    assert {"lễ đăng ký", "hỏng ở bước", "đăng nhập token"} <= set(retired())


@pytest.mark.parametrize("path", sources(), ids=lambda p: p.name)
def test_no_retired_form_is_used(path):
    text = path.read_text(encoding="utf-8").lower()
    found = [term for term in retired() if term.lower() in text]
    assert not found, f"{path.name} uses {found}: see docs/style.md"
