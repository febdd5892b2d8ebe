"""Each notebook's own token: made anew in the learner's home, and the advice its errors give
acts on that very token from a terminal."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from dvcedu import lab
from dvcedu.errors import PinIncorrect, PinLocked
from dvcedu.token import TRAINING_SO_PIN, open_token

from .conftest import requires_softhsm

pytestmark = requires_softhsm


def test_a_notebook_token_is_named_for_the_notebook_and_made_anew(home):
    first = lab.start("enterprise", notebook="01")
    assert first.label == "DVCEDU-NB01"
    with pytest.raises(PinIncorrect), open_token(first.label, pin="00000000"):
        pass
    again = lab.start("enterprise", notebook="01")  # a re-run starts from a clean token
    with open_token(again.label) as token:
        assert token.info.pin_state.failures == 0


def test_the_lock_message_unlocks_the_notebooks_token_from_a_terminal(home):
    made = lab.start("enterprise", notebook="06")
    for _ in range(5):
        with pytest.raises(PinIncorrect), open_token(made.label, pin="00000000"):
            pass
    with pytest.raises(PinLocked) as caught, open_token(made.label, pin="00000000"):
        pass
    advice = caught.value.message("en")
    assert "dvcedu token unlock --label DVCEDU-NB06" in advice
    command = re.search(r"'(dvcedu token unlock[^']*)'", advice).group(1)
    command = command.replace("...", TRAINING_SO_PIN).split()
    done = subprocess.run(
        [sys.executable, "-m", "dvcedu", *command[1:]],
        env={**os.environ, "DVCEDU_HOME": str(home)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    with open_token(made.label) as token:
        assert not token.info.pin_state.locked


def test_the_learners_own_token_is_never_touched(home):
    lab.provision("citizen")  # the learner's DVCEDU-TRAINING, as `make lab` makes it
    lab.start("enterprise", notebook="02")
    with open_token("DVCEDU-TRAINING") as token:
        assert token.certificates()[0].label == "citizen"
