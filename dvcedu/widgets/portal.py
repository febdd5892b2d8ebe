"""The portal's ceremonies as the learner clicks through them: the registration wizard
(seed steps 1 → 2.5) and the login panel (step 3), built from the page's pieces (``page.py``).

Thin by design: every decision is made by :mod:`dvcedu.scenario`, the plugin and the portal;
these functions only build widgets and call those layers on clicks. The PIN goes from the
Password widget straight to the plugin and the field is emptied at once — never printed,
logged, kept in widget state or in any other attribute.
"""

from __future__ import annotations

import html

import ipywidgets as w

from dvcedu.clock import Clock
from dvcedu.errors import DvceduError, RejectReason, VerificationError
from dvcedu.i18n import t
from dvcedu.model import Transcript
from dvcedu.plugin import SigningPlugin
from dvcedu.portal import Captcha, Portal
from dvcedu.scenario import Registration, run_login
from dvcedu.widgets.base import Panel, failed, submit_on_enter, succeeded
from dvcedu.widgets.page import (
    MethodChooser,
    ReviewForm,
    WidgetLearner,
    cert_picker,
    header,
    plugin_status_html,
    plugin_window,
)


class RegistrationWizard(Panel):
    """Seed steps 1 → 2.5 as a Stack with Back/Next, exactly in the how-to's order."""

    STEPS = ("1", "2.1", "2.2", "2.3", "2.4", "2.5")

    def __init__(self, portal: Portal, plugin: SigningPlugin, clock: Clock) -> None:
        self.portal, self.plugin, self.clock = portal, plugin, clock
        self.learner = WidgetLearner()
        self.flow: Registration | None = None
        self.captcha: Captcha | None = None
        self.progress = w.HTML()
        self.message = w.HTML()
        self.back = w.Button(description=t("widget.back"))
        self.next = w.Button(description=t("widget.next"), button_style="primary")
        self.pin = w.Password(placeholder=t("widget.token_pin"))
        submit_on_enter(self.pin, self._next)
        self.picker = w.RadioButtons(options=[], layout=w.Layout(width="max-content"))
        self.chooser = MethodChooser()
        self.chooser.buttons.observe(lambda _: self._show(), names="value")
        self.form: ReviewForm | None = None
        self.result = w.HTML()
        self.pages = [
            w.VBox([header(), self.chooser]),
            w.HTML(),
            plugin_window(t("widget.choose_cert"), [self.picker]),
            plugin_window(t("widget.enter_pin"), [self.pin]),
            w.VBox(),
            w.VBox([self.result]),
        ]
        self.stack = w.Stack(self.pages, selected_index=0)
        self.back.on_click(self._back)
        self.next.on_click(self._next)
        self._show()
        super().__init__(
            [self.progress, self.stack, self.message, w.HBox([self.back, self.next])],
            shows=t("widget.wizard"),
        )

    @property
    def step(self) -> str:
        return self.STEPS[self.stack.selected_index or 0]

    def _show(self) -> None:
        self.progress.value = t(
            "widget.progress", step=self.step, title=html.escape(t(f"step.{self.step}"))
        )
        self.back.disabled = self.step in ("1", "2.5")
        self.next.description = {
            "2.2": "OK",
            "2.3": "OK",
            "2.4": t("widget.register"),
            "2.5": t("widget.again"),
        }.get(self.step, t("widget.next"))
        # Only “USB ký số” is simulated: the other methods stop at step 1, and say why.
        self.next.disabled = self.step == "1" and not self.chooser.live

    def _go(self, index: int) -> None:
        self.stack.selected_index = index
        self._show()

    def _back(self, _: object = None) -> None:
        self.message.value = ""
        self._go(max((self.stack.selected_index or 0) - 1, 0))

    def _next(self, _: object = None) -> None:
        self.message.value = ""
        try:
            getattr(self, f"_after_{self.step.replace('.', '_')}")()
        except DvceduError as error:
            self.message.value = failed(str(error))

    def _after_1(self) -> None:
        if not self.chooser.live:
            return
        self.flow = Registration(self.portal, self.plugin, self.learner)
        self.captcha = self.flow.open()
        self.pages[1].value = plugin_status_html(self.plugin)
        self._go(1)

    def _after_2_1(self) -> None:
        choices = self.plugin.list_certificates(transcript=Transcript())  # a preview
        self.picker.options = cert_picker(choices).options
        self.picker.value = self.picker.options[0][1]  # the dialog preselects the first one
        self._go(2)

    def _after_2_2(self) -> None:
        self.learner.serial = self.picker.value
        self._go(3)

    def _after_2_3(self) -> None:
        pin, self.pin.value = self.pin.value, ""  # the PIN leaves the widget at once
        if not pin:
            self.message.value = failed(t("widget.pin_empty"))
            return
        self.learner.give_pin(pin)
        assert self.flow is not None and self.captcha is not None
        self.flow.sign()
        chosen = self.flow.chosen
        assert chosen is not None
        self.form = ReviewForm(chosen, self.captcha, renew=self.flow.new_captcha)
        self.pages[4].children = (self.form,)
        self._go(4)

    def _after_2_4(self) -> None:
        assert self.flow is not None and self.form is not None
        try:
            verified = self.flow.submit(self.form.email.value, self.form.answer.value)
        except VerificationError as error:
            if error.reason in (
                RejectReason.CAPTCHA_WRONG,
                RejectReason.CAPTCHA_USED,
                RejectReason.EMAIL_INVALID,
            ):
                # The form was refused before the signature was looked at: fix it here,
                # with a new picture, without the PIN again.
                self.form.show(self.flow.new_captcha())
                self.message.value = failed(error.message())
                return
            self.result.value = failed(error.message())
        else:
            self.result.value = succeeded(
                t(
                    "widget.registered",
                    name=html.escape(verified.account.display_name),
                    identifier=html.escape(verified.account.identifier),
                )
            )
        self._go(5)

    def _after_2_5(self) -> None:
        self._go(0)


class LoginPanel(Panel):
    """Seed step 3: “Đăng nhập” → “USB ký số” on the page; then the plugin's own window asks
    for the certificate (OK) and the PIN (OK); the portal opens a session and the name shows
    top right, with “Đăng xuất”. The page itself never has a PIN box."""

    def __init__(self, portal: Portal, plugin: SigningPlugin) -> None:
        self.portal, self.plugin = portal, plugin
        self.top = w.Box([header()])
        self.login = w.Button(
            description=t("widget.login_usb"),
            button_style="primary",
            layout=w.Layout(width="max-content"),
        )
        self.picker = w.RadioButtons(options=[], layout=w.Layout(width="max-content"))
        self.pin = w.Password(placeholder=t("widget.token_pin"))
        self.choose_ok = w.Button(description="OK", button_style="primary")
        self.pin_ok = w.Button(description="OK", button_style="primary")
        self.cancel = w.Button(description=t("widget.cancel"))
        self.dialog = w.Box([])
        self.message = w.HTML()
        self.session_id: str | None = None
        self.last = None
        self.login.on_click(self._open_plugin)
        self.choose_ok.on_click(self._chosen)
        self.pin_ok.on_click(self._sign_in)
        submit_on_enter(self.pin, self._sign_in)
        self.cancel.on_click(self._close)
        self.page = w.VBox([w.HTML(t("widget.login_path")), self.login])
        super().__init__(
            [self.top, self.page, self.dialog, self.message], shows=t("widget.login_page")
        )

    def _open_plugin(self, _: object = None) -> None:
        """“Đăng nhập bằng USB ký số”: the page asks the plugin, which opens its window."""
        self.message.value = ""
        try:
            choices = self.plugin.list_certificates(transcript=Transcript())  # a preview
        except DvceduError as error:
            self.message.value = failed(str(error))
            return
        self.picker.options = cert_picker(choices).options
        if choices:
            self.picker.value = choices[0].serial_hex
        self.dialog.children = (
            plugin_window(
                t("widget.choose_cert"), [self.picker, w.HBox([self.choose_ok, self.cancel])]
            ),
        )

    def _chosen(self, _: object = None) -> None:
        self.dialog.children = (
            plugin_window(t("widget.enter_pin"), [self.pin, w.HBox([self.pin_ok, self.cancel])]),
        )

    def _close(self, _: object = None) -> None:
        self.pin.value = ""
        self.dialog.children = ()

    def _sign_in(self, _: object = None) -> None:
        learner = WidgetLearner()
        learner.serial = self.picker.value
        pin, self.pin.value = self.pin.value, ""
        if not pin:
            self.message.value = failed(t("widget.pin_empty"))
            return
        learner.give_pin(pin)
        ceremony = run_login(self.portal, self.plugin, learner)
        self.last = ceremony
        self.dialog.children = ()
        if ceremony.ok and ceremony.login is not None:
            session = ceremony.login.session
            self.session_id = session.id
            self.top.children = (header(session.display_name, on_logout=self._logout),)
            self.page.layout.display = "none"
            note = t("widget.renewed") if ceremony.login.renewed else ""
            self.message.value = succeeded(html.escape(t("widget.logged_in") + note))
        else:
            error = ceremony.error
            self.message.value = failed(error.message() if error else "")

    def _logout(self) -> None:
        if self.session_id is not None:
            self.portal.logout(self.session_id)
        self.session_id = None
        self.top.children = (header(),)
        self.page.layout.display = None
        self.message.value = succeeded(t("widget.logged_out"))
