"""Notebooks are documentation: executed in order, small, no widget state, no PIN shown,
and identical to their text sources in notebooks/src/."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from dvcedu.token import TRAINING_PIN, TRAINING_SO_PIN

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("**/*.ipynb"))
NOTEBOOKS = [p for p in NOTEBOOKS if ".ipynb_checkpoints" not in p.parts]


def test_there_are_notebooks():
    names = {p.name for p in NOTEBOOKS if p.parent == ROOT / "notebooks"}
    assert names == {
        f"{stem}.ipynb"
        for stem in (
            "00_gioi_thieu",
            "01_usb_token_pkcs11",
            "02_chung_thu_so",
            "03_ky_so",
            "04_dang_ky",
            "05_dang_nhap",
            "06_su_co_thuong_gap",
            "07_bao_mat",
            "08_usb_token_that",
            "09_trinh_duyet_that",
            "10_ky_ho_so",
            "11_ky_so_tu_xa",
        )
    }
    solved = {p.name for p in NOTEBOOKS if p.parent == ROOT / "notebooks" / "solutions"}
    assert solved == {
        n
        for n in names
        if n[:2] in {"01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11"}
    }


def test_hardware_cells_are_skipped_and_say_so():
    for path in NOTEBOOKS:
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            touches_hardware = re.search(
                r"module=(REAL_MODULE|real_module)|"
                r"list_tokens\(REAL_MODULE\)",
                source,
            )
            if touches_hardware and cell["cell_type"] == "code":
                assert "nbval-skip" in cell["metadata"].get("tags", []), path.name
                assert ("skipping" if "/en/" in path.as_posix() else "bỏ qua") in source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_notebook_is_clean_documentation(path: Path):
    assert path.stat().st_size < 1_000_000
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    assert "widgets" not in nb["metadata"], "widget state saved (it may hold a PIN)"
    counts = [c["execution_count"] for c in nb["cells"] if c["cell_type"] == "code"]
    assert counts == list(range(1, len(counts) + 1)), "not executed top to bottom in one run"
    text = json.dumps([c.get("outputs", []) for c in nb["cells"]], ensure_ascii=False)
    for secret in (TRAINING_PIN, TRAINING_SO_PIN):
        assert secret not in text, f"a PIN appears in the outputs of {path.name}"
    assert "/tmp/" not in text and "dvcedu-notebook-" not in text, "a temp path is shown"


def _edition_of(path: Path) -> str:
    return "en" if "en" in path.relative_to(ROOT / "notebooks").parts else "vi"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_notebook_matches_its_source(path: Path):
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from build_notebooks import ENGLISH_NAMES, edition, parse, solve
    finally:
        sys.path.pop(0)
    lang = _edition_of(path)
    stem = {en: vi for vi, en in ENGLISH_NAMES.items()}[path.stem] if lang == "en" else path.stem
    src = ROOT / "notebooks" / "src" / f"{stem}.py"
    assert src.is_file(), f"{path.name} has no source in notebooks/src/"
    cells = edition(parse(src.read_text(encoding="utf-8")), lang)
    if path.parent.name == "solutions":
        cells = solve(cells)
    expected = [(c.cell_type, c.source) for c in cells]
    nb = json.loads(path.read_text(encoding="utf-8"))
    actual = [(c["cell_type"], "".join(c["source"])) for c in nb["cells"]]
    assert actual == expected, "rebuild with: python tools/build_notebooks.py " + stem[:2]


DRAWS = re.compile(r"^draw_\w+\(", re.MULTILINE)
"""A cell whose value is a picture: its last statement calls one of viz's draw_ functions."""


def _last_statement(source: str) -> str:
    import ast

    tree = ast.parse(
        "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
    )
    return ast.get_source_segment(source, tree.body[-1]) or "" if tree.body else ""


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_drawing_cell_shows_an_image(path: Path):
    """The bug that hid every figure for a whole release: a cell that draws must have an
    image output, and no output may be a figure shown as text."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    drawing = 0
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        outputs = cell.get("outputs", [])
        text = json.dumps(outputs, ensure_ascii=False)
        assert "<Figure size" not in text, f"a figure shown as text in {path.name}"
        if DRAWS.match(_last_statement("".join(cell["source"]))):
            drawing += 1
            images = [o for o in outputs if "image/png" in o.get("data", {})]
            assert images, f"a drawing cell of {path.name} has no image:\n{cell['source']}"
            shown = images[0]["metadata"]["image/png"]
            assert shown["width"] > 0 and shown["height"] > 0
    if path.stem[:2] in {"02", "03", "04", "05", "06"}:
        assert drawing, f"{path.name} should draw at least one picture"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_a_notebook_looks_right_before_it_is_run(path: Path):
    """What GitHub, nbviewer and a fresh JupyterLab show: no magic's chatter, no widget repr."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            shown = "".join(output.get("text", "")) + "".join(
                output.get("data", {}).get("text/plain", "")
            )
            assert "Exception reporting mode" not in shown
            if "application/vnd.jupyter.widget-view+json" in output.get("data", {}):
                assert shown.startswith("["), f"a raw widget repr in {path.name}: {shown[:80]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_a_rebuild_gives_the_same_bytes(path: Path):
    """What the builder makes deterministic: one stream output per run of prints (the
    kernel's timer-driven flushes would split them at random) and stable widget ids."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from build_notebooks import WIDGET, coalesce, stable_widget_ids
    finally:
        sys.path.pop(0)
    import nbformat

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        assert len(coalesce([o.copy() for o in cell.outputs])) == len(cell.outputs)
        ids = [o["data"][WIDGET]["model_id"] for o in cell.outputs if WIDGET in o.get("data", {})]
        stable_widget_ids(cell)
        assert ids == [
            o["data"][WIDGET]["model_id"] for o in cell.outputs if WIDGET in o.get("data", {})
        ]


LINK = re.compile(r"\]\((?!https?:|#|/|mailto:)([^)\s#]+)")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_in_a_notebook_lands_on_a_file(path):
    """Solved copies live one folder down: their links climb one more (the builder sees to
    it), so the glossary and the next notebook open from either copy."""
    missing = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "markdown":
            for target in LINK.findall("".join(cell["source"])):
                if not (path.parent / target).exists():
                    missing.append(target)
    assert not missing, missing
