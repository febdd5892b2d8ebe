"""Detached CMS: dvcedu's signatures verify with openssl and with dvcedu; tampering fails both."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from dvcedu.clock import COURSE_DAY
from dvcedu.errors import RejectReason, VerificationError
from dvcedu.pki import cms, samples
from dvcedu.pki.der import walk

CONTENT = '{"nonce":"thử thách"}'.encode()
ORIGIN = "https://dichvucong.gov.test"


def make(content: bytes = CONTENT, origin: str | None = ORIGIN) -> bytes:
    key = serialization.load_pem_private_key(samples.identity("enterprise").key_pem(), None)
    return cms.sign_detached(content, cms.certificate_der(samples.load_certificate("enterprise")),
                             lambda b: key.sign(b, padding.PKCS1v15(), hashes.SHA256()),
                             signing_time=COURSE_DAY, origin=origin)


def openssl_ok(tmp_path, signature: bytes, content: bytes) -> bool:
    (tmp_path / "s.der").write_bytes(signature)
    (tmp_path / "c").write_bytes(content)
    done = subprocess.run(["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in",
                           tmp_path / "s.der", "-content", tmp_path / "c", "-noverify", "-out",
                           "/dev/null"], capture_output=True, text=True)
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


@pytest.mark.parametrize(("where", "reason"), [
    ("content", RejectReason.CONTENT_DIGEST_MISMATCH),
    ("signed attributes", RejectReason.CONTENT_DIGEST_MISMATCH),
    ("signature", RejectReason.BAD_SIGNATURE),
])
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
def asn1crypto_oracle(content: bytes, cert_der: bytes, signature: bytes, when, origin) -> bytes:
    """The same SignedData built with asn1crypto's high-level builders (slower, independent)."""
    import hashlib

    from asn1crypto import algos, core
    from asn1crypto import cms as a
    from asn1crypto import x509 as ax

    attrs = [a.CMSAttribute({"type": "content_type", "values": ["data"]}),
             a.CMSAttribute({"type": "signing_time", "values": [
                 a.Time({"utc_time" if when.year < 2050 else "generalized_time": when})]}),
             a.CMSAttribute({"type": "message_digest",
                             "values": [hashlib.sha256(content).digest()]})]
    if origin is not None:
        attrs.append(a.CMSAttribute({"type": cms.ORIGIN_OID,
                                     "values": [core.UTF8String(origin)]}))
    cert = ax.Certificate.load(cert_der)
    signer = a.SignerInfo({
        "version": "v1",
        "sid": a.SignerIdentifier({"issuer_and_serial_number": a.IssuerAndSerialNumber({
            "issuer": cert.issuer, "serial_number": cert.serial_number})}),
        "digest_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
        "signed_attrs": a.CMSAttributes(attrs),
        "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": "rsassa_pkcs1v15"}),
        "signature": signature})
    return a.ContentInfo({"content_type": "signed_data", "content": a.SignedData({
        "version": "v1", "digest_algorithms": [algos.DigestAlgorithm({"algorithm": "sha256"})],
        "encap_content_info": {"content_type": "data"}, "certificates": [cert],
        "signer_infos": [signer]})}).dump()


from datetime import UTC, datetime  # noqa: E402

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(st.binary(max_size=300), st.one_of(st.none(), st.text(max_size=300)),
       st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1),
                    timezones=st.just(UTC)).map(lambda d: d.replace(microsecond=0)),
       st.sampled_from(["enterprise", "citizen", "legacy", "vnpt"]))
def test_hand_written_der_matches_asn1crypto(content, origin, when, label):
    cert_der = cms.certificate_der(samples.load_certificate(label))
    signature = bytes(range(256))
    ours = cms.assemble(cert_der, cms.signed_attributes(content, when, origin), signature)
    assert ours == asn1crypto_oracle(content, cert_der, signature, when, origin)
