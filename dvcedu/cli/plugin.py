"""``dvcedu plugin serve``: the signing service alone, as a learner runs the real plugin."""

from __future__ import annotations

import argparse

from dvcedu.cli._common import bilingual, command
from dvcedu.cli.serve import add_plugin_options, run


def cmd_plugin_serve(args: argparse.Namespace) -> int:
    return run(args, portal=False, plugin=True)


def build(plugin: argparse.ArgumentParser, lang: argparse.ArgumentParser) -> None:
    sub = plugin.add_subparsers(dest="plugin_command", required=True)
    p = command(sub, lang, "serve", cmd_plugin_serve, bilingual("help.plugin_serve"))
    add_plugin_options(p, own_port=True)
