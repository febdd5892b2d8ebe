"""Time as an argument.

Everything in dvcedu whose answer depends on "now" (certificate validity, challenge expiry,
signingTime in a CMS) takes a :class:`Clock`. Nothing patches time: tests and notebooks pass a
:class:`FixedClock`, so committed notebook outputs are the same on every run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Protocol

ICT = timezone(timedelta(hours=7), "ICT")
"""Indochina Time (UTC+7), the time zone of Vietnam; used when showing times to learners."""


class Clock(Protocol):
    """Anything that can say what time it is (always timezone-aware)."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real wall clock, in UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class FixedClock:
    """A clock that stands still until told to move: for tests, notebooks and failure labs."""

    at: datetime

    def __post_init__(self) -> None:
        if self.at.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware datetime, e.g. tzinfo=ICT")

    def now(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        """Move forward, e.g. ``clock.advance(minutes=6)`` to let a challenge expire."""
        self.at = self.at + timedelta(**delta)


COURSE_DAY = datetime(2026, 3, 2, 9, 0, tzinfo=ICT)
"""The fixed "today" of the notebooks: a Monday morning in Hà Nội, inside every training
certificate's validity. Notebook outputs are computed at this instant so they never drift."""
