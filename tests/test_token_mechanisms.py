"""Mechanism negotiation: hash-and-sign on the token where offered, else the host hashes and
the token signs the DigestInfo with CKM_RSA_PKCS — the same signature, and the Transcript
says which path was taken."""

from __future__ import annotations

import hashlib

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from dvcedu.clock import COURSE_DAY, FixedClock, SeededRandom
from dvcedu.errors import TokenError
from dvcedu.pki import cms, samples
from dvcedu.pki.samples import training_trust
from dvcedu.plugin import ScriptedLearner, SigningPlugin
from dvcedu.portal import Portal, Store
from dvcedu.scenario import run_login, run_registration
from dvcedu.token import TRAINING_PIN, MechanismInfo, digest_info, open_token
from dvcedu.token.mechanisms import choose
from dvcedu.token.session import Session

from .conftest import requires_softhsm

SIGN = frozenset({"CKF_SIGN", "CKF_VERIFY"})


def offered(*names: str, low: int = 512, high: int = 4096, flags=SIGN):
    return {n: MechanismInfo(n, low, high, flags) for n in names}


def test_the_token_hashes_when_it_offers_the_hash_and_sign_mechanism():
    path = choose(offered("CKM_RSA_PKCS", "CKM_SHA256_RSA_PKCS"), key_type="RSA", key_bits=2048)
    assert (path.mechanism, path.hashed_on_token) == ("CKM_SHA256_RSA_PKCS", True)
    assert path.prepare(b"data") == b"data"


def test_the_host_hashes_when_the_token_offers_only_raw_rsa():
    """opencryptoki's soft token: CKM_RSA_PKCS and CKM_SHA1_RSA_PKCS, no SHA-256 one."""
    path = choose(offered("CKM_RSA_PKCS", "CKM_SHA1_RSA_PKCS"), key_type="RSA", key_bits=2048)
    assert (path.mechanism, path.hashed_on_token) == ("CKM_RSA_PKCS", False)
    prepared = path.prepare(b"data")
    assert len(prepared) == 51 and prepared.endswith(hashlib.sha256(b"data").digest())
    assert prepared.startswith(bytes.fromhex("3031300d060960864801650304020105000420"))


@pytest.mark.parametrize(("table", "why"), [
    (offered("CKM_SHA256_RSA_PKCS", "CKM_RSA_PKCS", flags=frozenset({"CKF_VERIFY"})),
     "no CKF_SIGN"),
    (offered("CKM_SHA256_RSA_PKCS", "CKM_RSA_PKCS", high=1024), "keys up to 1024 bits only"),
    (offered("CKM_SHA1_RSA_PKCS"), "SHA-1 only"),
    ({}, "nothing at all"),
])
def test_no_usable_mechanism_is_said_in_words(table, why):
    with pytest.raises(TokenError) as caught:
        choose(table, key_type="RSA", key_bits=2048)
    assert caught.value.msg_id == "mechanism.none", why
    assert "CKM_SHA256_RSA_PKCS" in caught.value.message("en")


@pytest.mark.parametrize(("low", "high", "signs"), [
    (512, 4096, True), (512, 1024, False), (4096, 8192, False), (0, 0, True)])
def test_key_size_limits_are_respected(low, high, signs):
    assert MechanismInfo("CKM_RSA_PKCS", low, high, SIGN).signs(2048) is signs
    assert not MechanismInfo("CKM_RSA_PKCS", low, high, frozenset({"CKF_VERIFY"})).signs(2048)


def test_an_ecdsa_key_is_refused_plainly():
    with pytest.raises(TokenError) as caught:
        choose(offered("CKM_ECDSA_SHA256"), key_type="EC", key_bits=256)
    assert caught.value.msg_id == "mechanism.key_type"


# --- on a real SoftHSM2 token, with what opencryptoki offers ------------------------------------
def _without_hash_and_sign(monkeypatch):
    real = Session.mechanisms

    def only_raw(self):
        return {n: i for n, i in real(self).items()
                if n in ("CKM_RSA_PKCS", "CKM_SHA1_RSA_PKCS")}
    monkeypatch.setattr(Session, "mechanisms", only_raw)


@requires_softhsm
def test_both_paths_give_the_same_signature_on_the_token(training_token, monkeypatch):
    data = "Cổng Dịch vụ công Quốc gia".encode()
    with open_token(pin=TRAINING_PIN) as token:
        on_token = token.private_key().sign(data)
    _without_hash_and_sign(monkeypatch)
    with open_token(pin=TRAINING_PIN) as token:  # a path is worked out once per session
        key = token.private_key()
        assert key.signing_path().mechanism == "CKM_RSA_PKCS"
        on_host = key.sign(data)
        assert key.sign(digest_info(data), "RSA_PKCS") == on_host
    assert on_token == on_host
    samples.load_certificate("enterprise").public_key().verify(
        on_host, data, padding.PKCS1v15(), hashes.SHA256())


@requires_softhsm
def test_the_ceremony_works_and_the_transcript_shows_the_host_path(training_token,
                                                                     monkeypatch):
    _without_hash_and_sign(monkeypatch)
    clock = FixedClock(COURSE_DAY)
    portal = Portal(Store.memory(), trust=training_trust(), clock=clock,
                    random=SeededRandom("mechanisms"))
    plugin = SigningPlugin(clock=clock)
    registered = run_registration(portal, plugin, ScriptedLearner(pin=TRAINING_PIN),
                                  email="ketoan@daotao.test")
    assert registered.ok, registered.error
    c_sign = registered.transcript.find("C_Sign")
    assert len(c_sign.payload) == 51 and "CKM_RSA_PKCS" in c_sign.note("en")
    assert "hashed (SHA256) on this computer" in c_sign.note("en")
    assert run_login(portal, plugin, ScriptedLearner(pin=TRAINING_PIN)).ok
    signature = json_signature(registered)
    assert cms.verify_detached(signature, portal_challenge(registered)).signer.subject


def json_signature(ceremony):
    import base64
    import json

    return base64.b64decode(json.loads(ceremony.transcript.find("POST /dang-ky").payload)
                            ["signature"])


def portal_challenge(ceremony):
    import base64
    import json

    return base64.b64decode(json.loads(ceremony.transcript.find("POST /dang-ky").payload)
                            ["challenge"])
