"""What a verifier trusts — given to it, never assumed.

A :class:`Trust` is the set of anchors a relying party chose (the portal: the national root),
the CA certificates that may sit between, the CRLs it holds and the OCSP responder it asks.
The portal and every verifier take one as an argument; ``samples.training_trust()`` loads the
training PKI's, and a test or a lab builds others (an empty one, a look-alike root).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cryptography import x509

from dvcedu.pki.revocation import Ocsp
from dvcedu.pki.verify import Purpose, VerifiedChain, verify_certificate


@dataclass(frozen=True)
class Trust:
    """What a verifier of the training PKI knows: the trusted root, the CA certificates that
    may sit between, the CRLs, and the in-process OCSP responder."""

    roots: tuple[x509.Certificate, ...]
    intermediates: tuple[x509.Certificate, ...]
    crls: tuple[x509.CertificateRevocationList, ...]
    ocsp: Ocsp

    def verify(
        self,
        cert: x509.Certificate,
        *,
        at: datetime,
        purpose: Purpose = Purpose.SIGNER,
        require_revocation: bool = False,
        use_crls: bool = True,
        ocsp: Ocsp | None = None,
        prefer_ocsp: bool = False,
    ) -> VerifiedChain:
        """Verify against the training PKI; ``ocsp`` replaces the responder (e.g. one that
        records its messages)."""
        return verify_certificate(
            cert,
            trust_roots=self.roots,
            intermediates=self.intermediates,
            at=at,
            purpose=purpose,
            crls=self.crls if use_crls else (),
            ocsp_responder=ocsp or self.ocsp,
            require_revocation=require_revocation,
            prefer_ocsp=prefer_ocsp,
        )
