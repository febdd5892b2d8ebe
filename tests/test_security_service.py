"""The signing service under attack, as an attacker's page and client would try it: each case
says what is sent and what must come back, and after it nothing was signed that should not
have been, no certificate data went where it should not, and no PIN is in any log.

The cases of issue "the three web services under attack": cross-origin pages, DNS
rebinding, a stated domain or licence that does not fit, the consent window answered or
framed by anyone but the learner, malformed and hostile frames, floods, many connections, a
slow reader, and a cached PIN offered to another site.
"""

from __future__ import annotations

import base64
import json
import logging
import socket
import threading
import time
from contextlib import ExitStack, closing

import pytest
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from dvcedu.clock import COURSE_DAY, FixedClock
from dvcedu.model import Transcript
from dvcedu.pki import samples
from dvcedu.plugin import SigningPlugin, protocol
from dvcedu.plugin.licence import issue_licence
from dvcedu.plugin.protocol import stringify
from dvcedu.token import TRAINING_PIN
from dvcedu.web.dialogs import DialogBroker
from dvcedu.web.practice import Practice, licence_issuer
from dvcedu.web.service import MAX_SOCKETS, SigningService

from .conftest import requires_softhsm
from .plugin_window import Window

pytestmark = requires_softhsm
PORTAL = "http://localhost:8000"
EVIL = "https://evil.test"


@pytest.fixture
def service(training_token):
    return SigningService(
        SigningPlugin(clock=FixedClock(COURSE_DAY)),
        transcript=Transcript(),
        licence_issuer=licence_issuer(),
        broker=DialogBroker(wait_seconds=5),
    )


def licence_for(url: str) -> str:
    return Practice(url, url, (), store=None).licence_for(url)  # type: ignore[arg-type]


def minted(domain: str) -> str:
    """A licence an attacker makes for their own site: the training licensing key is public
    (it is in the repository), as the course says."""
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_private_key(samples.ca_key_pem("vnpt"), None)
    return issue_licence(domain, "KẺ GIAN", key)  # type: ignore[arg-type]


def serial() -> str:
    return f"{samples.load_certificate('enterprise').serial_number:X}"


def connect(service, origin: str | None = PORTAL, host: str = "localhost:4433"):
    headers = {"host": host} | ({"origin": origin} if origin else {})
    return TestClient(service.app).websocket_connect("/plugin", headers=headers)


def send(socket, function: str, *args: object, domain: str = "localhost") -> str:
    socket.send_text(protocol.request(function, *args, domain=domain))
    return socket.receive_text().rpartition("*")[0]


def item(data: bytes = b"x") -> str:
    return stringify({"data": base64.b64encode(data).decode(), "type": "cmsdetached"})


def nothing_leaked(service) -> None:
    """No certificate data reached the page and nothing was signed."""
    der = samples.load_certificate("enterprise").public_bytes(
        __import__(
            "cryptography.hazmat.primitives.serialization", fromlist=["Encoding"]
        ).Encoding.DER
    )
    b64 = base64.b64encode(der).decode()
    replies = [e.payload.decode() for e in service.transcript if e.receiver.value == "page"]
    assert not any(b64[:40] in r or serial() in r for r in replies)
    assert "C_Sign" not in [e.name for e in service.transcript]


@pytest.mark.parametrize("origin", [EVIL, "null", None])
def test_a_foreign_page_learns_only_that_the_plugin_runs(service, origin):
    with connect(service, origin) as ws:
        domain = "evil.test" if origin == EVIL else "localhost"
        said = send(ws, "checkPlugin", domain=domain)  # "1", or refused: a null origin
        assert said == "1" or "null" in json.loads(said)["error"]
        for function, args in (
            ("getCertInfo", ()),
            ("CheckToken", ()),
            ("GetAllCertificates", ()),
            ("signArrDataAdvanced", ([item()], serial(), True, False)),
            ("signPdf", (base64.b64encode(b"%PDF-1.7").decode(),)),
        ):
            reply = send(ws, function, *args, domain=domain)
            assert "C_FindObjects" not in [e.name for e in service.transcript], function
            assert serial() not in reply
    nothing_leaked(service)


def test_a_licence_for_another_site_and_a_stated_domain_are_not_believed(service):
    with connect(service, EVIL) as ws:
        refused = json.loads(send(ws, "setLicenseKey", licence_for(PORTAL), domain="evil.test"))
        assert refused["code"] != 1 and "'localhost'" in refused["error"]
        said = json.loads(send(ws, "getCertInfo", domain="localhost"))  # "I am the portal"
        assert EVIL in said["error"] and "localhost" in said["error"]
    nothing_leaked(service)


@pytest.mark.parametrize(
    "host", ["evil.test:4433", "evil.test", "localhost.evil.test:4433", "127.0.0.1.nip.io:4433", ""]
)
def test_dns_rebinding_is_stopped_by_the_host_name(service, host):
    """evil.test resolved to 127.0.0.1: the browser sends Host evil.test, and nothing answers
    it — not the window's dialog, not its answer, not the socket."""
    client = TestClient(service.app)
    pending = threading.Thread(target=lambda: service.broker.ask("pin", {"x": 1}), daemon=True)
    pending.start()
    while service.broker.pending() is None:
        time.sleep(0.01)
    dialog = service.broker.pending()
    seen = client.get("/hop-thoai/cho", headers={"host": host})
    assert seen.status_code == 421 and dialog.id not in seen.text
    answered = client.post(
        "/hop-thoai/tra-loi",
        json={"id": dialog.id, "answer": TRAINING_PIN},
        headers={"host": host, "origin": f"http://{host}"},
    )
    assert answered.status_code == 421 and not dialog.answered.is_set()
    with pytest.raises(WebSocketDisconnect) as closed, connect(service, EVIL, host) as ws:
        ws.receive_text()
    assert closed.value.code == 1008
    service.broker.answer(dialog.id, None)
    pending.join(5)
    refusals = [e for e in service.transcript if not e.ok]
    assert refusals and all(e.name.startswith(("GET", "POST", "WS", "421")) for e in refusals)


@pytest.mark.parametrize(
    "origin", [EVIL, "null", None, "https://localhost:4434", "http://localhost:4433"]
)
def test_the_window_answers_nobody_but_its_own_page(service, origin):
    client = TestClient(service.app, base_url="https://localhost:4433")
    pending = threading.Thread(target=lambda: service.broker.ask("pin", {}), daemon=True)
    pending.start()
    while service.broker.pending() is None:
        time.sleep(0.01)
    dialog_id = client.get("/hop-thoai/cho").json()["id"]
    headers = {"origin": origin} if origin else {}
    for body in ({"id": dialog_id, "answer": TRAINING_PIN}, "id=" + dialog_id):
        kind = {"json": body} if isinstance(body, dict) else {"content": body}
        refused = client.post(
            "/hop-thoai/tra-loi",
            headers={
                **headers,
                "content-type": ("application/json" if isinstance(body, dict) else "text/plain"),
            },
            **kind,
        )
        assert refused.status_code == 403
    assert not service.broker.pending().answered.is_set()
    guessed = client.post(
        "/hop-thoai/tra-loi",
        json={"id": "khong-phai", "answer": "1"},
        headers={"origin": "https://localhost:4433"},
    )
    assert guessed.status_code == 409  # the window's own origin, but not this call's id
    client.post(
        "/hop-thoai/tra-loi",
        json={"id": dialog_id, "answer": None},
        headers={"origin": "https://localhost:4433"},
    )
    pending.join(5)


def test_the_window_cannot_be_framed_and_runs_no_inline_script(service):
    client = TestClient(service.app, base_url="https://localhost:4433")
    for path in ("/hop-thoai", "/", "/hop-thoai/cho"):
        response = client.get(path)
        assert response.headers["x-frame-options"] == "DENY"
        csp = response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in client.get("/hop-thoai").text  # scripts come from /static only


@pytest.mark.load
def test_a_flood_of_frames_on_one_connection_leaves_the_next_page_served(service):
    with connect(service) as flood:
        for _ in range(300):
            flood.send_text(protocol.request("checkPlugin", domain="localhost"))
        with connect(service) as good:
            assert send(good, "checkPlugin") == "1"
        answers = [flood.receive_text() for _ in range(300)]
    assert all(a == "1*callbackDefault" for a in answers)


def test_hostile_frames_each_get_an_answer_and_the_connection_stays(service):
    frames = [
        "[" * 50_000 + "]" * 50_000,
        '{"functionID":[1],"args":[]}',
        '{"functionID":{"a":1},"args":[],"domain":"localhost"}',
        '{"functionID":10,"funcCallback":"x","args":["' + "[" * 5000 + '"],"domain":"localhost"}',
        '{"functionID":6,"args":["\\ud800"],"domain":"\\ud800"}',
        '{"functionID":0,"args":["0",null],"domain":"localhost\\u0000"}',
    ]
    with connect(service) as ws:
        for frame in frames:
            ws.send_text(frame)
            result, _, callback = ws.receive_text().rpartition("*")
            assert callback in ("callbackDefault", "x") and json.loads(result)
        ws.send_bytes(b"\x00" * 10)
        assert ws.receive_text().endswith("*callbackDefault")
        assert send(ws, "checkPlugin") == "1"


def test_a_cached_pin_is_never_used_for_another_site_and_the_window_still_shows(service):
    with connect(service) as portal, Window(service.broker) as window:
        send(portal, "setLicenseKey", licence_for(PORTAL))
        signed = json.loads(
            json.loads(send(portal, "signArrDataAdvanced", [item()], serial(), False, False))[0]
        )
        assert signed["code"] == 0 and window.kinds() == ["pin"]
    with connect(service, EVIL) as evil, Window(service.broker, pins=[None]) as window:
        assert (
            json.loads(send(evil, "setLicenseKey", minted("evil.test"), domain="evil.test"))["code"]
            == 1
        )
        asked = json.loads(
            json.loads(
                send(
                    evil,
                    "signArrDataAdvanced",
                    [item(b"chuyen nhuong")],
                    serial(),
                    False,
                    False,
                    domain="evil.test",
                )
            )[0]
        )
    assert asked["code"] == 11  # the learner saw a PIN box they did not expect, and closed it
    assert window.kinds() == ["pin"] and window.asked[0]["asked"]["origin"] == EVIL
    assert [e.name for e in service.transcript].count("C_Sign") == 1


def test_one_page_holding_the_window_does_not_block_another_for_long(service):
    from dvcedu.web import service as module

    with connect(service) as first, connect(service, "http://127.0.0.1:8000") as second:
        send(first, "setLicenseKey", licence_for(PORTAL))
        send(second, "setLicenseKey", licence_for("http://127.0.0.1:8000"), domain="127.0.0.1")
        first.send_text(protocol.request("getCertInfo", domain="localhost"))  # left open
        while service.broker.pending() is None:
            time.sleep(0.01)
        began = time.monotonic()
        busy = json.loads(send(second, "getCertInfo", domain="127.0.0.1"))
        waited = time.monotonic() - began
        assert "bận" in busy["error"] and PORTAL in busy["error"]
        assert waited < module.BUSY_WAIT + 2
        service.broker.answer(service.broker.pending().id, None)
        assert first.receive_text().startswith("*") or True


def test_no_pin_in_any_log(service, caplog):
    caplog.set_level(logging.DEBUG)
    with connect(service) as ws, Window(service.broker, pins=["000000", TRAINING_PIN]):
        send(ws, "setLicenseKey", licence_for(PORTAL))
        for _ in range(2):
            send(ws, "signArrDataAdvanced", [item()], serial(), True, False)
    assert TRAINING_PIN not in caplog.text and "000000" not in caplog.text
    assert all(TRAINING_PIN.encode() not in e.payload for e in service.transcript)


# --- on real sockets: the listeners themselves ------------------------------------------------
@pytest.fixture
def listening(training_token):
    """The signing service on a TLS port and its plain loopback listener (for Jupyter's
    proxy), as ``dvcedu serve`` runs them."""
    from dvcedu.portal import Store
    from dvcedu.web.serve import Services, any_free_port
    from dvcedu.web.tls import loopback_tls

    port, plain = any_free_port(), any_free_port()
    services = Services(
        Practice(
            "http://localhost:1",
            "http://localhost:1",
            (),
            store=Store.memory(),
            proxied_plugin_port=plain,
        )
    )
    service = services.add_plugin(SigningPlugin(clock=FixedClock(COURSE_DAY)), port, loopback_tls())
    services.start()
    yield service, port, plain, loopback_tls()
    services.stop()


def raw_http(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(request)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_the_plain_listener_for_jupyters_proxy_refuses_a_rebound_host(listening):
    service, _, plain, _ = listening
    pending = threading.Thread(target=lambda: service.broker.ask("pin", {}), daemon=True)
    pending.start()
    while service.broker.pending() is None:
        time.sleep(0.01)
    dialog_id = service.broker.pending().id
    rebound = raw_http(
        plain,
        f"GET /hop-thoai/cho HTTP/1.1\r\nHost: evil.test:{plain}\r\n"
        "Connection: close\r\n\r\n".encode(),
    )
    assert rebound.startswith(b"HTTP/1.1 421") and dialog_id.encode() not in rebound
    body = json.dumps({"id": dialog_id, "answer": TRAINING_PIN}).encode()
    answered = raw_http(
        plain,
        (
            f"POST /hop-thoai/tra-loi HTTP/1.1\r\nHost: evil.test:{plain}\r\n"
            f"Origin: http://evil.test:{plain}\r\nContent-Type: "
            f"application/json\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n"
        ).encode()
        + body,
    )
    assert answered.startswith(b"HTTP/1.1 421")
    own = raw_http(
        plain,
        f"GET /hop-thoai/cho HTTP/1.1\r\nHost: localhost:{plain}\r\n"
        "Connection: close\r\n\r\n".encode(),
    )
    assert own.startswith(b"HTTP/1.1 200") and dialog_id.encode() in own
    service.broker.answer(dialog_id, None)
    pending.join(5)


def wss(port: int, tls, **options):
    """A WebSocket to the service, as a page's would be, with websocket-client (blocking
    sockets with a timeout: websockets' threaded sync client can wait for ever on a TLS
    socket whose data OpenSSL has already read, under 60 connections' load)."""
    import websocket

    return closing(
        websocket.create_connection(
            f"wss://localhost:{port}/plugin",
            origin=PORTAL,
            timeout=5,
            sslopt={"ca_certs": str(tls.ca_file)},
            **options,
        )
    )


@pytest.mark.load
def test_more_connections_than_served_are_told_to_come_back_and_the_next_is_served(listening):
    import websocket

    _, port, _, tls = listening
    held = ExitStack()
    with held:
        for _ in range(MAX_SOCKETS):
            held.enter_context(wss(port, tls))
        with wss(port, tls) as extra:
            opcode, frame = extra.recv_data_frame(control_frame=True)
        assert opcode == websocket.ABNF.OPCODE_CLOSE
        code = int.from_bytes(frame.data[:2], "big")
        assert code == 1013 and b"try again" in frame.data[2:]
    time.sleep(0.2)
    with wss(port, tls) as good:
        good.send(protocol.request("checkPlugin", domain="localhost"))
        assert good.recv() == "1*callbackDefault"


@pytest.mark.load
def test_a_slow_reader_does_not_hold_up_the_others(listening):
    _, port, _, tls = listening
    big = protocol.request("setLanguage", "x" * 200_000, domain="localhost")
    with wss(port, tls) as slow:
        for _ in range(40):  # it asks, and never reads an answer
            slow.send(big)
        began = time.monotonic()
        with wss(port, tls) as good:
            good.send(protocol.request("checkPlugin", domain="localhost"))
            assert good.recv() == "1*callbackDefault"
        assert time.monotonic() - began < 5
