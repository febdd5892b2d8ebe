"""A byte table for any payload of a Transcript: DER, JSON or opaque bytes.

DER is walked with the same code as the certificate byte view (:mod:`dvcedu.pki.der`), so a
CMS, a certificate and a CRL read the same way; JSON shows each field at its byte offset.
"""

from __future__ import annotations

import json

from dvcedu.errors import DataFileError
from dvcedu.i18n import t
from dvcedu.pki import der
from dvcedu.viz.tables import Table


def byte_rows(payload: bytes, *, limit: int = 60) -> list[tuple[str, str, str]]:
    """(offset, bytes, meaning) rows, at most ``limit`` of them."""
    if payload[:1] in (b"\x30", b"\x31"):  # a DER SEQUENCE or SET
        try:
            return [
                (
                    str(r.offset),
                    "  " * r.depth + der.hexdump(r.header + r.value, 12),
                    f"{r.tag_name} {r.meaning}".strip(),
                )
                for r in der.walk(payload)
            ][:limit]
        except DataFileError:
            pass
    try:
        value = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        value = None
    if isinstance(value, dict):
        rows = []
        for key, item in value.items():
            needle = json.dumps(key, ensure_ascii=False).encode() + b":"
            offset = payload.find(needle)
            shown = json.dumps(item, ensure_ascii=False)
            rows.append(
                (
                    str(offset),
                    der.hexdump(payload[offset : offset + len(needle) + 8], 12),
                    f"{key} = {shown[:70]}{'…' if len(shown) > 70 else ''}",
                )
            )
        return rows[:limit]
    return [
        (
            str(i),
            payload[i : i + 16].hex(" "),
            "".join(chr(b) if 32 <= b < 127 else "." for b in payload[i : i + 16]),
        )
        for i in range(0, len(payload), 16)
    ][:limit]


def byte_table(payload: bytes, *, limit: int = 60) -> Table:
    return Table.of(
        [t("table.offset"), t("table.byte"), t("table.meaning")],
        byte_rows(payload, limit=limit),
        mono=[1],
    )
