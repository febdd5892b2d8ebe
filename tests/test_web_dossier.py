"""Nộp hồ sơ on the practice portal: the account's request as a PDF, signed through the signing
service's SignPDF on a real SoftHSM2 token, checked on arrival — and refused when it is not
the logged-in account's, is changed, or is not a PDF."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import Encoding

from dvcedu import i18n
from dvcedu.clock import COURSE_DAY, FixedClock, SeededRandom
from dvcedu.dossier.form import Dossier, new_dossier
from dvcedu.dossier.sign import sign_pdf
from dvcedu.dossier.verify import verify_pdf
from dvcedu.pki import samples
from dvcedu.pki.cms import KeySigner

from .conftest import requires_softhsm

pytestmark = requires_softhsm


@pytest.fixture
def logged_in(training_token):
    from dvcedu.web.lesson import start_practice

    run = start_practice(
        training_token.label, clock=FixedClock(COURSE_DAY), random=SeededRandom("test-web-dossier")
    )
    robot = run.robot()
    assert robot.register()["ok"]
    assert robot.log_in() == "CÔNG TY TNHH ĐÀO TẠO AN BÌNH (TRAINING)"
    yield run, robot
    run.stop()


def test_a_dossier_is_signed_in_the_plugin_and_received_with_a_number(logged_in):
    run, robot = logged_in
    reply = robot.file_dossier("Cấp bản sao giấy phép (kiểm thử)")
    assert reply["ok"] and reply["receipt"].startswith("HS-"), reply
    (signature,) = reply["signatures"]
    assert signature["identifier"] == "MST:0199001010" and signature["ok"]
    names = [e.name for e in run.transcript]
    for expected in ("ho-so.pdf", "POST /ho-so/nop", "C_Sign", "event.dossier_received"):
        assert expected in names, expected
    assert names.index("C_Sign", names.index("ho-so.pdf")) < names.index("POST /ho-so/nop")


def post(run, robot, pdf: bytes) -> dict:
    url = run.practice.portal_url + "/ho-so/nop"
    return robot.http.post(
        url,
        json={"pdf": base64.b64encode(pdf).decode()},
        headers={"Origin": run.practice.portal_url},
    ).json()


def test_a_dossier_signed_by_someone_else_is_refused(logged_in):
    run, robot = logged_in
    citizen = samples.identity("citizen")
    signer = KeySigner(
        serialization.load_pem_private_key(citizen.key_pem(), None),
        citizen.certificate.public_bytes(Encoding.DER),
    )
    form = new_dossier(Dossier("X", "0199001010", "r", "Hà Nội", COURSE_DAY.date()))
    pdf = sign_pdf(form, signer, signing_time=COURSE_DAY, reason="r", location="l")
    assert verify_pdf(pdf, trust=samples.training_trust(), at=COURSE_DAY).valid
    reply = post(run, robot, pdf)
    assert not reply["ok"] and "0199001010" in reply["message"]
    assert "tài khoản đang đăng nhập" in reply["message"]


def test_a_changed_or_unsigned_or_broken_dossier_is_refused_in_words(logged_in):
    run, robot = logged_in
    form = robot.http.get(run.practice.portal_url + "/ho-so/mau.pdf").content
    assert form.startswith(b"%PDF-")
    unsigned = post(run, robot, form)
    assert not unsigned["ok"] and "không có chữ ký" in unsigned["message"]
    broken = post(run, robot, b"GIF89a")
    assert not broken["ok"] and "PDF" in broken["message"]
    garbage = robot.http.post(
        run.practice.portal_url + "/ho-so/nop",
        content=b"{not json",
        headers={"Origin": run.practice.portal_url},
    )
    assert garbage.status_code == 400 and "JSON" in garbage.json()["message"]
    refusals = [e for e in run.transcript if e.name == i18n.t("event.refused", "vi")]
    assert refusals and all(e.note_vi != e.note_en for e in refusals)  # the Transcript keeps both


def test_nobody_files_without_logging_in(training_token):
    from dvcedu.web.lesson import start_practice

    run = start_practice(training_token.label, clock=FixedClock(COURSE_DAY))
    try:
        robot = run.robot()
        assert robot.http.get(run.practice.portal_url + "/ho-so/mau.pdf").status_code == 401
        assert (
            robot.http.post(
                run.practice.portal_url + "/ho-so/nop",
                json={"pdf": ""},
                headers={"Origin": run.practice.portal_url},
            ).status_code
            == 401
        )
    finally:
        run.stop()
