"""One learner's home touched by several processes at once (a double click, a notebook and a
terminal, a trainer's loop): real processes, one DVCEDU_HOME, one SoftHSM2 token folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dvcedu.token import TRAINING_PIN

from .conftest import requires_softhsm

pytestmark = requires_softhsm

WORKER = textwrap.dedent("""
    import json, sys
    from dvcedu.errors import DvceduError
    from dvcedu.token import open_token
    pin, times = sys.argv[1], int(sys.argv[2])
    seen = []
    for _ in range(times):
        try:
            with open_token("DVCEDU-TRAINING", pin=pin):
                seen.append("ok")
        except DvceduError as error:
            seen.append(type(error).__name__)
    print(json.dumps(seen))
""")


def env_for(home: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DVCEDU_PKCS11_MODULE", "PYKCS11LIB", "SOFTHSM2_CONF")
    }
    return {**env, "DVCEDU_HOME": str(home), **extra}


def run_together(
    commands: list[list[str]], env: dict[str, str]
) -> list[subprocess.CompletedProcess]:
    started = [
        subprocess.Popen(c, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for c in commands
    ]
    done = []
    for process in started:
        out, err = process.communicate(timeout=180)
        done.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return done


@pytest.mark.load
def test_concurrent_init_if_missing_makes_one_token(tmp_path):
    env = env_for(tmp_path / "home")
    cli = [sys.executable, "-m", "dvcedu", "token", "init", "--if-missing"]
    results = run_together([cli] * 4, env)
    assert all(r.returncode == 0 for r in results), [r.stderr for r in results]
    listed = subprocess.run(
        [sys.executable, "-m", "dvcedu", "token", "list"], env=env, capture_output=True, text=True
    )
    assert listed.stdout.count("DVCEDU-TRAINING") == 1, listed.stdout
    doctor = subprocess.run(
        [sys.executable, "-m", "dvcedu", "doctor"], env=env, capture_output=True, text=True
    )
    assert doctor.returncode == 0, doctor.stdout


def provision(home: Path, **extra: str) -> dict[str, str]:
    env = env_for(home, **extra)
    made = subprocess.run(
        [sys.executable, "-m", "dvcedu", "token", "init"], env=env, capture_output=True, text=True
    )
    assert made.returncode == 0, made.stderr
    return env


@pytest.mark.load
def test_every_concurrent_wrong_pin_is_counted_once(tmp_path):
    env = provision(tmp_path / "home", DVCEDU_PIN_MAX_TRIES="100")
    worker = [sys.executable, "-c", WORKER, "00000000", "4"]
    results = run_together([worker] * 4, env)
    seen = [s for r in results for s in json.loads(r.stdout or "[]")]
    assert all(r.returncode == 0 for r in results), [r.stderr for r in results]
    assert seen == ["PinIncorrect"] * 16  # nothing else: no lost file, no vanished token
    count = subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "from dvcedu.token import open_token\n"
                "with open_token('DVCEDU-TRAINING') as token:\n"
                "    print(token.info.pin_state.failures)"
            ),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert count.stdout.strip() == "16", count.stderr


@pytest.mark.load
def test_concurrent_right_pins_all_succeed(tmp_path):
    env = provision(tmp_path / "home")
    worker = [sys.executable, "-c", WORKER, TRAINING_PIN, "3"]
    results = run_together([worker] * 8, env)
    assert all(r.returncode == 0 for r in results), [r.stderr for r in results]
    assert [s for r in results for s in json.loads(r.stdout)] == ["ok"] * 24


def test_the_fifth_wrong_pin_locks_even_when_processes_race(tmp_path):
    env = provision(tmp_path / "home")
    worker = [sys.executable, "-c", WORKER, "00000000", "2"]
    results = run_together([worker] * 4, env)
    seen = [s for r in results for s in json.loads(r.stdout)]
    assert seen.count("PinIncorrect") == 5 and seen.count("PinLocked") == 3, seen
