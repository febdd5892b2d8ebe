"""The committed training PKI: certificates, keys and CRLs under ``data/sample_certs/``.

These files are the source of truth for the notebooks (their bytes are what learners see);
``training-pki.toml`` is how they were made. Every identity here is fictional and every key is
public on purpose: ĐÀO TẠO / TRAINING ONLY.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from dvcedu import paths
from dvcedu.errors import DataFileError
from dvcedu.pki.build import REASONS, serial_for
from dvcedu.pki.revocation import Ocsp
from dvcedu.pki.spec import CertSpec, PkiSpec, load_spec
from dvcedu.pki.trust import Trust


def spec_path() -> Path:
    return paths.data_dir() / "training-pki.toml"


def sample_dir() -> Path:
    return paths.data_dir() / "sample_certs"


@cache
def training_spec() -> PkiSpec:
    return load_spec(spec_path())


@dataclass(frozen=True)
class Identity:
    """A subscriber of the training PKI that can be put on a token."""

    name: str
    spec: CertSpec
    cert_path: Path
    key_path: Path

    @property
    def certificate(self) -> x509.Certificate:
        return load_certificate(self.name)

    def key_pem(self) -> bytes:
        return _read(self.key_path)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DataFileError("data.sample_missing", file=str(path.name)) from None


def identity_names() -> tuple[str, ...]:
    return tuple(s.label for s in training_spec().subscribers())


def identity(name: str) -> Identity:
    """The training identity ``name`` (e.g. "enterprise", "citizen", "revoked")."""
    try:
        spec = training_spec()[name]
    except KeyError:
        raise DataFileError(
            "data.unknown_identity", name=name, known=", ".join(training_spec().labels)
        ) from None
    folder = sample_dir()
    return Identity(name, spec, folder / f"{name}.crt", folder / "keys" / f"{spec.key}.key.pem")


@cache
def load_certificate(label: str) -> x509.Certificate:
    """A training certificate (CA or subscriber) by label."""
    if label not in training_spec().labels:
        raise DataFileError(
            "data.unknown_identity", name=label, known=", ".join(training_spec().labels)
        )
    return x509.load_pem_x509_certificate(_read(sample_dir() / f"{label}.crt"))


def load_crl(ca_label: str) -> x509.CertificateRevocationList:
    return x509.load_pem_x509_crl(_read(sample_dir() / "crl" / f"{ca_label}.crl"))


def ca_key_pem(ca_label: str) -> bytes:
    return _read(sample_dir() / "keys" / f"{training_spec()[ca_label].key}.key.pem")


def manifest() -> dict[str, Any]:
    found: dict[str, Any] = json.loads(_read(sample_dir() / "manifest.json"))
    return found


ROOTS = ("root", "root-2025")
"""The national roots the course trusts, oldest first."""


@cache
def training_trust() -> Trust:
    """The training PKI's trust, loaded from its files: the two national training roots as
    the anchors (the 2014-style one that certificates issued until 2025 chain to, and the
    2025 one of the Ministry of Science and Technology; a verifier trusts both for as long as
    certificates under the old one live; the look-alike CA is NOT trusted), their CAs, their
    CRLs and an OCSP responder that signs with the CAs' sample keys."""
    spec = training_spec()
    cas = [c for c in spec.cas() if not c.self_signed]
    keys = []
    for ca in cas:
        key = serialization.load_pem_private_key(ca_key_pem(ca.label), None)
        assert isinstance(key, rsa.RSAPrivateKey)
        keys.append((load_certificate(ca.label), key))
    revoked = {
        serial_for(s.label): (s.revoked.date, REASONS[s.revoked.reason])
        for s in spec.subscribers()
        if s.revoked
    }
    return Trust(
        roots=tuple(load_certificate(label) for label in ROOTS),
        intermediates=tuple(load_certificate(c.label) for c in cas),
        crls=tuple(load_crl(c.label) for c in spec.cas() if c.label != "fake-vnpt"),
        ocsp=Ocsp(keys, revoked),
    )
