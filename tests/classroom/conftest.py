"""A real JupyterHub on loopback, from classroom/jupyterhub_config.py, for the length of the
module: learners are real system users (the hub creates them), each with their own server.
Needs root and the environment scripts/classroom-env builds (make classroom-test does both)."""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dvcedu.classroom.hub import Hub

ROOT = Path(__file__).resolve().parents[2]
ENV = Path(os.environ.get("DVCEDU_CLASSROOM_ENV", "/opt/dvcedu-classroom"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def classroom(tmp_path_factory) -> Iterator[tuple[Hub, str]]:
    """(the hub as its trainer tools see it, the prefix of this run's learners)."""
    if os.geteuid() != 0:
        pytest.skip("the classroom hub creates system users: run as root (make classroom-test)")
    if not (ENV / "bin" / "jupyterhub").exists():
        pytest.fail(f"{ENV} is missing: run scripts/classroom-env (make classroom-test does)",
                    pytrace=False)
    state = tmp_path_factory.mktemp("hub")
    prefix = "dvc" + secrets.token_hex(2)  # this run's learners: dvc1a2b-1, …
    url = f"http://127.0.0.1:{free_port()}"
    token = secrets.token_hex(32)
    env = {**os.environ, "DVCEDU_CLASSROOM_ENV": str(ENV), "DVCEDU_CLASSROOM_STATE": str(state),
           "DVCEDU_CLASSROOM_BIND": url, "DVCEDU_CLASSROOM_PASSWORD": secrets.token_hex(8),
           "DVCEDU_CLASSROOM_ADMIN_PASSWORD": secrets.token_hex(8),
           "DVCEDU_CLASSROOM_ADMIN": f"{prefix}-trainer",
           "DVCEDU_CLASSROOM_USER_PREFIX": prefix, "DVCEDU_CLASSROOM_API_TOKEN": token}
    env.pop("DVCEDU_HOME", None)
    log = open(state / "hub.log", "w")  # noqa: SIM115 - open for the hub's life
    hub_process = subprocess.Popen(
        [str(ENV / "bin" / "jupyterhub"), "-f", str(ROOT / "classroom" / "jupyterhub_config.py")],
        cwd=state, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    hub = Hub(url, token)
    try:
        deadline = time.monotonic() + 120
        while not hub.health():
            if hub_process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the hub did not start:\n" + (state / "hub.log").read_text()[-3000:],
                            pytrace=False)
            time.sleep(0.5)
        yield hub, prefix
    finally:
        for user in hub.users() if hub.health() else []:
            hub.delete_user(user["name"])
        hub_process.terminate()
        try:
            hub_process.wait(30)
        except subprocess.TimeoutExpired:
            hub_process.kill()
        log.close()
        for user in pwd.getpwall():  # the accounts the hub made for this run
            if user.pw_name.startswith(prefix):
                subprocess.run(["pkill", "-u", user.pw_name], check=False)
                subprocess.run(["userdel", "--remove", user.pw_name], check=False,
                               capture_output=True)
        shutil.rmtree(state, ignore_errors=True)
