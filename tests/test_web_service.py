"""The signing service's WebSocket protocol — VNPT-CA Plugin's, as its own library speaks it —
on a real SoftHSM2 token, in-process through Starlette's test client: the whole exchange, and
every way a page (or anything else that reaches the port) can get it wrong. Every reply is
read as public pages read it; each frame is what the library sends (``protocol.request``,
checked byte for byte against the recorded frames in test_plugin_conformance)."""

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
from dvcedu.pki import cms, samples
from dvcedu.plugin import SigningPlugin, protocol
from dvcedu.plugin.protocol import stringify
from dvcedu.token import TRAINING_PIN
from dvcedu.web.dialogs import DialogBroker
from dvcedu.web.practice import Practice, licence_issuer
from dvcedu.web.service import MAX_MESSAGE, SigningService

from .conftest import requires_softhsm
from .plugin_window import Window

PAGE = "http://localhost:8000"
pytestmark = requires_softhsm


@pytest.fixture
def service(training_token):
    return SigningService(
        SigningPlugin(clock=FixedClock(COURSE_DAY)),
        transcript=Transcript(),
        licence_issuer=licence_issuer(),
        broker=DialogBroker(wait_seconds=10),
    )


def licence(url: str = PAGE) -> str:
    return Practice(url, url, (), store=None).licence_for(url)  # type: ignore[arg-type]


def serial() -> str:
    return f"{samples.load_certificate('enterprise').serial_number:X}"


def item(data: bytes = b"x", kind: str = "cmsdetached") -> str:
    return stringify({"data": base64.b64encode(data).decode(), "type": kind})


class Page:
    """A page's script on one connection: the library's frames, the reply's text."""

    def __init__(self, socket, domain: str = "localhost") -> None:
        self.socket, self.domain = socket, domain

    def raw(self, text: str) -> tuple[str, str]:
        self.socket.send_text(text)
        result, _, callback = self.socket.receive_text().rpartition("*")
        return result, callback

    def call(self, function: str, *args: object, domain: str | None = None) -> str:
        result, callback = self.raw(protocol.request(function, *args, domain=domain or self.domain))
        assert callback == protocol.DEFAULT_CALLBACK
        return result

    def licensed(self, url: str = PAGE) -> Page:
        assert json.loads(self.call("setLicenseKey", licence(url)))["code"] == 1
        return self

    def sign(self, data: bytes = b"x", *, clear: bool = True, show: bool = False) -> dict:
        """signArrDataAdvanced with the training serial, read as VNPT's pages read it."""
        return json.loads(
            json.loads(self.call("signArrDataAdvanced", [item(data)], serial(), clear, show))[0]
        )


def connect(service: SigningService, origin: str = PAGE):
    return TestClient(service.app).websocket_connect(
        "/plugin", headers={"origin": origin, "host": "localhost:4433"}
    )


def test_the_whole_exchange_signs_a_cms_for_the_page_origin(service):
    content = b'{"nonce":"thu thach"}'
    with connect(service) as socket, Window(service.broker) as window:
        page = Page(socket).licensed()
        cert = json.loads(page.call("getCertInfo", True))
        signed = json.loads(
            json.loads(
                page.call("signArrDataAdvanced", [item(content)], cert["serial"], True, False)
            )[0]
        )
    assert signed["code"] == 0, signed
    verified = cms.verify_detached(base64.b64decode(signed["data"]), content)
    assert verified.origin == PAGE  # what the browser reported, not what the page said
    assert window.kinds() == ["certificate", "pin"]
    assert window.asked[1]["asked"]["origin"] == PAGE  # the window says who asks, for what
    assert window.asked[1]["asked"]["items"][0]["bytes"] == len(content)
    names = [e.name for e in service.transcript]
    assert names[:2] == ["setLicenseKey", "setLicenseKey: result"]
    assert "C_Sign" in names and not any(
        TRAINING_PIN.encode() in e.payload for e in service.transcript
    )
    sent = service.transcript.find("signArrDataAdvanced")
    assert sent.sender is Actor.PAGE and sent.payload.startswith(b'{"functionID":10,')


def test_check_plugin_says_only_that_it_runs_until_a_licence_came(service):
    """Any site may ask checkPlugin; what is on the token is told only to a licensed page."""
    with connect(service, "https://lua-dao.example") as socket:
        page = Page(socket, "lua-dao.example")
        assert page.call("checkPlugin") == "1"
        refused = json.loads(page.call("CheckToken"))
        assert "setLicenseKey" in refused["error"] and refused["code"] == 5
    assert "C_GetTokenInfo" not in [e.name for e in service.transcript]


def test_nothing_is_listed_or_signed_before_a_licence_for_this_domain(service):
    with connect(service) as socket:
        page = Page(socket)
        refused = json.loads(page.call("getCertInfo"))
        assert "setLicenseKey" in refused["error"]
        assert "setLicenseKey" in page.sign()["error"]
        other = json.loads(page.call("setLicenseKey", licence("https://lua-dao.example")))
        assert other["code"] != 1 and "lua-dao.example" in other["error"]
        assert "'localhost'" in other["error"]
        forged = licence().replace(".", ".AA", 1)
        assert "không hợp lệ" in json.loads(page.call("setLicenseKey", forged))["error"]
        assert "setLicenseKey" in json.loads(page.call("getCertInfo"))["error"]
    assert "C_FindObjects" not in [e.name for e in service.transcript]


def test_the_plugin_speaks_the_language_the_page_sets(service):
    with connect(service) as socket:
        page = Page(socket)
        assert "Trang chưa gửi giấy phép" in json.loads(page.call("getCertInfo"))["error"]
        page.call("setLanguage", "en")
        assert "has not sent a licence" in json.loads(page.call("getCertInfo"))["error"]


def test_a_domain_the_page_states_itself_is_not_believed(service):
    """The request says dichvucong.gov.vn; the browser says the page is from elsewhere."""
    with connect(service, origin="https://lua-dao.example") as socket:
        answer = json.loads(Page(socket).call("getCertInfo", domain="dichvucong.gov.vn"))
    assert "https://lua-dao.example" in answer["error"]
    assert "dichvucong.gov.vn" in answer["error"]


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[1, 2]",
        '"a string"',
        "{",
        "null",
        "[" * 100_000 + "]" * 100_000,
        '{"functionID": [7], "args": [""], "domain": "localhost"}',
        '{"functionID": {"a": 1}, "args": [""], "domain": "localhost"}',
        '{"functionID": true, "args": [""], "domain": "localhost"}',
        '{"functionID": 7, "funcCallback": "alert(1)", "args": [""], "domain": "localhost"}',
        '{"functionID": 7, "args": "not a list", "domain": "localhost"}',
        '{"functionID": 7, "args": [""], "domain": ["localhost"]}',
    ],
)
def test_a_frame_that_is_not_a_request_gets_an_error_reply_and_the_connection_stays(service, text):
    with connect(service) as socket:
        page = Page(socket)
        result, callback = page.raw(text)
        assert callback == "callbackDefault"  # a name the library's promise listens on
        refused = json.loads(result)
        assert refused["code"] == 1 and refused["error"]
        assert page.call("checkPlugin") == "1"  # still talking


def test_a_broken_frame_is_answered_to_the_callback_it_named(service):
    with connect(service) as socket:
        result, callback = Page(socket).raw('{"functionID":10,"funcCallback":"onSigned","ar')
    assert callback == "onSigned" and json.loads(result)["code"] == 1


def test_a_binary_frame_gets_an_error_reply_and_the_connection_stays(service):
    with connect(service) as socket:
        socket.send_bytes(b"\x00\x01binary")
        result, _, callback = socket.receive_text().rpartition("*")
        assert callback == "callbackDefault" and json.loads(result)["code"] == 1
        assert Page(socket).call("checkPlugin") == "1"


@pytest.mark.parametrize(
    "frame",
    [
        {"functionID": 99, "funcCallback": "cb1", "args": [""], "domain": "localhost"},
        {"functionID": 6, "funcCallback": "cb1", "args": [1, 2, 3], "domain": "localhost"},
        {"functionID": 10, "funcCallback": "cb1", "args": [], "domain": "localhost"},
        {
            "functionID": 10,
            "funcCallback": "cb1",
            "args": [[{"data": "eA=="}], "1", "0", "0"],
            "domain": "localhost",
        },  # dvcedu's old shape: the array itself, not a string holding it
        {"functionID": 2, "funcCallback": "cb1", "args": ["%%% not base64"], "domain": "localhost"},
    ],
)
def test_unknown_functions_and_bad_arguments_are_refused_in_words(service, frame):
    with connect(service) as socket:
        page = Page(socket).licensed()
        result, callback = page.raw(json.dumps(frame))
    assert callback == "cb1"
    reply = json.loads(result)
    refused = json.loads(reply[0]) if isinstance(reply, list) else reply
    assert refused["code"] in (1, 5) and refused["error"] and "Traceback" not in result


def test_a_malformed_item_is_refused_and_the_good_ones_are_signed(service):
    good, bad = item(b"tot"), stringify({"data": "%%%", "type": "cmsdetached"})
    with connect(service) as socket, Window(service.broker):
        page = Page(socket).licensed()
        answers = json.loads(
            page.call("signArrDataAdvanced", [good, bad, "{", good], serial(), True, False)
        )
    read = [json.loads(a) for a in answers]
    assert [a["code"] for a in read] == [0, 1, 1, 0]
    assert cms.verify_detached(base64.b64decode(read[3]["data"]), b"tot").origin == PAGE


def test_a_two_mebibyte_payload_is_signed(service):
    big = bytes(range(256)) * (2 * 1024 * 4)  # 2 MiB
    with connect(service) as socket, Window(service.broker):
        signed = Page(socket).licensed().sign(big)
    assert signed["code"] == 0
    assert cms.verify_detached(base64.b64decode(signed["data"]), big).origin == PAGE


def test_an_oversized_frame_gets_an_error_reply_then_the_close(service):
    frame = (
        '{"functionID":10,"funcCallback":"callbackDefault","args":["'
        + "A" * MAX_MESSAGE
        + '"],"domain":"localhost"}'
    )
    with connect(service) as socket:
        socket.send_text(frame)
        result, _, callback = socket.receive_text().rpartition("*")
        assert callback == "callbackDefault"
        assert "quá lớn" in json.loads(result)["error"]
        with pytest.raises(WebSocketDisconnect) as closed:
            socket.receive_text()
    assert closed.value.code == 1009


def test_two_pages_at_once_each_get_their_own_answers(service):
    with (
        connect(service) as first,
        connect(service, "http://127.0.0.1:8000") as second,
        Window(service.broker),
    ):
        a, b = Page(first).licensed(), Page(second, domain="127.0.0.1")
        assert "'127.0.0.1'" in json.loads(b.call("setLicenseKey", licence()))["error"]
        b.licensed("http://127.0.0.1:8000")
        assert json.loads(a.call("getCertInfo"))["serial"] == serial()
        assert json.loads(b.call("getCertInfo"))["serial"] == serial()


def test_the_window_answers_only_from_its_own_origin(service):
    client = TestClient(service.app, base_url="https://localhost:4433")
    window = threading.Thread(target=lambda: service.broker.ask("pin", {}), daemon=True)
    window.start()
    while service.broker.pending() is None:
        time.sleep(0.01)
    dialog_id = client.get("/hop-thoai/cho").json()["id"]
    foreign = client.post(
        "/hop-thoai/tra-loi",
        json={"id": dialog_id, "answer": "123456"},
        headers={"origin": "https://lua-dao.example"},
    )
    assert foreign.status_code == 403
    guessed = client.post(
        "/hop-thoai/tra-loi",
        json={"id": "guess", "answer": "1"},
        headers={"origin": "https://localhost:4433"},
    )
    assert guessed.status_code == 409
    own = client.post(
        "/hop-thoai/tra-loi",
        json={"id": dialog_id, "answer": None},
        headers={"origin": "https://localhost:4433"},
    )
    assert own.status_code == 200
    window.join(5)


def test_a_closed_list_or_pin_box_signs_nothing(service):
    with connect(service) as socket:
        page = Page(socket).licensed()
        with Window(service.broker, certificate=None):
            assert page.call("getCertInfo") == ""  # what pages test for "none chosen"
            closed = json.loads(
                json.loads(page.call("signArrDataAdvanced", [item()], serial(), True, True))[0]
            )
        assert closed["code"] == 11 and "không có gì được ký" in closed["error"]
        with Window(service.broker, pins=[None]):
            assert page.sign()["code"] == 11
    assert "C_Sign" not in [e.name for e in service.transcript]


def test_a_wrong_pin_says_how_many_tries_are_left_and_the_right_one_then_signs(service):
    with connect(service) as socket, Window(service.broker, pins=["000000", TRAINING_PIN]):
        page = Page(socket).licensed()
        wrong, right = page.sign(), page.sign()
    assert wrong["code"] == 3 and "còn" in wrong["error"]
    assert right["code"] == 0


def test_a_window_nobody_answers_ends_in_words_that_say_so(training_token):
    service = SigningService(
        SigningPlugin(clock=FixedClock(COURSE_DAY)),
        transcript=Transcript(),
        licence_issuer=licence_issuer(),
        broker=DialogBroker(wait_seconds=1.0, window_url="https://localhost:4433/hop-thoai"),
    )
    with connect(service) as socket:
        answer = json.loads(Page(socket).licensed().call("getCertInfo"))
    assert "Không ai trả lời" in answer["error"] and "hop-thoai" in answer["error"]
    assert "đã đóng" not in answer["error"]


def test_the_window_opens_itself_when_none_is_open(training_token):
    opened: list[str] = []
    broker = DialogBroker(
        wait_seconds=5, opener=opened.append, window_url="https://localhost:4433/hop-thoai"
    )
    service = SigningService(
        SigningPlugin(clock=FixedClock(COURSE_DAY)),
        transcript=Transcript(),
        licence_issuer=licence_issuer(),
        broker=broker,
    )

    def window_opened_late() -> None:  # the learner's browser shows the window a bit later
        while not opened:
            time.sleep(0.01)
        with Window(broker):
            time.sleep(1.5)

    learner = threading.Thread(target=window_opened_late, daemon=True)
    learner.start()
    with connect(service) as socket:
        page = Page(socket).licensed()
        assert json.loads(page.call("getCertInfo"))["serial"] == serial()
        with Window(broker):  # a window already open: nothing more is opened
            assert json.loads(page.call("getCertInfo"))["serial"] == serial()
    learner.join(5)
    assert opened == ["https://localhost:4433/hop-thoai"]


def test_a_service_that_stops_logs_the_token_out(service):
    with TestClient(service.app, base_url="https://localhost:4433") as client:  # lifespan runs
        with (
            client.websocket_connect(
                "/plugin", headers={"origin": PAGE, "host": "localhost:4433"}
            ) as socket,
            Window(service.broker),
        ):
            assert Page(socket).licensed().sign(clear=False)["code"] == 0
        assert service.plugin.pin_cached(PAGE)
    assert not service.plugin.pin_cached(PAGE)
    assert service.transcript[-1].name == "C_Logout"


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
        practice = Practice(
            f"http://localhost:{port}", "http://localhost:1", (), store=Store.memory()
        )
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


def test_a_port_taken_between_the_look_and_the_bind_is_left_for_another(
    training_token, monkeypatch
):
    """Two kernels starting the practice at once both see 8000 free; one binds it first. The
    other must not fail: it takes any free ports on its next try."""
    import socket as sockets
    import urllib.request

    from dvcedu.web import lesson

    with sockets.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        taken = held.getsockname()[1]
        real = lesson.port_free
        monkeypatch.setattr(lesson, "PREFERRED", (taken, taken))
        monkeypatch.setattr(
            lesson,
            "port_free",  # the look says free; the bind will not be
            lambda port, host="127.0.0.1": port == taken or real(port, host),
        )
        run = lesson.start_practice(training_token.label)
        try:
            assert f":{taken}" not in run.practice.portal_url
            with urllib.request.urlopen(run.practice.portal_url + "/", timeout=5) as page:
                assert page.status == 200
        finally:
            run.stop()
