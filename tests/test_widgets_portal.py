"""The portal widgets driven like a learner would, with Button.click(), on a real token."""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets")

from dvcedu.clock import COURSE_DAY, FixedClock, SeededRandom
from dvcedu.pki.samples import training_trust
from dvcedu.plugin import SigningPlugin
from dvcedu.portal import Portal, Store
from dvcedu.token import TRAINING_PIN
from dvcedu.widgets.page import method_chooser
from dvcedu.widgets.portal import LoginPanel, RegistrationWizard

from .conftest import requires_softhsm

pytestmark = requires_softhsm


@pytest.fixture
def world(training_token):
    clock = FixedClock(COURSE_DAY)
    portal = Portal(
        Store.memory(), trust=training_trust(), clock=clock, random=SeededRandom("widgets")
    )
    return portal, SigningPlugin(clock=clock), clock


def walk_registration(wizard, pin=TRAINING_PIN, email="ketoan@daotao.test", answer=None):
    assert wizard.step == "1"
    wizard.next.click()
    assert wizard.step == "2.1" and "có mặt" in wizard.pages[1].value
    wizard.next.click()
    assert wizard.step == "2.2" and "MST:0199001010" in wizard.picker.options[0][0]
    assert wizard.next.description == "OK"  # the seed's step 2.2: choose, press “OK”
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
    wizard.form.email.value = "ketoan@daotao.test"
    wizard.form.answer.value = wizard.captcha.text.lower()
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


def test_a_wrong_captcha_stays_on_the_form_with_a_new_picture_and_no_new_pin(world):
    portal, plugin, clock = world
    wizard = RegistrationWizard(portal, plugin, clock)
    walk_registration(wizard)
    first = wizard.form.captcha
    wizard.form.email.value = "ketoan@daotao.test"
    wizard.form.answer.value = "Đ" + first.text[1:]  # a Vietnamese letter: refused, not a crash
    wizard.next.click()
    assert wizard.step == "2.4" and "Mã xác thực" in wizard.message.value
    assert portal.store.accounts() == []
    second = wizard.form.captcha
    assert second.id != first.id and wizard.form.answer.value == ""
    wizard.form.answer.value = second.text
    wizard.next.click()  # the same signature, no PIN asked again
    assert wizard.step == "2.5" and "Đăng ký thành công" in wizard.result.value


def test_new_image_gives_a_new_captcha(world):
    portal, plugin, clock = world
    wizard = RegistrationWizard(portal, plugin, clock)
    walk_registration(wizard)
    before = wizard.form.image.value
    wizard.form.new_image.click()
    assert wizard.form.image.value != before


def test_an_empty_pin_asks_for_the_pin(world):
    portal, plugin, clock = world
    wizard = RegistrationWizard(portal, plugin, clock)
    walk_registration(wizard, pin="")
    assert wizard.step == "2.3" and "Chưa nhập mã PIN" in wizard.message.value
    assert "đóng hộp thoại" not in wizard.message.value


def test_methods_that_are_not_simulated_stop_at_step_1(world):
    portal, plugin, clock = world
    wizard = RegistrationWizard(portal, plugin, clock)
    wizard.chooser.buttons.value = "cccd"
    assert wizard.next.disabled
    wizard.next.click()
    assert wizard.step == "1"
    wizard.chooser.buttons.value = "usb"
    assert not wizard.next.disabled


def test_widgets_say_what_they_are_before_the_notebook_runs(world):
    portal, plugin, clock = world
    for widget in (
        RegistrationWizard(portal, plugin, clock),
        LoginPanel(portal, plugin),
        method_chooser(),
    ):
        text = widget._repr_mimebundle_()["text/plain"]
        assert text.startswith("[") and "children=" not in text and len(text) <= 110


def register(portal, plugin, clock):
    wizard = RegistrationWizard(portal, plugin, clock)
    walk_registration(wizard)
    wizard.form.email.value = "ketoan@daotao.test"
    wizard.form.answer.value = wizard.captcha.text
    wizard.next.click()


def test_login_asks_the_pin_in_the_plugin_window_then_shows_the_name_top_right(world):
    portal, plugin, clock = world
    register(portal, plugin, clock)
    panel = LoginPanel(portal, plugin)
    assert panel.pin not in panel.page.children  # the page has no PIN box
    panel.login.click()
    assert "Chọn chứng thư số" in panel.dialog.children[0].children[0].value
    panel.choose_ok.click()
    assert "Nhập mã PIN" in panel.dialog.children[0].children[0].value
    panel.pin.value = TRAINING_PIN
    panel.pin_ok.click()
    assert "CÔNG TY TNHH ĐÀO TẠO AN BÌNH" in panel.top.children[0].children[0].children[0].value
    assert "Đã đăng nhập" in panel.message.value and panel.pin.value == ""
    assert panel.dialog.children == ()
    logout = panel.top.children[0].children[0].children[1]
    assert logout.description == "Đăng xuất"
    session = panel.last.login.session.id
    logout.click()
    assert portal.whoami(session) is None and "Đăng ký | Đăng nhập" in (
        panel.top.children[0].children[0].children[0].value
    )


def test_login_with_a_wrong_pin_says_so(world):
    portal, plugin, clock = world
    register(portal, plugin, clock)
    panel = LoginPanel(portal, plugin)
    panel.login.click()
    panel.choose_ok.click()
    panel.pin.value = "00000000"
    panel.pin_ok.click()
    assert "Sai mã PIN" in panel.message.value


def test_only_usb_is_live_in_the_method_chooser():
    chooser = method_chooser()
    buttons, note = chooser.buttons, chooser.note
    buttons.value = "bhxh"
    assert "✘" in note.value
    buttons.value = "usb"
    assert "✘" not in note.value
