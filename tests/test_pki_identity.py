"""Vietnamese identifiers: found by OID in any string type, validated, never a crash."""

from __future__ import annotations

import re

import pytest
from asn1crypto import x509 as asn1_x509
from hypothesis import given
from hypothesis import strategies as st

from dvcedu.pki import decode, identity
from dvcedu.pki.identity import Kind, classify, mst_check_digit, parse_identifier


def test_mst_check_digit_reproduces_every_real_tax_code(realworld):
    seen = 0
    for path in sorted(realworld.glob("*.pem")):
        for cert in decode.read_certificates(path):
            for uid in identity.uid_values(cert.subject.public_bytes()):
                match = re.fullmatch(r"MST:(\d{10})", uid)
                if match:
                    code = match.group(1)
                    assert mst_check_digit(code[:9]) == int(code[9]), (path.name, code)
                    seen += 1
    assert seen >= 3


@pytest.mark.parametrize(
    ("raw", "kind", "valid"),
    [
        ("MST:0101360697", Kind.MST, True),
        ("MST:0101360698", Kind.MST, False),  # wrong check digit
        ("MST:0199001010-001", Kind.MST_BRANCH, True),
        ("MST:12345678", Kind.MST, False),  # FPT's dummy test code: 8 digits
        ("MST:01013606970", Kind.MST, False),  # 11 digits: no such shape
        ("MST:001301012345", Kind.MST_PERSONAL, True),  # the personal ID number as tax code
        ("MST:003301012345", Kind.MST_PERSONAL, False),  # 003 is not a province code
        ("MST:001399012345", Kind.MST_PERSONAL, False),  # born in 2099
        ("CCCD:001301012345", Kind.CCCD, True),
        ("CCCD:003301012345", Kind.CCCD, False),  # 003 is not a province code
        ("CCCD:001399012345", Kind.CCCD, False),  # born in 2099
        ("CMND:012345678", Kind.CMND, True),
        ("CMND:001301012345", Kind.CMND, True),  # 12-digit CCCD number written as CMND
        ("CMND:12345", Kind.CMND, False),
        ("HC:C1234567", Kind.PASSPORT, False),
        ("MNS:1234567", Kind.UNKNOWN, False),
        ("0101360697", Kind.UNKNOWN, False),
    ],
)
def test_parse(raw, kind, valid):
    parsed = parse_identifier(raw)
    assert parsed.kind is kind and parsed.valid is valid and parsed.raw == raw


def test_branch_keeps_the_parent_tax_code():
    assert parse_identifier("MST:0199001010-001").tax_code == "0199001010"


def test_a_12_digit_mst_is_a_persons_tax_code_and_the_number_of_their_cccd():
    personal, card = parse_identifier("MST:001301012345"), parse_identifier("CCCD:001301012345")
    assert personal.tax_code == "001301012345" and card.tax_code is None
    found = classify([personal])
    assert (found.kind, found.reason_id) == ("citizen", "id.why_personal_mst")
    assert personal.value == card.value  # so both lead to the same portal account
    # an enterprise's certificate naming its representative by personal tax code: enterprise
    assert classify([personal, parse_identifier("MST:0199001010")]).kind == "enterprise"


@pytest.mark.parametrize(
    ("first_nine", "expected"),
    [
        ("010136069", 7),  # a real tax code (tests/data/realworld): 0101360697
        ("010000005", None),  # Σ mod 11 = 0: 10 − 0 = 10, not a digit — rejected, not mapped to 0
    ],
)
def test_check_digit_and_the_remainder_0_case(first_nine, expected):
    total = sum(int(d) * w for d, w in zip(first_nine, identity.MST_WEIGHTS, strict=True))
    assert (total % 11 == 0) is (expected is None)
    assert mst_check_digit(first_nine) == expected


def _name_with_uid(value: str, string_type: str) -> bytes:
    name = asn1_x509.Name.build({"common_name": "ĐÀO TẠO"})
    attr = asn1_x509.NameTypeAndValue(
        {
            "type": "0.9.2342.19200300.100.1.1",
            "value": asn1_x509.DirectoryString(name=string_type, value=value),
        }
    )
    rdns = list(name.chosen) + [asn1_x509.RelativeDistinguishedName([attr])]
    return asn1_x509.Name(name="", value=asn1_x509.RDNSequence(rdns)).dump()


@pytest.mark.parametrize(
    "string_type", ["utf8_string", "printable_string", "bmp_string", "teletex_string"]
)
def test_uid_is_read_in_every_string_type(string_type):
    assert identity.uid_values(_name_with_uid("MST:0101360697", string_type)) == ["MST:0101360697"]


def test_several_identifiers_are_all_reported_and_mst_wins():
    ids = [parse_identifier("CCCD:001301012345"), parse_identifier("MST:0199001010")]
    assert classify(ids).kind == "enterprise"
    assert classify(ids[:1]).kind == "citizen"
    assert classify([parse_identifier("MST:0199001010-001")]).kind == "branch"
    assert classify([]).kind == "unknown"


@given(st.text(max_size=300))
def test_parser_never_crashes(text):
    parsed = parse_identifier(text)
    assert parsed.raw == text
