"""How long one learner alone needs for each notebook, by one stated rule.

The class times (``dạy N phút · bài tập M phút``) are a trainer's plan: 06 and 07 are done as a
jigsaw, one incident or attack per group, so nobody reads them whole. A learner on their own
reads everything, runs every cell and does every exercise. This is an *estimate*, not a
measurement of learners, and the notebooks say so; its rule:

- reading: the Vietnamese edition's Markdown at 150 words a minute (inline code and link
  targets not counted: they are looked at, not read);
- running: half a minute per code cell (run it, read its output);
- exercises: 2 minutes per short check (``check("NN.id", …)``), 6 per code task
  (``check_code("NN.id", …)``), each id counted once;
- work outside the notebook that no cell counts: 09's walk through the practice portal in a
  browser (registration, login, a dossier), 15 minutes.

    python tools/study_time.py       # print each notebook's estimate and the 00–08 total

tests/test_lesson_skeleton.py checks that each notebook's stated self-study time is this
estimate, rounded to 5 minutes, within one step of 5.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from build_notebooks import SRC, edition, parse

WORDS_PER_MINUTE = 150
MINUTES_PER_CODE_CELL = 0.5
MINUTES_PER_CHECK = 2
MINUTES_PER_CODE_TASK = 6
OUTSIDE_THE_NOTEBOOK = {"09": 15}

_NOT_READ = re.compile(r"`[^`]*`|\]\([^)]*\)|<[^>]+>")
_CHECK = re.compile(r"\bcheck\(\s*\"(\d\d\.[\w-]+)\"")
_CODE_TASK = re.compile(r"\bcheck_code\(\s*\"(\d\d\.[\w-]+)\"")


def estimate(src: Path) -> float:
    """Self-study minutes of the notebook built from ``src`` (Vietnamese edition)."""
    cells = edition(parse(src.read_text(encoding="utf-8")), "vi")
    words = sum(
        len(_NOT_READ.sub(" ", c.source).split()) for c in cells if c.cell_type == "markdown"
    )
    code = [c.source for c in cells if c.cell_type == "code"]
    checks = {m for source in code for m in _CHECK.findall(source)}
    tasks = {m for source in code for m in _CODE_TASK.findall(source)}
    return (
        words / WORDS_PER_MINUTE
        + len(code) * MINUTES_PER_CODE_CELL
        + len(checks) * MINUTES_PER_CHECK
        + len(tasks) * MINUTES_PER_CODE_TASK
        + OUTSIDE_THE_NOTEBOOK.get(src.name[:2], 0)
    )


def rounded(minutes: float) -> int:
    """To the nearest 5 minutes, at least 5."""
    return max(5, 5 * round(minutes / 5))


def main() -> None:
    total = 0
    for src in sorted(SRC.glob("[0-9][0-9]_*.py")):
        minutes = rounded(estimate(src))
        total += minutes if src.name < "09" else 0
        print(f"{src.name[:2]}  {minutes:3d} min   ({estimate(src):.1f})")
    print(f"00-08 {total} min = {total // 60} h {total % 60:02d}")


if __name__ == "__main__":
    main()
