"""Signing a dossier: PAdES on a real SoftHSM2 token through the plugin, every verdict of the
verifier reached by a file that really fails for that reason, and poppler's pdfsig (NSS) as an
independent second opinion."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import Encoding

from dvcedu.clock import COURSE_DAY, FixedClock
from dvcedu.dossier.form import Dossier, new_dossier
from dvcedu.dossier.sign import sign_pdf
from dvcedu.dossier.verify import verify_pdf
from dvcedu.errors import DataFileError, PinIncorrect
from dvcedu.model import Actor
from dvcedu.pki import samples
from dvcedu.pki.cms import KeySigner, describe
from dvcedu.token import TRAINING_PIN

from . import ec_identity
from .conftest import requires_softhsm

TRUST = samples.training_trust()


def key_signer(name: str) -> KeySigner:
    identity = samples.identity(name)
    key = serialization.load_pem_private_key(identity.key_pem(), None)
    return KeySigner(key, identity.certificate.public_bytes(Encoding.DER))


@pytest.fixture(scope="module")
def form() -> bytes:
    cert = samples.identity("enterprise").certificate
    return new_dossier(Dossier.for_certificate(cert, day=COURSE_DAY.date()))


def signed_by(pdf: bytes, name: str) -> bytes:
    return sign_pdf(pdf, key_signer(name), signing_time=COURSE_DAY, reason="r", location="l")


def only(pdf: bytes):
    found = verify_pdf(pdf, trust=TRUST, at=COURSE_DAY)
    assert len(found.signatures) == 1
    return found, found.signatures[0]


# --- the form --------------------------------------------------------------------------------
def test_the_form_is_a_pdf_with_the_enterprise_details_and_the_same_bytes_each_time(form):
    cert = samples.identity("enterprise").certificate
    again = new_dossier(Dossier.for_certificate(cert, day=COURSE_DAY.date()))
    assert form.startswith(b"%PDF-") and form == again
    other = new_dossier(Dossier.for_certificate(cert, day=COURSE_DAY.date(), request="Khác"))
    assert other != form
    details = Dossier.for_certificate(cert, day=COURSE_DAY.date())
    assert details.number == "0199001010" and details.organisation == "CÔNG TY TNHH ĐÀO TẠO AN BÌNH"
    assert details.holder == "enterprise"
    citizen = Dossier.for_certificate(
        samples.identity("citizen").certificate, day=COURSE_DAY.date()
    )
    assert (citizen.number, citizen.holder) == ("001301012345", "citizen")


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_the_form_names_the_number_by_whose_it_is():
    def text_of(identity: str) -> str:
        cert = samples.identity(identity).certificate
        pdf = new_dossier(Dossier.for_certificate(cert, day=COURSE_DAY.date()))
        done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
        return done.stdout.decode()

    enterprise, citizen = text_of("enterprise"), text_of("citizen")
    assert "Mã số thuế: 0199001010" in enterprise and "CCCD" not in enterprise
    assert "Số định danh cá nhân (CCCD): 001301012345" in citizen
    assert "Mã số thuế" not in citizen


# --- on the token, through the plugin ----------------------------------------------------------
@requires_softhsm
def test_the_plugin_signs_a_pdf_on_the_token_and_the_transcript_shows_the_c_sign(
    training_token, form
):
    from dvcedu.plugin import SigningPlugin

    plugin = SigningPlugin(clock=FixedClock(COURSE_DAY), label=training_token.label)
    choice = plugin.list_certificates()[0]
    result = plugin.sign(form, choice, TRAINING_PIN, format="pdf", origin="dvcedu-test")
    assert result.format == "pdf" and result.signature.startswith(form)  # incremental update
    found, check = only(result.signature)
    assert found.valid and check.ok and check.identifier == "MST:0199001010"
    assert check.signing_time == COURSE_DAY and check.whole_file
    names = [(m.sender, m.receiver, m.name) for m in plugin.transcript.events]
    assert (Actor.PLUGIN, Actor.TOKEN, "C_Login") in names
    assert (Actor.PLUGIN, Actor.TOKEN, "C_Sign") in names
    again = plugin.sign(form, choice, TRAINING_PIN, format="pdf", origin="dvcedu-test")
    assert again.signature == result.signature  # same file, same time: same bytes
    # …in any process, at any hour: no "now" of the computer is written into the file
    assert b"/ModDate (D\\07220260302090000" in result.signature


@requires_softhsm
def test_a_wrong_pin_signs_nothing(training_token, form):
    from dvcedu.plugin import SigningPlugin

    plugin = SigningPlugin(clock=FixedClock(COURSE_DAY), label=training_token.label)
    with pytest.raises(PinIncorrect):
        plugin.sign(
            form, plugin.list_certificates()[0], "000000", format="pdf", origin="dvcedu-test"
        )


def test_a_pdf_signs_in_a_process_that_made_a_cms_first():
    """The signing service registers and logs learners in (dvcedu's own CMS) before anyone
    files a dossier. asn1crypto caches its attribute names at first use; pyHanko signs with
    one (signing_certificate_v2) that only a later import registers — unless it is known from
    the start (dvcedu.pki.cms sees to it)."""
    code = (
        "from cryptography.hazmat.primitives import serialization\n"
        "from dvcedu.clock import COURSE_DAY\n"
        "from dvcedu.pki import cms, samples\n"
        "i = samples.identity('enterprise')\n"
        "signer = cms.KeySigner(serialization.load_pem_private_key(i.key_pem(), None),\n"
        "    i.certificate.public_bytes(serialization.Encoding.DER))\n"
        "cms.sign_detached(b'login', signer, signing_time=COURSE_DAY, origin='x')\n"
        "from dvcedu.dossier.form import Dossier, new_dossier\n"
        "from dvcedu.dossier.sign import sign_pdf\n"
        "pdf = new_dossier(Dossier('A', '0199001010', 'r', 'p', COURSE_DAY.date()))\n"
        "sign_pdf(pdf, signer, signing_time=COURSE_DAY, reason='r', location='l')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-800:]


def test_an_ec_key_signs_with_ecdsa_and_verifies(form):
    signer = KeySigner(ec_identity.key(), ec_identity.certificate_der())
    signed = sign_pdf(form, signer, signing_time=COURSE_DAY, reason="r", location="l")
    _, check = only(signed)
    assert check.ok, check.verdict("en")
    rows = dict(describe(_cms_of(signed)))
    assert rows["signatureAlgorithm"] in ("sha256_ecdsa", "ecdsa")


def _cms_of(pdf: bytes) -> bytes:
    return verify_pdf(pdf, trust=TRUST, at=COURSE_DAY).signatures[-1].cms


# --- every verdict, each by a file that really fails for it --------------------------------------
def test_one_byte_changed_in_either_signed_range_breaks_the_hash(form):
    signed = signed_by(form, "enterprise")
    _, check = only(signed)
    start, first, second, length = check.byte_range
    location = signed.index(b"/Location", second)  # in the signature dictionary, after /Contents
    for at in (form.index(b"/Creator (dvcedu)") + 10, signed.index(b"(", location) + 1):
        assert start <= at < first or second <= at < second + length
        tampered = signed[:at] + bytes([signed[at] ^ 0x01]) + signed[at + 1 :]
        found = verify_pdf(tampered, trust=TRUST, at=COURSE_DAY)
        assert not found.valid
        assert found.signatures[0].problem == "dossier.not_intact"


def test_a_changed_signature_value_is_a_bad_signature(form):
    signed = signed_by(form, "enterprise")
    cms_der = _cms_of(signed)
    signature = cms_der[-256:]  # RSA-2048: the last 256 bytes of the SignerInfo
    hex_at = signed.index(signature.hex().upper().encode()) + 10
    flipped = b"0" if signed[hex_at : hex_at + 1] != b"0" else b"1"
    tampered = signed[:hex_at] + flipped + signed[hex_at + 1 :]
    _, check = only(tampered)
    assert check.intact and not check.valid and check.problem == "dossier.bad_signature"


@pytest.mark.parametrize(
    ("identity", "problem", "why"),
    [
        ("expired", "dossier.untrusted", "EXPIRED"),
        ("not-yet-valid", "dossier.untrusted", "NOT_YET_VALID"),
        ("lookalike", "dossier.untrusted", "NO_CERTIFICATE_CHAIN_FOUND"),
        ("revoked", "dossier.revoked", None),
    ],
)
def test_a_certificate_the_office_cannot_accept_is_named(form, identity, problem, why):
    found, check = only(signed_by(form, identity))
    assert not found.valid
    assert check.intact and check.valid  # the file and the maths are fine; the signer is not
    assert (check.problem, check.why) == (problem, why)
    assert check.verdict("vi") != check.verdict("en")


def test_a_second_signature_keeps_the_first_valid(form):
    twice = signed_by(signed_by(form, "enterprise"), "citizen")
    found = verify_pdf(twice, trust=TRUST, at=COURSE_DAY)
    first, second = found.signatures
    assert found.valid and [first.field, second.field] == ["ChuKySo1", "ChuKySo2"]
    assert not first.whole_file and first.modification == "FORM_FILLING"
    assert second.whole_file and second.identifier == "CCCD:001301012345"


def test_content_added_after_signing_is_refused(form):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed_by(form, "enterprise")))
    stamp = writer.add_object(
        generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 100 Td (DA THANH TOAN) Tj ET")
    )
    writer.add_stream_to_page(0, stamp)
    out = io.BytesIO()
    writer.write(out)
    _, check = only(out.getvalue())
    assert check.intact and check.valid and check.trusted
    assert check.problem == "dossier.modified_after" and check.modification == "OTHER"


def test_no_signature_is_not_valid(form):
    found = verify_pdf(form, trust=TRUST, at=COURSE_DAY)
    assert not found.valid and found.signatures == ()
    assert found.summary("en") == "The file carries no digital signature."


@pytest.mark.parametrize("damage", [b"", b"GIF89a....", b"%PDF-1.4\nnot a pdf", "truncated"])
def test_a_file_that_is_not_a_pdf_is_a_clear_error(form, damage):
    data = signed_by(form, "enterprise")[:3000] if damage == "truncated" else damage
    with pytest.raises(DataFileError) as caught:
        verify_pdf(data, trust=TRUST, at=COURSE_DAY)
    assert caught.value.msg_id == "dossier.not_pdf"
    assert "PDF" in caught.value.message("vi") and "PDF" in caught.value.message("en")


# --- a second opinion: poppler's pdfsig, with NSS ---------------------------------------------
needs_pdfsig = pytest.mark.skipif(
    not (shutil.which("pdfsig") and shutil.which("certutil")),
    reason="poppler-utils and libnss3-tools are not installed",
)


@needs_pdfsig
def test_pdfsig_agrees_valid_and_trusted_then_tampered(form):
    from dvcedu.dossier.poppler import pdfsig

    signed = signed_by(form, "enterprise")
    said = pdfsig(signed, trust=TRUST)
    assert "Signature is Valid." in said and "Certificate is Trusted." in said
    assert "Signing Time: Mar 02 2026 09:00:00" in said  # Hà Nội's time, as the course's
    at = signed.index(b"/Creator (dvcedu)") + 10
    said = pdfsig(signed[:at] + b"X" + signed[at + 1 :], trust=TRUST)
    assert "Signature is Valid." not in said and "Digest Mismatch" in said


@needs_pdfsig
def test_pdfsig_does_not_trust_a_lookalike_root(form):
    from dvcedu.dossier.poppler import pdfsig

    said = pdfsig(signed_by(form, "lookalike"), trust=TRUST)
    assert "Signature is Valid." in said and "Certificate is Trusted." not in said


# --- the terminal ----------------------------------------------------------------------------
@pytest.fixture
def cli(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DVCEDU_PKCS11_MODULE", "PYKCS11LIB", "DVCEDU_LANG", "SOFTHSM2_CONF")
    }
    env["DVCEDU_HOME"] = str(tmp_path / "home")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "dvcedu", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            cwd=tmp_path,
        )

    return run


@requires_softhsm
def test_the_terminal_makes_signs_and_checks_a_dossier(cli, tmp_path):
    assert cli("token", "init").returncode == 0
    made = cli("dossier", "new", "-o", "ho-so.pdf")
    assert made.returncode == 0 and "0199001010" in made.stdout
    wrong = cli("dossier", "sign", "ho-so.pdf", "-o", "ky.pdf", "--pin", "000000")
    assert wrong.returncode == 1 and "Sai mã PIN" in wrong.stderr + wrong.stdout
    assert not (tmp_path / "ky.pdf").exists()  # nothing half-written
    signed = cli("dossier", "sign", "ho-so.pdf", "-o", "ky.pdf", "--lang", "en")
    assert signed.returncode == 0 and "Signed: ky.pdf" in signed.stdout
    again = cli("dossier", "sign", "ho-so.pdf", "-o", "ky.pdf")
    assert again.returncode == 1 and "--force" in again.stderr + again.stdout
    checked = cli("dossier", "verify", "ky.pdf")
    assert checked.returncode == 0 and "Hồ sơ hợp lệ: 1 chữ ký" in checked.stdout
    report = json.loads(cli("dossier", "verify", "ky.pdf", "--json").stdout)
    assert report["valid"] and report["signatures"][0]["identifier"] == "MST:0199001010"
    data = (tmp_path / "ky.pdf").read_bytes()
    at = data.index(b"/Creator (dvcedu)") + 10
    (tmp_path / "sua.pdf").write_bytes(data[:at] + b"X" + data[at + 1 :])
    tampered = cli("dossier", "verify", "sua.pdf", "--json")
    assert tampered.returncode == 1
    assert json.loads(tampered.stdout)["signatures"][0]["problem"] == "dossier.not_intact"
    unsigned = cli("dossier", "verify", "ho-so.pdf", "--lang", "en")
    assert unsigned.returncode == 1 and "no digital signature" in unsigned.stderr


def test_the_terminal_says_when_the_file_is_missing_or_not_a_pdf(cli, tmp_path):
    missing = cli("dossier", "verify", "khong-co.pdf")
    assert missing.returncode == 1 and "Không đọc được tệp" in missing.stderr + missing.stdout
    (tmp_path / "anh.pdf").write_bytes(b"\x89PNG\r\n\x1a\n")
    picture = cli("dossier", "verify", "anh.pdf", "--lang", "en")
    assert picture.returncode == 1 and "not a readable PDF" in picture.stderr + picture.stdout
    assert "Traceback" not in picture.stderr


def test_the_byte_range_picture_says_when_it_is_not_to_scale():
    from dvcedu.viz.dossier import draw_byte_range

    small_tail = draw_byte_range(47868, (0, 35515, 46971, 897))
    even = draw_byte_range(3000, (0, 1000, 2000, 1000))
    assert small_tail.png().startswith(b"\x89PNG")
    assert "46971" in small_tail.alt and "47868" in small_tail.alt
    texts = [t.get_text() for t in small_tail.figure.texts]
    assert any("không theo tỉ lệ" in t for t in texts)
    assert not any("không theo tỉ lệ" in t.get_text() for t in even.figure.texts)


def test_the_byte_strip_groups_thousands_as_each_language_does():
    from dvcedu.viz.dossier import draw_byte_range

    for lang, size, hole in (("vi", "47.868", "11.456"), ("en", "47,868", "11,456")):
        picture = draw_byte_range(47868, (0, 35515, 46971, 897), lang=lang)
        caption = " ".join(text.get_text() for text in picture.figure.texts)
        assert size in caption and hole in caption, caption


def test_a_byte_changed_in_the_first_signatures_range_breaks_the_second_too(form):
    """Notebook 10's transfer question (10.edit-after-second): the second signature covers
    the whole file but its own hole, so the first one's bytes are under both."""
    from dvcedu.exercises import EXERCISES

    twice = signed_by(signed_by(form, "enterprise"), "citizen")
    at = form.index(b"/Creator (dvcedu)") + 10
    assert at < verify_pdf(twice, trust=TRUST, at=COURSE_DAY).signatures[0].byte_range[1]
    tampered = twice[:at] + bytes([twice[at] ^ 0x01]) + twice[at + 1 :]
    first, second = verify_pdf(tampered, trust=TRUST, at=COURSE_DAY).signatures
    assert first.problem == second.problem == "dossier.not_intact"
    assert EXERCISES["10.edit-after-second"].accepts("có" if second.intact else "không")
