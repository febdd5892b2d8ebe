"""The signing service's TLS certificate for ``localhost`` / ``127.0.0.1``.

A page served over HTTPS may only open ``wss://`` connections, and the browser must trust the
certificate of the service on loopback — the real VNPT-CA Plugin installs one for the same
reason, and "không kết nối được plugin" is very often that certificate not being trusted.

The training PKI's keys are public (they are in this repository), so a browser must never be
told to trust them: anyone could issue a certificate for any site with them. Instead each
learner's home gets its own small CA, made here with a fresh key that never leaves the home,
**name-constrained** to ``localhost`` and ``127.0.0.1`` (RFC 5280 §4.2.1.10): even if it were
trusted and its key stolen, it could vouch for nothing but this computer. The service's
certificate is issued by it, valid from yesterday for 90 days of real time.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from dvcedu import paths

HOSTS = ("localhost",)
ADDRESSES = ("127.0.0.1", "::1")
DAYS = 90


@dataclass(frozen=True)
class LoopbackTls:
    """Where the service's key and certificate chain are, and the local CA to trust."""

    certfile: Path
    keyfile: Path
    ca_file: Path

    def spki_sha256(self) -> str:
        """base64 SHA-256 of the service certificate's public key: what Chromium's
        ``--ignore-certificate-errors-spki-list`` takes (the browser tests trust it so)."""
        import base64
        import hashlib

        cert = x509.load_pem_x509_certificate(self.certfile.read_bytes())
        spki = cert.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return base64.b64encode(hashlib.sha256(spki).digest()).decode()


def loopback_tls(folder: Path | None = None, *, now: datetime | None = None) -> LoopbackTls:
    """The certificate in ``folder`` (the home's ``web/tls``), made or renewed when missing or
    within a week of expiry."""
    folder = folder or paths.home() / "web" / "tls"
    now = now or datetime.now(UTC)
    tls = LoopbackTls(folder / "service.pem", folder / "service.key", folder / "local-ca.pem")
    if tls.certfile.is_file() and tls.keyfile.is_file() and tls.ca_file.is_file():
        cert = x509.load_pem_x509_certificate(tls.certfile.read_bytes())
        if cert.not_valid_after_utc - now > timedelta(days=7):
            return tls
    folder.mkdir(parents=True, exist_ok=True)
    ca_key, ca = _local_ca(folder, now)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=DAYS))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName(h) for h in HOSTS]
                + [x509.IPAddress(ipaddress.ip_address(a)) for a in ADDRESSES]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    _write(
        tls.keyfile,
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
        private=True,
    )
    _write(
        tls.certfile,
        cert.public_bytes(serialization.Encoding.PEM) + ca.public_bytes(serialization.Encoding.PEM),
    )
    return tls


def _local_ca(folder: Path, now: datetime) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """This home's loopback CA (made once; its key stays in the home, mode 0600)."""
    key_path, cert_path = folder / "local-ca.key", folder / "local-ca.pem"
    if key_path.is_file() and cert_path.is_file():
        key = serialization.load_pem_private_key(key_path.read_bytes(), None)
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        if isinstance(
            key, ec.EllipticCurvePrivateKey
        ) and cert.not_valid_after_utc - now > timedelta(days=DAYS):
            return key, cert
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "dvcedu (training only)"),
            x509.NameAttribute(NameOID.COMMON_NAME, "dvcedu loopback CA — this computer only"),
        ]
    )
    permitted: list[x509.GeneralName] = [x509.DNSName(h) for h in HOSTS]
    permitted += [x509.IPAddress(ipaddress.ip_network(a)) for a in ("127.0.0.1/32", "::1/128")]
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3 * 365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.NameConstraints(permitted_subtrees=permitted, excluded_subtrees=None),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    _write(
        key_path,
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
        private=True,
    )
    _write(cert_path, cert.public_bytes(serialization.Encoding.PEM))
    return key, cert


def _write(path: Path, data: bytes, *, private: bool = False) -> None:
    temp = path.with_suffix(path.suffix + ".tmp")
    temp.write_bytes(data)
    if private:
        temp.chmod(0o600)
    temp.replace(path)
