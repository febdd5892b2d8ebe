"""What a token holds, as Python objects that carry their abilities (after python-pkcs11):
a certificate knows its DER, a private key signs — ``key.sign(data)`` — and any object reads
its own attributes. Each keeps the session that found it; the handle stays private to it.

An object needs only three things of that session (:class:`Holder`), so this module does not
import ``session`` — which imports this one to make the objects it finds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import PyKCS11
from cryptography import x509

from dvcedu.token._errors import map_pkcs11_errors
from dvcedu.token.mechanisms import SigningPath

_CLASS_NAMES = {
    PyKCS11.CKO_CERTIFICATE: "certificate",
    PyKCS11.CKO_PRIVATE_KEY: "private key",
    PyKCS11.CKO_PUBLIC_KEY: "public key",
    PyKCS11.CKO_SECRET_KEY: "secret key",
    PyKCS11.CKO_DATA: "data",
}


class Holder(Protocol):
    """What an object asks of the session that found it (a ``TokenSession``)."""

    @property
    def pkcs11(self) -> PyKCS11.Session: ...

    def sign_with(self, key: PrivateKey, data: bytes, mechanism: str) -> bytes: ...

    def signing_path(self, key: PrivateKey, digest: str = "sha256") -> SigningPath: ...


@dataclass(frozen=True)
class TokenObject:
    """An object on the token: its class, CKA_ID and CKA_LABEL, and the session that found it
    (its handle means something only in that session, while it is open)."""

    kind: str
    id: bytes
    label: str
    handle: PyKCS11.CK_OBJECT_HANDLE = field(repr=False, compare=False)
    session: Holder = field(repr=False, compare=False)

    def attributes(self, names: Sequence[str]) -> dict[str, object]:
        """Read CKA_* attributes by name. A value the token refuses to reveal (a sensitive
        private key's CKA_PRIVATE_EXPONENT) comes back as ``None``: that None IS the lesson."""
        codes = [PyKCS11.CKA[n] for n in names]
        with map_pkcs11_errors("C_GetAttributeValue"):
            values = self.session.pkcs11.getAttributeValue(self.handle, codes)
        out: dict[str, object] = {}
        for name, value in zip(names, values, strict=True):
            if isinstance(value, PyKCS11.ckbytelist | list | tuple):
                value = bytes(value)
            out[name] = value
        return out


@dataclass(frozen=True)
class TokenCertificate(TokenObject):
    """A certificate object; ``der`` is its CKA_VALUE."""

    der: bytes = field(default=b"", repr=False)

    def x509(self) -> x509.Certificate:
        return x509.load_der_x509_certificate(self.der)


@dataclass(frozen=True)
class PrivateKey(TokenObject):
    """A private key: it signs on the token and never leaves it."""

    def sign(self, data: bytes, mechanism: str | None = None, *, digest: str = "sha256") -> bytes:
        """Sign ``data``: with ``mechanism`` when one is named (for RSA_PKCS, ``data`` must
        already be a DER DigestInfo; for ECDSA, the hash), returning what C_Sign returned;
        otherwise by the path :meth:`signing_path` chooses from what the token offers,
        returning the signature as X.509 and CMS carry it (ECDSA DER-encoded)."""
        if mechanism is not None:
            return self.session.sign_with(self, data, mechanism)
        path = self.signing_path(digest)
        return path.encode(self.session.sign_with(self, path.prepare(data), path.mechanism))

    def signing_path(self, digest: str = "sha256") -> SigningPath:
        """Which mechanism this key signs with on this token, where the hash is made, why."""
        return self.session.signing_path(self, digest)
