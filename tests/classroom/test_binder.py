"""Binder for self-study: binder/postBuild, the install steps repo2docker runs, run as a
non-root user in their own home — dvcedu installed, JupyterLab's settings in place, a training
token of their own, and `dvcedu doctor` passing. The packages binder/environment.yml lists come
here from the classroom's environment (no conda on this machine); the steps are Binder's."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
from pathlib import Path

import pytest

from dvcedu.classroom.local import ENV

ROOT = Path(__file__).resolve().parents[2]


def test_binders_post_build_as_a_non_root_user(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("makes a system user: run as root (make classroom-test)")
    name = "dvcbinder" + secrets.token_hex(2)
    subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash", name], check=True)
    home = Path(f"/home/{name}")
    try:
        repo = home / "repo"
        shutil.copytree(
            ROOT,
            repo,
            ignore=shutil.ignore_patterns(
                ".venv",
                "build",
                ".git",
                "node_modules",
                "state",
                "__pycache__",
                ".pytest_cache",
                ".ruff_cache",
                ".hypothesis",
            ),
        )
        subprocess.run(["chown", "-R", f"{name}:{name}", str(repo)], check=True)

        def as_learner(*command: str) -> subprocess.CompletedProcess:
            return subprocess.run(
                [
                    "runuser",
                    "-u",
                    name,
                    "--",
                    "env",
                    "-i",
                    f"HOME={home}",
                    "LANG=C.UTF-8",
                    f"PATH={home / 'env' / 'bin'}:/usr/bin:/bin",
                    *command,
                ],
                cwd=repo,
                capture_output=True,
                text=True,
                timeout=600,
            )

        made = as_learner("/usr/bin/python3", "-m", "venv", str(home / "env"))
        assert made.returncode == 0, made.stderr
        # environment.yml's packages, from the classroom's environment (a .pth line)
        packages = next((ENV / "lib").glob("python3*/site-packages"))
        own = next((home / "env" / "lib").glob("python3*/site-packages"))
        (own / "environment-yml.pth").write_text(f"{packages}\n")
        built = as_learner("bash", "binder/postBuild")
        assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
        doctor = as_learner("dvcedu", "doctor", "--json", "--lang", "en")
        report = json.loads(doctor.stdout)
        assert report["ok"], [c for c in report["checks"] if c["required"] and not c["ok"]]
        assert (home / ".local" / "share" / "dvcedu").is_dir()  # the token is in their home
        settings = home / "env" / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
        assert settings.is_file()
        assert (home / ".jupyter" / "lab" / "user-settings").is_dir()
    finally:
        subprocess.run(["pkill", "-u", name], check=False)
        subprocess.run(["userdel", "--remove", name], check=False, capture_output=True)
