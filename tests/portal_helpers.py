"""Building portal messages in software (the portal cannot tell: it only sees bytes)."""

from __future__ import annotations

import base64
import json
from dataclasses import replace

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from dvcedu.clock import COURSE_DAY, FixedClock, SeededRandom
from dvcedu.pki import build, cms, identity, samples
from dvcedu.pki.samples import training_trust
from dvcedu.portal import ORIGIN, Portal, Store

_KEYS: dict[str, rsa.RSAPrivateKey] = {}
ENTERPRISE_LABEL = "enterprise"


def key_of(label: str) -> rsa.RSAPrivateKey:
    if label not in _KEYS:
        pem = (
            samples.identity(label).key_pem()
            if label in samples.identity_names()
            else samples.ca_key_pem(label)
        )
        _KEYS[label] = serialization.load_pem_private_key(pem, None)
    return _KEYS[label]


def signer(label: str) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    return samples.load_certificate(label), key_of(label)


def custom_signer(
    label: str, subject: dict[str, str], issuer: str = "vnpt", key_label: str = "enterprise"
) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    """A certificate the training CA issues on the fly (e.g. with no UID, or a new MST)."""
    spec = samples.training_spec()
    base = spec["enterprise"]
    variant = replace(base, label=label, subject=tuple(subject.items()))
    key = key_of(key_label)
    cert = build.issue(variant, spec[issuer], key.public_key(), key_of(issuer))
    return cert, key


def mst(n: int, prefix: str = "01991") -> str:
    """The n-th fictional tax code ``prefix``xxxxC with a valid check digit."""
    valid = (
        f"{first}{identity.mst_check_digit(first)}"
        for first in (f"{prefix}{i:04d}" for i in range(10_000))
        if identity.mst_check_digit(first) is not None
    )
    for index, code in enumerate(valid):
        if index == n:
            return code
    raise ValueError(n)


def new_portal(
    store: Store | None = None, clock: FixedClock | None = None, *, seed: str = "tests"
) -> Portal:
    """A portal on the course day with known randomness; another ``seed`` for a second portal
    on the same store (the same seed would hand out the same captcha and challenge ids)."""
    return Portal(
        store or Store.memory(),
        trust=training_trust(),
        clock=clock or FixedClock(COURSE_DAY),
        random=SeededRandom(seed),
    )


def sign(
    content: bytes, cert: x509.Certificate, key: rsa.RSAPrivateKey, *, origin: str | None = ORIGIN
) -> bytes:
    return cms.sign_detached(
        content,
        cms.KeySigner(key, cms.certificate_der(cert)),
        signing_time=COURSE_DAY,
        origin=origin,
    )


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def login_message(
    portal: Portal,
    who: tuple[x509.Certificate, rsa.RSAPrivateKey],
    *,
    challenge: bytes | None = None,
    signed_content: bytes | None = None,
    origin: str | None = ORIGIN,
    domain: str = "dichvucong.gov.test",
    purpose: str = "login",
    **extra: str,
) -> bytes:
    body = challenge if challenge is not None else portal.challenge(purpose).body
    signature = sign(signed_content if signed_content is not None else body, *who, origin=origin)
    return json.dumps(
        {"challenge": b64(body), "signature": b64(signature), "domain": domain, **extra}
    ).encode()


def registration_message(
    portal: Portal,
    who: tuple[x509.Certificate, rsa.RSAPrivateKey],
    *,
    email: str = "ketoan@daotao.test",
    captcha: str | None = None,
    captcha_id: str | None = None,
    **kwargs: object,
) -> bytes:
    issued = portal.captcha()
    message = json.loads(login_message(portal, who, purpose="register", **kwargs))
    message.update(
        email=email,
        captcha_id=captcha_id or issued.id,
        captcha=issued.text.lower() if captcha is None else captcha,
    )
    return json.dumps(message).encode()
