"""The PIN dialog driven as a learner would, with Button.click(), on a real token."""

import pytest

pytest.importorskip("ipywidgets")

from dvcedu.token import TRAINING_PIN
from dvcedu.widgets.pin_dialog import PinDialog

from .conftest import requires_softhsm

pytestmark = requires_softhsm


def test_right_pin_logs_in_and_the_field_is_emptied(training_token):
    dialog = PinDialog(training_token.label)
    dialog.pin.value = TRAINING_PIN
    dialog.button.click()
    assert "CKR_OK" in dialog.result.value
    assert dialog.pin.value == ""
    assert TRAINING_PIN not in repr(dialog) + str(dialog.get_state())


def test_wrong_pin_shows_both_languages_and_the_tries_left(training_token):
    dialog = PinDialog(training_token.label)
    dialog.pin.value = "00000000"
    dialog.button.click()
    assert "Sai mã PIN" in dialog.result.value and "4/5" in dialog.result.value
    assert "Wrong PIN" in dialog.result.value
    assert dialog.pin.value == ""


def test_an_empty_pin_is_not_a_try(training_token):
    dialog = PinDialog(training_token.label)
    dialog.button.click()
    assert "Chưa nhập mã PIN" in dialog.result.value
    dialog.pin.value = "00000000"
    dialog.button.click()
    assert "4/5" in dialog.result.value  # the empty one did not count


def test_enter_in_the_pin_box_logs_in(training_token):
    dialog = PinDialog(training_token.label)
    dialog.pin.value = TRAINING_PIN
    dialog.pin._handle_string_msg(None, {"event": "submit"}, None)  # what the browser sends
    assert "CKR_OK" in dialog.result.value and dialog.pin.value == ""
