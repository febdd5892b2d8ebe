"""The English edition is a first-class sibling of the Vietnamese one, kept in step with it.

One source per notebook carries both languages (tools/build_notebooks.py): an English cell
records the hash of the Vietnamese text it translates, and these tests fail when

- a cell with Vietnamese in it has no English twin;
- the Vietnamese changed after the English was last reviewed (``--reviewed`` stamps it);
- an English code cell is a different program (only strings and comments may differ);
- the English edition has a Vietnamese sentence outside a quotation or a parenthesis (the
  portal's own words beside the English: "Register (Đăng ký)"), its sources or its outputs;
- a translated document (the course map) lags behind its Vietnamese.
"""

from __future__ import annotations

import html
import io
import json
import re
import sys
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from build_notebooks import (  # noqa: E402
    ENGLISH_NAMES,
    SRC,
    edition,
    english,
    fingerprint,
    pairs,
    parse,
    same_code,
    stale,
    stamp,
)

sys.path.pop(0)

from .conftest import VIETNAMESE  # noqa: E402

SOURCES = sorted(SRC.glob("[0-9][0-9]_*.py"))
ENGLISH = sorted(
    p
    for p in (ROOT / "notebooks" / "en").glob("**/[0-9][0-9]_*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)  # JupyterLab's autosaves

QUOTED = re.compile(r'\([^()]*\)|"[^"\n]*"|“[^”\n]*”|`[^`\n]*`|<!--.*?-->', re.DOTALL)
"""What may hold Vietnamese in English text: a parenthesis, a quotation, code, a comment."""

PROPER_NOUNS = {"Hà", "Nội", "Cốc", "NĐ"}
"""Names English writes as they are: Hà Nội, the Cốc Cốc browser, NĐ-CP in a decree's number."""


def _data_words() -> set[str]:
    """Vietnamese that is data, not prose: the names in the training PKI (companies, people,
    places, CAs), the notice its certificates carry, and the Vietnamese the notebooks sign (a
    greeting, a form's request)."""
    from dvcedu.messages.reference import TRAINING_NOTICE  # in each training certificate

    text = (ROOT / "data" / "training-pki.toml").read_text(encoding="utf-8") + TRAINING_NOTICE
    text += " Xin chào Cổng Dịch vụ công Quốc gia Cấp bản sao Giấy chứng nhận đăng ký doanh nghiệp"
    return {w for w in re.findall(r"\w+", text) if VIETNAMESE.search(w)}


DATA_WORDS = _data_words()


def untranslated(text: str, allowed: set[str] = PROPER_NOUNS) -> list[str]:
    """The Vietnamese words of ``text`` outside parentheses, quotations and code."""
    before = None
    while before != text:
        before, text = text, QUOTED.sub(" ", text)
    return [w for w in re.findall(r"\w+", text) if VIETNAMESE.search(w) and w not in allowed]


def comments(code: str) -> str:
    lines = [line for line in code.splitlines() if not line.lstrip().startswith(("!", "%"))]
    tokens = tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline)
    return "\n".join(token.string for token in tokens if token.type == tokenize.COMMENT)


@pytest.mark.parametrize("src", SOURCES, ids=lambda p: p.stem)
def test_every_cell_with_vietnamese_has_an_english_twin(src):
    missing = [
        vi.source[:70]
        for vi, en in pairs(parse(src.read_text(encoding="utf-8")))
        if en is None and VIETNAMESE.search(vi.source)
    ]
    assert not missing, f"{src.name}: cells with no English twin: {missing}"


@pytest.mark.parametrize("src", SOURCES, ids=lambda p: p.stem)
def test_the_english_was_reviewed_against_the_vietnamese_it_translates(src):
    changed = stale(parse(src.read_text(encoding="utf-8")))
    assert not changed, (
        f"{src.name}: the Vietnamese of these cells changed after their English was reviewed: "
        f"{changed}. Update the English, then: python tools/build_notebooks.py --reviewed "
        f"{src.stem[:2]}"
    )


@pytest.mark.parametrize("src", SOURCES, ids=lambda p: p.stem)
def test_english_code_is_the_same_program(src):
    different = [
        vi.source.splitlines()[-1]
        for vi, en in pairs(parse(src.read_text("utf-8")))
        if en is not None
        and vi.cell_type == "code"
        and not same_code(vi.source, english(vi.source, en.source))
    ]
    assert not different, f"{src.name}: English code differs beyond text: {different}"


@pytest.mark.parametrize("src", SOURCES, ids=lambda p: p.stem)
def test_english_prose_and_comments_have_no_vietnamese_sentence(src):
    found = []
    for cell in edition(parse(src.read_text(encoding="utf-8")), "en"):
        text = cell.source if cell.cell_type == "markdown" else comments(cell.source)
        if words := untranslated(text):
            found.append((text.splitlines()[0][:60], words[:6]))
    assert not found, f"{src.name}: {found}"


def _outputs(cell: dict) -> str:
    shown = []
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        text = (
            "".join(output.get("text", ""))
            or "".join(data.get("text/markdown", ""))
            or re.sub(r"<[^>]+>", " ", html.unescape("".join(data.get("text/html", ""))))
            or "".join(data.get("text/plain", ""))
        )
        # an error is said in both languages, the other one on a line of its own: "[vi] …"
        shown += [line for line in text.splitlines() if not line.lstrip().startswith("[vi]")]
    return "\n".join(shown)


@pytest.mark.parametrize("path", ENGLISH, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_what_an_english_notebook_shows_is_english(path):
    """Every output (text, tables, a picture's description, widgets' text): English, with the
    portal's words beside it, and Vietnamese only where it is data (a company's name)."""
    found = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if words := untranslated(_outputs(cell), PROPER_NOUNS | DATA_WORDS):
            found.append(("".join(cell["source"]).splitlines()[-1][:50], words[:8]))
    assert not found, f"{path.name}: {found}"


def test_the_english_edition_has_every_notebook_and_its_solved_copy():
    names = {p.name for p in ENGLISH if p.parent.name == "en"}
    assert names == {f"{stem}.ipynb" for stem in ENGLISH_NAMES.values()}
    solved = {p.name for p in ENGLISH if p.parent.name == "solutions"}
    vietnamese = {p.name for p in (ROOT / "notebooks" / "solutions").glob("*.ipynb")}
    assert solved == {f"{ENGLISH_NAMES[n.removesuffix('.ipynb')]}.ipynb" for n in vietnamese}


def test_each_edition_sets_its_language_in_its_first_code_cell():
    for src in SOURCES:
        for lang in ("vi", "en"):
            first = next(
                c for c in edition(parse(src.read_text("utf-8")), lang) if c.cell_type == "code"
            )
            assert f'lang="{lang}"' in first.source or f'lab.language("{lang}")' in first.source


# --- the checks themselves catch what they are for ------------------------------------------
SAMPLE = """# %% [markdown]
# Xin chào

# %% [markdown] lang="en" vi="{hash}"
# Hello

# %%
print("Đã ký")

# %% lang="en" vi="{code_hash}" twin="strings"
# "Đã ký"  →  "Signed"
"""


def _sample(**hashes: str) -> str:
    return SAMPLE.format(
        hash=hashes.get("hash", fingerprint("Xin chào")),
        code_hash=hashes.get("code_hash", fingerprint('print("Đã ký")')),
    )


def test_a_changed_vietnamese_cell_is_noticed_until_reviewed():
    assert stale(parse(_sample())) == []
    changed = _sample().replace("# Xin chào", "# Xin chào các bạn")
    assert stale(parse(changed)) == ["Xin chào các bạn"]
    assert stale(parse(stamp(changed))) == []


def test_each_edition_takes_its_own_cells_with_the_vietnamese_tags():
    text = _sample().replace("# %%\nprint", '# %% tags=["raises-exception"]\nprint')
    vi, en = edition(parse(text), "vi"), edition(parse(text), "en")
    assert [c.source for c in vi] == ["Xin chào", 'print("Đã ký")']
    assert [c.source for c in en] == ["Hello", 'print("Signed")']
    assert en[1].metadata == {"tags": ["raises-exception"]} == vi[1].metadata


def test_english_code_is_made_from_the_vietnamese_and_its_words():
    code = 'x = "có"  # "có" hoặc "không"\nprint("có", """hai↵dòng""")'.replace("↵", "\n")
    table = (
        '# # "có" hoặc "không"  →  # "yes" or "no"\n# "có"  →  "yes"\n'
        '# """hai↵dòng"""  →  """two↵lines"""'
    )
    assert english(code, table) == (
        'x = "yes"  # "yes" or "no"\nprint("yes", """two\nlines""")'
    )  # a comment whole, once
    with pytest.raises(ValueError, match="no longer in the Vietnamese code"):
        english(code.replace('"có"', '"đúng"'), table)
    with pytest.raises(ValueError, match="not a line of words"):
        english(code, '# "có" -> "yes"')


def test_english_code_is_never_a_second_copy():
    with pytest.raises(ValueError, match="code is written once"):
        pairs(parse('# %%\nprint("Đã ký")\n\n# %% lang="en" vi="0"\nprint("Signed")\n'))


def test_an_english_cell_must_follow_a_vietnamese_cell_of_its_kind():
    with pytest.raises(ValueError, match="markdown cell under a Vietnamese code cell"):
        pairs(parse('# %%\nx = 1\n\n# %% [markdown] lang="en" vi="0"\n# x is one\n'))


def test_only_strings_and_comments_may_differ_in_english_code():
    assert same_code('print("Đã ký", n)  # đếm', 'print("Signed", n)  # count')
    assert same_code('print(f"còn {n} lần")', 'print(f"{n} tries left")')
    assert not same_code('print("Đã ký", n)', 'print("Signed", n + 1)')
    assert not same_code('check("01.tries-left", answer)', 'check("01.tries-left", 3)')
    assert not same_code("!dvcedu token list", "!dvcedu token list --json")


def test_the_vietnamese_detector():
    assert untranslated('Press "Register (Đăng ký)" then sign') == []
    assert untranslated("Press Đăng ký then sign") == ["Đăng", "ký"]
    assert untranslated("the capital, Hà Nội") == []


# --- translated documents ---------------------------------------------------------------------
MARKER = re.compile(r"<!-- translates (\S+) @ ([0-9a-f]{8}) -->")


@pytest.mark.parametrize("page", ["README.md"])
def test_a_translated_page_was_reviewed_against_its_vietnamese(page):
    english = (ROOT / "notebooks" / "en" / page).read_text(encoding="utf-8")
    source, recorded = MARKER.match(english).groups()
    vietnamese = (ROOT / source).read_text(encoding="utf-8")
    assert recorded == fingerprint(vietnamese), (
        f"{source} changed since notebooks/en/{page} was reviewed: update it, then set its "
        f"marker to {fingerprint(vietnamese)}"
    )
    assert not untranslated(english.split("-->", 1)[1]), untranslated(english)


def test_yes_and_no_answer_the_yes_no_exercises():
    from dvcedu.exercises import Outcome, check

    assert check("04.pin-to-portal", "no").status is Outcome.CORRECT
    assert check("04.pin-to-portal", "yes").status is Outcome.WRONG
    assert check("10.predict-second", "Yes").status is Outcome.CORRECT


# --- the English lessons have the same skeleton and the same minutes ---------------------------
VI_MINUTES = re.compile(r"\*\*Thời gian\*\*: dạy (\d+) phút · bài tập (\d+) phút")
EN_MINUTES = re.compile(r"\*\*Time\*\*: teaching (\d+) min · exercises (\d+) min")


@pytest.mark.parametrize("src", SOURCES, ids=lambda p: p.stem)
def test_an_english_lesson_has_the_vietnamese_skeleton_and_minutes(src):
    text = src.read_text(encoding="utf-8")
    cells = [c.source for c in edition(parse(text), "en")]
    english = "\n".join(cells)
    assert "**Questions**" in english and "**Objectives**" in english
    assert EN_MINUTES.search(english).groups() == VI_MINUTES.search(text).groups()
    assert english.rfind("## Keypoints") > len(english) // 2, "keypoints close the notebook"


def test_the_english_plan_has_the_same_times_and_minutes():
    plan = re.compile(r"^\| (\d:\d\d–\d:\d\d) \| ([^|]+) \|", re.MULTILINE)
    vi = (ROOT / "notebooks" / "README.md").read_text(encoding="utf-8")
    en = (ROOT / "notebooks" / "en" / "README.md").read_text(encoding="utf-8")
    assert [(t, re.findall(r"\b\d\d\b", w)) for t, w in plan.findall(vi)] == [
        (t, re.findall(r"\b\d\d\b", w)) for t, w in plan.findall(en)
    ]
    minutes = r"\| (\d+) \+ (\d+) {} \|"
    assert re.findall(minutes.format("phút"), vi) == re.findall(minutes.format("min"), en)


# --- the catalogue's English ---------------------------------------------------------------------
def _english_texts() -> list[tuple[str, str]]:
    from dvcedu.messages import MESSAGES
    from dvcedu.messages.exercises import EXERCISES, WRONG_HINTS

    texts = [(msg_id, en) for msg_id, (_, en) in MESSAGES.items()]
    texts += [(e[0], text) for e in EXERCISES for text in (e[2], e[4])]
    texts += [
        (f"{exercise} {wrong}", hint[1])
        for exercise, hints in WRONG_HINTS.items()
        for wrong, hint in hints.items()
    ]
    return texts


def test_every_english_message_is_english():
    """What dvcedu prints, draws and asks in English: no Vietnamese outside a parenthesis or
    a quotation, and a quoted portal label is glossed in English ("Log in (Đăng nhập)")."""
    bare = [(msg_id, words) for msg_id, text in _english_texts() if (words := untranslated(text))]
    assert not bare, bare
    unglossed = [
        (msg_id, quoted)
        for msg_id, text in _english_texts()
        for quoted in re.findall(r"[“\"']([^”\"']+)[”\"']", text)
        if VIETNAMESE.search(quoted) and "(" not in quoted
    ]
    assert not unglossed, unglossed
