"""What the hub does for a learner before their server starts (JupyterHub's pre_spawn_hook):
make them a system user with a private home, copy the course in once, and make their own
training token once — everything as the learner, never shared."""

from __future__ import annotations

import grp
import os
import pwd
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

NAME = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")


def proxy_command(here: Path) -> list[str]:
    """configurable-http-proxy as `npm ci` put it in classroom/node_modules, else from PATH."""
    local = here / "node_modules" / ".bin" / "configurable-http-proxy"
    return [str(local)] if local.exists() else ["configurable-http-proxy"]


def server_scopes(spawner: object) -> list[str]:
    """The API token a learner's server holds: JupyterHub's "server" role (post activity, be
    reached), except the trainer's, which holds the trainer's own scopes — so that
    ``dvcedu classroom check`` and ``reset`` work from a notebook in the trainer's JupyterLab."""
    if spawner.user.admin:
        return ["inherit"]
    return ["users:activity!user", "access:servers!server"]


def ensure_user(name: str) -> pwd.struct_passwd:
    """The learner's system account and private home (0700), created on first login."""
    if not NAME.match(name):  # the hub's username_pattern already refused anything else
        raise ValueError(f"not a user name for this machine: {name!r}")
    try:
        return pwd.getpwnam(name)
    except KeyError:
        subprocess.run(
            ["useradd", "--create-home", "--shell", "/bin/bash", "--user-group", name],
            check=True,
            capture_output=True,
        )
        user = pwd.getpwnam(name)
        os.chmod(user.pw_dir, 0o700)
        return user


def as_user(user: pwd.struct_passwd, env: Path, *command: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        # a clean environment: nothing of the hub's (its DVCEDU_HOME, say) reaches the learner
        [
            "runuser",
            "-u",
            user.pw_name,
            "--",
            "env",
            "-i",
            f"HOME={user.pw_dir}",
            "LANG=C.UTF-8",
            f"PATH={env / 'bin'}:/usr/bin:/bin",
            *command,
        ],
        cwd=user.pw_dir,
        capture_output=True,
        text=True,
        timeout=120,
    )


def first_start(*, env: Path, course: Path) -> Callable[[object], None]:
    def hook(spawner: object) -> None:
        user = ensure_user(spawner.user.name)
        home = Path(user.pw_dir)
        if not (home / "notebooks").exists():
            shutil.copytree(
                course,
                home / "notebooks",
                ignore=shutil.ignore_patterns(".ipynb_checkpoints", "src"),
            )
            group = grp.getgrgid(user.pw_gid).gr_name
            subprocess.run(
                ["chown", "-R", f"{user.pw_name}:{group}", str(home / "notebooks")], check=True
            )
        made = as_user(user, env, "dvcedu", "token", "init", "--if-missing")
        if made.returncode != 0:
            raise RuntimeError(f"dvcedu token init for {user.pw_name}: {made.stderr.strip()}")
        spawner.log.info("dvcedu: %s", made.stdout.strip().splitlines()[-1:])

    return hook
