"""Check every signature in a PDF dossier, with pyHanko's validator, against a given trust.

What a receiving office checks, in order, per signature — the first failure is the verdict:

1. *intact*: the SHA-256 of the signed byte ranges equals the digest in the signed attributes
   (one byte changed anywhere in those ranges breaks this);
2. *valid*: the signature over the signed attributes verifies with the certificate's key;
3. not *revoked* (the training CAs' CRLs, hard-fail: no revocation answer is a failure);
4. *trusted*: the certificate chains to the trust's root and is in force at ``at``;
5. what was added after the signature, if anything, is only another signature or form filling.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from asn1crypto import cms as asn1_cms
from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from dvcedu import i18n
from dvcedu.dossier.read import reader
from dvcedu.dossier.sign import run
from dvcedu.pki.identity import common_name, identifiers
from dvcedu.pki.trust import Trust

for _name in ("pyhanko", "pyhanko_certvalidator"):
    # the validator logs each refusal with its traceback; dvcedu reports the refusal itself
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False

ALLOWED_AFTER = frozenset({"NONE", "LTA_UPDATES", "FORM_FILLING"})
"""What may follow a signature in later revisions: nothing, validation data, or form filling
(which is how the next signer's field arrives)."""


@dataclass(frozen=True)
class SignatureCheck:
    """One signature, as the validator found it. ``problem`` is the message id of the first
    check that failed, or None."""

    field: str
    signer: str
    identifier: str | None
    signing_time: datetime | None
    byte_range: tuple[int, int, int, int]
    intact: bool
    valid: bool
    revoked: bool
    trusted: bool
    whole_file: bool
    modification: str
    problem: str | None
    why: str | None
    cms: bytes = field(repr=False)
    """The CMS SignedData in /Contents, without the zeros that pad its reserved room."""

    @property
    def ok(self) -> bool:
        return self.problem is None

    def verdict(self, lang: str | None = None) -> str:
        level = i18n.t(f"dossier.level.{self.modification}", lang)
        why = i18n.t(f"dossier.why.{self.why}", lang) if self.why else ""
        return i18n.t(self.problem or "dossier.ok", lang, level=level, why=why)

    def as_json(self) -> dict[str, object]:
        return {
            "field": self.field,
            "signer": self.signer,
            "identifier": self.identifier,
            "signing_time": self.signing_time.isoformat() if self.signing_time else None,
            "byte_range": list(self.byte_range),
            "intact": self.intact,
            "valid": self.valid,
            "revoked": self.revoked,
            "trusted": self.trusted,
            "whole_file": self.whole_file,
            "modification": self.modification,
            "ok": self.ok,
            "problem": self.problem,
            "why": self.why,
            "verdict": {lang: self.verdict(lang) for lang in i18n.LANGS},
        }


@dataclass(frozen=True)
class VerifiedDossier:
    """Every signature of one PDF. ``valid`` only when there is at least one and all pass."""

    size: int
    signatures: tuple[SignatureCheck, ...]

    @property
    def valid(self) -> bool:
        return bool(self.signatures) and all(s.ok for s in self.signatures)

    def summary(self, lang: str | None = None) -> str:
        if not self.signatures:
            return i18n.t("dossier.no_signature", lang)
        if self.valid:
            return i18n.t("dossier.summary_valid", lang, count=len(self.signatures))
        return i18n.t("dossier.summary_invalid", lang)

    def as_json(self) -> dict[str, object]:
        return {
            "valid": self.valid,
            "size": self.size,
            "summary": {lang: self.summary(lang) for lang in i18n.LANGS},
            "signatures": [s.as_json() for s in self.signatures],
        }


def verify_pdf(pdf: bytes, *, trust: Trust, at: datetime) -> VerifiedDossier:
    """Every signature in ``pdf``, checked against ``trust`` as of ``at``."""
    context = _context(trust, at)
    found = reader(pdf).embedded_signatures
    statuses = run(_validate(found, context))  # one event loop for all of them
    return VerifiedDossier(
        len(pdf),
        tuple(
            _check(embedded, status, at) for embedded, status in zip(found, statuses, strict=True)
        ),
    )


async def _validate(found: list, context: ValidationContext) -> list:
    return [
        await async_validate_pdf_signature(embedded, signer_validation_context=context)
        for embedded in found
    ]


def _context(trust: Trust, at: datetime) -> ValidationContext:
    return ValidationContext(
        trust_roots=list(_asn1(trust.roots)),
        other_certs=list(_asn1(trust.intermediates)),
        crls=[asn1_crl.CertificateList.load(c.public_bytes(Encoding.DER)) for c in trust.crls],
        allow_fetching=False,
        moment=at,
        revocation_mode="hard-fail",
    )


def _asn1(certs: tuple[x509.Certificate, ...]) -> Iterator[asn1_x509.Certificate]:
    return (asn1_x509.Certificate.load(c.public_bytes(Encoding.DER)) for c in certs)


def _check(embedded: object, status: object, at: datetime) -> SignatureCheck:
    cert = x509.load_der_x509_certificate(embedded.signer_cert.dump())
    found_ids = identifiers(cert.subject)
    modification = status.modification_level.name if status.modification_level else "OTHER"
    problem, why = _first_problem(status, modification, cert, at)
    return SignatureCheck(
        field=embedded.field_name,
        signer=common_name(cert.subject) or "?",
        identifier=str(found_ids[0]) if found_ids else None,
        signing_time=status.signer_reported_dt,
        byte_range=tuple(int(n) for n in embedded.sig_object["/ByteRange"]),
        intact=status.intact,
        valid=status.valid,
        revoked=status.revoked,
        trusted=status.trusted,
        whole_file=status.coverage.name == "ENTIRE_FILE",
        modification=modification,
        problem=problem,
        why=why,
        cms=asn1_cms.ContentInfo.load(bytes(embedded.pkcs7_content), strict=False).dump(),
    )


def _first_problem(
    status: object, modification: str, cert: x509.Certificate, at: datetime
) -> tuple[str | None, str | None]:
    """The guard clauses, in the order of the module docstring."""
    if not status.intact:
        return "dossier.not_intact", None
    if not status.valid:
        return "dossier.bad_signature", None
    if status.revoked:
        return "dossier.revoked", None
    if not status.trusted:
        return "dossier.untrusted", _why_untrusted(status, cert, at)
    if modification not in ALLOWED_AFTER:
        return "dossier.modified_after", None
    return None, None


def _why_untrusted(status: object, cert: x509.Certificate, at: datetime) -> str:
    """In the learner's words: the dates first (pyHanko reports an expired certificate as
    "out of bounds, no proof of existence" — true, and the next lesson — and one not yet valid
    as a general chain failure), else the validator's own sub-indication."""
    if at > cert.not_valid_after_utc:
        return "EXPIRED"
    if at < cert.not_valid_before_utc:
        return "NOT_YET_VALID"
    indic = status.trust_problem_indic
    name = indic.name if indic is not None else "GENERIC"
    return name if f"dossier.why.{name}" in i18n.MESSAGES else "GENERIC"
