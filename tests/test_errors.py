import re

from dvcedu import errors
from dvcedu.errors import DvceduError, PinIncorrect, RejectReason, VerificationError


def test_the_tree_in_the_docstring_is_the_real_tree():
    tree = errors.__doc__.split("The tree::")[1]
    stack: list[type] = []
    documented = []
    for line in tree.splitlines():
        match = re.match(r"^([ │├└─]*)([A-Z]\w+)", line)
        if not match:
            continue
        depth = (len(match.group(1)) - 4) // 4
        cls = getattr(errors, match.group(2))
        del stack[depth:]
        if stack:
            assert cls.__mro__[1] is stack[-1], f"{cls.__name__} should derive from {stack[-1]}"
        stack.append(cls)
        documented.append(cls)
    actual = {
        c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, DvceduError)
    }
    assert set(documented) == actual


def test_errors_speak_both_languages(monkeypatch):
    monkeypatch.delenv("DVCEDU_LANG", raising=False)
    error = PinIncorrect("pin.incorrect_sim", left=2, max=5)
    text = str(error)
    assert text.startswith("Sai mã PIN") and "[en] Wrong PIN" in text
    assert error.tries_left == 2
    assert "2 of 5" in error.message("en")


def test_reject_reasons_keep_the_plugin_codes():
    assert RejectReason.CERT_EXPIRED.plugin_code == 2
    assert RejectReason.CERT_NOT_YET_VALID.plugin_code == 3
    assert RejectReason.CERT_REVOKED.plugin_code == 4
    assert RejectReason.REVOCATION_UNKNOWN.plugin_code == 6
    assert RejectReason.UNTRUSTED_ROOT.plugin_code == 7
    assert RejectReason.CERT_UNREADABLE.plugin_code == 8
    assert RejectReason.ORIGIN_MISMATCH.plugin_code is None


def test_verification_error_carries_its_reason():
    error = VerificationError(RejectReason.CERT_EXPIRED, "error.generic", detail="x")
    assert error.reason is RejectReason.CERT_EXPIRED
