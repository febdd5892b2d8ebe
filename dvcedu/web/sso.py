"""The training identity service — where "Đăng nhập" → "USB ký số" really happens.

The real portal sends login to a separate service, ``xacthuc.dichvucong.gov.vn``, with an
OpenID Connect authorization-code request [confirmed from relying parties' public code]; what
happens between that service and the token there is not public. This service is the standard
flow it most likely resembles, built on Authlib's authorization server:

1. the portal redirects the browser to ``/oauth2/authorize`` (code flow, PKCE S256, ``state``,
   ``nonce``, ``acr_values=LoA1``);
2. this service's page signs a challenge of ITS OWN with the token, through the plugin, and
   posts it; ``verify_login`` checks it for this service's origin (the token-signature step
   happens here, not at the portal);
3. the browser is sent back to the portal with a one-time code; the portal exchanges it, with
   its secret and the PKCE verifier, for an ID token signed by this service (RS256), whose
   ``name`` is what the portal shows top right and whose ``amr`` says "hwk": a hardware key.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from authlib.oauth2 import AuthorizationServer, OAuth2Error
from authlib.oauth2.rfc6749 import OAuth2Request, grants
from authlib.oauth2.rfc6749.errors import InvalidRequestError
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from joserfc.jwk import KeySet, RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from dvcedu import i18n
from dvcedu.errors import VerificationError
from dvcedu.model import Actor, Transcript
from dvcedu.plugin.wire import b64
from dvcedu.portal import Portal
from dvcedu.portal.checks import loads_bounded
from dvcedu.web.pages import STATIC, failed_page, lang_of, render
from dvcedu.web.practice import Practice, Seen, internal_url

CODE_SECONDS = 60


_CALLBACK: ContextVar[str] = ContextVar("callback")
"""The portal's callback as the browser now at the identity service reaches it (directly, or
through Jupyter's proxy): the one redirect URI allowed for this request."""


@dataclass(frozen=True)
class Client:
    """A relying party (the portal), as Authlib's ClientMixin asks."""

    client_id: str
    client_secret: str

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str:
        return _CALLBACK.get()

    def get_allowed_scope(self, scope: str) -> str:
        return " ".join(s for s in scope.split() if s in ("openid", "profile"))

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri == _CALLBACK.get(None)

    def check_client_secret(self, client_secret: str) -> bool:
        return secrets.compare_digest(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method == "client_secret_basic"

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


@dataclass
class Code:
    """An authorization code, as Authlib's AuthorizationCodeMixin asks."""

    code: str
    client_id: str
    redirect_uri: str
    scope: str
    user: dict[str, str]
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def is_expired(self) -> bool:
        return time.time() > self.auth_time + CODE_SECONDS

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time

    def get_acr(self) -> str:
        return "LoA1"

    def get_amr(self) -> list[str]:
        return ["hwk", "pin"]  # RFC 8176: a hardware-secured key, unlocked by a PIN


class _Request(OAuth2Request):
    """A Starlette request as Authlib sees it (its body already read)."""

    def __init__(self, method: str, url: str, headers: Mapping[str, str], query: dict[str, str],
                 form: dict[str, str]) -> None:
        super().__init__(method, url, headers=headers)
        self._query, self._form = query, form
        self.payload = BasicOAuth2Payload({**query, **form})

    @property
    def args(self) -> dict[str, str]:
        return self._query

    @property
    def form(self) -> dict[str, str]:
        return self._form


class _Server(AuthorizationServer):
    def __init__(self, client: Client, codes: dict[str, Code]) -> None:
        super().__init__(scopes_supported=["openid", "profile"])
        self.client, self.codes = client, codes
        self.register_token_generator("default", BearerTokenGenerator(
            lambda *a, **k: secrets.token_urlsafe(32)))

    def query_client(self, client_id: str) -> Client | None:
        return self.client if client_id == self.client.client_id else None

    def save_token(self, token: dict, request: OAuth2Request) -> None:
        pass  # the portal gets the ID token; nothing here is called with the access token

    def send_signal(self, name: str, *args: object, **kwargs: object) -> None:
        pass  # Authlib's hook for Flask/Django signals: the Transcript records instead

    def create_oauth2_request(self, request: object) -> OAuth2Request:
        assert isinstance(request, OAuth2Request)
        return request

    def handle_response(self, status: int, body: object, headers: list) -> Response:
        if isinstance(body, dict):
            return JSONResponse(body, status_code=status, headers=dict(headers))
        return Response(body, status_code=status, headers=dict(headers))


class _CodeGrant(grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ("client_secret_basic",)

    def save_authorization_code(self, code: str, request: OAuth2Request) -> None:
        data = request.payload.data
        self.server.codes[code] = Code(
            code, request.client.client_id, data["redirect_uri"], request.payload.scope,
            request.user, data.get("nonce"), data.get("code_challenge"),
            data.get("code_challenge_method"))

    def query_authorization_code(self, code: str, client: Client) -> Code | None:
        found = self.server.codes.get(code)
        if found and found.client_id == client.client_id and not found.is_expired():
            return found
        return None

    def delete_authorization_code(self, authorization_code: Code) -> None:
        self.server.codes.pop(authorization_code.code, None)  # a code is used once

    def authenticate_user(self, authorization_code: Code) -> dict[str, str]:
        return authorization_code.user


class _OpenIDCode(OpenIDCode):
    def __init__(self, key: RSAKey, issuer: str, codes: dict[str, Code]) -> None:
        super().__init__(require_nonce=True)
        self.key, self.issuer, self.codes = key, issuer, codes

    def exists_nonce(self, nonce: str, request: OAuth2Request) -> bool:
        return any(c.nonce == nonce for c in self.codes.values())

    def resolve_client_private_key(self, client: Client) -> RSAKey:
        return self.key

    def get_client_algorithm(self, client: Client) -> str:
        return "RS256"

    def get_client_claims(self, client: Client) -> dict[str, object]:
        return {"iss": self.issuer, "aud": [client.client_id]}

    def get_encode_header(self, client: Client) -> dict[str, str]:
        return {"alg": "RS256", "kid": self.key.kid}

    def generate_user_info(self, user: dict[str, str], scope: str) -> UserInfo:
        return UserInfo(sub=user["sub"], name=user["name"])


def required_of_every_client(query: Mapping[str, str]) -> None:
    """``state``, and PKCE with S256, for every client (RFC 9700 §2.1 and §2.1.1): Authlib's
    ``CodeChallenge`` asks PKCE of public clients only; the portal is a confidential one, and
    is held to it too (``nonce`` is OpenID Connect's, checked by Authlib's ``OpenIDCode``)."""
    if not query.get("state"):
        raise InvalidRequestError("Missing 'state'")
    if not query.get("code_challenge"):
        raise InvalidRequestError("Missing 'code_challenge'")
    if query.get("code_challenge_method") != "S256":
        raise InvalidRequestError("'code_challenge_method' must be S256")


def sso_app(practice: Practice, *, client_secret: str) -> ASGIApp:
    issuer = internal_url(practice.sso_url)
    """The address the portal's back channel uses (metadata, token, keys) — and the ``iss``
    of every ID token; the browser's address for the login page may differ (Jupyter's proxy)."""
    transcript: Transcript = practice.transcript

    def login_portal(seen: Seen) -> Portal:
        """The signature checks for this browser's view of the service (its origin)."""
        return practice.portal_at(seen.origin)

    def seen_here(request: Request) -> Seen:
        seen = practice.seen(request, by=practice.sso_url)
        _CALLBACK.set(f"{seen.portal_url}/dang-nhap/callback")
        return seen

    key = RSAKey.generate_key(2048, parameters={"use": "sig"})
    key.ensure_kid()
    codes: dict[str, Code] = {}
    client = Client("dvcqg-portal", client_secret)
    server = _Server(client, codes)
    server.register_grant(_CodeGrant, [CodeChallenge(required=True),
                                       _OpenIDCode(key, issuer, codes)])

    def as_oauth(request: Request, query: dict[str, str], form: dict[str, str]) -> _Request:
        return _Request(request.method, str(request.url), request.headers, query, form)

    async def metadata(request: Request) -> Response:
        return JSONResponse({
            "issuer": issuer,
            "authorization_endpoint": f"{issuer}/oauth2/authorize",
            "token_endpoint": f"{issuer}/oauth2/token",
            "jwks_uri": f"{issuer}/oauth2/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
            "scopes_supported": ["openid", "profile"],
            "acr_values_supported": ["LoA1"],
        })

    async def jwks(request: Request) -> Response:
        return JSONResponse(KeySet([key]).as_dict(private=False))

    async def authorize(request: Request) -> Response:
        """The login page, once Authlib has checked the request (client, redirect URI,
        PKCE challenge, nonce); a bad request is refused here, never sent back blindly."""
        query = dict(request.query_params)
        seen = seen_here(request)
        transcript.record(Actor.PAGE, Actor.SSO, "GET /oauth2/authorize",
                          str(request.url.query), note="note.web_authorize")
        try:
            required_of_every_client(query)
            server.get_consent_grant(as_oauth(request, query, {}))
        except OAuth2Error as error:
            return render(request, "error.html", status=400, user=None,
                          message=f"{error.error}: {error.description or ''}")
        challenge = login_portal(seen).challenge("login")
        body = b64(challenge.body)
        transcript.record(Actor.SSO, Actor.PAGE, "event.login_challenge", {"challenge": body},
                          note="note.login_challenge")
        plugin = practice.plugin_config(seen, lang_of(request))
        return render(request, "sso_login.html", user=None, challenge=body, plugin=plugin,
                      query=str(request.url.query))

    async def authorize_usb(request: Request) -> Response:
        """The signed challenge, checked for this service's origin; then the code."""
        body = await request.body()
        seen = seen_here(request)
        transcript.record(Actor.PAGE, Actor.SSO, "POST /oauth2/authorize/usb-ky-so", body,
                          note="note.send_login")
        try:
            fields = loads_bounded(body.decode("utf-8"))
            query = dict(parse_qsl(str(fields.pop("query"))))  # type: ignore[union-attr]
            message = json.dumps(fields).encode()
        except (ValueError, KeyError, TypeError, AttributeError):
            return JSONResponse({"ok": False, "message": i18n.t(
                "web.sso_bad_request", lang_of(request))}, status_code=400)
        try:
            required_of_every_client(query)
            grant = server.get_consent_grant(as_oauth(request, query, {}))
        except OAuth2Error as error:  # e.g. a nonce already used: a replayed login request
            transcript.record(Actor.SSO, Actor.PAGE, "event.refused", {"error": error.error},
                              note="note.web_sso_refused", ok=False)
            return JSONResponse({"ok": False, "error": error.error, "message": i18n.t(
                "web.sso_request_refused", lang_of(request), error=error.error,
                detail=error.description or "")}, status_code=400)
        try:
            result = login_portal(seen).login(message, transcript=transcript,
                                              verifier=Actor.SSO)
        except VerificationError as error:
            transcript.record(Actor.SSO, Actor.PAGE, "event.refused",
                              {"ok": False, "reason": error.reason.value},
                              note=(error.message("vi"), error.message("en")), ok=False)
            return JSONResponse({"ok": False, "reason": error.reason.value,
                                 "message": error.message(lang_of(request))}, status_code=400)
        user = {"sub": result.session.identifier, "name": result.session.display_name}
        response = server.create_authorization_response(
            grant.request, grant_user=user, grant=grant)
        location = response.headers.get("location", "")
        transcript.record(Actor.SSO, Actor.PAGE, "302 → /dang-nhap/callback",
                          urlsplit(location).query, note="note.web_code")
        return JSONResponse({"ok": True, "next": location})

    async def token(request: Request) -> Response:
        form = dict(await request.form())
        shown = {k: v for k, v in form.items() if k != "code_verifier"} | {
            "code_verifier": "…"}
        transcript.record(Actor.PORTAL, Actor.SSO, "POST /oauth2/token", shown,
                          note="note.web_token")
        return server.create_token_response(as_oauth(request, {}, form))

    app = Starlette(exception_handlers={Exception: failed_page}, routes=[
        Route("/.well-known/openid-configuration", metadata),
        Route("/oauth2/jwks", jwks),
        Route("/plugin-library.js", practice.library),
        Route("/oauth2/authorize", authorize),
        Route("/oauth2/authorize/usb-ky-so", authorize_usb, methods=["POST"]),
        Route("/oauth2/token", token, methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ])
    # the token endpoint is the portal's back channel: its client secret, not an Origin
    return practice.guarded(app, who=Actor.SSO, exempt=frozenset({"/oauth2/token"}))
