"""The signing service's own window: the certificate list and the PIN are asked there, never
in the portal's page.

A request from the page that needs the learner (``getCertInfo``, a ``signArrDataAdvanced``
without a cached PIN) runs in a worker thread; it puts a :class:`Dialog` here and waits. The
service's window (a page on the service's own origin, which the portal's script cannot read)
fetches the pending dialog, shows it, and posts the learner's answer back with the dialog's
random id. The PIN goes from that window to the service and on to the token — nowhere else.
One dialog at a time, as a real plugin's dialogs are modal.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field

from dvcedu.plugin import CertChoice

WAIT_SECONDS = 120.0
"""How long a dialog waits for the learner before it counts as closed (nothing is signed)."""


@dataclass
class Dialog:
    kind: str  # "certificate" or "pin"
    details: dict[str, object]
    id: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    answer: object = None
    answered: threading.Event = field(default_factory=threading.Event)

    def public(self) -> dict[str, object]:
        """What the service's window may show (never an answer)."""
        return {"id": self.id, "kind": self.kind, **self.details}


class DialogBroker:
    """Hands one dialog at a time from a worker thread to the service's window and back."""

    def __init__(self, wait_seconds: float = WAIT_SECONDS) -> None:
        self.wait_seconds = wait_seconds
        self._turn = threading.Lock()
        self._pending: Dialog | None = None

    def ask(self, kind: str, details: dict[str, object]) -> object:
        """Show a dialog and wait for the answer (None: closed, or no answer in time)."""
        with self._turn:
            dialog = self._pending = Dialog(kind, details)
            try:
                dialog.answered.wait(self.wait_seconds)
                return dialog.answer
            finally:
                self._pending = None

    def pending(self) -> Dialog | None:
        return self._pending

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
    """A :class:`~dvcedu.plugin.wire.Learner` who answers in the service's window."""

    broker: DialogBroker

    def choose(self, choices: list[CertChoice]) -> CertChoice | None:
        answer = self.broker.ask("certificate", {
            "certificates": [c.as_json() for c in choices]})
        return next((c for c in choices if c.serial_hex == answer), None)

    def enter_pin(self, choice: CertChoice) -> str | None:
        answer = self.broker.ask("pin", {"certificate": choice.as_json()})
        return answer if isinstance(answer, str) and answer else None
