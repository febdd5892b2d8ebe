"""The PIN dialog: what the signing plugin shows before the token signs.

The PIN lives only in the Password widget until the button is pressed, goes straight to
C_Login, and the field is emptied right after — it is never printed, logged or kept in any
other attribute. (The ipywidgets docs warn that a Password's value is sent unencrypted to the
browser and saved in the notebook if widget state is saved: keep "Save Widget State
Automatically" off, and never type a real token's PIN into a shared server.)
"""

from __future__ import annotations

import html

try:
    import ipywidgets as w
except ImportError as error:  # pragma: no cover - depends on the install
    raise ImportError(
        "dvcedu.widgets needs the notebook extras: pip install 'dvcedu[notebook]'"
    ) from error

from dvcedu import i18n
from dvcedu.errors import DvceduError
from dvcedu.token import open_token
from dvcedu.widgets.base import Panel, failed, submit_on_enter, succeeded


class PinDialog(Panel):
    """Enter the PIN of token ``label`` and try to log in (C_Login)."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.pin = w.Password(placeholder=i18n.t("widget.pin_placeholder"))
        self.button = w.Button(description=i18n.t("widget.pin_login"), button_style="primary")
        self.result = w.HTML()
        self.button.on_click(self._try)
        submit_on_enter(self.pin, self._try)
        title = i18n.t("widget.pin_title", label=label)
        super().__init__(
            [w.HTML(f"<b>{html.escape(title)}</b>"), w.HBox([self.pin, self.button]), self.result],
            shows=title,
        )

    def _try(self, _button: object = None) -> None:
        pin, self.pin.value = self.pin.value, ""  # the PIN leaves the widget at once
        if not pin:
            self.result.value = failed(i18n.t("widget.pin_empty"))
            return
        try:
            with open_token(self.label, pin=pin) as token:
                certs = token.certificates()
        except DvceduError as error:
            self.result.value = failed(str(error))
            return
        self.result.value = succeeded(html.escape(i18n.t("widget.pin_ok", count=len(certs))))
