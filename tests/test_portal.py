"""The portal refuses every bad input with its own RejectReason, and accepts the good ones.

Messages are built in software with the training keys (the portal only sees bytes); the
ceremonies on a real token are in test_scenario.py.
"""

from __future__ import annotations

import base64
import io
import json
import threading

import pytest

from dvcedu.clock import COURSE_DAY, FixedClock
from dvcedu.errors import RejectReason, VerificationError
from dvcedu.portal import Store
from dvcedu.portal.store import MIGRATIONS

from .portal_helpers import (
    b64,
    custom_signer,
    login_message,
    mst,
    new_portal,
    registration_message,
    signer,
)

ENTERPRISE = signer("enterprise")


def refused(action, message) -> RejectReason:
    with pytest.raises(VerificationError) as caught:
        action(message)
    assert caught.value.message("vi") and caught.value.message("en")
    return caught.value.reason


@pytest.fixture
def portal():
    return new_portal()


@pytest.fixture
def registered(portal):
    portal.register(registration_message(portal, ENTERPRISE))
    return portal


# --- acceptance --------------------------------------------------------------------------------
def test_register_then_login_opens_a_session_with_the_name(portal):
    verified = portal.register(registration_message(portal, ENTERPRISE))
    assert (verified.account.identifier, verified.account.kind) == ("0199001010", "enterprise")
    result = portal.login(login_message(portal, ENTERPRISE))
    assert result.session.display_name == "CÔNG TY TNHH ĐÀO TẠO AN BÌNH (TRAINING)"
    assert not result.renewed and portal.whoami(result.session.id) == result.session
    assert portal.logout(result.session.id) and portal.whoami(result.session.id) is None


@pytest.mark.parametrize(
    ("label", "kind", "identifier"),
    [
        ("citizen", "citizen", "001301012345"),
        ("branch", "branch", "0199001010-001"),
        ("enterprise-b", "enterprise", "0399001113"),
    ],
)
def test_citizens_and_branches_register_too(portal, label, kind, identifier):
    account = portal.register(registration_message(portal, signer(label))).account
    assert (account.kind, account.identifier) == (kind, identifier)


def test_renewed_certificate_logs_in_and_is_recorded(registered):
    result = registered.login(login_message(registered, signer("enterprise-renewed")))
    assert result.renewed and result.session.identifier == "0199001010"
    assert len(registered.store.certificates("0199001010")) == 2
    again = registered.login(login_message(registered, signer("enterprise-renewed")))
    assert not again.renewed


# --- message shape -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "message",
    [
        b"not json",
        b"\xff\xfe\x00",
        b"[]",
        b'{"challenge": "x"}',
        json.dumps({"challenge": "", "signature": "", "domain": "", "extra": ""}).encode(),
        json.dumps({"challenge": 1, "signature": "", "domain": ""}).encode(),
        json.dumps({"challenge": "a" * 5000, "signature": "", "domain": ""}).encode(),
        b"{" + b" " * 70_000 + b"}",
        json.dumps({"challenge": "!!!", "signature": "", "domain": ""}).encode(),
    ],
)
def test_malformed_messages(portal, message):
    assert refused(portal.login, message) is RejectReason.MALFORMED_MESSAGE


# --- challenge ---------------------------------------------------------------------------------
def test_a_challenge_the_portal_never_issued(portal):
    forged = json.dumps({"id": "nope", "nonce": "00"}).encode()
    assert (
        refused(portal.login, login_message(portal, ENTERPRISE, challenge=forged))
        is RejectReason.CHALLENGE_UNKNOWN
    )


def test_an_altered_challenge_is_unknown(portal):
    body = portal.challenge("login").body
    altered = body.replace(b'"nonce":"', b'"nonce":"0')
    assert (
        refused(portal.login, login_message(portal, ENTERPRISE, challenge=altered))
        is RejectReason.CHALLENGE_UNKNOWN
    )


def test_a_replayed_login_is_refused(registered):
    message = login_message(registered, ENTERPRISE)
    registered.login(message)
    assert refused(registered.login, message) is RejectReason.CHALLENGE_USED


def test_an_expired_challenge(registered):
    clock = registered.clock
    message = login_message(registered, ENTERPRISE)
    clock.advance(minutes=6)
    assert refused(registered.login, message) is RejectReason.CHALLENGE_EXPIRED


def test_a_registration_challenge_cannot_log_in(registered):
    message = login_message(registered, ENTERPRISE, purpose="register")
    assert refused(registered.login, message) is RejectReason.CHALLENGE_WRONG_PURPOSE


# --- origin ------------------------------------------------------------------------------------
def test_wrong_domain_beside_the_signature(registered):
    message = login_message(registered, ENTERPRISE, domain="dichvucong-gov.test")
    assert refused(registered.login, message) is RejectReason.ORIGIN_MISMATCH


def test_phishing_relay_is_caught_by_the_signed_origin(registered):
    # The fake site relays a real challenge, and lies about the domain beside the signature;
    # but the plugin signed the origin it really saw.
    message = login_message(registered, ENTERPRISE, origin="https://dichvucong-gov.test")
    assert refused(registered.login, message) is RejectReason.ORIGIN_MISMATCH


# --- CMS ---------------------------------------------------------------------------------------
def test_signature_over_other_content(registered):
    message = login_message(registered, ENTERPRISE, signed_content=b"1234567890")
    assert refused(registered.login, message) is RejectReason.CONTENT_DIGEST_MISMATCH


def test_tampered_signature_bytes(registered):
    message = json.loads(login_message(registered, ENTERPRISE))
    raw = bytearray(base64.b64decode(message["signature"]))
    raw[-5] ^= 0x01  # inside the RSA signature, the last field of SignerInfo
    message["signature"] = b64(bytes(raw))
    assert refused(registered.login, json.dumps(message).encode()) is RejectReason.BAD_SIGNATURE


def test_tampered_signed_attributes(registered):
    message = json.loads(login_message(registered, ENTERPRISE))
    raw = base64.b64decode(message["signature"])
    tampered = raw.replace(b"dichvucong.gov.test", b"dichvucong.gov.tesu")
    message["signature"] = b64(tampered)
    assert refused(registered.login, json.dumps(message).encode()) is RejectReason.BAD_SIGNATURE


def test_garbage_instead_of_cms(registered):
    message = json.loads(login_message(registered, ENTERPRISE))
    message["signature"] = b64(b"\x30\x03\x02\x01\x00")
    assert refused(registered.login, json.dumps(message).encode()) is RejectReason.CMS_MALFORMED


# --- certificate -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("label", "reason"),
    [
        ("expired", RejectReason.CERT_EXPIRED),
        ("not-yet-valid", RejectReason.CERT_NOT_YET_VALID),
        ("revoked", RejectReason.CERT_REVOKED),
        ("lookalike", RejectReason.LOOKALIKE_ISSUER),
        ("no-digsig", RejectReason.KEY_USAGE_MISSING),
        ("legacy", RejectReason.LEGACY_ALGORITHM),
        ("vnpt", RejectReason.CA_AS_LEAF),
    ],
)
def test_bad_certificates_cannot_register(portal, label, reason):
    assert refused(portal.register, registration_message(portal, signer(label))) is reason


def test_a_certificate_from_an_untrusted_ca(portal):
    from dataclasses import replace

    from dvcedu.pki import build, samples

    from .portal_helpers import key_of

    spec = samples.training_spec()
    other_ca = replace(
        spec["fake-vnpt"],
        label="other-ca",
        issuer="other-ca",
        subject=(("C", "VN"), ("CN", "CA KHÔNG ĐƯỢC CÔNG NHẬN (ĐÀO TẠO)")),
    )
    ca_key = key_of("fake-vnpt")
    leaf_spec = replace(spec["enterprise"], label="stranger", issuer="other-ca")
    leaf_key = key_of("enterprise")
    leaf = build.issue(leaf_spec, other_ca, leaf_key.public_key(), ca_key)
    assert (
        refused(portal.register, registration_message(portal, (leaf, leaf_key)))
        is RejectReason.UNTRUSTED_ROOT
    )


def test_revocation_that_cannot_be_checked(portal):
    from dataclasses import replace

    from dvcedu.pki.revocation import Ocsp

    portal.trust = replace(portal.trust, crls=(), ocsp=Ocsp([], {}))  # CA unreachable
    assert (
        refused(portal.register, registration_message(portal, ENTERPRISE))
        is RejectReason.REVOCATION_UNKNOWN
    )


def test_a_cms_without_the_signer_certificate(registered):
    from asn1crypto import cms as asn1_cms

    message = json.loads(login_message(registered, ENTERPRISE))
    info = asn1_cms.ContentInfo.load(base64.b64decode(message["signature"]))
    info["content"]["certificates"] = asn1_cms.CertificateSet([])
    message["signature"] = b64(info.dump(force=True))
    assert refused(registered.login, json.dumps(message).encode()) is RejectReason.CERT_UNREADABLE


def test_a_certificate_without_identifier(portal):
    anonymous = custom_signer("no-uid", {"C": "VN", "CN": "KHÔNG CÓ MST (ĐÀO TẠO)"})
    assert (
        refused(portal.register, registration_message(portal, anonymous))
        is RejectReason.IDENTIFIER_MISSING
    )


def test_a_certificate_with_a_wrong_check_digit(portal):
    bad = custom_signer("bad-mst", {"C": "VN", "CN": "SAI MST (ĐÀO TẠO)", "UID": "MST:0199001011"})
    assert (
        refused(portal.register, registration_message(portal, bad))
        is RejectReason.IDENTIFIER_INVALID
    )


def test_a_personal_tax_code_registers_a_citizen_whose_cccd_certificate_then_logs_in(portal):
    # From 1 July 2025 a person's tax code is their 12-digit identification number: a
    # certificate with MST:<12 digits> is that person's, the same account as their CCCD's.
    number = "001301012345"
    by_tax_code = custom_signer(
        "mst12", {"C": "VN", "CN": "NGUYỄN VĂN A (ĐÀO TẠO)", "UID": f"MST:{number}"}
    )
    registered = portal.register(registration_message(portal, by_tax_code))
    assert registered.account.identifier == number
    assert registered.account.kind == "citizen"
    by_card = custom_signer(
        "cccd12", {"C": "VN", "CN": "NGUYỄN VĂN A (ĐÀO TẠO)", "UID": f"CCCD:{number}"}
    )
    logged_in = portal.login(login_message(portal, by_card))
    assert logged_in.verified.account.identifier == number and logged_in.renewed


# --- registration form -------------------------------------------------------------------------
@pytest.mark.parametrize("email", ["", "khong-co-a-cong", "a@b", "a b@c.vn", "@daotao.test"])
def test_bad_email(portal, email):
    assert (
        refused(portal.register, registration_message(portal, ENTERPRISE, email=email))
        is RejectReason.EMAIL_INVALID
    )


def test_wrong_and_unknown_captcha(portal):
    assert (
        refused(portal.register, registration_message(portal, ENTERPRISE, captcha="XXXXX"))
        is RejectReason.CAPTCHA_WRONG
    )
    assert (
        refused(portal.register, registration_message(portal, ENTERPRISE, captcha_id="nope"))
        is RejectReason.CAPTCHA_WRONG
    )


def test_a_captcha_is_single_use_and_case_insensitive(portal):
    captcha = portal.captcha()
    first = registration_message(
        portal, signer("citizen"), captcha_id=captcha.id, captcha=captcha.text.lower()
    )
    portal.register(first)
    again = registration_message(portal, ENTERPRISE, captcha_id=captcha.id, captcha=captcha.text)
    assert refused(portal.register, again) is RejectReason.CAPTCHA_USED


def test_duplicate_registration(registered):
    assert (
        refused(registered.register, registration_message(registered, ENTERPRISE))
        is RejectReason.ALREADY_REGISTERED
    )
    renewed = registration_message(registered, signer("enterprise-renewed"))
    assert refused(registered.register, renewed) is RejectReason.ALREADY_REGISTERED


# --- login -------------------------------------------------------------------------------------
def test_login_before_registering(portal):
    assert refused(portal.login, login_message(portal, ENTERPRISE)) is RejectReason.ACCOUNT_UNKNOWN


def test_login_with_another_identifiers_certificate(registered):
    registered.register(registration_message(registered, signer("citizen")))
    message = login_message(registered, signer("citizen"), account="0199001010")
    assert refused(registered.login, message) is RejectReason.IDENTIFIER_MISMATCH


def test_every_reason_is_exercised_in_this_file():
    import inspect
    import sys

    source = inspect.getsource(sys.modules[__name__])
    missing = [r.name for r in RejectReason if f"RejectReason.{r.name}" not in source]
    assert missing == []


# --- the store ---------------------------------------------------------------------------------
def test_the_store_survives_reopening(tmp_path):
    path = tmp_path / "portal.sqlite3"
    portal = new_portal(Store(path))
    portal.register(registration_message(portal, ENTERPRISE))
    session = portal.login(login_message(portal, ENTERPRISE)).session
    portal.store.close()
    reopened = Store(path)
    assert reopened.schema_version == len(MIGRATIONS)
    assert [a.identifier for a in reopened.accounts()] == ["0199001010"]
    assert reopened.session(session.id).display_name == session.display_name
    assert reopened.query("PRAGMA integrity_check")[0][0] == "ok"
    assert reopened.query("PRAGMA journal_mode")[0][0] == "wal"


def test_an_old_store_is_upgraded_and_login_uses_the_index(tmp_path):
    import sqlite3

    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(MIGRATIONS[0])
    old.execute("PRAGMA user_version = 1")
    old.close()
    store = Store(path)
    assert store.schema_version == len(MIGRATIONS)
    plan = " ".join(
        str(tuple(r))
        for r in store.query(
            "EXPLAIN QUERY PLAN SELECT * FROM certificates WHERE identifier = ? "
            "ORDER BY first_seen, sha256",
            "0199001010",
        )
    )
    assert "certificates_by_identifier" in plan and "SCAN certificates" not in plan


@pytest.mark.load
def test_fifty_concurrent_registrations_lose_and_duplicate_nothing(tmp_path):
    portal = new_portal(Store(tmp_path / "portal.sqlite3"))
    people = [
        custom_signer(f"p{i}", {"C": "VN", "CN": f"CÔNG TY {i} (ĐÀO TẠO)", "UID": f"MST:{mst(i)}"})
        for i in range(25)
    ]
    # each identity twice: exactly one of the two may win
    messages = [registration_message(portal, who) for who in people for _ in range(2)]
    results: list[object] = [None] * len(messages)

    def register(i: int) -> None:
        try:
            results[i] = portal.register(messages[i]).account.identifier
        except VerificationError as error:
            results[i] = error.reason

    threads = [threading.Thread(target=register, args=(i,)) for i in range(len(messages))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    accepted = [r for r in results if isinstance(r, str)]
    assert sorted(accepted) == sorted(mst(i) for i in range(25))
    assert results.count(RejectReason.ALREADY_REGISTERED) == 25
    assert len(portal.store.accounts()) == 25


def test_challenges_take_time_and_randomness_from_the_portal():
    clock = FixedClock(COURSE_DAY)
    first, second = new_portal(clock=clock), new_portal(clock=clock)
    a, b = first.challenge("login"), second.challenge("login")
    assert a.issued_at == COURSE_DAY and a.body == b.body  # same seed, same clock
    clock.advance(minutes=1)
    assert first.challenge("login").issued_at == a.issued_at + (clock.now() - COURSE_DAY)
    assert len(a.nonce) == 32 and json.loads(a.body)["origin"] == "https://dichvucong.gov.test"


def test_the_captcha_alphabet_has_no_look_alikes():
    from dvcedu.portal.captcha import ALPHABET

    for pair in ("0O", "0Q", "1I", "2Z", "5S", "6G", "8B", "UV"):
        assert not set(pair) <= set(ALPHABET), pair


def test_a_captcha_picture_depends_only_on_its_own_id_and_text():
    """Same captcha, same bytes — even drawn in eight threads at once (nothing global is
    swapped while drawing); another id or text, another picture; a real 240×80 PNG."""
    from concurrent.futures import ThreadPoolExecutor

    from PIL import Image

    from dvcedu.portal.captcha import HEIGHT, WIDTH, Captcha

    alone = Captcha("id-1", "KX3WP").image_png()
    with ThreadPoolExecutor(8) as pool:
        together = list(
            pool.map(
                lambda c: c.image_png(), [Captcha("id-1", "KX3WP"), Captcha("id-2", "KX3WP")] * 8
            )
        )
    assert together[0::2] == [alone] * 8
    assert together[1] != alone and Captcha("id-1", "KX3WA").image_png() != alone
    assert Image.open(io.BytesIO(alone)).size == (WIDTH, HEIGHT)
