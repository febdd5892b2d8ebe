"""The plugin's PIN cache, kept as a PKCS#11 program can keep it: the token stays logged in.

The library's ``signArrDataAdvanced`` takes ``clearPINCache`` ("0" unless the page says
otherwise) and the library has ``ClearPinCache`` (function 40) [confirmed: the library]; that
the real plugin then keeps the token usable without the PIN until told otherwise is inferred
from those names [unconfirmed: the plugin's own code is not public].

dvcedu keeps no PIN string. After a PIN is typed, it keeps the *session* it logged in with
(C_Login's state belongs to the token and the program, PKCS#11 v2.40 §5.6), for the one
origin the PIN was typed for, and lets go of it — C_Logout, C_CloseSession — when:

- no signature used it for :data:`IDLE_SECONDS` (``idle``);
- the page asks (``ClearPinCache``, or ``clearPINCache="1"``) (``page``);
- another site asks to sign, or a new PIN is typed (``other_origin``, ``new_pin``), or
  another part of the program logs in to the token (``other_login``);
- the token stops answering (``token_gone``), or the service stops (``stopped``).

While it is held, any page of that origin that holds a licence can ask for signatures
without the PIN — the risk the course teaches. dvcedu still shows its window before each
signature and waits for the learner's OK.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dvcedu import paths
from dvcedu.errors import TokenError

if TYPE_CHECKING:
    from dvcedu.model import Transcript
    from dvcedu.token import TokenSession

IDLE_SECONDS = 300.0
"""How long a logged-in token waits for the next signature (dvcedu's choice: the real
plugin's figure is not public)."""


def for_token(label: str, module: object = None) -> PinCache:
    """The one cache of this program for the token ``label`` (of ``module``, in this home).
    One per token, not per plugin object: the login it keeps belongs to the token and the
    program (PKCS#11 v2.40 §5.6), so every plugin object on that token shares it — as the
    real plugin is one program whatever the pages."""
    key = (label, str(module or ""), str(paths.home()))
    with _registry:
        return _CACHES.setdefault(key, PinCache())


_CACHES: dict[tuple[str, str, str], PinCache] = {}
_registry = threading.Lock()


@dataclass
class _Held:
    stack: ExitStack
    token: TokenSession
    origin: str
    transcript: Transcript
    last_used: float


@dataclass
class PinCache:
    """One logged-in session at most, for one origin. Thread-safe: the signing service asks
    from worker threads, the idle timer from its own."""

    idle_seconds: float = IDLE_SECONDS
    clock: Callable[[], float] = time.monotonic
    _held: _Held | None = field(default=None, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    _wake: threading.Condition | None = field(default=None, repr=False)
    """Wakes the idle watcher: a daemon thread that lives while a session is held."""
    _watching: bool = field(default=False, repr=False)

    def holds(self, origin: str, transcript: Transcript | None = None) -> bool:
        """Whether a signature for ``origin`` may go ahead without a PIN: a session is held
        for it, not idle too long, and still answering (a token pulled out, or a module
        reloaded, ends it here)."""
        with self._lock:
            self._expire(transcript)
            if self._held is None or self._held.origin != origin:
                return False
            if not self._held.token.logged_in:  # another login in this program ended it
                self.clear("other_login", transcript)
                return False
            try:
                self._held.token.check()
            except TokenError:
                self.clear("token_gone", transcript)
                return False
            return True

    def session(self, origin: str, transcript: Transcript | None = None) -> TokenSession | None:
        """The logged-in session for ``origin``, marked used now; None when there is none."""
        with self._lock:
            if not self.holds(origin, transcript):
                return None
            assert self._held is not None
            self._held.last_used = self.clock()
            return self._held.token

    def any_session(self) -> TokenSession | None:
        """The session held, whatever its origin (for reading public objects: the
        certificates), when it still answers; None otherwise."""
        with self._lock:
            if self._held is None or not self._held.token.logged_in:
                return None
            try:
                self._held.token.check()
            except TokenError:
                return None
            return self._held.token

    def keep(
        self, stack: ExitStack, token: TokenSession, origin: str, transcript: Transcript
    ) -> None:
        """Hold ``token`` (logged in, owned by ``stack``) for ``origin``. Whatever was held is
        let go first."""
        with self._lock:
            self.clear("new_pin", transcript)
            self._held = _Held(stack, token, origin, transcript, self.clock())
            self._watch()

    def clear(self, why: str, transcript: Transcript | None = None) -> bool:
        """Log out and close the held session, recording C_Logout and ``why`` in
        ``transcript`` (the call that ends it), or else in the one of the call that logged in
        (the idle timer's case); False when nothing was held."""
        with self._lock:
            held, self._held = self._held, None
            if self._wake is not None:
                self._wake.notify_all()
        if held is None:
            return False
        from dvcedu.model import Actor

        (transcript or held.transcript).record(
            Actor.PLUGIN, Actor.TOKEN, "C_Logout", b"", note=f"note.pin_cache_{why}"
        )
        held.stack.close()
        return True

    def _expire(self, transcript: Transcript | None = None) -> None:
        if self._held is not None and self.clock() - self._held.last_used >= self.idle_seconds:
            self.clear("idle", transcript)

    def _watch(self) -> None:
        """Wake the idle watcher (starting it when none runs), so that a token is logged out
        on time even when no call comes. It lives while a session is held and ends with it:
        a classroom process makes many caches, and a thread per cache for the process's life
        would pile up; starting one per login costs less than the PIN's C_Login."""
        if self._wake is None:
            self._wake = threading.Condition(self._lock)
        if not self._watching:
            self._watching = True
            threading.Thread(target=self._watcher, name="dvcedu-pin-cache", daemon=True).start()
        self._wake.notify_all()

    def _watcher(self) -> None:
        assert self._wake is not None
        with self._lock:
            try:
                while self._held is not None:
                    self._expire()
                    if self._held is not None:
                        left = self.idle_seconds - (self.clock() - self._held.last_used)
                        self._wake.wait(max(left, 0.05))
            finally:
                self._watching = False
