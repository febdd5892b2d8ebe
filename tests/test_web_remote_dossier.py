"""Nộp hồ sơ, ký số từ xa, on the practice portal: the portal is the signing software (pyHanko's
CSC client), the training remote-signing service holds the key on a SoftHSM2 token of its own,
and the signer answers on the phone page — approved, refused, or never asked (an account with
no remote-signing certificate, a portal with no service beside it, a service not answering)."""

from __future__ import annotations

import json

import pytest

from dvcedu.clock import COURSE_DAY, FixedClock, SeededRandom
from dvcedu.errors import RemoteSigningError

from .conftest import requires_softhsm

pytestmark = requires_softhsm
AN_BINH = "CÔNG TY TNHH ĐÀO TẠO AN BÌNH (TRAINING)"


def start(label: str, *, remote: bool = True):
    from dvcedu import lab
    from dvcedu.web.lesson import start_practice

    if remote:
        lab.provision("enterprise-rs", label="DVCEDU-RSSP-WEB", force=True)
    return start_practice(
        label,
        clock=FixedClock(COURSE_DAY),
        random=SeededRandom("test-web-remote"),
        rssp_label="DVCEDU-RSSP-WEB" if remote else None,
    )


@pytest.fixture
def enterprise(training_token):
    run = start(training_token.label)
    robot = run.robot()
    assert robot.register()["ok"] and robot.log_in() == AN_BINH
    yield run, robot
    run.stop()


def test_the_portal_signs_remotely_once_the_phone_approves_and_the_pdf_never_leaves(enterprise):
    run, robot = enterprise
    reply = robot.file_dossier_remotely("Cấp bản sao giấy phép (ký từ xa)")
    assert reply["ok"] and reply["receipt"].startswith("HS-"), reply
    (signature,) = reply["signatures"]
    assert signature["ok"] and signature["identifier"] == "MST:0199001010"
    names = [e.name for e in run.transcript]
    order = [
        "POST /ho-so/ky-tu-xa",
        "POST /csc/v1/credentials/list",
        "POST /csc/v1/credentials/authorize",
        "POST /csc/v1/signatures/signHash",
        "event.dossier_received",
    ]
    assert [names.index(n) for n in order] == sorted(names.index(n) for n in order)
    to_service = [e for e in run.transcript if e.name.startswith("POST /csc/v1/")]
    assert to_service and not any(b"%PDF" in bytes(e.payload) for e in to_service)
    # the phone was told what it signs: the request's words, in the authorisation's description
    (asked,) = [e for e in to_service if e.name.endswith("credentials/authorize")]
    assert "Cấp bản sao giấy phép (ký từ xa)" in json.loads(asked.payload)["description"]


def test_a_refusal_on_the_phone_comes_back_to_the_page_in_words(enterprise):
    run, robot = enterprise
    reply = robot.file_dossier_remotely(approve=False)
    assert not reply["ok"] and "từ chối trên điện thoại" in reply["message"]
    assert "event.dossier_received" not in [e.name for e in run.transcript]


def test_an_account_with_no_remote_signing_certificate_is_told_so(home):
    from dvcedu import lab

    lab.provision("citizen", label="DVCEDU-CITIZEN-RS")
    run = start("DVCEDU-CITIZEN-RS")
    try:
        robot = run.robot()
        assert robot.register()["ok"] and robot.log_in()
        reply = robot.file_dossier_remotely()
    finally:
        run.stop()
    assert not reply["ok"] and "không có chứng thư nào mang mã 0" in reply["message"]
    assert "POST /csc/v1/credentials/authorize" not in [e.name for e in run.transcript]


def test_a_portal_with_no_remote_signing_service_offers_no_button_and_refuses(training_token):
    run = start(training_token.label, remote=False)
    try:
        robot = run.robot()
        assert robot.register()["ok"] and robot.log_in() == AN_BINH
        page = robot.get(run.practice.portal_url + "/tai-khoan").text
        refused = robot.http.post(
            run.practice.portal_url + "/ho-so/ky-tu-xa",
            headers={"Origin": run.practice.portal_url},
        )
    finally:
        run.stop()
    assert 'id="dossier-sign"' in page and 'id="dossier-remote"' not in page
    assert refused.status_code == 400 and "dvcedu serve" in refused.json()["message"]


def test_a_service_that_does_not_answer_is_said_with_its_address():
    from dvcedu.dossier.remote import credential_for, log_in
    from dvcedu.web.serve import any_free_port

    url = f"http://127.0.0.1:{any_free_port()}"  # nothing listens there
    for call in (
        lambda: log_in(url, ("hocvien", "dao-tao")),
        lambda: credential_for(url, access_token="x", identifier="0199001010"),
    ):
        with pytest.raises(RemoteSigningError) as raised:
            call()
        assert raised.value.reason == "unreachable" and url in raised.value.message("en")
