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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import ocsp as asn1_ocsp
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509 import ocsp
from cryptography.x509.verification import (
    ExtensionPolicy,
    PolicyBuilder,
    Store,
)
from cryptography.x509.verification import (
    VerificationError as _PathError,
)

from dvcedu.errors import RejectReason, VerificationError

MIN_RSA_BITS = 2048
LEGACY_HASHES = ("sha1", "md5")


class Purpose(enum.Enum):
    SIGNER = "signer"
    """The certificate must sign a login or a document (what the portal asks)."""
    ANY = "any"
    """Just check the certificate itself; a CA certificate is checked as a CA (the CLI)."""


class RevocationSource(enum.StrEnum):
    """Where a revocation answer came from."""

    CRL = "crl"
    OCSP = "ocsp"
    NONE = "none"


class CertStatus(enum.StrEnum):
    """What a CRL or OCSP responder says of a certificate (RFC 6960 §2.2)."""

    GOOD = "good"
    REVOKED = "revoked"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class RevocationStatus:
    """What the revocation check found, and where."""

    source: RevocationSource
    status: CertStatus
    revoked_at: datetime | None = None
    reason: str | None = None


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


class Ocsp:
    """A training OCSP responder, in process: answers for the CAs whose keys it holds (RFC 6960
    responses built with cryptography's OCSP builders, signed by the CA itself)."""

    def __init__(self, cas: Sequence[tuple[x509.Certificate, rsa.RSAPrivateKey]],
                 revoked: dict[int, tuple[datetime, x509.ReasonFlags]],
                 observer: Callable[[str, bytes], None] | None = None) -> None:
        self._cas = {ca.subject.public_bytes(): (ca, key) for ca, key in cas}
        self._revoked = revoked
        self._cache: dict[tuple[bytes, int, datetime], bytes] = {}
        self._observer = observer

    def observed(self, observer: Callable[[str, bytes], None]) -> Ocsp:
        """The same responder (same keys, same cache) that also reports every request and
        response it handles: ``observer("request" | "response", der)``."""
        copy = Ocsp([], self._revoked, observer)
        copy._cas, copy._cache = self._cas, self._cache
        return copy

    def request(self, cert: x509.Certificate, issuer: x509.Certificate) -> bytes:
        return (ocsp.OCSPRequestBuilder().add_certificate(cert, issuer, hashes.SHA1())
                .build().public_bytes(serialization.Encoding.DER))

    def respond(self, request_der: bytes, *, at: datetime,
                leaf: x509.Certificate) -> bytes | None:
        """The DER response, or None when this responder does not serve that CA."""
        if self._observer:
            self._observer("request", request_der)
        answer = self._respond(request_der, at=at, leaf=leaf)
        if self._observer:
            self._observer("response", answer or b"")
        return answer

    def _respond(self, request_der: bytes, *, at: datetime,
                 leaf: x509.Certificate) -> bytes | None:
        request = ocsp.load_der_ocsp_request(request_der)
        found = self._cas.get(leaf.issuer.public_bytes())
        if found is None:
            return None
        # Like a real responder (RFC 5019), answer from responses signed once per minute.
        at = at.replace(second=0, microsecond=0)
        cached = self._cache.get((request.issuer_key_hash, request.serial_number, at))
        if cached is not None:
            return cached
        ca, key = found
        revoked = self._revoked.get(request.serial_number)
        if revoked and revoked[0] > at:
            revoked = None  # not revoked yet at that instant
        status = ocsp.OCSPCertStatus.REVOKED if revoked else ocsp.OCSPCertStatus.GOOD
        builder = ocsp.OCSPResponseBuilder().add_response(
            cert=leaf, issuer=ca, algorithm=hashes.SHA1(), cert_status=status,
            this_update=at, next_update=None,
            revocation_time=revoked[0] if revoked else None,
            revocation_reason=revoked[1] if revoked else None,
        ).responder_id(ocsp.OCSPResponderEncoding.HASH, ca)
        der = builder.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)
        answer = _produced_at(der, at, key)
        self._cache[(request.issuer_key_hash, request.serial_number, at)] = answer
        return answer


def _produced_at(der: bytes, at: datetime, key: rsa.RSAPrivateKey) -> bytes:
    """cryptography stamps producedAt with the wall clock; the training responder answers "as
    of ``at``" (time is an argument everywhere in dvcedu), so rewrite it and sign again."""
    response = asn1_ocsp.OCSPResponse.load(der)
    basic = response["response_bytes"]["response"].parsed
    basic["tbs_response_data"]["produced_at"] = at
    tbs = basic["tbs_response_data"].dump(force=True)
    basic["signature"] = key.sign(tbs, padding.PKCS1v15(), hashes.SHA256())
    response["response_bytes"]["response"] = asn1_ocsp.BasicOCSPResponse.load(basic.dump(True))
    return response.dump(force=True)


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
        return VerificationError(RejectReason.CERT_NOT_YET_VALID,
                                 when=f"{cert.not_valid_before_utc:%Y-%m-%d}")
    if at > cert.not_valid_after_utc:
        return VerificationError(RejectReason.CERT_EXPIRED,
                                 when=f"{cert.not_valid_after_utc:%Y-%m-%d}")
    return None


def _signed_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
        return True
    except (ValueError, TypeError, InvalidSignature):
        return False


def _build_path(leaf: x509.Certificate, *, roots: Sequence[x509.Certificate],
                intermediates: Sequence[x509.Certificate], at: datetime,
                as_ca: bool) -> tuple[x509.Certificate, ...]:
    """THE one use of cryptography.x509.verification (API still moving: keep it here)."""
    if as_ca:
        # A CA certificate checked on its own: the verifier only takes end entities, so walk
        # the (short, pathLen 0) Vietnamese hierarchy by hand: self-signed root, or one hop.
        if any(leaf == r for r in roots):
            return (leaf,)
        for issuer in list(roots) + list(intermediates):
            if (issuer.subject == leaf.issuer and _signed_by(leaf, issuer) and is_ca(issuer)
                    and issuer.not_valid_before_utc <= at <= issuer.not_valid_after_utc):
                rest = _build_path(issuer, roots=roots, intermediates=intermediates, at=at,
                                   as_ca=True) if issuer not in roots else (issuer,)
                return (leaf, *rest)
        raise _PathError("no trusted issuer for this CA certificate")
    verifier = (
        PolicyBuilder()
        .store(Store(list(roots)))
        .time(at)
        .extension_policies(ca_policy=ExtensionPolicy.webpki_defaults_ca(),
                            ee_policy=ExtensionPolicy.permit_all())
        .build_client_verifier()
    )
    return tuple(verifier.verify(leaf, list(intermediates)).chain)


def _key_id(cert: x509.Certificate, cls: type) -> bytes | None:
    try:
        value = cert.extensions.get_extension_for_class(cls).value
    except x509.ExtensionNotFound:
        return None
    return value.key_identifier if cls is x509.AuthorityKeyIdentifier else value.digest


def _why_untrusted(leaf: x509.Certificate, known: Sequence[x509.Certificate]
                   ) -> VerificationError:
    same_name = [c for c in known if c.subject == leaf.issuer]
    if same_name and not any(_signed_by(leaf, c) for c in same_name):
        claimed = _key_id(leaf, x509.AuthorityKeyIdentifier)
        if claimed and any(claimed == _key_id(c, x509.SubjectKeyIdentifier) for c in same_name):
            # It names the real CA's key, yet that key did not sign these bytes: the
            # certificate was changed after the CA issued it.
            return VerificationError(RejectReason.BAD_SIGNATURE, "reject.cert_altered")
        # Another key behind a trusted CA's exact name: someone copied the name.
        return VerificationError(RejectReason.LOOKALIKE_ISSUER, issuer=leaf.issuer.rfc4514_string())
    return VerificationError(RejectReason.UNTRUSTED_ROOT, issuer=leaf.issuer.rfc4514_string())


def check_revocation(leaf: x509.Certificate, issuer: x509.Certificate, *, at: datetime,
                     crls: Sequence[x509.CertificateRevocationList] = (),
                     ocsp_responder: Ocsp | None = None,
                     prefer_ocsp: bool = False) -> RevocationStatus:
    """CRL (signature, issuer and freshness checked) and OCSP, in that order unless
    ``prefer_ocsp``; "unknown" if neither can answer."""
    sources = [_by_crl, _by_ocsp]
    if prefer_ocsp:
        sources.reverse()
    for source in sources:
        status = source(leaf, issuer, at, crls, ocsp_responder)
        if status is not None:
            return status
    return RevocationStatus(RevocationSource.NONE, CertStatus.UNKNOWN)


@dataclass(frozen=True)
class _ReadCrl:
    """A CRL whose signature has been checked once, with its entries by serial number."""

    valid: bool
    revoked: dict[int, tuple[datetime, str | None]]


_READ_CRLS: dict[tuple[bytes, bytes], _ReadCrl] = {}
_READ_CRLS_MAX = 64
_READ_CRLS_LOCK = threading.Lock()


def _read_crl(crl: x509.CertificateRevocationList, issuer: x509.Certificate) -> _ReadCrl:
    """Verify a CRL's signature and index its entries once per (CRL, issuer key): a CA's CRL
    can list 100,000 serials, and re-checking and scanning it on every certificate verify
    cost 590x the small case. The key is the CRL's own signature and the issuer's key, so a
    different CRL — another number, or a forgery with the same name — is read afresh."""
    key = (crl.signature, issuer.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo))
    with _READ_CRLS_LOCK:
        found = _READ_CRLS.get(key)
    if found is None:
        valid = crl.is_signature_valid(issuer.public_key())
        revoked = ({entry.serial_number: (entry.revocation_date_utc, _crl_reason(entry))
                    for entry in crl} if valid else {})
        found = _ReadCrl(valid, revoked)
        with _READ_CRLS_LOCK:
            if len(_READ_CRLS) >= _READ_CRLS_MAX:
                _READ_CRLS.pop(next(iter(_READ_CRLS)))
            _READ_CRLS[key] = found
    return found


def _by_crl(leaf: x509.Certificate, issuer: x509.Certificate, at: datetime,
            crls: Sequence[x509.CertificateRevocationList], _: Ocsp | None
            ) -> RevocationStatus | None:
    for crl in crls:
        if crl.issuer != leaf.issuer:
            continue
        read = _read_crl(crl, issuer)
        if not read.valid:
            continue
        next_update = crl.next_update_utc
        if crl.last_update_utc > at or (next_update is not None and next_update < at):
            continue  # stale or from the future: says nothing about ``at``
        entry = read.revoked.get(leaf.serial_number)
        if entry is None or entry[0] > at:
            return RevocationStatus(RevocationSource.CRL, CertStatus.GOOD)
        return RevocationStatus(RevocationSource.CRL, CertStatus.REVOKED, entry[0], entry[1])
    return None


def _by_ocsp(leaf: x509.Certificate, issuer: x509.Certificate, at: datetime,
             _: Sequence[x509.CertificateRevocationList], responder: Ocsp | None
             ) -> RevocationStatus | None:
    if responder is None:
        return None
    answer = responder.respond(responder.request(leaf, issuer), at=at, leaf=leaf)
    return None if answer is None else _read_ocsp(answer, leaf, issuer)


def _crl_reason(entry: x509.RevokedCertificate) -> str | None:
    try:
        return entry.extensions.get_extension_for_class(x509.CRLReason).value.reason.name
    except x509.ExtensionNotFound:
        return None


def _read_ocsp(der: bytes, leaf: x509.Certificate, issuer: x509.Certificate
               ) -> RevocationStatus:
    response = ocsp.load_der_ocsp_response(der)
    if response.response_status != ocsp.OCSPResponseStatus.SUCCESSFUL:
        return RevocationStatus(RevocationSource.OCSP, CertStatus.UNKNOWN)
    try:
        issuer.public_key().verify(response.signature, response.tbs_response_bytes,
                                   padding.PKCS1v15(), response.signature_hash_algorithm)
    except (InvalidSignature, TypeError):
        return RevocationStatus(RevocationSource.OCSP, CertStatus.UNKNOWN)
    if response.serial_number != leaf.serial_number:
        return RevocationStatus(RevocationSource.OCSP, CertStatus.UNKNOWN)
    if response.certificate_status == ocsp.OCSPCertStatus.GOOD:
        return RevocationStatus(RevocationSource.OCSP, CertStatus.GOOD)
    if response.certificate_status == ocsp.OCSPCertStatus.REVOKED:
        reason = response.revocation_reason.name if response.revocation_reason else None
        return RevocationStatus(RevocationSource.OCSP, CertStatus.REVOKED,
                                response.revocation_time_utc, reason)
    return RevocationStatus(RevocationSource.OCSP, CertStatus.UNKNOWN)


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
        chain = _build_path(cert, roots=trust_roots, intermediates=intermediates, at=at,
                            as_ca=as_ca)
    except _PathError:
        raise _why_untrusted(cert, [*trust_roots, *intermediates]) from None
    if purpose is Purpose.SIGNER and not can_sign(cert):
        raise VerificationError(RejectReason.KEY_USAGE_MISSING)
    if len(chain) == 1:
        # a trusted root
        return VerifiedChain(chain, at, RevocationStatus(RevocationSource.NONE, CertStatus.GOOD))
    status = check_revocation(cert, chain[1], at=at, crls=crls, ocsp_responder=ocsp_responder,
                              prefer_ocsp=prefer_ocsp)
    if status.status is CertStatus.REVOKED:
        raise VerificationError(RejectReason.CERT_REVOKED, when=f"{status.revoked_at:%Y-%m-%d}",
                                why=_rfc5280_reason(status.reason))
    if status.status is CertStatus.UNKNOWN and require_revocation:
        raise VerificationError(RejectReason.REVOCATION_UNKNOWN)
    return VerifiedChain(chain, at, status)
