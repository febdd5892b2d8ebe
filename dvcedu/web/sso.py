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

The same page's other live tab is the organisation's e-ID account (VNeID), the account an
organisation really uses since 1 July 2025 (:mod:`dvcedu.portal.vneid`): step 2 is then a
request to the legal representative's phone, approved in a page that plays the VNeID app
(``/vneid``), and the ID token's ``amr`` says "mca": a second channel.
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
from dvcedu.clock import ICT
from dvcedu.errors import ApprovalError, VerificationError
from dvcedu.model import Actor
from dvcedu.plugin.wire import b64
from dvcedu.portal import Portal
from dvcedu.portal.checks import loads_bounded
from dvcedu.portal.vneid import Vneid
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
from dvcedu.web.pages import STATIC, lang_of, rejected, render
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
            Client(CLIENT_ID, client_secret),
            key=new_signing_key(),
            issuer=self.issuer,
            now=lambda: practice.clock.now().timestamp(),
        )
        """Authlib's authorization server, adapted (``oidc.py``): its codes, its key."""
        self.vneid = Vneid(clock=practice.clock, random=practice.random)
        """The practice VNeID and the approvals waiting on the representative's phone."""
        self._asked_by: dict[str, str] = {}
        """Each approval's authorization request (its query): an approval opens that login
        and no other."""

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/.well-known/openid-configuration", self.metadata),
            Route("/oauth2/jwks", self.jwks),
            Route("/plugin-library.js", self.practice.library),
            Route("/oauth2/authorize", self.authorize),
            Route("/oauth2/authorize/usb-ky-so", self.authorize_usb, methods=["POST"]),
            Route("/oauth2/authorize/vneid", self.authorize_vneid, methods=["POST"]),
            Route("/oauth2/authorize/vneid/ket-qua", self.vneid_outcome, methods=["POST"]),
            Route("/vneid", self.phone),
            Route("/vneid/tra-loi", self.phone_answer, methods=["POST"]),
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
        return JSONResponse(
            {
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
            }
        )

    async def jwks(self, request: Request) -> Response:
        return JSONResponse(self.server.keys())

    async def authorize(self, request: Request) -> Response:
        """The login page, once Authlib has checked the request (client, redirect URI,
        PKCE challenge, nonce); a bad request is refused here, never sent back blindly."""
        query = dict(request.query_params)
        seen = self._seen(request)
        self.transcript.record(
            Actor.PAGE,
            Actor.SSO,
            "GET /oauth2/authorize",
            str(request.url.query),
            note="note.web_authorize",
        )
        try:
            required_of_every_client(query)
            self.server.get_consent_grant(OAuthRequest(request, query, {}))
        except OAuth2Error as error:
            return render(
                request,
                "error.html",
                status=400,
                user=None,
                message=f"{error.error}: {error.description or ''}",
            )
        challenge = self._login_portal(seen).challenge("login")
        body = b64(challenge.body)
        self.transcript.record(
            Actor.SSO,
            Actor.PAGE,
            "event.login_challenge",
            {"challenge": body},
            note="note.login_challenge",
        )
        plugin = self.practice.plugin_config(seen, lang_of(request))
        return render(
            request,
            "sso_login.html",
            user=None,
            challenge=body,
            plugin=plugin,
            query=str(request.url.query),
        )

    async def authorize_usb(self, request: Request) -> Response:
        """The signed challenge, checked for this service's origin; then the code."""
        body = await request.body()
        seen = self._seen(request)
        lang = lang_of(request)
        self.transcript.record(
            Actor.PAGE, Actor.SSO, "POST /oauth2/authorize/usb-ky-so", body, note="note.send_login"
        )
        try:
            fields = loads_bounded(body.decode("utf-8"))
            query = dict(parse_qsl(str(fields.pop("query"))))  # type: ignore[union-attr]
            message = json.dumps(fields).encode()
        except (ValueError, KeyError, TypeError, AttributeError):
            return JSONResponse(
                {"ok": False, "message": i18n.t("web.sso_bad_request", lang)}, status_code=400
            )
        try:
            required_of_every_client(query)
            grant = self.server.get_consent_grant(OAuthRequest(request, query, {}))
        except OAuth2Error as error:  # e.g. a nonce already used: a replayed login request
            self.transcript.record(
                Actor.SSO,
                Actor.PAGE,
                "event.refused",
                {"error": error.error},
                note="note.web_sso_refused",
                ok=False,
            )
            return JSONResponse(
                {
                    "ok": False,
                    "error": error.error,
                    "message": i18n.t(
                        "web.sso_request_refused",
                        lang,
                        error=error.error,
                        detail=error.description or "",
                    ),
                },
                status_code=400,
            )
        try:
            result = self._login_portal(seen).login(
                message, transcript=self.transcript, verifier=Actor.SSO
            )
        except VerificationError as error:
            return rejected(self.transcript, Actor.SSO, error, lang)
        user = {"sub": result.session.identifier, "name": result.session.display_name}
        response = self.server.create_authorization_response(
            grant.request, grant_user=user, grant=grant
        )
        location = response.headers.get("location", "")
        self.transcript.record(
            Actor.SSO,
            Actor.PAGE,
            "302 → /dang-nhap/callback",
            urlsplit(location).query,
            note="note.web_code",
        )
        return JSONResponse({"ok": True, "next": location})

    # --- the organisation's e-ID account (VNeID) -------------------------------------------
    async def _vneid_request(
        self, request: Request, lang: str, *required: str
    ) -> tuple[dict[str, str], str, object] | Response:
        """The page's JSON (holding ``required``), its authorization request (still valid:
        Authlib checks it again) and that request's grant; or the refusal, in words, when the
        JSON is not what the page sends or the authorization request is refused."""
        try:
            fields = loads_bounded((await request.body()).decode("utf-8"))
            shown = {k: str(v) for k, v in fields.items()}  # type: ignore[union-attr]
            query = shown.pop("query")
            if missing := [name for name in required if name not in shown]:
                raise KeyError(missing)
            self._seen(request)
            required_of_every_client(dict(parse_qsl(query)))
            grant = self.server.get_consent_grant(OAuthRequest(request, dict(parse_qsl(query)), {}))
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
            return self._refused(lang, i18n.t("web.sso_bad_request", lang))
        except OAuth2Error as error:
            detail = error.description or ""
            return self._refused(
                lang,
                i18n.t("web.sso_request_refused", lang, error=error.error, detail=detail),
                error=error.error,
            )
        return shown, query, grant

    def _refused(self, lang: str, message: str, status: int = 400, **shown: object) -> Response:
        self.transcript.record(
            Actor.SSO, Actor.PAGE, "event.refused", shown, note="note.web_sso_refused", ok=False
        )
        return JSONResponse({"ok": False, **shown, "message": message}, status_code=status)

    async def authorize_vneid(self, request: Request) -> Response:
        """The organisation and its representative named; the phone is asked."""
        lang = lang_of(request)
        asked = await self._vneid_request(request, lang, "organisation", "representative")
        if isinstance(asked, Response):
            return asked
        fields, query, _grant = asked
        organisation, representative = fields["organisation"], fields["representative"]
        self.transcript.record(
            Actor.PAGE,
            Actor.SSO,
            "POST /oauth2/authorize/vneid",
            {"organisation": organisation, "representative": "…"},
            note="note.web_vneid_ask",
        )
        try:
            approval = self.vneid.ask(
                organisation=organisation,
                representative=representative,
                service=self._seen(request).origin,
            )
        except ApprovalError as error:
            return self._refused(lang, error.message(lang), reason=error.reason)
        self._asked_by[approval.id] = query
        self.transcript.record(
            Actor.SSO,
            Actor.PHONE,
            "event.vneid_push",
            {
                "organisation": approval.account.identifier,
                "expires": approval.expires_at.isoformat(),
            },
            note="note.web_vneid_push",
        )
        return JSONResponse(
            {
                "ok": True,
                "approval": approval.id,
                "phone": f"{self._seen(request).sso_url}/vneid",
                "message": i18n.t("web.vneid_waiting", lang),
            }
        )

    async def vneid_outcome(self, request: Request) -> Response:
        """The page asks again: still waiting, refused, expired, or the code for the portal."""
        lang = lang_of(request)
        asked = await self._vneid_request(request, lang, "approval")
        if isinstance(asked, Response):
            return asked
        fields, query, grant = asked
        approval_id = fields["approval"]
        if self._asked_by.get(approval_id, query) != query:  # approved for another login
            return self._refused(
                lang,
                i18n.t("approval.unknown_request", lang, value=approval_id[:20]),
                reason="unknown_request",
            )
        try:
            account = self.vneid.take(approval_id)
        except ApprovalError as error:
            return self._refused(lang, error.message(lang), reason=error.reason)
        if account is None:
            return JSONResponse({"ok": False, "pending": True})
        self.transcript.record(
            Actor.PAGE,
            Actor.SSO,
            "POST /oauth2/authorize/vneid/ket-qua",
            {"approval": "…"},
            note="note.web_vneid_poll",
        )
        user = {"sub": account.identifier, "name": account.name, "amr": "mca"}
        response = self.server.create_authorization_response(
            grant.request, grant_user=user, grant=grant
        )  # type: ignore[attr-defined]
        location = response.headers.get("location", "")
        self.transcript.record(
            Actor.SSO,
            Actor.PAGE,
            "302 → /dang-nhap/callback",
            urlsplit(location).query,
            note="note.web_code",
        )
        return JSONResponse({"ok": True, "next": location})

    async def phone(self, request: Request) -> Response:
        """The representative's phone: the VNeID app's list of requests, simulated."""
        return render(request, "phone.html", user=None, waiting=self.vneid.waiting(), ict=ICT)

    async def phone_answer(self, request: Request) -> Response:
        lang = lang_of(request)
        try:
            fields = loads_bounded((await request.body()).decode("utf-8"))
            approval_id, approve = str(fields["approval"]), fields["approve"] is True  # type: ignore[index]
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            return self._refused(lang, i18n.t("web.sso_bad_request", lang))
        try:
            answered = self.vneid.answer(approval_id, approve=approve)
        except ApprovalError as error:
            return self._refused(lang, error.message(lang), reason=error.reason)
        self.transcript.record(
            Actor.PHONE,
            Actor.SSO,
            "event.vneid_answer",
            {"state": answered.state.value},
            note="note.web_vneid_answer",
            ok=approve,
        )
        done = "web.phone_done_approved" if approve else "web.phone_done_refused"
        return JSONResponse(
            {"ok": True, "state": answered.state.value, "message": i18n.t(done, lang)}
        )

    async def token(self, request: Request) -> Response:
        form = {k: str(v) for k, v in (await request.form()).items()}
        shown = {k: v for k, v in form.items() if k != "code_verifier"} | {"code_verifier": "…"}
        self.transcript.record(
            Actor.PORTAL, Actor.SSO, "POST /oauth2/token", shown, note="note.web_token"
        )
        return self.server.create_token_response(OAuthRequest(request, {}, form))
