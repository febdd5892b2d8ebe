"""The token facade on a real SoftHSM2 token (no fake PKCS#11 anywhere here)."""

from __future__ import annotations

import ctypes.util
import os
import shutil
import subprocess
import sys

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from dvcedu import lab
from dvcedu.errors import (
    AmbiguousObject,
    KeyNotFound,
    ModuleLoadError,
    ModuleNotFound,
    PinIncorrect,
    PinLenRange,
    PinLocked,
    TokenError,
    TokenExists,
    TokenNotPresent,
)
from dvcedu.pki import samples
from dvcedu.token import (
    DEFAULT_LABEL,
    TRAINING_PIN,
    TRAINING_SO_PIN,
    init_token,
    library,
    list_tokens,
    open_token,
    provisioning,
    unlock,
)

from .conftest import requires_softhsm

pytestmark = requires_softhsm


def test_imported_identity_is_on_the_token(training_token):
    with open_token(pin=TRAINING_PIN) as token:
        kinds = sorted(o.kind for o in token.objects())
        cert = token.certificate(id=training_token.key_id)
        key = token.private_key()
        attrs = key.attributes(
            [
                "CKA_SENSITIVE",
                "CKA_EXTRACTABLE",
                "CKA_ALWAYS_SENSITIVE",
                "CKA_NEVER_EXTRACTABLE",
                "CKA_PRIVATE_EXPONENT",
                "CKA_MODULUS",
            ]
        )
    assert kinds == ["certificate", "private key", "public key"]
    assert cert.der == samples.load_certificate("enterprise").public_bytes(
        serialization.Encoding.DER
    )
    assert key.id == cert.id == training_token.key_id
    assert attrs["CKA_SENSITIVE"] is True and attrs["CKA_EXTRACTABLE"] is False
    assert attrs["CKA_PRIVATE_EXPONENT"] is None  # the token refuses: the key never leaves
    assert attrs["CKA_ALWAYS_SENSITIVE"] is False  # it was imported, so it once lived outside
    assert attrs["CKA_NEVER_EXTRACTABLE"] is False
    assert attrs["CKA_MODULUS"] == cert.x509().public_key().public_numbers().n.to_bytes(256, "big")


def test_key_generated_on_token_never_left_it(home):
    made = lab.provision("citizen", generate_on_token=True)
    with open_token(pin=TRAINING_PIN) as token:
        key = token.private_key()
        attrs = key.attributes(["CKA_NEVER_EXTRACTABLE", "CKA_ALWAYS_SENSITIVE"])
        cert = token.certificate(id=made.key_id).x509()
        on_token = token.public_key(id=made.key_id)
    assert attrs == {"CKA_NEVER_EXTRACTABLE": True, "CKA_ALWAYS_SENSITIVE": True}
    assert cert.public_key().public_numbers() == on_token.public_numbers()
    assert cert.subject == samples.load_certificate("citizen").subject


def test_certificates_are_visible_before_login(training_token):
    with open_token() as token:
        assert [c.label for c in token.certificates()] == ["enterprise"]
        with pytest.raises(KeyNotFound):
            token.private_key()  # private objects need the PIN


def test_sign_on_token_verifies_with_the_certificate_and_is_deterministic(training_token):
    data = "Cổng Dịch vụ công Quốc gia".encode()
    with open_token(pin=TRAINING_PIN) as token:
        key = token.private_key()
        first = key.sign(data)
        second = key.sign(data)
    public = samples.load_certificate("enterprise").public_key()
    public.verify(first, data, padding.PKCS1v15(), hashes.SHA256())
    assert first == second and len(first) == 256


def test_signature_verifies_with_openssl(training_token, tmp_path):
    if not shutil.which("openssl"):
        pytest.skip("openssl not installed")
    data = b"challenge bytes"
    with open_token(pin=TRAINING_PIN) as token:
        signature = token.private_key().sign(data)
    (tmp_path / "data").write_bytes(data)
    (tmp_path / "sig").write_bytes(signature)
    (tmp_path / "pub.pem").write_bytes(
        samples.load_certificate("enterprise")
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    done = subprocess.run(
        [
            "openssl",
            "dgst",
            "-sha256",
            "-verify",
            tmp_path / "pub.pem",
            "-signature",
            tmp_path / "sig",
            tmp_path / "data",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and "Verified OK" in done.stdout


def test_pkcs11_tool_sees_what_dvcedu_provisioned(training_token, home):
    tool = shutil.which("pkcs11-tool")
    if not tool:
        pytest.skip("OpenSC's pkcs11-tool not installed (apt-get install opensc)")
    env = dict(os.environ, SOFTHSM2_CONF=str(home / "softhsm2.conf"))
    done = subprocess.run(
        [
            tool,
            "--module",
            str(library.module_path()),
            "--token-label",
            DEFAULT_LABEL,
            "--login",
            "--pin",
            TRAINING_PIN,
            "-O",
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "Certificate Object" in done.stdout and "Private Key Object" in done.stdout
    assert training_token.key_id.hex() in done.stdout


def test_lookups_return_exactly_one_or_raise(training_token):
    with provisioning(DEFAULT_LABEL, TRAINING_PIN) as writer:
        token = writer.session
        with pytest.raises(KeyNotFound):
            token.private_key(id=b"\x99")
        writer.import_private_key(
            samples.identity("citizen").key_pem(), id=b"\x02", label="enterprise"
        )
        with pytest.raises(AmbiguousObject) as caught:
            token.private_key(label="enterprise")
        assert caught.value.count == 2
        assert token.private_key(id=b"\x02").label == "enterprise"
        with pytest.raises(TokenError):
            token.private_key(id=b"\x02").sign(b"x", mechanism="MD5_RSA")


def test_wrong_pins_lock_the_token_until_the_so_unlocks_it(training_token):
    for left in (4, 3, 2, 1):
        with pytest.raises(PinIncorrect) as caught, open_token(pin="00000000"):
            pass
        assert caught.value.tries_left == left
    flags = {f.name: f.simulated for f in list_tokens()[0].flags}
    assert flags.get("CKF_USER_PIN_FINAL_TRY") is True
    with pytest.raises(PinIncorrect) as caught, open_token(pin="00000000"):
        pass
    assert caught.value.tries_left == 0 and caught.value.msg_id == "pin.now_locked_sim"
    with pytest.raises(PinLocked), open_token(pin=TRAINING_PIN):
        pass  # even the right PIN is refused now
    with pytest.raises(PinIncorrect) as caught:
        unlock(so_pin="00000000")
    assert caught.value.msg_id == "pin.so_incorrect"
    info = unlock(so_pin=TRAINING_SO_PIN)
    assert not info.has("CKF_USER_PIN_LOCKED") and info.pin_state.tries_left == 5
    with open_token(pin=TRAINING_PIN) as token:
        assert token.logged_in


def test_a_right_pin_resets_the_count(training_token):
    with pytest.raises(PinIncorrect), open_token(pin="00000000"):
        pass
    with open_token(pin=TRAINING_PIN):
        pass
    with pytest.raises(PinIncorrect) as caught, open_token(pin="00000000"):
        pass
    assert caught.value.tries_left == 4


def test_lockout_survives_another_process(training_token, home):
    script = (
        "from dvcedu.token import open_token\n"
        "from dvcedu.errors import PinIncorrect\n"
        "for _ in range(5):\n"
        "    try:\n"
        "        with open_token(pin='00000000'): pass\n"
        "    except PinIncorrect: pass\n"
    )
    library.unload()
    subprocess.run(
        [sys.executable, "-c", script], check=True, env=dict(os.environ, DVCEDU_HOME=str(home))
    )
    with pytest.raises(PinLocked), open_token(pin=TRAINING_PIN):
        pass


def test_max_tries_is_configurable(home):
    lab.provision("enterprise", max_tries=2)
    with pytest.raises(PinIncorrect) as caught, open_token(pin="00000000"):
        pass
    assert caught.value.tries_left == 1


def test_pin_length_is_checked_without_counting(training_token):
    with pytest.raises(PinLenRange) as caught, open_token(pin="12"):
        pass
    assert caught.value.min == 4
    with pytest.raises(PinLenRange):
        init_token("SHORT", pin="12")


def test_missing_label_names_the_tokens_present(training_token):
    with pytest.raises(TokenNotPresent) as caught, open_token("NO-SUCH-TOKEN"):
        pass
    assert "DVCEDU-TRAINING" in caught.value.message("en")


def test_spare_slot_is_listed_but_never_opened(home):
    tokens = list_tokens()
    assert len(tokens) == 1 and not tokens[0].initialized
    assert tokens[0].has("CKF_SO_PIN_LOCKED")  # SoftHSM2's "not initialised", not locked
    with pytest.raises(TokenNotPresent), open_token(""):
        pass


def test_init_refuses_an_existing_label_unless_forced(training_token):
    with pytest.raises(TokenExists):
        init_token()
    init_token(force=True)
    with open_token(pin=TRAINING_PIN) as token:
        assert token.objects() == []
    with pytest.raises(TokenError):
        init_token("x" * 33)


def test_labels_are_blank_padded_to_32_bytes(home):
    init_token("ĐÀO-TẠO")
    assert [t.label for t in list_tokens() if t.initialized] == ["ĐÀO-TẠO"]


def test_missing_module_file(home):
    with pytest.raises(ModuleNotFound) as caught, open_token(module="/nonexistent.so"):
        pass
    assert "/nonexistent.so" in str(caught.value)


@pytest.mark.parametrize("kind", ["text", "shared library"])
def test_a_file_that_is_not_pkcs11(home, tmp_path, kind, capfd):
    if kind == "text":
        path = tmp_path / "not-a-module.so"
        path.write_text("không phải thư viện\n", encoding="utf-8")
    else:
        found = ctypes.util.find_library("z")
        candidates = [
            p
            for p in ("/lib/x86_64-linux-gnu/libz.so.1", "/usr/lib/libz.so.1")
            if os.path.isfile(p)
        ]
        if not candidates:
            pytest.skip(f"no libz at a known path ({found})")
        path = candidates[0]
    with pytest.raises(ModuleLoadError) as caught, open_token(module=str(path)):
        pass
    assert str(path) in str(caught.value)
    assert capfd.readouterr().err == ""  # the loader's complaint is in the message, not stderr


def _token_says(monkeypatch, *flags: str):
    """The token's own flags, as a hardware token would report them after wrong PINs."""
    from dataclasses import replace

    from dvcedu.token import session as session_module
    from dvcedu.token import slots
    from dvcedu.token.slots import TokenFlag

    real = slots._token_info

    def with_flags(loaded, slot, lockout):
        info = real(loaded, slot, lockout)
        return replace(info, flags=info.flags + tuple(TokenFlag(f) for f in flags))

    monkeypatch.setattr(slots, "_token_info", with_flags)
    monkeypatch.setattr(session_module, "_token_info", with_flags)


def test_a_token_that_counts_for_itself_is_believed(training_token, monkeypatch):
    """TokenLockout: dvcedu counts nothing and reads CKF_USER_PIN_FINAL_TRY / LOCKED."""
    from dvcedu.token import TokenLockout

    with pytest.raises(PinIncorrect) as caught, open_token(pin="00000000", lockout=TokenLockout()):
        pass
    assert caught.value.left is None and caught.value.msg_id == "pin.incorrect_unknown"
    _token_says(monkeypatch, "CKF_USER_PIN_COUNT_LOW", "CKF_USER_PIN_FINAL_TRY")
    with pytest.raises(PinIncorrect) as caught, open_token(pin="00000000", lockout=TokenLockout()):
        pass
    assert caught.value.left == 1
    _token_says(monkeypatch, "CKF_USER_PIN_LOCKED")
    with pytest.raises(PinLocked) as locked, open_token(pin=TRAINING_PIN, lockout=TokenLockout()):
        pass  # refused before C_Login: a locked token is not asked again
    assert locked.value.msg_id == "pin.locked" and "dvcedu token unlock" not in str(locked.value)
    assert list_tokens(lockout=TokenLockout())[0].pin_state is None  # nothing simulated


def test_a_missing_token_names_a_few_tokens_the_course_token_first():
    """A learner's folder holds a token per notebook run: the message names the course's
    token first, at most three in all, and how many more (not thirteen labels)."""
    from dvcedu.token.slots import _a_few

    many = [f"DVCEDU-NB{n:02d}" for n in range(12)] + ["DVCEDU-TRAINING"]
    assert _a_few(many) == (
        "'DVCEDU-TRAINING', 'DVCEDU-NB00', 'DVCEDU-NB01' (+10: dvcedu token list)"
    )
    assert _a_few(["B", "A"]) == "'A', 'B'"
    assert _a_few([]) == "-"
