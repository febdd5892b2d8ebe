"""Build the course notebooks from their text sources and execute them.

Sources live in ``notebooks/src/NN_name.py`` in jupytext's "percent" format (``# %%`` starts
a code cell, ``# %% [markdown]`` a Markdown cell whose lines start with ``# ``;
``tags=[...]`` after ``# %%`` sets cell tags), read by jupytext. They diff and review like
code; the ``.ipynb`` files beside them are generated, executed top to bottom with the python3
kernel, and committed WITH outputs, with no widget state. This script adds only what jupytext
does not: executing, the solved copies, stable cell ids.

    python tools/build_notebooks.py            # every notebook
    python tools/build_notebooks.py 01         # the ones whose name starts with 01
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import tempfile
import tomllib
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "notebooks" / "src"
OUT = ROOT / "notebooks"

def parse(text: str) -> list[nbformat.NotebookNode]:
    """The cells of a percent-format source, read by jupytext."""
    cells = jupytext.reads(text, fmt="py:percent").cells
    for cell in cells:  # only the tags are ours to keep; ids and the rest are set on build
        tags = cell.metadata.get("tags", [])
        cell.metadata = nbformat.NotebookNode({"tags": tags} if tags else {})
    return cells


ANSWERS = tomllib.loads((Path(__file__).parent / "exercise_answers.toml").read_text())
SOLUTIONS = tomllib.loads((Path(__file__).parent / "task_solutions.toml").read_text())
EXERCISE_ID = re.compile(r'check\("([^"]+)", answer\)')
RELATIVE_LINK = re.compile(r"\]\((?!https?:|#|/|mailto:)([^)\s]+)")
TASK_ID = re.compile(r'^check_code\("([^"]+)", \w+\)', re.MULTILINE)


def solve(cells: list[nbformat.NotebookNode]) -> list[nbformat.NotebookNode]:
    """The solved copy: every exercise cell gets its answer from exercise_answers.toml, every
    task cell its code from task_solutions.toml (above its ``check_code`` line)."""
    for cell in cells:
        if cell.cell_type == "markdown":  # one folder down: relative links climb one more
            cell.source = RELATIVE_LINK.sub(r"](../\1", cell.source)
        if "task" in cell.metadata.get("tags", []):
            found = TASK_ID.search(cell.source)
            cell.source = SOLUTIONS[found.group(1)].strip() + "\n\n\n" + cell.source[found.start():]
        if "exercise" in cell.metadata.get("tags", []):
            exercise_id = EXERCISE_ID.search(cell.source).group(1)
            answer = ANSWERS[exercise_id]
            shown = "None" if answer == "None" else repr(answer)  # TOML has no None
            cell.source = re.sub(r"^answer = \.\.\..*$", f"answer = {shown}", cell.source,
                                 flags=re.MULTILINE)
    return cells


def build(src: Path, execute: bool = True, solved: bool = False) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = parse(src.read_text(encoding="utf-8"))
    if solved:
        nb.cells = solve(nb.cells)
    for i, cell in enumerate(nb.cells):
        cell.id = f"{src.stem[:2]}-{i:02d}"  # stable ids: no diff noise between builds
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    if execute:
        folder = OUT / "solutions" if solved else OUT
        NotebookClient(nb, timeout=600, kernel_name="python3", resources={
            "metadata": {"path": str(folder)}}, store_widget_state=False).execute()
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)  # run timestamps: noise in every diff
        if cell.cell_type == "code":
            cell.outputs = coalesce(cell.outputs)
            stable_widget_ids(cell)
    nb.metadata["language_info"] = {"name": "python"}
    out = (OUT / "solutions" if solved else OUT) / f"{src.stem}.ipynb"
    nbformat.write(nb, out)
    return out


def coalesce(outputs: list[nbformat.NotebookNode]) -> list[nbformat.NotebookNode]:
    """One stream output per run of prints: the kernel sends a stream message whenever its
    buffer is flushed (on a timer), so how many pieces a cell's text arrives in depends on
    timing. Joined, the committed notebook is the same from build to build."""
    joined: list[nbformat.NotebookNode] = []
    for output in outputs:
        last = joined[-1] if joined else None
        if (output.output_type == "stream" and last is not None
                and last.output_type == "stream" and last.name == output.name):
            last.text += output.text
        else:
            joined.append(output)
    return joined


WIDGET = "application/vnd.jupyter.widget-view+json"


def stable_widget_ids(cell: nbformat.NotebookNode) -> None:
    """Widget outputs name a model by a random id; no widget state is saved, so the id points
    at nothing. A stable one (from the cell id) keeps rebuilds free of diff noise."""
    for n, output in enumerate(cell.outputs):
        view = output.get("data", {}).get(WIDGET)
        if view is not None:
            view["model_id"] = hashlib.sha256(f"{cell.id}:{n}".encode()).hexdigest()[:32]


def has_exercises(src: Path) -> bool:
    text = src.read_text(encoding="utf-8")
    return '["exercise"]' in text or '["task"]' in text


def main(prefixes: list[str]) -> None:
    (OUT / "solutions").mkdir(exist_ok=True)
    for src in sorted(SRC.glob("*.py")):
        if not prefixes or any(src.stem.startswith(p) for p in prefixes):
            for solved in (False, True) if has_exercises(src) else (False,):
                # Each notebook makes its tokens in a throw-away DVCEDU_HOME of its own (never
                # the builder's): what it shows does not depend on which notebooks ran before.
                os.environ["DVCEDU_HOME"] = tempfile.mkdtemp(prefix="dvcedu-build-")
                print(build(src, solved=solved).relative_to(ROOT))


if __name__ == "__main__":
    main(sys.argv[1:])
