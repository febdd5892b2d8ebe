"""The remote-signing service's state and guards, apart from HTTP (``web/rssp_app.py`` serves
them): every refusal a :class:`~dvcedu.errors.RemoteSigningError` with its ``reason``, in the
order a reader checks them."""

from __future__ import annotations

import base64
import binascii
import enum
import hmac
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from dvcedu import i18n
from dvcedu.clock import Clock
from dvcedu.errors import RemoteSigningError
from dvcedu.model import Actor, Transcript

SAD_TTL = timedelta(minutes=5)
"""How long a SAD may be used (the practice's choice; CSC lets the service say, ``expiresIn``)."""
APPROVAL_TTL = timedelta(minutes=2)
"""How long the phone may take to answer (the practice's choice)."""
TRAINING_OTP = "246810"
"""The phone's approval code in the training world, shown on the phone page itself."""
MULTISIGN = 1
"""How many hashes one approval may sign (``multisign`` in ``credentials/info``)."""

SHA256 = "2.16.840.1.101.3.4.2.1"
SHA256_RSA = "1.2.840.113549.1.1.11"
RSA = "1.2.840.113549.1.1.1"
SIGN_ALGORITHMS = (SHA256_RSA, RSA)
"""What the key signs with (``key/algo``): RSA PKCS#1 v1.5, named either way."""
_DIGEST_INFO_SHA256 = bytes.fromhex("3031300d060960864801650304020105000420")
"""DER DigestInfo's fixed head for SHA-256 (RFC 8017 §9.2 note 1): what the HSM signs is
this, then the 32-byte hash."""


@dataclass(frozen=True)
class Credential:
    """One signer's credential: its id, its chain (the signer's certificate first, DER) and
    the HSM's signing of a DigestInfo with its key."""

    id: str
    chain: tuple[bytes, ...]
    description: str
    sign: Callable[[bytes], bytes]


class Step(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


@dataclass(frozen=True)
class Transaction:
    """One request for the signer's approval, as the phone shows it."""

    id: str
    credential_id: str
    hashes: tuple[str, ...]
    """The base64 hashes to sign: what the phone shows, and all the service ever sees."""
    description: str
    client: str
    asked_at: datetime
    step: Step = Step.PENDING
    sad: str = ""

    @property
    def expires_at(self) -> datetime:
        return self.asked_at + APPROVAL_TTL


@dataclass(frozen=True)
class Grant:
    """A SAD: for one credential and these hashes, once, until ``expires_at``."""

    sad: str
    credential_id: str
    hashes: frozenset[str]
    expires_at: datetime
    used: bool = False


def _fail(reason: str, value: object = "") -> RemoteSigningError:
    return RemoteSigningError(reason=reason, value=str(value)[:80])


def _sha256(b64: object) -> bytes:
    try:
        raw = base64.b64decode(str(b64), validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise _fail("hash_shape", b64)
    return raw


class RemoteSigning:
    """The training RSSP: its credentials, the transactions on the phone, the SADs granted.
    Time and randomness are given (the practice's clock and seeded randomness)."""

    def __init__(
        self,
        credentials: Iterable[Credential],
        *,
        clock: Clock,
        random: Callable[[int], bytes],
        otp: str = TRAINING_OTP,
        transcript: Transcript | None = None,
    ) -> None:
        self.credentials = {c.id: c for c in credentials}
        self.transcript = transcript if transcript is not None else Transcript()
        """Every message of the ceremony, recorded once (the HTTP layer adds the client's)."""
        self.clock = clock
        self.random = random
        self.otp = otp
        self._transactions: dict[str, Transaction] = {}
        self._grants: dict[str, Grant] = {}
        self._lock = threading.Lock()

    def _credential(self, credential_id: object) -> Credential:
        found = self.credentials.get(str(credential_id))
        if found is None:
            raise _fail("unknown_credential", credential_id)
        return found

    def _token(self, n: int) -> str:
        return base64.urlsafe_b64encode(self.random(n)).decode().rstrip("=")

    # --- what a client asks -----------------------------------------------------------------
    def info(self) -> dict[str, object]:
        return {
            "specs": "1.0.4.0",
            "name": "dvcedu RSSP (TRAINING)",
            "logo": "",
            "region": "VN",
            "lang": "vi-VN",
            "description": " / ".join(i18n.t("rssp.description", lang) for lang in i18n.LANGS),
            "authType": ["basic"],
            "methods": [
                "auth/login",
                "credentials/list",
                "credentials/info",
                "credentials/authorize",
                "signatures/signHash",
            ],
        }

    def credential_info(
        self, credential_id: object, *, certificates: object = "single"
    ) -> dict[str, object]:
        """``credentials/info``: the key, the certificate (``certificates``: "single", the
        CSC default; "chain", the signer first, as pyHanko asks; or "none"), and how signing
        is authorised — ``implicit``: the service asks the signer itself, on the phone, not
        through the client (CSC v1's three modes: implicit, explicit, oauth2code)."""
        credential = self._credential(credential_id)
        if certificates not in ("none", "single", "chain"):
            raise _fail("bad_request", f"certificates={certificates}")
        shown = {"none": (), "single": credential.chain[:1], "chain": credential.chain}
        info: dict[str, object] = {
            "description": credential.description,
            "key": {"status": "enabled", "algo": list(SIGN_ALGORITHMS), "len": 2048},
        }
        if certificates != "none":
            info["cert"] = {
                "status": "valid",
                "certificates": [base64.b64encode(der).decode() for der in shown[certificates]],
            }
        return info | {"authMode": "implicit", "SCAL": "2", "multisign": MULTISIGN, "lang": "vi-VN"}

    def ask(
        self,
        *,
        credential_id: object,
        hashes: object,
        num_signatures: object = 1,
        description: object = "",
        client: str = "",
    ) -> Transaction:
        """``credentials/authorize``: the transaction is put on the phone (SCAL 2: the hashes
        are named now, and the SAD will sign those and no other)."""
        credential = self._credential(credential_id)
        if not isinstance(hashes, list) or not hashes:
            raise _fail("hash_required")
        if len(hashes) > MULTISIGN or num_signatures != len(hashes):
            raise _fail("too_many", MULTISIGN)
        for one in hashes:
            _sha256(one)
        transaction = Transaction(
            self._token(12),
            credential.id,
            tuple(str(h) for h in hashes),
            str(description)[:200],
            client,
            self.clock.now(),
        )
        with self._lock:
            self._transactions[transaction.id] = transaction
        self.transcript.record(
            Actor.RSSP,
            Actor.APP,
            "event.rssp_push",
            {"credentialID": credential.id, "hash": list(transaction.hashes)},
            note="note.rssp_push",
        )
        return transaction

    def waiting(self) -> list[Transaction]:
        now = self.clock.now()
        with self._lock:
            return [
                t
                for t in self._transactions.values()
                if t.step is Step.PENDING and now < t.expires_at
            ]

    def answer(self, transaction_id: object, *, approve: bool, otp: str = "") -> Transaction:
        """The signer, on the phone: approves with the code, or refuses."""
        with self._lock:
            transaction = self._transactions.get(str(transaction_id))
            if transaction is None:
                raise _fail("unknown_request", transaction_id)
            if transaction.step is not Step.PENDING:
                raise _fail("already_answered")
            if self.clock.now() >= transaction.expires_at:
                raise _fail("approval_expired", int(APPROVAL_TTL.total_seconds()))
            if not approve:
                answered = replace(transaction, step=Step.REFUSED)
            elif not hmac.compare_digest(otp.encode(), self.otp.encode()):
                raise _fail("wrong_otp")
            else:
                sad = self._token(24)
                answered = replace(transaction, step=Step.APPROVED, sad=sad)
                self._grants[sad] = Grant(
                    sad,
                    transaction.credential_id,
                    frozenset(transaction.hashes),
                    self.clock.now() + SAD_TTL,
                )
            self._transactions[answered.id] = answered
        self.transcript.record(
            Actor.APP,
            Actor.RSSP,
            "event.rssp_answer",
            {"step": answered.step.value},
            note="note.rssp_answer",
            ok=answered.step is Step.APPROVED,
        )
        return answered

    def outcome(self, transaction_id: str) -> Transaction:
        """Where the transaction stands: still pending (the caller waits), approved (with
        its SAD), or refused or expired (raised)."""
        with self._lock:
            transaction = self._transactions[transaction_id]
        if transaction.step is Step.REFUSED:
            raise _fail("refused")
        if transaction.step is Step.PENDING and self.clock.now() >= transaction.expires_at:
            raise _fail("approval_expired", int(APPROVAL_TTL.total_seconds()))
        return transaction

    def grant(self, sad: str) -> Grant:
        with self._lock:
            return self._grants[sad]

    def sign_hash(
        self,
        *,
        credential_id: object,
        sad: object,
        hashes: object,
        hash_algo: object = SHA256,
        sign_algo: object = SHA256_RSA,
    ) -> list[bytes]:
        """``signatures/signHash``: the SAD's guards, then the HSM signs each hash."""
        if sign_algo not in SIGN_ALGORITHMS or hash_algo not in (SHA256, None):
            raise _fail("algorithm", f"{sign_algo} / {hash_algo}")
        credential = self._credential(credential_id)
        if not isinstance(hashes, list) or not hashes:
            raise _fail("hash_required")
        digests = [_sha256(h) for h in hashes]
        with self._lock:
            grant = self._grants.get(str(sad))
            if grant is None:
                raise _fail("sad_unknown")
            if grant.credential_id != credential.id:
                raise _fail("sad_other_credential")
            if self.clock.now() >= grant.expires_at:
                raise _fail("sad_expired", int(SAD_TTL.total_seconds()))
            if grant.used:
                raise _fail("sad_used")
            for one in hashes:
                if str(one) not in grant.hashes:
                    raise _fail("sad_other_hash", one)
            self._grants[grant.sad] = replace(grant, used=True)
        signatures = []
        for digest in digests:
            info = _DIGEST_INFO_SHA256 + digest
            self.transcript.record(Actor.RSSP, Actor.HSM, "C_Sign", info, note="note.rssp_c_sign")
            signatures.append(credential.sign(info))
            self.transcript.record(
                Actor.HSM, Actor.RSSP, "signature", signatures[-1], note="note.rssp_signature"
            )
        return signatures
