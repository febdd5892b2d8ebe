"""Issue the training PKI from its spec: certificates, CRLs, and the manifest.

Building is deterministic: keys are files (generated once, then committed as training data),
serial numbers are derived from labels, dates come from the spec, and RSA PKCS#1 v1.5
signatures do not use randomness. So building twice gives the same bytes, and a test can
check that ``data/sample_certs/`` still matches ``training-pki.toml``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from asn1crypto import algos, core
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from dvcedu.i18n import t
from dvcedu.messages.reference import MANIFEST_WARNING, TRAINING_NOTICE
from dvcedu.pki.spec import EXTENDED_KEY_USAGES, KEY_USAGES, CertSpec, PkiSpec

CRL_THIS_UPDATE = datetime(2025, 10, 1, tzinfo=UTC)
CRL_NEXT_UPDATE = datetime(2036, 1, 2, tzinfo=UTC)
"""Training CRLs are issued once and stay "fresh" for the life of the course (a real CA
refreshes its CRL every few days)."""

NAME_OIDS = {
    "C": NameOID.COUNTRY_NAME,
    "ST": NameOID.STATE_OR_PROVINCE_NAME,
    "L": NameOID.LOCALITY_NAME,
    "O": NameOID.ORGANIZATION_NAME,
    "OU": NameOID.ORGANIZATIONAL_UNIT_NAME,
    "title": NameOID.TITLE,
    "CN": NameOID.COMMON_NAME,
    "UID": NameOID.USER_ID,  # 0.9.2342.19200300.100.1.1, where VN CAs put "MST:…" / "CCCD:…"
    "emailAddress": NameOID.EMAIL_ADDRESS,
}


def _resign_sha1(cert: x509.Certificate, issuer_key: rsa.RSAPrivateKey) -> x509.Certificate:
    """Re-sign a certificate with sha1WithRSAEncryption, as CAs did until about 2018.

    cryptography rightly refuses to create SHA-1 signatures, so the TBS is rewritten with
    asn1crypto and signed with the raw RSA primitive. Only the "legacy" lesson certificate
    needs this; verifiers must reject it.
    """
    sha1_rsa = algos.SignedDigestAlgorithm({"algorithm": "sha1_rsa", "parameters": core.Null()})
    parsed = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    tbs = parsed["tbs_certificate"]
    tbs["signature"] = sha1_rsa
    signature = issuer_key.sign(tbs.dump(force=True), padding.PKCS1v15(), hashes.SHA1())
    parsed["signature_algorithm"] = sha1_rsa
    parsed["signature_value"] = signature
    return x509.load_der_x509_certificate(parsed.dump(force=True))


REASONS = {
    "unspecified": x509.ReasonFlags.unspecified,
    "key_compromise": x509.ReasonFlags.key_compromise,
    "ca_compromise": x509.ReasonFlags.ca_compromise,
    "affiliation_changed": x509.ReasonFlags.affiliation_changed,
    "superseded": x509.ReasonFlags.superseded,
    "cessation_of_operation": x509.ReasonFlags.cessation_of_operation,
    "certificate_hold": x509.ReasonFlags.certificate_hold,
}


def serial_for(label: str) -> int:
    """16 bytes starting with 0x54, like every Vietnamese public-CA serial we saw, derived
    from the label so rebuilding gives the same number."""
    return int.from_bytes(b"\x54" + hashlib.sha256(f"dvcedu:{label}".encode()).digest()[:15])


def name_of(spec: CertSpec) -> x509.Name:
    return x509.Name([x509.NameAttribute(NAME_OIDS[k], v) for k, v in spec.subject])


def load_or_create_key(keys_dir: Path, spec: CertSpec, size: int) -> rsa.RSAPrivateKey:
    """The key pair of ``spec.key``; generated (and written) only when its file is missing."""
    path = keys_dir / f"{spec.key}.key.pem"
    if path.is_file():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        assert isinstance(key, rsa.RSAPrivateKey)
        return key
    key = rsa.generate_private_key(public_exponent=65537, key_size=size)
    keys_dir.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return key


@dataclass(frozen=True)
class BuiltPki:
    spec: PkiSpec
    certs: dict[str, x509.Certificate]
    crls: dict[str, x509.CertificateRevocationList]


def _extensions(
    builder: x509.CertificateBuilder,
    spec: CertSpec,
    issuer: CertSpec,
    public_key: rsa.RSAPublicKey,
    issuer_key: rsa.RSAPublicKey,
) -> x509.CertificateBuilder:
    ski = x509.SubjectKeyIdentifier.from_public_key(public_key)
    builder = builder.add_extension(ski, critical=False)
    if not spec.self_signed:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key), critical=False
        )
    if spec.kind == "ca":
        builder = builder.add_extension(
            x509.BasicConstraints(ca=True, path_length=spec.path_length), critical=True
        )
        usage = {"digital_signature", "key_cert_sign", "crl_sign"}
    else:
        builder = builder.add_extension(
            x509.BasicConstraints(ca=False, path_length=None), critical=False
        )
        usage = set(spec.key_usage)
    builder = builder.add_extension(
        x509.KeyUsage(
            **{u: u in usage for u in KEY_USAGES}, encipher_only=False, decipher_only=False
        ),
        critical=True,
    )  # RFC 5280 §4.2.1.3: SHOULD be critical; VN CAs mark it so
    if spec.kind == "subscriber" and spec.extended_key_usage:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage(
                [x509.ObjectIdentifier(EXTENDED_KEY_USAGES[u]) for u in spec.extended_key_usage]
            ),
            critical=False,
        )
    if spec.kind == "subscriber" and spec.email:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.RFC822Name(spec.email)]), critical=False
        )
    policy = issuer.policy if spec.kind == "subscriber" else ""
    if policy or (spec.kind == "ca" and not spec.self_signed):
        oid = (
            x509.ObjectIdentifier(policy) if policy else x509.oid.CertificatePoliciesOID.ANY_POLICY
        )
        qualifiers: list[str | x509.UserNotice] = [x509.UserNotice(None, TRAINING_NOTICE)]
        builder = builder.add_extension(
            x509.CertificatePolicies([x509.PolicyInformation(oid, qualifiers)]), critical=False
        )
    if not spec.self_signed:
        if issuer.crl_url:
            builder = builder.add_extension(
                x509.CRLDistributionPoints(
                    [
                        x509.DistributionPoint(
                            [x509.UniformResourceIdentifier(issuer.crl_url)], None, None, None
                        )
                    ]
                ),
                critical=False,
            )
        access = []
        if issuer.ocsp_url and spec.kind == "subscriber":
            access.append(
                x509.AccessDescription(
                    x509.oid.AuthorityInformationAccessOID.OCSP,
                    x509.UniformResourceIdentifier(issuer.ocsp_url),
                )
            )
        if issuer.ca_issuers_url:
            access.append(
                x509.AccessDescription(
                    x509.oid.AuthorityInformationAccessOID.CA_ISSUERS,
                    x509.UniformResourceIdentifier(issuer.ca_issuers_url),
                )
            )
        if access:
            builder = builder.add_extension(x509.AuthorityInformationAccess(access), critical=False)
    return builder


def issue(
    spec: CertSpec,
    issuer: CertSpec,
    public_key: rsa.RSAPublicKey,
    issuer_key: rsa.RSAPrivateKey,
    *,
    serial: int | None = None,
) -> x509.Certificate:
    """One certificate for ``public_key`` with the subject, validity and extensions of
    ``spec``, signed by ``issuer_key`` (SHA-256, or SHA-1 for the legacy lesson)."""
    builder = (
        x509.CertificateBuilder()
        .subject_name(name_of(spec))
        .issuer_name(name_of(issuer))
        .public_key(public_key)
        .serial_number(serial or serial_for(spec.label))
        .not_valid_before(spec.valid_from)
        .not_valid_after(spec.valid_to)
    )
    builder = _extensions(builder, spec, issuer, public_key, issuer_key.public_key())
    cert = builder.sign(issuer_key, hashes.SHA256())
    return _resign_sha1(cert, issuer_key) if spec.hash == "sha1" else cert


def build(spec: PkiSpec, keys_dir: Path) -> BuiltPki:
    """Issue every certificate and CRL of ``spec`` with the keys in ``keys_dir``."""
    keys = {c.key: load_or_create_key(keys_dir, c, c.key_size) for c in spec.certs}
    certs = {  # CAs come first in spec.certs, so every issuer exists before use
        c.label: issue(c, spec[c.issuer], keys[c.key].public_key(), keys[spec[c.issuer].key])
        for c in spec.certs
    }
    crls = {}
    for ca in spec.cas():
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(name_of(ca))
            .last_update(CRL_THIS_UPDATE)
            .next_update(CRL_NEXT_UPDATE)
            .add_extension(x509.CRLNumber(1), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(keys[ca.key].public_key()),
                critical=False,
            )
        )
        for sub in spec.certs:
            if sub.issuer == ca.label and sub.revoked and not sub.self_signed:
                builder = builder.add_revoked_certificate(
                    x509.RevokedCertificateBuilder()
                    .serial_number(serial_for(sub.label))
                    .revocation_date(sub.revoked.date)
                    .add_extension(x509.CRLReason(REASONS[sub.revoked.reason]), critical=False)
                    .build()
                )
        crls[ca.label] = builder.sign(keys[ca.key], hashes.SHA256())
    return BuiltPki(spec, certs, crls)


def write(pki: BuiltPki, out_dir: Path) -> list[Path]:
    """Write certificates (PEM), CRLs (PEM) and ``manifest.json``; return the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "crl").mkdir(exist_ok=True)
    written: list[Path] = []
    entries = []
    for spec in pki.spec.certs:
        path = out_dir / f"{spec.label}.crt"
        path.write_bytes(pki.certs[spec.label].public_bytes(serialization.Encoding.PEM))
        written.append(path)
        entries.append(
            {
                "file": path.name,
                "kind": spec.kind,
                "label": spec.label,
                "issuer": spec.issuer,
                "key": f"keys/{spec.key}.key.pem",
                "purpose_vi": spec.purpose_vi,
                "purpose_en": spec.purpose_en,
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            }
        )
    for label, crl in pki.crls.items():
        path = out_dir / "crl" / f"{label}.crl"
        path.write_bytes(crl.public_bytes(serialization.Encoding.PEM))
        written.append(path)
        entries.append(
            {
                "file": f"crl/{path.name}",
                "kind": "crl",
                "label": label,
                "issuer": label,
                "purpose_vi": t("pki.crl_purpose", "vi", label=label),
                "purpose_en": t("pki.crl_purpose", "en", label=label),
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            }
        )
    manifest = out_dir / "manifest.json"
    manifest.write_text(
        json.dumps(
            {
                "warning": MANIFEST_WARNING,
                "source": Path(pki.spec.source).name,
                "files": entries,
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    written.append(manifest)
    return written
