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
