"""The training PKI as data: ``data/training-pki.toml`` → frozen :class:`CertSpec` values.

Modelled on certomancer's declarative architectures: labels refer to labels, ``template``
makes variants, dates are absolute, and an unknown key is an error that names the file, the
section and the keys allowed — a typo must never silently change a certificate.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from dvcedu.errors import ConfigError

KEY_USAGES = (
    "digital_signature",
    "content_commitment",
    "key_encipherment",
    "data_encipherment",
    "key_agreement",
    "key_cert_sign",
    "crl_sign",
)
"""RFC 5280 §4.2.1.3 bits, by cryptography's names (content_commitment = nonRepudiation)."""

EXTENDED_KEY_USAGES = {
    "client_auth": "1.3.6.1.5.5.7.3.2",
    "email_protection": "1.3.6.1.5.5.7.3.4",
    "ms_document_signing": "1.3.6.1.4.1.311.10.3.12",
    "adobe_authentic_documents": "1.2.840.113583.1.1.5",
}
"""The EKUs seen on real Vietnamese subscriber certificates (research notes §2.2)."""

REVOCATION_REASONS = (
    "unspecified",
    "key_compromise",
    "ca_compromise",
    "affiliation_changed",
    "superseded",
    "cessation_of_operation",
    "certificate_hold",
)

SUBJECT_KEYS = ("C", "ST", "L", "O", "OU", "title", "CN", "UID", "emailAddress")

_COMMON = {
    "purpose",
    "purpose-en",
    "issuer",
    "template",
    "key",
    "subject",
    "key-size",
    "hash",
    "valid-from",
    "valid-to",
}
ALLOWED = {
    "ca": _COMMON | {"path-length", "crl-url", "ocsp-url", "ca-issuers-url", "policy"},
    "subscriber": _COMMON | {"key-usage", "extended-key-usage", "email", "revoked"},
}
REQUIRED = ("purpose", "purpose-en", "subject", "valid-from", "valid-to")


@dataclass(frozen=True)
class Revocation:
    date: datetime
    reason: str


@dataclass(frozen=True)
class CertSpec:
    """One certificate of the training PKI."""

    label: str
    kind: str
    """``"ca"`` or ``"subscriber"``."""
    issuer: str
    """Label of the issuing CA; equal to ``label`` for a self-signed certificate."""
    key: str
    """Label whose key file holds this certificate's key pair (own label by default)."""
    subject: tuple[tuple[str, str], ...]
    """Attributes in DER order (C first, UID last, like VNPT-CA)."""
    key_size: int
    hash: str
    valid_from: datetime
    valid_to: datetime
    purpose_vi: str
    purpose_en: str
    path_length: int | None = None
    crl_url: str = ""
    ocsp_url: str = ""
    ca_issuers_url: str = ""
    policy: str = ""
    key_usage: tuple[str, ...] = ()
    extended_key_usage: tuple[str, ...] = ()
    email: str = ""
    revoked: Revocation | None = None

    @property
    def self_signed(self) -> bool:
        return self.issuer == self.label

    def subject_value(self, attr: str) -> str | None:
        return next((v for k, v in self.subject if k == attr), None)


@dataclass(frozen=True)
class PkiSpec:
    """Every certificate of the training PKI, CAs first, in file order."""

    certs: tuple[CertSpec, ...]
    source: str

    def __getitem__(self, label: str) -> CertSpec:
        for spec in self.certs:
            if spec.label == label:
                return spec
        raise KeyError(label)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(c.label for c in self.certs)

    def cas(self) -> tuple[CertSpec, ...]:
        return tuple(c for c in self.certs if c.kind == "ca")

    def subscribers(self) -> tuple[CertSpec, ...]:
        return tuple(c for c in self.certs if c.kind == "subscriber")


def _names(value: object) -> tuple[str, ...]:
    """A list of names (each checked against the allowed names before) as a tuple."""
    return tuple(str(v) for v in value) if isinstance(value, list | tuple) else ()


def _path_length(value: object, file: str, section: str) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
        return value
    raise ConfigError(
        "config.bad_value",
        file=file,
        section=section,
        key="path-length",
        problem="expected a whole number ≥ 0",
    )


def _when(value: object, file: str, section: str, key: str) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    raise ConfigError(
        "config.bad_value",
        file=file,
        section=section,
        key=key,
        problem=f"expected a date like 2036-01-01, found {value!r}",
    )


def load_spec(path: Path) -> PkiSpec:
    """Read and validate the training-PKI file."""
    file = path.name
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError("config.unreadable", file=file, problem=str(error)) from None
    unknown_top = set(raw) - set(ALLOWED)
    if unknown_top:
        raise ConfigError(
            "config.unknown_keys",
            file=file,
            section="(top level)",
            keys=", ".join(sorted(unknown_top)),
            allowed="ca, subscriber",
        )
    sections: dict[str, tuple[str, Mapping[str, object]]] = {}
    for kind in ALLOWED:
        for label, body in raw.get(kind, {}).items():
            if label in sections:
                raise ConfigError(
                    "config.bad_value",
                    file=file,
                    section=f"{kind}.{label}",
                    key="label",
                    problem="the same label is used twice",
                )
            sections[label] = (kind, body)
    merged: dict[str, dict[str, object]] = {}

    def resolve(label: str, seen: tuple[str, ...] = ()) -> dict[str, object]:
        if label in merged:
            return merged[label]
        kind, body = sections[label]
        name = f"{kind}.{label}"
        unknown = set(body) - ALLOWED[kind]
        if unknown:
            raise ConfigError(
                "config.unknown_keys",
                file=file,
                section=name,
                keys=", ".join(sorted(unknown)),
                allowed=", ".join(sorted(ALLOWED[kind])),
            )
        values: dict[str, object] = {}
        template = body.get("template")
        if template is not None:
            if template not in sections or template in seen:
                raise ConfigError(
                    "config.unknown_label",
                    file=file,
                    section=name,
                    label=template,
                    known=", ".join(sections),
                )
            values = dict(resolve(str(template), (*seen, label)))
            values.pop("key", None)
            values.pop("revoked", None)
            values.pop("purpose", None)
            values.pop("purpose-en", None)
            if values.get("issuer") == template:  # a self-signed template stays self-signed
                values["issuer"] = label
        for key, value in body.items():
            if key == "subject" and isinstance(value, dict):
                subject = dict(values.get("subject", {}))  # type: ignore[call-overload]
                subject.update(value)
                values["subject"] = subject
            elif key != "template":
                values[key] = value
        merged[label] = values
        return values

    specs = []
    for label, (kind, _) in sections.items():
        values = resolve(label)
        name = f"{kind}.{label}"
        for key in REQUIRED:
            if key not in values:
                raise ConfigError("config.missing_key", file=file, section=name, key=key)
        issuer = str(values.get("issuer", label))
        if issuer not in sections or sections[issuer][0] != "ca":
            raise ConfigError(
                "config.unknown_label",
                file=file,
                section=name,
                label=issuer,
                known=", ".join(k for k, (t, _) in sections.items() if t == "ca"),
            )
        key = str(values.get("key", label))
        if key not in sections:
            raise ConfigError(
                "config.unknown_label",
                file=file,
                section=name,
                label=key,
                known=", ".join(sections),
            )
        subject = values["subject"]
        if not isinstance(subject, dict) or set(subject) - set(SUBJECT_KEYS):
            raise ConfigError(
                "config.bad_value",
                file=file,
                section=name,
                key="subject",
                problem=f"attributes must be among {', '.join(SUBJECT_KEYS)}",
            )
        too_long = [k for k, v in subject.items() if not 1 <= len(str(v)) <= 64]
        if too_long:  # RFC 5280's upper bound for a name attribute, which cryptography enforces
            raise ConfigError(
                "config.bad_value",
                file=file,
                section=name,
                key="subject",
                problem=f"{', '.join(too_long)}: 1 to 64 characters",
            )
        for key_name, allowed in (
            ("key-usage", KEY_USAGES),
            ("extended-key-usage", tuple(EXTENDED_KEY_USAGES)),
        ):
            bad = [u for u in values.get(key_name, []) if u not in allowed]  # type: ignore[attr-defined]
            if bad:
                raise ConfigError(
                    "config.bad_value",
                    file=file,
                    section=name,
                    key=key_name,
                    problem=f"unknown {bad}; allowed: {', '.join(allowed)}",
                )
        revoked = None
        if "revoked" in values:
            rev = values["revoked"]
            if (
                not isinstance(rev, dict)
                or set(rev) != {"date", "reason"}
                or rev["reason"] not in REVOCATION_REASONS
            ):
                raise ConfigError(
                    "config.bad_value",
                    file=file,
                    section=name,
                    key="revoked",
                    problem="expected { date = YYYY-MM-DD, reason = one of "
                    + ", ".join(REVOCATION_REASONS)
                    + " }",
                )
            revoked = Revocation(_when(rev["date"], file, name, "revoked.date"), str(rev["reason"]))
        if values.get("hash", "sha256") not in ("sha256", "sha1"):
            raise ConfigError(
                "config.bad_value",
                file=file,
                section=name,
                key="hash",
                problem="expected 'sha256' or 'sha1'",
            )
        spec = CertSpec(
            label=label,
            kind=kind,
            issuer=issuer,
            key=key,
            subject=tuple((str(k), str(v)) for k, v in subject.items()),
            key_size=int(values.get("key-size", 2048)),  # type: ignore[call-overload]
            hash=str(values.get("hash", "sha256")),
            valid_from=_when(values["valid-from"], file, name, "valid-from"),
            valid_to=_when(values["valid-to"], file, name, "valid-to"),
            purpose_vi=str(values["purpose"]),
            purpose_en=str(values["purpose-en"]),
            path_length=_path_length(values.get("path-length"), file, name),
            crl_url=str(values.get("crl-url", "")),
            ocsp_url=str(values.get("ocsp-url", "")),
            ca_issuers_url=str(values.get("ca-issuers-url", "")),
            policy=str(values.get("policy", "")),
            key_usage=_names(values.get("key-usage", ())),
            extended_key_usage=_names(values.get("extended-key-usage", ())),
            email=str(values.get("email", "")),
            revoked=revoked,
        )
        if spec.valid_to <= spec.valid_from:
            raise ConfigError(
                "config.bad_value",
                file=file,
                section=name,
                key="valid-to",
                problem="must be after valid-from",
            )
        specs.append(spec)
    ordered = [s for s in specs if s.kind == "ca"] + [s for s in specs if s.kind == "subscriber"]
    return PkiSpec(tuple(ordered), str(path))
