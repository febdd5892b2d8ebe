"""Record the frames VNPT-CA Plugin's own JavaScript library sends, as fixtures.

    python tools/record_vendor_frames.py PATH/TO/vnpt-plugin.js [-o OUT.json]

The library is the vendor's, not ours: it is read from the path given (a public copy is in the
GitHub repository quydohut/testumd, ``vnpt-plugin.js`` at commit 70a80df, "js version
1.0.0.8") and served unchanged to a plain page in headless Chromium; nothing of it is kept.
The page calls the library's functions the way public portal pages do (``CALLS`` below); a
recording WebSocket server on ``wss://localhost:4433/plugin`` (the first port the library
tries) writes down every frame exactly as it arrived and answers just enough for the next
call to go ahead. What is written is protocol facts — function ids, argument encodings,
callback names — for ``tests/test_plugin_conformance.py`` to replay against dvcedu's service.

Needs Debian's Chromium and the ``web`` and ``test`` extras (websockets, Playwright).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import http.server
import json
import os
import ssl
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = base64.b64encode(b"1234567890").decode()
"""What VNPT iOffice's login signs (research notes §1.2); dvcedu's portal signs a challenge."""
PDF = base64.b64encode(b"%PDF-1.7\n% dvcedu fixture\n").decode()
HASH = base64.b64encode(hashlib.sha256(b"1234567890").digest()).decode()

ITEM = '{"data":"{DATA}","type":"cmsdetached"}'
"""One item of signArrDataAdvanced's array, as pages build it: ``JSON.stringify({data, type})``."""
ITEM_WITH_OPTIONS = '{"data":"{DATA}","type":"cmsdetached","sigOptions":"null"}'

CALLS: list[tuple[str, list[object], str | None]] = [
    # (the library's function, the page's arguments without the callback, the callback's
    # name or None for the promise style); "{NAME}" is filled in from ``values``
    ("checkPlugin", [], None),
    ("getVersion", [], None),
    ("setLicenseKey", ["{LICENCE}"], None),
    ("setLanguage", ["en"], None),
    ("getCertInfo", [], None),
    ("getCertInfo", [True], None),
    ("getCertInfo", ["0", "{SERIAL}"], "onCert"),
    ("signArrDataAdvanced", [[ITEM], "{SERIAL}", True, True], None),
    ("signArrDataAdvanced", [[ITEM_WITH_OPTIONS], "", True], "onSigned"),
    ("signArrDataAdvanced", [[ITEM], "{SERIAL}"], None),
    ("signArrDataAdvanced", [[ITEM], "{SERIAL}", False, False], None),
    ("signPdf", ["{PDF}"], None),
    ("signPdf", ["{PDF}", {"Page": 1, "VisibleType": 0}], None),
    ("signHash", ["{HASH}"], None),
    ("signXML", ["{DATA}"], None),
    ("ClearPinCache", [0], None),
    ("SetShowCertListDialog", [False], None),
    ("CheckToken", [], None),
    ("GetAllCertificates", [], None),
    ("GetComputerInfo", [], None),
]

CALLBACK_AT = {"getCertInfo": 0, "signArrDataAdvanced": 3, "signPdf": 1, "signXML": 1}
"""Where each function takes its callback (as in call.js): shown in the fixture's ``js``."""


def javascript(function: str, args: list[object], callback: str | None) -> str:
    """The call as a page writes it, e.g. ``vnptPlugin.signPdf(PDF, null, {...})``."""
    shown = [json.dumps(a, ensure_ascii=False) for a in args]
    at = CALLBACK_AT.get(function, 1 if args else 0)
    if callback is not None or at < len(shown):
        shown.insert(at, callback or "null")
    return f"vnptPlugin.{function}({', '.join(shown)})"


CALL_JS = ROOT / "tests" / "data" / "vnpt-plugin" / "call.js"
PAGE = """<!doctype html><meta charset="utf-8"><title>frames</title>
<script src="/vnpt-plugin.js"></script><script src="/call.js"></script>"""


def fill(text: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text


def unfill(text: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        text = text.replace(value, "{" + name + "}")
    return text


def canned(frame: dict) -> str:
    """Just enough of an answer for the library to settle the call (not what is recorded)."""
    result = {
        7: "1",
        11: "1.0.1.9",
        6: '{"code":1}',
        0: json.dumps({"serial": "54", "base64": ""}),
        10: json.dumps([json.dumps({"code": 0, "data": ""})]),
    }.get(frame["functionID"], '{"code":0}')
    return f"{result}*{frame['funcCallback']}"


def record(library: Path, out: Path) -> None:
    scratch = Path(tempfile.mkdtemp(prefix="dvcedu-frames-"))
    os.environ.setdefault("DVCEDU_HOME", str(scratch / "home"))
    from playwright.sync_api import sync_playwright
    from websockets.asyncio.server import serve

    from dvcedu.pki import samples
    from dvcedu.web.practice import Practice
    from dvcedu.web.tls import loopback_tls

    tls = loopback_tls()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(tls.certfile, tls.keyfile)
    frames: list[str] = []

    async def plugin(socket) -> None:
        async for text in socket:
            frames.append(text)
            await socket.send(canned(json.loads(text)))

    ready, stop = threading.Event(), None

    def run_socket() -> None:
        nonlocal stop

        async def main() -> None:
            nonlocal stop
            stop = asyncio.get_running_loop().create_future()
            async with serve(plugin, "127.0.0.1", 4433, ssl=context, max_size=None):
                ready.set()
                await stop

        asyncio.run(main())

    threading.Thread(target=run_socket, daemon=True).start()
    ready.wait(10)

    body = library.read_bytes()
    served = {"/vnpt-plugin.js": body, "/call.js": CALL_JS.read_bytes()}

    class Pages(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            text = served.get(self.path, PAGE.encode())
            kind = "text/javascript" if self.path in served else "text/html"
            self.send_response(200)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.end_headers()
            self.wfile.write(text)

        def log_message(self, *args: object) -> None:
            pass

    pages = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    threading.Thread(target=pages.serve_forever, daemon=True).start()
    origin = f"http://localhost:{pages.server_address[1]}"
    serial = f"{samples.load_certificate('enterprise').serial_number:X}"
    licence = Practice(origin, origin, (), store=None).licence_for(origin)  # type: ignore[arg-type]
    values = {"LICENCE": licence, "SERIAL": serial, "DATA": DATA, "PDF": PDF, "HASH": HASH}

    recorded = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                f"--ignore-certificate-errors-spki-list={tls.spki_sha256()}",
            ],
        )
        page = browser.new_page()
        page.goto(origin + "/")
        for function, args, callback in CALLS:
            filled = json.loads(fill(json.dumps(args), values))
            before = len(frames)
            page.evaluate(
                "(spec) => callPlugin(spec)",
                {"function": function, "args": filled, "callback": callback},
            )
            while len(frames) == before:
                page.wait_for_timeout(20)
            recorded.append(
                {
                    "js": javascript(function, args, callback),
                    "function": function,
                    "page_args": args,
                    "callback": callback,
                    "frame": unfill(frames[-1], values),
                }
            )
        browser.close()
    pages.shutdown()
    out.parent.mkdir(parents=True, exist_ok=True)
    version = next(
        (
            line.split("version", 1)[1].strip()
            for line in body.decode("utf-8-sig").splitlines()
            if "js version" in line
        ),
        "?",
    )
    out.write_text(
        json.dumps(
            {
                "library": {
                    "name": "VNPT-CA Plugin JS library",
                    "version": version,
                    "sha256": hashlib.sha256(body).hexdigest(),
                },
                "page_origin": "http://localhost:<port>",
                "placeholders": {
                    "LICENCE": "the practice portal's training licence for the page's "
                    "host (dvcedu.web.practice.Practice.licence_for)",
                    "SERIAL": "the training enterprise certificate's serial, hex",
                    "DATA": DATA,
                    "PDF": PDF,
                    "HASH": HASH,
                },
                "frames": recorded,
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"{len(recorded)} frames → {out}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("library", type=Path)
    parser.add_argument(
        "-o", "--out", type=Path, default=ROOT / "tests" / "data" / "vnpt-plugin" / "frames.json"
    )
    arguments = parser.parse_args()
    record(arguments.library, arguments.out)
