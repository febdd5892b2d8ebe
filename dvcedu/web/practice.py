"""What the three practice services share: their addresses, the accounts database, the
Transcript, the trust, and the licence the portal shows the plugin.

One :class:`Practice` is made by ``dvcedu serve`` (or a test) and handed to the portal, the
identity service and the signing service; each keeps only what it needs.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from dvcedu import i18n
from dvcedu.clock import Clock, SystemClock
from dvcedu.model import Transcript
from dvcedu.pki import samples
from dvcedu.pki.trust import Trust
from dvcedu.plugin.licence import issue_licence
from dvcedu.portal import Store

LICENSING_CA = "vnpt"
"""The training CA whose key signs plugin licences (the real ones are signed by VNPT)."""


@dataclass
class Practice:
    """The practice portal's world. ``portal_url``, ``sso_url`` are what the learner's browser
    uses (behind jupyter-server-proxy, the proxy's addresses); ``plugin_urls`` are the
    WebSocket addresses the page tries, in order."""

    portal_url: str
    sso_url: str
    plugin_urls: tuple[str, ...]
    store: Store
    transcript: Transcript = field(default_factory=Transcript)
    trust: Trust = field(default_factory=samples.training_trust)
    clock: Clock = field(default_factory=SystemClock)
    random: Callable[[int], bytes] = os.urandom
    test_hooks: bool = False
    """Test-only routes (the captcha's answer): never on in ``dvcedu serve``."""

    @classmethod
    def in_home(cls, home: Path, **kwargs: object) -> Practice:
        """The learner's own portal store: the accounts ``dvcedu portal accounts`` lists and
        the notebooks' portal sees."""
        return cls(store=Store.in_home(home), **kwargs)  # type: ignore[arg-type]

    def licence_for(self, url: str) -> str:
        """The plugin licence a page served from ``url`` shows the plugin."""
        key = serialization.load_pem_private_key(samples.ca_key_pem(LICENSING_CA), None)
        assert isinstance(key, rsa.RSAPrivateKey)
        host = urlsplit(url).hostname or url
        return issue_licence(host, i18n.t("web.licence_holder", "vi"), key)


def licence_issuer() -> x509.Certificate:
    return samples.load_certificate(LICENSING_CA)


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
