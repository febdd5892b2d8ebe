"""A classroom hub started on this computer's loopback from classroom/jupyterhub_config.py,
for the length of a ``with`` block — for the tests and the load benchmark. Learners it
creates carry the run's prefix; on the way out their servers stop and their accounts and
homes are removed."""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dvcedu.classroom.hub import Hub

ENV = Path(os.environ.get("DVCEDU_CLASSROOM_ENV", "/opt/dvcedu-classroom"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def local_hub(
    config: Path, *, state: Path, log_copy: Path | None = None, memory_mib: int | None = None
) -> Iterator[tuple[Hub, str]]:
    """(the hub, as its trainer tools see it; the prefix of this run's learners)."""
    prefix = "dvc" + secrets.token_hex(2)  # this run's learners: dvc1a2b-1, …
    url = f"http://127.0.0.1:{free_port()}"
    token = secrets.token_hex(32)
    env = {
        **os.environ,
        "DVCEDU_CLASSROOM_ENV": str(ENV),
        "DVCEDU_CLASSROOM_STATE": str(state),
        "DVCEDU_CLASSROOM_BIND": url,
        "DVCEDU_CLASSROOM_HUB_BIND": f"http://127.0.0.1:{free_port()}",
        "DVCEDU_CLASSROOM_PASSWORD": secrets.token_hex(8),
        "DVCEDU_CLASSROOM_ADMIN_PASSWORD": secrets.token_hex(16),
        "DVCEDU_CLASSROOM_ADMIN": f"{prefix}-trainer",
        "DVCEDU_CLASSROOM_USER_PREFIX": prefix,
        "DVCEDU_CLASSROOM_API_TOKEN": token,
    }
    if memory_mib:
        env["DVCEDU_CLASSROOM_MEMORY_MIB"] = str(memory_mib)
    env.pop("DVCEDU_HOME", None)
    state.mkdir(parents=True, exist_ok=True)
    log = open(state / "hub.log", "w")  # noqa: SIM115 - open for the hub's life
    process = subprocess.Popen(
        [str(ENV / "bin" / "jupyterhub"), "-f", str(config)],
        cwd=state,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    hub = Hub(url, token)
    try:
        deadline = time.monotonic() + 120
        while not hub.health():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    "the hub did not start:\n" + (state / "hub.log").read_text()[-3000:]
                )
            time.sleep(0.5)
        yield hub, prefix
    finally:
        if hub.health():
            for user in hub.users():
                hub.delete_user(user["name"])
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        if log_copy is not None:
            log_copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(state / "hub.log", log_copy)
        for user in pwd.getpwall():  # the accounts the hub made for this run
            if user.pw_name.startswith(prefix):
                subprocess.run(["pkill", "-u", user.pw_name], check=False)
                subprocess.run(
                    ["userdel", "--remove", user.pw_name], check=False, capture_output=True
                )
