"""The signing service's WebSocket protocol (VNPT-CA Plugin's shape), on a real SoftHSM2
token, in-process through Starlette's test client: every function, and every way a page can
get it wrong."""

from __future__ import annotations

import base64
import json
import threading
import time

import pytest
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from dvcedu.clock import COURSE_DAY, FixedClock
from dvcedu.model import Actor, Transcript
from dvcedu.pki import cms
from dvcedu.plugin import SigningPlugin
from dvcedu.plugin.wire import FUNCTION_IDS
from dvcedu.token import TRAINING_PIN
from dvcedu.web.dialogs import DialogBroker
from dvcedu.web.practice import Practice, licence_issuer
from dvcedu.web.service import MAX_MESSAGE, SigningService

from .conftest import requires_softhsm

PAGE = "http://localhost:8000"
pytestmark = requires_softhsm


@pytest.fixture
def service(training_token):
    return SigningService(SigningPlugin(clock=FixedClock(COURSE_DAY)), transcript=Transcript(),
                          licence_issuer=licence_issuer(), broker=DialogBroker(wait_seconds=10))


def licence(url: str = PAGE) -> str:
    return Practice(url, url, (), store=None).licence_for(url)  # type: ignore[arg-type]


class Page:
    """A page's script on one connection: numbered callbacks, replies split at the last '*'."""

    def __init__(self, socket, domain: str = "localhost") -> None:
        self.socket, self.domain, self.calls = socket, domain, 0

    def raw(self, text: str) -> tuple[dict, str]:
        self.socket.send_text(text)
        answer = self.socket.receive_text()
        result, _, callback = answer.rpartition("*")
        return json.loads(result), callback

    def call(self, function: str, *args: object, domain: str | None = None) -> dict:
        self.calls += 1
        result, callback = self.raw(json.dumps({
            "functionID": FUNCTION_IDS.get(function, 99), "funcCallback": f"cb{self.calls}",
            "args": list(args), "domain": domain or self.domain}))
        assert callback == f"cb{self.calls}"
        return result


def answering(broker: DialogBroker, *answers: object) -> threading.Thread:
    """The learner at the service's window: answers each dialog in turn (a serial, a PIN)."""
    def run() -> None:
        for answer in answers:
            deadline = time.monotonic() + 10
            while (dialog := broker.pending()) is None and time.monotonic() < deadline:
                time.sleep(0.01)
            assert dialog is not None, "no dialog came"
            if dialog.kind == "certificate" and answer == "first":
                answer = dialog.details["certificates"][0]["serial"]
            assert broker.answer(dialog.id, answer)
            while broker.pending() is dialog:
                time.sleep(0.01)
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def connect(service: SigningService, origin: str = PAGE):
    return TestClient(service.app).websocket_connect("/plugin", headers={"origin": origin})


def test_check_plugin_version_and_licence(service):
    with connect(service) as socket:
        page = Page(socket)
        status = page.call("checkPlugin")
        assert status["code"] == 0 and status["data"]["token"] is True
        assert status["data"]["certificates"] == 1
        assert page.call("getVersion")["data"].startswith("1.0.1.9")
        assert page.call("setLicenseKey", licence()) == {"code": 0, "data": {"code": 1}}


def test_the_whole_exchange_signs_a_cms_for_the_page_origin(service):
    content = b'{"nonce":"thu thach"}'
    with connect(service) as socket:
        page = Page(socket)
        page.call("setLicenseKey", licence())
        window = answering(service.broker, "first", TRAINING_PIN)
        cert = page.call("getCertInfo")
        item = json.dumps({"data": base64.b64encode(content).decode(), "type": "cmsdetached"})
        signed = page.call("signArrDataAdvanced", [item], cert["data"]["serial"], "1")
        window.join(5)
    assert signed["code"] == 0, signed
    verified = cms.verify_detached(base64.b64decode(signed["data"]["data"][0]), content)
    assert verified.origin == PAGE  # what the browser reported, not what the page said
    names = [e.name for e in service.transcript]
    assert names[:2] == ["setLicenseKey", "setLicenseKey: result"]
    assert "C_Sign" in names and not any(TRAINING_PIN.encode() in e.payload
                                         for e in service.transcript)
    assert service.transcript.find("signArrDataAdvanced").sender is Actor.PAGE


def test_nothing_is_listed_or_signed_before_a_licence_for_this_domain(service):
    with connect(service) as socket:
        page = Page(socket)
        refused = page.call("getCertInfo")
        assert refused["code"] == 1 and refused["error"] == "PluginError"
        assert "setLicenseKey" in refused["message"]["en"]
        other = page.call("setLicenseKey", licence("https://lua-dao.example"))
        assert "lua-dao.example" in other["message"]["en"]
        assert "not for 'localhost'" in other["message"]["en"]
        forged = licence().replace(".", ".AA", 1)
        assert "not valid" in page.call("setLicenseKey", forged)["message"]["en"]
        assert "setLicenseKey" in page.call("getCertInfo")["message"]["en"]  # still refused


def test_a_domain_the_page_states_itself_is_not_believed(service):
    """The request says dichvucong.gov.vn; the browser says the page is from elsewhere."""
    with connect(service, origin="https://lua-dao.example") as socket:
        answer = Page(socket).call("checkPlugin", domain="dichvucong.gov.vn")
    assert answer["code"] == 1
    assert "https://lua-dao.example" in answer["message"]["en"]
    assert "dichvucong.gov.vn" in answer["message"]["vi"]


@pytest.mark.parametrize("text", ["not json", "[1, 2]", '"a string"', "{", "null"])
def test_bad_json_gets_an_error_reply_and_the_connection_stays(service, text):
    with connect(service) as socket:
        page = Page(socket)
        result, callback = page.raw(text)
        assert result["code"] == 1 and callback == ""
        assert "JSON" in result["message"]["en"]
        assert page.call("checkPlugin")["code"] == 0  # still talking


@pytest.mark.parametrize("request_", [
    {"functionID": 99, "funcCallback": "cb1", "args": [], "domain": "localhost"},
    {"functionID": 7, "funcCallback": "cb1", "args": "not a list", "domain": "localhost"},
    {"functionID": 6, "funcCallback": "cb1", "args": [1, 2, 3], "domain": "localhost"},
    {"functionID": 10, "funcCallback": "cb1", "args": [], "domain": "localhost"},
])
def test_unknown_functions_and_bad_arguments_are_refused_in_words(service, request_):
    with connect(service) as socket:
        result, callback = Page(socket).raw(json.dumps(request_))
    assert callback == "cb1" and result["code"] == 1
    assert result["message"]["vi"] and result["message"]["en"]
    assert "Traceback" not in json.dumps(result)


def test_an_oversized_message_is_refused_and_the_connection_closed(service):
    with connect(service) as socket:
        socket.send_text("x" * (MAX_MESSAGE + 1))
        result, _ = socket.receive_text().rpartition("*")[::2]
        assert "over" in json.loads(result)["message"]["en"]
        with pytest.raises(WebSocketDisconnect) as closed:
            socket.receive_text()
    assert closed.value.code == 1009


def test_two_pages_at_once_each_get_their_own_answers(service):
    with connect(service) as first, connect(service, "http://127.0.0.1:8000") as second:
        a, b = Page(first), Page(second, domain="127.0.0.1")
        a.call("setLicenseKey", licence())
        assert "not for '127.0.0.1'" in b.call("setLicenseKey", licence())["message"]["en"]
        assert b.call("setLicenseKey", licence("http://127.0.0.1:8000"))["code"] == 0
        window = answering(service.broker, "first", "first")
        assert a.call("getCertInfo")["code"] == 0
        assert b.call("getCertInfo")["code"] == 0
        window.join(5)


def test_the_window_answers_only_from_its_own_origin(service):
    client = TestClient(service.app, base_url="https://localhost:4433")
    window = threading.Thread(target=lambda: service.broker.ask("pin", {}), daemon=True)
    window.start()
    while service.broker.pending() is None:
        time.sleep(0.01)
    dialog_id = client.get("/hop-thoai/cho").json()["id"]
    foreign = client.post("/hop-thoai/tra-loi", json={"id": dialog_id, "answer": "123456"},
                          headers={"origin": "https://lua-dao.example"})
    assert foreign.status_code == 403
    guessed = client.post("/hop-thoai/tra-loi", json={"id": "guess", "answer": "1"},
                          headers={"origin": "https://localhost:4433"})
    assert guessed.status_code == 409
    own = client.post("/hop-thoai/tra-loi", json={"id": dialog_id, "answer": None},
                      headers={"origin": "https://localhost:4433"})
    assert own.status_code == 200
    window.join(5)


def test_a_closed_dialog_signs_nothing(service):
    with connect(service) as socket:
        page = Page(socket)
        page.call("setLicenseKey", licence())
        window = answering(service.broker, None)
        cancelled = page.call("getCertInfo")
        window.join(5)
    assert cancelled["error"] == "UserCancelled"
    assert "nothing was signed" in cancelled["message"]["en"]


def test_a_wrong_pin_says_how_many_tries_are_left_and_the_right_one_then_signs(service):
    item = json.dumps({"data": base64.b64encode(b"x").decode(), "type": "cmsdetached"})
    with connect(service) as socket:
        page = Page(socket)
        page.call("setLicenseKey", licence())
        window = answering(service.broker, "first", "000000", TRAINING_PIN)
        serial = page.call("getCertInfo")["data"]["serial"]
        wrong = page.call("signArrDataAdvanced", [item], serial, "1")
        right = page.call("signArrDataAdvanced", [item], serial, "1")
        window.join(5)
    assert wrong["error"] == "PinIncorrect" and "left" in wrong["message"]["en"]
    assert right["code"] == 0


def test_a_port_taken_between_the_check_and_the_start_is_named(tmp_path):
    """`dvcedu serve` checks its ports first; one taken in between still gets a sentence that
    names it, not a thread dying in silence."""
    import socket

    from dvcedu.errors import ConfigError
    from dvcedu.portal import Store
    from dvcedu.web.serve import practice_services

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        practice = Practice(f"http://localhost:{port}", "http://localhost:1", (),
                            store=Store.memory())
        services = practice_services(practice, portal_port=port, plugin_port=None, plugin=None)
        with pytest.raises(ConfigError) as caught:
            services.start()
    assert f"Port {port} on 127.0.0.1 is in use" in caught.value.message("en")


def test_the_notebook_run_gives_its_proxy_listener_a_real_port(training_token):
    """start_practice once asked for "any free port" by probing port 0, which is always free
    to bind: the proxy's listener was then told to be at port 0."""
    from dvcedu.web.lesson import start_practice

    run = start_practice()
    try:
        assert run.practice.proxied_plugin_port not in (None, 0)
        assert all(":0/" not in url for url in run.practice.plugin_urls)
    finally:
        run.stop()
