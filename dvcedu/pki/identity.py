"""Vietnamese identifiers in a certificate's subject: ``UID=MST:…``, ``CCCD:…``, ``CMND:…``.

Three shapes of ``MST:``: 10 digits (an enterprise), 10 + ``-`` + 3 (a dependent unit, a
branch), and 12 digits — from 1 July 2025 the 12-digit personal identification number *is*
the tax code of individuals and household businesses (Circular 86/2024/TT-BTC [secondary:
one press summary read]); no real certificate with a 12-digit ``MST:`` was seen, so that
shape is accepted and classified as a person, not taught as what CAs write [unconfirmed].

Vietnamese public CAs put the subscriber's identifier in the subject attribute UID
(0.9.2342.19200300.100.1.1) with a prefix, never in serialNumber (research notes §2.1,
confirmed on every real certificate we saw). Attribute order varies by CA (VNPT puts UID last,
BkavCA first), so it is found by OID, never by position, and in every string type real
certificates use. Parsing never raises: an odd value is kept with a problem noted, because a
helpdesk must still be able to read it.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.x509.oid import NameOID

from dvcedu.messages.reference import CCCD_PROVINCES

UID_OID = "0.9.2342.19200300.100.1.1"

MST_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
"""Weights of the tax-code (MST) check digit over its first nine digits; the tenth digit is
10 − (Σ dᵢ·wᵢ mod 11). It reproduces the check digit of every real tax code in
tests/data/realworld/ (a test checks this).

When Σ mod 11 = 0 the formula gives 10, which is not a digit. Public validators disagree
there: some reject the code, some take the check digit to be 0 (``(10 − r) mod 10``), one
computes another formula altogether. dvcedu rejects it — no nine digits have two check
digits, and mapping 10 to 0 would make every such code valid on a guess; the rule of the
tax authority itself was not found in the sources read [unconfirmed]."""

CCCD_CENTURY = {str(digit): 1900 + 100 * (digit // 2) for digit in range(10)}
"""Fourth digit of a CCCD: the century of birth (even digits for men, odd for women; the same
circular as the province codes in ``messages/reference.py``)."""


class Kind(enum.Enum):
    MST = "mst"
    MST_BRANCH = "mst_branch"
    MST_PERSONAL = "mst_personal"
    """A 12-digit MST: the personal identification number used as a tax code."""
    CCCD = "cccd"
    CMND = "cmnd"
    PASSPORT = "passport"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Identifier:
    """One identifier read from a UID attribute. ``problems`` holds message ids."""

    raw: str
    prefix: str
    value: str
    kind: Kind
    problems: tuple[str, ...] = ()

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def tax_code(self) -> str | None:
        """The tax code: an enterprise's 10 digits (a branch's parent's), or a person's 12."""
        if self.kind in (Kind.MST, Kind.MST_BRANCH):
            return self.value[:10]
        if self.kind is Kind.MST_PERSONAL:
            return self.value
        return None

    def __str__(self) -> str:
        return self.raw


def mst_check_digit(first_nine: str) -> int | None:
    """The tenth digit for these nine, or None when no valid tax code starts with them."""
    check = 10 - sum(int(d) * w for d, w in zip(first_nine, MST_WEIGHTS, strict=True)) % 11
    return check if check < 10 else None


def _mst_problems(value: str) -> list[str]:
    if not re.fullmatch(r"\d{10}(-\d{3})?", value):
        return ["id.mst_shape"]
    if mst_check_digit(value[:9]) != int(value[9]):
        return ["id.mst_check"]
    return []


def cccd_problems(number: str, today: date | None = None) -> list[str]:
    """Structure of a 12-digit CCCD: province code, century/sex digit, two-digit birth year."""
    if not re.fullmatch(r"\d{12}", number):
        return ["id.cccd_shape"]
    problems = []
    if number[:3] not in CCCD_PROVINCES:
        problems.append("id.cccd_province")
    century = CCCD_CENTURY[number[3]]
    year = century + int(number[4:6])
    if year > (today or date.today()).year:
        problems.append("id.cccd_year")
    return problems


def parse_identifier(raw: str) -> Identifier:
    """Read ``MST:…``, ``CCCD:…``, ``CMND:…``, ``HC:…`` (or anything else, kept as-is)."""
    text = raw.strip()
    prefix, sep, value = text.partition(":")
    prefix = prefix.strip().upper() if sep else ""
    value = value.strip() if sep else text
    if prefix == "MST" and re.fullmatch(r"\d{12}", value):
        # the same number as a CCCD: its province, century and year are checked the same way
        return Identifier(raw, prefix, value, Kind.MST_PERSONAL, tuple(cccd_problems(value)))
    if prefix == "MST":
        kind = Kind.MST_BRANCH if "-" in value else Kind.MST
        return Identifier(raw, prefix, value, kind, tuple(_mst_problems(value)))
    if prefix == "CCCD":
        return Identifier(raw, prefix, value, Kind.CCCD, tuple(cccd_problems(value)))
    if prefix == "CMND":
        # Old ID cards have 9 digits; Viettel MySign still writes 12-digit CCCD numbers as CMND.
        ok = re.fullmatch(r"\d{9}|\d{12}", value)
        return Identifier(raw, prefix, value, Kind.CMND, () if ok else ("id.cmnd_shape",))
    if prefix == "HC":
        return Identifier(raw, prefix, value, Kind.PASSPORT, ("id.unverified_prefix",))
    return Identifier(raw, prefix, value, Kind.UNKNOWN, ("id.unknown_prefix",))


def uid_values(name: x509.Name | bytes) -> list[str]:
    """Every UID value of a Name (a cryptography Name, or its DER), whatever its string type
    (UTF8String, PrintableString, BMPString, TeletexString, …), in DER order."""
    if isinstance(name, x509.Name):
        try:
            return [str(a.value) for a in name.get_attributes_for_oid(NameOID.USER_ID)]
        except (ValueError, UnicodeDecodeError):
            name = name.public_bytes()  # an odd encoding: read it byte by byte below
    values = []
    for rdn in asn1_x509.Name.load(name).chosen:
        for attr in rdn:
            if attr["type"].dotted != UID_OID:
                continue
            try:
                value = attr["value"].native
            except (ValueError, KeyError, TypeError, UnicodeDecodeError):
                # keep what a helpdesk can still read: the raw bytes, marked unreadable
                value = "?" + attr["value"].contents.hex()
            values.append(value if isinstance(value, str) else str(value))
    return values


def common_name(name: x509.Name) -> str | None:
    """The first CN of a Name — the name a portal, a plugin or a validator shows — or None."""
    found = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(found[0].value) if found else None


def identifiers(name: x509.Name | bytes) -> tuple[Identifier, ...]:
    """All identifiers in a subject (a certificate may carry several)."""
    return tuple(parse_identifier(v) for v in uid_values(name))


class Holder(enum.StrEnum):
    """Who a certificate belongs to, as the portal sorts accounts."""

    ENTERPRISE = "enterprise"
    BRANCH = "branch"
    CITIZEN = "citizen"
    CA = "ca"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class SubjectKind:
    """Enterprise, branch or citizen, with the reason (message id + fields)."""

    kind: Holder
    reason_id: str
    identifier: str = ""


def classify(ids: Iterable[Identifier]) -> SubjectKind:
    """Derive who the certificate belongs to from its identifiers (an enterprise's MST wins
    over a CCCD: an enterprise certificate may also name its legal representative). A
    12-digit MST is a person's: the account is the same as for their CCCD, the same number."""
    ids = tuple(ids)
    for kind, result, reason in (
        (Kind.MST_BRANCH, Holder.BRANCH, "id.why_branch"),
        (Kind.MST, Holder.ENTERPRISE, "id.why_enterprise"),
        (Kind.MST_PERSONAL, Holder.CITIZEN, "id.why_personal_mst"),
        (Kind.CCCD, Holder.CITIZEN, "id.why_citizen"),
        (Kind.CMND, Holder.CITIZEN, "id.why_cmnd"),
    ):
        found = [i for i in ids if i.kind is kind]
        if found and not found[0].valid:
            # Say what was found: an 8-digit "MST" is not "a 10-digit MST".
            return SubjectKind(Holder.UNKNOWN, "id.why_invalid", found[0].raw)
        if found:
            return SubjectKind(result, reason, found[0].raw)
    return SubjectKind(Holder.UNKNOWN, "id.why_unknown")
