"""Decoding every real and sample certificate, checked against openssl as an oracle."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, pkcs7
from hypothesis import given
from hypothesis import strategies as st

from dvcedu.clock import COURSE_DAY
from dvcedu.errors import DataFileError, DvceduError
from dvcedu.pki import decode, der, samples

SAMPLES = sorted(samples.sample_dir().glob("*.crt"))

KU_OPENSSL = {
    "digital_signature": "Digital Signature",
    "content_commitment": "Non Repudiation",
    "key_encipherment": "Key Encipherment",
    "data_encipherment": "Data Encipherment",
    "key_cert_sign": "Certificate Sign",
    "crl_sign": "CRL Sign",
}
EKU_OPENSSL = {
    "1.3.6.1.5.5.7.3.2": "TLS Web Client Authentication",
    "1.3.6.1.5.5.7.3.4": "E-mail Protection",
    "1.3.6.1.4.1.311.10.3.12": "1.3.6.1.4.1.311.10.3.12",
    "1.2.840.113583.1.1.5": "1.2.840.113583.1.1.5",
}


def openssl_text(path: Path) -> str:
    done = subprocess.run(
        [
            "openssl",
            "x509",
            "-in",
            str(path),
            "-noout",
            "-text",
            "-nameopt",
            "utf8,sep_comma_plus_space",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def all_files(realworld: Path) -> list[Path]:
    return SAMPLES + sorted(realworld.glob("*.pem"))


def test_every_file_decodes_and_agrees_with_openssl(realworld):
    if not shutil.which("openssl"):
        pytest.skip("openssl not installed")
    for path in all_files(realworld):
        (cert,) = decode.read_certificates(path)
        summary = decode.summarize(cert, now=COURSE_DAY, source=str(path))
        text = openssl_text(path)
        subject = re.search(r"Subject: (.*)", text).group(1)
        for ident in summary.identifiers:
            assert f"UID={ident.raw}" in subject, path.name
        ku_line = re.search(r"X509v3 Key Usage:.*\n\s+(.*)", text)
        expected_ku = {k for k, v in KU_OPENSSL.items() if ku_line and v in ku_line.group(1)}
        assert set(summary.key_usage) & set(KU_OPENSSL) == expected_ku, path.name
        eku_line = re.search(r"Extended Key Usage:.*\n\s+(.*)", text)
        for oid in summary.extended_key_usage:
            if oid in EKU_OPENSSL:
                assert EKU_OPENSSL[oid] in eku_line.group(1), path.name
        assert f"{summary.key_size} bit" in text
        match = re.search(r"Serial Number:\s*(?:\d+ \(0x([0-9a-f]+)\)|\n\s*([0-9a-f:]+))", text)
        serial = (match.group(1) or match.group(2)).replace(":", "").upper()
        assert serial.lstrip("0") == summary.serial_hex.lstrip("0"), path.name


def test_helpdesk_reads_the_real_certificates(realworld):
    viettel = decode.summarize(
        decode.read_certificates(realworld / "ee-org-viettel-ca-rs-mst-0107074780.pem")[0],
        now=COURSE_DAY,
    )
    assert [i.raw for i in viettel.identifiers] == ["MST:0107074780"]
    assert viettel.holder.kind == "enterprise" and "cert.warn_no_eku" in viettel.warnings
    bkav = decode.summarize(
        decode.read_certificates(realworld / "ee-org-bkavca-mst-0303114366.pem")[0], now=COURSE_DAY
    )
    assert {"cert.warn_sha1", "cert.warn_rsa_small", "cert.warn_expired"} <= set(bkav.warnings)
    fpt = decode.summarize(
        decode.read_certificates(realworld / "ee-org-fpt-ca-test-mst-12345678.pem")[0],
        now=COURSE_DAY,
    )
    assert not fpt.identifiers[0].valid  # 8-digit dummy tax code of a test certificate


def test_summary_views():
    summary = decode.summarize(samples.load_certificate("enterprise"), now=COURSE_DAY)
    assert summary.name_value("UID") == "MST:0199001010" and summary.status == "valid"
    assert "MST:0199001010" in summary.to_text("vi") and "Định danh" in summary.to_text("vi")
    assert "<table>" in summary._repr_html_()
    data = json.loads(json.dumps(summary.to_json()))
    assert data["identifiers"][0]["kind"] == "mst" and data["holder"]["kind"] == "enterprise"
    ca = decode.summarize(samples.load_certificate("vnpt"), now=COURSE_DAY)
    assert ca.is_ca and ca.path_length == 0 and ca.holder.kind == "ca"


def test_key_usage_in_words_in_either_language():
    summary = decode.summarize(samples.load_certificate("enterprise"), now=COURSE_DAY)
    assert ("Mục đích khóa (key usage)", "Ký số (digitalSignature)") in summary.usages("vi")
    assert ("Key usage", "Digital signature (digitalSignature)") in summary.usages("en")
    assert [kind for kind, _ in summary.usages("en")][-1] == "Extended key usage"
    assert len(summary.usages("vi")) == len(summary.key_usage) + len(summary.extended_key_usage)


def test_pem_der_and_p7b_are_accepted(tmp_path):
    cert = samples.load_certificate("enterprise")
    (tmp_path / "c.der").write_bytes(cert.public_bytes(Encoding.DER))
    bundle = pkcs7.serialize_certificates([cert, samples.load_certificate("vnpt")], Encoding.DER)
    (tmp_path / "c.p7b").write_bytes(bundle)
    assert decode.read_certificates(tmp_path / "c.der") == [cert]
    assert len(decode.read_certificates(tmp_path / "c.p7b")) == 2


@pytest.mark.parametrize("content", [b"", b"broken", b"-----BEGIN CERTIFICATE-----\nAAAA\n"])
def test_a_broken_file_names_itself(tmp_path, content):
    path = tmp_path / "hong.pem"
    path.write_bytes(content)
    with pytest.raises(DataFileError) as caught:
        decode.read_certificates(path)
    assert "hong.pem" in str(caught.value)


def test_der_view_points_at_the_bytes_of_the_tax_code():
    data = samples.load_certificate("enterprise").public_bytes(Encoding.DER)
    row = der.find_text(data, "MST:0199001010")
    assert row.tag_name == "UTF8String"
    assert data[row.offset : row.end] == b"\x0c\x0e" + b"MST:0199001010"
    rows = der.walk(data)
    assert rows[0].offset == 0 and rows[0].end == len(data)
    assert any("UID" in r.meaning for r in rows)


CERT_DER = samples.load_certificate("enterprise").public_bytes(Encoding.DER)


@given(
    st.one_of(
        st.binary(max_size=2000),
        st.integers(0, len(CERT_DER)).map(lambda n: CERT_DER[:n]),
        st.tuples(st.integers(0, len(CERT_DER) - 1), st.integers(0, 255)).map(
            lambda p: CERT_DER[: p[0]] + bytes([p[1]]) + CERT_DER[p[0] + 1 :]
        ),
    )
)
def test_fuzzed_der_raises_only_dvcedu_errors(blob):
    try:
        for cert in decode.parse_certificates(blob, "fuzz"):
            decode.summarize(cert, now=COURSE_DAY).to_text()
    except DvceduError as error:
        assert str(error)
    try:
        der.walk(blob)
    except DvceduError as error:
        assert str(error)


def test_multi_byte_tags_are_walked_like_any_other():
    """A context tag above 30 takes two identifier bytes (X.690 §8.1.2.4): [31] IMPLICIT."""
    rows = der.walk(b"\x30\x05\x9f\x1f\x02\x01\x02")
    assert [(r.tag_name, r.header, r.value) for r in rows] == [
        ("SEQUENCE", b"\x30\x05", b"\x9f\x1f\x02\x01\x02"),
        ("[31]", b"\x9f\x1f\x02", b"\x01\x02"),
    ]


def test_indefinite_length_is_not_der():
    with pytest.raises(DataFileError):
        der.walk(b"\x30\x80\x05\x00\x00\x00")
