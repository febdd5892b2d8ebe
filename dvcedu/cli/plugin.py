"""``dvcedu plugin serve``: the signing service alone, as a learner runs the real plugin;
``dvcedu plugin trust``: the browsers on this computer trust its loopback certificate."""

from __future__ import annotations

import argparse

from dvcedu.cli._common import bilingual, command, t
from dvcedu.cli.serve import add_plugin_options, run


def cmd_plugin_serve(args: argparse.Namespace) -> int:
    return run(args, portal=False, plugin=True)


def cmd_plugin_trust(args: argparse.Namespace) -> int:
    from dvcedu.web import browser_trust
    from dvcedu.web.tls import loopback_tls

    if args.undo:
        print(t("trust.undone" if browser_trust.untrust() else "trust.absent"))
        return 0
    print(t("trust.done", database=browser_trust.trust(loopback_tls())))
    return 0


def build(plugin: argparse.ArgumentParser, lang: argparse.ArgumentParser) -> None:
    sub = plugin.add_subparsers(dest="plugin_command", required=True)
    p = command(sub, lang, "serve", cmd_plugin_serve, bilingual("help.plugin_serve"))
    add_plugin_options(p, own_port=True)
    p = command(sub, lang, "trust", cmd_plugin_trust, bilingual("help.plugin_trust"))
    p.add_argument("--undo", action="store_true", help=bilingual("help.plugin_trust_undo"))
