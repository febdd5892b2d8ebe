"""``dvcedu doctor``: is this machine ready for the course?"""

from __future__ import annotations

import argparse

from dvcedu.cli._common import print_json, t


def cmd_doctor(args: argparse.Namespace) -> int:
    from dvcedu import doctor

    checks = doctor.run(args.label)
    if args.json:
        print_json(doctor.as_json(checks))
    else:
        for check in checks:
            mark = t("ok") if check.ok else (t("fail") if check.required else t("doctor.warn"))
            print(f"[{mark:>4}] {check.name}: {check.detail}")
            if check.fix and not check.ok:
                print(f"       → {check.fix}")
        print(t("doctor.summary_ok") if doctor.healthy(checks) else t("doctor.summary_fail"))
    return 0 if doctor.healthy(checks) else 1


def build(p: argparse.ArgumentParser, lang: argparse.ArgumentParser) -> None:
    from dvcedu.token import DEFAULT_LABEL

    p.set_defaults(func=cmd_doctor)
    p.add_argument("--label", default=DEFAULT_LABEL)
    p.add_argument("--json", action="store_true")
