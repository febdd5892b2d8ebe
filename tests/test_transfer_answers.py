"""Each transfer question's answer (``tools/exercise_answers.toml``) is what dvcedu does: the
question is asked of a case the notebook does not show, so its answer is checked here, on
that case, through the code the course teaches — not only by its hash."""

from __future__ import annotations

import tomllib
from datetime import timedelta
from pathlib import Path

import pytest

from dvcedu.errors import RejectReason
from dvcedu.exercises import EXERCISES
from dvcedu.pki.identity import Holder, classify, parse_identifier
from dvcedu.token import digest_info
from dvcedu.token.pin_policy import lockout_for

from .portal_helpers import login_message, new_portal, registration_message, signer
from .test_portal import refused

ANSWERS = tomllib.loads(
    (Path(__file__).parents[1] / "tools" / "exercise_answers.toml").read_text(encoding="utf-8")
)


def answer_is(exercise_id: str, found: object) -> None:
    assert EXERCISES[exercise_id].accepts(found), (exercise_id, found)
    assert EXERCISES[exercise_id].accepts(ANSWERS[exercise_id])


def test_a_right_pin_sets_the_counter_back_so_ten_more_wrong_ones_lock(tmp_path):
    policy = lockout_for(True, tmp_path, max_tries=10)
    for _ in range(3):
        policy.failed("T")
    policy.succeeded("T")
    wrong_in_a_row = 0
    while not policy.state("T").locked:
        policy.failed("T")
        wrong_in_a_row += 1
    answer_is("01.counter-reset", wrong_in_a_row)


def test_a_twelve_digit_tax_code_is_a_person():
    person = classify([parse_identifier("MST:079190054321")]).kind is Holder.CITIZEN
    answer_is("02.twelve-digit-mst", "có" if person else "không")


def test_the_sha384_digest_info_length():
    answer_is("03.digestinfo-384", len(digest_info(b"du lieu", "sha384")))


def test_another_certificate_of_a_registered_mst_cannot_register_again():
    portal = new_portal()
    portal.register(registration_message(portal, signer("enterprise")))
    reason = refused(portal.register, registration_message(portal, signer("enterprise-renewed")))
    answer_is("04.second-registration", reason.value)


@pytest.mark.parametrize(
    ("late", "expired"),
    [(timedelta(minutes=4, seconds=59), False), (timedelta(minutes=5, seconds=30), True)],
)
def test_a_signature_five_and_a_half_minutes_late(late, expired):
    portal = new_portal()
    portal.register(registration_message(portal, signer("enterprise")))
    message = login_message(portal, signer("enterprise"))
    portal.clock.advance(seconds=late.total_seconds())
    if not expired:
        assert portal.login(message).session
        return
    reason = refused(portal.login, message)
    assert reason is RejectReason.CHALLENGE_EXPIRED
    answer_is("05.late-signature", reason.value)
