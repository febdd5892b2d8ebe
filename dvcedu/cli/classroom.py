"""``dvcedu classroom``: the trainer's tools on the classroom hub (classroom/), from a terminal
or a notebook in the trainer's own JupyterLab on the hub (which knows the hub's address and
holds the trainer's scopes), or from anywhere with ``--hub URL --token TOKEN``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from dvcedu.cli._common import bilingual, command, print_json, t

if TYPE_CHECKING:
    from dvcedu.classroom.hub import Hub


def _hub(args: argparse.Namespace) -> Hub:
    from dvcedu.classroom.hub import Hub

    return Hub(args.hub, args.token) if args.hub and args.token else Hub.from_environment()


def cmd_classroom_reset(args: argparse.Namespace) -> int:
    from dvcedu.classroom.trainer import reset

    done = reset(_hub(args), args.user)
    portal = "classroom.portal_reset" if done["portal_reset"] else "classroom.portal_empty"
    print(t("classroom.reset", user=args.user, token=done["token"], portal=t(portal)))
    return 0


def cmd_classroom_check(args: argparse.Namespace) -> int:
    from dvcedu.classroom.trainer import check

    results = check(_hub(args), args.users or None)
    if args.json:
        print_json(results)
    else:
        for name, result in results.items():
            state = (
                t("classroom.ready")
                if result["ok"]
                else t("classroom.not_ready", failing=", ".join(result["failing"]))
            )
            print(f"{name}: {state}")
        ready = sum(r["ok"] for r in results.values())
        print(t("classroom.summary", ready=ready, total=len(results)))
    return 0 if results and all(r["ok"] for r in results.values()) else 1


def build(classroom: argparse.ArgumentParser, lang: argparse.ArgumentParser) -> None:
    sub = classroom.add_subparsers(dest="classroom_command", required=True)
    for name, func, help_id in (
        ("reset", cmd_classroom_reset, "help.classroom_reset"),
        ("check", cmd_classroom_check, "help.classroom_check"),
    ):
        p = command(sub, lang, name, func, bilingual(help_id))
        p.add_argument("--hub", metavar="URL", default=None, help=bilingual("help.hub"))
        p.add_argument("--token", default=None, help=bilingual("help.hub_token"))
        if name == "reset":
            p.add_argument("user")
        else:
            p.add_argument("users", nargs="*")
            p.add_argument("--json", action="store_true")
