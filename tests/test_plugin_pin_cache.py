"""The plugin's PIN cache on a real SoftHSM2 token: the token kept logged in after a PIN, for
one origin, until each of the things that end it — and the learner's OK before every
signature all the while."""

from __future__ import annotations

import base64
import shutil
import threading
import time
from dataclasses import dataclass, field

import pytest

from dvcedu.clock import COURSE_DAY, FixedClock
from dvcedu.errors import PinIncorrect, TokenError, UserCancelled
from dvcedu.pki import cms, samples
from dvcedu.plugin import PluginWire, ScriptedLearner, SigningPlugin
from dvcedu.plugin.protocol import stringify
from dvcedu.token import TRAINING_PIN, open_token

from .conftest import requires_softhsm

pytestmark = requires_softhsm
PORTAL = "https://dichvucong.gov.test"
DATA = b"thu thach 123"


@dataclass
class Counting(ScriptedLearner):
    """A learner who answers and counts what the plugin asked."""

    asked: list[str] = field(default_factory=list)

    def enter_pin(self, choice, asked):
        self.asked.append("pin")
        return super().enter_pin(choice, asked)

    def consent(self, choice, asked):
        self.asked.append("consent")
        return super().consent(choice, asked)


def page(origin=PORTAL, pin=TRAINING_PIN, consents=True, plugin=None):
    plugin = plugin or SigningPlugin(clock=FixedClock(COURSE_DAY))
    return PluginWire(plugin, origin=origin, learner=Counting(pin=pin, consents=consents))


def sign(wire, clear=False):
    """A page's signArrDataAdvanced with the serial, no list, and clearPINCache ``clear``;
    the names of what crossed between the plugin and the token during the call."""
    serial = f"{samples.load_certificate('enterprise').serial_number:X}"
    before = len(wire.transcript)
    item = stringify({"data": base64.b64encode(DATA).decode(), "type": "cmsdetached"})
    signed = wire.call("signArrDataAdvanced", [item], serial, clear, False)
    assert cms.verify_detached(base64.b64decode(signed[0]["data"]), DATA).origin == wire.origin
    return [e.name for e in wire.transcript.events[before:]]


def test_after_one_pin_the_token_stays_logged_in_and_each_signature_still_asks_ok(training_token):
    wire = page()
    first = sign(wire)
    second = sign(wire)
    assert wire.learner.asked == ["pin", "consent"]
    assert "C_Login" in first and "nhập mã PIN" in first
    assert "C_Login" not in second and "bấm Đồng ý, không nhập PIN" in second
    assert "C_Sign" in second
    consent = next(e for e in wire.transcript if e.name == "bấm Đồng ý, không nhập PIN")
    assert consent.json()["origin"] == PORTAL and consent.json()["items"][0]["bytes"] == len(DATA)


def test_a_refused_ok_signs_nothing(training_token):
    wire = page()
    sign(wire)
    wire.learner.consents = False
    before = len(wire.transcript)
    with pytest.raises(UserCancelled):
        sign(wire)
    assert "C_Sign" not in [e.name for e in wire.transcript.events[before:]]
    reply = wire.transcript[-1].payload.decode().rpartition("*")[0]
    assert '\\"code\\":11' in reply


@pytest.mark.parametrize("how", ["ClearPinCache", "clearPINCache"])
def test_the_page_clears_the_cache_and_the_pin_is_asked_again(training_token, how):
    wire = page()
    sign(wire)
    if how == "ClearPinCache":
        assert wire.call("ClearPinCache", 0) == {"code": 0}
        crossed = sign(wire)
    else:
        crossed = sign(wire, clear=True)
    assert wire.learner.asked == ["pin", "pin"]
    assert "C_Logout" in [e.name for e in wire.transcript] and "C_Login" in crossed
    logout = next(e for e in wire.transcript if e.name == "C_Logout")
    assert "xóa bộ nhớ đệm PIN" in logout.note_vi


def test_an_idle_token_is_logged_out_by_the_timer(training_token):
    wire = page()
    wire.plugin.pin_cache.idle_seconds = 0.2
    sign(wire)
    deadline = time.monotonic() + 5
    while "C_Logout" not in [e.name for e in wire.transcript] and time.monotonic() < deadline:
        time.sleep(0.05)
    logout = next(e for e in wire.transcript if e.name == "C_Logout")
    assert "hết thời gian chờ" in logout.note_vi
    wire.plugin.pin_cache.idle_seconds = 300
    assert "C_Login" in sign(wire) and wire.learner.asked == ["pin", "pin"]


def test_the_idle_watcher_lives_only_while_a_session_is_held(training_token):
    def watchers():
        return sum(t.name == "dvcedu-pin-cache" and t.is_alive() for t in threading.enumerate())

    wire = page()
    cache = wire.plugin.pin_cache
    before = watchers() - cache._watching
    sign(wire)
    assert cache._watching
    cache.clear("page")
    deadline = time.monotonic() + 5
    while cache._watching and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not cache._watching and watchers() == before
    sign(wire)  # a new login starts a new watcher, which logs out on time
    cache.idle_seconds = 0.1
    with cache._lock:
        cache._wake.notify_all()
    deadline = time.monotonic() + 5
    while cache._watching and time.monotonic() < deadline:
        time.sleep(0.01)
    assert wire.transcript[-1].name == "C_Logout" and not cache._watching
    cache.idle_seconds = 300


def test_an_idle_token_is_logged_out_when_the_clock_says_so(training_token):
    now = [0.0]
    wire = page()
    wire.plugin.pin_cache.clock = lambda: now[0]
    sign(wire)
    now[0] = wire.plugin.pin_cache.idle_seconds + 1
    assert not wire.plugin.pin_cached(PORTAL)
    assert wire.transcript[-1].name == "C_Logout"


def test_a_wrong_pin_ends_the_cache(training_token):
    wire = page()
    sign(wire)
    wire.learner.pin = "00000000"
    with pytest.raises(PinIncorrect):
        sign(wire, clear=True)
    wire.learner.pin = TRAINING_PIN
    sign(wire)
    assert wire.learner.asked == ["pin", "pin", "pin"]


def test_another_site_must_type_the_pin_and_ends_the_first_sites_cache(training_token):
    portal = page()
    sign(portal)
    elsewhere = page(origin="https://lua-dao.example", plugin=portal.plugin)
    crossed = sign(elsewhere)
    assert elsewhere.learner.asked == ["pin"] and "C_Login" in crossed
    logout = next(e for e in elsewhere.transcript if e.name == "C_Logout")
    assert "một trang khác" in logout.note_vi
    sign(portal)
    assert portal.learner.asked == ["pin", "pin"]


def test_every_plugin_object_on_the_token_shares_one_login(training_token):
    """The login belongs to the token and the program (PKCS#11 §5.6): two plugin objects of
    one program see one cache, as the real plugin is one program."""
    first = page()
    sign(first)
    second = page()
    sign(second)
    assert second.learner.asked == ["consent"]


def test_a_pin_typed_elsewhere_in_the_program_is_checked_and_ends_the_cache(training_token):
    wire = page()
    sign(wire)
    with pytest.raises(PinIncorrect), open_token(pin="00000000"):  # checked, not waved
        pass  # through by the login the plugin keeps
    with open_token(pin=TRAINING_PIN) as token:
        assert token.logged_in
    assert "C_Login" in sign(wire) and wire.learner.asked == ["pin", "pin"]


def test_a_token_pulled_out_ends_the_cache(training_token, home):
    wire = page()
    sign(wire)
    for folder in (home / "tokens").iterdir():  # the token leaves the USB port
        shutil.rmtree(folder)
    with pytest.raises(TokenError):
        sign(wire)
    assert wire.transcript[-1].name == "signArrDataAdvanced: error"
    assert not wire.plugin.pin_cached(PORTAL)
    assert any(e.name == "C_Logout" and "không trả lời" in e.note_vi for e in wire.transcript)


def test_a_plugin_that_stops_logs_the_token_out_and_the_next_asks_the_pin(training_token):
    wire = page()
    sign(wire)
    wire.plugin.close()
    assert wire.transcript[-1].name == "C_Logout"
    restarted = page()
    assert "C_Login" in sign(restarted) and restarted.learner.asked == ["pin"]


def test_the_pin_is_never_kept_only_the_session(training_token):
    wire = page()
    sign(wire)
    cache = wire.plugin.pin_cache
    assert TRAINING_PIN not in repr(vars(cache)) and TRAINING_PIN not in repr(cache._held)
    assert all(TRAINING_PIN.encode() not in e.payload for e in wire.transcript)
