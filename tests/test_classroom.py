"""A class of 60 learners at once, as root and as a non-root user (like JupyterHub/Binder)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import requires_softhsm

pytestmark = requires_softhsm
SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "classroom.py"


def run_class(*extra: str) -> dict:
    done = subprocess.run([sys.executable, str(SCRIPT), "--learners", "60", "--workers", "6",
                           "--json", *extra], capture_output=True, text=True, timeout=600)
    assert done.returncode in (0, 1), done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def check(report: dict) -> None:
    assert report["failures"] == [], report["failures"][:3]
    assert report["cross_talk"] == [] and report["duplicates"] == 0
    assert report["accounts_ok"] and report["integrity"] == "ok" and report["ok"]


def test_sixty_learners_at_once():
    check(run_class())


def test_sixty_learners_as_a_non_root_user():
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.skip("needs root (to switch to the 'nobody' user) and setpriv")
    probe = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
                            sys.executable, "-c", "import dvcedu.token"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("user 'nobody' cannot read this checkout or its virtualenv")
    report = run_class("--as-user", "nobody")
    assert report["user"] == "nobody"
    check(report)
