"""Who counts wrong PINs: the token itself, or — for SoftHSM2 — dvcedu, in a file.

SoftHSM2 has no lockout: a wrong PIN only sets CKF_USER_PIN_COUNT_LOW, and it never sets
CKF_USER_PIN_FINAL_TRY or CKF_USER_PIN_LOCKED (SoftHSMv2 ``Token::loginUser``). Real USB tokens
do lock, after a vendor-chosen number of tries. So that learners meet lockout safely, dvcedu
counts failures itself for SoftHSM2 tokens and reports them with the PKCS#11 flag names,
always labelled "simulated". Hardware tokens keep their own counter; this one is off for them.

A session is given one of two :class:`Lockout` policies (by ``open_token``; the default is
the loaded module's, :attr:`~dvcedu.token.library.Module.lockout`, made by :func:`lockout_for`):

* :class:`TokenLockout` — the token counts. Its own CKF_USER_PIN_COUNT_LOW / FINAL_TRY / LOCKED
  flags are the truth; dvcedu only reads them.
* :class:`SimulatedLockout` — SoftHSM2, which has no counter. dvcedu keeps one and adds the
  flags a real token would set, each marked simulated.

The simulated counter is a small JSON file per token serial under ``DVCEDU_HOME/pin-policy/``, so a
restarted kernel or another process still sees a locked token. Each change is a locked
read-modify-write with an atomic rename, and logins take turns (``locks.softhsm_lock``), so
every wrong PIN is counted exactly once and concurrent right PINs all succeed.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from dvcedu.token.environment import DEFAULT_MAX_TRIES
from dvcedu.token.locks import file_lock


@dataclass(frozen=True)
class PinState:
    """How many wrong PINs in a row, out of how many allowed."""

    failures: int
    max_tries: int

    @property
    def tries_left(self) -> int:
        return max(self.max_tries - self.failures, 0)

    @property
    def locked(self) -> bool:
        return self.tries_left == 0

    def flags(self) -> tuple[str, ...]:
        """The PKCS#11 token flags a real token would report in this state (§6.7.3)."""
        flags = []
        if self.failures:
            flags.append("CKF_USER_PIN_COUNT_LOW")
        if self.tries_left == 1:
            flags.append("CKF_USER_PIN_FINAL_TRY")
        if self.locked:
            flags.append("CKF_USER_PIN_LOCKED")
        return tuple(flags)


Stamp = tuple[str, int, int, int]


class PinCounter:
    """The persisted counter of one token; ``max_tries`` until the file says otherwise."""

    def __init__(
        self,
        path: Path,
        max_tries: int = DEFAULT_MAX_TRIES,
        memo: dict[str, tuple[Stamp, PinState]] | None = None,
    ) -> None:
        self.path = path
        self.max_tries = max_tries
        self._memo = {} if memo is None else memo

    @classmethod
    def for_token(
        cls,
        home: Path,
        serial: str,
        max_tries: int = DEFAULT_MAX_TRIES,
        memo: dict[str, tuple[Stamp, PinState]] | None = None,
    ) -> PinCounter:
        safe = "".join(c for c in serial if c.isalnum()) or "unknown"
        return cls(home / "pin-policy" / f"{safe}.json", max_tries, memo)

    def state(self) -> PinState:
        """The persisted state (read again only when the file changed: every C_GetTokenInfo
        of a SoftHSM2 token asks)."""
        try:
            seen = os.stat(self.path)
        except OSError:
            return PinState(0, self.max_tries)
        stamp = (str(self.path), seen.st_mtime_ns, seen.st_size, seen.st_ino)
        cached = self._memo.get(stamp[0])
        if cached is not None and cached[0] == stamp:
            return cached[1]
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            state = PinState(int(data["failures"]), int(data["max_tries"]))
        except (OSError, ValueError, KeyError, TypeError):
            return PinState(0, self.max_tries)
        self._memo[stamp[0]] = (stamp, state)
        return state

    def record_failure(self) -> PinState:
        with file_lock(self.path):
            now = self.state()
            return self._write(PinState(min(now.failures + 1, now.max_tries), now.max_tries))

    def reset(self, max_tries: int | None = None) -> PinState:
        with file_lock(self.path):
            return self._write(PinState(0, max_tries or self.state().max_tries))

    def _write(self, state: PinState) -> PinState:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        text = json.dumps(
            {
                "simulated": True,
                "why": "SoftHSM2 has no PIN lockout; dvcedu simulates one for training",
                "failures": state.failures,
                "max_tries": state.max_tries,
            },
            indent=1,
        )
        # A temporary file of this process's own, then an atomic rename: a killed process
        # never leaves half a file, and two processes never write the same temporary file.
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.stem, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write(text)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return state


class Lockout(Protocol):
    """Who keeps the PIN's retry count. ``state`` and ``failed`` return ``None`` when the
    token keeps it itself: then its CKF_USER_PIN_* flags say what there is to say."""

    @property
    def simulated(self) -> bool:
        """Whether dvcedu keeps the count (SoftHSM2) rather than the token."""

    @property
    def max_tries(self) -> int | None:
        """The simulated limit; ``None`` when the token keeps its own."""

    def state(self, serial: str) -> PinState | None:
        """The count now."""

    def failed(self, serial: str) -> PinState | None:
        """Count one wrong PIN; the count now."""

    def succeeded(self, serial: str) -> None:
        """A right PIN: the count starts again."""


@dataclass(frozen=True)
class TokenLockout:
    """A token that counts for itself (every hardware token): dvcedu counts nothing."""

    simulated = False
    max_tries = None

    def state(self, serial: str) -> None:
        return None

    def failed(self, serial: str) -> None:
        return None

    def succeeded(self, serial: str) -> None:
        return None


@dataclass(frozen=True)
class SimulatedLockout:
    """dvcedu's counter for a token without one (SoftHSM2), kept under ``home``."""

    home: Path
    max_tries: int = DEFAULT_MAX_TRIES
    simulated = True
    _read: dict[str, tuple[Stamp, PinState]] = field(
        default_factory=dict, compare=False, repr=False
    )
    """The last state read from each counter file, with the file's stat stamp."""

    def counter(self, serial: str) -> PinCounter:
        return PinCounter.for_token(self.home, serial, self.max_tries, self._read)

    def state(self, serial: str) -> PinState:
        return self.counter(serial).state()

    def failed(self, serial: str) -> PinState:
        return self.counter(serial).record_failure()

    def succeeded(self, serial: str) -> None:
        counter = self.counter(serial)
        if counter.state().failures:
            counter.reset()


def lockout_for(
    is_softhsm: bool, home: Path | None = None, *, max_tries: int = DEFAULT_MAX_TRIES
) -> Lockout:
    """The policy a token needs: SoftHSM2 is simulated (in ``home``, the module's), every
    other token counts itself."""
    if not is_softhsm:
        return TokenLockout()
    if home is None:
        raise ValueError("a simulated lockout needs the home its counters live in")
    return SimulatedLockout(home, max_tries)
