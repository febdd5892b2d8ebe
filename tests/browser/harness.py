"""A plain page for the plugin tests: a few files served on loopback (``http://localhost:PORT``)
and the signing service alone on its own TLS port — no portal — so a test can load a plugin
library (dvcedu's client, or the vendor's own file) into a page and call it."""

from __future__ import annotations

import http.server
import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from dvcedu.clock import SystemClock
from dvcedu.portal import Store
from dvcedu.web.practice import Practice
from dvcedu.web.serve import Services
from dvcedu.web.service import SigningService
from dvcedu.web.tls import loopback_tls

CALL_JS = Path(__file__).resolve().parents[1] / "data" / "vnpt-plugin" / "call.js"
PAGE = """<!doctype html><meta charset="utf-8"><title>plugin</title>
<script src="/plugin-library.js"></script><script src="/call.js"></script>"""
CALL = "(spec) => callPlugin(spec)"
"""Call ``vnptPlugin[function](*args)`` from the page as a page does (``call.js``); resolves
with the reply's text."""


@contextmanager
def files(library: Path, page: str = PAGE) -> Iterator[str]:
    """``/`` (the page) and ``/plugin-library.js`` (``library``) on a free loopback port."""
    served = {
        "/plugin-library.js": (library.read_bytes(), "text/javascript; charset=utf-8"),
        "/call.js": (CALL_JS.read_bytes(), "text/javascript; charset=utf-8"),
    }

    class Files(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body, kind = served.get(self.path, (page.encode(), "text/html; charset=utf-8"))
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Files)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://localhost:{server.server_address[1]}"
    finally:
        server.shutdown()


@dataclass
class Plugin:
    service: SigningService
    port: int
    opened: queue.Queue

    @property
    def url(self) -> str:
        return f"wss://localhost:{self.port}/plugin"


@contextmanager
def plugin_service(port: int, label: str = "DVCEDU-TRAINING") -> Iterator[Plugin]:
    """The signing service alone on ``port`` (TLS), its window opened through ``opened``."""
    from dvcedu.plugin import SigningPlugin

    opened: queue.Queue = queue.Queue()
    services = Services(
        Practice("http://localhost:1", "http://localhost:1", (), store=Store.memory())
    )
    service = services.add_plugin(
        SigningPlugin(clock=SystemClock(), label=label), port, loopback_tls(), opener=opened.put
    )
    services.start()
    try:
        yield Plugin(service, port, opened)
    finally:
        services.stop()
