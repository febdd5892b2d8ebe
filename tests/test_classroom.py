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
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--learners", "60", "--workers", "6", "--json", *extra],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode in (0, 1), done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def check(report: dict) -> None:
    assert report["failures"] == [], report["failures"][:3]
    assert report["cross_talk"] == [] and report["duplicates"] == 0
    assert report["accounts_ok"] and report["integrity"] == "ok" and report["ok"]


def as_nobody_if_root() -> tuple[str, ...]:
    """Learners are not root: as root, the class runs as 'nobody' (setpriv) when that user can
    read this checkout; otherwise as whoever runs the tests."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        return ()
    probe = subprocess.run(
        [
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--",
            sys.executable,
            "-c",
            "import dvcedu.token",
        ],
        capture_output=True,
    )
    return ("--as-user", "nobody") if probe.returncode == 0 else ()


@pytest.mark.load
def test_sixty_learners_at_once():
    """The one 60-learner run of the unit suite (it ran twice, as root and as 'nobody')."""
    extra = as_nobody_if_root()
    report = run_class(*extra)
    if extra:
        assert report["user"] == "nobody"
    check(report)
