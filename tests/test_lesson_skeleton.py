"""Every notebook is a lesson a trainer knows (after the Carpentries episode template): it
opens with questions, objectives and its minutes, and closes with keypoints; the minutes of
00–08 are the 3-hour plan of notebooks/README.md, to the minute."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "notebooks" / "src").glob("[0-9][0-9]_*.py"))
MINUTES = re.compile(r"\*\*Thời gian\*\*: dạy (\d+) phút · bài tập (\d+) phút")


def minutes(path: Path) -> int:
    found = MINUTES.search(path.read_text(encoding="utf-8"))
    assert found, f"{path.name} does not say its minutes"
    return int(found.group(1)) + int(found.group(2))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_a_notebook_opens_with_questions_and_objectives_and_closes_with_keypoints(path):
    text = path.read_text(encoding="utf-8")
    opening = text[: text.index("**Thời gian**")]
    assert "**Câu hỏi**" in opening and "**Mục tiêu**" in opening
    assert opening.count("\n# > - ") >= 3, "at least three objectives"
    assert text.rfind("## Điểm chính") > len(text) // 2, "keypoints close the notebook"


def plan_rows() -> list[tuple[int, int, str]]:
    readme = (ROOT / "notebooks" / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d):(\d\d)–(\d):(\d\d) \| ([^|]+) \|", readme, re.MULTILINE)
    return [(int(a) * 60 + int(b), int(c) * 60 + int(d), what) for a, b, c, d, what in rows]


def test_the_three_hour_plan_is_the_notebooks_minutes():
    """Each row of the plan lasts exactly the minutes of the notebooks it names; the rows
    follow one another from 0:00 to 3:00; the rest is the break; 09 is a second session."""
    rows = plan_rows()
    assert rows[0][0] == 0 and rows[-1][1] == 180
    assert all(a[1] == b[0] for a, b in itertools.pairwise(rows)), "no gap, no overlap"
    notebook_minutes = {p.name[:2]: minutes(p) for p in SOURCES}
    taught = set()
    for start, end, what in rows:
        named = re.findall(r"\b0\d\b", what)
        taught |= set(named)
        if named:
            assert sum(notebook_minutes[n] for n in named) == end - start, what
    assert taught == {f"0{i}" for i in range(9)}


def test_the_course_map_shows_each_notebooks_minutes():
    readme = (ROOT / "notebooks" / "README.md").read_text(encoding="utf-8")
    for path in SOURCES:
        teach, practice = MINUTES.search(path.read_text(encoding="utf-8")).groups()
        row = re.search(
            rf"^\| {path.name[:2]} \|.*\| (\d+) \+ (\d+) phút \|$", readme, re.MULTILINE
        )
        assert row and row.groups() == (teach, practice), path.name


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_a_notebook_has_an_instructor_note_folded_for_learners(path):
    """A cell tagged ``instructor`` (the trainer's view collects them: docs/handouts.md), whose
    text sits in a closed <details>: learners see one line and may skip it."""
    text = path.read_text(encoding="utf-8")
    cell = text.split('# %% [markdown] tags=["instructor"]\n', 1)
    assert len(cell) == 2, "no instructor note"
    note = cell[1].split("\n# %%", 1)[0]
    assert note.startswith('# <details class="dvcedu-instructor"><summary>')
    assert "</details>" in note and " open" not in note.split("<summary>")[0]
    handouts = (ROOT / "docs" / "handouts.md").read_text(encoding="utf-8")
    first_words = note.split("#\n# ", 1)[1].splitlines()[0].removeprefix("# ")
    assert first_words in handouts, "run: python tools/build_handouts.py"


# --- self-study: a stated estimate, by the one rule of tools/study_time.py --------------------
SELF_STUDY = {
    "vi": re.compile(r"\*\*Thời gian\*\*: .* · tự học ≈ (\d+) phút"),
    "en": re.compile(r"\*\*Time\*\*: .* · self-study ≈ (\d+) min"),
}


def _study_time():
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    import study_time

    return study_time


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_each_notebook_states_its_self_study_time_by_the_rule(path):
    """Both editions say the rule's estimate, rounded to 5 minutes, give or take one step (so
    a sentence added does not fail the build; a section added does)."""
    study_time = _study_time()
    expected = study_time.rounded(study_time.estimate(path))
    text = path.read_text(encoding="utf-8")
    for lang, pattern in SELF_STUDY.items():
        found = pattern.search(text)
        assert found, f"{path.name} ({lang}) does not state its self-study time"
        assert abs(int(found.group(1)) - expected) <= 5, (
            f"{path.name} ({lang}) says ≈ {found.group(1)} min, the rule gives {expected}: "
            "run python tools/study_time.py and update the Time line and the course map"
        )


def test_the_course_map_states_the_self_study_times_and_their_total():
    readme = (ROOT / "notebooks" / "README.md").read_text(encoding="utf-8")
    row = r"^\| (\d\d) \|.*\| ≈ (\d+) phút \| \d+ \+ \d+ phút \|$"
    stated = {n: int(m) for n, m in re.findall(row, readme, re.MULTILINE)}
    assert sorted(stated) == [p.name[:2] for p in SOURCES]
    for path in SOURCES:
        found = SELF_STUDY["vi"].search(path.read_text(encoding="utf-8"))
        assert stated[path.name[:2]] == int(found.group(1)), path.name
    total = sum(m for n, m in stated.items() if n < "09")
    assert f"≈ {total // 60} giờ {total % 60:02d} cho 00–08" in readme
