"""Is this certificate trustworthy at this instant? One straight line of checks.

Path building and signature checks use ``cryptography.x509.verification`` — an API its authors
call unstable (fields changed between 43, 44 and 45), so EVERY use of it is in
:func:`_build_path` and the version range is pinned in pyproject.toml. The extension policy
fits Vietnamese client certificates: no subjectAltName is required of a subscriber, and the
usual Web PKI rules apply to CAs.

Order of the checks (each failure has its own RejectReason, plugin codes in brackets):

1. readable and not a legacy algorithm (SHA-1, RSA < 2048) ........ LEGACY_ALGORITHM
2. validity at ``at`` ................................ CERT_NOT_YET_VALID [3] / CERT_EXPIRED [2]
3. a CA certificate offered as a signer .................................... CA_AS_LEAF
4. a path to a trusted root, every signature checked .. UNTRUSTED_ROOT [7] / LOOKALIKE_ISSUER [7]
5. key usage allows signing (digitalSignature or nonRepudiation) ...... KEY_USAGE_MISSING
6. revocation: CRL, then OCSP ...................... CERT_REVOKED [4] / REVOCATION_UNKNOWN [6]
"""

from __future__ import annotations

import enum
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.verification import (
    ExtensionPolicy,
    PolicyBuilder,
    Store,
)
from cryptography.x509.verification import (
    VerificationError as _PathError,
)

from dvcedu.errors import RejectReason, VerificationError
from dvcedu.pki.revocation import (
    CertStatus,
    Ocsp,
    RevocationSource,
    RevocationStatus,
    check_revocation,
)

MIN_RSA_BITS = 2048
LEGACY_HASHES = ("sha1", "md5")


class Purpose(enum.Enum):
    SIGNER = "signer"
    """The certificate must sign a login or a document (what the portal asks)."""
    ANY = "any"
    """Just check the certificate itself; a CA certificate is checked as a CA (the CLI)."""


@dataclass(frozen=True)
class VerifiedChain:
    """A certificate that passed every check: its path to the root (leaf first)."""

    chain: tuple[x509.Certificate, ...]
    at: datetime
    revocation: RevocationStatus

    @property
    def leaf(self) -> x509.Certificate:
        return self.chain[0]

    @property
    def root(self) -> x509.Certificate:
        return self.chain[-1]


def _rfc5280_reason(name: str | None) -> str:
    """key_compromise → keyCompromise, the CRLReason name of RFC 5280 §5.3.1."""
    head, *rest = (name or "unspecified").split("_")
    return head + "".join(word.title() for word in rest)


# --- the predicates a certificate picker shares with the verifier --------------------------
def is_ca(cert: x509.Certificate) -> bool:
    """BasicConstraints cA = TRUE (RFC 5280 §4.2.1.9)."""
    try:
        return cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return False


def can_sign(cert: x509.Certificate) -> bool:
    """KeyUsage allows digitalSignature or nonRepudiation; no extension means no restriction
    (RFC 5280 §4.2.1.3)."""
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return True
    return usage.digital_signature or usage.content_commitment


def validity_problem(cert: x509.Certificate, at: datetime) -> VerificationError | None:
    """Why ``cert`` is not valid at ``at`` (not yet, or no longer), or None."""
    if at < cert.not_valid_before_utc:
        return VerificationError(
            RejectReason.CERT_NOT_YET_VALID, when=f"{cert.not_valid_before_utc:%Y-%m-%d}"
        )
    if at > cert.not_valid_after_utc:
        return VerificationError(
            RejectReason.CERT_EXPIRED, when=f"{cert.not_valid_after_utc:%Y-%m-%d}"
        )
    return None


def _signed_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
        return True
    except (ValueError, TypeError, InvalidSignature):
        return False


def _build_path(
    leaf: x509.Certificate,
    *,
    roots: Sequence[x509.Certificate],
    intermediates: Sequence[x509.Certificate],
    at: datetime,
    as_ca: bool,
) -> tuple[x509.Certificate, ...]:
    """THE one use of cryptography.x509.verification (API still moving: keep it here)."""
    if as_ca:
        # A CA certificate checked on its own: the verifier only takes end entities, so walk
        # the (short, pathLen 0) Vietnamese hierarchy by hand: self-signed root, or one hop.
        if any(leaf == r for r in roots):
            return (leaf,)
        for issuer in list(roots) + list(intermediates):
            if (
                issuer.subject == leaf.issuer
                and _signed_by(leaf, issuer)
                and is_ca(issuer)
                and issuer.not_valid_before_utc <= at <= issuer.not_valid_after_utc
            ):
                rest = (
                    _build_path(issuer, roots=roots, intermediates=intermediates, at=at, as_ca=True)
                    if issuer not in roots
                    else (issuer,)
                )
                return (leaf, *rest)
        raise _PathError("no trusted issuer for this CA certificate")
    key = (leaf, tuple(roots), tuple(intermediates))
    with _PATHS_LOCK:
        known = _PATHS.get(key)
    if known is not None and all(
        c.not_valid_before_utc <= at <= c.not_valid_after_utc for c in known
    ):
        return known
    verifier = (
        PolicyBuilder()
        .store(Store(list(roots)))
        .time(at)
        .extension_policies(
            ca_policy=ExtensionPolicy.webpki_defaults_ca(), ee_policy=ExtensionPolicy.permit_all()
        )
        .build_client_verifier()
    )
    chain = tuple(verifier.verify(leaf, list(intermediates)).chain)
    with _PATHS_LOCK:
        if len(_PATHS) >= _PATHS_MAX:
            _PATHS.pop(next(iter(_PATHS)))
        _PATHS[key] = chain
    return chain


_PATHS: dict[
    tuple[x509.Certificate, tuple[x509.Certificate, ...], tuple[x509.Certificate, ...]],
    tuple[x509.Certificate, ...],
] = {}
"""Paths already built, by (leaf, roots, intermediates). Path validation uses the instant
only for the validity windows of the certificates on the path (RFC 5280 §6.1.3 (a)(2)), so a
path found once is still a valid path at another instant when every certificate on it is
within its window then; otherwise it is built afresh (another path may exist, e.g. through
the other national root). A login re-checks a known signer in a fraction of the build."""
_PATHS_MAX = 256
_PATHS_LOCK = threading.Lock()


def _key_id(cert: x509.Certificate, cls: type) -> bytes | None:
    try:
        value: Any = cert.extensions.get_extension_for_class(cls).value
    except x509.ExtensionNotFound:
        return None
    found: bytes | None = (
        value.key_identifier if cls is x509.AuthorityKeyIdentifier else value.digest
    )
    return found


def _lapsed_issuer(
    leaf: x509.Certificate,
    roots: Sequence[x509.Certificate],
    intermediates: Sequence[x509.Certificate],
    at: datetime,
) -> tuple[x509.Certificate, VerificationError] | None:
    """The first CA above ``leaf`` that is out of its validity window at ``at``, with why,
    when names and signatures alone lead from ``leaf`` to one of ``roots``; None otherwise
    (no such path: then the CA is untrusted, whatever its dates)."""
    cert, lapsed = leaf, None
    for _ in range(8):  # Vietnamese paths are three long; a loop of names must end
        if any(cert == root for root in roots):
            return lapsed
        issuers = [
            c for c in [*roots, *intermediates] if c.subject == cert.issuer and _signed_by(cert, c)
        ]
        if not issuers or cert in issuers:
            return None
        issuer = next((c for c in issuers if validity_problem(c, at) is None), issuers[0])
        problem = validity_problem(issuer, at)
        if lapsed is None and problem is not None:
            lapsed = (issuer, problem)
        cert = issuer
    return None


def _why_untrusted(
    leaf: x509.Certificate,
    roots: Sequence[x509.Certificate],
    intermediates: Sequence[x509.Certificate],
    at: datetime,
) -> VerificationError:
    known = [*roots, *intermediates]
    same_name = [c for c in known if c.subject == leaf.issuer]
    lapsed = _lapsed_issuer(leaf, roots, intermediates, at)
    if lapsed is not None:
        # The path is there but a CA on it is out of its window (RFC 5280 6.1.3 (a)(2)): say
        # so, not "untrusted" - a real CA's intermediate expiring is a rollover, not a fake.
        ca, problem = lapsed
        msg_id = (
            "reject.issuer_expired"
            if problem.reason is RejectReason.CERT_EXPIRED
            else "reject.issuer_not_yet_valid"
        )
        return VerificationError(
            problem.reason, msg_id, issuer=ca.subject.rfc4514_string(), **problem.fields
        )
    if same_name and not any(_signed_by(leaf, c) for c in same_name):
        claimed = _key_id(leaf, x509.AuthorityKeyIdentifier)
        if claimed and any(claimed == _key_id(c, x509.SubjectKeyIdentifier) for c in same_name):
            # It names the real CA's key, yet that key did not sign these bytes: the
            # certificate was changed after the CA issued it.
            return VerificationError(RejectReason.BAD_SIGNATURE, "reject.cert_altered")
        # Another key behind a trusted CA's exact name: someone copied the name.
        return VerificationError(RejectReason.LOOKALIKE_ISSUER, issuer=leaf.issuer.rfc4514_string())
    return VerificationError(RejectReason.UNTRUSTED_ROOT, issuer=leaf.issuer.rfc4514_string())


def verify_certificate(
    cert: x509.Certificate,
    *,
    trust_roots: Sequence[x509.Certificate],
    intermediates: Sequence[x509.Certificate] = (),
    at: datetime,
    purpose: Purpose = Purpose.SIGNER,
    crls: Sequence[x509.CertificateRevocationList] = (),
    ocsp_responder: Ocsp | None = None,
    require_revocation: bool = False,
    prefer_ocsp: bool = False,
) -> VerifiedChain:
    """Run the checks in the order of the module docstring; raise VerificationError with the
    first failing RejectReason, or return the VerifiedChain."""
    hash_name = cert.signature_hash_algorithm.name if cert.signature_hash_algorithm else ""
    public = cert.public_key()
    if hash_name in LEGACY_HASHES:
        legacy = hash_name.upper().replace("SHA", "SHA-")
        raise VerificationError(RejectReason.LEGACY_ALGORITHM, detail=legacy)
    if isinstance(public, rsa.RSAPublicKey) and public.key_size < MIN_RSA_BITS:
        raise VerificationError(RejectReason.LEGACY_ALGORITHM, detail=f"RSA-{public.key_size}")
    problem = validity_problem(cert, at)
    if problem is not None:
        raise problem
    as_ca = is_ca(cert)
    if as_ca and purpose is Purpose.SIGNER:
        raise VerificationError(RejectReason.CA_AS_LEAF)
    try:
        chain = _build_path(
            cert, roots=trust_roots, intermediates=intermediates, at=at, as_ca=as_ca
        )
    except _PathError:
        raise _why_untrusted(cert, trust_roots, intermediates, at) from None
    if purpose is Purpose.SIGNER and not can_sign(cert):
        raise VerificationError(RejectReason.KEY_USAGE_MISSING)
    if len(chain) == 1:
        # a trusted root
        return VerifiedChain(chain, at, RevocationStatus(RevocationSource.NONE, CertStatus.GOOD))
    status = check_revocation(
        cert, chain[1], at=at, crls=crls, ocsp_responder=ocsp_responder, prefer_ocsp=prefer_ocsp
    )
    if status.status is CertStatus.REVOKED:
        raise VerificationError(
            RejectReason.CERT_REVOKED,
            when=f"{status.revoked_at:%Y-%m-%d}",
            why=_rfc5280_reason(status.reason),
        )
    if status.status is CertStatus.UNKNOWN and require_revocation:
        raise VerificationError(RejectReason.REVOCATION_UNKNOWN)
    return VerifiedChain(chain, at, status)
