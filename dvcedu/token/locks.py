"""Locks that hold across processes, for the state several processes share in one home.

A learner double-clicks, a notebook and a terminal run at once, a trainer's script loops over
homes: two ``dvcedu token init --if-missing`` must make one token, and every wrong PIN must be
counted once. The lock files live beside what they guard (``filelock``: fcntl on POSIX,
msvcrt on Windows). One lock object per path per process, so a holder may take it again
(provisioning holds the home's lock and calls ``init_token``, which takes it too).
"""

from __future__ import annotations

import functools
from pathlib import Path

from filelock import FileLock

from dvcedu import paths

TIMEOUT = 60
"""Seconds to wait for another process; provisioning a token takes well under one."""


@functools.cache
def _lock(path: Path) -> FileLock:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    return FileLock(path, timeout=TIMEOUT)


def home_lock() -> FileLock:
    """Creating or re-initialising tokens in this ``DVCEDU_HOME``."""
    return _lock(paths.home() / "tokens.lock")


def softhsm_lock() -> FileLock:
    """Looking up and logging in to this home's SoftHSM2 tokens. SoftHSM2 rewrites a token's
    file on every C_Login (the PIN flags); a process that reads the folder meanwhile drops the
    token (TokenNotPresent) or fails its own C_Login (CKR_GENERAL_ERROR). A real token
    serialises this in its chip; here the processes take turns, a few milliseconds each."""
    return _lock(paths.home() / "softhsm.lock")


def file_lock(guarded: Path) -> FileLock:
    """Read-modify-write of one small state file."""
    return _lock(guarded.with_name(guarded.name + ".lock"))
