"""``dvcedu cert show|verify``: a certificate field by field, and verified as the portal does."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cryptography import x509

from dvcedu.cli._common import bilingual, command, print_json, t


def _parse_at(text: str | None) -> datetime:
    from datetime import UTC, datetime

    from dvcedu.clock import SystemClock

    if not text:
        return SystemClock().now()
    try:
        return datetime.strptime(text, "%Y-%m-%d").replace(hour=12, tzinfo=UTC)
    except ValueError:
        from dvcedu.errors import DvceduError

        raise DvceduError("cli.bad_date", value=text) from None


def _load_one(args: argparse.Namespace) -> x509.Certificate:
    from dvcedu.errors import DvceduError
    from dvcedu.pki import decode

    if args.token:
        from dvcedu.token import open_token

        with open_token(args.label, pin=args.pin) as token:
            certs = token.certificates()
        if not certs:
            raise DvceduError("doctor.no_cert", label=args.label)
        return [c.x509() for c in certs], f"token '{args.label}'"
    if not args.path:
        raise DvceduError("cli.need_path")
    return decode.read_certificates(args.path), args.path


def cmd_cert_show(args: argparse.Namespace) -> int:
    from cryptography.hazmat.primitives.serialization import Encoding

    from dvcedu.pki import decode, der, rules
    from dvcedu.viz import Table

    certs, source = _load_one(args)
    at = _parse_at(args.at)
    shown = []
    for index, cert in enumerate(certs):
        summary = decode.summarize(cert, now=at, source=source)
        if args.json:
            shown.append(
                summary.to_json() | {"rules": [r.to_json() for r in rules.check(cert, at=at)]}
            )
            continue
        if len(certs) > 1:
            print(f"# {index + 1}/{len(certs)}")
        print(summary.to_text())
        print()
        print(t("rule.title"))
        print(
            Table.of(
                [
                    t("rule.heading.check"),
                    t("rule.heading.outcome"),
                    t("rule.heading.source"),
                    t("rule.heading.tag"),
                ],
                [result.row() for result in rules.check(cert, at=at)],
            )
        )
        if args.bytes:
            rows = [
                (
                    str(r.offset),
                    "  " * r.depth + r.tag_name,
                    str(r.length),
                    r.header.hex(" "),
                    r.meaning[:80],
                )
                for r in der.walk(cert.public_bytes(Encoding.DER))
            ]
            print()
            print(
                Table.of(
                    [t("cli.offset"), "tag", t("cli.length"), "header", t("cli.meaning")], rows
                )
            )
        print()
    if args.json:
        print_json(shown[0] if len(shown) == 1 else shown)
    return 0


def cmd_cert_verify(args: argparse.Namespace) -> int:
    from dvcedu.errors import VerificationError
    from dvcedu.pki import decode, samples, verify

    certs, source = _load_one(args)
    at = _parse_at(args.at)
    leaf, *rest = certs
    purpose = verify.Purpose.SIGNER if args.signer else verify.Purpose.ANY
    try:
        if args.trust:
            roots = [c for path in args.trust for c in decode.read_certificates(path)]
            chain = [c for path in args.chain for c in decode.read_certificates(path)] + rest
            result = verify.verify_certificate(
                leaf,
                trust_roots=roots,
                intermediates=chain,
                at=at,
                purpose=purpose,
                require_revocation=args.require_revocation,
            )
        else:
            result = samples.training_trust().verify(
                leaf, at=at, purpose=purpose, require_revocation=args.require_revocation
            )
    except VerificationError as error:
        if args.json:
            print_json(
                {
                    "valid": False,
                    "file": source,
                    "at": at.isoformat(),
                    "reason": error.reason.value,
                    "plugin_code": error.reason.plugin_code,
                    "message": error.message(),
                }
            )
        else:
            print(f"{t('cli.invalid')}: {error}")
        return 1
    names = [c.subject.rfc4514_string() for c in result.chain]
    status = result.revocation
    if args.json:
        print_json(
            {
                "valid": True,
                "file": source,
                "at": at.isoformat(),
                "chain": names,
                "revocation": {"source": status.source, "status": status.status},
            }
        )
        return 0
    print(t("cli.valid", at=f"{at:%Y-%m-%d}"))
    for depth, name in enumerate(names):
        print(f"  {'  ' * depth}└ {name}")
    print(t(f"cli.revocation_{status.status}", source=status.source.upper()))
    return 0


def build(cert: argparse.ArgumentParser, lang: argparse.ArgumentParser) -> None:
    from dvcedu.token import DEFAULT_LABEL

    csub = cert.add_subparsers(dest="cert_command", required=True)
    for name, func, text in (
        ("show", cmd_cert_show, bilingual("help.cert_show")),
        ("verify", cmd_cert_verify, bilingual("help.cert_verify")),
    ):
        p = command(csub, lang, name, func, text)
        p.add_argument("path", nargs="?", help=bilingual("help.path"))
        p.add_argument("--token", action="store_true", help=bilingual("help.from_token"))
        p.add_argument("--label", default=DEFAULT_LABEL)
        p.add_argument("--pin", default=None)
        p.add_argument("--at", default=None, help=bilingual("help.at"))
        p.add_argument("--json", action="store_true")
        if name == "show":
            p.add_argument("--bytes", action="store_true", help=bilingual("help.bytes"))
        else:
            p.add_argument("--trust", action="append", default=[], help=bilingual("help.trust"))
            p.add_argument("--chain", action="append", default=[], help=bilingual("help.chain"))
            p.add_argument("--signer", action="store_true", help=bilingual("help.signer"))
            p.add_argument(
                "--require-revocation",
                action="store_true",
                help=bilingual("help.require_revocation"),
            )
