"""The CKR → DvceduError table, checked against PyKCS11's own error objects."""

import PyKCS11
import pytest

from dvcedu.errors import (
    PinIncorrect,
    PinLenRange,
    PinLocked,
    TokenNotPresent,
    TokenOperationError,
)
from dvcedu.token._errors import map_pkcs11_errors


@pytest.mark.parametrize(
    ("ckr", "expected"),
    [
        ("CKR_PIN_INCORRECT", PinIncorrect),
        ("CKR_PIN_LOCKED", PinLocked),
        ("CKR_PIN_LEN_RANGE", PinLenRange),
        ("CKR_TOKEN_NOT_PRESENT", TokenNotPresent),
        ("CKR_DEVICE_REMOVED", TokenNotPresent),
        ("CKR_KEY_TYPE_INCONSISTENT", TokenOperationError),
    ],
)
def test_each_code_becomes_its_error(ckr, expected):
    with pytest.raises(expected) as caught, map_pkcs11_errors("C_Test"):
        raise PyKCS11.PyKCS11Error(PyKCS11.CKR[ckr])
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert caught.value.code == ckr


def test_unknown_codes_keep_their_number():
    with pytest.raises(TokenOperationError) as caught, map_pkcs11_errors("C_Sign"):
        raise PyKCS11.PyKCS11Error(0x7FFFFFF0)
    assert "C_Sign" in caught.value.message("en")
