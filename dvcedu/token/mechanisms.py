"""Which signing mechanism a token offers, and which path dvcedu takes with it.

Tokens differ. SoftHSM2 offers ``CKM_SHA256_RSA_PKCS`` (the token hashes, then signs);
opencryptoki's software token offers only ``CKM_RSA_PKCS`` and ``CKM_SHA1_RSA_PKCS``, and some
smart-card tokens the same. RSA PKCS#1 v1.5 is the same signature either way (RFC 8017 §9.2):
the hash goes into a DER ``DigestInfo``, which is padded and raised to the private exponent.
So dvcedu reads the token's list (``C_GetMechanismList`` / ``C_GetMechanismInfo``: CKF_SIGN,
key-size limits) and chooses:

1. ``CKM_SHA256_RSA_PKCS`` (or 384/512) when offered for this key size — the token hashes;
2. otherwise ``CKM_RSA_PKCS`` over a DigestInfo hashed on this computer — the same bytes come
   back, and the Transcript shows the 51-byte DigestInfo that crossed instead of the data.

ECDSA keys (no Vietnamese CA certificate we saw has one, but a token may) go the same way:
``CKM_ECDSA_SHA256`` where offered, otherwise ``CKM_ECDSA`` over the hash made here — which is
what SoftHSM2 2.6 and opencryptoki 3.8 both offer. A token returns an ECDSA signature as the
two numbers r ‖ s side by side (PKCS#11 §2.3.1); X.509 and CMS carry it DER-encoded
(RFC 3279 Ecdsa-Sig-Value), so :meth:`SigningPath.encode` re-packs it. Unlike RSA PKCS#1 v1.5,
ECDSA is randomised: the same data signed twice gives two different, equally valid signatures.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from asn1crypto import algos, core, keys

from dvcedu.errors import TokenError

DIGESTS = ("sha256", "sha384", "sha512", "sha1")


@dataclass(frozen=True)
class MechanismInfo:
    """What C_GetMechanismInfo says of one mechanism."""

    name: str
    min_key_bits: int
    max_key_bits: int
    flags: frozenset[str]

    def signs(self, key_bits: int) -> bool:
        """CKF_SIGN, and a key of this size within the advertised limits (RSA limits are in
        bits, PKCS#11 §2.1; a module that states none, 0 to 0, is taken at its word)."""
        low, high = self.min_key_bits, self.max_key_bits
        return "CKF_SIGN" in self.flags and (not high or low <= key_bits <= high)


@dataclass(frozen=True)
class SigningPath:
    """How one signature is made: the mechanism asked of the token, where the hash is
    computed, and why (a message id of the catalogue)."""

    mechanism: str
    digest: str
    hashed_on_token: bool
    why: str
    key_type: str = "RSA"

    def prepare(self, data: bytes) -> bytes:
        """What is given to C_Sign: the data itself, or — hashed here — the DigestInfo of its
        hash (RSA) or the bare hash (ECDSA)."""
        if self.hashed_on_token:
            return data
        if self.key_type == "EC":
            return hashlib.new(self.digest, data).digest()
        return digest_info(data, self.digest)

    def encode(self, signature: bytes) -> bytes:
        """The signature as X.509 and CMS carry it: RSA as the token gave it; ECDSA's r ‖ s
        re-packed as DER SEQUENCE { r INTEGER, s INTEGER } (RFC 3279 §2.2.3)."""
        if self.key_type != "EC":
            return signature
        der: bytes = algos.DSASignature.from_p1363(signature).dump()
        return der


def digest_info(data: bytes, digest: str = "sha256") -> bytes:
    """DER DigestInfo ::= SEQUENCE { AlgorithmIdentifier, OCTET STRING hash } (RFC 8017
    §9.2): what CKM_RSA_PKCS signs when the hash is made on the host."""
    der: bytes = algos.DigestInfo(
        {
            "digest_algorithm": {"algorithm": digest, "parameters": core.Null()},
            "digest": hashlib.new(digest, data).digest(),
        }
    ).dump()
    return der


CURVE_BITS = {"secp256r1": 256, "secp384r1": 384, "secp521r1": 521}
"""Named curves a token may hold, by size (PKCS#11 states ECDSA key limits in bits of the
curve order)."""


def curve_bits(ec_params: bytes) -> int:
    """The size of the curve named by a key's CKA_EC_PARAMS (DER ECParameters); 0 when the
    curve is not one of :data:`CURVE_BITS`."""
    try:
        params = keys.ECDomainParameters.load(ec_params)
        return CURVE_BITS.get(params.chosen.native, 0) if params.name == "named" else 0
    except (ValueError, TypeError):
        return 0


_FAMILY = {
    "RSA": ("CKM_{}_RSA_PKCS", "CKM_RSA_PKCS", "mechanism.why_on_host"),
    "EC": ("CKM_ECDSA_{}", "CKM_ECDSA", "mechanism.why_ecdsa_on_host"),
}


def choose(
    offered: Mapping[str, MechanismInfo], *, key_type: str, key_bits: int, digest: str = "sha256"
) -> SigningPath:
    """The path for a ``key_type`` ("RSA" or "EC") key of ``key_bits`` bits, given what the
    token offers: its own hash-and-sign first, then the bare mechanism over a hash made here."""
    if digest not in DIGESTS:
        raise TokenError("mechanism.digest", name=digest, known=", ".join(DIGESTS))
    if key_type not in _FAMILY:
        raise TokenError("mechanism.key_type", key_type=key_type)
    pattern, bare, why_on_host = _FAMILY[key_type]
    on_token = pattern.format(digest.upper())
    if on_token in offered and offered[on_token].signs(key_bits):
        return SigningPath(on_token, digest, True, "mechanism.why_on_token", key_type)
    if bare in offered and offered[bare].signs(key_bits):
        return SigningPath(bare, digest, False, why_on_host, key_type)
    family = "RSA" if key_type == "RSA" else "ECDSA"
    raise TokenError(
        "mechanism.none",
        wanted=on_token,
        bare=bare,
        bits=key_bits,
        key_type=key_type,
        offered=", ".join(sorted(n for n in offered if family in n)) or "-",
    )
