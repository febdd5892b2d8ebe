"""The browser suite: JupyterLab started as ``make lab`` starts it, driven in Debian's Chromium.

Everything here is what a learner sees, checked where they see it. The server runs on
loopback with a throw-away DVCEDU_HOME, Lab settings and workspace; Playwright drives the
system's ``chromium`` (it downloads no browser). When Chromium cannot start, the suite fails
and says how to install it: a skipped browser suite is how every figure of the course went
missing unnoticed once.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "build" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
"""No calls out: this machine's network is closed, and a classroom's may be too."""


def chromium_path() -> str:
    for candidate in (
        os.environ.get("DVCEDU_CHROMIUM"),
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
        "/usr/bin/chromium",
    ):
        if candidate and Path(candidate).is_file():
            return candidate
    pytest.fail(
        "Không tìm thấy Chromium / Chromium not found: the browser suite needs it. "
        "Install it with: sudo apt-get install -y chromium  (or set DVCEDU_CHROMIUM)",
        pytrace=False,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Lab:
    url: str
    token: str
    home: Path

    def api(self, method: str, path: str, body: dict | None = None) -> dict:
        request = urllib.request.Request(
            f"{self.url}{path}",
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read()
        return json.loads(text) if text else {}


@pytest.fixture(scope="session")
def lab() -> Iterator[Lab]:
    """JupyterLab through ``scripts/lab``, exactly as ``make lab`` runs it."""
    scratch = Path(tempfile.mkdtemp(prefix="dvcedu-browser-"))
    port, token = free_port(), secrets.token_hex(16)
    env = dict(
        os.environ,
        DVCEDU_HOME=str(scratch / "home"),
        JUPYTER_RUNTIME_DIR=str(scratch / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(scratch / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(scratch / "workspaces"),
    )
    # The notebooks Lab opens are the repository's own files: the suite never saves them.
    docmanager = scratch / "settings" / "@jupyterlab" / "docmanager-extension"
    docmanager.mkdir(parents=True)
    (docmanager / "plugin.jupyterlab-settings").write_text('{"autosave": false}')
    log = (scratch / "lab.log").open("w")
    server = subprocess.Popen(
        [
            str(ROOT / "scripts" / "lab"),
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            "--ServerApp.port_retries=0",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(
                    "JupyterLab did not start:\n" + (scratch / "lab.log").read_text()[-3000:],
                    pytrace=False,
                )
            time.sleep(0.5)
    try:
        yield Lab(url, token, scratch / "home")
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        shutil.rmtree(scratch, ignore_errors=True)


@pytest.fixture(scope="session")
def playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


def launch(playwright, *extra_args: str):
    """Debian's Chromium, headless, with CHROMIUM_ARGS (and ``extra_args``)."""
    from playwright.sync_api import Error

    executable = chromium_path()
    try:
        return playwright.chromium.launch(
            executable_path=executable, args=[*CHROMIUM_ARGS, *extra_args], headless=True
        )
    except Error as error:
        pytest.fail(
            f"Chromium ({executable}) could not start: {error}\n"
            "Check it runs: chromium --headless --no-sandbox --dump-dom about:blank",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def browser(playwright):
    chromium = launch(playwright)
    yield chromium
    chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def shots() -> Path:
    shutil.rmtree(SHOTS, ignore_errors=True)  # only this run's pictures
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS
