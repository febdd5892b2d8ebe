"""dvcedu's signing service against frames it did not write: every frame VNPT-CA Plugin's own
JavaScript library sent (tests/data/vnpt-plugin/frames.json, recorded from the library 1.0.0.8
in Chromium), replayed against the real service on a real SoftHSM2 token, and every reply read
the way public pages read it (tests/data/vnpt-plugin/README.md). And the other way round:
dvcedu's own page sends exactly the library's bytes."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from dvcedu.clock import COURSE_DAY, FixedClock
from dvcedu.model import Transcript
from dvcedu.pki import cms, samples
from dvcedu.plugin import SigningPlugin, protocol
from dvcedu.web.dialogs import DialogBroker
from dvcedu.web.practice import Practice, licence_issuer
from dvcedu.web.service import SigningService

from .conftest import requires_softhsm
from .plugin_window import Window

pytestmark = requires_softhsm
HERE = Path(__file__).parent / "data" / "vnpt-plugin"
RECORDED = json.loads((HERE / "frames.json").read_text(encoding="utf-8"))
FRAMES = RECORDED["frames"]
PAGE = "http://localhost:8000"
DATA = b"1234567890"


def frame_id(frame: dict) -> str:
    return frame["js"].split("(")[0].removeprefix("vnptPlugin.") + f"[{FRAMES.index(frame)}]"


def licence() -> str:
    return Practice(PAGE, PAGE, (), store=None).licence_for(PAGE)  # type: ignore[arg-type]


def serial() -> str:
    return f"{samples.load_certificate('enterprise').serial_number:X}"


def values(pdf: bytes = b"") -> dict[str, str]:
    return {
        "LICENCE": licence(),
        "SERIAL": serial(),
        "DATA": base64.b64encode(DATA).decode(),
        "PDF": base64.b64encode(pdf).decode(),
        "HASH": RECORDED["placeholders"]["HASH"],
    }


def fill(text: str, given: dict[str, str]) -> str:
    for name, value in given.items():
        text = text.replace("{" + name + "}", value)
    return text


@pytest.fixture
def service(training_token):
    return SigningService(
        SigningPlugin(clock=FixedClock(COURSE_DAY)),
        transcript=Transcript(),
        licence_issuer=licence_issuer(),
        broker=DialogBroker(wait_seconds=10),
    )


class Page:
    """One page's socket: frames in, the text before the last '*' and the callback out."""

    def __init__(self, socket) -> None:
        self.socket = socket

    def send(self, frame: str) -> tuple[str, str]:
        self.socket.send_text(frame)
        result, _, callback = self.socket.receive_text().rpartition("*")
        return result, callback

    def licensed(self) -> Page:
        result, _ = self.send(protocol.request("setLicenseKey", licence(), domain="localhost"))
        assert json.loads(result)["code"] == 1
        return self


def connect(service: SigningService, origin: str = PAGE):
    return TestClient(service.app).websocket_connect(
        "/plugin", headers={"origin": origin, "host": "localhost:4433"}
    )


@pytest.mark.parametrize("frame", FRAMES, ids=frame_id)
def test_dvcedus_page_sends_the_librarys_own_bytes(frame):
    """The robot, the notebooks' page and the in-process wire build frames with
    protocol.request: byte for byte what the vendor's library sent for the same call."""
    built = protocol.request(
        frame["function"],
        *frame["page_args"],
        domain="localhost",
        callback=frame["callback"] or protocol.DEFAULT_CALLBACK,
    )
    assert built == frame["frame"]


def read_as_pages_do(function: str, result: str) -> object:
    """The reply as public pages read it (tests/data/vnpt-plugin/README.md)."""
    if function == "signArrDataAdvanced":
        items = json.loads(result)
        # VNPT's sample pages: JSON.parse(JSON.parse(r)[0]); iOffice reads the one-item array
        # as a string — JSON.parse(String(array)) — which must give the same object
        assert json.loads(",".join(items)) == json.loads(items[0])
        return json.loads(items[0])
    if function in ("checkPlugin", "getVersion", "CheckToken"):
        return result
    return json.loads(result)


@pytest.mark.parametrize("frame", FRAMES, ids=frame_id)
def test_every_frame_of_the_library_gets_the_reply_real_pages_read(service, frame):
    from dvcedu.dossier.form import Dossier, new_dossier

    function = frame["function"]
    cert = samples.load_certificate("enterprise")
    pdf = (
        new_dossier(Dossier.for_certificate(cert, day=COURSE_DAY.date()))
        if function == "signPdf"
        else b""
    )
    with connect(service) as socket, Window(service.broker) as window:
        page = Page(socket)
        if function not in ("checkPlugin", "getVersion", "setLicenseKey"):
            page.licensed()
        result, callback = page.send(fill(frame["frame"], values(pdf)))
    assert callback == (frame["callback"] or "callbackDefault")  # the page's own callback
    assert "*" not in result
    read = read_as_pages_do(function, result)
    if function == "checkPlugin":
        assert read == "1"
    elif function == "getVersion":
        assert read == "1.0.1.9-dvcedu"
    elif function == "setLicenseKey":
        assert read == {"code": 1}
    elif function in ("setLanguage", "SetShowCertListDialog", "ClearPinCache"):
        assert read == {"code": 0}
    elif function == "CheckToken":
        assert read == "1"
    elif function == "getCertInfo":
        assert "code" not in read and read["serial"] == serial()
        assert base64.b64decode(read["base64"]) == cms.certificate_der(cert)
        assert read["subjectCN"].startswith("CÔNG TY") and read["notAfter"].endswith("Z")
        assert window.kinds() == ["certificate"]  # the list always shows
    elif function == "GetAllCertificates":
        assert [c["serial"] for c in read] == [serial()] and window.kinds() == ["consent"]
    elif function == "signArrDataAdvanced":
        assert read["code"] == 0 and read["serial"] == serial()
        assert cms.verify_detached(base64.b64decode(read["data"]), DATA).origin == PAGE
        shows_list = json.loads(frame["frame"])["args"][3] == "1"
        assert window.kinds() == (["certificate", "pin"] if shows_list else ["pin"])
    elif function == "signPdf":
        from dvcedu.dossier.verify import verify_pdf

        assert read["code"] == 0 and read["serial"] == serial()
        signed = base64.b64decode(read["data"])
        assert signed.startswith(pdf[:8]) and len(signed) > len(pdf)
        checked = verify_pdf(signed, trust=samples.training_trust(), at=COURSE_DAY)
        assert checked.valid and len(checked.signatures) == 1
        assert window.kinds() == ["certificate", "pin"]
    else:  # signHash, signXML, GetComputerInfo: not simulated, said in words
        assert read["code"] == 5
        assert function in read["error"] and "không mô phỏng" in read["error"]
