"""What every command module shares: the translator, ``--lang``, JSON output, sub-commands."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from dvcedu import i18n

t = i18n.t


def lang_parent() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--lang", choices=i18n.LANGS, default=argparse.SUPPRESS, help=t("help.lang")
    )
    parent.add_argument(
        "--module", metavar="PATH", default=argparse.SUPPRESS, help=bilingual("help.module")
    )
    return parent


def bilingual(msg_id: str) -> str:
    """A --help text in both languages, "Vietnamese / English": --help is read before any
    --lang is known."""
    vi, en = i18n.MESSAGES[msg_id]
    return vi if vi == en else f"{vi} / {en}"


def print_json(value: object) -> None:
    import json

    print(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def command(
    subparsers: argparse._SubParsersAction,
    lang: argparse.ArgumentParser,
    name: str,
    func: Callable[[argparse.Namespace], int],
    help: str,
) -> argparse.ArgumentParser:
    """One sub-command (``token init``) that runs ``func``."""
    p = subparsers.add_parser(name, parents=[lang], help=help, description=help)
    p.set_defaults(func=func)
    return p
