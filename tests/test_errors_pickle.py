"""Every dvcedu error survives pickle whole: the classroom's worker processes and a kernel
send them across a process boundary, and a learner must still read the same message."""

from __future__ import annotations

import pickle
import string

import pytest

from dvcedu import errors
from dvcedu.errors import DvceduError, RejectReason, VerificationError
from dvcedu.messages import MESSAGES


def every_error_class(root: type = DvceduError) -> list[type]:
    found = [root]
    for sub in root.__subclasses__():
        found += every_error_class(sub)
    return found


@pytest.mark.parametrize("cls", every_error_class(), ids=lambda c: c.__name__)
def test_an_error_comes_back_from_pickle_with_its_fields_and_words(cls):
    reason = RejectReason.CERT_EXPIRED
    msg_id = f"reject.{reason.value}" if issubclass(cls, VerificationError) else cls.default_msg_id
    fields: dict[str, object] = {
        name: 2
        for text in MESSAGES[msg_id]
        for _, name, _, _ in string.Formatter().parse(text)
        if name
    }
    fields |= {"code": "CKR_PIN_INCORRECT", "label": "DVCEDU-TRAINING"}
    if issubclass(cls, VerificationError):
        error = cls(reason, expected="2026-12-03", found="2026-11-18", **fields)
    else:
        error = cls(**fields)
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is cls
    assert again.msg_id == error.msg_id and again.fields == error.fields
    assert str(again) == str(error)
    assert {k: v for k, v in vars(again).items()} == vars(error)


def test_the_typed_fields_come_back_as_attributes():
    error = errors.PinIncorrect(left=1, code="CKR_PIN_INCORRECT")
    again = pickle.loads(pickle.dumps(error))
    assert again.left == 1 and again.code == "CKR_PIN_INCORRECT" and again.tries_left == 1
    refused = pickle.loads(pickle.dumps(VerificationError(RejectReason.CERT_REVOKED)))
    assert refused.reason is RejectReason.CERT_REVOKED and refused.reason.plugin_code == 4
