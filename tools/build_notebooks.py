"""Build the course notebooks, in Vietnamese and in English, from their one source each.

Sources live in ``notebooks/src/NN_name.py`` in jupytext's "percent" format (``# %%`` starts
a code cell, ``# %% [markdown]`` a Markdown cell whose lines start with ``# ``;
``tags=[...]`` after ``# %%`` sets cell tags), read by jupytext. They diff and review like
code; the ``.ipynb`` files are generated, executed top to bottom with the python3 kernel, and
committed WITH outputs, with no widget state. This script adds only what jupytext does not:
the two editions, executing, the solved copies, stable cell ids.

**Two languages, one source.** A cell marked ``lang="en" vi="<hash>"`` is the English of the
cell just above it: the Vietnamese edition (``notebooks/``) leaves it out, the English edition
(``notebooks/en/``) puts it in its place, with the Vietnamese cell's tags. ``<hash>`` is the
fingerprint of the Vietnamese text it translates (as gettext marks an entry fuzzy): change the
Vietnamese and tests/test_editions.py fails until a translator has looked at the English and
run ``python tools/build_notebooks.py --reviewed NN``. A cell with no English twin (code with
no text in it) is the same in both.

**Code is written once.** The English twin of a code cell is not a second copy of the code
but its table of words, ``twin="strings"``: one line per string or comment that differs, the
Vietnamese as it stands in the code, then ``  →  ``, then the English (a line break inside
a word written ``↵``)::

    # %%
    print("Đăng ký thành công?", ok)  # kết quả

    # %% lang="en" vi="<hash>" twin="strings"
    # "Đăng ký thành công?"  →  "Registered successfully?"
    # # kết quả  →  # the result

The English edition's code is the Vietnamese code with those words replaced (:func:`english`),
so the two editions run the same program by construction; a line whose Vietnamese is no
longer in the code is an error, not a silent Vietnamese word in the English edition.

    python tools/build_notebooks.py            # every notebook, both editions
    python tools/build_notebooks.py 01         # the ones whose name starts with 01
    python tools/build_notebooks.py --reviewed 01   # English of 01 reviewed: stamp the hashes
    python tools/build_notebooks.py --jobs 2        # every notebook, two kernels at a time

As a library (``sys.path`` holding ``tools/``): ``edition(parse(text), lang)`` gives one
edition's cells without running anything, ``build(src, lang)`` one executed notebook,
``build_all(sources, jobs)`` many in parallel.
"""

from __future__ import annotations

import ast
import hashlib
import os
import re
import sys
import tempfile
import tomllib
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "notebooks" / "src"
OUT = ROOT / "notebooks"
EDITIONS = {"vi": OUT, "en": OUT / "en"}

ENGLISH_NAMES = {
    "00_gioi_thieu": "00_introduction",
    "01_usb_token_pkcs11": "01_usb_token_pkcs11",
    "02_chung_thu_so": "02_certificates",
    "03_ky_so": "03_signing",
    "04_dang_ky": "04_registration",
    "05_dang_nhap": "05_login",
    "06_su_co_thuong_gap": "06_common_problems",
    "07_bao_mat": "07_security",
    "08_usb_token_that": "08_real_token",
    "09_trinh_duyet_that": "09_real_browser",
    "10_ky_ho_so": "10_signing_a_dossier",
    "11_ky_so_tu_xa": "11_remote_signing",
}
"""The English edition's file names (the source's stem → the notebook's stem)."""


def notebook_name(src: Path, lang: str) -> str:
    return (ENGLISH_NAMES[src.stem] if lang == "en" else src.stem) + ".ipynb"


def parse(text: str) -> list[nbformat.NotebookNode]:
    """The cells of a percent-format source, read by jupytext, both languages."""
    cells = jupytext.reads(text, fmt="py:percent").cells
    for cell in cells:  # only tags and the pairing are ours to keep; the rest is set on build
        kept = {
            key: cell.metadata[key]
            for key in ("tags", "lang", "vi", "twin")
            if key in cell.metadata
        }
        cell.metadata = nbformat.NotebookNode(kept)
    return cells


def fingerprint(text: str) -> str:
    """The short hash an English cell records of the Vietnamese it translates (the message
    catalogue's English records the same, ``dvcedu.messages.fingerprint``)."""
    from dvcedu.messages import fingerprint as of_vietnamese

    return of_vietnamese(text)


def pairs(
    cells: list[nbformat.NotebookNode],
) -> list[tuple[nbformat.NotebookNode, nbformat.NotebookNode | None]]:
    """Each Vietnamese cell with the English cell below it (``None``: shared as it is)."""
    paired: list[tuple[nbformat.NotebookNode, nbformat.NotebookNode | None]] = []
    for cell in cells:
        if cell.metadata.get("lang") != "en":
            paired.append((cell, None))
        elif not paired or paired[-1][1] is not None:
            raise ValueError(f"an English cell with no Vietnamese cell above it:\n{cell.source}")
        elif paired[-1][0].cell_type != cell.cell_type:
            raise ValueError(
                f"an English {cell.cell_type} cell under a Vietnamese "
                f"{paired[-1][0].cell_type} cell:\n{cell.source}"
            )
        elif cell.cell_type == "code" and cell.metadata.get("twin") != "strings":
            raise ValueError(
                "code is written once: its English twin is a table of words "
                f'(lang="en" vi="…" twin="strings"), not a copy:\n{cell.source}'
            )
        else:
            paired[-1] = (paired[-1][0], cell)
    return paired


def edition(cells: list[nbformat.NotebookNode], lang: str) -> list[nbformat.NotebookNode]:
    """The cells of one language's notebook: an English cell replaces its Vietnamese one and
    takes its tags; metadata is only the tags."""
    chosen = []
    for vi, en in pairs(cells):
        if en is not None and vi.cell_type == "code":
            en = nbformat.NotebookNode(dict(en, source=english(vi.source, en.source)))
        cell = nbformat.NotebookNode(dict(en if lang == "en" and en is not None else vi))
        tags = vi.metadata.get("tags", [])
        cell.metadata = nbformat.NotebookNode({"tags": tags} if tags else {})
        chosen.append(cell)
    return chosen


ARROW = "  →  "
NEWLINE = "↵"
"""A line break inside a word (a docstring over two lines), as a table line writes it."""


def words(table: str) -> dict[str, str]:
    """A ``twin="strings"`` cell's lines as {Vietnamese: English}."""
    found: dict[str, str] = {}
    for line in table.splitlines():
        vi, arrow, en = line.removeprefix("# ").partition(ARROW)
        if not arrow or not vi or not en:
            raise ValueError(f"not a line of words (# Vietnamese  →  English): {line!r}")
        vi, en = vi.replace(NEWLINE, "\n"), en.replace(NEWLINE, "\n")
        if vi in found:
            raise ValueError(f"the same Vietnamese twice in one table: {vi!r}")
        found[vi] = en
    return found


def english(vietnamese: str, table: str) -> str:
    """The English edition's code: ``vietnamese`` with each word of ``table`` replaced, in one
    pass, longest first (so a comment that quotes a string is replaced whole)."""
    found = words(table)
    missing = [vi for vi in found if vi not in vietnamese]
    if missing:
        raise ValueError(f"no longer in the Vietnamese code: {missing}\n{vietnamese}")
    pattern = re.compile("|".join(re.escape(vi) for vi in sorted(found, key=len, reverse=True)))
    return pattern.sub(lambda m: found[m.group()], vietnamese) if found else vietnamese


def stale(cells: list[nbformat.NotebookNode]) -> list[str]:
    """The English cells whose Vietnamese changed since a translator last reviewed them (their
    recorded hash is not the Vietnamese text's), each shown by its first Vietnamese line."""
    return [
        vi.source.splitlines()[0] if vi.source else "(empty)"
        for vi, en in pairs(cells)
        if en is not None and en.metadata.get("vi") != fingerprint(vi.source)
    ]


def same_code(vietnamese: str, english: str) -> bool:
    """Whether two code cells are the same program but for their strings and comments: the
    English edition may translate what a cell prints, never what it does. (Lines of shell and
    magic, ``!`` and ``%``, must match exactly.)"""

    def shape(source: str) -> tuple[str, list[str]]:
        python, magic = [], []
        for line in source.splitlines():
            if line.lstrip().startswith(("!", "%")):
                magic.append(line.strip())
            else:
                python.append(line)
        tree = ast.parse("\n".join(python))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                node.value = ""
            if isinstance(node, ast.JoinedStr):  # an f-string: only the values it shows count
                node.values = sorted(
                    (v for v in node.values if isinstance(v, ast.FormattedValue)), key=ast.dump
                )
        return ast.dump(tree), magic

    return shape(vietnamese) == shape(english)


EN_MARKER = re.compile(r'^(# %%.*\blang="en" vi=")([0-9a-f]*)(")', re.MULTILINE)


def stamp(text: str) -> str:
    """The source with every English cell's ``vi="…"`` set to the hash of the Vietnamese cell
    above it: what a translator runs after reviewing (``--reviewed``)."""
    hashes = iter([fingerprint(vi.source) for vi, en in pairs(parse(text)) if en is not None])
    return EN_MARKER.sub(lambda m: m.group(1) + next(hashes) + m.group(3), text)


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
            cell.source = (
                SOLUTIONS[found.group(1)].strip() + "\n\n\n" + cell.source[found.start() :]
            )
        if "exercise" in cell.metadata.get("tags", []):
            exercise_id = EXERCISE_ID.search(cell.source).group(1)
            answer = ANSWERS[exercise_id]
            shown = "None" if answer == "None" else repr(answer)  # TOML has no None
            cell.source = re.sub(
                r"^answer = \.\.\..*$", f"answer = {shown}", cell.source, flags=re.MULTILINE
            )
    return cells


def build(src: Path, lang: str = "vi", execute: bool = True, solved: bool = False) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = edition(parse(src.read_text(encoding="utf-8")), lang)
    if solved:
        nb.cells = solve(nb.cells)
    for i, cell in enumerate(nb.cells):
        cell.id = f"{src.stem[:2]}-{i:02d}"  # stable ids: no diff noise between builds
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    folder = EDITIONS[lang] / "solutions" if solved else EDITIONS[lang]
    if execute:
        from nbclient import NotebookClient  # only to run: the site and tests read sources

        NotebookClient(
            nb,
            timeout=600,
            kernel_name="python3",
            resources={"metadata": {"path": str(folder)}},
            store_widget_state=False,
        ).execute()
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)  # run timestamps: noise in every diff
        if cell.cell_type == "code":
            cell.outputs = coalesce(cell.outputs)
            stable_widget_ids(cell)
    nb.metadata["language_info"] = {"name": "python"}
    out = folder / notebook_name(src, lang)
    nbformat.write(nb, out)
    return out


def coalesce(outputs: list[nbformat.NotebookNode]) -> list[nbformat.NotebookNode]:
    """One stream output per run of prints: the kernel sends a stream message whenever its
    buffer is flushed (on a timer), so how many pieces a cell's text arrives in depends on
    timing. Joined, the committed notebook is the same from build to build."""
    joined: list[nbformat.NotebookNode] = []
    for output in outputs:
        last = joined[-1] if joined else None
        if (
            output.output_type == "stream"
            and last is not None
            and last.output_type == "stream"
            and last.name == output.name
        ):
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


def build_fresh(src: Path, lang: str, solved: bool) -> Path:
    """One edition of one notebook, executed in a throw-away DVCEDU_HOME of its own (never the
    builder's): what it shows does not depend on which notebooks ran before, or beside it."""
    os.environ["DVCEDU_HOME"] = tempfile.mkdtemp(prefix="dvcedu-build-")
    return build(src, lang, solved=solved)


SERVES = re.compile(r"\bstart_(practice|remote_signing)\(")
"""A notebook that serves on the course's usual ports (09: 8000, 8001, 4433…; 11: 9300)."""


def build_all(chosen: list[Path], jobs: int = 1) -> list[Path]:
    """Every edition (and solved copy) of ``chosen``, ``jobs`` at a time, each in a process of
    its own: the ``.ipynb`` written, in a stable order."""
    for folder in EDITIONS.values():
        (folder / "solutions").mkdir(parents=True, exist_ok=True)
    work = [
        (src, lang, solved)
        for src in chosen
        for lang in EDITIONS
        for solved in ((False, True) if has_exercises(src) else (False,))
    ]
    if jobs <= 1:
        return [build_fresh(*one) for one in work]
    from concurrent.futures import ProcessPoolExecutor

    # a notebook that serves the practice portal takes its usual ports (8000, 8001, 4433…):
    # its copies run one after another, in one worker, or their outputs would show other ports
    serving = [one for one in work if SERVES.search(one[0].read_text(encoding="utf-8"))]
    alone = [one for one in work if one not in serving]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        chain = pool.submit(build_in_turn, serving)
        built = list(pool.map(build_fresh, *zip(*alone, strict=True))) if alone else []
        done = dict(zip(alone, built, strict=True))
        done |= dict(zip(serving, chain.result(), strict=True))
    return [done[one] for one in work]


def build_in_turn(work: list[tuple[Path, str, bool]]) -> list[Path]:
    """``work`` one after another (in one worker of :func:`build_all`)."""
    return [build_fresh(*one) for one in work]


def main(args: list[str]) -> None:
    jobs = 1
    if args[:1] == ["--jobs"]:
        jobs, args = int(args[1]), args[2:]
    reviewed = args[:1] == ["--reviewed"]
    prefixes = args[1:] if reviewed else args
    chosen = [
        src
        for src in sorted(SRC.glob("[0-9][0-9]_*.py"))
        if not prefixes or any(src.stem.startswith(p) for p in prefixes)
    ]
    if reviewed:
        for src in chosen:
            src.write_text(stamp(src.read_text(encoding="utf-8")), encoding="utf-8")
        return
    for out in build_all(chosen, jobs):
        print(out.relative_to(ROOT))


if __name__ == "__main__":
    main(sys.argv[1:])
