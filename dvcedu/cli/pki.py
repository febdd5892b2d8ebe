"""``dvcedu pki build``: rebuild the training PKI from its declarative file."""

from __future__ import annotations

import argparse

from dvcedu.cli._common import bilingual, command, t


def cmd_pki_build(args: argparse.Namespace) -> int:
    from pathlib import Path

    from dvcedu.pki import build, samples, spec

    source = Path(args.spec) if args.spec else samples.spec_path()
    out = Path(args.out) if args.out else samples.sample_dir()
    written = build.write(build.build(spec.load_spec(source), out / "keys"), out)
    print(t("pki.built", count=len(written), out=out))
    return 0


def build(pki: argparse.ArgumentParser, lang: argparse.ArgumentParser) -> None:
    psub = pki.add_subparsers(dest="pki_command", required=True)
    p = command(psub, lang, "build", cmd_pki_build, bilingual("help.pki_build"))
    p.add_argument("--spec", default=None)
    p.add_argument("--out", default=None)
