"""The plugin's page-side library in Chromium, checked against what dvcedu did not write.

- dvcedu's own client (``static/vnpt-plugin-client.js``) sends, for every call the vendor's
  library was recorded making, the same bytes (``tests/data/vnpt-plugin/frames.json``);
- the expressions public pages apply to replies (``page-parsing.json``), run by Chromium's
  JavaScript engine on the service's real replies, give what those pages need;
- with the vendor's own file (``DVCEDU_VENDOR_PLUGIN_JS=path/to/vnpt-plugin.js``; not in the
  repository — see tests/data/vnpt-plugin/README.md for where the public copy is), the same
  calls, a wrong PIN, a cancel and a 2 MiB payload each end in a reply the library delivers,
  and the practice portal registers and logs in with that file in place of dvcedu's.
"""

from __future__ import annotations

import base64
import json
import os
import time
from pathlib import Path

import pytest

from dvcedu.pki import cms, samples
from dvcedu.plugin.protocol import TRIED_PORTS, stringify
from dvcedu.token import TRAINING_PIN
from dvcedu.web.pages import STATIC
from dvcedu.web.practice import Practice
from dvcedu.web.serve import port_free

from ..plugin_window import Window
from .conftest import free_port, launch
from .harness import CALL, files, plugin_service

DATA = Path(__file__).resolve().parents[1] / "data" / "vnpt-plugin"
RECORDED = json.loads((DATA / "frames.json").read_text(encoding="utf-8"))
READS = json.loads((DATA / "page-parsing.json").read_text(encoding="utf-8"))
VENDOR = os.environ.get("DVCEDU_VENDOR_PLUGIN_JS")
needs_vendor = pytest.mark.skipif(
    not (VENDOR and Path(VENDOR).is_file()),
    reason="set DVCEDU_VENDOR_PLUGIN_JS to a copy of VNPT-CA Plugin's vnpt-plugin.js 1.0.0.8 "
    "(public: GitHub quydohut/testumd at 70a80df) to run it against the service",
)


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    from dvcedu import lab
    from dvcedu.token import library

    before = os.environ.get("DVCEDU_HOME")
    os.environ["DVCEDU_HOME"] = str(tmp_path_factory.mktemp("library") / "home")
    library.unload()
    lab.provision("enterprise")
    yield
    library.unload()
    if before is None:
        os.environ.pop("DVCEDU_HOME")
    else:
        os.environ["DVCEDU_HOME"] = before


@pytest.fixture(scope="module")
def chromium(playwright, home):
    from dvcedu.web.tls import loopback_tls

    spki = loopback_tls().spki_sha256()
    browser = launch(playwright, f"--ignore-certificate-errors-spki-list={spki}")
    yield browser
    browser.close()


def values(origin: str) -> dict[str, str]:
    placeholders = RECORDED["placeholders"]
    return {
        "LICENCE": Practice(origin, origin, (), store=None).licence_for(origin),  # type: ignore[arg-type]
        "SERIAL": f"{samples.load_certificate('enterprise').serial_number:X}",
        "DATA": placeholders["DATA"],
        "PDF": placeholders["PDF"],
        "HASH": placeholders["HASH"],
    }


def fill_text(text: str, given: dict[str, str]) -> str:
    for name, replacement in given.items():
        text = text.replace("{" + name + "}", replacement)
    return text


def fill(value: object, given: dict[str, str]) -> object:
    """The page's arguments with the placeholders filled in (they hold no JSON specials)."""
    return json.loads(fill_text(json.dumps(value), given))


def call(page, function: str, args: list, callback: str | None = None) -> str:
    return page.evaluate(CALL, {"function": function, "args": args, "callback": callback})


def test_dvcedus_client_sends_the_vendor_librarys_frames_and_pages_read_its_replies(chromium):
    """Every recorded call, made through dvcedu's client against the real service: the frame
    the service received is the vendor library's, byte for byte; and each public page's
    reading of the reply, run in Chromium, gives what that page needs."""
    with (
        plugin_service(free_port()) as plugin,
        files(STATIC / "vnpt-plugin-client.js") as site,
        Window(plugin.service.broker),
    ):
        page = chromium.new_page()
        page.goto(site + "/")
        page.evaluate("(urls) => vnptPlugin.dvcedu.configure({urls})", [plugin.url])
        given = values(site)
        replies: dict[str, list[str]] = {}
        for recorded in RECORDED["frames"]:
            function = recorded["function"]
            text = call(page, function, fill(recorded["page_args"], given), recorded["callback"])
            replies.setdefault(function, []).append(text)
            sent = [
                e
                for e in plugin.service.transcript
                if e.receiver.value == "plugin" and e.sender.value == "page"
            ][-1]
            assert sent.payload.decode() == fill_text(recorded["frame"], given), function
        page.close()
    for rule in READS["reads"]:
        for text in replies[rule["function"]]:
            got = chromium_eval(chromium, rule["expression"], text)
            assert got == rule["expect"], (rule, text[:200])


def chromium_eval(chromium, expression: str, reply: str) -> object:
    page = chromium.new_page()
    try:
        return page.evaluate(
            f"(r) => {{ try {{ return {expression}; }} catch (e) {{ return 'threw: ' + e; }} }}",
            reply,
        )
    finally:
        page.close()


def test_the_error_replies_read_as_pages_read_them(chromium):
    """A closed list is "" to getCertInfo; a closed PIN box is code 11, with words."""
    item = stringify({"data": RECORDED["placeholders"]["DATA"], "type": "cmsdetached"})
    with plugin_service(free_port()) as plugin, files(STATIC / "vnpt-plugin-client.js") as site:
        page = chromium.new_page()
        page.goto(site + "/")
        page.evaluate("(urls) => vnptPlugin.dvcedu.configure({urls})", [plugin.url])
        call(page, "setLicenseKey", [values(site)["LICENCE"]])
        with Window(plugin.service.broker, certificate=None):
            closed_list = call(page, "getCertInfo", [])
        with Window(plugin.service.broker, pins=[None]):
            closed_pin = call(page, "signArrDataAdvanced", [[item], None, True, True])
        page.close()
    replies = {"getCertInfo": closed_list, "signArrDataAdvanced": closed_pin}
    for rule in READS["errors"]:
        assert chromium_eval(chromium, rule["expression"], replies[rule["function"]]) is True, rule


# --- the vendor's own file -------------------------------------------------------------------
def library_port() -> int:
    """The first free port the vendor's library 1.0.0.8 tries."""
    for port in TRIED_PORTS:
        if port_free(port):
            return port
    pytest.fail(
        f"ports {TRIED_PORTS} are all taken: the vendor's library looks nowhere else", pytrace=False
    )


def begin(page, name: str, function: str, args: list) -> None:
    """Start ``vnptPlugin.<function>(*args)`` without waiting (the window answers first);
    its reply lands in ``window[name]``, a promise."""
    page.evaluate(
        "(s) => { window[s.name] = vnptPlugin[s.function](...s.args); }",
        {"name": name, "function": function, "args": args},
    )


def open_window(context, plugin, timeout: float = 10):
    window = context.new_page()
    window.goto(plugin.opened.get(timeout=timeout))
    return window


@needs_vendor
def test_the_vendors_own_library_signs_through_the_service(chromium):
    with plugin_service(library_port()) as plugin, files(Path(VENDOR)) as site:
        context = chromium.new_context()
        page = context.new_page()
        page.goto(site + "/")
        given = values(site)
        assert call(page, "checkPlugin", []) == "1"
        assert json.loads(call(page, "setLicenseKey", [given["LICENCE"]]))["code"] == 1
        begin(page, "certInfo", "getCertInfo", [])
        window = open_window(context, plugin)  # the service asked for its window
        window.click("#cert-ok")
        cert = json.loads(page.evaluate("() => window.certInfo"))
        assert cert["serial"] == given["SERIAL"]
        data = b"1234567890"
        item = stringify({"data": base64.b64encode(data).decode(), "type": "cmsdetached"})
        begin(page, "signed", "signArrDataAdvanced", [[item], cert["serial"], True, None, False])
        window.wait_for_selector("#pin:not([hidden])")
        window.fill("#pin-input", TRAINING_PIN)
        window.click("#pin-ok")
        signed = json.loads(json.loads(page.evaluate("() => window.signed"))[0])
        assert signed["code"] == 0
        assert cms.verify_detached(base64.b64decode(signed["data"]), data).origin == site

        # a wrong PIN: the library delivers the error reply
        begin(page, "wrong", "signArrDataAdvanced", [[item], cert["serial"], True, None, False])
        window.wait_for_selector("#pin:not([hidden])")
        window.fill("#pin-input", "000000")
        window.click("#pin-ok")
        wrong = json.loads(json.loads(page.evaluate("() => window.wrong"))[0])
        assert wrong["code"] == 3 and "PIN" in wrong["error"]

        # cancel: the list closed
        begin(page, "cancelled", "getCertInfo", [])
        window.wait_for_selector("#certificate:not([hidden])")
        window.click("#certificate .cancel")
        assert page.evaluate("() => window.cancelled") == ""

        # a 2 MiB payload
        big = stringify(
            {"data": base64.b64encode(os.urandom(2 << 20)).decode(), "type": "cmsdetached"}
        )
        begin(page, "big", "signArrDataAdvanced", [[big], cert["serial"], True, None, False])
        window.wait_for_selector("#pin:not([hidden])")
        window.fill("#pin-input", TRAINING_PIN)
        window.click("#pin-ok")
        assert json.loads(json.loads(page.evaluate("() => window.big"))[0])["code"] == 0

        # signPdf: a real practice dossier
        from dvcedu.clock import COURSE_DAY
        from dvcedu.dossier.form import Dossier, new_dossier

        pdf = new_dossier(
            Dossier.for_certificate(samples.load_certificate("enterprise"), day=COURSE_DAY.date())
        )
        begin(page, "pdf", "signPdf", [base64.b64encode(pdf).decode()])
        window.wait_for_selector("#certificate:not([hidden])")
        window.click("#cert-ok")
        # signPdf takes no clearPINCache: the token is still logged in from the last PIN, so
        # the window asks only for an OK, and says why
        window.wait_for_selector("#consent:not([hidden])")
        assert site in window.inner_text("#asked-origin")
        window.click("#consent-ok")
        signed_pdf = json.loads(page.evaluate("() => window.pdf"))
        assert signed_pdf["code"] == 0 and base64.b64decode(signed_pdf["data"])[:5] == b"%PDF-"
        context.close()


@needs_vendor
def test_the_vendors_library_with_no_service_running_says_minus_one(chromium):
    if not all(port_free(p) for p in TRIED_PORTS):
        pytest.skip(f"something listens on {TRIED_PORTS}")
    with files(Path(VENDOR)) as site:
        page = chromium.new_page()
        page.goto(site + "/")
        began = time.monotonic()
        assert call(page, "checkPlugin", []) == "-1"
        waited = time.monotonic() - began
        page.close()
    assert waited < 15


@needs_vendor
def test_the_practice_portal_works_with_the_vendors_library_in_place_of_dvcedus(chromium):
    import queue

    from dvcedu.clock import SystemClock
    from dvcedu.plugin import SigningPlugin
    from dvcedu.portal import Store
    from dvcedu.web.serve import practice_services

    port = library_port()
    portal_port, sso_port = free_port(), free_port()
    practice = Practice(
        store=Store.memory(),
        portal_url=f"http://localhost:{portal_port}",
        sso_url=f"http://localhost:{sso_port}",
        plugin_urls=(f"wss://localhost:{port}/plugin",),
        test_hooks=True,
        plugin_library=Path(VENDOR),
    )
    opened: queue.Queue = queue.Queue()
    services = practice_services(
        practice,
        portal_port=portal_port,
        plugin_port=port,
        plugin=SigningPlugin(clock=SystemClock()),
        opener=opened.put,
    ).start()
    try:
        context = chromium.new_context()
        page = context.new_page()
        page.goto(practice.portal_url + "/dang-ky/usb-ky-so")
        page.wait_for_selector("#plugin-state[data-state=ok]", timeout=20_000)
        page.click("#choose-cert")
        window = context.new_page()
        window.goto(opened.get(timeout=10))
        window.wait_for_selector("#certificate:not([hidden])")
        window.click("#cert-ok")
        window.wait_for_selector("#pin:not([hidden])")
        window.fill("#pin-input", TRAINING_PIN)
        window.click("#pin-ok")
        page.wait_for_selector("#review:not([hidden])")
        assert page.inner_text("#d-uid").startswith("MST:")
        context.close()
    finally:
        services.stop()
