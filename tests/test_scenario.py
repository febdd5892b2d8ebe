"""The seed's ceremonies on a real SoftHSM2 token: page ↔ plugin ↔ token ↔ portal ↔ CA."""

from __future__ import annotations

import json

import pytest

from dvcedu import lab
from dvcedu.clock import COURSE_DAY, FixedClock, SeededRandom
from dvcedu.errors import PinIncorrect, RejectReason, TokenNotPresent, VerificationError
from dvcedu.model import Actor
from dvcedu.pki.samples import training_trust
from dvcedu.plugin import ScriptedLearner, SigningPlugin
from dvcedu.portal import Portal, Store
from dvcedu.scenario import SEED_STEPS, run_login, run_registration
from dvcedu.token import TRAINING_PIN

from .conftest import requires_softhsm

pytestmark = requires_softhsm
EMAIL = "ketoan@anbinh-daotao.test"


def setup(label="DVCEDU-TRAINING"):
    clock = FixedClock(COURSE_DAY)
    portal = Portal(
        Store.memory(), trust=training_trust(), clock=clock, random=SeededRandom("scenario")
    )
    return portal, SigningPlugin(clock=clock, label=label)


def seed_order(ceremony):
    keys = []
    for event in ceremony.transcript:
        if not keys or keys[-1] != event.seed_step:
            keys.append(event.seed_step)
    return keys


def test_registration_then_login_follow_the_seed_steps(training_token):
    portal, plugin = setup()
    registered = run_registration(portal, plugin, ScriptedLearner(pin=TRAINING_PIN), email=EMAIL)
    assert registered.ok, registered.error
    assert seed_order(registered) == ["1", "2.1", "2.2", "2.3", "2.4", "2.5"]
    assert [k for k in SEED_STEPS if not k.startswith("3")] == seed_order(registered)
    events = registered.transcript.events
    assert events[0].sender is Actor.LEARNER and events[-1].receiver is Actor.LEARNER
    assert [e.name for e in events if Actor.CA in (e.sender, e.receiver)] == [
        "OCSP request",
        "OCSP response",
    ]
    assert all(TRAINING_PIN.encode() not in e.payload for e in events)
    logged_in = run_login(portal, plugin, ScriptedLearner(pin=TRAINING_PIN))
    assert logged_in.ok and seed_order(logged_in) == ["3.1", "3.2", "3.3"]
    assert logged_in.login.session.display_name == "CÔNG TY TNHH ĐÀO TẠO AN BÌNH (TRAINING)"
    assert logged_in.transcript.events[-1].json() == {
        "message": "CÔNG TY TNHH ĐÀO TẠO AN BÌNH (TRAINING)"
    }
    rows = portal.store.query("SELECT identifier, kind, email FROM accounts")
    assert [tuple(r) for r in rows] == [("0199001010", "enterprise", EMAIL)]


def test_transcripts_are_deterministic(training_token):
    portal, plugin = setup()
    first = run_registration(portal, plugin, ScriptedLearner(pin=TRAINING_PIN), email=EMAIL)
    sent = [e.payload for e in first.transcript]
    plugin.close()  # the plugin stops (the token logged out): the second starts as the first
    assert first.transcript[-1].name == "C_Logout"
    second = run_registration(*setup(), ScriptedLearner(pin=TRAINING_PIN), email=EMAIL)
    assert sent == [e.payload for e in second.transcript]


def test_renewed_certificate_on_the_token_continues_the_account(home):
    lab.provision("enterprise")
    portal, plugin = setup()
    assert run_registration(portal, plugin, ScriptedLearner(pin=TRAINING_PIN), email=EMAIL).ok
    lab.provision("enterprise-renewed", label="TOKEN-MOI")
    renewed = run_login(
        portal,
        SigningPlugin(clock=portal.clock, label="TOKEN-MOI"),
        ScriptedLearner(pin=TRAINING_PIN),
    )
    assert renewed.ok and renewed.login.renewed


@pytest.mark.parametrize(
    ("identity", "reason"),
    [
        ("expired", None),
        ("revoked", RejectReason.CERT_REVOKED),
        ("lookalike", RejectReason.LOOKALIKE_ISSUER),
    ],
)
def test_failures_are_recorded_steps(home, identity, reason):
    lab.provision(identity)
    ceremony = run_registration(*setup(), ScriptedLearner(pin=TRAINING_PIN), email=EMAIL)
    assert not ceremony.ok
    if reason is None:  # the plugin's picker hides an expired certificate: nothing to choose
        assert ceremony.failed_step == "2.2"
    else:
        assert isinstance(ceremony.error, VerificationError) and ceremony.error.reason is reason
        assert ceremony.failed_step == "2.5"
    last = ceremony.transcript.events[-1]
    assert last.receiver is Actor.LEARNER and not last.ok


def test_wrong_pin_and_missing_token(training_token):
    ceremony = run_login(*setup(), ScriptedLearner(pin="00000000"))
    assert isinstance(ceremony.error, PinIncorrect) and ceremony.failed_step == "3.2"
    missing = run_login(*setup(label="KHONG-CO"), ScriptedLearner(pin=TRAINING_PIN))
    assert isinstance(missing.error, TokenNotPresent) and missing.failed_step == "3.2"
    assert missing.error.present == "'DVCEDU-TRAINING'"  # the tokens that ARE there, by name
    assert "'DVCEDU-TRAINING'" in missing.error.message("en")


def test_a_ceremony_records_into_the_transcript_it_is_given_and_changes_no_one_else(training_token):
    from dvcedu.model import Transcript

    portal, plugin = setup()
    given = Transcript()
    ceremony = run_registration(
        portal, plugin, ScriptedLearner(pin=TRAINING_PIN), email=EMAIL, transcript=given
    )
    assert ceremony.ok and ceremony.transcript is given
    assert {a for e in given for a in (e.sender, e.receiver)} == set(Actor) - {
        Actor.SSO,
        Actor.PHONE,
        Actor.CLIENT,
        Actor.RSSP,
        Actor.APP,
        Actor.HSM,
    }
    assert len(plugin.transcript) == 0 and not hasattr(portal, "transcript")
    other = run_login(portal, plugin, ScriptedLearner(pin=TRAINING_PIN))
    assert other.transcript is not given and len(plugin.transcript) == 0


def test_the_check_report_says_which_check_ended_the_ceremony(training_token):
    portal, plugin = setup()
    good = run_registration(portal, plugin, ScriptedLearner(pin=TRAINING_PIN), email=EMAIL)
    assert {state for _, state in good.check_report()} == {"ok"}
    again = run_registration(portal, plugin, ScriptedLearner(pin=TRAINING_PIN), email=EMAIL)
    assert again.check_report()[-1] == ("check.new_account", "failed")
    typo = run_registration(
        portal, plugin, ScriptedLearner(pin=TRAINING_PIN), email=EMAIL, captcha_answer="SAI"
    )
    report = dict(typo.check_report())
    assert report["check.email"] == "ok" and report["check.captcha"] == "failed"
    assert report["check.challenge"] == report["check.revocation"] == "not_reached"
    wrong_pin = run_login(portal, plugin, ScriptedLearner(pin="00000000"))
    assert {state for _, state in wrong_pin.check_report()} == {"not_reached"}
    assert wrong_pin.to_json()["ok"] is False and wrong_pin.to_json()["reason"] is None
    assert again.to_json()["reason"] == "already_registered"
    assert json.loads(json.dumps(good.to_json()))["events"][0]["from"] == "learner"
