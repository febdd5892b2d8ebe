"""Poppler's tools: ``pdftoppm`` to show the dossier's page, and a second opinion from
another program, poppler's ``pdfsig``, which checks PDF signatures
with Mozilla's NSS — not pyHanko, not Python — as a PDF reader on the learner's computer would.

NSS trusts what its certificate database holds. ``pdfsig`` here gets a database of its own,
made for one run, holding the training root (trusted as a CA) and its CAs, as a computer holds
them after the token's driver installed the CA certificates. ``-no-ocsp``: NSS would otherwise
ask each certificate's OCSP address, which for the training CAs is on no network; revocation is
pyHanko's job here, with the CRLs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives.serialization import Encoding

from dvcedu.errors import ConfigError
from dvcedu.pki.trust import Trust

TIMEZONE = "Asia/Ho_Chi_Minh"
"""pdfsig prints the signing time in the computer's zone; the course's is Hà Nội's."""


def pdfsig(pdf: bytes, *, trust: Trust, name: str = "ho-so.pdf") -> str:
    """What ``pdfsig`` prints about ``pdf`` (``name`` is the file name it shows)."""
    tools = {tool: shutil.which(tool) for tool in ("pdfsig", "certutil")}
    for tool, package in (("pdfsig", "poppler-utils"), ("certutil", "libnss3-tools")):
        if tools[tool] is None:
            raise ConfigError("dossier.needs_tool", tool=tool, package=package)
    with tempfile.TemporaryDirectory(prefix="dvcedu-nss-") as folder:
        work = Path(folder)
        database = f"sql:{work}"
        _run([tools["certutil"], "-N", "-d", database, "--empty-password"])
        for number, cert in enumerate(trust.roots + trust.intermediates):
            der = work / f"ca-{number}.der"
            der.write_bytes(cert.public_bytes(Encoding.DER))
            flags = "C,C,C" if cert in trust.roots else ",,"
            _run(
                [
                    tools["certutil"],
                    "-A",
                    "-d",
                    database,
                    "-n",
                    f"ca-{number}",
                    "-t",
                    flags,
                    "-i",
                    str(der),
                ]
            )
        (work / name).write_bytes(pdf)
        done = subprocess.run(
            [tools["pdfsig"], "-no-ocsp", "-nssdir", database, name],
            cwd=work,
            capture_output=True,
            text=True,
            env={**os.environ, "TZ": TIMEZONE},
            check=False,
        )
    return (done.stdout + done.stderr).strip()


def page_png(pdf: bytes, *, dpi: int = 60) -> bytes:
    """The first page of ``pdf`` as a PNG, drawn by ``pdftoppm`` (what a PDF reader shows)."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise ConfigError("dossier.needs_tool", tool="pdftoppm", package="poppler-utils")
    with tempfile.TemporaryDirectory(prefix="dvcedu-page-") as folder:
        work = Path(folder)
        (work / "in.pdf").write_bytes(pdf)
        _run(
            [
                tool,
                "-png",
                "-r",
                str(dpi),
                "-singlefile",
                "-f",
                "1",
                "-l",
                "1",
                str(work / "in.pdf"),
                str(work / "page"),
            ]
        )
        return (work / "page.png").read_bytes()


def _run(command: list[str]) -> None:
    subprocess.run(command, capture_output=True, check=True)
