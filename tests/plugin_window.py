"""The learner at the signing service's window, in a test: a thread that answers each dialog
the service asks — the certificate (the one the page named, or the first), the PIN, the OK
while the token is still logged in — and remembers what it was asked."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from dvcedu.token import TRAINING_PIN
from dvcedu.web.dialogs import DialogBroker

FIRST = object()
"""Answer the certificate list with the page's serial, or the first certificate."""


@dataclass
class Window:
    broker: DialogBroker
    certificate: object = FIRST
    pins: list[str | None] = field(default_factory=lambda: [TRAINING_PIN])
    """The PINs typed, one per PIN box; the last one again for any more (None: closed)."""
    consent: bool = True
    asked: list[dict] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def __enter__(self) -> Window:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)

    def kinds(self) -> list[str]:
        return [d["kind"] for d in self.asked]

    def _run(self) -> None:
        while not self._stop.is_set():
            dialog = self.broker.next_dialog(timeout=0.05)
            if dialog is None:
                continue
            self.asked.append(dialog.public())
            self.broker.answer(dialog.id, self._answer(dialog.kind, dialog.details))

    def _answer(self, kind: str, details: dict) -> object:
        if kind == "certificate":
            if self.certificate is FIRST:
                return details.get("preselected") or details["certificates"][0]["serial"]
            return self.certificate
        if kind == "pin":
            return self.pins.pop(0) if len(self.pins) > 1 else self.pins[0]
        return self.consent
