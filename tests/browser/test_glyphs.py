"""Every character the course shows has a font on this machine to draw it.

Chromium on Linux draws a character with the first font fontconfig offers that has it; when no
installed font has it, the learner sees an empty box (it happened: ⏳ on every unanswered
exercise, ⛔ beside the methods the course does not simulate). So the characters of every
notebook (sources and outputs, both editions), of the message catalogue and of the practice
pages are checked against the union of the character maps of the fonts fontconfig lists.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest
from fontTools.ttLib import TTCollection, TTFont

from dvcedu.messages import MESSAGES

from .conftest import ROOT


def installed_coverage() -> set[int]:
    if not shutil.which("fc-list"):
        pytest.fail("fc-list not found: install fontconfig (Chromium needs it too)", pytrace=False)
    files = subprocess.run(
        ["fc-list", "--format", "%{file}\n"], capture_output=True, text=True, check=True
    ).stdout.split()
    covered: set[int] = set()
    for file in set(files):
        fonts = TTCollection(file).fonts if file.endswith(".ttc") else [TTFont(file, lazy=True)]
        for font in fonts:
            if (cmap := font.getBestCmap()) is not None:
                covered |= set(cmap)
    return covered


def shown_text() -> dict[str, str]:
    """Where each piece of text is shown → the text."""
    texts = {
        str(p.relative_to(ROOT)): p.read_text(encoding="utf-8")
        for pattern in (
            "notebooks/**/*.ipynb",
            "notebooks/**/*.md",
            "dvcedu/web/templates/*.html",
            "dvcedu/web/static/*.js",
        )
        for p in ROOT.glob(pattern)
        if ".ipynb_checkpoints" not in p.parts
    }
    texts |= {f"message {key}": vi + en for key, (vi, en) in MESSAGES.items()}
    return texts


def drawable(char: str) -> bool:
    """Controls, format characters and spaces need no glyph."""
    return unicodedata.category(char)[0] not in "CZ"


def missing_glyphs(texts: dict[str, str], covered: set[int]) -> dict[str, list[str]]:
    """Each character no font covers → up to three places it is shown."""
    missing: dict[str, set[str]] = {}
    for where, text in texts.items():
        for char in set(text):
            if drawable(char) and ord(char) not in covered:
                missing.setdefault(
                    f"U+{ord(char):04X} {char} {unicodedata.name(char, '?')}", set()
                ).add(where)
    return {glyph: sorted(places)[:3] for glyph, places in missing.items()}


def test_every_character_the_course_shows_has_an_installed_font():
    covered = installed_coverage()
    assert {ord("ệ"), ord("✔"), ord("✘")} <= covered, "no installed font has the course's letters"
    missing = missing_glyphs(shown_text(), covered)
    assert not missing, f"no installed font draws: {missing}"


def test_the_check_names_a_character_no_font_has_and_where_it_is_shown():
    covered = {ord(c) for c in "chưa trả lời"}
    found = missing_glyphs(
        {"notebook A": "⏳ chưa trả lời\n", "notebook B": "trả\u200blời ⏳"}, covered
    )
    assert found == {"U+23F3 ⏳ HOURGLASS WITH FLOWING SAND": ["notebook A", "notebook B"]}
