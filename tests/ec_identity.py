"""An EC (P-256) twin of the sample enterprise, for the ECDSA paths: the same subject and
issuer, a key derived from a fixed number (so every run makes the same certificate), issued
by the training CA with the same template. No Vietnamese CA certificate we saw is EC; a token
may still hold one, and dvcedu must sign with it."""

from __future__ import annotations

from functools import cache

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from dvcedu.pki import build, samples

SERIAL = 0x0EC0_2026_0001


@cache
def key() -> ec.EllipticCurvePrivateKey:
    return ec.derive_private_key(0xD0C_ED0_2026, ec.SECP256R1())


def key_pem() -> bytes:
    return key().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


@cache
def certificate() -> x509.Certificate:
    spec = samples.training_spec()
    enterprise = spec["enterprise"]
    issuer = spec[enterprise.issuer]
    ca_key = serialization.load_pem_private_key(samples.ca_key_pem(issuer.label), None)
    return build.issue(enterprise, issuer, key().public_key(), ca_key, serial=SERIAL)


def certificate_der() -> bytes:
    return certificate().public_bytes(serialization.Encoding.DER)
