"""Registration with a USB token (seed step 2): verify, then bind the account.

``verify_registration`` runs the shared checks of :mod:`dvcedu.portal.checks` and then the
form's: e-mail, captcha, not already registered. It returns a frozen result; only
:meth:`Portal.register` writes it to the store.
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from datetime import datetime

from cryptography.hazmat.primitives.serialization import Encoding

from dvcedu.errors import RejectReason, VerificationError
from dvcedu.model import Transcript
from dvcedu.pki.trust import Trust
from dvcedu.portal.checks import (
    SignedChallenge,
    parse_message,
    verify_signed_challenge,
)
from dvcedu.portal.store import Account, BoundCertificate, Store

EMAIL = re.compile(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})+")
FIELDS = ("challenge", "signature", "domain", "email", "captcha_id", "captcha")


@dataclass(frozen=True)
class VerifiedRegistration:
    account: Account
    certificate: BoundCertificate
    signed: SignedChallenge


def bound_certificate(signed: SignedChallenge, now: datetime) -> BoundCertificate:
    import hashlib

    cert = signed.certificate
    return BoundCertificate(
        sha256=hashlib.sha256(cert.public_bytes(Encoding.DER)).hexdigest(),
        identifier=signed.identifier.value,
        serial=f"{cert.serial_number:X}",
        issuer=cert.issuer.rfc4514_string(),
        not_before=cert.not_valid_before_utc.isoformat(),
        not_after=cert.not_valid_after_utc.isoformat(),
        first_seen=now.isoformat(),
        last_used=now.isoformat(),
    )


def verify_registration(
    *,
    message: bytes,
    expected_origin: str,
    store: Store,
    trust: Trust,
    now: datetime,
    transcript: Transcript | None = None,
) -> VerifiedRegistration:
    """Message shape → e-mail → captcha → challenge → origin → CMS → chain → identifier →
    not registered yet.

    The form is checked before the signature, as a server rejects a bad form before doing
    cryptography: a mistyped captcha then costs a new picture, not the challenge the token
    signed, so the learner types the code again without entering the PIN again."""
    fields = parse_message(message, required=FIELDS)
    email = fields["email"].strip()
    if not EMAIL.fullmatch(email):
        raise VerificationError(RejectReason.EMAIL_INVALID, email=email[:80])
    stored = store.take_captcha(fields["captcha_id"], now)
    if stored is None:
        raise VerificationError(RejectReason.CAPTCHA_WRONG)
    answer, used = stored
    if used:
        raise VerificationError(RejectReason.CAPTCHA_USED)
    # Compared as UTF-8 bytes: compare_digest refuses non-ASCII str, and a learner may type
    # Vietnamese letters into any field.
    typed = fields["captcha"].strip().upper().encode("utf-8", "surrogatepass")
    if not hmac.compare_digest(answer.upper().encode(), typed):
        raise VerificationError(RejectReason.CAPTCHA_WRONG)
    signed = verify_signed_challenge(
        fields,
        expected_purpose="register",
        expected_origin=expected_origin,
        store=store,
        trust=trust,
        now=now,
        transcript=transcript,
    )
    identifier = signed.identifier.value
    if store.account(identifier) is not None:
        raise VerificationError(RejectReason.ALREADY_REGISTERED, identifier=signed.identifier.raw)
    account = Account(identifier, signed.kind, signed.display_name, email, now.isoformat())
    return VerifiedRegistration(account, bound_certificate(signed, now), signed)
