"""How a CA personalises a token: a PKCS#10 request signed ON the token, then issued.

``cryptography`` can only sign a CSR with a key it holds, and a token's key never leaves the
token. So the request is assembled with asn1crypto (RFC 2986 §4): the CertificationRequestInfo
is serialised, the token signs those bytes (CKM_SHA256_RSA_PKCS), and the signature is put
back. The CA checks that signature — proof that the requester holds the private key — before
it issues the certificate.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from asn1crypto import core, csr, keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from dvcedu.errors import DataFileError
from dvcedu.pki.build import issue, serial_for
from dvcedu.pki.spec import CertSpec


def build_csr(
    subject: x509.Name, public_key: rsa.RSAPublicKey, sign: Callable[[bytes], bytes]
) -> bytes:
    """A DER PKCS#10 request for ``public_key``; ``sign`` gets the bytes to sign with
    SHA-256 + RSA PKCS#1 v1.5 (e.g. a token key's ``key.sign``)."""
    info = csr.CertificationRequestInfo(
        {
            "version": "v1",
            "subject": asn1_x509.Name.load(subject.public_bytes()),
            "subject_pk_info": keys.PublicKeyInfo.load(
                public_key.public_bytes(
                    serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
                )
            ),
            "attributes": [],
        }
    )
    signature = sign(info.dump())
    request = csr.CertificationRequest(
        {
            "certification_request_info": info,
            "signature_algorithm": {"algorithm": "sha256_rsa", "parameters": core.Null()},
            "signature": signature,
        }
    )
    der: bytes = request.dump()
    return der


def issue_from_csr(
    request_der: bytes, *, spec: CertSpec, issuer: CertSpec, issuer_key: rsa.RSAPrivateKey
) -> x509.Certificate:
    """What the training CA does with a request: check its signature (proof of possession),
    then issue a certificate for its key with the profile of ``spec``."""
    try:
        request = x509.load_der_x509_csr(request_der)
    except ValueError as error:
        raise DataFileError(file="CSR", problem=str(error)) from None
    public_key = request.public_key()
    if not request.is_signature_valid or not isinstance(public_key, rsa.RSAPublicKey):
        raise DataFileError(file="CSR", problem="the request's signature does not verify")
    fingerprint = hashlib.sha256(
        public_key.public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    ).hexdigest()
    return issue(
        spec, issuer, public_key, issuer_key, serial=serial_for(f"{spec.label}:{fingerprint[:16]}")
    )
