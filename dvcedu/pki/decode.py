"""A certificate, field by field: what a Vietnamese helpdesk reads off it.

:func:`read_certificates` accepts PEM (one or many), DER and PKCS#7 bundles (.p7b, the form
rootca.gov.vn publishes); :func:`summarize` turns one certificate into a frozen
:class:`CertificateSummary` with Vietnamese labels, shown as text, HTML or JSON. Anything
malformed becomes a DataFileError naming the file and what was wrong.
"""

from __future__ import annotations

import enum
import hashlib
import html
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs7

from dvcedu import i18n
from dvcedu.errors import DataFileError, library_detail
from dvcedu.i18n import Msg
from dvcedu.messages.oids import EKU_LABELS, KEY_USAGE_LABELS, SUBJECT_LABELS, oid_name
from dvcedu.pki import identity

PARSE_ERRORS = (
    ValueError,
    TypeError,
    AttributeError,
    KeyError,
    IndexError,
    OverflowError,
    UnsupportedAlgorithm,
    x509.InvalidVersion,
)
"""What cryptography and asn1crypto raise on malformed input, often lazily (on first access
to a field): translated to DataFileError wherever certificate fields are read."""


def parse_certificates(data: bytes, source: str) -> list[x509.Certificate]:
    """Every certificate in ``data`` (PEM, DER or PKCS#7); ``source`` names it in errors."""
    try:
        if b"-----BEGIN PKCS7-----" in data:
            certs = pkcs7.load_pem_pkcs7_certificates(data)
        elif b"-----BEGIN" in data:
            certs = x509.load_pem_x509_certificates(data)
        else:
            try:
                certs = [x509.load_der_x509_certificate(data)]
            except PARSE_ERRORS:
                try:
                    certs = pkcs7.load_der_pkcs7_certificates(data)
                except PARSE_ERRORS:
                    raise DataFileError(
                        file=source,
                        problem=(
                            Msg.of("parse.not_certificate", first=data[:8].hex(" "))
                            if data
                            else Msg.of("parse.empty")
                        ),
                    ) from None
    except PARSE_ERRORS as error:
        raise DataFileError(file=source, problem=explain(error)) from None
    if not certs:
        raise DataFileError(file=source, problem=Msg.of("parse.no_certificate"))
    return list(certs)


def read_certificates(path: str | Path) -> list[x509.Certificate]:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise DataFileError(file=str(path), problem=error.strerror or str(error)) from None
    return parse_certificates(data, str(path))


def explain(error: Exception) -> Msg:
    """What a parse error means, in the learner's words; the library's own words follow for
    the curious (without cryptography's FAQ link)."""
    text, detail = str(error), library_detail(error)
    if re.search(
        r"InvalidByte|InvalidLength|InvalidLastSymbol|InvalidPadding|Invalid symbol|"
        r"base64",
        text,
    ):  # cryptography ≤ 48 and ≥ 50 word it differently
        return Msg.of("parse.pem_base64", detail=detail)
    if re.search(r"ParseError|UnexpectedTag|ShortData|ExtraData|InvalidValue|asn1|DER", text):
        return Msg.of("parse.der_structure", detail=detail)
    return Msg.of("parse.other", detail=detail)


@dataclass(frozen=True)
class NameField:
    short: str
    label_vi: str
    label_en: str
    value: str


class Validity(enum.StrEnum):
    """Where ``now`` falls in a certificate's validity period."""

    NOT_YET_VALID = "not_yet_valid"
    VALID = "valid"
    EXPIRED = "expired"

    @classmethod
    def at(cls, now: datetime, not_before: datetime, not_after: datetime) -> Validity:
        if now < not_before:
            return cls.NOT_YET_VALID
        return cls.EXPIRED if now > not_after else cls.VALID


@dataclass(frozen=True)
class CertificateSummary:
    """One certificate as a helpdesk reads it. Times are UTC; ``days_left`` is at ``now``."""

    subject: tuple[NameField, ...]
    issuer: tuple[NameField, ...]
    identifiers: tuple[identity.Identifier, ...]
    holder: identity.SubjectKind
    serial_hex: str
    not_before: datetime
    not_after: datetime
    now: datetime
    days_left: int
    key_type: str
    key_size: int
    signature_algorithm: str
    is_ca: bool
    path_length: int | None
    key_usage: tuple[str, ...]
    extended_key_usage: tuple[str, ...]
    policies: tuple[str, ...]
    crl_urls: tuple[str, ...]
    ocsp_urls: tuple[str, ...]
    ca_issuers_urls: tuple[str, ...]
    emails: tuple[str, ...]
    ski_hex: str
    aki_hex: str
    sha1: str
    sha256: str
    warnings: tuple[str, ...] = field(default=())

    @property
    def status(self) -> Validity:
        return Validity.at(self.now, self.not_before, self.not_after)

    def name_value(self, short: str) -> str | None:
        return next((f.value for f in self.subject if f.short == short), None)

    # --- views -----------------------------------------------------------------------------
    def usages(self, lang: str | None = None) -> list[tuple[str, str]]:
        """What the key may be used for, in words: key usage, then extended key usage."""
        kinds = i18n.t("cert.key_usage", lang), i18n.t("cert.eku", lang)
        return [(kinds[0], _usage(KEY_USAGE_LABELS, k, lang)) for k in self.key_usage] + [
            (kinds[1], _usage(EKU_LABELS, e, lang)) for e in self.extended_key_usage
        ]

    def rows(self, lang: str | None = None) -> list[tuple[str, str]]:
        def label(f: NameField) -> str:
            return f"{i18n.pick(f.label_vi, f.label_en, lang)} ({f.short})"

        t = i18n.t
        rows = [(label(f), f.value) for f in self.subject]
        rows += [(t("cert.issuer", lang), ", ".join(f"{f.short}={f.value}" for f in self.issuer))]
        rows += [
            (
                t("cert.identifier", lang),
                i.raw + ("" if i.valid else " ⚠ " + "; ".join(t(p, lang) for p in i.problems)),
            )
            for i in self.identifiers
        ]
        rows += [
            (
                t("cert.holder", lang),
                t(self.holder.reason_id, lang, identifier=self.holder.identifier),
            ),
            (t("cert.serial", lang), self.serial_hex),
            (
                t("cert.validity", lang),
                f"{self.not_before:%Y-%m-%d %H:%M} → {self.not_after:%Y-%m-%d %H:%M} UTC",
            ),
            (
                t("cert.status", lang),
                t(
                    f"cert.status_{self.status}",
                    lang,
                    days=abs(self.days_left),
                    at=f"{self.now:%Y-%m-%d}",
                ),
            ),
            (t("cert.key", lang), f"{self.key_type}-{self.key_size}"),
            (t("cert.signature_algorithm", lang), self.signature_algorithm),
            (
                t("cert.is_ca", lang),
                t("cert.ca_yes", lang, path=self.path_length)
                if self.is_ca
                else t("cert.ca_no", lang),
            ),
            (
                t("cert.key_usage", lang),
                ", ".join(_usage(KEY_USAGE_LABELS, k, lang) for k in self.key_usage) or "—",
            ),
            (
                t("cert.eku", lang),
                ", ".join(_usage(EKU_LABELS, e, lang) for e in self.extended_key_usage) or "—",
            ),
        ]
        rows += [(t("cert.policy", lang), p) for p in self.policies]
        rows += [("CRL", u) for u in self.crl_urls] + [("OCSP", u) for u in self.ocsp_urls]
        rows += [("caIssuers", u) for u in self.ca_issuers_urls]
        rows += [("E-mail (SAN)", e) for e in self.emails]
        rows += [
            ("SKI", self.ski_hex or "—"),
            ("AKI", self.aki_hex or "—"),
            ("SHA-1", self.sha1),
            ("SHA-256", self.sha256),
        ]
        rows += [(t("cert.warning", lang), t(w, lang)) for w in self.warnings]
        return rows

    def to_text(self, lang: str | None = None) -> str:
        rows = self.rows(lang)
        width = max(len(k) for k, _ in rows)
        return "\n".join(f"{k.ljust(width)}  {v}" for k, v in rows)

    def _repr_html_(self) -> str:
        body = "".join(
            f"<tr><th style='text-align:left'>{html.escape(k)}</th>"
            f"<td style='text-align:left'>{html.escape(v)}</td></tr>"
            for k, v in self.rows()
        )
        return f"<table>{body}</table>"

    def __repr__(self) -> str:
        return self.to_text()

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["identifiers"] = [
            {
                "raw": i.raw,
                "prefix": i.prefix,
                "value": i.value,
                "kind": i.kind.value,
                "valid": i.valid,
                "problems": list(i.problems),
            }
            for i in self.identifiers
        ]
        data["holder"] = {
            "kind": self.holder.kind,
            "reason": i18n.t(self.holder.reason_id, identifier=self.holder.identifier),
        }
        data["status"] = self.status
        for key in ("not_before", "not_after", "now"):
            data[key] = getattr(self, key).isoformat()
        return data


def _name_fields(name: x509.Name) -> tuple[NameField, ...]:
    fields = []
    for attr in name:
        short, vi, en = SUBJECT_LABELS.get(attr.oid.dotted_string, (attr.oid.dotted_string,) * 3)
        value = attr.value if isinstance(attr.value, str) else attr.value.hex()
        fields.append(NameField(short, vi, en, value))
    return tuple(fields)


E = TypeVar("E", bound=x509.ExtensionType)


def _ext(cert: x509.Certificate, cls: type[E]) -> E | None:
    try:
        return cert.extensions.get_extension_for_class(cls).value
    except x509.ExtensionNotFound:
        return None


def summarize(
    cert: x509.Certificate, *, now: datetime, source: str = "certificate"
) -> CertificateSummary:
    """Read every field a learner or a helpdesk needs; warnings a helpdesk would give."""
    try:
        return _summarize(cert, now)
    except PARSE_ERRORS as error:
        raise DataFileError(file=source, problem=explain(error)) from None


def _summarize(cert: x509.Certificate, now: datetime) -> CertificateSummary:
    public = cert.public_key()
    if isinstance(public, rsa.RSAPublicKey):
        key_type, key_size = "RSA", public.key_size
    elif isinstance(public, ec.EllipticCurvePublicKey):
        key_type, key_size = "EC", public.key_size
    else:
        key_type, key_size = type(public).__name__, 0
    bc = _ext(cert, x509.BasicConstraints)
    ku = _ext(cert, x509.KeyUsage)
    usages = tuple(name for name in KEY_USAGE_LABELS if ku is not None and getattr(ku, name))
    eku = _ext(cert, x509.ExtendedKeyUsage)
    ekus = tuple(o.dotted_string for o in eku) if eku is not None else ()
    policies = _ext(cert, x509.CertificatePolicies)
    policy_texts = []
    for p in policies or ():
        notes = [
            q.explicit_text
            for q in (p.policy_qualifiers or [])
            if isinstance(q, x509.UserNotice) and q.explicit_text
        ]
        policy_texts.append(
            oid_name(p.policy_identifier.dotted_string)
            + (f" — {'; '.join(notes)}" if notes else "")
        )
    crl = _ext(cert, x509.CRLDistributionPoints)
    crl_urls = tuple(
        n.value
        for dp in crl or ()
        for n in dp.full_name or ()
        if isinstance(n, x509.UniformResourceIdentifier)
    )
    aia = _ext(cert, x509.AuthorityInformationAccess)
    ocsp = tuple(
        a.access_location.value
        for a in aia or ()
        if a.access_method == x509.oid.AuthorityInformationAccessOID.OCSP
    )
    ca_issuers = tuple(
        a.access_location.value
        for a in aia or ()
        if a.access_method == x509.oid.AuthorityInformationAccessOID.CA_ISSUERS
    )
    san = _ext(cert, x509.SubjectAlternativeName)
    emails = tuple(san.get_values_for_type(x509.RFC822Name)) if san is not None else ()
    ski = _ext(cert, x509.SubjectKeyIdentifier)
    aki = _ext(cert, x509.AuthorityKeyIdentifier)
    ids = identity.identifiers(cert.subject)
    der = cert.public_bytes(serialization.Encoding.DER)
    sig_alg = oid_name(cert.signature_algorithm_oid.dotted_string)
    is_ca = bool(bc and bc.ca)
    days_left = (cert.not_valid_after_utc - now).days
    warnings = []
    if "sha1" in sig_alg.lower():
        warnings.append("cert.warn_sha1")
    if key_type == "RSA" and key_size < 2048:
        warnings.append("cert.warn_rsa_small")
    if now > cert.not_valid_after_utc:
        warnings.append("cert.warn_expired")
    elif now < cert.not_valid_before_utc:
        warnings.append("cert.warn_not_yet_valid")
    elif days_left < 30:
        warnings.append("cert.warn_expires_soon")
    if not is_ca:
        if eku is None:
            warnings.append("cert.warn_no_eku")
        if not ({"digital_signature", "content_commitment"} & set(usages)):
            warnings.append("cert.warn_no_signing")
        if not ids:
            warnings.append("cert.warn_no_identifier")
        elif any(not i.valid for i in ids):
            warnings.append("cert.warn_bad_identifier")
    return CertificateSummary(
        subject=_name_fields(cert.subject),
        issuer=_name_fields(cert.issuer),
        identifiers=ids,
        holder=(
            identity.SubjectKind(identity.Holder.CA, "id.why_ca")
            if is_ca
            else identity.classify(ids)
        ),
        serial_hex=f"{cert.serial_number:x}".upper().rjust(2, "0"),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        now=now,
        days_left=days_left,
        key_type=key_type,
        key_size=key_size,
        signature_algorithm=sig_alg,
        is_ca=is_ca,
        path_length=bc.path_length if bc else None,
        key_usage=usages,
        extended_key_usage=ekus,
        policies=tuple(policy_texts),
        crl_urls=crl_urls,
        ocsp_urls=ocsp,
        ca_issuers_urls=ca_issuers,
        emails=emails,
        ski_hex=ski.digest.hex().upper() if ski else "",
        aki_hex=aki.key_identifier.hex().upper() if aki and aki.key_identifier else "",
        sha1=hashlib.sha1(der).hexdigest().upper(),
        sha256=hashlib.sha256(der).hexdigest().upper(),
        warnings=tuple(warnings),
    )


def _usage(labels: dict[str, tuple[str, str]], key: str, lang: str | None) -> str:
    return i18n.pick(*labels.get(key, (oid_name(key), oid_name(key))), lang)
