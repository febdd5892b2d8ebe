"""The plugin's domain licence: which web site may use the signing plugin.

VNPT-CA Plugin refuses to sign for a page until the page has called ``setLicenseKey`` with a
licence issued for the page's own domain — a base64 XML document signed by VNPT
[confirmed: the public JS library and a VNPT product's page; the XML schema is not public].
The training licence keeps the idea and drops the XML: base64 of a small JSON document
(the domain, who it was issued to), a dot, and an RSA signature by the training CA that
issues licences. A licence copied from another site names another domain, and is refused.
"""

from __future__ import annotations

import base64
import binascii
import json

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from dvcedu.errors import PluginError


def issue_licence(domain: str, issued_to: str, key: rsa.RSAPrivateKey) -> str:
    """A licence for ``domain``, signed with ``key`` (the licensing CA's)."""
    body = json.dumps(
        {"domain": domain, "issued_to": issued_to}, ensure_ascii=False, sort_keys=True
    ).encode()
    signature = key.sign(body, padding.PKCS1v15(), hashes.SHA256())
    return f"{_b64(body)}.{_b64(signature)}"


def check_licence(licence: object, *, domain: str, issuer: x509.Certificate) -> str:
    """Who the licence was issued to, when ``issuer`` signed it for ``domain``; otherwise
    :class:`PluginError` saying which of the two failed."""
    try:
        body_b64, signature_b64 = str(licence).split(".")
        body, signature = _unb64(body_b64), _unb64(signature_b64)
        public = issuer.public_key()
        assert isinstance(public, rsa.RSAPublicKey)
        public.verify(signature, body, padding.PKCS1v15(), hashes.SHA256())
        claims = json.loads(body)
    except (ValueError, binascii.Error, InvalidSignature, AssertionError):
        raise PluginError("licence.invalid") from None
    if not isinstance(claims, dict) or claims.get("domain") != domain:
        raise PluginError(
            "licence.other_domain",
            domain=domain,
            licensed=str(claims.get("domain") if isinstance(claims, dict) else ""),
        )
    return str(claims.get("issued_to", ""))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
