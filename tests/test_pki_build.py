"""The committed training PKI is what the TOML says, and has the Vietnamese shape."""

import shutil
import subprocess
from datetime import UTC, datetime

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from dvcedu.clock import COURSE_DAY
from dvcedu.pki import build, samples

W = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def mst_ok(code: str) -> bool:
    check = 10 - sum(int(d) * w for d, w in zip(code[:9], W, strict=True)) % 11
    return check < 10 and check == int(code[9])


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    out = tmp_path_factory.mktemp("pki")
    shutil.copytree(samples.sample_dir() / "keys", out / "keys")
    build.write(build.build(samples.training_spec(), out / "keys"), out)
    return out


def test_committed_files_match_the_toml_byte_for_byte(rebuilt):
    for entry in samples.manifest()["files"]:
        committed = (samples.sample_dir() / entry["file"]).read_bytes()
        assert (rebuilt / entry["file"]).read_bytes() == committed, entry["file"]
    assert (rebuilt / "manifest.json").read_text() == (
        samples.sample_dir() / "manifest.json"
    ).read_text()


def test_every_certificate_says_training_and_has_a_vietnamese_serial():
    for label in samples.training_spec().labels:
        cert = samples.load_certificate(label)
        subject = cert.subject.rfc4514_string() + cert.issuer.rfc4514_string()
        assert "ĐÀO TẠO" in subject, label
        assert cert.serial_number.to_bytes(16, "big")[0] == 0x54


def test_identifiers_are_fictional_with_valid_check_digits():
    for spec in samples.training_spec().subscribers():
        uid = spec.subject_value("UID")
        prefix, value = uid.split(":")
        if prefix == "MST":
            assert value.startswith(("0199", "0399")) and mst_ok(value[:10]), uid
        else:
            assert prefix == "CCCD" and len(value) == 12 and value.isdigit()


VALID_BY_DESIGN = (
    "root",
    "root-2025",
    "vnpt",
    "vnpt-token-2025",
    "vnpt-rs-2025",
    "vnpt-mobile-2025",
    "timestamp-2025",
    "viettel",
    "fpt",
    "enterprise",
    "enterprise-renewed",
    "enterprise-2026",
    "enterprise-b",
    "branch",
    "citizen",
)


@pytest.mark.parametrize("label", VALID_BY_DESIGN)
def test_valid_by_design_certificates_last_through_2035(label):
    cert = samples.load_certificate(label)
    assert cert.not_valid_before_utc <= COURSE_DAY
    assert cert.not_valid_after_utc >= datetime(2035, 12, 31, 23, 59, tzinfo=UTC)


def test_subscriber_profile_matches_real_vietnamese_certificates():
    cert = samples.load_certificate("enterprise")
    ku = cert.extensions.get_extension_for_class(x509.KeyUsage)
    assert ku.critical and ku.value.digital_signature and ku.value.content_commitment
    eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert ExtendedKeyUsageOID.CLIENT_AUTH in eku
    assert x509.ObjectIdentifier("1.3.6.1.4.1.311.10.3.12") in eku
    assert cert.subject.get_attributes_for_oid(NameOID.USER_ID)[0].value == "MST:0199001010"
    assert cert.public_key().key_size == 2048
    vnpt = samples.load_certificate("vnpt")
    assert vnpt.extensions.get_extension_for_class(x509.BasicConstraints).value.path_length == 0
    no_eku = samples.load_certificate("enterprise-b")
    with pytest.raises(x509.ExtensionNotFound):
        no_eku.extensions.get_extension_for_class(x509.ExtendedKeyUsage)


def test_revoked_certificate_is_on_its_ca_crl():
    crl = samples.load_crl("viettel")
    revoked = crl.get_revoked_certificate_by_serial_number(
        samples.load_certificate("revoked").serial_number
    )
    assert revoked is not None
    assert revoked.revocation_date_utc == datetime(2025, 9, 15, tzinfo=UTC)
    assert crl.is_signature_valid(samples.load_certificate("viettel").public_key())


def test_legacy_certificate_is_sha1_rsa1024():
    cert = samples.load_certificate("legacy")
    assert cert.signature_algorithm_oid.dotted_string == "1.2.840.113549.1.1.5"
    assert cert.public_key().key_size == 1024


def test_openssl_accepts_the_chain_and_refuses_the_lookalike(tmp_path):
    if not shutil.which("openssl"):
        pytest.skip("openssl not installed")

    def pem(label):
        path = tmp_path / f"{label}.pem"
        path.write_bytes(samples.load_certificate(label).public_bytes(serialization.Encoding.PEM))
        return str(path)

    ok = subprocess.run(
        [
            "openssl",
            "verify",
            "-attime",
            "1772438400",
            "-CAfile",
            pem("root"),
            "-untrusted",
            pem("vnpt"),
            pem("enterprise"),
        ],
        capture_output=True,
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = subprocess.run(
        [
            "openssl",
            "verify",
            "-attime",
            "1772438400",
            "-CAfile",
            pem("root"),
            "-untrusted",
            pem("vnpt"),
            pem("lookalike"),
        ],
        capture_output=True,
    )
    assert bad.returncode != 0


def test_the_new_root_issues_one_ca_per_service_model():
    """As NEAC's root of 25 Nov 2025 did: a certificate each for the USB-token CA, remote
    signing, mobile signing and timestamping, all under root-2025, all valid on the course
    day with the course's trust; the 2014-style root issues none of them."""
    from dvcedu.clock import COURSE_DAY
    from dvcedu.pki.verify import Purpose, verify_certificate

    trust = samples.training_trust()
    models = ("vnpt-token-2025", "vnpt-rs-2025", "vnpt-mobile-2025", "timestamp-2025")
    root_2025, old_root = samples.load_certificate("root-2025"), samples.load_certificate("root")
    for label in models:
        cert = samples.load_certificate(label)
        chain = verify_certificate(
            cert,
            trust_roots=trust.roots,
            intermediates=trust.intermediates,
            at=COURSE_DAY,
            purpose=Purpose.ANY,
        ).chain
        assert chain[-1] == root_2025 and old_root not in chain, label
    names = [samples.load_certificate(m).subject.rfc4514_string() for m in models]
    assert len(set(names)) == 4
