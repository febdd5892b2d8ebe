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

from authlib.integrations.starlette_client import OAuth, OAuthError
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
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
from dvcedu.web.pages import STATIC, failed_page, forwarded_prefix, lang_of, render
from dvcedu.web.practice import Practice, Seen, internal_url
from dvcedu.web.sessions import ServerSessions, renew

if TYPE_CHECKING:
    from dvcedu.dossier.form import Dossier

CLIENT_ID = "dvcqg-portal"
"""The portal's client id at the identity service (the real ones are 28 characters)."""

METHODS = ("cccd", "bhxh", "mobile", "sim", "usb")
"""Registration methods the real portal lists; only "usb" (USB ký số) is live here."""


def portal_app(practice: Practice, *, client_secret: str) -> ASGIApp:
    captchas: dict[str, Captcha] = {}
    transcript = practice.transcript
    oauth = OAuth()
    sso = oauth.register(
        "dvcqg_sso", client_id=CLIENT_ID, client_secret=client_secret,
        server_metadata_url=f"{internal_url(practice.sso_url)}/.well-known/openid-configuration",
        client_kwargs={"scope": "openid profile", "code_challenge_method": "S256"})

    def seen(request: Request) -> Seen:
        return practice.seen(request, by=practice.portal_url)

    def portal_for(request: Request) -> Portal:
        return practice.portal_at(seen(request).origin)

    def user(request: Request) -> dict | None:
        return request.session.get("user")

    def page(request: Request, template: str, **context: object) -> Response:
        return render(request, template, user=user(request), **context)

    def arrived(request: Request) -> None:
        transcript.record(Actor.PAGE, Actor.PORTAL, f"GET {request.url.path}",
                          f"GET {request.url.path} HTTP/1.1", note="note.web_page")

    def new_captcha(portal: Portal) -> Captcha:
        captcha = portal.captcha()
        captchas[captcha.id] = captcha
        while len(captchas) > 500:  # keep the pictures of recent forms only
            captchas.pop(next(iter(captchas)))
        return captcha

    async def home(request: Request) -> Response:
        arrived(request)
        return page(request, "home.html")

    async def methods(request: Request) -> Response:
        arrived(request)
        return page(request, "register_methods.html", methods=METHODS)

    async def register_usb(request: Request) -> Response:
        arrived(request)
        portal = portal_for(request)
        challenge, captcha = portal.challenge("register"), new_captcha(portal)
        transcript.record(Actor.PORTAL, Actor.PAGE, "event.form", {
            "challenge": b64(challenge.body), "captcha_id": captcha.id}, note="note.form")
        return page(request, "register_usb.html", challenge=b64(challenge.body),
                    captcha_id=captcha.id, plugin=plugin_config(request))

    def plugin_config(request: Request) -> dict[str, object]:
        return practice.plugin_config(seen(request), lang_of(request))

    async def captcha_png(request: Request) -> Response:
        captcha = captchas.get(request.path_params["captcha_id"])
        if captcha is None:
            return Response(status_code=404)
        return Response(captcha.image_png(), media_type="image/png",
                        headers={"Cache-Control": "no-store"})

    async def captcha_new(request: Request) -> Response:
        transcript.record(Actor.PAGE, Actor.PORTAL, "GET /ma-xac-thuc",
                          b"GET /ma-xac-thuc HTTP/1.1", note="note.ask_captcha")
        captcha = new_captcha(portal_for(request))
        transcript.record(Actor.PORTAL, Actor.PAGE, "event.new_captcha",
                          {"captcha_id": captcha.id}, note="note.new_captcha")
        return JSONResponse({"captcha_id": captcha.id})

    async def register(request: Request) -> Response:
        message = await request.body()
        transcript.record(Actor.PAGE, Actor.PORTAL, "POST /dang-ky", message,
                          note="note.send_registration")
        try:
            verified = portal_for(request).register(message, transcript=transcript)
        except VerificationError as error:
            transcript.record(Actor.PORTAL, Actor.PAGE, "event.refused",
                              {"ok": False, "reason": error.reason.value},
                              note=(error.message("vi"), error.message("en")), ok=False)
            return JSONResponse({"ok": False, "reason": error.reason.value,
                                 "message": error.message(lang_of(request))}, status_code=400)
        account = verified.account
        transcript.record(Actor.PORTAL, Actor.PAGE, "event.registered",
                          {"ok": True, "account": account.identifier}, note="note.registered")
        request.session["registered"] = {"name": account.display_name,
                                         "identifier": account.identifier,
                                         "email": account.email}
        base = forwarded_prefix(request)
        return JSONResponse({"ok": True, "next": f"{base}/dang-ky/thanh-cong"})

    async def registered(request: Request) -> Response:
        arrived(request)
        done = request.session.get("registered")
        if not done:
            return RedirectResponse("/dang-ky", status_code=303)
        return page(request, "registered.html", done=done)

    async def login(request: Request) -> Response:
        arrived(request)
        view = seen(request)
        redirect = await sso.authorize_redirect(
            request, f"{view.portal_url}/dang-nhap/callback", acr_values="LoA1",
            ui_locales=lang_of(request))
        # the identity service's metadata names its address on this computer; the browser
        # goes to the address it can reach
        query = urlsplit(redirect.headers["location"]).query
        location = f"{view.sso_url}/oauth2/authorize?{query}"
        transcript.record(Actor.PORTAL, Actor.PAGE, "302 → SSO /oauth2/authorize", location,
                          note="note.web_to_sso")
        return RedirectResponse(location, status_code=302)  # the session cookie is set on it

    async def callback(request: Request) -> Response:
        transcript.record(Actor.PAGE, Actor.PORTAL, "GET /dang-nhap/callback",
                          str(request.url.query), note="note.web_callback")
        try:
            token = await sso.authorize_access_token(request)
            claims = token["userinfo"]
        except Exception as error:  # every way the exchange can fail means: refused
            # (a state that does not match, a code refused, an ID token whose signature, iss,
            # aud, exp or nonce does not check out, an identity service that does not answer)
            why = error.error if isinstance(error, OAuthError) else type(error).__name__
            transcript.record(Actor.PORTAL, Actor.PAGE, "event.refused",
                              {"error": why}, note="note.web_sso_refused", ok=False)
            return page(request, "error.html", status=400,
                        message=i18n.t("web.sso_failed", lang_of(request), error=why))
        transcript.record(Actor.SSO, Actor.PORTAL, "id_token", token.get("id_token", ""),
                          note="note.web_id_token")
        request.session.clear()  # what the login started (Authlib's state) ends here
        request.session["user"] = {"name": claims.get("name"), "sub": claims.get("sub"),
                                   "amr": claims.get("amr")}
        renew(request)  # a new session id for the logged-in learner
        return RedirectResponse("/tai-khoan", status_code=303)  # (the proxy adds its prefix)

    async def account(request: Request) -> Response:
        arrived(request)
        shown = user(request)
        if not shown:
            return RedirectResponse("/dang-nhap", status_code=303)
        name = str(shown["name"])
        transcript.record(Actor.PAGE, Actor.LEARNER, "event.top_right", name, note=(name, name))
        return page(request, "account.html", plugin=plugin_config(request))

    def dossier_of(request: Request) -> Dossier:
        """The account's practice dossier, filled in from the account the login opened: its
        name, its identifier and whose it is (an enterprise's MST, a citizen's CCCD)."""
        from dvcedu.dossier.form import Dossier

        shown = user(request)
        portal = portal_for(request)
        account = portal.store.account(str(shown["sub"]))
        request_text = request.query_params.get("noi-dung") or i18n.t(
            "dossier.default_request", "vi")
        return Dossier(organisation=str(shown["name"]), number=str(shown["sub"]),
                       request=request_text[:200], place=i18n.t("dossier.default_place", "vi"),
                       day=portal.clock.now().date(),
                       holder=account.kind if account else Holder.ENTERPRISE)

    async def dossier_form(request: Request) -> Response:
        from dvcedu.dossier.form import new_dossier

        if not user(request):
            return Response(status_code=401)
        arrived(request)
        pdf = new_dossier(dossier_of(request))
        transcript.record(Actor.PORTAL, Actor.PAGE, "ho-so.pdf", pdf, note="note.web_dossier")
        return Response(pdf, media_type="application/pdf")

    async def dossier_submit(request: Request) -> Response:
        """Nộp hồ sơ: the signed PDF is checked as a receiving office does (every signature
        valid against the portal's trust) and must be signed by the logged-in account."""
        from dvcedu.dossier.verify import verify_pdf
        from dvcedu.errors import DataFileError

        shown = user(request)
        if not shown:
            return Response(status_code=401)
        lang = lang_of(request)
        body = await request.body()
        transcript.record(Actor.PAGE, Actor.PORTAL, "POST /ho-so/nop", body,
                          note="note.web_dossier_submit")
        portal = portal_for(request)
        try:
            pdf = base64.b64decode(loads_bounded(body.decode("utf-8"))["pdf"], validate=True)  # type: ignore[index]
            found = verify_pdf(pdf, trust=portal.trust, at=portal.clock.now())
        except DataFileError as error:
            return refused(lang, error.message)
        except (ValueError, KeyError, TypeError):  # not JSON (or too deep), no "pdf", not base64
            return refused(lang, lambda words: i18n.t("web.dossier_bad_request", words))
        if not found.valid:
            return refused(lang, lambda words: " ".join([found.summary(words), *(
                c.verdict(words) for c in found.signatures if not c.ok)]))
        signers = {c.identifier for c in found.signatures if c.identifier}
        if shown["sub"] not in signers | {i.partition(":")[2] for i in signers}:
            return refused(lang, lambda words: i18n.t("web.dossier_not_yours", words,
                                                     sub=shown["sub"]))
        receipt = "HS-" + hashlib.sha256(pdf).hexdigest()[:10].upper()
        transcript.record(Actor.PORTAL, Actor.PAGE, "event.dossier_received",
                          {"ok": True, "receipt": receipt}, note="note.web_dossier_received")
        return JSONResponse({"ok": True, "receipt": receipt, "size": len(pdf),
                             "message": i18n.t("web.dossier_received", lang, receipt=receipt),
                             "signatures": [c.as_json() for c in found.signatures]})

    def refused(lang: str, message: Callable[[str], str]) -> Response:
        """A dossier refused: the Transcript keeps why in both languages, the page gets it in
        the learner's."""
        transcript.record(Actor.PORTAL, Actor.PAGE, "event.refused", {"ok": False},
                          note=(message("vi"), message("en")), ok=False)
        return JSONResponse({"ok": False, "message": message(lang)}, status_code=400)

    async def logout(request: Request) -> Response:
        transcript.record(Actor.PAGE, Actor.PORTAL, "POST /dang-xuat", b"",
                          note="note.web_logout")
        request.session.clear()
        return RedirectResponse("/", status_code=303)

    async def test_captcha(request: Request) -> Response:
        captcha = captchas.get(request.path_params["captcha_id"])
        return JSONResponse({"text": captcha.text if captcha else None})

    routes = [
        Route("/", home),
        Route("/dang-ky", methods),
        Route("/dang-ky/usb-ky-so", register_usb),
        Route("/dang-ky/gui", register, methods=["POST"]),
        Route("/dang-ky/thanh-cong", registered),
        Route("/ma-xac-thuc", captcha_new),
        Route("/ma-xac-thuc/{captcha_id}.png", captcha_png),
        Route("/dang-nhap", login),
        Route("/dang-nhap/callback", callback),
        Route("/tai-khoan", account),
        Route("/ho-so/mau.pdf", dossier_form),
        Route("/ho-so/nop", dossier_submit, methods=["POST"]),
        Route("/dang-xuat", logout, methods=["POST"]),
        Route("/plugin-library.js", practice.library),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    if practice.test_hooks:
        routes.append(Route("/_test/captcha/{captcha_id}", test_captcha))
    app = Starlette(routes=routes, middleware=[
        Middleware(ServerSessions, https_only=practice.portal_url.startswith("https"))],
        exception_handlers={Exception: failed_page})
    return practice.guarded(app, who=Actor.PORTAL)

