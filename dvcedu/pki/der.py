"""DER, byte by byte — in the spirit of "The Illustrated Certificate".

Every ASN.1 value in DER is Tag ‖ Length ‖ Value (X.690 §8.1). :func:`walk` turns any DER
blob (certificate, CMS, CRL, OCSP, CSR) into a flat list of :class:`Tlv` rows with offset,
depth, tag, length, the header bytes and a plain meaning (OID names, decoded strings, times),
so a learner can point at the exact bytes of ``MST:0199001010``. :func:`find_text` answers
"where is it?". The bytes are split by asn1crypto's parser and every value is read by its
asn1crypto type: the course shows what the library sees, not a parser of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from asn1crypto import core, parser

from dvcedu.errors import DataFileError
from dvcedu.messages.oids import oid_name

_UNIVERSAL: dict[int, type[core.Asn1Value]] = {
    1: core.Boolean,
    2: core.Integer,
    3: core.BitString,
    4: core.OctetString,
    5: core.Null,
    6: core.ObjectIdentifier,
    10: core.Enumerated,
    12: core.UTF8String,
    16: core.Sequence,
    17: core.Set,
    19: core.PrintableString,
    20: core.TeletexString,
    22: core.IA5String,
    23: core.UTCTime,
    24: core.GeneralizedTime,
    30: core.BMPString,
}
_NAMES = {
    1: "BOOLEAN",
    2: "INTEGER",
    3: "BIT STRING",
    4: "OCTET STRING",
    5: "NULL",
    6: "OBJECT IDENTIFIER",
    10: "ENUMERATED",
    12: "UTF8String",
    16: "SEQUENCE",
    17: "SET",
    19: "PrintableString",
    20: "TeletexString",
    22: "IA5String",
    23: "UTCTime",
    24: "GeneralizedTime",
    30: "BMPString",
}
_STRINGS = {12, 19, 20, 22, 30}
_CLASSES = ["UNIVERSAL", "APPLICATION", "CONTEXT", "PRIVATE"]
MAX_DEPTH = 32


@dataclass(frozen=True)
class Tlv:
    offset: int
    depth: int
    tag: int
    """The first identifier byte (class, constructed bit and — below 31 — the tag number)."""
    tag_name: str
    header: bytes
    length: int
    value: bytes
    meaning: str
    constructed: bool

    @property
    def end(self) -> int:
        return self.offset + len(self.header) + self.length

    @property
    def is_string(self) -> bool:
        return self.tag & 0xC0 == 0 and self.tag & 0x1F in _STRINGS


def _tag_name(cls: int, number: int) -> str:
    if cls == 0:
        return _NAMES.get(number, f"UNIVERSAL {number}")
    if cls == 2:
        return f"[{number}]"
    return f"{_CLASSES[cls]} {number}"


def _meaning(number: int, encoded: bytes) -> str:
    """What asn1crypto reads in a primitive universal value, in words."""
    spec = _UNIVERSAL.get(number)
    if spec is None or number in (3, 4, 16, 17):
        return ""
    value = spec.load(encoded)
    if number == 6:
        dotted = value.dotted
        name = oid_name(dotted)
        return dotted if name == dotted else f"{dotted} = {name}"
    if number in _STRINGS:
        return repr(value.native)
    if number in (23, 24):
        return bytes(value.contents).decode("ascii", errors="replace")
    if number == 2:
        return (
            str(value.native)
            if len(value.contents) <= 8
            else f"{len(value.contents) * 8}-bit integer"
        )
    if number == 1:
        return "TRUE" if value.native else "FALSE"
    return "NULL" if number == 5 else ""


def walk(der: bytes) -> list[Tlv]:
    """Every TLV of ``der`` in order; a DataFileError if the bytes are not well-formed DER."""
    rows: list[Tlv] = []
    try:
        _walk(der, 0, len(der), 0, rows)
    except (ValueError, TypeError) as error:
        raise DataFileError(file="DER", problem=f"not valid DER: {error}") from None
    return rows


def _walk(der: bytes, pos: int, limit: int, depth: int, rows: list[Tlv]) -> None:
    if depth > MAX_DEPTH:
        raise ValueError("nested too deeply")
    while pos < limit:
        cls, method, number, header, contents, trailer = parser.parse(der[pos:limit])
        if trailer:
            raise ValueError(f"indefinite length at offset {pos} (BER, not DER)")
        constructed = method == 1
        meaning = "" if constructed or cls != 0 else _meaning(number, header + contents)
        start, inner = pos, pos + len(header)
        rows.append(
            Tlv(
                start,
                depth,
                header[0],
                _tag_name(cls, number),
                header,
                len(contents),
                contents,
                meaning,
                constructed,
            )
        )
        if constructed:
            _walk(der, inner, inner + len(contents), depth + 1, rows)
        elif cls == 0 and number == 3 and contents[:1] == b"\x00":  # no unused bits
            _wrapped(der, inner + 1, inner + len(contents), depth + 1, rows)
        elif cls == 0 and number == 4:
            _wrapped(der, inner, inner + len(contents), depth + 1, rows)
        pos = inner + len(contents)


def _wrapped(der: bytes, pos: int, end: int, depth: int, rows: list[Tlv]) -> None:
    """A BIT STRING (subjectPublicKey) or OCTET STRING (extension values) that holds DER:
    show its inside too, when it really is DER."""
    if pos >= end or der[pos] not in (0x30, 0x03, 0x04):
        return
    nested: list[Tlv] = []
    try:
        _walk(der, pos, end, depth, nested)
    except (ValueError, TypeError):
        return
    rows.extend(nested)


def find_text(der: bytes, text: str) -> Tlv:
    """The string TLV whose value is exactly ``text`` (e.g. "MST:0199001010")."""
    for row in walk(der):
        if row.is_string and row.meaning == repr(text):
            return row
    raise KeyError(text)


def hexdump(data: bytes, limit: int = 16) -> str:
    shown = data[:limit].hex(" ")
    return shown + (f" … (+{len(data) - limit})" if len(data) > limit else "")
