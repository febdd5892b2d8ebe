"""The portal as the learner sees it: the page, the plugin's dialogs, and a step-by-step wizard.

Thin by design: every decision is made by :mod:`dvcedu.scenario`, the plugin and the portal;
these functions only build widgets and call those layers on clicks. The PIN goes from the
Password widget straight to the plugin and the field is emptied at once — never printed,
logged, kept in widget state or in any other attribute.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import ipywidgets as w

from dvcedu import i18n
from dvcedu.clock import Clock
from dvcedu.errors import DvceduError, RejectReason, VerificationError
from dvcedu.model import Transcript
from dvcedu.plugin import CertChoice, SigningPlugin
from dvcedu.portal import Captcha, Portal
from dvcedu.scenario import SEED_STEPS, Registration, run_login
from dvcedu.style import RED
from dvcedu.widgets.base import Panel, failed, submit_on_enter, succeeded

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


def header(name: str = "", *, on_logout: Callable[[], None] | None = None) -> Panel:
    """The page header; after login the name shows in the top-right corner, as in the seed,
    with “Đăng xuất” (log out) beside it when ``on_logout`` is given."""
    right = (f"<b>{html.escape(name)}</b>" if name else "Đăng ký | Đăng nhập")
    bar = w.HTML(f"<div style='display:flex;justify-content:space-between;gap:24px;"
                 f"background:{RED};color:white;padding:8px 12px;border-radius:4px;"
                 f"min-width:640px'><b>{TITLE}</b><span class='dvcedu-top-right'>{right}"
                 f"</span></div>")
    children: list[w.Widget] = [bar]
    if name and on_logout is not None:
        logout = w.Button(description="Đăng xuất", layout=w.Layout(width="max-content"))
        logout.on_click(lambda _: on_logout())
        children.append(logout)
    return Panel([w.HBox(children)], shows="Đầu trang Cổng DVCQG (đào tạo)")


class MethodChooser(Panel):
    """The registration-method chooser: only “USB ký số” is live, the others say why not."""

    def __init__(self) -> None:
        self.buttons = w.ToggleButtons(options=[m[0] for m in METHODS], value="USB ký số")
        self.note = w.HTML(f"<i>{html.escape(METHODS[-1][2])}</i>")
        self.buttons.observe(self._explain, names="value")
        super().__init__([w.HTML("<b>Chọn cách đăng ký</b>"), self.buttons, self.note],
                         shows="Chọn cách đăng ký")

    @property
    def live(self) -> bool:
        """Whether the chosen method is simulated (only “USB ký số”)."""
        return next(m[1] for m in METHODS if m[0] == self.buttons.value)

    def _explain(self, change: dict) -> None:
        live, text = next((m[1], m[2]) for m in METHODS if m[0] == change["new"])
        self.note.value = f"<i>{html.escape(text)}</i>" + ("" if live else " ⛔")


def method_chooser() -> MethodChooser:
    return MethodChooser()


def plugin_status_html(plugin: SigningPlugin) -> str:
    """What step 2.1 shows: version, module, token present, certificates found."""
    try:
        # what a dialog shows before the ceremony is not part of the recorded exchange
        status = plugin.check_plugin(transcript=Transcript())
    except DvceduError as error:
        return failed(str(error))
    mark = "✔" if status.token_present else "✘"
    return (f"{mark} Plugin ký số {html.escape(status.version)} · mô-đun PKCS#11 "
            f"<code>{html.escape(status.module)}</code> · token "
            f"<b>{html.escape(status.token_label)}</b>: "
            f"{'có mặt' if status.token_present else 'KHÔNG thấy'} · "
            f"{status.certificates} chứng thư")


def plugin_status(plugin: SigningPlugin) -> Panel:
    return Panel([w.HTML(plugin_status_html(plugin))], shows="Plugin ký số kiểm tra token")


def choice_label(choice: CertChoice) -> str:
    return (f"{choice.name} — {choice.identifier} — {choice.issuer} — "
            f"{choice.not_before:%d/%m/%Y}–{choice.not_after:%d/%m/%Y}")


def cert_picker(choices: Sequence[CertChoice]) -> w.RadioButtons:
    """The plugin's certificate dialog: name, MST/CCCD, issuer, validity."""
    return w.RadioButtons(options=[(choice_label(c), c.serial_hex) for c in choices],
                          layout=w.Layout(width="max-content"))


def plugin_window(title: str, body: Sequence[w.Widget]) -> Panel:
    """The signing plugin's OWN window: drawn apart from the page, with the plugin's name in
    its title bar, because the page never sees what is typed here (the PIN)."""
    bar = w.HTML(f"<div style='background:#344054;color:white;padding:4px 10px;"
                 f"border-radius:4px 4px 0 0'><b>Plugin ký số</b> — {html.escape(title)} "
                 f"<small>(cửa sổ của plugin, không phải của trang web)</small></div>")
    return Panel([bar, w.VBox(list(body), layout=w.Layout(padding="8px 10px"))],
                 shows=f"Cửa sổ của plugin ký số: {title}",
                 layout=w.Layout(border="1px solid #344054", width="max-content",
                                 margin="8px 0"))


class ReviewForm(Panel):
    """Step 2.4: the data read from the token, the e-mail and the captcha (with a new image)."""

    def __init__(self, choice: CertChoice, captcha: Captcha,
                 renew: Callable[[], Captcha] | None = None) -> None:
        info = w.HTML(f"<table><tr><th style='text-align:left'>Tên</th>"
                      f"<td>{html.escape(choice.name)}</td></tr><tr><th style='text-align:left'>"
                      f"Định danh</th><td>{html.escape(choice.identifier)}</td></tr>"
                      f"<tr><th style='text-align:left'>CA cấp</th>"
                      f"<td>{html.escape(choice.issuer)}</td></tr></table>")
        self.email = w.Text(placeholder="ketoan@congty.vn", description="E-mail")
        self.image = w.Image(format="png", width=240, height=80)
        self.answer = w.Text(placeholder="5 ký tự", description="Mã xác thực")
        self.renew = renew
        self.new_image = w.Button(description="↻ Đổi hình khác",
                                  layout=w.Layout(width="max-content"),
                                  tooltip="Hình khó đọc? Lấy mã xác thực mới")
        self.new_image.on_click(lambda _: self.show(self.renew()) if self.renew else None)
        self.new_image.layout.display = None if renew else "none"
        self.show(captcha)
        super().__init__([info, self.email, w.HBox([self.image, w.VBox(
            [self.answer, self.new_image])])], shows="Kiểm tra thông tin, e-mail, mã xác thực")

    def show(self, captcha: Captcha) -> None:
        self.captcha = captcha
        self.image.value = captcha.image_png()
        self.answer.value = ""


def review(choice: CertChoice, captcha: Captcha) -> ReviewForm:
    return ReviewForm(choice, captcha)


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
        self.back = w.Button(description="◀ Quay lại")
        self.next = w.Button(description="Tiếp ▶", button_style="primary")
        self.pin = w.Password(placeholder="Mã PIN của token")
        submit_on_enter(self.pin, self._next)
        self.picker = w.RadioButtons(options=[], layout=w.Layout(width="max-content"))
        self.chooser = MethodChooser()
        self.chooser.buttons.observe(lambda _: self._show(), names="value")
        self.form: ReviewForm | None = None
        self.result = w.HTML()
        self.pages = [w.VBox([header(), self.chooser]), w.HTML(),
                      plugin_window("Chọn chứng thư số", [self.picker]),
                      plugin_window("Nhập mã PIN", [self.pin]),
                      w.VBox(), w.VBox([self.result])]
        self.stack = w.Stack(self.pages, selected_index=0)
        self.back.on_click(self._back)
        self.next.on_click(self._next)
        self._show()
        super().__init__([self.progress, self.stack, self.message,
                          w.HBox([self.back, self.next])],
                         shows="Khung đăng ký Cổng DVCQG bằng USB ký số, bước 1 → 2.5")

    @property
    def step(self) -> str:
        return self.STEPS[self.stack.selected_index or 0]

    def _show(self) -> None:
        vi, _ = SEED_STEPS[self.step]
        self.progress.value = (f"<b>Bước {self.step}</b> / 2.5 — {html.escape(vi)}")
        self.back.disabled = self.step in ("1", "2.5")
        self.next.description = {"2.2": "OK", "2.3": "OK", "2.4": "Đăng ký",
                                 "2.5": "Đăng ký lại từ đầu"}.get(self.step, "Tiếp ▶")
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
            self.message.value = failed(i18n.t("widget.pin_empty"))
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
            if error.reason in (RejectReason.CAPTCHA_WRONG, RejectReason.CAPTCHA_USED,
                                RejectReason.EMAIL_INVALID):
                # The form was refused before the signature was looked at: fix it here,
                # with a new picture, without the PIN again.
                self.form.show(self.flow.new_captcha())
                self.message.value = failed(error.message())
                return
            self.result.value = failed(error.message())
        else:
            self.result.value = succeeded(
                f"Đăng ký thành công cho <b>{html.escape(verified.account.display_name)}</b> "
                f"({html.escape(verified.account.identifier)}). Hệ thống đã ghi nhận thông "
                f"tin trên token.")
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
        self.login = w.Button(description="Đăng nhập bằng USB ký số", button_style="primary",
                              layout=w.Layout(width="max-content"))
        self.picker = w.RadioButtons(options=[], layout=w.Layout(width="max-content"))
        self.pin = w.Password(placeholder="Mã PIN của token")
        self.choose_ok = w.Button(description="OK", button_style="primary")
        self.pin_ok = w.Button(description="OK", button_style="primary")
        self.cancel = w.Button(description="Hủy")
        self.dialog = w.Box([])
        self.message = w.HTML()
        self.session_id: str | None = None
        self.last = None
        self.login.on_click(self._open_plugin)
        self.choose_ok.on_click(self._chosen)
        self.pin_ok.on_click(self._sign_in)
        submit_on_enter(self.pin, self._sign_in)
        self.cancel.on_click(self._close)
        self.page = w.VBox([w.HTML("<b>Đăng nhập</b> → <b>USB ký số</b>"), self.login])
        super().__init__([self.top, self.page, self.dialog, self.message],
                         shows="Trang đăng nhập Cổng DVCQG bằng USB ký số")

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
        self.dialog.children = (plugin_window("Chọn chứng thư số", [
            self.picker, w.HBox([self.choose_ok, self.cancel])]),)

    def _chosen(self, _: object = None) -> None:
        self.dialog.children = (plugin_window("Nhập mã PIN", [
            self.pin, w.HBox([self.pin_ok, self.cancel])]),)

    def _close(self, _: object = None) -> None:
        self.pin.value = ""
        self.dialog.children = ()

    def _sign_in(self, _: object = None) -> None:
        learner = WidgetLearner()
        learner.serial = self.picker.value
        pin, self.pin.value = self.pin.value, ""
        if not pin:
            self.message.value = failed(i18n.t("widget.pin_empty"))
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
            note = (" Chứng thư mới (gia hạn) cùng định danh đã được ghi nhận."
                    if ceremony.login.renewed else "")
            self.message.value = succeeded(f"Đã đăng nhập.{html.escape(note)}")
        else:
            error = ceremony.error
            self.message.value = failed(error.message() if error else "")

    def _logout(self) -> None:
        if self.session_id is not None:
            self.portal.logout(self.session_id)
        self.session_id = None
        self.top.children = (header(),)
        self.page.layout.display = None
        self.message.value = succeeded("Đã đăng xuất.")
