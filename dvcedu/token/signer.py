"""A key on the token as a CMS signer: it has the shape of ``dvcedu.pki.cms.Signer`` (a
certificate and one ``sign_raw`` hook) without the token layer importing the PKI layer."""

from __future__ import annotations

from dataclasses import dataclass

from dvcedu.token.objects import PrivateKey


@dataclass(frozen=True)
class TokenSigner:
    """Signs with ``key`` on the token; ``certificate`` is the DER of the key's certificate."""

    key: PrivateKey
    certificate: bytes

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        """A signature over ``digest_algorithm(data)`` (RSA PKCS#1 v1.5, or ECDSA DER-encoded),
        by the path the token allows."""
        return self.key.sign(data, digest=digest_algorithm)
