"""Time as an argument.

Everything in dvcedu whose answer depends on "now" (certificate validity, challenge expiry,
signingTime in a CMS) takes a :class:`Clock`. Nothing patches time: tests and notebooks pass a
:class:`FixedClock`, so committed notebook outputs are the same on every run.
"""

from __future__ import annotations

import hashlib
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


class SeededRandom:
    """A reproducible byte source for tests and notebooks (SHAKE-256 of a seed and a counter).

    NOT for real secrets: it exists so that a notebook's challenges, captchas and session ids
    are the same on every run. Production code passes ``os.urandom``.
    """

    def __init__(self, seed: str) -> None:
        self._seed = seed.encode("utf-8")
        self._counter = 0

    def __call__(self, size: int) -> bytes:
        self._counter += 1
        return hashlib.shake_256(self._seed + self._counter.to_bytes(8, "big")).digest(size)
