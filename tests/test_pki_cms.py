"""Detached CMS: dvcedu's signatures verify with openssl and with dvcedu; tampering fails both."""

from __future__ import annotations

import hashlib
import shutil
import subprocess

import pytest
from cryptography.hazmat.primitives import serialization

from dvcedu.clock import COURSE_DAY
from dvcedu.errors import RejectReason, VerificationError
from dvcedu.pki import cms, samples
from dvcedu.pki.der import walk

CONTENT = '{"nonce":"thử thách"}'.encode()
ORIGIN = "https://dichvucong.gov.test"


def make(content: bytes = CONTENT, origin: str | None = ORIGIN) -> bytes:
    key = serialization.load_pem_private_key(samples.identity("enterprise").key_pem(), None)
    signer = cms.KeySigner(key, cms.certificate_der(samples.load_certificate("enterprise")))
    return cms.sign_detached(content, signer, signing_time=COURSE_DAY, origin=origin)


def openssl_ok(tmp_path, signature: bytes, content: bytes) -> bool:
    (tmp_path / "s.der").write_bytes(signature)
    (tmp_path / "c").write_bytes(content)
    done = subprocess.run(
        [
            "openssl",
            "cms",
            "-verify",
            "-binary",
            "-inform",
            "DER",
            "-in",
            tmp_path / "s.der",
            "-content",
            tmp_path / "c",
            "-noverify",
            "-out",
            "/dev/null",
        ],
        capture_output=True,
        text=True,
    )
    return done.returncode == 0


def test_verifies_with_dvcedu_and_openssl(tmp_path):
    signature = make()
    result = cms.verify_detached(signature, CONTENT)
    assert result.signer == samples.load_certificate("enterprise")
    assert result.origin == ORIGIN and result.signing_time == COURSE_DAY
    if shutil.which("openssl"):
        assert openssl_ok(tmp_path, signature, CONTENT)


def test_is_deterministic_with_a_fixed_clock():
    assert make() == make()


def _offset_of_signature(signature: bytes) -> int:
    rows = walk(signature)
    octets = [r for r in rows if r.tag == 0x04 and r.length == 256]
    return octets[-1].offset + len(octets[-1].header)


def _offset_of_signed_attr(signature: bytes) -> int:
    rows = walk(signature)
    digest = [r for r in rows if r.tag == 0x04 and r.length == 32][-1]  # messageDigest value
    return digest.offset + len(digest.header) + 5


@pytest.mark.parametrize(
    ("where", "reason"),
    [
        ("content", RejectReason.CONTENT_DIGEST_MISMATCH),
        ("signed attributes", RejectReason.CONTENT_DIGEST_MISMATCH),
        ("signature", RejectReason.BAD_SIGNATURE),
    ],
)
def test_a_tampered_byte_fails_both(tmp_path, where, reason):
    signature, content = bytearray(make()), bytearray(CONTENT)
    if where == "content":
        content[3] ^= 0x01
    elif where == "signed attributes":
        signature[_offset_of_signed_attr(bytes(signature))] ^= 0x01
    else:
        signature[_offset_of_signature(bytes(signature)) + 10] ^= 0x01
    with pytest.raises(VerificationError) as caught:
        cms.verify_detached(bytes(signature), bytes(content))
    assert caught.value.reason is reason
    if shutil.which("openssl"):
        assert not openssl_ok(tmp_path, bytes(signature), bytes(content))


def test_a_changed_origin_breaks_the_signature():
    signature = make(origin="https://dichvucong.gov.test")
    swapped = signature.replace(b"dichvucong.gov.test", b"dichvucong.gov.tesx")
    with pytest.raises(VerificationError) as caught:
        cms.verify_detached(swapped, CONTENT)
    assert caught.value.reason is RejectReason.BAD_SIGNATURE


@pytest.mark.parametrize("blob", [b"", b"\x30\x03\x02\x01\x01", b"not a cms", b"\x30" * 40])
def test_garbage_is_malformed(blob):
    with pytest.raises(VerificationError) as caught:
        cms.verify_detached(blob, CONTENT)
    assert caught.value.reason in (RejectReason.CMS_MALFORMED, RejectReason.CERT_UNREADABLE)


# --- the hand-written DER equals what asn1crypto's builders make ---------------------------------
from datetime import UTC, datetime  # noqa: E402

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(
    st.binary(max_size=300),
    st.one_of(st.none(), st.text(max_size=300)),
    st.datetimes(
        min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)
    ).map(lambda d: d.replace(microsecond=0)),
    st.sampled_from(["enterprise", "citizen", "legacy"]),
    st.sampled_from(["sha256", "sha384", "sha512"]),
)
def test_what_is_signed_is_what_verifies(content, origin, when, label, digest):
    """Any content, origin (any Unicode), time (UTCTime and GeneralizedTime years) and digest:
    the CMS verifies, gives back what was signed, and fails for other content."""
    key = serialization.load_pem_private_key(samples.identity(label).key_pem(), None)
    cert = samples.load_certificate(label)
    signer = cms.KeySigner(key, cms.certificate_der(cert))
    made = cms.sign_detached(
        content, signer, signing_time=when, origin=origin, digest_algorithm=digest
    )
    result = cms.verify_detached(made, content)
    assert (result.signer, result.origin, result.digest_algorithm) == (cert, origin, digest)
    assert result.signing_time == when
    with pytest.raises(VerificationError) as caught:
        cms.verify_detached(made, content + b"!")
    assert caught.value.reason is RejectReason.CONTENT_DIGEST_MISMATCH


def test_signed_bytes_are_a_sorted_der_set():
    """The token signs a DER SET OF (tag 0x31) whose members are in DER order (X.690 §11.6)."""
    attributes = cms.signed_attributes(CONTENT, COURSE_DAY, ORIGIN).dump()
    members = [bytes(a.dump()) for a in cms.signed_attributes(CONTENT, COURSE_DAY, ORIGIN)]
    assert attributes[0] == 0x31 and members == sorted(members)


# --- ECDSA: a token may hold an EC key (tests/ec_identity.py) ------------------------------------
def make_ec(content: bytes = CONTENT) -> bytes:
    from . import ec_identity

    signer = cms.KeySigner(ec_identity.key(), ec_identity.certificate_der())
    return cms.sign_detached(content, signer, signing_time=COURSE_DAY, origin=ORIGIN)


def test_an_ec_signer_makes_ecdsa_with_sha256_that_verifies_with_dvcedu_and_openssl(tmp_path):
    signature = make_ec()
    rows = dict(cms.describe(signature))
    assert rows["signatureAlgorithm"] == "sha256_ecdsa"
    assert cms.verify_detached(signature, CONTENT).origin == ORIGIN
    if shutil.which("openssl"):
        assert openssl_ok(tmp_path, signature, CONTENT)
    with pytest.raises(VerificationError) as caught:
        cms.verify_detached(signature, CONTENT + b" ")
    assert caught.value.reason is RejectReason.CONTENT_DIGEST_MISMATCH


def _with_signature_algorithm(signature: bytes, algorithm: dict) -> bytes:
    from asn1crypto import cms as asn1_cms

    info = asn1_cms.ContentInfo.load(signature)
    info["content"]["signer_infos"][0]["signature_algorithm"] = algorithm
    return info.dump(force=True)


@pytest.mark.parametrize(
    ("make_it", "algorithm"),
    [
        ("ec", {"algorithm": "rsassa_pkcs1v15"}),  # says RSA, the key is EC
        ("ec", {"algorithm": "sha384_ecdsa"}),  # says SHA-384, the digest is SHA-256
        ("rsa", {"algorithm": "sha256_ecdsa"}),  # says ECDSA, the key is RSA
    ],
)
def test_a_signature_algorithm_that_does_not_fit_the_key_is_malformed(make_it, algorithm):
    signature = _with_signature_algorithm(make_ec() if make_it == "ec" else make(), algorithm)
    with pytest.raises(VerificationError) as caught:
        cms.verify_detached(signature, CONTENT)
    assert caught.value.reason is RejectReason.CMS_MALFORMED
    assert "signatureAlgorithm" in caught.value.message("en")


def _plain_build(
    certificate_der: bytes,
    content: bytes,
    when: datetime,
    origin: str | None,
    signature: bytes,
    digest_algorithm: str,
) -> bytes:
    """The SignedData built the plain asn1crypto way, every part made afresh (as dvcedu did
    before its per-certificate template): the oracle the template must match byte for byte."""
    from asn1crypto import algos, core
    from asn1crypto import cms as asn1_cms
    from asn1crypto import x509 as asn1_x509

    hashed = {"sha256": hashlib.sha256, "sha384": hashlib.sha384, "sha512": hashlib.sha512}[
        digest_algorithm
    ](content).digest()
    utc = when.astimezone(UTC)
    attributes = [
        asn1_cms.CMSAttribute({"type": "content_type", "values": ["data"]}),
        asn1_cms.CMSAttribute(
            {
                "type": "signing_time",
                "values": [
                    asn1_cms.Time(
                        {"utc_time" if 1950 <= utc.year < 2050 else "generalized_time": utc}
                    )
                ],
            }
        ),
        asn1_cms.CMSAttribute({"type": "message_digest", "values": [hashed]}),
    ]
    if origin is not None:
        attributes.append(
            asn1_cms.CMSAttribute({"type": cms.ORIGIN_OID, "values": [core.UTF8String(origin)]})
        )
    cert = asn1_x509.Certificate.load(certificate_der)
    tbs = cert["tbs_certificate"]
    digest = algos.DigestAlgorithm({"algorithm": digest_algorithm, "parameters": core.Null()})
    algorithm = algos.SignedDigestAlgorithm(
        {"algorithm": f"{digest_algorithm}_ecdsa"}
        if cert.public_key.algorithm == "ec"
        else {"algorithm": "rsassa_pkcs1v15", "parameters": core.Null()}
    )
    return asn1_cms.ContentInfo(
        {
            "content_type": "signed_data",
            "content": {
                "version": "v1",
                "digest_algorithms": [digest],
                "encap_content_info": {"content_type": "data"},
                "certificates": [asn1_cms.CertificateChoices(name="certificate", value=cert)],
                "signer_infos": [
                    asn1_cms.SignerInfo(
                        {
                            "version": "v1",
                            "sid": asn1_cms.SignerIdentifier(
                                name="issuer_and_serial_number",
                                value={
                                    "issuer": tbs["issuer"],
                                    "serial_number": tbs["serial_number"],
                                },
                            ),
                            "digest_algorithm": digest,
                            "signed_attrs": asn1_cms.CMSAttributes(attributes),
                            "signature_algorithm": algorithm,
                            "signature": signature,
                        }
                    )
                ],
            },
        }
    ).dump()


@given(
    content=st.binary(max_size=200),
    origin=st.none() | st.text(max_size=40),
    when=st.datetimes(
        min_value=datetime(1990, 1, 1), max_value=datetime(2080, 1, 1), timezones=st.just(UTC)
    ),
    label=st.sampled_from(["enterprise", "citizen", "ec"]),
    digest=st.sampled_from(["sha256", "sha384", "sha512"]),
    signature=st.binary(min_size=1, max_size=512),
)
def test_the_template_gives_the_bytes_a_plain_asn1crypto_build_gives(
    content, origin, when, label, digest, signature
):
    from . import ec_identity

    der = (
        ec_identity.certificate_der()
        if label == "ec"
        else cms.certificate_der(samples.load_certificate(label))
    )
    attributes = cms.signed_attributes(content, when, origin, digest)
    assert cms.assemble(der, attributes, signature, digest) == _plain_build(
        der, content, when, origin, signature, digest
    )


# --- what is read once per exact bytes never changes an answer ---------------------------------
def _variant(name: str) -> bytes:
    from asn1crypto import cms as asn1_cms
    from asn1crypto import x509 as asn1_x509

    signature = make()
    if name == "good":
        return signature
    if name == "signature byte":
        changed = bytearray(signature)
        changed[_offset_of_signature(signature) + 10] ^= 0x01
        return bytes(changed)
    info = asn1_cms.ContentInfo.load(signature)
    signer = info["content"]["signer_infos"][0]
    if name == "signature algorithm":
        signer["signature_algorithm"] = {"algorithm": "sha256_ecdsa"}
    elif name == "another certificate":
        other = asn1_x509.Certificate.load(cms.certificate_der(samples.load_certificate("citizen")))
        info["content"]["certificates"] = [other]
    elif name == "content type":
        for attribute in signer["signed_attrs"]:
            if attribute["type"].native == "content_type":
                attribute["values"] = ["signed_data"]
    return info.dump(force=True)


_EXPECTED = {
    "good": None,
    "signature byte": RejectReason.BAD_SIGNATURE,
    "signature algorithm": RejectReason.CMS_MALFORMED,
    "another certificate": RejectReason.CERT_UNREADABLE,
    "content type": RejectReason.CMS_MALFORMED,
}


def _outcome(signature: bytes) -> RejectReason | None:
    try:
        cms.verify_detached(signature, CONTENT)
    except VerificationError as error:
        return error.reason
    return None


def test_parts_read_once_per_exact_bytes_give_the_answer_a_fresh_read_gives():
    # The signer's parts and the signed attributes are kept by their exact bytes (a login by
    # a known signer reads only what changed): a good signature first, then each part
    # changed, then good again — each answer the same as with nothing kept.
    order = ["good", *(_EXPECTED.keys() - {"good"}), "good"]
    warm = [_outcome(_variant(name)) for name in order]
    cold = []
    for name in order:
        cms._signer_parts.cache_clear()
        cms._read_attribute.cache_clear()
        cold.append(_outcome(_variant(name)))
    assert warm == cold == [_EXPECTED[name] for name in order]
