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

ECDSA keys are not used by any Vietnamese CA certificate we saw; dvcedu refuses them with a
clear message rather than guess (CMS would also need another signature algorithm).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from asn1crypto import algos, core

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

    def prepare(self, data: bytes) -> bytes:
        """What is given to C_Sign: the data itself, or the DigestInfo of its hash."""
        return data if self.hashed_on_token else digest_info(data, self.digest)


def digest_info(data: bytes, digest: str = "sha256") -> bytes:
    """DER DigestInfo ::= SEQUENCE { AlgorithmIdentifier, OCTET STRING hash } (RFC 8017
    §9.2): what CKM_RSA_PKCS signs when the hash is made on the host."""
    return algos.DigestInfo({
        "digest_algorithm": {"algorithm": digest, "parameters": core.Null()},
        "digest": hashlib.new(digest, data).digest(),
    }).dump()


def choose(offered: Mapping[str, MechanismInfo], *, key_type: str, key_bits: int,
           digest: str = "sha256") -> SigningPath:
    """The path for a ``key_type`` key of ``key_bits`` bits, given what the token offers."""
    if digest not in DIGESTS:
        raise TokenError("mechanism.digest", name=digest, known=", ".join(DIGESTS))
    if key_type != "RSA":
        raise TokenError("mechanism.key_type", key_type=key_type)
    on_token = f"CKM_{digest.upper()}_RSA_PKCS"
    if on_token in offered and offered[on_token].signs(key_bits):
        return SigningPath(on_token, digest, True, "mechanism.why_on_token")
    if "CKM_RSA_PKCS" in offered and offered["CKM_RSA_PKCS"].signs(key_bits):
        return SigningPath("CKM_RSA_PKCS", digest, False, "mechanism.why_on_host")
    raise TokenError("mechanism.none", wanted=on_token, bits=key_bits,
                     offered=", ".join(sorted(n for n in offered if "RSA" in n)) or "-")
