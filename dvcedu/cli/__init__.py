"""``dvcedu``: the course's terminal commands (also ``python -m dvcedu``).

One module per command group (after pyhanko-cli): ``doctor``, ``token``, ``cert``,
``walkthrough``, ``dossier``, ``serve``, ``portal``, ``plugin``, ``rssp``, ``pki``,
``classroom``; each has a ``build(parser, lang)`` that adds its options and the functions that
run them. Only
the group named on the command line is imported, so ``dvcedu --help`` starts as fast as Python does.

Every command takes ``--lang vi|en``. Errors are DvceduErrors printed in both languages on
stderr with exit code 1; usage errors exit 2, as argparse does.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from dvcedu import i18n
from dvcedu.cli._common import bilingual, lang_parent, t

TOP = (
    "doctor",
    "token",
    "cert",
    "walkthrough",
    "dossier",
    "serve",
    "portal",
    "plugin",
    "rssp",
    "pki",
    "classroom",
)
"""The top-level commands (and their modules), in the order ``dvcedu --help`` lists them."""


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser for ``argv``: every top-level command is listed, but only the one named in
    ``argv`` gets its options and sub-commands (so ``dvcedu --help`` builds six small parsers,
    not twenty, and imports no command module)."""
    lang = lang_parent()
    parser = argparse.ArgumentParser(prog="dvcedu", parents=[lang], description=t("help.program"))
    sub = parser.add_subparsers(dest="command", required=True)
    chosen = next((a for a in argv if a in TOP), None)
    for name in TOP:
        text = bilingual(f"help.{name}")
        if name != chosen:
            sub.add_parser(name, help=text)
            continue
        top = sub.add_parser(name, parents=[lang], help=text, description=text)
        importlib.import_module(f"dvcedu.cli.{name}").build(top, lang)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    i18n.set_lang(getattr(args, "lang", None))
    if getattr(args, "module", None):
        # the one documented way to choose the PKCS#11 module (see token/modules.py)
        os.environ["DVCEDU_PKCS11_MODULE"] = args.module
    # Imported here, not at the top: `dvcedu --help` should start as fast as Python does.
    from dvcedu.errors import DvceduError

    try:
        return int(args.func(args))
    except DvceduError as error:
        print(f"{t('fail')}: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
