"""DER, byte by byte — in the spirit of "The Illustrated Certificate".

Every ASN.1 value in DER is Tag ‖ Length ‖ Value (X.690 §8.1). :func:`walk` turns any DER
blob (certificate, CMS, CRL, OCSP, CSR) into a flat list of :class:`Tlv` rows with offset,
depth, tag, length, the header bytes and a plain meaning (OID names, decoded strings, times),
so a learner can point at the exact bytes of ``MST:0199001010``. :func:`find_text` answers
"where is it?".
"""

from __future__ import annotations

from dataclasses import dataclass

from dvcedu.errors import DataFileError
from dvcedu.pki.oids import oid_name

UNIVERSAL = {
    0x01: "BOOLEAN", 0x02: "INTEGER", 0x03: "BIT STRING", 0x04: "OCTET STRING", 0x05: "NULL",
    0x06: "OBJECT IDENTIFIER", 0x0A: "ENUMERATED", 0x0C: "UTF8String", 0x13: "PrintableString",
    0x14: "TeletexString", 0x16: "IA5String", 0x17: "UTCTime", 0x18: "GeneralizedTime",
    0x1E: "BMPString", 0x30: "SEQUENCE", 0x31: "SET",
}
STRINGS = {0x0C: "utf-8", 0x13: "ascii", 0x16: "ascii", 0x14: "latin-1", 0x1E: "utf-16-be"}
MAX_DEPTH = 32


@dataclass(frozen=True)
class Tlv:
    offset: int
    depth: int
    tag: int
    tag_name: str
    header: bytes
    length: int
    value: bytes
    meaning: str
    constructed: bool

    @property
    def end(self) -> int:
        return self.offset + len(self.header) + self.length


def decode_oid(body: bytes) -> str:
    if not body:
        raise ValueError("empty OID")
    first = body[0]
    parts = [min(first // 40, 2), first - 40 * min(first // 40, 2)]
    value = 0
    for byte in body[1:]:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            parts.append(value)
            value = 0
    if body[-1] & 0x80:
        raise ValueError("truncated OID")
    return ".".join(map(str, parts))


def _tag_name(tag: int) -> str:
    cls = tag >> 6
    if cls == 0:
        return UNIVERSAL.get(tag & 0x3F if tag & 0x20 else tag, f"UNIVERSAL {tag & 0x1F}")
    if cls == 2:
        return f"[{tag & 0x1F}]"
    return f"{['UNIVERSAL', 'APPLICATION', 'CONTEXT', 'PRIVATE'][cls]} {tag & 0x1F}"


def _meaning(tag: int, value: bytes) -> str:
    if tag == 0x06:
        dotted = decode_oid(value)
        name = oid_name(dotted)
        return dotted if name == dotted else f"{dotted} = {name}"
    if tag in STRINGS:
        return repr(value.decode(STRINGS[tag], errors="replace"))
    if tag in (0x17, 0x18):
        return value.decode("ascii", errors="replace")
    if tag == 0x02:
        return str(int.from_bytes(value, "big", signed=True)) if len(value) <= 8 else \
            f"{len(value) * 8}-bit integer"
    if tag == 0x01:
        return "TRUE" if value and value[0] else "FALSE"
    if tag == 0x05:
        return "NULL"
    return ""


def walk(der: bytes) -> list[Tlv]:
    """Every TLV of ``der`` in order; a DataFileError if the bytes are not well-formed DER."""
    rows: list[Tlv] = []
    try:
        end = _walk(der, 0, len(der), 0, rows)
    except (ValueError, IndexError) as error:
        raise DataFileError(file="DER", problem=f"not valid DER: {error}") from None
    if end != len(der):
        raise DataFileError(file="DER", problem=f"{len(der) - end} stray bytes after the end")
    return rows


def _walk(der: bytes, pos: int, limit: int, depth: int, rows: list[Tlv]) -> int:
    if depth > MAX_DEPTH:
        raise ValueError("nested too deeply")
    while pos < limit:
        start = pos
        tag = der[pos]
        if tag & 0x1F == 0x1F:
            raise ValueError(f"multi-byte tag at offset {pos}")
        pos += 1
        first = der[pos]
        pos += 1
        if first < 0x80:
            length = first
        else:
            count = first & 0x7F
            if count == 0 or count > 4:
                raise ValueError(f"unsupported length form at offset {start}")
            if pos + count > limit:
                raise ValueError(f"length runs past the end at offset {start}")
            length = int.from_bytes(der[pos:pos + count], "big")
            pos += count
        if pos + length > limit:
            raise ValueError(f"value runs past the end at offset {start}")
        value = der[pos:pos + length]
        constructed = bool(tag & 0x20)
        meaning = "" if constructed else _meaning(tag, value)
        rows.append(Tlv(start, depth, tag, _tag_name(tag), der[start:pos], length, value,
                        meaning, constructed))
        if constructed:
            _walk(der, pos, pos + length, depth + 1, rows)
        elif tag == 0x03 and length > 1 and value[0] == 0 and value[1] == 0x30:
            # a BIT STRING that wraps DER (subjectPublicKey): show its inside too
            try:
                nested: list[Tlv] = []
                _walk(der, pos + 1, pos + length, depth + 1, nested)
                rows.extend(nested)
            except (ValueError, IndexError):
                pass
        elif tag == 0x04 and length and value[0] in (0x30, 0x03, 0x04):
            # an OCTET STRING that wraps DER (extension values)
            try:
                nested = []
                _walk(der, pos, pos + length, depth + 1, nested)
                rows.extend(nested)
            except (ValueError, IndexError):
                pass
        pos += length
    return pos


def find_text(der: bytes, text: str) -> Tlv:
    """The string TLV whose value is exactly ``text`` (e.g. "MST:0199001010")."""
    for row in walk(der):
        if row.tag in STRINGS and row.value.decode(STRINGS[row.tag], "replace") == text:
            return row
    raise KeyError(text)


def hexdump(data: bytes, limit: int = 16) -> str:
    shown = data[:limit].hex(" ")
    return shown + (f" … (+{len(data) - limit})" if len(data) > limit else "")
