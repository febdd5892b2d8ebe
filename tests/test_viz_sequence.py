"""The data behind the exchange pictures matches the Transcript (data, not pixels)."""

import pytest

pytest.importorskip("matplotlib")

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from dvcedu.model import Actor, Transcript
from dvcedu.pki import samples
from dvcedu.viz.bytes import byte_rows
from dvcedu.viz.sequence import draw_sequence, layout
from dvcedu.viz.signature import SHA256_DIGEST_INFO, anatomy


def transcript() -> Transcript:
    tr = Transcript()
    tr.seed_step = "2.1"
    tr.record(Actor.PAGE, Actor.PLUGIN, "checkPlugin", {"functionID": 7})
    tr.record(Actor.PLUGIN, Actor.TOKEN, "C_GetTokenInfo", {"label": "X"})
    tr.seed_step = "2.3"
    tr.record(
        Actor.TOKEN,
        Actor.PLUGIN,
        "CKR_PIN_INCORRECT",
        b"",
        ok=False,
        note=("sai mã PIN", "wrong PIN"),
    )
    return tr


def test_layout_follows_the_transcript():
    plan = layout(transcript(), highlight=3)
    assert plan.actors == (Actor.PAGE, Actor.PLUGIN, Actor.TOKEN)
    assert [(a.step, a.start, a.end, a.ok, a.highlighted) for a in plan.arrows] == [
        (1, 0, 1, True, False),
        (2, 1, 2, True, False),
        (3, 2, 1, False, True),
    ]
    assert plan.arrows[0].label == "checkPlugin (16 B)"
    assert plan.bands == (("2.1", 0, 1), ("2.3", 2, 2))
    assert plan.arrows[2].note == "sai mã PIN"
    assert layout(transcript(), lang="en").arrows[2].note == "wrong PIN"
    picture = draw_sequence(transcript(), highlight=3, notes=True)
    texts = [t.get_text() for t in picture.figure.axes[0].texts]
    assert picture.alt.startswith("Sơ đồ tuần tự: 3 thông điệp") and "1 thất bại" in picture.alt
    assert "sai mã PIN" in texts and "3. CKR_PIN_INCORRECT" in texts


def test_signature_anatomy_shows_the_padding_and_the_hash():
    key = serialization.load_pem_private_key(samples.identity("enterprise").key_pem(), None)
    data = "Cổng DVCQG".encode()
    signature = key.sign(data, padding.PKCS1v15(), hashes.SHA256())
    result = anatomy(signature, key.public_key(), data)
    names = [p.label("en") for p in result.parts]
    assert names[0] == "block start" and names[-1] == "SHA-256 hash"
    assert result.parts[0].data == b"\x00\x01" and set(result.parts[1].data) == {0xFF}
    assert result.parts[3].data == SHA256_DIGEST_INFO and result.matches
    assert sum(len(p.data) for p in result.parts) == 256
    assert not anatomy(signature, key.public_key(), data + b"!").matches


def test_byte_rows_for_der_json_and_raw():
    cert_der = samples.load_certificate("enterprise").public_bytes(serialization.Encoding.DER)
    assert byte_rows(cert_der)[0][2] == "SEQUENCE"
    rows = byte_rows(b'{"a":1,"nonce":"ff"}')
    assert rows[1][0] == "7" and rows[1][2] == 'nonce = "ff"'
    assert byte_rows(b"\x00\x01abc")[0] == ("0", "00 01 61 62 63", "..abc")


def test_a_long_note_is_cut_between_words_and_says_so():
    from dvcedu.model import Transcript

    note = (
        "DigestInfo băm SHA256 trên máy tính, đưa vào token để ký (CKM_RSA_PKCS): token "
        "không có CKM_SHA256_RSA_PKCS"
    )
    tr = Transcript()
    tr.record(Actor.PLUGIN, Actor.TOKEN, "C_Sign", b"x" * 51, note=(note, note))
    texts = [t.get_text() for t in draw_sequence(tr, notes=True).figure.axes[0].texts]
    shown = next(t for t in texts if t.startswith("DigestInfo"))
    assert shown.endswith(" …") and len(shown) <= 70
    assert note.startswith(shown[:-2])
    assert shown[:-2].split()[-1] in note.split()  # the last word shown is a whole word
