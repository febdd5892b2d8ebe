"""The rules a Vietnamese public certificate is held to, each with where it comes from.

``dvcedu cert show`` prints these after the fields, so that a learner reading "RSA-2048" also
reads *why* 2048 and *who says so*. Each rule names its legal source and how sure the course
is of that source, with the course's own tags: the 2025 circulars of the Ministry of Science
and Technology were read in summaries, not in their text (the review of December 2026 says
which outlets), so most rules are ``secondary``; the ``UID=MST:``/``CCCD:`` prefixes are the
CAs' convention, not yet checked against Circular 28/2025's profile, so ``unconfirmed``.

A rule says ``pass``, ``fail`` or ``n/a`` (it does not apply: a CA has no subscriber
identifier). A rule is not a verification: the path to a root, the signature and revocation
are ``dvcedu cert verify``'s (:mod:`dvcedu.pki.verify`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from dvcedu import i18n
from dvcedu.pki import identity
from dvcedu.pki.verify import MIN_RSA_BITS, is_ca, validity_problem

MIN_EC_BITS = 256


class Outcome(enum.StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "n/a"


class Tag(enum.StrEnum):
    """How sure the course is of the rule's source (the course's three tags)."""

    CONFIRMED = "confirmed"
    SECONDARY = "secondary"
    UNCONFIRMED = "unconfirmed"


@dataclass(frozen=True)
class RuleResult:
    """One rule applied to one certificate. ``rule`` is its id: ``rule.<id>`` says the check
    and ``rule.<id>.source`` the legal source, in the catalogue."""

    rule: str
    outcome: Outcome
    tag: Tag

    def row(self, lang: str | None = None) -> tuple[str, str, str, str]:
        return (
            i18n.t(f"rule.{self.rule}", lang),
            i18n.t(f"rule.outcome.{self.outcome}", lang),
            i18n.t(f"rule.{self.rule}.source", lang),
            i18n.t(f"tag.{self.tag}", lang),
        )

    def to_json(self) -> dict[str, str]:
        return {
            "rule": self.rule,
            "outcome": self.outcome.value,
            "tag": self.tag.value,
            "source": i18n.t(f"rule.{self.rule}.source", "en"),
        }


def _outcome(ok: bool) -> Outcome:
    return Outcome.PASS if ok else Outcome.FAIL


def check(cert: x509.Certificate, *, at: datetime) -> tuple[RuleResult, ...]:
    """Every rule, in the order a helpdesk reads them."""
    public = cert.public_key()
    if isinstance(public, rsa.RSAPublicKey):
        strong = public.key_size >= MIN_RSA_BITS
    elif isinstance(public, ec.EllipticCurvePublicKey):
        strong = public.key_size >= MIN_EC_BITS
    else:
        strong = False
    subscriber = not is_ca(cert)
    ids = identity.identifiers(cert.subject)
    return (
        RuleResult("x509_v3", _outcome(cert.version is x509.Version.v3), Tag.CONFIRMED),
        RuleResult("key_size", _outcome(strong), Tag.SECONDARY),
        RuleResult("valid_at", _outcome(validity_problem(cert, at) is None), Tag.SECONDARY),
        RuleResult(
            "identifier",
            _outcome(bool(ids)) if subscriber else Outcome.NOT_APPLICABLE,
            Tag.SECONDARY,
        ),
        RuleResult(
            "uid_prefix",
            _outcome(bool(ids) and all(i.valid for i in ids))
            if subscriber
            else Outcome.NOT_APPLICABLE,
            Tag.UNCONFIRMED,
        ),
    )
