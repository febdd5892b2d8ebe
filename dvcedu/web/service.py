"""The signing service — the training "plugin" as a program on the learner's computer.

It answers VNPT-CA Plugin's JavaScript library as the library speaks (``plugin/protocol.py``),
on a secure WebSocket on loopback, ``wss://localhost:4433/plugin`` — the first of the ports
the library tries (4433, 4434, 4435 in version 1.0.0.8):

- each text frame is one request, handed to :meth:`PluginWire.handle`, which answers
  ``"<result>*<funcCallback>"`` in the shape real pages parse;
- ``domain`` must be the host of the ``Origin`` the browser sent with the handshake (a page's
  script cannot change that header), and the plugin answers a page only after it sent a
  licence for that domain;
- a frame the plugin cannot take (binary, over :data:`MAX_MESSAGE`) still gets an error reply
  addressed to the page's callback, so no page waits for ever; an over-size one then closes
  the connection (1009, with the reason).

The certificate list, the PIN and the OK while the token is still logged in are asked in the
service's own window (``/hop-thoai``, see ``dialogs.py``), which opens itself when no window
is open, as the real plugin's native window does. Every frame is recorded in the Transcript.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp
from starlette.websockets import WebSocket, WebSocketDisconnect

from dvcedu.errors import PluginError
from dvcedu.model import Actor, Transcript
from dvcedu.plugin import SigningPlugin, protocol
from dvcedu.plugin.protocol import FUNCTION_IDS, callback_of, json_result, reply
from dvcedu.plugin.wire import PluginWire, sign_code
from dvcedu.web.app import WebService
from dvcedu.web.dialogs import DialogBroker, WindowLearner
from dvcedu.web.guard import LOOPBACK, Guard
from dvcedu.web.pages import STATIC, render

PORTS = protocol.PORTS

MAX_MESSAGE = 4 * 1024 * 1024
"""The largest request signed (4 MiB: a dossier of a few pages, with room; a 2 MiB payload is
2.7 MiB once in base64). A larger one gets an error reply, then the connection is closed."""

TRANSPORT_LIMIT = 8 * MAX_MESSAGE
"""What the WebSocket layer itself reads before it drops a connection: beyond it no reply
can be sent (the frame is never read whole)."""

MAX_SOCKETS = 64
"""Connections served at once; more are closed at once (1013, try again later), so that a
page opening hundreds cannot starve the portal's."""

BUSY_WAIT = 3.0
"""Seconds a call that needs the window waits for another page's dialog to end before it is
told the window is busy."""

DIALOG_FUNCTIONS = {
    FUNCTION_IDS[name]
    for name in ("getCertInfo", "GetAllCertificates", "signArrDataAdvanced", "signPdf")
}


def refusal(error: PluginError, callback: str) -> str:
    """An error reply in the signing replies' convention, for a frame no function read."""
    return reply(json_result({"code": sign_code(error), "error": error.message()}), callback)


class SigningService(WebService):
    """One service: the plugin (one token label, one module), its window, its Transcript."""

    who = Actor.PLUGIN

    def __init__(
        self,
        plugin: SigningPlugin,
        *,
        transcript: Transcript,
        licence_issuer: object,
        broker: DialogBroker | None = None,
        hosts: frozenset[str] = LOOPBACK,
    ) -> None:
        self.plugin = plugin
        self.transcript = transcript
        self.licence_issuer = licence_issuer
        self.hosts = hosts
        self.broker = broker or DialogBroker()
        self._dialog_turn = threading.Lock()
        """One dialog function at a time (the real plugin's dialogs are modal); checkPlugin
        and the others still answer meanwhile."""
        self._held_by: str | None = None
        """The origin whose call holds the window now (named to the others, who must wait)."""
        self._sockets = 0

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/", self.home),
            Route("/hop-thoai", self.window),
            Route("/hop-thoai/cho", self.pending),
            Route("/hop-thoai/tra-loi", self.answer, methods=["POST"]),
            WebSocketRoute("/plugin", self.socket),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ]

    def guarded(self, app: ASGIApp) -> ASGIApp:
        """Behind the checks of ``guard.py``: its host names only, its window's answers from
        its own origin only, no framing (any page may open the socket: the plugin checks the
        page's origin against its licence)."""
        return Guard(
            app, hosts=self.hosts, transcript=self.transcript, who=self.who, sockets_any_origin=True
        )

    @asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        """When the service stops, the token it kept logged in is logged out."""
        try:
            yield
        finally:
            self.plugin.close()

    # --- the service's own pages -------------------------------------------------------------
    async def home(self, request: Request) -> Response:
        return render(request, "service_home.html", label=self.plugin.label)

    async def window(self, request: Request) -> Response:
        return render(request, "dialog.html")

    async def pending(self, request: Request) -> Response:
        dialog = self.broker.pending()
        return JSONResponse(
            dialog.public() if dialog else {}, headers={"Cache-Control": "no-store"}
        )

    async def answer(self, request: Request) -> Response:
        """The window's answer to the pending dialog, by its random id. Only the service's
        own window may answer: a POST from any other origin (a web page trying to pick a
        certificate or guess PINs) is refused by the guard before it is read."""
        try:
            body = await request.json()
            answered = self.broker.answer(str(body["id"]), body.get("answer"))
        except (ValueError, KeyError, TypeError, RecursionError):
            return JSONResponse({"ok": False}, status_code=400)
        return JSONResponse({"ok": answered}, status_code=200 if answered else 409)

    # --- the plugin protocol -----------------------------------------------------------------
    async def socket(self, websocket: WebSocket) -> None:
        origin = websocket.headers.get("origin") or "null"
        if self._sockets >= MAX_SOCKETS:  # many pages, or one page opening socket after socket
            await websocket.accept()  # then a close with its reason: the page hears why
            await websocket.close(code=1013, reason="too many connections, try again later")
            return
        self._sockets += 1
        try:
            await self._serve(websocket, origin)
        finally:
            self._sockets -= 1

    async def _serve(self, websocket: WebSocket, origin: str) -> None:
        await websocket.accept()
        wire = PluginWire(
            self.plugin,
            origin=origin,
            learner=WindowLearner(self.broker),
            transcript=self.transcript,
            licence_issuer=self.licence_issuer,
        )  # type: ignore[arg-type]
        try:
            while True:
                message = await websocket.receive()
                if message["type"] == "websocket.disconnect":
                    return
                text = message.get("text")
                if text is None:  # a binary frame: the library sends text only
                    await websocket.send_text(
                        refusal(
                            PluginError("plugin.bad_request", detail="a binary frame"),
                            protocol.DEFAULT_CALLBACK,
                        )
                    )
                    continue
                if len(text) > MAX_MESSAGE:  # characters: the frame is ASCII base64 and JSON
                    await websocket.send_text(
                        refusal(
                            PluginError("plugin.too_big", size=len(text), limit=MAX_MESSAGE),
                            callback_of(text),
                        )
                    )
                    await websocket.close(code=1009, reason="message too big")
                    return
                await websocket.send_text(await self._answer(wire, text))
        except WebSocketDisconnect:
            return

    async def _answer(self, wire: PluginWire, text: str) -> str:
        try:
            modal = protocol.read_frame(text).function_id in DIALOG_FUNCTIONS
        except PluginError:
            modal = False
        if not modal:
            return await anyio.to_thread.run_sync(wire.handle, text)

        def handle() -> str:
            # the window is modal: a call waits a little for another site's dialog to end,
            # then is told who holds it — one page cannot block every other for minutes
            if not self._dialog_turn.acquire(timeout=BUSY_WAIT):
                busy = PluginError(
                    "plugin.busy", origin=self._held_by or "?", seconds=round(BUSY_WAIT)
                )
                return refusal(busy, protocol.read_frame(text).callback)
            try:
                self._held_by = wire.origin
                return wire.handle(text)
            finally:
                self._held_by = None
                self._dialog_turn.release()

        return await anyio.to_thread.run_sync(handle)
