"""``dvcedu walkthrough``: register, then log in, on the learner's token — the whole course in
one command, with the checks and the sequence diagram of the run."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from dvcedu import i18n

if TYPE_CHECKING:
    from dvcedu.scenario import Ceremony

from dvcedu.cli._common import bilingual, print_json, t


def _learner_token(identity: str | None, pin: str, label: str | None) -> str:
    """The token named by ``--label`` as it is (never provisioned: it may be a real one), the
    learner's token, or a token holding the chosen training identity (made once)."""
    from dvcedu import lab
    from dvcedu.token import DEFAULT_LABEL

    if label is not None:
        return label
    if identity is None:
        return DEFAULT_LABEL
    label = f"DVCEDU-{identity.upper()}"[:32]
    lab.ensure(identity, label=label, pin=pin)
    return label


def _print_ceremony(ceremony: Ceremony, title: str) -> None:
    from dvcedu import i18n
    from dvcedu.scenario import SEED_STEPS
    from dvcedu.viz.text import text_diagram

    lang = i18n.current_lang()
    print(f"\n=== {title} ===")
    for key in dict.fromkeys(e.seed_step for e in ceremony.transcript):
        vi, en = SEED_STEPS[key]
        failed = any(not e.ok for e in ceremony.transcript if e.seed_step == key)
        print(f"  [{t('fail') if failed else t('ok')}] {key}. {vi if lang == 'vi' else en}")
    print(t("cli.checks"))
    for msg_id, state in ceremony.check_report():
        print(f"    {t('check.' + state):>10}  {t(msg_id)}")
    print(text_diagram(ceremony.transcript, lang=lang))
    if ceremony.error is not None:
        print(f"{t('fail')}: {ceremony.error}")


def _save_pictures(path: str, registration: Ceremony, login: Ceremony | None) -> None:
    """The sequence diagrams of the run, as PNG: PATH for the registration and PATH with
    ``-login`` before the extension for the login (the same pictures the notebooks show)."""
    from pathlib import Path

    from dvcedu.viz.sequence import draw_sequence

    target = Path(path)
    pictures = [(target, registration, t("cli.registration"))]
    if login is not None:
        pictures.append(
            (
                target.with_name(f"{target.stem}-login{target.suffix or '.png'}"),
                login,
                t("cli.login"),
            )
        )
    for file, ceremony, title in pictures:
        draw_sequence(ceremony.transcript, title=title, lang=i18n.current_lang()).save(file)
        print(t("cli.picture_saved", path=file), file=sys.stderr)


def cmd_walkthrough(args: argparse.Namespace) -> int:
    from dvcedu import paths
    from dvcedu.clock import SystemClock
    from dvcedu.errors import RejectReason
    from dvcedu.pki.samples import training_trust
    from dvcedu.plugin import ScriptedLearner, SigningPlugin
    from dvcedu.portal import Portal, Store
    from dvcedu.scenario import run_login, run_registration

    label = _learner_token(args.identity, args.pin, args.label)
    clock = SystemClock()
    portal = Portal(Store.in_home(paths.home()), trust=training_trust(), clock=clock)
    plugin = SigningPlugin(clock=clock, label=label)
    learner = ScriptedLearner(pin=args.pin)
    registration = run_registration(portal, plugin, learner, email=args.email)
    already = getattr(registration.error, "reason", None) is RejectReason.ALREADY_REGISTERED
    login = run_login(portal, plugin, learner) if registration.ok or already else None
    ok = login is not None and login.ok
    if args.picture:
        _save_pictures(args.picture, registration, login)
    if args.json:
        report = {
            "ok": ok,
            "token": label,
            "registration": registration.to_json(),
            "login": login.to_json() if login else None,
            "name_top_right": login.login.session.display_name if ok else None,
        }
        print_json(report)
        return 0 if ok else 1
    _print_ceremony(registration, t("cli.registration"))
    if already:
        print(t("cli.already_registered"))
    if login is not None:
        _print_ceremony(login, t("cli.login"))
    if ok:
        print(t("cli.logged_in", name=login.login.session.display_name))
        if login.login.renewed:
            print(t("cli.renewed"))
    return 0 if ok else 1


def build(p: argparse.ArgumentParser, lang: argparse.ArgumentParser) -> None:
    from dvcedu.token import TRAINING_PIN

    p.set_defaults(func=cmd_walkthrough)
    which = p.add_mutually_exclusive_group()
    which.add_argument("--identity", default=None, help=bilingual("help.walk_identity"))
    which.add_argument("--label", default=None, help=bilingual("help.walk_label"))
    p.add_argument("--pin", default=TRAINING_PIN)
    p.add_argument("--email", default="ketoan@daotao.test")
    p.add_argument("--json", action="store_true")
    p.add_argument("--picture", metavar="FILE.png", default=None, help=bilingual("help.picture"))
