"""``dvcedu doctor``: is this machine ready for the course? One line per check, with the fix.

The checks follow the path a learner's first signature takes: Python and packages → the
PKCS#11 module → a writable DVCEDU_HOME for SoftHSM2 → the training token with its
certificate → the sample PKI files. Only the training path decides the exit code; the notebook
extras are reported but optional (the CLI works without them).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import sys
from dataclasses import asdict, dataclass

from dvcedu import i18n, paths
from dvcedu.errors import DvceduError


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""
    required: bool = True


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def check_python() -> Check:
    ok = sys.version_info >= (3, 11)
    core = {d: _version(d) for d in ("PyKCS11", "cryptography", "asn1crypto")}
    missing = [d for d, v in core.items() if v is None]
    detail = f"Python {sys.version.split()[0]}; " + ", ".join(
        f"{d} {v or '-'}" for d, v in core.items()
    )
    fix = i18n.t("doctor.fix_python") if not ok or missing else ""
    return Check(i18n.t("doctor.python"), ok and not missing, detail, fix)


def check_notebook_extras() -> Check:
    extras = {d: _version(d) for d in ("jupyterlab", "ipywidgets", "matplotlib")}
    missing = [d for d, v in extras.items() if v is None]
    detail = ", ".join(f"{d} {v or '-'}" for d, v in extras.items())
    return Check(
        i18n.t("doctor.notebook"),
        not missing,
        detail,
        i18n.t("doctor.fix_notebook") if missing else "",
        required=False,
    )


def check_module() -> Check:
    from dvcedu.token import load_module

    try:
        choice = load_module().choice
    except DvceduError as error:
        return Check(i18n.t("doctor.module"), False, error.message(), i18n.t("doctor.fix_module"))
    return Check(i18n.t("doctor.module"), True, f"{choice.path} ({choice.source})")


def check_home() -> Check:
    try:
        home = paths.home()
        probe = home / ".write-test"
        probe.write_text("ok", encoding="utf-8")
        probe.unlink()
    except OSError as error:
        return Check(i18n.t("doctor.home"), False, str(error), i18n.t("doctor.fix_home"))
    conf = os.environ.get("SOFTHSM2_CONF")
    return Check(
        i18n.t("doctor.home"),
        True,
        f"DVCEDU_HOME={home}" + (f"; SOFTHSM2_CONF={conf}" if conf else ""),
    )


def check_token(label: str) -> Check:
    from dvcedu.token import holds_training_tokens, open_token

    # a training token can be made; a real one comes from its CA
    fix = i18n.t("doctor.fix_token" if holds_training_tokens() else "doctor.fix_real_token")
    try:
        with open_token(label) as token:
            certs = token.certificates()
            info = token.info
    except DvceduError as error:
        return Check(i18n.t("doctor.token"), False, error.message(), fix)
    if not certs:
        return Check(i18n.t("doctor.token"), False, i18n.t("doctor.no_cert", label=label), fix)
    subject = certs[0].x509().subject.rfc4514_string()
    locked = info.pin_locked  # the token's own flag, or the simulated counter's
    simulated = info.pin_state is not None
    said = i18n.t("doctor.locked_sim" if simulated else "doctor.locked")
    detail = f"'{label}': {subject}" + (f" — {said}" if locked else "")
    unlock = (
        i18n.t("doctor.fix_locked", label=label) if simulated else i18n.t("doctor.fix_real_locked")
    )
    return Check(i18n.t("doctor.token"), not locked, detail, unlock if locked else "")


def check_samples() -> Check:
    from dvcedu.pki import samples

    try:
        samples.training_spec()
        manifest = samples.manifest()
        bad = [
            entry["file"]
            for entry in manifest["files"]
            if hashlib.sha256((samples.sample_dir() / entry["file"]).read_bytes()).hexdigest()
            != entry["sha256"]
        ]
    except (DvceduError, OSError, KeyError, ValueError) as error:
        return Check(i18n.t("doctor.samples"), False, str(error), i18n.t("doctor.fix_samples"))
    if bad:
        return Check(
            i18n.t("doctor.samples"),
            False,
            i18n.t("doctor.changed", files=", ".join(bad)),
            i18n.t("doctor.fix_samples"),
        )
    return Check(
        i18n.t("doctor.samples"), True, i18n.t("doctor.samples_ok", count=len(manifest["files"]))
    )


def run(label: str) -> list[Check]:
    module = check_module()
    checks = [check_python(), check_notebook_extras(), module, check_home()]
    checks.append(
        check_token(label)
        if module.ok
        else Check(
            i18n.t("doctor.token"), False, i18n.t("doctor.skipped"), i18n.t("doctor.fix_module")
        )
    )
    checks.append(check_samples())
    return checks


def healthy(checks: list[Check]) -> bool:
    return all(c.ok for c in checks if c.required)


def as_json(checks: list[Check]) -> dict:
    return {"ok": healthy(checks), "checks": [asdict(c) for c in checks]}
