"""The signing service's own window: the certificate list, the PIN, and the OK while the token
is still logged in are asked there, never in the portal's page.

A request from the page that needs the learner (``getCertInfo``, a signature) runs in a worker
thread; it puts a :class:`Dialog` here and waits. The service's window (a page on the
service's own origin, which the portal's script cannot read) fetches the pending dialog,
shows it — with the site that asks and what will be signed — and posts the learner's answer
back with the dialog's random id. The PIN goes from that window to the service and on to the
token, nowhere else. One dialog at a time, as a real plugin's dialogs are modal.

The real plugin's window is a native one: it appears by itself. So does this one: when a
dialog is asked and no window has looked for one lately, the broker calls its ``opener`` with
the window's address — ``dvcedu serve`` gives Python's ``webbrowser`` (the learner's own
browser opens it, beside the portal's tab), a test gives its browser. A page that knows the
service can open it too (the practice portal does, through Jupyter's proxy, where the
service cannot reach the learner's screen). When nobody answers in time, the call ends with
:class:`NoAnswer` — not with "you closed the dialog".
"""

from __future__ import annotations

import contextlib
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from dvcedu.errors import PluginError
from dvcedu.plugin import Asked, CertChoice

WAIT_SECONDS = 120.0
"""How long a dialog waits for the learner before the call ends with :class:`NoAnswer`."""

OPEN_AFTER = 0.6
"""Seconds a new dialog waits for an open window to fetch it before the broker opens one (an
open window looks every 0.3 s)."""


class NoAnswer(PluginError):
    """Nobody answered the plugin's window in time: nothing was signed."""

    default_msg_id = "plugin.no_answer"


@dataclass
class Dialog:
    kind: str  # "certificate", "pin" or "consent"
    details: dict[str, object]
    id: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    answer: object = None
    answered: threading.Event = field(default_factory=threading.Event)

    def public(self) -> dict[str, object]:
        """What the service's window may show (never an answer)."""
        return {"id": self.id, "kind": self.kind, **self.details}


class DialogBroker:
    """Hands one dialog at a time from a worker thread to the service's window and back."""

    def __init__(
        self,
        wait_seconds: float = WAIT_SECONDS,
        *,
        opener: Callable[[str], object] | None = None,
        window_url: str = "",
    ) -> None:
        self.wait_seconds = wait_seconds
        self.opener = opener
        self.window_url = window_url
        self._turn = threading.Lock()
        self._pending: Dialog | None = None
        self._looked = float("-inf")
        self._changed = threading.Condition()

    def ask(self, kind: str, details: dict[str, object]) -> object:
        """Show a dialog and wait for the answer (None: the learner closed it); raises
        :class:`NoAnswer` when no answer comes in time."""
        with self._turn:
            dialog = Dialog(kind, details)
            with self._changed:
                self._pending = dialog
                self._changed.notify_all()
            try:
                if not dialog.answered.wait(OPEN_AFTER) and not self.window_open():
                    self._open()
                if not dialog.answered.wait(max(self.wait_seconds - OPEN_AFTER, 0)):
                    raise NoAnswer(
                        seconds=round(self.wait_seconds), url=self.window_url or "/hop-thoai"
                    )
                return dialog.answer
            finally:
                self._pending = None

    def window_open(self) -> bool:
        """Whether a window fetched a dialog in the last second."""
        return time.monotonic() - self._looked < 1.0

    def _open(self) -> None:
        if self.opener is not None and self.window_url:
            with contextlib.suppress(Exception):  # no browser to open: the page offers a link
                self.opener(self.window_url)

    def pending(self) -> Dialog | None:
        self._looked = time.monotonic()
        return self._pending

    def next_dialog(self, timeout: float) -> Dialog | None:
        """The pending dialog not answered yet, waiting up to ``timeout`` seconds for one
        (what a window that listens, rather than looks every 0.3 s, does: tests, benchmarks)."""
        with self._changed:
            self._changed.wait_for(
                lambda: self._pending is not None and not self._pending.answered.is_set(), timeout
            )
            self._looked = time.monotonic()
            dialog = self._pending
        return dialog if dialog is not None and not dialog.answered.is_set() else None

    def answer(self, dialog_id: str, answer: object) -> bool:
        """The window's answer to the dialog ``dialog_id``; False when it is not the one
        pending (answered already, timed out, or a guess)."""
        dialog = self._pending
        if dialog is None or not secrets.compare_digest(dialog.id, dialog_id):
            return False
        dialog.answer = answer
        dialog.answered.set()
        return True


@dataclass
class WindowLearner:
    """A :class:`~dvcedu.plugin.Learner` who answers in the service's window."""

    broker: DialogBroker

    def choose(
        self, choices: list[CertChoice], asked: Asked, preselected: str | None = None
    ) -> CertChoice | None:
        answer = self.broker.ask(
            "certificate",
            {
                "asked": asked.as_json(),
                "preselected": preselected,
                "certificates": [c.as_json() for c in choices],
            },
        )
        return next((c for c in choices if c.serial_hex == answer), None)

    def enter_pin(self, choice: CertChoice, asked: Asked) -> str | None:
        answer = self.broker.ask("pin", {"asked": asked.as_json(), "certificate": choice.as_json()})
        return answer if isinstance(answer, str) and answer else None

    def consent(self, choice: CertChoice, asked: Asked) -> bool:
        answer = self.broker.ask(
            "consent", {"asked": asked.as_json(), "certificate": choice.as_json()}
        )
        return answer is True
