"""The organisation's e-ID account (VNeID), as the practice identity service simulates it.

From 1 July 2025 an organisation acts on the portal with the **organisation's electronic
identification account** issued by the Ministry of Public Security; the accounts the portal
had created for organisations ended on 30 June 2025 (Decree 69/2024/NĐ-CP, Art. 40(4))
[confirmed: four independent legal commentaries]. The legal representative requests it, logged
in with a level-2 VNeID ("Định danh tổ chức" in the app) or on form TK02 (Art. 12) [confirmed].

How the portal's login screen and the VNeID app talk to each other is not public
[unconfirmed]. The practice does the least a login of that kind must do, and no more: the page
names the organisation (its identifier: the MST) and the representative (the 12-digit personal
identification number); the representative's phone is asked to approve; the approval is
answered once, lasts ``APPROVAL_TTL``, and opens one login once. The phone is a page of the
practice identity service, never a real app.

Every check is a guard clause that raises :class:`~dvcedu.errors.ApprovalError` with its
``reason``; a request that passes them all returns the organisation's account.
"""

from __future__ import annotations

import base64
import enum
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from dvcedu import paths
from dvcedu.clock import Clock
from dvcedu.errors import ApprovalError

APPROVAL_TTL = timedelta(minutes=2)
"""How long the phone may take to answer (the practice's choice; the real one is not public)."""


@dataclass(frozen=True)
class OrgAccount:
    """One organisation's e-ID account: whose it is, and who may approve its logins."""

    identifier: str
    """The organisation's identifier; for an enterprise, its 10-digit MST."""
    name: str
    representative: str
    """The legal representative's 12-digit personal identification number."""
    representative_name: str


def _training_accounts() -> tuple[OrgAccount, ...]:
    with (paths.data_dir() / "vneid-accounts.toml").open("rb") as file:
        return tuple(OrgAccount(**entry) for entry in tomllib.load(file)["account"])


TRAINING_ACCOUNTS = _training_accounts()
"""The training world's two organisation accounts (``data/vneid-accounts.toml``): the sample
enterprises of the training PKI (the same MST as their token certificates), with fictional
representatives."""


class State(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    USED = "used"


@dataclass(frozen=True)
class Approval:
    """One request for the representative's approval, as the phone shows it."""

    id: str
    account: OrgAccount
    service: str
    """Who asks: the address of the identity service the learner is logging in on."""
    asked_at: datetime
    expires_at: datetime
    state: State = State.PENDING


class Vneid:
    """The practice VNeID: its organisation accounts and the approvals waiting on phones."""

    def __init__(
        self,
        accounts: Iterable[OrgAccount] = TRAINING_ACCOUNTS,
        *,
        clock: Clock,
        random: Callable[[int], bytes],
    ) -> None:
        self.accounts = {a.identifier: a for a in accounts}
        self.clock, self.random = clock, random
        self._approvals: dict[str, Approval] = {}

    def ask(self, *, organisation: str, representative: str, service: str) -> Approval:
        """A login for ``organisation``, to be approved on ``representative``'s phone."""
        organisation, representative = organisation.strip(), representative.strip()
        if not re.fullmatch(r"\d{10}", organisation):
            raise ApprovalError(reason="organisation_shape", value=organisation[:20])
        if not re.fullmatch(r"\d{12}", representative):
            raise ApprovalError(reason="representative_shape", value=representative[:20])
        account = self.accounts.get(organisation)
        if account is None:
            raise ApprovalError(reason="unknown_organisation", value=organisation)
        if account.representative != representative:
            raise ApprovalError(reason="not_representative", value=organisation)
        now = self.clock.now()
        approval = Approval(
            base64.urlsafe_b64encode(self.random(12)).decode(),
            account,
            service,
            now,
            now + APPROVAL_TTL,
        )
        self._approvals[approval.id] = approval
        return approval

    def waiting(self) -> list[Approval]:
        """What the phone shows: the requests still open, oldest first."""
        now = self.clock.now()
        return [
            a for a in self._approvals.values() if a.state is State.PENDING and now <= a.expires_at
        ]

    def answer(self, approval_id: str, *, approve: bool) -> Approval:
        """The representative presses "Xác nhận" or "Từ chối" on the phone — once."""
        approval = self._open(approval_id)
        if approval.state is not State.PENDING:
            raise ApprovalError(reason="already_answered", value=approval.state.value)
        answered = replace(approval, state=State.APPROVED if approve else State.REFUSED)
        self._approvals[approval_id] = answered
        return answered

    def take(self, approval_id: str) -> OrgAccount | None:
        """The login page asks again: ``None`` while the phone has not answered; the account
        once it approved (and never again); an :class:`ApprovalError` otherwise."""
        approval = self._open(approval_id)
        if approval.state is State.PENDING:
            return None
        if approval.state is State.REFUSED:
            raise ApprovalError(reason="refused", value=approval.account.identifier)
        if approval.state is State.USED:
            raise ApprovalError(reason="already_used", value=approval.account.identifier)
        self._approvals[approval_id] = replace(approval, state=State.USED)
        return approval.account

    def _open(self, approval_id: str) -> Approval:
        approval = self._approvals.get(approval_id)
        if approval is None:
            raise ApprovalError(reason="unknown_request", value=approval_id[:20])
        if approval.state is State.PENDING and self.clock.now() > approval.expires_at:
            raise ApprovalError(reason="expired", value=approval.account.identifier)
        return approval
