"""Server-rendered pages: one Jinja2 environment, the message catalogue as ``t``, the language
from ``?lang=`` (remembered in a cookie) — Vietnamese first, English by the switch."""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from dvcedu import i18n
from dvcedu.errors import VerificationError
from dvcedu.model import Actor, Transcript

HERE = Path(__file__).parent
STATIC = HERE / "static"
_env = Environment(
    loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"])
)


def lang_of(request: Request) -> str:
    asked = request.query_params.get("lang") or request.cookies.get("lang") or ""
    return asked if asked in i18n.LANGS else "vi"


PROXY_PATH = re.compile(r"/proxy/\d+$")
"""The end of jupyter-server-proxy's context path, ``{base_url}proxy/{port}`` (it sends it as
``X-Forwarded-Prefix`` and strips it from the path)."""


def forwarded_prefix(request: Request) -> str:
    """The path Jupyter's proxy serves this app under (``X-Forwarded-Prefix``), or ""."""
    prefix = request.headers.get("x-forwarded-prefix", "")
    return prefix if PROXY_PATH.search(prefix) else ""


def render(request: Request, template: str, *, status: int = 200, **context: object) -> Response:
    lang = lang_of(request)

    def t(msg_id: str, **fields: object) -> str:
        return i18n.t(msg_id, lang, **fields)

    context.setdefault("base", forwarded_prefix(request))
    html = _env.get_template(template).render(request=request, lang=lang, t=t, **context)
    response = HTMLResponse(html, status_code=status)
    if request.query_params.get("lang") in i18n.LANGS:
        response.set_cookie("lang", lang, samesite="lax")
    return response


async def failed_page(request: Request, error: Exception) -> Response:
    """What any service answers when something unforeseen failed: a short sentence in both
    languages, no traceback, no file path (the error itself stays in the server's log)."""
    import logging

    logging.getLogger("dvcedu.web").exception("unexpected error on %s", request.url.path)
    words = " / ".join(i18n.t("web.failed", lang) for lang in i18n.LANGS)
    if "application/json" in request.headers.get("accept", "") + request.headers.get(
        "content-type", ""
    ):
        from starlette.responses import JSONResponse

        return JSONResponse({"ok": False, "message": words}, status_code=500)
    return HTMLResponse(f"<!doctype html><meta charset='utf-8'><p>{words}</p>", status_code=500)


def rejected(transcript: Transcript, by: Actor, error: VerificationError, lang: str) -> Response:
    """A verification the portal or the identity service refused: recorded once with its
    words in both languages, answered to the page in its own."""
    reason = error.reason.value
    transcript.record(
        by,
        Actor.PAGE,
        "event.refused",
        {"ok": False, "reason": reason},
        note=(error.message("vi"), error.message("en")),
        ok=False,
    )
    return JSONResponse(
        {"ok": False, "reason": reason, "message": error.message(lang)}, status_code=400
    )
