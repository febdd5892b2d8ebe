"""The write-or-repair tasks (dvcedu/tasks.py): each solution passes, a blank is "not
answered", each broken function in the notebooks fails with the hint for its bug, and every
hint a diagnosis can name exists in both languages."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from dvcedu import i18n
from dvcedu.tasks import TASKS, check_code

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = tomllib.loads((ROOT / "tools" / "task_solutions.toml").read_text(encoding="utf-8"))
SOURCES = sorted((ROOT / "notebooks" / "src").glob("[0-9][0-9]_*.py"))
TASK_CELL = re.compile(r'# %% tags=\["task"\]\n(.*?)\ncheck_code\("([^"]+)", (\w+)\)', re.DOTALL)


def task_cells() -> dict[str, tuple[str, str]]:
    """task id → (the cell's code above check_code, the function's name), from the sources."""
    found = {}
    for path in SOURCES:
        for code, task_id, name in TASK_CELL.findall(path.read_text(encoding="utf-8")):
            found[task_id] = (code, name)
    return found


def function_of(code: str, name: str):
    namespace: dict[str, object] = {}
    exec(compile(code, "<task>", "exec"), namespace)
    return namespace[name]


def test_every_task_is_in_a_notebook_and_has_a_solution():
    assert set(task_cells()) == set(TASKS) == set(SOLUTIONS)


UNJUDGED = sorted(t for t in TASKS if TASKS[t].judge is None)
"""Tasks checked on their own; an attack (judged by the notebook's portal) is tested below."""


@pytest.mark.parametrize("task_id", UNJUDGED)
def test_the_solution_passes(task_id):
    _, name = task_cells()[task_id]
    assert check_code(task_id, function_of(SOLUTIONS[task_id], name)).status == "correct"


@pytest.mark.parametrize("task_id", UNJUDGED)
def test_the_notebooks_cell_is_blank_or_broken_with_its_own_hint(task_id):
    code, name = task_cells()[task_id]
    verdict = check_code(task_id, function_of(code, name))
    if "return ...  #" in code:
        assert verdict.status == "unanswered" and "chưa làm" in verdict.text("vi")
        return
    # a debug task: the bug shows, with the input and a hint that names that bug
    assert verdict.status == "wrong"
    specific = [key for key in i18n.MESSAGES if key.startswith(f"task.{task_id}.hint.")]
    assert any(i18n.t(key, "vi") in verdict.text("vi") for key in specific), verdict.text("vi")
    assert "Với đầu vào" in verdict.text("vi") and "For the input" in verdict.text("en")


@pytest.mark.parametrize(
    ("task_id", "wrong", "kind"),
    [
        ("01.key-id", lambda der: __import__("hashlib").sha256(der).digest(), "sha256"),
        ("01.tries", lambda attempts: 5 - attempts.count(False), "no_reset"),
        (
            "02.check-digit-code",
            lambda nine: (
                sum(
                    int(d) * w for d, w in zip(nine, (31, 29, 23, 19, 17, 13, 7, 5, 3), strict=True)
                )
                % 11
            ),
            "mod_only",
        ),
        ("03.signature-ok", lambda cert, data, signature: True, "always_true"),
        (
            "05.challenge",
            lambda c, issued, used, now: None if c in issued else "challenge_unknown",
            "replay",
        ),
        ("07.same-origin", lambda origin, expected: expected.split("//")[1] in origin, "prefix"),
        (
            "07.same-origin",
            lambda origin, expected: origin.rstrip("/") == expected.rstrip("/"),
            "spelling",
        ),
        (
            "10.covered",
            lambda r, o: r[0] <= o <= r[0] + r[1] or r[2] <= o <= r[2] + r[3],
            "end_inclusive",
        ),
    ],
)
def test_a_common_mistake_gets_its_own_hint(task_id, wrong, kind):
    verdict = check_code(task_id, wrong)
    assert verdict.status == "wrong"
    assert i18n.t(f"task.{task_id}.hint.{kind}", "en") in verdict.text("en")


def test_a_function_that_raises_is_wrong_and_says_what_it_raised():
    verdict = check_code("02.check-digit-code", lambda nine: int(nine) // 0)
    assert verdict.status == "wrong" and "ZeroDivisionError: " in verdict.text("vi")


def test_an_error_with_no_message_is_named_without_an_empty_colon():
    from cryptography.exceptions import InvalidSignature

    def raises(cert, data, signature):
        raise InvalidSignature()

    verdict = check_code("03.signature-ok", raises)
    text = verdict.text("vi")
    assert "InvalidSignature" in text and "InvalidSignature:" not in text


def test_every_task_speaks_both_languages():
    for task_id in TASKS:
        for key in (f"task.{task_id}.question", f"task.{task_id}.hint"):
            vi, en = i18n.MESSAGES[key]
            assert vi and en and vi != en, key


def test_each_notebook_01_to_07_and_10_has_a_task_to_write_or_repair():
    cells = task_cells()
    for number in ("01", "02", "03", "04", "05", "06", "07", "10"):
        assert any(task_id.startswith(f"{number}.") for task_id in cells), number


# --- the relay the learner writes (notebook 07): only the origin may stop a right one ----------
def test_the_relay_a_learner_writes_is_stopped_only_by_the_origin(training_token):
    import base64
    import json

    from dvcedu import tasks
    from dvcedu.clock import COURSE_DAY, FixedClock, SeededRandom
    from dvcedu.pki.samples import training_trust
    from dvcedu.plugin import ScriptedLearner, SigningPlugin
    from dvcedu.portal import Portal, Store
    from dvcedu.scenario import run_registration
    from dvcedu.token import TRAINING_PIN

    clock = FixedClock(COURSE_DAY)
    portal = Portal(
        Store.memory(), trust=training_trust(), clock=clock, random=SeededRandom("relay-task")
    )
    plugin = SigningPlugin(clock=clock, label=training_token.label)
    assert run_registration(
        portal, plugin, ScriptedLearner(pin=TRAINING_PIN), email="ketoan@daotao.test"
    ).ok
    tasks.attack_lab(
        portal=portal, plugin=plugin, certificate=plugin.list_certificates()[0], pin=TRAINING_PIN
    )

    def message(body, signature):
        return json.dumps(
            {
                "challenge": base64.b64encode(body).decode(),
                "signature": base64.b64encode(signature).decode(),
                "domain": "dichvucong.gov.test",
            }
        ).encode()

    def right(challenge, sign):
        body = challenge()
        return message(body, sign(body))

    def made_up(challenge, sign):
        body = b'{"nonce": "00", "purpose": "login"}'
        return message(body, sign(body))

    def not_json(challenge, sign):
        body = challenge()
        return sign(body)

    def tampered(challenge, sign):
        body = challenge()
        signature = bytearray(sign(body))
        signature[-5] ^= 1
        return message(body, bytes(signature))

    code, name = task_cells()["07.relay"]
    try:
        assert check_code("07.relay", right).status == "correct"
        assert check_code("07.relay", function_of(SOLUTIONS["07.relay"], name)).status == "correct"
        assert check_code("07.relay", function_of(code, name)).status == "unanswered"
        for wrong, kind in ((made_up, "challenge"), (not_json, "shape"), (tampered, "signature")):
            verdict = check_code("07.relay", wrong)
            assert verdict.status == "wrong", wrong.__name__
            assert i18n.t(f"task.07.relay.hint.{kind}", "en") in verdict.text("en"), (
                wrong.__name__,
                verdict.text("en"),
            )
    finally:
        tasks._ATTACK_LAB.clear()


def test_the_relay_task_says_it_needs_the_notebooks_portal_first():
    from dvcedu import tasks

    tasks._ATTACK_LAB.clear()
    with pytest.raises(RuntimeError, match="attack_lab"):
        check_code("07.relay", lambda challenge, sign: b"")
