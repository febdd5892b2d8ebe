"""The remote-signing service's phone page in Chromium, as the signer uses it: the
transaction waits on the phone with the hash it will sign; a wrong code is said and the
transaction stays; the right code approves and the client's credentials/authorize call
returns the SAD; a refusal ends it in words."""

from __future__ import annotations

import base64
import hashlib
import threading

import httpx2
import pytest

from dvcedu.clock import COURSE_DAY, FixedClock, SeededRandom
from dvcedu.rssp.service import TRAINING_OTP

from ..conftest import requires_softhsm

HASH = base64.b64encode(hashlib.sha256(b"ho so nop Cong").digest()).decode()


@pytest.fixture
def remote(home):
    from dvcedu import lab
    from dvcedu.web.lesson import start_remote_signing

    lab.provision("enterprise-rs", label="DVCEDU-RSSP-UI", force=True)
    run = start_remote_signing(
        "DVCEDU-RSSP-UI", clock=FixedClock(COURSE_DAY), random=SeededRandom("rssp-ui")
    )
    yield run
    run.stop()


def authorize_in_the_background(remote) -> dict:
    """The signing software's credentials/authorize, waiting for the phone in a thread."""
    answer: dict = {}
    token = remote.access_token()

    def call() -> None:
        reply = httpx2.post(
            f"{remote.url}/csc/v1/credentials/authorize",
            headers={"authorization": f"Bearer {token}"},
            json={"credentialID": "an-binh-rs", "numSignatures": 1, "hash": [HASH]},
            timeout=60,
        )
        answer.update(status=reply.status_code, body=reply.json())

    thread = threading.Thread(target=call, daemon=True)
    thread.start()
    answer["thread"] = thread
    return answer


def open_the_phone(browser, remote):
    context = browser.new_context(viewport={"width": 390, "height": 760}, locale="vi-VN")
    phone = context.new_page()
    phone.goto(remote.phone_url)
    phone.wait_for_selector(".phone-request", timeout=10_000)  # the page looks again every 2 s
    return context, phone


@requires_softhsm
def test_the_signer_sees_the_hash_types_the_code_and_the_client_gets_its_sad(
    browser, remote, shots
):
    answer = authorize_in_the_background(remote)
    context, phone = open_the_phone(browser, remote)
    try:
        shown = phone.inner_text(".phone-hash").replace(" ", "")
        assert shown == base64.b64decode(HASH).hex().upper()  # the hash it will sign, whole
        assert "CÔNG TY TNHH ĐÀO TẠO AN BÌNH (TRAINING)" in phone.inner_text(".phone-request")
        phone.fill(".phone-otp", "000000")
        phone.click(".phone-approve")
        phone.wait_for_selector(".phone-result:not(:empty)")
        assert "không đúng" in phone.inner_text(".phone-result")
        assert phone.locator(".phone-approve").is_enabled()  # the transaction is still there
        phone.fill(".phone-otp", TRAINING_OTP)
        phone.click(".phone-approve")
        phone.wait_for_function(
            "() => document.querySelector('.phone-result').textContent.includes('SAD')"
        )
        phone.screenshot(path=shots / "rssp-phone.png")
        assert phone.locator(".phone-approve").is_disabled()
    finally:
        context.close()
    answer["thread"].join(timeout=30)
    assert answer["status"] == 200 and answer["body"]["SAD"]
    assert answer["body"]["expiresIn"] == 300


@requires_softhsm
def test_a_refusal_on_the_phone_is_the_clients_refusal_in_words(browser, remote):
    answer = authorize_in_the_background(remote)
    context, phone = open_the_phone(browser, remote)
    try:
        phone.click(".phone-refuse")
        phone.wait_for_selector(".phone-result:not(:empty)")
        assert "từ chối" in phone.inner_text(".phone-result").lower()
    finally:
        context.close()
    answer["thread"].join(timeout=30)
    assert answer["status"] == 400 and answer["body"]["reason"] == "refused"
    assert "từ chối" in answer["body"]["message"]
