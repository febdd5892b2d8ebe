"""The same code on a second, independent PKCS#11 implementation: opencryptoki's software
token, delivered as a CA delivers one (tests/opencryptoki.py). It offers CKM_RSA_PKCS and
CKM_SHA1_RSA_PKCS but no CKM_SHA256_RSA_PKCS, counts wrong PINs itself and locks."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from dvcedu.errors import PinIncorrect, PinLocked
from dvcedu.pki import samples
from dvcedu.token import list_tokens, open_token

from . import opencryptoki as ock

# one physical token, locked and re-delivered by some of these tests, and opencryptoki keeps a
# per-process view of it that another process's re-initialisation does not refresh: make test
# runs these alone, serially and in file order (-m opencryptoki), not in the parallel run
pytestmark = [pytest.mark.opencryptoki, pytest.mark.xdist_group("opencryptoki")]


def test_it_is_listed_as_itself_and_its_certificate_read_without_pin(opencryptoki_token):
    tokens = {t.label: t for t in list_tokens(ock.MODULE)}
    token = tokens[ock.LABEL]
    assert token.manufacturer.startswith("IBM") and not token.is_softhsm
    assert token.pin_state is None  # it counts for itself: nothing simulated
    with open_token(ock.LABEL, module=ock.MODULE) as session:
        (cert,) = session.certificates()
    assert cert.x509() == samples.load_certificate("enterprise")
    assert cert.id == opencryptoki_token


def test_it_signs_by_hashing_on_the_host_and_the_signature_is_the_expected_one(
    opencryptoki_token, tmp_path
):
    data = "Cổng Dịch vụ công Quốc gia".encode()
    with open_token(ock.LABEL, ock.PIN, module=ock.MODULE) as session:
        key = session.private_key(id=opencryptoki_token)
        path = key.signing_path()
        signature = key.sign(data)
        offered = session.mechanisms()
    assert "CKM_SHA256_RSA_PKCS" not in offered and "CKM_RSA_PKCS" in offered
    assert (path.mechanism, path.hashed_on_token) == ("CKM_RSA_PKCS", False)
    private = serialization.load_pem_private_key(samples.identity("enterprise").key_pem(), None)
    assert signature == private.sign(data, padding.PKCS1v15(), hashes.SHA256())  # deterministic
    (tmp_path / "d").write_bytes(data)
    (tmp_path / "s").write_bytes(signature)
    (tmp_path / "p.pem").write_bytes(
        private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    done = subprocess.run(
        [
            "openssl",
            "dgst",
            "-sha256",
            "-verify",
            tmp_path / "p.pem",
            "-signature",
            tmp_path / "s",
            tmp_path / "d",
        ],
        capture_output=True,
        text=True,
    )
    assert "Verified OK" in done.stdout


def _dvcedu(*args: str, home) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DVCEDU_PKCS11_MODULE", "PYKCS11LIB")}
    return subprocess.run(
        [sys.executable, "-m", "dvcedu", *args, "--module", ock.MODULE],
        capture_output=True,
        text=True,
        timeout=120,
        env={**env, "DVCEDU_HOME": str(home), "DVCEDU_LANG": "en"},
    )


def test_walkthrough_registers_and_logs_in_on_it(opencryptoki_token, tmp_path):
    done = _dvcedu("walkthrough", "--label", ock.LABEL, "--pin", ock.PIN, "--json", home=tmp_path)
    report = json.loads(done.stdout)
    failed = [
        e
        for part in ("registration", "login")
        if report.get(part)
        for e in report[part]["events"]
        if not e["ok"]
    ]
    assert done.returncode == 0, (failed, done.stderr)
    assert report["login"]["ok"] and report["name_top_right"]
    c_sign = next(e for e in report["registration"]["events"] if e["name"] == "C_Sign")
    assert c_sign["bytes"] == 51  # the DigestInfo hashed here, not the signed attributes


def test_its_own_lock_is_reported_and_believed(opencryptoki_token, tmp_path):
    """Wrong PINs until the token itself sets CKF_USER_PIN_LOCKED: dvcedu then refuses before
    C_Login and doctor says locked. The token is delivered again afterwards."""
    try:
        for _ in range(10):
            with (
                pytest.raises((PinIncorrect, PinLocked)) as caught,
                open_token(ock.LABEL, "0000", module=ock.MODULE),
            ):
                pass
            if isinstance(caught.value, PinLocked):
                break
        assert isinstance(caught.value, PinLocked) and caught.value.msg_id == "pin.locked"
        with pytest.raises(PinLocked), open_token(ock.LABEL, ock.PIN, module=ock.MODULE):
            pass
        doctor = _dvcedu("doctor", "--label", ock.LABEL, "--json", home=tmp_path)
        token_check = next(
            c for c in json.loads(doctor.stdout)["checks"] if c["name"] == "Training token"
        )
        assert not token_check["ok"] and "locked" in token_check["detail"]
        assert "CA" in token_check["fix"] and "token init" not in token_check["fix"]
    finally:
        ock.deliver()


def test_a_missing_label_on_a_real_module_names_the_module_not_token_init(opencryptoki_token):
    from dvcedu.errors import TokenNotPresent

    with pytest.raises(TokenNotPresent) as caught, open_token("KHONG-CO", module=ock.MODULE):
        pass
    words = caught.value.message("en")
    assert ock.MODULE in words and f"'{ock.LABEL}'" in words and "token init" not in words


def test_an_ec_key_it_cannot_sign_with_is_refused_in_words(opencryptoki_token, tmp_path):
    """opencryptoki 3.8's soft token stores an EC key but offers no ECDSA mechanism at all
    (SoftHSM2 offers CKM_ECDSA: tests/test_token_mechanisms.py signs with one there). dvcedu
    says what would be needed and what the token has, in both languages, before any C_Sign —
    and the command line ends with that sentence, not a traceback."""
    from dvcedu.errors import TokenError

    from . import ec_identity

    try:
        key_id = ock.deliver_key(ec_identity.key_pem(), ec_identity.certificate(), "ec")
        with open_token(ock.LABEL, ock.PIN, module=ock.MODULE) as session:
            key = session.private_key(id=key_id)
            assert not any("ECDSA" in name for name in session.mechanisms())
            with pytest.raises(TokenError) as caught:
                key.sign(b"data")
        assert caught.value.msg_id == "mechanism.none"
        assert "256-bit EC key: CKM_ECDSA_SHA256 or CKM_ECDSA" in caught.value.message("en")
        assert "khóa EC 256 bit" in caught.value.message("vi")
        done = _dvcedu("walkthrough", "--label", ock.LABEL, "--pin", ock.PIN, home=tmp_path)
        assert done.returncode != 0 and "Traceback" not in done.stderr
        assert "CKM_ECDSA_SHA256 or CKM_ECDSA" in done.stdout + done.stderr
    finally:
        ock.deliver()
