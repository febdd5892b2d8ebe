"""A PKCS#10 request signed ON the token, checked by openssl, issued by the training CA."""

import shutil
import subprocess

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from dvcedu.errors import DataFileError
from dvcedu.pki import csr, samples
from dvcedu.token import DEFAULT_LABEL, TRAINING_PIN, init_token, provisioning

from .conftest import requires_softhsm


@requires_softhsm
def test_request_signed_on_token_verifies_and_is_issued(home, tmp_path):
    init_token()
    with provisioning(DEFAULT_LABEL, TRAINING_PIN) as token:
        key = token.generate_key_pair(id=b"\x01", label="new")
        public = token.session.public_key(id=b"\x01")
        request = csr.build_csr(samples.load_certificate("citizen").subject, public, key.sign)
    parsed = x509.load_der_x509_csr(request)
    assert parsed.is_signature_valid
    if shutil.which("openssl"):
        (tmp_path / "req.der").write_bytes(request)
        done = subprocess.run(
            ["openssl", "req", "-verify", "-noout", "-inform", "DER", "-in", tmp_path / "req.der"],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
    ca_key = serialization.load_pem_private_key(samples.ca_key_pem("vnpt"), None)
    spec = samples.training_spec()
    cert = csr.issue_from_csr(request, spec=spec["citizen"], issuer=spec["vnpt"], issuer_key=ca_key)
    assert cert.public_key().public_numbers() == public.public_numbers()
    assert cert.issuer == samples.load_certificate("vnpt").subject


def test_a_request_with_a_bad_signature_is_refused():
    key = rsa.generate_private_key(65537, 2048)
    request = csr.build_csr(
        samples.load_certificate("citizen").subject, key.public_key(), lambda tbs: b"\x00" * 256
    )
    spec = samples.training_spec()
    ca_key = serialization.load_pem_private_key(samples.ca_key_pem("vnpt"), None)
    with pytest.raises(DataFileError):
        csr.issue_from_csr(request, spec=spec["citizen"], issuer=spec["vnpt"], issuer_key=ca_key)
    with pytest.raises(DataFileError):
        csr.issue_from_csr(b"not der", spec=spec["citizen"], issuer=spec["vnpt"], issuer_key=ca_key)
