"""The training remote-signing service over HTTP: the CSC API v1 paths a CSC client calls
(pyHanko's among them), and the signer's phone page.

``credentials/authorize`` answers only when the phone has: it waits (without holding a
thread) while the transaction is on the phone, then gives the SAD, or the refusal in words.
Every CSC call but ``info`` and ``auth/login`` carries the access token ``auth/login`` gave
(HTTP Basic with the training account, then ``Authorization: Bearer``); a refusal is the CSC
API's error shape (``error``, ``error_description``) with the reason and the words in the
asker's language beside it.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hmac
import secrets
import time
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from dvcedu import i18n
from dvcedu.errors import RemoteSigningError
from dvcedu.model import Actor
from dvcedu.portal.checks import loads_bounded
from dvcedu.rssp import RemoteSigning, Step
from dvcedu.rssp.service import APPROVAL_TTL
from dvcedu.web.app import WebService
from dvcedu.web.guard import LOOPBACK, Guard
from dvcedu.web.pages import STATIC, lang_of, render

TRAINING_ACCOUNT = ("hocvien", "dao-tao")
"""The CSC account of the training world (auth/login, HTTP Basic): not a secret."""
CSC = "/csc/v1"


class RemoteSigningService(WebService):
    """The RSSP's routes over :class:`~dvcedu.rssp.RemoteSigning`."""

    who = Actor.RSSP

    def __init__(self, rssp: RemoteSigning, *, hosts: frozenset[str] = LOOPBACK) -> None:
        self.rssp = rssp
        self.hosts = hosts
        self._tokens: set[str] = set()

    def routes(self) -> list[BaseRoute]:
        calls = {
            "info": self.info,
            "auth/login": self.login,
            "credentials/list": self.credentials_list,
            "credentials/info": self.credentials_info,
            "credentials/authorize": self.authorize,
            "signatures/signHash": self.sign_hash,
        }
        return [
            *(
                Route(f"{CSC}/{name}", self._recorded(name, call), methods=["POST"])
                for name, call in calls.items()
            ),
            Route("/dien-thoai", self.phone),
            Route("/dien-thoai/tra-loi", self.phone_answer, methods=["POST"]),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ]

    def guarded(self, app: ASGIApp) -> ASGIApp:
        # the CSC calls authenticate with their access token, not with a page's Origin
        exempt = frozenset(
            f"{CSC}/{name}"
            for name in (
                "info",
                "auth/login",
                "credentials/list",
                "credentials/info",
                "credentials/authorize",
                "signatures/signHash",
            )
        )
        return Guard(app, hosts=self.hosts, exempt=exempt, who=self.who)

    # --- helpers ---------------------------------------------------------------------------
    def _recorded(
        self, name: str, call: Callable[[Request], Awaitable[Response]]
    ) -> Callable[[Request], Awaitable[Response]]:
        """``call`` with the client's request and the service's answer in the Transcript, as
        they crossed (the access token and the login's password are headers: never kept)."""
        transcript = self.rssp.transcript

        async def recorded(request: Request) -> Response:
            transcript.record(
                Actor.CLIENT,
                Actor.RSSP,
                f"POST {CSC}/{name}",
                await request.body(),
                note=f"note.rssp_{name.replace('/', '_')}",
            )
            response = await call(request)
            transcript.record(
                Actor.RSSP,
                Actor.CLIENT,
                f"{response.status_code} {name}",
                bytes(response.body),
                note="note.rssp_reply",
                ok=response.status_code < 400,
            )
            return response

        return recorded

    @staticmethod
    def _refused(error: RemoteSigningError, lang: str, status: int = 400) -> Response:
        return JSONResponse(
            {
                "error": "invalid_request",
                "error_description": error.message("en"),
                "reason": error.reason,
                "value": error.value,
                "message": error.message(lang),
            },
            status_code=status,
        )

    async def _body(self, request: Request, *, authenticated: bool = True) -> dict[str, object]:
        if authenticated:
            given = request.headers.get("authorization", "")
            token = given.removeprefix("Bearer ")
            if not given.startswith("Bearer ") or token not in self._tokens:
                raise RemoteSigningError(reason="unauthorised")
        try:
            body = loads_bounded((await request.body()).decode("utf-8") or "{}")
        except (ValueError, UnicodeDecodeError):
            raise RemoteSigningError(reason="bad_request", value="JSON") from None
        if not isinstance(body, dict):
            raise RemoteSigningError(reason="bad_request", value="JSON object")
        return body

    # --- the CSC API -----------------------------------------------------------------------
    async def info(self, request: Request) -> Response:
        return JSONResponse(self.rssp.info())

    async def login(self, request: Request) -> Response:
        lang = lang_of(request)
        scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
        try:
            user, _, password = base64.b64decode(encoded, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            user = password = ""
        ok = scheme == "Basic" and all(
            hmac.compare_digest(a.encode(), b.encode())
            for a, b in zip((user, password), TRAINING_ACCOUNT, strict=True)
        )
        if not ok:
            return self._refused(RemoteSigningError(reason="unauthorised"), lang, 401)
        token = secrets.token_urlsafe(24)
        self._tokens.add(token)
        return JSONResponse({"access_token": token, "expires_in": 3600})

    async def credentials_list(self, request: Request) -> Response:
        try:
            await self._body(request)
        except RemoteSigningError as error:
            return self._refused(error, lang_of(request), _status(error))
        return JSONResponse({"credentialIDs": list(self.rssp.credentials)})

    async def credentials_info(self, request: Request) -> Response:
        try:
            body = await self._body(request)
            return JSONResponse(
                self.rssp.credential_info(
                    body.get("credentialID"), certificates=body.get("certificates", "single")
                )
            )
        except RemoteSigningError as error:
            return self._refused(error, lang_of(request), _status(error))

    async def authorize(self, request: Request) -> Response:
        """The transaction goes to the phone; the answer waits for the signer."""
        lang = lang_of(request)
        try:
            body = await self._body(request)
            transaction = self.rssp.ask(
                credential_id=body.get("credentialID"),
                hashes=body.get("hash"),
                num_signatures=body.get("numSignatures", 1),
                description=body.get("description", ""),
                client=request.headers.get("user-agent", "")[:60],
            )
            # the service's clock says when the phone is too late; the wall clock bounds the
            # wait too, so a practice clock that stands still cannot hold the call for ever
            give_up = time.monotonic() + APPROVAL_TTL.total_seconds() + 5
            while (answered := self.rssp.outcome(transaction.id)).step is Step.PENDING:
                if time.monotonic() > give_up:
                    raise RemoteSigningError(
                        reason="approval_expired", value=int(APPROVAL_TTL.total_seconds())
                    )
                await asyncio.sleep(0.1)
        except RemoteSigningError as error:
            return self._refused(error, lang, _status(error))
        left = self.rssp.grant(answered.sad).expires_at - self.rssp.clock.now()
        return JSONResponse({"SAD": answered.sad, "expiresIn": int(left.total_seconds())})

    async def sign_hash(self, request: Request) -> Response:
        try:
            body = await self._body(request)
            signatures = self.rssp.sign_hash(
                credential_id=body.get("credentialID"),
                sad=body.get("SAD"),
                hashes=body.get("hash"),
                hash_algo=body.get("hashAlgo"),
                sign_algo=body.get("signAlgo"),
            )
        except RemoteSigningError as error:
            return self._refused(error, lang_of(request), _status(error))
        return JSONResponse({"signatures": [base64.b64encode(s).decode() for s in signatures]})

    # --- the signer's phone ----------------------------------------------------------------
    async def phone(self, request: Request) -> Response:
        return render(
            request,
            "rssp_phone.html",
            user=None,
            waiting=self.rssp.waiting(),
            holders={c.id: c.description for c in self.rssp.credentials.values()},
            otp=self.rssp.otp,
            hex_of=lambda b64: base64.b64decode(b64).hex(" ").upper(),
        )

    async def phone_answer(self, request: Request) -> Response:
        lang = lang_of(request)
        try:
            body = await self._body(request, authenticated=False)
            answered = self.rssp.answer(
                body.get("transaction"),
                approve=body.get("approve") is True,
                otp=str(body.get("otp", "")),
            )
        except RemoteSigningError as error:
            return self._refused(error, lang)
        done = (
            "rssp.phone_done_approved"
            if answered.step is Step.APPROVED
            else ("rssp.phone_done_refused")
        )
        return JSONResponse(
            {"ok": True, "step": answered.step.value, "message": i18n.t(done, lang)}
        )


def _status(error: RemoteSigningError) -> int:
    return 401 if error.reason == "unauthorised" else 400


__all__ = ["APPROVAL_TTL", "TRAINING_ACCOUNT", "RemoteSigningService"]
