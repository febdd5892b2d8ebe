"""The portal's sessions, kept on the server: the cookie holds only a random id.

A signed cookie that holds the session itself (Starlette's ``SessionMiddleware``) cannot be
ended by the server: a copy taken before "Đăng xuất" opens the account page for as long as
it is valid. Here the cookie ``dvcqg_session`` carries 32 random bytes that name a session in
this process's memory; logging out deletes it, so any copy is worth nothing. The id changes
when the learner logs in (a session fixed by someone else before the login does not become
theirs, OWASP session fixation). The cookie is HttpOnly (no script reads it) and
SameSite=Strict (a request another site starts carries no session).

``request.session`` works as with Starlette's middleware (Authlib keeps its ``state`` there);
:func:`renew` asks for a new id.
"""

from __future__ import annotations

import base64
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "dvcqg_session"
MAX_SESSIONS = 10_000


def renew(request: HTTPConnection) -> None:
    """Give this session a new id when the response goes out (at login)."""
    request.scope["session_renew"] = True


@dataclass
class ServerSessions:
    """ASGI middleware: ``ServerSessions(app, random=…, https_only=…)``."""

    app: ASGIApp
    random: Callable[[int], bytes] = os.urandom
    """Where session ids come from (the practice's randomness)."""
    https_only: bool = False
    _sessions: dict[str, dict] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        cookie = SimpleCookie(HTTPConnection(scope).headers.get("cookie", ""))
        sid = cookie[COOKIE].value if COOKIE in cookie else None
        with self._lock:
            known = sid is not None and sid in self._sessions
            scope["session"] = dict(self._sessions[sid]) if known else {}  # type: ignore[index]

        async def store(message: Message) -> None:
            if message["type"] == "http.response.start":
                self._save(scope, sid if known else None, MutableHeaders(scope=message))
            await send(message)

        await self.app(scope, receive, store)

    def _save(self, scope: Scope, sid: str | None, headers: MutableHeaders) -> None:
        data = scope["session"]
        with self._lock:
            if sid is not None and (not data or scope.get("session_renew")):
                del self._sessions[sid]  # ended (logout) or replaced (login)
                if not data:
                    headers.append("set-cookie", self._cookie("", max_age=0))
                    return
                sid = None
            if not data:
                return
            if sid is None:
                while len(self._sessions) >= MAX_SESSIONS:  # the oldest go first
                    self._sessions.pop(next(iter(self._sessions)))
                sid = base64.urlsafe_b64encode(self.random(32)).rstrip(b"=").decode()
                headers.append("set-cookie", self._cookie(sid))
            self._sessions[sid] = dict(data)

    def _cookie(self, value: str, max_age: int | None = None) -> str:
        parts = [f"{COOKIE}={value}", "Path=/", "HttpOnly", "SameSite=Strict"]
        if max_age is not None:
            parts.append(f"Max-Age={max_age}")
        if self.https_only:
            parts.append("Secure")
        return "; ".join(parts)
