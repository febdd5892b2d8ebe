"""``dvcedu token …``: create, list, show and unlock tokens."""

from __future__ import annotations

import argparse

from dvcedu.cli._common import bilingual, command, print_json, t


def cmd_token_init(args: argparse.Namespace) -> int:
    from dvcedu import lab

    options = dict(
        label=args.label,
        pin=args.pin,
        so_pin=args.so_pin,
        generate_on_token=args.generate_on_token,
        max_tries=args.max_tries,
    )
    if args.if_missing:
        made = lab.ensure(args.identity, **options)
    else:
        made = lab.provision(args.identity, force=args.force, **options)
    if not made.created:
        print(t("token.reused", label=made.label))
        return 0
    how = t("token.generated") if made.generated_on_token else t("token.imported")
    print(
        t(
            "token.created",
            label=made.label,
            identity=made.identity,
            how=how,
            key_id=made.key_id.hex(),
        )
    )
    return 0


def cmd_token_list(args: argparse.Namespace) -> int:
    from dvcedu.token import list_tokens

    tokens = list_tokens()
    if args.json:
        print_json(
            [
                {
                    "label": i.label,
                    "initialized": i.initialized,
                    "serial": i.serial,
                    "manufacturer": i.manufacturer,
                    "model": i.model,
                    "flags": [f.name for f in i.flags],
                }
                for i in tokens
            ]
        )
        return 0
    for info in tokens:
        if info.initialized:
            print(
                t(
                    "token.line",
                    label=info.label,
                    manufacturer=info.manufacturer,
                    model=info.model,
                    serial=info.serial,
                )
            )
        else:
            print(t("token.spare_slot"))
    return 0


def _token_lines(info_flags: list[str]) -> None:
    for line in info_flags:
        print(f"    {line}")


def cmd_token_show(args: argparse.Namespace) -> int:
    from dvcedu.token import PrivateKey, TokenCertificate, open_token

    with open_token(args.label, pin=args.pin) as token:
        info = token.info
        print(
            t(
                "token.line",
                label=info.label,
                manufacturer=info.manufacturer,
                model=info.model,
                serial=info.serial,
            )
        )
        print(t("token.flags"))
        _token_lines(info.explain())
        if info.pin_state is not None:
            print(
                t(
                    "token.pin_state",
                    failures=info.pin_state.failures,
                    max=info.pin_state.max_tries,
                    left=info.pin_state.tries_left,
                )
            )
        print(t("token.objects"))
        for obj in token.objects():
            print(f"  - {obj.kind}: label='{obj.label}' id={obj.id.hex()}")
            if isinstance(obj, TokenCertificate):
                cert = obj.x509()
                print(f"      subject: {cert.subject.rfc4514_string()}")
                print(
                    f"      {t('token.validity')}: {cert.not_valid_before_utc:%Y-%m-%d} → "
                    f"{cert.not_valid_after_utc:%Y-%m-%d}"
                )
            if isinstance(obj, PrivateKey):
                attrs = obj.attributes(
                    [
                        "CKA_SENSITIVE",
                        "CKA_EXTRACTABLE",
                        "CKA_ALWAYS_SENSITIVE",
                        "CKA_NEVER_EXTRACTABLE",
                        "CKA_PRIVATE_EXPONENT",
                    ]
                )
                for name, value in attrs.items():
                    shown = t("token.refused") if value is None else value
                    print(f"      {name}: {shown}")
    return 0


def cmd_token_unlock(args: argparse.Namespace) -> int:
    from dvcedu.token import unlock

    info = unlock(args.label, so_pin=args.so_pin, new_pin=args.new_pin)
    print(t("token.unlocked", label=info.label))
    return 0


def build(token: argparse.ArgumentParser, lang: argparse.ArgumentParser) -> None:
    from dvcedu.token import DEFAULT_LABEL, TRAINING_PIN, TRAINING_SO_PIN

    tsub = token.add_subparsers(dest="token_command", required=True)
    p = command(tsub, lang, "init", cmd_token_init, bilingual("help.token_init"))
    p.add_argument("--label", default=DEFAULT_LABEL)
    p.add_argument("--pin", default=TRAINING_PIN, help=bilingual("help.pin"))
    p.add_argument("--so-pin", default=TRAINING_SO_PIN)
    p.add_argument("--identity", default="enterprise", help=bilingual("help.identity"))
    p.add_argument("--generate-on-token", action="store_true", help=bilingual("help.generate"))
    p.add_argument("--force", action="store_true", help=bilingual("help.force"))
    p.add_argument("--if-missing", action="store_true", help=bilingual("help.if_missing"))
    p.add_argument("--max-tries", type=int, default=None, help=bilingual("help.max_tries"))
    p = command(tsub, lang, "list", cmd_token_list, bilingual("help.token_list"))
    p.add_argument("--json", action="store_true")
    p = command(tsub, lang, "show", cmd_token_show, bilingual("help.token_show"))
    p.add_argument("--label", default=DEFAULT_LABEL)
    p.add_argument("--pin", default=None)
    p = command(tsub, lang, "unlock", cmd_token_unlock, bilingual("help.token_unlock"))
    p.add_argument("--label", default=DEFAULT_LABEL)
    p.add_argument("--so-pin", required=True)
    p.add_argument("--new-pin", default=None)
