"""The verification matrix: every sample variant gets its reason; real certificates too."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dvcedu.clock import COURSE_DAY
from dvcedu.errors import RejectReason, VerificationError
from dvcedu.pki import decode, samples
from dvcedu.pki.revocation import CertStatus, check_revocation
from dvcedu.pki.verify import Purpose, verify_certificate

END_OF_2035 = datetime(2035, 12, 31, 12, tzinfo=UTC)
TODAY = datetime(2026, 11, 26, 12, tzinfo=UTC)

EXPECTED = {
    "enterprise": None,
    "enterprise-renewed": None,
    "enterprise-b": None,
    "branch": None,
    "citizen": None,
    "expired": RejectReason.CERT_EXPIRED,
    "revoked": RejectReason.CERT_REVOKED,
    "not-yet-valid": RejectReason.CERT_NOT_YET_VALID,
    "lookalike": RejectReason.LOOKALIKE_ISSUER,
    "no-digsig": RejectReason.KEY_USAGE_MISSING,
    "legacy": RejectReason.LEGACY_ALGORITHM,
    "vnpt": RejectReason.CA_AS_LEAF,
    "fake-vnpt": RejectReason.CA_AS_LEAF,
}


@pytest.mark.parametrize("at", [COURSE_DAY, TODAY, END_OF_2035], ids=["course", "today", "2035"])
@pytest.mark.parametrize(("label", "reason"), EXPECTED.items())
def test_matrix(label, reason, at):
    trust = samples.training_trust()
    cert = samples.load_certificate(label)
    if reason is None:
        result = trust.verify(cert, at=at, require_revocation=True)
        assert result.leaf == cert and result.root == trust.roots[0]
        assert len(result.chain) == 3 and result.revocation.status is CertStatus.GOOD
    else:
        with pytest.raises(VerificationError) as caught:
            trust.verify(cert, at=at, require_revocation=True)
        assert caught.value.reason is reason
        assert caught.value.message("vi") and caught.value.message("en")


def test_revocation_by_crl_and_by_ocsp_agree():
    trust = samples.training_trust()
    revoked = samples.load_certificate("revoked")
    viettel = samples.load_certificate("viettel")
    by_crl = check_revocation(revoked, viettel, at=COURSE_DAY, crls=trust.crls)
    by_ocsp = check_revocation(revoked, viettel, at=COURSE_DAY, ocsp_responder=trust.ocsp)
    assert (by_crl.source, by_ocsp.source) == ("crl", "ocsp")
    assert by_crl.status is by_ocsp.status is CertStatus.REVOKED
    assert by_crl.revoked_at == by_ocsp.revoked_at == datetime(2025, 9, 15, tzinfo=UTC)
    assert by_crl.reason == by_ocsp.reason == "key_compromise"
    good = check_revocation(
        samples.load_certificate("enterprise-b"), viettel, at=COURSE_DAY, ocsp_responder=trust.ocsp
    )
    assert good.status is CertStatus.GOOD


def test_before_its_revocation_date_a_certificate_is_good():
    trust = samples.training_trust()
    result = trust.verify(
        samples.load_certificate("revoked"), at=datetime(2025, 9, 1, tzinfo=UTC), use_crls=False
    )
    assert result.revocation.status is CertStatus.GOOD


def test_a_crl_that_is_not_fresh_says_nothing():
    trust = samples.training_trust()
    stale_at = datetime(2036, 2, 1, tzinfo=UTC)  # after the CRL's nextUpdate
    status = check_revocation(
        samples.load_certificate("enterprise-renewed"),
        samples.load_certificate("vnpt"),
        at=stale_at,
        crls=trust.crls,
    )
    assert status.status is CertStatus.UNKNOWN


def test_a_crl_signed_by_another_key_is_ignored():
    trust = samples.training_trust()
    viettel_crl = samples.load_crl("viettel")
    status = check_revocation(
        samples.load_certificate("revoked"),
        samples.load_certificate("vnpt"),
        at=COURSE_DAY,
        crls=[viettel_crl],
    )
    assert status.status is CertStatus.UNKNOWN
    del trust


def test_unknown_revocation_fails_only_when_required():
    cert = samples.load_certificate("enterprise")
    trust = samples.training_trust()
    kwargs = dict(trust_roots=trust.roots, intermediates=trust.intermediates, at=COURSE_DAY)
    assert verify_certificate(cert, **kwargs).revocation.status is CertStatus.UNKNOWN
    with pytest.raises(VerificationError) as caught:
        verify_certificate(cert, require_revocation=True, **kwargs)
    assert caught.value.reason is RejectReason.REVOCATION_UNKNOWN


def test_missing_intermediate_means_untrusted():
    trust = samples.training_trust()
    with pytest.raises(VerificationError) as caught:
        verify_certificate(
            samples.load_certificate("enterprise"), trust_roots=trust.roots, at=COURSE_DAY
        )
    assert caught.value.reason is RejectReason.UNTRUSTED_ROOT


# --- real Vietnamese certificates ------------------------------------------------------------
def _real(realworld, name):
    return decode.read_certificates(realworld / name)[0]


def _middle(cert):
    return cert.not_valid_before_utc + (cert.not_valid_after_utc - cert.not_valid_before_utc) / 2


REAL_SUBCAS = ["vnpt-ca-sha2.pem", "vnpt-smartca-rs.pem", "viettel-ca-rs.pem", "fastca-sha256.pem"]


@pytest.mark.parametrize("name", REAL_SUBCAS + ["ee-org-viettel-ca-rs-mst-0107074780.pem"])
def test_real_certificates_verify_to_the_national_root_inside_their_validity(realworld, name):
    root = _real(realworld, "vietnam-national-root-ca-sha256.pem")
    subcas = [_real(realworld, n) for n in REAL_SUBCAS]
    cert = _real(realworld, name)
    result = verify_certificate(
        cert, trust_roots=[root], intermediates=subcas, at=_middle(cert), purpose=Purpose.ANY
    )
    assert result.root == root
    assert result.revocation.status is CertStatus.UNKNOWN  # offline: reported, not a failure
    with pytest.raises(VerificationError) as caught:
        verify_certificate(
            cert,
            trust_roots=[root],
            intermediates=subcas,
            at=cert.not_valid_after_utc.replace(year=cert.not_valid_after_utc.year + 1),
            purpose=Purpose.ANY,
        )
    assert caught.value.reason is RejectReason.CERT_EXPIRED
    with pytest.raises(VerificationError) as caught:
        verify_certificate(
            cert,
            trust_roots=samples.training_trust().roots,
            intermediates=subcas,
            at=_middle(cert),
            purpose=Purpose.ANY,
        )
    assert caught.value.reason is RejectReason.UNTRUSTED_ROOT


def test_real_sha1_era_certificates_are_legacy(realworld):
    for name in ("ee-org-bkavca-mst-0303114366.pem", "ee-org-vnpt-ca-bkav-jsc-mst-0101360697.pem"):
        cert = _real(realworld, name)
        with pytest.raises(VerificationError) as caught:
            verify_certificate(cert, trust_roots=[], at=_middle(cert))
        assert caught.value.reason is RejectReason.LEGACY_ALGORITHM


def test_every_reject_reason_has_a_message_in_both_languages():
    from dvcedu import i18n

    for reason in RejectReason:
        vi, en = i18n.MESSAGES[f"reject.{reason.value}"]
        assert vi and en


# --- a path found once is re-checked at another instant, never reused blindly -------------------
def _short_lived_intermediate():
    """A root (2020–2040), an intermediate valid only in the first half of 2026, and a leaf
    that starts before it (2025-06) and outlives it (to 2027): at 2025-12 and at 2026-09 the
    leaf is in its window, its issuer is not."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    def cert(name, key, issuer_name, issuer_key, start, end, ca, depth=0):
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
            .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer_name)]))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(end)
            .add_extension(
                x509.BasicConstraints(ca=ca, path_length=depth if ca else None), critical=True
            )
            .add_extension(
                x509.KeyUsage(
                    digital_signature=not ca,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=ca,
                    crl_sign=ca,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
            )
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
                critical=False,
            )
        )
        return builder.sign(issuer_key, hashes.SHA256())

    def at(year, month):
        return datetime(year, month, 1, tzinfo=UTC)

    root_key, middle_key, leaf_key = (ec.generate_private_key(ec.SECP256R1()) for _ in range(3))
    root = cert(
        "Test Root", root_key, "Test Root", root_key, at(2020, 1), at(2040, 1), True, depth=1
    )
    middle = cert(
        "Test CA 2026H1", middle_key, "Test Root", root_key, at(2026, 1), at(2026, 7), True
    )
    leaf = cert(
        "Test Leaf", leaf_key, "Test CA 2026H1", middle_key, at(2025, 6), at(2027, 12), False
    )
    return root, middle, leaf


def _reason_at(leaf, root, middle, when):
    try:
        verify_certificate(leaf, trust_roots=[root], intermediates=[middle], at=when)
    except VerificationError as error:
        return error.reason
    return None


def test_a_path_kept_from_one_instant_is_not_reused_where_a_certificate_on_it_expired():
    from dvcedu.pki import verify

    root, middle, leaf = _short_lived_intermediate()
    inside, after = datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 9, 1, tzinfo=UTC)
    warm = [_reason_at(leaf, root, middle, when) for when in (inside, after, inside)]
    cold = []
    for when in (inside, after, inside):
        verify._PATHS.clear()
        cold.append(_reason_at(leaf, root, middle, when))
    assert warm == cold
    assert warm[0] is None and warm[2] is None
    assert warm[1] is RejectReason.CERT_EXPIRED  # no valid path at 2026-09: its CA expired


def test_a_leaf_under_an_expired_ca_is_told_that_its_ca_expired_not_that_it_is_untrusted():
    """The path exists (names and signatures) but its CA is out of its window: the learner
    must read "your CA expired on ...", a rollover, not "not issued by a trusted CA"; a CA
    not yet valid likewise; with the CA in its window, or with an unknown CA, as before."""
    root, middle, leaf = _short_lived_intermediate()
    for when, reason, msg_id in [
        (datetime(2026, 9, 1, tzinfo=UTC), RejectReason.CERT_EXPIRED, "reject.issuer_expired"),
        (
            datetime(2025, 12, 1, tzinfo=UTC),
            RejectReason.CERT_NOT_YET_VALID,
            "reject.issuer_not_yet_valid",
        ),
    ]:
        with pytest.raises(VerificationError) as caught:
            verify_certificate(leaf, trust_roots=[root], intermediates=[middle], at=when)
        assert caught.value.reason is reason and caught.value.msg_id == msg_id
        assert "Test CA 2026H1" in caught.value.message("vi")
        assert "Test CA 2026H1" in caught.value.message("en")
    assert _reason_at(leaf, root, middle, datetime(2026, 3, 1, tzinfo=UTC)) is None
    other_root, _, _ = _short_lived_intermediate()
    assert (
        _reason_at(leaf, other_root, middle, datetime(2026, 9, 1, tzinfo=UTC))
        is RejectReason.UNTRUSTED_ROOT
    )  # its CA expired, but under no root we trust


def test_a_path_kept_for_one_set_of_anchors_is_not_used_for_another():
    root, middle, leaf = _short_lived_intermediate()
    other_root, _, _ = _short_lived_intermediate()
    when = datetime(2026, 3, 1, tzinfo=UTC)
    assert _reason_at(leaf, root, middle, when) is None
    assert _reason_at(leaf, other_root, middle, when) is RejectReason.UNTRUSTED_ROOT


# --- the real certificates shipped for notebook 08's path without hardware ---------------------
SHIPPED = [
    "vietnam-national-root-ca-sha256.pem",
    "viettel-ca-rs.pem",
    "vnpt-smartca-rs.pem",
    "ee-org-viettel-ca-rs-mst-0107074780.pem",
]


def test_the_shipped_real_certificates_are_the_test_vectors_and_say_what_notebook_08_says(
    realworld,
):
    """data/realworld (in the package) holds the test vectors' exact bytes; with the 2014
    root the company chains through Viettel-CA RS on both days of the lesson, and VNPT SmartCA
    RS is valid on the course day and expired on 1 Dec 2026."""
    import hashlib

    from cryptography.hazmat.primitives.serialization import Encoding

    from dvcedu.clock import ICT
    from dvcedu.paths import data_dir

    shipped = data_dir() / "realworld"
    for name in SHIPPED:
        assert (shipped / name).read_bytes() == (realworld / name).read_bytes(), name
    (root,), (viettel,), (smartca,), (company,) = (
        decode.read_certificates(shipped / name) for name in SHIPPED
    )
    assert hashlib.sha256(root.public_bytes(Encoding.DER)).hexdigest().startswith("bac8bf60")
    after = datetime(2026, 12, 1, 9, 0, tzinfo=ICT)

    def reason(cert, at):
        try:
            verify_certificate(
                cert,
                trust_roots=[root],
                intermediates=[viettel, smartca],
                at=at,
                purpose=Purpose.ANY,
            )
        except VerificationError as error:
            return error.reason
        return None

    assert [reason(c, COURSE_DAY) for c in (root, viettel, smartca, company)] == [None] * 4
    assert [reason(c, after) for c in (root, viettel, smartca, company)] == [
        None,
        None,
        RejectReason.CERT_EXPIRED,
        None,
    ]
