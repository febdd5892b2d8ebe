"""Locks that hold across processes, for the state several processes share in one home.

A learner double-clicks, a notebook and a terminal run at once, a trainer's script loops over
homes: two ``dvcedu token init --if-missing`` must make one token, and every wrong PIN must be
counted once. The lock files live beside what they guard: flock on a kept-open file on POSIX
(filelock elsewhere). One lock object per path per process, so a holder may take it again
(provisioning holds the home's lock and calls ``init_token``, which takes it too).
"""

from __future__ import annotations

import functools
import os
import threading
from pathlib import Path
from types import TracebackType

from filelock import FileLock

try:
    import fcntl
except ImportError:  # Windows: filelock's msvcrt lock
    fcntl = None  # type: ignore[assignment]


TIMEOUT = 60
"""Seconds to wait for another process; provisioning a token takes well under one."""


class _KeptOpen:
    """flock(2) on a lock file this process keeps open: two system calls a turn. filelock
    opens and closes the file on every acquire (about 0.18 ms), which on the signing path —
    several turns per signature — cost more than the rest of dvcedu's bookkeeping. No
    timeout is needed: the kernel releases a flock when its holder exits, even killed."""

    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)

    def acquire(self) -> None:
        fcntl.flock(self._fd, fcntl.LOCK_EX)

    def release(self) -> None:
        fcntl.flock(self._fd, fcntl.LOCK_UN)


class Turn:
    """A cross-process lock taken once per thread however deeply it is nested (a lookup inside
    a login inside an open): only the outermost ``with`` touches the file."""

    def __init__(self, path: Path) -> None:
        self._file: _KeptOpen | FileLock = (
            _KeptOpen(path)
            if fcntl is not None
            else FileLock(path, timeout=TIMEOUT, thread_local=False)
        )
        self._guard = threading.RLock()
        self._depth = threading.local()
        self.generation = 0
        """Counts the turns taken: a value read during a turn is still true while
        :meth:`still` says the same turn is held."""

    def __enter__(self) -> Turn:
        self._guard.acquire()
        depth = getattr(self._depth, "n", 0)
        if depth == 0:
            try:
                self._file.acquire()
            except BaseException:
                self._guard.release()
                raise
            self.generation += 1
        self._depth.n = depth + 1
        return self

    def still(self, generation: int) -> bool:
        """Whether this thread holds the turn in which ``generation`` was read."""
        return getattr(self._depth, "n", 0) > 0 and self.generation == generation

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._depth.n -= 1
        if self._depth.n == 0:
            self._file.release()
        self._guard.release()


@functools.cache
def _lock(path: Path) -> Turn:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    return Turn(path)


def home_lock(home: Path) -> Turn:
    """Creating or re-initialising tokens in ``home``."""
    return _lock(home / "tokens.lock")


def softhsm_lock(home: Path) -> Turn:
    """Looking up and logging in to ``home``'s SoftHSM2 tokens. SoftHSM2 rewrites a token's
    file on every C_Login (the PIN flags); a process that reads the folder meanwhile drops the
    token (TokenNotPresent) or fails its own C_Login (CKR_GENERAL_ERROR). A real token
    serialises this in its chip; here the processes take turns, a few milliseconds each.
    (Asked several times per signature: one dictionary look-up, without a stat.)"""
    turn = _softhsm_turns.get(home)
    if turn is None:
        turn = _softhsm_turns[home] = _lock(home / "softhsm.lock")
    return turn


_softhsm_turns: dict[Path, Turn] = {}


def file_lock(guarded: Path) -> Turn:
    """Read-modify-write of one small state file."""
    return _lock(guarded.with_name(guarded.name + ".lock"))
