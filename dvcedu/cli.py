"""``dvcedu``: the course's terminal commands (also ``python -m dvcedu``).

Every command takes ``--lang vi|en``. Errors are DvceduErrors printed in both languages on
stderr with exit code 1; usage errors exit 2, as argparse does.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from dvcedu import i18n

t = i18n.t


def _lang_parent() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--lang", choices=i18n.LANGS, default=argparse.SUPPRESS,
                        help="vi (mặc định / default) | en")
    return parent


def _print_json(value: object) -> None:
    import json

    print(json.dumps(value, ensure_ascii=False, indent=2, default=str))


# --- doctor ---------------------------------------------------------------------------------
def cmd_doctor(args: argparse.Namespace) -> int:
    from dvcedu import doctor

    checks = doctor.run(args.label)
    if args.json:
        _print_json(doctor.as_json(checks))
    else:
        for check in checks:
            mark = t("ok") if check.ok else (t("fail") if check.required else t("doctor.warn"))
            print(f"[{mark:>4}] {check.name}: {check.detail}")
            if check.fix and not check.ok:
                print(f"       → {check.fix}")
        print(t("doctor.summary_ok") if doctor.healthy(checks) else t("doctor.summary_fail"))
    return 0 if doctor.healthy(checks) else 1


# --- token ----------------------------------------------------------------------------------
def cmd_token_init(args: argparse.Namespace) -> int:
    from dvcedu import lab

    options = dict(label=args.label, pin=args.pin, so_pin=args.so_pin,
                   generate_on_token=args.generate_on_token, max_tries=args.max_tries)
    if args.if_missing:
        made = lab.ensure(args.identity, **options)
    else:
        made = lab.provision(args.identity, force=args.force, **options)
    if not made.created:
        print(t("token.reused", label=made.label))
        return 0
    how = t("token.generated") if made.generated_on_token else t("token.imported")
    print(t("token.created", label=made.label, identity=made.identity, how=how,
            key_id=made.key_id.hex()))
    return 0


def cmd_token_list(args: argparse.Namespace) -> int:
    from dvcedu.token import list_tokens

    tokens = list_tokens()
    if args.json:
        _print_json([{"label": i.label, "initialized": i.initialized, "serial": i.serial,
                      "manufacturer": i.manufacturer, "model": i.model,
                      "flags": [f.name for f in i.flags]} for i in tokens])
        return 0
    for info in tokens:
        if info.initialized:
            print(t("token.line", label=info.label, manufacturer=info.manufacturer,
                    model=info.model, serial=info.serial))
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
        print(t("token.line", label=info.label, manufacturer=info.manufacturer,
                model=info.model, serial=info.serial))
        print(t("token.flags"))
        _token_lines(info.explain())
        if info.pin_state is not None:
            print(t("token.pin_state", failures=info.pin_state.failures,
                    max=info.pin_state.max_tries, left=info.pin_state.tries_left))
        print(t("token.objects"))
        for obj in token.objects():
            print(f"  - {obj.kind}: label='{obj.label}' id={obj.id.hex()}")
            if isinstance(obj, TokenCertificate):
                cert = obj.x509()
                print(f"      subject: {cert.subject.rfc4514_string()}")
                print(f"      {t('token.validity')}: {cert.not_valid_before_utc:%Y-%m-%d} → "
                      f"{cert.not_valid_after_utc:%Y-%m-%d}")
            if isinstance(obj, PrivateKey):
                attrs = obj.attributes(["CKA_SENSITIVE", "CKA_EXTRACTABLE",
                                               "CKA_ALWAYS_SENSITIVE", "CKA_NEVER_EXTRACTABLE",
                                               "CKA_PRIVATE_EXPONENT"])
                for name, value in attrs.items():
                    shown = t("token.refused") if value is None else value
                    print(f"      {name}: {shown}")
    return 0


def cmd_token_unlock(args: argparse.Namespace) -> int:
    from dvcedu.token import unlock

    info = unlock(args.label, so_pin=args.so_pin, new_pin=args.new_pin)
    print(t("token.unlocked", label=info.label))
    return 0


# --- pki ------------------------------------------------------------------------------------
def cmd_pki_build(args: argparse.Namespace) -> int:
    from pathlib import Path

    from dvcedu.pki import build, samples, spec

    source = Path(args.spec) if args.spec else samples.spec_path()
    out = Path(args.out) if args.out else samples.sample_dir()
    written = build.write(build.build(spec.load_spec(source), out / "keys"), out)
    print(t("pki.built", count=len(written), out=out))
    return 0


# --- cert -----------------------------------------------------------------------------------
def _parse_at(text: str | None):
    from datetime import UTC, datetime

    from dvcedu.clock import SystemClock

    if not text:
        return SystemClock().now()
    try:
        return datetime.strptime(text, "%Y-%m-%d").replace(hour=12, tzinfo=UTC)
    except ValueError:
        from dvcedu.errors import DvceduError

        raise DvceduError("cli.bad_date", value=text) from None


def _load_one(args: argparse.Namespace):
    from dvcedu.errors import DvceduError
    from dvcedu.pki import decode

    if args.token:
        from dvcedu.token import open_token

        with open_token(args.label, pin=args.pin) as token:
            certs = token.certificates()
        if not certs:
            raise DvceduError("doctor.no_cert", label=args.label)
        return [c.x509() for c in certs], f"token '{args.label}'"
    if not args.path:
        raise DvceduError("cli.need_path")
    return decode.read_certificates(args.path), args.path


def cmd_cert_show(args: argparse.Namespace) -> int:
    from cryptography.hazmat.primitives.serialization import Encoding

    from dvcedu.pki import decode, der
    from dvcedu.viz import Table

    certs, source = _load_one(args)
    at = _parse_at(args.at)
    shown = []
    for index, cert in enumerate(certs):
        summary = decode.summarize(cert, now=at, source=source)
        if args.json:
            shown.append(summary.to_json())
            continue
        if len(certs) > 1:
            print(f"# {index + 1}/{len(certs)}")
        print(summary.to_text())
        if args.bytes:
            rows = [(str(r.offset), "  " * r.depth + r.tag_name, str(r.length),
                     r.header.hex(" "), r.meaning[:80])
                    for r in der.walk(cert.public_bytes(Encoding.DER))]
            print()
            print(Table.of([t("cli.offset"), "tag", t("cli.length"), "header", t("cli.meaning")],
                           rows))
        print()
    if args.json:
        _print_json(shown[0] if len(shown) == 1 else shown)
    return 0


def cmd_cert_verify(args: argparse.Namespace) -> int:
    from dvcedu.errors import VerificationError
    from dvcedu.pki import decode, samples, verify

    certs, source = _load_one(args)
    at = _parse_at(args.at)
    leaf, *rest = certs
    purpose = verify.Purpose.SIGNER if args.signer else verify.Purpose.ANY
    try:
        if args.trust:
            roots = [c for path in args.trust for c in decode.read_certificates(path)]
            chain = [c for path in args.chain for c in decode.read_certificates(path)] + rest
            result = verify.verify_certificate(leaf, trust_roots=roots, intermediates=chain,
                                               at=at, purpose=purpose,
                                               require_revocation=args.require_revocation)
        else:
            result = samples.training_trust().verify(leaf, at=at, purpose=purpose,
                                                     require_revocation=args.require_revocation)
    except VerificationError as error:
        if args.json:
            _print_json({"valid": False, "file": source, "at": at.isoformat(),
                         "reason": error.reason.value, "plugin_code": error.reason.plugin_code,
                         "message": error.message()})
        else:
            print(f"{t('cli.invalid')}: {error}")
        return 1
    names = [c.subject.rfc4514_string() for c in result.chain]
    status = result.revocation
    if args.json:
        _print_json({"valid": True, "file": source, "at": at.isoformat(), "chain": names,
                     "revocation": {"source": status.source, "status": status.status}})
        return 0
    print(t("cli.valid", at=f"{at:%Y-%m-%d}"))
    for depth, name in enumerate(names):
        print(f"  {'  ' * depth}└ {name}")
    print(t(f"cli.revocation_{status.status}", source=status.source.upper()))
    return 0


# --- walkthrough / portal ---------------------------------------------------------------------
def _learner_token(identity: str | None, pin: str) -> str:
    """The learner's token, or a token holding the chosen training identity (made once)."""
    from dvcedu import lab
    from dvcedu.token import DEFAULT_LABEL

    if identity is None:
        return DEFAULT_LABEL
    label = f"DVCEDU-{identity.upper()}"[:32]
    lab.ensure(identity, label=label, pin=pin)
    return label


def _print_ceremony(ceremony, title: str) -> None:
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


def _save_pictures(path: str, registration, login) -> None:
    """The sequence diagrams of the run, as PNG: PATH for the registration and PATH with
    ``-login`` before the extension for the login (the same pictures the notebooks show)."""
    from pathlib import Path

    from dvcedu.viz.sequence import draw_sequence

    target = Path(path)
    pictures = [(target, registration, t("cli.registration"))]
    if login is not None:
        pictures.append((target.with_name(f"{target.stem}-login{target.suffix or '.png'}"),
                         login, t("cli.login")))
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

    label = _learner_token(args.identity, args.pin)
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
        report = {"ok": ok, "token": label, "registration": registration.to_json(),
                  "login": login.to_json() if login else None,
                  "name_top_right": login.login.session.display_name if ok else None}
        _print_json(report)
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


def cmd_portal_accounts(args: argparse.Namespace) -> int:
    from dvcedu import paths
    from dvcedu.portal import Store
    from dvcedu.viz import Table

    store = Store.in_home(paths.home())
    accounts = store.accounts()
    if args.json:
        _print_json([{**a.__dict__, "certificates": [c.__dict__ for c in
                                                      store.certificates(a.identifier)]}
                     for a in accounts])
        return 0
    if not accounts:
        print(t("cli.no_accounts"))
        return 0
    print(Table.of([t("cli.identifier"), t("cli.kind"), t("cli.name"), "e-mail",
                    t("cli.certificates")],
                   [[a.identifier, a.kind, a.display_name, a.email,
                     len(store.certificates(a.identifier))] for a in accounts]))
    return 0


# --- parser ---------------------------------------------------------------------------------
TOP = {
    "doctor": "Kiểm tra máy đã sẵn sàng cho khóa học chưa / check this machine is ready for "
              "the course",
    "token": "USB token (PKCS#11)",
    "cert": "chứng thư số / certificates",
    "walkthrough": "Đăng ký rồi đăng nhập Cổng DVCQG (mô phỏng) bằng token / register then "
                   "log in",
    "portal": "Cổng DVCQG mô phỏng / the portal",
    "pki": "PKI đào tạo / training PKI",
}
"""The top-level commands, in the order ``dvcedu --help`` lists them."""


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser for ``argv``: every top-level command is listed, but only the one named in
    ``argv`` gets its options and sub-commands (so ``dvcedu --help`` builds six small parsers,
    not twenty, and imports nothing a command needs)."""
    lang = _lang_parent()
    parser = argparse.ArgumentParser(
        prog="dvcedu", parents=[lang],
        description="dvcedu — đăng ký, đăng nhập Cổng DVCQG bằng USB ký số (ĐÀO TẠO / TRAINING)")
    sub = parser.add_subparsers(dest="command", required=True)
    chosen = next((a for a in argv if a in TOP), None)
    for name, text in TOP.items():
        if name != chosen:
            sub.add_parser(name, help=text)
            continue
        top = sub.add_parser(name, parents=[lang], help=text, description=text)
        BUILDERS[name](top, lang)
    return parser


def _command(subparsers: argparse._SubParsersAction, lang: argparse.ArgumentParser,
             name: str, func: Callable, help: str) -> argparse.ArgumentParser:
    p = subparsers.add_parser(name, parents=[lang], help=help, description=help)
    p.set_defaults(func=func)
    return p


def _build_doctor(p: argparse.ArgumentParser, lang: argparse.ArgumentParser) -> None:
    from dvcedu.token.training import DEFAULT_LABEL

    p.set_defaults(func=cmd_doctor)
    p.add_argument("--label", default=DEFAULT_LABEL)
    p.add_argument("--json", action="store_true")


def _build_token(token: argparse.ArgumentParser, lang: argparse.ArgumentParser) -> None:
    from dvcedu.token.training import DEFAULT_LABEL, TRAINING_PIN, TRAINING_SO_PIN

    tsub = token.add_subparsers(dest="token_command", required=True)
    p = _command(tsub, lang, "init", cmd_token_init,
                 "Tạo token đào tạo / create the training token")
    p.add_argument("--label", default=DEFAULT_LABEL)
    p.add_argument("--pin", default=TRAINING_PIN,
                   help="mã PIN đào tạo (mặc định / default: training PIN, see README)")
    p.add_argument("--so-pin", default=TRAINING_SO_PIN)
    p.add_argument("--identity", default="enterprise",
                   help="danh tính đào tạo / training identity (enterprise, citizen, ...)")
    p.add_argument("--generate-on-token", action="store_true",
                   help="sinh khóa ngay trên token / generate the key pair on the token")
    p.add_argument("--force", action="store_true",
                   help="khởi tạo lại token đã có / re-initialise an existing token")
    p.add_argument("--if-missing", action="store_true",
                   help="dùng lại token đã có / keep an existing token (make lab uses this)")
    p.add_argument("--max-tries", type=int, default=None,
                   help="số lần nhập sai PIN trước khi khóa (mô phỏng) / wrong PINs before lock")
    p = _command(tsub, lang, "list", cmd_token_list, "Liệt kê token / list tokens")
    p.add_argument("--json", action="store_true")
    p = _command(tsub, lang, "show", cmd_token_show, "Thông tin và đối tượng trên token / "
                                                     "token info and objects (like pkcs11-tool -O)")
    p.add_argument("--label", default=DEFAULT_LABEL)
    p.add_argument("--pin", default=None)
    p = _command(tsub, lang, "unlock", cmd_token_unlock,
                 "Mở khóa PIN bằng SO PIN / unlock the PIN")
    p.add_argument("--label", default=DEFAULT_LABEL)
    p.add_argument("--so-pin", required=True)
    p.add_argument("--new-pin", default=None)


def _build_cert(cert: argparse.ArgumentParser, lang: argparse.ArgumentParser) -> None:
    from dvcedu.token.training import DEFAULT_LABEL

    csub = cert.add_subparsers(dest="cert_command", required=True)
    for name, func, text in (
        ("show", cmd_cert_show, "Đọc chứng thư từng trường / show a certificate field by field"),
        ("verify", cmd_cert_verify, "Kiểm tra chứng thư / verify a certificate"),
    ):
        p = _command(csub, lang, name, func, text)
        p.add_argument("path", nargs="?", help="PEM, DER hoặc .p7b / PEM, DER or .p7b")
        p.add_argument("--token", action="store_true",
                       help="đọc từ token thay vì tệp / read it from the token")
        p.add_argument("--label", default=DEFAULT_LABEL)
        p.add_argument("--pin", default=None)
        p.add_argument("--at", default=None, help="YYYY-MM-DD (mặc định hôm nay / default today)")
        p.add_argument("--json", action="store_true")
        if name == "show":
            p.add_argument("--bytes", action="store_true",
                           help="từng byte DER / the DER bytes as a tree")
        else:
            p.add_argument("--trust", action="append", default=[],
                           help="chứng thư gốc tin cậy / trusted root (default: training root)")
            p.add_argument("--chain", action="append", default=[],
                           help="CA trung gian / intermediate CA certificates")
            p.add_argument("--signer", action="store_true",
                           help="kiểm tra như cổng: phải ký được / check as the portal does")
            p.add_argument("--require-revocation", action="store_true",
                           help="coi 'không rõ thu hồi' là lỗi / unknown revocation fails")


def _build_walkthrough(p: argparse.ArgumentParser, lang: argparse.ArgumentParser) -> None:
    from dvcedu.token.training import TRAINING_PIN

    p.set_defaults(func=cmd_walkthrough)
    p.add_argument("--identity", default=None,
                   help="danh tính đào tạo (enterprise, citizen, expired, revoked, lookalike, "
                        "...); mặc định: token của bạn / default: your token")
    p.add_argument("--pin", default=TRAINING_PIN)
    p.add_argument("--email", default="ketoan@daotao.test")
    p.add_argument("--json", action="store_true")
    p.add_argument("--picture", metavar="TỆP.png", default=None,
                   help="lưu sơ đồ tuần tự thành ảnh PNG / save the sequence diagrams as PNG")


def _build_portal(portal: argparse.ArgumentParser, lang: argparse.ArgumentParser) -> None:
    posub = portal.add_subparsers(dest="portal_command", required=True)
    p = _command(posub, lang, "accounts", cmd_portal_accounts,
                 "Các tài khoản cổng đã ghi nhận / accounts in the portal store")
    p.add_argument("--json", action="store_true")


def _build_pki(pki: argparse.ArgumentParser, lang: argparse.ArgumentParser) -> None:
    psub = pki.add_subparsers(dest="pki_command", required=True)
    p = _command(psub, lang, "build", cmd_pki_build, "Tạo lại data/sample_certs từ "
                                                     "training-pki.toml / rebuild the sample PKI")
    p.add_argument("--spec", default=None)
    p.add_argument("--out", default=None)


BUILDERS: dict[str, Callable[[argparse.ArgumentParser, argparse.ArgumentParser], None]] = {
    "doctor": _build_doctor, "token": _build_token, "cert": _build_cert,
    "walkthrough": _build_walkthrough, "portal": _build_portal, "pki": _build_pki,
}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    i18n.set_lang(getattr(args, "lang", None))
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
