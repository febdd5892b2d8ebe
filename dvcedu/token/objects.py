"""What a token holds, as Python values: certificates and private keys by CKA_ID and
CKA_LABEL. The handle stays private to the session that found it."""

from __future__ import annotations

from dataclasses import dataclass, field

import PyKCS11
from cryptography import x509

_CLASS_NAMES = {
    PyKCS11.CKO_CERTIFICATE: "certificate",
    PyKCS11.CKO_PRIVATE_KEY: "private key",
    PyKCS11.CKO_PUBLIC_KEY: "public key",
    PyKCS11.CKO_SECRET_KEY: "secret key",
    PyKCS11.CKO_DATA: "data",
}


@dataclass(frozen=True)
class TokenObject:
    """An object on the token: its class, CKA_ID and CKA_LABEL (the handle stays private)."""

    kind: str
    id: bytes
    label: str
    handle: PyKCS11.CK_OBJECT_HANDLE = field(repr=False, compare=False)


@dataclass(frozen=True)
class TokenCertificate(TokenObject):
    """A certificate object; ``der`` is its CKA_VALUE."""

    der: bytes = field(default=b"", repr=False)

    def x509(self) -> x509.Certificate:
        return x509.load_der_x509_certificate(self.der)


class PrivateKey(TokenObject):
    """A private key handle: it signs on the token and never leaves it."""
