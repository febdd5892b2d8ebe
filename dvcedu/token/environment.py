"""The environment, read in one place: which PKCS#11 module, whose home, how many PIN tries.

Nothing else in ``token/`` reads ``os.environ``. :meth:`Environment.read` turns the variables
into a value; :func:`dvcedu.token.library.load` turns that value (and a caller's explicit
module path) into a loaded :class:`~dvcedu.token.library.Module`, which everything below is
given. A test, a notebook or a classroom's process that changes ``DVCEDU_HOME`` gets another
module the next time it asks — never a cache keyed on a variable somewhere else.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from dvcedu import paths

DEFAULT_MAX_TRIES = 5
"""Five, a figure that circulates for Vietnamese CA tokens (unconfirmed for every vendor)."""

NAMES = (
    "DVCEDU_PKCS11_MODULE",
    "PYKCS11LIB",
    "DVCEDU_HOME",
    "SOFTHSM2_CONF",
    "DVCEDU_PIN_MAX_TRIES",
)
"""The variables the token layer obeys."""


@dataclass(frozen=True)
class Environment:
    """What the variables say (``None``: not set)."""

    pkcs11_module: str | None = None
    """``DVCEDU_PKCS11_MODULE``: the module to load, before everything else."""
    pykcs11lib: str | None = None
    """``PYKCS11LIB``: what PyKCS11 itself reads, second."""
    home: str | None = None
    """``DVCEDU_HOME``: the learner's folder (SoftHSM2's tokens, the PIN counters, the locks)."""
    softhsm2_conf: str | None = None
    """``SOFTHSM2_CONF``: which configuration SoftHSM2 reads when it is loaded."""
    pin_max_tries: str | None = None
    """``DVCEDU_PIN_MAX_TRIES``: the simulated lockout's limit (5 when unset or not a number)."""

    @classmethod
    def read(cls) -> Environment:
        """The environment now: the one read of ``os.environ`` in the token layer."""
        return cls(*(os.environ.get(name) for name in NAMES))

    def variables(self) -> dict[str, str]:
        """The variables that are set, by name (what :func:`~dvcedu.token.modules.find_module`
        reads)."""
        values = (
            self.pkcs11_module,
            self.pykcs11lib,
            self.home,
            self.softhsm2_conf,
            self.pin_max_tries,
        )
        return {name: value for name, value in zip(NAMES, values, strict=True) if value}

    @property
    def home_folder(self) -> Path:
        """The learner's folder, made if needed (see :func:`dvcedu.paths.home`)."""
        return paths.home_at(self.home or "")

    @property
    def max_tries(self) -> int:
        try:
            value = int(self.pin_max_tries or DEFAULT_MAX_TRIES)
        except ValueError:
            return DEFAULT_MAX_TRIES
        return value if value > 0 else DEFAULT_MAX_TRIES


def point_softhsm_at(conf: Path) -> None:
    """Set ``SOFTHSM2_CONF`` for the SoftHSM2 about to be loaded: it reads the variable once,
    in C_Initialize (softhsm2.conf(5)), so the process's environment is the only way in."""
    os.environ["SOFTHSM2_CONF"] = str(conf)
