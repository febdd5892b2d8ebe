"""The checks shared by registration and login, in spec order, as one straight line.

Each check fails with its own RejectReason; the first failure ends the verification. Nothing
here writes an account or a session: the caller does that with the frozen result.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from cryptography import x509

from dvcedu.errors import RejectReason, VerificationError
from dvcedu.model import Actor, Transcript
from dvcedu.pki import cms
from dvcedu.pki.identity import Identifier, Kind, classify, common_name, identifiers
from dvcedu.pki.revocation import RevocationStatus
from dvcedu.pki.trust import Trust
from dvcedu.pki.verify import VerifiedChain
from dvcedu.portal.store import Store, StoredChallenge

MAX_MESSAGE = 64 * 1024
MAX_FIELD = {
    "challenge": 2048,
    "signature": 32 * 1024,
    "domain": 253,
    "email": 254,
    "captcha_id": 64,
    "captcha": 32,
    "account": 32,
}


R = RejectReason
CHECKS: tuple[tuple[str, frozenset[RejectReason]], ...] = (
    ("check.shape", frozenset({R.MALFORMED_MESSAGE})),
    (
        "check.challenge",
        frozenset(
            {R.CHALLENGE_UNKNOWN, R.CHALLENGE_USED, R.CHALLENGE_EXPIRED, R.CHALLENGE_WRONG_PURPOSE}
        ),
    ),
    ("check.origin", frozenset({R.ORIGIN_MISMATCH})),
    (
        "check.cms",
        frozenset({R.CMS_MALFORMED, R.CONTENT_DIGEST_MISMATCH, R.BAD_SIGNATURE, R.CERT_UNREADABLE}),
    ),
    (
        "check.chain",
        frozenset(
            {
                R.LEGACY_ALGORITHM,
                R.CERT_EXPIRED,
                R.CERT_NOT_YET_VALID,
                R.CA_AS_LEAF,
                R.UNTRUSTED_ROOT,
                R.LOOKALIKE_ISSUER,
            }
        ),
    ),
    ("check.usage", frozenset({R.KEY_USAGE_MISSING})),
    ("check.revocation", frozenset({R.CERT_REVOKED, R.REVOCATION_UNKNOWN})),
    ("check.identifier", frozenset({R.IDENTIFIER_MISSING, R.IDENTIFIER_INVALID})),
)
"""The portal's checks of a signed challenge in the order the code runs them (message ids of
i18n), each with the reasons it can end with."""
REGISTRATION_CHECKS = (
    CHECKS[:1]
    + (
        ("check.email", frozenset({R.EMAIL_INVALID})),
        ("check.captcha", frozenset({R.CAPTCHA_WRONG, R.CAPTCHA_USED})),
    )
    + CHECKS[1:]
    + (("check.new_account", frozenset({R.ALREADY_REGISTERED})),)
)
"""Registration checks its form (e-mail, captcha) before the signature: a mistyped captcha
must not use up the challenge the token signed (see ``verify_registration``)."""
LOGIN_CHECKS = CHECKS + (("check.account", frozenset({R.IDENTIFIER_MISMATCH, R.ACCOUNT_UNKNOWN})),)


MAX_DEPTH = 4
"""Nesting allowed in any JSON the portal reads. Its messages are flat objects of strings;
json.loads recurses once per level, so without a bound a 64 KB message of brackets raises
RecursionError instead of being refused."""


def _deeper_than(value: object, limit: int) -> bool:
    """Whether arrays and objects nest more than ``limit`` levels in ``value`` (level by
    level, never recursing: a value json parsed may be as deep as its own limit)."""
    level, depth = [value], 0
    while containers := [v for v in level if isinstance(v, dict | list)]:
        depth += 1
        if depth > limit:
            return True
        level = [child for v in containers for child in (v.values() if isinstance(v, dict) else v)]
    return False


def loads_bounded(text: str) -> object:
    """json.loads, refusing any array or object nested deeper than MAX_DEPTH (json's own
    recursion limit turns a message of brackets into RecursionError, refused the same)."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise ValueError("nested too deep") from None
    if _deeper_than(value, MAX_DEPTH):
        raise ValueError(f"nested deeper than {MAX_DEPTH}")
    return value


def parse_message(
    message: bytes, *, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> dict[str, str]:
    """JSON object of short strings, exactly the fields expected (RejectReason on anything
    else: too big, not UTF-8, not JSON, missing, extra, wrong type, too long)."""
    if len(message) > MAX_MESSAGE:
        raise VerificationError(
            RejectReason.MALFORMED_MESSAGE, detail=f"{len(message)} bytes is too big"
        )
    try:
        value = loads_bounded(message.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise VerificationError(RejectReason.MALFORMED_MESSAGE, detail="not UTF-8 JSON") from None
    if not isinstance(value, dict):
        raise VerificationError(RejectReason.MALFORMED_MESSAGE, detail="not a JSON object")
    missing = [k for k in required if k not in value]
    extra = [k for k in value if k not in required + optional]
    if missing or extra:
        raise VerificationError(
            RejectReason.MALFORMED_MESSAGE, detail=f"missing {missing}, unexpected {extra}"
        )
    for key, item in value.items():
        if not isinstance(item, str) or len(item) > MAX_FIELD[key]:
            raise VerificationError(RejectReason.MALFORMED_MESSAGE, detail=f"field {key!r}")
    return value


def _b64(value: str, field: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise VerificationError(
            RejectReason.MALFORMED_MESSAGE, detail=f"{field} is not base64"
        ) from None


@dataclass(frozen=True)
class SignedChallenge:
    """A challenge that came back signed by a trusted, valid, unrevoked certificate."""

    challenge: StoredChallenge
    certificate: x509.Certificate
    chain: VerifiedChain
    identifier: Identifier
    kind: str
    display_name: str

    @property
    def revocation(self) -> RevocationStatus:
        return self.chain.revocation


def _ocsp_recorder(transcript: Transcript, verifier: Actor) -> Callable[[str, bytes], None]:
    """Turn the responder's reports into messages between the verifier and the CA."""

    def observe(kind: str, der: bytes) -> None:
        if kind == "request":
            transcript.record(verifier, Actor.CA, "OCSP request", der, note="note.ocsp_request")
        else:
            transcript.record(Actor.CA, verifier, "OCSP response", der, note="note.ocsp_response")

    return observe


def verify_signed_challenge(
    fields: Mapping[str, str],
    *,
    expected_purpose: str,
    expected_origin: str,
    store: Store,
    trust: Trust,
    now: datetime,
    transcript: Transcript | None = None,
    verifier: Actor = Actor.PORTAL,
) -> SignedChallenge:
    """Checks 2–6 of the portal: challenge, origin, CMS, chain, identifier. ``verifier`` is
    who checks, as the Transcript shows it (the identity service, for a login there)."""
    body = _b64(fields["challenge"], "challenge")
    try:
        parsed = loads_bounded(body.decode("utf-8"))
        challenge_id = parsed.get("id") if isinstance(parsed, dict) else None
        if not isinstance(challenge_id, str):
            raise TypeError
    except (ValueError, KeyError, TypeError):  # UnicodeDecodeError is a ValueError
        raise VerificationError(RejectReason.CHALLENGE_UNKNOWN) from None
    stored = store.take_challenge(challenge_id, now)
    # Constant-time comparison: the bytes must be exactly the ones the portal issued.
    if stored is None or not hmac.compare_digest(stored.body, body):
        raise VerificationError(RejectReason.CHALLENGE_UNKNOWN)
    if stored.used_at is not None:
        raise VerificationError(RejectReason.CHALLENGE_USED)  # a replay of a signature already seen
    if now > datetime.fromisoformat(stored.expires_at):
        issued, expires = (datetime.fromisoformat(t) for t in (stored.issued_at, stored.expires_at))
        raise VerificationError(
            RejectReason.CHALLENGE_EXPIRED, minutes=int((expires - issued).total_seconds() // 60)
        )
    if stored.purpose != expected_purpose:
        raise VerificationError(
            RejectReason.CHALLENGE_WRONG_PURPOSE, expected=stored.purpose, found=expected_purpose
        )
    if stored.origin != expected_origin:
        # Whole origins (scheme, host, port): two sites on one host differ only there.
        raise VerificationError(
            RejectReason.ORIGIN_MISMATCH, expected=stored.origin, found=expected_origin
        )
    host = urlsplit(expected_origin).hostname or expected_origin
    if fields["domain"] != host:
        raise VerificationError(RejectReason.ORIGIN_MISMATCH, expected=host, found=fields["domain"])
    signed = cms.verify_detached(_b64(fields["signature"], "signature"), body)
    if signed.origin != expected_origin:
        # The origin the plugin saw is inside the signature: a relaying site cannot hide it.
        raise VerificationError(
            RejectReason.ORIGIN_MISMATCH, expected=expected_origin, found=signed.origin or "(none)"
        )
    ocsp = trust.ocsp.observed(_ocsp_recorder(transcript, verifier)) if transcript else trust.ocsp
    chain = trust.verify(
        signed.signer, at=now, require_revocation=True, ocsp=ocsp, prefer_ocsp=True
    )
    found = identifiers(signed.signer.subject)
    usable = [
        i
        for i in found
        if i.kind in (Kind.MST, Kind.MST_BRANCH, Kind.MST_PERSONAL, Kind.CCCD, Kind.CMND)
    ]
    if not usable:
        raise VerificationError(RejectReason.IDENTIFIER_MISSING)
    holder = classify(usable)
    main = next(i for i in usable if i.raw == holder.identifier)
    if not main.valid:
        raise VerificationError(RejectReason.IDENTIFIER_INVALID, identifier=main.raw)
    display = common_name(signed.signer.subject) or main.raw
    return SignedChallenge(stored, signed.signer, chain, main, holder.kind, display)
