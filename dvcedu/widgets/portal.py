"""The portal as the learner sees it: the page, the plugin's dialogs, and a step-by-step wizard.

Thin by design: every decision is made by :mod:`dvcedu.scenario`, the plugin and the portal;
these functions only build widgets and call those layers on clicks. The PIN goes from the
Password widget straight to the plugin and the field is emptied at once — never printed,
logged, kept in widget state or in any other attribute.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as w

from dvcedu.clock import Clock
from dvcedu.errors import DvceduError
from dvcedu.model import Transcript
from dvcedu.plugin import CertChoice, SigningPlugin
from dvcedu.portal import Captcha, Portal
from dvcedu.scenario import SEED_STEPS, Registration, run_login

TITLE = "Cổng Dịch vụ công Quốc gia — ĐÀO TẠO"

METHODS: tuple[tuple[str, bool, str], ...] = (
    ("CMND/CCCD", False, "Công dân đăng ký bằng số căn cước; từ 1/7/2024 chuyển sang tài "
                         "khoản VNeID [thứ cấp]. Không mô phỏng trong khóa học này."),
    ("Mã số BHXH", False, "Công dân đăng ký bằng mã số bảo hiểm xã hội [thứ cấp]. "
                          "Không mô phỏng."),
    ("Thuê bao di động", False, "Công dân đăng ký bằng số điện thoại [thứ cấp]. Không mô phỏng."),
    ("Sim ký số", False, "Khóa bí mật nằm trong SIM, xác nhận bằng PIN trên điện thoại "
                         "[thứ cấp]. Không mô phỏng."),
    ("USB ký số", True, "Doanh nghiệp (và công dân) dùng chứng thư số trên USB token: "
                        "phần khóa học này mô phỏng đầy đủ."),
)
"""Registration methods of the portal's chooser (older DVCQG help text, research §1.1)."""


def header(name: str = "") -> w.HTML:
    """The page header; after login the name shows in the top-right corner, as in the seed."""
    right = (f"<b>{html.escape(name)}</b>" if name else "Đăng ký | Đăng nhập")
    return w.HTML(f"<div style='display:flex;justify-content:space-between;gap:24px;"
                  f"background:#b42318;color:white;padding:8px 12px;border-radius:4px;"
                  f"min-width:640px'><b>{TITLE}</b><span>{right}</span></div>")


def method_chooser() -> w.VBox:
    """The registration-method chooser: only “USB ký số” is live, the others say why not."""
    buttons = w.ToggleButtons(options=[m[0] for m in METHODS], value="USB ký số")
    note = w.HTML(f"<i>{html.escape(METHODS[-1][2])}</i>")

    def explain(change: dict) -> None:
        live, text = next((m[1], m[2]) for m in METHODS if m[0] == change["new"])
        note.value = f"<i>{html.escape(text)}</i>" + ("" if live else " ⛔")

    buttons.observe(explain, names="value")
    return w.VBox([w.HTML("<b>Chọn cách đăng ký</b>"), buttons, note])


def plugin_status(plugin: SigningPlugin) -> w.HTML:
    """What step 2.1 shows: version, module, token present, certificates found. Uses a copy of
    the plugin with its own scratch transcript (a preview is not part of the ceremony)."""
    preview = SigningPlugin(clock=plugin.clock, transcript=Transcript(), label=plugin.label,
                            module=plugin.module)
    try:
        status = preview.check_plugin()
    except DvceduError as error:
        return w.HTML(f"<span style='color:#b42318'>✘ {html.escape(str(error))}</span>")
    mark = "✔" if status.token_present else "✘"
    return w.HTML(
        f"{mark} Plugin ký số {html.escape(status.version)} · mô-đun PKCS#11 "
        f"<code>{html.escape(status.module)}</code> · token "
        f"<b>{html.escape(status.token_label)}</b>: "
        f"{'có mặt' if status.token_present else 'KHÔNG thấy'} · "
        f"{status.certificates} chứng thư")


def choice_label(choice: CertChoice) -> str:
    return (f"{choice.name} — {choice.identifier} — {choice.issuer} — "
            f"{choice.not_before:%d/%m/%Y}–{choice.not_after:%d/%m/%Y}")


def cert_picker(choices: Sequence[CertChoice]) -> w.RadioButtons:
    """The plugin's certificate dialog: name, MST/CCCD, issuer, validity."""
    return w.RadioButtons(options=[(choice_label(c), c.serial_hex) for c in choices],
                          layout=w.Layout(width="max-content"))


def review(choice: CertChoice, captcha: Captcha) -> w.VBox:
    """Step 2.4: the data read from the token, the e-mail and the captcha."""
    info = w.HTML(f"<table><tr><th style='text-align:left'>Tên</th>"
                  f"<td>{html.escape(choice.name)}</td></tr><tr><th style='text-align:left'>"
                  f"Định danh</th><td>{html.escape(choice.identifier)}</td></tr>"
                  f"<tr><th style='text-align:left'>CA cấp</th>"
                  f"<td>{html.escape(choice.issuer)}</td></tr></table>")
    email = w.Text(placeholder="ketoan@congty.vn", description="E-mail")
    image = w.Image(value=captcha.image_png(), format="png", width=180, height=60)
    answer = w.Text(placeholder="5 ký tự", description="Mã xác thực")
    return w.VBox([info, email, w.HBox([image, answer])])


class WidgetLearner:
    """The learner at the widgets: answers the plugin's dialogs with what was picked/typed."""

    def __init__(self) -> None:
        self.serial: str | None = None
        self._pin: str | None = None

    def give_pin(self, pin: str) -> None:
        self._pin = pin

    def choose(self, choices: list[CertChoice]) -> CertChoice | None:
        return next((c for c in choices if c.serial_hex == self.serial), None)

    def enter_pin(self, choice: CertChoice) -> str | None:
        pin, self._pin = self._pin, None  # used once, then gone
        return pin


class RegistrationWizard(w.VBox):
    """Seed steps 1 → 2.5 as a Stack with Back/Next, exactly in the how-to's order."""

    STEPS = ("1", "2.1", "2.2", "2.3", "2.4", "2.5")

    def __init__(self, portal: Portal, plugin: SigningPlugin, clock: Clock) -> None:
        self.portal, self.plugin, self.clock = portal, plugin, clock
        self.learner = WidgetLearner()
        self.flow: Registration | None = None
        self.captcha: Captcha | None = None
        self.progress = w.HTML()
        self.message = w.HTML()
        self.back = w.Button(description="◀ Quay lại")
        self.next = w.Button(description="Tiếp ▶", button_style="primary")
        self.pin = w.Password(placeholder="Mã PIN của token")
        self.picker = w.RadioButtons(options=[])
        self.form: w.VBox | None = None
        self.result = w.HTML()
        self.pages = [w.VBox([header(), method_chooser()]), w.HTML(),
                      w.VBox([w.HTML("<b>Chọn chứng thư số</b> (hộp thoại của plugin)"),
                              self.picker]),
                      w.VBox([w.HTML("<b>Nhập mã PIN</b> (hộp thoại của plugin)"), self.pin]),
                      w.VBox(), w.VBox([self.result])]
        self.stack = w.Stack(self.pages, selected_index=0)
        self.back.on_click(self._back)
        self.next.on_click(self._next)
        self._show()
        super().__init__([self.progress, self.stack, self.message,
                          w.HBox([self.back, self.next])])

    @property
    def step(self) -> str:
        return self.STEPS[self.stack.selected_index or 0]

    def _show(self) -> None:
        vi, _ = SEED_STEPS[self.step]
        self.progress.value = (f"<b>Bước {self.step}</b> / 2.5 — {html.escape(vi)}")
        self.back.disabled = self.step in ("1", "2.5")
        self.next.description = {"2.4": "Đăng ký", "2.5": "Làm lại"}.get(self.step, "Tiếp ▶")

    def _go(self, index: int) -> None:
        self.stack.selected_index = index
        self._show()

    def _back(self, _: object = None) -> None:
        self.message.value = ""
        self._go(max((self.stack.selected_index or 0) - 1, 0))

    def _fail(self, error: DvceduError) -> None:
        self.message.value = ("<span style='color:#b42318'>✘ "
                              + html.escape(str(error)).replace("\n", "<br>") + "</span>")

    def _next(self, _: object = None) -> None:
        self.message.value = ""
        try:
            getattr(self, f"_after_{self.step.replace('.', '_')}")()
        except DvceduError as error:
            self._fail(error)

    def _after_1(self) -> None:
        self.flow = Registration(self.portal, self.plugin, self.learner)
        self.captcha = self.flow.open()
        self.pages[1].value = plugin_status(self.plugin).value
        self._go(1)

    def _after_2_1(self) -> None:
        preview = SigningPlugin(clock=self.clock, transcript=Transcript(),
                                label=self.plugin.label, module=self.plugin.module)
        self.picker.options = cert_picker(preview.list_certificates()).options
        self.picker.value = self.picker.options[0][1]  # the dialog preselects the first one
        self._go(2)

    def _after_2_2(self) -> None:
        self.learner.serial = self.picker.value
        self._go(3)

    def _after_2_3(self) -> None:
        pin, self.pin.value = self.pin.value, ""  # the PIN leaves the widget at once
        self.learner.give_pin(pin)
        assert self.flow is not None and self.captcha is not None
        self.flow.sign()
        chosen = self.flow.chosen
        assert chosen is not None
        self.form = review(chosen, self.captcha)
        self.pages[4].children = (self.form,)
        self._go(4)

    def _after_2_4(self) -> None:
        assert self.flow is not None and self.form is not None
        email, row = self.form.children[1], self.form.children[2]
        answer = row.children[1]
        try:
            verified = self.flow.submit(email.value, answer.value)
        except DvceduError as error:
            self.result.value = ("<span style='color:#b42318'>✘ "
                                 + html.escape(error.message()) + "</span>")
        else:
            self.result.value = (f"<span style='color:#1a7f37'>✔ Đăng ký thành công cho "
                                 f"<b>{html.escape(verified.account.display_name)}</b> "
                                 f"({html.escape(verified.account.identifier)}). Hệ thống đã "
                                 f"ghi nhận thông tin trên token.</span>")
        self._go(5)

    def _after_2_5(self) -> None:
        self._go(0)


class LoginPanel(w.VBox):
    """Seed step 3: “Đăng nhập” → “USB ký số” → certificate and PIN → the name top right."""

    def __init__(self, portal: Portal, plugin: SigningPlugin) -> None:
        self.portal, self.plugin = portal, plugin
        self.top = w.Box([header()])
        preview = SigningPlugin(clock=plugin.clock, transcript=Transcript(), label=plugin.label,
                                module=plugin.module)
        try:
            choices = preview.list_certificates()
        except DvceduError:
            choices = []
        self.picker = cert_picker(choices)
        if choices:
            self.picker.value = choices[0].serial_hex
        self.pin = w.Password(placeholder="Mã PIN của token")
        self.login = w.Button(description="Đăng nhập bằng USB ký số", button_style="primary",
                              layout=w.Layout(width="auto"))
        self.message = w.HTML()
        self.last = None
        self.login.on_click(self._login)
        super().__init__([self.top, w.HTML("<b>Đăng nhập</b> → <b>USB ký số</b>"),
                          self.picker, self.pin, self.login, self.message])

    def _login(self, _: object = None) -> None:
        learner = WidgetLearner()
        learner.serial = self.picker.value
        pin, self.pin.value = self.pin.value, ""
        learner.give_pin(pin)
        ceremony = run_login(self.portal, self.plugin, learner)
        self.last = ceremony
        if ceremony.ok and ceremony.login is not None:
            self.top.children = (header(ceremony.login.session.display_name),)
            note = (" Chứng thư mới (gia hạn) cùng định danh đã được ghi nhận."
                    if ceremony.login.renewed else "")
            self.message.value = f"<span style='color:#1a7f37'>✔ Đã đăng nhập.{note}</span>"
        else:
            error = ceremony.error
            self.message.value = ("<span style='color:#b42318'>✘ "
                                  + html.escape(error.message() if error else "") + "</span>")
