"""The signing path, side by side with raw PyKCS11 on the same SoftHSM2 token (issue: the
plugin's PIN cache and the cost of a CMS beside the token).

Every contender runs in the same loop of blocks, interleaved, so machine noise hits all
alike; each row is the median block. Goals are ratios to the raw operation that does the same
token work:

- a raw ``C_Sign`` on a logged-in session: what a signature costs the token;
- raw open + ``C_Login`` + find + ``C_Sign`` + ``C_Logout`` + close: what a signature costs
  when nothing is kept between signatures.
"""

from __future__ import annotations

import base64
import gc
import json
import statistics
import threading
from collections.abc import Callable
from dataclasses import dataclass

from run import BLOCKS, blocks, spread  # type: ignore[import-not-found]

PER_BLOCK = 20


@dataclass(frozen=True)
class Row:
    what: str
    samples: list[float]
    against: str = ""
    """The row whose median this one is divided by ("" for none)."""
    goal: float | None = None


def measure() -> list[tuple[str, str, str, str]]:
    import PyKCS11

    from dvcedu import lab
    from dvcedu.clock import COURSE_DAY, FixedClock
    from dvcedu.pki import cms
    from dvcedu.plugin import SigningPlugin
    from dvcedu.token import TRAINING_PIN, TokenSigner, library
    from tests.test_pki_cms import _plain_build  # the build before the per-certificate template

    lab.provision("enterprise", force=True)  # run.py may have made it already
    data, origin = b"\x5a" * 64, "https://x.test"
    plugin = SigningPlugin(clock=FixedClock(COURSE_DAY))
    choice = plugin.list_certificates()[0]
    cert = choice.der
    lib = library.load().lib
    mech = PyKCS11.Mechanism(PyKCS11.CKM_SHA256_RSA_PKCS)
    private = [(PyKCS11.CKA_CLASS, PyKCS11.CKO_PRIVATE_KEY)]
    now: dict[str, object] = {}

    def logged_in() -> None:
        """The PIN typed once more: the plugin keeps a fresh logged-in session; the raw
        contenders sign on it too (one token, one login)."""
        plugin.sign(data, choice, TRAINING_PIN, origin=origin)
        session = plugin.pin_cache.session(origin)
        assert session is not None
        now.update(
            session=session,
            key=session.private_key(id=choice.key_id),
            handle=session.pkcs11.findObjects(private)[0],
            slot=session.slot,
        )

    logged_in()
    signature = now["key"].sign(data)  # type: ignore[attr-defined]
    attributes = cms.signed_attributes(data, COURSE_DAY, origin)
    assert cms.assemble(cert, attributes, signature) == _plain_build(
        cert, data, COURSE_DAY, origin, signature, "sha256"
    )  # byte-identical

    def raw_full() -> None:
        session = lib.openSession(now["slot"], PyKCS11.CKF_SERIAL_SESSION)
        session.login(TRAINING_PIN)
        session.sign(session.findObjects(private)[0], data, mech)
        session.logout()
        session.closeSession()

    def cleared() -> None:
        # the PIN typed afresh: the kept session ends, a new login (C_Logout happens in the
        # next call's clearing, as raw_full's logout does in its own)
        plugin.sign(data, choice, TRAINING_PIN, origin=origin)

    socket_sign = _over_the_websocket(plugin, choice.serial_hex, origin, data, clear=False)
    socket_pin = _over_the_websocket(plugin, choice.serial_hex, origin, data, clear=True)
    contenders: dict[str, Callable[[], object]] = {
        "raw": lambda: now["session"].pkcs11.sign(now["handle"], data, mech),  # type: ignore[attr-defined]
        "raw_full": raw_full,
        "plain_build": lambda: _plain_build(cert, data, COURSE_DAY, origin, signature, "sha256"),
        "template_build": lambda: cms.assemble(
            cert, cms.signed_attributes(data, COURSE_DAY, origin), signature
        ),
        "open_session": lambda: cms.sign_detached(
            data,
            TokenSigner(now["key"], cert),  # type: ignore[arg-type]
            signing_time=COURSE_DAY,
            origin=origin,
        ),
        "plugin_cached": lambda: plugin.sign(data, choice, None, origin=origin),
        "plugin_cleared": cleared,
        "websocket": socket_sign,
        "websocket_pin": socket_pin,
        "in_process": _in_process(plugin, choice, origin, data),
        "socket_round_trip": socket_sign.round_trip,  # type: ignore[attr-defined]
        "dialog_round_trip": _dialog_round_trip(),
    }
    times: dict[str, list[float]] = {name: [] for name in contenders}
    gc.disable()  # as timeit does: a collection lands in one contender's block, not in all
    for i in range(BLOCKS):
        order = list(contenders) if i % 2 == 0 else list(reversed(contenders))
        for name in order:
            if name in (
                "plugin_cached",
                "websocket",
                "raw",
                "open_session",
                "websocket_pin",
                "in_process",
            ):
                logged_in()
            elif name == "raw_full":  # it logs in itself: nobody may hold the login
                plugin.clear_pin_cache()
            times[name].append(blocks(contenders[name], per_block=PER_BLOCK))
    gc.enable()
    plugin.close()
    socket_sign.close()  # type: ignore[attr-defined]
    socket_pin.close()  # type: ignore[attr-defined]
    m = {name: statistics.median(t) for name, t in times.items()}
    floor_open = (m["raw"] + m["template_build"]) / m["raw"]
    floor_socket = (m["plugin_cached"] + m["socket_round_trip"] + m["dialog_round_trip"]) / m[
        "plugin_cached"
    ]
    rows = [
        ("raw C_Sign (PyKCS11, logged-in session)", "raw", None, None),
        ("raw open+login+find+sign+logout (PyKCS11)", "raw_full", "raw", None),
        ("CMS build, asn1crypto, before (every part anew)", "plain_build", None, None),
        ("CMS build, asn1crypto, per-certificate template", "template_build", "plain_build", 0.45),
        ("detached CMS on an open session", "open_session", "raw", 2.0),
        ("plugin.sign(cmsdetached), PIN cached", "plugin_cached", "raw", 2.2),
        ("plugin.sign(cmsdetached), cache cleared", "plugin_cleared", "raw_full", 2.0),
        (
            "WebSocket signArrDataAdvanced, PIN typed by a script",
            "websocket_pin",
            "plugin_cleared",
            2.0,
        ),
        ("WebSocket signArrDataAdvanced, OK by a script", "websocket", "plugin_cached", 2.0),
        ("  the same call in-process (PluginWire.handle)", "in_process", "plugin_cached", None),
        ("  WebSocket round trip, checkPlugin (no token)", "socket_round_trip", None, None),
        ("  the window's OK, asked and answered in-process", "dialog_round_trip", None, None),
    ]
    out = []
    for what, name, against, goal in rows:
        ratio = m[name] / m[against] if against else 1.0
        shown = f"{ratio:.2f} × {against}" if against else "1.00"
        if goal is not None:
            shown += f" (goal ≤ {goal}) {'✓' if ratio <= goal else '✗'}"
        if name == "open_session":
            shown += f"; floor raw + template = {floor_open:.2f}"
        if name == "websocket":
            shown += f"; floor sign + round trip + OK = {floor_socket:.2f}"
        out.append((what, f"{m[name] * 1e3:.3f}", spread(times[name]), shown))
    return out


def _over_the_websocket(plugin, serial: str, origin: str, data: bytes, *, clear: bool):
    """A page's signArrDataAdvanced over a real WebSocket (uvicorn, TLS on loopback) to the
    signing service: with ``clear`` (clearPINCache "1", as a login page asks) the PIN typed
    by a script at the window, else the token still logged in and the script's OK."""
    import ssl

    from websockets.sync.client import connect

    from dvcedu.plugin.protocol import request, stringify
    from dvcedu.portal import Store
    from dvcedu.token import TRAINING_PIN
    from dvcedu.web.practice import Practice
    from dvcedu.web.serve import Services, any_free_port
    from dvcedu.web.tls import loopback_tls

    port = any_free_port()
    page = f"http://localhost:{port + 1}"
    services = Services(Practice(page, page, (), store=Store.memory()))
    service = services.add_plugin(plugin, port, loopback_tls())
    services.start()
    stop = threading.Event()

    def window() -> None:  # the learner's answer, as soon as each dialog shows
        while not stop.is_set():
            dialog = service.broker.next_dialog(timeout=0.2)
            if dialog is not None:
                service.broker.answer(dialog.id, TRAINING_PIN if dialog.kind == "pin" else True)

    threading.Thread(target=window, daemon=True).start()
    tls = ssl.create_default_context(cafile=str(loopback_tls().ca_file))
    socket = connect(f"wss://localhost:{port}/plugin", origin=origin, ssl=tls, max_size=None)
    socket.send(
        request(
            "setLicenseKey",
            Practice(origin, origin, (), store=None).licence_for(origin),  # type: ignore[arg-type]
            domain="x.test",
        )
    )
    socket.recv()
    frame = request(
        "signArrDataAdvanced",
        [stringify({"data": base64.b64encode(data).decode(), "type": "cmsdetached"})],
        serial,
        clear,
        False,
        domain="x.test",
    )

    def sign() -> None:
        socket.send(frame)
        reply = str(socket.recv()).rpartition("*")[0]
        assert json.loads(json.loads(reply)[0])["code"] == 0, reply

    check = request("checkPlugin", domain="x.test")

    def round_trip() -> None:
        socket.send(check)
        socket.recv()

    def close() -> None:
        stop.set()
        socket.close()
        services.stop()

    sign.close = close  # type: ignore[attr-defined]
    sign.round_trip = round_trip  # type: ignore[attr-defined]
    return sign


def _in_process(plugin, choice, origin: str, data: bytes) -> Callable[[], object]:
    """The same signArrDataAdvanced frame handed to the wire directly, the OK given by a
    script: the call without the WebSocket, TLS, uvicorn and the worker thread."""
    from dvcedu.plugin import PluginWire, ScriptedLearner
    from dvcedu.plugin.protocol import request, stringify

    wire = PluginWire(plugin, origin=origin, learner=ScriptedLearner(pin=None))
    frame = request(
        "signArrDataAdvanced",
        [stringify({"data": base64.b64encode(data).decode(), "type": "cmsdetached"})],
        choice.serial_hex,
        False,
        False,
        domain=origin.split("//")[1],
    )
    return lambda: wire.handle(frame)


def _dialog_round_trip() -> Callable[[], object]:
    """One OK asked in the window and answered by a script, in-process: what a dialog costs
    the signing call when the learner answers at once."""
    from dvcedu.web.dialogs import DialogBroker

    broker = DialogBroker()

    def window() -> None:
        while True:
            dialog = broker.next_dialog(timeout=1)
            if dialog is not None:
                broker.answer(dialog.id, True)

    threading.Thread(target=window, daemon=True).start()
    return lambda: broker.ask("consent", {})
