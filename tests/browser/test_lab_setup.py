"""JupyterLab as `make lab` starts it: the project is its root, `dvcedu` works in its
terminal (a wrong PIN and a missing token answered in words), and the course fonts are set."""

from __future__ import annotations

import json
import time

import websocket

from dvcedu.token import TRAINING_PIN


def test_the_project_is_labs_root(lab):
    for path in (
        "README.md",
        "docs/architecture.md",
        "notebooks/README.md",
        "docs/classroom.md",
        "notebooks/00_gioi_thieu.ipynb",
    ):
        assert lab.api("GET", f"/api/contents/{path}?content=0")["path"] == path


def run_in_terminal(lab, command: str, until: str, timeout: float = 60) -> str:
    name = lab.api("POST", "/api/terminals")["name"]
    ws = websocket.create_connection(
        f"{lab.url.replace('http', 'ws')}/terminals/websocket/{name}?token={lab.token}",
        timeout=timeout,
    )
    out = ""
    try:
        ws.send(json.dumps(["stdin", f"{command}; echo __DONE__$?\r"]))
        deadline = time.monotonic() + timeout
        while "__DONE__" not in out.replace("echo __DONE__", "") and time.monotonic() < deadline:
            kind, *data = json.loads(ws.recv())
            if kind == "stdout":
                out += data[0]
    finally:
        ws.close()
        lab.api("DELETE", f"/api/terminals/{name}")
    assert until in out, out[-2000:]
    return out


def test_dvcedu_works_in_labs_terminal(lab):
    out = run_in_terminal(lab, "dvcedu --help", "doctor")
    assert "command not found" not in out


def test_a_new_user_in_the_terminal_gets_words_not_tracebacks(lab):
    run_in_terminal(lab, "dvcedu token init --label TERM-TEST", "TERM-TEST")
    wrong = run_in_terminal(lab, "dvcedu token show --label TERM-TEST --pin 00000000", "Sai mã PIN")
    missing = run_in_terminal(
        lab, "dvcedu token show --label KHONG-CO --pin " + TRAINING_PIN, "Không thấy token"
    )
    for out in (wrong, missing):
        assert "Traceback" not in out
