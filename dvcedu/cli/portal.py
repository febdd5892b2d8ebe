"""``dvcedu portal accounts``: what the practice portal has recorded; ``dvcedu portal
serve``: the portal and its identity service, for a browser."""

from __future__ import annotations

import argparse

from dvcedu.cli._common import bilingual, command, print_json, t


def cmd_portal_accounts(args: argparse.Namespace) -> int:
    from dvcedu import paths
    from dvcedu.portal import Store
    from dvcedu.viz import Table

    store = Store.in_home(paths.home())
    accounts = store.accounts()
    if args.json:
        print_json(
            [
                {
                    **a.__dict__,
                    "certificates": [c.__dict__ for c in store.certificates(a.identifier)],
                }
                for a in accounts
            ]
        )
        return 0
    if not accounts:
        print(t("cli.no_accounts"))
        return 0
    print(
        Table.of(
            [t("cli.identifier"), t("cli.kind"), t("cli.name"), "e-mail", t("cli.certificates")],
            [
                [
                    a.identifier,
                    a.kind,
                    a.display_name,
                    a.email,
                    len(store.certificates(a.identifier)),
                ]
                for a in accounts
            ],
        )
    )
    return 0


def cmd_portal_serve(args: argparse.Namespace) -> int:
    from dvcedu.cli.serve import run

    return run(args, portal=True, plugin=False)


def build(portal: argparse.ArgumentParser, lang: argparse.ArgumentParser) -> None:
    from dvcedu.cli.serve import add_portal_options

    posub = portal.add_subparsers(dest="portal_command", required=True)
    p = command(posub, lang, "accounts", cmd_portal_accounts, bilingual("help.portal_accounts"))
    p.add_argument("--json", action="store_true")
    p = command(posub, lang, "serve", cmd_portal_serve, bilingual("help.portal_serve"))
    add_portal_options(p)
