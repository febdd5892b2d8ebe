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
from urllib.parse import parse_qsl, urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from dvcedu import i18n
from dvcedu.errors import VerificationError
from dvcedu.model import Actor
from dvcedu.plugin.wire import b64
from dvcedu.portal import Portal
from dvcedu.portal.checks import loads_bounded
from dvcedu.web.app import WebService
from dvcedu.web.oidc import (
    CLIENT_ID,
    AuthorizationServerFor,
    Client,
    OAuth2Error,
    OAuthRequest,
    callback_for_this_request,
    new_signing_key,
    required_of_every_client,
)
from dvcedu.web.pages import STATIC, lang_of, render
from dvcedu.web.practice import Practice, Seen, internal_url


class SsoService(WebService):
    """The identity service for one portal (``client_secret`` is the portal's)."""

    who = Actor.SSO

    def __init__(self, practice: Practice, *, client_secret: str) -> None:
        self.practice = practice
        self.transcript = practice.transcript
        self.issuer = internal_url(practice.sso_url)
        """The address the portal's back channel uses (metadata, token, keys) — and the
        ``iss`` of every ID token; the browser's address for the login page may differ
        (Jupyter's proxy)."""
        self.server = AuthorizationServerFor(
            Client(CLIENT_ID, client_secret), key=new_signing_key(), issuer=self.issuer,
            now=lambda: practice.clock.now().timestamp())
        """Authlib's authorization server, adapted (``oidc.py``): its codes, its key."""

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/.well-known/openid-configuration", self.metadata),
            Route("/oauth2/jwks", self.jwks),
            Route("/plugin-library.js", self.practice.library),
            Route("/oauth2/authorize", self.authorize),
            Route("/oauth2/authorize/usb-ky-so", self.authorize_usb, methods=["POST"]),
            Route("/oauth2/token", self.token, methods=["POST"]),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ]

    def guarded(self, app: ASGIApp) -> ASGIApp:
        # the token endpoint is the portal's back channel: its client secret, not an Origin
        return self.practice.guarded(app, who=self.who, exempt=frozenset({"/oauth2/token"}))

    # --- helpers ---------------------------------------------------------------------------
    def _seen(self, request: Request) -> Seen:
        """This browser's view of the services; the portal's callback as it reaches it is
        the one redirect URI allowed for this request."""
        seen = self.practice.seen(request, by=self.practice.sso_url)
        callback_for_this_request(f"{seen.portal_url}/dang-nhap/callback")
        return seen

    def _login_portal(self, seen: Seen) -> Portal:
        """The signature checks for this browser's view of the service (its origin)."""
        return self.practice.portal_at(seen.origin)

    # --- routes ----------------------------------------------------------------------------
    async def metadata(self, request: Request) -> Response:
        issuer = self.issuer
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

    async def jwks(self, request: Request) -> Response:
        return JSONResponse(self.server.keys())

    async def authorize(self, request: Request) -> Response:
        """The login page, once Authlib has checked the request (client, redirect URI,
        PKCE challenge, nonce); a bad request is refused here, never sent back blindly."""
        query = dict(request.query_params)
        seen = self._seen(request)
        self.transcript.record(Actor.PAGE, Actor.SSO, "GET /oauth2/authorize",
                               str(request.url.query), note="note.web_authorize")
        try:
            required_of_every_client(query)
            self.server.get_consent_grant(OAuthRequest(request, query, {}))
        except OAuth2Error as error:
            return render(request, "error.html", status=400, user=None,
                          message=f"{error.error}: {error.description or ''}")
        challenge = self._login_portal(seen).challenge("login")
        body = b64(challenge.body)
        self.transcript.record(Actor.SSO, Actor.PAGE, "event.login_challenge",
                               {"challenge": body}, note="note.login_challenge")
        plugin = self.practice.plugin_config(seen, lang_of(request))
        return render(request, "sso_login.html", user=None, challenge=body, plugin=plugin,
                      query=str(request.url.query))

    async def authorize_usb(self, request: Request) -> Response:
        """The signed challenge, checked for this service's origin; then the code."""
        body = await request.body()
        seen = self._seen(request)
        lang = lang_of(request)
        self.transcript.record(Actor.PAGE, Actor.SSO, "POST /oauth2/authorize/usb-ky-so", body,
                               note="note.send_login")
        try:
            fields = loads_bounded(body.decode("utf-8"))
            query = dict(parse_qsl(str(fields.pop("query"))))  # type: ignore[union-attr]
            message = json.dumps(fields).encode()
        except (ValueError, KeyError, TypeError, AttributeError):
            return JSONResponse({"ok": False, "message": i18n.t("web.sso_bad_request", lang)},
                                status_code=400)
        try:
            required_of_every_client(query)
            grant = self.server.get_consent_grant(OAuthRequest(request, query, {}))
        except OAuth2Error as error:  # e.g. a nonce already used: a replayed login request
            self.transcript.record(Actor.SSO, Actor.PAGE, "event.refused",
                                   {"error": error.error}, note="note.web_sso_refused",
                                   ok=False)
            return JSONResponse({"ok": False, "error": error.error, "message": i18n.t(
                "web.sso_request_refused", lang, error=error.error,
                detail=error.description or "")}, status_code=400)
        try:
            result = self._login_portal(seen).login(message, transcript=self.transcript,
                                                    verifier=Actor.SSO)
        except VerificationError as error:
            self.transcript.record(Actor.SSO, Actor.PAGE, "event.refused",
                                   {"ok": False, "reason": error.reason.value},
                                   note=(error.message("vi"), error.message("en")), ok=False)
            return JSONResponse({"ok": False, "reason": error.reason.value,
                                 "message": error.message(lang)}, status_code=400)
        user = {"sub": result.session.identifier, "name": result.session.display_name}
        response = self.server.create_authorization_response(
            grant.request, grant_user=user, grant=grant)
        location = response.headers.get("location", "")
        self.transcript.record(Actor.SSO, Actor.PAGE, "302 → /dang-nhap/callback",
                               urlsplit(location).query, note="note.web_code")
        return JSONResponse({"ok": True, "next": location})

    async def token(self, request: Request) -> Response:
        form = {k: str(v) for k, v in (await request.form()).items()}
        shown = {k: v for k, v in form.items() if k != "code_verifier"} | {
            "code_verifier": "…"}
        self.transcript.record(Actor.PORTAL, Actor.SSO, "POST /oauth2/token", shown,
                               note="note.web_token")
        return self.server.create_token_response(OAuthRequest(request, {}, form))
