"""Is this certificate revoked at this instant? CRLs and OCSP, as the portal asks them.

A CRL is parsed and its signature checked once per (CRL, issuer key) and its serials kept in
a set, so a 100,000-entry list costs one read, not one per login. The training OCSP responder
runs in process and signs with the CA's own key (RFC 6960), answering "as of" the time it is
asked about: time is an argument everywhere in dvcedu.
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
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, padding, rsa
from cryptography.x509 import ocsp

SIGNING_KEYS = (
    rsa.RSAPublicKey,
    ec.EllipticCurvePublicKey,
    ed25519.Ed25519PublicKey,
    ed448.Ed448PublicKey,
    dsa.DSAPublicKey,
)
"""The kinds of issuer key a CRL can be signed with (an X25519 or ML-KEM key cannot sign)."""


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


class Ocsp:
    """A training OCSP responder, in process: answers for the CAs whose keys it holds (RFC 6960
    responses built with cryptography's OCSP builders, signed by the CA itself)."""

    def __init__(
        self,
        cas: Sequence[tuple[x509.Certificate, rsa.RSAPrivateKey]],
        revoked: dict[int, tuple[datetime, x509.ReasonFlags]],
        observer: Callable[[str, bytes], None] | None = None,
    ) -> None:
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
        return (
            ocsp.OCSPRequestBuilder()
            .add_certificate(cert, issuer, hashes.SHA1())
            .build()
            .public_bytes(serialization.Encoding.DER)
        )

    def respond(self, request_der: bytes, *, at: datetime, leaf: x509.Certificate) -> bytes | None:
        """The DER response, or None when this responder does not serve that CA."""
        if self._observer:
            self._observer("request", request_der)
        answer = self._respond(request_der, at=at, leaf=leaf)
        if self._observer:
            self._observer("response", answer or b"")
        return answer

    def _respond(self, request_der: bytes, *, at: datetime, leaf: x509.Certificate) -> bytes | None:
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
        builder = (
            ocsp.OCSPResponseBuilder()
            .add_response(
                cert=leaf,
                issuer=ca,
                algorithm=hashes.SHA1(),
                cert_status=status,
                this_update=at,
                next_update=None,
                revocation_time=revoked[0] if revoked else None,
                revocation_reason=revoked[1] if revoked else None,
            )
            .responder_id(ocsp.OCSPResponderEncoding.HASH, ca)
        )
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
    answer: bytes = response.dump(force=True)
    return answer


def check_revocation(
    leaf: x509.Certificate,
    issuer: x509.Certificate,
    *,
    at: datetime,
    crls: Sequence[x509.CertificateRevocationList] = (),
    ocsp_responder: Ocsp | None = None,
    prefer_ocsp: bool = False,
) -> RevocationStatus:
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
    key = (
        crl.signature,
        issuer.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        ),
    )
    with _READ_CRLS_LOCK:
        found = _READ_CRLS.get(key)
    if found is None:
        signer = issuer.public_key()
        valid = isinstance(signer, SIGNING_KEYS) and crl.is_signature_valid(signer)
        revoked = (
            {entry.serial_number: (entry.revocation_date_utc, _crl_reason(entry)) for entry in crl}
            if valid
            else {}
        )
        found = _ReadCrl(valid, revoked)
        with _READ_CRLS_LOCK:
            if len(_READ_CRLS) >= _READ_CRLS_MAX:
                _READ_CRLS.pop(next(iter(_READ_CRLS)))
            _READ_CRLS[key] = found
    return found


def _by_crl(
    leaf: x509.Certificate,
    issuer: x509.Certificate,
    at: datetime,
    crls: Sequence[x509.CertificateRevocationList],
    _: Ocsp | None,
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


def _by_ocsp(
    leaf: x509.Certificate,
    issuer: x509.Certificate,
    at: datetime,
    _: Sequence[x509.CertificateRevocationList],
    responder: Ocsp | None,
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


def _read_ocsp(der: bytes, leaf: x509.Certificate, issuer: x509.Certificate) -> RevocationStatus:
    response = ocsp.load_der_ocsp_response(der)
    if response.response_status != ocsp.OCSPResponseStatus.SUCCESSFUL:
        return RevocationStatus(RevocationSource.OCSP, CertStatus.UNKNOWN)
    signer, algorithm = issuer.public_key(), response.signature_hash_algorithm
    if not isinstance(signer, rsa.RSAPublicKey) or algorithm is None:
        # the training responder signs with RSA (PKCS#1 v1.5); another key reads as unknown
        return RevocationStatus(RevocationSource.OCSP, CertStatus.UNKNOWN)
    try:
        signer.verify(
            response.signature, response.tbs_response_bytes, padding.PKCS1v15(), algorithm
        )
    except InvalidSignature:
        return RevocationStatus(RevocationSource.OCSP, CertStatus.UNKNOWN)
    if response.serial_number != leaf.serial_number:
        return RevocationStatus(RevocationSource.OCSP, CertStatus.UNKNOWN)
    if response.certificate_status == ocsp.OCSPCertStatus.GOOD:
        return RevocationStatus(RevocationSource.OCSP, CertStatus.GOOD)
    if response.certificate_status == ocsp.OCSPCertStatus.REVOKED:
        reason = response.revocation_reason.name if response.revocation_reason else None
        return RevocationStatus(
            RevocationSource.OCSP, CertStatus.REVOKED, response.revocation_time_utc, reason
        )
    return RevocationStatus(RevocationSource.OCSP, CertStatus.UNKNOWN)
