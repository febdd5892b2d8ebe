"""SoftHSM2 as the training token, set up entirely from Python.

dvcedu never uses the system SoftHSM2 configuration (its token folder is root-only on Debian
and shared between users). It writes its own ``softhsm2.conf`` and token folder under
``DVCEDU_HOME`` and sets ``SOFTHSM2_CONF`` before the module is loaded, because SoftHSM2 reads
its configuration once, in ``C_Initialize`` (softhsm2.conf(5)).
"""

from __future__ import annotations

import os
from pathlib import Path

CONF_NAME = "softhsm2.conf"


def is_softhsm_path(path: str | os.PathLike[str]) -> bool:
    """True when the module may load SoftHSM2 — its own file, or p11-kit's proxy, which loads
    the modules registered with p11-kit (Debian's softhsm2 registers itself) — so dvcedu's
    ``softhsm2.conf`` must be in place first. Confirmed after loading, by what the module and
    its tokens say (``library``)."""
    name = Path(path).name.lower()
    return "softhsm" in name or name.startswith("p11-kit-proxy")


def conf_text(token_dir: Path) -> str:
    # slots.removable: the training token reports CKF_REMOVABLE_DEVICE, like a USB token.
    return (
        "# Written by dvcedu: the training token of this DVCEDU_HOME. Safe to delete.\n"
        f"directories.tokendir = {token_dir}\n"
        "objectstore.backend = file\n"
        "log.level = ERROR\n"
        "slots.removable = true\n"
    )


def write_conf(home: Path) -> Path:
    """Write (if needed) ``home``'s softhsm2.conf and return its path (the loader points
    ``SOFTHSM2_CONF`` at it: ``environment.point_softhsm_at``)."""
    token_dir = home / "tokens"
    token_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    conf = home / CONF_NAME
    text = conf_text(token_dir)
    if not conf.is_file() or conf.read_text(encoding="utf-8") != text:
        conf.write_text(text, encoding="utf-8")
    return conf
