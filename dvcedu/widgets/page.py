"""The portal's page as the learner sees it, piece by piece: the header (the name top right
after login), the registration-method chooser, the plugin's check, the plugin's own window
(certificate picker, PIN box) and the review form with its captcha.

Widgets only: they show what the plugin and the portal say and hand clicks back; the PIN goes
from the Password widget to the plugin and the field is emptied at once.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import ipywidgets as w

from dvcedu.errors import DvceduError
from dvcedu.i18n import t
from dvcedu.model import Transcript
from dvcedu.plugin import Asked, CertChoice, SigningPlugin
from dvcedu.portal import Captcha
from dvcedu.style import RED
from dvcedu.widgets.base import Panel, failed

METHODS: dict[str, bool] = {
    "cccd": False,
    "bhxh": False,
    "mobile": False,
    "sim": False,
    "usb": True,
}
"""Registration methods of the portal's chooser (older DVCQG help text, research §1.1), by
key, and whether the course simulates them; their names and notes are ``method.<key>``."""


def header(name: str = "", *, on_logout: Callable[[], None] | None = None) -> Panel:
    """The page header; after login the name shows in the top-right corner, as in the seed,
    with “Đăng xuất” (log out) beside it when ``on_logout`` is given."""
    right = f"<b>{html.escape(name)}</b>" if name else t("widget.register_login")
    bar = w.HTML(
        f"<div style='display:flex;justify-content:space-between;gap:24px;"
        f"background:{RED};color:white;padding:8px 12px;border-radius:4px;"
        f"min-width:640px'><b>{t('widget.title')}</b>"
        f"<span class='dvcedu-top-right'>{right}</span></div>"
    )
    children: list[w.Widget] = [bar]
    if name and on_logout is not None:
        logout = w.Button(description=t("widget.logout"), layout=w.Layout(width="max-content"))
        logout.on_click(lambda _: on_logout())
        children.append(logout)
    return Panel([w.HBox(children)], shows=t("widget.header"))


class MethodChooser(Panel):
    """The registration-method chooser: only “USB ký số” is live, the others say why not."""

    def __init__(self) -> None:
        self.buttons = w.ToggleButtons(
            options=[(t(f"method.{key}"), key) for key in METHODS], value="usb"
        )
        self.note = w.HTML(f"<i>{html.escape(t('method.usb_note'))}</i>")
        self.buttons.observe(self._explain, names="value")
        super().__init__(
            [w.HTML(f"<b>{t('widget.choose_method')}</b>"), self.buttons, self.note],
            shows=t("widget.choose_method"),
        )

    @property
    def live(self) -> bool:
        """Whether the chosen method is simulated (only “USB ký số”)."""
        return METHODS[self.buttons.value]

    def _explain(self, change: dict) -> None:
        key = change["new"]
        self.note.value = f"<i>{html.escape(t(f'method.{key}_note'))}</i>" + (
            "" if METHODS[key] else " ✘"
        )


def method_chooser() -> MethodChooser:
    return MethodChooser()


def plugin_status_html(plugin: SigningPlugin) -> str:
    """What step 2.1 shows: version, module, token present, certificates found."""
    try:
        # what a dialog shows before the ceremony is not part of the recorded exchange
        status = plugin.check_plugin(transcript=Transcript())
    except DvceduError as error:
        return failed(str(error))
    return t(
        "widget.plugin_status",
        mark="✔" if status.token_present else "✘",
        version=html.escape(status.version),
        module=html.escape(status.module),
        label=html.escape(status.token_label),
        count=status.certificates,
        present=t("widget.present" if status.token_present else "widget.absent"),
    )


def plugin_status(plugin: SigningPlugin) -> Panel:
    return Panel([w.HTML(plugin_status_html(plugin))], shows=t("widget.plugin_checks"))


def choice_label(choice: CertChoice) -> str:
    return (
        f"{choice.name} — {choice.identifier} — {choice.issuer} — "
        f"{choice.not_before:%d/%m/%Y}–{choice.not_after:%d/%m/%Y}"
    )


def cert_picker(choices: Sequence[CertChoice]) -> w.RadioButtons:
    """The plugin's certificate dialog: name, MST/CCCD, issuer, validity."""
    return w.RadioButtons(
        options=[(choice_label(c), c.serial_hex) for c in choices],
        layout=w.Layout(width="max-content"),
    )


def plugin_window(title: str, body: Sequence[w.Widget]) -> Panel:
    """The signing plugin's OWN window: drawn apart from the page, with the plugin's name in
    its title bar, because the page never sees what is typed here (the PIN)."""
    bar = w.HTML(
        f"<div style='background:#344054;color:white;padding:4px 10px;"
        f"border-radius:4px 4px 0 0'><b>{t('widget.plugin')}</b> — "
        f"{html.escape(title)} <small>{t('widget.plugin_window_note')}</small></div>"
    )
    return Panel(
        [bar, w.VBox(list(body), layout=w.Layout(padding="8px 10px"))],
        shows=t("widget.plugin_window", title=title),
        layout=w.Layout(border="1px solid #344054", width="max-content", margin="8px 0"),
    )


class ReviewForm(Panel):
    """Step 2.4: the data read from the token, the e-mail and the captcha (with a new image)."""

    def __init__(
        self, choice: CertChoice, captcha: Captcha, renew: Callable[[], Captcha] | None = None
    ) -> None:
        rows = "".join(
            f"<tr><th style='text-align:left'>{t(label)}</th><td>{html.escape(value)}</td></tr>"
            for label, value in (
                ("widget.name", choice.name),
                ("widget.identifier", choice.identifier),
                ("widget.issuer", choice.issuer),
            )
        )
        info = w.HTML(f"<table>{rows}</table>")
        self.email = w.Text(placeholder="ketoan@congty.vn", description="E-mail")
        self.image = w.Image(format="png", width=240, height=80)
        self.answer = w.Text(placeholder=t("widget.captcha_hint"), description=t("widget.captcha"))
        self.renew = renew
        self.new_image = w.Button(
            description=t("widget.new_image"),
            layout=w.Layout(width="max-content"),
            tooltip=t("widget.new_image_tip"),
        )
        self.new_image.on_click(lambda _: self.show(self.renew()) if self.renew else None)
        self.new_image.layout.display = None if renew else "none"
        self.show(captcha)
        super().__init__(
            [info, self.email, w.HBox([self.image, w.VBox([self.answer, self.new_image])])],
            shows=t("widget.review"),
        )

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

    def choose(
        self, choices: list[CertChoice], asked: Asked, preselected: str | None = None
    ) -> CertChoice | None:
        wanted = self.serial or preselected
        return next((c for c in choices if c.serial_hex == wanted), None)

    def enter_pin(self, choice: CertChoice, asked: Asked) -> str | None:
        pin, self._pin = self._pin, None  # used once, then gone
        return pin

    def consent(self, choice: CertChoice, asked: Asked) -> bool:
        """The learner's click on the widget that asks for the signature is the OK."""
        return True
