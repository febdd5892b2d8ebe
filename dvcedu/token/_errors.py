"""The one place where PyKCS11 errors become dvcedu errors.

:data:`CKR_TABLE` maps a PKCS#11 return value (PKCS#11 v2.40 §5.1) to the dvcedu error and
message that tells the learner what to do. :func:`map_pkcs11_errors` wraps every call into
PyKCS11 and re-raises ``from None``, so no caller ever sees a ``PyKCS11Error``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import PyKCS11

from dvcedu.errors import (
    PinIncorrect,
    PinLenRange,
    PinLocked,
    TokenError,
    TokenNotPresent,
    TokenOperationError,
)

CKR_TABLE: dict[str, tuple[type[TokenError], str]] = {
    "CKR_PIN_INCORRECT": (PinIncorrect, "pin.incorrect_unknown"),
    "CKR_PIN_LOCKED": (PinLocked, "pin.locked"),
    "CKR_PIN_LEN_RANGE": (PinLenRange, "pin.len_range_unknown"),
    "CKR_TOKEN_NOT_PRESENT": (TokenNotPresent, "token.removed"),
    "CKR_DEVICE_REMOVED": (TokenNotPresent, "token.removed"),
    "CKR_TOKEN_NOT_RECOGNIZED": (TokenNotPresent, "token.removed"),
    "CKR_SLOT_ID_INVALID": (TokenNotPresent, "token.removed"),
    "CKR_SESSION_HANDLE_INVALID": (TokenNotPresent, "token.removed"),
    "CKR_SESSION_CLOSED": (TokenNotPresent, "token.removed"),
    "CKR_DEVICE_ERROR": (TokenNotPresent, "token.removed"),
}
"""CKR name → (error class, message id). Anything else becomes TokenOperationError."""


def ckr_name(code: int) -> str:
    name = PyKCS11.CKR.get(code)
    return name if isinstance(name, str) else f"CKR_0x{code:08X}"


def translate(error: PyKCS11.PyKCS11Error, operation: str) -> TokenError:
    """The dvcedu error for one PyKCS11Error raised during ``operation``."""
    code = ckr_name(error.value)
    cls, msg_id = CKR_TABLE.get(code, (TokenOperationError, "token.operation"))
    return cls(msg_id, code=code, operation=operation)


@contextmanager
def map_pkcs11_errors(operation: str) -> Iterator[None]:
    """Run PyKCS11 calls; turn any PyKCS11Error into the matching dvcedu error."""
    try:
        yield
    except PyKCS11.PyKCS11Error as error:
        raise translate(error, operation) from None
