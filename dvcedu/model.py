"""The recorded exchange: who sent what to whom, with the bytes that crossed.

A :class:`Transcript` is the single source for the sequence diagram, the byte tables, the
exercises and the tests: each message that crosses an actor boundary is appended once, as it
happens, by the code that sends it. Nothing is drawn from prose.
"""

from __future__ import annotations

import enum
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from dvcedu import i18n


class Actor(enum.Enum):
    """The parties of a DVCQG USB-token ceremony, left to right as in the diagram."""

    LEARNER = "learner"
    PAGE = "page"
    PLUGIN = "plugin"
    TOKEN = "token"
    PORTAL = "portal"
    SSO = "sso"
    PHONE = "phone"
    """The representative's phone, where the VNeID app approves an organisation's login."""
    CLIENT = "client"
    """Remote signing: the signer's software, a CSC client (pyHanko in notebook 11)."""
    RSSP = "rssp"
    """The remote-signing service: the CA's server whose HSM holds the signer's key."""
    APP = "app"
    """The signer's phone, where the CA's app approves a remote signature."""
    HSM = "hsm"
    """The remote-signing service's hardware security module (a SoftHSM2 token here)."""
    CA = "ca"

    def label(self, lang: str | None = None) -> str:
        """The actor's name in ``lang`` (default: the active language)."""
        return i18n.t(f"actor.{self.value}", lang)


@dataclass(frozen=True)
class Event:
    """One message crossing an actor boundary.

    ``payload`` holds the real bytes that crossed (JSON messages are kept as their UTF-8
    bytes, exactly as serialised). ``ok`` is False for a failed step: the reply that carried
    an error is recorded too, so a failure is never lost.
    """

    step: int
    sender: Actor
    receiver: Actor
    name: str
    """The message's name as the Vietnamese course shows it (:meth:`Transcript.find` looks
    for it, or for ``name_en``): a protocol name (``C_Sign``, ``POST /dang-ky``) or a
    catalogue text."""
    payload: bytes
    note_vi: str = ""
    note_en: str = ""
    ok: bool = True
    seed_step: str = ""
    name_en: str = ""

    def json(self) -> object:
        """The payload parsed as JSON (raises ValueError when it is not JSON)."""
        return json.loads(self.payload.decode("utf-8"))

    def note(self, lang: str | None = None) -> str:
        return i18n.pick(self.note_vi, self.note_en, lang)

    def label(self, lang: str | None = None) -> str:
        """The name in ``lang`` (default: the active language)."""
        return i18n.pick(self.name, self.name_en or self.name, lang)


Words = str | tuple[str, str]
"""A message id of the catalogue, a protocol name, or a (vi, en) pair already in words."""


def _in_words(text: Words, fields: dict[str, object]) -> tuple[str, str]:
    if isinstance(text, tuple):
        return text
    if text in i18n.MESSAGES:
        return i18n.t(text, "vi", **fields), i18n.t(text, "en", **fields)
    return text, text


@dataclass
class Transcript:
    """An append-only list of :class:`Event`; steps are numbered from 1 in order."""

    events: list[Event] = field(default_factory=list)
    seed_step: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    """The practice web portal records from its event loop and the signing service's worker
    threads at once: each event takes the next step number exactly once."""

    def record(
        self,
        sender: Actor,
        receiver: Actor,
        name: str,
        payload: bytes | str | dict | list,
        *,
        note: Words = "",
        ok: bool = True,
        **fields: object,
    ) -> Event:
        """Append one message; dicts and lists are stored as their canonical JSON bytes.

        ``name`` and ``note`` are message ids of the catalogue (filled in with ``fields``), or
        — for a protocol name such as ``C_Sign`` — the text itself; a note may also be a
        (vi, en) pair already in words (an error's message)."""
        name_vi, name_en = _in_words(name, fields)
        note_vi, note_en = _in_words(note, fields)
        if isinstance(payload, dict | list):
            payload = canonical_json(payload)
        elif isinstance(payload, str):
            payload = payload.encode("utf-8")
        with self._lock:
            event = Event(
                step=len(self.events) + 1,
                sender=sender,
                receiver=receiver,
                name=name_vi,
                payload=bytes(payload),
                note_vi=note_vi,
                note_en=note_en,
                ok=ok,
                seed_step=self.seed_step,
                name_en=name_en,
            )
            self.events.append(event)
        return event

    def __iter__(self) -> Iterator[Event]:
        return iter(self.events)

    def __len__(self) -> int:
        return len(self.events)

    def __getitem__(self, index: int) -> Event:
        return self.events[index]

    def find(self, name: str) -> Event:
        """The one event called ``name``, in either language (raises KeyError when absent or
        repeated)."""
        found = [e for e in self.events if name in (e.name, e.name_en)]
        if len(found) != 1:
            raise KeyError(f"{len(found)} events named {name!r} in the transcript")
        return found[0]

    def failed(self) -> list[Event]:
        return [e for e in self.events if not e.ok]


def canonical_json(value: object) -> bytes:
    """The one JSON serialisation dvcedu signs and sends: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
