"""The portal widgets driven like a learner would, with Button.click(), on a real token."""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets")

from dvcedu.clock import COURSE_DAY, FixedClock, SeededRandom
from dvcedu.plugin import SigningPlugin
from dvcedu.portal import Portal, Store
from dvcedu.token import TRAINING_PIN
from dvcedu.widgets.portal import LoginPanel, RegistrationWizard, method_chooser

from .conftest import requires_softhsm

pytestmark = requires_softhsm


@pytest.fixture
def world(training_token):
    clock = FixedClock(COURSE_DAY)
    portal = Portal(Store.memory(), clock=clock, random=SeededRandom("widgets"))
    return portal, SigningPlugin(clock=clock), clock


def walk_registration(wizard, pin=TRAINING_PIN, email="ketoan@daotao.test", answer=None):
    assert wizard.step == "1"
    wizard.next.click()
    assert wizard.step == "2.1" and "có mặt" in wizard.pages[1].value
    wizard.next.click()
    assert wizard.step == "2.2" and "MST:0199001010" in wizard.picker.options[0][0]
    wizard.next.click()
    assert wizard.step == "2.3"
    wizard.pin.value = pin
    wizard.next.click()
    assert wizard.pin.value == ""  # the PIN left the widget at once


def test_the_wizard_follows_the_seed_steps_and_registers(world):
    portal, plugin, clock = world
    wizard = RegistrationWizard(portal, plugin, clock)
    walk_registration(wizard)
    assert wizard.step == "2.4"
    email, row = wizard.form.children[1], wizard.form.children[2]
    email.value = "ketoan@daotao.test"
    row.children[1].value = wizard.captcha.text.lower()
    wizard.next.click()
    assert wizard.step == "2.5" and "Đăng ký thành công" in wizard.result.value
    assert [a.identifier for a in portal.store.accounts()] == ["0199001010"]
    assert TRAINING_PIN not in str(wizard.get_state()) + str(wizard.pin.get_state())
    steps = [e.seed_step for e in wizard.flow.transcript]
    assert list(dict.fromkeys(steps)) == ["1", "2.1", "2.2", "2.3", "2.4", "2.5"]


def test_a_wrong_pin_stays_on_the_pin_step_with_the_message(world):
    portal, plugin, clock = world
    wizard = RegistrationWizard(portal, plugin, clock)
    walk_registration(wizard, pin="00000000")
    assert wizard.step == "2.3" and "Sai mã PIN" in wizard.message.value


def test_a_wrong_captcha_is_refused(world):
    portal, plugin, clock = world
    wizard = RegistrationWizard(portal, plugin, clock)
    walk_registration(wizard)
    wizard.form.children[1].value = "ketoan@daotao.test"
    wizard.form.children[2].children[1].value = "SAI"
    wizard.next.click()
    assert "Mã xác thực" in wizard.result.value and portal.store.accounts() == []


def test_login_shows_the_name_top_right(world):
    portal, plugin, clock = world
    wizard = RegistrationWizard(portal, plugin, clock)
    walk_registration(wizard)
    wizard.form.children[1].value = "ketoan@daotao.test"
    wizard.form.children[2].children[1].value = wizard.captcha.text
    wizard.next.click()
    panel = LoginPanel(portal, plugin)
    panel.pin.value = TRAINING_PIN
    panel.login.click()
    assert "CÔNG TY TNHH ĐÀO TẠO AN BÌNH" in panel.top.children[0].value
    assert "Đã đăng nhập" in panel.message.value and panel.pin.value == ""


def test_only_usb_is_live_in_the_method_chooser():
    chooser = method_chooser()
    buttons, note = chooser.children[1], chooser.children[2]
    buttons.value = "Mã số BHXH"
    assert "⛔" in note.value
    buttons.value = "USB ký số"
    assert "⛔" not in note.value
