"""The practice portal in a real browser: the same clicks as on Cổng DVCQG, against services
running on the learner's own computer.

Three applications, three origins, one Transcript (``practice.py``):

- ``portal_app`` — the portal's screens (home, registration methods, "USB ký số", review
  with e-mail and captcha, success, account with the name top right), on ``dvcedu.portal``;
- ``sso`` — the identity service the portal sends login to (OpenID Connect code flow with
  PKCE, Authlib's authorization server), where the token's signature is checked;
- ``service`` — the signing "plugin": VNPT-CA Plugin's WebSocket protocol on loopback TLS
  (``tls.py``), its own window for the certificate and the PIN (``dialogs.py``), on
  ``dvcedu.plugin``.

``serve.py`` runs them (``dvcedu serve``). This is the only layer that imports the web stack
(Starlette, uvicorn, Authlib, Jinja2); nothing below it knows there is a browser.
"""

# The public modules; the rest (app, guard, oidc, pages, sessions, dialogs, tls) are how
# they are made.
__all__ = ["lesson", "portal_app", "practice", "robot", "serve", "service", "sso"]
