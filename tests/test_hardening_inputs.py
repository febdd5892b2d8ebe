"""Hardening, round two: every class of input that once escaped as a crash or a leaky
message is refused with a reason, in words. Property tests reach the deep branches: the
form fields are varied inside otherwise valid, freshly signed messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dvcedu.errors import DataFileError, RejectReason, VerificationError
from dvcedu.pki import decode, identity, samples
from dvcedu.portal.checks import MAX_DEPTH, loads_bounded

from .conftest import requires_softhsm
from .portal_helpers import (
    ENTERPRISE_LABEL,
    b64,
    custom_signer,
    login_message,
    mst,
    new_portal,
    registration_message,
)
from .portal_helpers import signer as make_signer

ENTERPRISE = make_signer(ENTERPRISE_LABEL)
PORTAL = new_portal()

any_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=32)
vietnamese = st.sampled_from(["Đăng ký", "mã xác thực", "ẩề", "e\u0301", "\u200b", "ＫＸ７"])


def refused(message: bytes, *, register: bool = True) -> RejectReason | None:
    try:
        (PORTAL.register if register else PORTAL.login)(message)
    except VerificationError as error:
        error.message("vi"), error.message("en")  # both render
        return error.reason
    return None


@given(answer=any_text | vietnamese)
def test_any_captcha_answer_is_refused_with_a_reason(answer):
    message = registration_message(PORTAL, ENTERPRISE, captcha=answer)
    assert refused(message) in (RejectReason.CAPTCHA_WRONG, None)


@given(email=any_text | vietnamese)
def test_any_email_is_refused_with_a_reason(email):
    message = registration_message(PORTAL, ENTERPRISE, email=email)
    assert refused(message) in (
        RejectReason.EMAIL_INVALID,
        RejectReason.ALREADY_REGISTERED,
        RejectReason.CAPTCHA_WRONG,
        None,
    )


@given(domain=any_text | vietnamese, account=any_text | vietnamese)
def test_any_domain_or_account_is_refused_with_a_reason(domain, account):
    message = login_message(PORTAL, ENTERPRISE, domain=domain, account=account)
    assert refused(message, register=False) is not None


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 10_000, 200_000])
def test_deeply_nested_json_is_a_malformed_message(depth):
    nested = "[" * depth + "]" * depth
    outer = ('{"challenge": ' + nested + "}").encode()[:60_000]
    assert refused(outer) is RejectReason.MALFORMED_MESSAGE
    good = json.loads(registration_message(PORTAL, ENTERPRISE))
    good["challenge"] = b64(('{"id": ' + "[" * 600 + "]" * 600 + "}").encode())  # < 2 KB
    assert refused(json.dumps(good).encode()) is RejectReason.CHALLENGE_UNKNOWN
    with pytest.raises(ValueError):
        loads_bounded(nested)


def test_json_inside_strings_does_not_count_as_nesting():
    assert loads_bounded('{"a": "[[[[[[[[[[{{{{{", "b": "\\"[[["}') == {
        "a": "[[[[[[[[[[{{{{{",
        "b": '"[[[',
    }


@pytest.mark.parametrize(
    "library, words",
    [
        (None, "not a shared library"),
        ("/usr/lib/x86_64-linux-gnu/libz.so.1", "not a PKCS#11 module"),
    ],
)
def test_a_module_that_is_not_pkcs11_prints_only_dvcedus_message(tmp_path, library, words):
    if library is None:
        library = tmp_path / "fake.so"
        library.write_text("not a library")
    elif not os.path.exists(library):
        pytest.skip(f"{library} is not on this machine")
    env = {
        **os.environ,
        "DVCEDU_HOME": str(tmp_path / "home"),
        "DVCEDU_LANG": "en",
        "DVCEDU_PKCS11_MODULE": str(library),
    }
    done = subprocess.run(
        [sys.executable, "-m", "dvcedu", "token", "list"], env=env, capture_output=True, text=True
    )
    assert done.returncode != 0
    assert done.stdout == "", f"the loader printed: {done.stdout!r}"
    assert "dyn_unix" not in done.stderr.split("detail")[0] and words in done.stderr


def pem_with(damage) -> bytes:
    pem = samples.load_certificate("enterprise").public_bytes(
        __import__(
            "cryptography.hazmat.primitives.serialization", fromlist=["Encoding"]
        ).Encoding.PEM
    )
    return damage(pem)


@pytest.mark.parametrize(
    "damage, words",
    [
        (lambda pem: pem[:100] + b"!" + pem[101:], "base64 text inside the PEM block"),
        (lambda pem: pem.replace(b"MII", b"MIJ", 1), "DER bytes do not follow"),
        (lambda pem: b"", "empty"),
        (lambda pem: b"\x30\x82\x05\xc6\x05" + pem[5:40], "not a certificate in PEM, DER"),
    ],
)
def test_a_broken_certificate_file_is_explained_in_words(damage, words):
    with pytest.raises(DataFileError) as caught:
        decode.parse_certificates(pem_with(damage), "broken.pem")
    english = caught.value.message("en")
    assert words in english
    before_detail = english.split("detail:")[0]
    assert "InvalidData(" not in before_detail and "ParseError" not in before_detail
    assert "cryptography.io" not in english
    vietnamese_text = caught.value.message("vi")
    assert "Không đọc được tệp" in vietnamese_text and words not in vietnamese_text


def test_a_relay_refusal_shows_two_different_origins():
    message = login_message(PORTAL, ENTERPRISE, origin="http://dichvucong.gov.test:8080")
    with pytest.raises(VerificationError) as caught:
        PORTAL.login(message)
    assert caught.value.reason is RejectReason.ORIGIN_MISMATCH
    expected, found = caught.value.expected, caught.value.found
    assert expected != found and "8080" in found


@requires_softhsm
def test_a_pin_of_the_wrong_length_is_said_without_a_wrong_plural(training_token):
    from dvcedu.errors import PinLenRange
    from dvcedu.token import open_token

    with pytest.raises(PinLenRange) as caught, open_token(training_token.label, pin="1"):
        pass
    english = caught.value.message("en")
    assert "1 characters" not in english and "has 1" in english


@pytest.mark.parametrize("digits", ["01990010", "01990010101"])
def test_an_mst_of_the_wrong_length_is_not_called_a_10_digit_mst(digits):
    cert, _ = custom_signer("odd", {"CN": "CÔNG TY SAI MST", "UID": f"MST:{digits}"})
    found = identity.identifiers(cert.subject)
    holder = identity.classify(found)
    assert not found[0].valid and holder.kind == "unknown"
    from dvcedu.i18n import t

    said = t(holder.reason_id, "en", identifier=holder.identifier)
    assert "10-digit" not in said and digits in said
    assert mst(0)  # the helper still gives valid codes
