"""Finding the PKCS#11 module (the token's driver library).

Search order, first hit wins:

1. the path passed in by the caller;
2. ``DVCEDU_PKCS11_MODULE``;
3. ``PYKCS11LIB`` (what PyKCS11 itself reads);
4. SoftHSM2 at its usual place on this platform (:data:`SOFTHSM_PATHS`);
5. the modules of Vietnamese CA tokens and chip vendors (:data:`VENDOR_MODULES`).

An explicit choice (1–3) that points at a missing file is an error, never a silent fall-through:
the learner asked for that file and must hear that it is not there.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from dvcedu.errors import ModuleNotFound
from dvcedu.token.environment import Environment


@dataclass(frozen=True)
class VendorModule:
    """One known PKCS#11 module of a CA token or chip vendor.

    ``status`` keeps the honesty of the research (``domain/dvcqg-and-vn-pki.md`` §4) about the
    module's NAME: ``confirmed`` = seen in real installers or vendor code; ``secondary`` = one
    third-party source; ``unconfirmed`` = a guess that dvcedu does not search for.
    ``run`` says whether dvcedu itself has signed through it (in its test suite); only those
    rows are known to work, not just to exist.
    """

    vendor: str
    os: str
    path: str
    status: str
    note: str = ""
    """A message id of the catalogue (``module.note.*``), or "" — shown in the learner's
    language."""
    run: bool = False


SOFTHSM_PATHS: Mapping[str, tuple[str, ...]] = {
    "linux": (
        "/usr/lib/softhsm/libsofthsm2.so",  # Debian / Ubuntu (libsofthsm2)
        "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
        "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
        "/usr/lib64/pkcs11/libsofthsm2.so",  # Fedora
        "/usr/local/lib/softhsm/libsofthsm2.so",  # built from source
    ),
    "darwin": (
        "/opt/homebrew/lib/softhsm/libsofthsm2.so",  # Homebrew on Apple silicon
        "/usr/local/lib/softhsm/libsofthsm2.so",  # Homebrew on Intel
    ),
    "win32": (
        r"C:\SoftHSM2\lib\softhsm2-x64.dll",  # SoftHSM2-for-Windows (Disig) installer
        r"C:\SoftHSM2\lib\softhsm2.dll",
    ),
}
"""Where SoftHSM2's module lives, per platform (PyKCS11's get_PYKCS11LIB.py + package lists)."""

_SYS32 = r"C:\Windows\System32"

VENDOR_MODULES: tuple[VendorModule, ...] = (
    # VNPT-CA: DLL names from several public configurations; install path seen once.
    VendorModule("VNPT-CA", "win32", _SYS32 + r"\vnpt-ca_csp11.dll", "confirmed"),
    VendorModule(
        "VNPT-CA",
        "win32",
        r"C:\Program Files\VNPT\VNPT-CA\vnpt-ca_p11_v10.dll",
        "secondary",
        "module.note.install_path",
    ),
    VendorModule("VNPT-CA", "win32", _SYS32 + r"\vnptca_p11_v8.dll", "confirmed"),
    VendorModule("VNPT-CA", "win32", _SYS32 + r"\vnpt-ca_v34.dll", "confirmed"),
    VendorModule("VNPT-CA", "linux", "", "unconfirmed", "module.note.no_linux"),
    # Viettel-CA: often SafeNet middleware underneath.
    VendorModule("Viettel-CA", "win32", _SYS32 + r"\viettel-ca_v6.dll", "confirmed"),
    VendorModule("Viettel-CA", "win32", _SYS32 + r"\viettel-ca_v5.dll", "confirmed"),
    VendorModule("Viettel-CA", "win32", _SYS32 + r"\viettel-ca.dll", "confirmed"),
    VendorModule("Viettel-CA", "linux", "", "unconfirmed", "module.note.no_linux"),
    # FPT-CA: the Linux module is a 32-bit ELF (needs a 32-bit helper on 64-bit hosts).
    VendorModule("FPT-CA", "win32", _SYS32 + r"\fptca_v4.dll", "confirmed"),
    VendorModule("FPT-CA", "win32", _SYS32 + r"\fptca_v3.dll", "confirmed"),
    VendorModule("FPT-CA", "linux", "/usr/lib/fptca_v4.so", "confirmed", "module.note.elf32"),
    VendorModule("FPT-CA", "darwin", "/usr/local/lib/fptca_v4.dylib", "secondary"),
    # BKAV-CA
    VendorModule("BKAV-CA", "win32", _SYS32 + r"\BkavCA.dll", "confirmed"),
    VendorModule("BKAV-CA", "win32", _SYS32 + r"\bkavcaetoken.dll", "confirmed"),
    VendorModule("BKAV-CA", "linux", "", "unconfirmed", "module.note.no_linux"),
    # CA2 (Nacencomm), Safe-CA, others
    VendorModule("CA2", "win32", _SYS32 + r"\CA2_v34.dll", "confirmed"),
    VendorModule("CA2", "win32", _SYS32 + r"\CA2_csp11.dll", "confirmed"),
    VendorModule("Safe-CA", "win32", _SYS32 + r"\safe-ca.dll", "confirmed"),
    VendorModule("NEWTEL-CA", "win32", _SYS32 + r"\NEWTEL-CA.dll", "confirmed"),
    # Chip vendors under the CA brands (the token's manufacturerID names these)
    VendorModule("Feitian ePass2003", "win32", _SYS32 + r"\eps2003csp11.dll", "confirmed"),
    VendorModule("Feitian ePass2003", "linux", "/usr/lib/libcastle.so.1.0.0", "confirmed"),
    VendorModule(
        "Feitian ePass2003", "darwin", "/usr/local/lib/libcastle_v2.1.0.0.dylib", "confirmed"
    ),
    VendorModule("SafeNet eToken", "win32", _SYS32 + r"\eTPKCS11.dll", "confirmed"),
    VendorModule("SafeNet eToken", "linux", "/usr/lib/libeTPkcs11.so", "secondary"),
    VendorModule("SafeNet eToken", "darwin", "/usr/local/lib/libeTPkcs11.dylib", "secondary"),
    VendorModule("Watchdata", "win32", _SYS32 + r"\WDPKCS.dll", "confirmed"),
    VendorModule("Watchdata", "linux", "/usr/lib/libwdpkcs.so", "secondary"),
    VendorModule(
        "OpenSC",
        "linux",
        "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so",
        "secondary",
        "module.note.opensc",
    ),
)
"""Vietnamese CA token modules and chip-vendor modules, by OS (§4 of the research notes).
Rows with an empty path record what is NOT known, so the notebooks can say so."""

SOFTWARE_TOKENS: tuple[VendorModule, ...] = (
    VendorModule(
        "SoftHSM2",
        "linux",
        "/usr/lib/softhsm/libsofthsm2.so",
        "confirmed",
        "module.note.training",
        run=True,
    ),
    VendorModule(
        "opencryptoki soft token",
        "linux",
        "/usr/lib/x86_64-linux-gnu/pkcs11/libopencryptoki.so",
        "confirmed",
        "module.note.opencryptoki",
        run=True,
    ),
)
"""The software tokens dvcedu's test suite signs through. Not CA tokens, so never searched
for: a CA's module is found from VENDOR_MODULES, SoftHSM2 from SOFTHSM_PATHS."""


@dataclass(frozen=True)
class ModuleChoice:
    """The module dvcedu will load, and why that one."""

    path: Path
    source: str


def platform_key(platform: str | None = None) -> str:
    p = platform or sys.platform
    return "linux" if p.startswith("linux") else p


def candidates(platform: str | None = None) -> list[tuple[str, str]]:
    """Every (path, source) that step 4–5 of the search would try on ``platform``."""
    key = platform_key(platform)
    found = [(p, "SoftHSM2") for p in SOFTHSM_PATHS.get(key, ())]
    found += [
        (m.path, m.vendor)
        for m in VENDOR_MODULES
        if m.os == key and m.path and m.status != "unconfirmed"
    ]
    return found


def find_module(
    explicit: str | os.PathLike[str] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    exists: Callable[[str], bool] = os.path.isfile,
) -> ModuleChoice:
    """Pick the PKCS#11 module, in the documented order; raise ModuleNotFound naming the file."""
    env = Environment.read().variables() if environ is None else environ
    for value, source in (
        (explicit, "module=…"),
        (env.get("DVCEDU_PKCS11_MODULE"), "DVCEDU_PKCS11_MODULE"),
        (env.get("PYKCS11LIB"), "PYKCS11LIB"),
    ):
        if value:
            if not exists(str(value)):
                raise ModuleNotFound(path=str(value), source=source)
            return ModuleChoice(Path(value), source)
    tried = candidates(platform)
    for path, source in tried:
        if exists(path):
            return ModuleChoice(Path(path), source)
    raise ModuleNotFound("module.none", tried=", ".join(p for p, _ in tried) or "-")
