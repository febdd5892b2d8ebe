"""What stands in front of each of the three practice services: the checks a browser cannot
be trusted to make, in one ASGI middleware they all wear.

Any web page the learner opens can reach a service on ``localhost`` — that is how the signing
plugin works at all — so each service decides for itself who may talk to it:

1. **Host.** A name the service answers to: ``localhost``, ``127.0.0.1``, ``[::1]`` (any
   port), or one the set-up names (``Practice.public_hosts``, e.g. a classroom hub's; ``*``
   for any, on a hub whose name is not known). DNS rebinding points a foreign name
   (``evil.test``) at 127.0.0.1; the browser then sends that name as Host, and the service
   refuses it before anything else (421).
2. **Origin, for every request that changes something** (any method but GET/HEAD/OPTIONS)
   and every WebSocket: it must be the service's own origin as this browser sees it (or, for
   the plugin's socket, any origin — the page's, checked against its licence). A request
   with another origin, or none, is refused (403): a cross-site form, a ``text/plain`` fetch,
   an image tag cannot log the learner out or register an account. Back-channel endpoints
   that authenticate otherwise (the token endpoint: the client's secret) are named.
3. **Headers on every response**: a Content-Security-Policy with no inline script, no
   framing (``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``: the plugin's window
   cannot be framed and clicked through), ``X-Content-Type-Options: nosniff``,
   ``Referrer-Policy: same-origin`` (not no-referrer: with it a form's POST says ``Origin: null``).

Refusals are answered in both languages (JSON for a script, a page for a person) and
recorded in the Transcript.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dvcedu import i18n
from dvcedu.model import Actor, Transcript

LOOPBACK = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})
ANY_HOST = "*"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def host_name(host: str) -> str:
    """The name in a Host header, without the port ("[::1]:8000" → "[::1]")."""
    if host.startswith("["):
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def origin_of_request(headers: Headers, scheme: str) -> str:
    """The service's own origin for this browser: the scheme (or the proxy's
    X-Forwarded-Proto) and the Host — checked against the allow-list first."""
    return f"{headers.get('x-forwarded-proto') or scheme}://{headers.get('host', '')}"


def policy(connect: Iterable[str] = ()) -> str:
    """The Content-Security-Policy: this origin's scripts, styles and images only, the given
    WebSocket addresses, no framing, no plugins, no base or form tricks."""
    sources = " ".join(["'self'", *dict.fromkeys(connect)])
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"connect-src {sources}; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    )


@dataclass
class Guard:
    """The middleware: ``Guard(app, hosts=…, csp=…, transcript=…)``."""

    app: ASGIApp
    hosts: frozenset[str] = LOOPBACK
    csp: str = field(default_factory=policy)
    transcript: Transcript | None = None
    exempt: frozenset[str] = frozenset()
    """Paths whose state-changing requests authenticate otherwise (no Origin asked)."""
    sockets_any_origin: bool = False
    """The plugin's socket: any page may open it (its origin is what the plugin checks)."""
    who: Actor = Actor.PORTAL

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            self._record(scope, refusal)
            await _refuse(scope, receive, send, refusal, headers)
            return
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [
                    (b"content-security-policy", self.csp.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"same-origin"),
                ]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)

    def _refusal(self, scope: Scope, headers: Headers) -> tuple[int, str, dict] | None:
        host = headers.get("host", "")
        if ANY_HOST not in self.hosts and host_name(host).lower() not in self.hosts:
            return 421, "web.refused_host", {"host": host[:100]}
        if scope["type"] == "websocket":
            if self.sockets_any_origin:
                return None
        elif scope["method"] in SAFE_METHODS or scope["path"] in self.exempt:
            return None
        origin = headers.get("origin")
        own = origin_of_request(
            headers, "https" if scope.get("scheme") in ("https", "wss") else "http"
        )
        if origin != own:
            return 403, "web.refused_origin", {"origin": (origin or "-")[:100], "own": own}
        return None

    def _record(self, scope: Scope, refusal: tuple[int, str, dict]) -> None:
        if self.transcript is None:
            return
        status, msg_id, fields = refusal
        self.transcript.record(
            Actor.PAGE,
            self.who,
            f"{scope.get('method', 'WS')} {scope['path']}",
            b"",
            note=msg_id,
            ok=False,
            **fields,
        )
        self.transcript.record(
            self.who, Actor.PAGE, f"{status}", {"status": status}, note=msg_id, ok=False, **fields
        )


async def _refuse(
    scope: Scope, receive: Receive, send: Send, refusal: tuple[int, str, dict], headers: Headers
) -> None:
    status, msg_id, fields = refusal
    if scope["type"] == "websocket":
        await receive()  # websocket.connect
        # accepted, then closed with the reason (1008, policy violation): a client hears why,
        # where a refused handshake would only see "HTTP 403"
        await send({"type": "websocket.accept"})
        await send(
            {
                "type": "websocket.close",
                "code": 1008,
                "reason": i18n.t(msg_id, "en", **fields)[:120],
            }
        )
        return
    words = {lang: i18n.t(msg_id, lang, **fields) for lang in i18n.LANGS}
    wants_json = "application/json" in headers.get(
        "accept", ""
    ) or "application/json" in headers.get("content-type", "")
    if wants_json:
        body = json.dumps({"ok": False, "message": words}, ensure_ascii=False).encode()
        kind = b"application/json"
    else:
        body = (
            f"<!doctype html><meta charset='utf-8'><title>{status}</title>"
            f"<p>{_escape(words['vi'])}</p><p lang='en'>{_escape(words['en'])}</p>"
        ).encode()
        kind = b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", kind),
                (b"x-content-type-options", b"nosniff"),
                (b"x-frame-options", b"DENY"),
                (b"content-security-policy", b"default-src 'none'"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _escape(text: str) -> str:
    import html

    return html.escape(text)
