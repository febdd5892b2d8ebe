"""Who answers the plugin's windows, and what the windows show them.

The real plugin opens its own native windows: the certificate list, and the PIN box. dvcedu's
plugin asks a :class:`Learner` — a person at a widget or in the signing service's window, or a
script in a test — and always shows them an :class:`Asked`: which site is asking, for which
function, and what exactly will be signed. Nothing is signed without the learner's answer: a
PIN typed, or, while the plugin keeps the token logged in, an explicit OK.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Protocol

from dvcedu.plugin.plugin import CertChoice


@dataclass(frozen=True)
class Item:
    """One thing to sign, as the window shows it: its format, size and SHA-256."""

    format: str
    size: int
    sha256: str

    @classmethod
    def of(cls, format: str, data: bytes) -> Item:
        return cls(format, len(data), hashlib.sha256(data).hexdigest())

    def as_json(self) -> dict[str, object]:
        return {"format": self.format, "bytes": self.size, "sha256": self.sha256}


@dataclass(frozen=True)
class Asked:
    """What the plugin's window says with each dialog: the site that asks (the origin the
    browser reported, not what the page claims), the function it called, and the items."""

    origin: str
    function: str
    items: tuple[Item, ...] = ()

    def as_json(self) -> dict[str, object]:
        return {
            "origin": self.origin,
            "function": self.function,
            "items": [item.as_json() for item in self.items],
        }


class Learner(Protocol):
    """Who answers the plugin's dialogs."""

    def choose(
        self, choices: list[CertChoice], asked: Asked, preselected: str | None = None
    ) -> CertChoice | None:
        """The certificate picked from the list (``preselected``: the serial the page named),
        or None when the list is closed."""
        ...

    def enter_pin(self, choice: CertChoice, asked: Asked) -> str | None:
        """The PIN typed for ``choice`` (None: the PIN box was closed)."""
        ...

    def consent(self, choice: CertChoice, asked: Asked) -> bool:
        """OK or Cancel, while the token is still logged in (no PIN is asked then)."""
        ...


@dataclass
class ScriptedLearner:
    """Picks the certificate whose UID (or serial) is ``pick`` (the page's choice, or the
    first, when None), types ``pin`` (None = closes the PIN box) and answers OK when
    ``consents``."""

    pin: str | None
    pick: str | None = None
    consents: bool = True

    def choose(
        self, choices: list[CertChoice], asked: Asked, preselected: str | None = None
    ) -> CertChoice | None:
        wanted = self.pick or preselected
        if wanted is None:
            return choices[0] if choices else None
        return next((c for c in choices if wanted in (c.identifier, c.serial_hex)), None)

    def enter_pin(self, choice: CertChoice, asked: Asked) -> str | None:
        return self.pin

    def consent(self, choice: CertChoice, asked: Asked) -> bool:
        return self.consents
