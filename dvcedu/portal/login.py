"""Login with "USB ký số" (seed step 3): a fresh challenge signed by the account's token.

After the shared checks: the account must exist; if the page says which account it logs in
to, the certificate must carry that identifier; a certificate not seen before but carrying
the same identifier is a renewal — accepted, recorded, and announced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dvcedu.errors import RejectReason, VerificationError
from dvcedu.model import Actor, Transcript
from dvcedu.pki.trust import Trust
from dvcedu.portal.checks import (
    SignedChallenge,
    parse_message,
    verify_signed_challenge,
)
from dvcedu.portal.registration import bound_certificate
from dvcedu.portal.store import Account, BoundCertificate, Store

REQUIRED = ("challenge", "signature", "domain")


@dataclass(frozen=True)
class VerifiedLogin:
    account: Account
    certificate: BoundCertificate
    renewed: bool
    """True when this certificate was not bound to the account yet (a renewed certificate)."""
    signed: SignedChallenge


def verify_login(
    *,
    message: bytes,
    expected_origin: str,
    store: Store,
    trust: Trust,
    now: datetime,
    transcript: Transcript | None = None,
    verifier: Actor = Actor.PORTAL,
) -> VerifiedLogin:
    """Message shape → challenge → origin → CMS → chain → identifier → account → certificate."""
    fields = parse_message(message, required=REQUIRED, optional=("account",))
    signed = verify_signed_challenge(
        fields,
        expected_purpose="login",
        expected_origin=expected_origin,
        store=store,
        trust=trust,
        now=now,
        transcript=transcript,
        verifier=verifier,
    )
    identifier = signed.identifier.value
    if "account" in fields and fields["account"] != identifier:
        raise VerificationError(
            RejectReason.IDENTIFIER_MISMATCH,
            expected=fields["account"],
            found=signed.identifier.raw,
        )
    account = store.account(identifier)
    if account is None:
        raise VerificationError(RejectReason.ACCOUNT_UNKNOWN, identifier=signed.identifier.raw)
    certificate = bound_certificate(signed, now)
    known = {c.sha256 for c in store.certificates(identifier)}
    return VerifiedLogin(account, certificate, certificate.sha256 not in known, signed)
