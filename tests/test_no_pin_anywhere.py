"""No PIN anywhere it should not be: Transcripts, the portal's SQLite files, every file under
DVCEDU_HOME, CLI output, widget state, notebook outputs (test_notebooks.py)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from dvcedu import lab
from dvcedu.clock import COURSE_DAY, FixedClock, SeededRandom
from dvcedu.pki.samples import training_trust
from dvcedu.plugin import ScriptedLearner, SigningPlugin
from dvcedu.portal import Portal, Store
from dvcedu.scenario import run_login, run_registration

from .conftest import requires_softhsm

pytestmark = requires_softhsm
PIN, SO_PIN = "73914628", "46281739"  # distinctive, so a match cannot be a coincidence


def test_pins_leave_no_trace(home):
    lab.provision("enterprise", pin=PIN, so_pin=SO_PIN)
    clock = FixedClock(COURSE_DAY)
    store_path = home / "portal.sqlite3"
    portal = Portal(
        Store(store_path), trust=training_trust(), clock=clock, random=SeededRandom("pins")
    )
    plugin = SigningPlugin(clock=clock)
    ceremonies = [
        run_registration(portal, plugin, ScriptedLearner(pin=PIN), email="a@daotao.test"),
        run_login(portal, plugin, ScriptedLearner(pin=PIN)),
        run_login(portal, plugin, ScriptedLearner(pin="00000000")),
    ]
    assert ceremonies[0].ok and ceremonies[1].ok and not ceremonies[2].ok
    for ceremony in ceremonies:
        for event in ceremony.transcript:
            blob = event.payload + event.note_vi.encode() + event.note_en.encode()
            assert PIN.encode() not in blob and b"00000000" not in blob
        assert PIN not in str(ceremony.error or "")
    portal.store.close()
    for path in home.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert PIN.encode() not in data and SO_PIN.encode() not in data, path.name
            assert PIN.encode("utf-16-le") not in data, path.name


def test_cli_output_never_echoes_a_pin(home):
    env = dict(os.environ, DVCEDU_HOME=str(home))
    runs = [
        ["token", "init", "--pin", PIN, "--so-pin", SO_PIN],
        ["token", "show", "--pin", PIN],
        ["token", "show", "--pin", "11112222"],
        ["walkthrough", "--pin", PIN],
        ["walkthrough", "--pin", PIN, "--json"],
        ["token", "unlock", "--so-pin", SO_PIN],
        ["doctor", "--json"],
    ]
    for args in runs:
        done = subprocess.run(
            [sys.executable, "-m", "dvcedu", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        for secret in (PIN, SO_PIN, "11112222"):
            assert secret not in done.stdout + done.stderr, args


def test_widgets_keep_no_pin(training_token):
    pytest.importorskip("ipywidgets")
    from dvcedu.token import TRAINING_PIN
    from dvcedu.widgets.pin_dialog import PinDialog
    from dvcedu.widgets.portal import LoginPanel

    clock = FixedClock(COURSE_DAY)
    portal = Portal(Store.memory(), trust=training_trust(), clock=clock, random=SeededRandom("w"))
    plugin = SigningPlugin(clock=clock)
    run_registration(portal, plugin, ScriptedLearner(pin=TRAINING_PIN), email="a@daotao.test")
    for widget in (PinDialog(training_token.label), LoginPanel(portal, plugin)):
        widget.pin.value = TRAINING_PIN
        (widget.button if hasattr(widget, "button") else widget.login).click()
        states = [child.get_state() for child in _walk(widget)]
        assert TRAINING_PIN not in repr(states)


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)
