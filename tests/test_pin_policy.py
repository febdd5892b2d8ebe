"""Who counts wrong PINs: the simulated counter for SoftHSM2 (a file per token) and the
token's own flags for every other token."""

from __future__ import annotations

import json

import pytest

from dvcedu.token.pin_policy import (
    DEFAULT_MAX_TRIES,
    PinCounter,
    PinState,
    SimulatedLockout,
    TokenLockout,
    lockout_for,
)


@pytest.mark.parametrize(
    ("failures", "flags"),
    [
        (0, ()),
        (1, ("CKF_USER_PIN_COUNT_LOW",)),
        (3, ("CKF_USER_PIN_COUNT_LOW",)),
        (4, ("CKF_USER_PIN_COUNT_LOW", "CKF_USER_PIN_FINAL_TRY")),
        (5, ("CKF_USER_PIN_COUNT_LOW", "CKF_USER_PIN_LOCKED")),
    ],
)
def test_a_state_reports_the_flags_a_real_token_would(failures, flags):
    state = PinState(failures, 5)
    assert state.flags() == flags
    assert state.tries_left == 5 - failures and state.locked is (failures == 5)


def test_the_counter_counts_saturates_and_resets_in_its_file(tmp_path):
    counter = PinCounter.for_token(tmp_path, "a1/b2 ..")  # odd serials make a safe file name
    assert counter.path.parent == tmp_path / "pin-policy" and counter.path.name == "a1b2.json"
    assert counter.state() == PinState(0, DEFAULT_MAX_TRIES)
    for expected in (1, 2, 3, 4, 5, 5):
        assert counter.record_failure().failures == expected
    saved = json.loads(counter.path.read_text(encoding="utf-8"))
    assert saved["simulated"] is True and saved["failures"] == 5
    assert counter.reset(max_tries=3) == PinState(0, 3) == counter.state()
    assert not list(counter.path.parent.glob("*.tmp"))  # every write renamed into place


def test_another_writer_is_seen_at_once(tmp_path):
    """Reads are cached by the file's stat stamp: a change by another process is seen."""
    counter = PinCounter.for_token(tmp_path, "S1")
    counter.record_failure()
    assert counter.state().failures == 1
    data = {"simulated": True, "failures": 4, "max_tries": 9}
    counter.path.write_text(json.dumps(data) + " " * 10, encoding="utf-8")
    assert counter.state() == PinState(4, 9)


@pytest.mark.parametrize("content", ["", "{", "[]", '{"failures": "x", "max_tries": 5}'])
def test_a_broken_counter_file_counts_as_no_failure(tmp_path, content):
    counter = PinCounter.for_token(tmp_path, "S2")
    counter.path.parent.mkdir(parents=True)
    counter.path.write_text(content, encoding="utf-8")
    assert counter.state() == PinState(0, DEFAULT_MAX_TRIES)
    assert counter.record_failure().failures == 1  # and it is repaired on the next write


@pytest.mark.parametrize(
    ("value", "expected"), [("7", 7), ("0", 5), ("-2", 5), ("ba", 5), (None, 5)]
)
def test_the_allowed_tries_come_from_the_environment_when_sane(monkeypatch, value, expected):
    from dvcedu.token.environment import Environment

    if value is None:
        monkeypatch.delenv("DVCEDU_PIN_MAX_TRIES", raising=False)
    else:
        monkeypatch.setenv("DVCEDU_PIN_MAX_TRIES", value)
    assert Environment.read().max_tries == expected


def test_a_simulated_counter_starts_from_the_limit_it_is_given(tmp_path):
    assert lockout_for(True, tmp_path, max_tries=3).state("T") == PinState(0, 3)
    with pytest.raises(ValueError, match="home"):
        lockout_for(True)


def test_policies_by_token_kind(tmp_path):
    simulated = lockout_for(True, tmp_path)
    assert isinstance(simulated, SimulatedLockout) and simulated.simulated
    assert simulated.failed("T") == PinState(1, DEFAULT_MAX_TRIES)
    simulated.succeeded("T")
    assert simulated.state("T") == PinState(0, DEFAULT_MAX_TRIES)
    real = lockout_for(False)
    assert isinstance(real, TokenLockout) and not real.simulated
    assert real.state("T") is real.failed("T") is None  # the token counts: dvcedu writes nothing
