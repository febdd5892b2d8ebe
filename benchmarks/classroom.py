"""A classroom of learners at once: each with their own DVCEDU_HOME and training token
(key generated ON the token, certificate issued by the training CA for a learner-specific
MST), all registering and logging in concurrently against ONE portal store.

    python benchmarks/classroom.py --learners 60 [--workers 8] [--as-user nobody] [--json]

Checks: every learner registered exactly once and logged in as themselves (no cross-talk
between tokens or accounts), no account lost or duplicated, the store passes
PRAGMA integrity_check. Reports p50/p95 ceremony latency. Exit 0 only when all checks pass.
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def learner(index: int, base: str, store_path: str) -> dict:
    """One learner, in a worker process: own home, own token, register, log in."""
    os.environ["DVCEDU_HOME"] = str(Path(base) / f"learner{index:02d}")
    from cryptography.hazmat.primitives import serialization

    from dvcedu.clock import SystemClock
    from dvcedu.lab import key_id_for
    from dvcedu.pki import csr, samples
    from dvcedu.pki.samples import training_trust
    from dvcedu.plugin import ScriptedLearner, SigningPlugin
    from dvcedu.portal import Portal, Store
    from dvcedu.scenario import run_login, run_registration
    from dvcedu.token import DEFAULT_LABEL, TRAINING_PIN, init_token, provisioning
    from tests.portal_helpers import mst

    code = mst(index, prefix="01992")  # a range of its own: never an account of the tests
    name = f"CÔNG TY HỌC VIÊN {index:02d} (ĐÀO TẠO)"
    spec = samples.training_spec()
    own = replace(
        spec["enterprise"],
        label=f"learner{index}",
        subject=(("C", "VN"), ("CN", name), ("UID", f"MST:{code}")),
    )
    init_token()
    with provisioning(DEFAULT_LABEL, TRAINING_PIN) as token:
        key = token.generate_key_pair(id=b"new", label="hoc-vien")
        request = csr.build_csr(
            samples.load_certificate("enterprise").subject,
            token.session.public_key(id=b"new"),
            key.sign,
        )
        ca_key = serialization.load_pem_private_key(samples.ca_key_pem("vnpt"), None)
        cert = csr.issue_from_csr(request, spec=own, issuer=spec["vnpt"], issuer_key=ca_key)
        token.change_id(b"new", key_id_for(cert))
        token.import_certificate(
            cert.public_bytes(serialization.Encoding.DER), id=key_id_for(cert), label="hoc-vien"
        )
    clock = SystemClock()
    portal = Portal(Store(store_path), trust=training_trust(), clock=clock)
    plugin = SigningPlugin(clock=clock)
    start = time.perf_counter()
    registered = run_registration(
        portal, plugin, ScriptedLearner(pin=TRAINING_PIN), email=f"hv{index}@daotao.test"
    )
    logged_in = run_login(portal, plugin, ScriptedLearner(pin=TRAINING_PIN))
    elapsed = time.perf_counter() - start
    portal.store.close()
    return {
        "index": index,
        "mst": code,
        "registered": registered.ok,
        "logged_in": logged_in.ok,
        "seconds": elapsed,
        "session_name": logged_in.login.session.display_name if logged_in.ok else None,
        "expected_name": name,
        "error": str(registered.error or logged_in.error or "")[:200],
    }


def simulate(learners: int, workers: int) -> dict:
    base = tempfile.mkdtemp(prefix="dvcedu-classroom-")
    os.chmod(base, 0o700)
    store_path = str(Path(base) / "portal.sqlite3")
    from dvcedu.portal import Store

    Store(store_path).close()
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = list(
            pool.map(learner, range(learners), [base] * learners, [store_path] * learners)
        )
    wall = time.perf_counter() - started
    db = sqlite3.connect(store_path)
    accounts = [r[0] for r in db.execute("SELECT identifier FROM accounts")]
    integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
    db.close()
    times = sorted(r["seconds"] for r in results)
    failures = [r for r in results if not (r["registered"] and r["logged_in"])]
    crossed = [r for r in results if r["logged_in"] and r["session_name"] != r["expected_name"]]
    expected = sorted(r["mst"] for r in results)
    report = {
        "user": pwd.getpwuid(os.getuid()).pw_name,
        "learners": learners,
        "workers": workers,
        "wall_seconds": round(wall, 2),
        "p50_ms": round(statistics.median(times) * 1000, 1),
        "p95_ms": round(times[max(int(len(times) * 0.95) - 1, 0)] * 1000, 1),
        "failures": failures,
        "cross_talk": crossed,
        "accounts_ok": sorted(accounts) == expected,
        "duplicates": len(accounts) - len(set(accounts)),
        "integrity": integrity,
    }
    report["ok"] = not failures and not crossed and report["accounts_ok"] and integrity == "ok"
    shutil.rmtree(base, ignore_errors=True)
    return report


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=60)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument(
        "--as-user",
        default=None,
        help="run the whole class as this (non-root) user, like JupyterHub",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.as_user:
        user = pwd.getpwnam(args.as_user)
        command = [
            "setpriv",
            f"--reuid={user.pw_uid}",
            f"--regid={user.pw_gid}",
            "--clear-groups",
            "--",
            sys.executable,
            __file__,
            "--learners",
            str(args.learners),
            "--workers",
            str(args.workers),
            "--json",
        ]
        env = {k: v for k, v in os.environ.items() if k not in ("DVCEDU_HOME", "HOME")}
        env["HOME"] = tempfile.gettempdir()
        done = subprocess.run(command, capture_output=True, text=True, env=env)
        sys.stdout.write(done.stdout)
        sys.stderr.write(done.stderr)
        return done.returncode
    report = simulate(args.learners, args.workers)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(
            f"{report['learners']} learners as '{report['user']}', {report['workers']} "
            f"workers: wall {report['wall_seconds']} s, register+login p50 "
            f"{report['p50_ms']} ms, p95 {report['p95_ms']} ms; accounts ok: "
            f"{report['accounts_ok']}, duplicates: {report['duplicates']}, cross-talk: "
            f"{len(report['cross_talk'])}, failures: {len(report['failures'])}, "
            f"integrity: {report['integrity']}"
        )
        for failure in report["failures"][:5]:
            print("  FAIL", failure)
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
