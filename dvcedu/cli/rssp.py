"""``dvcedu rssp serve``: the training remote-signing service alone (the CSC API and the
signer's phone page), for a CSC client of your own — pyHanko's, say."""

from __future__ import annotations

import argparse

from dvcedu.cli._common import bilingual, command
from dvcedu.cli.serve import add_rssp_options, run


def cmd_rssp_serve(args: argparse.Namespace) -> int:
    return run(args, portal=False, plugin=False, rssp=True)


def build(rssp: argparse.ArgumentParser, lang: argparse.ArgumentParser) -> None:
    sub = rssp.add_subparsers(dest="rssp_command", required=True)
    p = command(sub, lang, "serve", cmd_rssp_serve, bilingual("help.rssp_serve"))
    add_rssp_options(p, own_port=True)
