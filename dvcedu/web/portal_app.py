"""The practice portal — Cổng DVCQG's screens as a web application, on the same
``Portal`` (``verify_registration``, the SQLite store) as the notebooks.

Screens, in the seed's order: home ("Đăng ký | Đăng nhập") → the registration methods →
"USB ký số": the plugin check, the certificate and PIN (in the plugin's window), the details
read from the certificate, e-mail and captcha → "đăng ký thành công". Login goes to the
identity service (``sso.py``) and comes back with the name shown top right (OpenID Connect,
authorization code with PKCE, ``state`` and ``nonce``, by Authlib). The account page offers
"Nộp hồ sơ": a PDF dossier signed through the plugin (SignPDF), checked on arrival. Every
request the page makes is recorded in the Transcript.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from dvcedu import i18n
from dvcedu.errors import VerificationError
from dvcedu.model import Actor
from dvcedu.pki.identity import Holder
from dvcedu.plugin.wire import b64
from dvcedu.portal import Portal
from dvcedu.portal.captcha import Captcha
from dvcedu.portal.checks import loads_bounded
from dvcedu.web.app import WebService
from dvcedu.web.oidc import portal_client, refused_because
from dvcedu.web.pages import STATIC, forwarded_prefix, lang_of, rejected, render
from dvcedu.web.practice import Practice, Seen, internal_url
from dvcedu.web.sessions import ServerSessions, renew

if TYPE_CHECKING:
    from dvcedu.dossier.form import Dossier

METHODS = ("cccd", "bhxh", "mobile", "sim", "usb")
"""Registration methods the real portal lists; only "usb" (USB ký số) is live here."""

MAX_CAPTCHAS = 500
"""Captcha pictures kept (those of recent forms only)."""


class PortalService(WebService):
    """The practice portal, for the identity service that shares ``client_secret``."""

    who = Actor.PORTAL

    def __init__(self, practice: Practice, *, client_secret: str) -> None:
        self.practice = practice
        self.transcript = practice.transcript
        self.captchas: dict[str, Captcha] = {}
        """The captchas shown, by id (the picture is asked for after the form)."""
        self.sso = portal_client(
            client_secret=client_secret,
            metadata_url=f"{internal_url(practice.sso_url)}/.well-known/openid-configuration",
        )
        """The OpenID Connect client of the identity service (``oidc.py``)."""

    def routes(self) -> list[BaseRoute]:
        routes = [
            Route("/", self.home),
            Route("/dang-ky", self.methods),
            Route("/dang-ky/usb-ky-so", self.register_usb),
            Route("/dang-ky/gui", self.register, methods=["POST"]),
            Route("/dang-ky/thanh-cong", self.registered),
            Route("/ma-xac-thuc", self.captcha_new),
            Route("/ma-xac-thuc/{captcha_id}.png", self.captcha_png),
            Route("/dang-nhap", self.login),
            Route("/dang-nhap/callback", self.callback),
            Route("/tai-khoan", self.account),
            Route("/ho-so/mau.pdf", self.dossier_form),
            Route("/ho-so/nop", self.dossier_submit, methods=["POST"]),
            Route("/ho-so/ky-tu-xa", self.dossier_remote, methods=["POST"]),
            Route("/dang-xuat", self.logout, methods=["POST"]),
            Route("/plugin-library.js", self.practice.library),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ]
        if self.practice.test_hooks:
            routes.append(Route("/_test/captcha/{captcha_id}", self.test_captcha))
        return routes

    def middleware(self) -> list[Middleware]:
        return [
            Middleware(
                ServerSessions,
                random=self.practice.random,
                https_only=self.practice.portal_url.startswith("https"),
            )
        ]

    def guarded(self, app: ASGIApp) -> ASGIApp:
        return self.practice.guarded(app, who=self.who)

    # --- helpers ---------------------------------------------------------------------------
    def _seen(self, request: Request) -> Seen:
        return self.practice.seen(request, by=self.practice.portal_url)

    def _portal(self, request: Request) -> Portal:
        return self.practice.portal_at(self._seen(request).origin)

    @staticmethod
    def _user(request: Request) -> dict[str, object] | None:
        return request.session.get("user")

    def _page(self, request: Request, template: str, **context: object) -> Response:
        return render(request, template, user=self._user(request), **context)

    def _arrived(self, request: Request) -> None:
        self.transcript.record(
            Actor.PAGE,
            Actor.PORTAL,
            f"GET {request.url.path}",
            f"GET {request.url.path} HTTP/1.1",
            note="note.web_page",
        )

    def _new_captcha(self, portal: Portal) -> Captcha:
        captcha = portal.captcha()
        self.captchas[captcha.id] = captcha
        while len(self.captchas) > MAX_CAPTCHAS:
            self.captchas.pop(next(iter(self.captchas)))
        return captcha

    def _plugin_config(self, request: Request) -> dict[str, object]:
        return self.practice.plugin_config(self._seen(request), lang_of(request))

    def _refused(self, lang: str, message: Callable[[str], str]) -> Response:
        """A dossier refused: the Transcript keeps why in both languages, the page gets it in
        the learner's."""
        self.transcript.record(
            Actor.PORTAL,
            Actor.PAGE,
            "event.refused",
            {"ok": False},
            note=(message("vi"), message("en")),
            ok=False,
        )
        return JSONResponse({"ok": False, "message": message(lang)}, status_code=400)

    # --- registration ----------------------------------------------------------------------
    async def home(self, request: Request) -> Response:
        self._arrived(request)
        return self._page(request, "home.html")

    async def methods(self, request: Request) -> Response:
        self._arrived(request)
        return self._page(request, "register_methods.html", methods=METHODS)

    async def register_usb(self, request: Request) -> Response:
        self._arrived(request)
        portal = self._portal(request)
        challenge, captcha = portal.challenge("register"), self._new_captcha(portal)
        self.transcript.record(
            Actor.PORTAL,
            Actor.PAGE,
            "event.form",
            {"challenge": b64(challenge.body), "captcha_id": captcha.id},
            note="note.form",
        )
        return self._page(
            request,
            "register_usb.html",
            challenge=b64(challenge.body),
            captcha_id=captcha.id,
            plugin=self._plugin_config(request),
        )

    async def captcha_png(self, request: Request) -> Response:
        captcha = self.captchas.get(request.path_params["captcha_id"])
        if captcha is None:
            return Response(status_code=404)
        return Response(
            captcha.image_png(), media_type="image/png", headers={"Cache-Control": "no-store"}
        )

    async def captcha_new(self, request: Request) -> Response:
        self.transcript.record(
            Actor.PAGE,
            Actor.PORTAL,
            "GET /ma-xac-thuc",
            b"GET /ma-xac-thuc HTTP/1.1",
            note="note.ask_captcha",
        )
        captcha = self._new_captcha(self._portal(request))
        self.transcript.record(
            Actor.PORTAL,
            Actor.PAGE,
            "event.new_captcha",
            {"captcha_id": captcha.id},
            note="note.new_captcha",
        )
        return JSONResponse({"captcha_id": captcha.id})

    async def register(self, request: Request) -> Response:
        message = await request.body()
        self.transcript.record(
            Actor.PAGE, Actor.PORTAL, "POST /dang-ky", message, note="note.send_registration"
        )
        try:
            verified = self._portal(request).register(message, transcript=self.transcript)
        except VerificationError as error:
            return rejected(self.transcript, Actor.PORTAL, error, lang_of(request))
        account = verified.account
        self.transcript.record(
            Actor.PORTAL,
            Actor.PAGE,
            "event.registered",
            {"ok": True, "account": account.identifier},
            note="note.registered",
        )
        request.session["registered"] = {
            "name": account.display_name,
            "identifier": account.identifier,
            "email": account.email,
        }
        base = forwarded_prefix(request)
        return JSONResponse({"ok": True, "next": f"{base}/dang-ky/thanh-cong"})

    async def registered(self, request: Request) -> Response:
        self._arrived(request)
        done = request.session.get("registered")
        if not done:
            return RedirectResponse("/dang-ky", status_code=303)
        return self._page(request, "registered.html", done=done)

    # --- login (OpenID Connect, at the identity service) -----------------------------------
    async def login(self, request: Request) -> Response:
        self._arrived(request)
        view = self._seen(request)
        redirect = await self.sso.authorize_redirect(
            request,
            f"{view.portal_url}/dang-nhap/callback",
            acr_values="LoA1",
            ui_locales=lang_of(request),
        )
        # the identity service's metadata names its address on this computer; the browser
        # goes to the address it can reach
        query = urlsplit(redirect.headers["location"]).query
        location = f"{view.sso_url}/oauth2/authorize?{query}"
        self.transcript.record(
            Actor.PORTAL,
            Actor.PAGE,
            "302 → SSO /oauth2/authorize",
            location,
            note="note.web_to_sso",
        )
        return RedirectResponse(location, status_code=302)  # the session cookie is set on it

    async def callback(self, request: Request) -> Response:
        self.transcript.record(
            Actor.PAGE,
            Actor.PORTAL,
            "GET /dang-nhap/callback",
            str(request.url.query),
            note="note.web_callback",
        )
        try:
            token = await self.sso.authorize_access_token(request)
            claims = token["userinfo"]
        except Exception as error:  # every way the exchange can fail means: refused
            why = refused_because(error)
            self.transcript.record(
                Actor.PORTAL,
                Actor.PAGE,
                "event.refused",
                {"error": why},
                note="note.web_sso_refused",
                ok=False,
            )
            return self._page(
                request,
                "error.html",
                status=400,
                message=i18n.t("web.sso_failed", lang_of(request), error=why),
            )
        self.transcript.record(
            Actor.SSO, Actor.PORTAL, "id_token", token.get("id_token", ""), note="note.web_id_token"
        )
        request.session.clear()  # what the login started (Authlib's state) ends here
        request.session["user"] = {
            "name": claims.get("name"),
            "sub": claims.get("sub"),
            "amr": claims.get("amr"),
        }
        renew(request)  # a new session id for the logged-in learner
        return RedirectResponse("/tai-khoan", status_code=303)  # (the proxy adds its prefix)

    async def account(self, request: Request) -> Response:
        self._arrived(request)
        shown = self._user(request)
        if not shown:
            return RedirectResponse("/dang-nhap", status_code=303)
        name = str(shown["name"])
        self.transcript.record(
            Actor.PAGE, Actor.LEARNER, "event.top_right", name, note=(name, name)
        )
        seen = self._seen(request)
        return self._page(
            request,
            "account.html",
            plugin=self._plugin_config(request),
            phone_url=f"{seen.rssp_url}/dien-thoai" if seen.rssp_url else "",
        )

    async def logout(self, request: Request) -> Response:
        self.transcript.record(
            Actor.PAGE, Actor.PORTAL, "POST /dang-xuat", b"", note="note.web_logout"
        )
        request.session.clear()
        return RedirectResponse("/", status_code=303)

    # --- the dossier -----------------------------------------------------------------------
    def _dossier_of(self, request: Request) -> Dossier:
        """The account's practice dossier, filled in from the account the login opened: its
        name, its identifier and whose it is (an enterprise's MST, a citizen's CCCD)."""
        from dvcedu.dossier.form import Dossier

        shown = self._user(request) or {}
        portal = self._portal(request)
        account = portal.store.account(str(shown["sub"]))
        request_text = request.query_params.get("noi-dung") or i18n.t(
            "dossier.default_request", "vi"
        )
        return Dossier(
            organisation=str(shown["name"]),
            number=str(shown["sub"]),
            request=request_text[:200],
            place=i18n.t("dossier.default_place", "vi"),
            day=portal.clock.now().date(),
            holder=account.kind if account else Holder.ENTERPRISE,
        )

    async def dossier_form(self, request: Request) -> Response:
        from dvcedu.dossier.form import new_dossier

        if not self._user(request):
            return Response(status_code=401)
        self._arrived(request)
        pdf = new_dossier(self._dossier_of(request))
        self.transcript.record(Actor.PORTAL, Actor.PAGE, "ho-so.pdf", pdf, note="note.web_dossier")
        return Response(pdf, media_type="application/pdf")

    async def dossier_submit(self, request: Request) -> Response:
        """Nộp hồ sơ: a PDF the page had signed (by the plugin, with the token)."""
        from dvcedu.errors import DataFileError

        shown = self._user(request)
        if not shown:
            return Response(status_code=401)
        lang = lang_of(request)
        body = await request.body()
        self.transcript.record(
            Actor.PAGE, Actor.PORTAL, "POST /ho-so/nop", body, note="note.web_dossier_submit"
        )
        try:
            pdf = base64.b64decode(loads_bounded(body.decode("utf-8"))["pdf"], validate=True)  # type: ignore[index]
            return self._received(request, pdf, shown, lang)
        except DataFileError as error:
            return self._refused(lang, error.message)
        except (ValueError, KeyError, TypeError):  # not JSON (or too deep), no "pdf", not base64
            return self._refused(lang, lambda words: i18n.t("web.dossier_bad_request", words))

    async def dossier_remote(self, request: Request) -> Response:
        """Nộp hồ sơ, ký số từ xa: the portal is the signing software. It fills in the request,
        finds the account's remote-signing certificate, sends the service the hash of what it
        signs (never the PDF) and waits while the signer approves on the phone; then it checks
        the dossier as any other."""
        from dvcedu.dossier.form import new_dossier
        from dvcedu.errors import RemoteSigningError

        shown = self._user(request)
        if not shown:
            return Response(status_code=401)
        lang = lang_of(request)
        self.transcript.record(
            Actor.PAGE,
            Actor.PORTAL,
            "POST /ho-so/ky-tu-xa",
            str(request.url.query).encode(),
            note="note.web_dossier_remote",
        )
        if not self.practice.rssp_url:
            return self._refused(lang, lambda words: i18n.t("web.dossier_no_rssp", words))
        dossier = self._dossier_of(request)
        pdf = new_dossier(dossier)
        try:  # in a thread: the service may be served by this very event loop
            signed = await run_in_threadpool(
                self._sign_remotely, pdf, str(shown["sub"]), dossier.request
            )
        except RemoteSigningError as error:
            return self._refused(lang, error.message)
        return self._received(request, signed, shown, lang)

    def _sign_remotely(self, pdf: bytes, sub: str, request_text: str) -> bytes:
        from dvcedu.dossier.remote import credential_for, log_in, sign_pdf_remotely
        from dvcedu.web.rssp_app import TRAINING_ACCOUNT

        assert self.practice.rssp_url is not None
        url = internal_url(self.practice.rssp_url)
        token = log_in(url, TRAINING_ACCOUNT)
        return sign_pdf_remotely(
            pdf,
            service_url=url,
            credential_id=credential_for(url, access_token=token, identifier=sub),
            access_token=token,
            signing_time=self.practice.clock.now(),
            reason=i18n.t("dossier.reason", "vi"),
            location=i18n.t("dossier.location", "vi"),
            description=i18n.t("web.dossier_remote_description", "vi", request=request_text),
        )

    def _received(
        self, request: Request, pdf: bytes, shown: dict[str, object], lang: str
    ) -> Response:
        """The signed PDF checked as a receiving office does (every signature valid against
        the portal's trust), and signed by the logged-in account: a dossier number."""
        from dvcedu.dossier.verify import verify_pdf

        portal = self._portal(request)
        found = verify_pdf(pdf, trust=portal.trust, at=portal.clock.now())
        if not found.valid:
            return self._refused(
                lang,
                lambda words: " ".join(
                    [
                        found.summary(words),
                        *(c.verdict(words) for c in found.signatures if not c.ok),
                    ]
                ),
            )
        signers = {c.identifier for c in found.signatures if c.identifier}
        if shown["sub"] not in signers | {i.partition(":")[2] for i in signers}:
            return self._refused(
                lang, lambda words: i18n.t("web.dossier_not_yours", words, sub=shown["sub"])
            )
        receipt = "HS-" + hashlib.sha256(pdf).hexdigest()[:10].upper()
        self.transcript.record(
            Actor.PORTAL,
            Actor.PAGE,
            "event.dossier_received",
            {"ok": True, "receipt": receipt},
            note="note.web_dossier_received",
        )
        return JSONResponse(
            {
                "ok": True,
                "receipt": receipt,
                "size": len(pdf),
                "message": i18n.t("web.dossier_received", lang, receipt=receipt),
                "signatures": [c.as_json() for c in found.signatures],
            }
        )

    async def test_captcha(self, request: Request) -> Response:
        captcha = self.captchas.get(request.path_params["captcha_id"])
        return JSONResponse({"text": captcha.text if captcha else None})
