"""Mechanism negotiation: hash-and-sign on the token where offered, else the host hashes and
the token signs the DigestInfo with CKM_RSA_PKCS — the same signature, and the Transcript
says which path was taken."""

from __future__ import annotations

import hashlib
import os
import subprocess

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding

from dvcedu.clock import COURSE_DAY, FixedClock, SeededRandom
from dvcedu.errors import TokenError
from dvcedu.pki import cms, samples
from dvcedu.pki.samples import training_trust
from dvcedu.plugin import ScriptedLearner, SigningPlugin
from dvcedu.portal import Portal, Store
from dvcedu.scenario import run_login, run_registration
from dvcedu.token import TRAINING_PIN, MechanismInfo, digest_info, open_token
from dvcedu.token.mechanisms import choose
from dvcedu.token.session import TokenSession

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


@pytest.mark.parametrize(
    ("table", "why"),
    [
        (
            offered("CKM_SHA256_RSA_PKCS", "CKM_RSA_PKCS", flags=frozenset({"CKF_VERIFY"})),
            "no CKF_SIGN",
        ),
        (offered("CKM_SHA256_RSA_PKCS", "CKM_RSA_PKCS", high=1024), "keys up to 1024 bits only"),
        (offered("CKM_SHA1_RSA_PKCS"), "SHA-1 only"),
        ({}, "nothing at all"),
    ],
)
def test_no_usable_mechanism_is_said_in_words(table, why):
    with pytest.raises(TokenError) as caught:
        choose(table, key_type="RSA", key_bits=2048)
    assert caught.value.msg_id == "mechanism.none", why
    assert "CKM_SHA256_RSA_PKCS" in caught.value.message("en")


@pytest.mark.parametrize(
    ("low", "high", "signs"),
    [(512, 4096, True), (512, 1024, False), (4096, 8192, False), (0, 0, True)],
)
def test_key_size_limits_are_respected(low, high, signs):
    assert MechanismInfo("CKM_RSA_PKCS", low, high, SIGN).signs(2048) is signs
    assert not MechanismInfo("CKM_RSA_PKCS", low, high, frozenset({"CKF_VERIFY"})).signs(2048)


def test_an_ec_key_is_hashed_and_signed_on_the_token_when_it_offers_ecdsa_sha256():
    path = choose(
        offered("CKM_ECDSA", "CKM_ECDSA_SHA256", low=256, high=521), key_type="EC", key_bits=256
    )
    assert (path.mechanism, path.hashed_on_token, path.key_type) == ("CKM_ECDSA_SHA256", True, "EC")
    assert path.prepare(b"data") == b"data"


def test_an_ec_key_on_a_token_with_bare_ecdsa_gets_the_hash_made_here():
    """SoftHSM2 2.6 and opencryptoki 3.8 both offer CKM_ECDSA only."""
    path = choose(
        offered("CKM_ECDSA", "CKM_RSA_PKCS", low=112, high=521),
        key_type="EC",
        key_bits=384,
        digest="sha384",
    )
    assert (path.mechanism, path.hashed_on_token) == ("CKM_ECDSA", False)
    assert path.prepare(b"data") == hashlib.sha384(b"data").digest()  # no DigestInfo for ECDSA
    assert path.why == "mechanism.why_ecdsa_on_host"


def test_an_ecdsa_signature_is_repacked_from_r_and_s_to_der():
    path = choose(offered("CKM_ECDSA", low=256, high=256), key_type="EC", key_bits=256)
    r, s = (7).to_bytes(32, "big"), (0x80 << 248).to_bytes(32, "big")
    der = path.encode(r + s)
    # SEQUENCE { INTEGER 7, INTEGER 0x0080… } — s needs a leading zero to stay positive
    assert der == bytes.fromhex("3026020107022100") + s
    assert choose(offered("CKM_RSA_PKCS"), key_type="RSA", key_bits=2048).encode(r + s) == r + s


@pytest.mark.parametrize(
    ("table", "bits"),
    [
        (offered("CKM_RSA_PKCS", "CKM_SHA256_RSA_PKCS"), 256),  # RSA mechanisms only
        (offered("CKM_ECDSA", low=384, high=521), 256),  # the curve is too small for it
        (offered("CKM_ECDSA_SHA256", "CKM_ECDSA", flags=frozenset({"CKF_VERIFY"})), 256),
    ],
)
def test_an_ec_key_with_no_usable_mechanism_is_said_in_words(table, bits):
    with pytest.raises(TokenError) as caught:
        choose(table, key_type="EC", key_bits=bits)
    assert caught.value.msg_id == "mechanism.none"
    words = caught.value.message("en")
    assert "CKM_ECDSA_SHA256 or CKM_ECDSA" in words and "256-bit EC key" in words
    assert "CKM_RSA_PKCS" not in words  # only what could sign with this key is listed


def test_a_key_of_another_type_is_refused_plainly():
    with pytest.raises(TokenError) as caught:
        choose(offered("CKM_DSA_SHA256"), key_type="DSA", key_bits=2048)
    assert caught.value.msg_id == "mechanism.key_type"
    assert "RSA or EC" in caught.value.message("en")


# --- on a real SoftHSM2 token, with what opencryptoki offers ------------------------------------
def _without_hash_and_sign(monkeypatch):
    real = TokenSession.mechanisms

    def only_raw(self):
        return {n: i for n, i in real(self).items() if n in ("CKM_RSA_PKCS", "CKM_SHA1_RSA_PKCS")}

    monkeypatch.setattr(TokenSession, "mechanisms", only_raw)


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
        on_host, data, padding.PKCS1v15(), hashes.SHA256()
    )


@requires_softhsm
def test_the_ceremony_works_and_the_transcript_shows_the_host_path(training_token, monkeypatch):
    _without_hash_and_sign(monkeypatch)
    clock = FixedClock(COURSE_DAY)
    portal = Portal(
        Store.memory(), trust=training_trust(), clock=clock, random=SeededRandom("mechanisms")
    )
    plugin = SigningPlugin(clock=clock)
    registered = run_registration(
        portal, plugin, ScriptedLearner(pin=TRAINING_PIN), email="ketoan@daotao.test"
    )
    assert registered.ok, registered.error
    c_sign = registered.transcript.find("C_Sign")
    assert len(c_sign.payload) == 51 and "CKM_RSA_PKCS" in c_sign.note("en")
    assert "hashed (SHA256) on this computer" in c_sign.note("en")
    assert run_login(portal, plugin, ScriptedLearner(pin=TRAINING_PIN)).ok
    signature = json_signature(registered)
    assert cms.verify_detached(signature, portal_challenge(registered)).signer.subject


@requires_softhsm
def test_an_ec_key_signs_the_ceremony_and_the_portal_and_openssl_accept_it(home, tmp_path):
    """An EC (P-256) certificate on a SoftHSM2 token: C_Sign gets the 32-byte hash (the token
    offers bare CKM_ECDSA), the CMS says ecdsa-with-SHA256 and carries r, s DER-encoded."""
    from dvcedu.token.admin import init_token
    from dvcedu.token.provision import provisioning

    from . import ec_identity

    label = "DVCEDU-EC"
    init_token(label, pin=TRAINING_PIN)
    key_id = (
        ec_identity.certificate()
        .extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
        .value.digest
    )
    with provisioning(label, TRAINING_PIN) as token:
        token.import_private_key(ec_identity.key_pem(), id=key_id, label="enterprise-ec")
        token.import_certificate(ec_identity.certificate_der(), id=key_id, label="enterprise-ec")
    with open_token(label, TRAINING_PIN) as token:
        key = token.private_key(id=key_id)
        path = key.signing_path()
        one, two = key.sign(b"data"), key.sign(b"data")
    assert (path.mechanism, path.hashed_on_token, path.key_type) == ("CKM_ECDSA", False, "EC")
    assert one != two  # ECDSA is randomised, unlike RSA PKCS#1 v1.5
    for signature in (one, two):
        ec_identity.key().public_key().verify(signature, b"data", ec.ECDSA(hashes.SHA256()))

    clock = FixedClock(COURSE_DAY)
    portal = Portal(
        Store.memory(), trust=training_trust(), clock=clock, random=SeededRandom("ecdsa")
    )
    plugin = SigningPlugin(label=label, clock=clock)
    registered = run_registration(
        portal, plugin, ScriptedLearner(pin=TRAINING_PIN), email="ketoan@daotao.test"
    )
    assert registered.ok, registered.error
    c_sign = registered.transcript.find("C_Sign")
    assert len(c_sign.payload) == 32 and "CKM_ECDSA" in c_sign.note("en")
    assert "no CKM_ECDSA_SHA256" in c_sign.note("en")
    logged_in = run_login(portal, plugin, ScriptedLearner(pin=TRAINING_PIN))
    assert logged_in.ok, logged_in.error
    signature = json_signature(registered)
    rows = dict(cms.describe(signature))
    assert rows["signatureAlgorithm"] == "sha256_ecdsa"
    (tmp_path / "sig.der").write_bytes(signature)
    (tmp_path / "content").write_bytes(portal_challenge(registered))
    (tmp_path / "chain.pem").write_bytes(
        b"".join(
            samples.load_certificate(name).public_bytes(serialization.Encoding.PEM)
            for name in ("root", samples.training_spec()["enterprise"].issuer)
        )
    )
    done = subprocess.run(
        [
            "openssl",
            "cms",
            "-verify",
            "-binary",
            "-inform",
            "DER",
            "-in",
            tmp_path / "sig.der",
            "-content",
            tmp_path / "content",
            "-CAfile",
            tmp_path / "chain.pem",
            "-purpose",
            "any",
            "-attime",
            str(int(COURSE_DAY.timestamp())),
            "-out",
            os.devnull,
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def json_signature(ceremony):
    import base64
    import json

    return base64.b64decode(
        json.loads(ceremony.transcript.find("POST /dang-ky").payload)["signature"]
    )


def portal_challenge(ceremony):
    import base64
    import json

    return base64.b64decode(
        json.loads(ceremony.transcript.find("POST /dang-ky").payload)["challenge"]
    )
