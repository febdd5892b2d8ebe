"""Each rule that `dvcedu cert show` cites passes a certificate that keeps it and fails one that
breaks it, and names its source with the tag the course allows that source."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime

import pytest
from cryptography import x509

from dvcedu import i18n
from dvcedu.clock import COURSE_DAY
from dvcedu.pki import decode, rules, samples
from dvcedu.pki.rules import Outcome, Tag


def outcomes(cert, at=COURSE_DAY):
    return {r.rule: r.outcome for r in rules.check(cert, at=at)}


def test_the_training_enterprise_keeps_every_rule():
    assert set(outcomes(samples.load_certificate("enterprise")).values()) == {Outcome.PASS}


def test_a_short_rsa_key_breaks_circular_15s_key_size():
    assert outcomes(samples.load_certificate("legacy"))["key_size"] is Outcome.FAIL


def test_an_expired_certificate_breaks_the_check_before_signing():
    assert outcomes(samples.load_certificate("expired"))["valid_at"] is Outcome.FAIL
    assert (
        outcomes(samples.load_certificate("enterprise"), at=datetime(2040, 1, 1, tzinfo=UTC))[
            "valid_at"
        ]
        is Outcome.FAIL
    )


def test_a_ca_has_no_subscriber_identifier_to_check(realworld):
    (ca,) = decode.read_certificates(realworld / "viettel-ca-rs.pem")
    found = outcomes(ca)
    assert found["identifier"] is found["uid_prefix"] is Outcome.NOT_APPLICABLE


def test_a_malformed_mst_breaks_the_prefix_convention_not_the_identifier_rule(realworld):
    (cert,) = decode.read_certificates(realworld / "ee-org-fpt-ca-test-mst-12345678.pem")
    found = outcomes(cert)
    assert found["identifier"] is Outcome.PASS and found["uid_prefix"] is Outcome.FAIL


def test_a_subscriber_with_no_identifier_breaks_decree_23s_content_rule():
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "KHÔNG CÓ ĐỊNH DANH")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(datetime(2026, 1, 1, tzinfo=UTC))
        .not_valid_after(datetime(2027, 1, 1, tzinfo=UTC))
        .sign(key, hashes.SHA256())
    )
    found = outcomes(cert)
    assert found["identifier"] is Outcome.FAIL and found["key_size"] is Outcome.PASS


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_a_version_1_certificate_breaks_circular_28s_profile(tmp_path):
    """openssl signs a request without extensions as X.509 v1 (cryptography only writes v3)."""
    key, csr, crt = (tmp_path / n for n in ("k.pem", "r.csr", "c.pem"))
    subprocess.run(
        [
            "openssl",
            "req",
            "-new",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            key,
            "-subj",
            "/CN=V1",
            "-out",
            csr,
        ],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        ["openssl", "x509", "-req", "-in", csr, "-signkey", key, "-days", "3650", "-out", crt],
        check=True,
        capture_output=True,
    )
    (cert,) = decode.read_certificates(crt)
    assert cert.version is x509.Version.v1
    assert outcomes(cert)["x509_v3"] is Outcome.FAIL


def test_each_rule_names_its_source_with_the_tag_the_course_allows():
    by_rule = {
        r.rule: r for r in rules.check(samples.load_certificate("enterprise"), at=COURSE_DAY)
    }
    assert by_rule["x509_v3"].tag is Tag.CONFIRMED  # Circular 28/2025: four outlets agree
    assert by_rule["key_size"].tag is by_rule["valid_at"].tag is Tag.SECONDARY  # Circular 15
    assert by_rule["uid_prefix"].tag is Tag.UNCONFIRMED  # Circular 28's annex not read
    for result in by_rule.values():
        check, outcome, source, tag = result.row("vi")
        assert check and outcome == "đạt" and tag in ("xác nhận", "thứ cấp", "chưa xác nhận")
        assert any(text in source for text in ("Thông tư", "Nghị định", "quy ước")), source
        assert result.to_json()["source"] == i18n.t(f"rule.{result.rule}.source", "en")
