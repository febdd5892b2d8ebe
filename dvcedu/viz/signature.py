"""Opening an RSA PKCS#1 v1.5 signature with the public key, to see what the token signed.

``s^e mod n`` gives back the encoded message of RFC 8017 §9.2:
``00 01 FF…FF 00 ‖ DigestInfo(SHA-256 OID ‖ hash)``. :func:`anatomy` splits it into those parts
and recomputes the hash from the data; :func:`draw_anatomy` colours them (hex in mono).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric import rsa
from matplotlib.figure import Figure

from dvcedu.i18n import t
from dvcedu.style import BLUE, GREEN, GREY, LIGHT_GREY, RED
from dvcedu.viz.picture import Picture

SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")
"""DER of DigestInfo{ sha256, NULL } up to the 32-byte hash (RFC 8017 §9.2, note 1)."""


@dataclass(frozen=True)
class Part:
    name: str
    """A message id of the catalogue (``part.…``)."""
    data: bytes
    color: str
    count: int = 0

    def label(self, lang: str | None = None) -> str:
        return t(self.name, lang, count=self.count)


@dataclass(frozen=True)
class Anatomy:
    parts: tuple[Part, ...]
    recomputed_hash: bytes
    signed_hash: bytes

    @property
    def matches(self) -> bool:
        return self.recomputed_hash == self.signed_hash


def hex_short(data: bytes) -> str:
    """Spaced hex, the middle elided past 19 bytes (a DigestInfo prefix still shows whole)."""
    if len(data) <= 19:
        return data.hex(" ")
    return data[:8].hex(" ") + " … " + data[-4:].hex(" ")


def open_signature(signature: bytes, public_key: rsa.RSAPublicKey) -> bytes:
    """``s^e mod n`` as bytes of the modulus length: public information, no secret involved."""
    numbers = public_key.public_numbers()
    size = (public_key.key_size + 7) // 8
    return pow(int.from_bytes(signature, "big"), numbers.e, numbers.n).to_bytes(size, "big")


def anatomy(signature: bytes, public_key: rsa.RSAPublicKey, signed_bytes: bytes) -> Anatomy:
    """Split the opened signature; ``signed_bytes`` are what the token was given to sign."""
    block = open_signature(signature, public_key)
    pad_end = block.find(b"\x00", 2)
    if block[:2] != b"\x00\x01" or pad_end < 0:
        parts = (Part("part.not_pkcs1", block, RED),)
        return Anatomy(parts, hashlib.sha256(signed_bytes).digest(), b"")
    digest_info = block[pad_end + 1 :]
    prefix, signed_hash = digest_info[:-32], digest_info[-32:]
    parts = (
        Part("part.block_start", block[:2], GREY),
        Part("part.padding", block[2:pad_end], LIGHT_GREY, count=pad_end - 2),
        Part("part.separator", block[pad_end : pad_end + 1], GREY),
        Part("part.digest_oid", prefix, BLUE),
        Part("part.hash", signed_hash, GREEN),
    )
    return Anatomy(parts, hashlib.sha256(signed_bytes).digest(), signed_hash)


def draw_anatomy(result: Anatomy, lang: str | None = None) -> Picture:
    """One coloured row per part, then the hash recomputed from the data beside the signed one."""
    fig = Figure(figsize=(9, 0.55 * (len(result.parts) + 2) + 0.6))
    ax = fig.add_subplot()
    ax.axis("off")
    rows = len(result.parts) + 2
    ax.set_ylim(rows + 0.2, -0.8)
    ax.set_xlim(0, 10)
    for i, part in enumerate(result.parts):
        shown = hex_short(part.data)
        ax.text(
            0.1,
            i,
            f"{part.label(lang)} ({len(part.data)} B)",
            color=part.color,
            fontsize=9,
            va="center",
        )
        ax.text(3.6, i, shown, family="monospace", color=part.color, fontsize=8.5, va="center")
    verdict = t("anatomy.match" if result.matches else "anatomy.no_match", lang)
    ax.text(0.1, rows - 1.4, t("anatomy.recomputed", lang), fontsize=9, va="center")
    ax.text(
        3.6,
        rows - 1.4,
        hex_short(result.recomputed_hash),
        family="monospace",
        fontsize=8.5,
        va="center",
        color=GREEN if result.matches else RED,
    )
    ax.text(
        0.1,
        rows - 0.6,
        verdict,
        fontsize=10,
        fontweight="bold",
        color=GREEN if result.matches else RED,
    )
    fig.tight_layout()
    parts = ", ".join(p.label(lang) for p in result.parts)
    return Picture(fig, t("anatomy.alt", lang, parts=parts, verdict=verdict))
