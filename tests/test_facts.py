"""Each dated fact of notebooks/facts.toml is taught, in both editions, with the tag its sources
allow: the first tag after the fact, in the same paragraph or table row, is the fact's tag."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from build_notebooks import SRC, edition, parse  # noqa: E402

FACTS = tomllib.loads((ROOT / "notebooks" / "facts.toml").read_text(encoding="utf-8"))
TAGS = {"confirmed", "secondary", "unconfirmed"}
# "chưa xác nhận" before "xác nhận": the longer word wins at the same place
TAG = re.compile(r"\[(chưa xác nhận|xác nhận|thứ cấp|unconfirmed|confirmed|secondary)\b[^\]]*\]")
NAME = {
    "xác nhận": "confirmed",
    "thứ cấp": "secondary",
    "chưa xác nhận": "unconfirmed",
    "confirmed": "confirmed",
    "secondary": "secondary",
    "unconfirmed": "unconfirmed",
}


def blocks(markdown: str) -> list[str]:
    """A cell's paragraphs and table rows, each on one line (a quote's `>` dropped)."""
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", markdown):
        lines = [re.sub(r"^>\s?", "", line) for line in paragraph.splitlines()]
        if any(line.startswith("|") for line in lines):
            out += lines
        else:
            out.append(" ".join(lines))
    return out


def tags_after(pattern: str, markdown: str) -> list[str | None]:
    """For each place ``pattern`` matches: the first tag after it in its block (None if none)."""
    found: list[str | None] = []
    for block in blocks(markdown):
        for match in re.finditer(pattern, block):
            tag = TAG.search(block, match.end())
            found.append(NAME[tag.group(1)] if tag else None)
    return found


def edition_text(lang: str) -> list[tuple[str, str]]:
    """(notebook, markdown) for every markdown cell of ``lang``'s edition."""
    return [
        (src.name, cell.source)
        for src in sorted(SRC.glob("[0-9][0-9]_*.py"))
        for cell in edition(parse(src.read_text(encoding="utf-8")), lang)
        if cell.cell_type == "markdown"
    ]


TEXT = {lang: edition_text(lang) for lang in ("vi", "en")}


def test_every_fact_has_a_known_tag_a_source_and_both_editions():
    for name, fact in FACTS.items():
        assert fact["tag"] in TAGS, name
        assert fact.get("source"), name
        assert set(fact) == {"tag", "source", "vi", "en"}, name


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", sorted(FACTS))
def test_a_fact_is_taught_with_the_tag_its_sources_allow(name, lang):
    fact = FACTS[name]
    seen = [
        (notebook, tag)
        for notebook, markdown in TEXT[lang]
        for tag in tags_after(fact[lang], markdown)
    ]
    assert seen, f"{name} ({lang}): not found in any notebook; update notebooks/facts.toml"
    wrong = [(notebook, tag) for notebook, tag in seen if tag != fact["tag"]]
    assert not wrong, f"{name} ({lang}) is {fact['tag']}, taught as {wrong}"


def test_the_check_sees_a_fact_taught_more_surely_than_its_sources_allow():
    fact = FACTS["usb-login-after-2025-07"]
    honest = (
        "Đăng nhập Cổng bằng USB ký số còn được chấp nhận ở đâu\nthì chưa rõ **[chưa xác nhận]**."
    )
    assert tags_after(fact["vi"], honest) == ["unconfirmed"]
    assert tags_after(fact["vi"], honest.replace("[chưa xác nhận]", "[xác nhận]")) == ["confirmed"]
    # a tag in the next paragraph, or in the next row of a table, is not this fact's tag
    assert tags_after(fact["vi"], honest.replace("thì", "\n\nthì")) == [None]
    row = "| Đăng nhập Cổng bằng USB ký số còn được chấp nhận | ? |\n| khác | [xác nhận] |"
    assert tags_after(fact["vi"], row) == [None]
