"""dvcedu benchmarks: side-by-side timings on this machine, printed as one table.

Each row times dvcedu and its floor in the same run, interleaved in blocks so that machine
noise hits both alike, and reports medians, the spread (p10-p90 of the blocks) and the ratio.
Run with ``make bench``. Not part of ``make test``: timings are not assertions.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BLOCKS = 20
PER_BLOCK = 50  # 20 x 50 = 1000 signatures per contender


def blocks(fn: Callable[[], None], per_block: int = PER_BLOCK) -> float:
    start = time.perf_counter()
    for _ in range(per_block):
        fn()
    return (time.perf_counter() - start) / per_block


def side_by_side(a: Callable[[], None], b: Callable[[], None]) -> tuple[list[float], list[float]]:
    ta, tb = [], []
    for i in range(BLOCKS):
        first, second = (a, b) if i % 2 == 0 else (b, a)
        t1, t2 = blocks(first), blocks(second)
        (ta, tb)[0 if first is a else 1].append(t1)
        (ta, tb)[0 if second is a else 1].append(t2)
    return ta, tb


def spread(samples: list[float]) -> str:
    q = statistics.quantiles(samples, n=10)
    return f"{q[0] * 1e3:.2f}-{q[-1] * 1e3:.2f}"


def bench_sign() -> list[tuple[str, str, str, str]]:
    import PyKCS11
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding

    from dvcedu import lab
    from dvcedu.pki import samples
    from dvcedu.token import TRAINING_PIN, library, open_token

    lab.provision("enterprise")
    data = b"\x5a" * 64
    loaded = library.load()
    with open_token(pin=TRAINING_PIN) as token:
        key = token.private_key()
        raw_session = loaded.lib.openSession(token.slot, PyKCS11.CKF_SERIAL_SESSION)
        raw_key = raw_session.findObjects([(PyKCS11.CKA_CLASS, PyKCS11.CKO_PRIVATE_KEY)])[0]
        mech = PyKCS11.Mechanism(PyKCS11.CKM_SHA256_RSA_PKCS)
        ours, raw = side_by_side(
            lambda: key.sign(data), lambda: bytes(raw_session.sign(raw_key, data, mech))
        )
        raw_session.closeSession()
    private = serialization.load_pem_private_key(samples.identity("enterprise").key_pem(), None)
    floor = [
        blocks(lambda: private.sign(data, padding.PKCS1v15(), hashes.SHA256()))
        for _ in range(BLOCKS)
    ]
    m_ours, m_raw, m_floor = map(statistics.median, (ours, raw, floor))
    return [
        (
            "Token.sign (dvcedu, SoftHSM2, RSA-2048)",
            f"{m_ours * 1e3:.3f}",
            spread(ours),
            f"{m_ours / m_raw:.3f} × raw PyKCS11 (goal ≤ 1.10)",
        ),
        (
            "session.sign (raw PyKCS11, same token)",
            f"{m_raw * 1e3:.3f}",
            spread(raw),
            f"{m_raw / m_floor:.2f} × in-process cryptography",
        ),
        ("cryptography RSA-2048 sign (floor)", f"{m_floor * 1e3:.3f}", spread(floor), "1.00"),
    ]


def bench_verify_login() -> list[tuple[str, str, str, str]]:
    import base64
    import json

    from asn1crypto import cms as asn1_cms
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding
    from cryptography.x509.verification import ExtensionPolicy, PolicyBuilder, Store

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from dvcedu.pki import samples
    from dvcedu.portal import ORIGIN
    from dvcedu.portal.login import verify_login
    from tests.portal_helpers import login_message, new_portal, registration_message, signer

    portal = new_portal()
    who = signer("enterprise")
    portal.register(registration_message(portal, who))
    trust, crl, now = samples.training_trust(), samples.load_crl("vnpt"), portal.clock.now()

    def parts(message: bytes) -> tuple[bytes, bytes, bytes]:
        info = asn1_cms.ContentInfo.load(base64.b64decode(json.loads(message)["signature"]))
        signer_info = info["content"]["signer_infos"][0]
        return (
            info["content"]["certificates"][0].chosen.dump(),
            b"\x31" + signer_info["signed_attrs"].dump()[1:],
            signer_info["signature"].native,
        )

    def floor(cert_der: bytes, tbs: bytes, signature: bytes) -> None:
        leaf = x509.load_der_x509_certificate(cert_der)
        PolicyBuilder().store(Store(list(trust.roots))).time(now).extension_policies(
            ca_policy=ExtensionPolicy.webpki_defaults_ca(), ee_policy=ExtensionPolicy.permit_all()
        ).build_client_verifier().verify(leaf, list(trust.intermediates))
        leaf.public_key().verify(signature, tbs, padding.PKCS1v15(), hashes.SHA256())
        crl.get_revoked_certificate_by_serial_number(leaf.serial_number)

    from dvcedu.pki import cms
    from dvcedu.portal.checks import parse_message

    def cms_only(message: bytes) -> None:
        fields = json.loads(message)
        cms.verify_detached(
            base64.b64decode(fields["signature"]), base64.b64decode(fields["challenge"])
        )

    ours, base, parsed, chained = [], [], [], []
    for _ in range(BLOCKS):
        messages = [login_message(portal, who) for _ in range(25)]
        pieces = [parts(m) for m in messages]
        for message in messages[:5]:  # (parse_message is part of both: checked once here)
            parse_message(message, required=("challenge", "signature", "domain"))
        start = time.perf_counter()
        for message in messages:
            verify_login(
                message=message,
                expected_origin=ORIGIN,
                store=portal.store,
                trust=portal.trust,
                now=now,
            )
        ours.append((time.perf_counter() - start) / len(messages))
        start = time.perf_counter()
        for piece in pieces:
            floor(*piece)
        base.append((time.perf_counter() - start) / len(pieces))
        start = time.perf_counter()
        for message in messages:
            cms_only(message)
        parsed.append((time.perf_counter() - start) / len(messages))
        leaves = [x509.load_der_x509_certificate(piece[0]) for piece in pieces]
        start = time.perf_counter()
        for leaf in leaves:
            trust.verify(leaf, at=now)
        chained.append((time.perf_counter() - start) / len(leaves))
    m_ours, m_base = statistics.median(ours), statistics.median(base)
    m_cms, m_chain = statistics.median(parsed), statistics.median(chained)
    ratio = m_ours / m_base
    return [
        (
            "portal verify_login (all checks, OCSP)",
            f"{m_ours * 1e3:.3f}",
            spread(ours),
            f"{ratio:.2f} × floor (goal ≤ 2.5) {'✓' if ratio <= 2.5 else '✗'}",
        ),
        ("floor: path + 1 RSA verify + CRL lookup", f"{m_base * 1e3:.3f}", spread(base), "1.00"),
        (
            "  of it: the CMS read and checked (asn1crypto)",
            f"{m_cms * 1e3:.3f}",
            spread(parsed),
            f"{m_cms / m_ours:.0%} of verify_login",
        ),
        (
            "  of it: path, validity, usage, CRL (cryptography)",
            f"{m_chain * 1e3:.3f}",
            spread(chained),
            f"{m_chain / m_ours:.0%} of verify_login",
        ),
        (
            "  the rest: JSON, challenge (SQLite), origin, OCSP, account",
            f"{(m_ours - m_cms - m_chain) * 1e3:.3f}",
            "-",
            f"{(m_ours - m_cms - m_chain) / m_ours:.0%} of verify_login",
        ),
    ]


def bench_login_at_scale(accounts: int = 100_000) -> tuple[str, str, str, str]:
    """Login against a store holding ``accounts`` registered accounts vs an empty one,
    interleaved (the certificates-by-identifier index keeps it flat)."""
    import dataclasses

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from dvcedu.portal import Store
    from tests.portal_helpers import login_message, new_portal, registration_message, signer

    who = signer("enterprise")
    small = new_portal(Store(Path(tempfile.mkdtemp()) / "small.sqlite3"))
    big = new_portal(Store(Path(tempfile.mkdtemp()) / "big.sqlite3"))
    for portal in (small, big):
        portal.register(registration_message(portal, who))
    first = big.store.certificates("0199001010")[0]
    with big.store.transaction() as db:
        db.executemany(
            "INSERT INTO accounts VALUES (?, 'enterprise', ?, 'x@y.test', '2026')",
            ((f"9{i:09d}", f"CÔNG TY {i}") for i in range(accounts)),
        )
        db.executemany(
            "INSERT INTO certificates VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                dataclasses.astuple(
                    dataclasses.replace(first, sha256=f"{i:064x}", identifier=f"9{i:09d}")
                )
                for i in range(accounts)
            ),
        )
    times: dict[str, list[float]] = {"small": [], "big": []}
    for i in range(BLOCKS):
        for name in ("small", "big") if i % 2 == 0 else ("big", "small"):
            portal = small if name == "small" else big
            messages = [login_message(portal, who) for _ in range(10)]
            start = time.perf_counter()
            for message in messages:
                portal.login(message)
            times[name].append((time.perf_counter() - start) / len(messages))
    m_small, m_big = statistics.median(times["small"]), statistics.median(times["big"])
    return (
        f"portal login, {accounts:,} accounts vs empty store",
        f"{m_big * 1e3:.3f}",
        spread(times["big"]),
        f"{m_big / m_small:.2f} × empty store (goal ≤ 1.5)",
    )


def bench_big_crl(entries: int = 100_000) -> list[tuple[str, str, str, str]]:
    """Certificate verify with a CRL of ``entries`` serials vs the training CRL (after the
    first verify, which reads the big CRL once)."""
    import dataclasses
    from datetime import timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization

    from dvcedu.clock import COURSE_DAY
    from dvcedu.pki import samples

    trust = samples.training_trust()
    ca = samples.load_certificate("vnpt")
    key = serialization.load_pem_private_key(samples.ca_key_pem("vnpt"), None)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca.subject)
        .last_update(COURSE_DAY - timedelta(days=1))
        .next_update(COURSE_DAY + timedelta(days=30))
    )
    for serial in range(1, entries + 1):
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(serial)
            .revocation_date(COURSE_DAY - timedelta(days=2))
            .build()
        )
    started = time.perf_counter()
    crl = builder.sign(key, hashes.SHA256())
    built = time.perf_counter() - started
    others = tuple(c for c in trust.crls if c.issuer != ca.subject)
    big = dataclasses.replace(trust, crls=(crl, *others))
    leaf = samples.load_certificate("enterprise")
    started = time.perf_counter()
    big.verify(leaf, at=COURSE_DAY, use_crls=True)
    first = time.perf_counter() - started
    times: dict[str, list[float]] = {"small": [], "big": []}
    for i in range(BLOCKS):
        for name in ("small", "big") if i % 2 == 0 else ("big", "small"):
            which = trust if name == "small" else big
            times[name].append(blocks(lambda w=which: w.verify(leaf, at=COURSE_DAY), per_block=20))
    m_small, m_big = statistics.median(times["small"]), statistics.median(times["big"])
    return [
        (
            f"verify with a {entries:,}-entry CRL (after the first)",
            f"{m_big * 1e3:.3f}",
            spread(times["big"]),
            f"{m_big / m_small:.2f} × small CRL (goal ≤ 3)",
        ),
        (
            "  first verify (reads the big CRL once)",
            f"{first * 1e3:.1f}",
            "-",
            f"CRL built in {built:.1f} s",
        ),
    ]


def bench_processes() -> list[tuple[str, str, str, str]]:
    """Whole processes a user waits for, interleaved with a bare ``python -c pass``. Bytecode
    caching on, as on a learner's machine (this workplace sets PYTHONDONTWRITEBYTECODE)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    root = Path(__file__).resolve().parents[1]
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(root / "dvcedu")],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    dvcedu = [sys.executable, "-m", "dvcedu"]
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "dvcedu --help": [*dvcedu, "--help"],
        "python -c 'import dvcedu.portal'": [sys.executable, "-c", "import dvcedu.portal"],
        "dvcedu token list": [*dvcedu, "token", "list"],
        "dvcedu doctor": [*dvcedu, "doctor"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(9):
        for name, command in commands.items():
            started = time.perf_counter()
            subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - started)
    base = statistics.median(times["python -c pass"])
    return [
        (
            name,
            f"{statistics.median(t) * 1e3:.1f}",
            spread(t),
            f"{statistics.median(t) / base:.2f} × python -c pass"
            + (" (goal ≤ 3)" if name == "dvcedu --help" else ""),
        )
        for name, t in times.items()
    ]


def bench_ceremony() -> tuple[str, str, str, str]:
    from dvcedu.clock import SystemClock
    from dvcedu.pki.samples import training_trust
    from dvcedu.plugin import ScriptedLearner, SigningPlugin
    from dvcedu.portal import Portal, Store
    from dvcedu.scenario import run_login, run_registration
    from dvcedu.token import TRAINING_PIN

    clock = SystemClock()
    times = []
    for _ in range(40):
        portal = Portal(Store.memory(), trust=training_trust(), clock=clock)
        plugin = SigningPlugin(clock=clock)
        start = time.perf_counter()
        assert run_registration(
            portal, plugin, ScriptedLearner(pin=TRAINING_PIN), email="a@daotao.test"
        ).ok
        assert run_login(portal, plugin, ScriptedLearner(pin=TRAINING_PIN)).ok
        times.append(time.perf_counter() - start)
    times.sort()
    return (
        "registration + login ceremony (SoftHSM2)",
        f"{statistics.median(times) * 1e3:.1f}",
        spread(times),
        f"p95 {times[int(len(times) * 0.95) - 1] * 1e3:.1f} ms",
    )


def bench_nbval() -> list[tuple[str, str, str, str]]:
    root = Path(__file__).resolve().parents[1]
    rows, total = [], 0.0
    for notebook in sorted((root / "notebooks").glob("*.ipynb")):
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "--nbval",
                "--nbval-current-env",
                "--nbval-sanitize-with",
                str(root / "tests" / "nbval_sanitize.cfg"),
                str(notebook),
            ],
            capture_output=True,
            check=True,
            cwd=root,
        )
        took = time.perf_counter() - start
        total += took
        rows.append((f"  strict nbval {notebook.stem}", f"{took * 1e3:.0f}", "-", ""))
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "--nbval",
            "--nbval-current-env",
            "--nbval-sanitize-with",
            str(root / "tests" / "nbval_sanitize.cfg"),
            str(root / "notebooks"),
        ],
        capture_output=True,
        check=True,
        cwd=root,
    )
    whole = time.perf_counter() - start
    return [
        ("strict nbval, all notebooks + solutions", f"{whole * 1e3:.0f}", "-", "goal ≤ 90 s"),
        *rows,
    ]


def bench_memory() -> tuple[str, str, str, str]:
    root = Path(__file__).resolve().parents[1]
    code = (
        "import resource, nbformat; from nbclient import NotebookClient;"
        f"nb = nbformat.read({str(root / 'notebooks' / '04_dang_ky.ipynb')!r}, 4);"
        f"NotebookClient(nb, kernel_name='python3', resources={{'metadata': {{'path': "
        f"{str(root / 'notebooks')!r}}}}}).execute();"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()[-1]
    return (
        "peak RSS of a kernel that ran notebook 04",
        f"{int(out) / 1024:.0f} MiB",
        "-",
        "report",
    )


def bench_classroom() -> tuple[str, str, str, str]:
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, str(root / "benchmarks" / "classroom.py"), "--learners", "60", "--json"],
        capture_output=True,
        text=True,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return (
        f"60 learners, {report['workers']} at a time: register + login",
        f"{report['p50_ms']}",
        f"p95 {report['p95_ms']}",
        f"wall {report['wall_seconds']} s, ok={report['ok']}; at most {report['workers']} "
        "truly concurrent (2 cores)",
    )


def bench_import() -> tuple[str, str, str, str]:
    runs = []
    for _ in range(7):
        out = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import dvcedu"],
            capture_output=True,
            text=True,
            check=True,
        )
        last = [ln for ln in out.stderr.splitlines() if ln.rstrip().endswith("| dvcedu")]
        runs.append(int(last[-1].split("|")[1]) / 1e6)
    return (
        "import dvcedu (fresh interpreter)",
        f"{statistics.median(runs) * 1e3:.1f}",
        spread(runs),
        "goal ≤ 300 ms",
    )


def bench_provision() -> tuple[str, str, str, str]:
    code = (
        "import os,time,tempfile;os.environ['DVCEDU_HOME']=tempfile.mkdtemp();"
        "from dvcedu import lab;t=time.perf_counter();lab.provision();"
        "print(time.perf_counter()-t)"
    )
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(7)
    ]
    return (
        "provision a training token (init + import)",
        f"{statistics.median(runs) * 1e3:.1f}",
        spread(runs),
        "goal ≤ 1000 ms",
    )


def main() -> None:
    os.environ.setdefault("DVCEDU_HOME", tempfile.mkdtemp(prefix="dvcedu-bench-"))
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import signing

    rows = (
        bench_sign()
        + signing.measure()
        + bench_verify_login()
        + [bench_login_at_scale()]
        + bench_big_crl()
        + bench_processes()
        + [bench_ceremony(), bench_import(), bench_provision(), bench_classroom(), bench_memory()]
    )
    if "--no-nbval" not in sys.argv:
        rows += bench_nbval()
    header = ("what", "median ms", "p10-p90 ms", "ratio / goal")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


if __name__ == "__main__":
    main()
