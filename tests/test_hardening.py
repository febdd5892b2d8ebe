"""Hardening: whatever arrives from outside, the portal answers with a DvceduError or a valid
result — and never accepts a forged, replayed or altered message.

CI runs a fixed, modest number of examples (derandomised); ``pytest -m slow`` runs 10,000
per target on demand (tests/test_deep_fuzzing.py).
"""

from __future__ import annotations

import base64
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dvcedu.errors import DvceduError, RejectReason, VerificationError
from dvcedu.portal import Store

from .portal_helpers import ENTERPRISE_LABEL, login_message, new_portal, registration_message
from .portal_helpers import signer as make_signer

ENTERPRISE = make_signer(ENTERPRISE_LABEL)
FIELDS = ("challenge", "signature", "domain", "email", "captcha_id", "captcha", "account")


def _portal_with_account():
    portal = new_portal()
    portal.register(registration_message(portal, ENTERPRISE))
    return portal


@pytest.fixture(scope="module")
def portal():
    """A portal with one account, made when the first test here needs it (not at import)."""
    return _portal_with_account()


@pytest.fixture(scope="module")
def good_login(portal):
    """A good login message whose challenge was issued and never used."""
    return json.loads(login_message(portal, ENTERPRISE))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=50) | st.floats(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=10,
)


def _answer(action, message: bytes) -> None:
    """Whatever arrives is refused as the portal refuses: a VerificationError with a reason,
    worded in both languages (no message id left untranslated) — or it is a valid result."""
    try:
        action(message)
    except VerificationError as error:
        assert isinstance(error.reason, RejectReason)
        vi, en = error.message("vi"), error.message("en")
        assert vi and en and vi != en and error.msg_id not in (vi, en)


@given(
    st.one_of(
        st.binary(max_size=3000),
        json_values.map(lambda v: json.dumps(v).encode()),
        st.dictionaries(
            st.sampled_from(FIELDS), st.text(max_size=200) | st.integers(), max_size=7
        ).map(lambda d: json.dumps(d).encode()),
    )
)
def test_any_bytes_get_an_answer(portal, message):
    _answer(portal.login, message)
    _answer(portal.register, message)


def _mutations():
    """How to alter one field of a good, unused login message."""
    return st.tuples(
        st.sampled_from(["challenge", "signature", "domain"]),
        st.tuples(st.integers(0, 4000), st.integers(1, 255)),
    )


def _mutate(good: dict, field_and_change) -> bytes:
    field, (position, flip) = field_and_change
    message = dict(good)
    if field in ("challenge", "signature"):
        raw = bytearray(base64.b64decode(message[field]))
        raw[position % len(raw)] ^= flip
        message[field] = base64.b64encode(bytes(raw)).decode()
    else:
        message[field] = message[field][: position % 20] + chr(65 + flip % 26)
    return json.dumps(message).encode()


@given(change=_mutations())
def test_no_altered_message_is_accepted(portal, good_login, change):
    with pytest.raises(VerificationError):
        new_portal(portal.store).login(_mutate(good_login, change))


def test_a_replay_is_never_accepted_however_often():
    portal = _portal_with_account()
    message = login_message(portal, ENTERPRISE)
    portal.login(message)
    for _ in range(20):
        with pytest.raises(VerificationError):
            portal.login(message)


@given(st.text(max_size=300), st.text(max_size=40))
def test_email_and_captcha_inputs(email, captcha):
    portal = new_portal()
    message = registration_message(portal, ENTERPRISE, email=email, captcha=captcha)
    try:
        portal.register(message)
    except DvceduError:
        return
    assert "@" in email  # only a well-formed e-mail with the right captcha can pass


# --- a process killed mid-registration ---------------------------------------------------------
WORKER = """
import sys
sys.path.insert(0, sys.argv[2])
from tests.portal_helpers import custom_signer, mst, new_portal, registration_message
from dvcedu.portal import Store
start = int(sys.argv[3])
portal = new_portal(Store(sys.argv[1]), seed=f"round {start}")  # not round 0's ids again
for i in range(start, start + 1000):
    subject = {"C": "VN", "CN": f"CÔNG TY {i} (ĐÀO TẠO)", "UID": f"MST:{mst(i)}"}
    who = custom_signer(f"k{i}", subject)
    portal.register(registration_message(portal, who))
    print(mst(i), flush=True)
"""


@pytest.mark.load
def test_the_store_survives_sigkill_mid_registration(tmp_path):
    path = tmp_path / "portal.sqlite3"
    Store(path).close()
    root = str(Path(__file__).resolve().parents[1])
    reported: list[str] = []
    per_round: list[int] = []
    for round_ in range(5):
        worker = subprocess.Popen(
            [sys.executable, "-c", WORKER, str(path), root, str(round_ * 1000)],
            stdout=subprocess.PIPE,
            text=True,
            env=dict(os.environ, PYTHONHASHSEED="0"),
        )
        first = worker.stdout.readline()  # it has registered someone: now kill it mid-way
        time.sleep(0.1 + 0.15 * round_)
        worker.send_signal(signal.SIGKILL)
        out, _ = worker.communicate()
        out = first + out
        reported += out.split()
        per_round.append(len(out.split()))
    # every round registered someone before it was killed: each is really a test of a kill
    # in the middle of registrations on a store that already holds some
    assert all(per_round), per_round
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {row[0] for row in db.execute("SELECT identifier FROM accounts")}
    assert set(reported) <= stored  # every success that was reported is there
    orphans = db.execute(
        "SELECT COUNT(*) FROM certificates WHERE identifier NOT IN "
        "(SELECT identifier FROM accounts)"
    ).fetchone()[0]
    assert orphans == 0
