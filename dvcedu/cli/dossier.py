"""``dvcedu dossier``: make a practice dossier, sign it on the token, check its signatures.

``verify`` exits 0 only when the file carries at least one signature and every signature is
valid, so a script can rely on it. ``sign`` never overwrites a file without ``--force`` and
never writes anything when signing fails (a wrong PIN leaves the input as it was and no
output).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dvcedu.cli._common import bilingual, command, print_json, t


def _read(path: Path) -> bytes:
    from dvcedu.errors import DataFileError

    try:
        return path.read_bytes()
    except OSError as error:
        raise DataFileError(
            "dossier.unreadable_file", path=path, detail=error.strerror or type(error).__name__
        ) from None


def _writable(path: Path, force: bool, source: Path | None = None) -> Path:
    from dvcedu.errors import DataFileError

    if source is not None and path.resolve() == source.resolve():
        raise DataFileError("dossier.output_is_input", path=path)
    if path.exists() and not force:
        raise DataFileError("dossier.output_exists", path=path)
    return path


def cmd_dossier_new(args: argparse.Namespace) -> int:
    from dvcedu.clock import SystemClock
    from dvcedu.dossier.form import Dossier, new_dossier
    from dvcedu.token import open_token

    out = _writable(Path(args.output), args.force)
    with open_token(args.label) as token:
        cert = token.certificates()[0].x509()
    dossier = Dossier.for_certificate(cert, day=SystemClock().now().date(), request=args.request)
    out.write_bytes(new_dossier(dossier))
    print(t("dossier.created", path=out, organisation=dossier.organisation, number=dossier.number))
    return 0


def cmd_dossier_sign(args: argparse.Namespace) -> int:
    from dvcedu.clock import SystemClock
    from dvcedu.dossier.read import reader
    from dvcedu.plugin import SigningPlugin

    source = Path(args.input)
    pdf = _read(source)
    out = _writable(Path(args.output), args.force, source)
    plugin = SigningPlugin(clock=SystemClock(), label=args.label)
    choice = plugin.list_certificates()[0]
    signed = plugin.sign(pdf, choice, args.pin, format="pdf", origin="dvcedu-cli").signature
    out.write_bytes(signed)
    number = len(reader(signed).embedded_signatures)
    print(t("dossier.signed", path=out, size=len(signed), number=number, signer=choice.name))
    return 0


def cmd_dossier_verify(args: argparse.Namespace) -> int:
    from dvcedu.clock import ICT, SystemClock
    from dvcedu.dossier.verify import verify_pdf
    from dvcedu.pki.samples import training_trust

    found = verify_pdf(_read(Path(args.file)), trust=training_trust(), at=SystemClock().now())
    if args.json:
        print_json(found.as_json())
        return 0 if found.valid else 1
    for check in found.signatures:
        print(f"{check.field}: {check.signer} ({check.identifier or '?'})")
        when = check.signing_time.astimezone(ICT) if check.signing_time else "?"
        print(f"  {t('dossier.col_time')}: {when}")
        print(f"  {t('dossier.col_range')}: {list(check.byte_range)}")
        print(f"  {t('dossier.col_verdict')}: {check.verdict()}")
    print(found.summary(), file=sys.stdout if found.valid else sys.stderr)
    return 0 if found.valid else 1


def build(dossier: argparse.ArgumentParser, lang: argparse.ArgumentParser) -> None:
    from dvcedu.token import DEFAULT_LABEL, TRAINING_PIN

    sub = dossier.add_subparsers(dest="dossier_command", required=True)
    p = command(sub, lang, "new", cmd_dossier_new, bilingual("help.dossier_new"))
    p.add_argument("-o", "--output", default="ho-so.pdf")
    p.add_argument("--label", default=DEFAULT_LABEL)
    p.add_argument("--request", default=None)
    p.add_argument("--force", action="store_true", help=bilingual("help.force"))
    p = command(sub, lang, "sign", cmd_dossier_sign, bilingual("help.dossier_sign"))
    p.add_argument("input", metavar="IN.pdf")
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    p.add_argument("--label", default=DEFAULT_LABEL)
    p.add_argument("--pin", default=TRAINING_PIN, help=bilingual("help.pin"))
    p.add_argument("--force", action="store_true", help=bilingual("help.force"))
    p = command(sub, lang, "verify", cmd_dossier_verify, bilingual("help.dossier_verify"))
    p.add_argument("file", metavar="FILE.pdf")
    p.add_argument("--json", action="store_true")
