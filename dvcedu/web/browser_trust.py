"""Make the learner's browsers trust the signing service's loopback certificate, where a
program can: the shared NSS database of the user (``~/.pki/nssdb``), which Chrome, Chromium,
Cốc Cốc and Edge read on Linux [confirmed: Chromium's Linux cert management docs]. Firefox
keeps its own database per profile and macOS/Windows their system stores: for those the
command says what to do by hand (or: open the plugin's address once and accept).

What is trusted is this home's own loopback CA (``tls.py``): name-constrained to localhost,
its key never leaving the home — never the training PKI, whose keys are public.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from dvcedu.errors import ConfigError
from dvcedu.web.tls import LoopbackTls

NICKNAME = "dvcedu loopback CA (this computer only)"


def nssdb(home: Path | None = None) -> Path:
    return (home or Path.home()) / ".pki" / "nssdb"


def trust(tls: LoopbackTls, *, home: Path | None = None) -> Path:
    """Add the loopback CA to the user's NSS database (made when missing); returns it."""
    certutil = _certutil(tls.ca_file)
    database = nssdb(home)
    if not (database / "cert9.db").is_file():
        database.mkdir(parents=True, exist_ok=True)
        _run(certutil, "-N", "-d", f"sql:{database}", "--empty-password")
    subprocess.run(
        [certutil, "-D", "-d", f"sql:{database}", "-n", NICKNAME], capture_output=True, check=False
    )  # a CA of an earlier set-up, replaced
    _run(
        certutil, "-A", "-d", f"sql:{database}", "-n", NICKNAME, "-t", "C,,", "-i", str(tls.ca_file)
    )
    return database


def untrust(*, home: Path | None = None) -> bool:
    """Remove it again; False when it was not there."""
    database = nssdb(home)
    if not (database / "cert9.db").is_file():
        return False
    done = subprocess.run(
        [_certutil(None), "-D", "-d", f"sql:{database}", "-n", NICKNAME],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


def _certutil(ca: Path | None) -> str:
    found = shutil.which("certutil")
    if found is None:
        raise ConfigError("trust.no_certutil", ca=str(ca or "local-ca.pem"))
    return found


def _run(*args: str) -> None:
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ConfigError("trust.failed", detail=(done.stderr or done.stdout).strip()[-300:])
