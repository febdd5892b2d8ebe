"""What the three practice services share: their addresses, the accounts database, the
Transcript, the trust, and the licence the portal shows the plugin.

One :class:`Practice` is made by ``dvcedu serve`` (or a test) and handed to the portal, the
identity service and the signing service; each keeps only what it needs.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.types import ASGIApp

from dvcedu import i18n
from dvcedu.clock import Clock, SystemClock
from dvcedu.model import Actor, Transcript
from dvcedu.pki import samples
from dvcedu.pki.trust import Trust
from dvcedu.plugin.licence import issue_licence
from dvcedu.portal import Portal, Store
from dvcedu.web.guard import ANY_HOST, LOOPBACK, Guard, host_name, policy
from dvcedu.web.pages import PROXY_PATH, STATIC, forwarded_prefix

LICENSING_CA = "vnpt"
"""The training CA whose key signs plugin licences (the real ones are signed by VNPT)."""


@dataclass
class Practice:
    """The practice portal's world. ``portal_url``, ``sso_url`` and ``plugin_urls`` (the
    WebSocket addresses the page tries, in order) are where a browser on this computer
    reaches the services; a browser coming through Jupyter's proxy is answered with the
    proxy's addresses instead (:meth:`seen`)."""

    portal_url: str
    sso_url: str
    plugin_urls: tuple[str, ...]
    store: Store
    proxied_plugin_port: int | None = None
    """The signing service's plain-HTTP listener on loopback, for Jupyter's proxy (which
    speaks HTTP to what it proxies; the hub's own TLS protects the browser's side)."""
    transcript: Transcript = field(default_factory=Transcript)
    trust: Trust = field(default_factory=samples.training_trust)
    clock: Clock = field(default_factory=SystemClock)
    random: Callable[[int], bytes] = os.urandom
    plugin_library: Path | None = None
    """The page-side plugin library every page loads: dvcedu's own client, or a copy of
    VNPT-CA Plugin's own JavaScript library a trainer points at (``dvcedu serve
    --plugin-library FILE``), to see the pages work with the vendor's file unchanged."""
    public_hosts: tuple[str, ...] = ()
    """Host names the services answer to besides localhost, 127.0.0.1 and [::1] — a
    classroom hub's public name, through Jupyter's proxy (``DVCEDU_PUBLIC_HOSTS``). Any other
    Host is refused: that is how DNS rebinding is stopped (``guard.py``)."""
    rssp_url: str | None = None
    """The training remote-signing service (``rssp_app.py``), when it runs beside the portal:
    "Nộp hồ sơ" then offers "Ký số từ xa" too, and the signer approves on its phone page."""
    test_hooks: bool = False
    """Test-only routes (the captcha's answer): never on in ``dvcedu serve``."""
    _portals: dict[str, Portal] = field(default_factory=dict, repr=False)

    def portal_at(self, origin: str) -> Portal:
        """The portal's checks for pages served from ``origin`` (challenges are bound to it):
        the portal's own address, the identity service's, or Jupyter's when proxied. One
        store behind them all."""
        if origin not in self._portals:
            self._portals[origin] = Portal(
                self.store, trust=self.trust, clock=self.clock, random=self.random, origin=origin
            )
        return self._portals[origin]

    @classmethod
    def in_home(cls, home: Path, **kwargs: object) -> Practice:
        """The learner's own portal store: the accounts ``dvcedu portal accounts`` lists and
        the notebooks' portal sees."""
        return cls(store=Store.in_home(home), **kwargs)  # type: ignore[arg-type]

    def licence_for(self, url: str) -> str:
        """The plugin licence a page served from ``url`` shows the plugin."""
        host = urlsplit(url).hostname or url
        return issue_licence(host, i18n.t("web.licence_holder", "vi"), _licensing_key())

    @property
    def hosts(self) -> frozenset[str]:
        """Every host name the services answer to (see ``public_hosts``)."""
        return LOOPBACK | {host_name(h).lower() for h in self.public_hosts}

    def guarded(self, app: ASGIApp, *, who: Actor, **options: object) -> Guard:
        """``app`` behind the checks every practice service makes (``guard.py``): this
        practice's host names, the plugin's addresses allowed to scripts, its Transcript."""
        csp = policy(connect=("wss://localhost:*", "wss://127.0.0.1:*", *self.plugin_urls))
        return Guard(app, hosts=self.hosts, csp=csp, transcript=self.transcript, who=who, **options)  # type: ignore[arg-type]

    def plugin_config(self, seen: Seen, lang: str) -> dict[str, object]:
        """What a page's script needs to reach the plugin: the addresses to try, the licence
        for the page's origin, the language, the path prefix, and whether the page opens the
        plugin's window itself (through Jupyter's proxy the service cannot open it on the
        learner's screen)."""
        return {
            "urls": list(seen.plugin_urls),
            "licence": self.licence_for(seen.origin),
            "lang": lang,
            "base": seen.base,
            "openWindow": bool(seen.base),
        }

    async def library(self, request: Request) -> Response:
        """``/plugin-library.js``: the page-side plugin library (see ``plugin_library``)."""
        path = self.plugin_library or STATIC / "vnpt-plugin-client.js"
        return FileResponse(
            path, media_type="text/javascript", headers={"Cache-Control": "no-store"}
        )

    def seen(self, request: Request, *, by: str) -> Seen:
        """Where the browser that sent ``request`` to the service at ``by`` (``portal_url`` or
        ``sso_url``) reaches the three services. Directly, that service's origin is the one
        configured, whatever address the browser typed (a licence for "localhost" does not
        cover "127.0.0.1"); through Jupyter's proxy, it is the proxy's."""
        prefix = forwarded_prefix(request)
        if not prefix:
            return Seen(
                origin_of(by),
                "",
                self.portal_url,
                self.sso_url,
                self.plugin_urls,
                self.rssp_url or "",
            )
        origin = public_origin(request)
        host = urlsplit(origin).netloc
        ws = "wss" if origin.startswith("https") else "ws"

        def sibling(port: int | None) -> str:
            return PROXY_PATH.sub(f"/proxy/{port}", prefix)

        plugin = (
            (f"{ws}://{host}{sibling(self.proxied_plugin_port)}/plugin",)
            if self.proxied_plugin_port
            else ()
        )
        return Seen(
            origin,
            prefix,
            origin + sibling(_port(self.portal_url)),
            origin + sibling(_port(self.sso_url)),
            plugin,
            origin + sibling(_port(self.rssp_url)) if self.rssp_url else "",
        )


@dataclass(frozen=True)
class Seen:
    """The services as one browser reaches them: directly (``http://localhost:8000``), or
    through Jupyter's proxy (``https://hub.example/user/an/proxy/8000``)."""

    origin: str
    """The origin of the page that asked: what the plugin will sign as the page's origin."""
    base: str
    """The path this service's pages are under for this browser ("" when reached directly):
    every link a page holds starts with it."""
    portal_url: str
    sso_url: str
    plugin_urls: tuple[str, ...]
    rssp_url: str = ""
    """The remote-signing service ("" when it does not run): its phone page is under it."""


def public_hosts() -> tuple[str, ...]:
    """``DVCEDU_PUBLIC_HOSTS``: host names besides localhost the services answer to (a
    classroom hub's public name), comma-separated; ``*`` for any.

    Unset in a server JupyterHub started, it is the hub's public host when the hub says it
    (``JUPYTERHUB_PUBLIC_URL``), else any: there the browser is on another machine, so a
    rebound name reaches the learner's own computer, never this one — and a hub's name
    (Binder's, say) is not known in advance."""
    named = os.environ.get("DVCEDU_PUBLIC_HOSTS")
    if named is None and os.environ.get("JUPYTERHUB_SERVICE_PREFIX"):
        named = urlsplit(os.environ.get("JUPYTERHUB_PUBLIC_URL", "")).netloc or ANY_HOST
    return tuple(h.strip() for h in (named or "").split(",") if h.strip())


def public_origin(request: Request) -> str:
    """The origin the browser used: the Host it sent (a proxy passes it on) and the scheme a
    TLS-terminating proxy reports in X-Forwarded-Proto."""
    scheme = request.headers.get("x-forwarded-proto") or request.url.scheme
    return f"{scheme}://{request.headers.get('host') or request.url.netloc}"


def _port(url: str) -> int | None:
    return urlsplit(url).port


def internal_url(url: str) -> str:
    """A service's address for the other services on this computer (the back channel):
    loopback and its port, whatever address the browser uses."""
    return f"http://127.0.0.1:{urlsplit(url).port}"


@cache
def _licensing_key() -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(samples.ca_key_pem(LICENSING_CA), None)
    assert isinstance(key, rsa.RSAPrivateKey)
    return key


def licence_issuer() -> x509.Certificate:
    return samples.load_certificate(LICENSING_CA)


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
