"""The classroom for real: a JupyterHub on loopback; learners logged in through its API get
their own servers (as their own system users), and in each server the registration notebook's
quy trình runs in a real kernel. No learner sees another's token or home; the trainer resets
a locked token; the hub and its proxy stay healthy. DVCEDU_CLASSROOM_LEARNERS sets how many
(3 in make test; benchmarks/classroom_hub.py runs 60 and reports the figures)."""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from dvcedu.classroom.trainer import CEREMONY, check, reset

LEARNERS = int(os.environ.get("DVCEDU_CLASSROOM_LEARNERS", "3"))
ROOT = Path(__file__).resolve().parents[2]
SPAWNS: list[float] = []  # seconds each learner's server took to start


@pytest.fixture(scope="module")
def learners(classroom):
    hub, prefix = classroom
    names = [f"{prefix}-{n}" for n in range(1, LEARNERS + 1)]
    hub.add_users(names)
    with ThreadPoolExecutor(4) as pool:
        SPAWNS.extend(pool.map(hub.start, names))
    return names


def test_every_learner_registers_and_logs_in_in_their_own_server_and_home(classroom, learners):
    hub, _ = classroom
    with ThreadPoolExecutor(4) as pool:
        runs = list(pool.map(lambda name: hub.run(name, CEREMONY), learners))
    reports = {
        name: run.json()
        for name, run in zip(learners, runs, strict=True)
        if run.ok or pytest.fail(f"{name}: {run.error}")
    }
    for name, report in reports.items():
        assert report["user"] == name  # the kernel runs as the learner…
        assert report["home"].startswith(f"/home/{name}/")  # …with dvcedu's home in theirs
        assert report["registered"] and report["logged_in"], report
        assert report["name"] == "CÔNG TY TNHH ĐÀO TẠO AN BÌNH (TRAINING)"
        assert report["tokens"] == ["DVCEDU-NB04", "DVCEDU-TRAINING"]  # their own two
        assert report["accounts"] == 1  # their own portal: nobody else's registration
        # no other learner's home opens (homes of this machine's other accounts are theirs)
        assert not set(report["others_readable"]) & {f"/home/{n}" for n in learners}
    assert len({r["home"] for r in reports.values()}) == len(learners)
    assert hub.health()
    # the figures of this run, for a person to read (make classroom-bench: 60 learners)
    seconds = sorted(run.seconds for run in runs)
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "classroom-test.json").write_text(
        json.dumps(
            {
                "learners": len(learners),
                "spawn_s_max": max(SPAWNS),
                "quy_trinh_s_p50": seconds[len(seconds) // 2],
                "quy_trinh_s_max": seconds[-1],
                "kernel_peak_mib_max": max(r["kernel_peak_kib"] for r in reports.values()) / 1024,
            },
            indent=2,
        )
    )


def test_the_trainer_resets_a_locked_token_and_the_portal(classroom, learners):
    hub, _ = classroom
    name = learners[0]
    # a learner who has registered (a token, a portal with an account): this test needs no
    # other to have run first (after another, the ceremony finds the account already there)
    registered = hub.run(name, CEREMONY)
    assert registered.ok and registered.json()["accounts"] == 1, registered.error
    lock = hub.run(
        name,
        (
            "from dvcedu.errors import PinError\n"
            "from dvcedu.token import open_token\n"
            "for _ in range(6):\n"
            "    try:\n"
            "        with open_token('DVCEDU-TRAINING', pin='00000000'):\n"
            "            pass\n"
            "    except PinError as e:\n"
            "        last = type(e).__name__\n"
            "print(last)\n"
        ),
    )
    assert lock.ok and lock.stdout.strip() == "PinLocked"
    done = reset(hub, name)
    assert done == {"token": "DVCEDU-TRAINING", "identity": "enterprise", "portal_reset": True}
    after = hub.run(
        name,
        (
            "from dvcedu import paths\n"
            "from dvcedu.token import TRAINING_PIN, open_token\n"
            "with open_token('DVCEDU-TRAINING', pin=TRAINING_PIN) as t:\n"
            "    print(t.logged_in, (paths.home() / 'portal.sqlite3').exists())\n"
        ),
    )
    assert after.ok and after.stdout.strip() == "True False"


def test_the_pre_class_check_passes_for_every_learner(classroom, learners):
    hub, _ = classroom
    results = check(hub, learners)
    assert set(results) == set(learners)
    assert all(r["ok"] for r in results.values()), results
    assert hub.health()


def test_the_trainers_commands_from_a_terminal(classroom, learners):
    import subprocess
    import sys

    hub, _ = classroom
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "dvcedu",
            "classroom",
            "check",
            "--hub",
            hub.url,
            "--token",
            hub.token,
            "--lang",
            "en",
            *learners[:2],
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{learners[0]}: READY" in done.stdout and "2/2 learners ready." in done.stdout
    reset = subprocess.run(
        [
            sys.executable,
            "-m",
            "dvcedu",
            "classroom",
            "reset",
            learners[1],
            "--hub",
            hub.url,
            "--token",
            hub.token,
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert reset.returncode == 0 and "DVCEDU-TRAINING" in reset.stdout, reset.stderr
