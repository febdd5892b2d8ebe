"""Challenges: what the portal asks the token to sign, so that no signature can be reused.

A challenge is canonical JSON — purpose (register / login), 32 random bytes from the injected
source, the origin it is meant for, issue and expiry time from the injected clock — stored
server-side and usable once. The page receives these exact bytes and the plugin signs them.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from dvcedu.model import canonical_json
from dvcedu.portal.store import Store, StoredChallenge

PURPOSES = ("register", "login")
NONCE_BYTES = 32
DEFAULT_TTL = timedelta(minutes=5)


@dataclass(frozen=True)
class Challenge:
    id: str
    purpose: str
    origin: str
    nonce: bytes
    issued_at: datetime
    expires_at: datetime

    @property
    def body(self) -> bytes:
        """The exact bytes to be signed."""
        return canonical_json(
            {
                "expires": self.expires_at.isoformat(),
                "id": self.id,
                "issued": self.issued_at.isoformat(),
                "nonce": self.nonce.hex(),
                "origin": self.origin,
                "purpose": self.purpose,
            }
        )


def issue_challenge(
    store: Store,
    *,
    purpose: str,
    origin: str,
    now: datetime,
    random: Callable[[int], bytes],
    ttl: timedelta = DEFAULT_TTL,
) -> Challenge:
    """Make, store and return a fresh single-use challenge."""
    if purpose not in PURPOSES:
        raise ValueError(f"purpose must be one of {PURPOSES}")
    nonce = random(NONCE_BYTES)
    challenge_id = base64.urlsafe_b64encode(random(12)).decode().rstrip("=")
    challenge = Challenge(challenge_id, purpose, origin, nonce, now, now + ttl)
    store.add_challenge(
        StoredChallenge(
            challenge.id,
            purpose,
            origin,
            challenge.body,
            now.isoformat(),
            challenge.expires_at.isoformat(),
            None,
        )
    )
    return challenge
