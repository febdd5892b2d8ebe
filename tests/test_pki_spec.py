"""The training-PKI file is read strictly: a typo never silently changes a certificate."""

from pathlib import Path

import pytest

from dvcedu.errors import ConfigError
from dvcedu.pki.samples import spec_path
from dvcedu.pki.spec import load_spec

BASE = """
[ca.root]
purpose = "gốc"
purpose-en = "root"
subject = { C = "VN", CN = "Gốc ĐÀO TẠO" }
valid-from = 2020-01-01
valid-to = 2040-01-01

[subscriber.a]
purpose = "a"
purpose-en = "a"
issuer = "root"
subject = { C = "VN", CN = "A ĐÀO TẠO", UID = "MST:0199001010" }
valid-from = 2025-01-01
valid-to = 2036-01-01
key-usage = ["digital_signature"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pki.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_course_file_loads_with_every_required_variant():
    spec = load_spec(spec_path())
    labels = set(spec.labels)
    assert {
        "root",
        "vnpt",
        "viettel",
        "fpt",
        "enterprise",
        "enterprise-renewed",
        "branch",
        "citizen",
        "expired",
        "revoked",
        "lookalike",
        "no-digsig",
        "legacy",
    } <= labels
    assert spec["root"].self_signed and spec["root"].key_size == 4096
    assert spec["fake-vnpt"].self_signed
    assert spec["fake-vnpt"].subject == spec["vnpt"].subject  # the look-alike copies the name
    renewed, original = spec["enterprise-renewed"], spec["enterprise"]
    assert renewed.subject == original.subject and renewed.key != original.key
    assert spec["revoked"].revoked.reason == "key_compromise"
    assert spec["enterprise-renewed"].revoked is None
    assert spec["legacy"].hash == "sha1" and spec["legacy"].key_size == 1024
    assert [c.kind for c in spec.certs] == sorted(
        (c.kind for c in spec.certs), key=lambda k: k != "ca"
    )


def test_template_merges_the_subject_key_by_key(tmp_path):
    spec = load_spec(
        write(
            tmp_path,
            BASE
            + """
[subscriber.b]
purpose = "b"
purpose-en = "b"
template = "a"
subject = { UID = "MST:0199002021" }
""",
        )
    )
    assert spec["b"].subject_value("CN") == "A ĐÀO TẠO"
    assert spec["b"].subject_value("UID") == "MST:0199002021"
    assert spec["b"].key == "b"


@pytest.mark.parametrize(
    ("extra", "phrase"),
    [
        (
            '\n[subscriber.b]\npurpose="b"\npurpose-en="b"\ntemplate="a"\nvalid-form=2020-01-01\n',
            "valid-form",
        ),
        ('\n[subscriber.b]\npurpose="b"\npurpose-en="b"\ntemplate="nobody"\n', "nobody"),
        ('\n[subscriber.b]\npurpose="b"\npurpose-en="b"\ntemplate="a"\nissuer="a"\n', "'a'"),
        (
            '\n[subscriber.b]\npurpose="b"\npurpose-en="b"\ntemplate="a"\nkey-usage=["sign"]\n',
            "sign",
        ),
        (
            '\n[subscriber.b]\npurpose="b"\npurpose-en="b"\ntemplate="a"\n'
            'revoked={date=2025-01-01, reason="lost"}\n',
            "revoked",
        ),
        (
            '\n[subscriber.b]\npurpose="b"\npurpose-en="b"\ntemplate="a"\nvalid-to=2000-01-01\n',
            "valid-to",
        ),
        ('\n[subscriber.b]\npurpose="b"\npurpose-en="b"\n', "required key"),
        ("\n[other.x]\n", "other"),
    ],
)
def test_mistakes_are_named(tmp_path, extra, phrase):
    with pytest.raises(ConfigError) as caught:
        load_spec(write(tmp_path, BASE + extra))
    assert phrase in caught.value.message("en")
    assert "pki.toml" in caught.value.message("en")


def test_broken_toml_names_the_file(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load_spec(write(tmp_path, "[ca.root\n"))
    assert "pki.toml" in str(caught.value)


def test_a_subject_attribute_longer_than_x509_allows_is_named_before_any_key_is_made(tmp_path):
    long_name = "CÔNG TY " + "RẤT " * 15 + "DÀI"
    with pytest.raises(ConfigError) as caught:
        load_spec(write(tmp_path, BASE.replace('CN = "A ĐÀO TẠO"', f'CN = "{long_name}"')))
    assert "subscriber.a" in str(caught.value) and "CN: 1 to 64" in str(caught.value)


def test_the_course_trusts_two_national_roots_with_a_per_model_ca_under_the_new_one():
    spec = load_spec(spec_path())
    assert spec["root-2025"].self_signed and spec["root-2025"].key_size == 4096
    assert spec["vnpt-token-2025"].issuer == "root-2025"
    assert spec["enterprise-2026"].issuer == "vnpt-token-2025"
    assert spec["enterprise-2026"].subject_value("ST") == "Thành phố Hồ Chí Minh"
