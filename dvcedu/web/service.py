"""The signing service — the training "plugin" as a program on the learner's computer.

It speaks VNPT-CA Plugin's protocol [confirmed in the public JS library 1.0.1.9] on a secure
WebSocket on loopback, ``wss://localhost:4433/plugin`` (the page tries 4433, 4434, 4435, 9201,
9202 in that order):

- the page sends ``{functionID, funcCallback, args, domain}`` as JSON text;
- the service answers ``"<result>*<funcCallback>"``, ``result`` being JSON
  ``{"code": 0, "data": …}`` or ``{"code": n, "error": …, "message": {"vi", "en"}}``;
- ``domain`` must be the host of the ``Origin`` the browser sent with the handshake (a page's
  script cannot change that header), and signing needs a licence for that domain first.

The certificate list and the PIN are asked in the service's own window (``/hop-thoai``, see
``dialogs.py``). Every frame is recorded in the Transcript, as the in-process plugin does.
"""

from __future__ import annotations

import json
import threading

import anyio
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket, WebSocketDisconnect

from dvcedu.errors import DvceduError, PluginError, VerificationError
from dvcedu.model import Transcript
from dvcedu.plugin import SigningPlugin
from dvcedu.plugin.wire import FUNCTION_IDS, PluginWire
from dvcedu.web.dialogs import DialogBroker, WindowLearner
from dvcedu.web.pages import STATIC, render
from dvcedu.web.practice import public_origin

PORTS = (4433, 4434, 4435, 9201, 9202)
"""The ports VNPT-CA Plugin's page script tries, in order [confirmed in the public JS]."""

MAX_MESSAGE = 1024 * 1024
"""The largest request taken (1 MiB: a page signs a challenge, not a film); larger is
refused and the connection closed with 1009 (message too big)."""

DIALOG_FUNCTIONS = {FUNCTION_IDS["getCertInfo"], FUNCTION_IDS["signArrDataAdvanced"]}


def reply(result: object, callback: str) -> str:
    return f"{json.dumps(result, ensure_ascii=False)}*{callback}"


def error_result(error: DvceduError) -> dict[str, object]:
    code = error.reason.plugin_code if isinstance(error, VerificationError) else None
    return {"code": code or 1, "error": type(error).__name__,
            "message": {"vi": error.message("vi"), "en": error.message("en")}}


class SigningService:
    """One service: the plugin (one token label, one module), its window, its Transcript."""

    def __init__(self, plugin: SigningPlugin, *, transcript: Transcript,
                 licence_issuer: object, broker: DialogBroker | None = None) -> None:
        self.plugin = plugin
        self.transcript = transcript
        self.licence_issuer = licence_issuer
        self.broker = broker or DialogBroker()
        self._dialog_turn = threading.Lock()
        """One dialog function at a time (the real plugin's dialogs are modal); checkPlugin
        and the others still answer meanwhile."""
        self.app = Starlette(routes=[
            Route("/", self.home),
            Route("/hop-thoai", self.window),
            Route("/hop-thoai/cho", self.pending),
            Route("/hop-thoai/tra-loi", self.answer, methods=["POST"]),
            WebSocketRoute("/plugin", self.socket),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ])

    # --- the service's own pages -------------------------------------------------------------
    async def home(self, request: Request) -> Response:
        return render(request, "service_home.html", label=self.plugin.label)

    async def window(self, request: Request) -> Response:
        return render(request, "dialog.html")

    async def pending(self, request: Request) -> Response:
        dialog = self.broker.pending()
        return JSONResponse(dialog.public() if dialog else {},
                            headers={"Cache-Control": "no-store"})

    async def answer(self, request: Request) -> Response:
        """Only the service's own window may answer: a POST from any other origin (a web
        page trying to pick a certificate or guess PINs) is refused before it is read."""
        if request.headers.get("origin") != public_origin(request):
            return JSONResponse({"ok": False}, status_code=403)
        try:
            body = await request.json()
            answered = self.broker.answer(str(body["id"]), body.get("answer"))
        except (ValueError, KeyError, TypeError):
            return JSONResponse({"ok": False}, status_code=400)
        return JSONResponse({"ok": answered}, status_code=200 if answered else 409)

    # --- the plugin protocol -----------------------------------------------------------------
    async def socket(self, websocket: WebSocket) -> None:
        origin = websocket.headers.get("origin") or "null"
        await websocket.accept()
        wire = PluginWire(self.plugin, origin=origin, learner=WindowLearner(self.broker),
                          transcript=self.transcript,
                          licence_issuer=self.licence_issuer)  # type: ignore[arg-type]
        try:
            while True:
                text = await websocket.receive_text()
                if len(text.encode()) > MAX_MESSAGE:
                    await websocket.send_text(reply(error_result(PluginError(
                        "plugin.bad_request", detail=f"over {MAX_MESSAGE} bytes")), ""))
                    await websocket.close(code=1009)
                    return
                await websocket.send_text(await self._answer(wire, text))
        except WebSocketDisconnect:
            return

    async def _answer(self, wire: PluginWire, text: str) -> str:
        try:
            request = json.loads(text)
            if not isinstance(request, dict):
                raise ValueError("not an object")
        except ValueError:
            error = PluginError("plugin.bad_request", detail="not a JSON object")
            return reply(error_result(error), "")
        callback = str(request.get("funcCallback", ""))
        turn = self._dialog_turn if request.get("functionID") in DIALOG_FUNCTIONS else None
        try:
            result = await anyio.to_thread.run_sync(self._handle, wire, request, turn)
        except DvceduError as error:
            return reply(error_result(error), callback)
        return reply({"code": 0, "data": result}, callback)

    @staticmethod
    def _handle(wire: PluginWire, request: dict, turn: threading.Lock | None) -> object:
        if turn is None:
            return wire.handle(request)
        with turn:
            return wire.handle(request)

