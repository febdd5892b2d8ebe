"""The simulated Cổng DVCQG: hands out challenges and captchas, registers, logs in, logs out.

It keeps its state in a :class:`Store`, takes time and randomness as arguments, and records
its own messages to the CA (OCSP) when given a Transcript. It never sees a token or a PIN:
only what the page sends it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from dvcedu.clock import Clock
from dvcedu.errors import RejectReason, VerificationError
from dvcedu.model import Actor, Transcript
from dvcedu.pki.trust import Trust
from dvcedu.portal.captcha import Captcha, issue_captcha
from dvcedu.portal.challenges import Challenge, issue_challenge
from dvcedu.portal.login import VerifiedLogin, verify_login
from dvcedu.portal.registration import VerifiedRegistration, verify_registration
from dvcedu.portal.store import PortalSession, Store

ORIGIN = "https://dichvucong.gov.test"
"""The training portal's origin (``.test`` never resolves: nothing leaves the machine)."""


@dataclass(frozen=True)
class LoginResult:
    session: PortalSession
    verified: VerifiedLogin

    @property
    def renewed(self) -> bool:
        return self.verified.renewed


class Portal:
    def __init__(
        self,
        store: Store,
        *,
        trust: Trust,
        clock: Clock,
        random: Callable[[int], bytes] = os.urandom,
        origin: str = ORIGIN,
    ) -> None:
        """``trust`` is what the portal's operator chose to trust (the national root, for the
        real one): always given, never assumed."""
        self.store = store
        self.trust = trust
        self.clock = clock
        self.random = random
        self.origin = origin

    def challenge(self, purpose: str) -> Challenge:
        return issue_challenge(
            self.store,
            purpose=purpose,
            origin=self.origin,
            now=self.clock.now(),
            random=self.random,
        )

    def captcha(self) -> Captcha:
        return issue_captcha(self.store, now=self.clock.now(), random=self.random)

    def register(
        self, message: bytes, *, transcript: Transcript | None = None
    ) -> VerifiedRegistration:
        """Verify a registration and create the account; the portal's own look-ups (OCSP)
        are recorded into ``transcript`` when one is given."""
        verified = verify_registration(
            message=message,
            expected_origin=self.origin,
            store=self.store,
            trust=self.trust,
            now=self.clock.now(),
            transcript=transcript,
        )
        if not self.store.create_account(verified.account, verified.certificate):
            # another request registered the same identifier between check and write
            raise VerificationError(
                RejectReason.ALREADY_REGISTERED, identifier=verified.signed.identifier.raw
            )
        return verified

    def login(
        self,
        message: bytes,
        *,
        transcript: Transcript | None = None,
        verifier: Actor = Actor.PORTAL,
    ) -> LoginResult:
        """Verify a login and open a session (recorded like :meth:`register`; ``verifier``
        is who the Transcript shows checking — the identity service, when login is there)."""
        verified = verify_login(
            message=message,
            expected_origin=self.origin,
            store=self.store,
            trust=self.trust,
            now=self.clock.now(),
            transcript=transcript,
            verifier=verifier,
        )
        now = self.clock.now().isoformat()
        session = PortalSession(
            self.random(16).hex(),
            verified.account.identifier,
            verified.account.display_name,
            now,
            None,
        )
        self.store.open_session(session, verified.certificate)
        return LoginResult(session, verified)

    def whoami(self, session_id: str) -> PortalSession | None:
        """The open session (the name the page shows top right), or None."""
        session = self.store.session(session_id)
        return session if session and session.ended_at is None else None

    def logout(self, session_id: str) -> bool:
        return self.store.end_session(session_id, self.clock.now())
