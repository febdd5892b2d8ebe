"""A real JupyterHub on loopback, from classroom/jupyterhub_config.py, for the session:
learners are real system users (the hub creates them), each with their own server. Needs root
and the environment scripts/classroom-env builds (make classroom-test does both)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dvcedu.classroom.local import ENV, local_hub

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def classroom(tmp_path_factory):
    if os.geteuid() != 0:
        pytest.skip("the classroom hub creates system users: run as root (make classroom-test)")
    if not (ENV / "bin" / "jupyterhub").exists():
        pytest.fail(
            f"{ENV} is missing: run scripts/classroom-env (make classroom-test does)", pytrace=False
        )
    with local_hub(
        ROOT / "classroom" / "jupyterhub_config.py",
        state=tmp_path_factory.mktemp("hub"),
        log_copy=ROOT / "build" / "classroom-hub.log",
    ) as running:
        yield running
