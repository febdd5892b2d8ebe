from datetime import datetime

import pytest

from dvcedu.clock import COURSE_DAY, ICT, FixedClock, SystemClock


def test_fixed_clock_stands_still_and_advances():
    clock = FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=ICT))
    assert clock.now() == clock.now()
    clock.advance(minutes=6)
    assert clock.now() == datetime(2026, 3, 2, 9, 6, tzinfo=ICT)


def test_naive_time_is_refused():
    with pytest.raises(ValueError):
        FixedClock(datetime(2026, 1, 1))


def test_system_clock_is_aware():
    assert SystemClock().now().tzinfo is not None
    assert COURSE_DAY.tzinfo is ICT
