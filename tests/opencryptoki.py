"""A second, independent PKCS#11 implementation for the token tests: opencryptoki's software
token (Debian's ``opencryptoki``), set up the way a CA delivers a token — initialised, the user
PIN set, the key and the certificate written with OpenSC's ``pkcs11-tool``.

It needs root (the slot daemon ``pkcsslotd`` and ``/var/lib/opencryptoki``); tests that use it
skip, saying why, where it cannot run. ``make test`` on CI runs as root with the package
installed (scripts/ensure-system-deps.sh test).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

MODULE = "/usr/lib/x86_64-linux-gnu/pkcs11/libopencryptoki.so"
LABEL = "DVCEDU-OCK"
SLOT = "3"
"""The software token's slot in Debian's /etc/opencryptoki/opencryptoki.conf."""
SO_PIN = "87654321"
"""opencryptoki's documented default SO PIN; C_InitToken needs it."""
PIN = "12345678"


def why_not() -> str | None:
    """Why opencryptoki's soft token cannot be used here, or None."""
    if not os.path.isfile(MODULE):
        return "opencryptoki is not installed (apt-get install opencryptoki)"
    if os.geteuid() != 0:
        return "opencryptoki's slot daemon needs root"
    if not shutil.which("pkcs11-tool") or not shutil.which("pkcsslotd"):
        return "pkcs11-tool (opensc) or pkcsslotd (opencryptoki) is missing"
    return None


def _run(*args: str) -> str:
    done = subprocess.run(list(args), capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:4])}…: {done.stdout[-500:]} {done.stderr[-500:]}")
    return done.stdout


TMPFILES = Path("/usr/lib/tmpfiles.d/opencryptoki.conf")
"""The folders the package expects (token stores, locks); a container may have lost them."""


def _make_folders() -> None:
    import grp

    group = grp.getgrnam("pkcs11").gr_gid
    lines = TMPFILES.read_text().splitlines() if TMPFILES.exists() else []
    for fields in (line.split() for line in lines):
        if len(fields) >= 3 and fields[0] == "d":
            folder = Path(fields[1])
            folder.mkdir(parents=True, exist_ok=True)
            folder.chmod(int(fields[2], 8))
            os.chown(folder, 0, group)
    Path("/run/opencryptoki").mkdir(parents=True, exist_ok=True)


def daemon_running() -> bool:
    """A live pkcsslotd (a zombie left by a killed one does not count)."""
    states = subprocess.run(
        ["ps", "-C", "pkcsslotd", "-o", "stat="], capture_output=True, text=True
    ).stdout.split()
    return any(not state.startswith("Z") for state in states)


def start_daemon() -> None:
    _make_folders()
    if not daemon_running():
        _run("pkcsslotd")


def restart_daemon() -> None:
    """Stop every pkcsslotd (one left by an earlier run may hold state that is gone) and start
    a fresh one."""
    subprocess.run(["pkill", "-x", "pkcsslotd"], capture_output=True)
    for _ in range(50):
        if not daemon_running():
            break
        time.sleep(0.1)
    start_daemon()


def deliver(identity: str = "enterprise") -> bytes:
    """Initialise the soft token as LABEL, set its PIN, write the identity's key and
    certificate with pkcs11-tool (CKA_ID = the certificate's SKI). Returns the CKA_ID."""
    from dvcedu.pki import samples

    ident = samples.identity(identity)
    return deliver_key(ident.key_pem(), ident.certificate, identity)


def deliver_key(key_pem: bytes, certificate, name: str) -> bytes:
    """The same for any key (PKCS#8 PEM, RSA or EC) and its certificate."""
    from cryptography.hazmat.primitives.serialization import Encoding

    from dvcedu import lab

    tool = ["pkcs11-tool", "--module", MODULE, "--slot", SLOT]
    # C_InitToken is refused while any process has a session on the token: under pytest-xdist
    # another worker may be listing every module for a moment (doctor, p11-kit's proxy)
    for _ in range(40):
        try:
            _run(*tool, "--init-token", "--so-pin", SO_PIN, "--label", LABEL)
            break
        except RuntimeError as error:
            if "CKR_SESSION_EXISTS" not in str(error):
                raise
            time.sleep(0.25)
    else:
        _run(*tool, "--init-token", "--so-pin", SO_PIN, "--label", LABEL)
    _run(*tool, "--login", "--login-type", "so", "--so-pin", SO_PIN, "--init-pin", "--pin", PIN)
    key_id = lab.key_id_for(certificate)
    with tempfile.TemporaryDirectory() as folder:
        key, cert = Path(folder) / "key.pem", Path(folder) / "cert.der"
        key.write_bytes(key_pem)
        cert.write_bytes(certificate.public_bytes(Encoding.DER))
        for path, kind in ((key, "privkey"), (cert, "cert")):
            _run(
                *tool,
                "--login",
                "--pin",
                PIN,
                "--write-object",
                str(path),
                "--type",
                kind,
                "--id",
                key_id.hex(),
                "--label",
                name,
            )
    return key_id
