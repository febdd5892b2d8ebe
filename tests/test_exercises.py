"""Every exercise accepts its answer, refuses a wrong one, and keeps the answer out of the
package source; every notebook 01–07 has at least three."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from dvcedu.exercises import EXERCISES, check, normalize

ROOT = Path(__file__).resolve().parents[1]
ANSWERS = tomllib.loads((ROOT / "tools" / "exercise_answers.toml").read_text(encoding="utf-8"))


def test_answers_and_exercises_are_the_same_set():
    assert set(ANSWERS) == set(EXERCISES)


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_right_answer_accepted_wrong_refused(exercise_id):
    assert check(exercise_id, ANSWERS[exercise_id]).status == "correct"
    assert check(exercise_id, f" {ANSWERS[exercise_id].upper()} ").status == "correct"
    wrong = check(exercise_id, ANSWERS[exercise_id] + "9")
    assert wrong.status == "wrong" and "Gợi ý" in wrong.text("vi") and "Hint" in wrong.text("en")
    assert check(exercise_id, ...).status == "unanswered"
    assert "chưa trả lời" in repr(check(exercise_id, ...))


def test_none_is_an_answer_and_the_one_that_was_unpassable_now_passes():
    """01.private-exponent's answer IS None: the token gives nothing back for a secret."""
    assert check("01.private-exponent", None).status == "correct"
    assert check("02.mst", None).status == "wrong"


def test_a_number_typed_without_quotes_keeps_its_leading_zero():
    assert check("02.mst", 199001010).status == "correct"  # Python drops MST's leading 0
    assert check("02.mst", "199001010").status == "wrong"  # as text, it is what was typed
    assert check("02.check-digit", 3).status == "correct"
    assert check("02.check-digit", True).status == "wrong"


def test_the_package_does_not_contain_the_answers():
    source = (ROOT / "dvcedu" / "exercises.py").read_text(encoding="utf-8")
    for exercise_id, answer in ANSWERS.items():
        if len(normalize(answer)) >= 4:  # short numbers appear anyway (line lengths, …)
            assert f'"{answer}"' not in source, exercise_id


def test_each_notebook_01_to_07_has_three_exercises():
    for number in range(1, 8):
        (src,) = (ROOT / "notebooks" / "src").glob(f"0{number}_*.py")
        ids = re.findall(r'check\("([^"]+)", answer\)', src.read_text(encoding="utf-8"))
        assert len(ids) >= 3 and all(i.startswith(f"0{number}.") for i in ids), src.name


def test_answers_in_the_solutions_come_out_correct():
    for path in sorted((ROOT / "notebooks" / "solutions").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if "exercise" in cell["metadata"].get("tags", []):
                text = json.dumps(cell["outputs"], ensure_ascii=False)
                assert "✔ Đúng!" in text, path.name


@pytest.mark.parametrize(
    ("exercise_id", "in_words"),
    [
        ("07.replay", "thử thách đã dùng"),
        ("07.phishing", "Sai trang web"),
        ("07.lookalike", "CA nhái tên"),
        ("05.mismatch", "định danh không khớp"),
        ("04.failed-check", "chứng thư bị thu hồi"),
        ("07.replay", "challenge already used"),
    ],
)
def test_a_reason_given_in_words_counts_as_its_code(exercise_id, in_words):
    assert check(exercise_id, in_words).status == "correct"


def test_a_reason_in_words_that_is_not_the_answer_stays_wrong():
    assert check("07.replay", "chứng thư bị thu hồi").status == "wrong"


def test_every_reject_reason_has_a_short_name_in_both_languages():
    from dvcedu import i18n
    from dvcedu.errors import RejectReason

    for reason in RejectReason:
        assert i18n.t(f"reason.label.{reason.value}", "vi") != i18n.t(
            f"reason.label.{reason.value}", "en"
        )


def test_each_notebook_01_to_07_and_10_has_a_predict_then_run_exercise():
    for number in ("01", "02", "03", "04", "05", "06", "07", "10"):
        (src,) = (ROOT / "notebooks" / "src").glob(f"{number}_*.py")
        text = src.read_text(encoding="utf-8")
        ids = re.findall(r'check\("([^"]+)", answer\)', text)
        predicts = [i for i in ids if ".predict-" in i]
        assert predicts, src.name
        # the cell right after the exercise runs what was predicted: it is code, not prose
        after = text[text.index(f'check("{predicts[0]}", answer)') :].split("# %%", 2)[1]
        assert after.strip(), src.name


@pytest.mark.parametrize(
    ("exercise_id", "wrong", "words"),
    [
        ("06.predict-fifth", "PinLocked", "lần SAU"),
        ("01.predict-locked", "có", "kể cả PIN đúng"),
        ("07.predict-cert-byte", "cms_malformed", "đúng cấu trúc"),
    ],
)
def test_a_common_wrong_answer_gets_its_own_hint(exercise_id, wrong, words):
    verdict = check(exercise_id, wrong)
    assert verdict.status == "wrong" and words in verdict.text("vi")
    assert check(exercise_id, "something else").text("vi") != verdict.text("vi")


@pytest.fixture
def fresh_record():
    from dvcedu import exercises

    exercises.forget()
    yield
    exercises.forget()


def test_a_hint_in_steps_nudges_first_and_tells_from_the_second_wrong_try(fresh_record):
    first = check("03.padding-ff", 200)
    second = check("03.padding-ff", 201)
    assert "256 − 2 − 1 − 19 − 32" not in first.text("vi") and "DigestInfo" in first.text("vi")
    assert "256 − 2 − 1 − 19 − 32" in second.text("vi") and "||" not in second.text("en")
    # a common mistake's own hint, in steps too
    assert "5 − 2" not in check("01.tries-left", 4).text("vi")
    assert "5 − 2" in check("01.tries-left", 4).text("vi")


def test_a_code_tasks_hint_gives_the_line_only_after_two_wrong_tries(fresh_record):
    from dvcedu.tasks import check_code

    wrong = check_code("01.key-id", lambda der: b"")
    again = check_code("01.key-id", lambda der: b"")
    assert "get_extension_for_class" not in wrong.text("vi")
    assert "get_extension_for_class" in again.text("vi")


def test_the_tally_counts_each_exercises_latest_answer(fresh_record):
    from dvcedu.exercises import summary
    from dvcedu.tasks import check_code

    blank = summary("05")
    assert not blank.right and not blank.wrong and "05.challenge" in blank.blank
    total = len(blank.blank)
    check("05.ttl", 4)  # wrong, then right: counts as right
    check("05.ttl", 5)
    check("05.renewed", 9)  # wrong
    check("05.mismatch", ...)  # a blank is not an answer
    check_code("05.challenge", lambda *args: None)  # wrong
    tally = summary("05")
    assert tally.right == ("05.ttl",)
    assert set(tally.wrong) == {"05.renewed", "05.challenge"}
    assert len(tally.right) + len(tally.wrong) + len(tally.blank) == total
    assert tally.text("vi").startswith(f"Notebook 05: đúng 1/{total} bài tập")
    assert "05.renewed" in tally.text("en") and "go back to" in tally.text("en")
