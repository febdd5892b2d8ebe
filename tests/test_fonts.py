"""The monospace font the course sets in JupyterLab has every letter the notebooks print.

JupyterLab's own list ends at DejaVu Sans Mono on Linux, which lacks the Vietnamese letters
with two marks (ẩ, ề, ễ, ộ …): code and print() output broke them apart. jupyter/user-settings
names Noto Mono first; this test checks that font covers every character of the notebooks'
code and text outputs.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def mono_font() -> str:
    path = (
        ROOT
        / "jupyter"
        / "user-settings"
        / "@jupyterlab"
        / "apputils-extension"
        / "themes.jupyterlab-settings"
    )
    text = "\n".join(
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if not line.strip().startswith("//")
    )
    family = json.loads(text)["overrides"]["code-font-family"]
    return family.split(",")[0].strip(" '\"")


def characters_shown_in_mono() -> set[str]:
    shown: set[str] = set()
    for path in (ROOT / "notebooks").glob("0*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "code":
                continue
            shown.update("".join(cell["source"]))
            for output in cell.get("outputs", []):
                shown.update("".join(output.get("text", "")))
    return {c for c in shown if ord(c) > 0x7F and unicodedata.category(c).startswith("L")}


def test_the_lab_mono_font_covers_every_vietnamese_letter_the_notebooks_show():
    if shutil.which("fc-list") is None:
        pytest.skip("no fontconfig on this machine (fc-list)")
    font = mono_font()
    assert font == "Noto Mono"
    letters = characters_shown_in_mono()
    assert {"ẩ", "ề", "ị"} <= letters  # the letters that broke
    missing = [
        c
        for c in sorted(letters)
        if font
        not in subprocess.run(
            ["fc-list", f":charset={ord(c):x}", "family"], capture_output=True, text=True
        ).stdout
    ]
    assert not missing, f"{font} lacks {''.join(missing)} (is fonts-noto-mono installed?)"
